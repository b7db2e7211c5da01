"""End to end in a real browser: `medbrief serve` driven by headless Chromium through the
flows of each role. Screenshots land in tests/ui/artifacts/.

Needs Debian's chromium (`.ci/install-browser.sh`); skipped without it, unless
MEDBRIEF_REQUIRE_BROWSER=1 (CI), where its absence fails the run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.sample_home import _clean_env, sample_home_copy, shared_embedding_cache
from tests.ui.browser import ask, open_page, serving, settle, sign_in
from tests.ui.conftest import PASSWORD, write_users

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("ui")]

expect.set_options(timeout=120_000)  # the first answer loads the models; CI machines are slow
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
OFF_LABEL = "Can TAGRISSO be used for thyroid cancer?"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Iterator[str]:
    home = sample_home_copy(tmp_path_factory, "browser-home")
    write_users(home / "users.yaml")
    with serving(
        _clean_env(home, shared_embedding_cache(tmp_path_factory)), home / "serve.log"
    ) as url:
        yield url


def _shot(page: Page, name: str) -> None:
    settle(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name)


def test_rep_briefing_citation_chat_and_off_label_refusal(browser: Browser, app_url: str) -> None:
    page = sign_in(browser, app_url, "rita", PASSWORD)
    expect(page.get_by_role("heading", name="Pre-call briefing", level=1)).to_be_visible()
    _shot(page, "01-rep-signed-in.png")
    sidebar = page.get_by_test_id("stSidebarNav")
    # Material icons render as their names: match the titles, not the whole text.
    links = sidebar.get_by_role("link")
    expect(links).to_have_text([re.compile("Pre-call briefing$"), re.compile("Chat$")])

    page.get_by_test_id("stSelectbox").filter(has_text="HCP (type").click()
    page.keyboard.type("HCP-001")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Suggested talking points").wait_for()
    expect(page.get_by_text("Generated in offline extractive mode")).to_be_attached()
    _shot(page, "02-rep-briefing.png")

    page.get_by_test_id("stPopover").first.get_by_role("button").click()
    passage = page.get_by_test_id("stPopoverBody")
    expect(passage).to_contain_text("approval code")
    expect(passage).to_contain_text("version")
    _shot(page, "03-rep-citation.png")
    page.keyboard.press("Escape")

    open_page(page, "Chat")
    seconds = ask(page, "What is the recommended dose of TAGRISSO?")
    print(f"\nclick to first streamed sentence: {seconds * 1000:.0f} ms (offline extractive)")
    expect(page.get_by_test_id("stChatMessage").last).to_contain_text("80 mg")
    _shot(page, "04-rep-chat-answer.png")

    page.get_by_test_id("stChatInputTextArea").fill(OFF_LABEL)
    page.get_by_test_id("stChatInputSubmitButton").click()
    expect(page.get_by_text("outside the approved label")).to_be_visible()
    offer = page.get_by_role("button", name="File a medical information request")
    expect(offer).to_be_visible()
    _shot(page, "05-rep-chat-refusal.png")
    # Pre-filled with the HCP of the briefing just read: the request goes to them.
    offer.click()
    expect(page.get_by_text("an MSL will respond to the HCP")).to_be_visible()
    _shot(page, "06-rep-request-filed.png")


def test_msl_sees_the_ae_queue(browser: Browser, app_url: str) -> None:
    page = sign_in(browser, app_url, "sam", PASSWORD)
    tab = page.get_by_role("tab", name="AE/PC queue")
    tab.wait_for()
    expect(page.get_by_role("button", name="Mark as reported…").first).to_be_visible()
    _shot(page, "07-msl-ae-queue.png")
    page.get_by_role("tab", name="Themes").click()
    expect(page.get_by_text("Matched approved response").first).to_be_attached()
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.scroll_into_view_if_needed()
    expect(chart).to_be_visible()
    _shot(page, "08-msl-themes.png")


def test_mlr_runs_a_suite_and_checks_audit_and_content(browser: Browser, app_url: str) -> None:
    page = sign_in(browser, app_url, "mona", PASSWORD)
    expect(page.get_by_role("heading", name="Eval runs", level=1)).to_be_visible()
    page.get_by_role("combobox", name="Suites").click()
    page.keyboard.type("off-label")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Run", exact=True).click()
    expect(page.get_by_text("Saved run")).to_be_visible()
    _shot(page, "09-mlr-eval-run.png")
    page.get_by_role("tab", name="Past runs").click()
    expect(page.locator("iframe").first).to_be_visible()
    _shot(page, "10-mlr-eval-report.png")

    open_page(page, "Audit log")
    page.get_by_role("button", name="Verify the chain").click()
    expect(page.get_by_text("Chain intact")).to_be_visible()
    _shot(page, "11-mlr-audit.png")

    open_page(page, "Content library")
    expect(page.get_by_text("past their expiry date")).to_be_visible()
    _shot(page, "12-mlr-content.png")


IPAD_PORTRAIT = {"width": 768, "height": 1024}
# True when no box between the element and its button hides part of it (an ellipsis container
# 1 px wide once showed only the popover's chevron).
_NOT_CLIPPED = """e => {
  for (let n = e; n && n.tagName !== 'BUTTON'; n = n.parentElement) {
    const style = getComputedStyle(n);
    if (style.overflow !== 'visible' && n.scrollWidth > n.clientWidth + 1) return false;
  }
  return true;
}"""


def _citation_buttons_fit(page: Page, scope) -> int:  # type: ignore[no-untyped-def]
    """Every [n] button in ``scope`` is visible, whole, and inside the screen's width."""
    buttons = scope.get_by_test_id("stPopover").get_by_role("button")
    count = buttons.count()
    for i in range(count):
        button = buttons.nth(i)
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 768, box
        # The "[n]" itself is on screen, whole (a narrow column once left only the chevron).
        label = button.get_by_text(re.compile(r"^\[\d+\]$"))
        expect(label).to_be_visible()
        assert label.evaluate(_NOT_CLIPPED), f"{button.inner_text()!r} is cut off"
    return count


def test_a_rep_on_an_ipad_in_portrait_sees_every_citation(browser: Browser, app_url: str) -> None:
    page = sign_in(browser, app_url, "rita", PASSWORD, viewport=IPAD_PORTRAIT)
    page.get_by_test_id("stSelectbox").filter(has_text="HCP (type").click()
    page.keyboard.type("HCP-002")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Suggested talking points").wait_for()
    settle(page)
    assert _citation_buttons_fit(page, page.get_by_test_id("stMain")) > 0
    expect(page.get_by_role("button", name="Download PDF")).to_be_visible()
    _shot(page, "09-ipad-briefing.png")

    open_page(page, "Chat")
    ask(page, "How should NURTEC ODT be stored?")
    settle(page)
    assert _citation_buttons_fit(page, page.get_by_test_id("stChatMessage").last) > 0
    _shot(page, "10-ipad-chat.png")


def test_a_reload_keeps_the_rep_signed_in_and_sign_out_ends_it(
    browser: Browser, app_url: str
) -> None:
    page = sign_in(browser, app_url, "rita", PASSWORD)
    open_page(page, "Chat")
    assert "session=" in page.url, "the session token travels in the page's address"
    page.reload()
    # Still signed in, on the page that was open, after a reload.
    page.get_by_text("Sign out").wait_for(state="attached")
    expect(page.get_by_role("heading", name="Chat", level=1)).to_be_visible()
    _shot(page, "11-rep-after-reload.png")
    address = page.url
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("textbox", name="Username").wait_for()
    # The old address signs no one in any more.
    page.goto(address)
    expect(page.get_by_role("textbox", name="Username")).to_be_visible()
    expect(page.get_by_text("Sign out")).to_have_count(0)
