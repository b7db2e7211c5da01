"""Driving `medbrief serve` in headless Chromium (Debian's, not a Playwright download).

Used by tests/ui/test_browser.py and bench/ui_latency.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page

from tests.ports import free_port

MEDBRIEF = Path(sys.executable).parent / "medbrief"
VIEWPORT = {"width": 1400, "height": 1100}

# The last chat message holds rendered answer text (not only the spinner).
_ANSWER_SHOWN = """(count) => {
  const messages = document.querySelectorAll('[data-testid="stChatMessage"]');
  if (messages.length < count) return false;
  const last = messages[messages.length - 1];
  return [...last.querySelectorAll('[data-testid="stMarkdownContainer"]')]
    .some(e => !e.closest('[data-testid="stSpinner"]') && e.innerText.trim().length > 20);
}"""


def chromium_path() -> str | None:
    for candidate in (os.environ.get("MEDBRIEF_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


@contextmanager
def serving(env: dict[str, str], log: Path, *, timeout: float = 120) -> Iterator[str]:
    """`medbrief serve` on a free local port; yields its URL once it answers."""
    port = free_port()
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(MEDBRIEF), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if server.poll() is not None:
                    raise RuntimeError(f"medbrief serve exited: {log.read_text()[-2000:]}")
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"medbrief serve did not start: {log.read_text()[-2000:]}")
                time.sleep(0.3)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def launch(playwright) -> Browser:  # type: ignore[no-untyped-def]
    return playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])


def sign_in_form(
    browser: Browser,
    url: str,
    username: str,
    password: str,
    *,
    viewport: dict | None = None,
    timeout_ms: float = 120_000,
) -> Page:
    """A fresh session (own browser context, ``viewport`` or a desktop's) with the sign-in
    form filled in, not yet sent (a bench times the click)."""
    page = browser.new_context(viewport=viewport or VIEWPORT).new_page()
    page.set_default_timeout(timeout_ms)
    page.goto(url)
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    return page


def sign_in(
    browser: Browser, url: str, username: str, password: str, *, viewport: dict | None = None
) -> Page:
    """A fresh session (own browser context, ``viewport`` or a desktop's) signed in as
    ``username``."""
    page = sign_in_form(browser, url, username, password, viewport=viewport)
    page.get_by_role("button", name="Sign in").click()
    # Attached, not visible: on a tablet the sidebar holding it starts collapsed.
    page.get_by_text("Sign out").wait_for(state="attached")
    return page


def open_page(page: Page, title: str) -> None:
    """Through the sidebar, opening it first where the screen is narrow enough to hide it."""
    expand = page.get_by_test_id("stExpandSidebarButton")  # shown only while collapsed
    if expand.count() and expand.is_visible():
        expand.click()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title, level=1).wait_for()


def ask(page: Page, question: str) -> float:
    """Send a chat question; seconds from the click to the first verified sentence shown."""
    before = page.get_by_test_id("stChatMessage").count()
    page.get_by_test_id("stChatInputTextArea").fill(question)
    started = time.perf_counter()
    page.get_by_test_id("stChatInputSubmitButton").click()
    page.wait_for_function(_ANSWER_SHOWN, arg=before + 2, polling=10)
    return time.perf_counter() - started


def settle(page: Page) -> None:
    """Wait until the app has finished its current run (for screenshots)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", polling=50
    )
    page.wait_for_timeout(300)
