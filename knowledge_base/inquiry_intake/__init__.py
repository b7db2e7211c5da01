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

The package: ``schema`` (columns and aliases), ``cells`` (values as text), ``headers`` (header
rows), ``readers`` (files into raw rows), ``rows`` (raw rows into inquiries); this module ties
them together and drops or reports duplicate ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from knowledge_base.errors import CrmFileError
from knowledge_base.inquiry_intake.readers import READERS, SUPPORTED_SUFFIXES
from knowledge_base.inquiry_intake.rows import (
    RawRow,
    RowProblem,
    build_inquiry,
    priority_warning,
)
from knowledge_base.inquiry_intake.schema import (
    INQUIRY_SCHEMA,
    PRIORITIES,
    ColumnSpec,
    schema_markdown,
)
from knowledge_base.models import Inquiry

__all__ = [
    "INQUIRY_SCHEMA",
    "PRIORITIES",
    "SUPPORTED_SUFFIXES",
    "ColumnSpec",
    "IntakeResult",
    "RawRow",
    "RowProblem",
    "read_inquiries",
    "schema_markdown",
]


def _unit(path: Path) -> str:
    return "record" if path.suffix.lower() == ".json" else "row"


@dataclass(frozen=True)
class IntakeResult:
    """What ``read_inquiries`` found: the good inquiries, the skipped rows and duplicates, the
    kept rows with a warning, and every row as read (for safety screening, which must see the
    skipped rows too)."""

    path: Path
    inquiries: tuple[Inquiry, ...]
    problems: tuple[RowProblem, ...]
    duplicates_dropped: int
    warnings: tuple[RowProblem, ...] = ()
    rows: tuple[RawRow, ...] = ()

    @property
    def row_label(self) -> str:
        """How this file's rows are called in messages: "record" for JSON, else "row"."""
        return _unit(self.path)

    def describe_problems(self) -> list[str]:
        """One line per problem: ``<file>, row 5, column 'priority': <message>``."""
        return self._describe(self.problems)

    def describe_warnings(self) -> list[str]:
        """One line per kept row with a warning, in the same form as the problems."""
        return self._describe(self.warnings)

    def _describe(self, problems: tuple[RowProblem, ...]) -> list[str]:
        lines = []
        for problem in problems:
            where = f"{self.path}, {self.row_label} {problem.row}"
            if problem.column is not None:
                where += f", column '{problem.column}'"
            lines.append(f"{where}: {problem.message}")
        return lines


def read_inquiries(path: Path | str) -> IntakeResult:
    """Read an inquiry export (.csv, .json or .xlsx), keeping good rows and reporting bad ones.

    Raises ``CrmFileError`` only for problems with the whole file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
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


def _differences(first: Inquiry, later: Inquiry) -> list[str]:
    names = [s.name for s in INQUIRY_SCHEMA if getattr(first, s.name) != getattr(later, s.name)]
    keys = first.extra.keys() | later.extra.keys()
    names += sorted(k for k in keys if first.extra.get(k) != later.extra.get(k))
    return names


def _validate(path: Path, records: list[RawRow]) -> IntakeResult:
    unit = _unit(path)
    inquiries: list[Inquiry] = []
    problems: list[RowProblem] = []
    warnings: list[RowProblem] = []
    seen: dict[str, tuple[int, Inquiry]] = {}
    duplicates = 0
    for record in records:
        inquiry, row_problems = build_inquiry(record)
        if inquiry is None:
            problems.extend(row_problems)
            continue
        warning = priority_warning(record)
        if warning is not None:
            warnings.append(warning)
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
        warnings=tuple(warnings),
        rows=tuple(records),
    )
