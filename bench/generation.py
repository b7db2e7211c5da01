"""Pre-call briefings on the offline default over every sample HCP: latency and verifier pass.

    .venv/bin/python bench/generation.py

Ingests the sample into a fresh temporary data directory, then builds a rep briefing for every
HCP with the extractive provider, and reports: median and p95 latency of ``brief`` (in-process,
warm), the share of generated sentences that pass the citation verifier, how many briefings have
talking points, and fair-balance coverage (every promoted product has a safety block).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from assistant.workflows.briefing import build_briefing
from knowledge_base.models import Role

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from limits import against_limit  # noqa: E402
from sample_run import p95, sample_services, save_result  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="medbrief-bench-") as home:
        services = sample_services(Path(home))
        if services is None:
            return 1
        hcps = services.kb.catalog.list_hcps()
        latencies, generated, passed, with_points, balanced = [], 0, 0, 0, 0
        for hcp in hcps:
            started = time.perf_counter()
            briefing = build_briefing(hcp.hcp_id, Role.REP, services, user="bench")
            latencies.append(time.perf_counter() - started)
            shown = [s for p in briefing.talking_points for s in p.sentences]
            shown += [s for b in briefing.safety for s in b.sentences]
            generated += len(shown) + len(briefing.removed)
            passed += len(shown)
            with_points += bool(briefing.talking_points)
            promoted = {p.product for p in briefing.talking_points}
            balanced += promoted <= {b.product for b in briefing.safety}
    latencies.sort()
    result = {
        "hcps": len(hcps),
        "median_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": p95(latencies),
        "sentences_generated": generated,
        "sentences_passing_verifier": passed,
        "pass_share": round(passed / generated, 3) if generated else None,
        "briefings_with_talking_points": with_points,
        "briefings_fair_balanced": balanced,
    }
    save_result("generation", result)
    print(against_limit("brief p95 warm (ms)", result["p95_ms"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
