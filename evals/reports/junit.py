"""JUnit XML, so that CI (GitLab, Jenkins, GitHub) shows eval failures like test failures.

One ``<testsuite>`` per eval suite; one ``<testcase>`` per case, plus one per metric threshold
(``metric:<name>``), because a suite can fail on an aggregate even when every case passes and CI
must show why. Built with ``xml.etree`` so that escaping is not our problem; characters XML 1.0
cannot carry at all (control characters in model output) are dropped first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from evals.models import CaseResult, EvalRun, MetricValue, SuiteResult
from evals.reports.formatting import format_number, format_threshold

__all__ = ["render_junit"]

# Everything outside the XML 1.0 Char production; ElementTree would write it and break parsers.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC without an offset: the form JUnit consumers (Jenkins, GitLab) parse."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.replace(microsecond=0, tzinfo=None).isoformat()


def _seconds(value: float) -> str:
    return f"{max(value, 0.0):.3f}"


def _case_element(case: CaseResult) -> tuple[ET.Element, str]:
    """The testcase and its outcome: passed | failure | error."""
    element = ET.Element(
        "testcase",
        classname=_clean(f"evals.{case.suite}"),
        name=_clean(case.case_id),
        time=_seconds(case.duration_ms / 1000),
    )
    failed = [check for check in case.checks if not check.passed]
    if case.error:
        error = ET.SubElement(
            element, "error", message=_clean(case.error.splitlines()[0][:500]), type="CaseError"
        )
        error.text = _clean(case.error)
        outcome = "error"
    elif not case.passed:  # the runner's verdict is the authority; checks explain it
        names = ", ".join(check.name for check in failed) or "the case did not pass"
        failure = ET.SubElement(
            element, "failure", message=_clean(f"failed checks: {names}"), type="CheckFailure"
        )
        failure.text = _clean(
            "\n".join(f"{c.name}: {c.detail}" if c.detail else c.name for c in failed)
        )
        outcome = "failure"
    else:
        outcome = "passed"
    out = [f"audit_id: {case.audit_id or 'none'}"]
    if case.passed and failed:
        out.append("non-blocking failed checks: " + ", ".join(c.name for c in failed))
    out += [f"{name}: {format_number(value)}" for name, value in sorted(case.metrics.items())]
    ET.SubElement(element, "system-out").text = _clean("\n".join(out))
    return element, outcome


def _metric_element(suite: SuiteResult, metric: MetricValue) -> tuple[ET.Element, str]:
    """A threshold as a test: failing below it, skipped when no case applied."""
    element = ET.Element(
        "testcase",
        classname=_clean(f"evals.{suite.name}"),
        name=_clean(f"metric:{metric.name}"),
        time="0.000",
    )
    summary = (
        f"{metric.name} = {format_number(metric.value)} (threshold {format_threshold(metric)})"
    )
    if metric.value is None or metric.passed is None:
        why = "no applicable case" if metric.value is None else "not judged"
        ET.SubElement(element, "skipped", message=_clean(f"{summary}: {why}"))
        return element, "skipped"
    if not metric.passed:
        failure = ET.SubElement(element, "failure", message=_clean(summary), type="ThresholdNotMet")
        failure.text = _clean(
            f"{summary}\nnumerator {metric.numerator:g} / denominator {metric.denominator:g}"
        )
        return element, "failure"
    ET.SubElement(element, "system-out").text = _clean(summary)
    return element, "passed"


def _suite_element(run: EvalRun, suite: SuiteResult) -> ET.Element:
    results = [_case_element(case) for case in suite.cases]
    results += [_metric_element(suite, m) for m in suite.metrics if m.threshold is not None]
    outcomes = [outcome for _, outcome in results]
    duration = suite.duration_s or sum(case.duration_ms for case in suite.cases) / 1000
    element = ET.Element(
        "testsuite",
        name=_clean(suite.name),
        tests=str(len(results)),
        failures=str(outcomes.count("failure")),
        errors=str(outcomes.count("error")),
        skipped=str(outcomes.count("skipped")),
        time=_seconds(duration),
        timestamp=_timestamp(run.started_at),
    )
    properties = ET.SubElement(element, "properties")
    for name, value in (
        ("run_id", run.run_id),
        ("provider", run.provider),
        ("model", run.model),
        ("workflow", suite.workflow),
        ("path", suite.path),
    ):
        ET.SubElement(properties, "property", name=name, value=_clean(value))
    element.extend(testcase for testcase, _ in results)
    return element


def render_junit(run: EvalRun) -> str:
    """Render ``run`` as a JUnit XML document (with declaration, UTF-8)."""
    root = ET.Element("testsuites", name=f"medbrief-evals {run.run_id}")
    suites = [_suite_element(run, suite) for suite in run.suites]
    for attribute in ("tests", "failures", "errors", "skipped"):
        root.set(attribute, str(sum(int(s.get(attribute, "0")) for s in suites)))
    root.set("time", _seconds(run.duration_s))
    root.set("timestamp", _timestamp(run.started_at))
    root.extend(suites)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
