"""Withdrawing a document by command: retired at once, still known, never silently re-approved.

``withdraw_document`` (``KnowledgeBase.withdraw``) sets the catalog record's status to
``withdrawn`` (same version), deletes the document's chunks from the dense index and rebuilds
the lexical index from it, and stores who withdrew which version, when and why. Ingest reads
those events: a manifest that still says ``approved`` for a withdrawn version leaves it
withdrawn; only a new version can bring the document back.

Order of writes, so that an interruption fails safe: the event first (ingest then never
re-indexes this version), then the index (nothing is served), then the catalog record. Running
the command again completes an interrupted withdrawal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from pydantic import BaseModel

from knowledge_base.catalog import Catalog, WithdrawalEvent
from knowledge_base.errors import KnowledgeBaseError
from knowledge_base.models import Status
from knowledge_base.vector_index import VectorIndex

__all__ = [
    "AlreadyWithdrawnError",
    "UnknownDocumentError",
    "WithdrawalResult",
    "withdraw_document",
    "withdrawn_by_command",
]


class UnknownDocumentError(KnowledgeBaseError):
    pass


class AlreadyWithdrawnError(KnowledgeBaseError):
    """The document's current version is already withdrawn; nothing was changed."""


class WithdrawalResult(BaseModel):
    doc_id: str
    version: str
    title: str
    approval_code: str
    previous_status: Status
    chunks_removed: int
    reason: str
    by: str
    at: datetime


def withdrawn_by_command(catalog: Catalog, doc_id: str, version: str) -> WithdrawalEvent | None:
    """The latest withdrawal of this document version by command, if any."""
    events = [e for e in catalog.withdrawals(doc_id) if e.version == version]
    return events[-1] if events else None


def withdraw_document(
    catalog: Catalog,
    index: VectorIndex,
    rebuild_lexical_index: Callable[[], None],
    doc_id: str,
    *,
    reason: str,
    by: str,
    now: datetime | None = None,
) -> WithdrawalResult:
    reason, by = reason.strip(), by.strip()
    if not reason:
        raise KnowledgeBaseError("a withdrawal needs a reason (e.g. the MLR decision)")
    if not by:
        raise KnowledgeBaseError("a withdrawal needs the name of who withdraws it")
    entry = catalog.get_document(doc_id)
    if entry is None:
        raise UnknownDocumentError(
            f"unknown document '{doc_id}': `medbrief content status` lists the documents "
            "the library knows"
        )
    meta = entry.metadata
    if meta.status is Status.WITHDRAWN:
        event = withdrawn_by_command(catalog, doc_id, meta.version)
        how = (
            f"by {event.by} on {event.at:%Y-%m-%d %H:%M} UTC: {event.reason}"
            if event
            else "per its manifest"
        )
        raise AlreadyWithdrawnError(
            f"'{doc_id}' version {meta.version} is already withdrawn ({how}); nothing changed"
        )
    if meta.status in (Status.DRAFT, Status.IN_REVIEW):
        raise KnowledgeBaseError(
            f"'{doc_id}' version {meta.version} is {meta.status.value}: never approved nor "
            "indexed, so there is nothing to withdraw; change its status in the manifest"
        )
    when = (now or datetime.now(UTC)).astimezone(UTC)
    catalog.record_withdrawal(doc_id, meta.version, reason=reason, by=by, at=when)
    chunk_ids = index.chunk_ids(doc_id)
    index.delete_chunks(chunk_ids)
    rebuild_lexical_index()
    catalog.record_document(
        meta.model_copy(update={"status": Status.WITHDRAWN}),
        file_sha256=entry.file_sha256,
        source_path=entry.source_path,
        parsed=None,
        chunk_count=entry.chunk_count,
        indexed=False,
    )
    return WithdrawalResult(
        doc_id=doc_id,
        version=meta.version,
        title=meta.title,
        approval_code=meta.approval_code,
        previous_status=meta.status,
        chunks_removed=len(chunk_ids),
        reason=reason,
        by=by,
        at=when,
    )
