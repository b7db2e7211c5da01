"""Where the audit database is and how to connect to it (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from knowledge_base.database import create_engine

__all__ = ["AuditUnavailableError", "create_audit_engine", "resolve_audit_url"]


class AuditUnavailableError(RuntimeError):
    """The audit database cannot be opened or written (server down, disk full, read-only).

    No output may be shown without its record, so a workflow that meets this shows nothing; the
    message names the database (never its password) and what to do.
    """

    def __init__(self, url: str | sa.URL, action: str, reason: BaseException) -> None:
        self.url = sa.make_url(url).render_as_string(hide_password=True)
        detail = getattr(reason, "orig", None) or reason
        text = " ".join(str(detail).split())[:300]  # one line; drivers add multi-line context
        super().__init__(
            f"cannot {action} the audit log at {self.url} ({type(detail).__name__}: {text}); "
            "nothing was shown, because every output must be recorded first. Check that the "
            "database is reachable and has free space (MEDBRIEF_AUDIT_URL), then run the "
            "command again"
        )


def resolve_audit_url(settings: Any) -> str:
    """The configured audit URL (``MEDBRIEF_AUDIT_URL``), else SQLite ``<home>/audit.db``."""
    configured = getattr(settings, "audit_url", None)
    return configured or f"sqlite:///{settings.resolved_home / 'audit.db'}"


def create_audit_engine(url: str | sa.URL) -> sa.Engine:
    """An engine for ``url``: the same rules as the catalog's (psycopg 3, SQLite busy timeout,
    pre-ping in server mode), so both databases behave alike under load and restarts."""
    return create_engine(url)
