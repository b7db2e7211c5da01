"""Signal 5: words a sentence may not introduce when the cited text never uses them.

Comparatives and superlatives ("safer", "best"), key clinical terms in any synonym (populations,
route, food, frequency, severity, organ, trial design) and named entities (drug names, genes,
trial codes, disease names) change what a sentence claims; each one the sentence names must be
found in the cited text.
"""

from __future__ import annotations

import re

from assistant.grounding.support.text import normalize

__all__ = ["comparative_reasons", "entity_reasons", "term_reasons"]

_COMPARATIVES = frozenset(
    """
    best safest most highest lowest greatest largest longest fastest strongest earliest only
    superior inferior better worse lower higher fewer faster slower stronger weaker greater
    preferred preference leading unique unmatched unparalleled always guaranteed guarantee cure
    cures cured permanent permanently rarely rarer rare unlike first-line easiest easier simplest
    simpler safer
    """.split()
)
_COMPARATIVE_PHRASE = re.compile(
    r"\b(?:more|less)\s+([a-z]+(?:ive|ent|ant|ful|able|ible|ous|ic|al|ly|e))\b", re.I
)
# Bounds, not comparisons: "at least", "1.5 mg/dL or higher", "60 kg or lower", "100 kg or less
# receive 45 mg", "no more than 8 hours".
_AT_LEAST = re.compile(
    r"\b(?:at least|at most|at the most|most common(?:ly)?"
    r"|or (?:higher|lower|greater|fewer|longer|shorter|less|more|older|younger)"
    r"|(?:no|not) (?:more|less|fewer|greater|longer) than)\b",
    re.I,
)


def _group(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.I)


_SENIOR_AGE = r"(?:6[5-9]|[7-9]\d)"

# Key clinical terms a sentence may not introduce: who (populations), how (route, food,
# frequency), how bad (severity), which organ, and what kind of trial. Synonyms share a group.
_TERM_GROUPS: dict[str, dict[str, re.Pattern[str]]] = {
    "population": {
        "pediatric": _group(
            r"p(?:a)?ediatric",
            r"child(?:ren|hood)?",
            r"infants?",
            r"bab(?:y|ies)",
            r"adolescents?",
            r"neonates?",
            r"newborns?",
            r"kids",
            r"teenagers?",
        ),
        # "older" in an age bound is the elderly only from 65 years: "18 years or older" is not.
        "geriatric": _group(
            r"geriatric",
            r"elderly",
            r"(?<!or )(?<!and )older",
            rf"{_SENIOR_AGE} years (?:of age )?(?:and|or) older",
            rf"(?:\u2265|>=|greater than or equal to|at least)\s*{_SENIOR_AGE} years",
            # "> 65 years", "over 65", "aged >65": the same people as "older than 65 years"
            rf"(?:patients|people|adults|subjects|aged?|ages)\s*(?:>|over|above|older than)\s*"
            rf"{_SENIOR_AGE}\b(?!\s*(?:%|mg|kg|mL))",
        ),
        "younger": _group(r"younger(?! than)"),  # "younger than 18 years" is an age bound
        "newly diagnosed": _group(
            r"newly[- ]diagnosed", r"previously untreated", r"treatment[- ]na[i\u00ef]ve"
        ),
        "household contacts": _group(
            r"household contacts?", r"family members?", r"caregivers?", r"close contacts?"
        ),
        "healthcare workers": _group(r"health ?care (?:workers?|personnel|staff)", r"nurses"),
        "pregnant": _group(r"pregnan(?:t|cy|cies)"),
        "breastfeeding": _group(r"breast-?fe(?:eding|ed|d)", r"lactat(?:ing|ion)", r"nursing"),
        "women": _group(r"wom[ae]n", r"females?"),
        "men": _group(r"m[ae]n", r"males?"),
        "adults": _group(
            r"adults?",
            r"18 years (?:of age )?(?:and|or) older",
            r"(?:\u2265|>=|at least)\s*18 years",
        ),
    },
    "route": {
        "intravenous": _group(r"intravenous(?:ly)?", r"IV", r"infusions?"),
        "subcutaneous": _group(r"subcutaneous(?:ly)?", r"SC", r"SQ"),
        "intramuscular": _group(r"intramuscular(?:ly)?", r"IM"),
        "oral": _group(r"oral(?:ly)?", r"by mouth", r"tablets?", r"capsules?"),
        "topical": _group(r"topical(?:ly)?", r"external use"),
    },
    "food": {
        "with food": _group(r"with (?:or without )?food", r"with a meal", r"fed"),
        "without food": _group(r"without food", r"empty stomach", r"fasted", r"fasting"),
    },
    "frequency": {
        "daily": _group(r"daily", r"(?:a|per|each|every) day", r"(?<=/)day"),
        "weekly": _group(r"weekly", r"(?:a|per|each|every) week"),
        "monthly": _group(r"monthly", r"(?:a|per|each|every) month"),
        "quarterly": _group(r"quarterly", r"every (?:3|three) months"),
    },
    "severity": {
        "mild": _group(r"mild"),
        "moderate": _group(r"moderate"),
        "severe": _group(r"severe", r"severity"),
        "serious": _group(r"serious"),
        "fatal": _group(r"fatal", r"deaths?", r"died"),
        "life-threatening": _group(r"life-threatening"),
    },
    "organ": {
        "heart": _group(r"heart", r"cardiac", r"cardio\w*"),
        "kidney": _group(r"kidneys?", r"renal", r"nephr\w*"),
        "liver": _group(r"liver", r"hepat\w*"),
        "lung": _group(r"lungs?", r"pulmonary", r"respiratory"),
        "eye": _group(r"eyes?", r"ocular", r"ophthalm\w*", r"visual", r"vision"),
        "skin": _group(r"skin", r"dermal", r"cutaneous", r"dermatolog\w*"),
    },
    "trial design": {
        "placebo": _group(r"placebo(?:-controlled)?"),
        "active-controlled": _group(r"active-controlled", r"active comparator"),
        "open-label": _group(r"open-label"),
        "double-blind": _group(r"double-blind"),
        "single-arm": _group(r"single-arm"),
    },
}
_LOWER_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_ENTITY_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-+][A-Za-z0-9]+)*")
# Disease and adverse-reaction names are entities too ("diarrhea" swapped for "fever").
_MEDICAL_SUFFIXES = (
    "itis",
    "emia",
    "aemia",
    "osis",
    "pathy",
    "algia",
    "rrhea",
    "rrhoea",
    "penia",
    "uria",
    "edema",
    "plegia",
    "ectomy",
)
_LETTER_NAMED = re.compile(r"\b(?:vitamin|hepatitis|type|factor)\s+[A-Z0-9]{1,3}\b", re.I)
_DRUG_SUFFIXES = (
    "mab",
    "tinib",
    "nib",
    "cept",
    "rsen",
    "limod",
    "pril",
    "sartan",
    "statin",
    "prazole",
    "mycin",
    "cillin",
    "xaban",
    "parin",
    "olol",
    "dipine",
)
# Capitalised words that are ordinary in label prose, never named entities on their own.
_COMMON_CAPITALISED = frozenset(
    "week weeks day days month months grade grades stage class table the in at of for and or "
    "with a an to on by from".split()
)


def _words(text: str) -> set[str]:
    return set(_LOWER_WORD.findall(normalize(text).lower()))


def comparative_reasons(sentence: str, cited_text: str) -> list[str]:
    """Comparatives and superlatives the sentence uses but the cited text does not."""
    sentence_clean = _AT_LEAST.sub(" ", normalize(sentence).lower())
    cited_clean = normalize(cited_text).lower()
    cited_words = _words(cited_clean)
    reasons = [
        f"comparative or superlative {word!r} not in cited text"
        for word in sorted(_words(sentence_clean) & _COMPARATIVES)
        if word not in cited_words
    ]
    reasons.extend(
        f"comparative {match.group(0)!r} not in cited text"
        for match in _COMPARATIVE_PHRASE.finditer(sentence_clean)
        if match.group(0) not in cited_clean
    )
    return reasons


def term_reasons(sentence: str, cited_text: str) -> list[str]:
    """Populations, routes, food, frequency, severity, organs, trial design the sentence
    names but the cited text never does (in any synonym)."""
    said, cited = normalize(sentence), normalize(cited_text)
    return [
        f"{kind} '{name}' not in cited text"
        for kind, terms in _TERM_GROUPS.items()
        for name, pattern in terms.items()
        if pattern.search(said) and not pattern.search(cited)
    ]


# Units that look like letter+digit codes: "1.73 m2", "cm3".
_UNIT_TOKEN = re.compile(r"(?:m|cm|mm|dm)[23]", re.I)


def _is_entity(token: str, sentence_initial: bool) -> bool:
    """Drug names, genes, enzymes, trial codes: acronyms, letter+digit codes, drug suffixes,
    and capitalised words inside a sentence."""
    if len(token) < 2 or _UNIT_TOKEN.fullmatch(token):
        return False
    uppercase = sum(ch.isupper() for ch in token)
    if uppercase >= 2 or (any(ch.isdigit() for ch in token) and any(ch.isalpha() for ch in token)):
        return True
    lower = token.lower()
    if len(lower) >= 7 and lower.endswith(_DRUG_SUFFIXES + _MEDICAL_SUFFIXES):
        return True
    return token[0].isupper() and not sentence_initial and lower not in _COMMON_CAPITALISED


def _mentioned(token: str, cited_tokens: frozenset[str]) -> bool:
    lower = token.lower()
    if token[:-1].isupper() and token.endswith("s"):  # plural acronym: PPIs
        return lower in cited_tokens or lower[:-1] in cited_tokens
    return lower in cited_tokens


_CITED_TOKEN = re.compile(r"[a-z0-9]+(?:[-+][a-z0-9]+)*")


def _token_set(text: str) -> frozenset[str]:
    """Every token of ``text``, hyphenated compounds both whole and split ("trx-lung-1")."""
    lower = normalize(text).lower()
    compounds = _CITED_TOKEN.findall(lower)
    return frozenset(compounds).union(*(c.split("-") for c in compounds if "-" in c))


def entity_reasons(sentence: str, cited_text: str) -> list[str]:
    """Named entities (drugs, genes, trial codes, diseases) the cited text never mentions."""
    cited_lower = normalize(cited_text).lower()
    cited_tokens = _token_set(cited_text)
    text = normalize(sentence).replace("'s ", " ")
    missing: list[str] = []
    for match in _ENTITY_TOKEN.finditer(text):
        token = match.group(0)
        initial = not text[: match.start()].strip() or text[: match.start()].rstrip()[-1] in ".:"
        if _mentioned(token, cited_tokens):
            continue
        parts = re.split(r"[-+]", token) if re.search(r"[-+]", token) else [token]
        for i, part in enumerate(parts):
            entity = _is_entity(part, initial and i == 0)
            if entity and part not in missing and not _mentioned(part, cited_tokens):
                missing.append(part)
    missing.extend(
        match.group(0)
        for match in _LETTER_NAMED.finditer(text)
        if not re.search(re.escape(match.group(0).lower()), cited_lower)
    )
    return [f"entity {name!r} not in cited text" for name in missing]
