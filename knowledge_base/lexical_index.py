"""The lexical index: BM25 (bm25s) over the same chunks as the dense index.

Embedded Chroma cannot rank by keywords, and drug names, doses and section words ("boxed
warning", "lactation") are where keyword matching beats a small embedding model. The index is
rebuilt from the dense index's contents after every ingest that changed it, and saved as a new
generation; a ``CURRENT`` file, replaced atomically, names the generation readers load, so a
reader never sees a half-written index.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import Stemmer

__all__ = ["LexicalHit", "LexicalIndex", "LexicalIndexStore"]

_CURRENT = "CURRENT"


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

    @classmethod
    def build(
        cls, ids: Sequence[str], texts: Sequence[str], metadatas: Sequence[Mapping[str, Any]]
    ) -> LexicalIndex:
        if not ids:
            return cls([], [], None)
        model = bm25s.BM25()
        model.index(_tokenize(list(texts), _stemmer()), show_progress=False)
        return cls(list(ids), [dict(m) for m in metadatas], model)

    def mask(self, allowed: Callable[[Mapping[str, Any]], bool]) -> np.ndarray:
        """1.0 for each chunk ``allowed`` admits: compute once per reader, reuse per query."""
        return np.fromiter((allowed(m) for m in self.metadatas), dtype=np.float32)

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


class LexicalIndexStore:
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
        (folder / "ids.json").write_text(json.dumps(index.ids), encoding="utf-8")
        (folder / "metadatas.json").write_text(json.dumps(index.metadatas), encoding="utf-8")
        if index.model is not None:
            index.model.save(str(folder / "bm25"), show_progress=False)
        pointer = self.root / f"{_CURRENT}.{generation}.tmp"
        pointer.write_text(generation, encoding="utf-8")
        previous = self.current_generation()
        os.replace(pointer, self.root / _CURRENT)
        if previous and previous != generation:
            # Readers that loaded the previous generation hold it in memory, not on disk.
            shutil.rmtree(self.root / previous, ignore_errors=True)
        return generation

    def load(self) -> LexicalIndex:
        generation = self.current_generation()
        if generation is None:
            return LexicalIndex([], [], None)
        folder = self.root / generation
        ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
        metadatas = json.loads((folder / "metadatas.json").read_text(encoding="utf-8"))
        model = None
        if (folder / "bm25").exists():
            model = bm25s.BM25.load(str(folder / "bm25"), show_progress=False)
        return LexicalIndex(ids, metadatas, model)
