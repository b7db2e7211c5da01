"""What a workflow hands to the audit log, and what the log hands back.

``AuditEntry`` is the boundary model a workflow fills in (one per generated output);
``AuditRecord`` is the stored, hash-chained row: the entry plus its sequence number, id, time and
hashes. Both serialise to exactly the JSON the record hash is computed over.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    PlainSerializer,
)

from assistant.outputs import GenerationInfo, GuardrailFlag, Sentence
from knowledge_base.models import Role

__all__ = [
    "AuditEntry",
    "AuditFlag",
    "AuditRecord",
    "AuditSentence",
    "CitedChunk",
    "RetrievedChunk",
    "VerifyResult",
    "format_timestamp",
]

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # fixed width: sorts as text, hashes the same everywhere


def _as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("audit timestamps must be timezone-aware")
    return value.astimezone(UTC)


def format_timestamp(value: datetime) -> str:
    return _as_utc(value).strftime(TIMESTAMP_FORMAT)


UtcTimestamp = Annotated[
    datetime,
    AfterValidator(_as_utc),
    PlainSerializer(format_timestamp, return_type=str, when_used="json"),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


class RetrievedChunk(_Strict):
    """A chunk the retriever handed to the prompt, with the approved document it comes from."""

    chunk_id: str
    doc_id: str
    version: str
    approval_code: str
    score: float


class CitedChunk(_Strict):
    """A citation of one sentence: the approved passage it is grounded on."""

    chunk_id: str
    doc_id: str
    version: str
    approval_code: str
    section: str


class AuditSentence(_Strict):
    text: str
    verdict: str = Field(description="The verifier's verdict (assistant.outputs.Verdict).")
    shown: bool = Field(description="False when the verifier removed it from what users saw.")
    citations: list[CitedChunk] = Field(default_factory=list)
    withheld_because: str | None = Field(
        default=None,
        description="For a withheld sentence, the checks it failed (older records lack it).",
    )

    @classmethod
    def from_sentence(cls, sentence: Sentence) -> AuditSentence:
        return cls(
            text=sentence.text,
            verdict=str(sentence.verdict),
            shown=sentence.shown,
            withheld_because=sentence.withheld_because(),
            citations=[
                CitedChunk(
                    chunk_id=c.chunk_id,
                    doc_id=c.doc_id,
                    version=c.version,
                    approval_code=c.approval_code,
                    section=c.section,
                )
                for c in sentence.citations
            ],
        )


class AuditFlag(_Strict):
    kind: str
    detail: str

    @classmethod
    def from_flag(cls, flag: GuardrailFlag) -> AuditFlag:
        return cls(kind=flag.kind, detail=flag.detail)


class AuditEntry(_Strict):
    """One generated output as a workflow reports it. PHI and secrets are removed on record()."""

    user: str = Field(min_length=1, description="Who asked (the employee id): attributable.")
    role: Role
    workflow: str = Field(pattern=r"^[a-z][a-z0-9_.-]*$", description="brief, ask, inquiries, eval")
    inputs: dict[str, JsonValue] = Field(default_factory=dict)
    prompt_id: str
    prompt_version: str
    prompt_sha256: str
    provider: str
    model: str
    parameters: dict[str, JsonValue] = Field(default_factory=dict)
    retrieved: list[RetrievedChunk] = Field(default_factory=list)
    output_shown: JsonValue = None
    output_generated: JsonValue = None
    sentences: list[AuditSentence] = Field(default_factory=list)
    flags: list[AuditFlag] = Field(default_factory=list)
    token_counts: dict[str, int] = Field(default_factory=dict)
    latency_ms: float = Field(default=0.0, ge=0)
    error: str | None = None
    eval_run_id: str | None = None
    tags: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def from_generation(cls, info: GenerationInfo, **fields: Any) -> AuditEntry:
        """Fill prompt, provider, model, parameters, latency and token counts from ``info``."""
        generation = {
            "prompt_id": info.prompt_id,
            "prompt_version": info.prompt_version,
            "prompt_sha256": info.prompt_sha256,
            "provider": info.provider,
            "model": info.model,
            "parameters": info.parameters,
            "latency_ms": info.latency_ms,
            "token_counts": info.usage,
        }
        return cls.model_validate(generation | fields)


class AuditRecord(AuditEntry):
    """A stored entry. ``record_hash`` = sha256 of the canonical JSON of every other field."""

    record_id: str
    seq: int = Field(ge=1, description="Gap-free position in the chain, from 1.")
    created_at: UtcTimestamp
    prev_hash: str = Field(description="record_hash of seq - 1 (64 zeros for seq 1).")
    record_hash: str


class VerifyResult(BaseModel):
    """What verify() found. ``ok`` is False at the first broken link, which is named."""

    ok: bool
    checked: int = Field(description="Records read before stopping.")
    first_bad_record_id: str | None = None
    first_bad_seq: int | None = None
    problem: str | None = None
    head_seq: int | None = Field(default=None, description="Last seq per the chain head row.")
    head_hash: str | None = Field(
        default=None, description="Hash per the chain head row: keep it outside the database."
    )
    processes: int = Field(
        default=1, description="Processes that shared the walk (a long chain is split in two)."
    )
