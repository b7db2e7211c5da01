"""Replay a recorded output against today's content and prompt, and say what changed.

``replay(record, services)`` re-runs the record's workflow with the same inputs (``brief``: the
HCP and role; ``ask``: question, role, HCP and history, as recorded, i.e. PHI-redacted), records
the replay in the audit log as a new record tagged ``{"replay_of": <record id>}``, and compares:

- each originally cited (doc_id, version) against the catalog today: current, superseded by a
  newer version, withdrawn, expired, no longer known;
- citations added and removed (by chunk id, shown sentences only: what the reader saw);
- prompt version/hash, provider/model, and whether the answer was refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.audit.log import AuditLog
from assistant.audit.models import AuditEntry, AuditRecord
from assistant.providers.base import GenerationError
from assistant.services import Services
from assistant.workflows.briefing import build_briefing
from assistant.workflows.chat import ChatTurn, answer_question
from knowledge_base.catalog import Catalog
from knowledge_base.models import Role, Status
from knowledge_base.withdrawal import withdrawn_by_command

__all__ = ["REPLAYABLE", "CitedDocumentState", "ReplayError", "ReplayReport", "replay"]

REPLAYABLE = ("brief", "ask")

DocumentState = Literal[
    "current", "superseded", "withdrawn", "expired", "not_groundable", "unknown"
]


class ReplayError(ValueError):
    """The record cannot be replayed (unsupported workflow, inputs missing)."""


class CitedDocumentState(BaseModel):
    """An originally cited document version, as the catalog sees it today."""

    doc_id: str
    version: str = Field(description="The version the original output cited.")
    approval_code: str
    chunk_ids: list[str]
    state: DocumentState
    current_version: str | None = None
    current_status: str | None = None
    groundable_today: bool = False
    detail: str

    @property
    def stale(self) -> bool:
        return self.state != "current"


class ReplayReport(BaseModel):
    record_id: str = Field(description="The replayed (original) record.")
    replay_record_id: str = Field(description="The replay's own audit record.")
    workflow: str
    role: str
    inputs: dict[str, Any]
    original_created_at: datetime
    replayed_at: datetime
    today: date
    cited_documents: list[CitedDocumentState]
    citations_added: list[str] = Field(description="Chunk ids cited now, not originally.")
    citations_removed: list[str] = Field(description="Chunk ids cited originally, not now.")
    citations_kept: list[str]
    prompt_before: str
    prompt_after: str
    prompt_changed: bool
    model_before: str
    model_after: str
    model_changed: bool
    refused_before: bool
    refused_after: bool
    error_before: str | None = None
    error_after: str | None = None

    @property
    def stale_citations(self) -> list[CitedDocumentState]:
        return [d for d in self.cited_documents if d.stale]

    @property
    def refused_changed(self) -> bool:
        return self.refused_before != self.refused_after

    @property
    def changed(self) -> bool:
        return bool(
            self.stale_citations
            or self.citations_added
            or self.citations_removed
            or self.prompt_changed
            or self.model_changed
            or self.refused_changed
            or (self.error_before is None) != (self.error_after is None)
        )

    def summary(self) -> dict[str, Any]:
        """The JSON view: the fields plus the derived verdicts."""
        return self.model_dump(mode="json") | {
            "changed": self.changed,
            "refused_changed": self.refused_changed,
            "stale_citations": [d.doc_id for d in self.stale_citations],
        }


class _TaggingAuditLog(AuditLog):
    """The services' audit log (same engine and clock) adding tags to every record written."""

    def __init__(self, log: AuditLog, tags: Mapping[str, str]) -> None:  # no super(): no migrate
        self.__dict__.update(vars(log))
        self._owns_engine = False
        self._tags = dict(tags)
        self.written: list[AuditRecord] = []

    def record_many(self, entries: Iterable[AuditEntry]) -> list[AuditRecord]:
        records = super().record_many(
            entry.model_copy(update={"tags": {**entry.tags, **self._tags}}) for entry in entries
        )
        self.written += records
        return records


def _shown_citations(record: AuditRecord) -> dict[str, tuple[str, str, str]]:
    """chunk_id -> (doc_id, version, approval_code) of sentences the reader was shown."""
    if _refused(record):  # a refusal shows none of the generated sentences
        return {}
    return {
        c.chunk_id: (c.doc_id, c.version, c.approval_code)
        for s in record.sentences
        if s.shown
        for c in s.citations
    }


def _refused(record: AuditRecord) -> bool:
    shown = record.output_shown
    return isinstance(shown, dict) and shown.get("refused") is True


def _prompt(record: AuditRecord) -> str:
    return f"{record.prompt_id} v{record.prompt_version} sha256:{record.prompt_sha256[:12]}"


def _document_state(
    catalog: Catalog, doc_id: str, version: str, today: date
) -> tuple[DocumentState, str | None, str | None, bool, str]:
    entry = catalog.get_document(doc_id)
    if entry is None:
        return "unknown", None, None, False, "no longer in the content library"
    meta = entry.metadata
    current, status = meta.version, meta.status.value
    groundable = meta.is_groundable(today)
    event = withdrawn_by_command(catalog, doc_id, version)
    if event is not None:
        detail = f"withdrawn by {event.by} on {event.at:%Y-%m-%d}: {event.reason}"
        if current != version:
            detail += f" (current version {current}, {status})"
        return "withdrawn", current, status, groundable, detail
    if current != version:
        return (
            "superseded",
            current,
            status,
            groundable,
            f"superseded by version {current} ({status})",
        )
    if meta.status is Status.WITHDRAWN:
        return "withdrawn", current, status, groundable, "withdrawn (per its manifest)"
    if meta.status is Status.EXPIRED or (
        meta.status is Status.APPROVED and meta.expires_on is not None and meta.expires_on < today
    ):
        return "expired", current, status, groundable, f"expired (expires_on {meta.expires_on})"
    if not groundable:
        return "not_groundable", current, status, groundable, f"status {status}"
    return "current", current, status, groundable, f"current, approved until {meta.expires_on}"


def _cited_documents(
    catalog: Catalog, cited: Mapping[str, tuple[str, str, str]], today: date
) -> list[CitedDocumentState]:
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for chunk_id, key in cited.items():
        grouped.setdefault(key, []).append(chunk_id)
    states = []
    for (doc_id, version, approval_code), chunk_ids in sorted(grouped.items()):
        state, current, status, groundable, detail = _document_state(
            catalog, doc_id, version, today
        )
        states.append(
            CitedDocumentState(
                doc_id=doc_id,
                version=version,
                approval_code=approval_code,
                chunk_ids=sorted(chunk_ids),
                state=state,
                current_version=current,
                current_status=status,
                groundable_today=groundable,
                detail=detail,
            )
        )
    return states


def _role(record: AuditRecord) -> Role:
    given = record.inputs.get("role")
    try:
        return Role(given) if isinstance(given, str) else record.role
    except ValueError as error:
        raise ReplayError(f"record {record.record_id}: unknown role {given!r}") from error


def _rerun(record: AuditRecord, services: Services, user: str) -> None:
    inputs, role = record.inputs, _role(record)
    if record.workflow == "brief":
        hcp_id = inputs.get("hcp_id")
        if not isinstance(hcp_id, str):
            raise ReplayError(f"record {record.record_id}: no hcp_id in its inputs")
        build_briefing(hcp_id, role, services, user=user)
        return
    question = inputs.get("question")
    if not isinstance(question, str):
        raise ReplayError(f"record {record.record_id}: no question in its inputs")
    hcp = inputs.get("hcp_id")
    raw_history = inputs.get("history")
    history = [
        ChatTurn(role=str(t.get("role", "user")), text=str(t.get("text", "")))
        for t in (raw_history if isinstance(raw_history, list) else [])
        if isinstance(t, dict)
    ]
    answer_question(
        question,
        role,
        services,
        hcp_id=hcp if isinstance(hcp, str) else None,
        history=history,
        user=user,
    )


def replay(record: AuditRecord, services: Services, *, user: str = "replay") -> ReplayReport:
    """Re-run ``record``'s workflow on today's content and prompt; report what changed.

    Raises ``ReplayError`` for a workflow other than brief/ask; the workflows' own errors (e.g.
    an HCP no longer known: ``KnowledgeBaseError``) propagate."""
    if record.workflow not in REPLAYABLE:
        raise ReplayError(
            f"record {record.record_id} is a '{record.workflow}' output; only "
            f"{' and '.join(REPLAYABLE)} outputs can be replayed"
        )
    log = _TaggingAuditLog(services.audit, {"replay_of": record.record_id})
    # Today's indexes, not the lexical generation loaded when the services were opened.
    tagged = dataclasses.replace(services, retriever=services.kb.retriever(), audit=log)
    try:
        _rerun(record, tagged, user)
    except GenerationError:
        # The workflow recorded the failure (tagged) before raising: report it like any output.
        if not log.written:
            raise
    if not log.written:
        raise ReplayError(f"the replay of {record.record_id} left no audit record")
    new = log.written[-1]
    today = tagged.today()
    before, after = _shown_citations(record), _shown_citations(new)
    return ReplayReport(
        record_id=record.record_id,
        replay_record_id=new.record_id,
        workflow=record.workflow,
        role=str(record.role),
        inputs=dict(record.inputs),
        original_created_at=record.created_at,
        replayed_at=new.created_at,
        today=today,
        cited_documents=_cited_documents(services.kb.catalog, before, today),
        citations_added=sorted(set(after) - set(before)),
        citations_removed=sorted(set(before) - set(after)),
        citations_kept=sorted(set(before) & set(after)),
        prompt_before=_prompt(record),
        prompt_after=_prompt(new),
        prompt_changed=(record.prompt_id, record.prompt_version, record.prompt_sha256)
        != (new.prompt_id, new.prompt_version, new.prompt_sha256),
        model_before=f"{record.provider}/{record.model}",
        model_after=f"{new.provider}/{new.model}",
        model_changed=(record.provider, record.model) != (new.provider, new.model),
        refused_before=_refused(record),
        refused_after=_refused(new),
        error_before=record.error,
        error_after=new.error,
    )
