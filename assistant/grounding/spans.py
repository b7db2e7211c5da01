"""Cited chunks as the document text they cover.

Chunks are exact spans of their document's stored text; consecutive ones overlap by a few
sentences, or meet across the whitespace between two lines. Cited chunks of one document
version that overlap, or follow each other, are joined into the text from the first one's
start to the last one's end (a line break for the whitespace between). A table row cut from
its caption by a chunk boundary is checked against that joined text, never against text put
together from unrelated places.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from knowledge_base.models import Chunk

__all__ = ["joined_passages", "joined_texts"]


class Span(Protocol):
    """Where a cited text runs in its document: a chunk, or a citation of one."""

    chunk_id: str
    doc_id: str
    version: str
    char_start: int
    char_end: int


S = TypeVar("S", bound=Span)
_NUMBER = re.compile(r"#(\d+)$")
# Consecutive chunks are cut at whitespace between sentences or lines: only whitespace lies
# between one's end and the next one's start.
_MAX_GAP = 8


def _number(span: Span) -> int | None:
    found = _NUMBER.search(span.chunk_id)
    return int(found.group(1)) if found else None


def joined_texts(spans: Sequence[S], text_of: Callable[[S], str]) -> list[str]:
    """The spans' texts, with overlapping or consecutive spans of one document version joined
    into one (consecutive ones across the whitespace between them, read as a line break)."""
    ordered = sorted(spans, key=lambda c: (c.doc_id, c.version, c.char_start, c.char_end))
    passages: list[str] = []
    current: S | None = None
    last: S | None = None
    text = ""
    end = 0
    for span in ordered:
        same = current is not None and (span.doc_id, span.version) == (
            current.doc_id,
            current.version,
        )
        # A span that starts where the joined text does is not its continuation.
        if same and current is not None and current.char_start < span.char_start < end:
            if span.char_end > end:
                text += text_of(span)[end - span.char_start :]
                end, last = span.char_end, span
            continue
        following = (
            same
            and last is not None
            and 0 <= span.char_start - end <= _MAX_GAP
            and (n := _number(last)) is not None
            and _number(span) == n + 1
        )
        if following:
            text += "\n" + text_of(span)
            end, last = span.char_end, span
            continue
        if current is not None:
            passages.append(text)
        current, last, text, end = span, span, text_of(span), span.char_end
    if current is not None:
        passages.append(text)
    return passages


def joined_passages(chunks: Sequence[Chunk]) -> list[str]:
    """The chunks' texts, with overlapping chunks of one document version joined into one."""
    return joined_texts(chunks, lambda c: c.text)
