"""The content library: what is known about every document, version, HCP, note and inquiry.

A SQL database (SQLite in the data directory by default, any SQLAlchemy URL otherwise, e.g.
``postgresql+psycopg://...`` shared by every app instance in server mode). It keeps every
document known to the library, including withdrawn and expired ones that the index no longer
serves, and the text of every ingested version so a citation's offsets can always be resolved to
the exact passage.

It also hands out the content writer lock (``writer_lock``, see ``knowledge_base.database``).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime

import sqlalchemy as sa
from pydantic import BaseModel

from knowledge_base.database import WRITER_LOCK_TIMEOUT_S, create_engine, create_tables, writer_lock
from knowledge_base.models import (
    DocumentMetadata,
    FieldNote,
    HcpProfile,
    Inquiry,
    NoteAuthorRole,
    ParsedDocument,
)
from knowledge_base.screening import ScreenedFlag

__all__ = ["Catalog", "CatalogEntry", "WithdrawalEvent"]

_metadata = sa.MetaData()

_documents = sa.Table(
    "documents",
    _metadata,
    sa.Column("doc_id", sa.String(128), primary_key=True),
    sa.Column("version", sa.String(32), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("file_sha256", sa.String(64), nullable=False),
    sa.Column("metadata_json", sa.Text, nullable=False),
    sa.Column("source_path", sa.Text, nullable=False),
    sa.Column("chunk_count", sa.Integer, nullable=False),
    sa.Column("indexed", sa.Boolean, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

_versions = sa.Table(
    "document_versions",
    _metadata,
    sa.Column("doc_id", sa.String(128), primary_key=True),
    sa.Column("version", sa.String(32), primary_key=True),
    sa.Column("file_sha256", sa.String(64), nullable=False),
    sa.Column("metadata_json", sa.Text, nullable=False),
    sa.Column("parsed_json", sa.Text, nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
)

_hcps = sa.Table(
    "hcps",
    _metadata,
    sa.Column("hcp_id", sa.String(64), primary_key=True),
    sa.Column("record_json", sa.Text, nullable=False),
)

_notes = sa.Table(
    "notes",
    _metadata,
    sa.Column("note_id", sa.String(64), primary_key=True),
    sa.Column("hcp_id", sa.String(64), nullable=False, index=True),
    sa.Column("author_role", sa.String(8), nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("record_json", sa.Text, nullable=False),
)

_inquiries = sa.Table(
    "inquiries",
    _metadata,
    sa.Column("inquiry_id", sa.String(64), primary_key=True),
    sa.Column("hcp_id", sa.String(64), nullable=False, index=True),
    sa.Column("received_at", sa.DateTime, nullable=False),
    sa.Column("record_json", sa.Text, nullable=False),
)

# Possible AEs/PCs found by screening CRM rows as read (``knowledge_base.screening``). Append-only:
# a flag raised once stays, even if a later export changes or drops the row, because it may
# already be owed to pharmacovigilance. The same flag screened again is not added twice.
_safety_flags = sa.Table(
    "safety_flags",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source_type", sa.String(16), nullable=False),
    sa.Column("source_id", sa.String(128), nullable=False, index=True),
    sa.Column("kind", sa.String(4), nullable=False),
    sa.Column("evidence_sha256", sa.String(64), nullable=False),
    sa.Column("record_json", sa.Text, nullable=False),
    sa.Column("screened_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("source_type", "source_id", "kind", "evidence_sha256"),
)

# Withdrawals by command (``medbrief content withdraw``): who retired which version, when, why.
# Ingest reads it so that a manifest still saying ``approved`` cannot re-approve that version.
_withdrawals = sa.Table(
    "withdrawals",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc_id", sa.String(128), nullable=False, index=True),
    sa.Column("version", sa.String(32), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("withdrawn_by", sa.String(128), nullable=False),
    sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=False),
)

# One row per transaction that changed anything above: its largest id is the catalog's revision,
# which outputs computed from the catalog (the inquiry backlog summary) are cached by. Rows are
# only ever added, so writers never wait on one another for it.
_changes = sa.Table(
    "catalog_changes",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
)


def _changed(conn: sa.Connection) -> None:
    conn.execute(sa.insert(_changes).values(changed_at=_now()))


class WithdrawalEvent(BaseModel):
    """One withdrawal of a document version by command."""

    doc_id: str
    version: str
    reason: str
    by: str
    at: datetime


class CatalogEntry(BaseModel):
    """A document as the library knows it now: its MLR record and its index state."""

    metadata: DocumentMetadata
    file_sha256: str
    source_path: str
    chunk_count: int
    indexed: bool
    updated_at: datetime


def _now() -> datetime:
    return datetime.now(UTC)


class Catalog:
    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine
        self._local_writer = threading.Lock()
        create_tables(engine, _metadata)

    @classmethod
    def open(cls, url: str) -> Catalog:
        return cls(create_engine(url))

    @property
    def engine(self) -> sa.Engine:
        """The catalog database (the shared lexical index generations live there too)."""
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def writer_lock(self, timeout_s: float = WRITER_LOCK_TIMEOUT_S) -> AbstractContextManager[None]:
        """Held by an ingest or a withdrawal: one content writer at a time, everywhere."""
        return writer_lock(self._engine, self._local_writer, timeout_s)

    # Documents -----------------------------------------------------------------------------

    def get_document(self, doc_id: str) -> CatalogEntry | None:
        with self._engine.connect() as conn:
            row = (
                conn.execute(sa.select(_documents).where(_documents.c.doc_id == doc_id))
                .mappings()
                .first()
            )
        return None if row is None else _entry(row)

    def document_count(self) -> int:
        with self._engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(_documents)).scalar_one()

    def list_documents(self) -> list[CatalogEntry]:
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(_documents).order_by(_documents.c.doc_id)).mappings()
            return [_entry(row) for row in rows]

    def record_document(
        self,
        metadata: DocumentMetadata,
        *,
        file_sha256: str,
        source_path: str,
        parsed: ParsedDocument | None,
        chunk_count: int,
        indexed: bool,
    ) -> None:
        """Make ``metadata`` the current record of its document, in one transaction.

        ``parsed`` is stored as this version's text when given (a new version); a metadata-only
        change (status, expiry) of a known version passes ``None``.
        """
        now = _now()
        metadata_json = metadata.model_dump_json()
        values = {
            "version": metadata.version,
            "status": metadata.status.value,
            "file_sha256": file_sha256,
            "metadata_json": metadata_json,
            "source_path": source_path,
            "chunk_count": chunk_count,
            "indexed": indexed,
            "updated_at": now,
        }
        with self._engine.begin() as conn:
            if parsed is not None:
                conn.execute(
                    sa.delete(_versions).where(
                        (_versions.c.doc_id == metadata.doc_id)
                        & (_versions.c.version == metadata.version)
                    )
                )
                conn.execute(
                    sa.insert(_versions).values(
                        doc_id=metadata.doc_id,
                        version=metadata.version,
                        file_sha256=file_sha256,
                        metadata_json=metadata_json,
                        parsed_json=parsed.model_dump_json(),
                        ingested_at=now,
                    )
                )
            updated = conn.execute(
                sa.update(_documents).where(_documents.c.doc_id == metadata.doc_id).values(**values)
            )
            if updated.rowcount == 0:
                conn.execute(sa.insert(_documents).values(doc_id=metadata.doc_id, **values))
            _changed(conn)

    def parsed_version(self, doc_id: str, version: str) -> ParsedDocument | None:
        """The stored text and sections of one version: citations' offsets point into it."""
        with self._engine.connect() as conn:
            parsed_json = conn.execute(
                sa.select(_versions.c.parsed_json).where(
                    (_versions.c.doc_id == doc_id) & (_versions.c.version == version)
                )
            ).scalar()
        return None if parsed_json is None else ParsedDocument.model_validate_json(parsed_json)

    def versions(self, doc_id: str) -> list[str]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                sa.select(_versions.c.version)
                .where(_versions.c.doc_id == doc_id)
                .order_by(_versions.c.ingested_at)
            )
            return [row[0] for row in rows]

    # Withdrawals -----------------------------------------------------------------------------

    def record_withdrawal(
        self, doc_id: str, version: str, *, reason: str, by: str, at: datetime | None = None
    ) -> WithdrawalEvent:
        """Store that ``doc_id`` version ``version`` was withdrawn by ``by`` (UTC ``at``)."""
        when = (at or _now()).astimezone(UTC)
        with self._engine.begin() as conn:
            conn.execute(
                sa.insert(_withdrawals).values(
                    doc_id=doc_id,
                    version=version,
                    reason=reason,
                    withdrawn_by=by,
                    withdrawn_at=when,
                )
            )
            _changed(conn)
        return WithdrawalEvent(doc_id=doc_id, version=version, reason=reason, by=by, at=when)

    def withdrawals(self, doc_id: str | None = None) -> list[WithdrawalEvent]:
        """Withdrawal events, oldest first; only ``doc_id``'s when given."""
        query = sa.select(_withdrawals).order_by(_withdrawals.c.withdrawn_at, _withdrawals.c.id)
        if doc_id is not None:
            query = query.where(_withdrawals.c.doc_id == doc_id)
        with self._engine.connect() as conn:
            return [
                WithdrawalEvent(
                    doc_id=row["doc_id"],
                    version=row["version"],
                    reason=row["reason"],
                    by=row["withdrawn_by"],
                    at=_utc(row["withdrawn_at"]),
                )
                for row in conn.execute(query).mappings()
            ]

    # CRM records -----------------------------------------------------------------------------

    def upsert_hcps(self, hcps: Iterable[HcpProfile]) -> list[str]:
        rows = [{"hcp_id": h.hcp_id, "record_json": h.model_dump_json()} for h in hcps]
        return self._upsert(_hcps, "hcp_id", rows)

    def upsert_notes(self, notes: Iterable[FieldNote]) -> list[str]:
        rows = [
            {
                "note_id": n.note_id,
                "hcp_id": n.hcp_id,
                "author_role": n.author_role.value,
                "date": n.date,
                "record_json": n.model_dump_json(),
            }
            for n in notes
        ]
        return self._upsert(_notes, "note_id", rows)

    def upsert_inquiries(self, inquiries: Iterable[Inquiry]) -> list[str]:
        rows = [
            {
                "inquiry_id": q.inquiry_id,
                "hcp_id": q.hcp_id,
                "received_at": q.received_at.replace(tzinfo=None),  # already UTC
                "record_json": q.model_dump_json(),
            }
            for q in inquiries
        ]
        return self._upsert(_inquiries, "inquiry_id", rows)

    def _upsert(self, table: sa.Table, key: str, rows: Sequence[dict[str, object]]) -> list[str]:
        """Insert or replace rows by key, in one transaction; returns the keys new or changed."""
        changed: list[str] = []
        with self._engine.begin() as conn:
            for row in rows:
                current = conn.execute(
                    sa.select(table.c.record_json).where(table.c[key] == row[key])
                ).scalar()
                if current == row["record_json"]:
                    continue
                changed.append(str(row[key]))
                if current is None:
                    conn.execute(sa.insert(table).values(**row))
                else:
                    conn.execute(sa.update(table).where(table.c[key] == row[key]).values(**row))
            if changed:
                _changed(conn)
        return changed

    def get_hcp(self, hcp_id: str) -> HcpProfile | None:
        with self._engine.connect() as conn:
            record = conn.execute(
                sa.select(_hcps.c.record_json).where(_hcps.c.hcp_id == hcp_id)
            ).scalar()
        return None if record is None else HcpProfile.model_validate_json(record)

    def list_hcps(self) -> list[HcpProfile]:
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(_hcps.c.record_json).order_by(_hcps.c.hcp_id))
            return [HcpProfile.model_validate_json(row[0]) for row in rows]

    def notes(self, note_ids: Iterable[str]) -> list[FieldNote]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                sa.select(_notes.c.record_json).where(_notes.c.note_id.in_(list(note_ids)))
            )
            return [FieldNote.model_validate_json(row[0]) for row in rows]

    def note_ids(self) -> set[str]:
        with self._engine.connect() as conn:
            return {row[0] for row in conn.execute(sa.select(_notes.c.note_id))}

    def notes_for_hcp(
        self, hcp_id: str, author_roles: Iterable[NoteAuthorRole] | None = None
    ) -> list[FieldNote]:
        """An HCP's notes, newest first, limited to the author roles the reader may see."""
        query = sa.select(_notes.c.record_json).where(_notes.c.hcp_id == hcp_id)
        if author_roles is not None:
            query = query.where(_notes.c.author_role.in_([r.value for r in author_roles]))
        with self._engine.connect() as conn:
            rows = conn.execute(query.order_by(_notes.c.date.desc(), _notes.c.note_id))
            return [FieldNote.model_validate_json(row[0]) for row in rows]

    def inquiries_for_hcp(self, hcp_id: str) -> list[Inquiry]:
        """An HCP's inquiries, oldest first."""
        query = sa.select(_inquiries.c.record_json).where(_inquiries.c.hcp_id == hcp_id)
        with self._engine.connect() as conn:
            rows = conn.execute(query.order_by(_inquiries.c.received_at))
            return [Inquiry.model_validate_json(row[0]) for row in rows]

    def list_inquiries(self) -> list[Inquiry]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                sa.select(_inquiries.c.record_json).order_by(_inquiries.c.received_at)
            )
            return [Inquiry.model_validate_json(row[0]) for row in rows]

    # Safety flags ----------------------------------------------------------------------------

    def add_safety_flags(self, flags: Iterable[ScreenedFlag]) -> int:
        """Store the flags not stored yet (same source, kind, evidence); returns how many."""
        added = 0
        with self._engine.begin() as conn:
            for flag in flags:
                key = {
                    "source_type": flag.source_type,
                    "source_id": flag.source_id,
                    "kind": flag.kind,
                    "evidence_sha256": hashlib.sha256(flag.evidence.encode()).hexdigest(),
                }
                exists = conn.execute(
                    sa.select(_safety_flags.c.id).where(
                        *(_safety_flags.c[name] == value for name, value in key.items())
                    )
                ).first()
                if exists is None:
                    conn.execute(
                        sa.insert(_safety_flags).values(
                            **key, record_json=flag.model_dump_json(), screened_at=_now()
                        )
                    )
                    added += 1
            if added:
                _changed(conn)
        return added

    def safety_flags(self) -> list[ScreenedFlag]:
        """Every stored flag, in the order screened."""
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(_safety_flags.c.record_json).order_by(_safety_flags.c.id))
            return [ScreenedFlag.model_validate_json(row[0]) for row in rows]

    def revision(self) -> int:
        """A number that grows with every change to the catalog (documents, withdrawals, HCPs,
        notes, inquiries, safety flags): equal revisions mean nothing changed in between."""
        with self._engine.connect() as conn:
            return conn.execute(sa.select(sa.func.max(_changes.c.id))).scalar() or 0

    def counts(self) -> dict[str, int]:
        with self._engine.connect() as conn:
            return {
                table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for table in (_documents, _versions, _hcps, _notes, _inquiries, _safety_flags)
            }


def _utc(value: datetime) -> datetime:
    # SQLite drops the zone; we always store UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _entry(row: sa.RowMapping) -> CatalogEntry:
    updated_at = _utc(row["updated_at"])
    return CatalogEntry(
        metadata=DocumentMetadata.model_validate(json.loads(row["metadata_json"])),
        file_sha256=row["file_sha256"],
        source_path=row["source_path"],
        chunk_count=row["chunk_count"],
        indexed=row["indexed"],
        updated_at=updated_at,
    )
