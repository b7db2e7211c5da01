"""A course of treatment longer than any the label states.

Dosing sections bound some courses: "for a total of 52 weeks", "for up to 1 year", "three years
of Gleevec is recommended", "45 mg once daily for 12 weeks". A question asking to give the
product "for 2 years", "out to 24 weeks" or "for 5 years" asks for a longer course than any of
those: off-label. A label that bounds no course ("until disease progression") is not judged.
"""

from __future__ import annotations

import re

__all__ = ["asked_courses", "course_lengths", "longer_course", "stated_courses"]

_I = re.IGNORECASE

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "eighteen": 18, "twenty-four": 24,
}  # fmt: skip
_N = rf"(?P<n>\d{{1,3}}|{'|'.join(_WORDS)})"
_UNIT = r"(?P<unit>weeks?|wks?|months?|mos?|years?|yrs?)"
_WEEKS = {"w": 1.0, "m": 52 / 12, "y": 52.0, "d": 1 / 7}

# In a label: a bounded course ("for up to 1 year", "for a total of 52 weeks", "for 8 weeks",
# "three years of Gleevec is recommended"). Not "within 6 months", "after 12 weeks".
_LABEL_COURSE = (
    re.compile(
        rf"\b(?:for (?:up to |a total of |a maximum of |an additional |at least )?|up to )"
        rf"{_N}[- ]{_UNIT}\b",
        _I,
    ),
    re.compile(rf"\b{_N} {_UNIT} of (?:\w+ ){{0,3}}(?:is|are) recommended\b", _I),
    # "the recommended duration of treatment is 12 days"
    re.compile(rf"\bduration of (?:treatment|therapy) is {_N}[- ]{_UNIT}\b", _I),
)
# In a question: a course asked for ("for 2 years", "out to 24 weeks", "extend ... to 5 years",
# "keep going to 5 yrs", "2 years of adjuvant Keytruda").
_ASKED_COURSE = (
    re.compile(
        rf"\b(?:for|out to|extend\w*(?: \w+){{0,4}} to|up to|through"
        rf"|(?:keep going|continu\w*|go(?:ing)? on|stay\w* on)(?: \w+){{0,3}} (?:to|until|till))"
        rf" {_N}[- ]{_UNIT}\b",
        _I,
    ),
    re.compile(rf"\b{_N}[- ]{_UNIT} of (?!age\b)(?:adjuvant |maintenance |induction )?\w+", _I),
    # "can adjuvant lynparza go 2 yrs", "stay on it 2 years"
    re.compile(
        rf"\b(?:go(?:es|ing)?|run|stay\w* on(?: \w+)?|keep\w* (?:\w+ )?going) {_N}[- ]{_UNIT}\b", _I
    ),
    # "wants his pts on eliquis 35 days", not "started on it 2 weeks ago"
    re.compile(rf"\bon \w+ {_N}[- ]{_UNIT}\b(?! ago\b)", _I),
)
# A course already taken is history, not a request ("has been on it for 3 years").
_HISTORY = re.compile(r"\b(?:been|was|were|had|has had)\b(?:\s+\S+){0,4}\s*$", _I)


def _weeks(match: re.Match[str]) -> float:
    raw = match["n"].lower()
    n = _WORDS.get(raw) or int(raw)
    return n * _WEEKS[match["unit"][0].lower()]


def course_lengths(dosing_text: str) -> tuple[float, ...]:
    """The bounded courses (in weeks) a label's dosing text states."""
    found = {round(_weeks(m), 1) for p in _LABEL_COURSE for m in p.finditer(dosing_text)}
    return tuple(sorted(found))


def longer_course(question: str, courses: tuple[float, ...]) -> str | None:
    """The words asking for a course longer than every course the label states, if any."""
    if not courses:
        return None
    longest = max(courses)
    for pattern in _ASKED_COURSE:
        for match in pattern.finditer(question):
            if _weeks(match) > longest + 0.5 and not _HISTORY.search(question[: match.start()]):
                return match.group(0)
    return None


# Courses per indication are also counted in days ("for 28 days"); a label's longest course
# overall is not (short courses of days bound no label's longest).
_DAYS = r"(?P<unit>days?|weeks?|wks?|months?|mos?|years?|yrs?)"
_LABEL_COURSE_DAYS = tuple(re.compile(p.pattern.replace(_UNIT, _DAYS), _I) for p in _LABEL_COURSE)
_ASKED_COURSE_DAYS = tuple(re.compile(p.pattern.replace(_UNIT, _DAYS), _I) for p in _ASKED_COURSE)


def asked_courses(question: str) -> list[tuple[str, float]]:
    """The courses a question asks for, in weeks, with their words ("for 35 days"), not
    those already taken ("has been on it for 3 years")."""
    return [
        (match.group(0), _weeks(match))
        for pattern in _ASKED_COURSE_DAYS
        for match in pattern.finditer(question)
        if not _HISTORY.search(question[: match.start()])
    ]


def stated_courses(text: str) -> tuple[float, ...]:
    """The bounded courses (in weeks, days counted) that ``text`` states."""
    return tuple(
        sorted({round(_weeks(m), 2) for p in _LABEL_COURSE_DAYS for m in p.finditer(text)})
    )
