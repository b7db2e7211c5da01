"""How numbers, times and verdicts read in the reports and the run comparison.

One place for these so that the HTML report, its chart and the terminal comparison print the
same metric the same way: a reviewer comparing a screenshot with a terminal must not see 0.95 in
one and 95% in the other.
"""

from __future__ import annotations

from datetime import datetime

from assistant.outputs import Verdict
from evals.models import MetricValue

__all__ = [
    "VERDICT_LABELS",
    "format_delta",
    "format_duration_ms",
    "format_number",
    "format_threshold",
    "format_time",
    "metric_status",
    "mode_label",
]

VERDICT_LABELS = {
    Verdict.SUPPORTED: "supported",
    Verdict.UNSUPPORTED: "unsupported",
    Verdict.INVALID_CITATION: "invalid citation",
    Verdict.UNCITED: "uncited",
}


def format_number(value: float | None, *, short: bool = False) -> str:
    """Scores and rates (0-1) to three decimals; larger values (counts, ms) more coarsely."""
    if value is None:
        return "n/a"
    if short:
        return f"{value:g}"
    if abs(value) <= 1:
        return f"{value:.3f}"
    if abs(value) < 1000:
        return f"{value:.2f}"
    return f"{value:,.0f}"


def format_delta(delta: float | None) -> str:
    """A signed difference, so that a drop is visible even without colour."""
    if delta is None:
        return "n/a"
    if delta == 0:
        return "0"
    return ("+" if delta > 0 else "-") + format_number(abs(delta))


def format_threshold(metric: MetricValue) -> str:
    """The threshold with its direction: a minimum for scores, a maximum for rates of harm."""
    if metric.threshold is None:
        return "no threshold"
    sign = "≥" if metric.higher_is_better else "≤"
    return f"{sign} {format_number(metric.threshold)}"


def metric_status(metric: MetricValue) -> str:
    """pass | fail | none (no threshold) | na (no case applied): a CSS class and a label."""
    if metric.value is None:
        return "na"
    if metric.passed is None:
        return "none"
    return "pass" if metric.passed else "fail"


def format_time(moment: datetime | None) -> str:
    """Seconds precision with an explicit zone, since reviewers sit in several time zones."""
    if moment is None:
        return "n/a"
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    offset = moment.utcoffset()
    if offset is None:
        return text
    if not offset:
        return text + " UTC"
    return text + moment.strftime(" %z")


def format_duration_ms(milliseconds: float) -> str:
    if milliseconds < 1000:
        return f"{milliseconds:.0f} ms"
    return f"{milliseconds / 1000:.2f} s"


def mode_label(provider: str, model: str) -> str:
    """Say plainly whether a language model wrote the text: reviewers judge the two differently."""
    if provider == "extractive":
        return "offline extractive mode (verbatim approved sentences, no language model)"
    return f"model {model} via {provider}"
