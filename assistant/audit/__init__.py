"""The audit trail: one append-only, hash-chained record per generated output.

log = AuditLog.open(resolve_audit_url(settings))
record = log.record(AuditEntry(user=..., role=Role.REP, workflow="brief", ...))
assert log.verify().ok
"""

from assistant.audit.engine import AuditUnavailableError, create_audit_engine, resolve_audit_url
from assistant.audit.log import TRAFFIC, AuditLog, Clock, Traffic
from assistant.audit.migrations import MIGRATIONS, migrate
from assistant.audit.models import (
    AuditEntry,
    AuditFlag,
    AuditRecord,
    AuditSentence,
    CitedChunk,
    RetrievedChunk,
    VerifyResult,
)
from assistant.audit.sanitize import SECRET, sanitize_entry

__all__ = [
    "MIGRATIONS",
    "SECRET",
    "TRAFFIC",
    "AuditEntry",
    "AuditFlag",
    "AuditLog",
    "AuditRecord",
    "AuditSentence",
    "AuditUnavailableError",
    "CitedChunk",
    "Clock",
    "RetrievedChunk",
    "Traffic",
    "VerifyResult",
    "create_audit_engine",
    "migrate",
    "resolve_audit_url",
    "sanitize_entry",
]
