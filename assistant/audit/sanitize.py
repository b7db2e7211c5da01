"""Make an entry safe to store: secrets stripped, PHI redacted, before anything is written.

Secrets (API keys, bearer tokens, values under key-like names) are replaced by ``[SECRET]`` in the
inputs, parameters, tags and error. PHI is then redacted with ``knowledge_base.redaction.redact``
in every string of the inputs (recursively), the tags and the error. Outputs are stored as shown:
they are composed from approved content, and the guardrails flag PHI in them.
"""

from __future__ import annotations

import re

from pydantic import JsonValue

from assistant.audit.models import AuditEntry
from knowledge_base.redaction import redact

__all__ = ["SECRET", "redact_phi", "sanitize_entry", "strip_secrets"]

SECRET = "[SECRET]"

_SECRET_VALUE = re.compile(
    r"(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{6,}"  # OpenAI and look-alikes: sk-..., sk-proj-...
    r"|(?i:\bBearer)\s+[A-Za-z0-9._~+/=-]{6,}"
    r"|(?i:\bBasic)\s+[A-Za-z0-9+/]{12,}={0,2}"
    r"|\bAKIA[0-9A-Z]{16}\b"  # AWS access key id
    r"|\bgh[pousr]_[A-Za-z0-9]{20,}"  # GitHub tokens
    r"|\bxox[abprs]-[A-Za-z0-9-]{10,}"  # Slack tokens
    r"|\bAIza[0-9A-Za-z_-]{35}"  # Google API keys
    r"|(?i:\b(?:api[_-]?key|secret|password|passwd|access[_-]?token|auth[_-]?token)\b)"
    r"\s*[:=]\s*[\"']?[^\s\"',;]+"
)
_SECRET_KEY = re.compile(
    r"(?i)^(?:.*[_-])?(?:api[_-]?key|secret|secret[_-]?key|password|passwd|token|access[_-]?token"
    r"|refresh[_-]?token|auth[_-]?token|authorization|credentials?|cookie)$"
)


def _strip_text(text: str) -> str:
    return _SECRET_VALUE.sub(SECRET, text)


def _is_secret_key(key: str, value: JsonValue) -> bool:
    return bool(_SECRET_KEY.match(key)) and value not in (None, "")


def strip_secrets(value: JsonValue) -> JsonValue:
    """``value`` with secret-looking strings, and every value under a secret-like key, replaced."""
    if isinstance(value, str):
        return _strip_text(value)
    if isinstance(value, list):
        return [strip_secrets(item) for item in value]
    if isinstance(value, dict):
        return {
            key: SECRET if _is_secret_key(key, item) else strip_secrets(item)
            for key, item in value.items()
        }
    return value


def redact_phi(value: JsonValue) -> JsonValue:
    """``value`` with PHI redacted in every string, recursively (dict keys are field names)."""
    if isinstance(value, str):
        return redact(value).text
    if isinstance(value, list):
        return [redact_phi(item) for item in value]
    if isinstance(value, dict):
        return {key: redact_phi(item) for key, item in value.items()}
    return value


def _clean(value: JsonValue) -> JsonValue:
    return redact_phi(strip_secrets(value))


def sanitize_entry(entry: AuditEntry) -> AuditEntry:
    """The entry as it may be stored. Secrets go first: redaction could split a key in two."""
    return entry.model_copy(
        update={
            "inputs": _clean(entry.inputs),
            "parameters": strip_secrets(entry.parameters),
            "tags": _clean(entry.tags),
            "error": None if entry.error is None else _clean(entry.error),
        }
    )
