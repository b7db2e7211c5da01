"""Recall, precision and speed of the adverse-event / product-complaint detector.

    .venv/bin/python bench/safety.py [--errors {tuning,held-out,all,sample}] [--no-sample]
    .venv/bin/python bench/safety.py --blind bench/data/safety_blind_v1.jsonl [--errors blind]

Two measurements:

* tests/data/safety_labelled.jsonl, written before the detector, split deterministically into a
  tuning half (whose misses were looked at while writing the rules) and a held-out half (never
  looked at while tuning) by a hash of the id; reported per half and for all texts.
* tests/data/sample_safety_truth.jsonl, the labels of the bundled sample CRM notes and
  inquiries (knowledge_base/sample/crm/*.csv).

``--blind FILE`` measures a blind set (bench/data/safety_blind_*.jsonl, written by someone who
never saw the detector; a text may be both AE and PC) through the product's screening function,
the one ingest and the backlog summary use: recall and precision per kind, recall per positive
category, false alarms per negative category, and ms per text.

A text counts as detected for a kind when any signal of that kind is returned; a signal of a
kind on a text labelled otherwise is a false alarm. Missing an AE is the costly error, so the
recall of AE is the number that matters most. Also prints the confusion matrix (label x
predicted kinds), how often the AE evidence overlaps the labelled evidence, and the latency per
text.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.pharmacovigilance import SafetySignal, detect_signals
from assistant.pharmacovigilance.screening import screen_text
from knowledge_base.products import SAMPLE_PRODUCTS

REPO = Path(__file__).resolve().parent.parent
LABELLED = REPO / "tests" / "data" / "safety_labelled.jsonl"
SAMPLE_TRUTH = REPO / "tests" / "data" / "sample_safety_truth.jsonl"
SAMPLE_CRM = REPO / "knowledge_base" / "sample" / "crm"
KINDS = ("AE", "PC")


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    label: str  # "AE", "PC" or "none"
    evidence: str


@dataclass(frozen=True)
class Outcome:
    item: Item
    signals: tuple[SafetySignal, ...]
    seconds: float

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(str(s.kind) for s in self.signals)


def split_of(item_id: str) -> str:
    """Deterministic half: "tuning" or "held-out", from the first byte of sha256(id)."""
    return "tuning" if hashlib.sha256(item_id.encode()).digest()[0] % 2 == 0 else "held-out"


def load_labelled(path: Path = LABELLED) -> list[Item]:
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [Item(r["id"], r["text"], r["label"], r.get("evidence", "")) for r in rows]


def load_sample(truth: Path = SAMPLE_TRUTH, crm: Path = SAMPLE_CRM) -> list[Item]:
    texts: dict[tuple[str, str], str] = {}
    for source, file, id_col, text_col in (
        ("notes", "notes.csv", "note_id", "text"),
        ("inquiries", "inquiries.csv", "inquiry_id", "question"),
    ):
        with (crm / file).open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                texts[(source, row[id_col])] = row[text_col]
    with truth.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [
        Item(
            f"{r['source']}:{r['id']}",
            texts[(r["source"], r["id"])],
            r["label"],
            r.get("evidence") or "",
        )
        for r in rows
    ]


def evaluate(items: Sequence[Item]) -> list[Outcome]:
    outcomes = []
    for item in items:
        t0 = time.perf_counter()
        signals = detect_signals(item.text)
        outcomes.append(Outcome(item, tuple(signals), time.perf_counter() - t0))
    return outcomes


def scores(outcomes: Sequence[Outcome], kind: str) -> dict[str, float]:
    tp = sum(o.item.label == kind and kind in o.kinds for o in outcomes)
    fn = sum(o.item.label == kind and kind not in o.kinds for o in outcomes)
    fp = sum(o.item.label != kind and kind in o.kinds for o in outcomes)
    return {
        "tp": tp,
        "fn": fn,
        "fp": fp,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
    }


def confusion(outcomes: Sequence[Outcome]) -> dict[str, Counter[str]]:
    """label -> Counter of predicted kinds ("AE", "PC", "AE+PC" or "none")."""
    table: dict[str, Counter[str]] = {label: Counter() for label in (*KINDS, "none")}
    for o in outcomes:
        table.setdefault(o.item.label, Counter())["+".join(sorted(o.kinds)) or "none"] += 1
    return table


def format_confusion(outcomes: Sequence[Outcome]) -> str:
    cols = ("AE", "PC", "AE+PC", "none")
    lines = ["label \\ predicted " + "".join(f"{c:>7}" for c in cols)]
    for label, counts in confusion(outcomes).items():
        lines.append(f"{label:<18}" + "".join(f"{counts[c]:>7}" for c in cols))
    return "\n".join(lines)


def evidence_overlap(outcomes: Sequence[Outcome], kind: str) -> float:
    """Among detected texts of ``kind`` with labelled evidence, how many signals overlap it."""
    hits = total = 0
    for o in outcomes:
        ev = o.item.evidence
        if o.item.label != kind or kind not in o.kinds or not ev or ev not in o.item.text:
            continue
        total += 1
        start = o.item.text.index(ev)
        end = start + len(ev)
        hits += any(s.kind == kind and s.start < end and start < s.end for s in o.signals)
    return hits / total if total else 1.0


def _report(title: str, outcomes: Sequence[Outcome]) -> None:
    print(f"\n== {title} ({len(outcomes)} texts: {dict(Counter(o.item.label for o in outcomes))})")
    for kind in KINDS:
        s = scores(outcomes, kind)
        print(
            f"{kind}: recall {s['recall']:.3f} ({s['tp']}/{s['tp'] + s['fn']})  "
            f"precision {s['precision']:.3f} ({s['tp']}/{s['tp'] + s['fp']})  "
            f"evidence overlap {evidence_overlap(outcomes, kind):.2f}"
        )
    print(format_confusion(outcomes))


def _errors(outcomes: Sequence[Outcome]) -> None:
    for o in outcomes:
        predicted = "+".join(sorted(o.kinds)) or "none"
        if predicted == o.item.label:
            continue
        print(f"\n{o.item.id} label={o.item.label} predicted={predicted}\n  {o.item.text}")
        for s in o.signals:
            print(f"  -> {s.kind} {s.reasons}")


def blind(path: Path, show_errors: bool) -> None:
    """Recall and precision on a blind set, per kind and per category."""
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    names = [name for brand, generics in SAMPLE_PRODUCTS.items() for name in (brand, *generics)]
    found: list[set[str]] = []
    timings: list[float] = []
    for row in rows:
        t0 = time.perf_counter()
        hits = screen_text(row["text"], names)
        timings.append((time.perf_counter() - t0) * 1000)
        found.append({hit.kind for hit in hits})
    print(f"== blind set {path.name}: {len(rows)} texts")
    for kind, field in (("AE", "ae"), ("PC", "pc")):
        tp = sum(r[field] and kind in k for r, k in zip(rows, found, strict=True))
        fn = sum(r[field] and kind not in k for r, k in zip(rows, found, strict=True))
        fp = sum(not r[field] and kind in k for r, k in zip(rows, found, strict=True))
        print(
            f"{kind}: recall {tp / max(1, tp + fn):.3f} ({tp}/{tp + fn})  "
            f"precision {tp / max(1, tp + fp):.3f} ({tp}/{tp + fp})"
        )
    by_category: dict[str, list[bool]] = {}
    alarms: dict[str, list[bool]] = {}
    for row, kinds in zip(rows, found, strict=True):
        expected = {k for k, f in (("AE", "ae"), ("PC", "pc")) if row[f]}
        if expected:
            by_category.setdefault(row["category"], []).append(expected <= kinds)
        else:
            alarms.setdefault(row["category"], []).append(bool(kinds))
    print("\nrecall per category (every expected kind found)")
    for category, outcomes in sorted(by_category.items()):
        print(f"  {category:<40} {sum(outcomes):>3}/{len(outcomes):<3}")
    print("false alarms per negative category")
    for category, outcomes in sorted(alarms.items()):
        print(f"  {category:<40} {sum(outcomes):>3}/{len(outcomes):<3}")
    print(
        f"\nms per text: median {statistics.median(timings):.2f}, "
        f"p95 {statistics.quantiles(timings, n=20)[18]:.2f}, max {max(timings):.2f}"
    )
    if show_errors:
        for row, kinds in zip(rows, found, strict=True):
            expected = {k for k, f in (("AE", "ae"), ("PC", "pc")) if row[f]}
            if expected != kinds:
                print(
                    f"\n{row['id']} [{row['category']}] expected={sorted(expected)} "
                    f"found={sorted(kinds)}\n  {row['text']}"
                )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--blind", type=Path, help="measure this blind set only")
    parser.add_argument("--errors", choices=("tuning", "held-out", "all", "sample", "blind"))
    parser.add_argument("--no-sample", action="store_true", help="skip the sample truth")
    parser.add_argument("--repeat", type=int, default=5, help="timing runs per text")
    args = parser.parse_args(argv)
    if args.blind:
        blind(args.blind, args.errors == "blind")
        return 0

    labelled = load_labelled()
    runs = [evaluate(labelled) for _ in range(max(1, args.repeat))]
    own = runs[0]
    tuning = [o for o in own if split_of(o.item.id) == "tuning"]
    held_out = [o for o in own if split_of(o.item.id) == "held-out"]
    _report("own set: tuning half", tuning)
    _report("own set: held-out half", held_out)
    _report("own set: all", own)
    sample: list[Outcome] = []
    if not args.no_sample:
        sample = evaluate(load_sample())
        _report("sample truth (knowledge_base/sample/crm)", sample)

    per_text = [min(r[i].seconds for r in runs) * 1000 for i in range(len(labelled))]
    print(
        f"\nlatency per text (own set, best of {len(runs)}): median "
        f"{statistics.median(per_text):.3f} ms, p95 "
        f"{statistics.quantiles(per_text, n=20)[18]:.3f} ms, max {max(per_text):.3f} ms"
    )
    if args.errors:
        chosen = {"tuning": tuning, "held-out": held_out, "all": own, "sample": sample}
        _errors(chosen[args.errors])
    return 0


if __name__ == "__main__":
    sys.exit(main())
