"""Which candidate sentence answers a question best: a linear ranker fitted on blind question sets.

The offline answerer finds candidate sentences that share enough of a question's words; which
of them it shows was decided by hand-set weights (embedding similarity, plus 0.4 x word overlap,
plus bonuses for stating the asked-for thing and fitting the patient). Those weights were tuned
question by question, and their gains did not carry over to fresh question sets. Here the same
signals, and a few more the answerer already has (how retrieval ranked the sentence's passage,
how well the passage's heading matches the question, the section kind, whether the sentence
shares a number with the question, whether it states a restriction where the question asks
whether something is allowed), are weighed by a linear model fitted on the blind question sets
v1-v18, where a sentence holding the helper's answer phrase is the right answer.

The fit is listwise (``knowledge_base.ranking``); its weights ship as ``answer_ranker.json``
beside this module with the SHA-256 of the question sets they were fitted on. Refit with::

    .venv/bin/python bench/fit_rankers.py answers [--write]   # cross-validated, then write

Pure logic, no I/O but reading the shipped weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from knowledge_base.models import SectionKind
from knowledge_base.ranking import LABEL_SECTIONS, LinearRanker, reciprocal

__all__ = [
    "FEATURES",
    "RANKED_SECTIONS",
    "AnswerRanker",
    "CandidateSignals",
    "answer_ranker",
]

RANKED_SECTIONS = LABEL_SECTIONS
FEATURES: tuple[str, ...] = (
    "similarity",
    "word_overlap",
    "states_asked_aspect",
    "patient_facts",
    "source_rank",
    "dense_rank",
    "lexical_rank",
    "heading_similarity",
    "shares_number",
    "has_number",
    "restriction_for_can_question",
    *(f"section:{kind.value}" for kind in RANKED_SECTIONS),
)
WEIGHTS_FILE = "answer_ranker.json"
_MAX_PATIENT_FACTS = 3  # beyond three matched facts, a sentence fits the patient no better


@dataclass(frozen=True)
class CandidateSignals:
    """What the answerer knows of one candidate sentence for one question."""

    similarity: float  # cosine of the question's and the sentence's embeddings
    word_overlap: float  # share of the question's words (rare ones weigh more) it uses
    states_asked_aspect: float  # 1.0 states the asked-for thing in an answering section
    patient_facts: int  # facts of the asked-about patient it fits
    source_rank: int  # its passage's place in the retrieved sources, from 1
    dense_rank: int | None  # its passage's rank in the dense search (None: not found there)
    lexical_rank: int | None  # and in the keyword search
    heading_similarity: float  # cosine of the question's and the passage heading's embeddings
    shares_number: bool  # holds a number the question holds ("2.5", "45")
    has_number: bool
    section_kind: SectionKind
    # "Can pts mix it in juice?" asks whether something is allowed; "Do not use liquids other
    # than water" says so. A restriction answers a can/may/instead-of question.
    restriction_for_can_question: bool = False

    def vector(self) -> list[float]:
        return [
            self.similarity,
            self.word_overlap,
            self.states_asked_aspect,
            float(min(self.patient_facts, _MAX_PATIENT_FACTS)),
            reciprocal(self.source_rank),
            reciprocal(self.dense_rank),
            reciprocal(self.lexical_rank),
            self.heading_similarity,
            float(self.shares_number),
            float(self.has_number),
            float(self.restriction_for_can_question),
            *(float(self.section_kind is kind) for kind in RANKED_SECTIONS),
        ]


class AnswerRanker(LinearRanker):
    """The ranker over ``FEATURES``, as ``CandidateSignals.vector`` lists them."""

    computed_features = FEATURES
    weights_file = WEIGHTS_FILE
    refit_command = "bench/fit_rankers.py answers --write"


@cache
def answer_ranker() -> AnswerRanker:
    """The shipped weights (read once per process)."""
    return AnswerRanker.shipped("assistant.providers")
