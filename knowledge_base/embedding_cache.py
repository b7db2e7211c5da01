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
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from knowledge_base.embeddings import Embedder
from knowledge_base.recent import RecentValues

__all__ = ["CachedEmbedder", "EmbeddingCache", "EmbeddingSeed", "RecentEmbeddings"]


class EmbeddingCache:
    """Vectors by (model id, text) in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._ready = False

    def _connect(self) -> sqlite3.Connection:
        # The file is made on first use, not when services open: an app instance that only
        # answers questions never touches it.
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=60)) as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)")
                db.commit()
            self._ready = True
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

    def all(self) -> dict[str, list[float]]:
        with closing(self._connect()) as db:
            return {
                key: array("f", blob).tolist()
                for key, blob in db.execute("SELECT key, vector FROM vectors")
            }

    def put_many(self, items: dict[str, Sequence[float]]) -> None:
        if not items:
            return
        rows = [(key, array("f", vector).tobytes()) for key, vector in items.items()]
        with closing(self._connect()) as db:
            db.executemany("INSERT OR IGNORE INTO vectors (key, vector) VALUES (?, ?)", rows)
            db.commit()


class EmbeddingSeed:
    """Read-only vectors shipped with content (``.npz``: ``keys`` and a float32 ``vectors``
    matrix, keys as :meth:`EmbeddingCache.key`), e.g. the bundled sample's, so that a new user's
    first ingest of the sample does not spend minutes embedding text whose vectors are known.
    Loaded on first use."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._rows: dict[str, int] | None = None
        self._vectors: Any = None

    def _load(self) -> dict[str, int]:
        if self._rows is None:
            with np.load(self.path, allow_pickle=False) as data:
                keys, self._vectors = data["keys"], data["vectors"]
            self._rows = {str(key): row for row, key in enumerate(keys)}
        return self._rows

    def get_many(self, keys: Sequence[str]) -> dict[str, list[float]]:
        rows = self._load()
        return {key: self._vectors[rows[key]].tolist() for key in keys if key in rows}

    @staticmethod
    def write(path: Path, vectors: dict[str, Sequence[float]]) -> None:
        keys = sorted(vectors)
        np.savez_compressed(
            path,
            keys=np.array(keys),
            vectors=np.array([vectors[k] for k in keys], dtype=np.float32),
        )


class CachedEmbedder(Embeddings):
    """An embedder that asks ``cache`` (then read-only ``seeds``) before ``inner`` for document
    texts. Queries are not cached: each is new text, and a query must not wait on the cache
    file's lock."""

    def __init__(
        self, inner: Embedder, cache: EmbeddingCache, seeds: Sequence[EmbeddingSeed] = ()
    ) -> None:
        self._inner = inner
        self._cache = cache
        self._seeds = list(seeds)
        self.model_id = inner.model_id

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [EmbeddingCache.key(self.model_id, text) for text in texts]
        found = self._cache.get_many(sorted(set(keys)))
        for seed in self._seeds:
            seeded = seed.get_many(sorted(set(keys) - set(found)))
            self._cache.put_many(seeded)
            found.update(seeded)
        missing = sorted({k: i for i, k in enumerate(keys) if k not in found}.items())
        if missing:
            computed = self._inner.embed_documents([texts[i] for _, i in missing])
            new = {key: vector for (key, _), vector in zip(missing, computed, strict=True)}
            self._cache.put_many(new)
            found.update(new)
        return [found[key] for key in keys]

    def embed_query(self, text: str) -> list[float]:
        return self._inner.embed_query(text)


class RecentEmbeddings(Embeddings):
    """An in-process memory of the last ``size`` document texts embedded, for generation and
    verification: a product's passage sentences come back in every briefing and answer about
    it, and the extractive provider and the verifier embed many of the same ones. Vectors are
    kept as numpy arrays (about 3 KB each, exact); queries pass through. Safe to share between
    threads."""

    def __init__(self, inner: Embedder, size: int = 8192) -> None:
        self._inner = inner
        self._vectors: RecentValues[str, np.ndarray] = RecentValues(size)
        self.model_id = inner.model_id

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        found = self._vectors.known(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            computed = self._inner.embed_documents(missing)
            pairs = zip(missing, computed, strict=True)
            new = {text: np.asarray(vector, dtype=np.float64) for text, vector in pairs}
            self._vectors.remember(new)
            found |= new
        return [found[t].tolist() for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._inner.embed_query(text)
