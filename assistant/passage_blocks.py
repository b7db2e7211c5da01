"""A cited passage as a reader should see it: prose lines, and the label's tables as tables.

Labels' tables reach the index as lines of cells joined by " | " (``knowledge_base.loaders``),
and a long table is cut across chunks, so a passage may start in the middle of one with no
header row. Shown line by line they read as "| All Grades (%) | Grade 3 or 4 (%) |" noise; here
consecutive cell lines become one table, its first line the header when no cell of it is a
number (a continuation keeps numbered columns instead). Pure logic: the app draws the blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.grounding.tables import looks_like_table_statement

__all__ = [
    "ProseBlock",
    "TableBlock",
    "markdown_table",
    "passage_blocks",
    "row_readout",
    "stated_table",
]

_CELL_SEPARATOR = " | "
_NUMBER = re.compile(r"^[\s(<>≤≥~±-]*\d[\d.,\s%()/≤≥<>-]*$")


@dataclass(frozen=True)
class ProseBlock:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class TableBlock:
    header: tuple[str, ...] | None  # None: the passage starts inside a table
    rows: tuple[tuple[str, ...], ...]

    @property
    def width(self) -> int:
        return max([len(self.header or ()), *(len(r) for r in self.rows)])

    def columns(self) -> list[str]:
        """Column names, unique and never blank (a header cell may be empty)."""
        names = list(self.header or ())
        names += [""] * (self.width - len(names))
        seen: set[str] = set()
        unique = []
        for i, name in enumerate(names):
            name = name.strip() or f"column {i + 1}"
            while name in seen:
                name += " "
            seen.add(name)
            unique.append(name)
        return unique

    def padded_rows(self) -> list[list[str]]:
        return [[*row, *[""] * (self.width - len(row))] for row in self.rows]


def _cells(line: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in line.strip().strip("|").split("|"))


def passage_blocks(text: str) -> list[ProseBlock | TableBlock]:
    """The passage's lines grouped into prose and tables, in order; blank lines dropped."""
    blocks: list[ProseBlock | TableBlock] = []
    prose: list[str] = []
    table: list[tuple[str, ...]] = []

    def flush_prose() -> None:
        if prose:
            blocks.append(ProseBlock(tuple(prose)))
            prose.clear()

    def flush_table() -> None:
        if not table:
            return
        first, *rest = table
        header_like = rest and not any(_NUMBER.match(cell) for cell in first if cell)
        if header_like:
            blocks.append(TableBlock(first, tuple(rest)))
        else:
            blocks.append(TableBlock(None, tuple(table)))
        table.clear()

    for line in text.splitlines():
        if not line.strip():
            continue
        if _CELL_SEPARATOR in line or line.strip().startswith("| "):
            flush_prose()
            table.append(_cells(line))
        elif table and len(line.split()) <= 6 and not line.rstrip().endswith("."):
            # a group heading inside a table ("Gastrointestinal System Disorders")
            table.append((line.strip(),))
        else:
            flush_table()
            prose.append(line.strip())
    flush_table()
    flush_prose()
    return blocks


def stated_table(sentence: str) -> tuple[str, TableBlock] | None:
    """A table row stated with its caption and header ("Table 1 Dose Reductions (Level | Dose):
    First | 4.4 mg/kg.", see ``assistant.grounding.tables``) as its caption and a one-table
    block, for drawing; None for any other sentence."""
    parts = _split_statement(sentence)
    if parts is None:
        return None
    caption, header, rows = parts
    table = TableBlock(
        _cells(header) if "|" in header else None,
        tuple(_cells(row) for row in rows.split("; ") if row.strip()),
    )
    return caption, table


def markdown_table(block: TableBlock) -> str:
    """The block as a Markdown (GFM) table, on lines of its own."""
    lines = [
        "| " + " | ".join(block.columns()) + " |",
        "|" + "---|" * block.width,
        *("| " + " | ".join(cell or " " for cell in row) + " |" for row in block.padded_rows()),
    ]
    return "\n\n" + "\n".join(lines) + "\n\n"


# A column name that says which arm ("RINVOQ 15 mg", "Placebo"), not only how many ("N=348").
_NAMES_AN_ARM = re.compile(r"[A-Za-z]{2,}(?<![nN]=)")
# Footnote marks in a cell: "vIGA-AD 0/1^a^,b", "EASI-75^a".
_FOOTNOTE_MARK = re.compile(r"\^[a-z](?:\^?,[a-z])*\^?|\^[^\s^]*\^")
# The header cell over the row labels ("Efficacy Parameter", "Endpoint"), not an arm.
_LABEL_COLUMN = re.compile(r"^(?:efficacy )?(?:parameter|endpoints?|outcome|analysis)s?\b", re.I)
# A footnote the label printed into a cell: "Hazard Ratio (95% CI)Stratified by ...".
_RUN_ON_FOOTNOTE = re.compile(r"(?<=[a-z)\]])(?=[A-Z][a-z])")


def _split_statement(sentence: str) -> tuple[str, str, str] | None:
    """(caption, header, row) of a stated table row, or None."""
    text = sentence.strip()
    if not looks_like_table_statement(text):
        return None
    head, row = text.rsplit("): ", 1)
    # the header is the bracket that closes at the end of ``head`` (it may hold brackets itself)
    depth, start = 1, None
    for i in range(len(head) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(head[i], 0)
        if depth == 0:
            start = i
            break
    if start is None:
        return None
    return head[:start].strip(), head[start + 1 :], row.rstrip(".")


def _arms(header: str) -> list[str]:
    """The arm names of one header row (not the row-label column, not bare counts)."""
    names = [
        _RUN_ON_FOOTNOTE.split(_FOOTNOTE_MARK.sub("", c).strip())[0] for c in header.split("|")
    ]
    return [n for n in names if _NAMES_AN_ARM.search(n) and not _LABEL_COLUMN.match(n)]


def row_readout(sentence: str) -> tuple[str, str] | None:
    """A stated table row as a reader says it: (caption, "Median PFS in months (95% CI) —
    TAGRISSO (N=279): 18.9 (15.2, 21.4); EGFR TKI (N=277): 10.2 (9.6, 11.1)"), each value
    paired with the header cell above it. A row of one value ("Hazard Ratio (95% CI) | 0.46
    (0.37, 0.57)") reads "label: value". None when the cells cannot be paired with the header
    (a row of several values under a header of another width): which arm a value belongs to
    would be a guess."""
    parts = _split_statement(sentence)
    if parts is None or "; " in parts[2]:
        return None  # not a row, or a whole table
    caption, header, row = parts
    cells = [_FOOTNOTE_MARK.sub("", c).strip() for c in row.split("|")]
    label = " — ".join(_RUN_ON_FOOTNOTE.split(piece)[0] for piece in cells[0].split(" — "))
    values = cells[1:]
    filled = [v for v in values if v]
    if len(filled) == 1:
        # A hazard ratio or a difference compares the table's two arms: name them.
        pairs = [_arms(option) for option in reversed(header.split(" / "))]
        arms = next((a for a in pairs if len(a) == 2), [])
        versus = f" ({' vs '.join(arms)})" if arms else ""
        return caption, f"{label}{versus}: {filled[0]}"
    for option in reversed(header.split(" / ")):
        names = [_FOOTNOTE_MARK.sub("", c).strip() for c in option.split("|")]
        # The header names the label column too, or only the value columns (its blank first
        # cell was trimmed): either way one name per value.
        names = names[1:] if len(names) == len(cells) else names
        if len(names) == len(values) and all(_NAMES_AN_ARM.search(n) for n in names):
            pairs = [
                f"{_RUN_ON_FOOTNOTE.split(name)[0]}: {value}"
                for name, value in zip(names, values, strict=True)
                if value
            ]
            return caption, f"{label} — {'; '.join(pairs)}"
    return None
