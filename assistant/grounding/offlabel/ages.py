"""A child younger than the label's youngest approved age.

Labels approve children from an age on ("pediatric patients 4 years of age and older",
"adults and pediatric patients six months and older"), often per indication. A question about
a 3-year-old, an 18-month-old or a "9 yo" is compared with the floors of the indications it
names, or with the lowest floor of the label when it names none of them: below it, the use is
off-label, whatever the label's dosing tables or trials in younger children say.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["ADULT_AGE", "AgeFloor", "age_asked", "age_floors", "below_floor"]

_I = re.IGNORECASE

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
}  # fmt: skip
_NUMBER = rf"\d{{1,2}}|{'|'.join(_WORD_NUMBERS)}"
_UNIT = r"(?P<unit>years?|yrs?|months?|mos?|weeks?|wks?)"

# A label's age floor: "12 years and older", "aged 2 years and older", "6 years or older",
# "six months and older", "(12 years and older)", "1 month of age and older".
_FLOOR = re.compile(rf"\b(?P<n>{_NUMBER}) {_UNIT}(?: of age)? (?:and|or) (?:older|above)\b", _I)
# The patient's age in a question: "3 year old", "18-month-old", "9 yo", "a 14yo", "age 9",
# "aged 10", "9 years of age".
_ASKED = (
    re.compile(rf"\b(?P<n>{_NUMBER})[- ]?{_UNIT}[- ]olds?\b", _I),
    re.compile(r"\b(?P<n>\d{1,2}) ?(?:y/?o|yr/?o)\b", _I),
    re.compile(r"\b(?P<n>\d{1,2}) ?(?P<unit>mo)s?\.? old\b", _I),  # not "x 3 mo" of treatment
    re.compile(r"\bage[sd]? (?P<n>\d{1,2})(?![\d.,%])(?!\s*(?:mg|kg|%))", _I),
    re.compile(rf"\b(?P<n>{_NUMBER}) {_UNIT} of age\b(?! and| or)", _I),
)
ADULT_AGE = 18.0


class AgeFloor(NamedTuple):
    """The youngest age an indication sentence approves, in years, and that sentence."""

    years: float
    sentence: str


def _years(number: str, unit: str | None) -> float:
    value = float(_WORD_NUMBERS.get(number.lower(), 0) or int(number))
    unit = (unit or "year").lower()
    if unit.startswith("mo"):
        return value / 12
    if unit.startswith("w"):
        return value / 52
    return value


def age_floors(pediatric_indications: Sequence[str]) -> tuple[AgeFloor, ...]:
    """The youngest approved age of each indication sentence that approves children: its
    floor under 18 ("12 years and older"), or 0 when it names none ("pediatric patients with
    refractory cHL"). Adult floors ("adults 75 years or older") are not a child's."""
    found = []
    for sentence in pediatric_indications:
        young = [
            years
            for match in _FLOOR.finditer(sentence)
            if (years := _years(match["n"], match["unit"])) < ADULT_AGE
        ]
        found.append(AgeFloor(min(young, default=0.0), " ".join(sentence.split())))
    return tuple(dict.fromkeys(found))


def age_asked(text: str) -> tuple[float, str] | None:
    """The youngest patient age a question states, in years, with the words that state it."""
    ages = [
        (_years(m["n"], m.groupdict().get("unit")), m.group(0).strip())
        for pattern in _ASKED
        for m in pattern.finditer(text)
    ]
    return min(ages) if ages else None


_GENERIC = frozenset(
    "adult adults pediatric patient patients treatment treat years year age aged older and or "
    "with the of for in a an who have has indicated is are to".split()
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _GENERIC and len(w) > 2}


def below_floor(text: str, floors: Sequence[AgeFloor]) -> tuple[str, AgeFloor] | None:
    """(the words stating the age, the floor it is under) when ``text`` asks about a child
    younger than the label allows: the floors of the indications the question shares words
    with, else the lowest of all."""
    asked = age_asked(text)
    if asked is None or not floors:
        return None
    age, phrase = asked
    words = _words(text)
    named = [f for f in floors if _words(f.sentence) & words]
    floor = min(named or floors, key=lambda f: f.years)
    return (phrase, floor) if age < floor.years else None
