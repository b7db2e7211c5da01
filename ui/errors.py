"""Errors shown as what happened and what to do, never as a traceback (and logged in full)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
import streamlit as st

from assistant.audit import AuditUnavailableError
from assistant.providers.base import GenerationError
from assistant.runtime import ConfigurationError
from assistant.users import UsersFileError
from evals.store import RunNotFound
from evals.suites import SuiteError
from knowledge_base.errors import KnowledgeBaseError
from knowledge_base.offline_assets import OfflineAssetError

__all__ = ["friendly_errors"]

log = logging.getLogger("medbrief.ui")

_WHAT_TO_DO: list[tuple[type[BaseException], str]] = [
    (UsersFileError, "Ask an administrator to check the users file (`medbrief users add`)."),
    (ConfigurationError, "Fix the setting named above in the environment or `.env`, then restart."),
    (OfflineAssetError, "Run `medbrief provision` on this machine, then restart the app."),
    (
        GenerationError,
        "The language model did not answer usably. Try again; if it persists, ask an "
        "administrator to check the model settings (the failure is in the audit log).",
    ),
    (
        AuditUnavailableError,
        "Nothing was shown, because every output is recorded first. Ask an administrator to "
        "check the audit database (MEDBRIEF_AUDIT_URL), then try again.",
    ),
    (SuiteError, "Fix the suite file named above, then run it again."),
    (RunNotFound, "Reload the page: the list of eval runs may have changed."),
    (KnowledgeBaseError, "Check the input named above; `medbrief content status` lists content."),
    (sa.exc.SQLAlchemyError, "The database is unavailable: ask an administrator to check it."),
]


def _hint(error: BaseException) -> str:
    for kind, hint in _WHAT_TO_DO:
        if isinstance(error, kind):
            return hint
    return "Try again. If it happens again, tell an administrator (the details are in the log)."


@contextmanager
def friendly_errors(action: str) -> Iterator[None]:
    """Run a page's work; on failure show ``action`` failed, why, and what to do."""
    try:
        yield
    except Exception as error:  # Streamlit's own rerun/stop signals are BaseExceptions
        log.exception("%s failed", action)
        known = any(isinstance(error, kind) for kind, _ in _WHAT_TO_DO)
        reason = str(error) if known else "an unexpected error occurred"
        st.error(f"**{action} failed:** {reason}\n\n{_hint(error)}", icon=":material/error:")
