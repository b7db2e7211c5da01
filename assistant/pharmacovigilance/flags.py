"""Possible AEs/PCs as the workflows show them (``SafetyFlag``), from either source: what
screening stored when a row was read (raw text, before redaction and validation) and what the
rules find in the stored, redacted text now. Either may see what the other cannot, so the
workflows join both and keep one flag per source, kind and evidence."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, datetime

from assistant.actions import safety_flag_key
from assistant.outputs import SafetyFlag
from assistant.pharmacovigilance.detector import detect_signals, doubt_cues
from assistant.pharmacovigilance.seriousness import Seriousness, seriousness
from knowledge_base.screening import ScreenedFlag

__all__ = ["SERIOUSNESS_RANK", "from_screened", "in_stored_text", "joined", "review_order"]

#: The queue's levels: deaths, then the other serious outcomes, then open urgent records.
SERIOUSNESS_RANK = {s.label: (0 if s is Seriousness.DEATH else 1) for s in Seriousness if s.serious}
_URGENT_RANK = 2
_OTHER_RANK = 3


def from_screened(flag: ScreenedFlag) -> SafetyFlag:
    return SafetyFlag(
        source_id=flag.source_id,
        source_type=flag.source_type,
        kind=flag.kind,
        evidence=flag.evidence,
        received_at=flag.received_at,
        hcp_id=flag.hcp_id,
        product=flag.product,
        problem=flag.problem,
        doubts=flag.doubts,
        seriousness=seriousness(flag.evidence).label,
    )


def in_stored_text(
    text: str,
    products: Collection[str],
    *,
    source_type: str,
    source_id: str,
    received_at: datetime,
    hcp_id: str,
    product: str | None = None,
) -> list[SafetyFlag]:
    """What the rules find in a stored (redacted) note or question."""
    return [
        SafetyFlag(
            source_id=source_id,
            source_type=source_type,
            kind=signal.kind.value,
            evidence=signal.evidence,
            doubts=list(doubt_cues(signal.evidence)),
            seriousness=seriousness(signal.evidence).label,
            received_at=received_at,
            hcp_id=hcp_id,
            product=signal.product or product,
        )
        for signal in detect_signals(text, products)
    ]


def joined(flags: Iterable[SafetyFlag]) -> list[SafetyFlag]:
    """One flag per source and kind, the unit a PV decision is about (the same note flagged
    twice, by the raw screen and on the stored text, is one entry): the first given wins
    (stored flags carry the row's problem), its evidence joined with the others', and it is in
    doubt only if every finding is. Newest last; an unreadable date sorts after every date,
    never dropped."""
    unique: dict[tuple[str, str, str], SafetyFlag] = {}
    for flag in flags:
        key = (flag.source_type, flag.source_id, flag.kind)
        first = unique.get(key)
        if first is None:
            unique[key] = flag
            continue
        evidence = first.evidence
        if flag.evidence not in evidence:
            evidence = f"{evidence} · {flag.evidence}"
        doubts = [d for d in first.doubts if d in flag.doubts]
        worst = min((first.seriousness, flag.seriousness), key=_rank_of_seriousness)
        unique[key] = first.model_copy(
            update={"evidence": evidence, "doubts": doubts, "seriousness": worst}
        )
    latest = datetime.max.replace(tzinfo=UTC)
    return sorted(unique.values(), key=lambda f: (f.received_at or latest, f.source_id, f.kind))


def _rank_of_seriousness(label: str) -> int:
    return SERIOUSNESS_RANK.get(label, _OTHER_RANK)


def review_order(
    flags: Iterable[SafetyFlag], decided: Collection[str], urgent: Collection[str]
) -> list[SafetyFlag]:
    """The queue as a reviewer works it: open flags before decided ones; among them deaths,
    then the other serious outcomes, then flags on an open urgent record (``urgent``: source
    ids), then the rest; newest first within a level, and at the end of each level those that
    something casts doubt on. ``decided``: the flag keys (``safety_flag_key``) with a decision.
    Nothing is dropped."""
    oldest = datetime.min.replace(tzinfo=UTC)

    def level(flag: SafetyFlag) -> int:
        rank = _rank_of_seriousness(flag.seriousness)
        return min(rank, _URGENT_RANK) if flag.source_id in urgent else rank

    ordered = sorted(flags, key=lambda f: f.received_at or oldest, reverse=True)
    return sorted(ordered, key=lambda f: (safety_flag_key(f) in decided, level(f), bool(f.doubts)))
