"""MSL commands: the inquiry backlog summary."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markdown import Markdown

from assistant.cli.common import (
    console,
    fail,
    open_services_or_fail,
    settings_of,
    workflow_failures,
)
from assistant.rendering import inquiry_summary_markdown
from assistant.workflows.inquiries import summarize_inquiries
from knowledge_base.models import Role

__all__ = ["inquiries_app"]

inquiries_app = typer.Typer(help="The MSL inquiry backlog.")


@inquiries_app.command("summarize")
def summarize(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(help="A CSV/JSON/Excel export; default: the ingested inquiries."),
    ] = None,
    since: Annotated[
        datetime | None,
        typer.Option(help="Start of the period (default: 90 days before the newest inquiry)."),
    ] = None,
    product: Annotated[str | None, typer.Option(help="Only this product.")] = None,
    role: Annotated[Role, typer.Option(help="Whose access rules apply.")] = Role.MSL,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    user: Annotated[str, typer.Option(help="Who asks (recorded in the audit log).")] = "cli",
) -> None:
    """Themes, trends, urgent items, AE/PC flags and the approved response for each theme."""
    if role is Role.REP:
        raise fail("the inquiry backlog is medical-affairs content: use --role msl or mlr")
    services = open_services_or_fail(settings_of(ctx))
    with workflow_failures():
        summary = summarize_inquiries(
            services, path=path, since=since, product=product, role=role, user=user
        )
    if as_json:
        typer.echo(summary.model_dump_json(indent=2))
    else:
        console.print(Markdown(inquiry_summary_markdown(summary)))
