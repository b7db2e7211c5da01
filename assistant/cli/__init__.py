"""The ``medbrief`` command line: thin commands over the same functions the app calls."""

from __future__ import annotations

import typer

from assistant.audit.cli import audit_app
from assistant.cli.evals import evals_app
from assistant.cli.generate import ask, brief
from assistant.cli.inquiries import inquiries_app
from assistant.cli.knowledge import content_app, ingest, manifest_app, provision, search
from assistant.cli.serve import serve
from assistant.cli.users import users_app
from assistant.settings import Settings

__all__ = ["app"]

app = typer.Typer(
    help="Medbrief: grounded briefings from MLR-approved content.", no_args_is_help=True
)


@app.callback()
def main(ctx: typer.Context) -> None:
    # Settings are read once, here, and reach every command through the context.
    ctx.obj = Settings()


for command in (provision, ingest, search, brief, ask):
    app.command()(command)
app.add_typer(content_app, name="content")
app.add_typer(manifest_app, name="manifest")
app.add_typer(audit_app, name="audit")
app.add_typer(inquiries_app, name="inquiries")
app.add_typer(evals_app, name="evals")
app.command()(serve)
app.add_typer(users_app, name="users")
