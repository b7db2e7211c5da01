"""Signal 10: the order of two steps, which a restatement must keep.

"Massage into the scalp with fingers, then wash hands well" said back as "Wash hands well
before massaging it into the scalp" keeps every word and reverses what to do first; so does a
cycle of "28 days of continuous infusion followed by a 14-day treatment-free interval" told as
"a 14-day treatment-free interval followed by 28 days of continuous infusion". Each side's
ordered pairs ("A followed by B", "A, then B", "A before B", "B after A") are compared: a pair
of the sentence whose steps the passage orders the other way round is reported.
"""

from __future__ import annotations

import re

from assistant.grounding.support.lexical import content_stems
from assistant.grounding.support.text import normalize

__all__ = ["order_reasons"]

# A step: the words of its clause next to the ordering word (the five nearest count).
_STEP = r"([^,.;:()]{3,80}?)"
_FIRST_THEN = re.compile(
    rf"{_STEP}\s*,?\s*\b(?:followed by|and then|then"
    r"|(?:before|prior to)(?!\s+(?:and|or|and/or)\s+after))\b"
    rf"\s+{_STEP}(?=[,.;:()]|$)",
    re.I,
)
# "B after A": not a time after an anchor ("7 days after the last dose").
# "before or after a meal" and "before and after the interruption" order nothing.
_AFTER = re.compile(
    rf"{_STEP}\s+(?<!before and )(?<!before or )(?<!prior to or )\bafter\b\s+{_STEP}(?=[,.;:()]|$)",
    re.I,
)
_DURATION_END = re.compile(
    r"\d+(?:\.\d+)?\s*(?:-\s*)?(?:minutes?|hours?|days?|weeks?|months?|years?|h|hr|hrs)\s*$",
    re.I,
)
_STEP_WORDS = 5
# Words every step of a label shares, which tell no step from another.
_GENERIC = frozenset(
    content_stems(
        "patient patients dose doses treatment therapy use should may first administer "
        "administered give given take taken start started"
    )
)
_MIN_SHARED = 1


def _stems(step: str, last: bool) -> frozenset[str]:
    """The content stems of the words of a step nearest the ordering word."""
    words = step.split()
    words = words[:_STEP_WORDS] if last else words[-_STEP_WORDS:]
    return frozenset(content_stems(" ".join(words))) - _GENERIC


def _pairs(text: str) -> list[tuple[frozenset[str], frozenset[str]]]:
    """(first step, second step) for each ordering the text states."""
    text = normalize(text)
    pairs = [
        (_stems(m.group(1), False), _stems(m.group(2), True)) for m in _FIRST_THEN.finditer(text)
    ]
    for m in _AFTER.finditer(text):
        if not _DURATION_END.search(m.group(1)):
            pairs.append((_stems(m.group(2), True), _stems(m.group(1), False)))
    # what both steps share ("28 days of ... followed by a 14-day ...") tells neither apart
    return [(a - b, b - a) for a, b in pairs if a - b and b - a]


def _matches(step: frozenset[str], other: frozenset[str]) -> int:
    return len(step & other)


def order_reasons(sentence: str, passage: str) -> list[str]:
    """A reason for each pair of steps the sentence orders one way and ``passage`` (the passage
    sentences it restates) the other."""
    source = _pairs(passage)
    reasons = []
    for first, second in _pairs(sentence):
        for source_first, source_second in source:
            reversed_ = min(_matches(first, source_second), _matches(second, source_first))
            same = min(_matches(first, source_first), _matches(second, source_second))
            if reversed_ >= _MIN_SHARED and reversed_ > same:
                reasons.append(
                    "time order differs from source: the sentence puts "
                    f"'{' '.join(sorted(first))}' before '{' '.join(sorted(second))}'"
                )
                break
    return list(dict.fromkeys(reasons))
