"""The conditions a rep's question can name, each as a compiled pattern.

Off-label detection starts from vocabulary: the diseases, settings (first-line, adjuvant,
maintenance) and disease stages that a question may ask about, grouped by therapy area. Keeping
the word lists apart from the logic that judges them lets a new term be added, reviewed and
tested without touching the checks; the order matters, because a match inside a longer match of
another condition is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["BIOMARKER", "COMMON_ABBREVIATIONS", "CONDITIONS", "Condition", "singular"]

_I = re.IGNORECASE


@dataclass(frozen=True)
class Condition:
    """A disease, setting or population term. It is off-label for a product unless ``pattern``
    also matches the product's indication scope; it is only judged where ``applies`` (if any)
    matches that scope (e.g. "first-line" only matters for a later-line indication)."""

    topic: str
    pattern: re.Pattern[str]
    applies: re.Pattern[str] | None = None
    in_trials: bool = False  # fine when the question describes the label's trial population


def _c(
    topic: str, pattern: str, applies: str | None = None, *, in_trials: bool = False
) -> Condition:
    compiled = re.compile(applies, _I) if applies else None
    return Condition(topic, re.compile(pattern, _I), compiled, in_trials)


_ADVANCED = r"\bmetastatic\b|\badvanced\b"
_LATER_LINE = r"\bafter\b|\bfollowing\b|\bprogress\w*|\bpreviously treated\b|\bprior\b"
# Abbreviations clinicians use that a label may never define ("RA" where the indications
# only say "Rheumatoid Arthritis").
COMMON_ABBREVIATIONS = {
    "RA": "Rheumatoid Arthritis",
    "PsA": "Psoriatic Arthritis",
    "AS": "Ankylosing Spondylitis",
    "UC": "Ulcerative Colitis",
    "AD": "Atopic Dermatitis",
    "HS": "Hidradenitis Suppurativa",
    "MM": "Multiple Myeloma",
    "AF": "Atrial Fibrillation",
    "OA": "Osteoarthritis",
    "MBC": "Breast Cancer",
    "mBC": "Breast Cancer",
}


def singular(word: str) -> str:
    """A lower-case word without its plural "s" ("valves" and "valve" name the same use:
    "a mechanical mitral valve" where the label says "prosthetic heart valves")."""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


BIOMARKER = r"\bfusion|\bmutat\w+|-positive\b|\bgene\b|\bamplif\w+"
# Specific terms first; a match inside a longer match of another condition is ignored.
CONDITIONS: tuple[Condition, ...] = (
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
    # Blood cancers by kind: a label for one leukemia or lymphoma covers no other.
    _c("multiple myeloma", r"\bmyeloma\b|(?-i:\bMM\b)"),
    _c("myelodysplastic syndromes", r"\bmyelodysplastic\b|(?-i:\b(?:HR-?)?MDS\b)"),
    _c(
        "chronic lymphocytic leukemia",
        r"\bchronic lymphocytic\b|\bsmall lymphocytic\b|(?-i:\bCLL\b|\bSLL\b)",
    ),
    _c("acute myeloid leukemia", r"\bacute myeloid\b|(?-i:\bAML\b)"),
    _c(
        "B-cell acute lymphoblastic leukemia",
        r"\bacute lymphoblastic\b|\bB-cell precursor\b|(?-i:\bB-?ALL\b)",
    ),
    _c("chronic myeloid leukemia", r"\bchronic myel\w+ leuka?emia\b|(?-i:\bCML\b)"),
    _c(
        "non-Hodgkin lymphoma",
        r"\bnon-?Hodgkin\b|\bdiffuse large B-cell\b|(?-i:\bDLBCL\b)|\bfollicular lymphoma\b"
        r"|\bmantle cell\b|\bmarginal zone\b|\bT-cell lymphoma\b",
    ),
    _c("Hodgkin lymphoma", r"(?<!non-)(?<!non )\bHodgkin|(?-i:\bcHL\b)"),
    _c("hematologic cancer", r"\blymphomas?\b|\bleuka?emias?\b"),
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
        BIOMARKER,
    ),
    # immunology and dermatology
    _c(
        "pustular or erythrodermic psoriasis",
        r"\b(?:generali[sz]ed )?(?:pustular|erythrodermic) psoriasis",
    ),
    _c("plaque psoriasis", r"\bpsoriasis\b"),
    _c("psoriatic arthritis", r"\bpsoriatic arthritis\b|(?-i:\bPsA\b)"),
    _c("rheumatoid arthritis", r"\brheumatoid arthritis\b|(?-i:\bRA\b)"),
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
    _c(
        "eye surgery other than cataract or lens replacement",
        r"\bvitrectom\w*|\bretina(?:l)? (?:surgery|case)|\bglaucoma surgery\b"
        r"|\bcorneal transplant\w*|\bLASIK\b",
    ),
    # Coronary disease, judged for products that prevent strokes or clots (where ACS, a stent
    # or "MI prevention" asks for a cardiovascular use), not for others (a rep asking whether
    # a patient with CAD may take VIAGRA asks about a risk, not a use).
    _c(
        "coronary artery disease",
        r"\bacute coronary syndromes?\b|(?-i:\bACS\b)|\bcoronary\b|(?-i:\bCAD\b)"
        r"|\bstent(?:s|ed|ing)?\b|(?-i:\b(?:PCI|DAPT)\b)"
        r"|\b(?:MI|myocardial infarction|heart attack) prevention\b"
        r"|\bprevent\w* (?:an? |another |recurrent )?(?:MI|myocardial infarction|heart attacks?)\b",
        r"\bstroke\b|\bthrombo|\bembol",
    ),
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
