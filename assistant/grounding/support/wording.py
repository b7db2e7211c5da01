"""Faithful rewording the checks must see through: attributions, acronyms and units written out.

A model restating a label writes "According to the prescribing information, ..." and spells out
what the label abbreviates ("interstitial lung disease" for ILD, "cytochrome P450 3A4" for
CYP3A4, "1 milligram per kilogram per hour" for 1 mg/kg/hr), or the reverse. Neither changes
the claim, but each adds words the cited text lacks, which the overlap, entity and term checks
would count against the sentence. ``plain_claim`` removes the attribution and writes each
expansion as the form the cited text uses, so every check compares the claim itself.
"""

from __future__ import annotations

import re

from assistant.grounding.support.text import normalize
from knowledge_base.acronyms import long_form

__all__ = [
    "acronym_equivalents",
    "plain_claim",
    "reads_otherwise",
    "spells_out",
    "standard_long_form",
]

_SOURCE_NAME = (
    r"(?:the\s+)?(?:(?:full|approved|current|us|u\.s\.)\s+)?(?:\w+(?:'s)?\s+){0,2}"
    r"(?:prescribing\s+information|product\s+label(?:l?ing)?|label(?:l?ing)?|pi|package\s+insert)"
)
_ATTRIBUTION = re.compile(
    rf"^(?:(?:according\s+to|per|as\s+per|as\s+(?:stated|noted|described)\s+in)\s+{_SOURCE_NAME}"
    rf"\s*,?\s+|{_SOURCE_NAME}\s+(?:states|says|notes|indicates|specifies|recommends|advises"
    r"|explains|reports|describes|instructs)\s*(?:that\s+|:\s*)?)",
    re.I,
)
_ACRONYM = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\b")
_WORD = re.compile(r"[A-Za-z]+")
# Small words an expansion may skip; "s" is what a possessive leaves ("Crohn's disease").
_SKIPPED = frozenset({"of", "and", "the", "to", "for", "in", "on", "s"})
# Spelled-out forms that are not initials.
_FIXED = ((re.compile(r"\bcytochrome\s+P-?450\s*(?=\d)", re.I), "CYP"),)
# "cytochrome P450 enzymes", where the cited text writes "CYP450 enzymes".
_CYTOCHROME = re.compile(r"\bcytochrome\s+P-?450\b", re.I)
# Abbreviations labels write out whose letters are not the words' initials, with the pattern of
# their written-out form (plural endings follow it); several short forms may share one.
_STANDARD = (
    ("OA", r"osteoarthritis"),
    ("TB", r"tuberculosis"),
    ("MDS", r"myelodysplastic syndromes"),
    ("GEJC", r"gastroesophageal junction cancer"),
    ("GEJ", r"gastroesophageal junction"),
    ("GI", r"gastrointestinal"),
    ("CBC", r"complete blood count"),
    ("MI", r"myocardial infarction"),
    ("IV", r"intravenous"),
    ("SC", r"subcutaneous"),
    ("MTX", r"methotrexate"),
    ("PE", r"pulmonary embolism"),
    ("VTE", r"venous thromboembolism"),
    ("DVT", r"deep vein thrombosis"),
    ("ASA", r"aspirin"),
    ("JAK", r"Janus kinase"),
    ("CV", r"cardiovascular"),
    ("ECG", r"electrocardiogram"),
    ("Ph+", r"Philadelphia[- ]chromosome[- ]positive"),
    ("Ph", r"Philadelphia chromosome"),
    ("Cmax", r"(?:peak|maximum) (?:plasma |serum )?concentration"),
    ("CrCl", r"creatinine clearance"),
    ("CLcr", r"creatinine clearance"),
    ("Clcr", r"creatinine clearance"),
    ("CSF", r"cerebrospinal fluid"),
    ("NaCl", r"sodium chloride"),
    ("MRI", r"magnetic resonance imaging(?: scans?)?"),
    ("AUC", r"area under the (?:plasma )?(?:concentration[- ]time )?curve"),
)


def _standard_patterns(short: str) -> list[str]:
    """The written-out patterns of a standard abbreviation; [] for any other short form."""
    return [pattern for abbreviation, pattern in _STANDARD if abbreviation == short]


def reads_otherwise(short: str, phrase: str) -> bool:
    """Whether ``short`` is a standard abbreviation that ``phrase`` does not spell out: a
    label's "genomic instability (GI)" is not what "GI" means in "peds GI" (gastrointestinal,
    gastroenterologist). The short form itself spells out nothing."""
    patterns = _standard_patterns(short)
    return (
        bool(patterns)
        and phrase != short
        and not any(re.search(rf"\b{p}", phrase, re.I) for p in patterns)
    )


def standard_long_form(short: str, text: str) -> str | None:
    """The words ``text`` writes for a standard abbreviation ("MI": "myocardial infarction",
    "GI": "gastrointestinal"), or None where it writes none."""
    for pattern in _standard_patterns(short):
        if found := re.search(rf"\b{pattern}\b", text, re.I):
            return found.group(0)
    return None


# Units a model spells out ("1 milligram per kilogram per hour" for "1 mg/kg/hr"), written as
# the labels write them; "per" between two units becomes the slash.
_UNIT_WORDS = (
    (r"milligrams?", "mg"),
    (r"micrograms?", "mcg"),
    (r"kilograms?", "kg"),
    (r"millilit(?:er|re)s?", "mL"),
    (r"decilit(?:er|re)s?", "dL"),
    (r"cubic millimet(?:er|re)s?", "mm3"),
    (r"square met(?:er|re)s?", "m2"),
    (r"(?<=\d )grams?", "g"),
)
_UNIT_SYMBOL = r"(?:mg|mcg|kg|mL|dL|mm3|m2|g|cells|units?)"
_TIME_SPELLINGS = {"hour": "hr", "hr": "hour", "minute": "min", "min": "minute"}
_PER_UNIT = re.compile(rf"\b({_UNIT_SYMBOL}) per (kg|dL|mL|mm3|m2|hr|hour|min|minute|day)\b")


def _spelled(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\w*", re.I)


def _as_word(short: str) -> re.Pattern[str]:
    """``short`` as a token of its own ("Ph+" in "Ph+ CML", "ASA" in "ASA-containing")."""
    return re.compile(rf"(?<![A-Za-z0-9-]){re.escape(short)}(?![A-Za-z0-9+])")


def _is_acronym(token: str) -> bool:
    return sum(ch.isupper() for ch in token) >= 2 and len(token) <= 10


def _letter_keys(acronym: str) -> list[str]:
    """Initials an expansion of ``acronym`` may have, longest first: all its letters, then its
    capitals only ("HoFH": "hofh", "hfh"; "mCRPC": "mcrpc" before "crpc", so "metastatic" is
    kept)."""
    letters = "".join(ch for ch in acronym if ch.isalpha()).lower()
    capitals = "".join(ch for ch in acronym if ch.isupper()).lower()
    return list(dict.fromkeys(k for k in (letters, capitals) if len(k) >= 2))


def _expansion_spans(text: str, key: str) -> list[tuple[int, int]]:
    """Spans of ``text`` whose words' initials spell ``key`` (small words may be skipped), left
    to right and never overlapping ("multiple myeloma maintenance" holds one MM, not two)."""
    words = list(_WORD.finditer(text))
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        first = words[i]
        if first.group(0)[0].lower() != key[0] or first.group(0).lower() in _SKIPPED:
            i += 1
            continue
        position, j = 1, i + 1
        while position < len(key) and j < len(words):
            word = words[j].group(0)
            if word[0].lower() == key[position]:
                position += 1
            elif word.lower() not in _SKIPPED:
                break
            j += 1
        long_enough = len(key) >= 3 or all(
            len(w.group(0)) >= 4 for w in words[i:j] if w.group(0).lower() not in _SKIPPED
        )
        if position == len(key) and long_enough:
            spans.append((first.start(), words[j - 1].end()))
            i = j
        else:
            i += 1
    return spans


def spells_out(acronym: str, text: str) -> bool:
    """Whether ``text`` holds words whose initials spell ``acronym`` ("creatinine clearance"
    for "CC", "rheumatoid arthritis" for "ra")."""
    keys = dict.fromkeys([*_letter_keys(acronym), *_letter_keys(acronym.upper())])
    return any(_expansion_spans(text, key) for key in keys)


def _defined_in_place(claim: str, acronym: str) -> bool:
    """Whether the words just before "(ACRONYM)" in ``claim`` spell it out ("intraocular lens
    (IOL)"): the sentence defines the acronym for its reader."""
    match = re.search(rf"\(\s*{re.escape(acronym)}\s*\)", claim)
    if not match:
        return False
    before = " ".join(claim[: match.start()].split()[-6:])
    phrase = long_form(acronym, before)
    return phrase is not None and before.endswith(phrase)


def _abbreviate(claim: str, acronym: str, spans: list[tuple[int, int]], cited_lower: str) -> str:
    """``claim`` with each span the cited text does not write out replaced by ``acronym``; a
    span holding the acronym itself ("G6PD) deficiency") is no spelling of it."""
    own = _as_word(acronym)
    for start, end in reversed(spans):
        if claim[start:end].lower() not in cited_lower and not own.search(claim[start:end]):
            claim = f"{claim[:start]}{acronym}{claim[end:]}"
    return claim


def _units_as_symbols(claim: str, cited: str) -> str:
    for pattern, symbol in _UNIT_WORDS:
        if not re.search(rf"\b{pattern}\b", cited, re.I):
            claim = re.sub(rf"\b{pattern}\b", symbol, claim, flags=re.I)

    def per(match: re.Match[str]) -> str:
        if match.group(0) in cited:
            return match.group(0)
        unit, denominator = match.group(1), match.group(2)
        other = _TIME_SPELLINGS.get(denominator)
        if other and f"/{denominator}" not in cited and f"/{other}" in cited:
            denominator = other  # "per hour" where the label writes "/hr"
        return f"{unit}/{denominator}"

    # twice: "mg per kg per hr" joins "mg/kg" first, then "mg/kg/hr"
    for _ in range(2):
        claim = _PER_UNIT.sub(per, claim)
    # A superscript the label's text lost its formatting of: "cells/mm 3".
    for unit, lost in (("mm3", "mm 3"), ("m2", "m 2")):
        if lost in cited and unit not in cited:
            claim = re.sub(rf"\b{unit}\b", lost, claim)
    return claim


def plain_claim(sentence: str, cited_text: str) -> str:
    """The sentence without a leading attribution, its acronyms and units in the cited text's
    form."""
    claim = _ATTRIBUTION.sub("", normalize(sentence).strip(), count=1) or sentence
    for pattern, replacement in _FIXED:
        claim = pattern.sub(replacement, claim)
    cited = normalize(cited_text)
    if "CYP450" in cited:
        claim = _CYTOCHROME.sub("CYP450", claim)
    claim = _units_as_symbols(claim, cited)
    cited_lower = cited.lower()
    standard_in_cited = [(short, p) for short, p in _STANDARD if _as_word(short).search(cited)]
    cited_acronyms = {t for t in _ACRONYM.findall(cited) if _is_acronym(t)}
    cited_acronyms |= {short for short, _ in standard_in_cited}
    # Written out in the sentence, abbreviated in the cited text: use the acronym.
    for short, pattern in standard_in_cited:
        spelled = _spelled(pattern)
        if not spelled.search(cited):
            claim = spelled.sub(short, claim)
    for acronym in sorted(cited_acronyms, key=len, reverse=True):
        for key in _letter_keys(acronym):
            claim = _abbreviate(claim, acronym, _expansion_spans(claim, key), cited_lower)
        phrase = long_form(acronym, claim) if len(acronym) >= 3 else None
        if phrase and phrase.lower() not in cited_lower:
            start = claim.find(phrase)
            claim = _abbreviate(claim, acronym, [(start, start + len(phrase))], cited_lower)
        # "G6PD (G6PD)": what the sentence spelled out and defined is now the acronym twice.
        claim = re.sub(
            rf"{_as_word(acronym).pattern}\s*\(\s*{re.escape(acronym)}\s*\)", acronym, claim
        )
    # Abbreviated in the sentence, written out in the cited text: use the words.
    claim_acronyms = {
        part for t in _ACRONYM.findall(claim) for part in t.split("-") if _is_acronym(part)
    }
    claim_acronyms |= {short for short, _ in _STANDARD if _as_word(short).search(claim)}
    for acronym in claim_acronyms - cited_acronyms:
        if re.search(rf"\b{re.escape(acronym.lower())}\b", cited_lower):
            continue
        if _defined_in_place(claim, acronym):  # "intraocular lens (IOL)": the words are there
            claim = re.sub(rf"\s*\(\s*{re.escape(acronym)}\s*\)", "", claim, count=1)
            continue
        written = next(
            (
                found.group(0)
                for short, pattern in _STANDARD
                if short == acronym and (found := _spelled(pattern).search(cited))
            ),
            None,
        )
        if written is None:
            for key in _letter_keys(acronym):
                spans = _expansion_spans(cited, key)
                if spans:
                    written = cited[spans[0][0] : spans[0][1]]
                    break
        if written is not None:
            claim = _as_word(acronym).sub(written, claim)
    return claim


def acronym_equivalents(sentence: str, text: str) -> list[str]:
    """The other form of each acronym one side writes and the other writes out: "Crohn's
    disease" when ``sentence`` says CD, "ILD" when it says "interstitial lung disease"."""
    sentence, text = normalize(sentence), normalize(text)
    found = []
    for source, other in ((sentence, text), (text, sentence)):
        for acronym in {t for t in _ACRONYM.findall(source) if _is_acronym(t)}:
            for key in _letter_keys(acronym):
                spans = _expansion_spans(other, key)
                if source is sentence:
                    found.extend(other[start:end] for start, end in spans)
                elif spans:
                    found.append(acronym)
    return found
