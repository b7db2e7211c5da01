"""Off-label detection for a rep's question, before anything is retrieved or generated.

Reps must not promote off-label use: a question about an indication, population, dose, schedule
or combination outside the approved label is refused and routed to medical information. The check
is rule based and deliberately errs towards flagging (a missed off-label question is the costly
error; a false alarm only costs a medical information request).

Pregnancy and lactation questions are *not* off-label by themselves (every label has a pregnancy
section); questions about children for an adult-only product are, even when asked as "is it
approved for pediatric use?", because the answer belongs to medical information.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge_base.models import DocumentMetadata, ParsedDocument, SectionKind, Status

__all__ = [
    "CONDITIONS",
    "OffLabelCheck",
    "ProductLabel",
    "check_question",
    "extract_off_label_topics",
    "label_from_document",
    "labels_from_manifest",
    "merge_labels",
]

_I = re.IGNORECASE


@dataclass(frozen=True)
class ProductLabel:
    """What a product's approved label allows; built by the caller (see ``labels_from_manifest``).

    The last fields are optional refinements: the label's Indications and Usage text (richer
    than the manifest's short indications), the dosing schedules it states ("once daily", "every
    3 weeks"), the partners it explicitly allows in combination, a men-only restriction and the
    routes of administration. Empty means "not known": that check is skipped.
    """

    name: str
    aliases: tuple[str, ...]
    indications: tuple[str, ...]
    adult_only: bool
    approved_doses: tuple[str, ...]
    indication_text: str = ""
    approved_schedules: tuple[str, ...] = ()
    combinations: tuple[str, ...] = ()
    male_only: bool = False
    routes: tuple[str, ...] = ()  # "oral", "intravenous", "subcutaneous", "topical", ...


@dataclass(frozen=True)
class OffLabelCheck:
    off_label: bool
    reasons: tuple[str, ...]
    products: tuple[str, ...]  # products the question is about


@dataclass(frozen=True)
class _Condition:
    """A disease, setting or population term. It is off-label for a product unless ``pattern``
    also matches the product's indication scope; it is only judged where ``applies`` (if any)
    matches that scope (e.g. "first-line" only matters for a later-line indication)."""

    topic: str
    pattern: re.Pattern[str]
    applies: re.Pattern[str] | None = None
    in_trials: bool = False  # fine when the question describes the label's trial population


def _c(
    topic: str, pattern: str, applies: str | None = None, *, in_trials: bool = False
) -> _Condition:
    compiled = re.compile(applies, _I) if applies else None
    return _Condition(topic, re.compile(pattern, _I), compiled, in_trials)


_ADVANCED = r"\bmetastatic\b|\badvanced\b"
_LATER_LINE = r"\bafter\b|\bfollowing\b|\bprogress\w*|\bpreviously treated\b|\bprior\b"
_BIOMARKER = r"\bfusion|\bmutat\w+|-positive\b|\bgene\b|\bamplif\w+"

# Specific terms first; a match inside a longer match of another condition is ignored.
CONDITIONS: tuple[_Condition, ...] = (
    # oncology
    _c(
        "non-small cell lung cancer",
        r"\bNSCLC\b|\bnon[- ]small[- ]cell lung (?:cancer|carcinoma)"
        r"|\blung (?:cancer|adenocarcinoma)",
    ),
    _c("small cell lung cancer", r"(?<!non-)(?<!non )\bsmall[- ]cell lung cancer|(?-i:\bSCLC\b)"),
    _c("breast cancer", r"\bbreast (?:cancer|carcinoma|tumou?rs?)\b"),
    _c("colorectal cancer", r"\b(?:colorectal|colon|rectal) (?:cancer|carcinoma)|(?-i:\bCRC\b)"),
    _c("melanoma", r"\bmelanomas?\b"),
    _c("prostate cancer", r"\bprostate cancer\b"),
    _c("pancreatic cancer", r"\bpancreatic (?:cancer|adenocarcinoma)\b"),
    _c("ovarian cancer", r"\bovarian cancer\b"),
    _c("gastric cancer", r"\b(?:gastric|stomach|gastroesophageal|esophageal) (?:cancer|carcinoma)"),
    _c("thyroid cancer", r"\bthyroid (?:cancer|carcinoma)\b"),
    _c("head and neck cancer", r"\bhead and neck (?:cancer|carcinoma)|(?-i:\bHNSCC\b)"),
    _c(
        "renal cell carcinoma", r"\brenal cell (?:carcinoma|cancer)|\bkidney cancer\b|(?-i:\bRCC\b)"
    ),
    _c("hepatocellular carcinoma", r"\bhepatocellular\b|\bliver cancer\b|(?-i:\bHCC\b)"),
    _c("cholangiocarcinoma", r"\bcholangiocarcinoma\b|\bbiliary tract cancer\b"),
    _c("sarcoma", r"\bsarcomas?\b"),
    _c("hematologic cancer", r"\blymphomas?\b|\bleuka?emias?\b|\bmyeloma\b"),
    _c("glioma", r"\bgliomas?\b|\bglioblastoma\b"),
    _c("urothelial carcinoma", r"\burothelial\b|\bbladder (?:cancer|carcinoma|tumou?rs?)"),
    _c(
        "small-cell or neuroendocrine histology",
        r"\bsmall[- ]cell (?!lung)\w+|\bneuroendocrine\b",
    ),
    _c("tumor-agnostic use", r"\b(?:any|other|all) solid tumou?rs\b|\btumou?r[- ]agnostic\b"),
    _c(
        "brain metastases",
        r"\b(?:brain|CNS|intracranial|cerebral) (?:metastas[ie]s|mets|lesions|response|efficacy)"
        r"|\bleptomeningeal\b",
        in_trials=True,
    ),
    _c(
        "early-stage disease",
        r"\bearly[- ]stage\b|\bstage (?:I|II|IIIA|1|2|3A)\b(?![-\w])|\bresectable\b"
        r"|\blocali[sz]ed (?:disease|cancer|tumou?r)|\bnon[- ]muscle[- ]invasive\b|(?-i:\bNMIBC\b)",
        _ADVANCED,
    ),
    _c(
        "adjuvant or neoadjuvant setting",
        r"(?<!of )(?<!after )(?<!following )\b(?:neo)?adjuvant (?:setting|therapy|treatment|use)\b"
        r"|\bas (?:an? )?(?:neo)?adjuvant\b|\b(?:before|prior to) (?:surgery|cystectomy|resection)"
        r"|\bperioperative\b",
        _ADVANCED,
    ),
    _c(
        "locally advanced disease",
        r"\blocally advanced\b|\bstage (?:III[ABC]?|3[ABC]?)\b(?![-\w])|\bunresectable\b",
        r"\bmetastatic\b",
    ),
    _c(
        "maintenance or curative-intent setting",
        r"\bmaintenance (?:setting|therapy|treatment)\b|\bconsolidation\b|\bchemoradi\w+"
        r"|\bcurative[- ]intent\b",
        _ADVANCED,
    ),
    _c(
        "first-line use",
        r"\b(?:first|front)[- ]line\b|\bfrontline\b|(?-i:\b1L\b)|\btreatment[- ]na[iï]ve\b"
        r"|\b(?:chemo(?:therapy)?|platinum)[- ]na[iï]ve\b|\bpreviously untreated\b"
        r"|\bcisplatin[- ]ineligible\b|\b(?:before|instead of|without prior) "
        r"(?:any )?(?:platinum|chemo\w*)",
        _LATER_LINE,
    ),
    _c(
        "biomarker-negative disease",
        r"\b(?:[A-Z0-9]+|fusion|biomarker|mutation)[- ]negative\b|\bwithout (?:a |an |the )?"
        r"(?:[A-Z0-9]+ )?(?:gene )?(?:fusion|mutation)\b|\b(?:regardless|irrespective) of "
        r"(?:[A-Z0-9]+ |fusion |biomarker )?status\b|\bother (?:gene )?fusions\b",
        _BIOMARKER,
    ),
    # immunology and dermatology
    _c(
        "pustular or erythrodermic psoriasis",
        r"\b(?:generali[sz]ed )?(?:pustular|erythrodermic) psoriasis",
    ),
    _c("plaque psoriasis", r"\bpsoriasis\b"),
    _c("psoriatic arthritis", r"\bpsoriatic arthritis\b|(?-i:\bPsA\b)"),
    _c("rheumatoid arthritis", r"\brheumatoid arthritis\b"),
    _c("juvenile idiopathic arthritis", r"\bjuvenile idiopathic arthritis\b|(?-i:\bJIA\b)"),
    _c("axial spondyloarthritis", r"\bspondyloarthritis\b|\bankylosing spondylitis\b|\baxSpA\b"),
    _c("hidradenitis suppurativa", r"\bhidradenitis\b"),
    _c("atopic dermatitis", r"\batopic dermatitis\b|\beczema\b"),
    _c("ulcerative colitis", r"\bulcerative colitis\b|(?-i:(?<![\w-])UC(?![\w-]))"),
    _c("Crohn's disease", r"\bCrohn"),
    _c("pouchitis", r"\bpouchitis\b"),
    _c("lupus", r"\blupus\b|(?-i:\bSLE\b)"),
    _c("asthma", r"\basthma\b"),
    _c(
        "mild disease",
        r"\bmild(?:ly)?(?:[- ]to[- ]moderate(?:ly)?)?(?: active)? (?:plaque )?"
        r"(?:psoriasis|ulcerative colitis|UC|colitis|disease|migraine)\b",
    ),
    # neurology
    _c("primary progressive MS", r"\bprimary[- ]progressive\b|(?-i:\bPPMS\b)"),
    _c(
        "non-relapsing progressive MS",
        r"(?<!secondary )(?<!secondary-)\bprogressive (?:forms? of )?(?:MS|multiple sclerosis)\b"
        r"|\bnon-?relapsing\b|\bwithout relapses\b",
    ),
    _c("optic neuritis or myelitis", r"\boptic neuritis\b|\btransverse myelitis\b|\bMOGAD\b"),
    _c("non-active secondary progressive MS", r"\bnon-?active (?:secondary[- ]progressive|SPMS)"),
    _c("secondary progressive MS", r"\bsecondary[- ]progressive\b|(?-i:\bSPMS\b)"),
    _c("multiple sclerosis", r"\bmultiple sclerosis\b|(?-i:\b(?:RR|R)?MS\b)"),
    _c("neuromyelitis optica", r"\bneuromyelitis optica\b|(?-i:\bNMOSD\b)"),
    _c("myasthenia gravis", r"\bmyasthenia gravis\b"),
    _c("epilepsy", r"\bepilep\w+|\bseizure disorder"),
    _c("Parkinson's disease", r"\bParkinson"),
    _c("Alzheimer's disease", r"\bAlzheimer"),
    _c("ALS", r"\bamyotrophic lateral sclerosis\b|(?-i:\bALS\b)"),
    _c("cluster headache", r"\bcluster headaches?\b"),
    _c("tension-type headache", r"\btension(?:[- ]type)? headaches?\b"),
    _c(
        "other headache disorders",
        r"\bmedication[- ]overuse headache|\bpost-?traumatic headache|\bnew daily persistent"
        r"|\bhemicrania\b|\boccipital neuralgia\b|\bpost-?concussi\w+",
    ),
    _c("trigeminal neuralgia", r"\btrigeminal neuralgia\b"),
    _c(
        "migraine subtype",
        r"\b(?:hemiplegic|vestibular|retinal|abdominal|basilar|brainstem) migraines?\b",
    ),
    _c("migraine", r"\bmigraines?\b"),
    _c(
        "acute treatment",
        r"\b(?:for|as) (?:an? |the )?acute (?:treatment|therapy|use)\b|\bacute treatment of\b"
        r"|\btreat(?:s|ing)? (?:an? |the )?(?:(?:ongoing|active|acute|migraine) )*"
        r"(?:attacks?|episodes?)\b|\babortive\b|\brescue (?:therapy|treatment|medication)",
        r"\bprevent",
    ),
    _c("neuropathic pain", r"\bneuropathic pain\b|\bfibromyalgia\b"),
    _c("diabetic neuropathy", r"\bdiabetic (?:peripheral )?(?:poly)?neuropathy\b"),
    # rare disease
    _c("hATTR polyneuropathy", r"\bpolyneuropathy\b|\bhATTR-?PN\b|(?-i:\bFAP\b)"),
    _c("wild-type ATTR", r"\bwild[- ]type (?:ATTR|transthyretin)\w*|\bATTR-?wt\b|\bwtATTR\b"),
    _c(
        "cardiomyopathy",
        r"\bcardiomyopath\w*|\bATTR-?CM\b|\bcardiac (?:amyloidosis|involvement|manifestations)"
        r"|\bheart involvement\b",
    ),
    _c("AL amyloidosis", r"\bAL amyloidosis\b|\blight[- ]chain amyloidosis\b"),
    _c(
        "asymptomatic carriers",
        r"\b(?:pre-?symptomatic|asymptomatic)\b[^.?]{0,20}\b(?:carriers?|patients?|individuals?)\b"
        r"|\b(?:TTR|mutation|gene|variant) carriers?\b",
    ),
    _c(
        "transplant recipients",
        r"\b(?:liver|kidney|renal|heart|organ|stem cell|bone marrow) transplant\w*"
        r"|\btransplant (?:recipients?|patients?)\b|\bpost-?transplant\b",
    ),
    # hair
    _c(
        "androgenetic alopecia",
        r"\bandrogenetic alopecia\b|\bmale[- ]pattern (?:baldness|hair loss)",
    ),
    _c(
        "other hair loss",
        r"\balopecia (?:areata|totalis|universalis)\b|\bpatchy (?:hair loss|alopecia)"
        r"|\bsudden hair loss|\b(?:chemo(?:therapy)?|drug|stress)[- ](?:induced|related) "
        r"(?:hair loss|alopecia)|\b(?:scarring|traction) alopecia\b",
    ),
    _c(
        "female or postpartum hair loss",
        r"\bfemale[- ]pattern\b|\bpostpartum hair loss\b|\btelogen effluvium\b",
    ),
    _c(
        "frontal hair loss", r"\breceding hairline\b|\bfrontal (?:baldness|hair ?loss)|\bhairline\b"
    ),
    _c(
        "use on other body sites",
        r"\bbeards?\b|\beyebrows?\b|\beyelashes\b|\b(?:apply|applying|use|using|put|putting)\b"
        r"[^.?]{0,25}\b(?:on|to) (?:the |his |her |their )?(?:face|chest|body|legs|arms)\b",
    ),
)

# Fallback for diseases missing from CONDITIONS: a disease-shaped term framed as a use.
_GENERIC_DISEASE = re.compile(
    r"(?P<cue>\b(?:for|treat(?:s|ing)?|in|help(?:s)?(?: with)?|control(?:ling)?|manag(?:e|ing)"
    r"|role in|work(?:s)? (?:in|for)|effective (?:for|in)|option for|indicated for|approved for"
    r"|used for|use in))\s+(?P<gap>(?:[\w'\u2019-]+\s+){0,3}?)"
    r"(?P<term>[\w-]+(?:itis|osis|omas?|emias?|opathy|opathies|iasis|ulosis)"
    r"|[\w'\u2019-]+ (?:cancers?|carcinomas?|tumou?rs?|diseases?|syndromes?|disorders?))(?![\w'-])",
    _I,
)
_NOT_A_USE = re.compile(
    r"\b(?:screen\w*|test\w*|monitor\w*|risk|look|watch|evaluat\w*|check\w*)\s*$", _I
)
_SAFETY_TERMS = frozenset(
    "colitis hepatitis pneumonitis nephritis glomerulonephritis thyroiditis myocarditis "
    "hypophysitis dermatitis leukoencephalopathy encephalopathy tuberculosis thrombosis "
    "hepatotoxicity ketoacidosis hyperglycemia hypoglycemia anemia".split()
)
_SAFETY_DISEASE_WORDS = frozenset(
    "heart liver kidney renal lung thyroid autoimmune cardiovascular hepatic infectious "
    "progressive stable active residual metastatic advanced measurable".split()
)
_FILLER_WORDS = frozenset(
    "a an the his her their my our your patients patient adults adult people those with of who "
    "have has had moderate severe active chronic mild known suspected".split()
) | {""}
_GENERIC_WORDS = frozenset(
    "cancer cancers carcinoma carcinomas tumor tumors tumour tumours".split()
)

_OFF_LABEL_CUE = re.compile(
    r"\boff[- ]label\b|\bunapproved (?:use|uses|indications?|doses?|dosing|populations?)\b"
    r"|\bunlabell?ed uses?\b|\bnot (?:in|on) the (?:label|PI|prescribing information)\b"
    r"|\boutside (?:of )?the (?:label|PI|approved indications?)\b|\bbeyond the label\b",
    _I,
)
_DOSING_CUE = re.compile(
    r"\b(?:without|skip(?:ping)?) (?:the )?titration\b|\bdoubl\w* (?:the )?dos\w*"
    r"|\bhigher dos\w*|\b(?:exceed\w*|above) the (?:recommended|maximum|labeled|approved) dos\w*"
    r"|\bdose escalation\b|\bescalat\w+ the dose\b|\bloading dose\b|\bmore often\b"
    r"|\bextend\w* the (?:dosing )?interval\b|\bsplit(?:ting)? the dose\b|\bretreat\w*"
    r"|\bre-?challeng\w*|\brestart\w* after (?:\d+|completing|finishing)"
    r"|\b(?:beyond|longer than) \d+ (?:months|years)\b",
    _I,
)
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
    r"|\b(?:out of|within) (?:the )?reach of (?:small |young )?children\b"
    r"|\b(?:kids|children|grandchildren) (?:in|at) (?:the )?(?:house|home|household)\b"
    r"|\b(?:live|lives|living) with (?:young |small )?(?:kids|children)\b"
    r"|\b(?:an? |the )?(?:child|kid|toddler|infant|baby) (?:accidentally )?"
    r"(?:swallow\w*|ingest\w*|touch\w*|gets? into)"
    r"|\b(?:have|having|father|fathering|conceive|conceiving) (?:a |more )?"
    r"(?:child|children|kids|baby)\b"
    r"|\b(?:infants?|newborns?|babies) (?:exposed|born)\b",
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

_NUMBER = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_DOSE = re.compile(
    rf"(?<![\d.,]){_NUMBER}\s*(?P<u>mg/kg|mg/m2|mg/m²|mg|mcg|µg)\b"
    r"(?!\s*/\s*(?:\d+(?:\.\d+)?\s*)?(?:mL|L|dL|g)\b)",
    _I,
)
# Drugs that are not our products: a dose next to one belongs to it ("omeprazole 20 mg").
_OTHER_DRUG = re.compile(
    r"\b(?:\w+(?:azole|tidine|olol|pril|sartan|statin|triptan|profen|parin|xaban|gatran|sone"
    r"|olone|mab|nib|cillin|mycin|floxacin)|aspirin|ibuprofen|naproxen|acetaminophen"
    r"|paracetamol|methotrexate|warfarin|digoxin|topiramate|midazolam|caffeine|tafamidis"
    r"|diflunisal|finasteride|metformin|insulin|vitamin \w+|carboplatin|cisplatin|pemetrexed"
    r"|steroids?|corticosteroids?)\b",
    _I,
)

_SCHEDULE = re.compile(
    r"\b(?P<n1>once|twice|thrice|one time|two times|three times|four times|[1-4] times?)"
    r" (?:a|per|each|every) (?P<u1>day|week|month)\b"
    r"|\b(?P<n2>once|twice|thrice|three times|four times|[1-4] times)"
    r" (?P<u2>daily|weekly|monthly)\b"
    r"|\b(?:once )?(?:every|each) (?P<k3>other|\d+|two|three|four|six|eight|twelve)"
    r" (?P<u3>day|week|month)s?\b"
    r"|\b(?:once )?(?:every|each) (?P<u4>day|week|month)\b"
    r"|\b(?P<w5>daily|weekly|monthly|quarterly|biweekly|fortnightly)\b(?! allowance| li[fv])"
    r"|(?-i:\b(?P<a6>BID|TID|QID|QD|QW|Q[1-9]\d?W)\b)",
    _I,
)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "daily": 1, "weekly": 7, "monthly": 30}
_COUNT = {"once": 1, "one time": 1, "twice": 2, "two times": 2, "thrice": 3, "three times": 3}
_COUNT |= {"four times": 4} | {f"{n} time{'s' if n > 1 else ''}": n for n in range(1, 5)}
_NUMBER_WORDS = {"other": 2, "two": 2, "three": 3, "four": 4, "six": 6, "eight": 8, "twelve": 12}
_WORD_SCHEDULE = {
    "daily": (1, 1),
    "weekly": (1, 7),
    "monthly": (1, 30),
    "quarterly": (1, 90),
    "biweekly": (1, 14),
    "fortnightly": (1, 14),
}
_ABBREV_SCHEDULE = {"BID": (2, 1), "TID": (3, 1), "QID": (4, 1), "QD": (1, 1), "QW": (1, 7)}
_MONITORING = re.compile(r"\b(?:monitor\w*|test\w*|check\w*|measur\w*|labs?|ECGs?|counts?)\b", _I)
_DOSING_WORDS = re.compile(
    r"\bmg\b|\bdos(?:e|es|ing|age)\b|\badminist\w+|\binject\w*|\binfus\w+|\bapply\b|\btaken?\b", _I
)

_PARTNERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (topic, re.compile(pattern, _I))
    for topic, pattern in (
        (
            "chemotherapy",
            r"\bchemo(?:therapy)?\b|\bplatinum\b|\bcarboplatin\b|\bcisplatin\b|\bpemetrexed\b"
            r"|\bdocetaxel\b|\bpaclitaxel\b|\bgemcitabine\b",
        ),
        (
            "immunotherapy",
            r"\bimmunotherapy\b|\bcheckpoint inhibitors?\b|\b(?:anti-)?PD-?L?1\b"
            r"|\b(?:pembro|nivo|atezo|durva|ipili|ave)\w*mab\b",
        ),
        (
            "an antibody-drug conjugate",
            r"\benfortumab\b|\bsacituzumab\b|\bantibody[- ]drug conjugate",
        ),
        ("radiation", r"\bradiation\b|\bradiotherapy\b|\bstereotactic\b|\bwhole[- ]brain\b"),
        ("another kinase inhibitor", r"\bosimertinib\b|\b(?:EGFR|ALK|MET) inhibitors?\b"),
        (
            "a TNF blocker",
            r"\bTNF(?:-alpha|\u03b1)? (?:blockers?|inhibitors?)|\banti-TNF\b"
            r"|\b(?:adalimumab|infliximab|etanercept|certolizumab|golimumab)\b",
        ),
        (
            "a JAK inhibitor",
            r"\bJAK inhibitors?\b|\b(?:tofa|upada|bari|filgo)citinib\b|\bfilgotinib\b",
        ),
        (
            "another biologic",
            r"\b(?:other |another |second )?biologics?\b|\b(?:vedoli|usteki|secuki|ixeki|risanki"
            r"|guselk|dupil)\w*mab\b|\bapremilast\b",
        ),
        (
            "a cDMARD",
            r"\bmethotrexate\b|(?-i:\bMTX\b)|\bc?s?DMARDs?\b|\bleflunomide\b|\bsulfasalazine\b",
        ),
        (
            "another MS therapy",
            r"\b(?:ocrelizumab|natalizumab|alemtuzumab|ofatumumab|interferon|glatiramer"
            r"|teriflunomide|cladribine|fingolimod|siponimod|ozanimod|ponesimod)\b"
            r"|\bdimethyl fumarate\b|\bDMTs?\b",
        ),
        (
            "another migraine preventive",
            r"\bonabotulinumtoxinA\b|\bbotox\b|\bbotulinum\b|\banti-CGRP\b"
            r"|\b(?:erenumab|galcanezumab|fremanezumab|eptinezumab|atogepant|rimegepant)\b",
        ),
        (
            "a TTR stabilizer or silencer",
            r"\bTTR (?:stabili[sz]ers?|silencers?)\b|\b(?:tafamidis|diflunisal|acoramidis"
            r"|patisiran|vutrisiran|inotersen|eplontersen)\b",
        ),
        (
            "another hair-loss treatment",
            r"\bfinasteride\b|\bdutasteride\b|\boral minoxidil\b|\bplatelet[- ]rich plasma\b"
            r"|\bother (?:hair|scalp) (?:products?|treatments?|medicines?)\b",
        ),
    )
)
_COMBO_CUE = re.compile(
    r"\bplus\b|\bcombin\w*|\btogether with\b|\balongside\b|\badd(?:ed|ing|s)?(?: it)?(?: on)? to\b"
    r"|\badd-on\b|\bon top of\b|\bconcurrent\w*|\bco-?administ\w+|\bwhile (?:on|taking|receiving)\b"
    r"|\bdual therapy\b|\s\+\s",
    _I,
)
_POSITIVE_COMBINATION = re.compile(r"\bin combination with\b(?P<with>.+?)(?:\.\s|\.?$)", _I)
_NEGATION = re.compile(r"\bnot\b", _I)
_TRIAL_CONTEXT = re.compile(
    r"\bat baseline\b|\bstratif\w+|\bhow many\b[^?]{0,50}\b(?:patients|enrolled|had)\b", _I
)
# Another biomarker than the label's: "ROS1-positive", "EGFR mutation", "HER2-negative".
_GENE = re.compile(
    r"(?-i:\b(?P<gene>[A-Z][A-Z0-9]{1,5}))[- ](?:positive|mutant|mutated|mutations?|rearranged"
    r"|rearrangements?|fusions?|amplified|amplifications?|negative|altered)\b",
    _I,
)
_ROUTES: tuple[tuple[str, str], ...] = (
    ("intravenous", r"intravenous(?:ly)?|(?-i:IV)|infusions?|infused"),
    ("subcutaneous", r"subcutaneous(?:ly)?|(?-i:SC)|sub-?Q"),
    ("intramuscular", r"intramuscular(?:ly)?|(?-i:IM)"),
    ("oral", r"oral(?:ly)?(?! supplement)|by mouth|pills?|tablets?|capsules?"),
    ("topical", r"topical(?:ly)?|creams?|ointments?|gels?|foams?"),
    ("intrathecal", r"intrathecal(?:ly)?"),
    ("inhaled", r"inhal\w+|nebuli[sz]\w+"),
)
_LABEL_ROUTE_WORDS = {"topical": r"\bapply\b|\btopical"}
_ADMIN_VERB = (
    r"(?:given|administered|used|dosed|delivered|taken|injected|infused|applied|give|administer"
    r"|take)"
)
_ROUTE_NOUN = r"(?:form|formulation|version|administration|route|dosing|dose|use|push|bolus|option)"
_ABBREVIATIONS = frozenset(
    {"dr", "mr", "mrs", "ms", "prof", "st", "vs", "e.g", "i.e", "approx", "no"}
)


# --- helpers -----------------------------------------------------------------------------------


def _name_pattern(term: str) -> str:
    escaped = re.escape(term.strip()).replace("\\ ", r"\s+").replace("'", "['\u2019]?")
    return rf"(?<![\w-]){escaped}(?![\w-])"


def _product_regex(label: ProductLabel) -> re.Pattern[str]:
    terms = sorted({label.name, *label.aliases} - {""}, key=len, reverse=True)
    return re.compile("|".join(_name_pattern(term) for term in terms), _I)


def _mentioned(text: str, labels: Sequence[ProductLabel]) -> list[tuple[int, ProductLabel]]:
    """Products named in ``text`` with the offset of their first mention, in mention order."""
    found = []
    for label in labels:
        match = _product_regex(label).search(text)
        if match:
            found.append((match.start(), label))
    return sorted(found, key=lambda item: item[0])


def _scope(label: ProductLabel) -> str:
    return " ".join((label.indication_text, *label.indications))


def _normalise_dose(number: str, unit: str) -> str:
    value = float(number.replace(",", ""))
    shown = f"{value:g}" if value < 1e6 else str(int(value))
    return f"{shown} {unit.lower().replace('µg', 'mcg')}"


def _foreign_dose(text: str, start: int, end: int, own: frozenset[str]) -> bool:
    """A dose that belongs to another drug: "omeprazole 20 mg", "10 mg of prednisone"."""
    before = text[max(0, start - 25) : start].split(",")[-1]
    after = re.match(r"\s*(?:or less )?of (.{0,25})", text[end:])
    near = list(_OTHER_DRUG.finditer(before))
    if after and (m := _OTHER_DRUG.match(after.group(1))):
        near.append(m)
    return any(m.group(0).lower() not in own for m in near)


def _doses(text: str, own: frozenset[str] = frozenset()) -> list[str]:
    """Doses in ``text`` ("150 mg") other than those of non-product drugs; ``own`` names ours."""
    return [
        _normalise_dose(m["n"], m["u"])
        for m in _DOSE.finditer(text)
        if not _foreign_dose(text, m.start(), m.end(), own)
    ]


def _schedule_key(match: re.Match[str]) -> tuple[int, int] | None:
    if match["n1"] or match["n2"]:
        count = _COUNT.get((match["n1"] or match["n2"]).lower(), 1)
        return count, _UNIT_DAYS[(match["u1"] or match["u2"]).lower()]
    if match["u3"]:
        every = _NUMBER_WORDS.get(match["k3"].lower()) or int(match["k3"])
        return 1, every * _UNIT_DAYS[match["u3"].lower()]
    if match["u4"]:
        return 1, _UNIT_DAYS[match["u4"].lower()]
    if match["w5"]:
        return _WORD_SCHEDULE[match["w5"].lower()]
    code = match["a6"]
    if code in _ABBREV_SCHEDULE:
        return _ABBREV_SCHEDULE[code]
    return (1, 7 * int(code[1:-1])) if code.startswith("Q") else None


def _schedules(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Dosing schedules in ``text``, skipping those about monitoring ("check labs weekly")."""
    found = []
    for match in _SCHEDULE.finditer(text):
        key = _schedule_key(match)
        if key and not _MONITORING.search(text[max(0, match.start() - 30) : match.start()]):
            found.append((match.group(0), key))
    return found


def _strip(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(" ", text)


def _conditions(text: str) -> list[tuple[_Condition, str]]:
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
    unique: dict[str, tuple[_Condition, str]] = {}
    for cond, phrase in kept:
        unique.setdefault(cond.topic, (cond, phrase))
    return list(unique.values())


def _generic_diseases(text: str, labels: Sequence[ProductLabel]) -> list[str]:
    """Disease-shaped terms outside CONDITIONS and outside every label's scope."""
    known = [m.span() for cond in CONDITIONS for m in cond.pattern.finditer(text)]
    scope = " ".join(_scope(label) for label in labels).lower()
    found = []
    for match in _GENERIC_DISEASE.finditer(text):
        start, end = match.span("term")
        term = match["term"]
        words = term.lower().replace("\u2019", "'").split()
        if any(s < end and start < e for s, e in known) or _NOT_A_USE.search(text[: match.start()]):
            continue
        if words[-1] in _SAFETY_TERMS and (
            not match["gap"] or re.search(r"\bgrade|immune", match["gap"], _I)
        ):
            continue
        if len(words) > 1 and words[0] in _SAFETY_DISEASE_WORDS:
            continue
        qualifier = (match["gap"].split() or [""])[-1].lower()
        if len(words) == 1 and qualifier not in _FILLER_WORDS:
            term = f"{qualifier} {term}"
        tokens = [t.rstrip("s") for t in re.split(r"[\s-]+", term.lower()) if len(t) > 2]
        tokens = [t for t in tokens if t not in {w.rstrip("s") for w in _GENERIC_WORDS}]
        if tokens and not all(t in scope for t in tokens):
            found.append(term)
    return found


def _covered(cond: _Condition, label: ProductLabel) -> bool:
    scope = _scope(label)
    if cond.applies is not None and not cond.applies.search(scope):
        return True
    return bool(cond.pattern.search(scope))


def _is_pediatric(text: str) -> str | None:
    cleaned = _strip(text, _CHILD_CONTEXT)
    match = _PEDIATRIC.search(cleaned)
    if match:
        return match.group(0)
    for age in _AGE.finditer(cleaned):
        value = next(int(v) for v in age.groups() if v is not None)
        if value < 18:
            return age.group(0)
    return None


def _combination(text: str, mentions: list[tuple[int, ProductLabel]]) -> list[tuple[str, str]]:
    """(partner topic, matched text) for each therapy combined with a mentioned product."""
    names = "|".join(_product_regex(label).pattern for _, label in mentions)
    partners = [(topic, m) for topic, pattern in _PARTNERS for m in [pattern.search(text)] if m]
    if len(mentions) > 1:
        partners += [
            (label.name, m)
            for _, label in mentions[1:]
            for m in [_product_regex(label).search(text)]
            if m
        ]
    if not partners or not names:
        return []
    if _COMBO_CUE.search(text):
        return [(topic, m.group(0)) for topic, m in partners]
    combined = []
    for topic, m in partners:
        partner = re.escape(m.group(0))
        with_ = r"\W+(?:\w+\W+){0,3}?(?<!compared )(?<!comparison )with\W+(?:\w+\W+){0,3}?"
        link = rf"(?:{names}){with_}{partner}|{partner}{with_}(?:{names})"
        if re.search(link, text, _I):
            combined.append((topic, m.group(0)))
    return combined


def _reasons(text: str, mentions: list[tuple[int, ProductLabel]], *, cue: bool = True) -> list[str]:
    """Why ``text`` is off-label for the mentioned products; each reason quotes its trigger."""
    reasons: list[str] = []
    labels = [label for _, label in mentions]
    if cue and (match := _OFF_LABEL_CUE.search(text)):
        reasons.append(f"explicit off-label request ('{match.group(0)}')")
    if not labels:
        return reasons
    who = "/".join(label.name for label in labels)
    for cond, phrase in _conditions(text):
        if cond.in_trials and _TRIAL_CONTEXT.search(text):
            continue
        if not any(_covered(cond, label) for label in labels):
            reasons.append(f"{who}: {cond.topic} ('{phrase}') is not an approved indication")
    for term in _generic_diseases(text, labels):
        reasons.append(f"{who}: '{term}' is not an approved indication")
    if any(re.search(_BIOMARKER, _scope(label), _I) for label in labels):
        for gene in dict.fromkeys(m["gene"] for m in _GENE.finditer(text)):
            if not any(re.search(rf"\b{re.escape(gene)}\b", _scope(label)) for label in labels):
                reasons.append(f"{who}: disease defined by '{gene}' is not an approved indication")
    if all(label.routes for label in labels):
        allowed_routes = {route for label in labels for route in label.routes}
        for route in _routes_asked(text, mentions):
            if route not in allowed_routes:
                reasons.append(f"{who}: '{route}' administration is not in the label")
    if (kid := _is_pediatric(text)) and any(label.adult_only for label in labels):
        reasons.append(f"{who}: pediatric population ('{kid}'); the label is for adults only")
    female = _FEMALE.search(_strip(text, _PARTNER_CONTEXT))
    if female and any(label.male_only for label in labels):
        reasons.append(f"{who}: use in women ('{female.group(0)}'); the label is for men only")
    approved = {d for label in labels for d in label.approved_doses}
    if approved:
        normalised = {_normalise_dose(*d.split()) for d in approved if len(d.split()) == 2}
        own = frozenset(t.lower() for label in labels for t in (label.name, *label.aliases))
        for dose in _doses(text, own):
            if dose not in normalised:
                reasons.append(f"{who}: dose '{dose}' is not an approved dose")
    allowed = {
        key for label in labels for _, key in _schedules(" ; ".join(label.approved_schedules))
    }
    if allowed:
        for phrase, key in _schedules(text):
            if key not in allowed:
                reasons.append(f"{who}: schedule '{phrase}' is not in the label")
    if match := _DOSING_CUE.search(text):
        reasons.append(f"{who}: dosing outside the label ('{match.group(0)}')")
    for topic, phrase in _combination(text, mentions):
        if not any(_partner_listed(topic, phrase, label) for label in labels):
            reasons.append(f"{who}: combination with {topic} ('{phrase}') is not in the label")
    return list(dict.fromkeys(reasons))


def _routes_asked(text: str, mentions: list[tuple[int, ProductLabel]]) -> list[str]:
    """Routes the question asks about for the product ("administered IV", "an oral form")."""
    names = "|".join(_product_regex(label).pattern for _, label in mentions)
    asked = []
    for route, words in _ROUTES:
        tied = (
            rf"\b{_ADMIN_VERB}\s+(?:it\s+)?(?:as\s+an?\s+|by\s+|via\s+|through\s+(?:an?\s+)?)?(?:{words})\b"
            rf"|\b(?:{words})\s+{_ROUTE_NOUN}\b|\b(?:{words})\s+(?:{names})|(?:{names})\s+(?:{words})\b"
        )
        if re.search(tied, text, _I):
            asked.append(route)
    return asked


def _partner_listed(topic: str, phrase: str, label: ProductLabel) -> bool:
    patterns = [p for t, p in _PARTNERS if t == topic] or [re.compile(_name_pattern(phrase), _I)]
    return any(p.search(combo) for p in patterns for combo in label.combinations)


# --- public API --------------------------------------------------------------------------------


def check_question(question: str, labels: Sequence[ProductLabel]) -> OffLabelCheck:
    """Is a rep's question about a use outside the label? If it names no product and only one
    label is given, the question is taken to be about that product."""
    mentions = _mentioned(question, labels)
    if not mentions and len(labels) == 1:
        mentions = [(0, labels[0])]
    reasons = _reasons(question, mentions)
    products = tuple(label.name for _, label in mentions)
    return OffLabelCheck(bool(reasons), tuple(reasons), products)


def _sentences(text: str) -> list[str]:
    """Split a note into sentences, not after "Dr." and other abbreviations."""
    parts, start = [], 0
    for match in re.finditer(r"[.!?]+[\"')\]]*\s+|\n+", text):
        word = re.search(r"([\w.]+)[.!?]*[\"')\]]*\s*$", text[start : match.end()])
        if match.group(0).startswith(".") and word and word.group(1).lower() in _ABBREVIATIONS:
            continue
        parts.append(text[start : match.end()].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def _topic(sentence: str, label: ProductLabel, reasons: Iterable[str]) -> str:
    match = _product_regex(label).search(sentence)
    if not match:  # inherited from an earlier sentence: name what triggered the reason
        first = next(iter(reasons))
        quoted = re.search(r"'([^']+)'", first)
        return f"{label.name}: {quoted.group(1) if quoted else first.split(': ', 1)[-1]}"
    clause = re.split(
        r"[;:!?]|\s->|\s[-\u2013\u2014]\s|,\s(?:so|but|and|which|redirected)\b|\.(?:\s|$)",
        sentence[match.end() :],
    )[0]
    words = clause.split()[:12]
    return " ".join([label.name, *words]).rstrip(" ,.")


def extract_off_label_topics(note_text: str, labels: Sequence[ProductLabel]) -> list[str]:
    """Short topics ("MIGRALIS for cluster headache") for sentences of a CRM note in which an
    off-label use came up. A sentence that names no product inherits the last one named."""
    topics: dict[str, str] = {}
    current: list[tuple[int, ProductLabel]] = []
    for sentence in _sentences(note_text):
        own = _mentioned(sentence, labels)
        current = own or current
        reasons = _reasons(sentence, current, cue=bool(own))
        if not reasons or not current:
            continue
        topic = _topic(sentence, current[0][1], reasons)
        topics.setdefault(topic.lower(), topic)
    return list(topics.values())


# --- building labels from the knowledge base ----------------------------------------------------

_ADULT_ONLY = re.compile(
    r"pediatric[^.]{0,80}not (?:been )?established|not (?:been )?established[^.]{0,40}pediatric"
    r"|\bunder 18 years\b|\bdo not use on (?:babies|children)\b",
    _I,
)
_MALE_ONLY = re.compile(
    r"\bfor use by men only\b|\bnot for use by women\b|\bif you are a woman\b", _I
)


def _split_product(product: str) -> tuple[str, tuple[str, ...]]:
    """'ZORVEXA (zorvatinib)' -> ('ZORVEXA', ('zorvatinib',)); "Men's Rogaine" adds 'Rogaine'."""
    match = re.fullmatch(r"\s*(?P<name>[^()]+?)\s*(?:\((?P<generic>[^()]+)\))?\s*", product)
    name = match["name"] if match else product.strip()
    aliases = [match["generic"]] if match and match["generic"] else []
    if " " in name:
        aliases.append(name.split()[-1])
    return name, tuple(aliases)


def label_from_document(metadata: DocumentMetadata, document: ParsedDocument) -> list[ProductLabel]:
    """``ProductLabel``s (one per product the entry names) from a label's manifest entry and text.

    The caller decides which documents count (approved, unexpired, ``document_type`` 'label').
    """
    by_kind: dict[SectionKind, list[str]] = {}
    for section in document.sections:
        by_kind.setdefault(section.kind, []).append(document.section_text(section))
    indication = " ".join(
        by_kind.get(SectionKind.INDICATIONS, []) + by_kind.get(SectionKind.PURPOSE, [])
    )
    dosing = "\n".join(
        by_kind.get(SectionKind.DOSAGE, []) + by_kind.get(SectionKind.DIRECTIONS, [])
    )
    forms = "\n".join(by_kind.get(SectionKind.DOSAGE_FORMS, []))
    segments = [s for s in re.split(r"(?<=[.;])\s+|\n|\|", dosing) if _DOSING_WORDS.search(s)]
    segments = [s for s in segments if not re.search(r"\bmonitor", s, _I)]
    combos = tuple(
        m["with"].strip()
        for sentence in re.split(r"(?<=\.)\s+", indication)
        if not _NEGATION.search(sentence)
        for m in [_POSITIVE_COMBINATION.search(sentence)]
        if m
    )
    routes = tuple(
        route
        for route, words in _ROUTES
        if re.search(rf"\b(?:{words})\b|{_LABEL_ROUTE_WORDS.get(route, '$^')}", dosing + forms, _I)
    )
    labels = []
    for product in metadata.products:
        name, aliases = _split_product(product)
        labels.append(
            ProductLabel(
                name=name,
                aliases=aliases,
                indications=tuple(metadata.indications),
                adult_only=bool(_ADULT_ONLY.search(document.text))
                or bool(re.search(r"\badults?\b", indication, _I)),
                approved_doses=tuple(dict.fromkeys(_doses(dosing + "\n" + forms))),
                indication_text=indication,
                approved_schedules=tuple(
                    dict.fromkeys(p for s in segments for p, _ in _schedules(s))
                ),
                combinations=combos,
                male_only=bool(_MALE_ONLY.search(document.text)),
                routes=routes,
            )
        )
    return labels


def labels_from_manifest(manifest_path: Path) -> list[ProductLabel]:
    """One ``ProductLabel`` per product with an approved label document in the manifest."""
    from knowledge_base.loaders import load_document
    from knowledge_base.manifest import load_manifest

    manifest_path = Path(manifest_path)
    labels: dict[str, ProductLabel] = {}
    for entry in load_manifest(manifest_path).documents:
        if entry.document_type != "label" or entry.status is not Status.APPROVED:
            continue
        for label in label_from_document(entry, load_document(manifest_path.parent / entry.path)):
            name = label.name
            labels[name] = merge_labels(labels[name], label) if name in labels else label
    return list(labels.values())


def merge_labels(a: ProductLabel, b: ProductLabel) -> ProductLabel:
    """One label from two documents for the same product: the union of what each allows."""

    def union(x: tuple[str, ...], y: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*x, *y)))

    return ProductLabel(
        name=a.name,
        aliases=union(a.aliases, b.aliases),
        indications=union(a.indications, b.indications),
        adult_only=a.adult_only and b.adult_only,
        approved_doses=union(a.approved_doses, b.approved_doses),
        indication_text=" ".join(filter(None, (a.indication_text, b.indication_text))),
        approved_schedules=union(a.approved_schedules, b.approved_schedules),
        combinations=union(a.combinations, b.combinations),
        male_only=a.male_only and b.male_only,
        routes=union(a.routes, b.routes),
    )
