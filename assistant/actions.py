"""Actions people take on what the app showed them, recorded in the audit log.

Filing a medical information request after an off-label refusal, and confirming that a possible
adverse event or product complaint was reported to pharmacovigilance, are attributable steps a
regulator may ask about, so each is one hash-chained audit record (no model, no prompt).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from assistant.audit import AuditEntry, AuditLog, AuditRecord
from assistant.outputs import SafetyFlag
from knowledge_base.models import Role

__all__ = [
    "MI_REQUEST_WORKFLOW",
    "MI_RESPONDED",
    "MI_STATUS_WORKFLOW",
    "MI_SUBMITTED",
    "NOT_REPORTABLE",
    "PV_REPORT_WORKFLOW",
    "REPORTED",
    "UNDONE",
    "UNDO_WINDOW",
    "ActionReceipt",
    "can_undo",
    "file_medical_information_request",
    "mark_not_reportable",
    "mark_request_responded",
    "medical_information_requests",
    "pv_decision_line",
    "pv_reports",
    "report_to_pharmacovigilance",
    "request_statuses",
    "safety_flag_key",
    "undo_pv_decision",
]

MI_REQUEST_WORKFLOW = "mi_request"
MI_STATUS_WORKFLOW = "mi_request_status"
MI_SUBMITTED = "submitted"
MI_RESPONDED = "responded"
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


def medical_information_requests(audit: AuditLog, *, limit: int | None = 200) -> list[AuditRecord]:
    """Requests filed from the app, newest first."""
    return audit.list(workflow=MI_REQUEST_WORKFLOW, limit=limit)


def mark_request_responded(
    audit: AuditLog, request_id: str, *, note: str, user: str, role: Role
) -> ActionReceipt:
    """Record that the MSL responded to the HCP of request ``request_id`` (the request's audit
    record id), with a note of how ("called Dr. Chen, sent the SRD on pediatric dosing").
    Raises ``ValueError`` when the note is empty or no such request was filed."""
    if not note.strip():
        raise ValueError("say how the HCP was answered (e.g. 'sent the standard response')")
    if not any(r.record_id == request_id for r in medical_information_requests(audit, limit=None)):
        raise ValueError(f"no medical information request {request_id!r} was filed")
    entry = AuditEntry(
        user=user,
        role=role,
        workflow=MI_STATUS_WORKFLOW,
        inputs={"request": request_id},
        output_shown={"decision": MI_RESPONDED, "detail": note.strip()},
        tags={"request": request_id},
        **_NO_GENERATION,
    )
    return _receipt(audit.record(entry))


def request_statuses(audit: AuditLog) -> dict[str, ActionReceipt]:
    """The requests an MSL has responded to: request record id -> the latest response's
    receipt (a request missing here is still submitted)."""
    found: dict[str, ActionReceipt] = {}
    for record in audit.list(workflow=MI_STATUS_WORKFLOW, limit=None)[::-1]:
        if key := record.tags.get("request"):
            found[key] = _receipt(record)
    return found


def safety_flag_key(flag: SafetyFlag) -> str:
    """One possible AE/PC: the same source and kind is one report, however often it is shown."""
    return f"{flag.source_type}:{flag.source_id}:{flag.kind}"


REPORTED = "reported"
NOT_REPORTABLE = "not reportable"
UNDONE = "undone"
#: How long the author of a PV decision may undo it (a slip is caught the same working day).
UNDO_WINDOW = timedelta(hours=24)


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


def can_undo(receipt: ActionReceipt, user: str, now: datetime | None = None) -> bool:
    """Whether ``user`` may undo this decision now: its author, within ``UNDO_WINDOW``."""
    return receipt.user == user and (now or datetime.now(UTC)) - receipt.at <= UNDO_WINDOW


def undo_pv_decision(
    audit: AuditLog, flag: SafetyFlag, *, user: str, role: Role, now: datetime | None = None
) -> ActionReceipt:
    """Reopen ``flag``: only the author of its standing decision may, within ``UNDO_WINDOW``
    of making it. The decision and its undoing both stay in the audit log. Raises
    ``ValueError`` (nothing to undo, someone else's decision, or too late)."""
    decision = pv_reports(audit).get(safety_flag_key(flag))
    if decision is None:
        raise ValueError("this flag has no decision to undo: it is open")
    if decision.user != user:
        raise ValueError(
            f"only {decision.user}, who recorded this decision, can undo it; record a new "
            "decision or ask them"
        )
    moment = now or datetime.now(UTC)
    if moment - decision.at > UNDO_WINDOW:
        raise ValueError(
            f"a decision can be undone within {UNDO_WINDOW.total_seconds() / 3600:.0f} hours of "
            f"making it; this one was recorded {decision.at:%Y-%m-%d %H:%M} UTC"
        )
    return _decide(audit, flag, UNDONE, f"undid {decision.record_id}", user, role)


_STATUS = {REPORTED: "reported to PV", NOT_REPORTABLE: "not reportable", UNDONE: "open"}


def _decide(
    audit: AuditLog, flag: SafetyFlag, decision: str, detail: str | None, user: str, role: Role
) -> ActionReceipt:
    entry = AuditEntry(
        user=user,
        role=role,
        workflow=PV_REPORT_WORKFLOW,
        inputs={"flag": flag.model_dump(mode="json")},
        output_shown={"status": _STATUS[decision], "decision": decision, "detail": detail},
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
    """Flags decided now (reported, or not reportable with a reason): safety_flag_key -> the
    standing decision's receipt, the latest one unless it was undone (then the flag is open)."""
    reported: dict[str, ActionReceipt] = {}
    for record in audit.list(workflow=PV_REPORT_WORKFLOW, limit=None)[::-1]:
        key = record.tags.get("flag")
        if not key:
            continue
        receipt = _receipt(record)
        if receipt.decision == UNDONE:
            reported.pop(key, None)
        else:
            reported[key] = receipt
    return reported
