"""PDF downloads of the Markdown views (assistant/rendering.py), with fpdf2.

Uses DejaVu Sans when installed (every character of the text), else the PDF core font with the
few typographic characters it lacks replaced.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from markdown_it import MarkdownIt

__all__ = ["markdown_pdf"]

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
# \u201c \u201d \u2018 \u2019 \u2014 \u2013 \u00b7: quotes, dashes and the middle dot.
_LATIN1 = str.maketrans(dict.fromkeys("\u201c\u201d", '"') | dict.fromkeys("\u2018\u2019", "'"))
_LATIN1 |= str.maketrans(dict.fromkeys("\u2014\u2013\u00b7", "-"))


def markdown_pdf(markdown: str, *, title: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("Medbrief")
    pdf.set_auto_page_break(auto=True, margin=15)
    regular, bold = _DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf"
    italic, both = _DEJAVU / "DejaVuSans-Oblique.ttf", _DEJAVU / "DejaVuSans-BoldOblique.ttf"
    if all(p.is_file() for p in (regular, bold, italic, both)):
        pdf.add_font("dejavu", "", str(regular))
        pdf.add_font("dejavu", "B", str(bold))
        pdf.add_font("dejavu", "I", str(italic))
        pdf.add_font("dejavu", "BI", str(both))
        font = "dejavu"
    else:
        font = "helvetica"
        markdown = markdown.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")
    pdf.add_page()
    pdf.set_font(font, size=10)
    html = MarkdownIt("commonmark", {"breaks": True}).render(markdown)
    pdf.write_html(html, font_family=font)
    return bytes(pdf.output())
