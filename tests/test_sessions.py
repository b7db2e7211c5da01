"""Sessions that survive a reload: the store keeps only a token's hash, restarts the idle clock
on each use, and ends a session after the idle time or at sign-out."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assistant.sessions import SessionStore

NOON = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def test_a_token_resumes_its_session_and_restarts_the_idle_clock(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "sessions.db", idle=timedelta(minutes=30))
    token = store.open("rita", "rep", now=NOON)
    assert store.resume(token, now=NOON + timedelta(minutes=29)) == ("rita", "rep")
    # used at 12:29, so still alive at 12:58, 29 minutes later
    assert store.resume(token, now=NOON + timedelta(minutes=58)) == ("rita", "rep")
    assert store.resume("not-a-token", now=NOON) is None


def test_an_idle_or_closed_session_ends(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "sessions.db", idle=timedelta(minutes=30))
    idle = store.open("rita", "rep", now=NOON)
    assert store.resume(idle, now=NOON + timedelta(minutes=31)) is None
    assert store.resume(idle, now=NOON) is None, "an expired session is removed, not paused"
    closed = store.open("sam", "msl", now=NOON)
    store.close(closed)
    assert store.resume(closed, now=NOON) is None
    stale = store.open("mona", "mlr", now=NOON)
    fresh = store.open("ada", "admin", now=NOON + timedelta(minutes=40))
    assert store.forget_idle(now=NOON + timedelta(minutes=45)) == 1
    assert store.resume(fresh, now=NOON + timedelta(minutes=45)) == ("ada", "admin")
    assert store.resume(stale, now=NOON) is None


def test_the_store_holds_no_token(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    token = SessionStore(path, idle=timedelta(minutes=30)).open("rita", "rep", now=NOON)
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT * FROM sessions").fetchall()
    assert rows and not any(token in str(value) for row in rows for value in row)
