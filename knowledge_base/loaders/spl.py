"""FDA Structured Product Labeling (SPL, HL7 v3 XML) loader.

Sections are keyed on their LOINC code, which is what the FDA requires, rather than on the
title text, which varies ("Use", "Uses", "1 INDICATIONS AND USAGE"). The product data
elements section (48780-1) is structured data, not prose, and is skipped.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from knowledge_base.errors import DocumentLoadError
from knowledge_base.loaders.archive import refuse_zip_bomb
from knowledge_base.loaders.sections import (
    LOINC_SECTION_KINDS,
    Block,
    Heading,
    TableFootnotes,
    assemble,
    classify_title,
    normalize_space,
)
from knowledge_base.models import ParsedDocument

__all__ = ["PRESCRIPTION_LABEL_CODE", "SKIPPED_CODES", "load_spl", "load_spl_zip"]

NS = "urn:hl7-org:v3"
PRESCRIPTION_LABEL_CODE = "34391-3"  # SPL document type: HUMAN PRESCRIPTION DRUG LABEL
SKIPPED_CODES = frozenset({"48780-1"})  # SPL product data elements
_UNCLASSIFIED = "42229-5"
_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the"})
_PLAIN_SUP = frozenset({"®", "™", "©", "℠", ""})
_BLOCK_TAGS = frozenset({"paragraph", "list", "table"})
_SKIPPED_INLINE = frozenset({"renderMultiMedia", "excerpt"})


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return element.iterchildren(f"{{{NS}}}{name}")


def _inline(
    element: etree._Element,
    skip: frozenset[str] = frozenset(),
    notes: TableFootnotes | None = None,
) -> str:
    """Raw (unnormalised) text of an element: <content>, <linkHtml>, <sub> as their text,
    <sup> as ^x right after a word or number (10^9, but Rogaine®), <br/> as a space; in a
    table cell (``notes``), a <footnote> or <footnoteRef> as its marker ("Withhold^1")."""
    parts: list[str] = [element.text or ""]
    for child in element:
        name = _local(child)
        if notes is not None and name == "footnote":
            parts.append(notes.add(_inline(child, skip), child.get("ID")))
            parts.append(child.tail or "")
            continue
        if notes is not None and name == "footnoteRef":
            parts.append(notes.refer(child.get("IDREF")))
            parts.append(child.tail or "")
            continue
        if name and name not in skip and name not in _SKIPPED_INLINE:
            inner = _inline(child, skip, notes)
            if name == "sup" and inner.strip() not in _PLAIN_SUP and "".join(parts)[-1:].isalnum():
                inner = "^" + inner.strip()  # 10^9/L, reaction^a (a footnote marker)
            elif name in {"br", "paragraph", "item", "td", "th", "caption"}:
                inner = f" {inner} "
            parts.append(inner)
        parts.append(child.tail or "")
    return "".join(parts)


def _list_lines(element: etree._Element, depth: int = 0) -> list[str]:
    """Items as "- item", or "1. item" in an ordered list."""
    lines: list[str] = []
    ordered = element.get("listType") == "ordered"
    caption = normalize_space(" ".join(_inline(c) for c in _children(element, "caption")))
    if caption:
        lines.append("  " * depth + caption)
    for number, item in enumerate(_children(element, "item"), start=1):
        text = normalize_space(_inline(item, skip=frozenset({"list", "caption"})))
        item_caption = normalize_space(" ".join(_inline(c) for c in _children(item, "caption")))
        text = normalize_space(f"{item_caption} {text}")
        if text:
            lines.append(f"{'  ' * depth}{f'{number}.' if ordered else '-'} {text}")
        for nested in _children(item, "list"):
            lines.extend(_list_lines(nested, depth + 1))
    return lines


def _table_lines(element: etree._Element) -> list[str]:
    lines = [normalize_space(_inline(c)) for c in _children(element, "caption")]
    notes = TableFootnotes()
    groups = [*_children(element, "thead"), *_children(element, "tbody"), element]
    groups += list(_children(element, "tfoot"))
    for group in groups:
        for row in _children(group, "tr"):
            cells = [
                normalize_space(_inline(cell, notes=notes))
                for cell in row
                if _local(cell) in {"td", "th"}
            ]
            if any(cells):
                lines.append(" | ".join(cells))
    return [line for line in [*lines, *notes.lines()] if line]


def _text_blocks(text: etree._Element) -> list[Block]:
    """Blocks of a section's <text>: paragraphs, lists and tables in document order."""
    blocks: list[Block] = []
    loose: list[str] = [text.text or ""]

    def flush() -> None:
        line = normalize_space("".join(loose))
        if line:
            blocks.append(Block((line,)))
        loose.clear()

    for child in text:
        name = _local(child)
        if name in _BLOCK_TAGS:
            flush()
            if name == "paragraph":
                blocks.append(Block((normalize_space(_inline(child)),)))
            elif name == "list":
                blocks.append(Block(tuple(_list_lines(child))))
            else:
                blocks.append(Block(tuple(_table_lines(child))))
        elif name and name not in _SKIPPED_INLINE:
            loose.append(_inline(child))
        loose.append(child.tail or "")
    flush()
    return blocks


def _untitled_name(display_name: str) -> str:
    """'OTC - DO NOT USE SECTION' -> 'Do Not Use' (for sections without a <title>)."""
    name = re.sub(r"^(?:OTC|SPL)\s*-?\s*|\s+SECTION$", "", display_name.strip(), flags=re.I)
    words = name.replace("&", "and").lower().split()
    return " ".join(
        word if index and word in _SMALL_WORDS else word.capitalize()
        for index, word in enumerate(words)
    )


def _section_items(section: etree._Element, depth: int) -> Iterator[Heading | Block]:
    code_element = next(_children(section, "code"), None)
    code = code_element.get("code") if code_element is not None else None
    if code in SKIPPED_CODES:
        return
    title_element = next(_children(section, "title"), None)
    title = normalize_space(_inline(title_element)) if title_element is not None else ""
    kind = LOINC_SECTION_KINDS.get(code or "") or (classify_title(title) if title else None)
    if title:
        yield Heading(depth, title, kind, code)
    else:
        display = code_element.get("displayName", "") if code_element is not None else ""
        name = "" if code == _UNCLASSIFIED else _untitled_name(display)
        yield Heading(depth, name, kind, code, in_text=False)
    for text in _children(section, "text"):
        yield from _text_blocks(text)
    for component in _children(section, "component"):
        for child in _children(component, "section"):
            yield from _section_items(child, depth + 1)


def load_spl(path: Path, data: bytes) -> ParsedDocument:
    """Load an SPL label with a parser that resolves no entities and fetches nothing."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise DocumentLoadError(path, f"is not well-formed XML: {exc}") from exc
    if root.tag != f"{{{NS}}}document":
        raise DocumentLoadError(
            path,
            f"is not an FDA SPL document (root element {root.tag!r}, expected "
            f'<document xmlns="{NS}">); only SPL labels are supported as .xml',
        )
    title_element = next(_children(root, "title"), None)
    title = normalize_space(_inline(title_element)) if title_element is not None else None
    items: list[Heading | Block] = []
    for body in root.iterfind(f"{{{NS}}}component/{{{NS}}}structuredBody"):
        for component in _children(body, "component"):
            for section in _children(component, "section"):
                items.extend(_section_items(section, 1))
    text, sections = assemble(items, title or None)
    set_id = next(_children(root, "setId"), None)
    version = next(_children(root, "versionNumber"), None)
    document_code = next(_children(root, "code"), None)
    notices = []
    if document_code is not None and document_code.get("code") != PRESCRIPTION_LABEL_CODE:
        kind = document_code.get("displayName") or f"code {document_code.get('code')}"
        notices.append(
            f"{path.name}: SPL document type is '{kind}', not a human prescription label "
            "(loaded as it is)"
        )
    product = root.find(f".//{{{NS}}}manufacturedProduct/{{{NS}}}manufacturedProduct")
    brand = product.find(f"{{{NS}}}name") if product is not None else None
    generic = (
        product.find(f"{{{NS}}}asEntityWithGeneric/{{{NS}}}genericMedicine/{{{NS}}}name")
        if product is not None
        else None
    )
    return ParsedDocument(
        text=text,
        sections=sections,
        title=title or None,
        source_format="spl",
        brand_name=normalize_space(_inline(brand)) or None if brand is not None else None,
        generic_name=normalize_space(_inline(generic)) or None if generic is not None else None,
        set_id=set_id.get("root") if set_id is not None else None,
        label_version=version.get("value") if version is not None else None,
        notices=notices,
    )


def load_spl_zip(path: Path, data: bytes) -> ParsedDocument:
    """DailyMed's download: a zip holding one SPL XML and the label's images."""
    refuse_zip_bomb(path, data, "a DailyMed SPL zip")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml_members = [
                m
                for m in archive.infolist()
                if m.filename.lower().endswith(".xml") and not m.is_dir()
            ]
            if not xml_members:
                names = ", ".join(m.filename for m in archive.infolist()[:5]) or "nothing"
                raise DocumentLoadError(
                    path,
                    f"holds no SPL XML file (it holds {names}); download the label's SPL zip "
                    "from DailyMed again",
                )
            if len(xml_members) > 1:
                raise DocumentLoadError(
                    path,
                    f"holds {len(xml_members)} XML files "
                    f"({', '.join(m.filename for m in xml_members)}); a DailyMed SPL zip holds "
                    "one: unpack it and list the label's XML in the manifest instead",
                )
            xml = archive.read(xml_members[0])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise DocumentLoadError(path, f"is not a readable zip archive ({exc})") from exc
    return load_spl(path / xml_members[0].filename, xml).model_copy(
        update={"source_format": "spl-zip"}
    )
