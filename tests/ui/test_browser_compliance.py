"""The compliance states of issue 17 in a real browser, each saved as a screenshot a reviewer
can look at: a rep's open briefing with a flag to report, the MSL's queue after marking it, the
rep's briefing showing who reported it, the briefing's PDF (first page), and the same briefing
once a document it cites is withdrawn. Own module and home: the withdrawal changes the library.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from assistant.runtime import open_knowledge_base
from assistant.services import open_services
from assistant.settings import Settings
from assistant.workflows.briefing import build_briefing
from knowledge_base.models import Role
from tests.sample_home import SAMPLE_TODAY, _clean_env, sample_home_copy, shared_embedding_cache
from tests.ui.browser import open_page, serving, settle, sign_in
from tests.ui.conftest import PASSWORD, write_users

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("ui")]

expect.set_options(timeout=120_000)
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
HCP = "HCP-007"  # the sample HCP whose notes hold possible AEs


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = sample_home_copy(tmp_path_factory, "compliance-home")
    write_users(home / "users.yaml")
    return home


@pytest.fixture(scope="module")
def app_url(
    tmp_path_factory: pytest.TempPathFactory, browser: Browser, home: Path
) -> Iterator[str]:
    env = _clean_env(home, shared_embedding_cache(tmp_path_factory))
    with serving(env, home / "serve.log") as url:
        yield url


def _shot(page: Page, name: str) -> Path:
    settle(page)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=path, full_page=True)
    return path


def _open_briefing(page: Page) -> None:
    """Pick the HCP (again): a rerun draws the open briefing with everything read now."""
    page.get_by_test_id("stSelectbox").filter(has_text="HCP (type").click()
    page.keyboard.type(HCP)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Suggested talking points").wait_for()
    settle(page)


def _redraw(page: Page) -> None:
    """Away to Chat and back: the briefing page draws its open briefing again."""
    open_page(page, "Chat")
    open_page(page, "Pre-call briefing")
    page.get_by_role("heading", name="Suggested talking points").wait_for()
    settle(page)


def _pdf_first_page(pdf: Path, png: Path) -> None:
    import pypdfium2  # dev extra: rasterises the downloaded PDF for the screenshot set

    document = pypdfium2.PdfDocument(pdf)
    document[0].render(scale=1.5).to_pil().save(png)
    document.close()


def test_the_compliance_states_in_screenshots(browser: Browser, app_url: str, home: Path) -> None:
    rep = sign_in(browser, app_url, "rita", PASSWORD)
    _open_briefing(rep)
    expect(rep.get_by_text("Report to pharmacovigilance").first).to_be_visible()
    _shot(rep, "13-rep-briefing-flag-open.png")

    # The briefing as a PDF: first page rendered for the record.
    with rep.expect_download() as download:
        rep.get_by_role("button", name="Download PDF").click()
    pdf = ARTIFACTS / "briefing.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    _pdf_first_page(pdf, ARTIFACTS / "14-briefing-pdf-page-1.png")

    # The MSL marks one of the flags this briefing shows as reported, from the queue.
    services = open_services(Settings(home=home, today=SAMPLE_TODAY))
    shown = build_briefing(HCP, Role.REP, services, user="screenshot-check").report_to_pv
    services.audit.close()
    flagged = f"{shown[0].source_type} {shown[0].source_id}"
    msl = sign_in(browser, app_url, "sam", PASSWORD)
    msl.get_by_role("tab", name="AE/PC queue").wait_for()
    msl.get_by_test_id("stSelectbox").filter(has_text="Cards per page").click()
    msl.get_by_role("option", name="50").click()
    settle(msl)
    # the card: the nearest block around the flag's id that holds a "Mark as reported…" button
    card = msl.get_by_text(flagged, exact=True).first.locator(
        "xpath=ancestor::div[@data-testid='stVerticalBlock']"
        "[.//button[contains(normalize-space(.), 'Mark as reported')]][1]"
    )
    card.get_by_role("button", name="Mark as reported…").click()
    msl.get_by_role("textbox", name="Safety case number (if you have one)").fill("PV-2026-0311")
    msl.get_by_role("button", name="Confirm: reported to PV").click()
    expect(msl.get_by_text("Reported to PV by sam").first).to_be_visible()
    expect(msl.get_by_text("Safety case number (if you have one)")).to_have_count(0)
    msl.get_by_text("Just decided").scroll_into_view_if_needed()
    _shot(msl, "15-msl-queue-after-marking.png")

    # The rep's open briefing, drawn again (to Chat and back), says who reported it.
    _redraw(rep)
    expect(rep.get_by_text(re.compile("Reported to PV by sam")).first).to_be_visible()
    _shot(rep, "16-rep-briefing-after-pv.png")

    # A document the briefing cites is withdrawn: the open briefing says so at the top.
    rep.get_by_test_id("stPopover").first.get_by_role("button").click()
    caption = rep.get_by_test_id("stPopoverBody").inner_text()
    doc_id = re.search(r"Document\s+(\S+)", caption).group(1).strip("`")
    rep.keyboard.press("Escape")
    settings = Settings(home=home, today=SAMPLE_TODAY)
    open_knowledge_base(settings).withdraw(doc_id, reason="MLR: superseded", by="mona")
    _redraw(rep)
    expect(rep.get_by_text("no longer approved for you").first).to_be_visible()
    expect(rep.get_by_role("button", name="Prepare the briefing again")).to_be_visible()
    _shot(rep, "17-rep-briefing-withdrawn-citation.png")
