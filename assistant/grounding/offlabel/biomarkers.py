"""A biomarker status opposite to the one the label's indications require.

Indications select patients by a marker: "BRCA-mutated", "anti-AQP4 antibody positive",
"associated with a deletion 5q", "without the D816V c-Kit mutation", "exon 19 deletions or exon
21 L858R". A question about a "BRCA wild-type", "AQP4 negative", "no 5q deletion", "D816V
positive" or "exon 20 insertion" patient asks about a population the label does not cover.
Each marker is read with the status the words beside it give it; a marker the indications
state with both statuses (or not at all) is left to the other checks.
"""

from __future__ import annotations

import re

__all__ = ["below_threshold", "opposite_markers", "unlisted_variants"]

_I = re.IGNORECASE

# A marker: a token with a capital or digit inside ("BRCA", "AChR", "AQP4", "5q", "D816V",
# "HER2", "PD-L1", "CD19"), not a plain word, dose or stage.
_MARKER = r"(?P<m>(?-i:[A-Za-z]*[A-Z0-9][A-Za-z0-9]*(?:-[A-Z0-9][A-Za-z0-9]*)?))"
_NOT_MARKERS = frozenset(
    "i ii iii iv iib iic iiia iiib iv mg kg ml ms ae adr fda us usp id pi ecog ihc ish fish "
    "ct mri ok pt pts hcp msl dr md np pa rn q2w q3w q4w q6w bid tid qd iv sc po".split()
)
_JOIN = r"\)?(?:[- ](?:antibody|ab|receptor|gene|status|expression))?\s?[- ]?"
_NEGATIVE_AFTER = (
    rf"(?:{_JOIN}(?:negative|neg\b|wild[- ]?type|wt\b|non[- ]?mutated|unmutated)"
    r"|-(?=\s|$|[,.;)]))"
)
_POSITIVE_AFTER = (
    rf"{_JOIN}(?:positive|pos\b|\+|mutated|mutant|mutations?|deleted|deletions?|amplified"
    r"|overexpressing|overexpression|rearranged|fusions?|exon\s+\d+)"
)
_LOW_AFTER = rf"{_JOIN}(?:low|ultra-?low|equivocal)\b"
_NEGATIVE_BEFORE = (
    r"(?:\bwithout (?:a |an |the )?(?:\w+ ){0,2}|\bno (?:\w+ )?|\bnon-|\bseronegative )"
)
_POSITIVE_BEFORE = r"(?:\bdeletion |\bwith (?:a |an )?(?:deleterious |known )?(?:suspected )?)"
_PATTERNS = (
    ("-", re.compile(rf"{_NEGATIVE_BEFORE}{_MARKER}\b", _I)),
    ("-", re.compile(rf"\b{_MARKER}{_NEGATIVE_AFTER}", _I)),
    ("~", re.compile(rf"\b{_MARKER}{_LOW_AFTER}", _I)),
    ("+", re.compile(rf"\b{_MARKER}{_POSITIVE_AFTER}", _I)),
    ("+", re.compile(rf"{_POSITIVE_BEFORE}{_MARKER}\b", _I)),
)


def _is_marker(token: str) -> bool:
    return (
        token.lower() not in _NOT_MARKERS
        and not token.isdigit()
        and bool(re.search(r"\d", token) or re.search(r"[A-Z]", token[1:]))
    )


def _statuses(text: str) -> dict[str, set[str]]:
    """Each marker ``text`` states, with the statuses ("+", "-", "~" for low) the words beside
    it give; at one mention the first pattern wins ("no BRCA mutation" is negative)."""
    at: dict[int, tuple[str, str]] = {}
    for status, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if _is_marker(match["m"]):
                at.setdefault(match.start("m"), (match["m"].lower(), status))
    found: dict[str, set[str]] = {}
    for marker, status in at.values():
        found.setdefault(marker, set()).add(status)
    return found


def opposite_markers(question: str, indication_text: str) -> list[str]:
    """Markers the question gives one status and the indications only the other, e.g.
    "BRCA wild-type" against "BRCA-mutated"."""
    required = _statuses(indication_text)
    opposite = []
    for marker, statuses in _statuses(question).items():
        if len(statuses) != 1 or marker not in required or len(required[marker]) != 1:
            continue
        if statuses != required[marker] and not _alternative_met(question, indication_text, marker):
            opposite.append(f"{marker.upper()} {_STATUS_WORDS[next(iter(statuses))]}")
    return opposite


_STATUS_WORDS = {"+": "positive", "-": "negative", "~": "low"}
_ALTERNATIVE = re.compile(r"\b(?:and/)?or\b(?P<rest>[^.;,()]{0,80})", _I)


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{5,}", text.lower())}


def _alternative_met(question: str, indication_text: str, marker: str) -> bool:
    """Whether the question meets the alternative the indication offers to the marker ("at
    least one F508del mutation ... or a mutation ... responsive based on in vitro data"; "a
    BRCA mutation, and/or genomic instability"): two of its words in the question."""
    asked = _content(question)
    for sentence in re.split(r"(?<=[.;])\s+", indication_text):
        at = sentence.lower().find(marker)
        if at < 0:
            continue
        for match in _ALTERNATIVE.finditer(sentence, at):
            if len(_content(match["rest"]) & asked) >= 2:
                return True
    return False


_VARIANT = re.compile(r"\bexon\s+(?P<n>\d{1,2})\b|\b(?P<code>[A-Z]\d{2,4}[A-Z])\b")


def unlisted_variants(question: str, indication_text: str) -> list[str]:
    """Mutation variants the question names ("exon 20", "G12C") while the indications list
    others ("exon 19 deletions or exon 21 L858R") and not these."""
    listed = {m.group(0).lower() for m in _VARIANT.finditer(indication_text)}
    listed = {" ".join(v.split()) for v in listed}
    if not listed:
        return []
    return [
        m.group(0)
        for m in _VARIANT.finditer(question)
        if " ".join(m.group(0).lower().split()) not in listed
    ]


# "MRD greater than or equal to 0.1%", "PD-L1 [Tumor Proportion Score (TPS) ≥1%]": the marker
# tokens shortly before a lower bound in percent.
_AT_LEAST = re.compile(
    r"(?P<before>[^.;]{0,60}?)(?:≥|>=|greater than or equal to|at least)\s*"
    r"(?P<n>\d+(?:\.\d+)?)\s*%",
    _I,
)
_MARKER_TOKEN = re.compile(r"(?-i:\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)?\b)")
_PERCENT = re.compile(r"(?<![\d.])(?P<n>\d+(?:\.\d+)?)\s*%")
_LOOK_BACK = 25  # characters before a level that may name its marker ("MRD came back 0.05%")
# A question about the label's combination is not about the marker-selected monotherapy; one
# that rules the partner out ("pt refuses chemo") is.
_PARTNER = re.compile(r"\bchemo\w*|\bplatinum\b|\bpemetrexed\b|\bcarboplatin\b|\bpaclitaxel\b", _I)
_PARTNER_REFUSED = re.compile(
    r"\b(?:no|without|refus\w*|declin\w*|(?:doesn'?t|does not|won'?t) want|ineligible for"
    r"|not (?:a )?candidate for)\s+(?:\w+\s+)?(?:chemo\w*|platinum)",
    _I,
)


def below_threshold(question: str, indication_text: str) -> str | None:
    """A marker level the question states below every lower bound the indications set for
    that marker ("MRD 0.05%" where they require "MRD greater than or equal to 0.1%")."""
    bounds: dict[str, list[float]] = {}
    for match in _AT_LEAST.finditer(indication_text):
        for marker in _MARKER_TOKEN.findall(match["before"]):
            bounds.setdefault(marker.lower(), []).append(float(match["n"]))
    if not bounds:
        return None
    if _PARTNER.search(question) and not _PARTNER_REFUSED.search(question):
        return None
    for match in _PERCENT.finditer(question):
        before = question[max(0, match.start() - _LOOK_BACK) : match.start()]
        markers = [m for m in _MARKER_TOKEN.findall(before) if m.lower() in bounds]
        if markers and float(match["n"]) < (floor := min(bounds[markers[-1].lower()])):
            return f"{markers[-1]} {match['n']}% (the indications require at least {floor:g}%)"
    return None
