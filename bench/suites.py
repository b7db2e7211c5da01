"""Time to run every shipped evaluation suite on the offline default (the real sample).

    .venv/bin/python bench/suites.py [--profile]

Ingests the sample into a fresh temporary data directory (shipped vectors: no embedding), then
runs ``medbrief evals run all`` in process, as a reviewer would, and prints each suite's seconds
and the whole run against its limit (30 s on an idle 2-core machine). The run's time includes
opening the knowledge base and loading the models, as the command's does. ``--profile`` prints
where the time went (cProfile, cumulative, top 30).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from limits import against_limit  # noqa: E402

from assistant.runtime import open_knowledge_base  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from evals.runner import run_suites  # noqa: E402
from evals.suites import resolve_suites  # noqa: E402
from knowledge_base.store import sample_path  # noqa: E402

BENCH_TODAY = date(2026, 11, 24)  # the sample's expiry dates are judged on this day


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="medbrief-bench-suites-") as home:
        os.environ.pop("MEDBRIEF_HOME", None)
        settings = Settings(home=Path(home), today=BENCH_TODAY)
        report = open_knowledge_base(settings).ingest([sample_path()])
        if not report.ok:
            print(report.failures, file=sys.stderr)
            return 1
        suites = resolve_suites(["all"])
        profiler = cProfile.Profile() if args.profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        run = run_suites(suites, settings, user="bench")
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - started
    cases = sum(len(s.cases) for s in run.suites)
    passed = sum(c.passed for s in run.suites for c in s.cases)
    print(f"{len(run.suites)} suites, {cases} cases ({passed} pass) in {seconds:.1f} s:")
    for suite in sorted(run.suites, key=lambda s: -s.duration_s):
        print(f"  {suite.name:<32} {len(suite.cases):>3} cases {suite.duration_s:6.1f} s")
    print(against_limit("all shipped eval suites, idle", seconds))
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
