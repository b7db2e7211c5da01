"""Blind held-out measurement of the AE / PC detector.

tests/data/safety_heldout.jsonl (120 texts: 40 AE, 20 PC, 60 none, at least 35 of the none
texts deliberately tricky) was written before reading the detector, its vocabulary, its tests or
its labelled data, so its first measurement showed how the rules generalise; its misses have
since been read and their categories fixed, so it is now a regression set, not a blind one. A
text counts as AE detected when any signal is of kind AE, and as PC detected likewise; a text
may be detected as both.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from assistant.pharmacovigilance import SignalKind, detect_signals

DATA = Path(__file__).resolve().parent / "data" / "safety_heldout.jsonl"
LABELS = ("AE", "PC", "none")

# First blind measurement: AE recall 33/40 = 0.825, AE precision 33/39 = 0.846, PC recall
# 16/20 = 0.800, PC precision 16/16 = 1.000. AE recall is below the 0.95 target (missing an AE is
# a serious failure, domain.md). Missed AEs: lab/ECG/vital-sign values with no event word (ALT
# 5x ULN, QTc 510, BP 170/100), a medication error without symptoms, alopecia, vague malaise,
# cytokine release syndrome. False AEs: a negated "no AEs reported", disease symptoms before
# treatment, events on another drug, a hypothetical worry. Missed PCs: wrong leaflet, stuck
# plunger, missing needle cap, room-temperature storage excursion.
# After fixing those categories with general rules (vocabulary and patterns, unit-tested with new
# wordings in tests/test_safety_detector.py): AE recall 40/40 = 1.000, AE precision 40/40 =
# 1.000, PC recall 20/20 = 1.000, PC precision 20/20 = 1.000. The set is no longer blind (its
# misses were read to find the categories), so these numbers are optimistic; the first
# measurement above is the honest estimate of how the rules generalise.
# Floors: the target for AE recall (0.95), and one step (0.05) under the measurements
# elsewhere, so a regression fails while a single new borderline wording does not.
MIN_AE_RECALL = 0.95
MIN_AE_PRECISION = 0.95
MIN_PC_RECALL = 0.95
MIN_PC_PRECISION = 0.95


def _load() -> list[dict]:
    with DATA.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _detected(text: str) -> tuple[bool, bool]:
    kinds = {signal.kind for signal in detect_signals(text)}
    return SignalKind.AE in kinds, SignalKind.PC in kinds


def _outcome(ae: bool, pc: bool) -> str:
    if ae and pc:
        return "AE+PC"
    if ae:
        return "AE"
    if pc:
        return "PC"
    return "none"


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def test_heldout_data_is_well_formed() -> None:
    rows = _load()
    assert len(rows) == 120
    assert len({row["id"] for row in rows}) == len(rows)
    assert Counter(row["label"] for row in rows) == {"AE": 40, "PC": 20, "none": 60}
    assert all(row["text"].strip() for row in rows)


def test_heldout_recall_and_precision() -> None:
    rows = _load()
    matrix: Counter[tuple[str, str]] = Counter()
    gold: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    errors: list[tuple[str, str, str, str]] = []

    for row in rows:
        label = row["label"]
        ae, pc = _detected(row["text"])
        outcome = _outcome(ae, pc)
        matrix[label, outcome] += 1
        gold[label] += 1
        for kind, found in (("AE", ae), ("PC", pc)):
            if found:
                flagged[kind] += 1
                if label == kind:
                    hits[kind] += 1
        if outcome != label:
            errors.append((row["id"], label, outcome, row["text"]))

    ae_recall = _ratio(hits["AE"], gold["AE"])
    ae_precision = _ratio(hits["AE"], flagged["AE"])
    pc_recall = _ratio(hits["PC"], gold["PC"])
    pc_precision = _ratio(hits["PC"], flagged["PC"])

    outcomes = ("AE", "PC", "AE+PC", "none")
    print()
    print("  gold \\ detected " + "".join(f"{o:>7s}" for o in outcomes))
    for label in LABELS:
        print(f"  {label:16s} " + "".join(f"{matrix[label, o]:7d}" for o in outcomes))
    print(f"  AE recall    {hits['AE']}/{gold['AE']} = {ae_recall:.3f}")
    print(f"  AE precision {hits['AE']}/{flagged['AE']} = {ae_precision:.3f}")
    print(f"  PC recall    {hits['PC']}/{gold['PC']} = {pc_recall:.3f}")
    print(f"  PC precision {hits['PC']}/{flagged['PC']} = {pc_precision:.3f}")
    for row_id, label, outcome, text in errors:
        print(f"  {row_id} gold={label} got={outcome}: {text!r}")

    assert ae_recall >= MIN_AE_RECALL, f"AE recall {ae_recall:.3f} < {MIN_AE_RECALL}"
    assert ae_precision >= MIN_AE_PRECISION, f"AE precision {ae_precision:.3f} < {MIN_AE_PRECISION}"
    assert pc_recall >= MIN_PC_RECALL, f"PC recall {pc_recall:.3f} < {MIN_PC_RECALL}"
    assert pc_precision >= MIN_PC_PRECISION, f"PC precision {pc_precision:.3f} < {MIN_PC_PRECISION}"
