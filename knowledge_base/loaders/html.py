"""HTML loader (BeautifulSoup with lxml).

h1-h6 are the headings; scripts, styles and navigation are dropped because they are page
furniture, not approved content. Paragraphs, list items and table rows become blocks in
document order.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import NavigableString, Tag

from knowledge_base.errors import DocumentLoadError
from knowledge_base.loaders.sections import (
    Block,
    Heading,
    assemble,
    normalize_space,
    promote_title_heading,
)
from knowledge_base.loaders.text import reject_binary
from knowledge_base.models import ParsedDocument

__all__ = ["load_html"]

_DROPPED = frozenset(
    {"script", "style", "nav", "noscript", "template", "head", "svg", "button", "iframe"}
)
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_LISTS = frozenset({"ul", "ol"})
# Elements that break a line: their text never runs into the text next to them.
_BREAKING = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote",
        "pre", "figure", "figcaption", "dl", "dt", "dd", "address", "fieldset", "li", "tr",
        "td", "th", "caption", "br", "hr", "center", "details", "summary", "body", "html",
    }
)  # fmt: skip


def _strings(node: Tag, skip: frozenset[str] = frozenset()) -> str:
    """Raw text of a node, with a space wherever a block element or <br> breaks the line."""
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a Comment, Doctype, CData, ...
                parts.append(str(child))
        elif isinstance(child, Tag) and child.name not in _DROPPED and child.name not in skip:
            inner = _strings(child, skip)
            parts.append(f" {inner} " if child.name in _BREAKING else inner)
    return "".join(parts)


def _list_lines(node: Tag, depth: int = 0) -> list[str]:
    """Items as "- item", or "1. item" in an <ol> (references are cited by number)."""
    lines: list[str] = []
    start = str(node.get("start") or "1")
    number = int(start) if start.isdigit() else 1
    for item in node.find_all("li", recursive=False):
        text = normalize_space(_strings(item, skip=_LISTS))
        if text:
            marker = f"{number}." if node.name == "ol" else "-"
            lines.append(f"{'  ' * depth}{marker} {text}")
            number += 1
        for nested in item.find_all(list(_LISTS)):
            if nested.find_parent("li") is item:
                lines.extend(_list_lines(nested, depth + 1))
    return lines


def _table_lines(table: Tag) -> list[str]:
    lines: list[str] = []
    caption = table.find("caption")
    if caption is not None and caption.find_parent("table") is table:
        lines.append(normalize_space(_strings(caption)))
    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue  # a nested table's rows are read as its cell's text
        cells = [normalize_space(_strings(c)) for c in row.find_all(["td", "th"], recursive=False)]
        if any(cells):
            lines.append(" | ".join(cells))
    return [line for line in lines if line]


def _flush(items: list[Heading | Block], buffer: list[str]) -> None:
    text = normalize_space("".join(buffer))
    if text:
        items.append(Block((text,)))
    buffer.clear()


def _walk(node: Tag, items: list[Heading | Block], buffer: list[str]) -> None:
    """Append the headings and blocks under ``node``; inline text collects in ``buffer``."""
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:
                buffer.append(str(child))
            continue
        if not isinstance(child, Tag) or child.name in _DROPPED:
            continue
        name = child.name
        if name in _HEADINGS:
            _flush(items, buffer)
            title = normalize_space(_strings(child))
            if title:
                items.append(Heading(_HEADINGS[name], title))
        elif name in _LISTS:
            _flush(items, buffer)
            items.append(Block(tuple(_list_lines(child))))
        elif name == "table":
            _flush(items, buffer)
            items.append(Block(tuple(_table_lines(child))))
        elif name in {"br", "hr"}:
            buffer.append(" ")
        elif name in _BREAKING:
            _flush(items, buffer)
            _walk(child, items, buffer)
            _flush(items, buffer)
        else:
            _walk(child, items, buffer)


def load_html(path: Path, data: bytes) -> ParsedDocument:
    """Load an .html/.htm page; the title is its first <h1>, else its <title>."""
    reject_binary(path, data)  # the encoding itself is left to <meta charset> / detection
    try:
        with warnings.catch_warnings():
            # We know this is a file's content (not a path or URL), and XHTML is fine here.
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            soup = BeautifulSoup(data, "lxml")
    except Exception as exc:
        raise DocumentLoadError(
            path, f"could not be parsed as HTML ({type(exc).__name__}: {exc})"
        ) from exc
    items: list[Heading | Block] = []
    root = soup.body or soup
    buffer: list[str] = []
    _walk(root, items, buffer)
    _flush(items, buffer)
    h1 = soup.find("h1")
    head_title = soup.find("title")
    title = (normalize_space(_strings(h1)) if isinstance(h1, Tag) else "") or (
        normalize_space(head_title.get_text()) if isinstance(head_title, Tag) else ""
    )
    text, sections = assemble(promote_title_heading(items), title or None)
    return ParsedDocument(text=text, sections=sections, title=title or None, source_format="html")
