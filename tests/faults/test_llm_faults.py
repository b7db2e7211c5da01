"""The hosted model failing, end to end through ``medbrief ask``/``brief`` against a real
OpenAI-protocol HTTP server: a timeout, 429s, 500s, malformed output.

The promise, for each: the user gets a one-line error and exit code 3 (no traceback, no partial
answer), the audit log holds exactly one failure record for the attempt, the chain verifies, and
running the same command again once the endpoint behaves completes normally.
(The provider's own handling of each error is unit-tested in tests/test_generation_hosted.py.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from assistant.audit import AuditLog
from assistant.cli import app
from tests.generation_fixtures import make_generation_kb
from tests.openai_server import OpenAIStub, openai_stub

pytestmark = pytest.mark.xdist_group("test_llm_faults")

QUESTION = "What is the recommended dose of alphamab?"
DOSE = (
    "The recommended dose of alphamab is 100 mg by subcutaneous injection at week 0 and "
    "week 4, then every 8 weeks."
)
runner = CliRunner()


@pytest.fixture
def stub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenAIStub]:
    """The CLI configured for a hosted model (and embeddings) at the stub, content ingested."""
    with openai_stub() as server:
        for name, value in {
            "MEDBRIEF_TODAY": "2026-11-24",
            "MEDBRIEF_LLM_PROVIDER": "openai_compatible",
            "MEDBRIEF_LLM_MODEL": "stub-model",
            "MEDBRIEF_OPENAI_BASE_URL": server.url,
            "MEDBRIEF_EMBEDDING_PROVIDER": "openai_compatible",
            "MEDBRIEF_EMBEDDING_MODEL": "stub-embedding",
            "MEDBRIEF_REQUEST_TIMEOUT_S": "1.5",  # embeddings share it: not too tight
            "MEDBRIEF_MAX_RETRIES": "1",
        }.items():
            monkeypatch.setenv(name, value)
        result = runner.invoke(app, ["ingest", *map(str, make_generation_kb(tmp_path)), "--json"])
        assert result.exit_code == 0, result.output
        yield server


def cite_dose(body: dict[str, Any]) -> str:
    """A correct answer citing whichever source number the prompt gave the dosing passage."""
    prompt = body["messages"][-1]["content"]
    numbers = [
        int(part.split('n="')[1].split('"')[0])
        for part in prompt.split("<source ")[1:]
        if "100 mg" in part
    ]
    return json.dumps({"sentences": [{"text": DOSE, "sources": numbers[:1]}]})


def records(home: Path) -> tuple[list[Any], bool]:
    with AuditLog.open(f"sqlite:///{home / 'audit.db'}") as log:
        return log.list(limit=None)[::-1], log.verify().ok


def ask() -> Result:
    return runner.invoke(app, ["ask", QUESTION, "--json", "--user", "rep-7"])


def assert_failed_cleanly(result: Result, message: str, home: Path) -> None:
    assert result.exit_code == 3, result.output
    assert message in result.output
    assert "Traceback" not in result.output and "audit_id" not in result.output
    found, ok = records(home)
    assert ok, "the audit chain must verify after a failure"
    assert [r.workflow for r in found] == ["ask"]
    (failure,) = found
    assert failure.error and failure.user == "rep-7" and failure.output_shown is None
    assert failure.provider == "openai_compatible" and failure.model == "stub-model"


def assert_retry_completes(stub: OpenAIStub, home: Path) -> None:
    stub.enqueue_function(cite_dose)
    again = ask()
    assert again.exit_code == 0, again.output
    answer = json.loads(again.stdout)
    assert [s["text"] for s in answer["sentences"]] == [DOSE] and answer["audit_id"]
    found, ok = records(home)
    assert ok and len(found) == 2
    assert found[-1].record_id == answer["audit_id"] and found[-1].error is None


@pytest.fixture
def home(stub: OpenAIStub) -> Path:
    import os

    return Path(os.environ["MEDBRIEF_HOME"])


def test_timeout(stub: OpenAIStub, home: Path) -> None:
    stub.enqueue_delay(6.0, then="{}")
    stub.enqueue_delay(6.0, then="{}")  # the one retry times out too
    assert_failed_cleanly(ask(), "did not answer in time", home)
    assert len(stub.chat_requests()) == 2
    assert_retry_completes(stub, home)


def test_rate_limited_then_success_is_one_normal_answer(stub: OpenAIStub, home: Path) -> None:
    stub.enqueue_status(429, retry_after_ms=5)
    stub.enqueue_function(cite_dose)
    result = ask()
    assert result.exit_code == 0, result.output
    found, ok = records(home)
    assert ok and [r.error for r in found] == [None]


def test_rate_limit_that_persists(stub: OpenAIStub, home: Path) -> None:
    stub.enqueue_status(429, retry_after_ms=5)
    stub.enqueue_status(429, retry_after_ms=5)
    assert_failed_cleanly(ask(), "rate limit still exceeded after retries", home)
    assert_retry_completes(stub, home)


def test_server_error(stub: OpenAIStub, home: Path) -> None:
    stub.enqueue_status(500, retry_after_ms=5)
    stub.enqueue_status(500, retry_after_ms=5)
    assert_failed_cleanly(ask(), "HTTP 500 after retries", home)
    assert_retry_completes(stub, home)


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (lambda s: s.enqueue_chat("Sure! The dose is 100 mg."), "not the expected JSON"),
        (lambda s: s.enqueue_chat('{"sentences": [{"txt": 1}]}'), "not the expected JSON"),
        (lambda s: s.enqueue_chat('{"sentences": [{"text": "Half'), "not the expected JSON"),
        (lambda s: s.enqueue_raw("<html>502 Bad Gateway</html>"), "not JSON"),
    ],
    ids=["prose", "wrong-schema", "truncated", "html-body"],
)
def test_malformed_output(stub: OpenAIStub, home: Path, script: Any, message: str) -> None:
    script(stub)
    assert_failed_cleanly(ask(), message, home)
    assert_retry_completes(stub, home)


def test_briefing_failure_is_recorded_and_retry_completes(stub: OpenAIStub, home: Path) -> None:
    stub.enqueue_status(500, retry_after_ms=5)
    stub.enqueue_status(500, retry_after_ms=5)
    result = runner.invoke(app, ["brief", "--hcp", "HCP-1", "--json"])
    assert result.exit_code == 3 and "HTTP 500 after retries" in result.output
    found, ok = records(home)
    assert ok and [(r.workflow, bool(r.error)) for r in found] == [("brief", True)]
    stub.enqueue_chat(json.dumps({"talking_points": [], "safety_points": []}))
    again = runner.invoke(app, ["brief", "--hcp", "HCP-1", "--json"])
    assert again.exit_code == 0, again.output
    found, ok = records(home)
    assert ok and [bool(r.error) for r in found] == [True, False]
