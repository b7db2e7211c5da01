"""The knowledge base as one object: catalog, dense and lexical indexes, embedder, chunking.

Constructed from explicit parts (``assistant.runtime`` builds them from settings), so tests can
assemble one over a temp folder with a deterministic embedder. Content writers (ingest,
withdrawal) run under the catalog's writer lock: one at a time across every app instance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from knowledge_base.catalog import Catalog
from knowledge_base.chunking import ChunkingConfig
from knowledge_base.embeddings import Embedder
from knowledge_base.ingest import Ingestor, IngestReport, ProgressCallback
from knowledge_base.lexical_index import CurrentLexicalIndex, LexicalIndexStore
from knowledge_base.retrieval import Retriever
from knowledge_base.screening import Screener
from knowledge_base.vector_index import VectorIndex
from knowledge_base.withdrawal import WithdrawalResult, withdraw_document

__all__ = ["KnowledgeBase", "sample_embedding_seed", "sample_path"]


def sample_path() -> Path:
    """The bundled sample knowledge base (approved content + CRM exports)."""
    return Path(__file__).parent / "sample"


def sample_embedding_seed(model_id: str) -> Path | None:
    """The shipped vectors of the sample's texts for embedding model ``model_id``, if any
    (made by ``knowledge_base/sample/make_embeddings.py``)."""
    path = sample_path() / f"embeddings-{model_id}.npz"
    return path if path.is_file() else None


@dataclass
class KnowledgeBase:
    catalog: Catalog
    index: VectorIndex
    lexical_store: LexicalIndexStore
    embedder: Embedder
    count_tokens: Callable[[str], int]
    chunking: ChunkingConfig
    #: How often a retriever re-checks which lexical generation is current (0: every search).
    lexical_refresh_s: float = 2.0
    #: What ingest embeds content with (same vector space as ``embedder``; e.g. behind the
    #: embedding cache). None: ``embedder``.
    ingest_embedder: Embedder | None = None
    #: Screens every CRM note and inquiry row for possible AEs/PCs as ingest reads it (the
    #: assistant's detector). None: rows are screened only when a workflow reads them.
    screener: Screener | None = None

    def ingestor(self) -> Ingestor:
        return Ingestor(
            self.catalog,
            self.index,
            self.lexical_store,
            self.ingest_embedder or self.embedder,
            self.count_tokens,
            self.chunking,
            self.screener,
        )

    def ingest(
        self, paths: Iterable[Path], progress: ProgressCallback | None = None
    ) -> IngestReport:
        with self.catalog.writer_lock():
            return self.ingestor().ingest(paths, progress)

    def withdraw(
        self, doc_id: str, *, reason: str, by: str, now: datetime | None = None
    ) -> WithdrawalResult:
        """Retire a document at once: status ``withdrawn``, out of both indexes, event stored.

        Raises ``KnowledgeBaseError`` (unknown document, already withdrawn, never approved)."""
        with self.catalog.writer_lock():
            return withdraw_document(
                self.catalog,
                self.index,
                self.ingestor().rebuild_lexical_index,
                doc_id,
                reason=reason,
                by=by,
                now=now,
            )

    def retriever(self) -> Retriever:
        """A retriever that follows the current lexical generation, whoever saved it.

        Loaded on first use, re-checked at most every ``lexical_refresh_s`` seconds and reloaded
        when an ingest or withdrawal (in this process or another instance) saved a new one.
        """
        return Retriever(
            self.index,
            CurrentLexicalIndex(self.lexical_store, refresh_s=self.lexical_refresh_s),
            self.embedder,
        )
