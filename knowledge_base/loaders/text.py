"""Plain-text loader, and the line-based parsing it shares with the PDF loader.

Text has no markup, so headings are recognised by shape (see ``plain_heading_level``):
label-style numbered lines and short ALL-CAPS lines. Without such lines the whole file is
one section.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from knowledge_base.errors import DocumentLoadError
from knowledge_base.loaders.sections import (
    Block,
    Heading,
    assemble,
    classify_title,
    normalize_space,
    plain_heading_level,
)
from knowledge_base.models import ParsedDocument, SectionKind

__all__ = ["decode_utf8", "first_line_title", "line_items", "load_text", "table_cells"]

_BULLET = re.compile(
    r"^(?:[-*\u2022\u25cf\u25aa\u25e6\u2013\u00b7\uf0b7]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+(\S.*)$"
)
_RULE_CELL = re.compile(r"^:?-{2,}:?$")


def decode_utf8(path: Path, data: bytes) -> str:
    """Decode a text file strictly, so binary or mis-encoded files fail loudly instead of
    being indexed as mojibake."""
    if b"\x00" in data:
        raise DocumentLoadError(
            path,
            "contains NUL bytes, so it is a binary (or UTF-16) file, not UTF-8 text; "
            "re-save it as UTF-8 text",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentLoadError(
            path,
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save it as UTF-8",
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def table_cells(line: str) -> tuple[str, ...] | None:
    """Cells of a table row written with tabs or pipes ("a | b", "|a|b|"), else None."""
    if "\t" in line:
        cells = line.split("\t")
    elif "|" in line and (line.strip().startswith("|") or " | " in line):
        cells = line.strip().strip("|").split("|")
    else:
        return None
    cells = [normalize_space(cell) for cell in cells]
    if len(cells) < 2:
        return None
    return tuple(cells)


def _is_rule_row(cells: tuple[str, ...]) -> bool:
    return all(_RULE_CELL.match(cell) for cell in cells if cell) and any(cells)


def line_items(
    lines: Iterable[str], *, wrapped: bool = False, first_line_title: bool = True
) -> list[Heading | Block]:
    """Headings and blocks from lines of unmarked text.

    Paragraphs end at blank lines; with ``wrapped=True`` (PDF lines, which have no blank
    lines) a short line ending a sentence also ends its paragraph. A first line shaped like
    a heading that is not a known section is the document's title (level 0).
    """
    lines = list(lines)
    body_lengths = [len(line.strip()) for line in lines if line.strip()]
    full_width = max(body_lengths, default=0)
    items: list[Heading | Block] = []
    paragraph: list[str] = []
    bullets: list[str] = []
    rows: list[str] = []

    def flush() -> None:
        for pending in (paragraph, bullets, rows):
            if pending:
                if pending is paragraph:
                    items.append(Block((normalize_space(" ".join(paragraph)),)))
                else:
                    items.append(Block(tuple(pending)))
                pending.clear()

    seen_text = False
    item_closed = False  # a wrapped (PDF) bullet item ended; the list itself may go on
    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
            continue
        level = plain_heading_level(raw)
        if level is not None:
            flush()
            is_title = (
                first_line_title
                and not seen_text
                and not line[0].isdigit()
                and classify_title(line) is SectionKind.OTHER
            )
            items.append(Heading(0 if is_title else level, line))
            seen_text = True
            continue
        seen_text = True
        cells = table_cells(raw)
        bullet = _BULLET.match(line)
        if cells is not None:
            if paragraph or bullets:
                flush()
            if not _is_rule_row(cells):
                rows.append(" | ".join(cells))
        elif bullet:
            if paragraph or rows:
                flush()
            bullets.append("- " + normalize_space(bullet.group(1)))
            item_closed = False
        elif bullets and (raw[:1].isspace() or (wrapped and not item_closed)):
            bullets[-1] += " " + normalize_space(line)
        else:
            if bullets or rows:
                flush()
            paragraph.append(line)
        if wrapped and line[-1] in ".!?:" and len(line) < 0.85 * full_width:
            if bullets:
                item_closed = True
            else:
                flush()
    flush()
    return items


def first_line_title(text: str) -> str | None:
    """The first non-blank line, when it is short enough to be a title."""
    first = next((normalize_space(line) for line in text.split("\n") if line.strip()), None)
    return first if first and len(first) <= 200 else None


def load_text(path: Path, data: bytes) -> ParsedDocument:
    """Load a UTF-8 .txt file."""
    text = decode_utf8(path, data)
    title = first_line_title(text)
    body, sections = assemble(line_items(text.split("\n")), title)
    return ParsedDocument(text=body, sections=sections, title=title, source_format="text")
