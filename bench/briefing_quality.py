"""What a rep reads: briefing quality over every sample HCP, offline default (issue 18).

    .venv/bin/python bench/briefing_quality.py
        [--headlines bench/data/headline_results_blind_v1.jsonl]

Ingests the sample into a fresh temporary directory and builds a rep briefing for every HCP
(content as of 2026-11-24, like bench/generation.py), then reports, each checked here from the
CRM files themselves rather than from the briefing code's own rules:

- efficacy points that state a result with a number (a cited clinical-studies sentence or
  table row carrying a figure, not the trial's design or demographics): at least 0.8;
- briefings whose "since your last call" lists exactly the notes and inquiries of the period
  (from the latest rep note, or the last 90 days when there is none, up to today), with no
  MSL note's words shown to the rep: 1.0;
- open items duplicated (same content words) or truncated (not a whole sentence of their
  note): 0;
- notes carrying an instruction to the model shown unflagged: 0;
- briefings with a call objective and reasons, talking points with a "why for this HCP";
- brief p95 latency, warm, in process: at most 1 s.

With ``--headlines``, a blind set of label phrases (written from the label files by someone
who never read the code) measures the headline results themselves: per product, whether one
of its primary-result phrases is among the three quoted results, and how many quoted results
hold a phrase marked as design or demographics.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from assistant.grounding.guardrails import injection_flags
from assistant.workflows.briefing import build_briefing
from assistant.workflows.headlines import product_headlines
from knowledge_base.access import AccessScope
from knowledge_base.models import Role
from knowledge_base.store import sample_path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from limits import against_limit  # noqa: E402
from sample_run import SAMPLE_TODAY, p95, sample_services, save_result  # noqa: E402

TODAY = SAMPLE_TODAY
HISTORY_DAYS = 90
_FIGURE = re.compile(r"(?<![A-Za-z])(?<![A-Za-z]-)\d")
_DESIGN = re.compile(
    r"randomi[sz]ed (?:\(|to|1:1|2:1)|stratified|median age|years of age|baseline|enrolled|"
    r"eligible|were (?:male|female|white|asian)",
    re.I,
)
_WORD = re.compile(r"[a-z0-9]+")


def _csv(name: str) -> list[dict[str, str]]:
    with (sample_path() / "crm" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _expected_history(hcp_id: str, notes: list[dict], inquiries: list[dict]) -> set[str]:
    mine = [n for n in notes if n["hcp_id"] == hcp_id and date.fromisoformat(n["date"]) <= TODAY]
    calls = [date.fromisoformat(n["date"]) for n in mine if n["author_role"] == "rep"]
    start = max(calls) if calls else TODAY - timedelta(days=HISTORY_DAYS)
    ids = {n["note_id"] for n in mine if date.fromisoformat(n["date"]) >= start}
    ids |= {
        q["inquiry_id"]
        for q in inquiries
        if q["hcp_id"] == hcp_id and start <= date.fromisoformat(q["received_at"][:10]) <= TODAY
    }
    return ids


def _states_a_result(text: str) -> bool:
    """A table row with a figure in a value cell (its label cell may carry a footnote such as
    "Stratified by ..."), or a sentence with a figure and no design or demographics wording."""
    row = text.split("): ", 1)[-1]
    if text.startswith("Table ") and " | " in row:
        return any(_FIGURE.search(cell) for cell in row.split(" | ")[1:])
    return bool(_FIGURE.search(text)) and not _DESIGN.search(text)


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if len(w) > 2)


def _whole_sentence(text: str, note: str) -> bool:
    at = note.find(text)
    if at < 0:
        return False
    before = note[:at].rstrip()
    after = note[at + len(text) :]
    return (
        (not before or before.endswith((".", "?", "!", ":", '"')))
        and (not after or after[0].isspace())
        and text.rstrip().endswith((".", "?", "!", '"', ")"))
    )


def _headlines(services, path: Path) -> dict:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    scope = AccessScope(role=Role.REP, today=TODAY, market=services.settings.market)
    products = {p for e in services.kb.catalog.list_documents() for p in e.metadata.products}
    by_brand: dict[str, list[dict]] = {}
    for row in rows:
        by_brand.setdefault(row["product"].upper(), []).append(row)
    found, quoted_total, design_quoted, per_product = 0, 0, 0, {}
    squash = lambda t: " ".join(t.split()).lower()  # noqa: E731
    for brand, labelled in sorted(by_brand.items()):
        product = next((p for p in products if p.upper().startswith(brand)), None)
        if product is None:
            per_product[brand] = "not in the library"
            continue
        quoted = [squash(q.statement) for q in product_headlines(services, scope, product)]
        hits = [
            r
            for r in labelled
            if r["kind"] == "headline" and any(squash(r["phrase"]) in q for q in quoted)
        ]
        bad = [
            q
            for q in quoted
            if any(squash(r["phrase"]) in q for r in labelled if r["kind"] == "not_headline")
        ]
        found += bool(hits)
        quoted_total += len(quoted)
        design_quoted += len(bad)
        per_product[brand] = {
            "quoted": len(quoted),
            "primary_phrase_found": bool(hits),
            "design_quoted": len(bad),
        }
    measured = [v for v in per_product.values() if isinstance(v, dict)]
    return {
        "products": len(measured),
        "products_with_a_primary_result_quoted": found,
        "share": round(found / len(measured), 3) if measured else None,
        "results_quoted": quoted_total,
        "quoted_results_holding_a_design_phrase": design_quoted,
        "per_product": per_product,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--headlines", type=Path, default=None)
    args = parser.parse_args()
    notes, inquiries = _csv("notes.csv"), _csv("inquiries.csv")
    msl_text = {n["note_id"]: n["text"] for n in notes if n["author_role"] == "msl"}
    with tempfile.TemporaryDirectory(prefix="medbrief-bench-") as home:
        services = sample_services(Path(home))
        if services is None:
            return 1
        hcps = services.kb.catalog.list_hcps()
        stored = {
            n.note_id: n.text for h in hcps for n in services.kb.catalog.notes_for_hcp(h.hcp_id)
        }
        latencies: list[float] = []
        efficacy, with_result = 0, 0
        history_ok, history_wrong = 0, []
        duplicated, truncated, items_total = 0, 0, 0
        unflagged_injections, objectives, points, points_with_why = 0, 0, 0, 0
        for hcp in hcps:
            started = time.perf_counter()
            b = build_briefing(hcp.hcp_id, Role.REP, services, user="bench")
            latencies.append(time.perf_counter() - started)
            for point in b.talking_points:
                points += 1
                points_with_why += bool(point.why)
                for s in point.sentences:
                    if any("CLINICAL STUDIES" in c.section.upper() for c in s.citations):
                        efficacy += 1
                        with_result += _states_a_result(s.text)
            history = b.since_last_call
            shown_ids = (
                {
                    i.source.source_id
                    for i in history.items
                    if i.source.source_type in ("note", "inquiry")
                }
                if history
                else set()
            )
            leaked = [
                i
                for i in (history.items if history else [])
                if i.source.source_id in msl_text
                and len(_words(i.text) & _words(msl_text[i.source.source_id])) > 4
            ]
            if shown_ids == _expected_history(hcp.hcp_id, notes, inquiries) and not leaked:
                history_ok += 1
            else:
                history_wrong.append(hcp.hcp_id)
            seen: list[frozenset[str]] = []
            for item in b.open_items:
                items_total += 1
                words = _words(item.text)
                duplicated += any(
                    words == other or (words and len(words & other) / len(words) >= 0.8)
                    for other in seen
                )
                seen.append(words)
                truncated += not _whole_sentence(item.text, stored.get(item.source.source_id, ""))
            unflagged_injections += sum(
                1 for i in b.recent_interactions if injection_flags(i.text) and not i.flagged
            )
            objectives += bool(b.objective and b.objective.reasons)
        headline = _headlines(services, args.headlines) if args.headlines else None
    latencies.sort()
    result = {
        "hcps": len(hcps),
        "efficacy_points": efficacy,
        "efficacy_points_stating_a_result_with_a_number": with_result,
        "efficacy_result_share": round(with_result / efficacy, 3) if efficacy else None,
        "since_last_call_matching_the_notes": history_ok,
        "since_last_call_share": round(history_ok / len(hcps), 3),
        "since_last_call_mismatched": history_wrong,
        "open_items": items_total,
        "open_items_duplicated": duplicated,
        "open_items_truncated": truncated,
        "notes_with_an_instruction_shown_unflagged": unflagged_injections,
        "briefings_with_an_objective_and_reasons": objectives,
        "talking_points": points,
        "talking_points_with_why": points_with_why,
        "median_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": p95(latencies),
        "headline_results_blind": headline,
    }
    save_result("briefing_quality", result)
    print(against_limit("brief p95 warm (ms)", result["p95_ms"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
