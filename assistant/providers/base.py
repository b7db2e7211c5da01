"""The seam between workflows and whatever writes text: a hosted chat model or the extractive
generator. Both return the same drafts, which then go through the same verifier."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from knowledge_base.retrieval import Evidence
from prompts.loader import RenderedPrompt

__all__ = [
    "AnswerDraft",
    "AnswerRequest",
    "BriefingDraft",
    "BriefingRequest",
    "DraftClaim",
    "GenerationError",
    "NumberedSource",
    "Provider",
]


class GenerationError(RuntimeError):
    """The provider could not produce a usable draft (timeout, rate limit, malformed output)."""


class DraftClaim(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = Field(description="One sentence stating one claim.")
    sources: list[int] = Field(
        default_factory=list, description="Numbers [n] of the sources that state this claim."
    )


class RecordClaim(BaseModel):
    """A sentence about the HCP's CRM records, naming the records it comes from."""

    model_config = ConfigDict(extra="ignore")

    text: str = Field(description="One sentence.")
    records: list[str] = Field(default_factory=list, description="Refs of the records cited.")


class BriefingDraft(BaseModel):
    model_config = ConfigDict(extra="ignore")

    talking_points: list[DraftClaim] = Field(default_factory=list)
    safety_points: list[DraftClaim] = Field(default_factory=list)
    history: list[RecordClaim] = Field(
        default_factory=list,
        description="A written 'since your last call' (hosted models; the offline provider "
        "shows the records' own lines instead).",
    )


class AnswerDraft(BaseModel):
    model_config = ConfigDict(extra="ignore")

    refuse: bool = False
    reason: str | None = Field(default=None, description="no_approved_source | off_label | ...")
    sentences: list[DraftClaim] = Field(default_factory=list)


@dataclass(frozen=True)
class NumberedSource:
    """A retrieved chunk as the prompt shows it: ``[n]``."""

    n: int
    evidence: Evidence
    purpose: str = "benefit"  # "benefit" or "safety": what the workflow retrieved it for


@dataclass(frozen=True)
class BriefingRequest:
    prompt: RenderedPrompt
    sources: list[NumberedSource]
    focus: str
    products: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AnswerRequest:
    prompt: RenderedPrompt
    sources: list[NumberedSource]
    question: str
    history: list[tuple[str, str]] = field(default_factory=list)  # (role, text)


class Provider(Protocol):
    name: str
    model: str

    def parameters(self) -> dict[str, Any]: ...

    def draft_briefing(self, request: BriefingRequest) -> BriefingDraft: ...

    def draft_answer(self, request: AnswerRequest) -> AnswerDraft: ...

    def usage(self) -> dict[str, int]:
        """Token usage of the last call (empty when the provider has none)."""
        ...
