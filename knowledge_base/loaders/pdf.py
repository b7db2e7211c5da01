"""PDF loader (pypdf): the text layer, page by page, split into sections by heading shape.

PDFs carry no structure we can rely on, so headings are found the way a reader finds them:
numbered lines ("5.1 Hepatotoxicity"), short ALL-CAPS lines, and lines set entirely in bold
(their level from the font size). Table rows are recognised by comparing the plain extraction
(reading order) with the layout extraction (column gaps), so that a two-column page is not
mistaken for a table.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

from pypdf import PageObject, PdfReader
from pypdf.errors import PdfReadWarning

from knowledge_base.errors import DocumentLoadError
from knowledge_base.loaders.sections import assemble, normalize_space
from knowledge_base.loaders.text import first_line_title, line_items
from knowledge_base.models import ParsedDocument

__all__ = ["load_pdf"]

_COLUMN_GAP = re.compile(r"\S(?: {3,})\S")
_CELL = re.compile(r"\S+(?: {1,2}\S+)*")  # text runs split at gaps of 3+ spaces
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d+(?:\s*(?:of|/)\s*\d+)?$", re.IGNORECASE)


Cell = tuple[int, int, str]  # start column, end column, text of one run in a layout line


def _columns(cells: list[Cell]) -> list[tuple[int, int]]:
    """Column extents: the cells' column spans, merged where they overlap across lines."""
    columns: list[list[int]] = []
    for start, end, _ in sorted(cells):
        if columns and start < columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], end)
        else:
            columns.append([start, end])
    return [(start, end) for start, end in columns]


def _group_rows(group: list[list[Cell]]) -> list[list[str]]:
    """Cells of each table row in a group of layout lines. A row starts at a line with text
    in the first column, so a header cell wrapped onto several lines stays one cell."""
    columns = _columns([cell for line in group for cell in line])
    rows: list[list[list[str]]] = []
    for line in group:
        if not rows or (line[0][0] < columns[0][1] and any(r for r in rows[-1][0])):
            rows.append([[] for _ in columns])
        for start, _, text in line:
            index = next(i for i, (lo, hi) in enumerate(columns) if lo <= start < hi)
            rows[-1][index].append(text)
    return [[" ".join(parts) for parts in row] for row in rows]


def _table_rows(layout_text: str) -> dict[str, str]:
    """Plain-extraction line -> "a | b | c", for the table rows found in the layout
    extraction: runs of lines (no blank line between) where at least one has column gaps."""
    rows: dict[str, str] = {}
    groups: list[list[list[Cell]]] = [[]]
    gapped: list[bool] = [False]
    for line in [*layout_text.split("\n"), ""]:
        cells = [(m.start(), m.end(), m.group()) for m in _CELL.finditer(line)]
        is_gapped = bool(_COLUMN_GAP.search(line.strip()))
        if cells and (is_gapped or line.startswith("   ")):
            groups[-1].append(cells)
            gapped[-1] = gapped[-1] or is_gapped
        elif groups[-1]:
            groups.append([])
            gapped.append(False)
    for group, has_columns in zip(groups, gapped, strict=True):
        if not has_columns:
            continue
        for row in _group_rows(group):
            if sum(1 for cell in row if cell) >= 2:
                rows[normalize_space(" ".join(cell for cell in row if cell))] = " | ".join(row)
    return rows


def _is_bold(font: object) -> bool:
    name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
    return any(weight in name for weight in ("Bold", "Black", "Heavy", "Semibold"))


def _extract(page: PageObject) -> tuple[str, dict[str, float]]:
    """A page's plain text, and its lines set entirely in bold, with their font size."""
    runs: list[tuple[str, bool, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        scale = abs(tm[3] or 1) * abs(cm[3] or 1) if tm and cm else 1.0
        runs.append((text, _is_bold(font), float(size or 0) * scale))

    plain = page.extract_text(visitor_text=visit) or ""
    bold: dict[str, float] = {}
    parts: list[str] = []
    all_bold, size = True, 0.0
    for text, is_bold, run_size in [*runs, ("\n", True, 0.0)]:
        for index, piece in enumerate(text.split("\n")):
            if index:
                key = normalize_space("".join(parts))
                if key and all_bold:
                    bold[key] = size
                parts, all_bold, size = [], True, 0.0
            parts.append(piece)
            if piece.strip():
                all_bold = all_bold and is_bold
                size = max(size, run_size)
    return plain, bold


def _with_table_rows(plain: list[str], rows: dict[str, str]) -> list[str]:
    """Plain lines with table rows as "a | b"; a row may span several plain lines (a header
    whose cells wrap comes out one cell per line). Page numbers are dropped."""
    lines: list[str] = []
    index = 0
    while index < len(plain):
        for end in range(min(index + 12, len(plain)), index, -1):
            row = rows.get(normalize_space(" ".join(plain[index:end])))
            if row is not None:
                lines.append(row)
                index = end
                break
        else:
            if not _PAGE_NUMBER.match(normalize_space(plain[index])):
                lines.append(plain[index])
            index += 1
    return lines


def _page_lines(reader: PdfReader) -> tuple[list[str], dict[str, int]]:
    """All pages' lines (table rows as "a | b"), and bold lines with a level by font size."""
    lines: list[str] = []
    bold: dict[str, float] = {}
    for page in reader.pages:
        plain, page_bold = _extract(page)
        bold.update(page_bold)
        try:
            rows = _table_rows(page.extract_text(extraction_mode="layout") or "")
        except Exception:  # layout mode is a refinement only; plain text still stands
            rows = {}
        lines.extend(_with_table_rows(plain.split("\n"), rows))
        lines.append("")  # a page break ends a paragraph
    sizes = sorted({round(size, 1) for size in bold.values()}, reverse=True)
    levels = {line: sizes.index(round(size, 1)) + 1 for line, size in bold.items()}
    return lines, levels


def load_pdf(path: Path, data: bytes) -> ParsedDocument:
    """Load a PDF with a text layer. A PDF that needs a password to open, or a corrupt one,
    fails with the reason; one with only an owner password (no user password) opens."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PdfReadWarning)
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentLoadError(
                    path, "is password-protected; save an unprotected copy and load that"
                )
            metadata_title = (reader.metadata.title if reader.metadata else None) or ""
            lines, styled = _page_lines(reader)
    except DocumentLoadError:
        raise
    except Exception as exc:
        raise DocumentLoadError(
            path, f"could not be read as a PDF ({type(exc).__name__}: {exc})"
        ) from exc
    title = normalize_space(str(metadata_title)) or first_line_title("\n".join(lines))
    text, sections = assemble(line_items(lines, wrapped=True, styled=styled), title)
    return ParsedDocument(text=text, sections=sections, title=title, source_format="pdf")
