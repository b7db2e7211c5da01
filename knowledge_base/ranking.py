"""Linear rankers fitted listwise: which of a question's candidates (passages, sentences) is right.

Retrieval and the offline answerer each rank a question's candidates by several signals (dense
and keyword ranks, similarities, section kinds). Hand-set weights for those signals were tuned
question by question and their gains did not carry over to fresh questions; a ranker fitted on
many blind questions at once, and measured on question sets it was not fitted on, does better.

The fit is listwise: gradient descent on the softmax cross-entropy of each question's right
candidates against all of its candidates, on standardised features, with L2; numpy only and
deterministic (no random start). A fitted ranker ships as JSON with the SHA-256 of the question
sets it was fitted on. Pure logic.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from importlib import resources
from typing import ClassVar, Self

import numpy as np
from pydantic import BaseModel, ConfigDict, model_validator

from knowledge_base.models import SectionKind

__all__ = ["LABEL_SECTIONS", "LinearRanker", "fit_listwise", "reciprocal"]

#: Label section kinds a ranker weighs one by one (the rest weigh nothing): how often each one
#: held the answer to a rep's or MSL's question differs a lot (dosing often, studies rarely).
LABEL_SECTIONS: tuple[SectionKind, ...] = (
    SectionKind.DOSAGE,
    SectionKind.INDICATIONS,
    SectionKind.WARNINGS_PRECAUTIONS,
    SectionKind.ADVERSE_REACTIONS,
    SectionKind.SPECIFIC_POPULATIONS,
    SectionKind.CLINICAL_STUDIES,
    SectionKind.BOXED_WARNING,
    SectionKind.CONTRAINDICATIONS,
    SectionKind.DRUG_INTERACTIONS,
    SectionKind.HOW_SUPPLIED,
    SectionKind.PATIENT_COUNSELING,
    SectionKind.CLINICAL_PHARMACOLOGY,
)


def reciprocal(rank: int | None) -> float:
    """A rank as a feature: 1 for the first, falling off; 0 where the candidate was not ranked."""
    return 1.0 / rank if rank else 0.0


class LinearRanker(BaseModel):
    """Standardised features times weights: a higher score ranks a candidate first.

    A ranker the product ships subclasses this with the features its code computes, the file
    its weights ship in and the command that refits them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    computed_features: ClassVar[tuple[str, ...] | None] = None
    weights_file: ClassVar[str] = ""
    refit_command: ClassVar[str] = ""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    l2: float
    iterations: int
    fitted_on: dict[str, str]  # question set file -> its SHA-256

    @model_validator(mode="after")
    def _fits_the_code(self) -> LinearRanker:
        expected = self.computed_features
        if expected is not None and self.features != expected:
            raise ValueError(
                f"{self.weights_file} was fitted on features {list(self.features)}, but the "
                f"code computes {list(expected)}: refit it with {self.refit_command}"
            )
        if not len(self.mean) == len(self.scale) == len(self.weights) == len(self.features):
            raise ValueError("mean, scale and weights need one value for each feature")
        return self

    @classmethod
    def shipped(cls, package: str) -> Self:
        """The weights shipped in ``package`` as ``weights_file``."""
        text = resources.files(package).joinpath(cls.weights_file).read_text("utf-8")
        return cls.model_validate(json.loads(text))

    @classmethod
    def unfitted(cls, features: Sequence[str]) -> Self:
        """Every candidate scores 0 (kept in the order given): for collecting training data."""
        n = len(features)
        return cls(
            features=tuple(features),
            mean=(0.0,) * n,
            scale=(1.0,) * n,
            weights=(0.0,) * n,
            l2=0.0,
            iterations=0,
            fitted_on={},
        )

    @property
    def digest(self) -> str:
        """Names these weights in the audit log."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]

    def scores(self, vectors: Sequence[Sequence[float]]) -> list[float]:
        if not vectors:
            return []
        features = np.array(vectors, dtype=np.float64)
        standardised = (features - np.array(self.mean)) / np.array(self.scale)
        return [float(x) for x in standardised @ np.array(self.weights)]


def fit_listwise(
    questions: Sequence[tuple[Sequence[Sequence[float]], Sequence[bool]]],
    *,
    l2: float = 1e-2,
    iterations: int = 1500,
    learning_rate: float = 0.3,
) -> tuple[list[float], list[float], list[float]]:
    """Mean, scale and weights that put each question's right candidates (feature vectors,
    whether each is right) first. Questions without a right candidate teach nothing: skipped."""
    groups = [
        (np.array(vectors, dtype=np.float64), np.array(right, dtype=bool))
        for vectors, right in questions
        if any(right)
    ]
    if not groups:
        raise ValueError("no question has a right candidate: nothing to fit")
    stacked = np.vstack([features for features, _ in groups])
    mean = stacked.mean(axis=0)
    scale = stacked.std(axis=0) + 1e-9
    # Questions padded to the longest one, so that each step is a few array operations.
    width = max(len(right) for _, right in groups)
    features = np.zeros((len(groups), width, stacked.shape[1]))
    present = np.zeros((len(groups), width), dtype=bool)
    right = np.zeros((len(groups), width), dtype=bool)
    for g, (vectors, flags) in enumerate(groups):
        features[g, : len(flags)] = (vectors - mean) / scale
        present[g, : len(flags)] = True
        right[g, : len(flags)] = flags
    weights = np.zeros(stacked.shape[1])
    for _ in range(iterations):
        scores = np.where(present, features @ weights, -np.inf)
        probabilities = np.exp(scores - scores.max(axis=1, keepdims=True))
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        on_right = (probabilities * right).sum(axis=1, keepdims=True)
        # d/dw of -log(probability of the right ones): expected features minus right features.
        pull = probabilities - probabilities * right / on_right
        gradient = np.einsum("gnf,gn->f", features, pull)
        weights -= learning_rate * (gradient / len(groups) + l2 * weights)
    return mean.tolist(), scale.tolist(), weights.tolist()
