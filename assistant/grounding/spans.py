"""Cited chunks as the document text they cover.

Chunks are exact spans of their document's stored text and consecutive ones overlap by a few
sentences, so two cited chunks of one document version that overlap are, joined, the exact
text from the first one's start to the second one's end. A table row cut from its caption by
a chunk boundary is checked against that joined text, never against text put together from
unrelated places.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge_base.models import Chunk

__all__ = ["joined_passages"]


def joined_passages(chunks: Sequence[Chunk]) -> list[str]:
    """The chunks' texts, with overlapping chunks of one document version joined into one."""
    ordered = sorted(chunks, key=lambda c: (c.doc_id, c.version, c.char_start, c.char_end))
    passages: list[str] = []
    current: Chunk | None = None
    text = ""
    end = 0
    for chunk in ordered:
        same = current is not None and (chunk.doc_id, chunk.version) == (
            current.doc_id,
            current.version,
        )
        if same and chunk.char_start < end:
            if chunk.char_end > end:
                text += chunk.text[end - chunk.char_start :]
                end = chunk.char_end
            continue
        if current is not None:
            passages.append(text)
        current, text, end = chunk, chunk.text, chunk.char_end
    if current is not None:
        passages.append(text)
    return passages
