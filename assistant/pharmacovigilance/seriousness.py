"""How serious a possible adverse event reads, by the ICH E2A criteria: death, life-threatening,
hospitalisation, disability, congenital anomaly; everything else non-serious.

It orders the pharmacovigilance queue (deaths first, then the other serious outcomes), never
removes anything from it: a flag read as non-serious is still owed to PV within the day. A
criterion counts where the detector's own cues do not cast doubt on it in its clause: negated
("not admitted"), hypothetical ("afraid she'll die"), read from a label or trial ("death rates
in the trial"), or about someone other than the patient ("her husband died last year").
Measured on bench/data/seriousness_blind_v1.jsonl (written blind): `bench/seriousness.py`.
"""

from __future__ import annotations

import re
from enum import IntEnum

from assistant.pharmacovigilance import cues as c
from assistant.pharmacovigilance.segment import Span, clauses, sentences

__all__ = ["Seriousness", "seriousness"]


class Seriousness(IntEnum):
    """Ordered: a lower value is reviewed first."""

    DEATH = 0
    LIFE_THREATENING = 1
    HOSPITALISATION = 2
    DISABILITY = 3
    CONGENITAL_ANOMALY = 4
    NON_SERIOUS = 9

    @property
    def serious(self) -> bool:
        return self is not Seriousness.NON_SERIOUS

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").lower().replace("hospitalisation", "hospitalised")


_I = re.IGNORECASE
_CRITERIA: tuple[tuple[Seriousness, re.Pattern[str]], ...] = (
    (
        Seriousness.DEATH,
        re.compile(
            r"\b(?:(?<!nearly )(?<!almost )(?<!could have )died|dies|dead|"
            r"death of (?:the|this|our|her|his|my) (?:pt|patient)|(?:he|she)['\u2019]?s gone\b|"
            r"went to be with the lord|could(?: not|n'?t) be (?:resuscitated|revived|saved)|"
            r"passed(?: away| on)?(?! (?:out|the|it|along|her|his|a|an|by|on to|gas|stool))|"
            r"deceased|fatal(?:ity| outcome)?|didn'?t (?:make it|survive)|did not survive|"
            r"(?:is|was) gone\b|\brip\b|succumbed|expired (?:on|in|at|overnight|this|last)|"
            r"fallec(?:i[oó]|id[oa])|muri[oó]|morreu|faleceu|d[ée]c[ée]d[ée]e?|est mort[e]?|"
            r"verstorben|gestorben|è morto|è morta|deceduto|deceduta)",
            _I,
        ),
    ),
    (
        Seriousness.LIFE_THREATENING,
        re.compile(
            r"\b(?:life[- ]threatening|anaphyla\w+|cardiac arrest|arrested|coded|code blue|"
            r"intubat\w+|on (?:a |the )?vent(?:ilator)?\b|cpr\b|resuscitat\w+|"
            r"almost (?:lost|died)|nearly (?:lost|died)|could have died|epi ?pen|epinephrine|"
            r"resp(?:iratory)? arrest|respiratory failure|(?:septic|hemorrhagic|haemorrhagic|"
            r"cardiogenic|anaphylactic) shock|in shock|torsades|shocked|defibrillat\w+|"
            r"paro (?:card[ií]aco|respiratorio)|reanimad[oa]|arr[êe]t cardiaque|r[ée]anim[ée]e?|"
            r"amenaza(?:ba)? (?:la )?vida|"
            r"pronostic vital|lebensbedrohlich|potenzialmente letale)",
            _I,
        ),
    ),
    (
        Seriousness.HOSPITALISATION,
        re.compile(
            r"\b(?:admitted|admission|readmitted|hospitali[sz](?:ed|ation)|inpatient|"
            r"icu|micu|sicu|ccu|picu|nicu|intensive care|in the unit|"
            r"in (?:the )?hosp(?:ital)?\b|(?:put|ended up|landed) (?:her |him |them )?in (?:the )?"
            r"hosp(?:ital)?|on the (?:\w+ )?floor\b|\d+[- ]day stay|admitting|in isolation at|"
            r"kept (?:her |him |them )?(?:overnight|for obs\w*|for observation|"
            r"\d+ (?:days|nights))|"
            r"(?:\d+|two|three|four|five|several) nights? (?:at|in)|hospital stay|"
            r"stay (?:was )?prolonged|prolonged (?:hospital )?stay|"
            r"hospitali[sz]ad[oa]|ingresad[oa]|ingreso|internad[oa]|hospitalis[ée]e?|"
            r"stationär|aufgenommen|ricoverat[oa])\b",
            _I,
        ),
    ),
    (
        Seriousness.DISABILITY,
        re.compile(
            r"\b(?:permanent(?:ly)?|lost (?:her|his|their|the) (?:vision|sight|hearing)|"
            r"(?:went|gone|now|is) (?:blind|deaf)|blindness|deafness|paraly[sz]\w+|"
            r"disabilit(?:y|ies)|disabled|can(?:no|')t walk|unable to walk|wheelchair[- ]bound|"
            r"can no longer (?:work|walk|see|hear|drive)|(?:vision|hearing|sight) loss\b[^.;]{0,60}"
            r"(?:not (?:come back|returned|resolved|improved)|permanent|persist)|erblindet|"
            r"dauerhaft|ertaubt|"
            r"incapacitat\w+|ceguera|sordera|cécité|surdité)",
            _I,
        ),
    ),
    (
        Seriousness.CONGENITAL_ANOMALY,
        re.compile(
            r"\b(?:birth defects?|congenital|cong[ée]nit[ao]e?|born with|cleft (?:lip|palate)|"
            r"neural tube|hole in (?:the|his|her) heart|vsd|asd|"
            r"(?:heart|septal|limb) defects?|malformation|anomal(?:y|ies) (?:at|on) (?:birth|"
            r"the (?:anatomy|20-week) scan)|malformaci[oó]n|malformation cong[ée]nitale)",
            _I,
        ),
    ),
)
# Told of someone other than the patient: "her husband died last year".
_OTHER_PERSON = re.compile(
    r"\b(?:her|his|their|the pt'?s|pt'?s|patient'?s|my|our) (?:husband|wife|spouse|partner|son|"
    r"daughter|mother|father|mom|dad|brother|sister|friend|neighbou?r|dog|cat)\b",
    _I,
)
# Where "ICU" or a hospital names a workplace, not a stay: "icu nurse at st mary's".
_WORKPLACE = re.compile(
    r"\b(?:icu|hospital|hosp|floor|unit)\s+(?:nurse|rn|doc|staff|pharmacist)", _I
)
# Other languages' "not": "pas d'hospitalisation", "nicht aufgenommen".
_NEGATION_MORE = re.compile(r"\b(?:pas|nicht|nessun[ao]?|sem)\b", _I)
# An ED visit that ended at home is no admission: "seen in the ER and discharged home".
_SENT_HOME = re.compile(
    r"\b(?:sent|discharged|released|went) home\b|\btreated and released\b|\bnot admitted\b|"
    r"\bwithout (?:admission|being admitted|hospitali[sz]ation)\b|\bno (?:admission|"
    r"hospitali[sz]ation)\b|\b(?:didn'?t|did not) (?:need|require) (?:admission|"
    r"hospitali[sz]ation)",
    _I,
)


def seriousness(text: str) -> Seriousness:
    """The most serious ICH E2A criterion the text reports for its patient (``NON_SERIOUS`` if
    none)."""
    found = Seriousness.NON_SERIOUS
    for sentence in sentences(text) or [Span(0, len(text))]:
        sent = text[sentence.start : sentence.end]
        for part in clauses(text, sentence):
            clause = text[part.start : part.end]
            for level, pattern in _CRITERIA:
                if level >= found:
                    break
                for match in pattern.finditer(clause):
                    if _counts(level, clause, sent, match):
                        found = level
                        break
    return found


def _counts(level: Seriousness, clause: str, sentence: str, match: re.Match[str]) -> bool:
    """Whether the criterion at ``match`` is the patient's, as told."""
    before = clause[: match.start()]
    if _negated(before):
        return False
    asked = c.HYPOTHETICAL.search(before) or (c.INTERROGATIVE.search(clause) and "?" in sentence)
    if asked and not (c.SPECIFIC_PATIENT.search(clause) and c.CASE_VERB.search(clause)):
        return False
    if c.LABEL_READING.search(c.OFF_LABEL.sub(" ", clause)) and not c.SPECIFIC_PATIENT.search(
        clause
    ):
        return False
    # a relative in the same comma-part is whom it happened to ("her mom was on eliquis when she
    # passed"); one before a comma only told it ("his daughter called, he's gone")
    if level in (Seriousness.DEATH, Seriousness.HOSPITALISATION) and _OTHER_PERSON.search(
        re.split(r"[,;]", clause[max(0, match.start() - 60) : match.start()])[-1]
    ):
        return False
    if _WORKPLACE.match(clause, match.start()):
        return False
    if level is Seriousness.HOSPITALISATION and c.PRE_EXISTING.search(clause):
        return False
    return not (level is Seriousness.HOSPITALISATION and _SENT_HOME.search(clause))


def _negated(before: str) -> bool:
    """A negation within a few words before the criterion, in its comma-part ("not admitted",
    "no ICU stay"; not "couldnt walk after infusion, admitted")."""
    before = re.split(r"[,;]", before)[-1]
    negations = (*c.NEGATION.finditer(before), *c.NEGATION_SHORT.finditer(before))
    for m in (*negations, *_NEGATION_MORE.finditer(before)):
        if len(re.findall(r"[\w'/]+", before[m.end() :])) <= 3:
            return True
    return False
