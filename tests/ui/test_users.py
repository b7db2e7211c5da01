"""The users file, `medbrief users add` and how `medbrief serve` starts the app."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.serve import app_script, streamlit_command
from assistant.users import (
    DEMO_PASSWORD,
    UsersFileError,
    add_user,
    authenticate,
    ensure_demo_users,
    load_users,
)
from knowledge_base.models import Role
from tests.ui.conftest import PASSWORD, new_app


def test_only_a_bcrypt_hash_is_stored_and_it_verifies(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    assert add_user(path, "Jdoe", role=Role.MSL, password="s3cret-enough", name="Jane Doe")
    text = path.read_text()
    assert "s3cret-enough" not in text and "$2b$" in text
    assert path.stat().st_mode & 0o077 == 0
    users = load_users(path)
    signed = authenticate(users, "jdoe", "s3cret-enough")
    assert signed is not None and signed.role is Role.MSL and signed.name == "Jane Doe"
    assert authenticate(users, "jdoe", "wrong-password") is None
    assert authenticate(users, "nobody", "s3cret-enough") is None
    assert not add_user(path, "jdoe", role=Role.MLR, password="another-one")  # an update
    assert load_users(path)["jdoe"].role is Role.MLR
    assert load_users(path)["jdoe"].name == "Jane Doe"


def test_bad_passwords_and_files_are_named_errors(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    with pytest.raises(UsersFileError, match="at least 8"):
        add_user(path, "a", role=Role.REP, password="short")
    with pytest.raises(UsersFileError, match="at most 72 bytes"):
        add_user(path, "a", role=Role.REP, password="x" * 73)
    with pytest.raises(UsersFileError, match="medbrief users add"):
        load_users(path)
    path.write_text(yaml.safe_dump({"users": {"a": {"name": "A", "role": "boss"}}}))
    with pytest.raises(UsersFileError, match=r"users.yaml: invalid users file: users.a.role"):
        load_users(path)


def test_demo_users_are_created_only_when_there_is_no_file(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    assert ensure_demo_users(path)
    users = load_users(path)
    assert {u: e.role for u, e in users.items()} == {
        "rep": Role.REP,
        "msl": Role.MSL,
        "mlr": Role.MLR,
        "admin": Role.ADMIN,
    }
    assert authenticate(users, "mlr", DEMO_PASSWORD) is not None
    before = path.read_text()
    assert not ensure_demo_users(path)
    assert path.read_text() == before


def test_users_add_cli_reads_the_password_from_stdin(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MEDBRIEF_USERS_FILE", str(tmp_path / "u.yaml"))
    done = CliRunner().invoke(
        app, ["users", "add", "kim", "--role", "mlr", "--password-stdin"], input="pa55word-x\n"
    )
    assert done.exit_code == 0, done.output
    assert authenticate(load_users(tmp_path / "u.yaml"), "kim", "pa55word-x") is not None
    listed = CliRunner().invoke(app, ["users", "list"])
    assert listed.output.split()[:2] == ["kim", "mlr"] and "$2" not in listed.output


def test_serve_runs_the_packaged_app_headless_without_telemetry() -> None:
    assert app_script().is_file() and app_script().parent.name == "ui"
    command = streamlit_command("127.0.0.1", 8600)
    assert command[:4] == [sys.executable, "-m", "streamlit", "run"]
    options = dict(zip(command[5::2], command[6::2], strict=True))
    assert options["--browser.gatherUsageStats"] == "false"
    assert options["--server.headless"] == "true"
    assert options["--client.showErrorDetails"] == "none"  # no tracebacks in the browser
    assert options["--server.address"] == "127.0.0.1"


def test_serve_without_users_says_how_to_add_them(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MEDBRIEF_USERS_FILE", str(tmp_path / "none.yaml"))
    done = CliRunner().invoke(app, ["serve"])
    assert done.exit_code == 2
    assert "medbrief users add" in done.output and "--demo-users" in done.output


def _token(at) -> str:
    value = at.query_params["session"]
    return value[0] if isinstance(value, list) else value


def test_a_reload_keeps_the_user_signed_in(signed_in, sample_env) -> None:
    at = signed_in("rita")
    token = _token(at)
    assert token, "the signed-in page carries its session token"
    # A reload is a new session with the same address: still signed in, on a rep's page.
    reloaded = new_app()
    reloaded.query_params["session"] = token
    reloaded.run()
    assert not reloaded.exception, reloaded.exception
    assert any("Rita Test" in m.value for m in reloaded.sidebar.markdown)
    # A token nobody was given signs no one in. (Sign-out is tested in a real browser.)
    forged = new_app()
    forged.query_params["session"] = token[::-1]
    forged.run()
    assert any(t.key == "sign_in_username" for t in forged.text_input)


def test_a_session_ends_when_the_idle_time_is_zero_or_the_role_changed(
    signed_in, sample_env, monkeypatch
) -> None:
    at = signed_in("sam")
    token = _token(at)
    add_user(sample_env / "users.yaml", "sam", role=Role.REP, password=PASSWORD, name="Sam Test")
    try:
        changed = new_app()
        changed.query_params["session"] = token
        changed.run()
        assert any(t.key == "sign_in_username" for t in changed.text_input), "role changed"
    finally:
        add_user(
            sample_env / "users.yaml", "sam", role=Role.MSL, password=PASSWORD, name="Sam Test"
        )
    monkeypatch.setenv("MEDBRIEF_SESSION_IDLE_MINUTES", "0")
    plain = signed_in("rita")
    assert "session" not in plain.query_params, "no token when reloads sign out"
