"""Comparing two evaluation runs: what got better, what got worse, what appeared or vanished.

Reviewers compare runs when a prompt, a model or the content changes ("did moving from offline
extractive to the hosted model cost us citation precision?"). Suites are matched by name and
cases by id; anything present in only one run is reported rather than silently dropped, because
a case that vanished is as suspicious as one that started failing.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, computed_field

from evals.models import CaseResult, EvalRun, MetricValue, SuiteResult
from evals.reports.formatting import format_delta, format_number, mode_label

__all__ = ["CaseChange", "MetricDelta", "RunComparison", "compare_runs", "render_comparison"]

# Differences smaller than this are float noise from averaging, not a change.
TOLERANCE = 1e-9


class MetricDelta(BaseModel):
    suite: str
    metric: str
    a: float | None
    b: float | None
    delta: float | None = Field(description="b - a, when both runs have a value.")
    a_passed: bool | None
    b_passed: bool | None
    higher_is_better: bool = True
    regressed: bool = Field(description="Moved the wrong way, or fell below its threshold.")
    improved: bool = False
    note: str = Field(default="", description="e.g. 'only in A', 'suite only in B'.")


class CaseChange(BaseModel):
    suite: str
    case_id: str
    a_passed: bool | None
    b_passed: bool | None
    changed_checks: list[str] = Field(
        default_factory=list, description="Checks whose pass/fail differs (absent counts)."
    )
    regressed: bool = Field(default=False, description="Passed in A, fails or errors in B.")
    note: str = Field(default="", description="e.g. 'regressed', 'fixed', 'only in B'.")


class RunComparison(BaseModel):
    run_a: str
    run_b: str
    mode_a: str = Field(description="Which provider/model produced run A, in words.")
    mode_b: str
    a_passed: bool
    b_passed: bool
    metrics: list[MetricDelta]
    changed_cases: list[CaseChange]
    suites_only_in_a: list[str] = Field(default_factory=list)
    suites_only_in_b: list[str] = Field(default_factory=list)
    cases_compared: int = Field(default=0, description="Cases present in both runs.")
    metric_regressions: int = 0
    case_regressions: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def regressed(self) -> bool:
        """Whether B is worse than A anywhere: what a CI gate on the comparison would check."""
        return bool(self.metric_regressions or self.case_regressions)


def _union(first: list[str], second: list[str]) -> list[str]:
    """Names in A's order, then B's new ones: the report reads in the order the suites ran."""
    return list(dict.fromkeys([*first, *second]))


def _one_sided(in_a: bool, suite_in_a: bool, suite_in_b: bool) -> str:
    side = "A" if in_a else "B"
    return f"suite only in {side}" if not (suite_in_a and suite_in_b) else f"only in {side}"


def _metric_delta(
    suite: str, a: MetricValue | None, b: MetricValue | None, note: str
) -> MetricDelta:
    known = b or a
    if known is None:
        raise ValueError(f"metric of suite {suite!r} missing from both runs")
    va = a.value if a else None
    vb = b.value if b else None
    delta = vb - va if va is not None and vb is not None else None
    a_passed = a.passed if a else None
    b_passed = b.passed if b else None
    sign = 1 if known.higher_is_better else -1
    worse = delta is not None and sign * delta < -TOLERANCE
    better = delta is not None and sign * delta > TOLERANCE
    regressed = worse or (a_passed is True and b_passed is False)
    return MetricDelta(
        suite=suite,
        metric=known.name,
        a=va,
        b=vb,
        delta=delta,
        a_passed=a_passed,
        b_passed=b_passed,
        higher_is_better=known.higher_is_better,
        regressed=regressed,
        improved=not regressed and (better or (a_passed is False and b_passed is True)),
        note=note,
    )


def _suite_metrics(name: str, a: SuiteResult | None, b: SuiteResult | None) -> list[MetricDelta]:
    by_a = {m.name: m for m in a.metrics} if a else {}
    by_b = {m.name: m for m in b.metrics} if b else {}
    deltas = []
    for metric in _union(list(by_a), list(by_b)):
        ma, mb = by_a.get(metric), by_b.get(metric)
        note = "" if ma and mb else _one_sided(mb is None, a is not None, b is not None)
        deltas.append(_metric_delta(name, ma, mb, note))
    return deltas


def _check_outcomes(case: CaseResult) -> dict[str, bool]:
    """A check name may repeat (one must_cite per document): it passes only if all do."""
    outcomes: dict[str, bool] = {}
    for check in case.checks:
        outcomes[check.name] = outcomes.get(check.name, True) and check.passed
    return outcomes


def _case_change(suite: str, a: CaseResult, b: CaseResult) -> CaseChange | None:
    """None when nothing a reviewer would care about changed."""
    checks_a, checks_b = _check_outcomes(a), _check_outcomes(b)
    changed = [
        n for n in _union(list(checks_a), list(checks_b)) if checks_a.get(n) != checks_b.get(n)
    ]
    if a.passed == b.passed and not changed and bool(a.error) == bool(b.error):
        return None
    if a.passed and not b.passed:
        note = "regressed (errored in B)" if b.error else "regressed"
    elif b.passed and not a.passed:
        note = "fixed"
    elif bool(a.error) != bool(b.error):
        note = "errored in B" if b.error else "no longer errors"
    else:
        note = "checks changed"
    return CaseChange(
        suite=suite,
        case_id=a.case_id,
        a_passed=a.passed,
        b_passed=b.passed,
        changed_checks=changed,
        regressed=a.passed and not b.passed,
        note=note,
    )


def _suite_cases(name: str, a: SuiteResult | None, b: SuiteResult | None) -> list[CaseChange]:
    by_a = {c.case_id: c for c in a.cases} if a else {}
    by_b = {c.case_id: c for c in b.cases} if b else {}
    changes = []
    for case_id in _union(list(by_a), list(by_b)):
        ca, cb = by_a.get(case_id), by_b.get(case_id)
        if ca and cb:
            change = _case_change(name, ca, cb)
            if change:
                changes.append(change)
            continue
        changes.append(
            CaseChange(
                suite=name,
                case_id=case_id,
                a_passed=ca.passed if ca else None,
                b_passed=cb.passed if cb else None,
                note=_one_sided(cb is None, a is not None, b is not None),
            )
        )
    return changes


def compare_runs(a: EvalRun, b: EvalRun) -> RunComparison:
    """Compare run ``b`` against the baseline ``a``: metric deltas and the cases that changed."""
    suites_a = {s.name: s for s in a.suites}
    suites_b = {s.name: s for s in b.suites}
    metrics: list[MetricDelta] = []
    changes: list[CaseChange] = []
    for name in _union(list(suites_a), list(suites_b)):
        metrics += _suite_metrics(name, suites_a.get(name), suites_b.get(name))
        changes += _suite_cases(name, suites_a.get(name), suites_b.get(name))
    shared = {(s, c.case_id) for s in suites_a for c in suites_a[s].cases}
    shared &= {(s, c.case_id) for s in suites_b for c in suites_b[s].cases}
    return RunComparison(
        run_a=a.run_id,
        run_b=b.run_id,
        mode_a=mode_label(a.provider, a.model),
        mode_b=mode_label(b.provider, b.model),
        a_passed=a.passed,
        b_passed=b.passed,
        metrics=metrics,
        changed_cases=changes,
        suites_only_in_a=[n for n in suites_a if n not in suites_b],
        suites_only_in_b=[n for n in suites_b if n not in suites_a],
        cases_compared=len(shared),
        metric_regressions=sum(m.regressed for m in metrics),
        case_regressions=sum(c.regressed for c in changes),
    )


def _verdict(passed: bool | None) -> str:
    return {True: "pass", False: "FAIL", None: "-"}[passed]


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """Fixed-width columns; numbers right-aligned so that decimals line up."""
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        padded = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def _metric_change(m: MetricDelta) -> str:
    words = ["REGRESSED" if m.regressed else "improved" if m.improved else ""]
    if m.note:
        words.append(m.note)
    return ", ".join(w for w in words if w)


def render_comparison(cmp: RunComparison) -> str:
    """A plain-text report for the terminal: both runs, every metric's delta, changed cases."""
    lines = [
        f"A: {cmp.run_a}  [{'PASS' if cmp.a_passed else 'FAIL'}]  {cmp.mode_a}",
        f"B: {cmp.run_b}  [{'PASS' if cmp.b_passed else 'FAIL'}]  {cmp.mode_b}",
        "",
        "Metrics (delta = B - A)",
    ]
    if cmp.metrics:
        rows = [
            [
                m.suite,
                m.metric + ("" if m.higher_is_better else " (lower is better)"),
                format_number(m.a),
                format_number(m.b),
                format_delta(m.delta),
                _verdict(m.a_passed),
                _verdict(m.b_passed),
                _metric_change(m),
            ]
            for m in cmp.metrics
        ]
        headers = ["suite", "metric", "A", "B", "delta", "result A", "result B", "change"]
        lines += _table(headers, rows, right={2, 3, 4})
    else:
        lines.append("(no metrics in either run)")
    lines += [
        "",
        f"Changed cases ({len(cmp.changed_cases)}; {cmp.cases_compared} present in both runs)",
    ]
    if cmp.changed_cases:
        rows = [
            [
                c.suite,
                c.case_id,
                _verdict(c.a_passed),
                _verdict(c.b_passed),
                ", ".join(c.changed_checks) or "-",
                c.note,
            ]
            for c in cmp.changed_cases
        ]
        lines += _table(["suite", "case", "A", "B", "changed checks", "note"], rows, right=set())
    else:
        lines.append("(none)")
    lines += ["", _summary(cmp)]
    return "\n".join(lines) + "\n"


def _summary(cmp: RunComparison) -> str:
    improved = sum(m.improved for m in cmp.metrics)
    fixed = sum(c.note == "fixed" for c in cmp.changed_cases)
    parts = [
        f"{cmp.metric_regressions} metric regression(s), {improved} improved",
        f"{cmp.case_regressions} case regression(s), {fixed} fixed",
    ]
    if cmp.suites_only_in_a:
        parts.append("suites only in A: " + ", ".join(cmp.suites_only_in_a))
    if cmp.suites_only_in_b:
        parts.append("suites only in B: " + ", ".join(cmp.suites_only_in_b))
    verdict = "B REGRESSED against A" if cmp.regressed else "no regression"
    return f"Summary: {verdict}; " + "; ".join(parts) + "."
