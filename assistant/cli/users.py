"""``medbrief users``: the app's users file (bcrypt hashes and roles, no passwords)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from assistant.cli.common import console, fail, settings_of
from assistant.users import UsersFileError, add_user, load_users
from knowledge_base.models import Role

__all__ = ["users_app"]

users_app = typer.Typer(help="Users of the app: who may sign in, with which role.")


@users_app.command("add")
def add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Sign-in name (lower case).")],
    role: Annotated[Role, typer.Option(help="rep, msl, mlr or admin: decides what they see.")],
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create a user, or update one's role and password. The file keeps only a bcrypt hash."""
    path = settings_of(ctx).resolved_users_file
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        new = add_user(path, username, role=role, password=password, name=name)
    except UsersFileError as error:
        raise fail(str(error)) from error
    console.print(f"{'added' if new else 'updated'} {username} ({role.value}) in {path}")


@users_app.command("list")
def list_users(ctx: typer.Context) -> None:
    """Users and roles (never the hashes)."""
    path = settings_of(ctx).resolved_users_file
    try:
        users = load_users(path)
    except UsersFileError as error:
        raise fail(str(error)) from error
    for username, entry in sorted(users.items()):
        console.print(f"{username}\t{entry.role.value}\t{entry.name}", highlight=False)
