"""Optional LLM-as-judge metrics: a hosted model grades faithfulness and compliance.

Used only when a hosted provider is configured (``llm_provider`` other than ``extractive``);
offline there is no judge, its metrics are ``None`` and never gate a suite. The judge prompt is
the versioned file ``prompts/judge/v<N>.md``; the call goes through the same hosted provider
(LangChain, JSON mode, timeouts, bounded retries) as generation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from assistant.outputs import Briefing, ChatAnswer, InquirySummary
from assistant.providers.hosted import HostedChatProvider
from assistant.services import Services, build_provider
from assistant.settings import Settings
from evals.models import Case, Passage
from evals.views import view_of
from prompts.loader import PromptFile, load_prompt, render

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["JUDGE_METRICS", "Judge", "JudgeVerdict", "judge_for"]

JUDGE_METRICS = ("judge_faithfulness", "judge_compliance")


class JudgeVerdict(BaseModel):
    """The judge model's reply, validated like any model output."""

    model_config = ConfigDict(extra="ignore")

    faithfulness: float = Field(ge=0, le=1, description="Share of sentences stated by sources.")
    compliance: float = Field(ge=0, le=1, description="1 = no compliance problem.")
    reason: str = ""


class Judge:
    def __init__(self, provider: HostedChatProvider, prompt: PromptFile) -> None:
        self._provider = provider
        self._prompt = prompt
        self.model = f"{provider.name}:{provider.model}"
        self.prompt_version = prompt.version
        self.last_reason = ""

    def grade(self, question: str, sentences: list[dict], sources: list[dict]) -> JudgeVerdict:
        rendered = render(self._prompt, question=question, sentences=sentences, sources=sources)
        # The provider's JSON-mode call, with its error handling (GenerationError on failure).
        return self._provider.complete_json(rendered, JudgeVerdict)

    def score(
        self,
        case: Case,
        output: Briefing | ChatAnswer | InquirySummary,
        passages: Mapping[str, Passage],
    ) -> dict[str, float | None]:
        """The judge metrics of one case; ``None`` when nothing was shown to grade."""
        shown = view_of(output).shown_sentences
        if not shown:
            return dict.fromkeys(JUDGE_METRICS)
        numbers = {chunk_id: n for n, chunk_id in enumerate(passages, start=1)}
        sources = [
            {
                "n": numbers[p.chunk_id],
                "title": p.title,
                "section": p.section,
                "approval_code": p.approval_code,
                "text": p.text,
            }
            for p in passages.values()
        ]
        sentences = [
            {"text": s.text, "sources": [numbers[c.chunk_id] for c in s.citations]} for s in shown
        ]
        question = case.inputs.question or (
            f"Pre-call briefing for {case.inputs.hcp_id}" if case.inputs.hcp_id else "Inquiries"
        )
        verdict = self.grade(question, sentences, sources)
        self.last_reason = verdict.reason
        return {
            "judge_faithfulness": round(verdict.faithfulness, 4),
            "judge_compliance": round(verdict.compliance, 4),
        }


def judge_for(settings: Settings, services: Services) -> Judge | None:
    """A judge when a hosted provider is configured, else ``None`` (offline: no judge)."""
    if settings.llm_provider == "extractive":
        return None
    provider = services.provider
    if not isinstance(provider, HostedChatProvider):
        provider = build_provider(settings, services.kb.embedder)
    assert isinstance(provider, HostedChatProvider)  # every non-extractive provider is hosted
    return Judge(provider, load_prompt("judge"))
