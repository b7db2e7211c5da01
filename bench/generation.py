"""Pre-call briefings on the offline default over every sample HCP: latency and verifier pass.

    .venv/bin/python bench/generation.py

Ingests the sample into a fresh temporary data directory, then builds a rep briefing for every
HCP with the extractive provider, and reports: median and p95 latency of ``brief`` (in-process,
warm), the share of generated sentences that pass the citation verifier, how many briefings have
talking points, and fair-balance coverage (every promoted product has a safety block).
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from assistant.services import open_services
from assistant.settings import Settings
from assistant.workflows.briefing import build_briefing
from knowledge_base.models import Role
from knowledge_base.store import sample_path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from limits import against_limit  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="medbrief-bench-") as home:
        services = open_services(Settings(home=Path(home), today=date(2026, 11, 24)))
        report = services.kb.ingest([sample_path()])
        if not report.ok:
            print(report.failures, file=sys.stderr)
            return 1
        services.retriever = services.kb.retriever()
        hcps = services.kb.catalog.list_hcps()
        build_briefing(hcps[0].hcp_id, Role.REP, services)  # warm-up: model and index loads
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
        "p95_ms": round(1000 * latencies[max(0, round(0.95 * len(latencies)) - 1)], 1),
        "sentences_generated": generated,
        "sentences_passing_verifier": passed,
        "pass_share": round(passed / generated, 3) if generated else None,
        "briefings_with_talking_points": with_points,
        "briefings_fair_balanced": balanced,
    }
    print(json.dumps(result, indent=2))
    print(against_limit("brief p95 warm (ms)", result["p95_ms"]))
    out = HERE / "results" / "generation.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
