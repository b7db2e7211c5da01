"""Rows: one raw row of an export checked column by column and turned into an ``Inquiry``.

It exists so that a bad row is a value, not an exception: every column of a ``RawRow`` is
parsed (ids, the ``received_at`` date, priority, status, required text), and whatever is wrong
comes back as ``RowProblem``s that name the row, the column and what to do, while the other
rows carry on. The readers only produce ``RawRow``s; nothing here touches a file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from pydantic import ValidationError

from knowledge_base.inquiry_intake.cells import cell_text, json_type, shorten
from knowledge_base.inquiry_intake.schema import (
    COLUMNS_BY_NAME,
    INQUIRY_SCHEMA,
    PRIORITIES,
    ColumnSpec,
    normalize_priority,
)
from knowledge_base.models import ID_PATTERN, Inquiry

__all__ = ["RawRow", "RowProblem", "build_inquiry", "priority_warning"]

_US_FORMATS = (
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y",
)
_ID_RE = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class RowProblem:
    """A row that was skipped: its number as the user sees it, the column (if one) and why."""

    row: int
    column: str | None
    message: str


@dataclass
class RawRow:
    """One data row as read: values by column (canonical name, or extra header as written)."""

    number: int
    values: dict[str, object] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)


class _BadValue(ValueError):
    pass


def _required_text(spec: ColumnSpec, value: object) -> str:
    if isinstance(value, dict | list):
        raise _BadValue(f"expected text, got {json_type(value)}; put a plain value here")
    text = cell_text(value)
    if not text and spec.required:
        raise _BadValue(
            f"{spec.name} is empty but required; fill it in the source system and "
            f"re-export (e.g. '{spec.example}')"
        )
    return text


def _parse_id(spec: ColumnSpec, value: object) -> str:
    text = _required_text(spec, value)
    if not _ID_RE.match(text):
        raise _BadValue(
            f"'{shorten(text)}' is not a valid id: use letters, digits, '.', '_' or '-', "
            f"starting with a letter or digit (e.g. '{spec.example}')"
        )
    return text


def _parse_received(spec: ColumnSpec, value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0))
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise _BadValue(
            f"{value!r} is a number, not a date; give the date as ISO 8601 "
            "(e.g. '2026-11-24T14:05:00Z')"
        )
    text = _required_text(spec, value)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    for fmt in _US_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise _BadValue(
        f"'{shorten(text)}' is not a date we can read; use ISO 8601 ('2026-11-24' or "
        "'2026-11-24T14:05:00Z') or MM/DD/YYYY HH:MM ('11/24/2026 14:05')"
    )


def _parse_priority(spec: ColumnSpec, value: object) -> str:
    return normalize_priority(_required_text(spec, value))[0]


def _parse_status(spec: ColumnSpec, value: object) -> str:
    return _required_text(spec, value) or "open"


_PARSERS: dict[str, Callable[[ColumnSpec, object], object]] = {
    "inquiry_id": _parse_id,
    "received_at": _parse_received,
    "channel": _required_text,
    "hcp_id": _parse_id,
    "product": _required_text,
    "question": _required_text,
    "status": _parse_status,
    "priority": _parse_priority,
}


def priority_warning(row: RawRow) -> RowProblem | None:
    """A priority that is none of the known values: the row is kept, the value as written."""
    value = row.values.get("priority")
    if isinstance(value, dict | list):
        return None  # reported as a problem by the parser
    text = cell_text(value)
    if normalize_priority(text)[1]:
        return None
    return RowProblem(
        row.number,
        "priority",
        f"'{shorten(text)}' is not a priority we know; the row is kept with it as written — map "
        "it to one of " + ", ".join(PRIORITIES) + " in the source system to sort it by urgency",
    )


def build_inquiry(row: RawRow) -> tuple[Inquiry | None, list[RowProblem]]:
    """The row as an ``Inquiry`` and no problems, or ``None`` and every problem it has."""
    problems = list(row.problems)
    if problems and not row.values:
        return None, problems  # nothing readable (a JSON record that is not an object)
    fields: dict[str, Any] = {}
    for spec in INQUIRY_SCHEMA:
        try:
            fields[spec.name] = _PARSERS[spec.name](spec, row.values.get(spec.name))
        except _BadValue as exc:
            problems.append(RowProblem(row.number, spec.name, str(exc)))
    if problems:
        return None, problems
    fields["extra"] = {k: cell_text(v) for k, v in row.values.items() if k not in COLUMNS_BY_NAME}
    try:
        return Inquiry.model_validate(fields), []
    except ValidationError as exc:  # the parsers above should make this unreachable
        for error in exc.errors():
            column = str(error["loc"][0]) if error["loc"] else None
            problems.append(RowProblem(row.number, column, f"{error['msg']}; fix and re-export"))
        return None, problems
