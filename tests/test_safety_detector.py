"""Adverse-event (AE) and product-complaint (PC) detection for pharmacovigilance.

Unit cases per signal type and per negative pattern, then floors on two labelled sets:

* tests/data/safety_labelled.jsonl (225 texts written before the detector; ~36% AE, ~15% PC,
  ~49% none, most of the negatives tricky). Split into tuning / held-out halves by a hash of
  the id (bench/safety.py). First blind held-out measurement: AE recall 0.925 (37/40), PC recall
  0.947 (18/19), precision 1.0 for both; the misses were one bug (the short negation "n't"
  pattern matched "patient") found on the tuning half. Now 1.0 / 1.0 on both halves, but the
  texts and the rules share an author, so that number is optimistic.
* tests/data/sample_safety_truth.jsonl over the sample CRM notes and inquiries, first looked
  at after the design was frozen. Blind: AE recall 0.929 (39/42), precision 0.796; PC recall
  0.929 (13/14), precision 0.929. After fixing the general causes it showed (named patients
  without the word "patient", "MI" meaning medical information, "in the fall", "would not
  stop" read as a hypothetical, "wonders if it is counterfeit"): AE 1.0 recall, 0.955
  precision (the two false alarms are hospitalised patients on the product, which we flag on
  purpose); PC 1.0 / 1.0.

* tests/data/safety_heldout.jsonl, a blind set by another author (tests/test_safety_heldout.py).
  Its misses fell into general categories (lab and vital-sign values with no event word,
  medication errors without symptoms, everyday AE words, immune reactions, negated / pre-treatment
  / other-drug / worried mentions, wrong leaflet, stuck mechanism, missing parts, storage
  outside the labelled temperature); the unit cases for them below are new wordings, not its
  texts.

A text counts as detected for a kind when any signal of that kind is returned.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from assistant.pharmacovigilance import SafetySignal, SignalKind, detect_signals

DATA = Path(__file__).resolve().parent / "data"
REPO = Path(__file__).resolve().parent.parent
CRM = REPO / "knowledge_base" / "sample" / "crm"

# Floors: recall as required (missing an AE is the costly error); precision just under measured.
FLOORS = {
    "own": {"AE": (0.95, 0.97), "PC": (0.90, 0.97)},  # (recall, precision); measured 1.0 / 1.0
    "sample": {"AE": (0.95, 0.93), "PC": (0.90, 0.95)},  # measured AE 1.0 / 0.955, PC 1.0 / 1.0
}


def kinds(text: str, products: tuple[str, ...] = ()) -> set[str]:
    return {str(s.kind) for s in detect_signals(text, products)}


# --- API ------------------------------------------------------------------------------------------


def test_signal_shape_and_offsets() -> None:
    text = "Met Dr. Okafor re TAGRISSO. Her pt developed a rash after the second dose. F/u 2 wks."
    [signal] = detect_signals(text)
    assert isinstance(signal, SafetySignal)
    assert signal.kind is SignalKind.AE and signal.kind == "AE"
    assert signal.evidence == "Her pt developed a rash after the second dose."
    assert text[signal.start : signal.end] == signal.evidence
    assert signal.product == "TAGRISSO"
    assert any(r.startswith("event:") for r in signal.reasons)
    with pytest.raises(dataclasses.FrozenInstanceError):
        signal.product = "other"  # type: ignore[misc]


def test_empty_and_plain_text() -> None:
    assert detect_signals("") == []
    assert detect_signals("   \n ") == []
    assert detect_signals("Left brochures at the front desk; follow up in two weeks.") == []


def test_extra_products_and_typo_tolerant_names() -> None:
    [ae] = detect_signals("pt using Rogaine foam got scalp irritation and rash", ["Rogaine"])
    assert ae.product == "Rogaine"
    [typo] = detect_signals("my pt on tagrissso has a bad rash since last week")
    assert typo.product == "TAGRISSO"


def test_product_is_taken_from_an_earlier_sentence() -> None:
    text = "Visited Dr. Tan re RINVOQ. She said the patient now has a rash after the second dose."
    [signal] = detect_signals(text)
    assert signal.product == "RINVOQ"
    assert signal.evidence.startswith("She said the patient")


def test_one_signal_per_sentence_and_kind() -> None:
    text = (
        "Pt on SOLIRIS had a nosebleed. The SOLIRIS vial stopper was cracked. "
        "Another pt had low platelets on it."
    )
    found = [(str(s.kind), s.evidence) for s in detect_signals(text)]
    assert found == [
        ("AE", "Pt on SOLIRIS had a nosebleed."),
        ("PC", "The SOLIRIS vial stopper was cracked."),
        ("AE", "Another pt had low platelets on it."),
    ]


# --- adverse events, one per kind of untoward event -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # symptom / diagnosis
        "My pt on tagrisso has a maculopapular rash on trunk and arms since last week.",
        "she's been on keytruda for 5 cycles and now has diarrhea 6-7x/day with blood",
        "Dr. Ivanova had an elderly patient on KESIMPTA diagnosed with PML last month.",
        # lab abnormality / vital sign
        "SOLIRIS pt platelets dropped to 48k at the 8-week check.",
        "her patient on tagrisso had ALT 5x ULN at week 4 labs",
        "pt on NURTEC ODT x3 months, BP now 158/96, never hypertensive before.",
        # hospitalisation, death
        "my patient started RINVOQ in march and was hospitalized last week with pneumonia.",
        "Pt passed away 3 wks after starting KEYTRUDA, cause unknown per family.",
        "The NP said a patient on SOLIRIS went to the ED with a nosebleed that would not stop.",
        # pregnancy and breastfeeding exposure
        "One of Dr. Huang's patients became pregnant while on RINVOQ; she is ~10 weeks.",
        "Breastfeeding mom on RINVOQ — infant has had a rash and diarrhea for a week.",
        # overdose and medication errors, even without symptoms
        "Pharmacist called: patient accidentally injected two KESIMPTA pens instead of one.",
        "pt received LEQEMBI 1000mg when 500 mg was prescribed; no adverse effects noted yet.",
        "Dr. Nguyen mentioned that the KESIMPTA dose was given IV instead of subQ by a new nurse.",
        # lack of efficacy
        "Dr. Amadi says TAGRISSO isn't working for his guy — progressed after 2 months.",
        "My patient has been on RINVOQ for 2 yrs and his psoriasis is back to 30% BSA.",
        # off-label use with an outcome
        "Dr. Lam used KEYTRUDA in glioblastoma (off-label); the patient developed myocarditis.",
        # implied product, named patient
        "Visited re RINVOQ. The patient she started on it has a bad rash after the second dose.",
        "A 54-year-old woman was hospitalized for hepatitis 4 weeks after starting our drug.",
        "Costa, Joan (mrn A-584356) stopped KEYTRUDA after blurred vision and dry eyes.",
        # a question about a real case is still a case
        "What should I do about my patient who developed a rash on TAGRISSO?",
        "HCP asked whether to continue KESIMPTA in a patient who developed macular edema.",
        # causality unknown is still reportable
        "Pt on SOLIRIS fell and broke her wrist, unclear if related to dizziness from the drug.",
        # 12-07, tenth session: "no" is Portuguese for "in the", not a negation, once the
        # patient is named again before what she had; "did nothing" in Italian; a dipstick
        # grade; the product named by its autoinjector
        "As capsulas de Celebrex vieram quebradas no frasco e a paciente teve dor de estomago.",
        "La paziente ha detto che la bustina di Cambia non le ha fatto niente per l'emicrania.",
        "nusinersen pt - urine protein 2+ on pre-dose check",
        "SureClick didn't inject fully two months in a row, and pt's LDL is back up to 130.",
        # slang for no effect, a fever by its reading, CF's "ETI", a pregnancy found late,
        # tablets crushed
        "Mentioned one pt says rimegepant 'does zilch' now, still ends up in a dark room all day.",
        'NP says pt on humira since spring "just isn\'t doing it anymore".',
        "Bag made from the Blincyto vial ran 2 hrs. Pt spiked 39.2 that night.",
        "CF center RD mentioned teen pt on ETI had cataracts picked up at annual eye exam.",
        "OB office: pt had been taking Arthrotec and didn't know she was pregnant (~6 wks).",
        "Her husband has been crushing her Lynparza tablets into applesauce for a month.",
    ],
)
def test_adverse_events_fire(text: str) -> None:
    assert "AE" in kinds(text), text


@pytest.mark.parametrize(
    "text",
    [
        "No issues with the HUMIRA pen itself, but the patient did get a rash afterwards.",
        "Patient denied chest pain but reported palpitations since starting TAGRISSO.",
        "No AEs reported at the last visit; however, today her KESIMPTA patient developed a fever.",
    ],
)
def test_an_event_after_a_negated_one_still_fires(text: str) -> None:
    assert "AE" in kinds(text), text


# --- product complaints ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Two HUMIRA prefilled pens from lot 22K41 were cracked at the needle cap when opened.",
        "A box of KESIMPTA pens came with the outer carton crushed and one pen leaking.",
        "the KESIMPTA autoinjector didn't fire — button stuck",
        "Pharmacist says the KEYTRUDA vial had visible white particles floating in it.",
        "KEYTRUDA infusion bag showed discoloration (brownish tint) after dilution; discarded.",
        "Box says HUMIRA 80 mg, pen inside labeled 40 mg.",
        "Patient information leaflet missing from the LEQEMBI pack.",
        "Shipment of SOLIRIS arrived at the clinic warm; data logger showed 18°C for 10 hours.",
        "Fridge failure overnight — HUMIRA pens were at 22C for ~14h.",
        "Suspect counterfeit: patient bought TAGRISSO online, packaging has spelling errors.",
        "The TAGRISSO bottle had a lot number that did not match the carton; office wonders if it "
        "is counterfeit.",
        # broken dose units in another language
        "As cápsulas de Celebrex vieram quebradas no frasco.",
        "Die Tabletten von Revlimid waren zerbrochen.",
    ],
)
def test_product_complaints_fire(text: str) -> None:
    assert "PC" in kinds(text), text


# --- negatives, one per pattern -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # negated
        "No adverse events reported with TAGRISSO in Dr. Patel's practice so far.",
        "Patient denied any side effects after the third RINVOQ dose.",
        "Denies nausea, vomiting, rash, or fatigue; labs WNL at the week 12 TAGRISSO visit.",
        "Dr. Mills said none of her LEQEMBI patients have had infusion reactions.",
        "No AE/PC to report.",
        # hypothetical questions
        "What happens if a patient develops hepatotoxicity on TAGRISSO?",
        "Is hepatotoxicity a known risk with RINVOQ?",
        "If a patient becomes pregnant on KESIMPTA, what should they do?",
        "Dr. Chu asked whether KEYTRUDA causes colitis.",
        "pt is hoping to avoid weight gain - does nurtec cause it?",
        "Patient is planning a pregnancy next year; should RINVOQ be stopped beforehand?",
        # label, trial and literature reading
        "The label lists nausea in 12% of TAGRISSO patients; Dr. Ong wanted the grade 3 rate.",
        "In the trial, deaths occurred in 2% of KEYTRUDA-treated patients — HCP wants the causes.",
        "Dr. Yilmaz mentioned she read a case report of myocarditis with PD-L1 inhibitors.",
        "Reviewed the KESIMPTA adverse reactions table: injection site reactions most common.",
        # pre-existing conditions
        "Patient had a history of hypertension before starting NURTEC ODT; BP is controlled.",
        "Before starting KESIMPTA the patient had a baseline HR of 58 — a contraindication?",
        "The pt had hepatitis B years ago, fully resolved, before any biologic; is RINVOQ ok?",
        # good outcomes, indication words, commercial talk
        "Her migraines were daily before NURTEC ODT; now down to 3 per month.",
        "Patient's MS relapses stopped after starting KESIMPTA, MRI stable, no new lesions.",
        "Dr. Sun has 30 ulcerative colitis patients; interested in RINVOQ.",
        "Invited her to the regional speaker program in the fall; RINVOQ.",
        "Prior auth is a real pain point for the office; TAGRISSO approvals take 2 weeks.",
        "Asked the office to submit through the MI portal; NURTEC ODT.",
    ],
)
def test_negatives_do_not_fire_ae(text: str) -> None:
    assert "AE" not in kinds(text), text


@pytest.mark.parametrize(
    "text",
    [
        "No issues with the pen; patient self-injecting HUMIRA without problems.",
        "No problems with the shipment; all HUMIRA pens arrived cold and intact.",
        "Patient asked what to do if a KESIMPTA pen is dropped — none have been dropped yet.",
        "What should the pharmacy do if a shipment of KEYTRUDA arrives warm?",
        "Discussed storage: SOLIRIS vials may be kept at room temperature up to 3 days.",
        "Checked the LEQEMBI vials in the clinic fridge — all in date, temp log normal.",
        "Asked about AEs and product complaints per SOP: none reported.",
        "Pt on SOLIRIS fell and broke her wrist.",  # an AE, not a broken product
    ],
)
def test_negatives_do_not_fire_pc(text: str) -> None:
    assert "PC" not in kinds(text), text


# --- categories found on the blind held-out set (new wordings) ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # lab, ECG and vital-sign values with no event word
        "Dr. Baker's pt on RINVOQ: AST 4x ULN and ALT 6 times the upper limit of normal.",
        "TAGRISSO follow-up for Mr. Hale\n- transaminases >3x ULN\n- bilirubin normal",
        "My pt on TAGRISSO: ALT 250, AST 190 at week 6.",
        "TAGRISSO pt had an ECG this morning, QTcF 498 msec.",
        "Her KESIMPTA patient: QTc interval of 485 ms on the day-10 tracing.",
        "Pt on NURTEC ODT, home readings of 182/104 most mornings this month.",
        "my patient on NURTEC ODT had a BP of 88/52 at clinic today",
        "SOLIRIS patient, platelet count 62,000 on Monday's CBC.",
        "the pt on KEYTRUDA, platelets 38 yesterday",
        "Her pt on KEYTRUDA: ANC 0.6 on day 8 of cycle 2.",
        # found on the blind set v12 after it was measured: lack of efficacy told by a relative
        # or as a flare, a clinician's short name, the wrong product given, a capsule opened
        "pt's wife is frustrated: 'its not doing anything, he's worse than before he started', "
        "9 mo on Leqembi.",
        "Crohn's pt on Stelara q8w flaring again by wk 6 every cycle, they shortened to q4w",
        "RCC pt on nivo developed new-onset type 1 DM w/ DKA, ICU 3 days, now on insulin pump.",
        "Our infusion center administered Enhertu to a patient who was scheduled for Kadcyla.",
        "pt's wife has been opening his Revlimid capsules to sprinkle in applesauce, no gloves.",
        "Home infusion RN: Soliris vial cracked, she cut her finger on the glass while unpacking",
        # a value right before a comma or a full stop is still a value
        "day 15 labs for the len/dex pt - ANC 0.6, plt 41K. np holding revlimid til recovery.",
        "rinvoq 15 pt w atopic derm, CPK 1,840 on routine labs, pt feels fine.",
        "KEYTRUDA patient, neutrophils 900 at the nadir check.",
        "Pt's serum creatinine went up from 0.8 to 1.9 on LEQEMBI.",
        "the LEQEMBI patient now has creatinine 2.4 mg/dL, nephrology consulted",
        "pt on KESIMPTA, resting heart rate 41 bpm at the 6 hour check",
        "pt on SOLIRIS, Hgb 7.6 this week",
        # medication errors, even without symptoms
        "Nurse diluted the KEYTRUDA dose with sterile water rather than normal saline.",
        "An out-of-date LEQEMBI vial was administered at the infusion centre yesterday.",
        "The pharmacy dispensed HUMIRA pens that were past their expiry date; the pt used one.",
        "A nurse gave Mr. Ortiz the KESIMPTA pens meant for another patient.",
        "Caregiver gave her father his KESIMPTA injection twice on the same day; he seems fine.",
        "LEQEMBI was infused way too fast at the satellite clinic - over 10 min.",
        "TAGRISSO was given to the wrong patient on the ward, no symptoms so far.",
        "Pharmacist reports TAGRISSO 80 mg tablets were dispensed instead of 40 mg.",
        "Pt self-injected a double dose of KESIMPTA last week by confusing the pens, feels fine.",
        # everyday words for common events
        "Dr says one of her TAGRISSO pts is shedding hair and has bald patches now.",
        "hair thinning/balding in her pt on osimertinib after 3 months",
        "Pt on LEQEMBI feels lousy and run-down for two days after every infusion.",
        "her patient on KESIMPTA says she's wiped out and achy after each shot",
        "Mr. Diaz has felt under the weather ever since his first RINVOQ dose.",
        "pt on KESIMPTA reports body aches and feeling blah since the dose increase",
        "Some of the folks on HUMIRA get flu-like symptoms for a day after the injection.",
        # cytokine release and other immune reactions
        "Pt on KEYTRUDA developed CRS grade 2 after the first infusion, treated with tocilizumab.",
        "Her patient had a serum sickness-like reaction 10 days after the STELARA loading dose.",
        "KEYTRUDA pt with immune-mediated hepatitis, now on steroids.",
        "Pt on KEYTRUDA diagnosed with HLH two months in.",
        "pt's LEQEMBI levels undetectable - anti-drug antibodies found",
        # off-label use in a child, with an outcome
        "A peds rheumatologist gave RINVOQ off-label to a 9-year-old, who then had seizures.",
        "Off-label use of KESIMPTA in a teenager: she ended up in the PICU.",
        "used RINVOQ off label in a 4 yo with refractory colitis; the child needed a transfusion",
        # still events: a real case next to a worry, another drug or a switch
        "Pt developed a rash on RINVOQ and might need to stop it.",
        "My patient is worried about the rash she got after the second RINVOQ dose.",
        "Dr reported 2 patients with psoriasis who had severe infections on RINVOQ.",
        "Pt on RINVOQ and methotrexate developed a rash last week.",
        "Pt on RINVOQ had a rash, so the dr wants to switch her to HUMIRA.",
        "pt had a rash, nothing serious, after the KESIMPTA shot",
        "On April 3 my patient on KESIMPTA had a seizure.",
        # the categories the fresh batches v5-v7 missed, in new wordings
        "dr says REPATHA is not doing much for her pt, LDL still 170 after 3 mo on it",
        "Our patient on KESIMPTA shows three new T2 lesions on the 12-month MRI.",
        "Echo for his HERCEPTIN pt: LVEF went from 60 to 45.",
        "infusion nurse gave the CALDOLOR undiluted by mistake, pt ok",
        "pt took NURTEC ODT every day, thought it was a preventive pill",
        "Une patiente sous OPDIVO a développé une colite.",
        # an injection site reaction by its short form (v24, after it)
        "Kineret ISR bad enough that pt stopped after 10 days.",
    ],
)
def test_heldout_categories_fire_ae(text: str) -> None:
    assert "AE" in kinds(text), text


@pytest.mark.parametrize(
    "text",
    [
        # negated
        "No AEs/PCs reported today; reviewed KEYTRUDA dosing in patients with hepatic impairment.",
        "Side effects: none reported by her TAGRISSO patients.",
        "Checked in on the RINVOQ patients - nobody has reported side effects.",
        "Patient on NURTEC ODT denies any side effects at the 3-month visit.",
        # before the product
        "The patient's fatigue started a year before she went on KESIMPTA.",
        "Pt has had joint pain for years despite NSAIDs; rheum is considering RINVOQ.",
        "He had frequent migraines before he began NURTEC ODT; much better now.",
        "Dr considering RINVOQ for a patient whose psoriasis flared on secukinumab.",
        # on another drug
        "Her pt on infliximab got a serious infection, so she may switch him to RINVOQ.",
        "Pt developed a rash on guselkumab last year; Dr. Lee now wants to try RINVOQ.",
        "The dr's cousin had nausea on a different brand of CGRP injection, not NURTEC ODT.",
        "Pt on insulin had hypoglycemia last year; RINVOQ discussed for her psoriasis.",
        # worries and populations
        "The nurse said parents often worry that HUMIRA injections will leave bruises.",
        "HCP fears that elderly pts might fall on KESIMPTA because of dizziness.",
        "Dr. Ross is nervous about rashes in her older patients before prescribing TAGRISSO.",
        "Discussed SOLIRIS dose adjustment in patients with severe renal impairment.",
        # values that are not a patient's reading
        "Discussed the target BP of under 140/90 for patients starting NURTEC ODT.",
        "Reviewed the TAGRISSO label: ALT >3x ULN occurred in 4% of patients.",
        "Dr asked what to do if ALT rises above 3x ULN in a patient on TAGRISSO.",
        "The clinic fridge died overnight; the TAGRISSO tablets are stored at room temperature.",
        "Dr says people love the KESIMPTA pen.",
        # an event on a brand that is not ours, named with no verb; negated after the event
        "derm NP: a tremfya pt got a bad injection site rash, wants HUMIRA info for another pt",
        "asked about rash in her RINVOQ pts - none so far",
        "sin rash ni diarrea en sus pacientes con RINVOQ",
    ],
)
def test_heldout_categories_do_not_fire_ae(text: str) -> None:
    assert "AE" not in kinds(text), text


@pytest.mark.parametrize(
    "text",
    [
        # wrong or missing leaflet
        "Pharmacy found the TAGRISSO bottle came with the wrong patient leaflet.",
        "There was no package insert in the RINVOQ box.",
        "The PIL inside the NURTEC ODT carton belongs to an unrelated product.",
        # stuck or jammed mechanism
        "The KESIMPTA pen button jammed halfway and would not push down.",
        "The plunger on the KINERET syringe wouldn't budge.",
        "HUMIRA autoinjector mechanism seized up mid-injection.",
        "the dial on the KESIMPTA pen is stuck and can't be turned",
        # missing parts
        "The KINERET syringe arrived without its needle.",
        "HUMIRA pen came out of the blister with the needle shield already removed.",
        "Pt took the HUMIRA pen out and the cap was already off.",
        "The KEYTRUDA infusion kit was missing the filter.",
        "KINERET syringe: the plunger rod was missing from the pack.",
        # stored outside the labelled temperature
        "HUMIRA pens were left on the kitchen counter overnight.",
        "RINVOQ samples were left in the rep's car for the afternoon in July.",
        "The KEYTRUDA vials got frozen in the back of the clinic fridge.",
        "Pharmacy stored LEQEMBI at room temperature for three days by mistake.",
        "The cold chain was broken during delivery of SOLIRIS to the clinic.",
        "KESIMPTA pens were accidentally put in the freezer by the patient's son.",
        "the courier's van was hot and the HUMIRA pens were not refrigerated for the whole trip",
        "hosp pharmacy found their soliris was in a fridge that hit 17°C overnight",
        # a pen that fires before the patient is ready, or does not fire, told in Portuguese
        "humira pen fired before pt was ready and needle scratched her finger",
        "uma caneta Repatha SureClick não disparou: o botão ficou travado",
        # a tablet or capsule that tastes wrong
        "new box of nurtec tabs taste bitter/metallic, not like before",
        "her new refill of Celebrex capsules has a strange metallic taste",
        # a can that does not foam, a short vial, a bent needle in Spanish (v12, after it)
        "customers returning Men's Rogaine foam cans that dont foam, just sputter liquid",
        "When drawing up Spinraza we could only withdraw about 4 mL instead of 5 mL.",
        "la jeringa precargada de Stelara venía con la aguja doblada",
        # a shield that did not lock and a bare needle, in Spanish (v24, after it)
        "El autoinyector de Humira no se bloqueó después de usarlo y la aguja quedó expuesta.",
    ],
)
def test_heldout_categories_fire_pc(text: str) -> None:
    assert "PC" in kinds(text), text


@pytest.mark.parametrize(
    "text",
    [
        "SOLIRIS vials may be stored at room temperature for up to 3 days.",
        "HUMIRA pens can be left out of the fridge for up to 14 days.",
        "Dr asked how long KESIMPTA pens can stay unrefrigerated.",
        "Asked the pharmacy what to do if KEYTRUDA is accidentally frozen.",
        "Reminded the pt to let the KESIMPTA pen sit at room temp for 30 min before injecting.",
        "SOLIRIS vials: do not put in the freezer.",
        "The patient information leaflet is in every LEQEMBI pack; reviewed it with the nurse.",
        "Told the patient to take the cap off and inject HUMIRA right away.",
        "Cap was removed and the HUMIRA pen was pressed against the thigh per IFU.",
        "Pt has no needle phobia and self-injects HUMIRA easily.",
        "Pt had a fever above 39 C after the TAGRISSO dose.",
        "pt on celebrex says food has a strange metallic taste since starting",
        "the clinic fridge reads 4°C every morning; KEYTRUDA vials stored there",
    ],
)
def test_heldout_categories_do_not_fire_pc(text: str) -> None:
    assert "PC" not in kinds(text), text


# --- labelled sets --------------------------------------------------------------------------------


def _own_set() -> list[dict]:
    with (DATA / "safety_labelled.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _sample_set() -> list[dict]:
    texts: dict[tuple[str, str], str] = {}
    for source, name, id_col, text_col in (
        ("notes", "notes.csv", "note_id", "text"),
        ("inquiries", "inquiries.csv", "inquiry_id", "question"),
    ):
        with (CRM / name).open(encoding="utf-8", newline="") as f:
            texts.update({(source, r[id_col]): r[text_col] for r in csv.DictReader(f)})
    with (DATA / "sample_safety_truth.jsonl").open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [{**r, "text": texts[(r["source"], r["id"])]} for r in rows]


def _split(item_id: str) -> str:
    return "tuning" if hashlib.sha256(item_id.encode()).digest()[0] % 2 == 0 else "held-out"


def test_own_set_is_well_formed() -> None:
    rows = _own_set()
    assert len(rows) >= 180
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["text"] for r in rows}) == len(rows)
    counts = Counter(r["label"] for r in rows)
    assert set(counts) == {"AE", "PC", "none"}
    assert 0.30 <= counts["AE"] / len(rows) <= 0.40
    assert 0.12 <= counts["PC"] / len(rows) <= 0.18
    assert 0.45 <= counts["none"] / len(rows) <= 0.55
    for r in rows:
        assert (r["evidence"] == "") == (r["label"] == "none"), r["id"]
        assert r["evidence"] in r["text"], r["id"]
    halves = Counter(_split(r["id"]) for r in rows)
    assert min(halves.values()) >= len(rows) // 3


def _measure(rows: list[dict]) -> tuple[dict[str, dict[str, float]], str]:
    confusion: dict[str, Counter[str]] = {k: Counter() for k in ("AE", "PC", "none")}
    predicted = []
    for r in rows:
        got = kinds(r["text"])
        predicted.append(got)
        confusion[r["label"]]["+".join(sorted(got)) or "none"] += 1
    stats: dict[str, dict[str, float]] = {}
    for kind in ("AE", "PC"):
        tp = sum(r["label"] == kind and kind in p for r, p in zip(rows, predicted, strict=True))
        fn = sum(r["label"] == kind and kind not in p for r, p in zip(rows, predicted, strict=True))
        fp = sum(r["label"] != kind and kind in p for r, p in zip(rows, predicted, strict=True))
        stats[kind] = {
            "recall": tp / (tp + fn) if tp + fn else 1.0,
            "precision": tp / (tp + fp) if tp + fp else 1.0,
        }
    cols = ("AE", "PC", "AE+PC", "none")
    table = "label\\pred " + " ".join(f"{c:>6}" for c in cols)
    for label, counts in confusion.items():
        table += f"\n{label:<10} " + " ".join(f"{counts[c]:>6}" for c in cols)
    return stats, table


@pytest.mark.parametrize("name", ["own", "sample"])
def test_labelled_floors(name: str) -> None:
    rows = _own_set() if name == "own" else _sample_set()
    stats, table = _measure(rows)
    print(f"\n{name} ({len(rows)} texts)\n{table}")
    for kind, (min_recall, min_precision) in FLOORS[name].items():
        s = stats[kind]
        print(f"{kind}: recall {s['recall']:.3f} precision {s['precision']:.3f}")
        assert s["recall"] >= min_recall, (name, kind, s)
        assert s["precision"] >= min_precision, (name, kind, s)


def test_held_out_half_floors() -> None:
    rows = [r for r in _own_set() if _split(r["id"]) == "held-out"]
    stats, table = _measure(rows)
    print(f"\nheld-out ({len(rows)} texts)\n{table}")
    assert stats["AE"]["recall"] >= 0.95
    assert stats["PC"]["recall"] >= 0.90
