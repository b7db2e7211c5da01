"""Every way of altering the stored trail with raw SQL is caught by verify(), at its record."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from assistant.audit import AuditLog, AuditRecord
from assistant.audit.canonical import record_hash, row_fields
from assistant.audit.verify import FIRST_SPAN_SHARE
from tests.test_audit import StepClock, make_entry

pytest_plugins = ["tests.postgres"]

N = 20


# A long chain is walked in two processes, split here; every case runs both ways, so that each
# alteration is caught by the two spans too (a break makes verify walk again in one process).
SPLIT = int(N * FIRST_SPAN_SHARE)


@pytest.fixture(params=["one process", "two processes"])
def chain(
    audit_url: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[AuditLog, list[AuditRecord]]]:
    with AuditLog.open(audit_url, clock=StepClock()) as log:
        processes = 1
        if request.param == "two processes":
            monkeypatch.setattr(log, "verify", functools.partial(log.verify, parallel_from=2))
            processes = 2
        written = [log.record(make_entry(i)) for i in range(N)]
        result = log.verify()
        assert result.ok and result.checked == N and result.processes == processes, result
        yield log, written


def _sql(log: AuditLog, statement: str, **params: object) -> None:
    with log.engine.begin() as conn:
        conn.execute(sa.text(statement), params)


def _broken_at(log: AuditLog, seq: int, record_id: str | None, *words: str) -> None:
    result = log.verify()
    assert not result.ok
    assert (result.first_bad_seq, result.first_bad_record_id) == (seq, record_id), result
    for word in words:
        assert word in (result.problem or ""), result.problem


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("output_shown", '{"text":"ZORVEXA cures hepatotoxicity. [1]"}'),
        ("user_id", "rep-9"),
        ("created_at", "2026-03-02T09:30:00.000000Z"),
        ("latency_ms", 1.0),
        ("error", "none"),
    ],
)
def test_an_edited_field(chain: tuple[AuditLog, list[AuditRecord]], column: str, value: object):
    log, written = chain
    _sql(log, f"UPDATE audit_records SET {column} = :v WHERE seq = 7", v=value)
    _broken_at(log, 7, written[6].record_id, "edited")


def test_an_edited_record_with_a_recomputed_hash_breaks_the_next_link(
    chain: tuple[AuditLog, list[AuditRecord]],
) -> None:
    log, written = chain
    _sql(log, "UPDATE audit_records SET model = 'other-model' WHERE seq = 7")
    with log.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM audit_records WHERE seq = 7")).mappings().one()
    _sql(
        log,
        "UPDATE audit_records SET record_hash = :h WHERE seq = 7",
        h=record_hash(row_fields(row)),
    )
    _broken_at(log, 8, written[7].record_id, "prev_hash")


def test_a_deleted_row(chain: tuple[AuditLog, list[AuditRecord]]) -> None:
    log, written = chain
    _sql(log, "DELETE FROM audit_citations WHERE seq = 10")
    _sql(log, "DELETE FROM audit_records WHERE seq = 10")
    _broken_at(log, 11, written[10].record_id, "seq 10 missing", "deleted")


def test_renumbered_rows_after_a_deletion(chain: tuple[AuditLog, list[AuditRecord]]) -> None:
    """Deleting seq 10 and renumbering the rest down hides the gap, not the broken links."""
    log, written = chain
    _sql(log, "DELETE FROM audit_citations WHERE seq >= 10")
    _sql(log, "DELETE FROM audit_records WHERE seq = 10")
    for seq in range(11, N + 1):
        _sql(log, "UPDATE audit_records SET seq = :new WHERE seq = :old", new=seq - 1, old=seq)
    _broken_at(log, 10, written[10].record_id)


def test_two_rows_with_swapped_contents(chain: tuple[AuditLog, list[AuditRecord]]) -> None:
    log, written = chain
    with log.engine.connect() as conn:
        rows = {
            r["seq"]: dict(r)
            for r in conn.execute(sa.text("SELECT * FROM audit_records WHERE seq IN (5, 6)"))
            .mappings()
            .all()
        }
    columns = [c for c in rows[5] if c != "seq"]
    assignments = ", ".join(f"{c} = :{c}" for c in columns)
    _sql(log, "UPDATE audit_records SET record_id = 'tmp' WHERE seq = 5")
    _sql(log, f"UPDATE audit_records SET {assignments} WHERE seq = 6", **{**rows[5]})
    _sql(log, f"UPDATE audit_records SET {assignments} WHERE seq = 5", **{**rows[6]})
    _broken_at(log, 5, written[5].record_id)


def test_a_truncated_tail(chain: tuple[AuditLog, list[AuditRecord]]) -> None:
    log, written = chain
    _sql(log, "DELETE FROM audit_citations WHERE seq > 17")
    _sql(log, "DELETE FROM audit_records WHERE seq > 17")
    result = log.verify()
    assert not result.ok and result.checked == 17
    # The head names the last record written; it is gone.
    _broken_at(log, N, written[-1].record_id, "seq 18..20 missing", "truncated")


def test_an_edited_head(chain: tuple[AuditLog, list[AuditRecord]]) -> None:
    log, written = chain
    _sql(log, "UPDATE audit_chain_head SET record_hash = :h", h="f" * 64)
    _broken_at(log, N, written[-1].record_id, "head edited")


def test_a_head_moved_back_to_hide_later_records(chain: tuple[AuditLog, list[AuditRecord]]):
    log, written = chain
    twelfth = written[11]
    _sql(
        log,
        "UPDATE audit_chain_head SET seq = 12, record_id = :r, record_hash = :h",
        r=twelfth.record_id,
        h=twelfth.record_hash,
    )
    _broken_at(log, 13, written[12].record_id, "not covered by audit_chain_head")


def test_a_deleted_head(chain: tuple[AuditLog, list[AuditRecord]]) -> None:
    log, _ = chain
    _sql(log, "DELETE FROM audit_chain_head")
    result = log.verify()
    assert not result.ok and "audit_chain_head row is missing" in (result.problem or "")


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM audit_citations WHERE seq = 3 AND kind = 'cited'",
        "UPDATE audit_citations SET doc_id = 'other-doc' WHERE seq = 3 AND kind = 'cited'",
        "INSERT INTO audit_citations (seq, ordinal, record_id, kind, chunk_id, doc_id, version,"
        " approval_code) SELECT 3, 99, record_id, 'cited', 'x', 'x', '1', 'X' FROM audit_records"
        " WHERE seq = 3",
    ],
    ids=["deleted", "edited", "inserted"],
)
def test_an_altered_citation_index(
    chain: tuple[AuditLog, list[AuditRecord]], statement: str
) -> None:
    log, written = chain
    _sql(log, statement)
    _broken_at(log, 3, written[2].record_id, "audit_citations")


def test_appending_after_verify_keeps_the_chain(chain: tuple[AuditLog, list[AuditRecord]]):
    log, written = chain
    extra = log.record(make_entry(99))
    assert extra.seq == N + 1 and extra.prev_hash == written[-1].record_hash
    result = log.verify()
    assert result.ok and result.checked == N + 1 and result.head_hash == extra.record_hash


def _rehash(log: AuditLog, seq: int) -> None:
    """Recompute a record's hash after an edit, as someone covering their tracks would."""
    with log.engine.connect() as conn:
        row = (
            conn.execute(sa.text("SELECT * FROM audit_records WHERE seq = :s"), {"s": seq})
            .mappings()
            .one()
        )
    _sql(
        log,
        "UPDATE audit_records SET record_hash = :h WHERE seq = :s",
        h=record_hash(row_fields(row)),
        s=seq,
    )


@pytest.mark.parametrize(
    "at", [SPLIT, SPLIT + 1], ids=["last of the first span", "first of the second"]
)
def test_a_deleted_row_where_the_spans_meet(
    chain: tuple[AuditLog, list[AuditRecord]], at: int
) -> None:
    log, written = chain
    _sql(log, "DELETE FROM audit_citations WHERE seq = :s", s=at)
    _sql(log, "DELETE FROM audit_records WHERE seq = :s", s=at)
    _broken_at(log, at + 1, written[at].record_id, f"seq {at} missing", "deleted")


def test_a_rehashed_edit_on_the_last_record_of_the_first_span(
    chain: tuple[AuditLog, list[AuditRecord]],
) -> None:
    """The first span's own links hold; the second span starts from the stored hash before it."""
    log, written = chain
    _sql(log, "UPDATE audit_records SET model = 'other-model' WHERE seq = :s", s=SPLIT)
    _rehash(log, SPLIT)
    _broken_at(log, SPLIT + 1, written[SPLIT].record_id, "prev_hash")


def test_a_citation_row_moved_across_the_split(
    chain: tuple[AuditLog, list[AuditRecord]],
) -> None:
    log, written = chain
    _sql(
        log,
        "UPDATE audit_citations SET seq = :before, ordinal = 99 WHERE seq = :at AND ordinal = 0",
        before=SPLIT,
        at=SPLIT + 1,
    )
    _broken_at(log, SPLIT, written[SPLIT - 1].record_id, "audit_citations")
