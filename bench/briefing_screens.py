"""Screenshots of briefings as a rep sees them, for a review from the screen (issue 18).

    .venv/bin/python bench/briefing_screens.py OUT_FOLDER [HCP-001 HCP-005 ...] [--home HOME]

Starts `medbrief serve` on the offline default over the sample (ingested into a temporary
folder, or a copy of --home; content as of 2026-11-24 like the other benches), signs in as a
rep in headless Chromium and saves a full-page screenshot of each HCP's briefing as
OUT_FOLDER/briefing-<HCP>.png (default: ten HCPs across the sample's specialties).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.ui.browser, the shared browser driver

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.ui.browser import chromium_path, launch, serving, settle, sign_in  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from ui_latency import PASSWORD, brief, sample_app_home  # noqa: E402

VIEWPORT = {"width": 1400, "height": 1100}
_CONTENT_HEIGHT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return Math.ceil(main ? main.scrollHeight : document.body.scrollHeight);
}"""
DEFAULT_HCPS = [f"HCP-{n:03d}" for n in (1, 2, 5, 9, 12, 15, 17, 21, 26, 29)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("hcps", nargs="*", default=DEFAULT_HCPS)
    parser.add_argument("--home", type=Path, help="An ingested home to copy (skips ingest).")
    args = parser.parse_args()
    if chromium_path() is None:
        print("no chromium on PATH: run .ci/install-browser.sh", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="medbrief-screens-") as folder:
        env = sample_app_home(Path(folder) / "home", args.home, (("screens", "rep"),))
        with serving(env, Path(folder) / "serve.log") as url, sync_playwright() as playwright:
            browser = launch(playwright)
            page = sign_in(browser, url, "screens", PASSWORD)
            for hcp_id in args.hcps:
                page.set_viewport_size(VIEWPORT)
                brief(page, hcp_id)
                settle(page)
                # The app scrolls inside its main block, not the page: make the window as
                # tall as the briefing so one screenshot holds all of it.
                height = page.evaluate(_CONTENT_HEIGHT)
                page.set_viewport_size({"width": VIEWPORT["width"], "height": height + 80})
                settle(page)
                path = args.out / f"briefing-{hcp_id}.png"
                page.screenshot(path=str(path))
                print(path)
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
