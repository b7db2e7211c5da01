"""Cited chunks as the document text they cover.

Chunks are exact spans of their document's stored text and consecutive ones overlap by a few
sentences, so two cited chunks of one document version that overlap are, joined, the exact
text from the first one's start to the second one's end. A table row cut from its caption by
a chunk boundary is checked against that joined text, never against text put together from
unrelated places.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from knowledge_base.models import Chunk

__all__ = ["joined_passages", "joined_texts"]


class Span(Protocol):
    """Where a cited text runs in its document: a chunk, or a citation of one."""

    doc_id: str
    version: str
    char_start: int
    char_end: int


S = TypeVar("S", bound=Span)


def joined_texts(spans: Sequence[S], text_of: Callable[[S], str]) -> list[str]:
    """The spans' texts, with overlapping spans of one document version joined into one."""
    ordered = sorted(spans, key=lambda c: (c.doc_id, c.version, c.char_start, c.char_end))
    passages: list[str] = []
    current: S | None = None
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
                end = span.char_end
            continue
        if current is not None:
            passages.append(text)
        current, text, end = span, text_of(span), span.char_end
    if current is not None:
        passages.append(text)
    return passages


def joined_passages(chunks: Sequence[Chunk]) -> list[str]:
    """The chunks' texts, with overlapping chunks of one document version joined into one."""
    return joined_texts(chunks, lambda c: c.text)
