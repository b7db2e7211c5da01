"""Ingest is crash-safe: SIGKILL ``medbrief ingest`` at random points, run it again, and the
data directory ends identical to an uninterrupted ingest (dense index, lexical index, catalog).

Random kill points (22 seeded trials) and exact ones (just before / after each kind of write:
the gaps between writes, which a random delay rarely hits). Two scenarios: a first ingest into an
empty data directory, and an update (two new versions, one withdrawal, a changed note) on top of
an ingested one, where a lexical index from the previous run already exists.

Embeddings come from the OpenAI-protocol test server (``MEDBRIEF_EMBEDDING_PROVIDER=
openai_compatible``), an ordinary configuration: loading the ONNX model in every one of ~50
runs would triple the test's time and exercise nothing more of the write path.
"""

from __future__ import annotations

import random
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faults.cli_child import clean_env, run_cli, snapshot, start_cli
from tests.faults.corpus import write_corpus
from tests.openai_server import openai_stub

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("test_ingest_crash")]

SEED = 20261124
FIRST_INGEST_TRIALS = 12
UPDATE_TRIALS = 10

MODEL_ID = "openai_compatible:stub-embedding"


def _env(home: Path, embeddings_url: str) -> dict[str, str]:
    return clean_env(
        home,
        MEDBRIEF_EMBEDDING_PROVIDER="openai_compatible",
        MEDBRIEF_EMBEDDING_MODEL="stub-embedding",
        MEDBRIEF_OPENAI_BASE_URL=embeddings_url,
    )


def _ingest_args(paths: list[Path]) -> list[str]:
    return ["ingest", *map(str, paths), "--json"]


def _timed_ingest(home: Path, paths: list[Path], url: str) -> float:
    started = time.monotonic()
    code = run_cli(_ingest_args(paths), _env(home, url), home.parent / f"{home.name}.log")
    assert code == 0, (home.parent / f"{home.name}.log").read_text()
    return time.monotonic() - started


def _kill_then_rerun(
    home: Path, paths: list[Path], delay: float, log: Path, url: str
) -> tuple[int | None, int]:
    """Start an ingest, SIGKILL it after ``delay`` s (if still running), then re-run it."""
    env = _env(home, url)
    process = start_cli(_ingest_args(paths), env, log)
    process.join(delay)
    if process.exitcode is None:
        process.kill()
        process.join()
    killed = process.exitcode
    rerun = run_cli(_ingest_args(paths), env, log)
    return killed, rerun


def _differences(got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    return [key for key in want if got.get(key) != want[key]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The two corpora, and the reference states of clean (uninterrupted) ingests."""
    with openai_stub() as stub:
        yield _reference(tmp_path_factory.mktemp("crash"), stub.url)


def _reference(root: Path, url: str) -> dict[str, Any]:
    first = write_corpus(root / "v1", update=False)
    second = write_corpus(root / "v2", update=True)
    # Start the fork server (it imports the CLI once) before anything is timed.
    assert run_cli(["--help"], _env(root / "warm-up", url), root / "warm-up.log") == 0
    clean = root / "clean-home"
    first_seconds = _timed_ingest(clean, first, url)
    after_first = snapshot(clean, MODEL_ID)
    base = root / "base-home"  # ingested v1, kept as the starting point of update trials
    shutil.copytree(clean, base)
    update_seconds = _timed_ingest(clean, second, url)
    after_update = snapshot(clean, MODEL_ID)
    assert after_first["chroma"]["content"] and after_first["lexical"]
    assert after_update != after_first
    return {
        "url": url,
        "root": root,
        "first": first,
        "second": second,
        "base": base,
        "first_seconds": first_seconds,
        "update_seconds": update_seconds,
        "after_first": after_first,
        "after_update": after_update,
    }


def _run_trials(
    corpus: dict[str, Any], scenario: str, trials: int, rng: random.Random
) -> list[tuple[float, int | None]]:
    update = scenario == "update"
    paths = corpus["second" if update else "first"]
    want = corpus["after_update" if update else "after_first"]
    seconds = corpus["update_seconds" if update else "first_seconds"]
    outcomes = []
    for trial in range(trials):
        # Spread over the whole run: start-up, parsing, embedding, writing.
        delay = rng.uniform(0.05, 1.0) * seconds
        for attempt in range(5):
            home = corpus["root"] / f"{scenario}-{trial}-{attempt}"
            if update:
                shutil.copytree(corpus["base"], home)
            log = home.parent / f"{home.name}.log"
            killed, rerun = _kill_then_rerun(home, paths, delay, log, corpus["url"])
            if killed == -signal.SIGKILL:
                break
            # It finished first (the machine is faster now than when it was timed): a valid
            # run, but not a crash; check it too, and try again earlier.
            assert rerun == 0 and not _differences(snapshot(home, MODEL_ID), want)
            shutil.rmtree(home)
            delay /= 2
        assert rerun == 0, f"re-run after a kill at {delay:.2f} s failed:\n{log.read_text()}"
        got = snapshot(home, MODEL_ID)
        assert not _differences(got, want), (
            f"{scenario} trial {trial}: killed at {delay:.2f} s (exit {killed}); after the "
            f"re-run these differ from a clean ingest: {_differences(got, want)}"
        )
        outcomes.append((delay, killed))
        shutil.rmtree(home)
    return outcomes


def test_killed_first_ingest_rerun_equals_a_clean_ingest(corpus: dict[str, Any]) -> None:
    outcomes = _run_trials(corpus, "first", FIRST_INGEST_TRIALS, random.Random(SEED))
    killed = [d for d, code in outcomes if code == -signal.SIGKILL]
    assert len(killed) == FIRST_INGEST_TRIALS, outcomes  # each trial really was a crash


def test_killed_update_rerun_equals_a_clean_update(corpus: dict[str, Any]) -> None:
    outcomes = _run_trials(corpus, "update", UPDATE_TRIALS, random.Random(SEED + 1))
    killed = [d for d, code in outcomes if code == -signal.SIGKILL]
    assert len(killed) == UPDATE_TRIALS, outcomes


# Exact crash points: between the dense index, the catalog and the lexical index writes.
EXACT_POINTS = [
    ("knowledge_base.vector_index:VectorIndex.add_chunks", "after", 2),
    ("knowledge_base.vector_index:VectorIndex.delete_chunks", "after", 1),
    ("knowledge_base.catalog:Catalog.record_document", "before", 2),
    ("knowledge_base.catalog:Catalog.record_document", "after", 5),
    ("knowledge_base.catalog:Catalog.upsert_notes", "after", 1),
    ("knowledge_base.ingest:Ingestor.rebuild_lexical_index", "before", 1),
]


@pytest.mark.parametrize("scenario", ["first", "update"])
@pytest.mark.parametrize(("target", "when", "call"), EXACT_POINTS)
def test_killed_at_an_exact_point_rerun_equals_a_clean_ingest(
    corpus: dict[str, Any], scenario: str, target: str, when: str, call: int
) -> None:
    update = scenario == "update"
    paths = corpus["second" if update else "first"]
    home = corpus["root"] / f"exact-{scenario}-{target.rsplit('.', 1)[-1]}-{when}-{call}"
    if update:
        shutil.copytree(corpus["base"], home)
    log = home.parent / f"{home.name}.log"
    env = _env(home, corpus["url"])
    process = start_cli(_ingest_args(paths), env, log, kill_at=(target, when, call))
    process.join(120)
    # A point the run never reaches (e.g. no stale chunks to delete on a first ingest) lets it
    # finish: still a valid run, and the state must still match.
    assert process.exitcode in (-signal.SIGKILL, 0), log.read_text()
    assert run_cli(_ingest_args(paths), env, log) == 0, log.read_text()
    got = snapshot(home, MODEL_ID)
    want = corpus["after_update" if update else "after_first"]
    assert not _differences(got, want), _differences(got, want)
