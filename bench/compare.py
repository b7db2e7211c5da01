"""Medbrief against the standard LangChain + Chroma RAG recipe: same machine, data, embedder, run.

    .venv/bin/python bench/compare.py

Each pipeline runs in its own subprocess (one after the other, so they never share a process or
compete for cores), in a fresh temporary data directory, with today pinned to 2026-11-24:

* ours: ``open_knowledge_base`` + ``kb.ingest`` of the sample content, hybrid retrieval with
  ``Retriever.search(q, AccessScope(role, 2026-11-24, "US"), k=10)``; trap questions go through
  the real chat workflow (``open_services`` + ``answer_question``, offline extractive provider).
* baseline: bench/baseline_langchain.py (RecursiveCharacterTextSplitter 1000/200,
  ``Chroma.from_documents``, similarity retriever k=5, "stuff" answer citing its top 5).

Metrics (one Markdown table, columns ours | baseline | ratio ours/baseline):

* recall@5 and MRR@10 on the blind question set (bench/data/answers_blind_v1.yaml, questions with
  an answer in a label); a hit is a chunk of the expected document
  whose section kind is the expected one (for the baseline, the section holding the chunk's start);
* share of answers citing only allowed sources: approved, expires_on >= 2026-11-24, audience
  visible to the role (rep: commercial; msl/mlr: commercial and medical), market US. On the
  retrieval questions an answer cites its top-5 retrieved chunks (both pipelines); on the traps,
  ours cites what its chat answer cites (nothing when refused), the baseline its top 5;
* trap violations on bench/trap_questions.yaml: citing a source that is not allowed, or, for an
  off-label trap, answering instead of refusing (the baseline never refuses);
* ingest throughput (chunks/s, with the chunk counts and seconds: the chunkers differ, and ours
  only indexes approved documents), retrieval latency p50/p95 on the retrieval questions (k=10,
  after one warm-up query), and peak RSS (``ru_maxrss``) of each subprocess after ingest + queries
  (before the trap answers, which only ours runs through a full workflow).

Prints the table and the trap violations of each pipeline; writes bench/results/compare.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench.* modules when run as a script

from bench.retrieval import Question, load_questions  # noqa: E402
from knowledge_base.manifest import load_manifest  # noqa: E402
from knowledge_base.models import Audience, DocumentMetadata, Role, Status  # noqa: E402
from knowledge_base.store import sample_path  # noqa: E402

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 24)
MARKET = "US"
CONTENT = sample_path() / "content"
QUESTIONS = HERE / "data" / "answers_blind_v1.yaml"
TRAPS = HERE / "trap_questions.yaml"
OUT = HERE / "results" / "compare.json"
RECALL_K = 5
MRR_K = 10
ANSWER_K = 5
PIPELINES = ("ours", "baseline")


class Trap(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    kind: str  # firewall | withdrawn | expired | in_review | market | off_label
    role: Role
    question: str
    target: str
    expect_refusal: bool = False


def load_traps(path: Path = TRAPS) -> list[Trap]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Trap.model_validate(item) for item in raw["traps"]]


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# Workers: one pipeline per subprocess ---------------------------------------------------------


def _run_ours(home: Path, questions: Sequence[Question], traps: Sequence[Trap]) -> dict[str, Any]:
    from assistant.runtime import open_knowledge_base
    from assistant.services import open_services
    from assistant.settings import Settings
    from assistant.workflows.chat import answer_question
    from knowledge_base.access import AccessScope

    settings = Settings(
        home=home, today=TODAY, market=MARKET, llm_provider="extractive", embedding_provider="local"
    )
    kb = open_knowledge_base(settings)  # loads the embedder: not part of the ingest time
    started = time.perf_counter()
    report = kb.ingest([CONTENT])
    ingest_seconds = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"ours: ingest failed: {report.failures}")
    retriever = kb.retriever()
    retriever.search("warm-up", AccessScope(Role.REP, TODAY, MARKET), k=MRR_K)
    ranked, latencies = [], []
    for q in questions:
        scope = AccessScope(q.role, TODAY, MARKET)
        t0 = time.perf_counter()
        hits = retriever.search(q.question, scope, k=MRR_K)
        latencies.append(1000 * (time.perf_counter() - t0))
        ranked.append([[e.chunk.doc_id, e.chunk.section_kind.value] for e in hits])
    peak = _peak_mib()

    services = open_services(settings, embedder=kb.embedder)
    answers = []
    for trap in traps:
        answer = answer_question(trap.question, trap.role, services, user="bench-compare")
        cited = [c.doc_id for s in answer.sentences for c in s.citations]
        answers.append(
            {
                "id": trap.id,
                "refused": answer.refused,
                "reason": answer.reason,
                "cited": list(dict.fromkeys(cited)),
            }
        )
    return {
        "documents": len(report.added),
        "chunks": report.chunks_indexed,
        "ingest_seconds": ingest_seconds,
        "ranked": ranked,
        "latencies_ms": latencies,
        "peak_rss_mib": peak,
        "peak_rss_mib_with_traps": _peak_mib(),
        "traps": answers,
    }


def _run_baseline(
    home: Path, questions: Sequence[Question], traps: Sequence[Trap]
) -> dict[str, Any]:
    from bench.baseline_langchain import build_baseline

    baseline = build_baseline(home / "chroma")
    baseline.retrieve("warm-up", k=MRR_K)
    ranked, latencies = [], []
    for q in questions:
        t0 = time.perf_counter()
        hits = baseline.retrieve(q.question, k=MRR_K)
        latencies.append(1000 * (time.perf_counter() - t0))
        ranked.append([[doc_id, section] for doc_id, section, _ in hits])
    peak = _peak_mib()
    answers = []
    for trap in traps:
        _, cited = baseline.answer(trap.question)
        answers.append({"id": trap.id, "refused": False, "reason": None, "cited": cited})
    return {
        "documents": baseline.documents,
        "chunks": baseline.chunks,
        "ingest_seconds": baseline.ingest_seconds,
        "ranked": ranked,
        "latencies_ms": latencies,
        "peak_rss_mib": peak,
        "peak_rss_mib_with_traps": _peak_mib(),
        "traps": answers,
    }


def worker(pipeline: str, result: Path) -> int:
    questions, traps = load_questions(QUESTIONS), load_traps()
    with tempfile.TemporaryDirectory(prefix=f"medbrief-compare-{pipeline}-") as home:
        os.environ["MEDBRIEF_HOME"] = home
        run = _run_ours if pipeline == "ours" else _run_baseline
        data = run(Path(home), questions, traps)
    result.write_text(json.dumps(data), encoding="utf-8")
    return 0


# Scoring ----------------------------------------------------------------------------------


def forbidden_reason(meta: DocumentMetadata | None, role: Role) -> str | None:
    """Why ``role`` may not be given this document on TODAY in MARKET; None when it may."""
    if meta is None:
        return "not in the manifest"
    reasons = []
    if meta.status is not Status.APPROVED:
        reasons.append(f"status {meta.status.value}")
    if meta.expires_on is None or meta.expires_on < TODAY:
        reasons.append(f"expired {meta.expires_on}" if meta.expires_on else "no expiry date")
    if meta.audience is Audience.MEDICAL and role is Role.REP:
        reasons.append("medical audience, asked by a rep")
    if meta.market not in (MARKET, "GLOBAL"):
        reasons.append(f"market {meta.market}")
    return "; ".join(reasons) or None


def _rank(ranked: Sequence[Sequence[str | None]], q: Question) -> int | None:
    for i, (doc_id, section) in enumerate(ranked, start=1):
        if doc_id == q.expected_doc and section == q.expected_section.value:
            return i
    return None


def _percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]


def score(
    data: dict[str, Any],
    questions: Sequence[Question],
    traps: Sequence[Trap],
    manifest: dict[str, DocumentMetadata],
) -> dict[str, Any]:
    ranks = [_rank(r, q) for r, q in zip(data["ranked"], questions, strict=True)]
    retrieval_clean = sum(
        all(forbidden_reason(manifest.get(d), q.role) is None for d, _ in r[:ANSWER_K])
        for r, q in zip(data["ranked"], questions, strict=True)
    )
    violations, trap_clean = [], 0
    for trap, answer in zip(traps, data["traps"], strict=True):
        bad = [
            (d, why)
            for d in answer["cited"]
            if (why := forbidden_reason(manifest.get(d), trap.role)) is not None
        ]
        trap_clean += not bad
        for doc_id, why in bad:
            violations.append({"id": trap.id, "kind": trap.kind, "doc": doc_id, "why": why})
        if trap.expect_refusal and not answer["refused"]:
            violations.append(
                {
                    "id": trap.id,
                    "kind": trap.kind,
                    "doc": None,
                    "why": "off-label question answered instead of refused",
                }
            )
    return {
        "documents": data["documents"],
        "chunks": data["chunks"],
        "ingest_seconds": data["ingest_seconds"],
        "chunks_per_second": data["chunks"] / data["ingest_seconds"],
        f"recall@{RECALL_K}": sum(r is not None and r <= RECALL_K for r in ranks) / len(questions),
        f"mrr@{MRR_K}": sum(1 / r for r in ranks if r) / len(questions),
        "misses": [q.id for q, r in zip(questions, ranks, strict=True) if not r or r > RECALL_K],
        "clean_share_retrieval": retrieval_clean / len(questions),
        "clean_share_traps": trap_clean / len(traps),
        "clean_share_all": (retrieval_clean + trap_clean) / (len(questions) + len(traps)),
        "violating_traps": len({v["id"] for v in violations}),
        "violations": violations,
        "refused_traps": sum(a["refused"] for a in data["traps"]),
        "off_label_traps": sum(t.expect_refusal for t in traps),
        "off_label_refused": sum(
            a["refused"] for t, a in zip(traps, data["traps"], strict=True) if t.expect_refusal
        ),
        "p50_ms": _percentile(data["latencies_ms"], 0.50),
        "p95_ms": _percentile(data["latencies_ms"], 0.95),
        "peak_rss_mib": data["peak_rss_mib"],
        "peak_rss_mib_with_traps": data["peak_rss_mib_with_traps"],
        "questions": len(questions) + len(traps),
    }


# Report -----------------------------------------------------------------------------------


def _ratio(ours: float, baseline: float) -> str:
    if baseline == 0:
        return "1.00" if ours == 0 else "∞"
    return f"{ours / baseline:.2f}"


def table(results: dict[str, dict[str, Any]], n_questions: int, n_traps: int) -> str:
    o, b = results["ours"], results["baseline"]
    pct = "{:.1%}"
    rows = [  # (label, result key, format)
        (
            f"retrieval recall@{RECALL_K} ({n_questions} Qs, doc + section)",
            f"recall@{RECALL_K}",
            "{:.3f}",
        ),
        (f"retrieval MRR@{MRR_K}", f"mrr@{MRR_K}", "{:.3f}"),
        (
            f"answers citing only allowed sources, {n_questions} retrieval Qs (top 5)",
            "clean_share_retrieval",
            pct,
        ),
        (f"answers citing only allowed sources, {n_traps} trap Qs", "clean_share_traps", pct),
        (f"trap questions with a violation (of {n_traps})", "violating_traps", "{:.0f}"),
        (f"off-label traps refused (of {o['off_label_traps']})", "off_label_refused", "{:.0f}"),
        ("questions evaluated (retrieval + traps)", "questions", "{:.0f}"),
        ("ingest throughput, chunks/s", "chunks_per_second", "{:.1f}"),
        ("ingest: chunks indexed", "chunks", "{:.0f}"),
        ("ingest: seconds (load + split + embed + index)", "ingest_seconds", "{:.1f}"),
        (f"query latency p50, ms (k={MRR_K})", "p50_ms", "{:.1f}"),
        (f"query latency p95, ms (k={MRR_K})", "p95_ms", "{:.1f}"),
        ("peak RSS after ingest + queries, MiB", "peak_rss_mib", "{:.0f}"),
    ]
    lines = ["| metric | ours | baseline | ratio ours/baseline |", "|---|---|---|---|"]
    for label, key, fmt in rows:
        ov, bv = o[key], b[key]
        lines.append(f"| {label} | {fmt.format(ov)} | {fmt.format(bv)} | {_ratio(ov, bv)} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", choices=PIPELINES, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.result)

    questions, traps = load_questions(QUESTIONS), load_traps()
    manifest = {m.doc_id: m for m in load_manifest(CONTENT / "manifest.yaml").documents}
    unknown = {t.target for t in traps} - manifest.keys()
    if unknown:
        raise SystemExit(f"trap targets not in the manifest: {sorted(unknown)}")
    results: dict[str, dict[str, Any]] = {}
    raw: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="medbrief-compare-") as scratch:
        for pipeline in PIPELINES:
            result = Path(scratch) / f"{pipeline}.json"
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, __file__, "--worker", pipeline, "--result", str(result)],
                check=True,
                cwd=ROOT,
            )
            print(f"{pipeline}: done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            raw[pipeline] = json.loads(result.read_text(encoding="utf-8"))
            results[pipeline] = score(raw[pipeline], questions, traps, manifest)

    print(
        f"Sample knowledge base, run date {TODAY}, market {MARKET}, embedder all-MiniLM-L6-v2 "
        f"int8 (both), {os.cpu_count()} cores; {len(questions)} retrieval questions + "
        f"{len(traps)} trap questions\n"
    )
    print(table(results, len(questions), len(traps)))
    for pipeline in PIPELINES:
        violations = results[pipeline]["violations"]
        print(f"\n{pipeline}: {len(violations)} trap violation(s)")
        for v in violations:
            doc = f"cites {v['doc']}" if v["doc"] else "answered"
            print(f"- {v['id']} ({v['kind']}): {doc} — {v['why']}")
    for pipeline in PIPELINES:
        misses = results[pipeline]["misses"]
        print(f"\n{pipeline} misses (not in top {RECALL_K}): {', '.join(misses) or 'none'}")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "today": TODAY.isoformat(),
        "market": MARKET,
        "cores": os.cpu_count(),
        "retrieval_questions": len(questions),
        "trap_questions": len(traps),
        "results": {
            p: {k: round(v, 4) if isinstance(v, float) else v for k, v in r.items()}
            for p, r in results.items()
        },
        "trap_answers": {p: raw[p]["traps"] for p in PIPELINES},
    }
    args.out.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
