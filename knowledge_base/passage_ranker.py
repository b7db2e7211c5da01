"""Which retrieved passage answers a question: a linear ranker over what hybrid search knows.

Reciprocal rank fusion weighs the dense and keyword ranks equally and knows nothing of the
passage's heading or section kind; the expected passage was in the fused top 20 for 0.97 of the
blind questions but in the top 5 for only 0.84. This ranker re-orders the fused top
``RERANKED`` by the two ranks, the fused score and position, whether the section is one the
question asks for, how well the passage's heading and section path match the query (MiniLM),
the section kind, and how many of the question's words the passage and its section path hold
(stemmed, stop words out: the dense and keyword ranks say which passages are near, not which one
covers the whole question); it was fitted on the blind question sets v1-v22 (a passage of the
expected label holding the answer phrase is a right one) and measured on each set held out in
turn::

    .venv/bin/python bench/fit_rankers.py passages [--write]

The weights ship as ``passage_ranker.json`` beside this module. Pure logic apart from reading
them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from knowledge_base.models import SectionKind
from knowledge_base.ranking import LABEL_SECTIONS, LinearRanker, reciprocal

__all__ = [
    "FEATURES",
    "RERANKED",
    "PassageRanker",
    "PassageSignals",
    "TermCoverage",
    "passage_ranker",
]

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
    "query_coverage",
    "section_path_coverage",
    "log_words",
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
    query_coverage: float  # share of the question's terms the passage or its path holds
    section_path_coverage: float  # share of them its section path alone holds
    words: int  # the passage's length in words

    def vector(self) -> list[float]:
        return [
            reciprocal(self.dense_rank),
            reciprocal(self.lexical_rank),
            float(self.preferred_section),
            self.heading_similarity,
            self.section_path_similarity,
            reciprocal(self.fused_position),
            self.fused_score * 100,  # RRF scores are ~0.01-0.03; standardised anyway
            self.query_coverage,
            self.section_path_coverage,
            math.log1p(self.words),
            *(float(self.section_kind is kind) for kind in RANKED_SECTIONS),
        ]


_WORD = re.compile(r"[a-z0-9]+")
_STOP_WORDS = frozenset(STOPWORDS_EN)


class TermCoverage:
    """How many of a question's terms a text holds: words stemmed as the keyword index stems
    them, stop words and single characters left out."""

    def __init__(self, question: str) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        self._asked = self.terms(question)

    def terms(self, text: str) -> frozenset[str]:
        words = [w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in _STOP_WORDS]
        return frozenset(self._stemmer.stemWords(words))

    def of(self, *texts: str) -> float:
        """The share of the question's terms found in any of ``texts`` (0 for no terms)."""
        if not self._asked:
            return 0.0
        held = frozenset().union(*(self.terms(text) for text in texts))
        return len(self._asked & held) / len(self._asked)


class PassageRanker(LinearRanker):
    """The ranker over ``FEATURES``, as ``PassageSignals.vector`` lists them."""

    computed_features = FEATURES
    weights_file = WEIGHTS_FILE
    refit_command = "bench/fit_rankers.py passages --write"


@cache
def passage_ranker() -> PassageRanker:
    """The shipped weights (read once per process)."""
    return PassageRanker.shipped("knowledge_base")
