"""Numbering retrieved evidence for a prompt, within the model's token budget."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from assistant.context_budget import ContextItem, context_budget, pack_context, window_for
from assistant.grounding.guardrails import context_injection_flags
from assistant.outputs import GuardrailFlag
from assistant.providers.base import NumberedSource
from assistant.services import Services
from knowledge_base.retrieval import Evidence
from prompts.loader import RenderedPrompt

__all__ = ["PackedSources", "number_sources", "pack_for_prompt", "source_injection_flags"]


@dataclass(frozen=True)
class PackedSources:
    sources: list[NumberedSource]
    dropped: list[str]  # chunk ids left out to fit the window
    tokens: int

    unprompted: frozenset[int] = frozenset()  # numbers of sources the prompt does not show

    def by_number(self) -> dict[int, NumberedSource]:
        return {s.n: s for s in self.sources}

    def with_unprompted(self, evidence: Sequence[Evidence], *, purpose: str) -> PackedSources:
        """These sources added after the prompt's, numbered on, for the verifier and the audit
        record only: the prompt does not show them (what code quotes needs no model)."""
        known = {s.evidence.chunk.chunk_id: s.n for s in self.sources}
        added: list[NumberedSource] = []
        for e in evidence:
            if e.chunk.chunk_id not in known:
                known[e.chunk.chunk_id] = len(self.sources) + len(added) + 1
                added.append(NumberedSource(n=known[e.chunk.chunk_id], evidence=e, purpose=purpose))
        return replace(
            self,
            sources=[*self.sources, *added],
            unprompted=self.unprompted | {s.n for s in added},
        )

    def prompt_view(self) -> list[dict[str, object]]:
        """What the prompt template shows of each source."""
        return [
            {
                "n": s.n,
                "title": s.evidence.chunk.title,
                "section": s.evidence.chunk.section,
                "approval_code": s.evidence.chunk.approval_code,
                "text": s.evidence.chunk.text,
            }
            for s in self.sources
            if s.n not in self.unprompted
        ]


def number_sources(
    ranked: Sequence[tuple[Evidence, str, int]],
    *,
    model: str,
    context_window: int | None,
    prompt_tokens: int,
    max_output_tokens: int,
    count_tokens: Callable[[str], int],
) -> PackedSources:
    """Keep the highest-priority evidence that fits, numbered [1..n] in the given order.

    ``ranked`` holds (evidence, purpose, priority); lower priority numbers are kept first, so
    safety information (fair balance) is never the part dropped to make room.
    """
    unique: dict[str, tuple[Evidence, str, int]] = {}
    for evidence, purpose, priority in ranked:
        key = evidence.chunk.chunk_id
        if key not in unique or priority < unique[key][2]:
            unique[key] = (evidence, purpose, priority)
    items = [
        ContextItem(key=key, text=evidence.chunk.text, priority=priority, kind="source")
        for key, (evidence, _, priority) in unique.items()
    ]
    budget = context_budget(context_window or window_for(model), prompt_tokens, max_output_tokens)
    packed = pack_context(items, budget, count_tokens)
    kept = [unique[item.key] for item in packed.kept]
    sources = [
        NumberedSource(n=i, evidence=evidence, purpose=purpose)
        for i, (evidence, purpose, _) in enumerate(kept, start=1)
    ]
    return PackedSources(sources=sources, dropped=list(packed.dropped), tokens=packed.tokens)


def pack_for_prompt(
    services: Services, ranked: Sequence[tuple[Evidence, str, int]], empty_prompt: RenderedPrompt
) -> PackedSources:
    """``number_sources`` with the provider's model and window, around ``empty_prompt`` (the
    prompt rendered without sources, whose tokens the sources must fit beside)."""
    return number_sources(
        ranked,
        model=services.provider.model,
        context_window=services.settings.llm_context_window,
        prompt_tokens=services.tokens.count(empty_prompt.system + empty_prompt.user),
        max_output_tokens=services.settings.llm_max_output_tokens,
        count_tokens=services.tokens.count,
    )


def source_injection_flags(sources: Sequence[NumberedSource]) -> list[GuardrailFlag]:
    """Prompt-injection attempts in the sources a prompt carries, each naming its source."""
    return context_injection_flags(
        (
            f"source [{s.n}] {s.evidence.chunk.doc_id}@{s.evidence.chunk.version}",
            s.evidence.chunk.text,
        )
        for s in sources
    )
