"""The knowledge base as one object: catalog, dense and lexical indexes, embedder, chunking.

Constructed from explicit parts (``assistant.runtime`` builds them from settings), so tests can
assemble one over a temp folder with a deterministic embedder.
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
from knowledge_base.lexical_index import LexicalIndexStore
from knowledge_base.retrieval import Retriever
from knowledge_base.vector_index import VectorIndex
from knowledge_base.withdrawal import WithdrawalResult, withdraw_document

__all__ = ["KnowledgeBase", "sample_path"]


def sample_path() -> Path:
    """The bundled sample knowledge base (approved content + CRM exports)."""
    return Path(__file__).parent / "sample"


@dataclass
class KnowledgeBase:
    catalog: Catalog
    index: VectorIndex
    lexical_store: LexicalIndexStore
    embedder: Embedder
    count_tokens: Callable[[str], int]
    chunking: ChunkingConfig

    def ingestor(self) -> Ingestor:
        return Ingestor(
            self.catalog,
            self.index,
            self.lexical_store,
            self.embedder,
            self.count_tokens,
            self.chunking,
        )

    def ingest(
        self, paths: Iterable[Path], progress: ProgressCallback | None = None
    ) -> IngestReport:
        return self.ingestor().ingest(paths, progress)

    def withdraw(
        self, doc_id: str, *, reason: str, by: str, now: datetime | None = None
    ) -> WithdrawalResult:
        """Retire a document at once: status ``withdrawn``, out of both indexes, event stored.

        Raises ``KnowledgeBaseError`` (unknown document, already withdrawn, never approved)."""
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
        """A retriever over the current lexical generation (load once, query many times)."""
        return Retriever(self.index, self.lexical_store.load(), self.embedder)
