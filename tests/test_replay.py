"""Replaying a recorded output on today's content: what changed, and the replay is recorded."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import assistant.runtime
from assistant.audit import AuditEntry, AuditRecord, AuditSentence, CitedChunk
from assistant.audit.replay import ReplayError, replay
from assistant.cli import app
from assistant.providers.base import AnswerDraft, AnswerRequest, GenerationError
from assistant.providers.extractive import ExtractiveProvider
from assistant.services import Services, open_services
from assistant.settings import Settings
from assistant.workflows.briefing import build_briefing
from assistant.workflows.chat import ChatTurn, answer_question
from knowledge_base.models import Role
from tests.fakes import HashingEmbedder
from tests.generation_fixtures import make_generation_kb
from tests.test_ingest import rewrite_manifest

TODAY = "2026-11-24"
LABEL = "alphamab-label"
SRD = "alphamab-pregnancy-srd"
DOSE = "What is the recommended dose of alphamab?"

runner = CliRunner()


@pytest.fixture
def paths(tmp_path: Path) -> list[Path]:
    return make_generation_kb(tmp_path)


@pytest.fixture
def services(paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    # The CLI (same MEDBRIEF_HOME) must open the same index: same embedder, same day.
    monkeypatch.setenv("MEDBRIEF_TODAY", TODAY)
    monkeypatch.setattr(assistant.runtime, "build_embedder", lambda settings: HashingEmbedder())
    services = open_services(Settings(), embedder=HashingEmbedder())
    assert services.kb.ingest(paths).ok
    services.retriever = services.kb.retriever()
    yield services
    services.audit.close()


def record_of(services: Services, audit_id: str | None) -> AuditRecord:
    assert audit_id is not None
    record = services.audit.get(audit_id)
    assert record is not None
    return record


def shown_chunks(record: AuditRecord) -> set[str]:
    return {c.chunk_id for s in record.sentences if s.shown for c in s.citations}


def test_replay_after_withdrawal_reports_the_withdrawn_citation(services: Services) -> None:
    history = [ChatTurn("user", "Tell me about alphamab."), ChatTurn("assistant", "Sure.")]
    answer = answer_question(DOSE, Role.REP, services, history=history, user="rep-7")
    original = record_of(services, answer.audit_id)
    cited = shown_chunks(original)
    assert not answer.refused and cited
    services.kb.withdraw(LABEL, reason="MLR-311: dosing claim", by="mlr-ana")
    count = services.audit.count()

    report = replay(original, services, user="mlr-bo")

    (doc,) = report.cited_documents
    assert (doc.doc_id, doc.version, doc.state) == (LABEL, "1", "withdrawn")
    assert doc.stale and not doc.groundable_today and doc.current_status == "withdrawn"
    assert "mlr-ana" in doc.detail and "MLR-311: dosing claim" in doc.detail
    assert set(doc.chunk_ids) == cited
    assert report.stale_citations == [doc]
    # A rep has no other approved source for it: the answer is now a refusal.
    assert set(report.citations_removed) == cited and report.citations_added == []
    assert (report.refused_before, report.refused_after, report.refused_changed) == (
        False,
        True,
        True,
    )
    assert not report.prompt_changed and not report.model_changed
    assert report.changed

    # The replay is an audit record of its own, tagged, with the same inputs.
    assert services.audit.count() == count + 1
    again = record_of(services, report.replay_record_id)
    assert again.tags == {"replay_of": original.record_id}
    assert (again.user, again.role, again.workflow) == ("mlr-bo", Role.REP, "ask")
    assert again.inputs == original.inputs and "history" in again.inputs
    assert services.audit.get(original.record_id) == original
    assert services.audit.verify().ok
    summary = report.summary()
    assert summary["changed"] and summary["stale_citations"] == [LABEL]
    assert summary["replay_record_id"] == again.record_id


def test_replay_of_an_unchanged_briefing_reports_no_change(services: Services) -> None:
    original = record_of(
        services, build_briefing("HCP-1", Role.REP, services, user="rep-8").audit_id
    )
    assert shown_chunks(original)

    report = replay(original, services)

    assert not report.changed, report.summary()
    assert all(d.state == "current" and d.groundable_today for d in report.cited_documents)
    assert set(report.citations_kept) == shown_chunks(original)
    assert report.citations_added == report.citations_removed == []
    assert report.prompt_before == report.prompt_after
    new = record_of(services, report.replay_record_id)
    assert new.workflow == "brief" and new.inputs["hcp_id"] == "HCP-1"
    assert new.tags == {"replay_of": original.record_id}


def test_replay_reports_superseded_expired_and_prompt_and_model_changes(
    services: Services, paths: list[Path]
) -> None:
    label_chunk = services.kb.index.chunk_ids(LABEL)[0]
    srd_chunk = services.kb.index.chunk_ids(SRD)[0]

    def cite(chunk_id: str, doc_id: str) -> CitedChunk:
        return CitedChunk(
            chunk_id=chunk_id, doc_id=doc_id, version="1", approval_code="X-1", section="s"
        )

    original = services.audit.record(
        AuditEntry(
            user="msl-1",
            role=Role.MSL,
            workflow="ask",
            inputs={"question": "Can alphamab be used during pregnancy?", "role": "msl"},
            prompt_id="chat",
            prompt_version="0",
            prompt_sha256="00" * 32,
            provider="openai",
            model="gpt-old",
            sentences=[
                AuditSentence(
                    text="a", verdict="supported", shown=True, citations=[cite(label_chunk, LABEL)]
                ),
                AuditSentence(
                    text="b", verdict="supported", shown=True, citations=[cite(srd_chunk, SRD)]
                ),
            ],
            output_shown={"refused": False},
        )
    )
    rewrite_manifest(paths[0], {LABEL: {"version": "2"}, SRD: {"status": "expired"}})
    assert services.kb.ingest(paths).ok

    report = replay(original, services)

    states = {d.doc_id: d for d in report.cited_documents}
    assert states[LABEL].state == "superseded" and states[LABEL].current_version == "2"
    assert states[LABEL].groundable_today and "version 2" in states[LABEL].detail
    assert states[SRD].state == "expired" and not states[SRD].groundable_today
    assert report.prompt_changed and report.prompt_before.startswith("chat v0 ")
    assert report.model_changed
    assert (report.model_before, report.model_after) == (
        "openai/gpt-old",
        "extractive/extractive-v1",
    )
    assert label_chunk in report.citations_removed or label_chunk in report.citations_kept
    assert srd_chunk in report.citations_removed


def test_replay_refuses_other_workflows(services: Services) -> None:
    record = services.audit.record(
        AuditEntry(
            user="u",
            role=Role.MSL,
            workflow="inquiries",
            prompt_id="p",
            prompt_version="1",
            prompt_sha256="0" * 64,
            provider="extractive",
            model="extractive-v1",
        )
    )
    with pytest.raises(ReplayError, match="only brief and ask"):
        replay(record, services)


class _FailingProvider(ExtractiveProvider):
    def draft_answer(self, request: AnswerRequest) -> AnswerDraft:
        raise GenerationError("model timed out")


def test_a_failed_replay_is_recorded_and_reported(services: Services) -> None:
    original = record_of(services, answer_question(DOSE, Role.REP, services).audit_id)
    failing = dataclasses.replace(services, provider=_FailingProvider(services.kb.embedder))

    report = replay(original, failing)

    assert report.error_before is None and "model timed out" in (report.error_after or "")
    assert report.changed
    new = record_of(services, report.replay_record_id)
    assert new.error and new.tags == {"replay_of": original.record_id}


# The CLI ---------------------------------------------------------------------------------------


def test_cli_replay_text_and_json(services: Services) -> None:
    original = answer_question(DOSE, Role.REP, services, user="rep-7").audit_id
    assert original is not None
    services.kb.withdraw(LABEL, reason="MLR-311", by="mlr-ana")

    text = runner.invoke(app, ["audit", "replay", original, "--user", "mlr-bo"])
    assert text.exit_code == 0, text.output
    out = " ".join(text.stdout.split())
    assert f"replay of {original}" in out and "withdrawn" in out
    assert "changed" in out and "answered -> refused" in out

    result = runner.invoke(app, ["audit", "replay", original, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["record_id"] == original and payload["changed"]
    assert payload["stale_citations"] == [LABEL]
    assert payload["cited_documents"][0]["state"] == "withdrawn"
    replays = [r for r in services.audit.list() if r.tags.get("replay_of") == original]
    assert {r.user for r in replays} == {"mlr-bo", "cli"}


def test_cli_replay_unchanged_says_so(services: Services) -> None:
    original = build_briefing("HCP-1", Role.REP, services).audit_id
    assert original is not None
    result = runner.invoke(app, ["audit", "replay", original])
    assert result.exit_code == 0, result.output
    assert "unchanged" in result.stdout


@pytest.mark.parametrize(
    ("record_id", "message"),
    [("no-such-record", "no audit record 'no-such-record'"), (None, "only brief and ask")],
)
def test_cli_replay_errors_exit_2(services: Services, record_id: str | None, message: str) -> None:
    if record_id is None:
        record_id = services.audit.record(
            AuditEntry(
                user="u",
                role=Role.MSL,
                workflow="eval",
                prompt_id="p",
                prompt_version="1",
                prompt_sha256="0" * 64,
                provider="extractive",
                model="extractive-v1",
            )
        ).record_id
    result = runner.invoke(app, ["audit", "replay", record_id])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.stderr.split()) and "Traceback" not in result.output
