"""Readers: a CSV, JSON or Excel export read into ``RawRow``s, one reader per file type.

It exists to keep file formats apart from row validation: each reader knows how its format
numbers rows (spreadsheet rows with the header as row 1, JSON records from 1), where the header
is and how it can be broken, and raises ``CrmFileError`` only for the file as a whole (unreadable,
not UTF-8, malformed, corrupt workbook, empty, bad header). Per-row trouble it finds while
reading (a value under no header, a JSON record that is not an object, a field given twice) is
left on the row as a ``RowProblem`` for validation to report.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

from knowledge_base.errors import CrmFileError
from knowledge_base.inquiry_intake.cells import cell_text, json_type, shorten
from knowledge_base.inquiry_intake.headers import check_required, map_header
from knowledge_base.inquiry_intake.rows import RawRow, RowProblem
from knowledge_base.inquiry_intake.schema import ALIASES, header_key

__all__ = ["READERS", "SUPPORTED_SUFFIXES", "read_csv", "read_json", "read_xlsx"]

SUPPORTED_SUFFIXES = (".csv", ".json", ".xlsx")


def _table_rows(
    path: Path,
    rows: Iterable[tuple[int, list[object]]],
    *,
    convert: Callable[[str, object], object] | None = None,
    column_label: Callable[[int], str] = lambda i: str(i + 1),
) -> list[RawRow]:
    """Header + data rows (CSV, Excel) -> raw rows. Blank rows are skipped without a problem."""
    columns: list[str | None] | None = None
    records: list[RawRow] = []
    for number, cells in rows:
        texts = [cell_text(c) for c in cells]
        if not any(texts):
            continue
        if columns is None:
            columns = map_header(path, cells)
            continue
        record = RawRow(number)
        for index, value in enumerate(cells):
            column = columns[index] if index < len(columns) else None
            if column is None:
                if texts[index]:
                    record.problems.append(
                        RowProblem(
                            number,
                            None,
                            f"value '{shorten(texts[index])}' in column {column_label(index)} "
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


def read_csv(path: Path) -> list[RawRow]:
    """A CSV export (comma, semicolon or tab separated) as raw rows."""
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

    return _table_rows(path, rows())


def read_json(path: Path) -> list[RawRow]:
    """A JSON export (an array of objects, or ``{"inquiries": [...]}``) as raw rows."""
    text = _read_text(path)
    try:
        data = json.loads(text, parse_constant=lambda _name: None)
    except json.JSONDecodeError as exc:
        raise CrmFileError(
            path,
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); re-export it",
        ) from exc
    except RecursionError as exc:  # "[[[[..." thousands deep: no export looks like that
        raise CrmFileError(
            path, "JSON nested too deeply to be an inquiry export; re-export it"
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

    records: list[RawRow] = []
    present: set[str] = set()
    for number, item in enumerate(items, start=1):
        record = RawRow(number)
        records.append(record)
        if not isinstance(item, dict):
            record.problems.append(
                RowProblem(
                    number,
                    None,
                    f"expected an object with the inquiry's fields, got {json_type(item)}; "
                    "fix or remove this record",
                )
            )
            continue
        written: dict[str, str] = {}
        for key, value in item.items():
            name = str(key).strip()
            if not name:
                continue
            column = ALIASES.get(header_key(name), name)
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
        check_required(path, present)
    return records


def read_xlsx(path: Path) -> list[RawRow]:
    """The "Inquiries" sheet (else the first) of an Excel workbook as raw rows."""
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
                return _table_rows(
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


READERS: dict[str, Callable[[Path], list[RawRow]]] = {
    ".csv": read_csv,
    ".json": read_json,
    ".xlsx": read_xlsx,
}
