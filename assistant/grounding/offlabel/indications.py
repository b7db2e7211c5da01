"""Whether the diseases and settings a question names fall within a label's indications.

A question names conditions from the vocabulary ("colorectal cancer", "first-line use") or, for
diseases missing from it, a disease-shaped term framed as a use ("for sarcoidosis"). Each is
judged against the label's indication scope; safety terms ("immune-mediated colitis") and
monitoring phrases ("screen for hepatitis") are not uses and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wordfreq import zipf_frequency

from assistant.grounding.offlabel.labels import ProductLabel, indication_scope
from assistant.grounding.offlabel.vocabulary import CONDITIONS, Condition
from assistant.grounding.support.wording import standard_long_form

__all__ = ["covered", "named_conditions", "other_course", "unlisted_diseases"]

_I = re.IGNORECASE
_COMMON_ZIPF = 3.5  # a word as common as "doctor" or "patient" is no eponym

# Fallback for diseases missing from CONDITIONS: a disease-shaped term framed as a use.
_GENERIC_DISEASE = re.compile(
    r"(?P<cue>\b(?:for|treat(?:s|ing)?|in|help(?:s)?(?: with)?|control(?:ling)?|manag(?:e|ing)"
    r"|role in|work(?:s)? (?:in|for)|effective (?:for|in)|option for|indicated for|approved for"
    r"|used for|use in|with|has|have|had))\s+(?P<gap>(?:[\w'\u2019+-]+\s+){0,3}?)"
    r"(?P<term>[\w-]+(?:itis|osis|omas?|emias?|opathy|opathies|iasis|ulosis)"
    r"|[\w'\u2019-]+ (?:cancers?|carcinomas?|tumou?rs?|diseases?|syndromes?|disorders?))(?![\w'-])",
    _I,
)
# Conditions a patient may have while using the product for its indication ("a patient with
# hypertension"), so they are uses only after words that ask for a purpose ("used for PAH",
# "to treat Raynaud's"): these head words, eponyms and clinicians' abbreviations.
_PURPOSE_CUE = (
    r"\b(?:to treat|treat(?:s|ing)?|(?:use[ds]?|using) (?:[\w-]+ ){0,2}?for|indicated for"
    r"|approved for|work(?:s)? for|help(?:s)? with|an option for|therapy for|treatment for"
    r"|prescribed for|to prevent|prevent(?:s|ing)?|prevention of)"
)
_CONDITION_HEADS = (
    r"hypertension|hypotension|dysfunction|failure|insufficiency|deficiency|infections?"
    r"|phenomenon|palsy|fibrillation|neuralgia|dementia|incontinence|hyperplasia|alopecia"
    r"|vitiligo|acne|rosacea|gout|obesity|insomnia|anxiety|depression|sepsis|covid(?:-19)?"
    r"|polyps"
)
_DISEASE_ABBREVIATIONS = {
    "PAH": "pulmonary arterial hypertension",
    "PH": "pulmonary hypertension",
    "HTN": "hypertension",
    "CHF": "heart failure",
    "HF": "heart failure",
    "COPD": "chronic obstructive pulmonary disease",
    "GERD": "gastroesophageal reflux disease",
    "BPH": "benign prostatic hyperplasia",
    "IBS": "irritable bowel syndrome",
    "CKD": "chronic kidney disease",
    "PE": "pulmonary embolism",
    "IPF": "idiopathic pulmonary fibrosis",
}
_PURPOSE_DISEASE = re.compile(
    rf"{_PURPOSE_CUE}\s+(?:(?:a|an|the|his|her|their|my)\s+)?"
    rf"(?P<term>(?:[\w-]+\s+){{0,2}}(?:{_CONDITION_HEADS})\b"
    r"|[A-Za-z-]+['\u2019]s(?:\s+(?:disease|phenomenon|syndrome))?"
    rf"|(?-i:{'|'.join(_DISEASE_ABBREVIATIONS)})\b)",
    _I,
)
# Words before a condition's head that only say how bad or where ("severe", "chronic").
_HEAD_FILLER = frozenset("severe mild moderate chronic acute new recurrent their his her".split())


def unlisted_diseases(text: str, labels: Sequence[ProductLabel]) -> list[str]:
    """Diseases outside CONDITIONS that no label's indication scope names: disease-shaped
    terms framed as a use, and conditions asked for by purpose."""
    known = [m.span() for cond in CONDITIONS for m in cond.pattern.finditer(text)]
    scope = " ".join(indication_scope(label) for label in labels).lower()
    return list(
        dict.fromkeys(
            [*_generic_diseases(text, known, scope), *_purpose_diseases(text, known, scope)]
        )
    )


def _purpose_diseases(text: str, known: Sequence[tuple[int, int]], scope: str) -> list[str]:
    """Conditions a question asks to treat that the indication scope does not name: "can
    viagra be used for a PAH pt", "is it approved for Raynaud's"."""
    found = []
    for match in _PURPOSE_DISEASE.finditer(text):
        start, end = match.span("term")
        if any(s < end and start < e for s, e in known):
            continue
        term = match["term"]
        spelled = _DISEASE_ABBREVIATIONS.get(term, term).lower().replace("\u2019", "'")
        if spelled.endswith("'s") and zipf_frequency(spelled[:-2], "en") > _COMMON_ZIPF:
            continue  # "the patient's", "her doctor's": a possessive, not an eponym
        words = [
            w.rstrip("s") if not w.endswith("'s") else w[:-2]
            for w in re.split(r"[\s-]+", spelled)
            if w not in _HEAD_FILLER and len(w) > 1
        ]
        if words and term.lower() not in scope and not all(w in scope for w in words):
            found.append(term)
    return found


# A disease's course the indication names, and the other one ("preventive treatment of
# episodic migraine" does not cover chronic migraine).
_COURSES = (("episodic", "chronic"),)
_USE_WORDS = re.compile(r"\bprevent\w*|\bprophyla\w*|\bacute\b|\bmaintenance\b", _I)


def other_course(question: str, indication_text: str) -> list[str]:
    """ "Chronic migraine" where the indication for the use asked ("preventive") says
    "episodic migraine": the disease's other course. The use is read just before the course
    ("preventive treatment of episodic migraine")."""
    found = []
    asked_uses = {m.group(0).lower()[:7] for m in _USE_WORDS.finditer(question)}
    for named, other in _COURSES:
        for match in re.finditer(rf"\b{other}\s+(?P<disease>[a-z]+)", question, _I):
            disease = re.escape(match["disease"].lower())
            if re.search(rf"\b{other}\s+{disease}", indication_text, _I):
                continue
            for stated in re.finditer(rf"\b{named}\s+{disease}", indication_text, _I):
                before = indication_text[max(0, stated.start() - _USE_REACH) : stated.start()]
                uses = {m.group(0).lower()[:7] for m in _USE_WORDS.finditer(before)}
                if uses & asked_uses:
                    found.append(match.group(0))
    return list(dict.fromkeys(found))


_USE_REACH = 40


_NOT_A_USE = re.compile(
    r"\b(?:screen\w*|test\w*|monitor\w*|risk|look|watch|evaluat\w*|check\w*)\s*$", _I
)
_SAFETY_TERMS = frozenset(
    "colitis hepatitis pneumonitis nephritis glomerulonephritis thyroiditis myocarditis "
    "hypophysitis dermatitis leukoencephalopathy encephalopathy tuberculosis thrombosis "
    "hepatotoxicity ketoacidosis hyperglycemia hypoglycemia anemia cirrhosis".split()
)
_SAFETY_DISEASE_WORDS = frozenset(
    "heart liver kidney renal lung thyroid autoimmune cardiovascular hepatic infectious "
    "progressive stable active residual metastatic advanced measurable extensive limited "
    "refractory aggressive bulky recurrent relapsed resistant underlying concomitant other "
    "any this that their his her the same".split()
)
# A tumor-agnostic indication ("MSI-H or dMMR solid tumors") covers a tumor of any site that
# carries its marker.
_SOLID_TUMORS = re.compile(r"\bsolid tumou?rs\b", _I)
_MARKER = re.compile(r"(?-i:\b[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*)\b")
_FILLER_WORDS = frozenset(
    "a an the his her their my our your patients patient adults adult people those with of who "
    "have has had moderate severe active chronic mild known suspected".split()
) | {""}
_GENERIC_WORDS = frozenset(
    "cancer cancers carcinoma carcinomas tumor tumors tumour tumours".split()
)


def named_conditions(text: str) -> list[tuple[Condition, str]]:
    """Conditions named in ``text``; a match inside a longer one is dropped."""
    spans = [
        (m.start(), m.end(), cond, m.group(0))
        for cond in CONDITIONS
        for m in cond.pattern.finditer(text)
    ]
    kept = [
        (cond, phrase)
        for start, end, cond, phrase in spans
        if not any(s <= start and end <= e and (e - s) > (end - start) for s, e, _, _ in spans)
    ]
    unique: dict[str, tuple[Condition, str]] = {}
    for cond, phrase in kept:
        unique.setdefault(cond.topic, (cond, phrase))
    return list(unique.values())


def _generic_diseases(text: str, known: Sequence[tuple[int, int]], scope: str) -> list[str]:
    """Disease-shaped terms outside CONDITIONS (``known``: their spans) and the scope."""
    found = []
    for match in _GENERIC_DISEASE.finditer(text):
        start, end = match.span("term")
        term = match["term"]
        words = term.lower().replace("\u2019", "'").split()
        if any(s < end and start < e for s, e in known) or _NOT_A_USE.search(text[: match.start()]):
            continue
        if words[-1] in _SAFETY_TERMS and (
            not match["gap"] or re.search(r"\bgrade|\bgr\b|immune|child[- ]pugh", match["gap"], _I)
        ):
            continue
        if len(words) > 1 and words[0] in _SAFETY_DISEASE_WORDS:
            continue
        if words[-1].rstrip("s") in {"tumor", "tumour", "cancer", "carcinoma"} and _agnostic(
            text, scope
        ):
            continue
        qualifier = (match["gap"].split() or [""])[-1].lower()
        if len(words) == 1 and qualifier not in _FILLER_WORDS:
            term = f"{qualifier} {term}"
        tokens = [t.rstrip("s") for t in re.split(r"[\s-]+", term.lower()) if len(t) > 2]
        tokens = [t for t in tokens if t not in {w.rstrip("s") for w in _GENERIC_WORDS}]
        # a standard abbreviation the scope spells out is in it: "GEJ cancer" and
        # "gastroesophageal junction cancer"
        if tokens and not all(t in scope or standard_long_form(t.upper(), scope) for t in tokens):
            found.append(term)
    return found


def _agnostic(question: str, scope: str) -> bool:
    """Whether a label's tumor-agnostic indication covers the question's tumor: the scope
    names solid tumors and a marker the question names ("MSI-high pancreatic tumor")."""
    if not _SOLID_TUMORS.search(scope):
        return False
    markers = {m.group(0).split("-")[0].lower() for m in _MARKER.finditer(question)}
    return any(len(m) >= 3 and re.search(rf"\b{re.escape(m)}", scope) for m in markers)


def covered(cond: Condition, label: ProductLabel) -> bool:
    """Whether the label's scope covers the condition, or the condition does not apply to it."""
    scope = indication_scope(label)
    if cond.applies is not None and not cond.applies.search(scope):
        return True
    return bool(cond.pattern.search(scope))
