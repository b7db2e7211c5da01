"""The lexical index: BM25 (bm25s) over the same chunks as the dense index.

Embedded Chroma cannot rank by keywords, and drug names, doses and section words ("boxed
warning", "lactation") are where keyword matching beats a small embedding model. The index is
rebuilt from the dense index's contents after every ingest that changed it, and saved as a new
generation in a ``LexicalIndexStore``; a pointer to the current generation, switched atomically,
names the generation readers load, so a reader never sees a half-written index.

Two stores: ``FileLexicalIndexStore`` (embedded mode: generation folders under the data
directory and a ``CURRENT`` file replaced with ``os.replace``) and ``SqlLexicalIndexStore`` in
``knowledge_base.lexical_sql`` (server mode: generations as blobs in the catalog database, shared
by every app instance). A long-running reader holds a ``CurrentLexicalIndex``, which re-checks the
store's pointer at most every ``refresh_s`` seconds and reloads when another process (an ingest,
a withdrawal) has saved a new generation, so no app instance needs a restart after a change.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import threading
import time
import uuid
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import bm25s
import numpy as np
import Stemmer

__all__ = [
    "CurrentLexicalIndex",
    "FileLexicalIndexStore",
    "LexicalHit",
    "LexicalIndex",
    "LexicalIndexStore",
]

_CURRENT = "CURRENT"
#: Metadata that differs chunk by chunk within one section of one document version.
PER_CHUNK_FIELDS = frozenset({"char_start", "char_end", "token_count", "section"})
_LOAD_ATTEMPTS = 5


def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def _tokenize(texts: list[str], stemmer: Stemmer.Stemmer) -> Any:
    return bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False)


@dataclass(frozen=True)
class LexicalHit:
    id: str
    score: float
    metadata: dict[str, Any]


class LexicalIndex:
    def __init__(
        self, ids: list[str], metadatas: list[dict[str, Any]], model: bm25s.BM25 | None
    ) -> None:
        self.ids = ids
        self.metadatas = metadatas
        self.model = model
        self._stemmer = _stemmer()
        self._rows: dict[str, int] | None = None
        self._grouped: tuple[list[Mapping[str, Any]], np.ndarray] | None = None

    def row_of(self, chunk_id: str) -> int | None:
        """The chunk's row in this generation (its place in ``ids``, ``metadatas``, masks)."""
        if self._rows is None:
            self._rows = {chunk_id: row for row, chunk_id in enumerate(self.ids)}
        return self._rows.get(chunk_id)

    @classmethod
    def build(
        cls, ids: Sequence[str], texts: Sequence[str], metadatas: Sequence[Mapping[str, Any]]
    ) -> LexicalIndex:
        if not ids:
            return cls([], [], None)
        model = bm25s.BM25()
        model.index(_tokenize(list(texts), _stemmer()), show_progress=False)
        return cls(list(ids), [dict(m) for m in metadatas], model)

    def save_to(self, folder: Path) -> None:
        """Write this index into ``folder`` (which must exist): ids, metadata, bm25s arrays."""
        (folder / "ids.json").write_text(json.dumps(self.ids), encoding="utf-8")
        (folder / "metadatas.json").write_text(json.dumps(self.metadatas), encoding="utf-8")
        if self.model is not None:
            self.model.save(str(folder / "bm25"), show_progress=False)

    @classmethod
    def load_from(cls, folder: Path) -> LexicalIndex:
        """Read an index written by ``save_to``; raises ``FileNotFoundError`` if it is gone."""
        ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
        metadatas = json.loads((folder / "metadatas.json").read_text(encoding="utf-8"))
        model = None
        if (folder / "bm25").exists():
            model = bm25s.BM25.load(str(folder / "bm25"), show_progress=False)
        return cls(ids, metadatas, model)

    def to_bytes(self) -> bytes:
        """The whole index as one zip blob (the ``save_to`` files), for a database column."""
        buffer = io.BytesIO()
        with tempfile.TemporaryDirectory(prefix="medbrief-lexical-") as tmp:
            folder = Path(tmp)
            self.save_to(folder)
            with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                    archive.write(path, path.relative_to(folder).as_posix())
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> LexicalIndex:
        with tempfile.TemporaryDirectory(prefix="medbrief-lexical-") as tmp:
            folder = Path(tmp)
            with zipfile.ZipFile(io.BytesIO(blob)) as archive:
                for name in archive.namelist():
                    # Only names we wrote: never let an entry escape the temp folder.
                    target = (folder / name).resolve()
                    if not target.is_relative_to(folder.resolve()):
                        raise ValueError(f"lexical index blob has an unsafe entry: {name!r}")
                archive.extractall(folder)
            # bm25s.load reads the arrays into memory (mmap=False), so the folder can go.
            return cls.load_from(folder)

    def mask(self, allowed: Callable[[Mapping[str, Any]], bool]) -> np.ndarray:
        """1.0 for each chunk ``allowed`` admits: compute once per reader, reuse per query.

        ``allowed`` is asked once per distinct metadata apart from the chunk's place in its
        document (``PER_CHUNK_FIELDS``), i.e. about once per document and section kind, not
        once per chunk: access rules and filters never read those fields."""
        kinds, rows = self._kinds()
        verdicts = np.fromiter((allowed(m) for m in kinds), dtype=np.float32, count=len(kinds))
        return verdicts[rows]

    def _kinds(self) -> tuple[list[Mapping[str, Any]], np.ndarray]:
        if self._grouped is None:
            first: dict[tuple[Any, ...], int] = {}
            kinds: list[Mapping[str, Any]] = []
            rows = np.empty(len(self.metadatas), dtype=np.int64)
            for row, metadata in enumerate(self.metadatas):
                key = tuple(
                    sorted((k, v) for k, v in metadata.items() if k not in PER_CHUNK_FIELDS)
                )
                if key not in first:
                    first[key] = len(kinds)
                    kinds.append(metadata)
                rows[row] = first[key]
            self._grouped = (kinds, rows)
        return self._grouped

    def products_using(self, words: Sequence[str], mask: np.ndarray) -> dict[str, frozenset[str]]:
        """Per word (stemmed as the index stems it), the products whose chunks ``mask`` admits
        use it: a word only one or two labels use points at those products."""
        if self.model is None:
            return {word: frozenset() for word in words}
        vocabulary = self.model.vocab_dict
        scores = self.model.scores  # column-compressed: the chunks holding each token
        starts, rows = scores["indptr"], scores["indices"]
        kinds, kind_of = self._kinds()  # a chunk's products are its document's
        using = {}
        for word in words:
            token = vocabulary.get(self._stemmer.stemWord(word.lower()))
            held = rows[starts[token] : starts[token + 1]] if token is not None else rows[:0]
            allowed = held[mask[held] > 0]
            using[word] = frozenset(
                product
                for kind in np.unique(kind_of[allowed])
                for product in str(kinds[kind].get("products", "")).split("|")
                if product
            )
        return using

    def search(
        self,
        query: str,
        k: int,
        allowed: Callable[[Mapping[str, Any]], bool],
        *,
        mask: np.ndarray | None = None,
    ) -> list[LexicalHit]:
        """Top ``k`` chunks that ``allowed`` admits: the filter is a mask inside the ranking.

        ``mask`` is ``self.mask(allowed)`` when the caller has it already.
        """
        if self.model is None or k <= 0:
            return []
        if mask is None:
            mask = self.mask(allowed)
        if not mask.any():
            return []
        tokens = _tokenize([query], self._stemmer)
        if not tokens.ids or not tokens.ids[0]:
            return []
        documents, scores = self.model.retrieve(
            tokens, k=min(k, len(self.ids)), weight_mask=mask, show_progress=False
        )
        return [
            LexicalHit(id=self.ids[d], score=float(s), metadata=self.metadatas[d])
            for d, s in zip(documents[0], scores[0], strict=True)
            if s > 0
        ]


class LexicalIndexStore(Protocol):
    """Where lexical generations live and which one is current."""

    def current_generation(self) -> str | None:
        """The current generation's id: cheap, readers call it often."""
        ...

    def save(self, index: LexicalIndex) -> str:
        """Store ``index`` as a new generation and make it current, atomically."""
        ...

    def load(self) -> LexicalIndex:
        """The current generation (an empty index when there is none)."""
        ...

    def load_current(self) -> tuple[str | None, LexicalIndex]:
        """The current generation's id and index, read consistently with each other."""
        ...


class FileLexicalIndexStore:
    """Generations of the lexical index under one folder, with an atomic ``CURRENT`` pointer."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def current_generation(self) -> str | None:
        pointer = self.root / _CURRENT
        return pointer.read_text(encoding="utf-8").strip() if pointer.exists() else None

    def save(self, index: LexicalIndex) -> str:
        generation = uuid.uuid4().hex
        folder = self.root / generation
        folder.mkdir(parents=True)
        index.save_to(folder)
        pointer = self.root / f"{_CURRENT}.{generation}.tmp"
        pointer.write_text(generation, encoding="utf-8")
        previous = self.current_generation()
        os.replace(pointer, self.root / _CURRENT)
        if previous and previous != generation:
            # Readers that loaded the previous generation hold it in memory, not on disk; one
            # that read the old pointer just before the switch retries (``load_current``).
            shutil.rmtree(self.root / previous, ignore_errors=True)
        return generation

    def load(self) -> LexicalIndex:
        return self.load_current()[1]

    def load_current(self) -> tuple[str | None, LexicalIndex]:
        for _ in range(_LOAD_ATTEMPTS):
            generation = self.current_generation()
            if generation is None:
                return None, LexicalIndex([], [], None)
            try:
                return generation, LexicalIndex.load_from(self.root / generation)
            except FileNotFoundError:
                # A save switched the pointer and deleted this generation while we read it.
                if self.current_generation() == generation:
                    raise
        raise RuntimeError(f"lexical index under {self.root} kept changing while being loaded")


class CurrentLexicalIndex:
    """The store's current generation, reloaded when it changes (checked every ``refresh_s``).

    ``refresh_s=0`` checks on every call (one small read: a file or one indexed row). Safe to
    share between threads: at most one of them reloads at a time.
    """

    def __init__(
        self,
        store: LexicalIndexStore,
        *,
        refresh_s: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._refresh_s = refresh_s
        self._clock = clock
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._index: LexicalIndex | None = None
        self._checked_at = 0.0

    @property
    def generation(self) -> str | None:
        """The generation loaded now (``None`` before the first load or when there is none)."""
        return self._generation

    def current(self) -> LexicalIndex:
        now = self._clock()
        if self._index is not None and now - self._checked_at < self._refresh_s:
            return self._index
        with self._lock:
            if self._index is not None and now - self._checked_at < self._refresh_s:
                return self._index
            if self._index is None or self._store.current_generation() != self._generation:
                self._generation, self._index = self._store.load_current()
            self._checked_at = now
            return self._index
