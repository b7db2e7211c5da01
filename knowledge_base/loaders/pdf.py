"""PDF loader (pypdf): the text layer, page by page, split into sections by heading shape.

PDFs carry no structure we can rely on, so headings are found the way a reader finds them
in a label: numbered lines ("5.1 Hepatotoxicity") and short ALL-CAPS lines. Table rows are
recognised by comparing the plain extraction (reading order) with the layout extraction
(column gaps), so a two-column page is never mistaken for a table.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadWarning

from knowledge_base.errors import DocumentLoadError
from knowledge_base.loaders.sections import assemble, normalize_space
from knowledge_base.loaders.text import first_line_title, line_items
from knowledge_base.models import ParsedDocument

__all__ = ["load_pdf"]

_COLUMN_GAP = re.compile(r"\S(?: {3,})\S")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d+(?:\s*(?:of|/)\s*\d+)?$", re.IGNORECASE)


def _table_rows(layout_text: str) -> dict[str, str]:
    """Plain-extraction line -> "a | b | c" for layout lines with column gaps."""
    rows: dict[str, str] = {}
    for line in layout_text.split("\n"):
        if _COLUMN_GAP.search(line.strip()):
            cells = [cell for cell in re.split(r" {3,}", line.strip()) if cell]
            rows[normalize_space(" ".join(cells))] = " | ".join(cells)
    return rows


def _page_lines(reader: PdfReader) -> list[str]:
    lines: list[str] = []
    for page in reader.pages:
        plain = page.extract_text() or ""
        try:
            rows = _table_rows(page.extract_text(extraction_mode="layout") or "")
        except Exception:  # layout mode is a refinement only; plain text still stands
            rows = {}
        for line in plain.split("\n"):
            key = normalize_space(line)
            if _PAGE_NUMBER.match(key):
                continue
            lines.append(rows.get(key, line))
        lines.append("")  # a page break ends a paragraph
    return lines


def load_pdf(path: Path, data: bytes) -> ParsedDocument:
    """Load a PDF with a text layer; encrypted PDFs and corrupt files fail with the reason."""
    pypdf_logger = logging.getLogger("pypdf")
    previous_level = pypdf_logger.level
    pypdf_logger.setLevel(logging.ERROR)  # pypdf logs every recoverable oddity
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PdfReadWarning)
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentLoadError(
                    path, "is password-protected; save an unprotected copy and load that"
                )
            metadata_title = (reader.metadata.title if reader.metadata else None) or ""
            lines = _page_lines(reader)
    except DocumentLoadError:
        raise
    except Exception as exc:
        raise DocumentLoadError(
            path, f"could not be read as a PDF ({type(exc).__name__}: {exc})"
        ) from exc
    finally:
        pypdf_logger.setLevel(previous_level)
    title = normalize_space(str(metadata_title)) or first_line_title("\n".join(lines))
    text, sections = assemble(line_items(lines, wrapped=True), title)
    return ParsedDocument(text=text, sections=sections, title=title, source_format="pdf")
