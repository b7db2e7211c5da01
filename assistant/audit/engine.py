"""Where the audit database is and how to connect to it (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

__all__ = ["create_audit_engine", "resolve_audit_url"]

SQLITE_BUSY_TIMEOUT_S = 60.0  # writers queue on SQLite's write lock for at most this long


def resolve_audit_url(settings: Any) -> str:
    """The configured audit URL (``MEDBRIEF_AUDIT_URL``), else SQLite ``<home>/audit.db``."""
    configured = getattr(settings, "audit_url", None)
    return configured or f"sqlite:///{settings.resolved_home / 'audit.db'}"


def create_audit_engine(url: str | sa.URL) -> sa.Engine:
    """An engine for ``url``; ``postgresql://`` URLs use psycopg 3."""
    parsed = sa.make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        if parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        return sa.create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
    return sa.create_engine(parsed, pool_pre_ping=True)
