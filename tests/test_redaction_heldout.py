"""Held-out PHI redaction measurement.

tests/data/phi_heldout.jsonl was written without looking at the redaction patterns, the
sample notes or their tests, so it measures how the patterns generalise. A PHI item counts as
caught when no occurrence of its text survives in the redacted text; a negative text (no PHI)
counts as a false positive when redaction produces any span on it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from knowledge_base.redaction import redact

DATA = Path(__file__).resolve().parent / "data" / "phi_heldout.jsonl"

# The target is 0.80. First (blind) held-out measurement: 79/111 = 0.712, with no detection of
# ages over 89 at all. After adding that HIPAA category: 87/111 = 0.784. Still missed: lowercase
# names, bare first names, initials, "Last, First" without a cue, month/day dates without a cue.
# The floor sits just under the measurement so a regression fails.
MIN_RECALL = 0.75
MAX_NEGATIVE_FP_RATE = 0.20


def _load() -> list[dict]:
    with DATA.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_heldout_data_is_well_formed() -> None:
    rows = _load()
    assert len(rows) == 80
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        for item in row["phi"]:
            assert item["text"] in row["text"], (row["id"], item["text"])


def test_heldout_recall_and_false_positives() -> None:
    rows = _load()
    caught: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses: list[tuple[str, str, str]] = []
    negatives = 0
    flagged_negatives: list[tuple[str, list[str]]] = []

    for row in rows:
        result = redact(row["text"])
        if not row["phi"]:
            negatives += 1
            if result.spans:
                flagged = [row["text"][s.start : s.end] for s in result.spans]
                flagged_negatives.append((row["id"], flagged))
            continue
        for item in row["phi"]:
            total[item["type"]] += 1
            if item["text"] in result.text:
                misses.append((row["id"], item["type"], item["text"]))
            else:
                caught[item["type"]] += 1

    recall = sum(caught.values()) / sum(total.values())
    fp_rate = len(flagged_negatives) / negatives

    print()
    for kind in sorted(total):
        print(f"  {kind:8s} {caught[kind]:3d}/{total[kind]:<3d}")
    print(f"  overall recall {sum(caught.values())}/{sum(total.values())} = {recall:.3f}")
    print(f"  negatives with any redaction {len(flagged_negatives)}/{negatives} = {fp_rate:.3f}")
    for row_id, kind, text in misses:
        print(f"  MISS {row_id} {kind}: {text!r}")
    for row_id, flagged in flagged_negatives:
        print(f"  FP   {row_id}: {flagged!r}")

    assert recall >= MIN_RECALL, f"held-out recall {recall:.3f} < {MIN_RECALL}"
    assert fp_rate <= MAX_NEGATIVE_FP_RATE, (
        f"{fp_rate:.3f} of negative texts redacted > {MAX_NEGATIVE_FP_RATE}"
    )
