"""Audit log throughput: appends per second and verify() time, on SQLite and PostgreSQL.

    .venv/bin/python bench/audit.py [--records 2000] [--writers 8] [--verify-records 100000]

For each backend: one writer calling record(); ``--writers`` processes calling record() at once
(all waiting on one lock: the chain is a single sequence); record_many() in batches of 500 (an
eval run); then the log is filled to ``--verify-records`` and verify() and a JSON-lines export
are timed. SQLite is a file in a temp dir. PostgreSQL is ``MEDBRIEF_TEST_POSTGRES_URL`` when
set, else a throwaway local cluster (durable settings: fsync on), else it is left out. Each
verify() time is also given as a share of its limit (issue 19: 100,000 records in 3 s on SQLite,
5 s on PostgreSQL).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.postgres, which starts a throwaway server

from assistant.audit import (  # noqa: E402
    AuditEntry,
    AuditLog,
    AuditSentence,
    CitedChunk,
    RetrievedChunk,
)
from knowledge_base.models import Role  # noqa: E402

# Issue 19: verify() of this many records within these seconds.
VERIFY_LIMIT_RECORDS = 100_000
VERIFY_LIMIT_S = {"SQLite": 3.0, "PostgreSQL": 5.0}


def entry(i: int) -> AuditEntry:
    """A briefing-sized record: 5 retrieved chunks, 4 cited sentences, a short field note."""
    chunks = [
        RetrievedChunk(
            chunk_id=f"tagrisso-label:v3:{k}",
            doc_id="tagrisso-label",
            version="3",
            approval_code="ONC-US-2026-0142",
            score=1.0 / (k + 1),
        )
        for k in range(5)
    ]
    sentences = [
        AuditSentence(
            text=f"TAGRISSO sentence {k} about warnings and precautions for call {i}.",
            verdict="supported",
            shown=True,
            citations=[
                CitedChunk(
                    chunk_id=chunks[k].chunk_id,
                    doc_id="tagrisso-label",
                    version="3",
                    approval_code="ONC-US-2026-0142",
                    section="warnings_and_precautions",
                )
            ],
        )
        for k in range(4)
    ]
    text = " ".join(s.text for s in sentences)
    return AuditEntry(
        user=f"rep-{i % 50}",
        role=Role.REP,
        workflow="brief",
        inputs={
            "hcp_id": "HCP-0042",
            "note": "Dr. Chen asked about hepatic monitoring; patient Jane Doe (DOB 03/14/1962) "
            "had elevated ALT.",
        },
        prompt_id="briefing",
        prompt_version="4",
        prompt_sha256="ab" * 32,
        provider="extractive",
        model="extractive-v1",
        parameters={"temperature": 0.0, "k": 5},
        retrieved=chunks,
        output_shown={"text": text},
        output_generated={"text": text},
        sentences=sentences,
        token_counts={"prompt": 1200, "completion": 180},
        latency_ms=42.0,
    )


def _writer(url: str, count: int, offset: int, barrier: Any, times: Any) -> None:
    with AuditLog.open(url) as log:
        entries = [entry(offset + i) for i in range(count)]
        barrier.wait(timeout=300)
        start = time.perf_counter()
        for item in entries:
            log.record(item)
        times.put((start, time.perf_counter()))


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench(url: str, *, records: int, writers: int, verify_records: int) -> dict[str, float]:
    result: dict[str, float] = {}
    with AuditLog.open(url) as log:
        entries = [entry(i) for i in range(records)]
        elapsed = _timed(lambda: [log.record(e) for e in entries])
        result["record() 1 writer (rec/s)"] = records / elapsed

    context = multiprocessing.get_context("spawn")
    barrier, times = context.Barrier(writers), context.Queue()
    each = max(1, records // writers)
    processes = [
        context.Process(target=_writer, args=(url, each, w * each, barrier, times))
        for w in range(writers)
    ]
    for process in processes:
        process.start()
    spans = [times.get(timeout=600) for _ in processes]
    for process in processes:
        process.join()
        process.close()
    times.close()
    wall = max(end for _, end in spans) - min(start for start, _ in spans)
    result[f"record() {writers} processes (rec/s)"] = each * writers / wall

    with AuditLog.open(url) as log:
        batch = [entry(i) for i in range(500)]
        elapsed = _timed(lambda: [log.record_many(batch) for _ in range(4)])
        result["record_many(500) (rec/s)"] = 2000 / elapsed
        while (have := log.count()) < verify_records:
            log.record_many(batch[: min(500, verify_records - have)])
        total = log.count()
        start = time.perf_counter()
        verified = log.verify()
        result[f"verify() {total:,} records (s)"] = time.perf_counter() - start
        assert verified.ok and verified.checked == total, verified
        with open(os.devnull, "w", encoding="utf-8") as sink:
            seconds = _timed(lambda: log.export("jsonl", sink))
        result[f"export jsonl {total:,} records (s)"] = seconds
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--verify-records", type=int, default=100_000)
    args = parser.parse_args()
    options = {"records": args.records, "writers": args.writers}
    options["verify_records"] = args.verify_records
    results: dict[str, dict[str, float]] = {}

    with tempfile.TemporaryDirectory(prefix="medbrief-audit-bench-") as tmp:
        results["SQLite"] = bench(f"sqlite:///{tmp}/audit.db", **options)

    from tests.postgres import PostgresServer, find_bindir

    external = os.environ.get("MEDBRIEF_TEST_POSTGRES_URL")
    if external:
        results["PostgreSQL"] = bench(external, **options)
    elif bindir := find_bindir():
        server = PostgresServer(bindir, durable=True).start()
        try:
            results["PostgreSQL"] = bench(server.url, **options)
        finally:
            server.stop()
    else:
        print("PostgreSQL: no server binaries and no MEDBRIEF_TEST_POSTGRES_URL; left out\n")

    backends = list(results)
    print(f"| metric | {' | '.join(backends)} |")
    print(f"|---|{'---:|' * len(backends)}")
    for metric in results["SQLite"]:
        cells = [f"{results[b][metric]:,.1f}" for b in backends]
        print(f"| {metric} | {' | '.join(cells)} |")
    print()
    for backend in backends:
        print(verify_against_limit(backend, results[backend]))
    return 0


def verify_against_limit(backend: str, result: dict[str, float]) -> str:
    """E.g. 'SQLite verify 100,000 records: 2.41 s = 0.80 of the 3 s limit'."""
    metric = next(name for name in result if name.startswith("verify() "))
    seconds, limit = result[metric], VERIFY_LIMIT_S[backend]
    records = metric.removeprefix("verify() ").removesuffix(" (s)")
    share = f"{seconds:.2f} s = {seconds / limit:.2f} of the {limit:g} s limit"
    line = f"{backend} verify {records}: {share}"
    if records != f"{VERIFY_LIMIT_RECORDS:,} records":
        line += f" (which is for {VERIFY_LIMIT_RECORDS:,} records)"
    return line


if __name__ == "__main__":
    raise SystemExit(main())
