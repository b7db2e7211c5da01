"""Signal 3: numbers with their units, which must agree exactly with the cited text.

A changed dose, percentage or duration is the most dangerous unsupported claim and looks almost
identical to the truth, so numbers are read with canonical units ("1,200 mg", "twice a day",
"Week 16", ranges sharing a unit) and each one in the sentence must appear in the cited text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.grounding.support.text import normalize

__all__ = [
    "WORD_NUMBERS",
    "Quantity",
    "comparator_reasons",
    "extract_quantities",
    "list_counts",
    "number_reasons",
    "same_quantity",
]


@dataclass(frozen=True)
class Quantity:
    """A number found in text, with its canonical unit (``None`` for a bare number)."""

    value: float
    unit: str | None
    text: str
    # Units named elsewhere on the same line: a table row "Median PFS in months | 17.8".
    context_units: frozenset[str] = frozenset()
    # The bound a comparator puts on the number: "at least", "at most", "more than", "less than".
    bound: str | None = None

    def describe(self) -> str:
        return self.text.strip()


_UNITS: tuple[tuple[str, str], ...] = (
    # (regex, canonical unit); longest alternatives first
    (r"(?:\u00d7|x)\s*10(?:\u2079|\^9|9)\s*/\s*l", "x10^9/l"),
    (r"ml/min(?:ute)?(?:/1\.73\s*m\u00b2|/1\.73\s*m2)?", "ml/min"),
    (r"mg/m\u00b2|mg/m2", "mg/m2"),
    (r"mg/kg/(?:hr|hour|h)", "mg/kg/h"),
    (r"mg/kg/min(?:ute)?", "mg/kg/min"),
    (r"mg/kg/day", "mg/kg/day"),
    (r"mcg/kg/min(?:ute)?|\u00b5g/kg/min", "mcg/kg/min"),
    (r"mg/kg", "mg/kg"),
    (r"mg/day", "mg/day"),
    (r"mcg/day|\u00b5g/day", "mcg/day"),
    (r"mg/(?:hr|hour|h)", "mg/h"),
    (r"ml/(?:hr|hour|h)", "ml/h"),
    (r"ml/kg", "ml/kg"),
    (r"mmol/l", "mmol/l"),
    (r"mmol", "mmol"),
    (r"units?/kg", "units/kg"),
    (r"mg/ml", "mg/ml"),
    (r"mg/g", "mg/g"),
    (r"mg/dl", "mg/dl"),
    (r"mcg/ml|\u00b5g/ml", "mcg/ml"),
    (r"cells/\u00b5l|cells/ul", "cells/ul"),
    (r"kg/m\u00b2|kg/m2", "kg/m2"),
    (r"l/h(?:our)?", "l/h"),
    (r"l/day", "l/day"),
    (r"mcg|\u00b5g|ug", "mcg"),
    (r"mg", "mg"),
    (r"kg", "kg"),
    (r"ml", "ml"),
    (r"iu", "iu"),
    (r"mmhg", "mmhg"),
    (r"bpm|beats per minute", "bpm"),
    (r"ms", "ms"),
    (r"%|percent|per cent", "%"),
    (r"\u00b0\s*c\b", "\u00b0c"),
    (r"\u00b0\s*f\b", "\u00b0f"),
    (r"\u00b0", "\u00b0"),
    (r"hours?|hrs?|h", "h"),
    (r"minutes?|mins?", "min"),
    (r"days?", "day"),
    (r"weeks?|wks?", "week"),
    (r"months?|mos?", "month"),
    (r"years?|yrs?", "year"),
    (r"fold", "fold"),
    (r"times", "times"),
    (r"oz|ounces?", "oz"),
    (r"lbs?|pounds?", "lb"),
    (r"tablespoons?|tbsp", "tbsp"),
    (r"teaspoons?|tsp", "tsp"),
    (r"st|nd|rd|th", "ordinal"),
    (r"g", "g"),
    (r"l", "l"),
    (r"nm", "nm"),
)
_UNIT_PATTERN = "|".join(f"(?:{regex})" for regex, _ in _UNITS)
_UNIT_CANON = [(re.compile(f"^(?:{regex})$", re.I), canon) for regex, canon in _UNITS]
WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
_FREQUENCY_WORDS = {"once": 1, "twice": 2, "thrice": 3}
_NUMBER = (
    r"(?P<num>(?<![\w.])\d+(?:\.\d+)?(?!\d))"
    r"|(?P<word>\b(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-"
    r"(?:one|two|three|four|five|six|seven|eight|nine)|"
    + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
    + r")\b)"
    r"|(?P<freq>\b(?:once|twice|thrice)\b)"
)
_QUANTITY = re.compile(
    rf"(?:{_NUMBER})(?:\s*-?\s*(?P<unit>{_UNIT_PATTERN})(?![a-z\u00b5]))?", re.IGNORECASE
)
# Units written before the number: "Week 4", "Day 8", "Grade 3", "Month 12".
_PREFIX_UNIT = re.compile(r"\b(weeks?|days?|months?|grades?|stages?|cycles?|doses?)\s*$", re.I)
_RANGE_GAP = re.compile(r"^\s*(?:-|to|and|or|,|through|,\s*and|,\s*or)\s*$", re.I)
# Comparators written before a number ("at least 4 hours", "\u2265 Grade 3") or after it
# ("12 years of age and older"), by the bound they put on it.
_BOUND_BEFORE = tuple(
    (bound, re.compile(rf"(?:{words})\s*(?:grades?|weeks?|days?|cycles?|stages?)?\s*$", re.I))
    for bound, words in (
        (
            "at least",
            r"\bat least|\bno (?:less|fewer) than|\bnot less than"
            r"|\b(?:greater|more) than or equal to|\u2265|>=",
        ),
        (
            "at most",
            r"\bat most|\bno more than|\bnot more than|\bup to|\bless than or equal to"
            r"|\bnot (?:to )?exceed(?:ing)?|\u2264|<=|\bcapped at",
        ),
        (
            "more than",
            r"\bmore than|\bgreater than|\blonger than|\bolder than|\bover|\babove"
            r"|\bexceeding|\bin excess of|\bbeyond|>",
        ),
        ("less than", r"\bless than|\bfewer than|\bshorter than|\byounger than|\bunder|\bbelow|<"),
    )
)
_BOUND_AFTER = re.compile(
    r"^\s*(?:years?\s+)?(?:of age\s+)?(?P<bound>or more|or greater|or longer|and older|or older"
    r"|and above|or above|or higher|and over|or less|or fewer|or younger|and younger|or lower"
    r"|and below|or below)\b",
    re.I,
)
_AT_MOST_AFTER = ("or less", "or fewer", "or younger", "and younger", "or lower", "and below")
# "a maximum of 3 years", "the recommended maximum dose is 25 mg": a ceiling, which a restatement
# may write as "up to" or leave to the words around the number ("the maximum dose in a 24-hour
# period is 75 mg"), so it agrees with "at most" and with no comparator.
_MAXIMUM_BEFORE = re.compile(
    r"\bmax(?:imum|\.)?(?:\s+(?:recommended|total|daily|single|dose|dosage|rate|of|is|was))*"
    r"\s*:?\s*$",
    re.I,
)
MAXIMUM = "maximum"


# "Infused over 35 minutes", "over 1 to 4 hours": a duration, not "more than".
_DURATION_OVER = re.compile(
    r"(?:infus\w*|administ\w*|inject\w*|given|deliver\w*)\b[^.;]{0,40}?\bover\s*$", re.I
)
_RANGE_AFTER = re.compile(r"^\s*(?:-|to)\s*\d", re.I)


def _bound(norm: str, start: int, end: int) -> str | None:
    """The comparator bounding the number at ``norm[start:end]``, if any."""
    before = norm[max(0, start - 32) : start]
    if re.search(r"\bover\s*$", before, re.I) and (
        _DURATION_OVER.search(norm[max(0, start - 80) : start])
        or _RANGE_AFTER.match(norm[end : end + 8])
    ):
        return None
    for bound, pattern in _BOUND_BEFORE:
        if pattern.search(before):
            return bound
    if _MAXIMUM_BEFORE.search(before):
        return MAXIMUM
    after = _BOUND_AFTER.match(norm[end : end + 30])
    if after:
        return "at most" if after.group("bound").lower() in _AT_MOST_AFTER else "at least"
    return None


def _canonical_unit(raw: str) -> str:
    squeezed = raw.lower().strip()
    for pattern, canon in _UNIT_CANON:
        if pattern.match(squeezed):
            return canon
    return squeezed


def _word_value(word: str) -> float:
    parts = word.lower().split("-")
    return float(sum(WORD_NUMBERS[part] for part in parts))


# Words after "one" or "once" that make it no number: "one of the most common" (a pronoun;
# "at least one of the following" is a count), "once removed", "once the infusion ends" (a
# conjunction).
_NOT_A_COUNT = {
    "one": re.compile(r"\s+of\s+(?:the\s+)?(?:most|many|several)\b", re.I),
    "once": re.compile(r"\s+(?:the|it|they|he|she|symptoms|\w+ed)\b", re.I),
}


def extract_quantities(text: str) -> list[Quantity]:
    """Numbers in ``text`` with canonical units, ranges sharing their unit.

    "18-49 years" gives 18 year and 49 year, "20 to 25 °C" gives 20 °c and 25 °c,
    "Week 0 and 4" gives 0 and 4 as week numbers, "twice a day" gives 2 times,
    "1,200 mg" gives 1200 mg and "seven days" gives 7 day.
    """
    norm = normalize(text)
    found: list[tuple[Quantity, int, int]] = []
    for match in _QUANTITY.finditer(norm):
        word = match.group(0).lower()
        if word in _NOT_A_COUNT and _NOT_A_COUNT[word].match(norm, match.end()):
            continue  # "one of the most common", "once removed from the carton"
        if match.group("num"):
            value = float(match.group("num"))
        elif match.group("word"):
            value = _word_value(match.group("word"))
        else:
            value = float(_FREQUENCY_WORDS[match.group("freq").lower()])
        unit = _canonical_unit(match.group("unit")) if match.group("unit") else None
        if match.group("freq") and unit is None:
            unit = "times"
        if unit is None:
            prefix = _PREFIX_UNIT.search(norm[max(0, match.start() - 12) : match.start()])
            if prefix:
                unit = prefix.group(1).lower().rstrip("s") + "#"
        bound = _bound(norm, match.start(), match.end())
        found.append((Quantity(value, unit, match.group(0), bound=bound), *match.span()))
    return _share_coordinated_bounds(norm, found, _share_range_units(norm, found))


# "not more than 4 hours at room temperature or 24 hours refrigerated": the bound of the first
# number holds for the second, joined to it by "or"/"and" with no number or clause between.
_COORDINATED_GAP = re.compile(r"^[^\d.;:()]{0,40}\b(?:or|and)\s*(?:for\s+)?$", re.I)


def _share_coordinated_bounds(
    norm: str, found: list[tuple[Quantity, int, int]], quantities: list[Quantity]
) -> list[Quantity]:
    for i in range(len(found) - 1):
        (_, _, left_end), (_, right_start, _) = found[i], found[i + 1]
        left, right = quantities[i], quantities[i + 1]
        if (
            left.bound
            and right.bound is None
            and left.unit
            and left.unit == right.unit
            and _COORDINATED_GAP.match(norm[left_end:right_start])
        ):
            quantities[i + 1] = replace(right, bound=left.bound)
    return quantities


def _share_range_units(norm: str, found: list[tuple[Quantity, int, int]]) -> list[Quantity]:
    """Give the unit of one end of a range ("18-49 years", "Grade 3 or 4") to the other end."""
    quantities = [q for q, _, _ in found]
    for i in range(len(found) - 1):
        (_, _, left_end), (right, right_start, _) = found[i], found[i + 1]
        left = quantities[i]  # as already shared: "Weeks 0, 1, and 2" passes the unit along
        if not _RANGE_GAP.match(norm[left_end:right_start]):
            continue
        if left.unit in (None, "\u00b0") and right.unit and not right.unit.endswith("#"):
            quantities[i] = replace(left, unit=right.unit)
        elif right.unit is None and left.unit and left.unit.endswith("#"):
            quantities[i + 1] = replace(right, unit=left.unit)
    return quantities


_UNIT_WORD = re.compile(rf"(?<![a-z0-9])(?:{_UNIT_PATTERN})(?![a-z])", re.I)


# "Annually", "daily", "weekly": once a period, so a restatement's "once a year" is stated.
_ONCE_A_PERIOD = re.compile(
    r"(?<!twice )(?<!thrice )(?<!times )\b(?:annually|yearly|daily|weekly|monthly|nightly)\b",
    re.I,
)


def _cited_quantities(cited_text: str) -> list[Quantity]:
    """Quantities of the cited text; a bare number learns the units named on its line."""
    quantities: list[Quantity] = []
    for line in cited_text.splitlines():
        found = extract_quantities(line)
        context = frozenset(_canonical_unit(m.group(0)) for m in _UNIT_WORD.finditer(line))
        quantities.extend(replace(q, context_units=context) if q.unit is None else q for q in found)
        quantities.extend(
            Quantity(1.0, "times", m.group(0)) for m in _ONCE_A_PERIOD.finditer(normalize(line))
        )
    return quantities


# A daily or hourly amount may be stated without its time: "800 mcg" of "800 mcg/day".
_PER_TIME = ("day", "h", "min", "week")


def same_quantity(claim: Quantity, other: Quantity) -> bool:
    """Same value, compatible unit (see ``_quantity_supported``)."""
    if not math.isclose(claim.value, other.value, rel_tol=1e-9, abs_tol=1e-9):
        return False
    if claim.unit is None or claim.unit == other.unit:
        return True
    if claim.unit.rstrip("#") == (other.unit or "").rstrip("#"):
        return True
    if (other.unit or "") in {f"{claim.unit}/{per}" for per in _PER_TIME}:  # "800 mcg/day"
        return True
    return other.unit is None and (claim.unit == "%" or claim.unit in other.context_units)


def _quantity_supported(claim: Quantity, cited: Sequence[Quantity]) -> bool:
    """A claimed number needs the same value in the cited text with a compatible unit.

    A bare claimed number matches any unit; "Week 16" (a week number) matches "16 weeks"; a
    bare cited number takes a unit named on its line (table rows name the unit in a header
    cell), and a percentage may match a bare number because tables put "%" in the header row.
    """
    return any(same_quantity(claim, other) for other in cited)


# A list restated with its count: "two parts: one capsule at bedtime and low-dose aspirin in the
# morning", "any of three findings: ..., ..., or ...", "the two options are to interrupt the
# infusion or to slow its rate", "the three categories (mild, moderate, or severe)".
_COUNTS = "|".join(w for w in WORD_NUMBERS if 2 <= WORD_NUMBERS[w] <= 10)
_COUNTED = re.compile(
    rf"\b(?P<n>{_COUNTS})\b[^:.;()]{{0,80}}?"
    r"(?::(?P<listed>[^.]*)|\((?P<bracketed>[^.;)]*)|\b(?:are|were|include|includes)\b"
    r"(?P<named>[^.;]*))",
    re.I,
)
_CLAUSE_ITEMS = re.compile(r";|,(?:\s+(?:and|or))?\s*", re.I)
_WORD_ITEMS = re.compile(r"\s+(?:and|or)\s+", re.I)
# What follows a list and is not an item of it ("..., because administration ... resulted").
_AFTER_LIST = re.compile(r"^\s*(?:because|which|since|resulting|so that|whereas)\b", re.I)
# A series of three or more items after the count: "at Week 0, Week 1, and Week 2".
_SERIES = re.compile(r"(?:[^,;:]+,\s*){2,}(?:and|or)\s+[^,;:]+", re.I)


def _items(said: str) -> list[str]:
    """The items of a list: split at semicolons and commas, or at "and"/"or" when it has none;
    a trailing clause that is no item ("because ...") left out."""
    items = [i for i in _CLAUSE_ITEMS.split(said) if i.strip()]
    if len(items) == 1:
        items = [i for i in _WORD_ITEMS.split(said) if i.strip()]
    while len(items) > 1 and _AFTER_LIST.match(items[-1]):
        items.pop()
    return items


def list_counts(sentence: str) -> set[str]:
    """Spelled-out counts that count the items ``sentence`` lists after them (after a colon, a
    bracket or "are", or as a series of three or more anywhere after the count)."""
    counts = set()
    for match in _COUNTED.finditer(sentence):
        said = match.group("listed") or match.group("bracketed") or match.group("named") or ""
        if WORD_NUMBERS[match.group("n").lower()] == len(_items(said)):
            counts.add(match.group("n").lower())
    for count in re.finditer(rf"\b(?P<n>{_COUNTS})\b(?! of\b)", sentence, re.I):
        n = WORD_NUMBERS[count.group("n").lower()]
        rest = sentence[count.end() :]
        # the series may start after a comma: "three injections, given at Week 0, Week 1, and
        # Week 2"
        starts = [0, *(m.end() for m in re.finditer("[,:]", rest))]
        if n >= 3 and any(
            _SERIES.fullmatch(rest[start:].strip().rstrip(".")) and len(_items(rest[start:])) == n
            for start in starts
        ):
            counts.add(count.group("n").lower())
    return counts


def number_reasons(sentence: str, cited_text: str) -> list[str]:
    """A reason for each number of the sentence that the cited text does not support; a count
    of the items the sentence itself lists is its own."""
    cited = _cited_quantities(cited_text)
    counting = list_counts(sentence)
    reasons = []
    for claim in extract_quantities(sentence):
        if claim.text.strip().lower() in counting:
            continue
        if not _quantity_supported(claim, cited):
            same_value = [q.describe() for q in cited if math.isclose(q.value, claim.value)]
            hint = f" (cited text has {same_value[0]!r})" if same_value else ""
            reasons.append(f"number {claim.describe()!r} not in cited text{hint}")
    return reasons


def _bounds_agree(theirs: str | None, ours: str | None) -> bool:
    if theirs == ours:
        return True
    return MAXIMUM in (theirs, ours) and {theirs, ours} <= {MAXIMUM, "at most", None}


def comparator_reasons(sentence: str, cited_text: str) -> list[str]:
    """A reason for each number whose bound differs from every mention of it in the cited text:
    "at least 4 hours" where the text says "at most 4 hours" or just "4 hours", or a bare
    "Grade 1" where the text only ever says "\u2264 Grade 1". Numbers the cited text lacks
    are ``number_reasons``' to report."""
    cited = _cited_quantities(cited_text)
    reasons = []
    for claim in extract_quantities(sentence):
        same = [q for q in cited if same_quantity(claim, q)]
        if not same or any(_bounds_agree(q.bound, claim.bound) for q in same):
            continue
        theirs = sorted({q.bound or "no comparator" for q in same})
        reasons.append(
            f"comparator differs from source: '{claim.bound or 'no comparator'}' "
            f"{claim.describe()!r} vs '{' / '.join(theirs)}'"
        )
    return reasons
