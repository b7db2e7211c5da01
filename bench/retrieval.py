"""Retrieval quality and ingest throughput on the bundled sample knowledge base (real labels).

    .venv/bin/python bench/retrieval.py [--questions bench/data/answers_blind_v1.yaml] [--k 5]

Ingests the sample into a fresh temporary data directory with the offline default embedder
(timed: chunks/s; the embedding cache is off, so every chunk is embedded), then asks every
question of the blind question set that has an answer in a label (answerable and on-label
questions) with each retriever (dense, lexical, hybrid) under the question's role, and reports
recall@k and MRR@10. A hit is a chunk of the expected document whose section kind is the one of
the question's label section. Results are printed as a Markdown table and written to
bench/results/retrieval.json. bench/answers.py measures the stricter hit (a passage holding the
answer) and the answers themselves.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.runtime import access_scope, open_knowledge_base
from assistant.settings import Settings
from knowledge_base.loaders.sections import classify_title
from knowledge_base.models import Role, SectionKind
from knowledge_base.retrieval import RetrievalMode
from knowledge_base.store import sample_path

HERE = Path(__file__).resolve().parent
BENCH_TODAY = date(2026, 11, 24)  # the sample's expiry dates are judged on this day


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    question: str
    role: Role = Role.MSL
    expected_doc: str
    expected_section: SectionKind


def _section_kind(section: str) -> SectionKind:
    """The kind of a label section as the question set names it ("2 DOSAGE ... > 2.3 ...")."""
    return classify_title(section.split(" > ")[0])


def load_questions(path: Path) -> list[Question]:
    """The blind set's questions that have an answer in a label (not the off-label ones); a
    follow-up is searched with the turn before it, as the chat would."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Question(
            id=item["id"],
            question=" ".join(filter(None, [item.get("previous_turn"), item["question"]])),
            role=Role(item["role"]),
            expected_doc=item["doc_id"],
            expected_section=_section_kind(item["section"]),
        )
        for item in raw["questions"]
        if item["kind"] != "off_label" and item.get("section")
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, default=HERE / "data" / "answers_blind_v1.yaml")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "retrieval.json")
    args = parser.parse_args()
    questions = load_questions(args.questions)

    with tempfile.TemporaryDirectory(prefix="medbrief-bench-") as home:
        os.environ.pop("MEDBRIEF_HOME", None)
        settings = Settings(home=Path(home), today=BENCH_TODAY, embedding_cache=False)
        kb = open_knowledge_base(settings)
        started = time.perf_counter()
        report = kb.ingest([sample_path() / "content"])
        ingest_seconds = time.perf_counter() - started
        if not report.ok:
            print(report.failures, file=sys.stderr)
            return 1
        retriever = kb.retriever()
        results: dict[str, dict[str, float]] = {}
        misses: dict[str, list[str]] = {}
        for mode in RetrievalMode:
            recall_hits, reciprocal_ranks, latencies = 0, 0.0, []
            for q in questions:
                scope = access_scope(settings, q.role)
                t0 = time.perf_counter()
                ranked = retriever.search(q.question, scope, k=10, mode=mode)
                latencies.append(time.perf_counter() - t0)
                rank = next(
                    (
                        i
                        for i, e in enumerate(ranked, start=1)
                        if e.chunk.doc_id == q.expected_doc
                        and e.chunk.section_kind is q.expected_section
                    ),
                    None,
                )
                if rank is not None and rank <= args.k:
                    recall_hits += 1
                else:
                    misses.setdefault(mode.value, []).append(q.id)
                reciprocal_ranks += 1.0 / rank if rank else 0.0
            latencies.sort()
            results[mode.value] = {
                f"recall@{args.k}": round(recall_hits / len(questions), 3),
                "mrr@10": round(reciprocal_ranks / len(questions), 3),
                "p50_ms": round(1000 * latencies[len(latencies) // 2], 1),
            }

    throughput = report.chunks_indexed / ingest_seconds
    print(
        f"Sample knowledge base: {len(report.added)} documents indexed, "
        f"{report.chunks_indexed} chunks in {ingest_seconds:.1f} s "
        f"= {throughput:.1f} chunks/s (embedder {kb.embedder.model_id}, {os.cpu_count()} cores)"
    )
    print(f"{len(questions)} questions; hit = expected document and section kind\n")
    print(f"| retriever | recall@{args.k} | MRR@10 | p50 query ms |")
    print("|---|---|---|---|")
    for mode, row in results.items():
        print(f"| {mode} | {row[f'recall@{args.k}']:.3f} | {row['mrr@10']:.3f} | {row['p50_ms']} |")
    for mode, ids in misses.items():
        print(f"\nmissed by {mode} (not in top {args.k}): {', '.join(ids)}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "questions": len(questions),
                "documents": len(report.added),
                "chunks": report.chunks_indexed,
                "ingest_seconds": round(ingest_seconds, 2),
                "chunks_per_second": round(throughput, 1),
                "retrievers": results,
                "misses": misses,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
