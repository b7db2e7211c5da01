"""PHI redaction measured on a blind set: recall per identifier type, what survives of the
look-alikes that must be kept, and the time per text.

    .venv/bin/python bench/redaction.py [--set bench/data/phi_blind_v1.jsonl] [--errors]

The sets (bench/data/phi_blind_*.jsonl) were written by helpers who never saw the redaction code:
each note lists every patient identifier (``phi``: type and exact text) and the look-alikes that
are not patient PHI (``keep``: HCP names, lot, NDC and NPI codes, product expiry dates, ...).

An identifier counts as removed when its text no longer occurs in the redacted note (a partly
redacted name, "[NAME] Okafor", is a miss). A look-alike counts as kept when its text still
occurs in the redacted note. Redaction is the product's function (``knowledge_base.redaction``),
the one ingest and the workflows use.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from knowledge_base.redaction import redact

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SET = REPO / "bench" / "data" / "phi_blind_v1.jsonl"
# The writers named sub-state places GEO or CITY; they are one HIPAA category.
_SAME_TYPE = {"CITY": "GEO", "CITY/GEO": "GEO"}


def _type(name: str) -> str:
    return _SAME_TYPE.get(name.upper(), name.upper())


def _line(kind: str, outcomes: list[bool]) -> str:
    return f"  {kind:<14} {sum(outcomes) / len(outcomes):.3f} ({sum(outcomes)}/{len(outcomes)})"


def outcomes(
    rows: list[dict], redact_text: Callable[[str], str]
) -> tuple[dict[str, list[bool]], dict[str, list[bool]], list[str], list[float]]:
    """Per identifier type, whether each identifier was removed and each look-alike kept; the
    misses with the redacted note; ms per note. ``redact_text``: the redactor under test."""
    removed: dict[str, list[bool]] = defaultdict(list)
    kept: dict[str, list[bool]] = defaultdict(list)
    timings: list[float] = []
    errors: list[str] = []
    for row in rows:
        t0 = time.perf_counter()
        redacted = redact_text(row["text"])
        timings.append((time.perf_counter() - t0) * 1000)
        misses: list[str] = []
        for item in row["phi"]:
            gone = item["text"] not in redacted
            removed[_type(item["type"])].append(gone)
            if not gone:
                misses.append(f"{row['id']} PHI left      {item['type']:<12} {item['text']!r}")
        for item in row.get("keep", []):
            survived = item["text"] in redacted
            kept[_type(item["type"])].append(survived)
            if not survived:
                misses.append(f"{row['id']} over-redacted {item['type']:<12} {item['text']!r}")
        if misses:
            errors += [*misses, f"    {redacted}"]
    return removed, kept, errors, timings


def measure(path: Path, show_errors: bool = False) -> dict[str, float]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    removed, kept, errors, timings = outcomes(rows, lambda text: redact(text).text)
    every_phi = [x for v in removed.values() for x in v]
    every_keep = [x for v in kept.values() for x in v]
    print(
        f"== {path.name}: {len(rows)} notes, {len(every_phi)} identifiers, "
        f"{len(every_keep)} look-alikes"
    )
    print(f"PHI removed: {sum(every_phi) / len(every_phi):.3f} ({sum(every_phi)}/{len(every_phi)})")
    for kind in sorted(removed, key=lambda k: -len(removed[k])):
        print(_line(kind, removed[kind]))
    if every_keep:
        print(
            f"look-alikes kept: {sum(every_keep) / len(every_keep):.3f} "
            f"({sum(every_keep)}/{len(every_keep)})"
        )
        for kind in sorted(kept, key=lambda k: -len(kept[k])):
            print(_line(kind, kept[kind]))
    print(
        f"ms per note: median {statistics.median(timings):.2f}, "
        f"p95 {statistics.quantiles(timings, n=20)[18]:.2f}, max {max(timings):.2f}"
    )
    if show_errors:
        print("\n" + "\n".join(errors))
    return {
        "recall": sum(every_phi) / len(every_phi),
        "names": sum(removed["NAME"]) / max(1, len(removed["NAME"])),
        "dates": sum(removed["DATE"]) / max(1, len(removed["DATE"])),
        "kept": sum(every_keep) / max(1, len(every_keep)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--errors", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    measure(args.set, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
