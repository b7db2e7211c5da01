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
    text = "Met Dr. Okafor re ZORVEXA. Her pt developed a rash after the second dose. F/u 2 wks."
    [signal] = detect_signals(text)
    assert isinstance(signal, SafetySignal)
    assert signal.kind is SignalKind.AE and signal.kind == "AE"
    assert signal.evidence == "Her pt developed a rash after the second dose."
    assert text[signal.start : signal.end] == signal.evidence
    assert signal.product == "ZORVEXA"
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
    [typo] = detect_signals("my pt on zorvexxa has a bad rash since last week")
    assert typo.product == "ZORVEXA"


def test_product_is_taken_from_an_earlier_sentence() -> None:
    text = "Visited Dr. Tan re IMRELZA. She said the patient now has a rash after the second dose."
    [signal] = detect_signals(text)
    assert signal.product == "IMRELZA"
    assert signal.evidence.startswith("She said the patient")


def test_one_signal_per_sentence_and_kind() -> None:
    text = (
        "Pt on HEMORAVIX had a nosebleed. The HEMORAVIX syringe needle was bent. "
        "Another pt had low platelets on it."
    )
    found = [(str(s.kind), s.evidence) for s in detect_signals(text)]
    assert found == [
        ("AE", "Pt on HEMORAVIX had a nosebleed."),
        ("PC", "The HEMORAVIX syringe needle was bent."),
        ("AE", "Another pt had low platelets on it."),
    ]


# --- adverse events, one per kind of untoward event -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # symptom / diagnosis
        "My pt on zorvexa has a maculopapular rash on trunk and arms since last week.",
        "she's been on onquira for 5 cycles and now has diarrhea 6-7x/day with blood",
        "Dr. Ivanova had an elderly patient on NEUREVIA diagnosed with PML last month.",
        # lab abnormality / vital sign
        "HEMORAVIX pt platelets dropped to 48k at the 8-week check.",
        "her patient on zorvexa had ALT 5x ULN at week 4 labs",
        "pt on MIGRALIS x3 months, BP now 158/96, never hypertensive before.",
        # hospitalisation, death
        "my patient started IMRELZA in march and was hospitalized last week with pneumonia.",
        "Pt passed away 3 wks after starting ONQUIRA, cause unknown per family.",
        "The NP said a patient on HEMORAVIX went to the ED with a nosebleed that would not stop.",
        # pregnancy and breastfeeding exposure
        "One of Dr. Huang's patients became pregnant while on IMRELZA; she is ~10 weeks.",
        "Breastfeeding mom on IMRELZA — infant has had a rash and diarrhea for a week.",
        # overdose and medication errors, even without symptoms
        "Pharmacist called: patient accidentally took two NEUREVIA capsules instead of one.",
        "pt received COLIVANT 300mg when 108 mg was prescribed; no adverse effects noted yet.",
        "Dr. Nguyen mentioned that the MIGRALIS dose was given IV instead of subQ by a new nurse.",
        # lack of efficacy
        "Dr. Amadi says ZORVEXA isn't working for his guy — progressed after 2 months.",
        "My patient has been on IMRELZA for 2 yrs and his psoriasis is back to 30% BSA.",
        # off-label use with an outcome
        "Dr. Lam used ONQUIRA in melanoma (off-label); the patient developed myocarditis.",
        # implied product, named patient
        "Visited re IMRELZA. The patient she started on it has a bad rash after the second dose.",
        "A 54-year-old woman was hospitalized for hepatitis 4 weeks after starting our drug.",
        "Costa, Joan (mrn A-584356) stopped ONQUIRA after blurred vision and dry eyes.",
        # a question about a real case is still a case
        "What should I do about my patient who developed a rash on ZORVEXA?",
        "HCP asked whether to continue NEUREVIA in a patient who developed macular edema.",
        # causality unknown is still reportable
        "Pt on HEMORAVIX fell and broke her wrist, unclear if related to dizziness from the drug.",
    ],
)
def test_adverse_events_fire(text: str) -> None:
    assert "AE" in kinds(text), text


@pytest.mark.parametrize(
    "text",
    [
        "No issues with the IMRELZA pen itself, but the patient did get a rash afterwards.",
        "Patient denied chest pain but reported palpitations since starting ZORVEXA.",
        "No AEs reported at the last visit; however, today her NEUREVIA patient developed a fever.",
    ],
)
def test_an_event_after_a_negated_one_still_fires(text: str) -> None:
    assert "AE" in kinds(text), text


# --- product complaints ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Two IMRELZA prefilled pens from lot 22K41 were cracked at the needle cap when opened.",
        "A box of MIGRALIS pens came with the outer carton crushed and one pen leaking.",
        "the MIGRALIS autoinjector didn't fire — button stuck",
        "Pharmacist says the ONQUIRA vial had visible white particles floating in it.",
        "ONQUIRA infusion bag showed discoloration (brownish tint) after dilution; discarded.",
        "Box says MIGRALIS 225 mg, pen inside labeled 120 mg.",
        "Patient information leaflet missing from the COLIVANT pack.",
        "Shipment of HEMORAVIX arrived at the clinic warm; data logger showed 18°C for 10 hours.",
        "Fridge failure overnight — IMRELZA pens were at 22C for ~14h.",
        "Suspect counterfeit: patient bought ZORVEXA online, packaging has spelling errors.",
        "The ZORVEXA bottle had a lot number that did not match the carton; office wonders if it "
        "is counterfeit.",
    ],
)
def test_product_complaints_fire(text: str) -> None:
    assert "PC" in kinds(text), text


# --- negatives, one per pattern -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # negated
        "No adverse events reported with ZORVEXA in Dr. Patel's practice so far.",
        "Patient denied any side effects after the third IMRELZA dose.",
        "Denies nausea, vomiting, rash, or fatigue; labs WNL at the week 12 ZORVEXA visit.",
        "Dr. Mills said none of her COLIVANT patients have had infusion reactions.",
        "No AE/PC to report.",
        # hypothetical questions
        "What happens if a patient develops hepatotoxicity on ZORVEXA?",
        "Is hepatotoxicity a known risk with IMRELZA?",
        "If a patient becomes pregnant on NEUREVIA, what should they do?",
        "Dr. Chu asked whether ONQUIRA causes colitis.",
        "pt is hoping to avoid weight gain - does migralis cause it?",
        "Patient is planning a pregnancy next year; should IMRELZA be stopped beforehand?",
        # label, trial and literature reading
        "The label lists nausea in 12% of ZORVEXA patients; Dr. Ong wanted the grade 3 rate.",
        "In the trial, deaths occurred in 2% of ONQUIRA-treated patients — HCP wants the causes.",
        "Dr. Yilmaz mentioned she read a case report of myocarditis with PD-L1 inhibitors.",
        "Reviewed the MIGRALIS adverse reactions table: injection site reactions most common.",
        # pre-existing conditions
        "Patient had a history of hypertension before starting MIGRALIS; BP is controlled.",
        "Before starting NEUREVIA the patient had a baseline HR of 58 — a contraindication?",
        "The pt had hepatitis B years ago, fully resolved, before any biologic; is IMRELZA ok?",
        # good outcomes, indication words, commercial talk
        "Her migraines were daily before MIGRALIS; now down to 3 per month.",
        "Patient's MS relapses stopped after starting NEUREVIA, MRI stable, no new lesions.",
        "Dr. Sun has 30 ulcerative colitis patients; interested in COLIVANT.",
        "Invited her to the regional speaker program in the fall; IMRELZA.",
        "Prior auth is a real pain point for the office; ZORVEXA approvals take 2 weeks.",
        "Asked the office to submit through the MI portal; MIGRALIS.",
    ],
)
def test_negatives_do_not_fire_ae(text: str) -> None:
    assert "AE" not in kinds(text), text


@pytest.mark.parametrize(
    "text",
    [
        "No issues with the pen; patient self-injecting IMRELZA without problems.",
        "No problems with the shipment; all IMRELZA pens arrived cold and intact.",
        "Patient asked what to do if a MIGRALIS pen is dropped — none have been dropped yet.",
        "What should the pharmacy do if a shipment of ONQUIRA arrives warm?",
        "Discussed storage: HEMORAVIX may be kept at room temperature up to 6 weeks.",
        "Checked the COLIVANT vials in the clinic fridge — all in date, temp log normal.",
        "Asked about AEs and product complaints per SOP: none reported.",
        "Pt on HEMORAVIX fell and broke her wrist.",  # an AE, not a broken product
    ],
)
def test_negatives_do_not_fire_pc(text: str) -> None:
    assert "PC" not in kinds(text), text


# --- categories found on the blind held-out set (new wordings) ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # lab, ECG and vital-sign values with no event word
        "Dr. Baker's pt on IMRELZA: AST 4x ULN and ALT 6 times the upper limit of normal.",
        "ZORVEXA follow-up for Mr. Hale\n- transaminases >3x ULN\n- bilirubin normal",
        "My pt on ZORVEXA: ALT 250, AST 190 at week 6.",
        "ZORVEXA pt had an ECG this morning, QTcF 498 msec.",
        "Her NEUREVIA patient: QTc interval of 485 ms on the day-10 tracing.",
        "Pt on MIGRALIS, home readings of 182/104 most mornings this month.",
        "my patient on MIGRALIS had a BP of 88/52 at clinic today",
        "HEMORAVIX patient, platelet count 62,000 on Monday's CBC.",
        "the pt on ONQUIRA, platelets 38 yesterday",
        "Her pt on ONQUIRA: ANC 0.6 on day 8 of cycle 2.",
        "ONQUIRA patient, neutrophils 900 at the nadir check.",
        "Pt's serum creatinine went up from 0.8 to 1.9 on COLIVANT.",
        "the COLIVANT patient now has creatinine 2.4 mg/dL, nephrology consulted",
        "pt on NEUREVIA, resting heart rate 41 bpm at the 6 hour check",
        "pt on HEMORAVIX, Hgb 7.6 this week",
        # medication errors, even without symptoms
        "Nurse reconstituted the ONQUIRA vial with sterile water rather than the supplied diluent.",
        "An out-of-date COLIVANT vial was administered at the infusion centre yesterday.",
        "The pharmacy dispensed IMRELZA pens that were past their expiry date; the pt used one.",
        "A nurse gave Mr. Ortiz the NEUREVIA capsules meant for another patient.",
        "Caregiver gave her father his NEUREVIA capsule twice on the same day; he seems fine.",
        "COLIVANT was infused way too fast at the satellite clinic - over 10 min.",
        "ZORVEXA was given to the wrong patient on the ward, no symptoms so far.",
        "Pharmacist reports ZORVEXA 80 mg tablets were dispensed instead of 40 mg.",
        "Pt self-injected a double dose of MIGRALIS last week by confusing the pens, feels fine.",
        # everyday words for common events
        "Dr says one of her ZORVEXA pts is shedding hair and has bald patches now.",
        "hair thinning/balding in her pt on zorvatinib after 3 months",
        "Pt on COLIVANT feels lousy and run-down for two days after every infusion.",
        "her patient on MIGRALIS says she's wiped out and achy after each shot",
        "Mr. Diaz has felt under the weather ever since his first IMRELZA shot.",
        "pt on NEUREVIA reports body aches and feeling blah since the dose increase",
        "Some of the folks on IMRELZA get flu-like symptoms for a day after the injection.",
        # cytokine release and other immune reactions
        "Pt on ONQUIRA developed CRS grade 2 after the first infusion, treated with tocilizumab.",
        "Her patient had a serum sickness-like reaction 10 days after the IMRELZA loading dose.",
        "ONQUIRA pt with immune-mediated hepatitis, now on steroids.",
        "Pt on ONQUIRA diagnosed with HLH two months in.",
        "pt's COLIVANT levels undetectable - anti-drug antibodies found",
        # off-label use in a child, with an outcome
        "A peds rheumatologist gave IMRELZA off-label to a 9-year-old, who then had seizures.",
        "Off-label use of NEUREVIA in a teenager: she ended up in the PICU.",
        "used COLIVANT off label in a 4 yo with refractory colitis; the child needed a transfusion",
        # still events: a real case next to a worry, another drug or a switch
        "Pt developed a rash on IMRELZA and might need to stop it.",
        "My patient is worried about the rash she got after the second IMRELZA dose.",
        "Dr reported 2 patients with psoriasis who had severe infections on IMRELZA.",
        "Pt on IMRELZA and methotrexate developed a rash last week.",
        "Pt on IMRELZA had a rash, so the dr wants to switch her to ZORVEXA.",
        "pt had a rash, nothing serious, after the MIGRALIS shot",
        "On April 3 my patient on NEUREVIA had a seizure.",
    ],
)
def test_heldout_categories_fire_ae(text: str) -> None:
    assert "AE" in kinds(text), text


@pytest.mark.parametrize(
    "text",
    [
        # negated
        "No AEs/PCs reported today; reviewed ONQUIRA dosing in patients with hepatic impairment.",
        "Side effects: none reported by her ZORVEXA patients.",
        "Checked in on the IMRELZA patients - nobody has reported side effects.",
        "Patient on MIGRALIS denies any side effects at the 3-month visit.",
        # before the product
        "The patient's fatigue started a year before she went on NEUREVIA.",
        "Pt has had joint pain for years despite NSAIDs; rheum is considering IMRELZA.",
        "He had frequent migraines before he began MIGRALIS; much better now.",
        "Dr considering IMRELZA for a patient whose psoriasis flared on adalimumab.",
        # on another drug
        "Her pt on adalimumab got a serious infection, so she may switch him to IMRELZA.",
        "Pt developed a rash on ustekinumab last year; Dr. Lee now wants to try IMRELZA.",
        "The dr's cousin had nausea on a different brand of CGRP injection, not MIGRALIS.",
        "Pt on insulin had hypoglycemia last year; IMRELZA discussed for her psoriasis.",
        # worries and populations
        "The nurse said parents often worry that IMRELZA injections will leave bruises.",
        "HCP fears that elderly pts might fall on NEUREVIA because of dizziness.",
        "Dr. Ross is nervous about rashes in her older patients before prescribing ZORVEXA.",
        "Discussed HEMORAVIX dose adjustment in patients with severe renal impairment.",
        # values that are not a patient's reading
        "Discussed the target BP of under 140/90 for patients starting MIGRALIS.",
        "Reviewed the ZORVEXA label: ALT >3x ULN occurred in 4% of patients.",
        "Dr asked what to do if ALT rises above 3x ULN in a patient on ZORVEXA.",
        "The clinic fridge died overnight; the ZORVEXA tablets are stored at room temperature.",
        "Dr says people love the MIGRALIS pen.",
    ],
)
def test_heldout_categories_do_not_fire_ae(text: str) -> None:
    assert "AE" not in kinds(text), text


@pytest.mark.parametrize(
    "text",
    [
        # wrong or missing leaflet
        "Pharmacy found the ZORVEXA bottle came with the wrong patient leaflet.",
        "There was no package insert in the IMRELZA box.",
        "The PIL inside the MIGRALIS carton belongs to an unrelated product.",
        # stuck or jammed mechanism
        "The MIGRALIS pen button jammed halfway and would not push down.",
        "The plunger on the HEMORAVIX syringe wouldn't budge.",
        "IMRELZA autoinjector mechanism seized up mid-injection.",
        "the dial on the MIGRALIS pen is stuck and can't be turned",
        # missing parts
        "The HEMORAVIX kit arrived without the needle.",
        "IMRELZA pen came out of the blister with the needle shield already removed.",
        "Pt took the IMRELZA pen out and the cap was already off.",
        "The ONQUIRA infusion kit was missing the filter.",
        "HEMORAVIX syringe: the plunger rod was missing from the pack.",
        # stored outside the labelled temperature
        "IMRELZA pens were left on the kitchen counter overnight.",
        "IMRELZA samples were left in the rep's car for the afternoon in July.",
        "The ONQUIRA vials got frozen in the back of the clinic fridge.",
        "Pharmacy stored COLIVANT at room temperature for three days by mistake.",
        "The cold chain was broken during delivery of HEMORAVIX to the clinic.",
        "MIGRALIS pens were accidentally put in the freezer by the patient's son.",
        "the courier's van was hot and the IMRELZA pens were not refrigerated for the whole trip",
    ],
)
def test_heldout_categories_fire_pc(text: str) -> None:
    assert "PC" in kinds(text), text


@pytest.mark.parametrize(
    "text",
    [
        "HEMORAVIX may be stored at room temperature for up to 30 days.",
        "IMRELZA pens can be left out of the fridge for up to 14 days.",
        "Dr asked how long MIGRALIS pens can stay unrefrigerated.",
        "Asked the pharmacy what to do if ONQUIRA is accidentally frozen.",
        "Reminded the pt to let the MIGRALIS pen sit at room temp for 30 min before injecting.",
        "HEMORAVIX pens: do not put in the freezer.",
        "The patient information leaflet is in every COLIVANT pack; reviewed it with the nurse.",
        "Told the patient to take the cap off and inject IMRELZA right away.",
        "Cap was removed and the IMRELZA pen was pressed against the thigh per IFU.",
        "Pt has no needle phobia and self-injects IMRELZA easily.",
        "Pt had a fever above 39 C after the ZORVEXA dose.",
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
