"""Plain-text loader, and the line-based parsing it shares with the PDF loader.

Text has no markup, so headings are recognised by shape (see ``plain_heading_level``):
label-style numbered lines and short ALL-CAPS lines. Without such lines the whole file is
one section.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Mapping
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

__all__ = [
    "decode_utf8",
    "first_line_title",
    "line_items",
    "load_text",
    "reject_binary",
    "table_cells",
]

_BULLET = re.compile(
    r"^([-*\u2022\u25cf\u25aa\u25e6\u2013\u00b7\uf0b7]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+(\S.*)$"
)
_RULE_CELL = re.compile(r"^:?-{2,}:?$")


_BINARY_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\v") + b"\x7f"


def reject_binary(path: Path, data: bytes) -> None:
    """Refuse binary content under a text suffix (an image or a UTF-16 file renamed .txt)."""
    if b"\x00" in data:
        raise DocumentLoadError(
            path,
            "contains NUL bytes, so it is a binary (or UTF-16) file, not UTF-8 text; "
            "re-save it as UTF-8 text",
        )
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    if controls * 100 > len(sample):
        raise DocumentLoadError(
            path,
            f"looks like a binary file ({controls} control bytes in the first "
            f"{len(sample)}), not text; re-save it as UTF-8 text",
        )


# Byte-order marks that say unambiguously how a file is encoded (UTF-32 before UTF-16: the
# UTF-32-LE mark starts with the UTF-16-LE one). Windows tools save "Unicode" text as UTF-16.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _decode_with_bom(path: Path, data: bytes) -> str | None:
    """Text with a UTF-16/UTF-32 byte-order mark, decoded; ``None`` if there is no such mark."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise DocumentLoadError(
                    path,
                    f"starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()} (at offset {exc.start + len(bom)}); re-save it as UTF-8",
                ) from exc
            # The same binary check, on the text: control characters are not prose.
            reject_binary(path, text.replace("\x00", "\x01").encode("utf-8"))
            return text
    return None


def decode_utf8(path: Path, data: bytes) -> str:
    """Decode a text file strictly, so binary or mis-encoded files fail loudly instead of
    being indexed as mojibake. UTF-8 (with or without a BOM); UTF-16/32 only with a BOM."""
    text = _decode_with_bom(path, data)
    if text is None:
        reject_binary(path, data)
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


def _is_title_line(lines: list[str], index: int, heading: bool, wrapped: bool) -> bool:
    """Whether the first line of a text is its title: shaped like a heading (or standing
    alone above a blank line), unnumbered, and not a bare section name like "INDICATIONS"."""
    line = normalize_space(lines[index])
    standalone = not wrapped and (index + 1 == len(lines) or not lines[index + 1].strip())
    return (
        (heading or (standalone and len(line) <= 200 and line[-1] not in ".,;:"))
        and not line[0].isdigit()
        and (classify_title(line) is SectionKind.OTHER or len(line.split()) > 4)
    )


def line_items(
    lines: Iterable[str], *, wrapped: bool = False, styled: Mapping[str, int] | None = None
) -> list[Heading | Block]:
    """Headings and blocks from lines of unmarked text.

    Paragraphs end at blank lines; with ``wrapped=True`` (PDF lines, which have no blank
    lines) a short line ending a sentence also ends its paragraph. ``styled`` maps lines set
    in a heading style (bold, in a PDF) to their level; consecutive styled lines of one level
    are one wrapped heading. The first line may be the document's title (level 0).
    """
    lines = list(lines)
    styled = styled or {}
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
    previous_styled: int | None = None  # level of the styled heading just before, if any
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            flush()
            previous_styled = None
            continue
        key = normalize_space(line)
        level = plain_heading_level(raw)
        style_level = styled.get(key) if "|" not in key else None
        if (
            level is None
            and style_level is not None
            and key[-1] not in ".,;:"
            and len(key.split()) <= 15
        ):
            if previous_styled == style_level and isinstance(items[-1], Heading):
                last = items[-1]  # the second line of a wrapped heading
                items[-1] = Heading(last.level, f"{last.title} {key}")
                continue
            level = style_level
        previous_styled = style_level if level is not None and style_level is not None else None
        if level is not None:
            flush()
            if not seen_text and _is_title_line(lines, index, True, wrapped):
                level = 0
            items.append(Heading(level, key))
            seen_text = True
            continue
        if not seen_text and _is_title_line(lines, index, False, wrapped):
            items.append(Heading(0, key))
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
            marker = bullet.group(1)
            marker = marker if marker[-1] in ".)" else "-"  # keep "1." / "a)": they are cited
            bullets.append(f"{marker} {normalize_space(bullet.group(2))}")
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
