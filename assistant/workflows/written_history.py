"""'Since your last call' written by a hosted model, checked against the CRM records it cites.

The model sees each record as the reader may (an MSL interaction only as having occurred, an
inquiry by product, channel and status) and writes at most four sentences, each naming its
records; a sentence is shown only when those records are of the period and support it, with no
guardrail raised. Offline, the records' own lines are the summary.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.grounding.guardrails import injection_flags, sentence_flags
from assistant.outputs import HistorySentence, Sentence, SinceLastCall, Verdict
from assistant.providers.base import RecordClaim
from assistant.services import Services
from assistant.workflows.labels import known_products

__all__ = ["history_records", "written_history"]


def history_records(history: SinceLastCall) -> list[dict[str, str]]:
    """The history's lines as the prompt's records, one per record (a call and the materials
    left during it are one record); what a rep may see of each, nothing more."""
    records: dict[str, dict[str, str]] = {}
    for item in history.items:
        ref = item.source.source_id
        if ref in records:
            records[ref]["text"] += f" {item.text}"
            continue
        records[ref] = {
            "ref": ref,
            "date": str(item.source.on or ""),
            "kind": item.kind,
            "text": item.text,
            "status": item.status or "",
        }
    return list(records.values())


def written_history(
    drafted: Sequence[RecordClaim],
    records: Sequence[dict[str, str]],
    services: Services,
    products: Sequence[str],
) -> tuple[list[HistorySentence], list[Sentence]]:
    """The model's history sentences that cite ``records`` (those the prompt showed, from
    ``history_records``) and are supported by them, with no guardrail raised (PHI, a claim,
    an instruction); the others, withheld, for the audit record."""
    texts = {
        r["ref"]: f"{r['kind']} on {r['date']}: {r['text']} {r['status']}".strip() for r in records
    }
    shown: list[HistorySentence] = []
    withheld: list[Sentence] = []
    for claim in drafted:
        cited = [texts[r] for r in claim.records if r in texts]
        reasons: list[str] = []
        if not claim.records or len(cited) != len(claim.records):
            reasons.append("history: cites no record, or a record not in the period")
        elif not services.support.check(claim.text, cited).supported:
            reasons.append("history: the records it cites do not support it")
        flags = sentence_flags(
            claim.text,
            cited_text="\n".join(cited),
            source_products=set(),
            known_products=known_products(products),
        ) + injection_flags(claim.text)
        reasons += [f"history guardrail {f.kind}: {f.detail}" for f in flags]
        if reasons:
            withheld.append(
                Sentence(
                    text=claim.text,
                    verdict=Verdict.UNSUPPORTED,
                    reasons=reasons,
                    flags=flags,
                    shown=False,
                )
            )
        else:
            shown.append(HistorySentence(text=claim.text, records=claim.records))
    return shown, withheld
