"""Reports (HTML, JUnit, JSON), their writer, and run comparison, on hand-built runs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.outputs import Citation, GenerationInfo, GuardrailFlag, Sentence, Verdict
from evals.compare import compare_runs, render_comparison
from evals.models import (
    Annotation,
    AnnotationVerdict,
    CaseInputs,
    CaseResult,
    CheckResult,
    EvalRun,
    MetricValue,
    Passage,
    SuiteResult,
)
from evals.reports import (
    ReportWriteError,
    load_json,
    render_html,
    render_json,
    render_junit,
    write_report,
)
from evals.reports.chart import PLOT_WIDTH, bar_chart
from knowledge_base.models import Role

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
WHEN = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


# --- a small factory -------------------------------------------------------------------------


def _passage(chunk_id: str, text: str, code: str = "ONC-US-2026-0142") -> Passage:
    return Passage(
        chunk_id=chunk_id,
        doc_id="zelvora-pi",
        version="3",
        approval_code=code,
        title="Zelvora (zelvorinib) Prescribing Information",
        section="Dosage and Administration",
        text=text,
    )


def _cite(source: int, passage: Passage, verdict: Verdict = Verdict.SUPPORTED) -> Citation:
    return Citation(
        source=source,
        doc_id=passage.doc_id,
        version=passage.version,
        approval_code=passage.approval_code,
        title=passage.title,
        section=passage.section,
        chunk_id=passage.chunk_id,
        char_start=1200,
        char_end=1200 + len(passage.text),
        verdict=verdict,
        support_score=0.91 if verdict == Verdict.SUPPORTED else 0.12,
    )


def _sentence(text: str, citations: list[Citation], verdict: Verdict, shown: bool) -> Sentence:
    return Sentence(
        text=text,
        citations=citations,
        verdict=verdict,
        shown=shown,
        reasons=[] if shown else ["no cited passage supports the claim"],
    )


def _generation(provider: str = "extractive", model: str = "extractive") -> GenerationInfo:
    return GenerationInfo(
        provider=provider,
        model=model,
        prompt_id="chat",
        prompt_version="1",
        prompt_sha256="ab12" * 16,
        today=WHEN.date(),
    )


def _case(suite: str, case_id: str, *, passed: bool = True, **fields: object) -> CaseResult:
    defaults: dict[str, object] = {
        "workflow": "ask",
        "inputs": CaseInputs(role=Role.REP, hcp_id="HCP-001", question="What is the dose?"),
        "checks": [CheckResult(name="must_cite", passed=True, detail="cited zelvora-pi")],
        "audit_id": f"aud-{case_id}",
        "duration_ms": 142.0,
    }
    defaults.update(fields)
    return CaseResult(suite=suite, case_id=case_id, passed=passed, **defaults)  # type: ignore[arg-type]


def _metric(
    name: str, value: float | None, threshold: float | None, *, higher: bool = True
) -> MetricValue:
    passed = None
    if value is not None and threshold is not None:
        passed = value >= threshold if higher else value <= threshold
    return MetricValue(
        name=name,
        value=value,
        numerator=(value or 0) * 10,
        denominator=10 if value is not None else 0,
        threshold=threshold,
        higher_is_better=higher,
        passed=passed,
    )


def _ask_suite() -> SuiteResult:
    dose = _passage("zelvora-pi-0007", "The recommended dose is 40 mg orally once daily.")
    hepatic = _passage(
        "zelvora-pi-0012", "Reduce the dose to 20 mg in moderate hepatic impairment."
    )
    good = _case(
        "ask-grounding",
        "dose-001",
        description="Standard dosing question",
        sentences=[
            _sentence(dose.text, [_cite(1, dose)], Verdict.SUPPORTED, True),
            _sentence(hepatic.text, [_cite(2, hepatic)], Verdict.SUPPORTED, True),
            _sentence(
                "Zelvora is well tolerated in all patients.",
                [_cite(1, dose, Verdict.UNSUPPORTED)],
                Verdict.UNSUPPORTED,
                False,
            ),
        ],
        passages={p.chunk_id: p for p in (dose, hepatic)},
        metrics={"citation_precision": 1.0, "unsupported_rate": 0.0},
        generation=_generation(),
    )
    refused = _case(
        "ask-grounding",
        "offlabel-002",
        description="Off-label pediatric question is refused",
        inputs=CaseInputs(role=Role.REP, question="Can I use it in children?"),
        refused=True,
        output={"reason": "off_label", "message": "Submit a medical information request."},
        checks=[CheckResult(name="must_refuse", passed=True)],
    )
    bad = _case(
        "ask-grounding",
        "superlative-003",
        passed=False,
        description="Superlative must not reach the rep",
        sentences=[
            _sentence(HOSTILE, [], Verdict.UNCITED, True),
            _sentence("Zelvora is the best option.", [], Verdict.UNCITED, False),
        ],
        flags=[GuardrailFlag(kind="superlative", detail="best")],
        checks=[
            CheckResult(name="must_cite", passed=False, detail="zelvora-pi/dosage not cited"),
            CheckResult(name="must_not_mention", passed=True),
        ],
    )
    broken = _case(
        "ask-grounding",
        "timeout-004",
        passed=False,
        error="TimeoutError: model did not answer in 30 s",
        checks=[],
    )
    return SuiteResult(
        name="ask-grounding",
        description="Rep questions are answered only from approved passages.",
        workflow="ask",
        path="evals/suites/ask-grounding.yaml",
        metrics=[
            _metric("citation_precision", 0.92, 0.9),
            _metric("unsupported_rate", 0.08, 0.05, higher=False),
            _metric("refusal_accuracy", 1.0, 1.0),
            _metric("answer_coverage", 0.7, None),
            _metric("safety_recall", None, 0.95),
        ],
        cases=[good, refused, bad, broken],
        passed=False,
        duration_s=2.5,
    )


def _brief_suite() -> SuiteResult:
    box = _passage(
        "zelvora-pi-0001", "WARNING: HEPATOTOXICITY. Monitor liver tests.", "ONC-US-26-9"
    )
    case = _case(
        "brief-safety",
        "isi-001",
        workflow="brief",
        inputs=CaseInputs(role=Role.REP, hcp_id="HCP-002"),
        sentences=[_sentence(box.text, [_cite(1, box)], Verdict.SUPPORTED, True)],
        passages={box.chunk_id: box},
        checks=[CheckResult(name="must_include_safety", passed=True)],
    )
    return SuiteResult(
        name="brief-safety",
        description="Briefings carry the boxed warning.",
        workflow="brief",
        path="evals/suites/brief-safety.yaml",
        metrics=[_metric("safety_presence", 1.0, 1.0)],
        cases=[case],
        passed=True,
        duration_s=0.8,
    )


def make_run(run_id: str = "run-2026-11-24-a", **fields: object) -> EvalRun:
    defaults: dict[str, object] = {
        "started_at": WHEN,
        "finished_at": WHEN.replace(minute=31),
        "provider": "extractive",
        "model": "extractive",
        "prompts": {"chat": "1", "brief": "2"},
        "settings": {"llm_provider": "extractive", "top_k": 6},
        "suites": [_ask_suite(), _brief_suite()],
        "annotations": [
            Annotation(
                suite="ask-grounding",
                case_id="superlative-003",
                verdict=AnnotationVerdict.REJECTED,
                comment="Superlative slipped through.",
                reviewer="mlr.jane",
                created_at=WHEN,
            )
        ],
        "passed": False,
        "duration_s": 3.3,
    }
    defaults.update(fields)
    return EvalRun(run_id=run_id, **defaults)  # type: ignore[arg-type]


# --- HTML -------------------------------------------------------------------------------------


def test_html_header_states_run_mode_prompts_and_verdict() -> None:
    html = render_html(make_run())
    assert "run-2026-11-24-a" in html
    assert "offline extractive mode" in html
    assert "chat v1" in html and "brief v2" in html
    assert 'class="verdict-big fail">FAIL<' in html
    assert "2026-11-24 09:30:00 UTC" in html


def test_html_names_a_hosted_model() -> None:
    html = render_html(make_run(provider="openai", model="gpt-4o-mini", judge="gpt-4o"))
    assert "model gpt-4o-mini via openai" in html
    assert "offline extractive mode" not in html.split("</header>")[0]
    assert "gpt-4o" in html


def test_html_has_metric_rows_with_thresholds_and_results() -> None:
    html = render_html(make_run())
    rows = re.findall(r'<tr class="metric-row (\w+)">\s*<td>([\w_]+)', html)
    assert ("pass", "citation_precision") in rows
    assert ("fail", "unsupported_rate") in rows
    assert ("none", "answer_coverage") in rows
    assert ("na", "safety_recall") in rows
    assert "≥ 0.900" in html and "≤ 0.050" in html
    assert "(lower is better)" in html


def test_html_chart_is_valid_svg_with_a_bar_and_threshold_per_metric() -> None:
    html = render_html(make_run())
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(svgs) == 2  # one per suite
    svg = ET.fromstring(svgs[0])
    bars = [g for g in svg.iter("g") if "bar" in g.get("class", "").split()]
    assert len(bars) == 5
    assert sum(1 for _ in svg.iter("line") if _.get("class") == "threshold") == 4
    labels = [t.text for t in svg.iter("text") if t.get("class") == "label"]
    assert "unsupported_rate" in labels


def test_html_shows_sentences_citations_and_passages() -> None:
    html = render_html(make_run())
    assert "The recommended dose is 40 mg orally once daily." in html
    assert "ONC-US-2026-0142" in html
    assert "zelvora-pi</code> v3 · Dosage and Administration" in html
    assert html.count('<details class="cite') == 4
    assert '<del class="stext">Zelvora is well tolerated in all patients.</del>' in html
    assert 'class="removed-tag">removed<' in html
    for label in ("supported", "unsupported", "uncited"):
        assert f'class="vtag v-{label}">{label}<' in html


def test_html_shows_inputs_checks_flags_errors_and_annotations() -> None:
    html = render_html(make_run())
    assert "What is the dose?" in html and "HCP-001" in html
    assert "<strong>must_cite</strong> — zelvora-pi/dosage not cited" in html
    assert "⚑ superlative: best" in html
    assert "TimeoutError: model did not answer in 30 s" in html
    assert "aud-dose-001" in html and "142 ms" in html
    assert "mlr.jane" in html and "Superlative slipped through." in html
    assert "Submit a medical information request." in html
    # Failing and erroring cases are open; passing ones are collapsed.
    assert 'class="case fail" id="case-ask-grounding-superlative-003" open>' in html
    assert 'class="case error" id="case-ask-grounding-timeout-004" open>' in html
    assert 'class="case pass" id="case-ask-grounding-dose-001">' in html


def test_html_escapes_model_and_user_text() -> None:
    run = make_run()
    run.suites[0].cases[0].inputs.question = "</dd><img src=x onerror=alert(1)>"
    html = render_html(run)
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_html_is_self_contained() -> None:
    html = render_html(make_run())
    for forbidden in ("http://", "https://", "<link", "<script", " src=", "url(", "@import"):
        assert forbidden not in html
    assert "<style>" in html


def test_html_of_a_run_without_suites() -> None:
    html = render_html(make_run(suites=[], annotations=[]))
    assert "This run has no suites." in html
    assert "<svg" not in html


def test_html_keeps_annotations_of_unknown_cases() -> None:
    run = make_run()
    run.annotations[0].case_id = "gone-999"
    assert "gone-999" in render_html(run)


def test_chart_geometry() -> None:
    chart = bar_chart([_metric("a", 0.5, 0.75), _metric("b", None, 0.9)])
    assert chart is not None
    assert chart.bars[0].width == PLOT_WIDTH / 2
    assert chart.bars[0].threshold_x == PLOT_WIDTH * 0.75
    assert chart.bars[0].status == "fail" and chart.bars[1].status == "na"
    assert [t.label for t in chart.ticks] == ["0", "0.25", "0.5", "0.75", "1"]
    big = bar_chart([_metric("latency_ms", 1300.0, 2000.0, higher=False)])
    assert big is not None and big.ticks[-1].label == "2000"
    assert big.bars[0].width == PLOT_WIDTH * 1300 / 2000
    assert bar_chart([]) is None


# --- JUnit ------------------------------------------------------------------------------------


def _junit(run: EvalRun) -> ET.Element:
    return ET.fromstring(render_junit(run).encode())


def test_junit_parses_with_correct_counts() -> None:
    root = _junit(make_run())
    assert root.tag == "testsuites"
    ask, brief = root.findall("testsuite")
    assert ask.get("name") == "ask-grounding" and brief.get("name") == "brief-safety"
    # 4 cases + 4 metrics with a threshold (answer_coverage has none).
    assert ask.get("tests") == "8"
    assert ask.get("failures") == "2"  # superlative-003, metric:unsupported_rate
    assert ask.get("errors") == "1"  # timeout-004
    assert ask.get("skipped") == "1"  # metric:safety_recall had no applicable case
    assert ask.get("time") == "2.500"
    assert len(ask.findall("testcase")) == 8
    assert brief.get("tests") == "2" and brief.get("failures") == "0"
    for attribute in ("tests", "failures", "errors", "skipped"):
        total = sum(int(s.get(attribute, "0")) for s in (ask, brief))
        assert root.get(attribute) == str(total)
    assert root.get("time") == "3.300"
    assert ask.get("timestamp") == "2026-11-24T09:30:00"


def test_junit_testcases_describe_failures_errors_and_thresholds() -> None:
    ask = _junit(make_run()).findall("testsuite")[0]
    cases = {c.get("name"): c for c in ask.findall("testcase")}
    assert {c.get("classname") for c in cases.values()} == {"evals.ask-grounding"}
    assert cases["dose-001"].find("failure") is None
    assert cases["dose-001"].get("time") == "0.142"
    failure = cases["superlative-003"].find("failure")
    assert failure is not None and failure.get("message") == "failed checks: must_cite"
    assert "zelvora-pi/dosage not cited" in (failure.text or "")
    error = cases["timeout-004"].find("error")
    assert error is not None and "TimeoutError" in (error.get("message") or "")
    metric = cases["metric:unsupported_rate"].find("failure")
    assert metric is not None and "0.080" in (metric.get("message") or "")
    assert cases["metric:citation_precision"].find("failure") is None
    assert cases["metric:safety_recall"].find("skipped") is not None
    assert "metric:answer_coverage" not in cases


def test_junit_survives_hostile_text_and_control_characters() -> None:
    run = make_run()
    bad = run.suites[0].cases[2]
    bad.checks[0].detail = 'cites <"x"> & \x00\x07 \x1b[31m'
    root = _junit(run)
    failure = root.find(".//testcase[@name='superlative-003']/failure")
    assert failure is not None and 'cites <"x"> & ' in (failure.text or "")


# --- JSON and writing -------------------------------------------------------------------------


def test_json_round_trips_and_is_stable() -> None:
    run = make_run()
    text = render_json(run)
    assert load_json(text) == run
    assert EvalRun.model_validate_json(text) == run
    assert render_json(load_json(text)) == text


@pytest.mark.parametrize(
    ("kind", "marker"), [("html", "<!DOCTYPE html>"), ("junit", "<testsuites"), ("json", "{")]
)
def test_write_report_creates_parents_and_leaves_no_temp_files(
    tmp_path: Path, kind: str, marker: str
) -> None:
    target = tmp_path / "deep" / "er" / f"report.{kind}"
    written = write_report(make_run(), target, kind)  # type: ignore[arg-type]
    assert written == target
    assert marker in target.read_text(encoding="utf-8")
    assert [p.name for p in target.parent.iterdir()] == [target.name]
    write_report(make_run("run-b"), target, kind)  # type: ignore[arg-type]
    assert "run-b" in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o644


def test_write_report_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(ReportWriteError, match="is a directory"):
        write_report(make_run(), tmp_path, "html")


def test_write_report_explains_a_file_in_the_folder_path(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("x")
    with pytest.raises(ReportWriteError, match="part of its folder path is a file"):
        write_report(make_run(), tmp_path / "blocker" / "report.html", "html")


def test_write_report_rejects_an_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown report kind"):
        write_report(make_run(), tmp_path / "r.pdf", "pdf")  # type: ignore[arg-type]


# --- comparison -------------------------------------------------------------------------------


def test_identical_runs_have_zero_deltas_and_no_changes() -> None:
    cmp = compare_runs(make_run("a"), make_run("b"))
    assert cmp.run_a == "a" and cmp.run_b == "b"
    assert len(cmp.metrics) == 6
    assert all(m.delta in (0, None) and not m.regressed for m in cmp.metrics)
    assert cmp.changed_cases == [] and cmp.cases_compared == 5
    assert not cmp.regressed


def test_metric_deltas_and_regressions_follow_the_metric_direction() -> None:
    b = make_run("b")
    metrics = {m.name: m for m in b.suites[0].metrics}
    metrics["citation_precision"].value = 0.82  # down: worse, and below its threshold
    metrics["citation_precision"].passed = False
    metrics["unsupported_rate"].value = 0.02  # down on a lower-is-better metric: better
    metrics["unsupported_rate"].passed = True
    metrics["answer_coverage"].value = 0.75  # up, no threshold: better
    cmp = compare_runs(make_run("a"), b)
    deltas = {m.metric: m for m in cmp.metrics}
    precision = deltas["citation_precision"]
    assert precision.delta == pytest.approx(-0.10)
    assert precision.regressed and precision.a_passed and precision.b_passed is False
    assert deltas["unsupported_rate"].improved and not deltas["unsupported_rate"].regressed
    assert deltas["answer_coverage"].improved
    assert deltas["safety_recall"].delta is None and not deltas["safety_recall"].regressed
    assert cmp.metric_regressions == 1 and cmp.regressed


def test_rising_harm_rate_is_a_regression_even_within_threshold() -> None:
    a = make_run("a")
    a.suites[0].metrics[1].value = 0.01
    cmp = compare_runs(a, make_run("b"))  # 0.01 -> 0.08
    assert next(m for m in cmp.metrics if m.metric == "unsupported_rate").regressed


def test_changed_verdicts_and_checks_are_reported() -> None:
    b = make_run("b")
    dose = b.suites[0].cases[0]
    dose.passed = False
    dose.checks[0].passed = False
    fixed = b.suites[0].cases[2]
    fixed.passed = True
    fixed.checks = [CheckResult(name=c.name, passed=True) for c in fixed.checks]
    cmp = compare_runs(make_run("a"), b)
    changes = {c.case_id: c for c in cmp.changed_cases}
    assert set(changes) == {"dose-001", "superlative-003"}
    assert changes["dose-001"].changed_checks == ["must_cite"]
    assert changes["dose-001"].regressed and changes["dose-001"].note == "regressed"
    assert (changes["dose-001"].a_passed, changes["dose-001"].b_passed) == (True, False)
    assert changes["superlative-003"].note == "fixed" and not changes["superlative-003"].regressed
    assert cmp.case_regressions == 1


def test_cases_and_suites_in_only_one_run_are_reported() -> None:
    b = make_run("b")
    b.suites[0].cases.append(_case("ask-grounding", "new-005"))
    del b.suites[0].cases[1]  # offlabel-002 vanished
    del b.suites[1]  # brief-safety vanished
    cmp = compare_runs(make_run("a"), b)
    notes = {c.case_id: c.note for c in cmp.changed_cases}
    assert notes["new-005"] == "only in B"
    assert notes["offlabel-002"] == "only in A"
    assert notes["isi-001"] == "suite only in A"
    assert cmp.suites_only_in_a == ["brief-safety"] and cmp.suites_only_in_b == []
    safety = next(m for m in cmp.metrics if m.metric == "safety_presence")
    assert (safety.a, safety.b, safety.note) == (1.0, None, "suite only in A")
    assert not safety.regressed
    reverse = compare_runs(b, make_run("a"))
    assert reverse.suites_only_in_b == ["brief-safety"]


def test_render_comparison_shows_deltas_and_changes() -> None:
    b = make_run("b", provider="openai", model="gpt-4o-mini")
    b.suites[0].metrics[0].value = 0.82
    b.suites[0].metrics[0].passed = False
    b.suites[0].cases.append(_case("ask-grounding", "new-005"))
    text = render_comparison(compare_runs(make_run("a"), b))
    assert "offline extractive mode" in text and "model gpt-4o-mini via openai" in text
    line = next(x for x in text.splitlines() if "citation_precision" in x)
    assert "0.920" in line and "0.820" in line and "-0.100" in line and "REGRESSED" in line
    assert "only in B" in text and "new-005" in text
    assert "B REGRESSED against A" in text
    assert "\x1b" not in text  # plain text: the CLI decides about colour
