"""Faithful rewording the checks must see through: attributions, and acronyms written out.

A model restating a label writes "According to the prescribing information, ..." and spells out
what the label abbreviates ("interstitial lung disease" for ILD, "cytochrome P450 3A4" for
CYP3A4), or the reverse. Neither changes the claim, but each adds words the cited text lacks,
which the overlap, entity and term checks would count against the sentence. ``plain_claim``
removes the attribution and writes each expansion as the form the cited text uses, so every
check compares the claim itself.
"""

from __future__ import annotations

import re

from assistant.grounding.support.text import normalize

__all__ = ["acronym_equivalents", "plain_claim", "spells_out"]

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
# Abbreviations labels write out whose letters are not the words' initials.
_STANDARD = {
    "OA": "osteoarthritis",
    "TB": "tuberculosis",
    "MDS": "myelodysplastic syndromes",
    "GEJC": "gastroesophageal junction cancer",
    "GEJ": "gastroesophageal junction",
    "GI": "gastrointestinal",
    "CBC": "complete blood count",
    "MI": "myocardial infarction",
    "IV": "intravenous",
    "SC": "subcutaneous",
    "MTX": "methotrexate",
    "PE": "pulmonary embolism",
    "VTE": "venous thromboembolism",
    "DVT": "deep vein thrombosis",
    "ASA": "aspirin",
    "JAK": "Janus kinase",
    "CV": "cardiovascular",
    "ECG": "electrocardiogram",
}


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
    """Spans of ``text`` whose words' initials spell ``key`` (small words may be skipped)."""
    words = list(_WORD.finditer(text))
    spans = []
    for i, first in enumerate(words):
        if first.group(0)[0].lower() != key[0] or first.group(0).lower() in _SKIPPED:
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
    return spans


def spells_out(acronym: str, text: str) -> bool:
    """Whether ``text`` holds words whose initials spell ``acronym`` ("creatinine clearance"
    for "CC", "rheumatoid arthritis" for "ra")."""
    keys = dict.fromkeys([*_letter_keys(acronym), *_letter_keys(acronym.upper())])
    return any(_expansion_spans(text, key) for key in keys)


def plain_claim(sentence: str, cited_text: str) -> str:
    """The sentence without a leading attribution, its acronyms in the cited text's form."""
    claim = _ATTRIBUTION.sub("", normalize(sentence).strip(), count=1) or sentence
    for pattern, replacement in _FIXED:
        claim = pattern.sub(replacement, claim)
    cited = normalize(cited_text)
    if "CYP450" in cited:
        claim = _CYTOCHROME.sub("CYP450", claim)
    cited_acronyms = {t for t in _ACRONYM.findall(cited) if _is_acronym(t)}
    cited_lower = cited.lower()
    # Written out in the sentence, abbreviated in the cited text: use the acronym.
    for acronym in sorted(cited_acronyms, key=len, reverse=True):
        standard = _STANDARD.get(acronym)
        if standard and standard.lower() not in cited_lower:
            claim = re.sub(rf"\b{re.escape(standard)}\w*", acronym, claim, flags=re.I)
        for key in _letter_keys(acronym):
            for start, end in reversed(_expansion_spans(claim, key)):
                if claim[start:end].lower() not in cited_lower:
                    claim = f"{claim[:start]}{acronym}{claim[end:]}"
    # Abbreviated in the sentence, written out in the cited text: use the words.
    for acronym in {t for t in _ACRONYM.findall(claim) if _is_acronym(t)} - cited_acronyms:
        if re.search(rf"\b{re.escape(acronym.lower())}\b", cited_lower):
            continue
        standard = _STANDARD.get(acronym)
        if standard and re.search(rf"\b{re.escape(standard[:-1])}", cited_lower):
            claim = re.sub(rf"\b{re.escape(acronym)}\b", standard, claim)
            continue
        for key in _letter_keys(acronym):
            spans = _expansion_spans(cited, key)
            if spans:
                start, end = spans[0]
                claim = re.sub(rf"\b{re.escape(acronym)}\b", cited[start:end], claim)
                break
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
