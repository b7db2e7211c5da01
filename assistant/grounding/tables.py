"""Label tables as statements: each row with its table's caption and column headers.

Dose levels, dose modifications by grade and adverse reaction rates live in label tables. A row
alone ("First dose reduction | 4.4 mg/kg") does not say what its numbers are, so a row is only
ever stated with its caption and header row, and such a statement is supported exactly when the
cited text holds that table with that header and that row: nothing in it is paraphrased.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "StatedRow",
    "is_table_statement_of",
    "looks_like_table_statement",
    "stated_rows",
    "table_extents",
    "table_statements",
]

_TABLE_CAPTION = re.compile(r"^Table \d+[A-Za-z]?[.:]?\s+\S.{0,200}$")
_MAX_WHOLE_ROWS = 6
_STATEMENT_SHAPE = re.compile(r"^Table \d+[A-Za-z]?[.:]?\s.*\): .*\|")
# A cell holding a figure ("18.9 (15.2, 21.4)", "<0.0001", "NR (38.8, NE)", "—"): a row with
# one is data, a row without one right under the header is a second header row.
_FIGURE_CELL = re.compile(r"^(?:[<>≤≥~±\u2013\u2014-]?\s*\d|NR\b|NE\b|N/?A\b|[\u2013\u2014-]$)")
_MAX_GROUP_WORDS = 6
_MAX_HEADER_CELL_WORDS = 6
_DIFFERENCE = re.compile(r"(?:treatment )?difference\b", re.I)
_MAX_NOTES = 2  # footnote lines a table may have before its first row
_LINE = re.compile(r"[ \t]*(.*?)[ \t]*(?:\r?\n|$)")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("|")]


def _is_group_heading(line: str) -> bool:
    """A heading between a table's rows ("Overall Survival (OS)", "Overall Survival |"): few
    words, no sentence end, at most one filled cell."""
    filled = [c for c in _cells(line) if c]
    return (
        len(filled) == 1
        and len(filled[0].split()) <= _MAX_GROUP_WORDS
        and not filled[0].endswith(".")
    )


@dataclass(frozen=True)
class StatedRow:
    """A table row stated with its caption and header, and where that runs in the text: from
    the caption's first character to the row's last (a whole table: to its last row's)."""

    statement: str
    start: int
    end: int
    caption: str
    row: str
    whole: bool = False  # the whole short table, not one row
    header: str = ""
    group: str = ""  # the group heading the row sits under, if any


def _continues_spanned_row(cells: list[str], previous_row: str, width: int) -> bool:
    """Whether a row one cell short of the header continues the row above under its first
    cell: its first cell is of the kind of the row above's second ("Grade 4" under "Grade 2 or
    3"), not a label of its own ("Hazard Ratio (95% CI)" under a median's row)."""
    previous = _cells(previous_row) if previous_row else []
    if len(cells) != width - 1 or len(previous) != width or not cells[0] or not previous[1]:
        return False
    return cells[0].split()[0].lower() == previous[1].split()[0].lower()


def stated_rows(text: str) -> list[StatedRow]:
    """Each row of a table whose caption and header row are in the text, stated with them:
    "Table 1: Dosage Reduction Schedule (Dose Reduction Schedule | Breast Cancer and NSCLC |
    Gastric Cancer): First dose reduction | 4.4 mg/kg | 5.4 mg/kg." A row of a table whose
    caption or header is not in the text (a chunk that starts mid-table) is not stated.

    A row under a group heading inside the table ("Overall Survival (OS)") is stated with it
    ("Overall Survival (OS) — Hazard Ratio (95% CI) | 0.80 (0.64, 1.00)"): the same row label
    means another endpoint under another heading. A header-like line right under the header
    (arm names under population headings) is stated with it: "header / second header"."""
    found: list[StatedRow] = []
    caption: str | None = None
    caption_start = 0
    header: str | None = None
    group: str | None = None
    rows: list[str] = []
    last_end = 0
    notes_before_rows = 0

    def table_ended() -> None:
        # A short table that ends in the text is also stated whole ("the ramp-up schedule");
        # one the text cuts off is not, it would read as the whole schedule.
        if caption and header is not None and 2 <= len(rows) <= _MAX_WHOLE_ROWS and not group:
            whole = f"{caption} ({header}): {'; '.join(rows)}."
            found.append(
                StatedRow(whole, caption_start, last_end, caption, "; ".join(rows), whole=True)
            )

    for match in _LINE.finditer(text):
        line, line_start, line_end = match.group(1), match.start(1), match.end(1)
        if _TABLE_CAPTION.match(line):
            table_ended()
            caption, caption_start = line.rstrip(" ."), line_start
            header, group, rows, notes_before_rows = None, None, [], 0
        elif caption and "|" in line and header is None:
            header = " | ".join(_cells(line)).strip(" |")
        elif caption and header is not None and line and _is_group_heading(line):
            group = next(c for c in _cells(line) if c)
        elif caption and "|" in line:
            cells = _cells(line)
            if sum(1 for c in cells if c) < 2:
                continue
            width = len(_cells(header.split(" / ")[0]))
            if _continues_spanned_row(cells, rows[-1] if rows else "", width):
                # A cell spanning rows ("Colitis" over "Grade 2 or 3" and "Grade 4"): the row
                # below is read with it, or "Grade 4 | Permanently discontinue" says of what.
                cells = [_cells(rows[-1])[0], *cells]
            row = " | ".join(cells).strip(" |").rstrip(".")
            if (
                not rows
                and not group
                and " / " not in header
                and not any(_FIGURE_CELL.match(c) for c in cells[1:] if c)
                and all(len(c.split()) <= _MAX_HEADER_CELL_WORDS for c in cells)
                and (not cells[0] or len(cells) != width)
            ):
                # A second header row (arms under populations, counts under arms): both
                # rows name the columns, so both are kept. It leaves the row-label column
                # empty or splits the header's columns; a row of words that fills the header's
                # columns ("Pneumonitis | Grade 2 | Withhold") is data.
                header = f"{header} / {row}"
                continue
            # "Difference from PBO (95% CI) | | 40% ..." is the difference in the row above's
            # endpoint: stated with that endpoint, as the group heading is.
            of = rows[-1].split(" | ")[0] if rows and _DIFFERENCE.match(row) else None
            rows.append(row)
            last_end = line_end
            stated = " — ".join(part for part in (group, of, row) if part)
            found.append(
                StatedRow(
                    f"{caption} ({header}): {stated}.",
                    caption_start,
                    line_end,
                    caption,
                    stated,
                    header=header,
                    group=group or "",
                )
            )
        elif caption and not rows and line and notes_before_rows < _MAX_NOTES:
            notes_before_rows += 1  # a footnote printed between caption, header and rows
        elif line and caption:
            table_ended()
            caption, header, group, rows = None, None, None, []
    return found


def table_extents(text: str) -> list[tuple[int, int]]:
    """Where each table with a caption and a header row runs in ``text``: from its caption's
    first character to its last stated row's last."""
    ends: dict[int, int] = {}
    for row in stated_rows(text):
        ends[row.start] = max(ends.get(row.start, row.end), row.end)
    return sorted(ends.items())


def table_statements(text: str) -> list[str]:
    """The statements of ``stated_rows``: each row with its table's caption and header."""
    return [row.statement for row in stated_rows(text)]


def is_table_statement_of(statement: str, cited_text: str) -> bool:
    """Whether ``statement`` is one of the cited text's table rows stated with its headers."""
    return statement.startswith("Table ") and statement in table_statements(cited_text)


def looks_like_table_statement(sentence: str) -> bool:
    """Whether ``sentence`` has the shape of a stated table row ("Table 1: ... (...): a | b.")."""
    return _STATEMENT_SHAPE.match(sentence.strip()) is not None
