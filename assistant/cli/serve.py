"""``medbrief serve``: the Streamlit app for reps, MSLs and MLR reviewers.

Runs ``streamlit run ui/app.py`` headless, with no usage statistics and no tracebacks in the
browser; the app builds the same ``Settings`` from the environment this command was given.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import console, errors, fail, open_kb, settings_of
from assistant.users import DEMO_PASSWORD, DEMO_USERS, ensure_demo_users
from knowledge_base.errors import KnowledgeBaseError
from knowledge_base.store import sample_path

__all__ = ["app_script", "serve", "streamlit_command"]


def app_script() -> Path:
    """``ui/app.py`` of the installed package (works from a checkout and from a wheel)."""
    import ui

    return Path(ui.__file__).resolve().parent / "app.py"


def streamlit_command(host: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_script()),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--client.showErrorDetails",
        "none",
        "--client.toolbarMode",
        "minimal",
        "--global.developmentMode",
        "false",
    ]


def serve(
    ctx: typer.Context,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8501,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    sample: Annotated[
        bool, typer.Option(help="Ingest the bundled sample first if the library is empty.")
    ] = False,
    demo_users: Annotated[
        bool,
        typer.Option(
            "--demo-users",
            help=f"DEMO ONLY: with no users file, create users rep/msl/mlr/admin with the "
            f"password '{DEMO_PASSWORD}'.",
        ),
    ] = False,
) -> None:
    """Start the app (sign-in, briefings, chat, inquiry backlog, audit, content, evals)."""
    settings = settings_of(ctx)
    if sample:
        kb = open_kb(settings)
        try:
            if not kb.catalog.list_documents():
                errors.print("The library is empty: ingesting the bundled sample (~30 s) ...")
                report = kb.ingest([sample_path()])
                if not report.ok:
                    raise fail("ingesting the sample failed: run `medbrief ingest --sample`")
        except KnowledgeBaseError as error:
            raise fail(str(error)) from error
        finally:
            kb.catalog.close()
    users_file = settings.resolved_users_file
    if demo_users and ensure_demo_users(users_file):
        errors.print(
            f"[bold yellow]DEMO MODE[/]: created demo users {', '.join(DEMO_USERS)} with the "
            f"password [bold]{DEMO_PASSWORD}[/] in {users_file}. Replace them with "
            "`medbrief users add` before real use.",
            highlight=False,
        )
    elif not users_file.is_file():
        raise fail(
            f"no users file at {users_file}: add users with `medbrief users add USERNAME "
            "--role rep|msl|mlr|admin`, or try the app with `medbrief serve --demo-users`"
        )
    env = dict(os.environ)
    # Relative paths and .env values must mean the same thing inside the app.
    env["MEDBRIEF_HOME"] = str(settings.resolved_home)
    env["MEDBRIEF_USERS_FILE"] = str(users_file)
    if settings.today is not None:
        env["MEDBRIEF_TODAY"] = settings.today.isoformat()
    console.print(f"Medbrief app on http://{host}:{port} (Ctrl+C to stop)", highlight=False)
    command = streamlit_command(host, port)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(command[0], command, env)
