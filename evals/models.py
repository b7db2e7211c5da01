"""The shapes of an evaluation: suites (what to run and expect) and runs (what happened).

A suite is a YAML file validated into ``Suite``; running suites produces an ``EvalRun``, which is
stored as JSON and rendered into the HTML / JUnit / JSON reports. Everything a reviewer needs to
judge a case later (the text, each sentence's citations and verdicts, the cited passages with
their approval codes) is kept in the run itself, so a report stays readable after the content
has changed or been withdrawn.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.outputs import GenerationInfo, GuardrailFlag, Sentence
from knowledge_base.models import Role

__all__ = [
    "Annotation",
    "AnnotationVerdict",
    "Case",
    "CaseInputs",
    "CaseResult",
    "CheckResult",
    "CiteExpectation",
    "EvalRun",
    "Expectations",
    "ExpectedSafetyFlag",
    "MetricValue",
    "Passage",
    "Suite",
    "SuiteResult",
    "Workflow",
]

Workflow = Literal["brief", "ask", "inquiries"]


class _Strict(BaseModel):
    """Suite files are written by hand: a misspelt key must be an error, not ignored."""

    model_config = ConfigDict(extra="forbid")


class CiteExpectation(_Strict):
    doc_id: str
    section: str | None = Field(default=None, description="A SectionKind value, e.g. dosage.")


class ExpectedSafetyFlag(_Strict):
    source_id: str = Field(description="The note or inquiry id that must (not) be flagged.")
    kind: Literal["AE", "PC"] = "AE"


class Expectations(_Strict):
    """What a case's output must (not) do. Every field is optional; unset means unchecked."""

    must_refuse: bool | None = Field(default=None, description="ask: refused or answered.")
    refusal_reason: str | None = Field(
        default=None, description="ask: off_label | no_approved_source, when must_refuse."
    )
    must_cite: list[CiteExpectation] = Field(default_factory=list)
    must_not_cite: list[str] = Field(
        default_factory=list, description="doc_ids that must never be cited (expired, medical...)"
    )
    must_include_safety: list[str] = Field(
        default_factory=list,
        description="brief: products whose boxed warning / key safety must be shown.",
    )
    must_not_mention: list[str] = Field(
        default_factory=list, description="Words/phrases no shown sentence may contain."
    )
    must_not_show: list[str] = Field(
        default_factory=list,
        description="Strings nothing shown may contain, CRM context included (e.g. PHI).",
    )
    must_flag: list[str] = Field(
        default_factory=list, description="Guardrail flag kinds that must be raised."
    )
    safety_flags: list[ExpectedSafetyFlag] = Field(
        default_factory=list, description="AE/PC flags that must be raised."
    )
    no_safety_flags: list[str] = Field(
        default_factory=list, description="Source ids that must not be flagged as AE/PC."
    )


class CaseInputs(_Strict):
    role: Role = Role.REP
    hcp_id: str | None = None
    question: str | None = None
    history: list[dict[str, str]] = Field(default_factory=list)
    inquiries_path: str | None = Field(
        default=None, description="inquiries: a CSV/JSON/XLSX file, relative to the suite file."
    )
    since: date | None = None
    until: date | None = None
    product: str | None = None


class Case(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    description: str = ""
    tags: list[str] = Field(default_factory=list)
    inputs: CaseInputs
    expect: Expectations = Field(default_factory=Expectations)


class Suite(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    description: str
    workflow: Workflow
    settings: dict[str, Any] = Field(
        default_factory=dict,
        description="Settings overrides (llm_provider, llm_model, ...), as MEDBRIEF_ names "
        "without the prefix, lower case.",
    )
    prompt_version: str | None = Field(default=None, description="e.g. '1' for chat/v1.md.")
    thresholds: dict[str, float] = Field(
        default_factory=dict, description="metric name -> minimum value (maximum for rates)."
    )
    cases: list[Case] = Field(min_length=1)
    path: Path | None = Field(default=None, exclude=True)


class Passage(BaseModel):
    """A cited chunk as it was when the case ran: what a reviewer expands in the report."""

    chunk_id: str
    doc_id: str
    version: str
    approval_code: str
    title: str
    section: str
    text: str
    section_kind: str = Field(default="", description="SectionKind of the chunk, e.g. dosage.")
    audience: str = Field(default="", description="commercial | medical, from the catalog.")
    indications: list[str] = Field(
        default_factory=list, description="The document's indications (MLR record)."
    )


class CheckResult(BaseModel):
    """One expectation or compliance check of one case."""

    name: str = Field(description="e.g. must_refuse, must_cite, must_not_mention, phi_leak")
    passed: bool
    detail: str = ""


class CaseResult(BaseModel):
    suite: str
    case_id: str
    description: str = ""
    workflow: Workflow
    inputs: CaseInputs
    passed: bool
    error: str | None = Field(default=None, description="The case could not run: why.")
    refused: bool | None = None
    sentences: list[Sentence] = Field(
        default_factory=list, description="Generated sentences, shown and removed (shown=False)."
    )
    passages: dict[str, Passage] = Field(
        default_factory=dict, description="chunk_id -> the cited passage."
    )
    flags: list[GuardrailFlag] = Field(default_factory=list)
    metrics: dict[str, float | None] = Field(
        default_factory=dict, description="Per-case metric values (None: not applicable)."
    )
    checks: list[CheckResult] = Field(default_factory=list)
    output: dict[str, Any] = Field(
        default_factory=dict, description="The workflow's whole output as JSON."
    )
    generation: GenerationInfo | None = None
    audit_id: str | None = None
    duration_ms: float = 0.0


class MetricValue(BaseModel):
    """A suite-level metric: the aggregate over its cases, against the suite's threshold."""

    name: str
    value: float | None = Field(description="None when no case applies.")
    numerator: float = 0.0
    denominator: float = 0.0
    threshold: float | None = None
    higher_is_better: bool = True
    passed: bool | None = Field(description="None when there is no threshold.")


class SuiteResult(BaseModel):
    name: str
    description: str
    workflow: Workflow
    path: str
    metrics: list[MetricValue]
    cases: list[CaseResult]
    passed: bool
    duration_s: float = 0.0


class AnnotationVerdict(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Annotation(BaseModel):
    """A reviewer's judgement of one case's output, stored with the run."""

    suite: str
    case_id: str
    verdict: AnnotationVerdict
    comment: str = ""
    reviewer: str
    created_at: datetime


class EvalRun(BaseModel):
    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    provider: str
    model: str
    prompts: dict[str, str] = Field(
        default_factory=dict, description="prompt id -> version used in this run."
    )
    settings: dict[str, Any] = Field(
        default_factory=dict, description="The effective settings (secrets removed)."
    )
    suites: list[SuiteResult] = Field(default_factory=list)
    annotations: list[Annotation] = Field(default_factory=list)
    passed: bool = False
    duration_s: float = 0.0
    judge: str | None = Field(default=None, description="LLM judge model, when one was used.")
