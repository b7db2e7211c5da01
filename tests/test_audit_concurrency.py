"""Concurrent writers, threads and processes, never lose a record nor fork the chain."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa

from assistant.audit import AuditLog
from tests.test_audit import make_entry

pytest_plugins = ["tests.postgres"]

WRITERS = 8
EACH = 200


def _write(url: str, writer: int, count: int, barrier: Any) -> None:
    """One writer process: open its own engine, wait for the others, append ``count`` records."""
    with AuditLog.open(url) as log:
        barrier.wait(timeout=120)
        for i in range(count):
            log.record(make_entry(i, user=f"writer-{writer}", tags={"i": str(i)}))


def _assert_complete_chain(log: AuditLog) -> None:
    total = WRITERS * EACH
    with log.engine.connect() as conn:
        seqs = conn.execute(sa.text("SELECT seq FROM audit_records ORDER BY seq")).scalars().all()
        counts = conn.execute(sa.text("SELECT user_id, COUNT(*) FROM audit_records GROUP BY 1"))
        per_user = {user: count for user, count in counts}
        tags = [tuple(r) for r in conn.execute(sa.text("SELECT user_id, tags FROM audit_records"))]
    assert seqs == list(range(1, total + 1))
    assert per_user == {f"writer-{w}": EACH for w in range(WRITERS)}
    assert len(set(tags)) == total  # every (writer, i) exactly once
    result = log.verify()
    assert result.ok, result
    assert (result.checked, result.head_seq) == (total, total)


def test_concurrent_writer_processes(audit_url: str) -> None:
    with AuditLog.open(audit_url) as log:  # migrated once; the writers race on records only
        context = multiprocessing.get_context("spawn")
        barrier = context.Barrier(WRITERS)
        processes = [
            context.Process(target=_write, args=(audit_url, w, EACH, barrier))
            for w in range(WRITERS)
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join(timeout=240)
        codes = [process.exitcode for process in processes]
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()
            process.close()
        assert codes == [0] * WRITERS
        _assert_complete_chain(log)


def test_concurrent_writer_threads(audit_url: str) -> None:
    barrier = threading.Barrier(WRITERS)
    with AuditLog.open(audit_url) as log:

        def write(writer: int) -> None:
            barrier.wait(timeout=60)
            for i in range(EACH):
                log.record(make_entry(i, user=f"writer-{writer}", tags={"i": str(i)}))

        with ThreadPoolExecutor(WRITERS) as pool:
            list(pool.map(write, range(WRITERS)))
        _assert_complete_chain(log)


def test_concurrent_first_open_migrates_once(audit_url: str) -> None:
    """Writers that all open a brand-new database at once: one of them migrates it."""
    barrier = threading.Barrier(WRITERS)

    def open_and_write(writer: int) -> int:
        barrier.wait(timeout=60)
        with AuditLog.open(audit_url) as log:
            return log.record(make_entry(writer)).seq

    with ThreadPoolExecutor(WRITERS) as pool:
        assert sorted(pool.map(open_and_write, range(WRITERS))) == list(range(1, WRITERS + 1))
    with AuditLog.open(audit_url) as log:
        assert log.verify().ok
        with log.engine.connect() as conn:
            count = conn.execute(sa.text("SELECT COUNT(*) FROM _migrations")).scalar_one()
    assert count == 3
