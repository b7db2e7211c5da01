"""Word .docx loader (python-docx).

Headings come from paragraph styles (Title, Heading 1..9), which is how Word itself builds
its navigation pane. Body items are read in document order so a table stays where it was
written, between the paragraphs that introduce and follow it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from knowledge_base.errors import DocumentLoadError
from knowledge_base.loaders.archive import refuse_zip_bomb
from knowledge_base.loaders.sections import (
    Block,
    Heading,
    assemble,
    normalize_space,
    promote_title_heading,
)
from knowledge_base.models import ParsedDocument

__all__ = ["load_docx"]

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)


def _heading_level(paragraph: Paragraph) -> int | None:
    name = paragraph.style.name if paragraph.style is not None else ""
    if (name or "").lower() == "title":
        return 0
    match = _HEADING_STYLE.match(name or "")
    return int(match.group(1)) if match else None


def _is_list_item(paragraph: Paragraph) -> bool:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    properties = paragraph._p.pPr
    numbered = properties is not None and properties.numPr is not None
    return name.lower().startswith("list") or numbered


def _table_rows(table: Table) -> tuple[str, ...]:
    """Rows as "a | b | c"; a merged cell is repeated by python-docx, so it is kept once."""
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: list[object] = []  # the cells' XML elements, held so identity stays valid
        for cell in row.cells:
            if any(cell._tc is element for element in seen):
                continue
            seen.append(cell._tc)
            cells.append(normalize_space(" ".join(p.text for p in cell.paragraphs)))
        if any(cells):
            rows.append(" | ".join(cells))
    return tuple(rows)


def _items(document: WordDocument) -> tuple[list[Heading | Block], str | None]:
    items: list[Heading | Block] = []
    bullets: list[str] = []
    first_heading: str | None = None
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph) and _is_list_item(block):
            text = normalize_space(block.text)
            if text:
                bullets.append("- " + text)
            continue
        if bullets:
            items.append(Block(tuple(bullets)))
            bullets = []
        if isinstance(block, Table):
            items.append(Block(_table_rows(block)))
            continue
        text = normalize_space(block.text)
        if not text:
            continue
        level = _heading_level(block)
        if level is None:
            items.append(Block((text,)))
        else:
            items.append(Heading(level, text))
            if first_heading is None and level <= 1:
                first_heading = text
    if bullets:
        items.append(Block(tuple(bullets)))
    return items, first_heading


def load_docx(path: Path, data: bytes) -> ParsedDocument:
    """Load a .docx; a file that is not a Word zip package fails with the reason."""
    refuse_zip_bomb(path, data, "a Word file")
    try:
        document = Document(io.BytesIO(data))
        items, first_heading = _items(document)
        core_title = normalize_space(document.core_properties.title or "")
    except Exception as exc:
        raise DocumentLoadError(
            path,
            f"could not be read as a Word .docx file ({type(exc).__name__}: {exc}); "
            "if it is a legacy .doc, save it as .docx",
        ) from exc
    title = core_title or first_heading
    text, sections = assemble(promote_title_heading(items), title)
    return ParsedDocument(text=text, sections=sections, title=title, source_format="docx")
