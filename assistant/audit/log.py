"""The append-only, hash-chained audit log over a SQLAlchemy engine (SQLite or PostgreSQL).

Writers serialise on the chain head row: PostgreSQL ``SELECT ... FOR UPDATE``; SQLite's write
lock, taken by touching the head row as the transaction's first statement (the same effect as
``BEGIN IMMEDIATE``, waiting up to the connection's busy timeout). The next seq, the previous
hash and the time are read under that lock, so concurrent writers, threads or processes, can
neither skip a number nor fork the chain. There is no update or delete: records are appended.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

import sqlalchemy as sa

from assistant.audit.canonical import dump, new_record_id, record_hash, row_fields
from assistant.audit.engine import AuditUnavailableError, create_audit_engine
from assistant.audit.export import write_export
from assistant.audit.migrations import migrate
from assistant.audit.models import AuditEntry, AuditRecord, VerifyResult, format_timestamp
from assistant.audit.sanitize import sanitize_entry
from assistant.audit.schema import (
    HEAD_ID,
    JSON_FIELDS,
    SCALAR_FIELDS,
    chain_head,
    citations,
    column_for,
    records,
)
from assistant.audit.verify import PARALLEL_FROM, verify_chain
from knowledge_base.models import Role

__all__ = ["TRAFFIC", "AuditLog", "Clock", "Traffic"]

#: Whose outputs a listing shows: people's (``production``), eval runs' (``evals``) or both.
Traffic = Literal["production", "evals", "all"]
TRAFFIC: tuple[Traffic, ...] = ("production", "evals", "all")

Clock = Callable[[], datetime]

# What an unreachable server, a full disk or a read-only file raise (not bugs: IntegrityError,
# ProgrammingError and the like stay what they are).
_UNAVAILABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, OSError)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class AuditLog:
    """One audit database. ``AuditLog(engine)`` migrates it; the caller owns the engine.

    ``AuditLog.open(url)`` creates (and on ``close()`` disposes) its own engine.
    """

    def __init__(self, engine: sa.Engine, *, clock: Clock = _utc_now) -> None:
        self.engine = engine
        self._clock = clock
        self._owns_engine = False
        migrate(engine)

    @classmethod
    def open(cls, url: str, *, clock: Clock = _utc_now) -> AuditLog:
        try:
            engine = create_audit_engine(url)
        except OSError as error:  # SQLite: its folder cannot be created
            raise AuditUnavailableError(url, "open", error) from error
        try:
            log = cls(engine, clock=clock)
        except _UNAVAILABLE as error:
            engine.dispose()
            raise AuditUnavailableError(url, "open", error) from error
        except BaseException:
            engine.dispose()
            raise
        log._owns_engine = True
        return log

    def close(self) -> None:
        if self._owns_engine:
            self.engine.dispose()

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Writing --------------------------------------------------------------------------------

    def record(self, entry: AuditEntry) -> AuditRecord:
        """Append one output's record (PHI redacted, secrets stripped) and return it."""
        return self.record_many([entry])[0]

    def record_many(self, entries: Iterable[AuditEntry]) -> list[AuditRecord]:
        """Append several records in one transaction (e.g. an eval run): all or none."""
        clean = [sanitize_entry(entry) for entry in entries]
        if not clean:
            return []
        # Everything but numbering and hashing happens before the lock, which other writers await.
        rows = [_entry_row(entry) for entry in clean]
        cites = [_citation_rows(entry) for entry in clean]
        try:
            return self._append(rows, cites, clean)
        except _UNAVAILABLE as error:
            # The transaction rolled back: no partial record, the chain head is where it was.
            raise AuditUnavailableError(self.engine.url, "write to", error) from error

    def _append(
        self,
        rows: list[dict[str, Any]],
        cites: list[list[dict[str, Any]]],
        clean: list[AuditEntry],
    ) -> list[AuditRecord]:
        with self.engine.connect() as conn, _write_transaction(conn):
            seq, prev_hash = _lock_head(conn)
            now = self._clock()
            created_at = format_timestamp(now)
            for row, entry_cites in zip(rows, cites, strict=True):
                seq += 1
                row.update(seq=seq, record_id=new_record_id(now), created_at=created_at)
                row["prev_hash"] = prev_hash
                row["record_hash"] = prev_hash = record_hash(row_fields(row))
                for cite in entry_cites:
                    cite.update(seq=seq, record_id=row["record_id"])
            conn.execute(records.insert(), rows)
            if all_cites := [cite for entry_cites in cites for cite in entry_cites]:
                conn.execute(citations.insert(), all_cites)
            conn.execute(
                chain_head.update()
                .where(chain_head.c.id == HEAD_ID)
                .values(
                    seq=seq,
                    record_id=rows[-1]["record_id"],
                    record_hash=prev_hash,
                    updated_at=created_at,
                )
            )
        return [_record(row, entry) for row, entry in zip(rows, clean, strict=True)]

    # Reading --------------------------------------------------------------------------------

    def get(self, record_id: str) -> AuditRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(records).where(records.c.record_id == record_id))
            found = row.mappings().first()
        return None if found is None else record_from_row(found)

    def list(
        self,
        *,
        user: str | None = None,
        role: Role | str | None = None,
        workflow: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        doc_id: str | None = None,
        flagged_only: bool = False,
        eval_run_id: str | None = None,
        traffic: Traffic = "all",
        limit: int | None = 100,
    ) -> list[AuditRecord]:
        """Newest first. ``since`` is inclusive, ``until`` exclusive; ``doc_id``: cited it;
        ``flagged_only``: records with a guardrail flag or an error; ``traffic``: people's
        outputs (``production``), eval runs' (``evals``) or both."""
        query = _filtered(
            user=user,
            role=role,
            workflow=workflow,
            since=since,
            until=until,
            doc_id=doc_id,
            flagged_only=flagged_only,
            eval_run_id=eval_run_id,
            traffic=traffic,
        ).order_by(records.c.seq.desc())
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [record_from_row(row) for row in conn.execute(query).mappings()]

    def impact(
        self, doc_id: str, *, version: str | None = None, traffic: Traffic = "all"
    ) -> list[AuditRecord]:
        """Every record with a sentence that cited ``doc_id`` (optionally one version), in order.

        Use this when a document is withdrawn: which outputs, shown to whom, relied on it
        (``traffic="production"``: people's outputs, not eval runs')."""
        cited = sa.select(citations.c.seq).where(
            (citations.c.doc_id == doc_id) & (citations.c.kind == "cited")
        )
        if version is not None:
            cited = cited.where(citations.c.version == version)
        query = _filtered(traffic=traffic).where(records.c.seq.in_(cited)).order_by(records.c.seq)
        with self.engine.connect() as conn:
            return [record_from_row(row) for row in conn.execute(query).mappings()]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(records)).scalar_one()

    def iter_records(self, *, batch: int = 1000, **filters: Any) -> Iterator[AuditRecord]:
        """All matching records in seq order, streamed (server-side cursor on PostgreSQL)."""
        query = _filtered(**filters).order_by(records.c.seq)
        with self.engine.connect() as conn, _stream(conn, query, batch) as result:
            for row in result.mappings():
                yield record_from_row(row)

    def export(
        self, fmt: Literal["jsonl", "csv"], out: TextIO, *, batch: int = 1000, **filters: Any
    ) -> int:
        """Stream matching records (seq order) to ``out`` as JSON lines or CSV; return the count.

        JSON lines are each record's canonical JSON with its hash, so they can be re-verified
        offline. Filters as in ``list`` (without ``limit``)."""
        if fmt not in ("jsonl", "csv"):
            raise ValueError(f"unknown export format {fmt!r}: use jsonl or csv")
        query = _filtered(**filters).order_by(records.c.seq)
        with self.engine.connect() as conn, _stream(conn, query, batch) as result:
            return write_export(fmt, result.mappings(), out)

    def verify(self, *, batch: int = 1000, parallel_from: int = PARALLEL_FROM) -> VerifyResult:
        """Walk the chain in seq order (streamed) and report the first broken link, if any;
        a chain of ``parallel_from`` records or more is walked in two processes."""
        return verify_chain(self.engine, batch=batch, parallel_from=parallel_from)


# Helpers --------------------------------------------------------------------------------------


def _stream(conn: sa.Connection, query: sa.Select[Any], batch: int) -> sa.CursorResult[Any]:
    """Rows in batches: a server-side cursor on PostgreSQL, stepped cursor on SQLite."""
    return conn.execution_options(stream_results=True, yield_per=batch).execute(query)


def _write_transaction(conn: sa.Connection) -> sa.RootTransaction:
    if conn.dialect.name == "postgresql":  # FOR UPDATE then waits instead of failing
        conn.execution_options(isolation_level="READ COMMITTED")
    return conn.begin()


def _lock_head(conn: sa.Connection) -> tuple[int, str]:
    if conn.dialect.name == "sqlite":  # the first write of the transaction takes the lock
        conn.execute(
            chain_head.update().where(chain_head.c.id == HEAD_ID).values(seq=chain_head.c.seq)
        )
    head = conn.execute(
        sa.select(chain_head.c.seq, chain_head.c.record_hash)
        .where(chain_head.c.id == HEAD_ID)
        .with_for_update()
    ).one()
    return head.seq, head.record_hash


def _entry_row(entry: AuditEntry) -> dict[str, Any]:
    """The row's entry columns; seq, id, time and hashes are added under the lock."""
    data = entry.model_dump(mode="json")
    row: dict[str, Any] = {column_for(name): data[name] for name in SCALAR_FIELDS if name in data}
    row["latency_ms"] = float(row["latency_ms"])
    for name in JSON_FIELDS:
        row[name] = dump(data[name])
    return row


def _citation_rows(entry: AuditEntry) -> list[dict[str, Any]]:
    rows = []
    for index, sentence in enumerate(entry.sentences):
        for cite in sentence.citations:
            rows.append({"kind": "cited", "sentence": index, **cite.model_dump()})
    for chunk in entry.retrieved:
        rows.append({"kind": "retrieved", "sentence": None, "section": None, **chunk.model_dump()})
    for ordinal, row in enumerate(rows):
        row.pop("score", None)
        row["ordinal"] = ordinal
    return rows


def _record(row: dict[str, Any], entry: AuditEntry) -> AuditRecord:
    return AuditRecord.model_validate(
        entry.model_dump()
        | {key: row[key] for key in ("record_id", "seq", "created_at", "prev_hash", "record_hash")}
    )


def record_from_row(row: Any) -> AuditRecord:
    data = {name: row[column_for(name)] for name in SCALAR_FIELDS}
    data["record_hash"] = row["record_hash"]
    for name in JSON_FIELDS:
        data[name] = json.loads(row[name])
    return AuditRecord.model_validate(data)


def _filtered(
    *,
    user: str | None = None,
    role: Role | str | None = None,
    workflow: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    doc_id: str | None = None,
    flagged_only: bool = False,
    eval_run_id: str | None = None,
    traffic: Traffic = "all",
) -> sa.Select[Any]:
    if traffic not in TRAFFIC:
        raise ValueError(f"unknown traffic {traffic!r}: use one of {', '.join(TRAFFIC)}")
    query = sa.select(records)
    conditions: Sequence[sa.ColumnElement[bool] | None] = (
        records.c.eval_run_id.is_(None) if traffic == "production" else None,
        records.c.eval_run_id.is_not(None) if traffic == "evals" else None,
        None if user is None else records.c.user_id == user,
        None if role is None else records.c.role == str(role),
        None if workflow is None else records.c.workflow == workflow,
        None if since is None else records.c.created_at >= format_timestamp(since),
        None if until is None else records.c.created_at < format_timestamp(until),
        None if eval_run_id is None else records.c.eval_run_id == eval_run_id,
        None
        if doc_id is None
        else records.c.seq.in_(
            sa.select(citations.c.seq).where(
                (citations.c.doc_id == doc_id) & (citations.c.kind == "cited")
            )
        ),
        (records.c.flags != "[]") | records.c.error.is_not(None) if flagged_only else None,
    )
    for condition in conditions:
        if condition is not None:
            query = query.where(condition)
    return query
