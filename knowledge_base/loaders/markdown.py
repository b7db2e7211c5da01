"""Markdown loader (markdown-it-py, CommonMark plus tables).

Parsing with a real Markdown parser (rather than splitting on '#') keeps '#' lines inside
code fences out of the headings and gives setext headings, lists and tables their meaning.
The text is rendered from the tokens, so emphasis marks and link syntax do not reach the
index.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from knowledge_base.errors import DocumentLoadError
from knowledge_base.loaders.sections import (
    Block,
    Heading,
    assemble,
    normalize_space,
    promote_title_heading,
)
from knowledge_base.loaders.text import decode_utf8
from knowledge_base.models import ParsedDocument

__all__ = ["load_markdown"]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_TAG = re.compile(r"<!--.*?-->|<[^>]+>", re.DOTALL)


def _inline(token: Token) -> str:
    """Plain text of an inline token: text, code spans, image alt text; breaks as spaces."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline(child))
        elif child.type == "html_inline" and child.content.lower().startswith("<br"):
            parts.append(" ")
    return normalize_space("".join(parts))


def _close_index(tokens: Sequence[Token], start: int) -> int:
    """Index of the token closing ``tokens[start]`` (same nesting level)."""
    closing = tokens[start].type.replace("_open", "_close")
    for index in range(start + 1, len(tokens)):
        if tokens[index].type == closing and tokens[index].level == tokens[start].level:
            return index
    return len(tokens) - 1


def _list_lines(tokens: Sequence[Token]) -> tuple[str, ...]:
    """Items as "- item", or "1. item" in an ordered list; nested ones indented."""
    lines: list[str] = []
    depth = 0
    marker = "-"
    for token in tokens:
        if token.type in {"bullet_list_open", "ordered_list_open"}:
            depth += 1
        elif token.type in {"bullet_list_close", "ordered_list_close"}:
            depth -= 1
        elif token.type == "list_item_open":
            marker = f"{token.info}{token.markup}" if token.info else "-"
        elif token.type == "inline" or token.type in {"fence", "code_block"}:
            text = _inline(token) if token.type == "inline" else normalize_space(token.content)
            if not text:
                continue
            if marker or not lines:
                lines.append(f"{'  ' * (depth - 1)}{marker or '-'} {text}")
                marker = ""
            else:
                lines[-1] += " " + text
    return tuple(lines)


def _table_lines(tokens: Sequence[Token]) -> tuple[str, ...]:
    rows: list[str] = []
    cells: list[str] = []
    for token in tokens:
        if token.type == "tr_open":
            cells = []
        elif token.type == "inline":
            cells.append(_inline(token))
        elif token.type == "tr_close" and any(cells):
            rows.append(" | ".join(cells))
    return tuple(rows)


def _items(tokens: Sequence[Token]) -> list[Heading | Block]:
    items: list[Heading | Block] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            title = _inline(tokens[index + 1])
            if title:
                items.append(Heading(int(token.tag[1:]), title))
            index += 3
            continue
        if token.type in {"bullet_list_open", "ordered_list_open", "table_open"}:
            end = _close_index(tokens, index)
            span = tokens[index : end + 1]
            lines = _table_lines(span) if token.type == "table_open" else _list_lines(span)
            items.append(Block(lines))
            index = end + 1
            continue
        if token.type == "inline":
            items.append(Block((_inline(token),)))
        elif token.type in {"fence", "code_block"}:
            items.append(Block(tuple(normalize_space(line) for line in token.content.split("\n"))))
        elif token.type == "html_block":
            items.append(Block((normalize_space(_TAG.sub(" ", token.content)),)))
        index += 1
    return items


def load_markdown(path: Path, data: bytes) -> ParsedDocument:
    """Load a UTF-8 .md/.markdown file; YAML front matter is metadata, not content."""
    source = _FRONT_MATTER.sub("", decode_utf8(path, data), count=1)
    try:
        tokens = MarkdownIt("commonmark").enable("table").parse(source)
    except Exception as exc:
        raise DocumentLoadError(
            path, f"could not be parsed as Markdown ({type(exc).__name__}: {exc})"
        ) from exc
    items = _items(tokens)
    title = next(
        (item.title for item in items if isinstance(item, Heading) and item.level == 1), None
    )
    text, sections = assemble(promote_title_heading(items), title)
    return ParsedDocument(text=text, sections=sections, title=title, source_format="markdown")
