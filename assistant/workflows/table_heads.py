"""Retrieved passages that start inside a table, widened back to the table's caption.

A long label table is cut across chunks, so the chunk holding "Colitis | Grade 2 or 3 |
Withhold" may start rows below the caption and header that say what its cells are. Such a row
cannot be stated, answered or verified alone. A chunk is an exact span of its document's
stored text, and so is the span from the table's caption to the chunk's end: the passage is
widened to that span (within a size limit), so the row is read, stated and cited with its
caption and header, and the citation still points at exact document text.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.grounding.tables import table_extents
from assistant.services import Services
from knowledge_base.retrieval import Evidence

__all__ = ["with_table_heads"]

# A widened passage longer than this would crowd the prompt: the row stays unstated.
MAX_WIDENED_CHARS = 6000


def with_table_heads(evidence: Sequence[Evidence], services: Services) -> list[Evidence]:
    """``evidence`` with each chunk that starts inside a table widened to its caption."""
    widened = []
    for found in evidence:
        chunk = found.chunk
        text, extents = _tables_of(services, chunk.doc_id, chunk.version)
        head = next(
            (start for start, end in extents if start < chunk.char_start <= end),
            None,
        )
        if head is None or chunk.char_end - head > MAX_WIDENED_CHARS or not text:
            widened.append(found)
            continue
        span = text[head : chunk.char_end]
        update = {"char_start": head, "text": span, "token_count": services.kb.count_tokens(span)}
        widened.append(found.model_copy(update={"chunk": chunk.model_copy(update=update)}))
    return widened


def _tables_of(services: Services, doc_id: str, version: str) -> tuple[str, list[tuple[int, int]]]:
    """The document version's stored text and its tables' extents, read once per version."""
    key = (doc_id, version)
    if key not in services.table_cache:
        parsed = services.kb.catalog.parsed_version(doc_id, version)
        text = parsed.text if parsed else ""
        services.table_cache[key] = (text, table_extents(text))
    return services.table_cache[key]
