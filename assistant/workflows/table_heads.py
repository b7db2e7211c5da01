"""Retrieved passages cut inside a table, widened to the table's caption and end.

A long label table is cut across chunks, so the chunk holding "Colitis | Grade 2 or 3 |
Withhold" may start rows below the caption and header that say what its cells are. Such a row
cannot be stated, answered or verified alone. A chunk is an exact span of its document's
stored text, and so is the span from the table's caption to the chunk's end: the passage is
widened to that span (within a size limit), so the row is read, stated and cited with its
caption and header, and the citation still points at exact document text.

Likewise a chunk that ends a few rows before its table does (VENCLEXTA's ramp-up cut after
"Week 3 | 100 mg") is widened to the table's last row, where that adds little: "walk me
through the ramp-up" is answered by the whole schedule, and "grade 4 colitis?" by the row the
cut left in the next chunk.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.grounding.tables import shown_ended, table_extents
from assistant.services import Services
from knowledge_base.retrieval import Evidence

__all__ = ["widened_to_tables"]

# A widened passage longer than this would crowd the prompt: the row stays unstated.
MAX_WIDENED_CHARS = 6000
# The most a passage is widened past its end to finish the table it was cut in: a few rows,
# not the rest of a long adverse-reaction table.
MAX_TAIL_CHARS = 600


def widened_to_tables(evidence: Sequence[Evidence], services: Services) -> list[Evidence]:
    """``evidence`` with each chunk that starts inside a table widened to its caption, and
    each that ends a few rows before its table does widened to the table's end."""
    widened = []
    for found in evidence:
        chunk = found.chunk
        text, extents = _tables_of(services, chunk.doc_id, chunk.version)
        start = next(
            (head for head, end in extents if head < chunk.char_start <= end), chunk.char_start
        )
        if chunk.char_end - start > MAX_WIDENED_CHARS:
            start = chunk.char_start
        end = next(
            (shown_ended(text, end) for head, end in extents if head < chunk.char_end < end),
            chunk.char_end,
        )
        if end - chunk.char_end > MAX_TAIL_CHARS:
            end = chunk.char_end
        if (start, end) == (chunk.char_start, chunk.char_end) or not text:
            widened.append(found)
            continue
        span = text[start:end]
        update = {
            "char_start": start,
            "char_end": end,
            "text": span,
            "token_count": services.kb.count_tokens(span),
        }
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
