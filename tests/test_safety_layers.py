"""The learned layer of AE/PC screening: shipped weights match the seed set they were trained
on, a sentence the rules miss is flagged by the classifier, the classifier never removes what
the rules found, and floors on the blind set (bench/data/safety_blind_v1.jsonl; bench/safety.py
prints the full table). First measurement on it, rules only: AE recall 0.609 (precision 0.770),
PC recall 0.625 (0.957). After tuning rules, seeds, model and thresholds on v1-v4: AE 0.973
(0.787), PC 0.986 (0.877). The fresh batches (README) are the numbers that count."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from assistant.pharmacovigilance import classifier as clf
from assistant.pharmacovigilance.detector import detect_signals, doubt_cues
from assistant.pharmacovigilance.screening import screen_text
from knowledge_base.products import SAMPLE_PRODUCTS

BLIND = Path(__file__).resolve().parent.parent / "bench" / "data" / "safety_blind_v1.jsonl"
NAMES = [name for brand, generics in SAMPLE_PRODUCTS.items() for name in (brand, *generics)]


def test_shipped_weights_are_trained_on_the_shipped_seed() -> None:
    shipped = clf.sentence_classifier()
    assert shipped.seed_sha256 == clf.seed_sha256(), (
        "seed changed: retrain with python -m assistant.pharmacovigilance.classifier"
    )
    texts, labels = clf.load_seed()
    assert len(texts) >= 1500 and labels[:, 0].sum() >= 450 and labels[:, 1].sum() >= 300
    # Training is deterministic (a full retrain takes most of a minute; the script does it).
    features = np.asarray(shipped.embedder.embed_documents(texts[:120]), dtype=np.float64)
    first, second = clf.train(features, labels[:120]), clf.train(features, labels[:120])
    assert np.array_equal(first.hidden, second.hidden) and np.array_equal(first.out, second.out)


def test_the_classifier_flags_what_the_rules_miss() -> None:
    text = "The REPATHA pen arrived with the window fogged up and the liquid looked grey."
    assert detect_signals(text) == []
    hits = screen_text(text, NAMES)
    assert [(h.kind, h.evidence, h.product) for h in hits] == [("PC", text, "REPATHA")]
    assert screen_text(text, NAMES, learned=False) == []


def test_the_classifier_never_removes_a_rule_flag() -> None:
    rows = [json.loads(line) for line in BLIND.read_text("utf-8").splitlines() if line]
    for row in rows[:120]:
        rules = {(s.kind.value, s.evidence) for s in detect_signals(row["text"], NAMES)}
        both = {(h.kind, h.evidence) for h in screen_text(row["text"], NAMES)}
        assert rules <= both, row["id"]


def test_blind_set_floors() -> None:
    rows = [json.loads(line) for line in BLIND.read_text("utf-8").splitlines() if line]
    found = [{h.kind for h in screen_text(r["text"], NAMES)} for r in rows]
    for kind, field, min_recall, min_precision in (
        ("AE", "ae", 0.97, 0.70),
        # (PC precision 0.857 -> 0.837 with the eighth and ninth seed sets: 2 more false alarms)
        ("PC", "pc", 0.97, 0.83),
    ):
        tp = sum(r[field] and kind in f for r, f in zip(rows, found, strict=True))
        positives = sum(r[field] for r in rows)
        flagged = sum(kind in f for f in found)
        assert tp / positives >= min_recall, (kind, tp, positives)
        assert tp / flagged >= min_precision, (kind, tp, flagged)


def test_doubts_rank_a_flag_but_never_remove_it() -> None:
    # A reportable medication error whose sentence also negates a symptom: flagged, with the
    # doubt recorded for the reviewer rather than used to drop it.
    text = "infusion nurse said a pt got keytruda twice in the same wk, no reaction so far."
    (hit,) = [h for h in screen_text(text, NAMES, learned=False) if h.kind == "AE"]
    assert "negated" in hit.doubts
    assert doubt_cues("what if a pt vomits after a dose?") == ("hypothetical",)
    assert doubt_cues("pt on KEYTRUDA developed colitis") == ()
    assert doubt_cues("Discussed ALPHAMAB dosing for plaque psoriasis.") == ("discussion",)
    # a device that did not work is the complaint, not a doubt on the injury it caused
    assert doubt_cues("pen needle didn't retract, pt stuck her finger recapping it") == ()
    assert doubt_cues("pen needle didn't retract, no injury") == ("negated",)
    # an infusion slowed, a product's strength, a reading compared with the time before the
    # drug and an earlier form of our own product are no label talk and no prior condition
    assert doubt_cues("lumizyme inf rxn today - flushing, hr 130s, slowed rate, resolved") == ()
    assert doubt_cues("customer using minoxidil 5% foam says his ankles swell") == ()
    assert doubt_cues("LDL-C still 168 mg/dL, unchanged from before therapy") == ()
    assert doubt_cues("her LDL-C at the next check was back near baseline") == ()
    assert (
        doubt_cues("previously on Lynparza capsules, switched to tablets, took 8 twice a day") == ()
    )
    assert doubt_cues("she had hives previously, on humira for a year") == ("pre-existing",)
    assert doubt_cues("rates of nausea in the trial were 12%") == ("label",)


def test_a_doubted_bar_is_never_below_the_plain_one() -> None:
    # screening skips the doubt cues of a sentence under every plain bar
    assert all(clf.DOUBTED_THRESHOLDS[h] >= clf.THRESHOLDS[h] for h in clf.HEADS)


def test_a_doubted_sentence_must_convince_the_classifier_more() -> None:
    # What the rep did, with a disease named: under the bar for a doubted sentence, though over
    # the plain one (an unknown "-mab" product and a disease read close to an event).
    sentence = "Discussed ALPHAMAB dosing for plaque psoriasis."
    (p_ae, _) = clf.sentence_classifier().probabilities([sentence])[0]
    assert clf.THRESHOLDS["AE"] <= p_ae < clf.DOUBTED_THRESHOLDS["AE"]
    assert screen_text(sentence, ["ALPHAMAB"]) == []
