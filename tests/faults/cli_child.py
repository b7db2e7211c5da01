"""Running the ``medbrief`` CLI in forked child processes that can be SIGKILLed at any moment.

Importing the CLI (chromadb, onnxruntime, langchain, ...) takes seconds; killing 20+ ingests
at random points and re-running each must not. So a ``forkserver`` (a clean, single-threaded
Python process started once) imports the CLI, and every run is a fresh fork of it: a real
process running the real CLI code on a real data directory, killed with a real SIGKILL.
``snapshot`` reads a data directory back, also in a child, so no Chroma client is cached in
the test process.
"""

from __future__ import annotations

import functools
import importlib
import json
import multiprocessing
import os
import signal
import sqlite3
import sys
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

__all__ = ["CONTEXT", "clean_env", "run_cli", "snapshot", "start_cli"]

_PRELOAD = ["assistant.cli", "tests.faults.cli_child"]


def _context() -> ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


CONTEXT = _context()


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The child's environment: nothing of the caller's MEDBRIEF_/OpenAI settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MEDBRIEF_", "OPENAI_", "AZURE_OPENAI_"))
    }
    return env | {"MEDBRIEF_HOME": str(home), "HF_HUB_OFFLINE": "1"} | extra


def _kill_at(target: str, when: str, call: int, pid: int | None = None) -> None:
    """SIGKILL process ``pid`` (default: this one) just ``when`` ("before"/"after") the
    ``call``-th call of ``target`` ("package.module:Class.method"): a crash at an exact point,
    of this process or of a server it talks to."""
    module_name, _, qualified = target.partition(":")
    owner_name, _, method_name = qualified.rpartition(".")
    owner = getattr(importlib.import_module(module_name), owner_name)
    original = getattr(owner, method_name)
    calls = 0

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == call and when == "before":
            os.kill(pid or os.getpid(), signal.SIGKILL)
        result = original(*args, **kwargs)
        if calls == call and when == "after":
            os.kill(pid or os.getpid(), signal.SIGKILL)
        return result

    setattr(owner, method_name, wrapper)


KillAt = tuple[str, str, int] | tuple[str, str, int, int]


def _main(args: list[str], env: dict[str, str], log: str, kill_at: KillAt | None) -> None:
    """Child body: the CLI with ``args``; stdout and stderr go to ``log``; exits with its code."""
    if kill_at is not None:
        _kill_at(*kill_at)
    os.environ.clear()
    os.environ.update(env)
    os.chdir(Path(env["MEDBRIEF_HOME"]).parent)  # no stray .env is picked up
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    from assistant.cli import app

    app(args, prog_name="medbrief")  # raises SystemExit with the command's exit code


def start_cli(
    args: list[str], env: dict[str, str], log: Path, kill_at: KillAt | None = None
) -> BaseProcess:
    """Start the CLI in a child; ``kill_at`` (target, "before"/"after", n[, pid]): _kill_at."""
    process = CONTEXT.Process(target=_main, args=(args, env, str(log), kill_at), daemon=False)
    process.start()
    return process


def run_cli(
    args: list[str],
    env: dict[str, str],
    log: Path,
    timeout: float = 120,
    kill_at: KillAt | None = None,
) -> int:
    """Run the CLI to completion in a child; returns its exit code."""
    process = start_cli(args, env, log, kill_at)
    process.join(timeout)
    if process.exitcode is None:
        process.kill()
        process.join()
        raise TimeoutError(f"medbrief {' '.join(args)} did not finish in {timeout} s; see {log}")
    return process.exitcode


def _rows(db: Path, query: str) -> list[list[Any]]:
    with sqlite3.connect(db) as conn:
        return [list(row) for row in conn.execute(query)]


def _snapshot(home: str, model_id: str, out: str, url: str | None) -> None:
    """Child body: everything ingest writes, minus timestamps, as JSON (sorted)."""
    from knowledge_base.lexical_index import FileLexicalIndexStore
    from knowledge_base.vector_index import VectorIndex

    root = Path(home)
    index = VectorIndex.open(path=root / "chroma", url=url, model_id=model_id)
    collections = {}
    for name, collection in (("content", index._content), ("notes", index._notes)):
        got = collection.get(include=["documents", "metadatas", "embeddings"])
        collections[name] = sorted(
            [i, d, m, [round(float(x), 4) for x in e]]
            for i, d, m, e in zip(
                got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True
            )
        )
    lexical = FileLexicalIndexStore(root / "lexical" / model_id).load()
    catalog = root / "catalog.db"
    state = {
        "chroma": collections,
        "lexical": sorted([i, m] for i, m in zip(lexical.ids, lexical.metadatas, strict=True)),
        "documents": _rows(
            catalog,
            "SELECT doc_id, version, status, file_sha256, metadata_json, source_path, "
            "chunk_count, indexed FROM documents ORDER BY doc_id",
        ),
        "versions": _rows(
            catalog,
            "SELECT doc_id, version, file_sha256, metadata_json, parsed_json "
            "FROM document_versions ORDER BY doc_id, version",
        ),
        "hcps": _rows(catalog, "SELECT * FROM hcps ORDER BY hcp_id"),
        "notes": _rows(catalog, "SELECT * FROM notes ORDER BY note_id"),
    }
    Path(out).write_text(json.dumps(state, sort_keys=True, default=str), encoding="utf-8")
    sys.exit(0)


def snapshot(
    home: Path, model_id: str = "all-MiniLM-L6-v2-int8", url: str | None = None
) -> dict[str, Any]:
    """The state of the data directory ``home`` (index, lexical index, catalog); ``url``: the
    dense index is on that Chroma server."""
    out = home.parent / f"snapshot-{home.name}.json"
    process = CONTEXT.Process(target=_snapshot, args=(str(home), model_id, str(out), url))
    process.start()
    process.join(60)
    if process.exitcode != 0:
        raise RuntimeError(f"snapshot of {home} failed (exit {process.exitcode})")
    return json.loads(out.read_text(encoding="utf-8"))
