"""Dense search filtered by the reader's access mask instead of Chroma's ``where`` filter.

The retriever asks HNSW for unfiltered neighbours and keeps those the mask admits (cheap at any
library size); it must return what Chroma's own filter returns, see chunks newer than the
lexical generation, and fall back to Chroma's filter when the mask admits a sliver.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import knowledge_base.retrieval as retrieval
from knowledge_base.access import AccessScope, ContentFilter
from knowledge_base.ingest import index_text
from knowledge_base.lexical_index import LexicalIndex
from knowledge_base.models import Role
from knowledge_base.retrieval import RetrievalMode
from knowledge_base.store import KnowledgeBase
from tests.test_ingest import LABEL, entry, write_folder

TODAY = date(2026, 11, 24)
REP = AccessScope(role=Role.REP, today=TODAY, market="US")
MSL = AccessScope(role=Role.MSL, today=TODAY, market="US")
QUESTIONS = [
    "tuberculosis screening",
    "how is it injected",
    "plaque psoriasis adults",
    "serious infections",
]


@pytest.fixture
def library(fake_kb: KnowledgeBase, tmp_path: Path) -> KnowledgeBase:
    """Four products, half of them medical-only, so a rep's mask admits about half the chunks."""
    names = ["alphamab", "betamab", "gammamab", "deltamab"]
    entries, files = [], {}
    for number, name in enumerate(names):
        audience = "medical" if number % 2 else "commercial"
        entries.append(
            entry(f"{name}.md", f"{name}-label", products=[name.upper()], audience=audience)
        )
        files[f"{name}.md"] = LABEL.replace("Alphamab", name.capitalize())
    assert fake_kb.ingest([write_folder(tmp_path / "content", entries, files)]).ok
    return fake_kb


def _ids(
    kb: KnowledgeBase, query: str, scope: AccessScope, k: int = 5, **options: object
) -> list[str]:
    return [e.chunk.chunk_id for e in kb.retriever().search(query, scope, k=k, **options)]


@pytest.mark.parametrize("scope", [REP, MSL], ids=["rep", "msl"])
def test_masked_neighbours_equal_chromas_own_filter(
    library: KnowledgeBase, scope: AccessScope
) -> None:
    for query in QUESTIONS:
        vector = library.embedder.embed_query(query)
        expected = [h.id for h in library.index.query_content(vector, scope.content_where(), 20)]
        found = _ids(library, query, scope, k=20, mode=RetrievalMode.DENSE)
        assert found == expected[:20], query
        assert all(scope.allows(r.metadata) for r in library.index.get_content(found))


@pytest.mark.parametrize(
    ("unfiltered", "listed"), [(0, 10_000), (0, 0)], ids=["listed-ids", "chroma-filter"]
)
def test_every_way_to_search_a_narrow_filter_gives_the_same_answer(
    library: KnowledgeBase, monkeypatch: pytest.MonkeyPatch, unfiltered: int, listed: int
) -> None:
    narrow = ContentFilter(products=("GAMMAMAB",))
    default = {
        (q, mode): _ids(library, q, MSL, mode=mode, narrow=narrow)
        for q in QUESTIONS
        for mode in RetrievalMode
    }
    assert all(chunk.startswith("gammamab-label") for found in default.values() for chunk in found)
    monkeypatch.setattr(retrieval, "MAX_UNFILTERED", unfiltered)
    monkeypatch.setattr(retrieval, "MAX_LISTED", listed)
    for (query, mode), found in default.items():
        assert _ids(library, query, MSL, mode=mode, narrow=narrow) == found, (query, mode)


def test_listed_ids_gone_from_the_index_fall_back_to_chromas_filter(
    library: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A withdrawal deleted chunks that this reader's lexical generation still lists."""
    vector = library.embedder.embed_query("tuberculosis screening")
    listed = library.index.chunk_ids("gammamab-label")
    assert library.index.nearest_content(vector, 50, among=[*listed, "deleted"]) is None
    narrow = ContentFilter(products=("GAMMAMAB",))
    retriever = library.retriever()
    before = [e.chunk.chunk_id for e in retriever.search("infections", MSL, narrow=narrow)]
    monkeypatch.setattr(retrieval, "MAX_UNFILTERED", 0)
    library.index.delete_chunks(listed[:1])  # the lexical generation is not rebuilt
    after = [e.chunk.chunk_id for e in retriever.search("infections", MSL, narrow=narrow)]
    assert after == [i for i in before if i != listed[0]] and after


def test_a_chunk_newer_than_the_lexical_generation_is_found_and_checked(
    library: KnowledgeBase,
) -> None:
    """Written to Chroma after the lexical generation was built (an ingest in progress)."""
    generation = library.lexical_store.current_generation()
    template = library.index.get_content(library.index.chunk_ids("alphamab-label"))[0]
    text = "Zetamab must be refrigerated at 2 to 8 degrees and never frozen."
    metadata = {**template.metadata, "doc_id": "zetamab-label", "title": "Zetamab storage"}
    vector = library.embedder.embed_documents([index_text(metadata, text)])[0]
    hidden = {**metadata, "audience": "medical"}
    library.index.add_chunks(
        ["zetamab-new", "zetamab-medical"], [text, text], [vector] * 2, [metadata, hidden]
    )
    assert library.lexical_store.current_generation() == generation  # not rebuilt on purpose

    query = "Zetamab storage refrigerated 2 to 8 degrees never frozen"
    found = _ids(library, query, REP, mode=RetrievalMode.DENSE)
    assert found[0] == "zetamab-new"
    assert "zetamab-medical" not in found  # no row in the mask, so its Chroma metadata decides
    assert "zetamab-medical" in _ids(library, query, MSL, mode=RetrievalMode.DENSE)


def test_a_mask_asks_the_rule_once_per_document_and_section_kind() -> None:
    metadatas = [
        {"doc_id": doc, "section_kind": kind, "section": f"{kind} {n % 2}", "char_start": n}
        for doc in ("alphamab-label", "betamab-label")
        for kind in ("dosage", "warnings")
        for n in range(5)
    ]
    ids = [f"chunk-{i}" for i in range(len(metadatas))]
    lexical = LexicalIndex.build(ids, ["tablets taken daily"] * len(ids), metadatas)
    asked: list[tuple[str, str]] = []

    def rule(metadata: Mapping[str, Any]) -> bool:
        asked.append((metadata["doc_id"], metadata["section_kind"]))
        return metadata["doc_id"] != "betamab-label" and metadata["section_kind"] != "dosage"

    mask = lexical.mask(rule)
    expected = [
        m["doc_id"] == "alphamab-label" and m["section_kind"] == "warnings" for m in metadatas
    ]
    assert mask.tolist() == [float(e) for e in expected]
    assert sorted(asked) == sorted({(m["doc_id"], m["section_kind"]) for m in metadatas})


def test_a_word_is_traced_to_the_products_whose_allowed_chunks_use_it() -> None:
    texts = [
        "Erections lasting more than 4 hours (priapism).",
        "Monitor blood pressure during the infusion.",
        "The infusion takes 60 minutes.",
        "Erection problems were reported in the trial.",
    ]
    products = ["VIAGRA (sildenafil)", "SOLIRIS (eculizumab)", "KRYSTEXXA|LEQEMBI", "OPDIVO"]
    metadatas = [{"doc_id": f"doc-{i}", "products": p} for i, p in enumerate(products)]
    lexical = LexicalIndex.build([f"c{i}" for i in range(4)], texts, metadatas)
    mask = lexical.mask(lambda m: m["doc_id"] != "doc-3")  # OPDIVO's chunk: not for this reader
    using = lexical.products_using(["erection", "Infusion", "tamsulosin"], mask)
    # Stemmed as the index stems it ("erection" finds "Erections"); a chunk the mask hides and
    # a word no chunk uses name nothing; a chunk of several products names each.
    assert using == {
        "erection": {"VIAGRA (sildenafil)"},
        "Infusion": {"SOLIRIS (eculizumab)", "KRYSTEXXA", "LEQEMBI"},
        "tamsulosin": frozenset(),
    }
