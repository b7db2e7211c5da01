"""A line of therapy the label's indication for that disease does not cover.

Indications say which patients by their treatment so far: "who have not received prior
treatment for metastatic disease" (Herceptin, gastric cancer), "newly diagnosed AML"
(Venclexta), "an inadequate response or intolerance to one or more TNF blockers" (Rinvoq, RA).
A question about a patient who "progressed on FOLFOX", has "relapsed AML" or has "never been on
a TNF" asks about another line. The indications compared are those naming the disease the
question names; when any of them covers the asked line, or states none, nothing is found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from assistant.grounding.offlabel.labels import mentions, name_words
from assistant.grounding.offlabel.vocabulary import COMMON_ABBREVIATIONS

__all__ = ["alone_outside", "line_outside", "prior_therapy_missing"]

_I = re.IGNORECASE

_UNTREATED = re.compile(
    r"\bfirst[- ]line\b|(?-i:\b1L\b)|\bfront[- ]?line\b|\bnewly diagnosed\b"
    r"|\btreatment[- ]na[iï]ve\b"
    r"|\b(?:previously )?untreated\b|\bnever (?:been on|tried|received)\b|\bna[iï]ve\b"
    r"|\bnot received prior\b|\bno prior (?:therapy|treatment|systemic)\b",
    _I,
)
_TREATED = re.compile(
    r"\b(?:second|third|2nd|3rd|later)[- ]line\b|(?-i:\b[23]L\b)"
    r"|\bprogress\w* (?:on|after|following|during)\b"
    r"|\brelapsed\b|\brefractory\b|\bpreviously treated\b|\bfailed\b|\bafter failure\b"
    r"|\bprior (?:therapy|treatment|line|regimen)s?\b|\binadequate response\b|\bintoleran\w+ to\b"
    r"|\bwho have received\b|\bafter (?:one|two|\d) or more\b|\bprogressed\b",
    _I,
)
# four-letter words of dosing and degree that no disease is named by
_NOT_DISEASE = frozenset(
    """dose doses take give used uses days week once twice pill pts kids high low full half
    good poor mild last next okay""".split()
)
_GENERIC = frozenset(
    """patients patient adult adults pediatric treatment therapy disease with who have the
    for and or in of a an to is indicated cancer cancers carcinoma tumor tumors metastatic
    advanced unresectable locally recurrent stage moderate severe active chronic""".split()
)


# A sentence stating who is treated (not a heading such as "1.3 Metastatic Gastric Cancer").
_AN_INDICATION = re.compile(r"\bindicated\b|\bpatients\b|\badults\b")  # not "Adult Patients With"


def _line(text: str) -> str | None:
    untreated = bool(_UNTREATED.search(text))
    # "have not received prior treatment" is untreated, not a "prior treatment".
    treated = bool(_TREATED.search(_UNTREATED.sub(" ", text)))
    if untreated == treated:
        return None
    return "untreated" if untreated else "previously treated"


def _disease_words(question: str, indication_text: str, own: frozenset[str]) -> set[str]:
    """Words of the question naming a disease of the indications ("gastric", "AML", "RA"):
    not the product's names, nor the words saying the line ("newly diagnosed")."""
    words = set()
    unlined = _TREATED.sub(" ", _UNTREATED.sub(" ", question))
    for token in re.findall(r"[A-Za-z][A-Za-z0-9+'-]+", unlined):
        abbreviation = sum(c.isupper() for c in token) >= 2
        if token.lower() in _GENERIC or token.lower() in own:
            continue
        # short words are mostly function words; a four-letter one that is none names a
        # disease as often ("gout", "lung")
        if not abbreviation and (len(token) < 4 or (len(token) == 4 and _common(token))):
            continue
        if mentions(indication_text, token):
            words.add(token)
    return words


def _common(word: str) -> bool:
    return word.lower() in STOP_WORDS or word.lower() in _NOT_DISEASE


def _naming_sentences(indication_text: str, words: set[str]) -> list[str]:
    """The indication sentences (not headings) that name one of ``words``; an abbreviation
    counts in its own case only."""
    return [
        s
        for s in re.split(r"(?<=[.;])\s+|\n+", indication_text)
        if _AN_INDICATION.search(s) and any(mentions(s, w) for w in words)
    ]


def _most_fully_naming(sentences: list[str], words: set[str]) -> list[str]:
    """The indication sentences naming the question's disease most fully: "gBRCA metastatic
    breast" is the breast cancer indications', not also the pancreatic one that shares "gBRCA";
    "resectable NSCLC" the neoadjuvant one, not also the metastatic ones."""
    named = [sum(1 for w in words if mentions(s, w)) for s in sentences]
    return [s for s, n in zip(sentences, named, strict=True) if n == max(named)]


def line_outside(question: str, indication_text: str, own_names: Sequence[str] = ()) -> str | None:
    """The line the question asks about ("previously treated") when every indication sentence
    naming the question's disease states the other line; None otherwise."""
    asked = _line(question)
    if asked is None:
        return None
    own = name_words(own_names)
    words = _disease_words(question, indication_text, own)
    if not words:
        return None
    adult = re.search(r"\badults?\b", question, _I) and not re.search(
        r"\bp(?:a)?ediatric|child", question, _I
    )
    sentences = [
        s
        for s in _naming_sentences(indication_text, words)
        if not (
            adult and re.search(r"\bpediatric\b", s, _I) and not re.search(r"\badults?\b", s, _I)
        )
    ]
    lines = {_line(s) for s in sentences}
    if not sentences or None in lines or asked in lines:
        return None
    return asked


# What an indication requires the patient to have had: "inadequate response or intolerance to
# one or more TNF blockers", "refractory to conventional therapy", "failed 1 or more DMARDs".
_REQUIRED_PRIOR = re.compile(
    r"(?:\b(?:inadequate response|intolerance|refractory|failed|failure of)(?: or intolerance)?"
    r"(?: to| of)?\s+(?:one or more |1 or more |at least one |prior )?"
    # "who have been treated with chemotherapy in the neoadjuvant ... setting"
    r"|\b(?:have|has) been treated with (?:a |an |prior )?)"
    r"(?P<what>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3})",
    _I,
)
# A patient who has not had it: "never had a TNF", "before any TNF", "biologic-naive".
_NOT_HAD = re.compile(
    r"\b(?:never (?:had|been on|tried|received|used|failed)|without (?:trying |prior |any |a )+"
    r"|before (?:trying |any |a )+|no prior|skip(?:ping|ped|s)? (?:the |a |any )?"
    r"|(?:hasn'?t|has not|have not|haven'?t) "
    r"(?:tried|had|been on|received))\s*(?:a |an |any )?(?P<what>[A-Za-z][\w-]*)"
    r"|\b(?P<naive>[A-Za-z][\w-]*?)[- ]na[iï]ve\b",
    _I,
)
# A class named by what it belongs to (TNF blockers are biologics), or by its short form; the
# urate-lowering drugs are gout's "conventional therapy".
_CLASS_MEMBERS = {
    "biologic": {"tnf"},
    "bio": {"tnf"},
    "chemo": {"chemotherapy"},
    "allopurinol": {"conventional"},
    "febuxostat": {"conventional"},
}


def _stem(word: str) -> str:
    word = word.lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def prior_therapy_missing(
    question: str, indication_text: str, own_names: Sequence[str] = ()
) -> str | None:
    """The words saying the patient has not had what every indication naming the question's
    disease requires them to have had ("never had a TNF" where RINVOQ's rheumatoid arthritis
    indication requires an inadequate response to TNF blockers); None otherwise."""
    missing = [(m.group(0), _stem(m["what"] or m["naive"])) for m in _NOT_HAD.finditer(question)]
    if not missing:
        return None
    words = _disease_words(question, indication_text, name_words(own_names))
    words -= {word for phrase, what in missing for word in phrase.split()}
    # "RA" where the indications only say "rheumatoid arthritis".
    words |= {
        spelled.lower()
        for token in re.findall(r"[A-Za-z]+", question)
        if (spelled := COMMON_ABBREVIATIONS.get(token))
    }
    if not words:
        return None
    sentences = _most_fully_naming(_naming_sentences(indication_text, words), words)
    if not sentences:
        return None
    required = [
        {_stem(w) for m in _REQUIRED_PRIOR.finditer(s) for w in m["what"].split()}
        for s in sentences
    ]
    for phrase, what in missing:
        wanted = {what} | _CLASS_MEMBERS.get(what, set())
        if all(wanted & needs for needs in required):
            return phrase
    return None


# The product on its own: "monotherapy", "single agent", "alone", "no chemo no ipi".
_ALONE = re.compile(
    r"\bmono(?:therapy)?\b|\bsingle[- ]agent\b|\b(?:alone|by itself|on its own)\b"
    r"|\bno (?:chemo\w*|ipi\w*|bev\w*)\b|\bwithout (?:chemo\w*|ipi\w*|bev\w*)\b",
    _I,
)
_COMBINED = re.compile(r"\bin combination with\b|\bcombined with\b|\bwith ipilimumab\b", _I)


def alone_outside(question: str, indication_text: str, own_names: Sequence[str] = ()) -> str | None:
    """The words asking for the product on its own where every indication naming the
    question's disease, at the line asked (if any), gives it in combination ("opdivo
    monotherapy first line for met NSCLC" where first-line NSCLC is with ipilimumab)."""
    alone = _ALONE.search(question)
    if not alone:
        return None
    words = _disease_words(question, indication_text, name_words(own_names))
    words -= set(re.split(r"[\s-]+", alone.group(0)))  # "single agent" names no disease
    if not words:
        return None
    asked = _line(question)
    sentences = [
        s
        for s in _naming_sentences(indication_text, words)
        if asked is None or _line(s) in (None, asked)
    ]
    sentences = _most_fully_naming(sentences, words)
    if sentences and all(_COMBINED.search(s) for s in sentences):
        return alone.group(0)
    return None
