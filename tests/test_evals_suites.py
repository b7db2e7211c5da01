"""Suite files: the shipped ones load; every mistake names the file and the field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.settings import Settings
from evals.runner import run_suites
from evals.suites import SuiteError, load_suite, resolve_suites, shipped_suites

GOOD = """\
name: tiny
description: A tiny suite.
workflow: ask
thresholds: {groundedness: 1.0}
cases:
  - id: dose
    inputs: {role: rep, question: "What is the dose?"}
    expect: {must_refuse: false}
"""


def write(tmp_path: Path, text: str, name: str = "suite.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(SuiteError) as info:
        load_suite(path)
    message = str(info.value)
    assert str(path) in message
    return message


def test_shipped_suites_cover_the_issue_and_all_load() -> None:
    names = {p.stem for p in shipped_suites()}
    assert {
        "on-label",
        "off-label",
        "no-approved-answer",
        "firewall",
        "expired-withdrawn",
        "fair-balance",
        "superlatives-comparisons",
        "phi-in-notes",
        "prompt-injection-document",
        "prompt-injection-note",
        "ae-detection-notes",
        "ae-detection-inquiries",
    } <= names
    suites = resolve_suites(["all"])
    assert {s.name for s in suites} == names
    assert all(s.path is not None and s.path.is_file() for s in suites)
    assert {s.workflow for s in suites} == {"ask", "brief", "inquiries"}


def test_a_good_suite_loads_with_its_path(tmp_path: Path) -> None:
    suite = load_suite(write(tmp_path, GOOD))
    assert suite.name == "tiny" and suite.path == (tmp_path / "suite.yaml").resolve()
    assert suite.cases[0].inputs.question == "What is the dose?"


def test_unknown_key_names_file_case_and_field(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, GOOD.replace("must_refuse", "must_refuze")))
    assert "cases[0] (id 'dose').expect.must_refuze" in message and "unknown key" in message


def test_bad_workflow_names_the_field(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, GOOD.replace("workflow: ask", "workflow: chat")))
    assert "workflow" in message and "'brief', 'ask' or 'inquiries'" in message


def test_bad_role_names_the_case(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, GOOD.replace("role: rep", "role: doctor")))
    assert "cases[0] (id 'dose').inputs.role" in message


def test_missing_required_fields(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, GOOD.replace("description: A tiny suite.\n", "")))
    assert "description: missing" in message
    brief = GOOD.replace("workflow: ask", "workflow: brief")
    assert "inputs.hcp_id: missing" in error_of(write(tmp_path, brief))


def test_missing_files(tmp_path: Path) -> None:
    assert "no such suite file" in error_of(tmp_path / "absent.yaml")
    data = GOOD.replace('question: "What is the dose?"', "inquiries_path: data/none.csv")
    data = data.replace("workflow: ask", "workflow: inquiries")
    message = error_of(write(tmp_path, data))
    assert "inputs.inquiries_path: no such file" in message and "none.csv" in message


def test_not_yaml_and_not_a_mapping(tmp_path: Path) -> None:
    assert "not valid YAML" in error_of(write(tmp_path, "name: [unclosed"))
    assert "YAML mapping" in error_of(write(tmp_path, "- just\n- a list\n"))


def test_duplicate_case_ids(tmp_path: Path) -> None:
    twice = GOOD + GOOD.split("cases:\n", 1)[1]
    assert "duplicate case id" in error_of(write(tmp_path, twice))


def test_resolve_by_name_path_or_all(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    assert [s.name for s in resolve_suites([str(path)])] == ["tiny"]
    assert [s.name for s in resolve_suites(["off-label"])] == ["off-label"]
    with pytest.raises(SuiteError, match="no such suite file or shipped suite"):
        resolve_suites(["no-such-suite"])
    with pytest.raises(SuiteError, match="at least one suite"):
        resolve_suites([])


def test_bad_settings_override_is_refused_before_anything_runs(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", today=date(2026, 11, 24))
    typo = load_suite(write(tmp_path, GOOD + "settings: {llm_provder: openai}\n"))
    with pytest.raises(SuiteError, match=r"settings\.llm_provder: unknown setting"):
        run_suites([typo], settings)
    bad = load_suite(write(tmp_path, GOOD + "settings: {llm_provider: gpt}\n", "b.yaml"))
    with pytest.raises(SuiteError, match=r"b\.yaml: settings\.llm_provider"):
        run_suites([bad], settings)
    pinned = load_suite(write(tmp_path, GOOD + "prompt_version: '9'\n", "c.yaml"))
    with pytest.raises(SuiteError, match="prompt_version: '9' is not a version of the chat"):
        run_suites([pinned], settings)
    assert not (tmp_path / "home").exists(), "nothing may be opened for a bad suite"
