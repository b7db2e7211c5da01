"""The shipped suites on the offline default against the sample: what CI runs (`make test`).

Every suite must pass; each case's result and run time are kept in the stored run (and printed
on failure), so a regression shows which case broke and how long each took.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.runtime import open_knowledge_base
from assistant.settings import Settings
from evals.runner import run_suites
from evals.store import RunStore
from evals.suites import resolve_suites
from knowledge_base.store import sample_path
from tests.sample_home import SAMPLE_TODAY, sample_home_copy

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("evals")]


def test_every_shipped_suite_passes_offline(tmp_path_factory: pytest.TempPathFactory) -> None:
    home = sample_home_copy(tmp_path_factory, "evals-shipped-home")
    settings = Settings(home=home, today=date.fromisoformat(SAMPLE_TODAY))
    # The shared ingested sample may predate a change to the sample (it is built once per
    # machine): re-ingesting is a no-op when current, and adds what is new otherwise.
    report = open_knowledge_base(settings).ingest([sample_path()])
    assert report.ok, report.failures
    run = run_suites(resolve_suites(["all"]), settings)
    RunStore.for_settings(settings).save(run)

    report = [
        f"{s.name}/{c.case_id}: {'pass' if c.passed else 'FAIL'} {c.duration_ms:.0f} ms "
        + "; ".join(f"{k.name}: {k.detail}" for k in c.checks if not k.passed)
        + (f" error: {c.error}" if c.error else "")
        for s in run.suites
        for c in s.cases
    ]
    failed_metrics = [
        f"{s.name}.{m.name}={m.value} (threshold {m.threshold})"
        for s in run.suites
        for m in s.metrics
        if m.passed is False
    ]
    assert run.passed, "\n".join(failed_metrics + report)
    assert run.provider == "extractive" and run.judge is None
    assert all(c.duration_ms > 0 and c.audit_id for s in run.suites for c in s.cases)
    # Nothing offline is allowed to be ungated by accident: every suite gates something.
    assert all(any(m.passed is not None for m in s.metrics) for s in run.suites)
