"""Signal 4: negation and polarity, which must agree with the cited text.

A dropped "not" or "contraindicated" turns a warning into a claim while leaving nearly every
word in place, so overlap and embeddings miss it. Polarity cues are compared with the best
matching passage sentence and with every cited sentence whose negated words the sentence repeats.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.grounding.support.lexical import content_stems
from assistant.grounding.support.text import normalize

__all__ = ["negation_cues", "negation_reasons"]

_NEGATION_CUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:not|no|never|none|neither|nor|cannot|unable|without any)\b|n't\b",
            re.I,
        ),
        "not",
    ),
    (re.compile(r"\bcontraindicat\w*", re.I), "contraindicated"),
    (re.compile(r"\bavoid\w*", re.I), "avoid"),
)
_NOT_NEGATION = re.compile(
    r"\b(?:not only|whether or not|no more than|not less than|no later than)\b", re.I
)


def negation_cues(text: str) -> frozenset[str]:
    """Polarity cue classes in ``text``: "not" (no, never, none, n't...), "contraindicated",
    "avoid". Phrases such as "whether or not" and "no more than" carry no polarity."""
    cleaned = _NOT_NEGATION.sub(" ", normalize(text))
    return frozenset(name for pattern, name in _NEGATION_CUES if pattern.search(cleaned))


def _negated_phrases(unit: str, head_words: int) -> list[tuple[str, tuple[str, ...]]]:
    """(cue, first content stems after it) for every polarity cue in a passage sentence:
    "No dose reduction for KEYTRUDA is recommended" gives ("not", ("dose", "reduct", ...))."""
    cleaned = _NOT_NEGATION.sub(" ", normalize(unit))
    phrases = []
    for pattern, name in _NEGATION_CUES:
        for match in pattern.finditer(cleaned):
            head = tuple(dict.fromkeys(content_stems(cleaned[match.end() :])))[:head_words]
            if len(head) == head_words:
                phrases.append((name, head))
    return phrases


def negation_reasons(
    sentence: str, best_unit: str, neighbourhood: str, units: Sequence[str], head_words: int
) -> list[str]:
    """Compare polarity with the cited text.

    A cue in the sentence must appear near its best match (the sentence may merge two passage
    sentences). A cue in the best-matching passage sentence must appear in the sentence, and so
    must a cue anywhere in the cited text whose negated words the sentence repeats ("No dose
    reduction is recommended" against "A dose reduction is recommended").
    """
    said = negation_cues(sentence)
    reasons = [
        f"negation mismatch: sentence says '{cue}' but the cited text does not"
        for cue in sorted(said - negation_cues(neighbourhood))
    ]
    missing = set(negation_cues(best_unit) - said)
    sentence_stems = set(content_stems(sentence))
    for unit in units:
        for cue, head in _negated_phrases(unit, head_words):
            if cue not in said and sentence_stems.issuperset(head):
                missing.add(cue)
    reasons.extend(
        f"negation mismatch: cited text says '{cue}' but the sentence does not"
        for cue in sorted(missing)
    )
    return reasons
