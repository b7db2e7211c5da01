"""Populations a label may exclude: children for adult-only products, women for men-only ones.

Children and women come up in questions that are not about treating them ("keep out of reach of
children", "his partner is pregnant"), so those contexts are removed before the population words
and ages under 18 are looked for.
"""

from __future__ import annotations

import re

__all__ = ["female_term", "pediatric_term"]

_I = re.IGNORECASE

_PEDIATRIC = re.compile(
    r"\bp(?:a)?ediatrics?\b|\bchild(?:ren)?\b|\bkids?\b|\badolescen\w*|\bteen(?:s|agers?)?\b"
    r"|\binfants?\b|\bneonat\w*|\bnewborns?\b|\btoddlers?\b|\bbab(?:y|ies)\b|\bjuvenile\b"
    r"|\bminors\b|\bschool[- ]age\w*|\bboys?\b|\bgirls?\b|\byouths?\b",
    _I,
)
_AGE = re.compile(
    r"\b(?P<a>\d{1,2})[- ](?:years?|yrs?)[- ]olds?\b|\b(?P<b>\d{1,2}) ?y/?o\b"
    r"|\bage[sd]? (?P<c>\d{1,2})(?!\d)"
    r"|\b(?:under|younger than|below|less than) (?:the )?(?:age (?:of )?)?(?P<d>\d{1,2})\b"
    r"(?!\s*(?:mg|mcg|%|x\b|times|ms\b|mL|kg|bpm|weeks?|days?|months?|hours?|[.,]\d))",
    _I,
)
# Children mentioned in a safety context about the approved (adult) population.
_CHILD_CONTEXT = re.compile(
    r"\bbreast-?fed (?:child|children|infants?|bab(?:y|ies))\b|\bnursing (?:infants?|child)\b"
    r"|\bbaby (?:aspirin|asa)\b"
    r"|\b(?:out of|within) (?:the )?reach of (?:small |young )?children\b"
    r"|\b(?:kids|children|grandchildren) (?:in|at) (?:the )?(?:house|home|household)\b"
    r"|\b(?:live|lives|living) with (?:young |small )?(?:kids|children)\b"
    r"|\b(?:an? |the )?(?:child|kid|toddler|infant|baby) (?:accidentally )?"
    r"(?:swallow\w*|ingest\w*|touch\w*|gets? into)"
    r"|\b(?:have|having|father|fathering|conceive|conceiving) (?:a |more )?"
    r"(?:child|children|kids|baby)\b"
    r"|\b(?:infants?|newborns?|babies) (?:exposed|born)\b|\bbaby aspirin\b|\bchild[- ]pugh\b"
    # the baby a patient breastfeeds: "shes nursing a baby", "breastfeeding her infant"
    r"|\b(?:nursing|breast-?feeding|feeding) (?:a|an|her|the|their|his) "
    r"(?:\d+[- ]\w+[- ]old )?(?:baby|infant|newborn|child)\b",
    _I,
)
_FEMALE = re.compile(
    r"\bwom[ae]n\b|\bfemales?\b|\bladies\b|\blady\b|\bgirls?\b|\bpregnan\w*|\bbreast-?feeding\b"
    r"|\bpostpartum\b|\bmenopaus\w*",
    _I,
)
_PARTNER_CONTEXT = re.compile(
    r"\b(?:partner|wife|spouse|girlfriend)s?\b[^.?]{0,20}\bpregnan\w*", _I
)


def _strip(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(" ", text)


def pediatric_term(text: str) -> str | None:
    """The word or age ("kids", "12-year-old") that puts ``text`` in a pediatric population."""
    cleaned = _strip(text, _CHILD_CONTEXT)
    match = _PEDIATRIC.search(cleaned)
    if match:
        return match.group(0)
    for age in _AGE.finditer(cleaned):
        value = next(int(v) for v in age.groups() if v is not None)
        if value < 18 and not (age["d"] and _MEASURE_BEFORE.search(cleaned[: age.start()])):
            return age.group(0)
    return None


# "GFR under 10", "platelets below 50": a measurement, not an age.
_MEASURE_BEFORE = re.compile(
    r"\b(?:e?gfr|crcl|clcr|creatinine clearance|platelets?|anc|count|score|bmi|weight|lvef"
    r"|ef|qtc|hemoglobin|hgb|inr|level)\s*(?:is|of|was|at)?\s*$",
    _I,
)


def female_term(text: str) -> str | None:
    """The word ("women", "pregnant") that puts ``text`` in a female population; a pregnant
    partner of a male patient does not."""
    match = _FEMALE.search(_strip(text, _PARTNER_CONTEXT))
    return match.group(0) if match else None
