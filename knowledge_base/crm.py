"""Loaders for the CRM exports: ``hcps.csv``, ``notes.csv`` and ``inquiries.csv``.

Pure parsing: each loader reads a UTF-8 CSV, checks its columns, converts each row into a model
and reports the first bad row as a ``CrmFileError`` naming the file, row and column. Header
names match case-insensitively; columns the model does not know are kept, as strings, in
``extra``. PHI is *not* redacted here; the ingest step does that. ``inquiries.csv`` is read by
the inquiry intake (``knowledge_base.inquiry_intake``), the reader ``inquiries summarize`` uses,
so the two paths accept the same file; here the first bad row stops it.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from knowledge_base.errors import CrmFileError
from knowledge_base.inquiry_intake import read_inquiries
from knowledge_base.models import FieldNote, HcpProfile, Inquiry

M = TypeVar("M", bound=BaseModel)

_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}


@dataclass(frozen=True)
class _Spec:
    """The columns of one CRM file: required, optional (may be blank) and how to convert them."""

    model: type[BaseModel]
    id_column: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    booleans: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    lowercase: tuple[str, ...] = ()


_HCPS = _Spec(
    model=HcpProfile,
    id_column="hcp_id",
    required=(
        "hcp_id",
        "name",
        "specialty",
        "consent_email",
        "consent_visit",
        "consent_phone",
        "preferred_channel",
    ),
    optional=("subspecialty", "institution", "patient_mix"),
    booleans=("consent_email", "consent_visit", "consent_phone"),
)
_NOTES = _Spec(
    model=FieldNote,
    id_column="note_id",
    required=("note_id", "hcp_id", "author_role", "date", "text"),
    dates=("date",),
    lowercase=("author_role",),
)


def load_hcps(path: Path | str) -> list[HcpProfile]:
    """Load ``hcps.csv`` (HCP profiles with per-channel consent)."""
    return _load(Path(path), _HCPS, HcpProfile)


def load_notes(path: Path | str) -> list[FieldNote]:
    """Load ``notes.csv`` (rep call notes and MSL notes), unredacted."""
    return _load(Path(path), _NOTES, FieldNote)


def load_inquiries(path: Path | str) -> list[Inquiry]:
    """Load ``inquiries.csv`` (medical information requests), unredacted.

    Read by the inquiry intake, so ingest accepts exactly what ``inquiries summarize`` does (the
    same columns and aliases, dates, CRM priority values; an exact duplicate row dropped), but
    strictly: the first row with a problem stops the file, as for the other CRM files."""
    path = Path(path)
    result = read_inquiries(path)
    if result.problems:
        first = result.problems[0]
        raise CrmFileError(path, first.message, row=first.row, field=first.column)
    return list(result.inquiries)


CRM_FILES: dict[str, Callable[[Path | str], list[Any]]] = {
    "hcps.csv": load_hcps,
    "notes.csv": load_notes,
    "inquiries.csv": load_inquiries,
}


def read_rows_leniently(path: Path | str) -> tuple[list[tuple[int, dict[str, str]]], str | None]:
    """Every non-blank data row of a CRM file as ``(row_number, {column: value})``, unchecked,
    and what stopped the read early (malformed CSV), if anything.

    For safety screening, which must see the rows the strict loaders reject: a cell under no
    header is kept as ``column N``. Raises ``CrmFileError`` only when nothing can be read (the
    file is missing or not UTF-8).
    """
    path = Path(path)
    rows = _read_rows(path)
    found: list[tuple[int, dict[str, str]]] = []
    try:
        header = next(rows, None)
        if header is None:
            return found, None
        columns = [cell.strip().lower() for cell in header[1]]
        for number, cells in rows:
            if not any(cell.strip() for cell in cells):
                continue
            found.append(
                (
                    number,
                    {
                        (columns[i] if i < len(columns) and columns[i] else f"column {i + 1}"): c
                        for i, c in enumerate(cells)
                    },
                )
            )
    except CrmFileError as error:
        return found, str(error)
    return found, None


def is_crm_file(path: Path | str) -> bool:
    """True if the file's name is exactly one of the keys of ``CRM_FILES``."""
    return Path(path).name in CRM_FILES


def _load(path: Path, spec: _Spec, model: type[M]) -> list[M]:
    rows = _read_rows(path)
    header = next(rows, None)
    if header is None or not any(cell.strip() for cell in header[1]):
        raise CrmFileError(path, "the file is empty; expected a header row and data rows")
    columns = _columns(path, spec, header[1])

    records: list[M] = []
    seen: dict[str, int] = {}
    for row_number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # blank line: counted as a row, but nothing to load
        if len(cells) > len(columns):
            raise CrmFileError(
                path,
                f"the row has {len(cells)} fields but the header has {len(columns)} columns; "
                "check for an unquoted comma",
                row=row_number,
            )
        values = {name: cell.strip() for name, cell in zip(columns, cells, strict=False)}
        record = _build(path, spec, model, values, row_number)
        record_id = values[spec.id_column]
        if record_id in seen:
            raise CrmFileError(
                path,
                f"duplicate id '{record_id}' (first seen on row {seen[record_id]})",
                row=row_number,
                field=spec.id_column,
            )
        seen[record_id] = row_number
        records.append(record)
    return records


def _read_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(row_number, cells)`` for every CSV record, the header being row 1."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CrmFileError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CrmFileError(
            path,
            f"the file is not UTF-8 (undecodable byte at offset {exc.start}); "
            "re-export it from the CRM as UTF-8 CSV",
        ) from exc
    try:
        yield from enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
    except csv.Error as exc:
        raise CrmFileError(path, f"malformed CSV: {exc}") from exc


def _columns(path: Path, spec: _Spec, header: list[str]) -> list[str]:
    """Map header cells to names: known columns lower-cased, unknown ones kept as written."""
    known = set(spec.required) | set(spec.optional)
    columns: list[str] = []
    for cell in header:
        name = cell.strip()
        key = name.lower()
        column = key if key in known else name
        if column and column in columns:
            raise CrmFileError(path, f"column '{name}' appears twice in the header")
        columns.append(column)
    missing = [name for name in spec.required if name not in columns]
    if missing:
        raise CrmFileError(
            path,
            f"missing required column '{missing[0]}'; required columns are: "
            + ", ".join(spec.required),
            field=missing[0],
        )
    return columns


def _build(path: Path, spec: _Spec, model: type[M], values: dict[str, str], row: int) -> M:
    known = set(spec.required) | set(spec.optional)
    fields: dict[str, Any] = {}
    for name in spec.required:
        if not values.get(name):
            raise CrmFileError(path, "required value is empty", row=row, field=name)
    for name in spec.required + spec.optional:
        fields[name] = _convert(path, spec, name, values.get(name, ""), row)
    fields["extra"] = {k: v for k, v in values.items() if k and k not in known}
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        error = exc.errors()[0]
        column = str(error["loc"][0]) if error["loc"] else None
        raise CrmFileError(path, error["msg"], row=row, field=column) from exc


def _convert(path: Path, spec: _Spec, name: str, value: str, row: int) -> object:
    try:
        if name in spec.booleans:
            return _parse_bool(value)
        if name in spec.dates:
            return _parse(date.fromisoformat, value, "an ISO date (YYYY-MM-DD)")
    except ValueError as exc:
        raise CrmFileError(path, str(exc), row=row, field=name) from exc
    return value.lower() if name in spec.lowercase else value


def _parse(parser: Callable[[str], object], value: str, expected: str) -> object:
    try:
        return parser(value)
    except ValueError:
        raise ValueError(f"'{value}' is not {expected}") from None


def _parse_bool(value: str) -> bool:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"'{value}' is not a yes/no value (use yes/no, true/false, y/n or 1/0)")
