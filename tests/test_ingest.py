"""Ingestion and retrieval rules, end to end over a temp content folder (hashing embedder)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from assistant.runtime import open_knowledge_base
from assistant.settings import Settings
from knowledge_base.access import AccessScope
from knowledge_base.ingest import index_text
from knowledge_base.models import NoteAuthorRole, Role, Status
from knowledge_base.retrieval import NoteContext, RetrievalMode
from knowledge_base.store import KnowledgeBase
from tests.fakes import FailingEmbedder, HashingEmbedder

TODAY = date(2026, 11, 24)

LABEL = """# ALPHAMAB (fictional) prescribing information

## BOXED WARNING: SERIOUS INFECTIONS

Alphamab increases the risk of serious infections. Screen for tuberculosis before starting.

## 1 INDICATIONS AND USAGE

Alphamab is indicated for moderate to severe plaque psoriasis in adults.

## 2 DOSAGE AND ADMINISTRATION

Inject 100 mg subcutaneously at week 0 and week 4, then every 8 weeks.
"""

SRD = """# Alphamab in pregnancy (fictional standard response)

## Question

Can alphamab be used during pregnancy?

## Response

Limited data exist on alphamab use in pregnant women; discuss risks and benefits.
"""

DECK = """# Betazumab (fictional) visual aid

## Efficacy

Betazumab reduced migraine days by 4.1 per month versus 2.0 with placebo.
"""


def entry(path: str, doc_id: str, **overrides: object) -> dict:
    base = {
        "path": path,
        "doc_id": doc_id,
        "title": f"{doc_id} (fictional)",
        "approval_code": f"IMM-US-2026-{abs(hash(doc_id)) % 9000 + 1000}",
        "version": "1",
        "status": "approved",
        "approved_on": "2026-01-01",
        "expires_on": "2027-06-30",
        "audience": "commercial",
        "products": ["ALPHAMAB"],
        "market": "US",
    }
    return {**base, **overrides}


def write_folder(folder: Path, entries: list[dict], files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    (folder / "manifest.yaml").write_text(yaml.safe_dump({"documents": entries}), encoding="utf-8")
    return folder


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_folder(
        tmp_path / "content",
        [
            entry("label.md", "alphamab-label"),
            entry("srd.md", "alphamab-pregnancy-srd", audience="medical"),
            entry("deck.md", "betazumab-deck", products=["BETAZUMAB"]),
        ],
        {"label.md": LABEL, "srd.md": SRD, "deck.md": DECK},
    )


def scope(role: Role, day: date = TODAY, market: str | None = "US") -> AccessScope:
    return AccessScope(role=role, today=day, market=market)


def doc_ids(kb: KnowledgeBase, query: str, role: Role, **kwargs: object) -> set[str]:
    search_scope = kwargs.pop("scope", None) or scope(role)
    return {e.chunk.doc_id for e in kb.retriever().search(query, search_scope, k=20, **kwargs)}


def rewrite_manifest(folder: Path, change: dict[str, dict]) -> None:
    manifest = yaml.safe_load((folder / "manifest.yaml").read_text(encoding="utf-8"))
    for item in manifest["documents"]:
        item.update(change.get(item["doc_id"], {}))
    (folder / "manifest.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")


def test_ingest_indexes_chunks_with_citation_fields(fake_kb: KnowledgeBase, content: Path) -> None:
    report = fake_kb.ingest([content])
    assert report.ok, report.failures
    assert sorted(report.added) == ["alphamab-label", "alphamab-pregnancy-srd", "betazumab-deck"]
    assert report.chunks_indexed == fake_kb.index.content_count() > 3
    hits = fake_kb.retriever().search("tuberculosis screening", scope(Role.REP), k=3)
    top = hits[0].chunk
    assert top.doc_id == "alphamab-label" and top.section_kind.value == "boxed_warning"
    stored = fake_kb.catalog.parsed_version(top.doc_id, top.version)
    assert stored is not None and stored.text[top.char_start : top.char_end] == top.text


def test_reingest_of_unchanged_content_is_a_no_op(fake_kb: KnowledgeBase, content: Path) -> None:
    fake_kb.ingest([content])
    embedded = fake_kb.embedder.texts_embedded
    generation = fake_kb.lexical_store.current_generation()
    ids_before = sorted(r.id for r in fake_kb.index.all_content())

    report = fake_kb.ingest([content])

    assert sorted(report.unchanged) == [
        "alphamab-label",
        "alphamab-pregnancy-srd",
        "betazumab-deck",
    ]
    assert report.added == report.new_versions == report.metadata_updated == []
    assert fake_kb.embedder.texts_embedded == embedded  # nothing re-embedded
    assert fake_kb.lexical_store.current_generation() == generation  # lexical index untouched
    assert sorted(r.id for r in fake_kb.index.all_content()) == ids_before


def test_new_version_replaces_old_chunks(fake_kb: KnowledgeBase, content: Path) -> None:
    fake_kb.ingest([content])
    (content / "label.md").write_text(
        LABEL.replace("every 8 weeks", "every 12 weeks"), encoding="utf-8"
    )
    rewrite_manifest(content, {"alphamab-label": {"version": "2"}})

    report = fake_kb.ingest([content])

    assert report.new_versions == ["alphamab-label"]
    ids = fake_kb.index.chunk_ids("alphamab-label")
    assert ids and all(i.startswith("alphamab-label@2#") for i in ids)
    hits = fake_kb.retriever().search("dosing every weeks", scope(Role.REP), k=20)
    texts = " ".join(h.chunk.text for h in hits if h.chunk.doc_id == "alphamab-label")
    assert "every 12 weeks" in texts and "every 8 weeks" not in texts
    assert all(h.chunk.version == "2" for h in hits if h.chunk.doc_id == "alphamab-label")
    assert fake_kb.catalog.versions("alphamab-label") == ["1", "2"]  # history kept
    old = fake_kb.catalog.parsed_version("alphamab-label", "1")
    assert old is not None and "every 8 weeks" in old.text


def test_changed_content_without_new_version_is_refused(
    fake_kb: KnowledgeBase, content: Path
) -> None:
    fake_kb.ingest([content])
    before = sorted(r.id for r in fake_kb.index.all_content())
    (content / "label.md").write_text(LABEL + "\nNew unapproved sentence.\n", encoding="utf-8")

    report = fake_kb.ingest([content])

    assert not report.ok
    (failure,) = report.failures
    assert "label.md" in failure.error and "bump `version`" in failure.error
    assert sorted(r.id for r in fake_kb.index.all_content()) == before


def test_withdrawal_removes_from_retrieval_but_library_keeps_it(
    fake_kb: KnowledgeBase, content: Path
) -> None:
    fake_kb.ingest([content])
    assert "alphamab-label" in doc_ids(fake_kb, "alphamab psoriasis", Role.MLR)
    rewrite_manifest(content, {"alphamab-label": {"status": "withdrawn"}})

    report = fake_kb.ingest([content])

    assert report.removed_from_index == ["alphamab-label"]
    for role in Role:
        for mode in RetrievalMode:
            assert "alphamab-label" not in doc_ids(fake_kb, "alphamab psoriasis", role, mode=mode)
    known = fake_kb.catalog.get_document("alphamab-label")
    assert known is not None and known.metadata.status is Status.WITHDRAWN and not known.indexed
    assert fake_kb.index.chunk_ids("alphamab-label") == []


def test_expired_content_is_never_returned(fake_kb: KnowledgeBase, content: Path) -> None:
    rewrite_manifest(content, {"betazumab-deck": {"expires_on": "2026-09-30"}})
    fake_kb.ingest([content])
    for mode in RetrievalMode:
        before_expiry = scope(Role.REP, day=date(2026, 9, 30))
        assert "betazumab-deck" in doc_ids(
            fake_kb, "betazumab migraine days", Role.REP, mode=mode, scope=before_expiry
        )
        assert "betazumab-deck" not in doc_ids(
            fake_kb, "betazumab migraine days", Role.REP, mode=mode
        )


def test_expired_status_is_removed_like_withdrawn(fake_kb: KnowledgeBase, content: Path) -> None:
    fake_kb.ingest([content])
    rewrite_manifest(content, {"betazumab-deck": {"status": "expired"}})
    assert fake_kb.ingest([content]).removed_from_index == ["betazumab-deck"]
    assert "betazumab-deck" not in doc_ids(fake_kb, "betazumab migraine", Role.MLR)


@pytest.mark.parametrize("mode", list(RetrievalMode))
def test_firewall_rep_never_gets_medical_content(
    fake_kb: KnowledgeBase, content: Path, mode: RetrievalMode
) -> None:
    fake_kb.ingest([content])
    query = "alphamab pregnancy pregnant women risks"
    assert "alphamab-pregnancy-srd" not in doc_ids(fake_kb, query, Role.REP, mode=mode)
    for role in (Role.MSL, Role.MLR):
        assert "alphamab-pregnancy-srd" in doc_ids(fake_kb, query, role, mode=mode)


def test_market_filter(fake_kb: KnowledgeBase, content: Path) -> None:
    rewrite_manifest(content, {"betazumab-deck": {"market": "EU"}})
    fake_kb.ingest([content])
    assert "betazumab-deck" not in doc_ids(fake_kb, "betazumab migraine", Role.MSL)
    eu = scope(Role.MSL, market="EU")
    assert doc_ids(fake_kb, "betazumab migraine", Role.MSL, scope=eu) == {"betazumab-deck"}
    assert "betazumab-deck" in doc_ids(
        fake_kb, "betazumab migraine", Role.MLR, scope=scope(Role.MLR, market=None)
    )


def test_drafts_are_known_but_never_indexed(fake_kb: KnowledgeBase, content: Path) -> None:
    rewrite_manifest(
        content,
        {"betazumab-deck": {"status": "in_review", "approved_on": None, "expires_on": None}},
    )
    report = fake_kb.ingest([content])
    assert report.not_indexed == ["betazumab-deck"]
    assert fake_kb.index.chunk_ids("betazumab-deck") == []
    assert fake_kb.catalog.get_document("betazumab-deck") is not None


def test_a_failing_document_leaves_the_index_as_it_was(settings: Settings, content: Path) -> None:
    kb = open_knowledge_base(settings, embedder=HashingEmbedder())
    kb.ingest([content])
    before = sorted(r.id for r in kb.index.all_content())
    generation = kb.lexical_store.current_generation()

    # A new version whose embedding fails half-way through the ingest run.
    (content / "label.md").write_text(LABEL.replace("100 mg", "150 mg"), encoding="utf-8")
    rewrite_manifest(content, {"alphamab-label": {"version": "2"}})
    failing_embedder = FailingEmbedder(fail_on_call=1)
    failing_embedder.model_id = HashingEmbedder.model_id  # the same collections as `kb`
    failing = open_knowledge_base(settings, embedder=failing_embedder)
    # An infrastructure failure is not bad input: it aborts the run, loudly.
    with pytest.raises(RuntimeError, match="embedding service unavailable"):
        failing.ingest([content])

    assert sorted(r.id for r in kb.index.all_content()) == before
    entry_after = kb.catalog.get_document("alphamab-label")
    assert entry_after is not None and entry_after.metadata.version == "1"
    assert kb.lexical_store.current_generation() == generation


def test_new_documents_are_embedded_together_and_written_one_by_one(
    settings: Settings, content: Path
) -> None:
    """One embedding call for the chunks of all three documents (the model batches by length),
    each document's chunks stored with its own vectors, a draft left out of the call."""
    calls: list[list[str]] = []

    class Recording(HashingEmbedder):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            calls.append(texts)
            return super().embed_documents(texts)

    rewrite_manifest(content, {"betazumab-deck": {"status": "draft"}})
    kb = open_knowledge_base(
        settings.model_copy(update={"embedding_cache": False}), embedder=Recording()
    )
    report = kb.ingest([content])
    assert report.ok and sorted(report.added) == ["alphamab-label", "alphamab-pregnancy-srd"]
    assert report.not_indexed == ["betazumab-deck"]
    (texts,) = calls
    assert len(texts) == report.chunks_indexed == kb.index.content_count()
    for record in kb.index.all_content():
        vector = kb.index._content.get(ids=[record.id], include=["embeddings"])["embeddings"][0]
        expected = HashingEmbedder().embed_documents([index_text(record.metadata, record.text)])
        assert list(vector) == pytest.approx(expected[0], abs=1e-6)


def test_unparseable_file_fails_alone_with_its_path(fake_kb: KnowledgeBase, tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "c",
        [entry("label.md", "alphamab-label"), entry("broken.pdf", "broken-doc")],
        {"label.md": LABEL, "broken.pdf": b"%PDF-1.7 this is not really a pdf"},
    )
    report = fake_kb.ingest([folder])
    assert report.added == ["alphamab-label"]
    (failure,) = report.failures
    assert failure.path == str(folder / "broken.pdf") and "broken.pdf" in failure.error
    assert fake_kb.index.chunk_ids("broken-doc") == []
    assert fake_kb.catalog.get_document("broken-doc") is None


def test_missing_and_unlisted_files(fake_kb: KnowledgeBase, tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "c",
        [entry("label.md", "alphamab-label"), entry("missing.md", "missing-doc")],
        {"label.md": LABEL, "stray.md": DECK},
    )
    report = fake_kb.ingest([folder])
    assert report.added == ["alphamab-label"]
    assert report.skipped_files == [str(folder / "stray.md")]
    (failure,) = report.failures
    assert "missing.md" in failure.error and "does not exist" in failure.error


def test_symlink_escaping_the_folder_is_refused(fake_kb: KnowledgeBase, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("# Secret\n\nNot approved.\n", encoding="utf-8")
    folder = write_folder(tmp_path / "c", [entry("link.md", "linked-doc")], {})
    (folder / "link.md").symlink_to(outside)
    report = fake_kb.ingest([folder])
    (failure,) = report.failures
    assert "outside the content folder" in failure.error
    assert fake_kb.index.content_count() == 0


def test_ingesting_one_file_uses_its_folder_manifest(fake_kb: KnowledgeBase, content: Path) -> None:
    report = fake_kb.ingest([content / "deck.md"])
    assert report.added == ["betazumab-deck"]
    assert report.skipped_files == []


NOTES = (
    "note_id,hcp_id,author_role,date,text\n"
    "N-1,HCP-1,rep,2026-10-01,Discussed alphamab dosing. Patient John Carter (DOB 03/14/1962) "
    "called 555-123-4567 about injections.\n"
    "N-2,HCP-1,msl,2026-10-05,MSL exchange on alphamab pregnancy data (unsolicited).\n"
    "N-3,HCP-2,rep,2026-10-07,Asked about betazumab samples.\n"
)


def test_notes_are_redacted_context_never_evidence(
    fake_kb: KnowledgeBase, content: Path, tmp_path: Path
) -> None:
    crm = tmp_path / "crm"
    crm.mkdir()
    (crm / "notes.csv").write_text(NOTES, encoding="utf-8")
    report = fake_kb.ingest([content, crm])
    assert report.ok and report.notes == 3 and report.notes_indexed == 3
    assert report.phi_redacted == {"DOB": 1, "NAME": 1, "PHONE": 1}

    stored = {n.note_id: n for n in fake_kb.catalog.notes_for_hcp("HCP-1")}
    assert "John Carter" not in stored["N-1"].text and "555-123-4567" not in stored["N-1"].text
    assert "03/14/1962" not in stored["N-1"].text

    retriever = fake_kb.retriever()
    rep_context = retriever.hcp_context("HCP-1", scope(Role.REP), query="alphamab")
    assert [n.note_id for n in rep_context] == ["N-1"]  # MSL notes stay behind the firewall
    assert all(isinstance(n, NoteContext) and n.citable is False for n in rep_context)
    assert "John Carter" not in rep_context[0].text
    msl_context = retriever.hcp_context("HCP-1", scope(Role.MSL), query="alphamab")
    assert {n.note_id for n in msl_context} == {"N-1", "N-2"}
    assert {n.author_role for n in msl_context} == {NoteAuthorRole.REP, NoteAuthorRole.MSL}
    # Notes never come back as evidence, whatever the query.
    for mode in RetrievalMode:
        evidence = retriever.search("discussed alphamab dosing samples", scope(Role.MLR), mode=mode)
        assert all(not e.chunk.chunk_id.startswith("N-") for e in evidence)

    # Re-ingesting the same notes embeds nothing again.
    assert fake_kb.ingest([crm]).notes_indexed == 0


@pytest.mark.parametrize("mode", list(RetrievalMode))
def test_narrowing_by_product_and_section_keeps_the_access_rules(
    fake_kb: KnowledgeBase, content: Path, mode: RetrievalMode
) -> None:
    from knowledge_base.access import ContentFilter

    fake_kb.ingest([content])
    retriever = fake_kb.retriever()
    boxed = retriever.search(
        "alphamab",
        scope(Role.REP),
        k=10,
        mode=mode,
        narrow=ContentFilter(section_kinds=("boxed_warning",)),
    )
    assert boxed and {e.chunk.section_kind.value for e in boxed} == {"boxed_warning"}
    only_beta = retriever.search(
        "migraine days alphamab psoriasis",
        scope(Role.MSL),
        k=10,
        mode=mode,
        narrow=ContentFilter(products=("BETAZUMAB",)),
    )
    assert {e.chunk.doc_id for e in only_beta} == {"betazumab-deck"}
    # Narrowing never widens: a rep asking for the medical SRD's product still gets no SRD.
    firewall = retriever.search(
        "pregnancy", scope(Role.REP), k=10, mode=mode, narrow=ContentFilter(products=("ALPHAMAB",))
    )
    assert "alphamab-pregnancy-srd" not in {e.chunk.doc_id for e in firewall}
