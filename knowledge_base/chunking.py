"""Section-aware chunking with token budgets.

Chunks never cross a section boundary, so each carries one section title for its citation.
Inside a section, text is cut at paragraph and sentence boundaries and packed greedily up to the
token budget, with a small overlap of whole sentences so a fact split across two chunks is still
retrievable. Every chunk is an exact span of the document text (``text[char_start:char_end]``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from knowledge_base.models import Chunk, DocumentMetadata, ParsedDocument, Section

__all__ = ["ChunkingConfig", "chunk_document"]

# Paragraph breaks, line breaks (list items, table rows) and sentence ends.
_UNIT_BREAK = re.compile(r"\n\s*\n|\n|(?<=[.!?;:])\s+(?=[\"'(\[A-Z0-9•-])")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class ChunkingConfig:
    max_tokens: int = 180
    overlap_tokens: int = 30


def _units(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Non-blank sentence/line spans of ``text[start:end]``, trimmed of whitespace."""
    position = start
    for match in _UNIT_BREAK.finditer(text, start, end):
        yield from _trimmed(text, position, match.start())
        position = match.end()
    yield from _trimmed(text, position, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


def _split_long(
    text: str, start: int, end: int, max_tokens: int, count: Callable[[str], int]
) -> Iterator[tuple[int, int]]:
    """Cut a unit longer than the budget at word boundaries."""
    piece_start: int | None = None
    piece_end = start
    for word in _WORD.finditer(text, start, end):
        if piece_start is None:
            piece_start = word.start()
        elif count(text[piece_start : word.end()]) > max_tokens:
            yield piece_start, piece_end
            piece_start = word.start()
        piece_end = word.end()
    if piece_start is not None:
        yield piece_start, piece_end


def _section_spans(
    text: str, section: Section, config: ChunkingConfig, count: Callable[[str], int]
) -> Iterator[tuple[int, int]]:
    units: list[tuple[int, int, int]] = []  # (start, end, tokens)
    for unit_start, unit_end in _units(text, section.start, section.end):
        tokens = count(text[unit_start:unit_end])
        if tokens <= config.max_tokens:
            units.append((unit_start, unit_end, tokens))
        else:
            for piece in _split_long(text, unit_start, unit_end, config.max_tokens, count):
                units.append((*piece, count(text[piece[0] : piece[1]])))

    current: list[tuple[int, int, int]] = []
    for unit in units:
        # Separators count roughly one token each.
        if current and sum(u[2] + 1 for u in current) + unit[2] > config.max_tokens:
            yield current[0][0], current[-1][1]
            overlap: list[tuple[int, int, int]] = []
            for previous in reversed(current):
                if sum(u[2] for u in overlap) + previous[2] > config.overlap_tokens:
                    break
                overlap.insert(0, previous)
            # Keep the overlap only if the new unit still fits after it.
            while overlap and sum(u[2] + 1 for u in overlap) + unit[2] > config.max_tokens:
                overlap.pop(0)
            current = overlap
        current.append(unit)
    if current:
        yield current[0][0], current[-1][1]


def chunk_document(
    metadata: DocumentMetadata,
    parsed: ParsedDocument,
    count_tokens: Callable[[str], int],
    config: ChunkingConfig | None = None,
) -> list[Chunk]:
    """Split a parsed document into citable chunks, in document order."""
    config = config or ChunkingConfig()
    title = metadata.title
    chunks: list[Chunk] = []
    for section in parsed.sections:
        for start, end in _section_spans(parsed.text, section, config, count_tokens):
            text = parsed.text[start:end]
            chunks.append(
                Chunk(
                    chunk_id=f"{metadata.doc_id}@{metadata.version}#{len(chunks):04d}",
                    doc_id=metadata.doc_id,
                    version=metadata.version,
                    approval_code=metadata.approval_code,
                    title=title,
                    section=section.title,
                    section_kind=section.kind,
                    char_start=start,
                    char_end=end,
                    text=text,
                    token_count=count_tokens(text),
                    products=list(metadata.products),
                )
            )
    return chunks
