"""Builds the running parts from settings: the one place that turns configuration into objects."""

from __future__ import annotations

from datetime import UTC, date, datetime

from assistant.pharmacovigilance.screening import LibraryScreener
from assistant.settings import Settings
from knowledge_base.access import AccessScope
from knowledge_base.catalog import Catalog
from knowledge_base.chunking import ChunkingConfig
from knowledge_base.embedding_cache import CachedEmbedder, EmbeddingCache, EmbeddingSeed
from knowledge_base.embeddings import Embedder, OnnxMiniLMEmbedder, OpenAIEmbedder
from knowledge_base.lexical_index import FileLexicalIndexStore, LexicalIndexStore
from knowledge_base.lexical_sql import SqlLexicalIndexStore
from knowledge_base.models import Role
from knowledge_base.store import KnowledgeBase, sample_embedding_seed
from knowledge_base.tokens import TokenCounter
from knowledge_base.vector_index import VectorIndex

__all__ = [
    "ConfigurationError",
    "access_scope",
    "build_embedder",
    "lexical_store",
    "open_knowledge_base",
    "today",
]


class ConfigurationError(ValueError):
    """Settings that cannot work together; the message names the variable to set."""


def today(settings: Settings) -> date:
    return settings.today or datetime.now(UTC).date()


def access_scope(settings: Settings, role: Role, *, market: str | None = None) -> AccessScope:
    return AccessScope(role=role, today=today(settings), market=market or settings.market)


def ingest_embedder(settings: Settings, embedder: Embedder) -> Embedder:
    """What ingest embeds chunks with: ``embedder`` behind the embedding cache (when on).

    Only content is cached: queries and generated sentences never go into the cache file."""
    if not settings.embedding_cache:
        return embedder
    path = settings.embedding_cache_path or settings.cache_dir / "embeddings.sqlite"
    seed = sample_embedding_seed(embedder.model_id)
    return CachedEmbedder(
        embedder, EmbeddingCache(path.expanduser()), [EmbeddingSeed(seed)] if seed else []
    )


def build_embedder(settings: Settings) -> Embedder:
    if settings.embedding_provider == "local":
        return OnnxMiniLMEmbedder(threads=settings.embedding_threads)
    # Imported only when configured: the offline default must not need it.
    from langchain_openai import AzureOpenAIEmbeddings, OpenAIEmbeddings

    if settings.openai_api_key is None and settings.embedding_provider != "openai_compatible":
        raise ConfigurationError(
            f"MEDBRIEF_EMBEDDING_PROVIDER={settings.embedding_provider} needs an API key: "
            "set MEDBRIEF_OPENAI_API_KEY"
        )
    common = {
        "model": settings.embedding_model,
        "api_key": settings.openai_api_key,
        "timeout": settings.request_timeout_s,
        "max_retries": settings.max_retries,
    }
    if settings.embedding_provider == "azure":
        if not settings.azure_endpoint:
            raise ConfigurationError(
                "MEDBRIEF_EMBEDDING_PROVIDER=azure needs MEDBRIEF_AZURE_ENDPOINT"
            )
        embeddings = AzureOpenAIEmbeddings(
            azure_endpoint=settings.azure_endpoint,
            api_version=settings.azure_api_version,
            **common,
        )
    elif settings.embedding_provider == "openai_compatible":
        if not settings.openai_base_url:
            raise ConfigurationError(
                "MEDBRIEF_EMBEDDING_PROVIDER=openai_compatible needs MEDBRIEF_OPENAI_BASE_URL"
            )
        embeddings = OpenAIEmbeddings(
            base_url=settings.openai_base_url,
            # Servers other than OpenAI's do not take tiktoken token ids as input.
            check_embedding_ctx_length=False,
            **{**common, "api_key": settings.openai_api_key or "not-needed"},
        )
    else:
        embeddings = OpenAIEmbeddings(base_url=settings.openai_base_url, **common)
    return OpenAIEmbedder(
        embeddings, settings.embedding_model, provider=settings.embedding_provider
    )


def lexical_store(settings: Settings, catalog: Catalog, model_id: str) -> LexicalIndexStore:
    """Where lexical generations live: beside the catalog.

    ``MEDBRIEF_CATALOG_URL`` set (a shared database: server mode): in the catalog database, so
    every app instance serves the same generation. Otherwise files under the data directory.
    """
    if settings.catalog_url:
        return SqlLexicalIndexStore(catalog.engine, model_id)
    return FileLexicalIndexStore(settings.resolved_home / "lexical" / model_id)


def open_knowledge_base(settings: Settings, *, embedder: Embedder | None = None) -> KnowledgeBase:
    home = settings.resolved_home
    home.mkdir(parents=True, exist_ok=True)
    embedder = embedder or build_embedder(settings)
    tokens = TokenCounter(settings.cache_dir / "tiktoken")
    catalog = Catalog.open(settings.resolved_catalog_url)
    return KnowledgeBase(
        catalog=catalog,
        index=VectorIndex.open(
            path=home / "chroma", url=settings.chroma_url, model_id=embedder.model_id
        ),
        lexical_store=lexical_store(settings, catalog, embedder.model_id),
        embedder=embedder,
        ingest_embedder=ingest_embedder(settings, embedder),
        count_tokens=tokens.count,
        chunking=ChunkingConfig(
            max_tokens=settings.chunk_tokens, overlap_tokens=settings.chunk_overlap_tokens
        ),
        lexical_refresh_s=settings.lexical_refresh_s,
        screener=LibraryScreener(catalog, embedder),
    )
