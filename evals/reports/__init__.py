"""Reports of an evaluation run: HTML for reviewers, JUnit XML for CI, JSON for tools."""

from evals.reports.html import render_html
from evals.reports.json_report import load_json, render_json
from evals.reports.junit import render_junit
from evals.reports.writer import ReportKind, ReportWriteError, write_report

__all__ = [
    "ReportKind",
    "ReportWriteError",
    "load_json",
    "render_html",
    "render_json",
    "render_junit",
    "write_report",
]
