"""A content-addressed cache of document embeddings, so text that was embedded once is not
embedded again: a label's new version shares most of its chunks with the old one, a rebuilt
index (new instance, server mode, a test run) reuses what another ingest already computed, and
a hosted embedding model is not paid twice for the same text.

Keys are sha256(model id, text): a vector is only ever reused for the same model and the same
text. One SQLite file; several processes may share it (SQLite's locking, WAL journal).
"""

from __future__ import annotations

import hashlib
import sqlite3
from array import array
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from langchain_core.embeddings import Embeddings

from knowledge_base.embeddings import Embedder

__all__ = ["CachedEmbedder", "EmbeddingCache"]


class EmbeddingCache:
    """Vectors by (model id, text) in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)")
            db.commit()

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=60)

    @staticmethod
    def key(model_id: str, text: str) -> str:
        return hashlib.sha256(f"{model_id}\0{text}".encode()).hexdigest()

    def get_many(self, keys: Sequence[str]) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        with closing(self._connect()) as db:
            for start in range(0, len(keys), 500):
                batch = list(keys[start : start + 500])
                marks = ",".join("?" * len(batch))
                query = f"SELECT key, vector FROM vectors WHERE key IN ({marks})"
                for key, blob in db.execute(query, batch):
                    found[key] = array("f", blob).tolist()
        return found

    def put_many(self, items: dict[str, Sequence[float]]) -> None:
        if not items:
            return
        rows = [(key, array("f", vector).tobytes()) for key, vector in items.items()]
        with closing(self._connect()) as db:
            db.executemany("INSERT OR IGNORE INTO vectors (key, vector) VALUES (?, ?)", rows)
            db.commit()


class CachedEmbedder(Embeddings):
    """An embedder that asks ``cache`` before ``inner`` for document texts. Queries are not
    cached: each is new text, and a query must not wait on the cache file's lock."""

    def __init__(self, inner: Embedder, cache: EmbeddingCache) -> None:
        self._inner = inner
        self._cache = cache
        self.model_id = inner.model_id

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [EmbeddingCache.key(self.model_id, text) for text in texts]
        found = self._cache.get_many(sorted(set(keys)))
        missing = sorted({k: i for i, k in enumerate(keys) if k not in found}.items())
        if missing:
            computed = self._inner.embed_documents([texts[i] for _, i in missing])
            new = {key: vector for (key, _), vector in zip(missing, computed, strict=True)}
            self._cache.put_many(new)
            found.update(new)
        return [found[key] for key in keys]

    def embed_query(self, text: str) -> list[float]:
        return self._inner.embed_query(text)
