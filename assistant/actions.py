"""Actions people take on what the app showed them, recorded in the audit log.

Filing a medical information request after an off-label refusal, and confirming that a possible
adverse event or product complaint was reported to pharmacovigilance, are attributable steps a
regulator may ask about, so each is one hash-chained audit record (no model, no prompt).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assistant.audit import AuditEntry, AuditLog, AuditRecord
from assistant.outputs import SafetyFlag
from knowledge_base.models import Role

__all__ = [
    "MI_REQUEST_WORKFLOW",
    "NOT_REPORTABLE",
    "PV_REPORT_WORKFLOW",
    "REPORTED",
    "ActionReceipt",
    "file_medical_information_request",
    "mark_not_reportable",
    "medical_information_requests",
    "pv_decision_line",
    "pv_reports",
    "report_to_pharmacovigilance",
    "safety_flag_key",
]

MI_REQUEST_WORKFLOW = "mi_request"
PV_REPORT_WORKFLOW = "pv_report"
# An action is not generated text: no prompt and no model produced it.
_NO_GENERATION = {
    "prompt_id": "none",
    "prompt_version": "0",
    "prompt_sha256": "",
    "provider": "none",
    "model": "none",
}


@dataclass(frozen=True)
class ActionReceipt:
    record_id: str
    at: datetime
    user: str
    #: For a pharmacovigilance decision: "reported" or "not reportable", and the safety case
    #: number or the reason given.
    decision: str | None = None
    detail: str | None = None


def _receipt(record: AuditRecord) -> ActionReceipt:
    return ActionReceipt(
        record_id=record.record_id,
        at=record.created_at,
        user=record.user,
        decision=record.output_shown.get("decision") if record.output_shown else None,
        detail=record.output_shown.get("detail") if record.output_shown else None,
    )


def file_medical_information_request(
    audit: AuditLog,
    *,
    question: str,
    user: str,
    role: Role,
    hcp_id: str,
    refused_record_id: str | None = None,
) -> ActionReceipt:
    """Route a question the rep may not answer to medical information: an MSL responds to the
    HCP who asked, so the HCP is required. The record names who filed it (``user``)."""
    if not (hcp_id or "").strip():
        raise ValueError(
            "a medical information request needs the HCP who asked: choose the HCP (the MSL "
            "answers them, not the rep)"
        )
    hcp_id = hcp_id.strip()
    entry = AuditEntry(
        user=user,
        role=role,
        workflow=MI_REQUEST_WORKFLOW,
        inputs={"question": question, "hcp_id": hcp_id},
        output_shown={"status": "submitted", "route": "medical information (MSL)"},
        tags={"refused_record": refused_record_id} if refused_record_id else {},
        **_NO_GENERATION,
    )
    return _receipt(audit.record(entry))


def medical_information_requests(audit: AuditLog, *, limit: int = 200) -> list[AuditRecord]:
    """Requests filed from the app, newest first."""
    return audit.list(workflow=MI_REQUEST_WORKFLOW, limit=limit)


def safety_flag_key(flag: SafetyFlag) -> str:
    """One possible AE/PC: the same source and kind is one report, however often it is shown."""
    return f"{flag.source_type}:{flag.source_id}:{flag.kind}"


REPORTED = "reported"
NOT_REPORTABLE = "not reportable"


def report_to_pharmacovigilance(
    audit: AuditLog,
    flag: SafetyFlag,
    *,
    user: str,
    role: Role,
    case_number: str | None = None,
) -> ActionReceipt:
    """Record that ``flag`` was reported to pharmacovigilance, by whom, when and under which
    safety case number (if the reporter has one)."""
    return _decide(audit, flag, REPORTED, (case_number or "").strip() or None, user, role)


def mark_not_reportable(
    audit: AuditLog, flag: SafetyFlag, *, reason: str, user: str, role: Role
) -> ActionReceipt:
    """Record that ``flag`` is not reportable, and why: a false alarm costs a reviewer a
    minute and a reason in the audit log, never a silent dismissal. Raises ``ValueError`` when
    the reason is empty."""
    if not reason.strip():
        raise ValueError("say why the flag is not reportable (e.g. 'event on a competitor drug')")
    return _decide(audit, flag, NOT_REPORTABLE, reason.strip(), user, role)


def _decide(
    audit: AuditLog, flag: SafetyFlag, decision: str, detail: str | None, user: str, role: Role
) -> ActionReceipt:
    entry = AuditEntry(
        user=user,
        role=role,
        workflow=PV_REPORT_WORKFLOW,
        inputs={"flag": flag.model_dump(mode="json")},
        output_shown={
            "status": "reported to PV" if decision == REPORTED else "not reportable",
            "decision": decision,
            "detail": detail,
        },
        tags={"flag": safety_flag_key(flag)},
        **_NO_GENERATION,
    )
    return _receipt(audit.record(entry))


def pv_decision_line(receipt: ActionReceipt) -> str:
    """A decision as every role reads it: who decided what, when, and the case or reason."""
    if receipt.decision == NOT_REPORTABLE:
        return (
            f"Not reportable ({receipt.detail}) per {receipt.user}, {receipt.at:%Y-%m-%d %H:%M} UTC"
        )
    case = f", case {receipt.detail}" if receipt.detail else ""
    return f"Reported to PV by {receipt.user}, {receipt.at:%Y-%m-%d %H:%M} UTC{case}"


def pv_reports(audit: AuditLog) -> dict[str, ActionReceipt]:
    """Flags already decided (reported, or not reportable with a reason): safety_flag_key ->
    the first decision's receipt."""
    reported: dict[str, ActionReceipt] = {}
    for record in audit.list(workflow=PV_REPORT_WORKFLOW, limit=None)[::-1]:
        key = record.tags.get("flag")
        if key:
            reported.setdefault(key, _receipt(record))
    return reported
