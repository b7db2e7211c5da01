"""What a question asks about, in the words labels use for it.

Reps and MSLs ask in their own words ("pt forgot his morning dose, double up tonight?", "ok in
kids?", "how long is it good for once diluted?"); labels answer in theirs ("missed dose",
"pediatric patients", "stable for up to 24 hours"), in a known section. An ``Aspect`` ties the
two together: the question words that ask for it, the label sections that answer it, the cue an
answering sentence carries (a number with a unit for a dose, a temperature for storage) and the
label's own words, which retrieval adds to the query. Pure logic, no I/O: retrieval prefers the
sections, answer selection prefers the cues.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge_base.models import SectionKind

__all__ = ["ASPECT_TITLES", "Aspect", "asked_in_context", "aspects_of", "expanded_query"]

_I = re.IGNORECASE
_S = SectionKind
_FOLLOW_UP_WORDS = 8  # a question this short ("and in kids?") leans on the previous one
# A longer one leans on it too when it names no product and no aspect of its own and points
# back ("Can they take a second one the same day?", "and when do they go back to 80?").
_POINTS_BACK = re.compile(
    r"^\W*(?:and|or|but|so|ok(?:ay)?|also|then|what about|how about|what if|same)\b|"
    r"\b(?:it|its|they|them|their|he|him|his|she|her|that|this|those|these)\b",
    re.I,
)
_FOLLOW_UP_MAX_WORDS = 20
_UNIT = r"\d+(?:\.\d+)?\s*(?:mg|mcg|g|mL|units?|mg/kg|mg/m2|mcg/kg|IU)\b"
_DURATION = r"\d+\s*(?:to\s*\d+\s*)?(?:minutes?|min|hours?|days?|weeks?|months?|years?)\b"


@dataclass(frozen=True)
class Aspect:
    name: str
    asked_by: re.Pattern[str]
    sections: frozenset[SectionKind]
    answered_by: re.Pattern[str]
    label_words: str
    # Stated only in its sections: vomiting listed among adverse reactions says nothing about
    # what to do after vomiting a dose.
    stated_only_in_sections: bool = False


def _aspect(
    name: str,
    asked: str,
    sections: set[SectionKind],
    cue: str,
    words: str,
    *,
    stated_only_in_sections: bool = False,
) -> Aspect:
    return Aspect(
        name,
        re.compile(asked, _I),
        frozenset(sections),
        re.compile(cue, _I),
        words,
        stated_only_in_sections,
    )


# Ordered from the most specific ask to the most general one: "missed dose" before "dose".
ASPECTS: tuple[Aspect, ...] = (
    # Vomiting a dose is not missing one: only what the label says about vomiting answers it.
    _aspect(
        "vomited_dose",
        r"\bvomit|\bthrew up\b|\bthrow(?:s|ing)? up\b|\bpuked?\b",
        {_S.DOSAGE, _S.PATIENT_COUNSELING},
        r"\bvomit",
        "vomiting after taking a dose",
        stated_only_in_sections=True,
    ),
    _aspect(
        "missed_dose",
        r"\bmiss(?:ed|es)?\b|\bforg[eo]t|\bskip|\bdouble[sd]? up\b|\blate (?:dose|injection)|"
        r"\bmake up\b",
        {_S.DOSAGE, _S.PATIENT_COUNSELING},
        r"\bmiss(?:ed|es)?\b|\bskip|\bnext (?:scheduled|regular)|\bdoubled?\b|\bextra dose|"
        r"\bnot (?:taken|given|administered) (?:at|on) the (?:scheduled|planned)|"
        r"\bas soon as (?:possible|remembered)",
        "missed dose next scheduled dose",
    ),
    _aspect(
        "storage",
        r"\bstor(?:e|ed|age|ing)\b|\bfridge|\brefrigerat|\broom temp|\bshelf|\bstab(?:le|ility)|"
        r"\bgood for\b|\bfreez|\bout of the (?:fridge|refrigerator)|\bkeep (?:it|them)\b|"
        r"\bexpir|\bhow long (?:is|does|can) .{0,30}\b(?:last|good|keep|stay)",
        {_S.HOW_SUPPLIED, _S.DOSAGE},
        r"\bstore|°[CF]|\brefrigerat|\broom temperature|\bstable|\bfreez|\bdiscard|\bprotect from",
        "store storage refrigerated temperature stable discard",
    ),
    _aspect(
        "pregnancy",
        r"\bpregnan|\bexpecting\b|\bconceiv|\btrimester|\bgestation|\bOB\b|\bfetus|\bfetal",
        {_S.SPECIFIC_POPULATIONS, _S.WARNINGS_PRECAUTIONS, _S.BOXED_WARNING},
        r"\bpregnan|\bfetal|\bfetus|\bgestation|\bembryo",
        "pregnancy pregnant women fetal risk",
    ),
    _aspect(
        "lactation",
        r"\bbreast ?(?:feed|fed|milk)|\bnursing\b|\blactat|\bbreastfe",
        {_S.SPECIFIC_POPULATIONS},
        r"\bbreast|\blactat|\bmilk\b",
        "lactation breastfeeding human milk",
    ),
    _aspect(
        "contraception",
        r"\bcontracept|\bbirth control|\bchildbearing|\breproductive potential|\bthe pill\b",
        {_S.SPECIFIC_POPULATIONS, _S.WARNINGS_PRECAUTIONS, _S.BOXED_WARNING},
        r"\bcontracept|\breproductive potential|\bchildbearing|\bpregnancy test",
        "contraception females of reproductive potential",
    ),
    _aspect(
        "pediatric",
        r"\bkids?\b|\bchild(?:ren)?\b(?![- ]pugh)|\bpeds\b|\bpa?ediatric|\badolescen|\bteens?\b|"
        r"\bteenager|\binfants?\b|\bbab(?:y|ies)\b(?! aspirin)|\bneonat|\bnewborn|"
        r"\b\d{1,2}[- ]?(?:yo|y/?o|year[- ]old)\b",
        {_S.SPECIFIC_POPULATIONS, _S.INDICATIONS, _S.DOSAGE},
        r"\bpa?ediatric|\bchildren|\badolescen|\binfant|\bneonat|\byears? (?:of age|and older)",
        "pediatric patients children",
    ),
    _aspect(
        "geriatric",
        r"\belderly\b|\bolder (?:pts?|patients?|adults?|people)|\bgeriatric|\bseniors?\b|"
        r"\b(?:over|above|>) ?(?:65|70|75|80)\b|\b(?:65|70|75|80)\+",
        {_S.SPECIFIC_POPULATIONS, _S.DOSAGE},
        r"\bgeriatric|\belderly|\b65 years|\bolder (?:patients|adults|subjects)",
        "geriatric use patients 65 years of age and older",
    ),
    _aspect(
        "renal",
        r"\bkidneys?\b|\brenal\b|\bCrCl\b|\bcreatinine clearance|\bdialysis|\be?GFR\b|\bESRD\b|"
        r"\bCKD\b|\bnephro",
        {_S.SPECIFIC_POPULATIONS, _S.DOSAGE},
        r"\brenal|\bCrCl|\bcreatinine clearance|\bdialysis|\bkidney|\beGFR",
        "renal impairment creatinine clearance",
    ),
    _aspect(
        "hepatic",
        r"\bliver\b|\bhepatic|\bcirrho|\bchild[- ]pugh|\bLFTs?\b|\btransaminase|\bhepatitis",
        {_S.SPECIFIC_POPULATIONS, _S.DOSAGE, _S.WARNINGS_PRECAUTIONS},
        r"\bhepatic|\bliver|\bchild-pugh|\bALT\b|\bAST\b|\bbilirubin|\btransaminase",
        "hepatic impairment",
    ),
    _aspect(
        "interaction",
        r"\binteract|\binhibitors?\b|\binducers?\b|\bCYP|\bP-?gp\b|\bco-?administ|"
        r"\b\w+azole\b|\brifamp|\bgrapefruit|\bwarfarin|\bclarithromycin|\bSt\.? John|"
        r"\bantacid|\bPPIs?\b|\bproton pump|\baspirin\b|\bNSAIDs?\b|\bSSRIs?\b|\bnitrates?\b|"
        r"\bvaccin|\bwith other (?:drugs|meds|medications)",
        {_S.DRUG_INTERACTIONS, _S.DOSAGE, _S.WARNINGS_PRECAUTIONS},
        r"\binhibitor|\binducer|\bco-?administ|\bconcomitant|\bCYP|\bP-gp|\binteraction|"
        r"\bvaccin|\bin combination",
        "drug interactions concomitant use coadministration inhibitors inducers",
    ),
    _aspect(
        "adverse_reactions",
        r"\bside[- ]effects?\b|\badverse|\bAEs?\b|\breactions?\b|\bhow common\b|\bincidence|"
        r"\brates? of\b|\bpercent|%|\btolerab|\bmost common|\bhow many (?:pts|patients)|"
        r"\bhow often did\b|\bhappen",
        {_S.ADVERSE_REACTIONS, _S.WARNINGS_PRECAUTIONS},
        r"\d+(?:\.\d+)?\s?%|\bincidence|\boccurred|\breported|\bmost common",
        "adverse reactions incidence patients",
    ),
    _aspect(
        "boxed_warning",
        r"\bbox(?:ed)?\b|\bBBW\b|\bblack[- ]box",
        {_S.BOXED_WARNING},
        r"\bWARNING\b|\bfatal|\bserious|\bdeath|\brisk",
        "WARNING boxed warning",
    ),
    _aspect(
        "hypersensitivity",
        r"\ballerg|\bsulfa\b|\bsulfonamide|\bhypersensitiv|\banaphyla",
        {_S.CONTRAINDICATIONS, _S.WARNINGS_PRECAUTIONS},
        r"\bhypersensitivity|\ballergic|\banaphyla|\bsulfonamide",
        "hypersensitivity allergic reactions",
    ),
    _aspect(
        "contraindication",
        r"\bcontra-?indicat|\bshould(?:n't| not) (?:be )?(?:use|take|get|give|receive)|"
        r"\bcan(?:'t|not) (?:be )?(?:use|take|get|give|receive)|\bmust not\b|\bnot be used\b|"
        r"\bwho (?:can't|cannot|shouldn't|should not)|\babsolute",
        {_S.CONTRAINDICATIONS, _S.BOXED_WARNING},
        r"\bcontraindicated|\bdo not (?:use|administer|take)|\bshould not be",
        "contraindicated contraindications",
    ),
    _aspect(
        "mechanism",
        r"\bmechanism|\bMOA\b|\bhow does (?:it|\w+) work|\bwork mechanistic|\bmechanistic|"
        r"\bhow (?:it|\w+) works|\bwhat does (?:it|\w+) target|\bbinds?\b|\btargets?\b",
        {_S.CLINICAL_PHARMACOLOGY},
        r"\bmechanism|\binhibit|\bbind|\bblock|\bantagonist|\bagonist|\btarget",
        "mechanism of action",
    ),
    _aspect(
        "dose_modification",
        r"\breduc|\badjust|\bmodif|\blower (?:the )?dose|\bdose down|\bcut (?:the )?dose|"
        r"\bhold\b|\bwithh[oe]ld|\binterrupt|\bresum|\brestart|\btoxicit|\bgrade \d|"
        r"\bneutropeni|\bthrombocytopeni|\bdose level|\bback off|\bgo up\b|\bincrease|\besclat",
        {_S.DOSAGE},
        r"\breduc|\bwithhold|\binterrupt|\bresume|\bdiscontinue|\bgrade|\bdose level|"
        r"\bdecreas|\bincreas|\bmodif",
        "dose modifications reduce withhold resume",
    ),
    _aspect(
        "administration",
        r"\badminist|\bgive[ns]?\b|\binject|\binfus|\bIV\b|\bsubq|\bsub-?Q\b|\bsubcut|"
        r"\bwith food|\bempty stomach|\bmeals?\b|\bfood\b|\beat\b|\bcrush|\bsplit|\bchew|"
        r"\bswallow|\bmix|\breconstitut|\bdilut|\bprepar|\bpremedicat|\bsite\b|\bpush\b|\brun\b|"
        r"\btake (?:it|them|the)|\bhow (?:do|should) (?:you|they|patients?|pts) (?:take|use)",
        {_S.DOSAGE, _S.HOW_SUPPLIED, _S.PATIENT_COUNSELING},
        r"\badminist|\binject|\binfus|\bfood|\bmeal|\bcrush|\bchew|\bswallow|\breconstitut|"
        r"\bdilut|\bpremedic|\bsubcutaneous|\bintravenous|\bwater|\bminutes",
        "administration administer",
    ),
    _aspect(
        "duration",
        r"\bhow long\b|\bduration|\buntil\b|\bstop after|\bfor how many|\bhow many (?:weeks|months|"
        r"days|cycles|doses)|\bover how",
        {_S.DOSAGE},
        _DURATION + r"|\buntil\b|\bduration|\bcontinue",
        "duration",
    ),
    _aspect(
        "frequency",
        r"\bhow often\b|\bfrequency|\bschedule|\bevery\b|\binterval|\bq\d+w|\bbid\b|\btid\b|"
        r"\bqd\b|\bweekly|\bmonthly|\bdaily|\btimes (?:a|per) (?:day|week)",
        {_S.DOSAGE},
        r"\bevery\b|\bonce\b|\btwice\b|\bdaily\b|\bweekly|\btimes (?:a|per) day|\bmonthly",
        "every once daily",
    ),
    _aspect(
        "dose",
        r"\bdos(?:e|es|ed|ing|age)\b|\bhow much\b|\bmg\b|\bmcg\b|\bloading\b|\bstart(?:ing)? at\b|"
        r"\btitrat|\bstrength|\bregimen|\bmax(?:imum)?\b|\bceiling\b",
        {_S.DOSAGE, _S.DOSAGE_FORMS},
        _UNIT + r"|\brecommended (?:dose|dosage)",
        "recommended dosage dose",
    ),
    _aspect(
        "efficacy",
        r"\befficacy|\btrials?\b|\bstud(?:y|ies)\b|\bresults?\b|\bresponse rate|\bsurvival|"
        r"\bPFS\b|\bOS\b|\bhazard|\bendpoint|\bdata\b|\bhow well\b|\beffective",
        {_S.CLINICAL_STUDIES},
        r"\d+(?:\.\d+)?\s?%|\bhazard ratio|\bmedian|\bresponse|\bsurvival|\bp ?[<=]",
        "clinical studies results",
    ),
    # "Is it approved for DIRA?", "on label after a TIA?": the indication answers, whatever
    # words the question uses for asking.
    _aspect(
        "indication",
        r"\bapproved (?:for|in)\b|\bindicated (?:for|in)\b|\b(?:on|off)[- ]label\b"
        r"|\b(?:only|also|just) (?:for|after|in)\b|\bapproved\?|\bindication",
        {_S.INDICATIONS},
        r"\bindicated\b|\bindications?\b",
        "indicated for the treatment of",
    ),
    _aspect(
        "monitoring",
        r"\bmonitor|\blabs?\b|\bblood (?:work|test)|\bcheck\b|\bbaseline|\bscreen|\btest(?:ing)?\b",
        {_S.WARNINGS_PRECAUTIONS, _S.DOSAGE},
        r"\bmonitor|\btest|\bassess|\bprior to|\bbaseline|\bscreen|\bevaluat",
        "monitor monitoring",
    ),
)


# What a person would call each aspect, as the heading of a group of questions about it.
ASPECT_TITLES: dict[str, str] = {
    "vomited_dose": "Vomiting after a dose",
    "missed_dose": "Missed doses",
    "storage": "Storage and stability",
    "pregnancy": "Use in pregnancy",
    "lactation": "Breastfeeding",
    "contraception": "Contraception",
    "pediatric": "Use in children",
    "geriatric": "Use in older patients",
    "renal": "Kidney impairment",
    "hepatic": "Liver impairment",
    "interaction": "Drug interactions",
    "adverse_reactions": "Side effects",
    "boxed_warning": "Boxed warning",
    "hypersensitivity": "Allergic reactions",
    "contraindication": "Who should not take it",
    "mechanism": "How it works",
    "dose_modification": "Dose changes for side effects",
    "administration": "How to give it",
    "duration": "How long to treat",
    "frequency": "How often to give it",
    "dose": "Dosing",
    "efficacy": "Efficacy results",
    "indication": "Approved uses",
    "monitoring": "Monitoring and tests",
}


def aspects_of(question: str) -> tuple[Aspect, ...]:
    """The aspects a question asks about, most specific first (may be empty)."""
    return tuple(a for a in ASPECTS if a.asked_by.search(question))


def expanded_query(question: str) -> str:
    """The question with the label's words for what it asks, for retrieval."""
    words = [a.label_words for a in aspects_of(question)[:3]]
    return " ".join([question, *words])


def asked_in_context(
    question: str, history: Sequence[tuple[str, str]], *, names_product: bool = False
) -> tuple[str, tuple[Aspect, ...]]:
    """What a question asks, given the conversation's ``(role, text)`` turns: a follow-up
    ("and in kids?", or a longer question that names no product nor aspect and points back at
    the last one) is joined to the previous question, and asks its own aspects, or the previous
    question's when it names none ("how long for?")."""
    previous = [text for role, text in history if role == "user"][-1:]
    asked = aspects_of(question)
    words = len(question.split())
    # (a longer one that asks its own aspect, "and how often do they take it?", is its own)
    leans_back = words < _FOLLOW_UP_WORDS or (
        not names_product
        and not asked
        and words <= _FOLLOW_UP_MAX_WORDS
        and _POINTS_BACK.search(question)
    )
    if not previous or not leans_back:
        return question, asked
    return f"{previous[0]} {question}", asked or aspects_of(previous[0])
