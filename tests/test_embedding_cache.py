"""The ingest embedding cache: same model and text -> the stored vector; anything else -> the
model. Checked with a counting embedder, and through a real re-ingest into a second home."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge_base.embedding_cache import (
    CachedEmbedder,
    EmbeddingCache,
    EmbeddingSeed,
    RecentEmbeddings,
)
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


def test_seed_vectors_are_read_and_copied_into_the_cache(tmp_path: Path) -> None:
    model = CountingEmbedder()
    key = EmbeddingCache.key(model.model_id, "shipped text")
    EmbeddingSeed.write(tmp_path / "seed.npz", {key: [0.5, -0.25, 1.0]})
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    cached = CachedEmbedder(model, cache, [EmbeddingSeed(tmp_path / "seed.npz")])
    assert cached.embed_documents(["shipped text"]) == [[0.5, -0.25, 1.0]]
    assert model.embedded == []
    assert cache.get_many([key]) == {key: [0.5, -0.25, 1.0]}


def test_the_shipped_seed_covers_the_sample() -> None:
    """Every chunk and note text that `medbrief ingest --sample` embeds has its vector in the
    shipped seed; a changed sample without a re-made seed fails here, not on a user's laptop."""
    from assistant.settings import Settings
    from knowledge_base.chunking import ChunkingConfig, chunk_document
    from knowledge_base.crm import load_notes
    from knowledge_base.embeddings import OnnxMiniLMEmbedder
    from knowledge_base.ingest import _chunk_metadata, index_text
    from knowledge_base.loaders import load_document
    from knowledge_base.manifest import load_manifest
    from knowledge_base.models import Status
    from knowledge_base.redaction import redact
    from knowledge_base.store import sample_embedding_seed, sample_path
    from knowledge_base.tokens import TokenCounter

    settings = Settings()
    seed_path = sample_embedding_seed(OnnxMiniLMEmbedder.model_id)
    assert seed_path is not None, "run knowledge_base/sample/make_embeddings.py"
    tokens = TokenCounter(settings.cache_dir / "tiktoken")
    config = ChunkingConfig(settings.chunk_tokens, settings.chunk_overlap_tokens)
    content = sample_path() / "content"
    texts = []
    for entry in load_manifest(content / "manifest.yaml").documents:
        if entry.status is not Status.APPROVED:
            continue
        parsed = load_document(content / entry.path, set_id=entry.set_id)
        for chunk in chunk_document(entry, parsed, tokens.count, config):
            texts.append(index_text(_chunk_metadata(chunk, entry), chunk.text))
    texts += [redact(n.text).text for n in load_notes(sample_path() / "crm" / "notes.csv")]
    model_id = OnnxMiniLMEmbedder.model_id
    found = EmbeddingSeed(seed_path).get_many([EmbeddingCache.key(model_id, t) for t in texts])
    missing = [t[:80] for t in texts if EmbeddingCache.key(model_id, t) not in found]
    assert missing == [], (
        f"{len(missing)} of {len(texts)} sample texts have no shipped vector: run "
        f"knowledge_base/sample/make_embeddings.py; first: {missing[:3]}"
    )


def test_the_cache_file_is_made_on_first_use_only(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "sub" / "cache.sqlite")
    assert not (tmp_path / "sub").exists()  # opening services writes nothing
    assert cache.get_many(["x"]) == {}
    assert (tmp_path / "sub" / "cache.sqlite").is_file()


def test_recent_embeddings_remember_the_last_texts_exactly() -> None:
    inner = CountingEmbedder()
    recent = RecentEmbeddings(inner, size=3)
    first = recent.embed_documents(["alpha", "beta", "alpha"])
    assert inner.embedded == ["alpha", "beta"]
    assert first == inner.embed_documents(["alpha", "beta", "alpha"])  # exact, in order
    inner.embedded.clear()
    recent.embed_documents(["beta", "gamma", "delta"])  # alpha is now the oldest: forgotten
    assert inner.embedded == ["gamma", "delta"]
    inner.embedded.clear()
    recent.embed_documents(["alpha", "delta"])
    assert inner.embedded == ["alpha"]
    recent.embed_query("alpha")
    assert inner.embedded == ["alpha"]  # queries go to the model, and are not remembered
    assert recent.model_id == inner.model_id


def test_recent_embeddings_give_back_a_hosted_models_float64_vectors_unrounded() -> None:
    class Hosted(CountingEmbedder):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            self.embedded += texts
            return [[0.1, 1 / 3, -2 / 7] for _ in texts]

    recent = RecentEmbeddings(Hosted())
    recent.embed_documents(["alpha"])
    assert recent.embed_documents(["alpha"]) == [[0.1, 1 / 3, -2 / 7]]


def test_recent_values_forget_the_least_recently_used_key_first() -> None:
    from knowledge_base.recent import RecentValues

    with pytest.raises(ValueError, match="size must be at least 1"):
        RecentValues(0)
    recent: RecentValues[str, int] = RecentValues(2)
    recent.remember({"a": 1, "b": 2})
    assert recent.known(["a", "c", "a"]) == {"a": 1}  # a used again: b is now the oldest
    recent.remember({"c": 3})
    assert recent.known(["a", "b", "c"]) == {"a": 1, "c": 3}
