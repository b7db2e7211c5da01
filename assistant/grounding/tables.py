"""Label tables as statements: each row with its table's caption and column headers.

Dose levels, dose modifications by grade and adverse reaction rates live in label tables. A row
alone ("First dose reduction | 4.4 mg/kg") does not say what its numbers are, so a row is only
ever stated with its caption and header row, and such a statement is supported exactly when the
cited text holds that table with that header and that row: nothing in it is paraphrased.

Many label tables have no "Table N" caption: STELARA's weight bands sit under "Psoriasis Adult
Subcutaneous Recommended Dosage ( 2.1 ) :", HUMIRA's JIA doses under "... is based on weight as
shown below.". Such a table is stated with the words that introduce it as its caption (a title
line, the sentence ending in a colon, or the sentence pointing at it), never without them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "StatedRow",
    "is_table_statement_of",
    "looks_like_table_statement",
    "rows_within",
    "shown_ended",
    "stated_rows",
    "table_extents",
    "table_statements",
    "whole_table_statements",
]

_TABLE_CAPTION = re.compile(r"^Table \d+[A-Za-z]?[.:]?\s+\S.{0,200}$")
_MAX_WHOLE_ROWS = 6
# "Table 1: <caption> (<header>): <row cells>.", or, for a table without a "Table N" caption,
# "<introduction> (<header cells>): <row cells>." with a header of two cells or more.
_STATEMENT_SHAPE = re.compile(r"^Table \d+[A-Za-z]?[.:]?\s.*\): .*\||^\S.*? \([^|]*\|.*\): .*\|")
# A cell holding a figure ("18.9 (15.2, 21.4)", "<0.0001", "NR (38.8, NE)", "—"): a row with
# one is data, a row without one right under the header is a second header row.
_FIGURE_CELL = re.compile(r"^(?:[<>≤≥~±\u2013\u2014-]?\s*\d|NR\b|NE\b|N/?A\b|[\u2013\u2014-]$)")
_MAX_GROUP_WORDS = 6
_BAND_UNIT = re.compile(r"(?<=\d)\s*(kg|years?|months?|mg|ml/min|%)(?![a-z])")
_MAX_HEADER_CELL_WORDS = 6
_DIFFERENCE = re.compile(r"(?:treatment )?difference\b", re.I)
_MAX_NOTES = 2  # footnote lines a table may have before its first row
_LINE = re.compile(r"[ \t]*(.*?)[ \t]*(?:\r?\n|$)")
# What may introduce a table that has no "Table N" caption.
_MIN_TITLE_WORDS, _MAX_TITLE_WORDS = 3, 15  # "Pediatric Dosing as Necessary for Fever and Pain"
_MAX_INTRODUCTION_WORDS = 40  # "Doses of the components delivered ... are as follows:"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_POINTS_AT_TABLE = re.compile(r"\b(?:below|as follows|following table|this table)\b", re.I)
# "Psoriasis Pediatric Patients ... Recommended Dosage ( 2.1 ) : Weight-based dosing is ...":
# a title run into the paragraph, ended by its section number and a colon.
_TITLE_BEFORE_TEXT = re.compile(r"^(.*?\(\s*\d+(?:\.\d+)*\s*\))\s*:\s")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("|")]


def _introduction(line: str) -> tuple[str, int] | None:
    """The caption a table without one takes from the line just above its header, with where
    it starts in the line: a title ("Pediatric Dosing as Necessary for Fever and Pain"), a
    title run into the paragraph ("... Recommended Dosage ( 2.1 ) : Weight-based dosing ..."),
    the sentence that ends in a colon ("... are as follows:") or the one that points at the
    table ("... is based on weight as shown below."); None for any other text, which says
    nothing of what the table's cells are."""
    if not line or "|" in line:
        return None
    if not line.endswith((".", ":", ";", "?", "!")):
        # a title says what the table holds; a product name alone does not, and a footnote
        # ("4Not statistically controlled ...", "c p < 0.001 ...") is no title
        words = line.split()
        titled = re.match(r"[A-Z][a-z]", line) and len(words) >= _MIN_TITLE_WORDS
        return (line, 0) if titled and len(words) <= _MAX_TITLE_WORDS else None
    if (title := _TITLE_BEFORE_TEXT.match(line)) and len(title[1].split()) <= _MAX_TITLE_WORDS:
        return title[1], 0
    sentences = list(_sentences(line))
    if line.endswith(":"):
        sentence, start = sentences[-1]
        caption = sentence.rstrip(" :")
    else:
        pointing = [(s, start) for s, start in sentences if _POINTS_AT_TABLE.search(s)]
        if len(pointing) != 1:
            return None
        sentence, start = pointing[0]
        caption = sentence.rstrip(" .")
    if not caption or len(caption.split()) > _MAX_INTRODUCTION_WORDS:
        return None
    return caption, start


def _sentences(line: str) -> list[tuple[str, int]]:
    breaks = list(_SENTENCE_END.finditer(line))
    starts = [0, *(m.end() for m in breaks)]
    ends = [*(m.start() for m in breaks), len(line)]
    return [(line[a:b], a) for a, b in zip(starts, ends, strict=True)]


def _names_columns(line: str) -> bool:
    """Whether a line reads as a header row: two short named cells or more, none a figure (a
    row of data cut from its table is no header) or a label ("Clinical Impact: | NSAIDs may
    diminish ..." is a row of a table of two columns, and no instruction step is a header)."""
    filled = [c for c in _cells(line) if c]
    return len(filled) >= 2 and not any(
        _FIGURE_CELL.match(c) or c.endswith(":") or len(c.split()) > _MAX_HEADER_CELL_WORDS + 2
        for c in filled
    )


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
    # several rows at once, not one: the whole short table, or the rows a cell spans
    whole: bool = False
    header: str = ""
    group: str = ""  # the group heading the row sits under, if any
    first_row_end: int = -1  # where the first row it states ends (-1: ``end``, one row)
    spanned: bool = False  # the rows one cell spans ("Colitis" over two grades), not a table

    def states(self, row: StatedRow) -> bool:
        """Whether this statement of several rows states ``row`` (of the same text) too."""
        first = self.end if self.first_row_end < 0 else self.first_row_end
        return (
            self.whole
            and not row.whole
            and row.start == self.start
            and first <= row.end <= self.end
        )


def _continues_spanned_row(cells: list[str], previous_row: str, width: int) -> bool:
    """Whether a row one cell short of the header continues the row above under its first
    cell: its first cell is of the kind of the row above's second ("Grade 4" under "Grade 2 or
    3"), not a label of its own ("Hazard Ratio (95% CI)" under a median's row)."""
    previous = _cells(previous_row) if previous_row else []
    if len(cells) != width - 1 or len(previous) != width or not cells[0] or not previous[1]:
        return False
    if cells[0].split()[0].lower() == previous[1].split()[0].lower():
        return True
    # "14 kg or more" under "2 to less than 6 years | Less than 14 kg": a band in the same unit
    units = [set(_BAND_UNIT.findall(c.lower())) for c in (cells[0], previous[1])]
    return bool(units[0] & units[1])


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
    lead: tuple[str, int] | None = None  # the last line of text, which may introduce a table
    # The rows one cell spans, as the label prints them ("Colitis | Grade 2 or 3 | Withhold",
    # "Grade 4 | Permanently discontinue"), and where the last ends.
    spanned: list[str] = []
    spanned_first_end = spanned_end = 0
    first_end = 0  # where the table's first row ends

    def spanned_ended() -> None:
        # "Grade 3 colitis: hold or stop?" is answered by both grades' rows of the cell at once.
        if len(spanned) >= 2 and caption and header is not None:
            stated = " — ".join(part for part in (group, "; ".join(spanned)) if part)
            found.append(
                StatedRow(
                    f"{caption} ({header}): {stated}.",
                    caption_start,
                    spanned_end,
                    caption,
                    stated,
                    whole=True,
                    header=header,
                    group=group or "",
                    first_row_end=spanned_first_end,
                    spanned=True,
                )
            )
        spanned.clear()

    def table_ended() -> None:
        spanned_ended()
        # A short table that ends in the text is also stated whole ("the ramp-up schedule");
        # one the text cuts off is not, it would read as the whole schedule.
        if caption and header is not None and 2 <= len(rows) <= _MAX_WHOLE_ROWS and not group:
            whole = f"{caption} ({header}): {'; '.join(rows)}."
            found.append(
                StatedRow(
                    whole,
                    caption_start,
                    last_end,
                    caption,
                    "; ".join(rows),
                    whole=True,
                    first_row_end=first_end,
                )
            )

    for match in _LINE.finditer(text):
        line, line_start, line_end = match.group(1), match.start(1), match.end(1)
        introduced = (
            _introduction(lead[0])
            if lead and caption is None and "|" in line and _names_columns(line)
            else None
        )
        if line and "|" not in line:
            lead = (line, line_start)
        if introduced is not None and lead is not None:
            spanned_ended()
            caption, caption_start = introduced[0], lead[1] + introduced[1]
            header = " | ".join(_cells(line)).strip(" |")
            group, rows, notes_before_rows = None, [], 0
        elif _TABLE_CAPTION.match(line):
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
                if not spanned:
                    spanned[:], spanned_first_end = [rows[-1]], last_end
                spanned.append(" | ".join(cells).strip(" |").rstrip("."))
                spanned_end = line_end
                cells = [_cells(rows[-1])[0], *cells]
            else:
                spanned_ended()
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
            first_end = line_end if len(rows) == 1 else first_end
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
    # The text may cut the table off (a chunk's end) but not what the rows stated say.
    spanned_ended()
    return found


def table_extents(text: str) -> list[tuple[int, int]]:
    """Where each table with a caption and a header row runs in ``text``: from its caption's
    first character to its last stated row's last."""
    ends: dict[int, int] = {}
    for row in stated_rows(text):
        ends[row.start] = max(ends.get(row.start, row.end), row.end)
    return sorted(ends.items())


def shown_ended(text: str, table_end: int) -> int:
    """Where the first sentence after a table's last row (ending at ``table_end``) ends: text
    that runs to there shows the table ended, not cut off, so ``stated_rows`` also states a
    short one whole."""
    start = table_end
    while start < len(text) and text[start].isspace():
        start += 1
    stop = text.find("\n", start)
    line_end = len(text) if stop < 0 else stop
    sentence_end = _SENTENCE_END.search(text, start, line_end)
    return sentence_end.start() if sentence_end else line_end


def rows_within(text: str, *, whole_tables: bool = True) -> dict[str, str]:
    """Each row statement of ``text`` that a statement of several rows also states (the rows
    one cell spans, or, with ``whole_tables``, the whole short table), mapped to the shortest
    such statement."""
    found = stated_rows(text)
    multi = sorted(
        (r for r in found if r.whole and (r.spanned or whole_tables)),
        key=lambda r: len(r.statement),
    )
    within = {}
    for row in found:
        if not row.whole and (outer := next((m for m in multi if m.states(row)), None)):
            within[row.statement] = outer.statement
    return within


def whole_table_statements(text: str) -> set[str]:
    """The statements of whole short tables in ``text`` (not of the rows one cell spans)."""
    return {r.statement for r in stated_rows(text) if r.whole and not r.spanned}


def table_statements(text: str) -> list[str]:
    """The statements of ``stated_rows``: each row with its table's caption and header."""
    return [row.statement for row in stated_rows(text)]


def is_table_statement_of(statement: str, cited_text: str) -> bool:
    """Whether ``statement`` is one of the cited text's table rows stated with its headers."""
    return looks_like_table_statement(statement) and statement in table_statements(cited_text)


def looks_like_table_statement(sentence: str) -> bool:
    """Whether ``sentence`` has the shape of a stated table row ("Table 1: ... (...): a | b.",
    or a captionless table's introduction in place of "Table 1: ...")."""
    return _STATEMENT_SHAPE.match(sentence.strip()) is not None
