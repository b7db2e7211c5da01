"""Label tables as statements: each row with its table's caption and column headers.

Dose levels, dose modifications by grade and adverse reaction rates live in label tables. A row
alone ("First dose reduction | 4.4 mg/kg") does not say what its numbers are, so a row is only
ever stated with its caption and header row, and such a statement is supported exactly when the
cited text holds that table with that header and that row: nothing in it is paraphrased.
"""

from __future__ import annotations

import re

__all__ = ["is_table_statement_of", "looks_like_table_statement", "table_statements"]

_TABLE_CAPTION = re.compile(r"^Table \d+[A-Za-z]?[.:]?\s+\S.{0,200}$")
_MAX_WHOLE_ROWS = 6
_STATEMENT_SHAPE = re.compile(r"^Table \d+[A-Za-z]?[.:]?\s.*\): .*\|")


def table_statements(text: str) -> list[str]:
    """Each row of a table whose caption and header row are in the text, stated with them:
    "Table 1: Dosage Reduction Schedule (Dose Reduction Schedule | Breast Cancer | Gastric
    Cancer): First dose reduction | 4.4 mg/kg | 5.4 mg/kg." A row of a table whose caption or
    header is not in the text (a chunk that starts mid-table) is not stated."""
    statements: list[str] = []
    caption: str | None = None
    header: str | None = None
    rows: list[str] = []

    def table_ended() -> None:
        # A short table that ends in the text is also stated whole ("the ramp-up schedule");
        # one the text cuts off is not, it would read as the whole schedule.
        if caption and header is not None and 2 <= len(rows) <= _MAX_WHOLE_ROWS:
            statements.append(f"{caption} ({header}): {'; '.join(rows)}.")

    for line in (line.strip() for line in text.splitlines()):
        if _TABLE_CAPTION.match(line):
            table_ended()
            caption, header, rows = line.rstrip(" ."), None, []
        elif caption and "|" in line:
            cells = [c.strip() for c in line.split("|")]
            if header is None:
                header = " | ".join(cells).strip(" |")
            elif sum(1 for c in cells if c) >= 2:
                rows.append(" | ".join(cells).strip(" |").rstrip("."))
                statements.append(f"{caption} ({header}): {rows[-1]}.")
        elif line and caption:
            table_ended()
            caption, header, rows = None, None, []
    return statements


def is_table_statement_of(statement: str, cited_text: str) -> bool:
    """Whether ``statement`` is one of the cited text's table rows stated with its headers."""
    return statement.startswith("Table ") and statement in table_statements(cited_text)


def looks_like_table_statement(sentence: str) -> bool:
    """Whether ``sentence`` has the shape of a stated table row ("Table 1: ... (...): a | b.")."""
    return _STATEMENT_SHAPE.match(sentence.strip()) is not None
