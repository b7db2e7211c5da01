"""Which retrieved passage answers a question: a linear ranker over what hybrid search knows.

Reciprocal rank fusion weighs the dense and keyword ranks equally and knows nothing of the
passage's heading or section kind; the expected passage was in the fused top 20 for 0.97 of the
blind questions but in the top 5 for only 0.84. This ranker re-orders the fused top
``RERANKED`` by the two ranks, the fused score and position, whether the section is one the
question asks for, how well the passage's heading and section path match the query (MiniLM),
and the section kind; it was fitted on the blind question sets v1-v10 (a passage of the expected
label holding the answer phrase is a right one) and measured on each set held out in turn::

    .venv/bin/python bench/fit_rankers.py passages [--write]

The weights ship as ``passage_ranker.json`` beside this module. Pure logic apart from reading
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from knowledge_base.models import SectionKind
from knowledge_base.ranking import LABEL_SECTIONS, LinearRanker, reciprocal

__all__ = ["FEATURES", "RERANKED", "PassageRanker", "PassageSignals", "passage_ranker"]

#: How many of the fused results are re-ranked: the expected passage is among the top 20 for
#: 0.97 of the blind questions; deeper, more candidates mostly add near-misses.
RERANKED = 20
RANKED_SECTIONS: tuple[SectionKind, ...] = (
    *LABEL_SECTIONS,
    SectionKind.PATIENT_LABELING,
    SectionKind.RESPONSE,
    SectionKind.DOSAGE_FORMS,
)
FEATURES: tuple[str, ...] = (
    "dense_rank",
    "lexical_rank",
    "preferred_section",
    "heading_similarity",
    "section_path_similarity",
    "fused_position",
    "fused_score",
    *(f"section:{kind.value}" for kind in RANKED_SECTIONS),
)
WEIGHTS_FILE = "passage_ranker.json"


@dataclass(frozen=True)
class PassageSignals:
    """What hybrid search knows of one fused candidate passage for one query."""

    dense_rank: int | None
    lexical_rank: int | None
    preferred_section: bool  # of a section kind the question asks for
    heading_similarity: float  # query vs the passage's own heading
    section_path_similarity: float  # query vs its whole section path
    fused_position: int  # from 1
    fused_score: float  # reciprocal rank fusion (plus section preference)
    section_kind: SectionKind

    def vector(self) -> list[float]:
        return [
            reciprocal(self.dense_rank),
            reciprocal(self.lexical_rank),
            float(self.preferred_section),
            self.heading_similarity,
            self.section_path_similarity,
            reciprocal(self.fused_position),
            self.fused_score * 100,  # RRF scores are ~0.01-0.03; standardised anyway
            *(float(self.section_kind is kind) for kind in RANKED_SECTIONS),
        ]


class PassageRanker(LinearRanker):
    """The ranker over ``FEATURES``, as ``PassageSignals.vector`` lists them."""

    computed_features = FEATURES
    weights_file = WEIGHTS_FILE
    refit_command = "bench/fit_rankers.py passages --write"


@cache
def passage_ranker() -> PassageRanker:
    """The shipped weights (read once per process)."""
    return PassageRanker.shipped("knowledge_base")
