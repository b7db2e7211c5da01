"""What the workflows produce: pydantic models at the boundary (CLI JSON, UI, audit log).

A generated text is a list of ``Sentence``s; each carries its citations to approved chunks and
the verifier's verdict. Rendering (Markdown, Streamlit) is a separate step.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

__all__ = [
    "Briefing",
    "ChatAnswer",
    "Citation",
    "FollowUp",
    "GenerationInfo",
    "GuardrailFlag",
    "HcpSnapshot",
    "InputProblem",
    "InquirySummary",
    "InquiryTheme",
    "Interaction",
    "OffLabelTopic",
    "SafetyBlock",
    "SafetyFlag",
    "Sentence",
    "TalkingPoint",
    "UrgentItem",
    "Verdict",
]


class Verdict(StrEnum):
    SUPPORTED = "supported"
    UNSUPPORTED = "unsupported"  # the cited text does not back the sentence
    INVALID_CITATION = "invalid_citation"  # cites a chunk that was not retrieved or not allowed
    UNCITED = "uncited"  # a claim without any citation


class GuardrailFlag(BaseModel):
    """A compliance finding on a sentence or a question (superlative, off-label, PHI, ...)."""

    kind: str = Field(
        description="e.g. superlative, comparative, guarantee, phi_leak, "
        "unknown_product, off_label, prompt_injection"
    )
    detail: str = Field(description="What triggered it, e.g. the matched words.")


class Citation(BaseModel):
    """A pointer from a sentence to the exact approved passage that grounds it."""

    source: int = Field(description="The number [n] of the source in the prompt.")
    doc_id: str
    version: str
    approval_code: str
    title: str
    section: str
    chunk_id: str
    char_start: int
    char_end: int
    verdict: Verdict = Field(description="Whether this citation's text supports the sentence.")
    support_score: float = 0.0


class Sentence(BaseModel):
    text: str
    citations: list[Citation] = Field(default_factory=list)
    verdict: Verdict
    reasons: list[str] = Field(default_factory=list, description="Why the verdict was reached.")
    flags: list[GuardrailFlag] = Field(default_factory=list)
    shown: bool = Field(description="False when the verifier removed it from what users see.")

    def withheld_because(self) -> str | None:
        """Why readers do not see this sentence, as an MLR reviewer reads it ("withheld:
        direction differs from source: 'decrease' vs 'increase'"); None when it is shown."""
        if self.shown:
            return None
        return "withheld: " + "; ".join(self.reasons or [f"verdict {self.verdict.value}"])


class GenerationInfo(BaseModel):
    """Which mode produced a text: always shown to users and stored in the audit log."""

    provider: str
    model: str
    parameters: dict[str, Any] = Field(default_factory=dict)
    prompt_id: str
    prompt_version: str
    prompt_sha256: str
    context_tokens: int = 0
    dropped_context: list[str] = Field(default_factory=list)
    latency_ms: float = 0.0
    usage: dict[str, int] = Field(default_factory=dict)
    today: date | None = None


class HcpSnapshot(BaseModel):
    hcp_id: str
    name: str
    specialty: str
    subspecialty: str
    institution: str
    patient_mix: str
    consent: dict[str, bool] = Field(description="Channel -> consent given.")
    preferred_channel: str
    profile: dict[str, str] = Field(
        default_factory=dict,
        description="Other CRM columns the HCP file carries, by label: KOL tier, territory, ...",
    )


class Interaction(BaseModel):
    """A recent note (PHI-redacted): context about the HCP, never evidence."""

    note_id: str
    date: date
    author_role: str
    text: str
    flagged: str | None = Field(
        default=None,
        description="Why the note is not plain context, e.g. it carries an instruction to the "
        "model; the note is then shown flagged and used for nothing else.",
    )


class SourceRef(BaseModel):
    """The CRM record a line of a briefing comes from (a note, an inquiry, a request)."""

    source_type: str = Field(description="note | inquiry | request | profile")
    source_id: str
    on: date | None = Field(default=None, description="The record's date.")


class HistoryItem(BaseModel):
    """One line of 'since your last call': what happened, linked to its record."""

    kind: str = Field(
        description="last call | call | medical follow-up | inquiry | information request | "
        "materials"
    )
    text: str
    source: SourceRef
    status: str | None = None


class HistorySentence(BaseModel):
    """A written sentence of 'since your last call', with the records it cites."""

    text: str
    records: list[str]


class SinceLastCall(BaseModel):
    last_call: date | None = Field(description="The latest call by a rep, if any.")
    start: date = Field(description="Items from this day on: the last call, or N days back.")
    summary: list[HistorySentence] = Field(
        default_factory=list,
        description="Written by a hosted model from the items and checked against the records "
        "each sentence cites; empty offline (the items are the summary).",
    )
    days: int = Field(default=90, description="How far back the history reaches at most.")
    items: list[HistoryItem]


class OpenItem(BaseModel):
    """A question the HCP asked, something the HCP requested, or a concern the HCP voiced, as
    a whole sentence of its note."""

    kind: str = Field(description="question | request | concern")
    text: str
    source: SourceRef


class AccessNote(BaseModel):
    """A note about access: prior authorisation, formulary, coverage, copay."""

    text: str
    source: SourceRef


class ComplianceNote(BaseModel):
    """Something in the notes the rep must handle by the rules, with the rule."""

    text: str
    source: SourceRef
    rule: str


class CallObjective(BaseModel):
    objective: str
    next_step: str
    reasons: list[OpenItem | HistoryItem | AccessNote] = Field(
        default_factory=list, description="The records the objective is built from."
    )


class TalkingPoint(BaseModel):
    product: str
    topic: str = Field(description="Section the point comes from: indication, efficacy, ...")
    sentences: list[Sentence]
    why: str | None = Field(
        default=None, description="Why this point fits this HCP (a redacted note or inquiry)."
    )
    why_source: SourceRef | None = None


class SafetyBlock(BaseModel):
    """Fair balance: the important safety information of a product the briefing promotes."""

    product: str
    sentences: list[Sentence]


class OffLabelTopic(BaseModel):
    topic: str
    note_id: str
    route: str = "Do not discuss. Submit a medical information request; an MSL will respond."


class FollowUp(BaseModel):
    channel: str | None = Field(description="A channel the HCP consented to, or None.")
    consent_ok: bool
    text: str


class SafetyFlag(BaseModel):
    """A possible adverse event or product complaint: route to pharmacovigilance today."""

    source_id: str = Field(description="The inquiry or note id.")
    source_type: str = Field(description="inquiry | note")
    kind: str = Field(description="AE | PC")
    evidence: str = Field(description="The span that triggered the flag (redacted).")
    received_at: datetime | None = Field(
        description="When the inquiry came in or the note was written; None when the row's "
        "date could not be read (the flag is still shown)."
    )
    hcp_id: str | None
    product: str | None = None
    problem: str | None = Field(
        default=None,
        description="Why the record itself was not loaded (a bad row still reaches PV).",
    )
    doubts: list[str] = Field(
        default_factory=list,
        description="What casts doubt on it (negated, hypothetical, label, pre-existing, other "
        "drug): the queue shows these last, and never drops them.",
    )
    reported_per_note: str | None = Field(
        default=None,
        description="The note's own words saying it was already reported ('called it in "
        "myself'): confirm it reached pharmacovigilance rather than report it twice.",
    )
    seriousness: str = Field(
        default="non serious",
        description="The ICH E2A criterion its evidence reads as (death, life threatening, "
        "hospitalised, disability, congenital anomaly, non serious): orders the queue.",
    )

    @property
    def when(self) -> str:
        """The date as shown: YYYY-MM-DD, or that it could not be read."""
        return f"{self.received_at:%Y-%m-%d}" if self.received_at else "date unreadable"


class Briefing(BaseModel):
    role: str
    hcp: HcpSnapshot
    recent_interactions: list[Interaction]
    since_last_call: SinceLastCall | None = None
    open_items: list[OpenItem] = Field(
        default_factory=list, description="Open questions and requests, whole and deduplicated."
    )
    access_notes: list[AccessNote] = Field(default_factory=list)
    compliance: list[ComplianceNote] = Field(
        default_factory=list,
        description="Requests in the notes the rules forbid (ship to a patient).",
    )
    objective: CallObjective | None = None
    talking_points: list[TalkingPoint]
    safety: list[SafetyBlock]
    do_not_discuss: list[OffLabelTopic]
    report_to_pv: list[SafetyFlag] = Field(
        default_factory=list,
        description="Possible AEs/PCs in this HCP's notes: report within one business day.",
    )
    follow_up: FollowUp
    removed: list[Sentence] = Field(
        default_factory=list, description="Generated sentences the verifier did not let through."
    )
    flags: list[GuardrailFlag] = Field(
        default_factory=list,
        description="Findings about the inputs, e.g. a prompt injection in a note or a source.",
    )
    generation: GenerationInfo
    audit_id: str | None = None

    def citations(self) -> list[Citation]:
        """Every citation of the sentences shown, in reading order."""
        blocks = [*self.talking_points, *self.safety]
        return [c for block in blocks for s in block.sentences for c in s.citations]


class ChatAnswer(BaseModel):
    question: str
    refused: bool
    reason: str | None = Field(
        default=None,
        description="off_label | no_approved_source | product_not_named | generation_error | None",
    )
    message: str | None = Field(default=None, description="What the user is told when refused.")
    medical_information_request_offered: bool = False
    sentences: list[Sentence] = Field(default_factory=list, description="Shown sentences.")
    removed: list[Sentence] = Field(default_factory=list)
    flags: list[GuardrailFlag] = Field(default_factory=list)
    generation: GenerationInfo
    audit_id: str | None = None

    def citations(self) -> list[Citation]:
        """Every citation of the sentences shown, in reading order."""
        return [c for s in self.sentences for c in s.citations]


class UrgentItem(BaseModel):
    inquiry_id: str
    hcp_id: str
    received_at: datetime
    priority: str
    status: str
    product: str
    question: str
    why: list[str]


class InquiryTheme(BaseModel):
    theme_id: str
    label: str
    products: list[str]
    count: int = Field(description="Inquiries in the period, duplicates counted once.")
    previous_count: int = Field(description="Same theme in the previous period of equal length.")
    trend: str = Field(description="new | up | down | flat")
    example_ids: list[str]
    example_questions: list[str] = Field(
        default_factory=list, description="The theme's most central questions, redacted."
    )
    specialties: list[str]
    duplicates: list[list[str]] = Field(
        default_factory=list, description="Groups of the same HCP asking the same thing."
    )
    response: list[Sentence] = Field(
        default_factory=list, description="Verified sentences of the best approved response."
    )
    content_gap: bool = Field(description="No approved response answers this theme: for MLR.")


class InputProblem(BaseModel):
    source: str
    row: int
    column: str | None
    message: str


class InquirySummary(BaseModel):
    period_start: datetime
    period_end: datetime
    previous_start: datetime
    product: str | None
    total: int
    unique: int = Field(description="After grouping duplicates.")
    themes: list[InquiryTheme]
    urgent: list[UrgentItem]
    safety_flags: list[SafetyFlag]
    content_gaps: list[str] = Field(description="Labels of themes with no approved response.")
    rejected_rows: list[InputProblem] = Field(default_factory=list)
    source_file: str | None = Field(
        default=None,
        description="The export summarized, as its user named it; None: the ingested inquiries.",
    )
    generation: GenerationInfo
    audit_id: str | None = None
