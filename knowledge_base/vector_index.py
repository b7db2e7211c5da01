"""The dense index: Chroma collections of approved-content chunks and of HCP notes.

Embedded (``PersistentClient``) by default, a Chroma server (``HttpClient``) when a URL is set;
the rest of the code only sees this class. Embeddings are always computed by our embedder and
passed in, so Chroma never tries to load (or download) an embedding model of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlparse

import chromadb
import chromadb.errors
import httpx
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from knowledge_base.errors import IndexUnavailableError

__all__ = ["IndexedRecord", "VectorHit", "VectorIndex"]

Metadata = Mapping[str, str | int | float | bool]


@dataclass(frozen=True)
class VectorHit:
    id: str
    distance: float
    text: str
    metadata: dict[str, Any]


@dataclass(frozen=True)
class IndexedRecord:
    id: str
    text: str
    metadata: dict[str, Any]


def _slug(model_id: str) -> str:
    return re.sub(r"[^a-zA-Z0-9_-]+", "-", model_id).strip("-").lower()[:40]


class _ServerCollection:
    """A collection on a Chroma server: a call that loses the connection (server down,
    restarting, killed mid-request) raises ``IndexUnavailableError`` naming the URL and what to
    do, not an httpx traceback."""

    def __init__(self, collection: Collection, url: str) -> None:
        self._collection = collection
        self._url = url

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._collection, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return attribute(*args, **kwargs)
            except httpx.TransportError as error:
                raise IndexUnavailableError(self._url, error) from error

        return call


class VectorIndex:
    """Two collections per embedding model: approved content, and HCP notes (context only)."""

    def __init__(self, client: ClientAPI, model_id: str, *, url: str | None = None) -> None:
        self._client = client
        slug = _slug(model_id)
        self._content = self._collection(f"approved_content__{slug}", model_id)
        self._notes = self._collection(f"hcp_notes__{slug}", model_id)
        if url:
            self._content = cast(Collection, _ServerCollection(self._content, url))
            self._notes = cast(Collection, _ServerCollection(self._notes, url))

    @classmethod
    def open(cls, *, path: Path | None, url: str | None, model_id: str) -> VectorIndex:
        settings = ChromaSettings(anonymized_telemetry=False)
        if url:
            parsed = urlparse(url)
            try:
                client = chromadb.HttpClient(
                    host=parsed.hostname or "localhost",
                    port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                    ssl=parsed.scheme == "https",
                    settings=settings,
                )
                return cls(client, model_id, url=url)
            # chromadb says "Could not connect to a Chroma server" as a ValueError.
            except (ValueError, httpx.TransportError) as error:
                raise IndexUnavailableError(url, error) from error
        else:
            if path is None:
                raise ValueError("an embedded index needs a path")
            path.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(path=str(path), settings=settings)
        return cls(client, model_id)

    def _collection(self, name: str, model_id: str) -> Collection:
        return self._client.get_or_create_collection(
            name,
            embedding_function=None,
            metadata={"hnsw:space": "cosine", "embedding_model": model_id},
        )

    # Approved content ---------------------------------------------------------------------

    def add_chunks(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        embeddings: Sequence[Sequence[float]],
        metadatas: Sequence[Metadata],
    ) -> None:
        """Upsert chunks; on failure, remove whatever of them was written, then re-raise."""
        if not ids:
            return
        try:
            self._content.upsert(
                ids=list(ids),
                documents=list(texts),
                embeddings=[list(e) for e in embeddings],
                metadatas=[dict(m) for m in metadatas],
            )
        except Exception:
            self._content.delete(ids=list(ids))
            raise

    def chunk_ids(self, doc_id: str) -> list[str]:
        return self._content.get(where={"doc_id": doc_id}, include=[])["ids"]

    def chunk_metadata(self, doc_id: str) -> list[tuple[str, Metadata]]:
        """(id, metadata) of every chunk of the document, without their texts."""
        found = self._content.get(where={"doc_id": doc_id}, include=["metadatas"])
        return list(zip(found["ids"], found["metadatas"] or [], strict=True))

    def delete_chunks(self, ids: Sequence[str]) -> None:
        if ids:
            self._content.delete(ids=list(ids))

    def update_chunk_metadata(self, ids: Sequence[str], metadatas: Sequence[Metadata]) -> None:
        if ids:
            self._content.update(ids=list(ids), metadatas=[dict(m) for m in metadatas])

    def query_content(
        self, embedding: Sequence[float], where: Mapping[str, object], n: int
    ) -> list[VectorHit]:
        return _query(self._content, embedding, where, n)

    def nearest_content(
        self, embedding: Sequence[float], n: int, *, among: Sequence[str] | None = None
    ) -> list[tuple[str, float]] | None:
        """The ``n`` nearest chunks as (id, distance), no texts, no metadata filter: the HNSW
        search alone, or a search among the listed ids (``None`` when one of them is no longer
        in the index: Chroma refuses the whole search then). Chroma's ``where`` filter reads
        every chunk's metadata per query (about 50 ms at 7,000 chunks, growing with the
        library); callers filter with their own access mask instead."""
        if among is not None and not among:
            return []
        try:
            result = self._content.query(
                query_embeddings=[list(embedding)],
                n_results=n if among is None else min(n, len(among)),
                ids=None if among is None else list(among),
                include=["distances"],
            )
        except chromadb.errors.InternalError as error:
            if among is not None and "finding id" in str(error):
                return None  # a listed chunk was deleted since the caller's list was made
            raise
        return list(zip(result["ids"][0], map(float, result["distances"][0]), strict=True))

    def all_content(self, page: int = 5000) -> list[IndexedRecord]:
        """Every content chunk, read in pages: against a server, one response per page, not one
        response holding the whole corpus (the lexical rebuild reads everything)."""
        found: list[IndexedRecord] = []
        while True:
            batch = _records(
                self._content.get(include=["documents", "metadatas"], limit=page, offset=len(found))
            )
            found += batch
            if len(batch) < page:
                return found

    def get_content(self, ids: Sequence[str]) -> list[IndexedRecord]:
        return _records(self._content.get(ids=list(ids), include=["documents", "metadatas"]))

    def content_count(self) -> int:
        return self._content.count()

    # Notes (HCP context, never evidence) ------------------------------------------------------

    def upsert_notes(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        embeddings: Sequence[Sequence[float]],
        metadatas: Sequence[Metadata],
    ) -> None:
        if ids:
            self._notes.upsert(
                ids=list(ids),
                documents=list(texts),
                embeddings=[list(e) for e in embeddings],
                metadatas=[dict(m) for m in metadatas],
            )

    def note_ids(self) -> set[str]:
        return set(self._notes.get(include=[])["ids"])

    def query_notes(
        self, embedding: Sequence[float], where: Mapping[str, object], n: int
    ) -> list[VectorHit]:
        return _query(self._notes, embedding, where, n)


def _records(result: Mapping[str, Any]) -> list[IndexedRecord]:
    return [
        IndexedRecord(id=i, text=t or "", metadata=dict(m or {}))
        for i, t, m in zip(
            result["ids"], result["documents"] or [], result["metadatas"] or [], strict=True
        )
    ]


def _query(
    collection: Collection, embedding: Sequence[float], where: Mapping[str, object], n: int
) -> list[VectorHit]:
    result = collection.query(
        query_embeddings=[list(embedding)],
        n_results=n,
        where=dict(where),
        include=["documents", "metadatas", "distances"],
    )
    ids = result["ids"][0]
    return [
        VectorHit(id=i, distance=float(d), text=t or "", metadata=dict(m or {}))
        for i, d, t, m in zip(
            ids,
            result["distances"][0],
            result["documents"][0],
            result["metadatas"][0],
            strict=True,
        )
    ]
