"""MLR reviewer commands: run evaluation suites, list and show runs, compare, annotate.

Exit codes of ``evals run``: 0 every threshold passed, 1 a threshold or case failed, 2 a usage or
configuration error (a bad suite file: the message names the file and the field).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.cli.common import console, errors, fail, settings_of
from assistant.runtime import ConfigurationError
from evals.models import AnnotationVerdict, EvalRun
from evals.runner import ProgressEvent, run_suites
from evals.store import RunNotFound, RunStore
from evals.suites import SuiteError, resolve_suites, shipped_suites
from knowledge_base.errors import KnowledgeBaseError
from knowledge_base.offline_assets import OfflineAssetError
from prompts.loader import PromptError

__all__ = ["evals_app"]

evals_app = typer.Typer(help="Evaluation suites for MLR reviewers: run, list, show, compare.")


def _value(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _verdict(passed: bool | None) -> str:
    return {True: "[green]pass[/]", False: "[bold red]FAIL[/]", None: "—"}[passed]


def _print_run(run: EvalRun, *, cases: bool = False) -> None:
    for suite in run.suites:
        table = Table(title=f"{suite.name} ({suite.workflow}, {len(suite.cases)} cases)")
        for column in ("metric", "value", "threshold", ""):
            table.add_column(column)
        for metric in suite.metrics:
            bound = "" if metric.threshold is None else ("≥ " if metric.higher_is_better else "≤ ")
            threshold = "" if metric.threshold is None else f"{bound}{metric.threshold:g}"
            table.add_row(metric.name, _value(metric.value), threshold, _verdict(metric.passed))
        console.print(table)
        failed = [c for c in suite.cases if not c.passed]
        for case in suite.cases if cases else failed:
            problems = [f"{c.name}: {c.detail}" for c in case.checks if not c.passed]
            if case.error:
                problems.insert(0, f"error: {case.error}")
            status = "pass" if case.passed else "FAIL"
            console.print(
                f"  {status} {suite.name}/{case.case_id} ({case.duration_ms:.0f} ms)"
                + "".join(f"\n      {p}" for p in problems),
                highlight=False,
            )
    total = sum(len(s.cases) for s in run.suites)
    passed = sum(c.passed for s in run.suites for c in s.cases)
    console.print(
        f"run {run.run_id}: {_verdict(run.passed)}, {passed}/{total} cases passed, "
        f"{run.duration_s:.1f} s ({run.provider}/{run.model})"
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    console.print(f"wrote {path}")


@evals_app.command("run")
def run(
    ctx: typer.Context,
    suites: Annotated[
        list[str], typer.Argument(help="Suite files, shipped suite names, or 'all'.")
    ],
    report: Annotated[Path | None, typer.Option(help="Write an HTML report here.")] = None,
    junit: Annotated[Path | None, typer.Option(help="Write a JUnit XML report here.")] = None,
    as_json: Annotated[
        Path | None, typer.Option("--json", help="Write the run as a JSON report here.")
    ] = None,
    user: Annotated[str, typer.Option(help="Who runs it (recorded in the audit log).")] = "evals",
) -> None:
    """Run suites on the configured provider; exit 1 when a threshold or case fails."""
    settings = settings_of(ctx)
    try:
        resolved = resolve_suites(suites)
    except SuiteError as error:
        raise fail(str(error)) from error
    total = sum(len(s.cases) for s in resolved)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=errors, transient=True) as bar:
        task = bar.add_task("evals", total=total)

        def progress(event: ProgressEvent) -> None:
            bar.update(task, completed=event.done, description=f"{event.suite}/{event.case_id}")

        try:
            result = run_suites(resolved, settings, progress=progress, user=user)
        except (
            SuiteError,
            ConfigurationError,
            OfflineAssetError,
            PromptError,
            KnowledgeBaseError,
        ) as error:
            raise fail(str(error)) from error
    path = RunStore.for_settings(settings).save(result)
    _print_run(result)
    console.print(f"stored: {path}")
    if report or junit or as_json:
        # The renderers live in evals.reports; imported here so `evals list` never needs them.
        from evals.reports import render_html, render_json, render_junit

        renderers = ((report, render_html), (junit, render_junit), (as_json, render_json))
        for target, render in renderers:
            if target is not None:
                _write(target, render(result))
    if not result.passed:
        raise typer.Exit(1)


@evals_app.command("list")
def list_runs(
    ctx: typer.Context,
    suites: Annotated[
        bool, typer.Option("--suites", help="List the shipped suites instead of runs.")
    ] = False,
) -> None:
    """Stored runs, newest first (or the shipped suites with --suites)."""
    if suites:
        for path in shipped_suites():
            console.print(f"{path.stem}  {path}", highlight=False)
        return
    table = Table(title="Eval runs")
    for column in ("run", "started", "provider/model", "suites", "cases", "annotations", ""):
        table.add_column(column)
    for summary in RunStore.for_settings(settings_of(ctx)).list():
        table.add_row(
            summary.run_id,
            f"{summary.started_at:%Y-%m-%d %H:%M}",
            f"{summary.provider}/{summary.model}",
            ", ".join(summary.suites),
            f"{summary.cases_passed}/{summary.cases}",
            str(summary.annotations),
            _verdict(summary.passed),
        )
    console.print(table)


@evals_app.command("show")
def show(
    ctx: typer.Context,
    run_id: Annotated[str, typer.Argument(help="Run id, a unique prefix, or 'latest'.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the stored run as JSON.")] = False,
) -> None:
    """One run: every suite's metrics against thresholds, and each case's verdict."""
    try:
        stored = RunStore.for_settings(settings_of(ctx)).load(run_id)
    except RunNotFound as error:
        raise fail(str(error)) from error
    if as_json:
        typer.echo(stored.model_dump_json(indent=2))
        return
    _print_run(stored, cases=True)
    for a in stored.annotations:
        console.print(
            f"  {a.verdict.value} {a.suite}/{a.case_id} by {a.reviewer}: {a.comment}",
            highlight=False,
        )


@evals_app.command("compare")
def compare(
    ctx: typer.Context,
    run_a: Annotated[str, typer.Argument(help="The earlier run (id, prefix or 'latest').")],
    run_b: Annotated[str, typer.Argument(help="The later run.")],
) -> None:
    """Metric deltas between two runs, and the cases whose verdict changed."""
    store = RunStore.for_settings(settings_of(ctx))
    try:
        a, b = store.load(run_a), store.load(run_b)
    except RunNotFound as error:
        raise fail(str(error)) from error
    from evals.compare import compare_runs, render_comparison

    typer.echo(render_comparison(compare_runs(a, b)))


@evals_app.command("annotate")
def annotate(
    ctx: typer.Context,
    run_id: Annotated[str, typer.Argument(help="Run id, a unique prefix, or 'latest'.")],
    suite: Annotated[str, typer.Argument(help="Suite name.")],
    case: Annotated[str, typer.Argument(help="Case id.")],
    accept: Annotated[bool, typer.Option("--accept", help="The output is acceptable.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="The output is not acceptable.")] = False,
    comment: Annotated[str, typer.Option(help="Why (stored with the run).")] = "",
    reviewer: Annotated[str, typer.Option(help="Who judges (required).")] = "",
) -> None:
    """Record a reviewer's verdict on one case's output, stored with the run."""
    if accept == reject:
        raise fail("give exactly one of --accept or --reject")
    if not reviewer.strip():
        raise fail("--reviewer is required: annotations must be attributable")
    verdict = AnnotationVerdict.ACCEPTED if accept else AnnotationVerdict.REJECTED
    try:
        saved = RunStore.for_settings(settings_of(ctx)).annotate(
            run_id, suite=suite, case_id=case, verdict=verdict, comment=comment, reviewer=reviewer
        )
    except RunNotFound as error:
        raise fail(str(error)) from error
    console.print(f"{saved.verdict.value}: {saved.suite}/{saved.case_id} by {saved.reviewer}")
