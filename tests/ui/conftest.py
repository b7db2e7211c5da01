"""Fixtures for the app tests: an ingested sample home with one user per role, and AppTest
sessions signed in as each of them."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright
from streamlit.testing.v1 import AppTest

from assistant.users import add_user
from knowledge_base.models import Role
from tests.sample_home import SAMPLE_TODAY, sample_home_copy
from tests.ui.browser import chromium_path, launch

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
PASSWORD = "correct-horse-battery"
USERS = {"rita": Role.REP, "sam": Role.MSL, "mona": Role.MLR, "ada": Role.ADMIN}


def write_users(path: Path) -> None:
    for username, role in USERS.items():
        add_user(path, username, role=role, password=PASSWORD, name=f"{username.title()} Test")


@pytest.fixture(scope="module")
def ui_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private ingested sample home for this test module, with users.yaml."""
    home = sample_home_copy(tmp_path_factory, "ui-home")
    write_users(home / "users.yaml")
    return home


@pytest.fixture
def sample_env(ui_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MEDBRIEF_HOME", str(ui_home))
    monkeypatch.setenv("MEDBRIEF_TODAY", SAMPLE_TODAY)
    return ui_home


def new_app() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=300)


def sign_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input(password)
    return next(b for b in at.button if b.label == "Sign in").click().run()


@pytest.fixture
def signed_in(sample_env: Path) -> Callable[[str], AppTest]:
    def _signed_in(username: str) -> AppTest:
        at = sign_in(new_app().run(), username)
        assert not at.exception, at.exception
        return at

    return _signed_in


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium for a test module; skipped without it, unless
    MEDBRIEF_REQUIRE_BROWSER=1 (CI), where its absence fails the run."""
    if chromium_path() is None:
        reason = "no chromium on PATH: install it with .ci/install-browser.sh"
        if os.environ.get("MEDBRIEF_REQUIRE_BROWSER") == "1":
            pytest.fail(f"MEDBRIEF_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()
