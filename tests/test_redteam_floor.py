"""Floors of the citation verifier on the red-team sets, written blind over the real labels.

bench/data/redteam_v*.jsonl hold groups of faithful and planted sentences, each anchored in a
passage copied from one indexed chunk of a sample label (bench/redteam/bank.py). Here each group
is verified as the red-team model's answer is in the app: every cited sentence cites the chunk
that holds the passage, through the same ``CitationVerifier``, here without the embedder (the
checks these floors guard, signals 3 to 8, do not use it; the embedding only adds the soft
similarity signal, and takes a minute on 2 cores). ``bench/redteam.py`` measures the whole
hosted path with the configured embedder (retrieval, HTTP, workflow) and prints the table per
kind; the floors below sit just under what this test measures.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from assistant.grounding.support import SupportVerifier
from assistant.grounding.verifier import CitationVerifier
from assistant.providers.base import DraftClaim, NumberedSource
from assistant.workflows.labels import known_products
from bench.redteam.bank import (
    PLANTED_KINDS,
    RedTeamGroup,
    in_cited_source,
    load_groups,
    normalized,
)
from bench.redteam.export_passages import label_chunks
from knowledge_base.models import Chunk
from knowledge_base.retrieval import Evidence

DATA = Path(__file__).resolve().parent.parent / "bench" / "data"
# set: (planted withheld at least, faithful withheld at most, every planted kind at least)
FLOORS = {
    # v2-v5 (12-04, 12-05) are measured by bench/redteam.py only: each set here costs ~10 s of
    # the suite's 10 minutes, and v1, v6-v9 and v12 hold the same kinds
    "redteam_v1.jsonl": (0.94, 0.04, 0.45),
    "redteam_v6.jsonl": (0.93, 0.09, 0.45),
    "redteam_v7.jsonl": (0.90, 0.10, 0.45),
    "redteam_v8.jsonl": (0.90, 0.09, 0.45),
    "redteam_v9.jsonl": (0.90, 0.08, 0.45),
    # v12 measured once through bench/redteam.py (planted 0.938, faithful 0.065), then kept here
    "redteam_v12a.jsonl": (0.93, 0.06, 0.55),
    "redteam_v12b.jsonl": (0.93, 0.10, 0.70),
}


@cache
def _label_chunks() -> tuple[dict[str, list[Chunk]], tuple[str, ...]]:
    labels = label_chunks()
    products = tuple(p for meta, _ in labels.values() for p in meta.products)
    return {doc_id: chunks for doc_id, (_, chunks) in labels.items()}, products


def _holder(group: RedTeamGroup) -> Chunk:
    chunks, _ = _label_chunks()
    wanted = normalized(group.passage)
    return next(c for c in chunks[group.doc_id] if wanted in normalized(c.text))


def _withheld(verifier: CitationVerifier, group: RedTeamGroup) -> list[bool]:
    """For each sentence of the group, whether the reader is spared it (no part shown)."""
    source = NumberedSource(n=1, evidence=Evidence(chunk=_holder(group), score=1.0))
    return [
        not any(
            s.shown
            for s in verifier.verify(
                [DraftClaim(text=sentence.text, sources=[1] if sentence.cited else [])], {1: source}
            )
        )
        for sentence in group.sentences
    ]


@pytest.fixture(scope="module")
def verifier() -> CitationVerifier:
    _, products = _label_chunks()
    return CitationVerifier(
        SupportVerifier(),
        is_citable=lambda chunk: True,
        known_products=known_products(products),
    )


@pytest.mark.integration
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_red_team_floors(verifier: CitationVerifier, name: str) -> None:
    planted_floor, faithful_ceiling, kind_floor = FLOORS[name]
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for group in load_groups([DATA / name]):
        cited = _holder(group).text
        for sentence, withheld in zip(group.sentences, _withheld(verifier, group), strict=True):
            if not in_cited_source(sentence, cited):  # supported by its citation: no error
                by_kind[sentence.kind].append(withheld)
    planted = [w for k in PLANTED_KINDS for w in by_kind[k]]
    faithful = [w for k, ws in by_kind.items() if k not in PLANTED_KINDS for w in ws]
    rates = {k: sum(ws) / len(ws) for k, ws in sorted(by_kind.items())}
    print(
        f"\n{name}: planted withheld {sum(planted) / len(planted):.3f}, faithful withheld "
        f"{sum(faithful) / len(faithful):.3f}, per kind {rates}"
    )
    assert sum(planted) / len(planted) >= planted_floor
    assert sum(faithful) / len(faithful) <= faithful_ceiling
    assert {k: r for k, r in rates.items() if k in PLANTED_KINDS and r < kind_floor} == {}
