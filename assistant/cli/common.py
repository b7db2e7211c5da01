"""Shared pieces of the CLI: consoles, settings from the context, and plain-error exits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from assistant.audit import AuditUnavailableError
from assistant.providers.base import GenerationError
from assistant.runtime import ConfigurationError, open_knowledge_base
from assistant.services import Services, open_services
from assistant.settings import Settings
from knowledge_base.errors import KnowledgeBaseError
from knowledge_base.offline_assets import OfflineAssetError
from knowledge_base.store import KnowledgeBase

__all__ = [
    "AUDIT_UNAVAILABLE",
    "GENERATION_FAILED",
    "console",
    "errors",
    "fail",
    "open_kb",
    "open_services_or_fail",
    "settings_of",
    "workflow_failures",
]

#: Exit code when the hosted model failed (timeout, 429/5xx, malformed output).
GENERATION_FAILED = 3
#: Exit code when the audit log cannot be opened or written: nothing was shown.
AUDIT_UNAVAILABLE = 4

console = Console()
errors = Console(stderr=True, soft_wrap=True)  # paths in errors must stay whole


def settings_of(ctx: typer.Context) -> Settings:
    return ctx.obj


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error (never a traceback) and return the exit to raise."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def open_kb(settings: Settings) -> KnowledgeBase:
    try:
        return open_knowledge_base(settings)
    except (ConfigurationError, OfflineAssetError, KnowledgeBaseError) as error:
        raise fail(str(error)) from error


def open_services_or_fail(settings: Settings) -> Services:
    try:
        return open_services(settings)
    except (ConfigurationError, OfflineAssetError, KnowledgeBaseError) as error:
        raise fail(str(error)) from error
    except AuditUnavailableError as error:
        raise fail(str(error), code=AUDIT_UNAVAILABLE) from error


@contextmanager
def workflow_failures() -> Iterator[None]:
    """Around a workflow call: its known failures become one-line errors with their exit code
    (2 bad input or unreachable index, 3 the model failed, 4 the audit log cannot be written)."""
    try:
        yield
    except KnowledgeBaseError as error:  # e.g. an unknown HCP, or the Chroma server went away
        raise fail(str(error)) from error
    except GenerationError as error:
        raise fail(str(error), code=GENERATION_FAILED) from error
    except AuditUnavailableError as error:
        raise fail(str(error), code=AUDIT_UNAVAILABLE) from error
