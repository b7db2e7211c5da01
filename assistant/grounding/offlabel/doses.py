"""Doses and dosing schedules, read the same way from label text and from questions.

An approved dose ("150 mg") or schedule ("every 3 weeks", "BID") is compared by a normalised
key, so "once weekly" and "every week" agree; a dose next to another drug ("omeprazole 20 mg")
and a schedule about monitoring ("check labs weekly") belong to something else and are skipped.
Explicit dosing-outside-the-label phrases ("double the dose") are listed here as well.
"""

from __future__ import annotations

import re

__all__ = ["DOSING_CUE", "DOSING_WORDS", "find_doses", "find_schedules", "normalise_dose"]

_I = re.IGNORECASE

DOSING_CUE = re.compile(
    r"\b(?:without|skip(?:ping)?) (?:the )?titration\b|\bdoubl\w* (?:the )?dos\w*"
    r"|\bhigher dos\w*|\b(?:exceed\w*|above) the (?:recommended|maximum|labeled|approved) dos\w*"
    r"|\bdose escalation\b|\bescalat\w+ the dose\b|\bloading dose\b|\bmore often\b"
    r"|\bextend\w* the (?:dosing )?interval\b|\bsplit(?:ting)? the dose\b|\bretreat\w*"
    r"|\bre-?challeng\w*|\brestart\w* after (?:\d+|completing|finishing)"
    r"|\b(?:beyond|longer than) \d+ (?:months|years)\b"
    # Dosing changed for convenience: a label's dose modifications are for safety, not comfort.
    r"|\bless (?:often|frequent(?:ly)?)\b"
    r"|\bspac\w* out (?:the )?(?:\w+ )?(?:dos\w*|injections|infusions)"
    r"|\binstead of (?:once[- ])?(?:daily|weekly|monthly|every (?:\w+ )?(?:day|week|month)s?)\b"
    r"|\bto (?:reduce|cut|fewer) (?:the number of )?(?:injections|infusions|doses|clinic visits)\b",
    _I,
)
_NUMBER = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_DOSE = re.compile(
    rf"(?<![\d.,]){_NUMBER}\s*(?P<u>mg/kg|mg/m2|mg/m²|mg|mcg|µg)\b"
    r"(?!\s*/\s*(?:\d+(?:\.\d+)?\s*)?(?:mL|L|dL|g)\b)",
    _I,
)
# Drugs that are not our products: a dose next to one belongs to it ("omeprazole 20 mg").
_OTHER_DRUG = re.compile(
    r"\b(?:\w+(?:azole|tidine|olol|pril|sartan|statin|triptan|profen|parin|xaban|gatran|sone"
    r"|olone|mab|nib|cillin|mycin|floxacin)|aspirin|ibuprofen|naproxen|acetaminophen"
    r"|paracetamol|methotrexate|warfarin|digoxin|topiramate|midazolam|caffeine|tafamidis"
    r"|diflunisal|finasteride|metformin|insulin|vitamin \w+|carboplatin|cisplatin|pemetrexed"
    r"|steroids?|corticosteroids?)\b",
    _I,
)
_SCHEDULE = re.compile(
    # "twice a day", "2x a day", "2x/day", "3 times per week"
    r"\b(?P<n1>once|twice|thrice|one time|two times|three times|four times|[1-4] times?"
    r"|[1-4] ?x)(?: (?:a|per|each|every) | ?/ ?)(?P<u1>day|week|month|wk)\b"
    r"|\b(?P<n2>once|twice|thrice|three times|four times|[1-4] times|[1-4] ?x)"
    r" (?P<u2>daily|weekly|monthly)\b"
    r"|\b(?:once )?(?:every|each) (?P<k3>other|\d+|two|three|four|six|eight|twelve)"
    r" (?P<u3>day|week|wk|month|mo)s?\b"
    r"|\b(?:once )?(?:every|each) (?P<u4>day|week|month)\b"
    r"|\b(?P<w5>daily|weekly|monthly|quarterly|biweekly|fortnightly)\b(?! allowance| li[fv])"
    r"|\b(?P<a6>bid|tid|qid|qd|qw|q[1-9]\d?w)\b"
    # "q4 weeks", "q 6 months", "q3mo": the interval as reps write it
    r"|\bq\s?(?P<k8>\d{1,2})\s?(?P<u8>days?|d|weeks?|wks?|months?|mos?|mths?)\b"
    # Twice a day, as reps put it: "50 mg in the morning and again at night".
    r"|\b(?P<t7>morning and (?:again )?(?:at )?night)\b",
    _I,
)
# A month is four weeks here: "monthly" asked where the label says "every 4 weeks" (and
# "quarterly" for "every 12 weeks") is the same schedule, not another one.
_UNIT_DAYS = {"day": 1, "week": 7, "month": 28, "daily": 1, "weekly": 7, "monthly": 28}
_UNIT_DAYS |= {"wk": 7, "mo": 28}  # "every 2 wks"
_COUNT = {"once": 1, "one time": 1, "twice": 2, "two times": 2, "thrice": 3, "three times": 3}
_COUNT |= {"four times": 4} | {f"{n} time{'s' if n > 1 else ''}": n for n in range(1, 5)}
_NUMBER_WORDS = {"other": 2, "two": 2, "three": 3, "four": 4, "six": 6, "eight": 8, "twelve": 12}
_WORD_SCHEDULE = {
    "daily": (1, 1),
    "weekly": (1, 7),
    "monthly": (1, 28),
    "quarterly": (1, 84),
    "biweekly": (1, 14),
    "fortnightly": (1, 14),
}
_ABBREV_SCHEDULE = {"BID": (2, 1), "TID": (3, 1), "QID": (4, 1), "QD": (1, 1), "QW": (1, 7)}
_MONITORING = re.compile(r"\b(?:monitor\w*|test\w*|check\w*|measur\w*|labs?|ECGs?|counts?)\b", _I)
DOSING_WORDS = re.compile(
    r"\bmg\b|\bdos(?:e|es|ing|age)\b|\badminist\w+|\binject\w*|\binfus\w+|\bapply\b|\btaken?\b", _I
)


def normalise_dose(number: str, unit: str) -> str:
    """ "1,200" and "µg" as "1200 mcg", so label and question doses compare equal."""
    value = float(number.replace(",", ""))
    shown = f"{value:g}" if value < 1e6 else str(int(value))
    return f"{shown} {unit.lower().replace('µg', 'mcg')}"


def _foreign_dose(text: str, start: int, end: int, own: frozenset[str]) -> bool:
    """A dose that belongs to another drug: "omeprazole 20 mg", "10 mg of prednisone"."""
    # Within its own clause or table cell: "azacitidine or decitabine | 600 mg" is ours.
    before = re.split(r"[,;|]", text[max(0, start - 25) : start])[-1]
    after = re.match(r"\s*(?:or less )?of (.{0,25})", text[end:])
    near = list(_OTHER_DRUG.finditer(before))
    if after and (m := _OTHER_DRUG.match(after.group(1))):
        near.append(m)
    return any(m.group(0).lower() not in own for m in near)


def find_doses(text: str, own: frozenset[str] = frozenset()) -> list[str]:
    """Doses in ``text`` ("150 mg") other than those of non-product drugs; ``own`` names ours."""
    return [
        normalise_dose(m["n"], m["u"])
        for m in _DOSE.finditer(text)
        if not _foreign_dose(text, m.start(), m.end(), own)
    ]


def _schedule_key(match: re.Match[str]) -> tuple[int, int] | None:
    if match["n1"] or match["n2"]:
        said = (match["n1"] or match["n2"]).lower()
        count = int(said[0]) if said.endswith("x") else _COUNT.get(said, 1)
        return count, _UNIT_DAYS[(match["u1"] or match["u2"]).lower()]
    if match["u3"]:
        every = _NUMBER_WORDS.get(match["k3"].lower()) or int(match["k3"])
        return 1, every * _UNIT_DAYS[match["u3"].lower()]
    if match["u4"]:
        return 1, _UNIT_DAYS[match["u4"].lower()]
    if match["w5"]:
        return _WORD_SCHEDULE[match["w5"].lower()]
    if match["t7"]:
        return 2, 1
    if match["u8"]:
        unit = match["u8"].lower()
        days = 1 if unit.startswith("d") else 7 if unit.startswith("w") else 28
        return 1, int(match["k8"]) * days
    code = match["a6"].upper()  # "q2w" as reps write it, "BID" as labels do
    if code in _ABBREV_SCHEDULE:
        return _ABBREV_SCHEDULE[code]
    return (1, 7 * int(code[1:-1])) if code.startswith("Q") else None


def find_schedules(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Dosing schedules in ``text``, skipping those about monitoring ("check labs weekly")."""
    found = []
    for match in _SCHEDULE.finditer(text):
        key = _schedule_key(match)
        if key and not _MONITORING.search(text[max(0, match.start() - 30) : match.start()]):
            found.append((match.group(0), key))
    return found
