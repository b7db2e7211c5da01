"""The canonical JSON a record hash is computed over, and record ids.

The canonical form of a record is ``json.dumps(record, sort_keys=True, separators=(",", ":"),
ensure_ascii=False)`` of every ``AuditRecord`` field except ``record_hash`` (``created_at`` in
the fixed ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` form), encoded as UTF-8; ``record_hash`` is its SHA-256.
Structured fields are stored as their canonical JSON text, so the canonical form of a stored row
is assembled from its columns without parsing them: verify and export stay fast and streaming.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from assistant.audit.schema import JSON_FIELDS, SCALAR_FIELDS, column_for

__all__ = ["canonical_json", "dump", "new_record_id", "record_hash", "record_json", "row_fields"]

_FIELDS = sorted((*SCALAR_FIELDS, *JSON_FIELDS))
_KEYS = {field: json.dumps(field) for field in (*_FIELDS, "record_hash")}
_SCALAR_COLUMNS = tuple((field, column_for(field)) for field in SCALAR_FIELDS)


_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def dump(value: Any) -> str:
    """Canonical JSON of one value: ``json.dumps(value, sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)``, with the encoder built once."""
    return _encode(value)


def canonical_json(fields: Mapping[str, str]) -> str:
    """The canonical JSON object of ``fields``: field name -> that field's canonical JSON text."""
    return "{" + ",".join(f"{_KEYS[name]}:{fields[name]}" for name in sorted(fields)) + "}"


def row_fields(row: Mapping[str, Any]) -> dict[str, str]:
    """A stored row as field name -> canonical JSON text, ``record_hash`` left out."""
    fields = {name: _encode(row[column]) for name, column in _SCALAR_COLUMNS}
    for name in JSON_FIELDS:
        fields[name] = row[name]
    return fields


def record_hash(fields: Mapping[str, str]) -> str:
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()


def record_json(row: Mapping[str, Any]) -> str:
    """The stored record as one canonical JSON line, ``record_hash`` included."""
    fields = row_fields(row)
    fields["record_hash"] = dump(row["record_hash"])
    return canonical_json(fields)


def new_record_id(now: datetime) -> str:
    """A UUIDv7-style id: 48 bits of Unix milliseconds, then 74 random bits; sorts by time."""
    millis = int(now.timestamp() * 1000) & ((1 << 48) - 1)
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis << 80) | (0x7 << 76) | ((rand >> 62) & 0xFFF) << 64
    value |= (0b10 << 62) | (rand & ((1 << 62) - 1))
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
