"""Test doubles that behave, not mocks: a deterministic embedder with real lexical signal."""

from __future__ import annotations

import hashlib
import math
import re

from langchain_core.embeddings import Embeddings

_WORD = re.compile(r"[a-z0-9]+")


class HashingEmbedder(Embeddings):
    """Bag-of-words hashed into a fixed number of dimensions, L2-normalised.

    Texts sharing words are close, unrelated texts are far: enough signal to test ranking and
    filters without the real model, and identical on every run and machine.
    """

    model_id = "test-hashing-64"

    def __init__(self, dimensions: int = 64) -> None:
        self.dimensions = dimensions
        self.calls = 0
        self.texts_embedded = 0

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * self.dimensions
        for word in _WORD.findall(text.lower()):
            digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
            vector[int.from_bytes(digest, "big") % self.dimensions] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        self.texts_embedded += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


class FailingEmbedder(HashingEmbedder):
    """Fails on the n-th document batch: to prove a failed document leaves no trace."""

    def __init__(self, fail_on_call: int) -> None:
        super().__init__()
        self.fail_on_call = fail_on_call

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.calls + 1 == self.fail_on_call:
            self.calls += 1
            raise RuntimeError("embedding service unavailable")
        return super().embed_documents(texts)
