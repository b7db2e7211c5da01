"""The content library as reviewers see it: status and expiry of every document, the approved
passage behind a citation, and the outputs a withdrawal affects.

The CLI (`medbrief content ...`) and the app both call these functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from assistant.audit import AuditLog, AuditRecord
from assistant.outputs import Citation
from knowledge_base.access import AccessScope
from knowledge_base.catalog import Catalog
from knowledge_base.models import Status
from knowledge_base.store import KnowledgeBase
from knowledge_base.withdrawal import WithdrawalResult

__all__ = [
    "EXPIRING_SOON_DAYS",
    "OUTPUT_NOUN",
    "CitedPassage",
    "CitingOutputs",
    "ImpactRow",
    "LapsedSource",
    "LibraryRow",
    "WithdrawalImpact",
    "cited_passage",
    "citing_outputs",
    "content_library",
    "impact_rows",
    "lapsed_sources",
    "passage_text",
    "withdraw_with_impact",
]

EXPIRING_SOON_DAYS = 30  # approved content this close to expiry needs an MLR re-review now


@dataclass(frozen=True)
class LibraryRow:
    doc_id: str
    title: str
    version: str
    approval_code: str
    status: str
    audience: str
    market: str
    products: list[str]
    approved_on: date | None
    expires_on: date | None
    days_to_expiry: int | None
    expiring_soon: bool  # groundable now, and expires within the window
    expired_by_date: bool  # still marked approved, but past its expiry date: no longer grounds
    groundable: bool
    indexed: bool
    chunk_count: int


def content_library(
    catalog: Catalog, today: date, *, soon_days: int = EXPIRING_SOON_DAYS
) -> list[LibraryRow]:
    """Every document the library knows, soonest expiry first among the groundable ones."""
    rows = []
    for entry in catalog.list_documents():
        m = entry.metadata
        days = (m.expires_on - today).days if m.expires_on else None
        groundable = m.is_groundable(today)
        rows.append(
            LibraryRow(
                doc_id=m.doc_id,
                title=m.title,
                version=m.version,
                approval_code=m.approval_code,
                status=m.status.value,
                audience=m.audience.value,
                market=m.market,
                products=list(m.products),
                approved_on=m.approved_on,
                expires_on=m.expires_on,
                days_to_expiry=days,
                expiring_soon=groundable and days is not None and days <= soon_days,
                expired_by_date=m.status.value == "approved" and days is not None and days < 0,
                groundable=groundable,
                indexed=entry.indexed,
                chunk_count=entry.chunk_count,
            )
        )
    return rows


@dataclass(frozen=True)
class CitedPassage:
    text: str
    doc_id: str
    title: str
    version: str
    approval_code: str
    section: str
    status: str | None  # the document's status now (None: no longer in the library)


def passage_text(catalog: Catalog, citation: Citation) -> str:
    """The exact approved text a citation points at, in the version it cited (a version's text
    never changes: callers may keep it)."""
    parsed = catalog.parsed_version(citation.doc_id, citation.version)
    if parsed is None:
        return "(the stored text of this version is no longer available)"
    return parsed.text[citation.char_start : citation.char_end]


def cited_passage(catalog: Catalog, citation: Citation, *, text: str | None = None) -> CitedPassage:
    """The passage a citation points at (``text``: its ``passage_text`` when already known),
    with its document's status read now."""
    entry = catalog.get_document(citation.doc_id)
    return CitedPassage(
        text=passage_text(catalog, citation) if text is None else text,
        doc_id=citation.doc_id,
        title=citation.title,
        version=citation.version,
        approval_code=citation.approval_code,
        section=citation.section,
        status=entry.metadata.status.value if entry else None,
    )


@dataclass(frozen=True)
class LapsedSource:
    """A document version an output cites that no longer grounds anything for its reader."""

    doc_id: str
    version: str
    title: str
    why: str  # e.g. "withdrawn on 2026-12-05 by mlr: superseded by the new label"


def lapsed_sources(
    catalog: Catalog, citations: Iterable[Citation], scope: AccessScope
) -> list[LapsedSource]:
    """The cited document versions that no longer ground a claim for ``scope``'s reader, read
    from the catalog now (an output shown or downloaded later must say so): withdrawn, expired,
    replaced by a newer version, out of the library, or no longer for the reader's audience.
    One row per document version, in the order first cited."""
    why: dict[tuple[str, str], tuple[str, str | None]] = {}
    for citation in citations:
        key = (citation.doc_id, citation.version)
        if key not in why:
            why[key] = (citation.title, _why_lapsed(catalog, citation, scope))
    return [
        LapsedSource(doc_id, version, title, reason)
        for (doc_id, version), (title, reason) in why.items()
        if reason is not None
    ]


def _why_lapsed(catalog: Catalog, citation: Citation, scope: AccessScope) -> str | None:
    entry = catalog.get_document(citation.doc_id)
    if entry is None:
        return "no longer in the library"
    meta = entry.metadata
    if meta.status is Status.WITHDRAWN:
        events = [e for e in catalog.withdrawals(meta.doc_id) if e.version == meta.version]
        if events:
            event = events[-1]
            return f"withdrawn on {event.at:%Y-%m-%d} by {event.by}: {event.reason}"
        return "withdrawn"
    if meta.version != citation.version:
        return f"replaced by version {meta.version}"
    if meta.status is not Status.APPROVED:
        return f"status now {meta.status.value}"
    if meta.expires_on is None or meta.expires_on < scope.today:
        return f"expired on {meta.expires_on}" if meta.expires_on else "no expiry date"
    if meta.audience not in scope.audiences:
        return f"no longer approved for the {scope.role.value} audience ({meta.audience.value})"
    return None


#: What the outputs of each traffic are called, as in "2 people's output(s) cited ...".
OUTPUT_NOUN = {"production": "people's output", "evals": "eval run output", "all": "output"}


@dataclass(frozen=True)
class ImpactRow:
    record_id: str
    created_at: str
    user: str
    role: str
    workflow: str
    versions_cited: list[str]
    shown: bool  # a sentence citing the document reached the user
    eval_run: str | None  # the eval run that caused it; None: a person's output


def impact_rows(found: list[AuditRecord], doc_id: str) -> list[ImpactRow]:
    """One row per past output that cited ``doc_id``, in the order given."""
    return [
        ImpactRow(
            record_id=r.record_id,
            created_at=r.created_at.isoformat(),
            user=r.user,
            role=r.role.value,
            workflow=r.workflow,
            eval_run=r.eval_run_id,
            versions_cited=sorted(_versions_cited(r, doc_id)),
            shown=any(
                s.shown and any(c.doc_id == doc_id for c in s.citations) for s in r.sentences
            ),
        )
        for r in found
    ]


@dataclass(frozen=True)
class WithdrawalImpact:
    result: WithdrawalResult
    # People's outputs (not eval runs') that cited the withdrawn version, newest first
    citing_version: list[ImpactRow]
    citing_any_version: list[ImpactRow]
    eval_outputs: int  # eval runs' outputs that cited any version (listed on request)


@dataclass(frozen=True)
class CitingOutputs:
    """The outputs that cited a withdrawn document, as a withdrawal reports them (in the order
    given)."""

    this_version: list[AuditRecord]  # people's outputs citing the withdrawn version
    any_version: list[AuditRecord]  # people's outputs citing any version
    evals: list[AuditRecord]  # eval runs' outputs citing any version


def citing_outputs(found: Sequence[AuditRecord], doc_id: str, version: str) -> CitingOutputs:
    """``found``, the records that cited ``doc_id`` (``AuditLog.impact``), split the way a
    withdrawal of ``version`` reports them: one read of the log, not one per list."""
    people = [r for r in found if r.eval_run_id is None]
    return CitingOutputs(
        this_version=[r for r in people if version in _versions_cited(r, doc_id)],
        any_version=people,
        evals=[r for r in found if r.eval_run_id is not None],
    )


def _versions_cited(record: AuditRecord, doc_id: str) -> set[str]:
    """The versions of ``doc_id`` the record's sentences cite (shown or withheld)."""
    return {c.version for s in record.sentences for c in s.citations if c.doc_id == doc_id}


def withdraw_with_impact(
    kb: KnowledgeBase, audit: AuditLog, doc_id: str, *, reason: str, by: str
) -> WithdrawalImpact:
    """Withdraw ``doc_id`` now and list the people's outputs that relied on it."""
    result = kb.withdraw(doc_id, reason=reason, by=by)
    citing = citing_outputs(audit.impact(doc_id)[::-1], doc_id, result.version)
    return WithdrawalImpact(
        result=result,
        citing_version=impact_rows(citing.this_version, doc_id),
        citing_any_version=impact_rows(citing.any_version, doc_id),
        eval_outputs=len(citing.evals),
    )
