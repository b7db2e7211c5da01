"""Signed-in sessions that survive a browser reload, for a configurable idle time.

Streamlit forgets a session's state when the page reloads. The app keeps the signed-in user
with a random token in the page's address (``?session=...``): this store holds only the token's
SHA-256 with its user and when it was last used, so a token found in a browser history or a
screenshot is worthless once idle for ``Settings.session_idle_minutes`` or signed out, and the
store itself holds nothing that signs anyone in. Each resume re-reads the users file: a removed
user or a changed role ends the session.

SQLite in the data directory (``<home>/sessions.db``), one short transaction per call.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

__all__ = ["SessionStore"]

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS sessions ("
    " token_sha256 TEXT PRIMARY KEY, username TEXT NOT NULL, role TEXT NOT NULL,"
    " created_at TEXT NOT NULL, last_seen TEXT NOT NULL)"
)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class SessionStore:
    def __init__(self, path: Path, idle: timedelta) -> None:
        self._path = path
        self._idle = idle

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self._path, timeout=10)
        try:
            with connection:  # one transaction: committed, or rolled back on error
                connection.execute(_SCHEMA)
                yield connection
        finally:
            connection.close()

    def open(self, username: str, role: str, now: datetime | None = None) -> str:
        """A new session's token (shown only to the browser that signed in)."""
        token = secrets.token_urlsafe(32)
        stamp = (now or datetime.now(UTC)).isoformat()
        with self._connection() as db:
            db.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
                (_digest(token), username, role, stamp, stamp),
            )
        return token

    def resume(self, token: str, now: datetime | None = None) -> tuple[str, str] | None:
        """The (username, role) a live token was opened for, its idle clock restarted; None for
        an unknown token or one idle too long (which is removed)."""
        now = now or datetime.now(UTC)
        with self._connection() as db:
            row = db.execute(
                "SELECT username, role, last_seen FROM sessions WHERE token_sha256 = ?",
                (_digest(token),),
            ).fetchone()
            if row is None:
                return None
            if now - datetime.fromisoformat(row[2]) > self._idle:
                db.execute("DELETE FROM sessions WHERE token_sha256 = ?", (_digest(token),))
                return None
            db.execute(
                "UPDATE sessions SET last_seen = ? WHERE token_sha256 = ?",
                (now.isoformat(), _digest(token)),
            )
            return row[0], row[1]

    def close(self, token: str) -> None:
        """Sign-out: the token no longer resumes anything."""
        with self._connection() as db:
            db.execute("DELETE FROM sessions WHERE token_sha256 = ?", (_digest(token),))

    def forget_idle(self, now: datetime | None = None) -> int:
        """Remove every session idle too long; how many went."""
        cutoff = ((now or datetime.now(UTC)) - self._idle).isoformat()
        with self._connection() as db:
            return db.execute("DELETE FROM sessions WHERE last_seen < ?", (cutoff,)).rowcount
