"""A ready, ingested copy of the bundled sample knowledge base for tests that need real data.

The sample is ingested once per test run (the first xdist worker to arrive builds it under a file
lock; the others wait) with the real offline embedder, then each caller gets its own copy of the
data directory, so audit records and eval runs written by one test session never leak into
another's. Ingest takes ~25 s; a copy takes well under a second.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

SAMPLE_TODAY = "2026-11-24"
MEDBRIEF = Path(sys.executable).parent / "medbrief"


def shared_embedding_cache(factory: pytest.TempPathFactory) -> Path:
    """One embedding cache for every sample ingest of a test run (and of later runs on this
    machine): the sample's 32 labels are embedded once, not once per ingest."""
    return factory.getbasetemp().parent / "embeddings.sqlite"


def _clean_env(home: Path, embedding_cache: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MEDBRIEF_", "OPENAI_", "AZURE_OPENAI_", "HF_"))
    }
    env.update(
        {
            "MEDBRIEF_HOME": str(home),
            "MEDBRIEF_TODAY": SAMPLE_TODAY,
            "MEDBRIEF_EMBEDDING_CACHE_PATH": str(embedding_cache),
        }
    )
    return env


def _sample_fingerprint() -> str:
    """Changes whenever a sample file or the ingest code changes: a stale copy is never reused."""
    digest = hashlib.sha256()
    repo = Path(__file__).resolve().parent.parent
    for path in sorted(p for p in (repo / "knowledge_base").rglob("*") if p.is_file()):
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(repo)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def network_namespace_works() -> bool:
    """Whether ``unshare -rn`` (a user + network namespace with no interfaces) is permitted."""
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0


def ingested_sample(factory: pytest.TempPathFactory) -> Path:
    """The shared, read-only ingested sample home (built on first use, reused while current).

    The ingest runs as the installed ``medbrief`` command inside a network namespace with no
    interfaces where permitted, so every test using it also proves ingest needs no network;
    ``ingest_report`` says whether it did, and what the ingest reported.
    """
    # The parent of the base temp is shared by all xdist workers (and by later runs: the
    # fingerprint in the name keeps a copy built from other sample files or code from being used).
    root = factory.getbasetemp().parent
    built = root / f"sample-kb-{_sample_fingerprint()}"
    with FileLock(str(root / "sample-kb.lock")):
        if not (built / ".complete").exists():
            shutil.rmtree(built, ignore_errors=True)
            offline = network_namespace_works()
            done = subprocess.run(
                [
                    *(["unshare", "-rn"] if offline else []),
                    str(MEDBRIEF),
                    "ingest",
                    "--sample",
                    "--json",
                ],
                env=_clean_env(built, shared_embedding_cache(factory)),
                capture_output=True,
                text=True,
                timeout=900,
            )
            assert done.returncode == 0, done.stderr[-3000:]
            report = {"offline": offline, "report": json.loads(done.stdout)}
            (built / ".complete").write_text(json.dumps(report))
    return built


def ingest_report(factory: pytest.TempPathFactory) -> tuple[dict, bool]:
    """What ``medbrief ingest --sample --json`` reported for the shared sample, and whether it
    ran without a network."""
    stored = json.loads((ingested_sample(factory) / ".complete").read_text())
    return stored["report"], stored["offline"]


def sample_home_copy(factory: pytest.TempPathFactory, name: str = "sample-home") -> Path:
    """A private, writable copy of the ingested sample home."""
    source = ingested_sample(factory)
    target = factory.mktemp(name)
    shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".complete"))
    return target
