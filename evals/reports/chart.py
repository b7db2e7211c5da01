"""Geometry of the metric bar chart in the HTML report.

The report must open offline and be mailed around as one file, so the chart is inline SVG drawn
by a template rather than a charting library or a CDN script. This module does the arithmetic
(scale, bar lengths, threshold markers, ticks) and leaves the markup, and therefore the escaping
of metric names, to the autoescaping template.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from evals.models import MetricValue
from evals.reports.formatting import format_number, format_threshold, metric_status

__all__ = ["Bar", "BarChart", "Tick", "bar_chart"]

ROW_HEIGHT = 28
BAR_HEIGHT = 14
PLOT_WIDTH = 440
VALUE_WIDTH = 150
TOP = 30
BOTTOM = 26
CHAR_WIDTH = 7.2  # approximate width of a 12px sans-serif character, for the label column


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    width: float
    threshold_x: float | None
    status: str  # pass | fail | none (no threshold) | na (no value)
    value_text: str
    threshold_text: str
    higher_is_better: bool


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    label_width: float
    plot_width: float
    bar_height: float
    top: float
    bars: list[Bar]
    ticks: list[Tick]


def _scale_max(metrics: list[MetricValue]) -> float:
    """Scores and rates share a 0-1 axis; anything larger (counts, ms) gets a round maximum."""
    values = [abs(v) for m in metrics for v in (m.value, m.threshold) if v is not None]
    top = max(values, default=0.0)
    if top <= 1.0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(top))
    for step in (1, 2, 2.5, 5, 10):
        if top <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _x(value: float, scale: float) -> float:
    return round(max(0.0, min(value, scale)) / scale * PLOT_WIDTH, 1)


def bar_chart(metrics: list[MetricValue]) -> BarChart | None:
    """Lay out one horizontal bar per metric with its threshold marked; None when no metrics."""
    if not metrics:
        return None
    scale = _scale_max(metrics)
    longest = max(len(m.name) for m in metrics)
    label_width = min(max(110.0, longest * CHAR_WIDTH + 16), 280.0)
    bars = [
        Bar(
            label=m.name,
            y=TOP + i * ROW_HEIGHT,
            width=_x(m.value, scale) if m.value is not None else 0.0,
            threshold_x=_x(m.threshold, scale) if m.threshold is not None else None,
            status=metric_status(m),
            value_text=format_number(m.value),
            threshold_text=format_threshold(m),
            higher_is_better=m.higher_is_better,
        )
        for i, m in enumerate(metrics)
    ]
    ticks = [
        Tick(x=round(PLOT_WIDTH * k / 4, 1), label=format_number(scale * k / 4, short=True))
        for k in range(5)
    ]
    return BarChart(
        width=label_width + PLOT_WIDTH + VALUE_WIDTH,
        height=TOP + len(metrics) * ROW_HEIGHT + BOTTOM,
        label_width=label_width,
        plot_width=PLOT_WIDTH,
        bar_height=BAR_HEIGHT,
        top=TOP,
        bars=bars,
        ticks=ticks,
    )
