"""Writing workflow outputs to the audit log: one place, so no workflow can skip it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from assistant.audit import AuditEntry, AuditFlag, AuditSentence, RetrievedChunk
from assistant.outputs import GenerationInfo, GuardrailFlag, Sentence
from assistant.providers.base import GenerationError, NumberedSource
from assistant.services import Services
from knowledge_base.models import Role
from prompts.loader import RenderedPrompt

__all__ = ["failures_recorded", "record_failure", "record_output"]


def _retrieved(sources: Iterable[NumberedSource]) -> list[RetrievedChunk]:
    return [
        RetrievedChunk(
            chunk_id=s.evidence.chunk.chunk_id,
            doc_id=s.evidence.chunk.doc_id,
            version=s.evidence.chunk.version,
            approval_code=s.evidence.chunk.approval_code,
            score=s.evidence.score,
        )
        for s in sources
    ]


def record_output(
    services: Services,
    *,
    workflow: str,
    user: str,
    role: Role,
    inputs: Mapping[str, Any],
    generation: GenerationInfo,
    sources: Sequence[NumberedSource],
    output_shown: Any,
    output_generated: Any,
    sentences: Sequence[Sentence],
    flags: Sequence[GuardrailFlag],
) -> str:
    """Append the output's record; returns its id, which the output then carries."""
    record = services.audit.record(
        AuditEntry.from_generation(
            generation,
            user=user,
            role=role,
            workflow=workflow,
            inputs=dict(inputs),
            retrieved=_retrieved(sources),
            output_shown=output_shown,
            output_generated=output_generated,
            sentences=[AuditSentence.from_sentence(s) for s in sentences],
            flags=[AuditFlag.from_flag(f) for f in flags],
            eval_run_id=services.eval_run_id,
        )
    )
    return record.record_id


def record_failure(
    services: Services,
    *,
    workflow: str,
    user: str,
    role: Role,
    inputs: Mapping[str, Any],
    prompt_id: str,
    prompt_version: str,
    prompt_sha256: str,
    error: BaseException,
) -> str:
    """Failed generations are part of the record too (who asked what, and what went wrong)."""
    record = services.audit.record(
        AuditEntry(
            user=user,
            role=role,
            workflow=workflow,
            inputs=dict(inputs),
            prompt_id=prompt_id,
            prompt_version=prompt_version,
            prompt_sha256=prompt_sha256,
            provider=services.provider.name,
            model=services.provider.model,
            parameters=services.provider.parameters(),
            error=f"{type(error).__name__}: {error}",
            eval_run_id=services.eval_run_id,
        )
    )
    return record.record_id


@contextmanager
def failures_recorded(
    services: Services,
    *,
    workflow: str,
    user: str,
    role: Role,
    inputs: Mapping[str, Any],
    prompt: RenderedPrompt,
) -> Iterator[None]:
    """Around a provider call: a failed generation is recorded, then raised as it was."""
    try:
        yield
    except GenerationError as error:
        record_failure(
            services,
            workflow=workflow,
            user=user,
            role=role,
            inputs=inputs,
            prompt_id=prompt.id,
            prompt_version=str(prompt.version),
            prompt_sha256=prompt.sha256,
            error=error,
        )
        raise
