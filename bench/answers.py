"""Answer quality on the real labels: the blind question set, asked as a rep or MSL would.

    .venv/bin/python bench/answers.py [--questions bench/data/answers_blind_v1.yaml]
                                      [--home INGESTED_HOME] [--limit N]

The question set was written from the label files alone by someone who had not read the
retrieval, extractive or off-label code (see its ``written_by``). Without ``--home`` the sample
is ingested into a temporary data directory first (the embedding cache makes a second run fast).

Measures (offline default unless MEDBRIEF_LLM_PROVIDER says otherwise):
- hit@5 and MRR@10 of ``search`` (hybrid, as chat and ``medbrief search`` search: narrowed to
  the products the question names or inherits): a hit is a passage of the expected document that
  contains the answer phrase (compared as word sequences, so "a | b" table rows match "a b");
- answered-correct: ``ask`` showed a sentence containing the answer phrase;
- wrong-product sentences shown: shown sentences citing a document of another product;
- off-label refused (off-label questions; "as off-label" counts those the off-label check
  refused, the rest found no answering sentence) and on-label falsely refused (questions
  phrased like off-label ones that the label supports);
- ``ask`` latency p50/p95 (warm: the first question is not timed).
Printed per kind, role and topic; written to bench/results/answers.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.runtime import access_scope, open_knowledge_base
from assistant.services import open_services
from assistant.settings import Settings
from assistant.workflows.chat import ChatTurn, answer_question
from assistant.workflows.labels import catalog_products, product_indications
from assistant.workflows.search import QuestionSearch, search_question
from knowledge_base.models import Role
from knowledge_base.store import sample_path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from limits import against_limit  # noqa: E402

BENCH_TODAY = date(2026, 11, 24)
_TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*%?|[≥≤<>]")
# A footnote marker after a word, percentage or bracket ("weeks^1", "6%^1", "Withhold^2") is not
# one of the label's words: "10^9" (after a digit) is.
_FOOTNOTE_MARKER = re.compile(r"(?<=[a-z%)\]])\^[a-z0-9]{1,2}\b")


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    kind: Literal["answerable", "off_label", "on_label_tricky"]
    role: Role
    doc_id: str
    section: str | None = None
    topic: str | None = None
    question: str
    answer_contains: str | None = None
    previous_turn: str | None = None
    reason: str | None = None
    why: str | None = None


def load_questions(path: Path) -> list[Question]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Question.model_validate(item) for item in raw["questions"]]


def tokens(text: str) -> list[str]:
    text = _FOOTNOTE_MARKER.sub("", text.lower().replace("\u2011", "-"))
    return _TOKEN.findall(text)


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether ``phrase``'s words appear in ``text`` in order and contiguously."""
    needle, haystack = tokens(phrase), tokens(text)
    if not needle:
        return False
    width = len(needle)
    return any(haystack[i : i + width] == needle for i in range(len(haystack) - width + 1))


def _rate(hits: int, total: int) -> str:
    return f"{hits / total:.3f} ({hits}/{total})" if total else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, default=HERE / "data" / "answers_blind_v1.yaml")
    parser.add_argument("--home", type=Path, help="An ingested data directory to reuse.")
    parser.add_argument("--limit", type=int, help="Only the first N questions (a quick look).")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "answers.json")
    args = parser.parse_args()
    questions = load_questions(args.questions)[: args.limit]
    with tempfile.TemporaryDirectory(prefix="medbrief-answers-") as scratch:
        home = args.home or Path(scratch)
        os.environ.pop("MEDBRIEF_HOME", None)
        settings = Settings(home=home, today=BENCH_TODAY)
        if args.home is None:
            report = open_knowledge_base(settings).ingest([sample_path()])
            if not report.ok:
                print(report.failures, file=sys.stderr)
                return 1
        return _measure(settings, questions, args.questions, args.out)


def _measure(settings: Settings, questions: list[Question], source: Path, out: Path) -> int:
    services = open_services(settings)
    kb = services.kb
    products = {e.metadata.doc_id: set(e.metadata.products) for e in kb.catalog.list_documents()}
    catalog = catalog_products(kb.catalog, settings.today or BENCH_TODAY)
    indications = product_indications(kb.catalog, settings.today or BENCH_TODAY)
    retriever = kb.retriever()
    answer_question("What is the recommended dosage of KEYTRUDA?", Role.REP, services)  # warm
    rows: list[dict[str, object]] = []
    latencies: list[float] = []
    for q in questions:
        scope = access_scope(settings, q.role)
        row: dict[str, object] = {"id": q.id, "kind": q.kind, "role": q.role.value}
        row["topic"] = q.topic
        if q.answer_contains:
            turns = [("user", q.previous_turn)] if q.previous_turn else []
            ranked = search_question(
                retriever, QuestionSearch(q.question, turns, catalog, indications), scope, k=10
            )
            rank = next(
                (
                    i
                    for i, hit in enumerate(ranked, start=1)
                    if hit.chunk.doc_id == q.doc_id
                    and contains_phrase(hit.chunk.text, q.answer_contains)
                ),
                None,
            )
            row["rank"] = rank
        history = [ChatTurn("user", q.previous_turn)] if q.previous_turn else []
        started = time.perf_counter()
        answer = answer_question(q.question, q.role, services, history=history, user="bench")
        latencies.append((time.perf_counter() - started) * 1000)
        row["refused"] = answer.refused
        row["reason"] = answer.reason
        shown = [s.text for s in answer.sentences]
        row["shown"] = shown
        if q.answer_contains:
            row["correct"] = any(contains_phrase(s, q.answer_contains) for s in shown)
        expected = products.get(q.doc_id, set())
        row["wrong_product"] = sum(
            1
            for s in answer.sentences
            if s.citations
            and all(not (products.get(c.doc_id, set()) & expected) for c in s.citations)
        )
        rows.append(row)

    summary = _summary(rows, latencies)
    summary["questions"] = str(source)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"summary": summary, "rows": rows}, indent=2), encoding="utf-8")
    _print(summary)
    return 0


def _summary(rows: list[dict[str, object]], latencies: list[float]) -> dict[str, object]:
    def block(selected: list[dict[str, object]]) -> dict[str, str]:
        answerable = [r for r in selected if r["kind"] == "answerable"]
        ranked = [r for r in selected if r["kind"] != "off_label"]
        off = [r for r in selected if r["kind"] == "off_label"]
        tricky = [r for r in selected if r["kind"] == "on_label_tricky"]
        hit5 = sum(1 for r in ranked if r.get("rank") and r["rank"] <= 5)  # type: ignore[operator]
        mrr = sum(1 / r["rank"] for r in ranked if r.get("rank")) / len(ranked) if ranked else 0  # type: ignore[operator]
        return {
            "hit@5": _rate(hit5, len(ranked)),
            "MRR@10": f"{mrr:.3f}" if ranked else "n/a",
            "answered-correct": _rate(
                sum(1 for r in answerable if r.get("correct")), len(answerable)
            ),
            "wrong-product sentences": str(sum(int(r["wrong_product"]) for r in selected)),  # type: ignore[call-overload]
            "off-label refused": _rate(sum(1 for r in off if r["refused"]), len(off)),
            # Of those, refused by the off-label check itself (the rest found no answer).
            "as off-label": _rate(sum(1 for r in off if r["reason"] == "off_label"), len(off)),
            "on-label falsely refused": _rate(sum(1 for r in tricky if r["refused"]), len(tricky)),
        }

    by_role: dict[str, list[dict[str, object]]] = defaultdict(list)
    by_topic: dict[str, list[dict[str, object]]] = defaultdict(list)
    for r in rows:
        by_role[str(r["role"])].append(r)
        by_topic[str(r["topic"])].append(r)
    ordered = sorted(latencies)
    return {
        "all": block(rows),
        "by_role": {k: block(v) for k, v in sorted(by_role.items())},
        "by_topic": {k: block(v) for k, v in sorted(by_topic.items())},
        "ask_ms": {
            "p50": round(statistics.median(ordered), 1) if ordered else 0,
            "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 1) if ordered else 0,
            "n": len(ordered),
        },
    }


def _print(summary: dict[str, object]) -> None:
    columns = list(summary["all"])  # type: ignore[arg-type]
    print("| group | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    groups = [("all", summary["all"])]
    groups += [(f"role {k}", v) for k, v in summary["by_role"].items()]  # type: ignore[attr-defined]
    groups += [(f"topic {k}", v) for k, v in summary["by_topic"].items()]  # type: ignore[attr-defined]
    for name, values in groups:
        print(f"| {name} | " + " | ".join(values[c] for c in columns) + " |")  # type: ignore[index]
    ms = summary["ask_ms"]
    print(f"\nask, warm, in process: p50 {ms['p50']} ms, p95 {ms['p95']} ms, n={ms['n']}")  # type: ignore[index]
    print(against_limit("ask p95 warm (ms)", ms["p95"]))  # type: ignore[index]


if __name__ == "__main__":
    raise SystemExit(main())
