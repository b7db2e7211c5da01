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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from knowledge_base.redaction import redact_many

__all__ = ["RawRecord", "SafetyHit", "ScreenedFlag", "Screener", "screen_rows"]


class SafetyHit(BaseModel):
    """What a screener found in one text: the kind, the triggering sentence, the product."""

    kind: Literal["AE", "PC"]
    evidence: str
    product: str | None = None
    #: What in the sentence casts doubt (negated, hypothetical, label, pre-existing, other
    #: drug): ranks the review queue, never removes the flag.
    doubts: list[str] = Field(default_factory=list)


#: Texts -> every possible AE/PC in each (the assistant wraps its detector in one). Batched, so
#: that a learned layer embeds a whole file's sentences together.
Screener = Callable[[Sequence[str]], Sequence[Sequence[SafetyHit]]]


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
    doubts: list[str] = Field(default_factory=list)


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


_US_FORMATS = ("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y")


def _when(value: object) -> datetime | None:
    """The row's date if it can be read (ISO 8601, US MM/DD/YYYY [HH:MM], a spreadsheet date),
    else None: the flag is then shown with "date unreadable", never dropped."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        text = _cell(value)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            for fmt in _US_FORMATS:
                try:
                    moment = datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
            else:
                return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass(frozen=True)
class RawRecord:
    """One row as read: its number as the user sees it, its cells, and why it did not load."""

    row: int
    values: Mapping[str, object]
    problems: Sequence[str] = ()


def _parts(record: RawRecord) -> list[str]:
    """The texts of a row to screen: every free-text cell; one text of every cell, in column
    order, when the row has a problem (an unquoted comma splits a sentence over two cells)."""
    if record.problems:
        joined = " ".join(t for t in (_cell(v) for v in record.values.values()) if t)
        return [joined] if joined else []
    return [
        text
        for column, value in record.values.items()
        if column not in _NOT_TEXT and (text := _cell(value))
    ]


def screen_rows(
    screener: Screener,
    *,
    source_type: Literal["note", "inquiry"],
    source_file: str,
    records: Sequence[RawRecord],
) -> list[ScreenedFlag]:
    """Every possible AE/PC in the free text of raw rows (all columns but ids, codes and dates),
    one flag per sentence and kind, its evidence redacted; all rows screened in one batch."""
    id_column = "inquiry_id" if source_type == "inquiry" else "note_id"
    date_column = "received_at" if source_type == "inquiry" else "date"
    parts = [_parts(record) for record in records]
    results = iter(screener([text for texts in parts for text in texts]))
    found: list[tuple[RawRecord, SafetyHit]] = [
        (record, hit)
        for record, texts in zip(records, parts, strict=True)
        for _ in texts
        for hit in next(results)
    ]
    # Evidence is shown and stored redacted; all of it in one batch.
    evidence = [r.text for r in redact_many([hit.evidence for _, hit in found])]
    flags: list[ScreenedFlag] = []
    seen: set[tuple[int, str, str]] = set()
    for (record, hit), shown in zip(found, evidence, strict=True):
        if (record.row, hit.kind, shown) in seen:
            continue
        seen.add((record.row, hit.kind, shown))
        values = record.values
        flags.append(
            ScreenedFlag(
                source_type=source_type,
                source_id=_cell(values.get(id_column)) or f"row {record.row}",
                source_file=source_file,
                row=record.row,
                kind=hit.kind,
                evidence=shown,
                product=hit.product or (_cell(values.get("product")) or None),
                hcp_id=_cell(values.get("hcp_id")) or None,
                received_at=_when(values.get(date_column)),
                problem="; ".join(record.problems) or None,
                doubts=hit.doubts,
            )
        )
    return flags
