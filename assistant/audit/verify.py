"""Walk the hash chain in seq order, streaming, and name the first broken link.

Detected: an edited field (the row's hash no longer matches its content), a deleted row (a gap in
seq), reordered or swapped rows (a prev_hash that is not the previous record's hash), a truncated
tail or an edited head (the ``audit_chain_head`` row, written with every record, disagrees with
the last record) and edits to the citation index (its rows no longer match the record).

Writers may append while this runs: the head is read first, and everything up to it is checked.
Someone able to rewrite the whole database can recompute every hash; keep the printed head hash
somewhere else (a ticket, a signed e-mail) to anchor the chain.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import sqlalchemy as sa

from assistant.audit.canonical import record_hash, row_fields
from assistant.audit.models import VerifyResult
from assistant.audit.schema import GENESIS_HASH, HEAD_ID, chain_head, citations, records

__all__ = ["verify_chain"]

_CITATION_KEYS = ("kind", "sentence", "chunk_id", "doc_id", "version", "approval_code", "section")
_CITATION_COLUMNS = (
    citations.c.seq,
    *(citations.c[key] for key in _CITATION_KEYS),
    citations.c.record_id,
)
_CITED_KEYS = ("chunk_id", "doc_id", "version", "approval_code", "section")


def _expected_citations(row: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    expected: list[tuple[Any, ...]] = []
    if row["sentences"] != "[]":
        for index, sentence in enumerate(json.loads(row["sentences"])):
            cited = sentence["citations"]
            expected += [("cited", index, *(c[key] for key in _CITED_KEYS)) for c in cited]
    if row["retrieved"] != "[]":
        expected += [
            ("retrieved", None, c["chunk_id"], c["doc_id"], c["version"], c["approval_code"], None)
            for c in json.loads(row["retrieved"])
        ]
    return expected


def verify_chain(engine: sa.Engine, *, batch: int = 1000) -> VerifyResult:
    with engine.connect() as conn:
        head = conn.execute(sa.select(chain_head).where(chain_head.c.id == HEAD_ID)).first()
        if head is None:
            return VerifyResult(ok=False, checked=0, problem="the audit_chain_head row is missing")
        streaming = conn.execution_options(stream_results=True, yield_per=batch)
        cites_query = (
            sa.select(*_CITATION_COLUMNS)
            .where(citations.c.seq <= head.seq)
            .order_by(citations.c.seq, citations.c.ordinal)
        )
        with (
            streaming.execute(sa.select(records).order_by(records.c.seq)) as rows,
            streaming.execute(cites_query) as cites,
        ):
            result = _walk(rows.mappings(), iter(cites), head)
        if not result.ok:
            return result
        return _check_head_again(conn, result)


def _check_head_again(conn: sa.Connection, result: VerifyResult) -> VerifyResult:
    """Records appended while walking are fine, records beyond the head (as read now) are not."""
    head = conn.execute(sa.select(chain_head).where(chain_head.c.id == HEAD_ID)).first()
    last = result.checked  # a gap-free walk from seq 1
    if head is None:
        problem = "the audit_chain_head row is missing"
        return result.model_copy(update={"ok": False, "problem": problem})
    if head.seq == last and head.seq != result.head_seq:  # moved on to a record walked above
        at_head = conn.execute(
            sa.select(records.c.record_id, records.c.record_hash).where(records.c.seq == head.seq)
        ).one()
        if tuple(at_head) != (head.record_id, head.record_hash):
            return result.model_copy(
                update={
                    "ok": False,
                    "first_bad_record_id": at_head.record_id,
                    "first_bad_seq": head.seq,
                    "problem": "audit_chain_head disagrees with this record: head edited",
                }
            )
    if head.seq >= last:
        return result
    beyond = conn.execute(
        sa.select(records.c.record_id).where(records.c.seq == head.seq + 1)
    ).scalar_one_or_none()
    return result.model_copy(
        update={
            "ok": False,
            "first_bad_record_id": beyond,
            "first_bad_seq": head.seq + 1,
            "problem": f"records after seq {head.seq} are not covered by audit_chain_head: "
            "head edited or records written outside the log",
        }
    )


def _walk(rows: Iterator[Mapping[str, Any]], cites: Iterator[Any], head: Any) -> VerifyResult:
    known = {"head_seq": head.seq, "head_hash": head.record_hash}

    def bad(row: Mapping[str, Any] | None, seq: int | None, problem: str) -> VerifyResult:
        record_id = None if row is None else row["record_id"]
        return VerifyResult(
            ok=False,
            checked=checked,
            first_bad_record_id=record_id,
            first_bad_seq=seq,
            problem=problem,
            **known,
        )

    checked = 0
    expected_seq, prev_hash = 1, GENESIS_HASH
    head_seen = head.seq == 0 and head.record_hash == GENESIS_HASH and head.record_id is None
    pending = next(cites, None)
    for row in rows:
        checked += 1
        seq = row["seq"]
        if seq != expected_seq:
            missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}..{seq - 1}"
            return bad(row, seq, f"seq {missing} missing before seq {seq}: record(s) deleted")
        if row["prev_hash"] != prev_hash:
            return bad(
                row,
                seq,
                f"prev_hash does not match the hash of seq {seq - 1}: "
                "records reordered, replaced or re-hashed",
            )
        try:
            computed = record_hash(row_fields(row))
        except (TypeError, ValueError) as error:
            return bad(row, seq, f"record cannot be read: {error}")
        if computed != row["record_hash"]:
            return bad(row, seq, "content does not match record_hash: record edited")
        if seq <= head.seq:
            stored = []
            while pending is not None and pending[0] <= seq:
                stored.append(tuple(pending))
                pending = next(cites, None)
            try:
                expected = [(seq, *c, row["record_id"]) for c in _expected_citations(row)]
            except (KeyError, TypeError, ValueError) as error:
                return bad(row, seq, f"record cannot be read: {error}")
            if stored != expected:
                return bad(row, seq, "audit_citations rows do not match the record: index edited")
        if seq == head.seq:
            if (row["record_hash"], row["record_id"]) != (head.record_hash, head.record_id):
                return bad(row, seq, "audit_chain_head disagrees with this record: head edited")
            head_seen = True
        prev_hash = row["record_hash"]
        expected_seq += 1
    last = expected_seq - 1
    if last < head.seq:
        return VerifyResult(
            ok=False,
            checked=checked,
            first_bad_record_id=head.record_id,
            first_bad_seq=head.seq,
            problem=f"chain head names seq {head.seq} but the last record is seq {last}: "
            f"seq {last + 1}..{head.seq} missing (tail truncated)",
            **known,
        )
    if not head_seen:
        return bad(None, None, "audit_chain_head disagrees with the records: head edited")
    return VerifyResult(ok=True, checked=checked, **known)
