"""What the briefing benches share: the sample ingested into a scratch home (content as of
2026-11-24), warmed with one briefing, and a result printed and saved under bench/results."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from assistant.services import Services, open_services
from assistant.settings import Settings
from assistant.workflows.briefing import build_briefing
from knowledge_base.models import Role
from knowledge_base.store import sample_path

__all__ = ["SAMPLE_TODAY", "p95", "sample_services", "save_result"]

SAMPLE_TODAY = date(2026, 11, 24)
RESULTS = Path(__file__).resolve().parent / "results"


def sample_services(home: Path) -> Services | None:
    """The sample ingested into ``home``, one briefing already built (model and index loads
    are not what is timed); None, with the failures on stderr, when the ingest failed."""
    services = open_services(Settings(home=home, today=SAMPLE_TODAY))
    report = services.kb.ingest([sample_path()])
    if not report.ok:
        print(report.failures, file=sys.stderr)
        return None
    services.retriever = services.kb.retriever()
    build_briefing(services.kb.catalog.list_hcps()[0].hcp_id, Role.REP, services)
    return services


def p95(seconds: Sequence[float]) -> float:
    """The nearest-rank 95th percentile, in milliseconds, rounded to 0.1."""
    ordered = sorted(seconds)
    return round(1000 * ordered[max(0, round(0.95 * len(ordered)) - 1)], 1)


def save_result(name: str, result: dict) -> None:
    """Print the result as JSON and keep it as bench/results/<name>.json."""
    print(json.dumps(result, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
