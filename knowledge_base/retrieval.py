"""Hybrid retrieval with access rules applied inside both queries.

Dense (Chroma's HNSW) and lexical (bm25s) candidates are fused by reciprocal rank fusion, which
needs no score calibration between the two. Both are filtered by one access mask per reader and
filter, computed over the lexical generation's copy of every chunk's metadata: the dense search
asks HNSW for enough unfiltered neighbours that a pool of them pass the mask (or, for a narrow
mask, searches among the ids it admits), because Chroma's own ``where`` filter reads every
chunk's metadata on each query and grows with the library; that filter is the fallback (before
any generation, or when a listed chunk was deleted since). The BM25 search runs in a second
thread meanwhile.
Approved content comes back as ``Evidence`` (citable); HCP notes come back as ``NoteContext``, a
different type that carries no citation fields, so a note cannot be cited as evidence by mistake.

The dense index is the source of truth for what may be served: a lexical hit is returned only
with the text and metadata Chroma holds for it now, checked again against the access rules. The
lexical generation a retriever holds may lag a content change by its refresh interval (server
mode: another instance ingested); that lag can cost recall, never widen access.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from enum import StrEnum
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field

from knowledge_base.access import AccessScope, ContentFilter
from knowledge_base.embedding_cache import RecentEmbeddings
from knowledge_base.embeddings import Embedder
from knowledge_base.lexical_index import CurrentLexicalIndex, LexicalIndex
from knowledge_base.models import Chunk, NoteAuthorRole, SectionKind
from knowledge_base.passage_ranker import RERANKED, PassageSignals
from knowledge_base.ranking import LinearRanker
from knowledge_base.vector_index import VectorIndex

__all__ = ["Evidence", "NoteContext", "RetrievalMode", "Retriever", "chunk_from_metadata"]

_Masks = dict[tuple[AccessScope, ContentFilter], np.ndarray]

#: Reciprocal rank fusion constant (Cormack et al., 2009): damps the weight of top ranks.
RRF_K = 60
#: What a chunk of a preferred section gains: about the RRF score of a top-3 rank in one list,
#: so a passage of the asked-for section beats a similar one elsewhere in the label, while a
#: passage both retrievers rank high still wins.
SECTION_PREFERENCE = 1.0 / (RRF_K + 3)
#: Dense search asks HNSW, unfiltered, for pool / (share of the library the reader may see)
#: neighbours times this margin, then filters them with the access mask: far cheaper than
#: Chroma's metadata filter, which reads every chunk's metadata on each query.
UNFILTERED_MARGIN = 2.0
#: Beyond this many neighbours (a filter that admits a sliver of the library), the search is
#: restricted to the admitted ids, listed, when there are at most ``MAX_LISTED`` of them (about
#: 2 ms for a few hundred at 7,000 chunks, against 35 ms for Chroma's filter); else Chroma filters.
MAX_UNFILTERED = 2000
MAX_LISTED = 5000
#: Heading embeddings the passage ranker keeps, most recent first (a 384-float vector each).
MAX_HEADINGS = 20000


class RetrievalMode(StrEnum):
    HYBRID = "hybrid"
    DENSE = "dense"
    LEXICAL = "lexical"


class Evidence(BaseModel):
    """A retrieved chunk of approved content: citable."""

    kind: Literal["approved_content"] = "approved_content"
    citable: Literal[True] = True
    chunk: Chunk
    score: float = Field(description="Fused score (RRF in hybrid mode).")
    dense_rank: int | None = None
    lexical_rank: int | None = None
    # What the passage ranker weighed (set only when one re-ranked the results).
    signals: PassageSignals | None = Field(default=None, exclude=True)

    def as_json(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "kind": self.kind,
            "citable": True,
            "doc_id": c.doc_id,
            "version": c.version,
            "approval_code": c.approval_code,
            "title": c.title,
            "section": c.section,
            "section_kind": c.section_kind.value,
            "chunk_id": c.chunk_id,
            "char_start": c.char_start,
            "char_end": c.char_end,
            "text": c.text,
            "score": round(self.score, 6),
            "dense_rank": self.dense_rank,
            "lexical_rank": self.lexical_rank,
        }


class NoteContext(BaseModel):
    """A field/MSL note about an HCP: context for relevance, never evidence for a claim."""

    kind: Literal["hcp_context"] = "hcp_context"
    citable: Literal[False] = False
    note_id: str
    hcp_id: str
    author_role: NoteAuthorRole
    date: date
    text: str
    score: float

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def chunk_from_metadata(chunk_id: str, text: str, metadata: Mapping[str, Any]) -> Chunk:
    return Chunk(
        chunk_id=chunk_id,
        doc_id=metadata["doc_id"],
        version=metadata["version"],
        approval_code=metadata["approval_code"],
        title=metadata["title"],
        section=metadata["section"],
        section_kind=SectionKind(metadata["section_kind"]),
        char_start=metadata["char_start"],
        char_end=metadata["char_end"],
        text=text,
        token_count=metadata["token_count"],
        products=[p for p in str(metadata.get("products", "")).split("|") if p],
    )


class Retriever:
    def __init__(
        self,
        index: VectorIndex,
        lexical: LexicalIndex | CurrentLexicalIndex,
        embedder: Embedder,
    ) -> None:
        """``lexical``: a fixed index, or the store's current one (reloaded when it changes)."""
        self._index = index
        self._lexical = lexical
        self._embedder = embedder
        # Access masks over one lexical generation, per (scope, filter): a reader asks many
        # questions under the same rules, and the mask costs a pass over every chunk's metadata.
        self._masks: _Masks = {}
        self._masked: LexicalIndex | None = None
        self._pool: ThreadPoolExecutor | None = None
        # Section headings' embeddings, for the passage ranker: the same few thousand
        # headings come back question after question.
        self._headings = RecentEmbeddings(embedder, size=MAX_HEADINGS)

    def _threads(self) -> ThreadPoolExecutor:
        if self._pool is None:  # made on first use: a retriever that never searches has none
            self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="lexical")
        return self._pool

    @property
    def lexical_generation(self) -> str | None:
        """The lexical generation the last search used (``None`` for a fixed index)."""
        lexical = self._lexical
        return lexical.generation if isinstance(lexical, CurrentLexicalIndex) else None

    def _current_lexical(self) -> tuple[LexicalIndex, _Masks]:
        lexical = self._lexical
        current = lexical.current() if isinstance(lexical, CurrentLexicalIndex) else lexical
        masks = self._masks
        if current is not self._masked:
            # A new generation orders its chunks differently: masks of the old one are wrong.
            masks = {}
            self._masks, self._masked = masks, current
        return current, masks

    def search(
        self,
        query: str,
        scope: AccessScope,
        *,
        k: int = 5,
        mode: RetrievalMode = RetrievalMode.HYBRID,
        candidates: int | None = None,
        narrow: ContentFilter | None = None,
        prefer: Collection[SectionKind] = (),
        ranker: LinearRanker | None = None,
    ) -> list[Evidence]:
        """The ``k`` best chunks of approved content the scope may see (optionally narrowed);
        a chunk of a ``prefer`` section kind moves up past near equals of other sections.
        With a ``ranker`` (``passage_ranker``), the fused top ``RERANKED`` are re-ordered by it
        (not in lexical mode: its signals need the query's embedding)."""
        if not query.strip() or k <= 0:
            return []
        pool = candidates or max(2 * k, 20)
        texts: dict[str, str] = {}
        metadatas: dict[str, Mapping[str, Any]] = {}
        dense: list[str] = []
        lexical: list[str] = []
        narrow = narrow or ContentFilter()
        where = scope.content_where(extra=narrow.where_clauses())

        def allowed(metadata: Mapping[str, Any]) -> bool:
            return scope.allows(metadata) and narrow.allows(metadata)

        lexical_index, masks = self._current_lexical()
        key = (scope, narrow)
        if lexical_index.ids and key not in masks:
            masks[key] = lexical_index.mask(allowed)
        mask = masks.get(key)
        keywords = None
        vector: list[float] | None = None
        if mode is not RetrievalMode.DENSE and mask is not None:
            # In a second thread, while the query is embedded and HNSW searched: both release
            # the GIL, and at 300,000 chunks BM25 alone takes about as long as the dense search.
            keywords = self._threads().submit(lexical_index.search, query, pool, allowed, mask=mask)
        if mode is not RetrievalMode.LEXICAL:
            vector = self._embedder.embed_query(query)
            found = (
                None if mask is None else self._nearest_allowed(vector, lexical_index, mask, pool)
            )
            if found is None:  # no lexical generation yet, or a very narrow filter
                for hit in self._index.query_content(vector, where, pool):
                    dense.append(hit.id)
                    texts[hit.id] = hit.text
                    metadatas[hit.id] = hit.metadata
            else:
                dense = found
        if keywords is not None:
            lexical = [hit.id for hit in keywords.result()]
        missing = [i for i in dict.fromkeys(dense + lexical) if i not in texts]
        if missing:
            for record in self._index.get_content(missing):
                # Chroma's metadata now, not the lexical generation's copy: a change since that
                # generation was built (withdrawal, audience, expiry) must take effect at once.
                if allowed(record.metadata):
                    texts[record.id] = record.text
                    metadatas[record.id] = record.metadata
        # A dense candidate chosen by the generation's mask but not allowed now is dropped
        # before ranking, as Chroma's own filter would have.
        dense = [i for i in dense if i in texts][:pool]

        fused = _reciprocal_rank_fusion([dense, lexical])
        if prefer:
            kinds = {kind.value for kind in prefer}
            fused = sorted(
                (
                    (chunk_id, score + SECTION_PREFERENCE)
                    if chunk_id in metadatas and metadatas[chunk_id]["section_kind"] in kinds
                    else (chunk_id, score)
                    for chunk_id, score in fused
                ),
                key=lambda pair: (-pair[1], pair[0]),
            )
        wanted = max(k, RERANKED) if ranker is not None and vector is not None else k
        results: list[Evidence] = []
        for chunk_id, score in fused:
            if chunk_id not in texts:
                continue  # gone from the dense index, or no longer allowed: not servable
            dense_rank = dense.index(chunk_id) + 1 if chunk_id in dense else None
            lexical_rank = lexical.index(chunk_id) + 1 if chunk_id in lexical else None
            results.append(
                Evidence(
                    chunk=chunk_from_metadata(chunk_id, texts[chunk_id], metadatas[chunk_id]),
                    score=score,
                    dense_rank=dense_rank,
                    lexical_rank=lexical_rank,
                )
            )
            if len(results) == wanted:
                break
        if ranker is not None and vector is not None:
            results = self._reranked(results, vector, frozenset(prefer), ranker)
        return results[:k]

    def products_using(self, words: Sequence[str], scope: AccessScope) -> dict[str, frozenset[str]]:
        """Per word, the products whose approved chunks the scope may see use it (as the
        lexical index stems it): what a question that names no product points at."""
        lexical_index, masks = self._current_lexical()
        key = (scope, ContentFilter())
        if key not in masks:
            masks[key] = lexical_index.mask(scope.allows)
        return lexical_index.products_using(words, masks[key])

    def _reranked(
        self,
        results: list[Evidence],
        vector: list[float],
        prefer: frozenset[SectionKind],
        ranker: LinearRanker,
    ) -> list[Evidence]:
        """The fused results re-ordered by the ranker's score (ties keep the fused order)."""
        query = np.asarray(vector, dtype=np.float32)
        sections = [e.chunk.section for e in results]
        headings = [section.rpartition(" > ")[2] for section in sections]
        similarity = self._heading_similarities(query, [*headings, *sections])
        signed = [
            e.model_copy(
                update={
                    "signals": PassageSignals(
                        dense_rank=e.dense_rank,
                        lexical_rank=e.lexical_rank,
                        preferred_section=e.chunk.section_kind in prefer,
                        heading_similarity=similarity[heading],
                        section_path_similarity=similarity[section],
                        fused_position=position,
                        fused_score=e.score,
                        section_kind=e.chunk.section_kind,
                    )
                }
            )
            for position, (e, heading, section) in enumerate(
                zip(results, headings, sections, strict=True), start=1
            )
        ]
        scores = ranker.scores([e.signals.vector() for e in signed if e.signals])
        order = sorted(range(len(signed)), key=lambda i: (-scores[i], i))
        return [signed[i] for i in order]

    def _heading_similarities(self, query: np.ndarray, texts: list[str]) -> dict[str, float]:
        """Cosine of the query and each heading (embedded once per process and text)."""
        unique = sorted(set(texts))
        if not unique:  # nothing retrieved
            return {}
        vectors = np.asarray(self._headings.embed_documents(unique), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1) * (float(np.linalg.norm(query)) or 1.0)
        cosines = vectors @ query / np.where(norms > 0, norms, 1.0)
        return {t: float(c) for t, c in zip(unique, cosines, strict=True)}

    def _nearest_allowed(
        self, vector: list[float], lexical: LexicalIndex, mask: np.ndarray, pool: int
    ) -> list[str] | None:
        """The ``pool`` nearest chunks the mask admits, without Chroma's metadata filter.

        A mask admitting a good share of the library: one unfiltered HNSW search asked for
        enough neighbours that ``pool`` of them pass (the share, with a margin). A narrow one
        (a product's boxed warning): the search restricted to the ids it admits, listed.
        ``None`` when neither fits (a mask admitting many chunks, yet a sliver of the library).

        A chunk newer than the generation (no row in it yet) is kept as a candidate by the
        first way: its metadata in Chroma is checked like every other candidate's before it is
        served. The second way misses it until the generation catches up (recall, not access).
        """
        admitted = int(np.count_nonzero(mask))
        if admitted == 0:
            return []
        wanted = max(
            pool, min(int(UNFILTERED_MARGIN * pool * len(mask) / admitted) + pool, len(lexical.ids))
        )
        if wanted <= MAX_UNFILTERED:
            nearest = self._index.nearest_content(vector, wanted) or []
            kept = []
            for chunk_id, _ in nearest:
                row = lexical.row_of(chunk_id)
                if row is None or mask[row] > 0:
                    kept.append(chunk_id)
            if len(kept) >= pool or len(nearest) < wanted:
                return kept[:pool]  # (fewer than asked came back: the whole index was seen)
        if admitted <= MAX_LISTED:
            listed = [lexical.ids[row] for row in np.flatnonzero(mask)]
            found = self._index.nearest_content(vector, pool, among=listed)
            if found is not None:  # else some were deleted since the generation: Chroma filters
                return [chunk_id for chunk_id, _ in found]
        return None

    def hcp_context(
        self, hcp_id: str, scope: AccessScope, *, query: str | None = None, k: int = 5
    ) -> list[NoteContext]:
        """Notes about one HCP that the scope's role may read, most relevant first."""
        probe = query or "clinical questions, interests and follow-ups"
        hits = self._index.query_notes(
            self._embedder.embed_query(probe), scope.notes_where(hcp_id), k
        )
        return [
            NoteContext(
                note_id=hit.id,
                hcp_id=hit.metadata["hcp_id"],
                author_role=NoteAuthorRole(hit.metadata["author_role"]),
                date=date.fromisoformat(hit.metadata["date"]),
                text=hit.text,
                score=1.0 - hit.distance,
            )
            for hit in hits
        ]


def _reciprocal_rank_fusion(rankings: list[list[str]]) -> list[tuple[str, float]]:
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
