"""'Since your last call': the HCP's interactions from the rep's last call on, one line each,
linked to its record (with no call by a rep on file, the last ``days`` days, as CRM pre-call
views default to 90).

Reps and MSLs are firewalled: a rep sees an MSL interaction only as "medical follow-up
occurred" on its date, and an inquiry only by product, channel and status, never its text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.outputs import HistoryItem, SinceLastCall, SourceRef
from assistant.precall.note_text import note_sentences
from knowledge_base.models import FieldNote, Inquiry, NoteAuthorRole, Role

__all__ = ["FiledRequest", "materials_left", "since_last_call"]

# Samples or materials left with the office: reps must account for both.
_MATERIALS = re.compile(
    r"\b(?:left|dropped off|leave[- ]behind|handed|gave|provided|delivered)\b[^.]{0,80}\b"
    r"(?:samples?|brochures?|leave[- ]behinds?|materials?|copies|cards?|guides?|kits?|"
    r"starter packs?|vouchers?|savings cards?|pamphlets?|handouts?|reprints?)\b|"
    r"\bsamples?\s+(?:left|dropped off|signed for)\b",
    re.I,
)


@dataclass(frozen=True)
class FiledRequest:
    """A medical information request filed from the app, with its status."""

    request_id: str
    filed: date
    status: str  # submitted | responded


def materials_left(note: FieldNote) -> list[str]:
    """The note's sentences saying samples or materials were left."""
    return [s for s in note_sentences(note.text) if _MATERIALS.search(s)]


def _call_line(note: FieldNote) -> str:
    kind = note.extra.get("call_type", "").replace("-", " ") or "call"
    sentences = note_sentences(note.text)
    if not sentences:
        return kind.capitalize()
    if sentences[0].lower().startswith(kind.split()[0].lower()):
        return sentences[0]  # "Phone call with Dr. Raman": no "Phone: " before it
    return f"{kind.capitalize()}: {sentences[0]}"


def since_last_call(
    notes: Sequence[FieldNote],
    inquiries: Sequence[Inquiry],
    requests: Sequence[FiledRequest],
    *,
    role: Role,
    today: date,
    days: int = 90,
    flagged: frozenset[str] = frozenset(),
) -> SinceLastCall:
    """The HCP's interactions from the last rep call (or, with none, ``days`` ago) up to
    ``today``, newest first. ``flagged`` notes (an instruction to the model) are listed by
    date only."""
    past = [n for n in notes if n.date <= today]
    calls = [n.date for n in past if n.author_role is NoteAuthorRole.REP]
    last_call = max(calls) if calls else None
    # Everything since the last call, however long ago (a cap would hide what happened);
    # with no call by a rep on file, the last ``days`` days.
    start = last_call if last_call else today - timedelta(days=days)
    items: list[HistoryItem] = []
    for note in sorted(past, key=lambda n: (n.date, n.note_id), reverse=True):
        if note.date < start:
            continue
        ref = SourceRef(source_type="note", source_id=note.note_id, on=note.date)
        if note.author_role is NoteAuthorRole.MSL and role is Role.REP:
            items.append(
                HistoryItem(
                    kind="medical follow-up",
                    text="Medical follow-up occurred (MSL; details stay with medical).",
                    source=ref,
                )
            )
            continue
        if note.note_id in flagged:
            items.append(
                HistoryItem(kind="call", text="Note flagged: not shown as context.", source=ref)
            )
            continue
        kind = "call" if note.author_role is NoteAuthorRole.REP else "medical follow-up"
        if (
            kind == "call"
            and note.date == last_call
            and not any(i.kind == "last call" for i in items)
        ):
            kind = "last call"  # the call this history runs from
        items.append(HistoryItem(kind=kind, text=_call_line(note), source=ref))
        items += [HistoryItem(kind="materials", text=s, source=ref) for s in materials_left(note)]
    for inquiry in sorted(inquiries, key=lambda i: i.received_at, reverse=True):
        received = inquiry.received_at.date()
        if not start <= received <= today:
            continue
        about = f"Medical information inquiry on {inquiry.product} ({inquiry.channel})"
        text = about if role is Role.REP else f"{about}: {inquiry.question}"
        items.append(
            HistoryItem(
                kind="inquiry",
                text=text,
                status=inquiry.status.replace("_", " "),
                source=SourceRef(source_type="inquiry", source_id=inquiry.inquiry_id, on=received),
            )
        )
    for request in requests:
        if start <= request.filed <= today:
            items.append(
                HistoryItem(
                    kind="information request",
                    text="Medical information request filed from chat",
                    status=request.status,
                    source=SourceRef(
                        source_type="request", source_id=request.request_id, on=request.filed
                    ),
                )
            )
    items.sort(key=lambda i: i.source.on or start, reverse=True)
    return SinceLastCall(last_call=last_call, start=start, days=days, items=items)
