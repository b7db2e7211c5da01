"""Signal 6: one word swapped for its opposite, read against the passage the sentence restates.

A language model keeps the wording and flips one thing: increase for decrease, after for before,
pediatric for adult, hepatic for renal, weekly for daily, discontinue for withhold. A long cited
chunk often holds both words somewhere, so asking "does the cited text use this word?" misses
the swap. Here the sentence is compared with the passage window it matches best (one passage
sentence or two): on each axis of opposites, a pole the sentence states that the window does
not, while the window states another pole of the same axis that the sentence leaves out, is a
contradiction, reported as "direction differs from source: 'decrease' vs 'increase'". A
schedule is a pole with its number ("every 3 weeks" is not "every 2 weeks").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.grounding.support.lexical import content_stems
from assistant.grounding.support.text import normalize

__all__ = ["AXES", "Axis", "anchored_reasons", "contrast_reasons", "poles"]


@dataclass(frozen=True)
class Axis:
    """Mutually exclusive readings of one aspect of a claim, each found by a pattern.

    Patterns are tried in order and what one matches is masked from the next, so the specific
    pole comes first ("twice daily" before "daily", "with or without food" before "without
    food"). A pole name with ``{n}`` and ``{unit}`` takes them from the match ("every {n}
    {unit}" gives "every 3 week")."""

    label: str
    poles: tuple[tuple[str, re.Pattern[str]], ...]


def _axis(label: str, *poles: tuple[str, str]) -> Axis:
    return Axis(label, tuple((name, re.compile(rf"\b(?:{regex})", re.I)) for name, regex in poles))


_NUMBERS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "ten": "10", "twelve": "12", "other": "2",
}  # fmt: skip
_EVERY = (
    rf"every (?P<n>\d+(?:\.\d+)?|{'|'.join(_NUMBERS)})(?:\s*(?:to|-)\s*\d+)?\s*"
    r"(?P<unit>hour|minute|day|week|month)s?\b"
)
# Interaction strength ("moderate CYP3A inhibitors") is not disease severity.
_INTERACTION_TARGET = (
    r"\s+(?:(?:or|and|to)\s+strong\s+)?(?:cyp|p-gp|bcrp|oatp|ugt|inhibitor|inducer)"
)

# The first count of "three or two times a day regimens" takes the second's "times a day".
_OR_TIMES_A_DAY = r"(?= (?:or|and|to) (?:one|two|three|four|[1-4]) times (?:a|per|each) day\b)"

_AFTER = r"after\b|(?<!the )following\b(?!\s*:)|subsequent to\b"

AXES: tuple[Axis, ...] = (
    _axis(
        "direction",
        ("more often", r"more (?:likely|common(?:ly)?|frequent(?:ly)?|often)\b"),
        ("less often", r"less (?:likely|common(?:ly)?|frequent(?:ly)?|often)\b"),
        (
            "increase",
            r"increas\w*|elevat\w*|rais(?:e|es|ed|ing)\b|higher\b|ris(?:e|es|ing)\b"
            r"|speed(?:s|ed)? up\b|faster\b",
        ),
        (
            "decrease",
            r"decreas\w*|reduc\w*|lower(?:s|ed|ing)?\b|declin\w*|diminish\w*|slow(?:s|ed|ing)?\b",
        ),
    ),
    _axis(
        "effect",
        ("improve", r"improv\w*|enhanc\w*|resolv\w*"),
        ("impair", r"impair(?:s|ed)?\b|worsen\w*"),
    ),
    _axis("duration", ("prolong", r"prolong\w*|lengthen\w*"), ("shorten", r"shorten\w*")),
    _axis("length", ("long", r"long(?:er)?\b(?!-)"), ("short", r"short(?:er)?\b(?!-)")),
    _axis(
        "enzyme activity",
        ("induce", r"induc(?:e|es|ed|ing|tion of)\b"),
        ("suppress", r"suppress\w*|inhibit(?:s|ed|ing)?\b"),
    ),
    _axis(
        "level",
        ("high", r"high\b(?![- ](?:end|risk|dose))"),
        ("low", r"low\b(?![- ](?:end|risk|dose))"),
    ),
    _axis(
        "care setting",
        ("inpatient", r"hospitali[sz]ed|inpatients?"),
        ("outpatient", r"outpatients?"),
    ),
    _axis(
        "point in a period",
        ("beginning", r"(?:at the )?(?:beginning|start) of\b"),
        ("end", r"(?:at the )?end of\b"),
    ),
    _axis("end of a range", ("low end", r"low(?:er)? end\b"), ("high end", r"high(?:er)? end\b")),
    _axis(
        "time order",
        ("before", r"before\b|prior to\b|preced(?:e|es|ed|ing)\b|in advance of\b"),
        # "starting at 30 weeks" and "from Cycle 1 Day 1" are after that point, not before it
        (
            "after",
            rf"{_AFTER}|as soon as\b|upon\b|(?:starting|beginning) (?:at|from|on|with)\b"
            r"|from (?=(?:cycle|day|week|month|the (?:first|start|last))\b)",
        ),
        # "while taking", "while BLINCYTO is being administered"; not the "while" of a contrast
        (
            "during",
            r"during\b|while (?=(?:taking|receiving|on|being|using|treated|undergoing)\b"
            r"|\w+ (?:is|are) (?:being|taking|receiving|on)\b)",
        ),
    ),
    # "typically reported within the first 4 weeks" said as "after the first 4 weeks"; "within"
    # and "prior to" say the same bound ("within 24 hours prior to"), so they are no contrast.
    _axis(
        "time bound",
        ("within", r"within\b"),
        ("after", _AFTER),
    ),
    _axis("place in a series", ("first", r"first\b"), ("last", r"last\b")),
    _axis(
        "before or after approval",
        ("pre-approval", r"pre-?(?:approval|marketing)\b"),
        ("post-approval", r"post-?(?:approval|marketing)\b"),
    ),
    _axis(
        "when a missed dose is taken",
        ("as soon as possible", r"as soon as possible\b"),
        ("at the next scheduled dose", r"(?:at|with) the next (?:scheduled|planned|regular)\b"),
    ),
    _axis(
        "food",
        (
            "with or without food",
            r"with or without (?:a )?(?:food|meals?)\b|regardless of (?:food|meals?)\b",
        ),
        (
            "without food",
            r"without (?:a )?(?:food|meals?)\b|(?:on an )?empty stomach\b|fast(?:ed|ing)\b",
        ),
        ("with food", r"with (?:a |food or )?(?:food|meals?|milk)\b|fed\b"),
    ),
    _axis(
        "population",
        (
            "pediatric",
            r"p(?:a)?ediatric\b|child(?:ren)?\b|adolescents?\b|infants?\b|neonat\w*|newborns?\b",
        ),
        (
            "geriatric",
            r"geriatric\b|elderly\b|65 years (?:of age )?(?:and|or) older\b"
            r"|older (?:adults?|patients)\b",
        ),
        ("adult", r"adults?\b"),
    ),
    _axis("sex", ("female", r"wom[ae]n\b|females?\b"), ("male", r"m[ae]n\b|males?\b")),
    _axis("genotype", ("homozygous", r"homozyg\w*"), ("heterozygous", r"heterozyg\w*")),
    _axis(
        "pregnancy or lactation",
        ("pregnancy", r"pregnan\w*"),
        ("lactation", r"lactat\w*|breast-?fe\w*|nursing\b"),
    ),
    _axis(
        "organ",
        ("renal", r"renal\b|kidneys?\b|nephr\w*"),
        ("hepatic", r"hepat\w*|liver\b"),
        ("cardiac", r"cardiac\b|heart\b|ventricular\b|myocard\w*"),
        ("pulmonary", r"pulmonary\b|lungs?\b|pneumonitis\b|ild\b"),
        ("pancreatic", r"pancrea\w*"),
    ),
    _axis(
        "severity",
        ("mild", r"mild\b"),
        ("moderate", rf"moderate\b(?!{_INTERACTION_TARGET})"),
        ("severe", r"severe\b"),
    ),
    _axis(
        "interaction strength",
        ("strong", r"strong\b"),
        ("moderate", rf"moderate(?={_INTERACTION_TARGET})"),
        ("weak", r"weak\b"),
    ),
    _axis("interaction", ("inhibitor", r"inhibitors?\b"), ("inducer", r"inducers?\b")),
    _axis(
        "frequency",
        # The first count of a pair ("three or two times a day"): before "two times a day" is
        # masked as a pole of its own.
        ("twice daily", rf"(?:two|2){_OR_TIMES_A_DAY}"),
        ("three times daily", rf"(?:three|3){_OR_TIMES_A_DAY}"),
        ("four times daily", rf"(?:four|4){_OR_TIMES_A_DAY}"),
        (
            "twice daily",
            r"twice[\s-](?:a\s)?da(?:y|ily)\b|(?:two|2) times (?:a|per|each) day\b"
            r"|every 12 hours\b|bid\b",
        ),
        (
            "three times daily",
            r"(?:three|3) times (?:a|per|each) day\b|every 8 hours\b|tid\b",
        ),
        (
            "four times daily",
            r"(?:four|4) times (?:a|per|each) day\b|every 6 hours\b|qid\b",
        ),
        (
            "once daily",
            r"once[\s-](?:a\s)?da(?:y|ily)\b|(?:every|each|per|a) day\b|daily\b|every 24 hours\b",
        ),
        ("every other day", r"every other day\b"),
        ("every {n} {unit}", _EVERY),
        ("every 1 {unit}", r"every (?P<unit>hour|minute|week|month)\b"),
        ("every 1 week", r"once (?:a )?week(?:ly)?\b|weekly\b|(?:each|per|a) week\b"),
        (
            "every 1 month",
            r"once (?:a )?month(?:ly)?\b|once-monthly\b|monthly\b|(?:each|per|a) month\b",
        ),
        ("every 1 year", r"once (?:a |per )?year\b|annual(?:ly)?\b|yearly\b|(?:each|per) year\b"),
    ),
    _axis(
        "route",
        ("intravenous", r"intravenous\w*|infusions?\b|iv\b"),
        ("subcutaneous", r"subcutaneous\w*"),
        ("intramuscular", r"intramuscular\w*"),
        ("oral", r"oral(?:ly)?\b|by mouth\b"),
        ("topical", r"topical\w*"),
    ),
    _axis(
        "action",
        ("withhold", r"withh(?:o|e)ld\w*|interrupt\w*"),
        ("discontinue", r"permanently discontinu\w*"),
    ),
    _axis(
        "continuation",
        ("continue", r"(?<!dis)continu(?:e|es|ed|ing)\b"),
        ("stop", r"discontinu(?:e|es|ed|ing)\b|stop(?:s|ped|ping)?\b"),
    ),
    _axis(
        "line of therapy",
        (
            "untreated",
            r"previously untreated\b|treatment-na[iï]ve\b|first-line\b|newly diagnosed\b",
        ),
        (
            "previously treated",
            r"previously treated\b|refractory\b|relapsed\b|second-line\b"
            r"|(?:one|two|three|\d+) or more prior\b",
        ),
    ),
    _axis(
        "combination",
        ("monotherapy", r"monotherapy\b|single[- ]agent\b|as a single\b"),
        ("combination", r"in combination\b|combined with\b"),
    ),
    _axis(
        "biomarker",
        ("positive", r"[\w]+-positive\b|positive\b"),
        ("negative", r"[\w]+-negative\b|negative\b"),
    ),
    _axis("bound", ("maximum", r"maxim(?:um|al)\b"), ("minimum", r"minim(?:um|al)\b")),
    _axis("amount", ("half", r"half\b"), ("full", r"full\b")),
    _axis(
        "comparator",
        (
            "at least",
            r"at least\b|no (?:less|fewer) than\b|not less than\b|a minimum of\b"
            r"|(?:greater|more) than or equal to\b"
            r"|or (?:more|greater|longer|older|higher)\b|and older\b|\u2265|>=",
        ),
        (
            "at most",
            r"at most\b|no more than\b|not more than\b|up to\b|a maximum of\b"
            r"|not (?:to )?exceed\w*|less than or equal to\b"
            r"|or (?:less|fewer|younger|lower)\b|\u2264|<=",
        ),
        (
            "more than",
            r"more than\b|greater than\b|longer than\b|older than\b|exceed\w*|above\b|>",
        ),
        ("less than", r"less than\b|fewer than\b|shorter than\b|younger than\b|below\b|<"),
    ),
)


def _pole_name(name: str, match: re.Match[str]) -> str:
    if "{" not in name:
        return name
    groups = {k: v.lower() for k, v in match.groupdict().items() if v}
    if "n" in groups:
        groups["n"] = _NUMBERS.get(groups["n"], groups["n"])
    return name.format(**groups)


def poles(text: str, axis: Axis) -> frozenset[str]:
    """The poles of ``axis`` that ``text`` states."""
    return frozenset(name for name, _, _ in _occurrences(text, axis))


def contrast_reasons(sentence: str, window: str) -> list[str]:
    """A reason for each axis on which the sentence swapped a pole of its best passage window.

    ``window`` is the passage text the sentence matches best (one or two passage sentences).
    A pole the sentence states and the window does not, while the window states a pole of the
    same axis that the sentence leaves out, is a swap.
    """
    reasons = []
    for axis in AXES:
        said = poles(sentence, axis)
        if not said:
            continue
        source = poles(window, axis)
        introduced, replaced = said - source, source - said
        if introduced and replaced:
            reasons.append(
                f"{axis.label} differs from source: "
                f"'{' / '.join(sorted(introduced))}' vs '{' / '.join(sorted(replaced))}'"
            )
    return reasons


_CONTEXT_WORDS = 3


def _occurrences(text: str, axis: Axis) -> list[tuple[str, int, int]]:
    """(pole, start, end) of every pole of ``axis`` in ``text`` (normalized), in order."""
    remaining = normalize(text)
    found = []
    for name, pattern in axis.poles:
        for match in pattern.finditer(remaining):
            found.append((_pole_name(name, match), match.start(), match.end()))
        remaining = pattern.sub(lambda m: " " * len(m.group(0)), remaining)
    return sorted(found, key=lambda f: f[1])


_BOUNDARY = re.compile(r"[,;:()]|\s(?:and|or|but|whereas|while|then)\s", re.I)
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def _words(text: str) -> list[str]:
    """Content stems and numbers, in order."""
    tokens = re.findall(r"[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)?", text)
    return [w for t in tokens for w in ([t] if _DIGITS.fullmatch(t) else content_stems(t))]


def _contexts(text: str, axis: Axis) -> list[tuple[str, frozenset[str]]]:
    """Each pole of ``axis`` in ``text`` with the words just before and after it, inside its
    clause ("decreased to 25 mg or increased to 100 mg" gives each pole its own number)."""
    norm = normalize(text)
    contexts = []
    for name, start, end in _occurrences(norm, axis):
        lead = _BOUNDARY.split(norm[:start])[-1]
        tail = _BOUNDARY.split(norm[end:])[0]
        before = _words(lead)[-_CONTEXT_WORDS:]
        after = _words(tail)[:_CONTEXT_WORDS]
        contexts.append((name, frozenset(before + after)))
    return contexts


def anchored_reasons(sentence: str, window: str) -> list[str]:
    """Swaps a sentence makes while still stating both poles somewhere ("take on an empty
    stomach ... compared to with food"): each pole of the sentence is compared with the pole
    the window states in the same words (two or more content words shared around it)."""
    reasons = []
    for axis in AXES:
        said = _contexts(sentence, axis)
        if not said:
            continue
        source = _contexts(window, axis)
        for pole, context in said:
            overlaps = [(len(context & c), p) for p, c in source]
            best = max((n for n, _ in overlaps), default=0)
            if best < 2:
                continue
            there = {p for n, p in overlaps if n == best}
            if pole not in there:
                reasons.append(
                    f"{axis.label} differs from source: '{pole}' where it says "
                    f"'{' / '.join(sorted(there))}'"
                )
                break
    return reasons
