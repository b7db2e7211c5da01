"""Embedders behind LangChain's ``Embeddings`` interface, so a hosted model swaps in one place.

The offline default runs all-MiniLM-L6-v2 (int8 ONNX) with onnxruntime: no torch, no download.
``model_id`` names the vector space; the index keeps one collection per model id so vectors of
different models never mix.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np
from langchain_core.embeddings import Embeddings

from knowledge_base.offline_assets import MiniLMFiles, minilm_files

__all__ = ["Embedder", "OnnxMiniLMEmbedder", "OpenAIEmbedder"]

#: Beyond four threads this small model gains little per call; more cores serve more calls.
MAX_AUTO_THREADS = 4


@runtime_checkable
class Embedder(Protocol):
    """What the index needs: LangChain's two methods plus a stable name for the vector space."""

    model_id: str

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class OnnxMiniLMEmbedder(Embeddings):
    """Mean-pooled, L2-normalised all-MiniLM-L6-v2 sentence embeddings on onnxruntime (CPU)."""

    model_id = "all-MiniLM-L6-v2-int8"

    def __init__(
        self, files: MiniLMFiles | None = None, *, batch_size: int = 8, threads: int = 0
    ) -> None:
        """``threads``: onnxruntime's intra-op threads; 0: one per core this process may use,
        at most 4 (see ``Settings.embedding_threads``). ``batch_size``: texts per model call;
        small batches of texts sorted by length waste little on padding (2026-12-05, 2 cores:
        a briefing's 61 passage sentences 1,086 ms in batches of 32, 501 ms in batches of 8;
        300 label chunks 50.8 against 59.7 chunks/s). The vectors do not depend on it."""
        # Imported here: onnxruntime and tokenizers are heavy and only this embedder needs them.
        import onnxruntime
        from tokenizers import Tokenizer

        self._files = files or minilm_files()
        self._batch_size = batch_size
        self._tokenizer = Tokenizer.from_file(str(self._files.tokenizer))
        self._tokenizer.enable_truncation(max_length=self._files.max_tokens)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or min(
            MAX_AUTO_THREADS, len(os.sched_getaffinity(0))
        )
        # Waiting threads sleep instead of spinning: a spinning thread fights whatever else runs
        # on its core (the app's other sessions, BM25, a second process) and slows both.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(self._files.onnx_model), options, providers=["CPUExecutionProvider"]
        )

    def _embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed_encodings(self._tokenizer.encode_batch(list(texts)))

    def _embed_encodings(self, encodings: Sequence[Any]) -> np.ndarray:
        # Padding: the tokenizer pads a batch to its longest text.
        longest = max(len(e.ids) for e in encodings)
        for encoding in encodings:
            encoding.pad(longest, pad_id=0, pad_token="[PAD]")
        input_ids = np.array([e.ids for e in encodings], dtype=np.int64)
        attention = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        token_types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        (hidden,) = self._session.run(
            ["last_hidden_state"],
            {"input_ids": input_ids, "attention_mask": attention, "token_type_ids": token_types},
        )
        mask = attention[..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.clip(norms, 1e-12, None)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Texts are batched by length (a batch is padded to its longest text, so mixing a
        table row with a full chunk wastes most of the batch), then put back in order."""
        if not texts:
            return []
        self._tokenizer.no_padding()
        try:
            encodings = self._tokenizer.encode_batch(texts)
        finally:
            self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        vectors: list[list[float]] = [[] for _ in texts]
        for start in range(0, len(order), self._batch_size):
            batch = order[start : start + self._batch_size]
            embedded = self._embed_encodings([encodings[i] for i in batch])
            for index, vector in zip(batch, embedded.tolist(), strict=True):
                vectors[index] = vector
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self._embed_batch([text])[0].tolist()


class OpenAIEmbedder(Embeddings):
    """OpenAI, Azure OpenAI or any OpenAI-compatible embeddings endpoint, via langchain-openai."""

    def __init__(self, embeddings: Embeddings, model: str, *, provider: str = "openai") -> None:
        self._embeddings = embeddings
        self.model_id = f"{provider}:{model}"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embeddings.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._embeddings.embed_query(text)
