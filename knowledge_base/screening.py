"""Safety screening of CRM rows as read: every row, before validation and before redaction.

Missing an adverse event or a product complaint is the costly error (it must reach
pharmacovigilance within one business day), so screening does not wait for a row to be valid:
a row with an unreadable date, a missing id or an unknown column value is screened like any
other, and its flags carry the row's problem so that a reviewer sees both. It runs on the raw
text, because redaction removes words detection needs ("Mr. Stiff" is a name, "stiff neck" is
not); the evidence is redacted before it is stored or shown.

The detector itself lives with the assistant (``assistant.pharmacovigilance``): the knowledge
base takes it as a ``Screener`` so that ingest can screen without depending on the assistant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel

from knowledge_base.redaction import redact

__all__ = ["SafetyHit", "ScreenedFlag", "Screener", "screen_row"]


class SafetyHit(BaseModel):
    """What a screener found in one text: the kind, the triggering sentence, the product."""

    kind: Literal["AE", "PC"]
    evidence: str
    product: str | None = None


#: Text -> every possible AE/PC in it (the assistant wraps its detector in one).
Screener = Callable[[str], Sequence[SafetyHit]]


class ScreenedFlag(BaseModel):
    """A possible AE/PC found in one row of a CRM file, kept whether or not the row loaded."""

    source_type: Literal["note", "inquiry"]
    source_id: str  # the row's id as written, or "row N" when it has none
    source_file: str
    row: int
    kind: Literal["AE", "PC"]
    evidence: str  # redacted
    product: str | None = None
    hcp_id: str | None = None
    received_at: datetime | None = None  # None when the row's date cannot be read
    problem: str | None = None  # why the row itself was not loaded, if it was not


# Columns that are identifiers, codes or dates, not free text an event could hide in.
_NOT_TEXT = frozenset(
    {
        "inquiry_id",
        "note_id",
        "hcp_id",
        "received_at",
        "date",
        "priority",
        "status",
        "channel",
        "author_role",
    }
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN from a spreadsheet
        return ""
    return str(value).strip()


def _when(value: object) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(_cell(value))
        except ValueError:
            return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def screen_row(
    screener: Screener,
    *,
    source_type: Literal["note", "inquiry"],
    source_file: str,
    row: int,
    values: Mapping[str, object],
    problems: Iterable[str] = (),
) -> list[ScreenedFlag]:
    """Every possible AE/PC in the free text of one raw row (all columns but ids, codes and
    dates; every column of a row with a problem), one flag per sentence and kind, its evidence
    redacted."""
    id_column = "inquiry_id" if source_type == "inquiry" else "note_id"
    source_id = _cell(values.get(id_column)) or f"row {row}"
    date_column = "received_at" if source_type == "inquiry" else "date"
    problem = "; ".join(problems) or None
    # A row with a problem may have shifted cells (an unquoted comma splits a sentence over
    # two columns): read all of it, in column order, as one text.
    texts = [
        _cell(value)
        for column, value in values.items()
        if problem is not None or column not in _NOT_TEXT
    ]
    text = " ".join(t for t in texts if t) if problem is not None else None
    flags: list[ScreenedFlag] = []
    seen: set[tuple[str, str]] = set()
    for part in [text] if text is not None else [t for t in texts if t]:
        for hit in screener(part):
            evidence = redact(hit.evidence).text
            if (hit.kind, evidence) in seen:
                continue
            seen.add((hit.kind, evidence))
            flags.append(
                ScreenedFlag(
                    source_type=source_type,
                    source_id=source_id,
                    source_file=source_file,
                    row=row,
                    kind=hit.kind,
                    evidence=evidence,
                    product=hit.product or (_cell(values.get("product")) or None),
                    hcp_id=_cell(values.get("hcp_id")) or None,
                    received_at=_when(values.get(date_column)),
                    problem=problem,
                )
            )
    return flags
