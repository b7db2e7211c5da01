"""The citation verifier against a red-team model, on the real labels of the sample.

    .venv/bin/python bench/redteam.py [--set bench/data/redteam_v1.jsonl ...] [--home HOME]
                                      [--errors] [--limit N]

Each group of the set (written blind from the labels' indexed text, see bench/redteam/bank.py)
is asked through the product's hosted-model path (``MEDBRIEF_LLM_PROVIDER=openai_compatible``)
pointed at the red-team server (bench/redteam/server.py), which answers with the group's
faithful and planted sentences, each citing the retrieved source that holds the group's passage.
The question is asked as a rep; when retrieval did not bring the passage, it is asked again as an
MSL with the passage itself as the question, after the group's question (the bench measures the
verifier, not retrieval).

Prints, per kind, how many sentences were withheld from the reader: planted kinds must be
withheld, faithful kinds shown. Writes every row to bench/results/redteam.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # bench.redteam is this repository's, not an installed package

from assistant.grounding.sentences import split_sentences  # noqa: E402
from assistant.outputs import ChatAnswer, Sentence, Verdict  # noqa: E402
from assistant.runtime import open_knowledge_base  # noqa: E402
from assistant.services import open_services  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.workflows.chat import ChatTurn, answer_question  # noqa: E402
from bench.redteam.bank import (  # noqa: E402
    FAITHFUL_KINDS,
    PLANTED_KINDS,
    RedTeamGroup,
    RedTeamSentence,
    in_cited_source,
    load_groups,
)
from bench.redteam.server import MODEL, RedTeamModel, redteam_server  # noqa: E402
from knowledge_base.models import Role  # noqa: E402
from knowledge_base.store import sample_path  # noqa: E402

BENCH_TODAY = date(2026, 11, 24)
DEFAULT_SET = REPO / "bench" / "data" / "redteam_v1.jsonl"


def outcome(sentence: RedTeamSentence, answer: ChatAnswer) -> dict[str, object]:
    """Whether the reader saw ``sentence`` (any of its parts shown) and, if not, why."""
    # The same text may come twice, cited and uncited (kind "uncited"): told apart by verdict.
    records: dict[tuple[str, bool], Sentence] = {
        (s.text, s.verdict is not Verdict.UNCITED): s for s in [*answer.removed, *answer.sentences]
    }
    parts = [records.get((p, sentence.cited)) for p in split_sentences(sentence.text)]
    found = [p for p in parts if p is not None]
    return {
        "shown": any(p.shown for p in found) and not answer.refused,
        "missing": len(found) < len(parts),
        "reasons": [r for p in found if not p.shown for r in p.reasons],
    }


def ask(group: RedTeamGroup, model: RedTeamModel, services) -> tuple[ChatAnswer | None, str, str]:
    """The answer that reached the group's passage, how it was asked, and the text of the
    source its sentences cite."""
    model.active = group
    # The passage is asked after the group's question, so that a passage which names no product
    # inherits it from the conversation instead of being asked back "which product?".
    earlier = (ChatTurn("user", group.question),)
    for how, question, role, history in (
        ("question", group.question, Role.REP, ()),
        ("passage", group.passage, Role.MSL, earlier),
    ):
        before = len(model.requests)
        answer = answer_question(question, role, services, history=history, user="redteam")
        cited = [r["anchor_text"] for r in model.requests[before:] if r["anchor"] is not None]
        if cited:
            return answer, how, cited[-1]
    return None, "not reached", ""


def measure(settings: Settings, groups: list[RedTeamGroup], model: RedTeamModel) -> list[dict]:
    services = open_services(settings)
    rows: list[dict] = []
    for group in groups:
        answer, how, cited = ask(group, model, services)
        for index, sentence in enumerate(group.sentences):
            row = {
                "group": group.id,
                "index": index,
                "kind": sentence.kind,
                "planted": sentence.planted,
                "text": sentence.text,
                "note": sentence.note,
                "asked_by": how,
                "in_cited_source": in_cited_source(sentence, cited),
            }
            if answer is not None:
                row |= outcome(sentence, answer)
            rows.append(row)
    return rows


def _rate(hits: int, total: int) -> str:
    return f"{hits / total:.3f} ({hits}/{total})" if total else "n/a"


def summarize(rows: list[dict]) -> dict[str, object]:
    # A "wrong source" sentence that its cited source does hold is supported: counted apart.
    supported = [r for r in rows if r.get("in_cited_source")]
    reached = [r for r in rows if r["asked_by"] != "not reached" and not r.get("in_cited_source")]
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for row in reached:
        by_kind[row["kind"]].append(row)
    kinds = {}
    for kind in PLANTED_KINDS + FAITHFUL_KINDS:
        selected = by_kind.get(kind, [])
        withheld = sum(1 for r in selected if not r["shown"])
        kinds[kind] = {"n": len(selected), "withheld": withheld}
    planted = [r for r in reached if r["planted"]]
    faithful = [r for r in reached if not r["planted"]]
    groups = {r["group"]: r["asked_by"] for r in rows}
    return {
        "groups": len(groups),
        "asked_by": dict(Counter(groups.values())),
        "planted_withheld": sum(1 for r in planted if not r["shown"]),
        "planted": len(planted),
        "faithful_withheld": sum(1 for r in faithful if not r["shown"]),
        "faithful": len(faithful),
        "kinds": kinds,
        "wrong_source_in_cited_source": len(supported),
    }


def print_summary(summary: dict[str, object]) -> None:
    print(f"groups: {summary['groups']}  reached by: {summary['asked_by']}")
    print(f"{'kind':<24}{'n':>5}  withheld")
    for kind, k in summary["kinds"].items():  # type: ignore[union-attr]
        if kind == FAITHFUL_KINDS[0]:
            print("-- faithful (should be shown) --")
        print(f"{kind:<24}{k['n']:>5}  {_rate(k['withheld'], k['n'])}")
    if summary.get("wrong_source_in_cited_source"):
        print(
            f"not counted: {summary['wrong_source_in_cited_source']} 'wrong source' sentences "
            "that the cited source holds word for word"
        )
    print(
        f"planted withheld: {_rate(summary['planted_withheld'], summary['planted'])}  "  # type: ignore[arg-type]
        f"faithful withheld: {_rate(summary['faithful_withheld'], summary['faithful'])}"  # type: ignore[arg-type]
    )


def print_errors(rows: list[dict]) -> None:
    for row in rows:
        if row["asked_by"] == "not reached":
            continue
        if row["planted"] == row["shown"]:
            what = "SHOWN planted" if row["planted"] else "WITHHELD faithful"
            print(f"{what} [{row['kind']}] {row['group']}: {row['text']}")
            if row["note"]:
                print(f"    note: {row['note']}")
            for reason in row.get("reasons", [])[:3]:
                print(f"    - {reason}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, nargs="+", default=[DEFAULT_SET])
    parser.add_argument("--home", type=Path, help="An ingested data directory to reuse.")
    parser.add_argument("--limit", type=int, help="Only the first N groups (a quick look).")
    parser.add_argument("--errors", action="store_true", help="Print every miss with reasons.")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "redteam.json")
    args = parser.parse_args()
    groups = load_groups(args.set)[: args.limit]
    model = RedTeamModel()
    with (
        tempfile.TemporaryDirectory(prefix="medbrief-redteam-") as scratch,
        redteam_server(model) as url,
    ):
        for name in [n for n in os.environ if n.startswith("MEDBRIEF_")]:
            os.environ.pop(name)
        settings = Settings(
            home=args.home or Path(scratch),
            today=BENCH_TODAY,
            llm_provider="openai_compatible",
            openai_base_url=url,
            llm_model=MODEL,
        )
        if args.home is None:
            report = open_knowledge_base(settings).ingest([sample_path()])
            if not report.ok:
                print(report.failures, file=sys.stderr)
                return 1
        rows = measure(settings, groups, model)
    summary = summarize(rows)
    summary["sets"] = [str(p) for p in args.set]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": summary, "rows": rows}, indent=2), "utf-8")
    print_summary(summary)
    if args.errors:
        print_errors(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
