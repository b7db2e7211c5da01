"""Stored runs: save atomically, load by id / prefix / latest, list, annotate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from evals.models import AnnotationVerdict, CaseInputs, CaseResult, EvalRun, SuiteResult
from evals.store import RunNotFound, RunStore

STARTED = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def make_run(run_id: str, minutes: int = 0, passed: bool = True) -> EvalRun:
    cases = [
        CaseResult(
            suite="off-label",
            case_id=case_id,
            workflow="ask",
            inputs=CaseInputs(question="q?"),
            passed=ok,
        )
        for case_id, ok in (("a", True), ("b", passed))
    ]
    suite = SuiteResult(
        name="off-label",
        description="d",
        workflow="ask",
        path="off-label.yaml",
        metrics=[],
        cases=cases,
        passed=passed,
    )
    return EvalRun(
        run_id=run_id,
        started_at=STARTED + timedelta(minutes=minutes),
        provider="extractive",
        model="extractive-v1",
        suites=[suite],
        passed=passed,
    )


def test_save_load_list(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "runs")
    path = store.save(make_run("20261124T120000Z-aaaaaa"))
    store.save(make_run("20261124T130000Z-bbbbbb", minutes=60, passed=False))
    assert path.is_file() and not list(path.parent.glob(".*.tmp")), "no temporary file left"
    assert store.load("20261124T120000Z-aaaaaa") == make_run("20261124T120000Z-aaaaaa")
    assert store.load("20261124T13").run_id == "20261124T130000Z-bbbbbb"
    assert store.load("latest").run_id == "20261124T130000Z-bbbbbb"
    summaries = store.list()
    assert [s.run_id for s in summaries] == ["20261124T130000Z-bbbbbb", "20261124T120000Z-aaaaaa"]
    assert (summaries[0].cases, summaries[0].cases_passed, summaries[0].passed) == (2, 1, False)
    assert summaries[0].suites == ["off-label"]


def test_not_found_messages(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "runs")
    with pytest.raises(RunNotFound, match="no stored eval runs"):
        store.load("latest")
    store.save(make_run("20261124T120000Z-aaaaaa"))
    store.save(make_run("20261124T120000Z-bbbbbb"))
    with pytest.raises(RunNotFound, match="matches 2 runs"):
        store.load("20261124T12")
    with pytest.raises(RunNotFound, match="no eval run 'zzz'"):
        store.load("zzz")
    with pytest.raises(RunNotFound, match="no eval run"):
        store.load("../etc/passwd")


def test_annotations_round_trip_and_replace(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "runs")
    store.save(make_run("r1"))
    first = store.annotate(
        "r1",
        suite="off-label",
        case_id="a",
        verdict=AnnotationVerdict.REJECTED,
        comment="too vague",
        reviewer="mlr-ana",
    )
    store.annotate(
        "r1",
        suite="off-label",
        case_id="a",
        verdict=AnnotationVerdict.ACCEPTED,
        comment="fine on reread",
        reviewer="mlr-ana",
    )
    store.annotate(
        "r1",
        suite="off-label",
        case_id="a",
        verdict=AnnotationVerdict.REJECTED,
        comment="",
        reviewer="mlr-ben",
    )
    run = store.load("r1")
    by = {(a.reviewer, a.case_id): a for a in run.annotations}
    assert len(run.annotations) == 2, "the same reviewer's earlier verdict is replaced"
    assert by[("mlr-ana", "a")].verdict is AnnotationVerdict.ACCEPTED
    assert by[("mlr-ana", "a")].comment == "fine on reread"
    assert by[("mlr-ben", "a")].verdict is AnnotationVerdict.REJECTED
    assert first.created_at.tzinfo is not None
    assert store.list()[0].annotations == 2


def test_annotating_an_unknown_case_is_a_clear_error(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "runs")
    store.save(make_run("r1"))
    with pytest.raises(RunNotFound, match=r"has no case off-label/zz .*off-label/a"):
        store.annotate(
            "r1",
            suite="off-label",
            case_id="zz",
            verdict=AnnotationVerdict.ACCEPTED,
            comment="",
            reviewer="x",
        )
    with pytest.raises(ValueError, match="reviewer name is required"):
        store.annotate(
            "r1",
            suite="off-label",
            case_id="a",
            verdict=AnnotationVerdict.ACCEPTED,
            comment="",
            reviewer=" ",
        )
