"""The catalog database: engines, schema creation, and the content writer lock.

Server mode runs several app instances against one PostgreSQL; these helpers make the things
that are harmless on one machine safe there: concurrent schema creation at start-up, and
content writers (ingest, withdrawal) that change the dense index, the catalog and the lexical
generation together and so must run one at a time, across processes and machines.
"""

from __future__ import annotations

import fcntl
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from knowledge_base.errors import KnowledgeBaseError

__all__ = [
    "WRITER_LOCK_TIMEOUT_S",
    "advisory_key",
    "create_engine",
    "create_tables",
    "writer_lock",
]

SQLITE_BUSY_TIMEOUT_S = 60.0  # SQLite writers queue on its write lock for at most this long
WRITER_LOCK_TIMEOUT_S = 900.0  # a second ingest waits this long for the first, then fails
_WRITER_LOCK = "medbrief.content-writer"
_SCHEMA_LOCK = "medbrief.schema"


def advisory_key(name: str) -> int:
    """A stable key for PostgreSQL's advisory locks, from a readable name."""
    return zlib.crc32(name.encode("utf-8"))


def create_engine(url: str | sa.URL) -> sa.Engine:
    """An engine for a catalog URL: ``postgresql://`` means psycopg 3 (the one driver we ship)."""
    parsed = sa.make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        if parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        return sa.create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
    # Server mode: connections outlive database restarts and failovers; check before use.
    return sa.create_engine(parsed, pool_pre_ping=True)


def create_tables(engine: sa.Engine, metadata: sa.MetaData) -> None:
    """Create missing tables; app instances starting at once on PostgreSQL take turns.

    (Two concurrent ``CREATE TABLE`` of the same name fail on PostgreSQL's catalog, not with
    "already exists", so a check-then-create needs the lock.)
    """
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(advisory_key(_SCHEMA_LOCK))))
        metadata.create_all(conn)


@contextmanager
def writer_lock(
    engine: sa.Engine, local: threading.Lock, timeout_s: float = WRITER_LOCK_TIMEOUT_S
) -> Iterator[None]:
    """One content writer at a time for this database; ``local`` orders this process's threads.

    PostgreSQL: a session advisory lock (released by the server if the holder dies).
    SQLite file: ``flock`` on ``<db>.writer.lock`` (released by the OS if the holder dies).
    Raises ``KnowledgeBaseError`` after ``timeout_s`` seconds of waiting.
    """
    if not local.acquire(timeout=timeout_s):
        raise _busy(timeout_s)
    try:
        if engine.dialect.name == "postgresql":
            with _pg_lock(engine, advisory_key(_WRITER_LOCK), timeout_s):
                yield
        elif engine.url.database in (None, "", ":memory:"):
            yield  # one process only: the thread lock is the whole story
        else:
            with _file_lock(Path(f"{engine.url.database}.writer.lock"), timeout_s):
                yield
    finally:
        local.release()


def _busy(timeout_s: float) -> KnowledgeBaseError:
    return KnowledgeBaseError(
        f"another ingest or withdrawal held the content writer lock for more than "
        f"{timeout_s:.0f} s; run one content job at a time"
    )


@contextmanager
def _pg_lock(engine: sa.Engine, key: int, timeout_s: float) -> Iterator[None]:
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        deadline = time.monotonic() + timeout_s
        while not conn.execute(sa.select(sa.func.pg_try_advisory_lock(key))).scalar():
            if time.monotonic() >= deadline:
                raise _busy(timeout_s)
            time.sleep(0.25)
        try:
            yield
        finally:
            conn.execute(sa.select(sa.func.pg_advisory_unlock(key)))


@contextmanager
def _file_lock(path: Path, timeout_s: float) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _busy(timeout_s) from None
                time.sleep(0.25)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
