"""Off-label detection for rep questions and CRM notes, measured on a labelled question set."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from assistant.grounding.offlabel import (
    OffLabelCheck,
    ProductLabel,
    check_question,
    extract_off_label_topics,
    label_from_document,
    labels_from_manifest,
    merge_labels,
)
from assistant.grounding.offlabel.doses import find_schedules
from knowledge_base.loaders import load_document
from knowledge_base.manifest import load_manifest

REPO = Path(__file__).resolve().parent.parent
# The checker's logic is tested on fixture labels (the fictional labels of the former sample,
# tests/fixtures/fictional_labels) with their labelled question set; the sample's real labels are
# used for the CRM notes below, and bench/answers.py measures real questions on real labels.
MANIFEST = REPO / "tests" / "fixtures" / "fictional_labels" / "manifest.yaml"
SAMPLE_MANIFEST = REPO / "knowledge_base" / "sample" / "content" / "manifest.yaml"
QUESTIONS = REPO / "tests" / "data" / "offlabel_questions.jsonl"
NOTES = REPO / "knowledge_base" / "sample" / "crm" / "notes.csv"
PRODUCTS = (
    "ZORVEXA",
    "ONQUIRA",
    "IMRELZA",
    "COLIVANT",
    "NEUREVIA",
    "MIGRALIS",
    "HEMORAVIX",
    "Men's Rogaine",
)

RECALL_FLOOR = 0.9  # a missed off-label question is the costly error
FALSE_POSITIVE_CEILING = 0.10  # a false alarm only costs a medical information request


@pytest.fixture(scope="module")
def labels() -> list[ProductLabel]:
    return labels_from_manifest(MANIFEST)


@pytest.fixture(scope="module")
def questions() -> list[dict[str, object]]:
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]


def by_name(labels: list[ProductLabel], name: str) -> ProductLabel:
    return next(label for label in labels if label.name == name)


# --- labels built from the sample knowledge base -----------------------------------------------


def test_one_label_per_product_with_an_approved_label_document(labels: list[ProductLabel]) -> None:
    assert sorted(label.name for label in labels) == sorted(PRODUCTS)


@pytest.mark.parametrize(
    ("name", "doses"),
    [
        ("ZORVEXA", {"150 mg", "100 mg", "50 mg"}),
        ("ONQUIRA", {"1200 mg"}),
        ("IMRELZA", {"100 mg"}),
        ("COLIVANT", {"300 mg", "108 mg"}),
        ("NEUREVIA", {"0.23 mg", "0.46 mg", "0.92 mg"}),
        ("MIGRALIS", {"225 mg", "675 mg"}),
        ("HEMORAVIX", {"284 mg"}),
        ("Men's Rogaine", set()),
    ],
)
def test_doses_come_from_the_dosage_sections(
    labels: list[ProductLabel], name: str, doses: set[str]
) -> None:
    assert set(by_name(labels, name).approved_doses) == doses


def test_label_facts(labels: list[ProductLabel]) -> None:
    assert all(label.adult_only for label in labels)
    assert [label.name for label in labels if label.male_only] == ["Men's Rogaine"]
    assert by_name(labels, "ZORVEXA").aliases == ("zorvatinib",)
    assert "Rogaine" in by_name(labels, "Men's Rogaine").aliases
    assert by_name(labels, "IMRELZA").combinations  # "alone or in combination with a cDMARD"
    assert not by_name(labels, "COLIVANT").combinations  # "use in combination is not recommended"
    assert "every 3 weeks" in by_name(labels, "ONQUIRA").approved_schedules
    assert set(by_name(labels, "COLIVANT").routes) == {"intravenous", "subcutaneous"}


def test_label_from_document_and_merge(labels: list[ProductLabel]) -> None:
    entry = next(
        d for d in load_manifest(MANIFEST).documents if d.doc_id == "zorvexa-zorvatinib-label"
    )
    (label,) = label_from_document(entry, load_document(MANIFEST.parent / entry.path))
    assert label == by_name(labels, "ZORVEXA")
    other = ProductLabel("ZORVEXA", ("zv",), ("x",), False, ("25 mg",), routes=("intravenous",))
    merged = merge_labels(label, other)
    assert merged.approved_doses == ("150 mg", "100 mg", "50 mg", "25 mg")
    assert merged.aliases == ("zorvatinib", "zv") and not merged.adult_only
    assert merged.routes == ("oral", "intravenous")


def test_a_merged_label_allows_one_dose_a_day_only_where_both_documents_do() -> None:
    one = ProductLabel("ZORVEXA", (), ("x",), False, ("25 mg",), one_dose_a_day=True)
    other = ProductLabel("ZORVEXA", (), ("x",), False, ("25 mg",))
    assert merge_labels(one, one).one_dose_a_day
    assert not merge_labels(one, other).one_dose_a_day


# --- the labelled question set -----------------------------------------------------------------


def test_question_set_shape(questions: list[dict[str, object]]) -> None:
    assert len(questions) >= 120
    assert len({q["question"] for q in questions}) == len(questions)
    assert all(set(q) == {"question", "off_label", "why"} for q in questions)
    share = sum(bool(q["off_label"]) for q in questions) / len(questions)
    assert 0.38 <= share <= 0.52
    mentioned = Counter(
        p
        for q in questions
        for p in PRODUCTS
        if p.split()[-1].lower() in str(q["question"]).lower()
    )
    assert all(mentioned[p] >= 8 for p in PRODUCTS), mentioned


def test_recall_and_false_positive_rate_on_the_question_set(
    labels: list[ProductLabel], questions: list[dict[str, object]]
) -> None:
    missed, false_alarms = [], []
    for q in questions:
        result = check_question(str(q["question"]), labels)
        if q["off_label"] and not result.off_label:
            missed.append(q["question"])
        elif not q["off_label"] and result.off_label:
            false_alarms.append((q["question"], result.reasons))
    positives = sum(bool(q["off_label"]) for q in questions)
    recall = 1 - len(missed) / positives
    fpr = len(false_alarms) / (len(questions) - positives)
    assert recall >= RECALL_FLOOR, missed
    assert fpr <= FALSE_POSITIVE_CEILING, false_alarms


# --- behaviour on individual questions ---------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Can ZORVEXA be used for breast cancer?", "breast cancer"),
        ("Can MIGRALIS be used for cluster headache?", "cluster headache"),
        ("Is IMRELZA an option for Crohn's disease?", "Crohn's disease"),
        ("Can HEMORAVIX be used for cardiomyopathy?", "cardiomyopathy"),
        ("Is ZORVEXA approved for pediatric use?", "pediatric"),
        ("Can we give ZORVEXA 200 mg daily?", "200 mg"),
        ("Can ONQUIRA be given every 4 weeks?", "every 4 weeks"),
        ("Can ONQUIRA be given 2x/wk?", "2x/wk"),
        ("Can ONQUIRA be combined with chemotherapy?", "chemotherapy"),
        ("What can I say about off-label use of NEUREVIA?", "off-label"),
        ("Can women use Men's Rogaine?", "women"),
        ("Can fremacept be given intravenously?", "intravenous"),
        # a route told by its injection, or with words before it (v22, 12-07)
        ("Could fremacept be done as an at-home IV drip instead of the pen?", "intravenous"),
        ("Is an IV injection of fremacept possible?", "intravenous"),
        ("Any role for ZORVEXA in mesothelioma?", "mesothelioma"),
    ],
)
def test_off_label_questions_say_why(
    labels: list[ProductLabel], question: str, reason: str
) -> None:
    result = check_question(question, labels)
    assert result.off_label
    assert any(reason.lower() in r.lower() for r in result.reasons), result.reasons


@pytest.mark.parametrize(
    "question",
    [
        "Can I use ZORVEXA in pregnant patients?",
        "What does the IMRELZA label say about use during pregnancy?",
        "Should women on ZORVEXA avoid breastfeeding because of the risk to the breastfed child?",
        "What should a patient do if a child accidentally swallows Men's Rogaine foam?",
        "Can IMRELZA be used with methotrexate in psoriatic arthritis?",
        "Can ZORVEXA be taken with omeprazole 20 mg?",
        "Is ZORVEXA approved for first-line TRX1 fusion-positive metastatic NSCLC?",
        "Is NEUREVIA indicated for active secondary progressive MS?",
        "What is the HEMORAVIX dose when platelets are 75 to 100? Is it every 2 weeks?",
        "How should ONQUIRA be stored?",
    ],
)
def test_on_label_questions_pass(labels: list[ProductLabel], question: str) -> None:
    result = check_question(question, labels)
    assert result == OffLabelCheck(False, (), result.products)
    assert result.products


def test_products_are_reported_in_mention_order(labels: list[ProductLabel]) -> None:
    result = check_question("Can ONQUIRA be combined with ZORVEXA?", labels)
    assert result.products == ("ONQUIRA", "ZORVEXA")
    assert result.off_label


def test_question_without_a_product_uses_the_only_label_given(labels: list[ProductLabel]) -> None:
    migralis = [by_name(labels, "MIGRALIS")]
    assert check_question("Can it be used in adolescents?", migralis).off_label
    assert not check_question("Can it be used in adolescents?", labels).off_label


def test_hand_built_label_works_without_optional_fields() -> None:
    label = ProductLabel("ZORVEXA", ("zorvatinib",), ("metastatic NSCLC",), True, ("150 mg",))
    assert check_question("zorvatinib 300 mg for melanoma in teens?", [label]).off_label
    assert not check_question("What is the ZORVEXA 150 mg dose schedule?", [label]).off_label


# --- CRM notes ---------------------------------------------------------------------------------


def test_extract_topics_from_a_note(labels: list[ProductLabel]) -> None:
    note = (
        "Met Dr. Stroud after clinic. Walked through the ZORVEXA dosing section. "
        "She asked about ZORVEXA in untreated brain metastases. Off-label, so I did not discuss "
        "it and submitted an MIR. Also asked whether MIGRALIS works for cluster headache; "
        "redirected to medical. She asked about MIGRALIS during pregnancy."
    )
    assert extract_off_label_topics(note, labels) == [
        "ZORVEXA in untreated brain metastases",
        "MIGRALIS works for cluster headache",
    ]


def test_extract_topics_inherits_the_product_of_the_note(labels: list[ProductLabel]) -> None:
    note = "Discussed NEUREVIA titration. He wondered about use in adolescents."
    assert extract_off_label_topics(note, labels) == ["NEUREVIA: adolescents"]


def test_extract_topics_on_sample_notes() -> None:
    """The sample's CRM notes against the sample's real labels."""
    labels = labels_from_manifest(SAMPLE_MANIFEST)
    with NOTES.open(encoding="utf-8", newline="") as handle:
        notes = {row["note_id"]: row["text"] for row in csv.DictReader(handle)}
    assert extract_off_label_topics(notes["N-0003"], labels) == [
        "TAGRISSO in pediatric patients with EGFR-mutated tumors"
    ]
    topics = [t for text in notes.values() for t in extract_off_label_topics(text, labels)]
    assert "NURTEC ODT for cluster headache" in topics
    assert "SOLIRIS for cold agglutinin disease" in topics
    # Notes that raise nothing off-label yield nothing.
    assert (
        sum(1 for text in notes.values() if extract_off_label_topics(text, labels)) < len(notes) / 2
    )


def test_convenience_changes_to_the_dosing_schedule_are_off_label() -> None:
    labels = labels_from_manifest(MANIFEST)
    for question in (
        "Can HEMORAVIX be dosed every two weeks instead of weekly to reduce injections?",
        "Could patients take NEUREVIA less often once they are stable?",
        "Is it OK to space out the MIGRALIS injections for travel?",
    ):
        assert check_question(question, labels).off_label, question
    # Asking what the label says about dose modifications stays on-label.
    assert not check_question(
        "When does the label say to reduce HEMORAVIX dosing frequency for low platelets?", labels
    ).off_label


def test_an_interval_in_rep_shorthand_is_read_as_a_schedule() -> None:
    # "q4 weeks", "q 6 months", "q3mo": as "every 4 weeks"; not "q8h" (no unit to compare)
    assert find_schedules("can krystexxa be given q4 weeks?") == [("q4 weeks", (1, 28))]
    assert find_schedules("maintenance q 6 months") == [("q 6 months", (1, 168))]
    assert find_schedules("q3mo") == [("q3mo", (1, 84))]
    assert find_schedules("every 4 weeks")[0][1] == find_schedules("q4wks")[0][1]


# --- real labels: children, and asking whether a use is off-label --------------------------------


@pytest.fixture(scope="module")
def real_labels() -> list[ProductLabel]:
    return labels_from_manifest(SAMPLE_MANIFEST)


@pytest.mark.parametrize(
    ("question", "off_label"),
    [
        # KEYTRUDA's indications name "adult and pediatric (12 years and older) patients" with
        # melanoma, not with lung cancer; TAGRISSO's name adults only.
        ("Can a 14 year old get Keytruda after resection of stage III melanoma?", False),
        ("Can Keytruda be used in a 12 year old with lung cancer?", True),
        ("Can Tagrisso be used in children?", True),
        ("Can a 13 year old with severe eczema get Rinvoq?", False),
        ("Is Lynparza an option for teenagers?", True),
        # Asking whether a use is on the label is not a request for off-label information...
        ("Can Eliquis go down an NG tube, or is that off label?", False),
        # ...but asking for off-label information is, and an off-label use stays off-label.
        ("What can I say about off-label use of Keytruda?", True),
        ("Can Tagrisso be used for small cell lung cancer, or is that off-label?", True),
        # A dose the label gives only on another schedule, whichever indication is meant
        # (ELIQUIS doses 5 mg twice daily; HUMIRA 40 mg every week is on its label).
        ("Can afib pts take Eliquis 5 mg once a day for adherence?", True),
        ("Can afib pts take Eliquis 5 mg twice a day?", False),
        ("Can Humira be given 40 mg every week?", False),
    ],
)
def test_real_labels_children_and_off_label_wording(
    real_labels: list[ProductLabel], question: str, off_label: bool
) -> None:
    assert check_question(question, real_labels).off_label is off_label


def test_pediatric_indications_are_read_from_the_label(real_labels: list[ProductLabel]) -> None:
    keytruda = by_name(real_labels, "KEYTRUDA")
    assert not keytruda.adult_only
    assert any("12 years and older" in s for s in keytruda.pediatric_indications)
    assert by_name(real_labels, "TAGRISSO").adult_only
    assert by_name(real_labels, "TAGRISSO").pediatric_indications == ()


# A child under the youngest age the label approves for the indication.
AGES = [
    # Ages under the floor of the indication asked about (STELARA: "6 years and older"
    # for psoriasis and psoriatic arthritis, written "6 years or older"; RINVOQ: "12 years
    # of age and older" for atopic dermatitis; TRIKAFTA: "2 years and older").
    ("Can a 4 year old with severe plaque psoriasis get Stelara?", True),
    ("Peds rheum has a 10 year old with psoriatic arthritis - is Stelara ok?", False),
    ("Rinvoq dosing for a 9 yo with atopic dermatitis?", True),
    ("Rinvoq for a 13-year-old with atopic dermatitis?", False),
    ("Can Trikafta granules be used in an 18-month-old with F508del?", True),
    ("Trikafta for a 3 year old with one F508del mutation?", False),
    # An adult-only label and an age in months.
    ("Tagrisso for a 10-month-old?", True),
    # KEYTRUDA approves some children with no age floor (cHL): no floor to be under.
    ("Keytruda for a 9 year old with refractory cHL?", False),
]

# A biomarker status opposite to the one the indications require.
BIOMARKERS = [
    # Indications require a status ("BRCA-mutated", "AQP4 antibody positive", "deletion
    # 5q", "without the D816V c-Kit mutation"): the opposite one is another population.
    ("Platinum-sensitive recurrent ovarian, BRCA wild-type - Lynparza maintenance?", True),
    ("olaparib plus abiraterone for mCRPC with no BRCA mutation", True),
    ("Seronegative NMOSD (AQP4 negative) - Soliris?", True),
    ("Does Revlimid work for MDS without the 5q deletion?", True),
    ("ASM patient is D816V positive - will Gleevec help?", True),
    ("Does Tagrisso work for EGFR exon 20 insertion NSCLC?", True),
    # The label's own status, and a status the label offers an alternative to.
    ("Soliris for an AQP4 antibody positive NMOSD patient?", False),
    ("Tagrisso for EGFR exon 21 L858R NSCLC first line?", False),
    ("BRCA wild-type but HRD-positive by genomic instability - Lynparza with bev?", False),
    ("No F508del but a rare mutation responsive in vitro - is Trikafta on label?", False),
]

# Uses the label itself says are not established, recommended or indicated.
LIMITATIONS = [
    # The label's own words: "not established for cluster headache", "not recommended for
    # the treatment of asymptomatic hyperuricemia", "used to ripen the cervix ... outside of
    # its approved indication", "in pediatric patients have not been studied".
    ("Does Cambia work for cluster headaches?", True),
    ("Krystexxa for asymptomatic hyperuricemia, uric acid 11, no attacks?", True),
    ("OB asks whether the misoprostol in Arthrotec could be used to ripen the cervix", True),
    ("Peds neuro has a 12 year old post-stroke - Aggrenox dose?", True),
    # "not indicated ... for the treatment of patients with CLL": CLL, however often the label
    # names it ("not indicated for the prophylactic therapy of migraine" is not about migraine,
    # which Cambia is indicated for: see the migraine question below).
    ("heme doc asking about lenalidomide for relapsed CLL after BTKi - what dose?", True),
    # A word the label uses throughout is not the use a limitation names; a measurement
    # "under 10" is not an age; Child-Pugh is not a child; baby aspirin is not a baby.
    ("Can Cambia be taken for a migraine headache at work?", False),
    ("Aggrenox in a patient with GFR under 10?", False),
    ("Nurtec with Child-Pugh C?", False),
    ("Headaches on Aggrenox - can they take it at bedtime with a baby aspirin?", False),
]

# A course of treatment longer than any the label states.
COURSES = [
    # Courses the dosing sections bound: Herceptin "for a total of 52 weeks", Gleevec
    # "three years ... is recommended", Rinvoq induction "for 8 weeks" / "for 12 weeks".
    ("Can we continue adjuvant Herceptin for 2 years in a high-risk patient?", True),
    ("High-risk GIST - can we continue adjuvant imatinib for 5 years?", True),
    ("Can we extend the Rinvoq 45 mg induction out to 24 weeks?", True),
    ("Adjuvant Herceptin for 52 weeks - is that the plan?", False),
    # A course already taken is history; a label bounding no course is not judged.
    ("Patient has been on Herceptin for 2 years, any cardiac monitoring?", False),
    ("onc thinking 2 yrs of adjuvant trastuzumab instead of 1 - dosing the same?", True),
    ("Can Humira be continued for 5 years in RA?", False),
    ("GIST pt at 3 yrs of adjuvant gleevec, onc wants to keep going to 5 yrs?", True),
    ("adjuvant herceptin pt at 30 weeks - continue until 52 weeks?", False),
]

# A dose or schedule the label gives another indication.
REGIMENS = [
    # Each indication its own dose: ELIQUIS 2.5 mg twice daily after knee replacement,
    # CELEBREX 200 mg a day in OA, SOLIRIS every 2 weeks in PNH maintenance.
    ("Ortho surgeon wants 5 mg twice daily of Eliquis after knee replacement - OK?", True),
    ("Eliquis 2.5 mg twice daily after knee replacement - how long?", False),
    ("Can an OA patient go to 400 mg twice a day of celecoxib?", True),
    ("Celecoxib 200 mg once daily for OA - with food?", False),
    ("Stable PNH patient wants Soliris every 3 weeks instead of 2", True),
    ("PNH maintenance with Soliris 900 mg every 2 weeks - infusion time?", False),
    # A dose asked without an indication the dosing statements name is not judged here.
    ("Patient on 5 mg bid Eliquis needs itraconazole - change the dose?", False),
    # A course stated apart from a dose ("the recommended duration of treatment is 12 days"
    # after knee replacement), read from the sentence naming the asked surgery, not from the
    # hip sentence under the same heading.
    ("surgeon wants apixaban for 35 days after her knee replacement", True),
    ("total knee pt - can he stay on eliquis 30 days?", True),
    ("eliquis for 35 days after a hip replacement, right?", False),
    ("eliquis for 12 days after knee replacement - start when?", False),
    ("pt started on eliquis 5 days ago after his knee - labs?", False),
    # A regimen the label allows only for a while (AGGRENOX's bedtime capsule with low-dose
    # aspirin for headaches, "return to the usual regimen as soon as possible"), asked for the
    # long run; the usual regimen asked for the long run is on label.
    ("could my patient keep taking aggrenox only at night indefinitely?", True),
    ("aggrenox at bedtime with aspirin in the morning long-term, fine?", True),
    ("can pts stay on aggrenox long term?", False),
    ("aggrenox headaches - bedtime capsule for the first few days?", False),
    # A prior therapy the indication requires in its own words ("who have been treated with
    # chemotherapy"), read from the indications naming the disease most fully (LYNPARZA's
    # breast cancer ones, not also the pancreatic one that shares "gBRCA").
    ("gBRCA metastatic breast cancer pt who never had chemo - can she start lynparza?", True),
    ("lynparza for gBRCA HER2-negative metastatic breast cancer after chemo - dose?", False),
]

# Indications, children and regimens as the label words them.
AS_WORDED = [
    # SOLIRIS's pediatric use names PNH, gMG and NMOSD as not established in children: aHUS
    # (an indication naming no age) is, the others are not (spelled out or abbreviated).
    ("Peds nephrologist has a 25 kg child with aHUS - is Soliris allowed in kids?", False),
    ("Can a 15 year old with generalized myasthenia get Soliris?", True),
    ("Child with PNH - Soliris?", True),
    # "... not indicated for ... Shiga toxin E. coli related ... (STEC-HUS)": one sentence.
    ("can soliris be used for HUS from E. coli (STEC-HUS)?", True),
    # A dose and the schedule after it must be stated together for the indication named.
    (
        "primary hyperlipidemia pt on repatha 140 q2w - can we bump to 420 mg every 2 weeks?",
        True,
    ),
    ("primary hyperlipidemia pt on repatha - switch to 420 mg once monthly?", False),
]

# Regimens the label gives the indication named in its abbreviation, in a table cell after
# another drug, or in the sentence after the one naming the patients; asking whether a
# combination is off-label is not asking for off-label information.
STATED_ELSEWHERE = [
    ("AS pt on celecoxib 200/day x 6 wks, no effect - if going to 400 mg/day is off label?", False),
    ("AML pt 78yo on LDAC, pharmacy flagged venclexta 600 mg as above the 400 max - right?", False),
    ("HoFH pt on 420 monthly not at goal after 12 wks - repatha 420 every 2 weeks ok?", False),
    ("rheum is adding weekly methotrexate to pegloticase - is that an off label combo?", False),
    # Asking whether, however typed; "x 3 mo" of treatment is no age; "every 2 wks" a schedule.
    ("wants weekly oral MTX with pegloticase - isnt that an off label combo?", False),
    # ... however the question goes on: "to use ...", "there", a tag after a dash, more after
    # the question mark. Asking to use it off label is still a request.
    ("is it off label to use eliquis for a DVT in a pt on hemodialysis?", False),
    ("derm wants stelara for a 7 yo with plaque psoriasis - off label?", False),
    # ... or gives its reason after the tag: still asking whether.
    ("using nurtec every other day for prevention - off label since it's an acute med?", False),
    ("tell me the off label uses of nurtec", True),
    # "in pediatric patients for uses other than JIA have not been established": not for JIA,
    # which HUMIRA's label approves from 4 years; still for uses other than it.
    ("is humira ok for a 10 yo w/ polyarticular JIA or is peds use off label?", False),
    ("can humira be used in a 10 yo with crohns?", True),
    (
        "is single-agent revlimid maintenance after auto transplant off label? thought only w dex",
        False,
    ),
    ("can we use eliquis off label for a mechanical heart valve?", True),
    ("imatinib 800mg/day for unresectable DFSP - so 800 would be off label right?", False),
    ("3 yr old w/ CF, one F508del copy. too young + not homozygous = off label?", False),
    (
        "HoFH pt on repatha 420 monthly x 3 mo - wants 420 every 2 wks - is that off label?",
        False,
    ),
]


# A line of therapy the indication does not name.
LINES = [
    # Herceptin's gastric indication: "who have not received prior treatment for
    # metastatic disease"; Venclexta's AML: "newly diagnosed"; Rinvoq's RA: "inadequate
    # response or intolerance to one or more TNF blockers"; Gleevec's adult Ph+ ALL:
    # "relapsed or refractory" (its newly diagnosed Ph+ ALL is pediatric).
    ("Gastric cancer patient progressed on FOLFOX - can we add Herceptin second line?", True),
    (
        "Herceptin for HER2+ metastatic gastric cancer, no prior treatment, with cisplatin?",
        False,
    ),
    ("Fit 55 year old with relapsed AML - can we add Venclexta to azacitidine?", True),
    ("Newly diagnosed AML, 78 years old - Venclexta with azacitidine?", False),
    ("MTX-IR RA pt who's never been on a TNF - can rinvoq be the next step?", True),
    ("Adult with newly diagnosed Ph+ ALL - can we add Gleevec to induction?", True),
    ("Adult with relapsed Ph+ ALL - Gleevec dose?", False),
]


# A dose borrowed from another indication ("like gastric"), a stage the indication does not
# name, a prior therapy the indication requires and the patient has not had, a use the label
# limits said in lay words; and "off label?" asked about a use, which the other checks judge.
BORROWED_AND_STAGED = [
    ("metastatic breast pt - can enhertu go to 6.4 mg/kg, same as for gastric?", True),
    ("gastric cancer pt on enhertu - is 6.4 mg/kg every 3 weeks right?", False),
    ("PsA pt with a poor response, can humira be given 40 mg every week?", True),
    ("RA pt not on MTX - can humira go to 40 mg every week?", False),
    ("RA pt barely responding to rinvoq 15 - ok to bump to 30 as in eczema?", True),
    ("AD pt on rinvoq 15 not at goal - can they go to 30?", False),
    # a number moved to takes the unit of the question's own dose
    ("100mg of viagra not cutting it for my pt, can he go to 150?", True),
    ("pt on viagra 50mg, can he go to 100?", False),
    ("a 10 yo with cHL - keytruda 400 mg every 6 weeks like adults get?", True),
    ("leqembi for a pt with severe alzheimer's dementia?", True),
    ("leqembi in mild alzheimer's dementia - ok?", False),
    ("stelara for mild plaque psoriasis?", True),
    ("stelara for severe plaque psoriasis in an adult?", False),
    ("biologic-naive RA pt, MTX failure - rinvoq next?", True),
    ("RA pt with an inadequate response to two TNF blockers - rinvoq?", False),
    ("asymptomatic pt with sUA 10, no gout symptoms ever - krystexxa?", True),
    ("chronic gout refractory to allopurinol - krystexxa dose?", False),
    # gout is named in four letters; the urate-lowering drugs are its "conventional therapy"
    ("new gout pt, doc wants krystexxa now, skipping allopurinol - ok?", True),
    ("gout pt who failed allopurinol at max dose - krystexxa?", False),
    ("cambia every morning to prevent migraine attacks?", True),
    ("eliquis for a pt with a mechanical aortic valve?", True),
    ("derm wants rinvoq for a 14 yo with severe eczema - off label?", False),
    ("RA pt off MTX, weekly humira - thats off label isnt it?", False),
    ("omidria as eye drops after surgery?", True),
    ("viagra 25 mg in the morning and again at night?", True),
    ("rheum wants him to stay on febuxostat while getting krystexxa", True),
    ("krystexxa with weekly methotrexate - ok?", False),
    ("eliquis on top of DAPT after a stent?", True),
    ("repatha for a pt with CAD and LDL of 130?", False),
    ("viagra in a pt with CAD not on nitrates?", False),
    ("leqembi for moderate AD?", True),
    ("omidria in the irrigation for a vitrectomy?", True),
    ("keytruda 1L for HCC?", True),
    ("can we add venclexta to 7+3 for newly diagnosed AML in a fit pt?", True),
    ("venclexta with azacitidine for newly diagnosed AML in a 77 yo?", False),
    ("opdivo as a single agent first line for metastatic NSCLC?", True),
    ("opdivo alone after progression on platinum chemo for metastatic NSCLC?", False),
    # the indications naming the disease most fully: resectable NSCLC is the neoadjuvant one
    ("no chemo wanted - opdivo alone before surgery for resectable NSCLC?", True),
    ("onc wants nivo single agent for unresectable melanoma in a 13 yo", False),
    ("cambia daily to keep migraines from coming back?", True),
    ("a cambia packet every day to keep the migraines from happening?", True),
    ("cambia to ward off a migraine before her period?", True),
    ("how do we keep the cambia packets from getting damp?", False),
    ("adjuvant keytruda for 2 years after melanoma resection?", True),
    ("adjuvant keytruda for 1 year after melanoma resection?", False),
]


# Blood cancers by kind, diseases a patient "has", tumor-agnostic indications, a loading dose
# in the label's own words, and doses per indication with the indication abbreviated.
KINDS_OF_DISEASE = [
    ("Myeloma doc wants to add Keytruda to pomalidomide and dex for a relapsed patient", True),
    ("Myeloma doc has a t(11;14) patient - can she use Venclexta?", True),
    ("Any role for venclexta + aza in higher-risk MDS?", True),
    ("Any Blincyto use in relapsed DLBCL?", True),
    ("CLL pt about to start venclexta ramp up - posaconazole ok?", False),
    ("MM pt starting revlimid + dex, CrCl is about 45. what starting dose?", False),
    ("Onc has a HER2 3+ endometrial cancer - can she use Enhertu?", True),
    ("Doc has an MSI-high pancreatic tumor - is Keytruda approved for that?", False),
    ("GI doc wants 30 mg maintenance for a UC patient with extensive disease?", False),
    ("whats the humira loading dose for adult crohns?", False),
    ("RA pt, doc wants arthrotec 50 QID for max ulcer protection?", False),
    ("can we give enhertu at 6.4 mg/kg for HER2+ breast since that's the gastric dose?", True),
    ("Gyn asks if Viagra helps women with low arousal - what dose?", True),
    # A marker level below every bound the indications set; not for the label's combination.
    ("B-ALL pt in CR1, MRD came back 0.05%. doc wants blincyto to clear it?", True),
    ("B-ALL pt in CR1, MRD 0.5% - blincyto dosing?", False),
    ("1L met NSCLC, PD-L1 TPS 0%, pt refuses chemo - can they get keytruda alone?", True),
    ("1L NSCLC, TPS 0% - keytruda with pemetrexed and carboplatin?", False),
    # A dose the label gives another indication, next to the sentence dosing the asked one;
    # a dose written without its unit ("420 every 2 wks") and a schedule in lower case.
    ("Enhertu 6.4 mg/kg for a HER2-mutant NSCLC pt?", True),
    ("enhertu 5.4 mg/kg for her2-mutant nsclc?", False),
    ("enhertu at 6.4 mg/kg for gastric - infusion time?", False),
    ("HeFH pt on repatha 140 q2w - bump to 420 every 2 wks?", True),
    ("Stable PNH patient wants Soliris q3w instead of q2w", True),
    ("PNH pt on soliris 900 q2w - infusion time?", False),
    # "Monthly" is the label's "every 4 weeks" (OPDIVO 480 mg in melanoma); 6 weeks is not.
    ("Melanoma pt on Opdivo every 2 weeks - can he switch to monthly infusions?", False),
    ("Melanoma pt on Opdivo - every 6 weeks possible?", True),
    # A TNF blocker by brand; "on top" combines.
    ("RA pt on enbrel, partial response - rheum wants to add kineret 100 daily on top?", True),
    ("RA pt on methotrexate - add kineret on top?", False),
]

# A use asked for by purpose ("to treat", "used for", "to prevent") that no indication names;
# a second dose the same day where the label allows one; a disease's other course (12-06).
PURPOSES_AND_REPEATS = [
    ("cardiologist wants to use viagra tabs for a PH pt", True),
    ("can viagra be used to treat raynaud's in the fingers?", True),
    ("rheum asks if rinvoq is used for alopecia", True),
    ("is celecoxib ever used to prevent colon polyps?", True),
    ("can viagra be used in a patient with hypertension?", False),
    ("is eliquis used to treat a PE?", False),
    ("can repatha be used for a patient's HeFH?", False),
    ("headache came back an hour later - can pt take another cambia packet?", True),
    ("50 mg of viagra wore off - a second tab the same day?", True),
    ("cambia packet at 9 am, can they take another one tomorrow?", False),
    ("migraine came back - can they take a second nurtec the same day?", False),
    ("15 headache days a month, chronic migraine - nurtec every other day to prevent them?", True),
    ("chronic migraine pt has an acute attack - nurtec 75 ok?", False),
    # a disease that starts in the newborn names children; RA in a child is not it
    ("3 yo w NOMID - is kineret ok in a little kid?", False),
    ("Can kineret be used in a 10 year old with RA?", True),
    # v14's shapes (12-06, sixth session): a dose moved to with the product named between, an
    # abbreviated indication, a course asked for as "go 2 yrs"; a therapy the patient cannot
    # have is no partner, and "baby aspirin" is no baby
    ("PsA pt on 15 - can the doc go to rinvoq 30 like in AD?", True),
    ("doc wants 6.4 mg/kg enhertu for her mBC like the gastric dose", True),
    ("can adjuvant lynparza go 3 yrs for gBRCA early breast cancer?", True),
    ("AML pt, 70, unfit so no intensive chemo - venclexta + azacitidine ok?", False),
    ("aggrenox headaches - one cap at bedtime plus baby aspirin in the AM ok?", False),
    # v13's (12-07): any other drug, known by its name's stem, combined where neither the
    # indications nor the dosing section name it; one they name is on-label
    ("uro wants lynparza + enzalutamide for his BRCAm mCRPC pt, ok?", True),
    ("olaparib plus abiraterone and prednisone for BRCAm mCRPC?", False),
    ("can revlimid go with carfilzomib and dex for his myeloma?", True),
    ("CLL pt: venclexta with rituximab - how long do they stay on it?", False),
]


# A rep checking what the label says about the product's own dosing asks for the label's
# schedule (answered), not for a use outside it; asking for the use, or whether it is on the
# label, is still judged.
BELIEFS = [
    ("aggrenox is once a day right?", False),
    ("kesimpta loading schedule? its weekly at first right?", False),
    ("spinraza loading - is it 4 doses every 2 wks?", False),
    ("can we give aggrenox once a day, right?", True),
    ("doc wants aggrenox once a day - is that on label?", True),
    ("aggrenox once a day is fine right?", True),
    # the condition a belief names is not the patient's
    ("isnt kineret just an RA drug? doc has a baby with NOMID", False),
    ("kineret is only RA, so using it in a neonate w/ NOMID would be off label?", False),
    ("can kineret be used in a 10 yo with RA?", True),
    # an IHC score the indication names says which population "HER2 negative" is
    (
        "pt is IHC 1+ so technically HER2 negative - doc assumes enhertu is off label for her?",
        False,
    ),
    ("Her tumor is IHC 2+ but FISH negative - so not HER2-positive. Is Enhertu on label?", False),
    ("Enhertu for a HER2 negative gastric cancer?", True),
]


# Words that look like a use and are none: the product by its own generic name, the baby a
# patient breastfeeds, a Child-Pugh class, a graded adverse event, the patient's other
# conditions in a question about contraindications, a standard abbreviation of the indication.
NOT_A_USE = [
    ("does adalimumab cross the placenta if she gets pregnant on humira?", False),
    ("how long after stopping ofatumumab should women stay on contraception?", False),
    ("Tagrisso pt is nursing a baby - can she keep breastfeeding on it?", False),
    ("nurtec in a pt with severe liver disease (child pugh C)?", False),
    ("Can you use apixaban in Child-Pugh C cirrhosis?", False),
    ("pt on nivo + ipi has gr 2 colitis - hold or keep going?", False),
    ("Any contraindication with asthma and nasal polyps for Aggrenox?", False),
    ("How long do patients stay on Opdivo after resection for esophageal or GEJ cancer?", False),
    ("symptomatic ILD gr2 on T-DXd, can we rechallenge after steroids?", False),
    ("can we rechallenge keytruda to see if it works better the second time?", True),
    # still judged: another product as the partner, a child as the patient, asthma as the use
    ("can upadacitinib be layered on top of dupilumab for refractory AD?", True),
    ("Tagrisso for a baby with a brain tumor?", True),
    ("doc wants aggrenox for asthma - any concerns?", True),
]


@pytest.mark.parametrize(
    ("question", "off_label"),
    [
        *KINDS_OF_DISEASE,
        *PURPOSES_AND_REPEATS,
        *AGES,
        *BIOMARKERS,
        *LIMITATIONS,
        *COURSES,
        *REGIMENS,
        *AS_WORDED,
        *LINES,
        *STATED_ELSEWHERE,
        *BORROWED_AND_STAGED,
        *BELIEFS,
        *NOT_A_USE,
    ],
)
def test_real_questions_judged_against_the_labels_own_words(
    real_labels: list[ProductLabel], question: str, off_label: bool
) -> None:
    check = check_question(question, real_labels)
    assert check.off_label is off_label, check.reasons


def test_a_missed_dose_is_no_dosing_request(real_labels: list[ProductLabel]) -> None:
    assert not check_question("What if a Spinraza loading dose is missed?", real_labels).off_label
    assert check_question("Can we give a loading dose of Tagrisso?", real_labels).off_label


def test_a_loading_dose_is_off_label_only_where_the_label_gives_none(
    real_labels: list[ProductLabel],
) -> None:
    assert not check_question(
        "Weekly Herceptin loading dose in metastatic breast?", real_labels
    ).off_label
    assert check_question("Can we give a loading dose of Tagrisso?", real_labels).off_label
