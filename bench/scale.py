"""How cost grows with the library: ingest, queries, memory, disk and start-up at 50, 500 and
2,000 documents, grown from the real sample.

    .venv/bin/python bench/scale.py [--sizes 50 500 2000] [--queries 100] [--home DIR]

First, ingest against the embedding model: the first ``--rate-documents`` sample documents are
ingested with every chunk embedded (no cache), then the same chunk texts go through the model
alone in the same process; ingest is held to at least 0.9 of the model's own rate.

Then the library grows: the bundled sample (32 FDA labels and 14 documents about their
products), copied under new doc ids and approval codes until it holds N documents (copy c lists
every file again as ``<doc_id>-c<c>``). Sizes are reached in order in one data directory, so each
step ingests only the documents it adds. A copy's chunks have the text, title and section of the
original, so the shipped sample vectors and the embedding cache serve them: these steps measure
everything ingest does but embedding (parsing, chunking, catalog, index writes, lexical rebuild).

At each size: ingest time; query p50/p95 for dense, lexical and hybrid search under each role's
access rules (the blind question set; one warm-up pass first); size on disk; and a new
instance started in a fresh interpreter (open the knowledge base, answer one hybrid query):
its wall time and peak memory. Prints a Markdown table and each figure's ratio to its limit,
writes ``bench/results/scale.json`` and a plot ``bench/results/scale.png`` (matplotlib,
``pip install -e '.[bench]'``). ``--home DIR`` keeps the data directory for a later run, which
then re-ingests nothing (its ingest figures say "reused").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench/retrieval.py: the blind question set's loader

from limits import LIMITS, against_limit  # noqa: E402
from retrieval import load_questions  # noqa: E402

from assistant.runtime import access_scope, open_knowledge_base  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from knowledge_base.embeddings import Embedder  # noqa: E402
from knowledge_base.ingest import index_text  # noqa: E402
from knowledge_base.retrieval import RetrievalMode  # noqa: E402
from knowledge_base.store import sample_path  # noqa: E402

BENCH_TODAY = date(2026, 11, 24)  # the sample's expiry dates are judged on this day
HYBRID_P95_LIMIT_MS = LIMITS["hybrid p95 at 2,000 documents (ms)"]


@dataclass
class TimedEmbedder:
    """The embedding model with a stopwatch: how much of an ingest was embedding."""

    inner: Embedder
    seconds: float = 0.0
    texts: int = 0
    model_id: str = field(init=False)

    def __post_init__(self) -> None:
        self.model_id = self.inner.model_id

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        started = time.perf_counter()
        vectors = self.inner.embed_documents(texts)
        self.seconds += time.perf_counter() - started
        self.texts += len(texts)
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def write_library(folder: Path, size: int) -> None:
    """A content folder whose manifest lists ``size`` documents: the sample, then copies."""
    source = sample_path() / "content"
    sample = yaml.safe_load((source / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
    entries = []
    for number in range(size):
        copy, original = divmod(number, len(sample))
        entry = dict(sample[original])
        if copy:
            # Hard links: a manifest lists a file once, and 2,000 real copies waste the disk.
            path = Path(f"copy{copy:04d}") / entry["path"]
            target = folder / path
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(folder / entry["path"], target)
            entry |= {
                "path": str(path),
                "doc_id": f"{entry['doc_id']}-c{copy}",
                "approval_code": f"{entry['approval_code']}-C{copy}",
            }
        entries.append(entry)
    manifest = folder / "manifest.yaml"
    manifest.write_text(yaml.safe_dump({"documents": entries}, sort_keys=False), encoding="utf-8")


def copy_sample_files(folder: Path) -> None:
    source = sample_path() / "content"
    for path in source.rglob("*"):
        if path.is_file() and path.name != "manifest.yaml":
            target = folder / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def disk_mib(path: Path) -> float:
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return total / 2**20


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def time_queries(kb: Any, settings: Settings, questions: list[Any]) -> dict[str, dict[str, float]]:
    retriever = kb.retriever()
    scopes = {role: access_scope(settings, role) for role in {q.role for q in questions}}
    for q in questions:  # warm-up: caches, access masks, the lexical generation
        retriever.search(q.question, scopes[q.role], k=5)
    timings: dict[str, dict[str, float]] = {}
    for mode in RetrievalMode:
        seconds = []
        for q in questions:
            started = time.perf_counter()
            retriever.search(q.question, scopes[q.role], k=5, mode=mode)
            seconds.append(time.perf_counter() - started)
        timings[mode.value] = {
            "p50_ms": 1000 * percentile(seconds, 0.5),
            "p95_ms": 1000 * percentile(seconds, 0.95),
        }
    return timings


NEW_INSTANCE = """
import json, resource, sys, time
started = time.perf_counter()
from datetime import date
from pathlib import Path
from assistant.runtime import access_scope, open_knowledge_base
from assistant.settings import Settings
from knowledge_base.models import Role
settings = Settings(home=Path(sys.argv[1]), today=date.fromisoformat(sys.argv[2]))
kb = open_knowledge_base(settings)
found = kb.retriever().search("What is the recommended dose?", access_scope(settings, Role.MSL))
assert found, "the new instance found nothing"
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": time.perf_counter() - started, "peak_mib": peak}))
"""


def start_new_instance(home: Path) -> dict[str, float]:
    """Open the knowledge base in a fresh interpreter and answer one query (imports included)."""
    done = subprocess.run(
        [sys.executable, "-c", NEW_INSTANCE, str(home), BENCH_TODAY.isoformat()],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def embedder_rate(embedder: Embedder, texts: list[str]) -> float:
    """The embedding model alone on ``texts``: chunks per second."""
    started = time.perf_counter()
    embedder.embed_documents(texts)
    return len(texts) / (time.perf_counter() - started)


def ingest_against_embedder(args: argparse.Namespace, home: Path, library: Path) -> dict:
    """Ingest the first ``--rate-documents`` sample documents with every chunk embedded (no
    cache), then the same chunk texts through the model alone, in the same process."""
    settings = Settings(home=home, today=BENCH_TODAY, embedding_cache=False)
    kb = open_knowledge_base(settings)
    model = TimedEmbedder(kb.embedder)
    kb = replace(kb, ingest_embedder=model)
    write_library(library, args.rate_documents)
    started = time.perf_counter()
    report = kb.ingest([library])
    seconds = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"ingest failed: {report.failures}")
    texts = [index_text(r.metadata, r.text) for r in kb.index.all_content()]
    alone = embedder_rate(model.inner, texts)
    return {
        "documents": args.rate_documents,
        "chunks": report.chunks_indexed,
        "ingest_s": seconds,
        "ingest_chunks_per_s": report.chunks_indexed / seconds,
        "embedding_s": model.seconds,
        "embedder_chunks_per_s": alone,
    }


def measure(args: argparse.Namespace, home: Path, library: Path) -> list[dict[str, Any]]:
    """Grow the library size by size; the shipped sample vectors and the embedding cache
    stand in for the model (measured on its own above)."""
    settings = Settings(home=home, today=BENCH_TODAY)
    kb = open_knowledge_base(settings)
    questions = load_questions(args.questions)[: args.queries]
    rows: list[dict[str, Any]] = []
    for size in args.sizes:
        if len(kb.catalog.list_documents()) > size:  # a kept data directory, grown further
            print(f"{size} documents: the data directory holds more already; skipped")
            continue
        write_library(library, size)
        started = time.perf_counter()
        report = kb.ingest([library])
        seconds = time.perf_counter() - started
        if not report.ok:
            raise SystemExit(f"ingest failed at {size} documents: {report.failures}")
        row: dict[str, Any] = {
            "documents": size,
            "chunks": kb.index.content_count(),
            "ingested_documents": len(report.added) + len(report.new_versions),
            "ingested_chunks": report.chunks_indexed,
            "ingest_s": seconds,
        }
        row["queries"] = time_queries(kb, settings, questions)
        row["disk_mib"] = {
            "vector index": disk_mib(home / "chroma"),
            "lexical index": disk_mib(home / "lexical"),
            "catalog": sum(p.stat().st_size for p in home.glob("catalog*") if p.is_file()) / 2**20,
        }
        row["new_instance"] = start_new_instance(home)
        rows.append(row)
        print_row(row)
    return rows


def print_row(row: dict[str, Any]) -> None:
    q = row["queries"]
    print(
        f"{row['documents']:>5} documents, {row['chunks']:,} chunks: "
        f"ingest {row['ingest_s']:.1f} s for {row['ingested_documents']} documents; "
        f"hybrid p95 {q['hybrid']['p95_ms']:.1f} ms, dense p95 {q['dense']['p95_ms']:.1f} ms; "
        f"new instance {row['new_instance']['seconds']:.1f} s, "
        f"{row['new_instance']['peak_mib']:.0f} MiB",
        flush=True,
    )


def table(rows: list[dict[str, Any]]) -> str:
    sizes = [f"{r['documents']:,} docs ({r['chunks']:,} chunks)" for r in rows]
    lines = [f"| measure | {' | '.join(sizes)} |", f"|---|{'---:|' * len(rows)}"]

    def line(label: str, cells: list[str]) -> None:
        lines.append(f"| {label} | {' | '.join(cells)} |")

    line(
        "ingest: documents added, seconds",
        [
            f"{r['ingested_documents']}, {r['ingest_s']:.1f} s"
            if r["ingested_documents"]
            else "reused"
            for r in rows
        ],
    )
    line(
        "ingest without the model, chunks/s",
        [
            f"{r['ingested_chunks'] / r['ingest_s']:,.0f}" if r["ingested_documents"] else "—"
            for r in rows
        ],
    )
    for mode in ("dense", "lexical", "hybrid"):
        line(
            f"{mode} query p50 / p95, ms",
            [
                f"{r['queries'][mode]['p50_ms']:.1f} / {r['queries'][mode]['p95_ms']:.1f}"
                for r in rows
            ],
        )
    line(
        "hybrid p95 / dense p95",
        [f"{r['queries']['hybrid']['p95_ms'] / r['queries']['dense']['p95_ms']:.2f}" for r in rows],
    )
    line(
        "disk: vector / lexical / catalog, MiB",
        [" / ".join(f"{v:.0f}" for v in r["disk_mib"].values()) for r in rows],
    )
    line(
        "new instance: start + first query, s",
        [f"{r['new_instance']['seconds']:.1f}" for r in rows],
    )
    line("new instance: peak memory, MiB", [f"{r['new_instance']['peak_mib']:.0f}" for r in rows])
    return "\n".join(lines)


def limits(first: dict[str, Any], rows: list[dict[str, Any]]) -> list[str]:
    """Each limit of the issue this bench covers, with the measured figure's ratio to it."""
    found: list[str] = []
    if first:
        share = first["ingest_chunks_per_s"] / first["embedder_chunks_per_s"]
        found.append(
            against_limit("ingest share of the embedder's own rate", share)
            + f" ({first['ingest_chunks_per_s']:.1f} against {first['embedder_chunks_per_s']:.1f}"
            f" chunks/s; embedding took {first['embedding_s'] / first['ingest_s']:.2f} of the"
            " ingest's time)"
        )
    for r in rows:
        q = r["queries"]
        ratio = q["hybrid"]["p95_ms"] / q["dense"]["p95_ms"]
        found.append(
            f"{r['documents']:,} documents: " + against_limit("hybrid p95 over dense p95", ratio)
        )
        if r["documents"] >= 2000:
            found.append(against_limit("hybrid p95 at 2,000 documents (ms)", q["hybrid"]["p95_ms"]))
    return found


def plot(rows: list[dict[str, Any]], target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display: a file
    import matplotlib.pyplot as plt

    documents = [r["documents"] for r in rows]
    figure, (queries, other) = plt.subplots(1, 2, figsize=(11, 4.2))
    for mode, style in (("dense", "o-"), ("lexical", "s-"), ("hybrid", "^-")):
        queries.plot(documents, [r["queries"][mode]["p95_ms"] for r in rows], style, label=mode)
    queries.axhline(HYBRID_P95_LIMIT_MS, color="grey", linestyle=":", label="hybrid limit")
    queries.set(xscale="log", yscale="log", xlabel="documents", ylabel="query p95, ms")
    queries.set_title("Query latency (warm, access rules applied)")
    queries.legend()
    other.plot(documents, [r["new_instance"]["peak_mib"] for r in rows], "o-", label="peak MiB")
    other.plot(documents, [sum(r["disk_mib"].values()) for r in rows], "s-", label="disk MiB")
    other.plot(
        documents, [10 * r["new_instance"]["seconds"] for r in rows], "^-", label="start-up, 0.1 s"
    )
    other.set(xscale="log", yscale="log", xlabel="documents")
    other.set_title("A new instance: memory, disk, start-up")
    other.legend()
    figure.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, dpi=110)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 2000])
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--rate-documents", type=int, default=6)
    parser.add_argument("--skip-rate", action="store_true", help="leave the ingest rate out")
    parser.add_argument("--questions", type=Path, default=HERE / "data" / "answers_blind_v1.yaml")
    parser.add_argument("--home", type=Path, help="keep the data directory here (reused later)")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "scale.json")
    parser.add_argument("--plot", type=Path, default=HERE / "results" / "scale.png")
    args = parser.parse_args()
    if args.sizes != sorted(args.sizes):
        parser.error("--sizes must grow: each step adds documents to the one before")

    os.environ.pop("MEDBRIEF_HOME", None)
    with tempfile.TemporaryDirectory(prefix="medbrief-scale-") as scratch:
        library = Path(scratch) / "library"
        copy_sample_files(library)
        first = {}
        if not args.skip_rate:
            first = ingest_against_embedder(args, Path(scratch) / "rate", library)
            print(
                f"ingest of {first['documents']} documents, every chunk embedded: "
                f"{first['chunks']:,} chunks in {first['ingest_s']:.1f} s",
                flush=True,
            )
        home = args.home or Path(scratch) / "home"
        rows = measure(args, home, library)
    print(f"\nOn {os.cpu_count()} cores, offline default embedder, {args.queries} questions:\n")
    print(table(rows))
    print()
    for text in limits(first, rows):
        print(f"- {text}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"ingest": first, "sizes": rows}, indent=2), encoding="utf-8")
    plot(rows, args.plot)
    print(f"\nwrote {args.out} and {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
