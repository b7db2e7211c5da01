"""Pydantic models at the knowledge base's boundaries: manifest entries, parsed documents,
chunks, and the CRM records (HCP profiles, field notes, inquiries).

Files are loaded into these models with ``extra="forbid"`` where we own the format (the
manifest), so a typo is an error rather than a silently ignored field. CRM exports are not ours:
their extra columns are kept in ``extra``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


class Status(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class Audience(StrEnum):
    COMMERCIAL = "commercial"  # reps may use it
    MEDICAL = "medical"  # medical affairs only: behind the commercial-medical firewall


class Role(StrEnum):
    REP = "rep"
    MSL = "msl"
    MLR = "mlr"
    ADMIN = "admin"


class SectionKind(StrEnum):
    """Canonical label sections, whatever the source format calls them."""

    BOXED_WARNING = "boxed_warning"
    INDICATIONS = "indications"
    DOSAGE = "dosage"
    DOSAGE_FORMS = "dosage_forms"
    CONTRAINDICATIONS = "contraindications"
    WARNINGS_PRECAUTIONS = "warnings_precautions"
    ADVERSE_REACTIONS = "adverse_reactions"
    DRUG_INTERACTIONS = "drug_interactions"
    SPECIFIC_POPULATIONS = "specific_populations"
    CLINICAL_PHARMACOLOGY = "clinical_pharmacology"
    CLINICAL_STUDIES = "clinical_studies"
    HOW_SUPPLIED = "how_supplied"
    PATIENT_COUNSELING = "patient_counseling"
    PATIENT_LABELING = "patient_labeling"  # Medication Guide, Patient Information, IFU
    ACTIVE_INGREDIENT = "active_ingredient"
    PURPOSE = "purpose"
    DIRECTIONS = "directions"
    INACTIVE_INGREDIENTS = "inactive_ingredients"
    QUESTION = "question"  # standard response documents: the question answered
    RESPONSE = "response"  # standard response documents: the answer
    REFERENCES = "references"
    OTHER = "other"


class DocumentMetadata(BaseModel):
    """One entry of a content folder's ``manifest.yaml``: the MLR record of a document."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    path: str = Field(description="File path relative to the manifest; no '..', not absolute.")
    doc_id: Annotated[str, Field(pattern=ID_PATTERN, max_length=128)]
    title: Annotated[str, Field(min_length=1)]
    approval_code: Annotated[str, Field(max_length=64)] = Field(
        default="", description="MLR approval code; empty only while the entry is a draft."
    )
    version: str = Field(description="MLR version of this document, e.g. '3' or '2.1'.")
    status: Status
    approved_on: date | None = None
    expires_on: date | None = None
    audience: Audience
    products: Annotated[list[str], Field(min_length=1)]
    indications: list[str] = Field(default_factory=list)
    market: Annotated[str, Field(min_length=2, max_length=16)]
    therapy_area: str | None = None
    document_type: str | None = Field(
        default=None, description="label, standard_response, deck, faq, ... (free text)"
    )
    source: str | None = Field(default=None, description="Provenance of the file.")
    set_id: str | None = Field(
        default=None,
        description="FDA label set id: names the record of an openFDA file that holds several, "
        "and is checked against any label file's own set id.",
    )

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: object) -> object:
        # YAML reads `version: 2` as an int and `version: 2.1` as a float; both are versions.
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        return value

    @field_validator("version")
    @classmethod
    def _version_shape(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}", value):
            raise ValueError("version must be letters, digits, '.', '_' or '-', e.g. '3' or '2.1'")
        return value

    @field_validator("market")
    @classmethod
    def _market_upper(cls, value: str) -> str:
        return value.upper()

    @field_validator("path")
    @classmethod
    def _relative_path(cls, value: str) -> str:
        if not value or "\\" in value or "\x00" in value:
            raise ValueError("path must be a non-empty POSIX path relative to the manifest")
        pure = PurePosixPath(value)
        if pure.is_absolute() or ".." in pure.parts:
            raise ValueError("path must stay inside the manifest's folder (no '..', not absolute)")
        return value

    @model_validator(mode="after")
    def _dates_consistent(self) -> DocumentMetadata:
        if self.status is not Status.DRAFT and not self.approval_code:
            raise ValueError(
                f"approval_code is required when status is '{self.status}' (only a draft has "
                "none yet)"
            )
        if self.status is not Status.DRAFT and self.status is not Status.IN_REVIEW:
            if self.approved_on is None:
                raise ValueError(f"approved_on is required when status is '{self.status}'")
            if self.expires_on is None:
                raise ValueError(f"expires_on is required when status is '{self.status}'")
        if self.approved_on and self.expires_on and self.expires_on <= self.approved_on:
            raise ValueError(
                f"expires_on ({self.expires_on}) must be after approved_on ({self.approved_on})"
            )
        return self

    def is_groundable(self, today: date) -> bool:
        """Only approved, unexpired content may ground generated text."""
        return (
            self.status is Status.APPROVED
            and self.expires_on is not None
            and self.expires_on >= today
        )


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: Annotated[list[DocumentMetadata], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique(self) -> Manifest:
        doc_ids: set[str] = set()
        files: set[tuple[str, str | None]] = set()
        for entry in self.documents:
            if entry.doc_id in doc_ids:
                raise ValueError(f"duplicate doc_id '{entry.doc_id}' in documents")
            # One file is one document, except an openFDA file with several labels: each of
            # its entries names its record by set_id.
            if (entry.path, entry.set_id) in files:
                which = f" with set_id '{entry.set_id}'" if entry.set_id else ""
                raise ValueError(f"duplicate path '{entry.path}'{which} in documents")
            doc_ids.add(entry.doc_id)
            files.add((entry.path, entry.set_id))
        return self


class Section(BaseModel):
    """A leaf section of a parsed document: ``text[start:end]`` of its ``ParsedDocument``.

    Sections are flat, ordered and never overlap; nesting is kept in ``title`` as a path
    (``"5 WARNINGS AND PRECAUTIONS > 5.1 Hepatotoxicity"``) and in ``kind``, which a
    subsection inherits from its top-level section.
    """

    title: str
    kind: SectionKind
    code: str | None = Field(default=None, description="LOINC section code for SPL labels.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class ParsedDocument(BaseModel):
    """What a loader returns: the document's plain text and its section spans."""

    text: str
    sections: list[Section]
    title: str | None = None
    source_format: str
    set_id: str | None = Field(default=None, description="FDA label set id (SPL, openFDA).")
    label_version: str | None = Field(default=None, description="The label's own version.")
    brand_name: str | None = Field(default=None, description="A label's product (brand) name.")
    generic_name: str | None = Field(default=None, description="A label's generic name.")
    notices: list[str] = Field(
        default_factory=list,
        description="What the loader wants the user to know that is not an error, e.g. a "
        "label that is not a prescription label.",
    )

    @model_validator(mode="after")
    def _sections_inside_text(self) -> ParsedDocument:
        previous_end = 0
        for section in self.sections:
            if not (previous_end <= section.start <= section.end <= len(self.text)):
                raise ValueError(
                    f"section '{section.title}' [{section.start}:{section.end}] overlaps or "
                    f"falls outside the text (length {len(self.text)})"
                )
            previous_end = section.end
        return self

    def section_text(self, section: Section) -> str:
        return self.text[section.start : section.end]


class Chunk(BaseModel):
    """A retrievable passage of approved content, carrying everything a citation needs."""

    chunk_id: str
    doc_id: str
    version: str
    approval_code: str
    title: str
    section: str
    section_kind: SectionKind
    char_start: int = Field(ge=0, description="Offset into the document's stored text.")
    char_end: int = Field(ge=0)
    text: str
    token_count: int = Field(ge=0)
    products: list[str] = Field(default_factory=list, description="Products the document covers.")


class HcpProfile(BaseModel):
    """One row of ``hcps.csv``. Extra CRM columns are kept in ``extra``."""

    hcp_id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: str
    specialty: str
    subspecialty: str = ""
    institution: str = ""
    patient_mix: str = ""
    consent_email: bool
    consent_visit: bool
    consent_phone: bool
    preferred_channel: str
    extra: dict[str, str] = Field(default_factory=dict)


class NoteAuthorRole(StrEnum):
    REP = "rep"
    MSL = "msl"


class FieldNote(BaseModel):
    """One row of ``notes.csv`` (CRM call notes and MSL notes), after PHI redaction."""

    note_id: Annotated[str, Field(pattern=ID_PATTERN)]
    hcp_id: Annotated[str, Field(pattern=ID_PATTERN)]
    author_role: NoteAuthorRole
    date: date
    text: Annotated[str, Field(min_length=1)]
    extra: dict[str, str] = Field(default_factory=dict)


class Inquiry(BaseModel):
    """One row of ``inquiries.csv``: a medical information request, after PHI redaction."""

    inquiry_id: Annotated[str, Field(pattern=ID_PATTERN)]
    hcp_id: Annotated[str, Field(pattern=ID_PATTERN)]
    received_at: datetime
    channel: str
    product: str
    question: Annotated[str, Field(min_length=1)]
    status: str
    priority: str
    extra: dict[str, str] = Field(default_factory=dict)

    @field_validator("received_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        # Exports mix "Z", offsets and naive local stamps; store one clock. Naive means UTC.
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
