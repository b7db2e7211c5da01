"""Time to summarize 1,000 and 10,000 inquiries on the offline default.

    .venv/bin/python bench/inquiries.py [--sizes 1000 10000]

Ingests the sample content, then writes synthetic backlogs made from the sample inquiries
(questions recombined across HCPs and dates, deterministic seed) as CSV exports, and times
``summarize_inquiries`` over each (intake, redaction, embedding, themes, one verified response
per theme, AE/PC detection, audit), with where the time went by stage. Issue 19's limit: 10,000
inquiries in at most 45 s on the offline default.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import Any

from assistant.services import open_services
from assistant.settings import Settings
from assistant.workflows import inquiries as workflow
from assistant.workflows.inquiries import summarize_inquiries
from knowledge_base.store import sample_path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from limits import against_limit  # noqa: E402

#: The backlog size each limit of bench/limits.py is stated for.
LIMITS = {10000: "summary of 10,000 inquiries"}

#: The workflow's steps timed, by the name the workflow module calls them under: time in a step
#: called from another (the evidence redaction inside row screening) counts for the inner one.
STAGES = {
    "read_inquiries": "intake",
    "screen_texts": "AE/PC screening",
    "screen_rows": "evidence redaction",  # what row screening spends beyond screen_texts
    "redact_many": "PHI redaction",
    "_embed": "embedding",
    "duplicate_groups": "themes",
    "cluster": "themes",
    "assign": "themes",
    "_answer_theme": "responses",
    "_safety_flags": "AE/PC rules on stored text",
    "record_output": "audit",
}


@contextmanager
def stage_timer() -> Iterator[dict[str, float]]:
    """Seconds per stage while inside (exclusive of nested timed steps), by wrapping the
    workflow module's functions; put back on the way out."""
    seconds: dict[str, float] = {}
    nested: list[float] = []

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            nested.append(0.0)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.perf_counter() - started
                inner = nested.pop()
                seconds[STAGES[name]] = seconds.get(STAGES[name], 0.0) + spent - inner
                if nested:
                    nested[-1] += spent

        return wrapper

    with ExitStack() as stack:
        for name in STAGES:
            original = getattr(workflow, name)
            setattr(workflow, name, timed(name, original))
            stack.callback(setattr, workflow, name, original)
        yield seconds


def breakdown(seconds: dict[str, float], total: float) -> str:
    stages = {**seconds, "other": max(0.0, total - sum(seconds.values()))}
    return ", ".join(
        f"{name} {spent:.1f}" for name, spent in sorted(stages.items(), key=lambda s: -s[1])
    )


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
            with stage_timer() as stages:
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
                    "stages_s": {name: round(spent, 2) for name, spent in stages.items()},
                }
            )
            print(json.dumps(results[-1]))
            print(f"{size:,} inquiries: {seconds:.1f} s")
            if size in LIMITS:
                print(f"  {against_limit(LIMITS[size], seconds)}")
            print(f"  where the time went (s): {breakdown(stages, seconds)}")
    out = HERE / "results" / "inquiries.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
