"""The knowledge base as one object: catalog, dense and lexical indexes, embedder, chunking.

Constructed from explicit parts (``assistant.runtime`` builds them from settings), so tests can
assemble one over a temp folder with a deterministic embedder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from knowledge_base.catalog import Catalog
from knowledge_base.chunking import ChunkingConfig
from knowledge_base.embeddings import Embedder
from knowledge_base.ingest import Ingestor, IngestReport, ProgressCallback
from knowledge_base.lexical_index import LexicalIndexStore
from knowledge_base.retrieval import Retriever
from knowledge_base.vector_index import VectorIndex

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

    def retriever(self) -> Retriever:
        """A retriever over the current lexical generation (load once, query many times)."""
        return Retriever(self.index, self.lexical_store.load(), self.embedder)
