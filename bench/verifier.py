"""Quality and speed of the offline sentence-support verifier on the labelled pairs.

    .venv/bin/python bench/verifier.py [--pairs tests/data/verifier_pairs.jsonl] [--errors]

The positive class is "unsupported" (a sentence the verifier must reject). Pairs are split
deterministically into a tuning half (used to choose ``SupportConfig``'s thresholds) and a
held-out half: the split hashes the pair's passage group (its id without the trailing
"-<n>"), so every sentence written against one passage lands in the same half and the
held-out passages were never seen while tuning. Prints precision / recall / F1 on each half and
on all pairs with the real offline MiniLM embedder, the same for lexical signals only (no
embedder), accuracy per kind of pair, and the per-check latency with and without embedding.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.grounding.support import SupportVerifier
from knowledge_base.embeddings import OnnxMiniLMEmbedder

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PAIRS = REPO / "tests" / "data" / "verifier_pairs.jsonl"


@dataclass(frozen=True)
class Pair:
    id: str
    doc: str
    passage: str
    sentence: str
    label: str
    kind: str

    @property
    def unsupported(self) -> bool:
        return self.label == "unsupported"


@dataclass(frozen=True)
class Outcome:
    pair: Pair
    predicted_unsupported: bool
    score: float
    reasons: tuple[str, ...]
    seconds: float

    @property
    def correct(self) -> bool:
        return self.predicted_unsupported == self.pair.unsupported


def load_pairs(path: Path) -> list[Pair]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Pair(**json.loads(line)) for line in lines if line.strip()]


def split_of(pair_id: str) -> str:
    """'tuning' or 'heldout', from a hash of the passage group (the id less its last part)."""
    group = pair_id.rsplit("-", 1)[0]
    return "tuning" if hashlib.sha256(group.encode()).digest()[0] % 2 == 0 else "heldout"


def evaluate(verifier: SupportVerifier, pairs: Sequence[Pair]) -> list[Outcome]:
    outcomes = []
    for pair in pairs:
        start = time.perf_counter()
        check = verifier.check(pair.sentence, [pair.passage])
        elapsed = time.perf_counter() - start
        outcomes.append(Outcome(pair, not check.supported, check.score, check.reasons, elapsed))
    return outcomes


def _fastest(runs: Sequence[Sequence[Outcome]]) -> list[Outcome]:
    """Per pair, the outcome of the run that checked it fastest (verdicts are deterministic)."""
    return [min(same, key=lambda o: o.seconds) for same in zip(*runs, strict=True)]


def confusion(outcomes: Sequence[Outcome]) -> dict[str, int]:
    """Counts with "unsupported" as the positive class."""
    counts = Counter(
        ("t" if o.correct else "f") + ("p" if o.predicted_unsupported else "n") for o in outcomes
    )
    return {key: counts.get(key, 0) for key in ("tp", "fp", "fn", "tn")}


def metrics(outcomes: Sequence[Outcome]) -> dict[str, float]:
    c = confusion(outcomes)
    precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "n": len(outcomes), **c}


def _metrics_table(title: str, outcomes: Sequence[Outcome]) -> None:
    print(f"\n### {title} (positive class = unsupported)\n")
    print("| split | n | precision | recall | F1 | TP | FP | FN | TN |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in ("tuning", "heldout", "all"):
        subset = [o for o in outcomes if name == "all" or split_of(o.pair.id) == name]
        m = metrics(subset)
        print(
            f"| {name} | {m['n']} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} "
            f"| {m['tp']} | {m['fp']} | {m['fn']} | {m['tn']} |"
        )


def _kind_table(outcomes: Sequence[Outcome]) -> None:
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_kind[outcome.pair.kind].append(outcome)
    print("\n### Accuracy per kind (MiniLM embedder)\n")
    print("| kind | label | n | accuracy | tuning | held-out |")
    print("|---|---|---|---|---|---|")
    for kind, group in sorted(by_kind.items(), key=lambda item: (item[1][0].pair.label, item[0])):

        def accuracy(items: list[Outcome]) -> str:
            return f"{sum(o.correct for o in items) / len(items):.2f}" if items else "-"

        tuning = [o for o in group if split_of(o.pair.id) == "tuning"]
        heldout = [o for o in group if split_of(o.pair.id) == "heldout"]
        print(
            f"| {kind} | {group[0].pair.label} | {len(group)} | {accuracy(group)} "
            f"| {accuracy(tuning)} | {accuracy(heldout)} |"
        )


def _latency_line(name: str, outcomes: Sequence[Outcome]) -> None:
    ms = sorted(o.seconds * 1000 for o in outcomes)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(
        f"| {name} | {statistics.mean(ms):.2f} | {statistics.median(ms):.2f} | {p95:.2f} "
        f"| {ms[-1]:.2f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--errors", action="store_true", help="list every misjudged pair")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs per check")
    args = parser.parse_args()

    pairs = load_pairs(args.pairs)
    labels = Counter(p.label for p in pairs)
    splits = Counter(split_of(p.id) for p in pairs)
    print(
        f"{len(pairs)} pairs ({labels['supported']} supported, {labels['unsupported']} "
        f"unsupported); tuning {splits['tuning']}, held-out {splits['heldout']}"
    )

    embedder = OnnxMiniLMEmbedder()
    verifier = SupportVerifier(embed=embedder.embed_documents)
    cold = evaluate(verifier, pairs)  # embeds every sentence and passage window
    # The same checks with vectors cached measure the checker's own cost; each check's time is
    # the minimum over --repeat runs (as timeit does) so a busy machine does not inflate it.
    warm = _fastest([evaluate(verifier, pairs) for _ in range(args.repeat)])
    lexical_verifier = SupportVerifier()
    lexical = _fastest([evaluate(lexical_verifier, pairs) for _ in range(args.repeat)])

    _metrics_table("With the offline MiniLM embedder", warm)
    _metrics_table("Lexical and exact checks only (no embedder)", lexical)
    _kind_table(warm)

    print(f"\n### Latency per check, ms (cached and no-embedder: fastest of {args.repeat} runs)\n")
    print("| mode | mean | p50 | p95 | max |")
    print("|---|---|---|---|---|")
    _latency_line("with embedding (cold cache)", cold)
    _latency_line("excluding embedding (cached vectors)", warm)
    _latency_line("no embedder", lexical)

    if args.errors:
        print("\n### Misjudged pairs\n")
        for o in warm:
            if not o.correct:
                verdict = "FP" if o.predicted_unsupported else "FN"
                print(f"- {verdict} {o.pair.id} [{split_of(o.pair.id)}] {o.pair.kind}: ", end="")
                print(f"{o.pair.sentence!r} score={o.score:.2f} {list(o.reasons)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
