"""Shared pieces of the CLI: consoles, settings from the context, and plain-error exits."""

from __future__ import annotations

import typer
from rich.console import Console

from assistant.audit import AuditUnavailableError
from assistant.runtime import ConfigurationError, open_knowledge_base
from assistant.services import Services, open_services
from assistant.settings import Settings
from knowledge_base.errors import KnowledgeBaseError
from knowledge_base.offline_assets import OfflineAssetError
from knowledge_base.store import KnowledgeBase

__all__ = [
    "AUDIT_UNAVAILABLE",
    "console",
    "errors",
    "fail",
    "open_kb",
    "open_services_or_fail",
    "settings_of",
]

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
