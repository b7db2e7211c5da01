"""A second dose the same day, where the label allows one a day.

Reps are asked "the migraine came back 3 hours later, can the patient take a second packet?"
Some labels allow one dose in a day: "The safety and effectiveness of a second dose have not
been established", "The maximum recommended dosing frequency is once per day". For those, a
second dose within the day is off-label. A label that states a 24-hour maximum ("The maximum
dose in a 24-hour period is 75 mg") answers the question itself, and the answer is shown.
"""

from __future__ import annotations

import re

__all__ = ["one_dose_a_day", "second_dose_same_day"]

_I = re.IGNORECASE

_ONE_A_DAY = re.compile(
    r"safety and effectiveness of a second dose (?:have|has) not been established"
    r"|maximum recommended dosing frequency is once (?:per|a) day"
    r"|(?:not|no) more than (?:one dose|once) (?:per|a|in a|in any) (?:day|24)",
    _I,
)


def one_dose_a_day(dosing: str) -> bool:
    """Whether the dosing text allows one dose a day in so many words."""
    return _ONE_A_DAY.search(dosing) is not None


_ANOTHER = re.compile(
    r"\b(?:second|2nd|another|extra|additional|repeat|re-?dose)\b"
    r"|\b(?:take|use|give)\s+(?:it|one|a dose)\s+again\b",
    _I,
)
_SAME_DAY = re.compile(
    r"\b(?:same day|that day|later (?:that|the same|in the) day|later today"
    r"|(?:a few |few |\d+(?:\.\d+)?\s*|an? |one |two |three |several )(?:hrs?|hours?) "
    r"(?:later|after)|(?:comes?|came|coming) back|wears? off|wore off|still there"
    r"|returns?|returned|recurs?|recurred)\b",
    _I,
)
_NEXT_DAY = re.compile(r"\b(?:next|following) (?:day|morning)\b|\btomorrow\b", _I)


def second_dose_same_day(question: str) -> str | None:
    """The words asking for a second dose within the day, if the question asks for one."""
    another = _ANOTHER.search(question)
    if another is None or _NEXT_DAY.search(question):
        return None
    same_day = _SAME_DAY.search(question)
    return f"{another.group(0)} ... {same_day.group(0)}" if same_day else None
