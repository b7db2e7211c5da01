"""Generation commands: pre-call briefings and the rep chat."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markdown import Markdown

from assistant.cli.common import (
    console,
    open_services_or_fail,
    settings_of,
    workflow_failures,
)
from assistant.rendering import answer_markdown, briefing_markdown
from assistant.workflows.briefing import build_briefing
from assistant.workflows.chat import answer_question
from knowledge_base.models import Role

__all__ = ["ask", "brief"]


def brief(
    ctx: typer.Context,
    hcp: Annotated[str, typer.Option(help="HCP id, e.g. HCP-001.")],
    role: Annotated[Role, typer.Option(help="Who reads the briefing.")] = Role.REP,
    as_json: Annotated[bool, typer.Option("--json", help="Print the Briefing as JSON.")] = False,
    user: Annotated[str, typer.Option(help="Who asks (recorded in the audit log).")] = "cli",
) -> None:
    """A pre-call briefing: every claim cited to approved content and verified."""
    services = open_services_or_fail(settings_of(ctx))
    with workflow_failures():
        briefing = build_briefing(hcp, role, services, user=user)
    if as_json:
        typer.echo(briefing.model_dump_json(indent=2))
    else:
        console.print(Markdown(briefing_markdown(briefing)))


def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question, as the rep would ask it.")],
    role: Annotated[Role, typer.Option(help="Whose access rules apply.")] = Role.REP,
    hcp: Annotated[str | None, typer.Option(help="The HCP the question is about.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    user: Annotated[str, typer.Option(help="Who asks (recorded in the audit log).")] = "cli",
) -> None:
    """Ask about approved content; off-label questions are refused and routed."""
    services = open_services_or_fail(settings_of(ctx))
    with workflow_failures():
        answer = answer_question(question, role, services, hcp_id=hcp, user=user)
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
    else:
        console.print(Markdown(answer_markdown(answer)))
