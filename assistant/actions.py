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
    "PV_REPORT_WORKFLOW",
    "ActionReceipt",
    "file_medical_information_request",
    "medical_information_requests",
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


def _receipt(record: AuditRecord) -> ActionReceipt:
    return ActionReceipt(record_id=record.record_id, at=record.created_at, user=record.user)


def file_medical_information_request(
    audit: AuditLog,
    *,
    question: str,
    user: str,
    role: Role,
    hcp_id: str | None = None,
    refused_record_id: str | None = None,
) -> ActionReceipt:
    """Route a question the rep may not answer to medical information (an MSL responds)."""
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


def report_to_pharmacovigilance(
    audit: AuditLog, flag: SafetyFlag, *, user: str, role: Role
) -> ActionReceipt:
    """Record that ``flag`` was reported to pharmacovigilance, by whom and when."""
    entry = AuditEntry(
        user=user,
        role=role,
        workflow=PV_REPORT_WORKFLOW,
        inputs={"flag": flag.model_dump(mode="json")},
        output_shown={"status": "reported to PV"},
        tags={"flag": safety_flag_key(flag)},
        **_NO_GENERATION,
    )
    return _receipt(audit.record(entry))


def pv_reports(audit: AuditLog) -> dict[str, ActionReceipt]:
    """Flags already reported: safety_flag_key -> the first report's receipt."""
    reported: dict[str, ActionReceipt] = {}
    for record in audit.list(workflow=PV_REPORT_WORKFLOW, limit=None)[::-1]:
        key = record.tags.get("flag")
        if key:
            reported.setdefault(key, _receipt(record))
    return reported
