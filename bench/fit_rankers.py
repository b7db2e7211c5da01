"""Fit the passage ranker (retrieval) or the answer ranker (the offline answerer), cross-validated.

    .venv/bin/python bench/fit_rankers.py {passages,answers} [--sets FILE ...]
                                          [--home INGESTED_HOME] [--write]

Each question of the blind sets is asked as ``bench/answers.py`` asks it (rep or MSL, follow-ups
with their previous turn), and the candidates are kept with what the ranker weighs of them:
- ``passages``: the fused top ``RERANKED`` passages of ``search`` (questions with an answer
  phrase); a passage of the expected label holding the answer phrase is a right one;
- ``answers``: the answerer's candidate sentences relevant enough to be shown (answerable
  questions); a sentence holding the answer phrase is a right one.

Each question set is then held out in turn: the ranker is fitted on the other sets and measured
on it, against the order used without it (fused order; hand-set relevance). That table is the
honest estimate. ``--write`` then fits on all sets and writes the shipped weights, with the
SHA-256 of each set. Fit ``passages`` first: the answerer's candidates come from the passages
that the shipped passage ranker puts first, so the answer ranker is fitted on those.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from answers import BENCH_TODAY, contains_phrase, load_questions  # noqa: E402

from assistant.providers import answer_ranker as answers_module  # noqa: E402
from assistant.providers.base import AnswerDraft, AnswerRequest  # noqa: E402
from assistant.providers.extractive import AnswerCandidate, ExtractiveProvider  # noqa: E402
from assistant.runtime import access_scope, open_knowledge_base  # noqa: E402
from assistant.services import open_services  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.workflows.chat import ChatTurn, answer_question  # noqa: E402
from assistant.workflows.labels import catalog_products, product_indications  # noqa: E402
from assistant.workflows.search import QuestionSearch, search_question  # noqa: E402
from knowledge_base import passage_ranker as passages_module  # noqa: E402
from knowledge_base.ranking import LinearRanker, fit_listwise  # noqa: E402
from knowledge_base.store import sample_path  # noqa: E402

DEFAULT_SETS = [HERE / "data" / f"answers_blind_v{n}.yaml" for n in range(1, 19)]
L2 = 1e-2
ITERATIONS = 1500


@dataclasses.dataclass
class Asked:
    source: str  # the question set's file name
    vectors: list[list[float]]  # each candidate's features
    right: list[bool]
    before: list[float]  # each candidate's score in the order used without the ranker


@dataclasses.dataclass(frozen=True)
class Target:
    ranker: type[LinearRanker]
    features: tuple[str, ...]
    weights_path: Path
    top: tuple[int, ...]  # cut-offs measured: a right candidate within the first k
    collect: Callable[[Settings, Sequence[Path]], list[Asked]]


class _Recording(ExtractiveProvider):
    """The answerer, keeping the candidates of the last question it answered."""

    last: list[AnswerCandidate]

    def draft_answer(self, request: AnswerRequest) -> AnswerDraft:
        self.last = self.answer_candidates(request)
        return super().draft_answer(request)


def collect_answers(settings: Settings, sets: Sequence[Path]) -> list[Asked]:
    services = open_services(settings)
    unfitted = answers_module.AnswerRanker.unfitted(answers_module.FEATURES)
    recording = _Recording(services.kb.embedder, ranker=unfitted)
    services = dataclasses.replace(services, provider=recording)
    asked: list[Asked] = []
    for path in sets:
        for q in load_questions(path):
            if q.kind != "answerable" or not q.answer_contains:
                continue
            recording.last = []
            history = [ChatTurn("user", q.previous_turn)] if q.previous_turn else []
            answer_question(q.question, q.role, services, history=history, user="bench")
            shown = [c for c in recording.last if c.eligible]
            asked.append(
                Asked(
                    source=path.name,
                    vectors=[c.signals.vector() for c in shown],
                    right=[contains_phrase(c.text, q.answer_contains) for c in shown],
                    before=[c.relevance for c in shown],
                )
            )
    return asked


def collect_passages(settings: Settings, sets: Sequence[Path]) -> list[Asked]:
    services = open_services(settings)
    catalog = catalog_products(services.kb.catalog, BENCH_TODAY)
    indications = product_indications(services.kb.catalog, BENCH_TODAY)
    unfitted = passages_module.PassageRanker.unfitted(passages_module.FEATURES)
    asked: list[Asked] = []
    for path in sets:
        for q in load_questions(path):
            if q.kind == "off_label" or not q.answer_contains:
                continue
            turns = [("user", q.previous_turn)] if q.previous_turn else []
            found = search_question(
                services.retriever,
                QuestionSearch(q.question, turns, catalog, indications),
                access_scope(settings, q.role),
                k=passages_module.RERANKED,
                ranker=unfitted,
            )
            signed = [e for e in found if e.signals]
            asked.append(
                Asked(
                    source=path.name,
                    vectors=[e.signals.vector() for e in signed if e.signals],
                    right=[
                        e.chunk.doc_id == q.doc_id
                        and contains_phrase(e.chunk.text, q.answer_contains)
                        for e in signed
                    ],
                    before=[-float(i) for i in range(len(signed))],
                )
            )
    return asked


TARGETS = {
    "passages": Target(
        passages_module.PassageRanker,
        passages_module.FEATURES,
        HERE.parent / "knowledge_base" / passages_module.WEIGHTS_FILE,
        (1, 5),
        collect_passages,
    ),
    "answers": Target(
        answers_module.AnswerRanker,
        answers_module.FEATURES,
        HERE.parent / "assistant" / "providers" / answers_module.WEIGHTS_FILE,
        (1, 4),
        collect_answers,
    ),
}


def _within(asked: Asked, scores: Sequence[float], k: int) -> bool:
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:k]
    return any(asked.right[i] for i in order)


def _fitted(target: Target, asked: Sequence[Asked], fitted_on: dict[str, str]) -> LinearRanker:
    mean, scale, weights = fit_listwise(
        [(a.vectors, a.right) for a in asked], l2=L2, iterations=ITERATIONS
    )
    return target.ranker(
        features=target.features,
        mean=tuple(mean),
        scale=tuple(scale),
        weights=tuple(weights),
        l2=L2,
        iterations=ITERATIONS,
        fitted_on=fitted_on,
    )


def cross_validate(target: Target, asked: Sequence[Asked]) -> None:
    """Per held-out set: a right candidate within the top k in the order used without a ranker,
    by the ranker shipped now ("*": a set it was fitted on) and by one fitted on the others."""
    try:
        shipped: LinearRanker | None = target.ranker.shipped(
            target.ranker.__module__.rpartition(".")[0]
        )
    except ValueError as error:  # fitted on other features than the code computes now
        print(f"shipped weights not comparable: {error}")
        shipped = None
    sources = list(dict.fromkeys(a.source for a in asked))
    columns = " | ".join(f"top-{k} before | top-{k} shipped | top-{k} fitted" for k in target.top)
    print(f"| held out | questions | {columns} |")
    print("|---|---|" + "---|---|---|" * len(target.top))
    totals = [0] * (3 * len(target.top))
    for held_out in sources:
        ranker = _fitted(target, [a for a in asked if a.source != held_out], {})
        test = [a for a in asked if a.source == held_out]
        row = []
        for k in target.top:
            row.append(sum(_within(a, a.before, k) for a in test))
            row.append(
                sum(_within(a, shipped.scores(a.vectors), k) for a in test) if shipped else -1
            )
            row.append(sum(_within(a, ranker.scores(a.vectors), k) for a in test))
        totals = [t + r for t, r in zip(totals, row, strict=True)]
        seen = "*" if shipped and held_out in shipped.fitted_on else ""
        print(f"| {held_out}{seen} | {len(test)} | " + " | ".join(map(str, row)) + " |")
    print(f"| all, each held out | {len(asked)} | " + " | ".join(map(str, totals)) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=sorted(TARGETS))
    parser.add_argument("--sets", type=Path, nargs="+", default=DEFAULT_SETS)
    parser.add_argument("--home", type=Path, help="An ingested data directory to reuse.")
    parser.add_argument("--write", action="store_true", help="Fit on all sets; write weights.")
    args = parser.parse_args()
    target = TARGETS[args.target]
    with tempfile.TemporaryDirectory(prefix="medbrief-rankers-") as scratch:
        os.environ.pop("MEDBRIEF_HOME", None)
        settings = Settings(home=args.home or Path(scratch), today=BENCH_TODAY)
        if args.home is None:
            report = open_knowledge_base(settings).ingest([sample_path()])
            if not report.ok:
                print(report.failures, file=sys.stderr)
                return 1
        asked = target.collect(settings, args.sets)
    cross_validate(target, asked)
    if args.write:
        fitted_on = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in args.sets}
        ranker = _fitted(target, asked, fitted_on)
        target.weights_path.write_text(
            json.dumps(ranker.model_dump(mode="json"), indent=1) + "\n", encoding="utf-8"
        )
        print(f"wrote {target.weights_path.relative_to(HERE.parent)} ({ranker.digest})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
