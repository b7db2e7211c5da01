"""Withdrawing a document by command: out of retrieval at once, still known, never revived by a
re-ingest of the same version; the outputs that cited it are listed from the audit log."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import assistant.runtime
from assistant.cli import app
from assistant.services import Services, open_services
from assistant.settings import Settings
from assistant.workflows.briefing import build_briefing
from assistant.workflows.chat import answer_question
from knowledge_base.access import AccessScope
from knowledge_base.errors import KnowledgeBaseError
from knowledge_base.models import Role, Status
from knowledge_base.retrieval import RetrievalMode, Retriever
from knowledge_base.store import KnowledgeBase
from knowledge_base.withdrawal import AlreadyWithdrawnError, UnknownDocumentError
from tests.fakes import HashingEmbedder
from tests.generation_fixtures import make_generation_kb
from tests.test_ingest import rewrite_manifest

TODAY = date(2026, 11, 24)
LABEL = "alphamab-label"
SRD = "alphamab-pregnancy-srd"
QUERY = "alphamab plaque psoriasis dose tuberculosis infections pregnancy"
ALL_ROLES = (Role.REP, Role.MSL, Role.MLR, Role.ADMIN)

runner = CliRunner()


@pytest.fixture
def paths(tmp_path: Path) -> list[Path]:
    return make_generation_kb(tmp_path)


@pytest.fixture
def services(paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    # The CLI (same MEDBRIEF_HOME) must open the same index: same embedder, same day.
    monkeypatch.setenv("MEDBRIEF_TODAY", TODAY.isoformat())
    monkeypatch.setattr(assistant.runtime, "build_embedder", lambda settings: HashingEmbedder())
    services = open_services(Settings(), embedder=HashingEmbedder())
    assert services.kb.ingest(paths).ok
    services.retriever = services.kb.retriever()
    yield services
    services.audit.close()


def found(retriever: Retriever, role: Role, mode: RetrievalMode) -> set[str]:
    scope = AccessScope(role=role, today=TODAY, market="US")
    return {e.chunk.doc_id for e in retriever.search(QUERY, scope, k=50, mode=mode)}


def cli(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


# The knowledge base --------------------------------------------------------------------------


def test_withdraw_removes_from_retrieval_for_every_role_and_mode(services: Services) -> None:
    kb = services.kb
    loaded_before = kb.retriever()  # a retriever holding the old lexical generation in memory
    for role in ALL_ROLES:
        for mode in RetrievalMode:
            assert LABEL in found(loaded_before, role, mode), (role, mode)
    chunks = len(kb.index.chunk_ids(LABEL))
    assert chunks > 0

    at = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
    result = kb.withdraw(LABEL, reason="MLR-2026-311: dosing claim withdrawn", by="mlr-ana", now=at)

    assert (result.doc_id, result.version, result.previous_status) == (LABEL, "1", "approved")
    assert result.chunks_removed == chunks
    assert kb.index.chunk_ids(LABEL) == []
    for retriever in (kb.retriever(), loaded_before):
        for role in ALL_ROLES:
            for mode in RetrievalMode:
                assert LABEL not in found(retriever, role, mode), (role, mode)
    # Only that document: the medical SRD is still there for medical roles.
    assert SRD in found(kb.retriever(), Role.MSL, RetrievalMode.HYBRID)
    assert SRD in found(kb.retriever(), Role.MSL, RetrievalMode.LEXICAL)

    # The library still knows it, same version, and keeps its text for old citations.
    entry = kb.catalog.get_document(LABEL)
    assert entry is not None
    assert entry.metadata.status is Status.WITHDRAWN and entry.metadata.version == "1"
    assert not entry.indexed and not entry.metadata.is_groundable(TODAY)
    assert kb.catalog.parsed_version(LABEL, "1") is not None
    (event,) = kb.catalog.withdrawals(LABEL)
    assert (event.doc_id, event.version, event.by) == (LABEL, "1", "mlr-ana")
    assert event.reason == "MLR-2026-311: dosing claim withdrawn"
    assert event.at == at and event.at.tzinfo is not None
    assert kb.catalog.withdrawals() == [event]
    assert kb.catalog.withdrawals(SRD) == []


def test_unknown_or_already_withdrawn_is_a_clear_error_and_changes_nothing(
    services: Services,
) -> None:
    kb = services.kb
    with pytest.raises(UnknownDocumentError, match="unknown document 'no-such-doc'"):
        kb.withdraw("no-such-doc", reason="x", by="mlr")
    with pytest.raises(KnowledgeBaseError, match="needs a reason"):
        kb.withdraw(LABEL, reason="  ", by="mlr")
    assert kb.catalog.withdrawals() == []
    assert kb.index.chunk_ids(LABEL)

    kb.withdraw(LABEL, reason="first", by="mlr-ana")
    before = kb.catalog.get_document(LABEL)
    with pytest.raises(AlreadyWithdrawnError, match=r"already withdrawn \(by mlr-ana .*: first\)"):
        kb.withdraw(LABEL, reason="second", by="mlr-bo")
    assert [e.reason for e in kb.catalog.withdrawals(LABEL)] == ["first"]
    assert kb.catalog.get_document(LABEL) == before


def test_reingest_of_the_same_version_does_not_resurrect_it(
    services: Services, paths: list[Path]
) -> None:
    kb: KnowledgeBase = services.kb
    kb.withdraw(LABEL, reason="safety update pending", by="mlr-ana")

    report = kb.ingest(paths)  # the manifest still says approved, version 1
    assert report.ok
    assert LABEL in report.unchanged and LABEL not in report.metadata_updated + report.added
    assert report.chunks_indexed == 0
    (notice,) = report.notices
    assert LABEL in notice and "stays withdrawn" in notice and "safety update pending" in notice
    assert kb.catalog.get_document(LABEL).metadata.status is Status.WITHDRAWN  # type: ignore[union-attr]
    assert LABEL not in found(kb.retriever(), Role.MLR, RetrievalMode.HYBRID)

    # Nor does another status or an expiry change of that same version.
    content = paths[0]
    rewrite_manifest(content, {LABEL: {"expires_on": "2028-01-31"}})
    assert LABEL in kb.ingest(paths).unchanged
    assert kb.catalog.get_document(LABEL).metadata.status is Status.WITHDRAWN  # type: ignore[union-attr]

    # A new version is a new MLR decision: it is indexed.
    rewrite_manifest(content, {LABEL: {"version": "2"}})
    report = kb.ingest(paths)
    assert report.new_versions == [LABEL] and not report.notices
    entry = kb.catalog.get_document(LABEL)
    assert entry is not None
    assert (entry.metadata.version, entry.metadata.status) == ("2", Status.APPROVED)
    assert LABEL in found(kb.retriever(), Role.REP, RetrievalMode.HYBRID)

    # Rolling the manifest back to the withdrawn version does not bring that version back.
    rewrite_manifest(content, {LABEL: {"version": "1"}})
    report = kb.ingest(paths)
    assert LABEL in report.unchanged and "version 1 was withdrawn" in report.notices[0]
    assert kb.catalog.get_document(LABEL).metadata.version == "2"  # type: ignore[union-attr]
    assert {
        e.chunk.version for e in kb.retriever().search(QUERY, AccessScope(Role.REP, TODAY))
    } == {"2"}


def test_withdrawn_in_the_manifest_too_is_plain_metadata(
    services: Services, paths: list[Path]
) -> None:
    """Once the manifest agrees (status withdrawn), ingest treats it as any known document."""
    services.kb.withdraw(LABEL, reason="r", by="mlr")
    manifest = paths[0] / "manifest.yaml"
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    for item in data["documents"]:
        if item["doc_id"] == LABEL:
            item["status"] = "withdrawn"
    manifest.write_text(yaml.safe_dump(data), encoding="utf-8")
    report = services.kb.ingest(paths)
    assert LABEL in report.unchanged and not report.notices


# Impact: which outputs relied on it ------------------------------------------------------------


def _outputs_citing_the_label(services: Services) -> list[str]:
    ask = answer_question(
        "What is the recommended dose of alphamab?", Role.REP, services, user="rep-7"
    )
    brief = build_briefing("HCP-1", Role.REP, services, user="rep-8")
    other = answer_question("Can alphamab be used during pregnancy?", Role.MSL, services, user="m")
    assert not ask.refused
    assert any(c.doc_id == LABEL for s in ask.sentences for c in s.citations)
    assert all(c.doc_id != LABEL for s in other.sentences for c in s.citations)
    assert ask.audit_id and brief.audit_id
    return [ask.audit_id, brief.audit_id]


def test_impact_lists_outputs_that_cited_the_document(services: Services) -> None:
    ask_id, brief_id = _outputs_citing_the_label(services)
    assert [r.record_id for r in services.audit.impact(LABEL)] == [ask_id, brief_id]

    result = cli("content", "impact", LABEL, "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["record_id"] for r in rows] == [brief_id, ask_id]  # newest first
    assert [(r["user"], r["role"], r["workflow"]) for r in rows] == [
        ("rep-8", "rep", "brief"),
        ("rep-7", "rep", "ask"),
    ]
    assert all(r["versions_cited"] == ["1"] and r["shown"] for r in rows)
    assert datetime.fromisoformat(rows[0]["created_at"]) >= datetime.fromisoformat(
        rows[1]["created_at"]
    )

    text = cli("content", "impact", LABEL)
    assert text.exit_code == 0 and brief_id in text.stdout and ask_id in text.stdout


def test_impact_shows_people_s_outputs_and_eval_runs_on_request(services: Services) -> None:
    ask_id, brief_id = _outputs_citing_the_label(services)
    services.eval_run_id = "run-42"  # as the evals runner sets it: mlr acting as a rep
    evaluated = answer_question(
        "What is the recommended dose of alphamab?", Role.REP, services, user="mlr"
    )
    services.eval_run_id = None
    people = [r["record_id"] for r in json.loads(cli("content", "impact", LABEL, "--json").stdout)]
    assert people == [brief_id, ask_id], "eval runs are not production"
    evals = json.loads(cli("content", "impact", LABEL, "--traffic", "evals", "--json").stdout)
    assert [(r["record_id"], r["eval_run"]) for r in evals] == [(evaluated.audit_id, "run-42")]
    both = cli("content", "impact", LABEL, "--traffic", "all")
    assert "3 output(s) cited" in both.stdout and "eval run run-42" in both.stdout

    listed = json.loads(cli("audit", "list", "--json").stdout)
    assert evaluated.audit_id not in {r["record_id"] for r in listed}
    assert {r["record_id"] for r in listed} >= {ask_id, brief_id}
    named = json.loads(cli("audit", "list", "--eval-run", "run-42", "--json").stdout)
    assert [r["record_id"] for r in named] == [evaluated.audit_id]

    withdrawn = cli("content", "withdraw", LABEL, "--reason", "MLR-311", "--user", "mlr-ana")
    out = " ".join(withdrawn.stdout.split())
    assert "past outputs that cited v1: 2" in out
    assert "eval runs' outputs that cited it (not counted above): 1" in out


def test_cli_withdraw_reports_chunks_and_impact_then_status_and_ingest_agree(
    services: Services, paths: list[Path]
) -> None:
    _outputs_citing_the_label(services)
    chunks = len(services.kb.index.chunk_ids(LABEL))

    result = cli("content", "withdraw", LABEL, "--reason", "MLR-311 recall", "--user", "mlr-ana")
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert f"withdrawn: {LABEL} v1" in out and "was approved" in out
    assert "by mlr-ana" in out and "MLR-311 recall" in out
    assert f"chunks removed from the index: {chunks}" in out
    assert "past outputs that cited v1: 2" in out
    assert f"medbrief content impact {LABEL}" in out

    status = {r["doc_id"]: r for r in json.loads(cli("content", "status", "--json").stdout)}
    assert status[LABEL]["status"] == "withdrawn" and not status[LABEL]["groundable"]
    assert status[SRD]["status"] == "approved"

    search = cli("search", "alphamab dose", "--role", "mlr", "--json")
    assert LABEL not in {r["doc_id"] for r in json.loads(search.stdout)}

    again = cli("content", "withdraw", LABEL, "--reason", "again")
    assert again.exit_code == 1
    assert "already withdrawn" in again.stderr and "nothing changed" in again.stderr

    ingest = cli("ingest", *map(str, paths))
    assert ingest.exit_code == 0, ingest.output
    assert "stays withdrawn" in " ".join(ingest.stderr.split())
    assert LABEL not in {
        r["doc_id"]
        for r in json.loads(cli("search", "alphamab dose", "--role", "mlr", "--json").stdout)
    }


def test_cli_withdraw_json_counts_zero_without_an_audit_log(services: Services) -> None:
    result = cli("content", "withdraw", SRD, "--reason", "superseded SRD", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["doc_id"] == SRD and payload["by"] == "cli"
    assert payload["chunks_removed"] > 0 and payload["outputs_citing_version"] == 0
    assert payload["outputs_citing_any_version"] == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["content", "withdraw", "no-such-doc", "--reason", "x"], 2, "unknown document"),
        (["content", "withdraw", LABEL, "--reason", " "], 2, "needs a reason"),
        (["content", "withdraw", LABEL], 2, "--reason"),
        (["content", "impact", "no-such-doc"], 2, "unknown document 'no-such-doc'"),
    ],
)
def test_cli_errors_are_plain_messages(
    services: Services, args: list[str], code: int, message: str
) -> None:
    result = cli(*args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert services.kb.index.chunk_ids(LABEL)  # nothing was withdrawn


def test_impact_of_a_document_nobody_cited(services: Services) -> None:
    result = cli("content", "impact", SRD)
    assert result.exit_code == 0
    assert "No recorded people's output cited" in result.stdout
    assert json.loads(cli("content", "impact", SRD, "--json").stdout) == []
