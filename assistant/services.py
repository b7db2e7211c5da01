"""Everything a workflow needs, built once from settings and passed down (no globals)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from assistant.audit import AuditLog, resolve_audit_url
from assistant.grounding.offlabel import ProductLabel
from assistant.grounding.support import SupportVerifier
from assistant.outputs import InquirySummary
from assistant.providers.base import Provider
from assistant.providers.extractive import ExtractiveProvider
from assistant.providers.hosted import HostedChatProvider
from assistant.runtime import ConfigurationError, open_knowledge_base
from assistant.settings import Settings
from assistant.shared_results import SharedResults
from knowledge_base.embedding_cache import RecentEmbeddings
from knowledge_base.embeddings import Embedder
from knowledge_base.retrieval import Retriever
from knowledge_base.store import KnowledgeBase
from knowledge_base.tokens import TokenCounter

__all__ = ["Services", "build_provider", "open_services"]


@dataclass
class Services:
    settings: Settings
    kb: KnowledgeBase
    retriever: Retriever
    provider: Provider
    support: SupportVerifier
    tokens: TokenCounter
    audit: AuditLog
    clock: Callable[[], datetime]
    # Set by the evals runner: every output it causes is recorded with the run it belongs to.
    eval_run_id: str | None = None
    # What each label version says for the off-label check, read once per version and
    # metadata (workflows.labels.product_labels): parsing every label cost ~0.3 s per question.
    label_cache: dict[tuple[str, str, str], list[ProductLabel]] = field(default_factory=dict)
    # Each label version's reading for briefings (workflows.headlines.LabelReading: headline
    # results with the chunk ids quoting them, the boxed warning's opening chunk), keyed
    # (doc_id, version): a label is read once per version, not once per briefing.
    headline_cache: dict[tuple[str, str], Any] = field(default_factory=dict)
    # Each document version's stored text and where its tables run (workflows.table_heads),
    # keyed (doc_id, version): a passage cut inside a table is widened to its caption.
    table_cache: dict[tuple[str, str], tuple[str, list[tuple[int, int]]]] = field(
        default_factory=dict
    )
    # Inquiry backlog summaries of the ingested inquiries, shared by every session of the app
    # (workflows.inquiries.backlog_summary): computing one takes seconds, reading it none.
    backlog_summaries: SharedResults[Hashable, InquirySummary] = field(
        default_factory=lambda: SharedResults(size=16)
    )

    def today(self) -> date:
        return self.settings.today or self.clock().date()


def build_provider(settings: Settings, embedder: Embedder) -> Provider:
    if settings.llm_provider == "extractive":
        return ExtractiveProvider(embedder)
    # Imported only when configured: the offline default must not need it.
    from langchain_openai import AzureChatOpenAI, ChatOpenAI

    key = settings.openai_api_key
    if key is None and settings.llm_provider != "openai_compatible":
        raise ConfigurationError(
            f"MEDBRIEF_LLM_PROVIDER={settings.llm_provider} needs an API key: "
            "set MEDBRIEF_OPENAI_API_KEY"
        )
    parameters: dict[str, Any] = {
        "temperature": settings.llm_temperature,
        "max_tokens": settings.llm_max_output_tokens,
        "timeout_s": settings.request_timeout_s,
        "max_retries": settings.max_retries,
    }
    common: dict[str, Any] = {
        "temperature": settings.llm_temperature,
        "max_tokens": settings.llm_max_output_tokens,
        "timeout": settings.request_timeout_s,
        "max_retries": settings.max_retries,
    }
    if settings.llm_provider == "azure":
        if not settings.azure_endpoint:
            raise ConfigurationError("MEDBRIEF_LLM_PROVIDER=azure needs MEDBRIEF_AZURE_ENDPOINT")
        chat = AzureChatOpenAI(
            azure_endpoint=settings.azure_endpoint,
            azure_deployment=settings.llm_model,
            api_version=settings.azure_api_version,
            api_key=key,
            **common,
        )
    elif settings.llm_provider == "openai_compatible":
        if not settings.openai_base_url:
            raise ConfigurationError(
                "MEDBRIEF_LLM_PROVIDER=openai_compatible needs MEDBRIEF_OPENAI_BASE_URL"
            )
        parameters["base_url"] = settings.openai_base_url
        chat = ChatOpenAI(
            model=settings.llm_model,
            base_url=settings.openai_base_url,
            api_key=key or "not-needed",  # local servers (vLLM, llama.cpp) often take none
            **common,
        )
    else:
        chat = ChatOpenAI(
            model=settings.llm_model, base_url=settings.openai_base_url, api_key=key, **common
        )
    return HostedChatProvider(
        chat, name=settings.llm_provider, model=settings.llm_model, parameters=parameters
    )


def open_services(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    provider: Provider | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Services:
    kb = open_knowledge_base(settings, embedder=embedder)
    # One memory of passage-sentence vectors for the extractive provider and the verifier.
    recent = RecentEmbeddings(kb.embedder)
    return Services(
        settings=settings,
        kb=kb,
        retriever=kb.retriever(),
        provider=provider or build_provider(settings, recent),
        support=SupportVerifier(embed=recent.embed_documents),
        tokens=TokenCounter(settings.cache_dir / "tiktoken"),
        audit=AuditLog.open(resolve_audit_url(settings)),
        clock=clock or (lambda: datetime.now(UTC)),
    )
