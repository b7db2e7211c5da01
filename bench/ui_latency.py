"""Chat and briefings in the app, in a real browser: time from clicking send to the first
verified sentence, and from picking an HCP to the briefing on screen.

    .venv/bin/python bench/ui_latency.py [--home INGESTED_HOME] [-n 10]

Starts `medbrief serve` on the offline default (extractive provider) over the sample knowledge
base (ingested into a temporary folder, or a copy of --home), signs in as a rep in headless
Chromium (Debian's, `.ci/install-browser.sh`), asks N on-label questions and prints the median
and p95 of click -> first sentence on screen, then picks N sample HCPs in turn on the briefing
page (each new to the session: nothing cached) and prints the median and p95 of pick -> the
briefing's audit record id on screen (the last thing the page draws). The first question and
the first briefing warm the models and are reported separately. Then an MSL signs in N+1 times,
each a new session: the first computes the inquiry backlog summary, the others read the one
already computed (shared until the catalog changes); the time is from clicking "Sign in" to the
summary's audit record on screen. The three p95 are printed against their limits
(bench/limits.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.ui.browser, the shared browser driver

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

from tests.ui.browser import (  # noqa: E402
    MEDBRIEF,
    ask,
    chromium_path,
    launch,
    open_page,
    serving,
    sign_in,
    sign_in_form,
)

QUESTIONS = [
    "What is the recommended dose of TAGRISSO?",
    "What are the contraindications of RINVOQ?",
    "How should NURTEC ODT be stored?",
    "What is the boxed warning of RINVOQ?",
    "What are the most common adverse reactions with LEQEMBI?",
    "How is SOLIRIS administered?",
    "What monitoring is needed before starting KESIMPTA?",
    "What is KESIMPTA indicated for?",
]
PASSWORD = "bench-password-1"
sys.path.insert(0, str(ROOT / "bench"))
from limits import against_limit  # noqa: E402

# The audit record caption the briefing page shows last (null before any briefing).
_SHOWN = """() => {
  const captions = [...document.querySelectorAll('[data-testid="stCaptionContainer"]')];
  return captions.map(c => c.innerText).find(t => t.startsWith('Audit record')) ?? null;
}"""


def sample_app_home(
    home: Path, source: Path | None, users: Sequence[tuple[str, str]]
) -> dict[str, str]:
    """The environment of an app over the sample (content as of 2026-11-24) in ``home``: a
    copy of ``source`` (an ingested home) or a fresh ingest, with ``users`` (name, role)
    signing in with PASSWORD."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDBRIEF_")}
    env |= {"MEDBRIEF_HOME": str(home), "MEDBRIEF_TODAY": "2026-11-24"}
    if source:
        shutil.copytree(source, home)
    else:
        print("ingesting the sample ...", file=sys.stderr)
        subprocess.run(
            [str(MEDBRIEF), "ingest", "--sample", "--json"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    for username, role in users:
        subprocess.run(
            [str(MEDBRIEF), "users", "add", username, "--role", role, "--password-stdin"],
            input=PASSWORD + "\n",
            text=True,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return env


def brief(page: Page, hcp_id: str) -> float:
    """Pick an HCP on the briefing page; seconds from the pick to its briefing on screen."""
    before = page.evaluate(_SHOWN)
    page.get_by_test_id("stSelectbox").filter(has_text="HCP (type").click()
    page.keyboard.type(hcp_id)
    started = time.perf_counter()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"(before) => {{ const shown = ({_SHOWN})(); return shown !== null && shown !== before; }}",
        arg=before,
        polling=10,
    )
    return time.perf_counter() - started


def backlog_visit(browser: Browser, url: str, username: str) -> float:
    """A new session of an MSL: seconds from clicking "Sign in" to the backlog summary (its
    audit record caption, drawn last) on screen. Closes the session after."""
    page = sign_in_form(browser, url, username, PASSWORD, timeout_ms=300_000)
    started = time.perf_counter()
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_function(f"() => ({_SHOWN})() !== null", polling=10)
    elapsed = time.perf_counter() - started
    page.context.close()
    return elapsed


def _p95(times_ms: list[float]) -> float:
    return times_ms[min(len(times_ms) - 1, round(0.95 * (len(times_ms) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="An ingested home to copy (skips ingest).")
    parser.add_argument("-n", type=int, default=10, help="Questions to time (after warm-up).")
    args = parser.parse_args()
    if chromium_path() is None:
        print("no chromium on PATH: run .ci/install-browser.sh", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="medbrief-ui-bench-") as folder:
        env = sample_app_home(
            Path(folder) / "home", args.home, (("bench", "rep"), ("bench-msl", "msl"))
        )
        with serving(env, Path(folder) / "serve.log") as url, sync_playwright() as playwright:
            browser = launch(playwright)
            page = sign_in(browser, url, "bench", PASSWORD)
            first_briefing = brief(page, "HCP-001")
            briefings = [brief(page, f"HCP-{i + 2:03d}") for i in range(args.n)]
            open_page(page, "Chat")
            warm = ask(page, QUESTIONS[0])
            times = [ask(page, QUESTIONS[i % len(QUESTIONS)]) for i in range(1, args.n + 1)]
            backlog_first = backlog_visit(browser, url, "bench-msl")
            backlog = [backlog_visit(browser, url, "bench-msl") for _ in range(args.n)]
            browser.close()
    print("each question in turn (ms): " + " ".join(f"{t * 1000:.0f}" for t in times))
    print("each briefing in turn (ms): " + " ".join(f"{t * 1000:.0f}" for t in briefings))
    times_ms = sorted(t * 1000 for t in times)
    print(f"first question (models warming): {warm * 1000:.0f} ms")
    print(
        f"click -> first verified sentence, offline extractive, n={len(times_ms)}: "
        f"median {statistics.median(times_ms):.0f} ms, p95 {_p95(times_ms):.0f} ms, "
        f"min {times_ms[0]:.0f} ms, max {times_ms[-1]:.0f} ms"
    )
    brief_ms = sorted(t * 1000 for t in briefings)
    print(f"first briefing (models warming): {first_briefing * 1000:.0f} ms")
    print(
        f"pick HCP -> briefing on screen, n={len(brief_ms)}: median "
        f"{statistics.median(brief_ms):.0f} ms, p95 {_p95(brief_ms):.0f} ms"
    )
    backlog_s = sorted(backlog)
    print(f"MSL backlog, first sign-in (summary computed): {backlog_first:.2f} s")
    print(
        f"MSL backlog, new sessions (summary shared), sign-in click -> summary on screen, "
        f"n={len(backlog_s)}: median {statistics.median(backlog_s):.2f} s, "
        f"p95 {_p95(backlog_s):.2f} s"
    )
    print("through the app: " + against_limit("ask p95 warm (ms)", _p95(times_ms)))
    print("through the app: " + against_limit("brief p95 warm (ms)", _p95(brief_ms)))
    print("through the app: " + against_limit("MSL backlog page, summary cached", _p95(backlog_s)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
