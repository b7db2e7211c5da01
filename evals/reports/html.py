"""The HTML report: one self-contained file an MLR reviewer can open offline and pass around.

Everything is inline (CSS, SVG chart); there are no scripts and no external URLs, so the file
renders the same from an e-mail attachment as from CI artifacts. Templates live as files under
``templates/`` so that wording and layout can be reviewed without reading Python; autoescaping is
on because every sentence, passage and question in a run is text we did not write.
"""

from __future__ import annotations

import json
from collections import defaultdict

from jinja2 import Environment, PackageLoader, StrictUndefined

from evals.models import Annotation, CaseResult, EvalRun, SuiteResult
from evals.reports.chart import bar_chart
from evals.reports.formatting import (
    VERDICT_LABELS,
    format_duration_ms,
    format_number,
    format_threshold,
    format_time,
    metric_status,
    mode_label,
)

__all__ = ["render_html"]


def _environment() -> Environment:
    """Built per call: rendering is rare and a module-level environment would be hidden state."""
    env = Environment(
        loader=PackageLoader("evals.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        number=format_number,
        threshold=format_threshold,
        status=metric_status,
        time=format_time,
        ms=format_duration_ms,
        verdict_label=lambda verdict: VERDICT_LABELS.get(verdict, str(verdict)),
        pretty_json=lambda value: json.dumps(value, indent=2, ensure_ascii=False, default=str),
    )
    env.globals.update(mode_label=mode_label, bar_chart=bar_chart)
    return env


def _case_status(case: CaseResult) -> str:
    if case.error:
        return "error"
    return "pass" if case.passed else "fail"


def _annotations_by_case(run: EvalRun) -> dict[tuple[str, str], list[Annotation]]:
    found: dict[tuple[str, str], list[Annotation]] = defaultdict(list)
    for note in sorted(run.annotations, key=lambda a: a.created_at):
        found[(note.suite, note.case_id)].append(note)
    return dict(found)


def _counts(suites: list[SuiteResult]) -> dict[str, int]:
    cases = [c for s in suites for c in s.cases]
    statuses = [_case_status(c) for c in cases]
    return {
        "suites": len(suites),
        "cases": len(cases),
        "passed": statuses.count("pass"),
        "failed": statuses.count("fail"),
        "errors": statuses.count("error"),
    }


def render_html(run: EvalRun) -> str:
    """Render ``run`` as one HTML document (a str; see ``write_report`` to save it)."""
    known_cases = {(c.suite, c.case_id) for s in run.suites for c in s.cases}
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            run=run,
            counts=_counts(run.suites),
            suite_counts={s.name: _counts([s]) for s in run.suites},
            annotations=_annotations_by_case(run),
            orphan_annotations=[
                a for a in run.annotations if (a.suite, a.case_id) not in known_cases
            ],
            case_status=_case_status,
        )
    )
