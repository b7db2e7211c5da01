"""A regimen the label allows only for a while, asked for the long run.

AGGRENOX's label allows, for intolerable headaches, "one capsule at bedtime and low-dose aspirin
in the morning", then: "Because there are no outcome data with this regimen ..., patients should
return to the usual regimen as soon as possible, usually within one week." A question asking to
keep a patient on that regimen long term asks for a use the label does not support; one asking
to keep the usual regimen long term does not, so the question must name the temporary regimen
by a time of day or a co-medication the usual dosing statements never use ("at bedtime").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["long_run_of_temporary", "temporary_regimens"]

_I = re.IGNORECASE

_RETURN = re.compile(
    r"\b(?:return|go back|revert|switch back) to the (?:usual|recommended|standard|original"
    r"|regular) (?:regimen|dos(?:e|ing|age)|schedule)\b",
    _I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])|\n+")
_LONG_RUN = re.compile(
    r"\blong[- ]?term\b|\bindefinitely\b|\bpermanently\b|\bfor good\b|\bforever\b"
    r"|\bchronically\b|\bfrom now on\b|\bongoing\b|\bstay(?:s|ing)? on\b"
    r"|\bkeep (?:\w+ ){0,2}on\b|\bcontinu\w* (?:\w+ ){0,3}(?:beyond|past|after) (?:the )?first\b",
    _I,
)
# What tells one regimen from another: a time of day, or what is taken beside the product.
_DISTINCTIVE = re.compile(
    r"\b(?:bedtime|night(?:time|ly)?|qhs|morning|evening|noon|aspirin|asa|with food"
    r"|empty stomach)\b",
    _I,
)
_SAME = {
    "night": "bedtime",
    "nighttime": "bedtime",
    "nightly": "bedtime",
    "qhs": "bedtime",
    "asa": "aspirin",
}


def _distinctive(text: str) -> list[tuple[str, str]]:
    """The time-of-day and co-medication words of ``text``, as written and as one name each."""
    found = [m.group() for m in _DISTINCTIVE.finditer(text)]
    return [(word, _SAME.get(word.lower(), word.lower())) for word in found]


def temporary_regimens(dosing_text: str) -> tuple[str, ...]:
    """The sentences of a dosing text setting out a regimen that the next sentence (or the same
    one) tells the reader to leave for the usual one."""
    sentences = [s.strip() for s in _SENTENCE_END.split(dosing_text) if s.strip()]
    found = []
    for index, sentence in enumerate(sentences):
        if _RETURN.search(sentence):
            before = sentences[index - 1] if index else ""
            found.append(f"{before} {sentence}".strip())
    return tuple(dict.fromkeys(found))


def long_run_of_temporary(
    question: str, regimens: Sequence[str], dosing_statements: Sequence[str]
) -> str | None:
    """The words of ``question`` asking for a temporary regimen in the long run, if it does:
    a long-run cue, and a time of day or co-medication of the temporary regimen that the usual
    dosing statements do not use."""
    long_run = _LONG_RUN.search(question)
    if long_run is None:
        return None
    usual = {name for s in dosing_statements for _, name in _distinctive(s)}
    for regimen in regimens:
        own = {name for _, name in _distinctive(regimen)} - usual
        named = [word for word, name in _distinctive(question) if name in own]
        if named:
            return f"{named[0]} ... {long_run.group()}"
    return None
