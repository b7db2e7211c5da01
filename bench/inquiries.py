"""Time to summarize 1,000 and 10,000 inquiries on the offline default.

    .venv/bin/python bench/inquiries.py [--sizes 1000 10000]

Ingests the sample content, then writes synthetic backlogs made from the sample inquiries
(questions recombined across HCPs and dates, deterministic seed) as CSV exports, and times
``summarize_inquiries`` over each (intake, redaction, embedding, themes, one verified response
per theme, AE/PC detection, audit). Embedding dominates.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from assistant.services import open_services
from assistant.settings import Settings
from assistant.workflows.inquiries import summarize_inquiries
from knowledge_base.store import sample_path

HERE = Path(__file__).resolve().parent


def synthetic_export(target: Path, size: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with (sample_path() / "crm" / "inquiries.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    end = datetime(2026, 11, 20, tzinfo=UTC)
    columns = [
        "inquiry_id",
        "received_at",
        "channel",
        "hcp_id",
        "product",
        "question",
        "status",
        "priority",
    ]
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for i in range(size):
            base = rng.choice(rows)
            other = rng.choice(rows)
            writer.writerow(
                {
                    "inquiry_id": f"B-{i:06d}",
                    "received_at": (
                        end - timedelta(minutes=rng.randrange(180 * 24 * 60))
                    ).isoformat(),
                    "channel": base["channel"],
                    "hcp_id": other["hcp_id"],
                    "product": base["product"],
                    "question": base["question"],
                    "status": rng.choice(["open", "in_progress", "answered", "closed"]),
                    "priority": rng.choice(["low", "medium", "medium", "high", "urgent"]),
                }
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="medbrief-bench-") as home:
        services = open_services(Settings(home=Path(home), today=date(2026, 11, 24)))
        if not services.kb.ingest([sample_path()]).ok:
            return 1
        services.retriever = services.kb.retriever()
        for size in args.sizes:
            export = Path(home) / f"inquiries-{size}.csv"
            synthetic_export(export, size)
            started = time.perf_counter()
            summary = summarize_inquiries(
                services, path=export, since=datetime(2026, 5, 24, tzinfo=UTC), user="bench"
            )
            seconds = time.perf_counter() - started
            results.append(
                {
                    "inquiries": size,
                    "in_period": summary.total,
                    "unique": summary.unique,
                    "themes": len(summary.themes),
                    "safety_flags": len(summary.safety_flags),
                    "seconds": round(seconds, 1),
                }
            )
            print(json.dumps(results[-1]))
    out = HERE / "results" / "inquiries.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
