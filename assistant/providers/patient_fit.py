"""Whether a candidate answer is about the patient the question describes.

A label answers the same question differently for different patients: the dose for a 10 kg
child is a row of the pediatric table, not the adult sentence; a grade 2 colitis is withheld
where a grade 4 one is discontinued; a dose missed by 10 days is re-loaded where one missed by a
week is not; ulcerative colitis is induced for 8 weeks where Crohn's disease is induced for 12.
The question states such facts ("72 yo", "25 kg", "grade 2", "CrCl 40", "remembered 5 hrs
later", "UC"), the label states the ranges its sentences and table rows apply to ("12 to 17
years", "30 kg to less than 40 kg", "Grade 2 or 3", "CLcr < 30 mL/min", "6 hours or less",
"in patients with ulcerative colitis"). A sentence whose range holds the asked value fits; one
whose ranges of the same kind all miss it is about another patient. Pure logic, no I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from enum import IntEnum

from assistant.grounding.offlabel.vocabulary import CONDITIONS
from assistant.grounding.support.quantities import WORD_NUMBERS
from assistant.grounding.tables import looks_like_table_statement

__all__ = ["Fit", "PatientFacts", "asked_facts", "facts_matched", "fit"]

_I = re.IGNORECASE
_NUM = r"(?<![\w.])(\d+(?:\.\d+)?|" + "|".join(WORD_NUMBERS) + r")"
_HOURS = {"minute": 1 / 60, "min": 1 / 60, "hour": 1, "hr": 1, "h": 1, "day": 24, "week": 168}
_HOURS |= {"wk": 168, "month": 730, "mo": 730}
_YEARS = {"year": 1.0, "yr": 1.0, "month": 1 / 12, "mo": 1 / 12, "week": 1 / 52, "day": 1 / 365}

# What the question says about the patient.
_ASKED_AGE = re.compile(
    rf"\b{_NUM}\s*-?\s*(?:yo|y/o|y\.o\.?|yrs?[- ]old|years?[- ]old|-year-old|yr)\b"
    rf"|\b(?:age[ds]?|aged)\s+{_NUM}\b",
    _I,
)
# "pts over 65", "patients younger than 12": a bound, read as an age just past it.
_ASKED_AGE_BOUND = re.compile(
    r"\b(?:pts?|patients?|people|adults?|those|someone|anyone|(?:wo)?m[ae]n)\s+"
    rf"(?:(over|older than|above|>)|(under|younger than|below|<))\s*{_NUM}\b"
    r"(?!\s*(?:kg|lbs?|mg|mcg|ml|%|mL/min))",
    _I,
)
_ASKED_AGE_MONTHS = re.compile(rf"\b{_NUM}\s*-?\s*(?:mo|months?)[- ]old\b", _I)
_ASKED_AGE_WORDS = (
    (re.compile(r"\b(?:newborns?|neonates?|infants?|bab(?:y|ies))\b(?! aspirin)", _I), 0.5),
    (re.compile(r"\btoddlers?\b", _I), 2.0),
    (re.compile(r"\b(?:teens?|teenagers?|adolescents?)\b", _I), 15.0),
    (re.compile(r"\badults?\b", _I), 40.0),
    (re.compile(r"\b(?:elderly|geriatric)\b", _I), 70.0),
)
_ASKED_CHILD = re.compile(
    r"\bkids?\b|\bchild(?:ren)?\b|\bpa?ediatric|\bpeds\b|\bteens?\b|\badolescen|\binfants?\b"
    r"|\bbab(?:y|ies)\b(?! aspirin)|\btoddlers?\b",
    _I,
)
_ASKED_WEIGHT = re.compile(r"(?<![\w/.])(\d+(?:\.\d+)?)\s*-?\s*kgs?\b(?!\s*/)", _I)
_ASKED_GRADE = re.compile(r"\b(?:grade|gr\.?)\s*([1-5])\b|(?-i:\bG([1-4])\b)", _I)
_ASKED_CLEARANCE = re.compile(
    r"\b(?:CrCl|CLcr|creatinine clearance|e?GFR)(?:\s*(?:of|is|was|=|:|~|around|about|at|approx"
    r"\.?|roughly|now|only|just))*\s*(\d+(?:\.\d+)?)",
    _I,
)
# The question names the patient's liver or kidneys ("Child-Pugh B", "CrCl 40", "on dialysis").
_ASKED_IMPAIRED = (
    ("hepatic", re.compile(r"\b(?:hepatic|liver|child[- ]?pugh|cirrho\w*|hepatitis)\b", _I)),
    (
        "renal",
        re.compile(
            r"\b(?:renal|kidneys?|CrCl|CLcr|creatinine clearance|e?GFR|dialysis|hemodialysis|"
            r"ESRD|CKD)\b",
            _I,
        ),
    ),
)
# A section written for such patients: "2.2 Recommended Dosage for Patients with Hepatic
# Impairment", "8.6 Renal Impairment".
_SECTION_IMPAIRED = (
    ("hepatic", re.compile(r"\bhepatic impairment\b", _I)),
    ("renal", re.compile(r"\brenal impairment\b", _I)),
)
_MISSED = re.compile(
    r"\bmiss|\bforg[eo]t|\bskip|\blate\b|\bremember|\bdelay|\bgap\b|\blast dos", _I
)
_ASKED_ELAPSED = re.compile(
    rf"(?:~|about |around |almost |nearly |over )?{_NUM}\s*"
    r"(min(?:ute)?s?|h(?:ou)?rs?|h|days?|w(?:ee)?ks?|months?|mos?)\b",
    _I,
)

# What a label sentence says it applies to.
_LOWER = re.compile(
    r"(?:\b(?:(?:more|greater) than or equal to|more than|greater than|over|above|older than|"
    r"exceeding|beyond|at least|"
    r"minimum of|weighing at least|aged at least)|[>≥]|>=)\s*$",
    _I,
)
_STRICT_LOWER = re.compile(r"(?:more than|greater than|over|above|older than|exceeding|>)\s*$", _I)
_UPPER = re.compile(
    r"(?:\b(?:less than or equal to|less than|fewer than|under|below|younger than|up to|"
    r"no more than|not more than|"
    r"at most|within|maximum of)|[<≤]|<=)\s*$",
    _I,
)
_STRICT_UPPER = re.compile(r"(?:less than|fewer than|under|below|younger than|<)\s*$", _I)
_LOWER_AFTER = re.compile(
    r"^\s*(?:of age )?(?:and|or) (?:older|over|more|greater|above|higher|up)\b|^\s*\+", _I
)
_UPPER_AFTER = re.compile(r"^\s*(?:of age )?(?:or|and) (?:less|fewer|younger|under|below)\b", _I)
_AGE_UNIT = r"(years?|yrs?|months?)"
_KG_UNIT = r"(kg)(?!\s*/)"
_CLEARANCE_UNIT = r"(mL/min)"
_TIME_UNIT = r"(minutes?|hours?|hrs?|days?|weeks?|months?)"
_ADULT = re.compile(r"\badults?\b", _I)
_CHILD = re.compile(
    r"\bpa?ediatric|\bchildren\b|\bchild\b|\badolescents?\b|\binfants?\b|\bneonates?\b", _I
)
_OLDER = re.compile(r"\bgeriatric\b|\belderly\b|\bolder (?:patients|subjects|adults|people)\b", _I)
_GRADES = re.compile(
    r"\bGrades?\s*(?P<cmp>≥|>=|>)?\s*(?P<first>[1-5])"
    r"(?P<more>(?:\s*(?:,|or|and|to|-|\u2013)\s*(?:Grade\s*)?[1-5]\b)*)"
    r"(?P<up>,?\s*or (?:higher|greater|above|more|worse))?",
    _I,
)


# Settings and stages the off-label vocabulary also names: not which disease a sentence is about.
_SETTINGS = frozenset(
    {
        "small-cell or neuroendocrine histology",
        "tumor-agnostic use",
        "brain metastases",
        "early-stage disease",
        "adjuvant or neoadjuvant setting",
        "locally advanced disease",
        "maintenance or curative-intent setting",
        "first-line use",
        "biomarker-negative disease",
        "mild disease",
        "acute treatment",
        "asymptomatic carriers",
        "transplant recipients",
    }
)


_DISEASES = tuple(c for c in CONDITIONS if c.topic not in _SETTINGS)
# A follow-up names a disease by its first word: "and for gastric?", "what about ovarian?"
# (only words that name nothing else: "renal" is an impairment before it is a carcinoma).
_HEADS = (
    "breast gastric colorectal prostate pancreatic ovarian hepatocellular urothelial psoriatic "
    "rheumatoid juvenile axial hidradenitis atopic ulcerative crohn myasthenia parkinson alzheimer"
).split()
_DISEASE_HEADS = tuple(
    (c.topic, re.compile(rf"\b{head}", _I))
    for c in _DISEASES
    if (head := c.topic.split()[0].lower().removesuffix("'s")) in _HEADS
)


def _conditions(text: str, *, by_first_word: bool = False) -> frozenset[str]:
    """The diseases ``text`` names (``by_first_word``: also "gastric" for gastric cancer)."""
    named = {c.topic for c in _DISEASES if c.pattern.search(text)}
    if by_first_word:
        named |= {topic for topic, head in _DISEASE_HEADS if head.search(text)}
    return frozenset(named)


class Fit(IntEnum):
    OTHER_PATIENT = -1
    SILENT = 0
    THIS_PATIENT = 1


@dataclass(frozen=True)
class PatientFacts:
    """What a question states about its patient; ``None``: not stated."""

    age: float | None = None  # years
    weight: float | None = None  # kg
    grade: int | None = None
    clearance: float | None = None  # mL/min
    elapsed: float | None = None  # hours since a missed dose
    conditions: frozenset[str] = frozenset()
    impaired: frozenset[str] = frozenset()  # "hepatic", "renal": organs it names as impaired

    @property
    def empty(self) -> bool:
        return self == PatientFacts()


@dataclass(frozen=True)
class _Range:
    low: float = -math.inf
    high: float = math.inf
    low_strict: bool = False
    high_strict: bool = False

    def holds(self, value: float) -> bool:
        above = value > self.low if self.low_strict else value >= self.low
        below = value < self.high if self.high_strict else value <= self.high
        return above and below


def _number(text: str) -> float:
    return float(WORD_NUMBERS.get(text.lower(), text) if not text[0].isdigit() else text)


def _first(match: re.Match[str] | None) -> float | None:
    if match is None:
        return None
    value = next(g for g in match.groups() if g is not None)
    return _number(value)


def _unit_key(unit: str) -> str:
    unit = unit.lower().rstrip("s")
    return {"minute": "min", "hour": "hour", "hr": "hour", "h": "hour"}.get(unit, unit)


def asked_facts(question: str, follow_up: str = "") -> PatientFacts:
    """The patient facts ``question`` states; those a ``follow_up`` states ("and for
    gastric?", "what if she is 15?") replace the question's of the same kind."""
    facts = _stated(question)
    if not follow_up:
        return facts
    # "what if it had been closer to 2 weeks?" after a missed dose restates the time since it
    update = _stated(follow_up, by_first_word=True, missed=_MISSED.search(question) is not None)
    stated = {f.name: getattr(update, f.name) for f in fields(update)}
    return replace(facts, **{k: v for k, v in stated.items() if v not in (None, frozenset())})


def _stated(question: str, *, by_first_word: bool = False, missed: bool = False) -> PatientFacts:
    age = _first(_ASKED_AGE.search(question))
    if age is None and (months := _first(_ASKED_AGE_MONTHS.search(question))) is not None:
        age = months / 12
    if age is None and (bound := _ASKED_AGE_BOUND.search(question)):
        age = _number(bound.group(3)) + (0.5 if bound.group(1) else -0.5)
    words = [years for pattern, years in _ASKED_AGE_WORDS if pattern.search(question)]
    # "in children at all, or adults only?" compares two populations: it describes no patient.
    if age is None and not (_ASKED_CHILD.search(question) and _ADULT.search(question)):
        age = words[0] if words else None
    elapsed = None
    if (missed or _MISSED.search(question)) and (match := _ASKED_ELAPSED.search(question)):
        unit = _unit_key(match.group(2))
        unit = {"wk": "week", "mo": "month"}.get(unit, unit)
        elapsed = _number(match.group(1)) * _HOURS.get(unit, 1)
    return PatientFacts(
        age=age,
        weight=_first(_ASKED_WEIGHT.search(question)),
        grade=int(g) if (g := _first(_ASKED_GRADE.search(question))) is not None else None,
        clearance=_first(_ASKED_CLEARANCE.search(question)),
        elapsed=elapsed,
        conditions=_conditions(question, by_first_word=by_first_word),
        impaired=frozenset(o for o, pattern in _ASKED_IMPAIRED if pattern.search(question)),
    )


def _ranges(text: str, unit_pattern: str, scale: dict[str, float] | None = None) -> list[_Range]:
    """The bounded ranges ``text`` states in one kind of unit ("12 to 17 years", "less than
    30 kg", "65 years of age and older"); a bare value ("every 4 months") bounds nothing."""

    def scaled(value: str, unit: str) -> float:
        factor = (scale or {}).get(_unit_key(unit), 1.0)
        return _number(value) * factor

    found: list[_Range] = []
    taken: list[tuple[int, int]] = []
    between = re.compile(
        rf"{_NUM}\s*(?:{unit_pattern})?\s*(?:to|-|\u2013|through)\s*(less than |<\s*|under )?"
        rf"{_NUM}\s*{unit_pattern}",
        _I,
    )
    for m in between.finditer(text):
        unit = m.group(m.lastindex or 0)
        before = text[: m.start()]
        found.append(
            _Range(
                scaled(m.group(1), m.group(2) or unit),
                scaled(m.group(4), unit),
                low_strict=_STRICT_LOWER.search(before) is not None,
                high_strict=m.group(3) is not None,
            )
        )
        taken.append(m.span())
    single = re.compile(rf"{_NUM}\s*{unit_pattern}", _I)
    for m in single.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        value = scaled(m.group(1), m.group(2))
        before, after = text[: m.start()], text[m.end() :]
        if _LOWER.search(before) or _LOWER_AFTER.search(after):
            found.append(_Range(low=value, low_strict=_STRICT_LOWER.search(before) is not None))
        elif _UPPER.search(before) or _UPPER_AFTER.search(after):
            found.append(_Range(high=value, high_strict=_STRICT_UPPER.search(before) is not None))
    return found


# A table row's cell that is a bare range ("18 to less than 25", "greater than or equal to 35")
# under a column whose header names its unit ("Body weight (kg)").
_BARE_RANGE_CELL = re.compile(
    r"^(?:(?:(?:less|greater|more) than(?: or equal to)?|at least|up to)\s*|[<>≤≥]=?\s*)?"
    r"\d+(?:\.\d+)?(?:\s*(?:to|-|\u2013)\s*(?:less than\s*|<\s*)?\d+(?:\.\d+)?)?$",
    _I,
)
_KG_COLUMN = re.compile(r"\((?:kg|kilograms?)\)", _I)


def _head_and_row(text: str) -> tuple[str, str]:
    """A stated table row's caption with its header, and its cells; ("", "") for a sentence."""
    if not looks_like_table_statement(text):
        return "", ""
    head, _, row = text.rpartition("): ")
    return head, row


def _weight_ranges(text: str) -> list[_Range]:
    """The weight bands ``text`` states: "30 kg to less than 40 kg", or, in a stated table row
    whose header puts the unit over the column ("Body weight (kg)"), a bare "18 to less than
    25"."""
    stated = _ranges(text, _KG_UNIT)
    head, row = _head_and_row(text)
    if stated or not row or not _KG_COLUMN.search(head):
        return stated
    cells = [c.strip() for c in row.rstrip(".").split("|")]
    return _ranges(
        " | ".join(f"{c} kg" if _BARE_RANGE_CELL.match(c) else c for c in cells), _KG_UNIT
    )


def _age_ranges(text: str) -> list[_Range]:
    stated = _ranges(text, _AGE_UNIT, _YEARS)
    child = _CHILD.search(text) is not None and _ADULT.search(text) is None
    if stated:
        # "pediatric patients 6 years and older" are children still.
        return [
            _Range(r.low, min(r.high, 18.0), r.low_strict, r.high < 18) if child else r
            for r in stated
        ]
    if _OLDER.search(text):
        return [_Range(low=65.0)]
    if child:
        return [_Range(high=18.0, high_strict=True)]
    if _ADULT.search(text) and not _CHILD.search(text):
        return [_Range(low=18.0)]
    return []


def _grade_ranges(text: str) -> list[_Range]:
    found = []
    for m in _GRADES.finditer(text):
        first = int(m["first"])
        if m["cmp"] or m["up"]:
            found.append(_Range(low=first, low_strict=m["cmp"] == ">"))
            continue
        rest = [int(d) for d in re.findall(r"[1-5]", m["more"] or "")]
        if re.search(r"to|-|\u2013", m["more"] or "") and rest:
            found.append(_Range(first, rest[-1]))
        else:
            found += [_Range(g, g) for g in (first, *rest)]
    return found


def _fits(value: float | None, ranges: list[_Range]) -> Fit:
    if value is None or not ranges:
        return Fit.SILENT
    return Fit.THIS_PATIENT if any(r.holds(value) for r in ranges) else Fit.OTHER_PATIENT


def fit(facts: PatientFacts, text: str, heading: str = "") -> Fit:
    """Whether ``text`` (a sentence or stated table row, under ``heading``) is about the patient
    ``facts`` describes: about another as soon as one fact falls outside every range it states
    of that kind, about this one when a fact falls inside one."""
    score = facts_matched(facts, text, heading)
    return Fit.OTHER_PATIENT if score < 0 else Fit.THIS_PATIENT if score else Fit.SILENT


def facts_matched(facts: PatientFacts, text: str, heading: str = "") -> int:
    """How many of the patient's facts ``text`` states a range holding (the row for "MM" and
    "CLcr 30 to 60 mL/min" fits better than the line naming MM alone); -1 when one falls
    outside every range of its kind that the text states."""
    if facts.empty:
        return 0
    # A stated table row's own cells say whom it is for; its caption ("Patients Aged 2 Years and
    # Older") only where the cells say nothing of that kind.
    row = _head_and_row(text)[1]

    def stated(ranges_of: Callable[[str], list[_Range]]) -> list[_Range]:
        return (ranges_of(row) if row else []) or ranges_of(text)

    fits = [
        _fits(facts.age, stated(_age_ranges) or _age_ranges(heading)),
        _fits(facts.weight, _weight_ranges(text)),
        _fits(facts.grade, stated(_grade_ranges)),
        _fits(facts.clearance, stated(lambda t: _ranges(t, _CLEARANCE_UNIT))),
        _fits(facts.elapsed, stated(lambda t: _ranges(t, _TIME_UNIT, _HOURS))),
    ]
    # A section for patients with an impaired liver or kidneys is about them alone: the dose of
    # "an 8 yo, 25 kg" is not a row of the table for moderate hepatic impairment. (Asked about
    # such a patient, every sentence of the section fits alike: that tells none apart.)
    section = heading.rpartition(" > ")[2]
    for organ, pattern in _SECTION_IMPAIRED:
        if pattern.search(section) and organ not in facts.impaired:
            fits.append(Fit.OTHER_PATIENT)
    if facts.conditions:
        named = _conditions(f"{heading} {text}")
        if named:
            fits.append(Fit.THIS_PATIENT if named & facts.conditions else Fit.OTHER_PATIENT)
    if Fit.OTHER_PATIENT in fits:
        return -1
    return fits.count(Fit.THIS_PATIENT)
