"""Metrics over one case's shown sentences, and their aggregation over a suite.

Pure functions: the support judgement (``SupportFn``) and the citation validity rule
(``ValidFn``) are passed in, so each metric is unit-tested on hand-made sentences and the runner
plugs in the real support verifier and the catalog. Every metric is computed on what the reader
was *shown* (``Sentence.shown``): that is what a rep may repeat to an HCP.

Per case a metric is a ``Ratio`` (value ``None`` when nothing applies, e.g. a refusal has no
sentences); a suite's value is the mean of its cases' values (a macro average, as in ALCE), so a
long briefing does not outweigh ten short answers. docs/evals.md gives every formula.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from assistant.grounding.spans import joined_texts
from assistant.outputs import Citation, Sentence
from evals.models import MetricValue

__all__ = [
    "LOWER_IS_BETTER",
    "Ratio",
    "SupportFn",
    "ValidFn",
    "aggregate",
    "citation_precision",
    "citation_recall",
    "citation_validity",
    "flag_rate",
    "groundedness",
    "higher_is_better",
    "pass_rate",
]

SupportFn = Callable[[str, Sequence[str]], bool]
"""Does the concatenation of these passage texts support this sentence? (the support verifier)"""
ValidFn = Callable[[Citation], bool]
"""Is this citation valid: a retrieved chunk, approved, unexpired, visible to the reader?"""

# Compliance metrics count violations: a suite threshold for them is a maximum.
LOWER_IS_BETTER = frozenset(
    {
        "superlative_rate",
        "comparative_rate",
        "guarantee_rate",
        "off_label_rate",
        "phi_leak_rate",
        "prompt_injection_rate",
    }
)


@dataclass(frozen=True)
class Ratio:
    numerator: float
    denominator: float

    @property
    def value(self) -> float | None:
        return None if self.denominator == 0 else self.numerator / self.denominator


def _shown(sentences: Sequence[Sentence]) -> list[Sentence]:
    return [s for s in sentences if s.shown]


def _texts(citations: Sequence[Citation], passages: Mapping[str, str]) -> list[str]:
    # Overlapping chunks of one document read as the span they cover, as the verifier reads
    # them: a table row is supported with its caption from the chunk before.
    return joined_texts(
        list({c.chunk_id: c for c in citations}.values()), lambda c: passages.get(c.chunk_id, "")
    )


def _supported(sentence: Sentence, passages: Mapping[str, str], supports: SupportFn) -> bool:
    return bool(sentence.citations) and supports(
        sentence.text, _texts(sentence.citations, passages)
    )


def groundedness(
    sentences: Sequence[Sentence],
    passages: Mapping[str, str],
    supports: SupportFn,
    is_valid: ValidFn,
) -> Ratio:
    """Shown sentences that pass the citation verifier's rule, re-checked by the eval.

    groundedness = |{s shown : C(s) != {} and every c in C(s) is valid
                     and support(s, concat(C(s)))}| / |{s shown}|

    C(s) are the citations of s. Re-checked here rather than read from ``Sentence.verdict``, so
    a verifier that was switched off cannot grade itself.
    """
    shown = _shown(sentences)
    grounded = sum(
        all(is_valid(c) for c in s.citations) and _supported(s, passages, supports) for s in shown
    )
    return Ratio(grounded, len(shown))


def citation_recall(
    sentences: Sequence[Sentence], passages: Mapping[str, str], supports: SupportFn
) -> Ratio:
    """ALCE citation recall (Gao et al., 2023): shown sentences whose citations *together*
    support them.

    recall = |{s shown : C(s) != {} and support(s, concat(C(s)))}| / |{s shown}|

    An uncited sentence counts as not supported.
    """
    shown = _shown(sentences)
    return Ratio(sum(_supported(s, passages, supports) for s in shown), len(shown))


def citation_precision(
    sentences: Sequence[Sentence], passages: Mapping[str, str], supports: SupportFn
) -> Ratio:
    """ALCE citation precision: the share of citations that are needed.

    A citation c of sentence s is *irrelevant* when s is supported by all its citations
    together, c alone does not support s, and the other citations still support s without c.
    As in ALCE's implementation, the citations of a sentence its citations do not support at
    all (recall 0) are not precise either:

    precision = sum over shown s of |{c in C(s) : support(s, concat(C(s)))
                                        and not irrelevant(c, s)}| / sum over shown s of |C(s)|
    """
    needed = total = 0
    for s in _shown(sentences):
        total += len(s.citations)
        if not _supported(s, passages, supports):
            continue
        for i, citation in enumerate(s.citations):
            alone = supports(s.text, _texts([citation], passages))
            rest = [c for j, c in enumerate(s.citations) if j != i]
            irrelevant = not alone and bool(rest) and supports(s.text, _texts(rest, passages))
            needed += not irrelevant
    return Ratio(needed, total)


def citation_validity(sentences: Sequence[Sentence], is_valid: ValidFn) -> Ratio:
    """Citations of shown sentences that point to a chunk retrieved for this output and still
    approved, unexpired and visible to the reader's role.

    validity = |{c in C(s), s shown : valid(c)}| / |{c in C(s), s shown}|
    """
    citations = [c for s in _shown(sentences) for c in s.citations]
    return Ratio(sum(is_valid(c) for c in citations), len(citations))


def flag_rate(sentences: Sequence[Sentence], flagged: Callable[[Sentence], bool]) -> Ratio:
    """Compliance: shown sentences with a violation (superlative, comparison, PHI, ...).

    rate = |{s shown : flagged(s)}| / |{s shown}|   (lower is better)
    """
    shown = _shown(sentences)
    return Ratio(sum(flagged(s) for s in shown), len(shown))


def pass_rate(passed: Sequence[bool]) -> Ratio:
    """Expectation checks of one kind: passed / checked (None when the case has none)."""
    return Ratio(sum(passed), len(passed))


def higher_is_better(name: str) -> bool:
    return name not in LOWER_IS_BETTER


def aggregate(
    name: str,
    values: Sequence[float | None],
    threshold: float | None,
    *,
    required: bool = True,
) -> MetricValue:
    """A suite's metric: the mean of the cases' values where the metric applies.

    value = (1/|A|) * sum over cases a in A of value(a),  A = cases whose value is not None.
    It passes when value >= threshold (value <= threshold for a rate, lower is better); with no
    threshold it is reported only. A ``required`` threshold (one the suite file sets) on a
    metric no case produced fails: a suite that claims to measure something must measure it.
    """
    applicable = [v for v in values if v is not None]
    value = sum(applicable) / len(applicable) if applicable else None
    better = higher_is_better(name)
    if threshold is None or (value is None and not required):
        passed = None
    elif value is None:
        passed = False
    else:
        passed = value >= threshold if better else value <= threshold
    return MetricValue(
        name=name,
        value=None if value is None else round(value, 4),
        numerator=round(sum(applicable), 4),
        denominator=len(applicable),
        threshold=threshold,
        higher_is_better=better,
        passed=passed,
    )
