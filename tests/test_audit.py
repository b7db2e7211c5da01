"""The audit log against SQLite and a real PostgreSQL: records, redaction, queries, export, CLI."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from assistant.audit import (
    MIGRATIONS,
    AuditEntry,
    AuditFlag,
    AuditLog,
    AuditSentence,
    CitedChunk,
    RetrievedChunk,
    migrate,
)
from assistant.audit.cli import audit_app
from assistant.outputs import Citation, GenerationInfo, Sentence, Verdict
from assistant.settings import Settings
from knowledge_base.models import Role

pytest_plugins = ["tests.postgres"]

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class StepClock:
    """A clock that moves one minute on every reading."""

    def __init__(self, start: datetime = T0, step: timedelta = timedelta(minutes=1)) -> None:
        self.now, self.step = start - step, step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


def make_entry(i: int = 0, **overrides: Any) -> AuditEntry:
    """A realistic briefing record citing ``zorvexa-label`` (doc ids vary with ``i``)."""
    doc = overrides.pop("doc_id", "zorvexa-label")
    cite = CitedChunk(
        chunk_id=f"{doc}:v3:{i % 7}",
        doc_id=doc,
        version="3",
        approval_code="ONC-US-2026-0142",
        section="warnings_and_precautions",
    )
    fields: dict[str, Any] = {
        "user": f"rep-{i % 3}",
        "role": Role.REP,
        "workflow": "brief",
        "inputs": {"hcp_id": "HCP-0042", "question": f"What can I say about dosing? #{i}"},
        "prompt_id": "briefing",
        "prompt_version": "4",
        "prompt_sha256": "ab" * 32,
        "provider": "extractive",
        "model": "extractive-v1",
        "parameters": {"temperature": 0.0, "k": 5},
        "retrieved": [
            RetrievedChunk(
                chunk_id=cite.chunk_id,
                doc_id=doc,
                version="3",
                approval_code="ONC-US-2026-0142",
                score=0.8125,
            ),
            RetrievedChunk(
                chunk_id="imrelza-srd:v1:0",
                doc_id="imrelza-srd",
                version="1",
                approval_code="IMM-US-2026-0007",
                score=0.25,
            ),
        ],
        "output_shown": {"text": "ZORVEXA may cause hepatotoxicity. [1]"},
        "output_generated": {"text": "ZORVEXA may cause hepatotoxicity. [1] It is the best."},
        "sentences": [
            AuditSentence(
                text="ZORVEXA may cause hepatotoxicity.",
                verdict="supported",
                shown=True,
                citations=[cite],
            ),
            AuditSentence(text="It is the best.", verdict="uncited", shown=False),
        ],
        "flags": [],
        "token_counts": {"prompt": 812, "completion": 64},
        "latency_ms": 12.5 + i,
        "tags": {"market": "US"},
    }
    return AuditEntry.model_validate(fields | overrides)


@pytest.fixture
def log(audit_url: str) -> Iterator[AuditLog]:
    with AuditLog.open(audit_url, clock=StepClock()) as opened:
        yield opened


def _dump_everything(log: AuditLog) -> str:
    """Every value of every audit table, as one string."""
    with log.engine.connect() as conn:
        rows = [
            tuple(row)
            for table in ("audit_records", "audit_citations", "audit_chain_head")
            for row in conn.execute(sa.text(f"SELECT * FROM {table}"))
        ]
    return repr(rows)


# Records ------------------------------------------------------------------------------------


def test_record_is_chained_hashed_and_read_back_identically(log: AuditLog) -> None:
    first = log.record(make_entry(1, output_shown={"text": "Dose ≤ 5 mg — Zürich"}))
    second = log.record(make_entry(2))

    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == "0" * 64
    assert second.prev_hash == first.record_hash
    assert first.created_at == T0 and second.created_at == T0 + timedelta(minutes=1)
    assert first.record_id < second.record_id  # time-ordered ids
    # The hash is SHA-256 over the canonical JSON of every other field, seq and prev_hash included.
    payload = first.model_dump(mode="json", exclude={"record_hash"})
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(canonical.encode()).hexdigest() == first.record_hash
    assert {"seq", "prev_hash", "created_at", "record_id"} <= payload.keys()

    assert log.get(first.record_id) == first
    assert log.get("no-such-id") is None
    assert log.verify().ok


def test_entry_from_workflow_models() -> None:
    info = GenerationInfo(
        provider="openai",
        model="gpt-4.1-mini",
        parameters={"temperature": 0.2},
        prompt_id="chat",
        prompt_version="2",
        prompt_sha256="cd" * 32,
        latency_ms=830.0,
        usage={"prompt_tokens": 900, "completion_tokens": 80},
    )
    sentence = Sentence(
        text="Monitor liver enzymes.",
        verdict=Verdict.SUPPORTED,
        shown=True,
        citations=[
            Citation(
                source=1,
                doc_id="zorvexa-label",
                version="3",
                approval_code="ONC-US-2026-0142",
                title="ZORVEXA PI",
                section="warnings",
                chunk_id="zorvexa-label:v3:2",
                char_start=0,
                char_end=20,
                verdict=Verdict.SUPPORTED,
            )
        ],
    )
    entry = AuditEntry.from_generation(
        info,
        user="rep-7",
        role=Role.REP,
        workflow="ask",
        sentences=[AuditSentence.from_sentence(sentence)],
    )
    assert entry.model == "gpt-4.1-mini" and entry.token_counts["completion_tokens"] == 80
    assert entry.sentences[0].citations[0].approval_code == "ONC-US-2026-0142"
    assert entry.sentences[0].verdict == "supported"


def test_phi_in_inputs_is_redacted_before_storage(log: AuditLog) -> None:
    note = (
        "Dr. Chen said patient Jane Doe (DOB 03/14/1962) had elevated ALT on ZORVEXA; "
        "her daughter can be reached at 480-555-0195."
    )
    entry = make_entry(
        inputs={"notes": [{"text": note}], "question": "Mrs. Alvarez asked about dosing"},
        tags={"case": "call from 480-555-0195"},
        error="timeout while summarising Jane Doe (DOB 03/14/1962)",
    )
    record = log.record(entry)

    stored = _dump_everything(log)
    for phi in ("Jane", "Doe", "1962", "480-555-0195", "Alvarez"):
        assert phi not in stored
    assert record.inputs["notes"] == [
        {
            "text": "Dr. Chen said patient [NAME] (DOB [DOB]) had elevated ALT on ZORVEXA; "
            "her daughter can be reached at [PHONE]."
        }
    ]
    assert record.inputs["question"] == "Mrs. [NAME] asked about dosing"
    assert log.get(record.record_id) == record
    assert "Dr. Chen" in stored  # HCP names are business contacts, kept


def test_secrets_are_never_stored(log: AuditLog) -> None:
    key = "sk-test-4f9aQ2x7LmN3pR8tV1wY6zB0"
    entry = make_entry(
        inputs={"question": f"why does {key} fail?", "headers": {"Authorization": "Bearer abc"}},
        parameters={"temperature": 0.1, "api_key": key, "extra": f"Bearer {key}"},
        error=f"Incorrect API key provided: {key}",
        tags={"debug": f"OPENAI_API_KEY={key}"},
    )
    record = log.record(entry)

    assert key not in _dump_everything(log)
    assert "sk-test" not in _dump_everything(log)
    assert record.parameters == {"temperature": 0.1, "api_key": "[SECRET]", "extra": "[SECRET]"}
    assert record.inputs["headers"] == {"Authorization": "[SECRET]"}
    assert record.error == "Incorrect API key provided: [SECRET]"
    out = io.StringIO()
    log.export("jsonl", out)
    assert key not in out.getvalue()


# Queries ------------------------------------------------------------------------------------


def test_list_filters(log: AuditLog) -> None:
    log.record(make_entry(0))  # rep-0, brief, 09:00
    log.record(make_entry(1, role=Role.MSL, workflow="inquiries", user="msl-1"))  # 09:01
    log.record(make_entry(2, flags=[AuditFlag(kind="superlative", detail="best")]))  # 09:02
    log.record(make_entry(3, doc_id="neurevia-label", error="provider timeout"))  # 09:03
    log.record(make_entry(4, workflow="eval", role=Role.MLR, eval_run_id="run-1"))  # 09:04

    def seqs(**filters: Any) -> list[int]:
        return [r.seq for r in log.list(**filters)]

    assert seqs() == [5, 4, 3, 2, 1]  # newest first
    assert seqs(limit=2) == [5, 4]
    assert seqs(user="rep-0") == [4, 1]
    assert seqs(role=Role.MSL) == [2]
    assert seqs(role="mlr", workflow="eval") == [5]
    assert seqs(eval_run_id="run-1") == [5]
    assert seqs(since=T0 + timedelta(minutes=1), until=T0 + timedelta(minutes=3)) == [3, 2]
    assert seqs(doc_id="neurevia-label") == [4]
    assert seqs(doc_id="imrelza-srd") == []  # retrieved everywhere, cited nowhere
    assert seqs(flagged_only=True) == [4, 3]
    assert seqs(flagged_only=True, user="rep-2") == [3]
    # People's outputs and eval runs' apart: an eval run acts as a rep, it is not one.
    assert seqs(traffic="production") == [4, 3, 2, 1]
    assert seqs(traffic="evals") == [5]
    assert seqs(traffic="all") == seqs()
    with pytest.raises(ValueError, match="unknown traffic 'eval'"):
        log.list(traffic="eval")  # type: ignore[arg-type]


def test_impact_lists_the_outputs_that_cited_a_document(log: AuditLog) -> None:
    for i in range(6):
        log.record(make_entry(i, doc_id="neurevia-label" if i % 2 else "zorvexa-label"))

    impacted = log.impact("neurevia-label")
    assert [r.seq for r in impacted] == [2, 4, 6]
    assert {c.doc_id for r in impacted for s in r.sentences for c in s.citations} == {
        "neurevia-label"
    }
    assert log.impact("neurevia-label", version="2") == []
    assert log.impact("imrelza-srd") == []
    log.record(make_entry(7, doc_id="neurevia-label", eval_run_id="run-9"))
    assert [r.seq for r in log.impact("neurevia-label", traffic="production")] == [2, 4, 6]
    assert [r.seq for r in log.impact("neurevia-label", traffic="evals")] == [7]
    assert [r.seq for r in log.impact("neurevia-label")] == [2, 4, 6, 7]


# Export -------------------------------------------------------------------------------------


def test_export_round_trips_jsonl_and_csv(log: AuditLog) -> None:
    log.record_many(make_entry(i) for i in range(1, 1201))
    log.record(make_entry(0, workflow="ask"))

    jsonl = io.StringIO()
    assert log.export("jsonl", jsonl) == 1201
    lines = jsonl.getvalue().splitlines()
    assert len(lines) == 1201
    first = json.loads(lines[0])
    assert first["seq"] == 1 and first["user"] == "rep-1"
    # Each line is re-verifiable offline: its hash is over the line without record_hash.
    stored_hash = first.pop("record_hash")
    canonical = json.dumps(first, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(canonical.encode()).hexdigest() == stored_hash
    assert json.loads(lines[-1])["prev_hash"] == json.loads(lines[-2])["record_hash"]

    table = io.StringIO()
    assert log.export("csv", table) == 1201
    rows = list(csv.DictReader(io.StringIO(table.getvalue())))
    assert len(rows) == 1201
    assert [int(r["seq"]) for r in rows] == list(range(1, 1202))
    assert json.loads(rows[0]["sentences"])[0]["citations"][0]["doc_id"] == "zorvexa-label"

    only = io.StringIO()
    assert log.export("jsonl", only, workflow="ask") == 1
    assert [r.seq for r in log.iter_records(workflow="ask", batch=10)] == [1201]
    assert sum(1 for _ in log.iter_records(batch=100)) == log.count() == 1201
    with pytest.raises(ValueError, match="unknown export format"):
        log.export("xml", io.StringIO())  # type: ignore[arg-type]


def test_export_streams_instead_of_loading_everything(log: AuditLog) -> None:
    log.record_many(make_entry(i) for i in range(4000))
    out = io.StringIO()
    tracemalloc.start()
    try:
        log.export("jsonl", out, batch=100)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = len(out.getvalue())
    # The output is held in memory by the StringIO itself; the rows must not be, all at once.
    assert size > 4_000_000
    assert peak - size < size / 4, (peak, size)


# Schema -------------------------------------------------------------------------------------


def test_migrations_are_recorded_and_applied_once(log: AuditLog) -> None:
    with log.engine.connect() as conn:
        names = conn.execute(sa.text("SELECT name FROM _migrations ORDER BY name")).scalars()
        assert list(names) == [fn.__name__ for fn in MIGRATIONS]
        tables = set(sa.inspect(conn).get_table_names())
    assert {"audit_records", "audit_citations", "audit_chain_head", "_migrations"} <= tables
    assert migrate(log.engine) == []
    AuditLog(log.engine)  # opening again changes nothing
    assert log.verify().ok and log.verify().checked == 0


def test_the_log_has_no_way_to_change_a_record() -> None:
    public = {name for name in dir(AuditLog) if not name.startswith("_")}
    assert not {n for n in public if any(w in n for w in ("update", "delete", "edit", "remove"))}


# CLI ----------------------------------------------------------------------------------------


class AuditSettings(Settings):
    """Settings with the field the main Settings will carry."""

    audit_url: str | None = None


runner = CliRunner()


def _cli(url: str | None, *args: str) -> Any:
    return runner.invoke(audit_app, list(args), obj=AuditSettings(audit_url=url))


def test_cli_verify_show_list_export(log: AuditLog, audit_url: str, tmp_path: Path) -> None:
    records = [log.record(make_entry(i)) for i in range(5)]

    ok = _cli(audit_url, "verify")
    assert ok.exit_code == 0, ok.output
    assert "ok: 5 records" in ok.stdout

    shown = _cli(audit_url, "show", records[2].record_id)
    assert shown.exit_code == 0
    assert json.loads(shown.stdout)["record_hash"] == records[2].record_hash
    assert _cli(audit_url, "show", "nope").exit_code == 1

    listed = _cli(audit_url, "list", "--user", "rep-1", "--json")
    assert [r["seq"] for r in json.loads(listed.stdout)] == [5, 2]
    assert _cli(audit_url, "list").exit_code == 0  # the table renders

    out = tmp_path / "audit.csv"
    exported = _cli(audit_url, "export", "--format", "csv", "--out", str(out))
    assert exported.exit_code == 0, exported.output
    assert len(list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))) == 5
    jsonl = _cli(audit_url, "export", "--format", "jsonl", "--since", "2026-03-02T09:03:00")
    assert [json.loads(line)["seq"] for line in jsonl.stdout.splitlines()] == [4, 5]

    with log.engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_records SET model = 'gpt-x' WHERE seq = 3"))
    broken = _cli(audit_url, "verify")
    assert broken.exit_code == 1
    assert records[2].record_id in broken.stderr
    assert json.loads(_cli(audit_url, "verify", "--json").stdout)["first_bad_seq"] == 3


def test_cli_defaults_to_sqlite_in_home_and_reports_a_missing_log(tmp_path: Path) -> None:
    missing = _cli(None, "verify")
    assert missing.exit_code == 2
    assert "no audit log at" in missing.stderr
    home_log = AuditSettings().resolved_home / "audit.db"
    with AuditLog.open(f"sqlite:///{home_log}") as log:
        log.record(make_entry())
    assert _cli(None, "verify").exit_code == 0


def test_pv_decisions_are_recorded_with_their_case_number_or_reason(log: AuditLog) -> None:
    from assistant.actions import (
        NOT_REPORTABLE,
        REPORTED,
        mark_not_reportable,
        pv_reports,
        report_to_pharmacovigilance,
        safety_flag_key,
    )
    from assistant.outputs import SafetyFlag

    def flag(source_id: str) -> SafetyFlag:
        return SafetyFlag(
            source_id=source_id,
            source_type="note",
            kind="AE",
            evidence="pt on X had a rash",
            received_at=None,
            hcp_id="HCP-1",
        )

    report_to_pharmacovigilance(log, flag("N-1"), user="sam", role=Role.MSL, case_number="SC-9")
    with pytest.raises(ValueError, match="say why"):
        mark_not_reportable(log, flag("N-2"), reason="  ", user="sam", role=Role.MSL)
    mark_not_reportable(log, flag("N-2"), reason="competitor drug", user="sam", role=Role.MSL)
    decided = pv_reports(log)
    first, second = decided[safety_flag_key(flag("N-1"))], decided[safety_flag_key(flag("N-2"))]
    assert (first.decision, first.detail) == (REPORTED, "SC-9")
    assert (second.decision, second.detail) == (NOT_REPORTABLE, "competitor drug")
    assert len(decided) == 2  # the refused empty reason recorded nothing


def test_a_medical_information_request_needs_the_hcp_who_asked(log: AuditLog) -> None:
    from assistant.actions import (
        MI_REQUEST_WORKFLOW,
        file_medical_information_request,
        medical_information_requests,
    )

    for missing in ("", "   "):
        with pytest.raises(ValueError, match="needs the HCP who asked"):
            file_medical_information_request(
                log,
                question="Can it be used in thyroid cancer?",
                user="rita",
                role=Role.REP,
                hcp_id=missing,
            )
    assert log.list(workflow=MI_REQUEST_WORKFLOW) == []
    receipt = file_medical_information_request(
        log,
        question="Can it be used in thyroid cancer?",
        user="rita",
        role=Role.REP,
        hcp_id=" HCP-002 ",
        refused_record_id="rec-1",
    )
    (filed,) = medical_information_requests(log)
    assert filed.record_id == receipt.record_id
    assert (filed.user, filed.inputs["hcp_id"]) == ("rita", "HCP-002")
    assert filed.output_shown == {"status": "submitted", "route": "medical information (MSL)"}


def test_a_pv_decision_is_undone_only_by_its_author_within_the_day(log: AuditLog) -> None:
    from assistant.actions import (
        UNDO_WINDOW,
        can_undo,
        mark_not_reportable,
        pv_reports,
        report_to_pharmacovigilance,
        safety_flag_key,
        undo_pv_decision,
    )
    from assistant.outputs import SafetyFlag

    flag = SafetyFlag(
        source_id="N-7",
        source_type="note",
        kind="PC",
        evidence="cracked syringe",
        received_at=None,
        hcp_id="HCP-1",
    )
    key = safety_flag_key(flag)
    with pytest.raises(ValueError, match="no decision to undo"):
        undo_pv_decision(log, flag, user="sam", role=Role.MSL)
    report_to_pharmacovigilance(log, flag, user="sam", role=Role.MSL, case_number="SC-1")
    decided = pv_reports(log)[key]
    with pytest.raises(ValueError, match="only sam, who recorded this decision, can undo it"):
        undo_pv_decision(log, flag, user="omar", role=Role.MSL)
    late = decided.at + UNDO_WINDOW + timedelta(seconds=1)
    assert can_undo(decided, "sam", now=decided.at) and not can_undo(decided, "sam", now=late)
    assert not can_undo(decided, "omar", now=decided.at)
    with pytest.raises(ValueError, match="within 24 hours"):
        undo_pv_decision(log, flag, user="sam", role=Role.MSL, now=late)

    undo_pv_decision(log, flag, user="sam", role=Role.MSL, now=decided.at)
    assert key not in pv_reports(log), "open again"
    mark_not_reportable(log, flag, reason="duplicate of N-6", user="omar", role=Role.MSL)
    standing = pv_reports(log)[key]
    assert (standing.user, standing.detail) == ("omar", "duplicate of N-6")  # the latest stands
    steps = [r.output_shown["decision"] for r in log.list(workflow="pv_report")][::-1]
    assert steps == ["reported", "undone", "not reportable"]
