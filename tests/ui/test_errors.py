"""Failures reach users as what happened and what to do, never as a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.conftest import new_app, sign_in, write_users


def test_sign_in_without_a_users_file_says_how_to_set_it_up(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MEDBRIEF_USERS_FILE", str(tmp_path / "missing.yaml"))
    at = sign_in(new_app().run(), "rita", "whatever-it-is")
    assert not at.exception
    assert "medbrief users add" in at.error[0].value


@pytest.mark.integration
def test_a_misconfigured_model_is_a_message_with_the_variable_to_set(
    tmp_path: Path, monkeypatch
) -> None:
    write_users(tmp_path / "users.yaml")
    monkeypatch.setenv("MEDBRIEF_HOME", str(tmp_path))
    monkeypatch.setenv("MEDBRIEF_LLM_PROVIDER", "openai")  # and no API key
    at = sign_in(new_app().run(), "rita")
    assert not at.exception, at.exception
    message = at.error[0].value
    assert "Preparing the briefing failed" in message
    assert "MEDBRIEF_OPENAI_API_KEY" in message
    assert "Traceback" not in message


@pytest.mark.integration
def test_an_unreachable_audit_database_is_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch
) -> None:
    write_users(tmp_path / "users.yaml")
    monkeypatch.setenv("MEDBRIEF_HOME", str(tmp_path))
    # A closed port on loopback: nothing listens, so the audit log cannot be opened.
    monkeypatch.setenv("MEDBRIEF_AUDIT_URL", "postgresql://medbrief:s3cret@127.0.0.1:1/audit")
    at = sign_in(new_app().run(), "rita")
    assert not at.exception, at.exception
    message = at.error[0].value
    assert "cannot open the audit log" in message and "MEDBRIEF_AUDIT_URL" in message
    assert "s3cret" not in message and "Traceback" not in message
