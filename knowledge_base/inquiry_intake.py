"""Tolerant intake of medical-information inquiry exports for the MSL backlog.

Exports arrive as CSV, JSON or Excel. Unlike the strict loaders in ``knowledge_base.crm``, which
stop at the first bad row, ``read_inquiries`` validates every row, keeps the good ones and
reports each bad one as a ``RowProblem`` (row, column, what is wrong and what to do). Only
problems with the file as a whole (not found, not UTF-8, corrupt workbook, unsupported type,
missing required column, empty) raise ``CrmFileError``.

Rules:

- Rows are numbered as the user sees them: CSV and Excel rows as a spreadsheet shows them (the
  header is row 1), JSON records by their 1-based position in the array ("record N").
- Header names match case-insensitively, ignoring surrounding spaces and treating ``_``, ``-``
  and spaces alike; common aliases are accepted (see ``INQUIRY_SCHEMA``). Unknown columns are
  kept, as strings, in ``Inquiry.extra``.
- Cells are stripped. Missing values (empty, ``None``/``null``, NaN) are empty, never the text
  "None". Values starting with ``=``, ``+``, ``-`` or ``@`` are kept as text: nothing is
  evaluated, and Excel formulas are read as their formula text, not computed.
- ``received_at`` takes ISO 8601 dates or date-times, US ``MM/DD/YYYY [HH:MM[:SS]]`` and Excel
  date cells; a time without a zone is UTC.
- An exact duplicate (same ``inquiry_id``, same content) is dropped and counted; the same id
  with different content is a problem on the later row, and the first row is kept.
- Excel is read with openpyxl in read-only mode; its warnings about workbook features we do not
  read (styles, extensions, drawings) are suppressed for the read, not turned into errors.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from knowledge_base.errors import CrmFileError
from knowledge_base.models import ID_PATTERN, Inquiry

PRIORITIES = ("low", "medium", "high", "urgent")
SUPPORTED_SUFFIXES = (".csv", ".json", ".xlsx")

# Text an export writes for "no value": treated as empty, never kept as text.
_MISSING_TEXT = {"none", "null", "nan", "nat", "#n/a"}
_US_FORMATS = (
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y",
)
_ID_RE = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the inquiry intake schema, as documented for users."""

    name: str
    required: bool
    type: str
    description: str
    example: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowProblem:
    """A row that was skipped: its number as the user sees it, the column (if one) and why."""

    row: int
    column: str | None
    message: str


@dataclass(frozen=True)
class IntakeResult:
    path: Path
    inquiries: tuple[Inquiry, ...]
    problems: tuple[RowProblem, ...]
    duplicates_dropped: int

    @property
    def row_label(self) -> str:
        """How this file's rows are called in messages: "record" for JSON, else "row"."""
        return _unit(self.path)

    def describe_problems(self) -> list[str]:
        """One line per problem: ``<file>, row 5, column 'priority': <message>``."""
        lines = []
        for problem in self.problems:
            where = f"{self.path}, {self.row_label} {problem.row}"
            if problem.column is not None:
                where += f", column '{problem.column}'"
            lines.append(f"{where}: {problem.message}")
        return lines


INQUIRY_SCHEMA: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "inquiry_id",
        True,
        "id",
        "Unique id of the inquiry in the medical-information system "
        "(letters, digits, '.', '_', '-').",
        "INQ-0001",
        ("id", "inquiry id"),
    ),
    ColumnSpec(
        "received_at",
        True,
        "date-time",
        "When the inquiry was received: ISO 8601 date or date-time, MM/DD/YYYY HH:MM, or an "
        "Excel date cell. No time zone means UTC.",
        "2026-11-24T14:05:00Z",
        ("received", "date received", "received date"),
    ),
    ColumnSpec(
        "channel",
        False,
        "text",
        "How the inquiry came in (email, phone, web, rep-submitted, congress, ...). "
        "Blank if unknown.",
        "email",
    ),
    ColumnSpec(
        "hcp_id",
        True,
        "id",
        "CRM id of the asking HCP (letters, digits, '.', '_', '-').",
        "HCP-003",
        ("hcp", "hcp id"),
    ),
    ColumnSpec(
        "product",
        True,
        "text",
        "Product the inquiry is about.",
        "ZORVEXA",
        ("product name",),
    ),
    ColumnSpec(
        "question",
        True,
        "text",
        "The question as asked (not empty).",
        "Is there data in pediatric patients?",
        ("question text", "inquiry text"),
    ),
    ColumnSpec(
        "status",
        False,
        "text",
        "Status in the source system (open, in_progress, answered, closed, ...). "
        "Blank or absent means open.",
        "open",
    ),
    ColumnSpec(
        "priority",
        True,
        "low | medium | high | urgent",
        "Priority, any letter case.",
        "high",
    ),
)

_BY_NAME = {spec.name: spec for spec in INQUIRY_SCHEMA}
_REQUIRED = tuple(spec.name for spec in INQUIRY_SCHEMA if spec.required)


def _header_key(name: str) -> str:
    return re.sub(r"[\s_\-]+", " ", name.strip().lower()).strip()


_ALIASES: dict[str, str] = {}
for _spec in INQUIRY_SCHEMA:
    for _alias in (_spec.name, *_spec.aliases):
        _ALIASES[_header_key(_alias)] = _spec.name


def schema_markdown() -> str:
    """The intake schema as a Markdown table (for the README)."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "| column | required | type | also accepted as | description | example |",
        "|---|---|---|---|---|---|",
    ]
    for spec in INQUIRY_SCHEMA:
        aliases = ", ".join(f"`{a}`" for a in spec.aliases) or "—"
        lines.append(
            f"| `{spec.name}` | {'yes' if spec.required else 'no'} | {cell(spec.type)} "
            f"| {aliases} | {cell(spec.description)} | `{cell(spec.example)}` |"
        )
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- entry point


def read_inquiries(path: Path | str) -> IntakeResult:
    """Read an inquiry export (.csv, .json or .xlsx), keeping good rows and reporting bad ones.

    Raises ``CrmFileError`` only for problems with the whole file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise CrmFileError(
            path,
            f"unsupported file type '{suffix or '(no suffix)'}'; export the inquiries as "
            + ", ".join(SUPPORTED_SUFFIXES)
            + (" (save old .xls workbooks as .xlsx)" if suffix == ".xls" else ""),
        )
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "was not found"
        raise CrmFileError(path, f"the file {what}; check the path and try again")
    return _validate(path, reader(path))


# ----------------------------------------------------------------------------- records


@dataclass
class _Record:
    """One data row as read: values by column (canonical name, or extra header as written)."""

    number: int
    values: dict[str, object] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)


class _BadValue(ValueError):
    pass


def _unit(path: Path) -> str:
    return "record" if path.suffix.lower() == ".json" else "row"


def _text(value: object) -> str:
    """A cell as stripped text; missing values are ''."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        return "" if text.lower() in _MISSING_TEXT else text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


def _map_header(path: Path, cells: Iterable[object]) -> list[str | None]:
    """Header cells -> column keys (canonical name or extra name as written; None if blank)."""
    columns: list[str | None] = []
    written: dict[str, str] = {}
    for cell in cells:
        name = _text(cell) if not isinstance(cell, str) else cell.strip()
        if not name:
            columns.append(None)
            continue
        column = _ALIASES.get(_header_key(name), name)
        clash = column.lower()
        if clash in written:
            if column in _BY_NAME:
                message = (
                    f"columns '{written[clash]}' and '{name}' both mean '{column}'; "
                    "keep one of them and re-export"
                )
            else:
                message = f"column '{name}' appears twice in the header; rename one of them"
            raise CrmFileError(path, message, field=column)
        written[clash] = name
        columns.append(column)
    _check_required(path, {c for c in columns if c})
    return columns


def _check_required(path: Path, present: set[str]) -> None:
    for name in _REQUIRED:
        if name not in present:
            spec = _BY_NAME[name]
            accepted = ", ".join(f"'{a}'" for a in dict.fromkeys((name, *spec.aliases)))
            raise CrmFileError(
                path,
                f"missing required column '{name}' (accepted headers: {accepted}); add it to "
                "the export. Required columns are: " + ", ".join(_REQUIRED),
                field=name,
            )


def _table_records(
    path: Path,
    rows: Iterable[tuple[int, list[object]]],
    *,
    convert: Callable[[str, object], object] | None = None,
    column_label: Callable[[int], str] = lambda i: str(i + 1),
) -> list[_Record]:
    """Header + data rows (CSV, Excel) -> records. Blank rows are skipped without a problem."""
    columns: list[str | None] | None = None
    records: list[_Record] = []
    for number, cells in rows:
        texts = [_text(c) for c in cells]
        if not any(texts):
            continue
        if columns is None:
            columns = _map_header(path, cells)
            continue
        record = _Record(number)
        for index, value in enumerate(cells):
            column = columns[index] if index < len(columns) else None
            if column is None:
                if texts[index]:
                    record.problems.append(
                        RowProblem(
                            number,
                            None,
                            f"value '{_short(texts[index])}' in column {column_label(index)} "
                            "has no header; give the column a header, or check the row for "
                            "an unquoted comma or a shifted cell",
                        )
                    )
                continue
            record.values[column] = convert(column, value) if convert else value
        records.append(record)
    if columns is None:
        raise CrmFileError(
            path, "the file is empty; expected a header row and inquiry rows — re-export it"
        )
    return records


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----------------------------------------------------------------------------- readers


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CrmFileError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CrmFileError(
            path,
            f"the file is not UTF-8 (undecodable byte at offset {exc.start}); re-export it "
            "from the medical-information system as UTF-8",
        ) from exc
    if not text.strip():
        raise CrmFileError(
            path, "the file is empty; expected inquiry rows — re-export it from the source"
        )
    return text


def _read_csv(path: Path) -> list[_Record]:
    text = _read_text(path)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ","
    if "," not in first_line:
        # Excel in some locales saves "CSV" with semicolons; tab-separated exports also occur.
        delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterable[tuple[int, list[object]]]:
        number = 0
        try:
            for number, cells in enumerate(reader, start=1):
                yield number, list(cells)
        except csv.Error as exc:
            raise CrmFileError(
                path, f"malformed CSV after row {number}: {exc}; re-export the file"
            ) from exc

    return _table_records(path, rows())


def _read_json(path: Path) -> list[_Record]:
    text = _read_text(path)
    try:
        data = json.loads(text, parse_constant=lambda _name: None)
    except json.JSONDecodeError as exc:
        raise CrmFileError(
            path,
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); re-export it",
        ) from exc
    if isinstance(data, dict) and isinstance(data.get("inquiries"), list):
        items = data["inquiries"]
    elif isinstance(data, list):
        items = data
    else:
        raise CrmFileError(
            path,
            'expected an array of inquiry objects, or {"inquiries": [...]}; '
            "re-export the inquiries as a JSON array",
        )

    records: list[_Record] = []
    present: set[str] = set()
    for number, item in enumerate(items, start=1):
        record = _Record(number)
        records.append(record)
        if not isinstance(item, dict):
            record.problems.append(
                RowProblem(
                    number,
                    None,
                    f"expected an object with the inquiry's fields, got {_json_type(item)}; "
                    "fix or remove this record",
                )
            )
            continue
        written: dict[str, str] = {}
        for key, value in item.items():
            name = str(key).strip()
            if not name:
                continue
            column = _ALIASES.get(_header_key(name), name)
            if column.lower() in written:
                record.problems.append(
                    RowProblem(
                        number,
                        column,
                        f"both '{written[column.lower()]}' and '{name}' are given for "
                        f"'{column}'; keep one of them",
                    )
                )
                continue
            written[column.lower()] = name
            record.values[column] = value
            present.add(column)
    if records:
        _check_required(path, present)
    return records


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    if isinstance(value, str):
        return "a string"
    return "a number" if isinstance(value, int | float) else type(value).__name__


def _read_xlsx(path: Path) -> list[_Record]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.datetime import from_excel

    try:
        handle = path.open("rb")
    except OSError as exc:
        raise CrmFileError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    # We own the file handle so it is closed even when openpyxl fails half-way through opening.
    with handle, warnings.catch_warnings():
        # openpyxl warns about workbook parts it drops (styles, extensions, drawings, ...):
        # irrelevant to the cell values we read, and pytest runs with warnings as errors.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
        try:
            workbook = load_workbook(handle, read_only=True, data_only=False, keep_links=False)
        except Exception as exc:
            raise CrmFileError(
                path,
                f"cannot open the Excel workbook ({type(exc).__name__}: {exc}); it may be "
                "corrupt, encrypted or not really .xlsx — open it in Excel and save it again "
                "as .xlsx, or export CSV",
            ) from exc
        try:
            sheets = workbook.worksheets
            if not sheets:
                raise CrmFileError(path, "the workbook has no worksheets; re-export it")
            sheet = next((s for s in sheets if s.title.strip().lower() == "inquiries"), sheets[0])

            def convert(column: str, value: object) -> object:
                if (
                    column == "received_at"
                    and isinstance(value, int | float)
                    and not isinstance(value, bool)
                ):
                    try:  # a date serial in a cell not formatted as a date
                        return from_excel(value, workbook.epoch)
                    except (OverflowError, ValueError):
                        return value
                return value

            sheet_rows = sheet.iter_rows(values_only=True)
            try:
                return _table_records(
                    path,
                    ((n, list(cells)) for n, cells in enumerate(sheet_rows, start=1)),
                    convert=convert,
                    column_label=lambda i: get_column_letter(i + 1),
                )
            except CrmFileError:
                raise
            except Exception as exc:
                raise CrmFileError(
                    path,
                    f"cannot read sheet '{sheet.title}' ({type(exc).__name__}: {exc}); open "
                    "the workbook in Excel and save it again as .xlsx, or export CSV",
                ) from exc
            finally:
                # A suspended read-only row generator holds the file open; close it first.
                sheet_rows.close()
        finally:
            workbook.close()


_READERS: dict[str, Callable[[Path], list[_Record]]] = {
    ".csv": _read_csv,
    ".json": _read_json,
    ".xlsx": _read_xlsx,
}


# ----------------------------------------------------------------------------- validation


def _required_text(spec: ColumnSpec, value: object) -> str:
    if isinstance(value, dict | list):
        raise _BadValue(f"expected text, got {_json_type(value)}; put a plain value here")
    text = _text(value)
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
            f"'{_short(text)}' is not a valid id: use letters, digits, '.', '_' or '-', "
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
        f"'{_short(text)}' is not a date we can read; use ISO 8601 ('2026-11-24' or "
        "'2026-11-24T14:05:00Z') or MM/DD/YYYY HH:MM ('11/24/2026 14:05')"
    )


def _parse_priority(spec: ColumnSpec, value: object) -> str:
    text = _required_text(spec, value).lower()
    if text not in PRIORITIES:
        raise _BadValue(f"'{_short(text)}' is not a priority; use one of: " + ", ".join(PRIORITIES))
    return text


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


def _build(record: _Record) -> tuple[Inquiry | None, list[RowProblem]]:
    problems = list(record.problems)
    if problems and not record.values:
        return None, problems  # nothing readable (a JSON record that is not an object)
    fields: dict[str, Any] = {}
    for spec in INQUIRY_SCHEMA:
        try:
            fields[spec.name] = _PARSERS[spec.name](spec, record.values.get(spec.name))
        except _BadValue as exc:
            problems.append(RowProblem(record.number, spec.name, str(exc)))
    if problems:
        return None, problems
    fields["extra"] = {k: _text(v) for k, v in record.values.items() if k not in _BY_NAME}
    try:
        return Inquiry.model_validate(fields), []
    except ValidationError as exc:  # the parsers above should make this unreachable
        for error in exc.errors():
            column = str(error["loc"][0]) if error["loc"] else None
            problems.append(RowProblem(record.number, column, f"{error['msg']}; fix and re-export"))
        return None, problems


def _differences(first: Inquiry, later: Inquiry) -> list[str]:
    names = [s.name for s in INQUIRY_SCHEMA if getattr(first, s.name) != getattr(later, s.name)]
    keys = first.extra.keys() | later.extra.keys()
    names += sorted(k for k in keys if first.extra.get(k) != later.extra.get(k))
    return names


def _validate(path: Path, records: list[_Record]) -> IntakeResult:
    unit = _unit(path)
    inquiries: list[Inquiry] = []
    problems: list[RowProblem] = []
    seen: dict[str, tuple[int, Inquiry]] = {}
    duplicates = 0
    for record in records:
        inquiry, row_problems = _build(record)
        if inquiry is None:
            problems.extend(row_problems)
            continue
        earlier = seen.get(inquiry.inquiry_id)
        if earlier is not None:
            first_number, first = earlier
            if first == inquiry:
                duplicates += 1
                continue
            problems.append(
                RowProblem(
                    record.number,
                    "inquiry_id",
                    f"inquiry id '{inquiry.inquiry_id}' is already used by {unit} "
                    f"{first_number} with different content (differs in: "
                    + ", ".join(_differences(first, inquiry))
                    + f"); {unit} {first_number} was kept — keep one version in the source "
                    "system and re-export",
                )
            )
            continue
        seen[inquiry.inquiry_id] = (record.number, inquiry)
        inquiries.append(inquiry)
    return IntakeResult(
        path=path,
        inquiries=tuple(inquiries),
        problems=tuple(problems),
        duplicates_dropped=duplicates,
    )
