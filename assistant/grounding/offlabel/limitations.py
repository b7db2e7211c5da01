"""Uses the label itself says are not established, not recommended or not indicated.

Labels name the uses they do not support: "The safety and effectiveness of CAMBIA have not been
established for cluster headache", "KRYSTEXXA is not recommended for the treatment of
asymptomatic hyperuricemia", "Misoprostol has been used to ripen the cervix ... outside of its
approved indication", "Safety and effectiveness of AGGRENOX in pediatric patients have not been
studied". A rep's question about such a use is off-label even when no indication rule fires;
the label sentence is quoted as the reason. Statements about animals, fertility, overdose,
pharmacokinetics, vaccines, kidney or liver impairment and breastfeeding are not uses a
prescriber asks for (what the label says about them is answered) and are not read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.grounding.offlabel.ages import ADULT_AGE, age_asked
from assistant.grounding.offlabel.labels import name_words
from assistant.grounding.offlabel.population import pediatric_term
from assistant.grounding.offlabel.vocabulary import singular

__all__ = ["limitation_reasons", "use_limitations"]

_I = re.IGNORECASE

_LIMITATION = re.compile(
    r"\bnot (?:been )?(?:established|studied|evaluated)\b"
    r"|\bnot recommended for (?:the )?(?:treatment|use)\b|\bnot indicated\b"
    r"|\boutside (?:of )?(?:its|the) approved indications?\b|\bno experience\b",
    _I,
)
# Statements that are not about a use a prescriber could ask for.
_NOT_A_USE = re.compile(
    r"fertility|genotoxic|mutagenic|carcinogen|pharmacokinetic|no-effect|immunogenicity"
    r"|overdos|clinical significance|statistical|vaccin|animals|fatigue|correlation|P-gp"
    r"|polymorphism|anticoagulant|prophylaxis for prevention|second dose|\d+ doses"
    r"|renal|hepatic|reversal|antifibrinolytic|hemostatic|maternal|breast-?fe|lactation"
    r"|in utero|\|",
    _I,
)
_CHILD_WORDS = re.compile(r"\bp(?:a)?ediatric\b|\bchildren\b|\badolescents\b|\binfants\b", _I)
_AGE_BOUND = re.compile(
    r"\b(?:less than|younger than|under(?: the age of)?|below) (?P<n>\d{1,2}) "
    r"(?P<unit>years?|months?)",
    _I,
)
_GENERIC = frozenset(
    """safety effectiveness efficacy established studied evaluated recommended indicated
    treatment treated patients patient pediatric children adolescents infants adults adult
    experience approved indication indications outside clinical trials controlled studies use
    used uses with without other than that have has been which when while there limitations
    limitation these those this from into their about after before during more most less
    therapy therapies disease diseases cancer cancers chronic severe moderate active history
    known present older younger years months weeks population predominantly group male
    female women relapsed refractory newly diagnosed first-line frontline line advanced
    metastatic early recurrent addition combination trial trials randomized warning warnings
    precaution precautions boxed section sections""".split()
)


_CUES = ("not ", "outside", "no experience")
_NAMED_USE = re.compile(
    r"\bnot (?:indicated|recommended)(?: and (?:is )?not recommended)? for (?:use in |the "
    r"treatment of )?(?:patients with )?(?P<use>[^.;,(]{3,60})",
    _I,
)
_SENTENCE_BREAK = re.compile(
    r"(?<=[.;])(?<![\s(][A-Z]\.)\s+|\n+|\(\s*\d+(?:\.\d+)*\s*\)|(?=\bLimitations? ?s? of Use\b)",
    _I,
)
_EXCEPTED_USE = re.compile(
    r"\b(?:other than|except(?: for| in)?)\s+(?P<use>[^.;]{3,80}?)"
    r"(?=\s+(?:have|has|is|are|was|were)\b|[.;]|$)",
    _I,
)
# A topic word names the use when the label rarely uses it elsewhere ("cluster" once, not
# "headache", which Cambia's label uses throughout).
_RARE_IN_LABEL = 3


def use_limitations(
    text: str, indication_text: str = ""
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The sentences of a label that name a use it does not support, each with the words
    naming that use: those of its topic the rest of the label seldom uses, and the use a "not
    indicated for ..." names unless an approved indication uses the word too ("not indicated
    for the prophylactic therapy of migraine" names prophylaxis, not migraine)."""
    sentences = [" ".join(s.split()) for s in _SENTENCE_BREAK.split(text) if s and s.strip()]
    approved = {
        word
        for sentence in _SENTENCE_BREAK.split(indication_text)
        if sentence and not _LIMITATION.search(sentence)
        for word in _topic_words(sentence, frozenset())
    }
    frequency: dict[str, int] = {}
    for sentence in sentences:
        for word in _topic_words(sentence, frozenset()):
            frequency[word] = frequency.get(word, 0) + 1
    spelled_out: dict[str, set[str]] | None = None
    found: dict[str, tuple[str, ...]] = {}
    for sentence in sentences:
        lowered = sentence.lower()
        if not any(cue in lowered for cue in _CUES):  # cheap before the patterns
            continue
        if not _LIMITATION.search(sentence) or _NOT_A_USE.search(sentence) or len(sentence) > 400:
            continue
        sentence = re.sub(r"^\d+(?:\.\d+)* [A-Z][\w ]*? Use ", "", sentence)
        topic = _topic_words(sentence, frozenset())
        if _CHILD_WORDS.search(sentence):
            # "... for the treatment of PNH, gMG, or NMOSD in pediatric patients": every use it
            # names counts, spelled out as the label spells it ("generalized myasthenia").
            spelled_out = _abbreviations(text) if spelled_out is None else spelled_out
            keys = topic | {w for a in topic for w in spelled_out.get(a, ())}
        else:
            keys = {w for w in topic if frequency.get(w, 0) <= _RARE_IN_LABEL}
            # "... not indicated for the treatment of patients with CLL": the use it names
            # counts however often the label mentions it.
            if named := _NAMED_USE.search(sentence):
                keys |= _topic_words(named["use"], frozenset()) - approved
        found.setdefault(sentence, tuple(sorted(keys)))
    return tuple(found.items())


_ABBREVIATION = re.compile(r"\((?P<abbr>[A-Za-z][A-Za-z0-9-]{1,7})\)")


def _abbreviations(text: str) -> dict[str, set[str]]:
    """What the label's abbreviations stand for: "generalized myasthenia gravis (gMG)" gives
    gmg -> {generalized, myasthenia, gravis} (the four words before the bracket)."""
    spelled: dict[str, set[str]] = {}
    for match in _ABBREVIATION.finditer(text):
        abbreviation = match["abbr"]
        if sum(c.isupper() for c in abbreviation) < 2:
            continue
        before = text[max(0, match.start() - 80) : match.start()].split()[-4:]
        words = _topic_words(" ".join(before), frozenset())
        spelled.setdefault(abbreviation.lower(), set()).update(words)
    return spelled


_LONG_WORD = re.compile(r"\b[A-Za-z][A-Za-z0-9-]{3,}")
_SHORT_ABBREVIATION = re.compile(r"\b[a-z]?[A-Z][A-Za-z0-9]?[A-Z][A-Za-z0-9]?\b")


def _topic_words(text: str, own: frozenset[str]) -> set[str]:
    """Words that can name a use: longer words and abbreviations ("PNH", "gMG", "RA")."""
    words = {w.lower() for w in _LONG_WORD.findall(text)}
    words |= {w.lower() for w in _SHORT_ABBREVIATION.findall(text)}
    return {w for w in words if w not in _GENERIC and w not in own}


# How reps say a use the label words otherwise: "never had a gout flare" for asymptomatic,
# "to prevent migraines" for prophylactic therapy.
_LAY_WORDS = (
    (
        re.compile(
            r"\b(?:never|not|no|without)\b(?:\s+\w+){0,3}\s+(?:flares?|attacks?|symptoms|sx)\b",
            _I,
        ),
        frozenset({"asymptomatic"}),
    ),
    (
        re.compile(
            r"\bprevent\w*|\bprophyla\w*"
            r"|\bkeep\w* (?:\w+ ){0,3}from (?:coming|returning|recurring|happening|starting)\b"
            r"|\bward\w* off\b",
            _I,
        ),
        frozenset({"prophylactic", "prophylaxis", "preventive", "prevention"}),
    ),
)


def _years(match: re.Match[str]) -> float:
    n = int(match["n"])
    return n / 12 if match["unit"].lower().startswith("month") else float(n)


def _about_a_child(question: str) -> tuple[bool, float | None]:
    """(whether the question is about a child, the child's age in years if stated)."""
    asked = age_asked(question)
    if asked is not None:
        return asked[0] < ADULT_AGE, asked[0]
    return pediatric_term(question) is not None, None


def limitation_reasons(
    question: str,
    limitations: Sequence[tuple[str, Sequence[str]]],
    own_names: Sequence[str],
    has_pediatric_indications: bool,
) -> list[str]:
    """The label's own limitation sentences the question asks about, quoted.

    A limitation matches on a word naming its use that the question also uses ("cluster",
    "hyperuricemia", "cervix"), or on children: a child asked about where the label says use in
    children is not established, below the age it names when it names one; a label that
    approves some children needs the use named too ("pediatric patients with ulcerative
    colitis")."""
    own = name_words(own_names)
    asked = _topic_words(question, own)
    for lay, label_words in _LAY_WORDS:
        if lay.search(question):
            asked |= label_words
    asked_singular = {singular(w) for w in asked}
    child, age = _about_a_child(question)
    reasons = []
    for sentence, keys in limitations:
        # "... in pediatric patients for uses other than juvenile idiopathic arthritis (JIA)
        # have not been established": a question about the excepted use is not limited by it.
        if (excepted := _EXCEPTED_USE.search(sentence)) and asked & _topic_words(
            excepted["use"], own
        ):
            continue
        uses = set(keys) - own
        shared = asked_singular & {singular(w) for w in uses}
        if _CHILD_WORDS.search(sentence):
            if not child:
                continue
            bound = _AGE_BOUND.search(sentence)
            if bound and (age is None or age >= _years(bound)):
                continue
            under_bound = bound is not None and age is not None
            # "... for the treatment of PNH, gMG, or NMOSD in pediatric patients": those uses.
            if uses and not shared and not under_bound:
                continue
            if not uses and has_pediatric_indications and not under_bound:
                continue
        elif not shared:
            continue
        reasons.append(f"the label says: '{sentence[:200]}'")
    return reasons
