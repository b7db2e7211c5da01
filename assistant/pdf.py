"""PDF downloads of the Markdown views (assistant/rendering.py), with fpdf2.

Uses DejaVu Sans when installed (every character of the text), else the PDF core font with the
few typographic characters it lacks replaced.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import TextStyle
from markdown_it import MarkdownIt

__all__ = ["markdown_pdf"]

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
# \u201c \u201d \u2018 \u2019 \u2014 \u2013 \u00b7: quotes, dashes and the middle dot.
_LATIN1 = str.maketrans(dict.fromkeys("\u201c\u201d", '"') | dict.fromkeys("\u2018\u2019", "'"))
_LATIN1 |= str.maketrans(dict.fromkeys("\u2014\u2013\u00b7", "-"))


class _Paged(FPDF):
    """A4 pages with a footer line and "page n of N" on each."""

    def __init__(self, footer: str | None, family: str) -> None:
        super().__init__(format="A4")
        self._footer, self._family = footer, family

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self._family, size=7.5)
        self.set_text_color(90)
        line = f"{self._footer}  ·  " if self._footer else ""
        self.cell(0, 5, f"{line}page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0)


# Room between paragraphs and list items: the default packs them line against line.
_SPACING = {"p": TextStyle(b_margin=2.5), "li": TextStyle(b_margin=1.2)}
_STYLES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}


def _latin1(text: str) -> str:
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def markdown_pdf(markdown: str, *, title: str, footer: str | None = None) -> bytes:
    """The Markdown as an A4 PDF; ``footer`` (e.g. "internal use only ...") under every page,
    with its page number."""
    dejavu = all((_DEJAVU / name).is_file() for name in _STYLES.values())
    if not dejavu:
        markdown, footer = _latin1(markdown), _latin1(footer) if footer else None
    family = "dejavu" if dejavu else "helvetica"
    pdf = _Paged(footer, family)
    pdf.set_title(title)
    pdf.set_creator("Medbrief")
    pdf.set_auto_page_break(auto=True, margin=18)
    if dejavu:
        for style, name in _STYLES.items():
            pdf.add_font("dejavu", style, str(_DEJAVU / name))
    pdf.add_page()
    pdf.set_font(family, size=10)
    html = MarkdownIt("commonmark", {"breaks": True}).render(markdown)
    pdf.write_html(html, font_family=family, tag_styles=_SPACING)
    return bytes(pdf.output())
