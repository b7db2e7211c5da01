"""Evaluation suites for MLR reviewers: YAML suites run through the real workflows, scored with
deterministic metrics (groundedness, ALCE citation recall/precision, citation validity,
expectations, compliance), stored as runs that reviewers annotate. See docs/evals.md."""

from evals.models import (
    Annotation,
    AnnotationVerdict,
    Case,
    CaseResult,
    EvalRun,
    MetricValue,
    Suite,
    SuiteResult,
)
from evals.runner import ProgressEvent, run_suites
from evals.store import RunNotFound, RunStore, RunSummary
from evals.suites import SuiteError, load_suite, resolve_suites, shipped_suites

__all__ = [
    "Annotation",
    "AnnotationVerdict",
    "Case",
    "CaseResult",
    "EvalRun",
    "MetricValue",
    "ProgressEvent",
    "RunNotFound",
    "RunStore",
    "RunSummary",
    "Suite",
    "SuiteError",
    "SuiteResult",
    "load_suite",
    "resolve_suites",
    "run_suites",
    "shipped_suites",
]
