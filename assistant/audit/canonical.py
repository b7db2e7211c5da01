"""The canonical JSON a record hash is computed over, and record ids.

The canonical form of a record is ``json.dumps(record, sort_keys=True, separators=(",", ":"),
ensure_ascii=False)`` of every ``AuditRecord`` field except ``record_hash`` (``created_at`` in
the fixed ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` form), encoded as UTF-8; ``record_hash`` is its SHA-256.
Structured fields are stored as their canonical JSON text, so the canonical form of a stored row
is assembled from its columns without parsing them: verify and export stay fast and streaming.
``values_json`` does the same from a row's values in ``VALUES_COLUMNS`` order, with no dict in
between, for verify's walk over every record.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from assistant.audit.schema import JSON_FIELDS, SCALAR_FIELDS, column_for, records

__all__ = [
    "VALUES_COLUMNS",
    "canonical_json",
    "dump",
    "new_record_id",
    "record_hash",
    "record_json",
    "row_fields",
    "values_json",
]

_FIELDS = sorted((*SCALAR_FIELDS, *JSON_FIELDS))
_KEYS = {field: json.dumps(field) for field in (*_FIELDS, "record_hash")}
_SCALAR_COLUMNS = tuple((field, column_for(field)) for field in SCALAR_FIELDS)


_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
_encode_str = json.encoder.encode_basestring  # what _encode does with a str


def _encode_float(value: float) -> str:
    return float.__repr__(value) if math.isfinite(value) else _encode(value)  # NaN as json does


# What ``_encode`` returns for the types a row's scalars have, without its generic dispatch.
_ENCODE_SCALAR: dict[type, Callable[[Any], str]] = {
    str: _encode_str,
    int: int.__repr__,
    float: _encode_float,
    type(None): lambda _: "null",
}


def _is_text(field: str) -> bool:
    column = records.c[column_for(field)]
    return isinstance(column.type, sa.String) and not column.nullable


# The columns ``values_json`` takes, in this order: text scalars that are never NULL, the other
# scalars, then the fields stored as JSON text; ``record_hash`` left out.
_TEXT_FIELDS = tuple(field for field in SCALAR_FIELDS if _is_text(field))
_OTHER_FIELDS = tuple(field for field in SCALAR_FIELDS if not _is_text(field))
_ORDER = (*_TEXT_FIELDS, *_OTHER_FIELDS, *JSON_FIELDS)
VALUES_COLUMNS = tuple(column_for(field) for field in _ORDER)
_TEXT_END, _SCALARS_END, _END = len(_TEXT_FIELDS), len(SCALAR_FIELDS), len(_ORDER)
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]')  # the only characters _encode_str escapes


def _template(quoted: bool) -> str:
    """'{"created_at":{0},...}': the canonical object, each field's JSON by position; with the
    text fields' quotes in the template when ``quoted``."""
    slots = {field: f"{{{_ORDER.index(field)}}}" for field in _FIELDS}
    if quoted:
        slots.update((field, f'"{slots[field]}"') for field in _TEXT_FIELDS)
    return "{{" + ",".join(f"{_KEYS[field]}:{slots[field]}" for field in _FIELDS) + "}}"


_TEMPLATE, _QUOTED_TEMPLATE = _template(quoted=False), _template(quoted=True)


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


def values_json(values: Sequence[Any]) -> str:
    """``canonical_json(row_fields(row))`` from the row's values in ``VALUES_COLUMNS`` order
    (any after those are left out)."""
    text = values[:_TEXT_END]
    other = [_ENCODE_SCALAR.get(type(v), _encode)(v) for v in values[_TEXT_END:_SCALARS_END]]
    as_json = values[_SCALARS_END:_END]
    try:
        plain = _NEEDS_ESCAPE.search("".join(text)) is None
    except TypeError:  # not all str: SQLite keeps whatever a hand edit stores
        plain = False
    if plain:  # one scan instead of quoting each: then quoting only adds the quotes
        return _QUOTED_TEMPLATE.format(*text, *other, *as_json)
    return _TEMPLATE.format(*map(_encode, text), *other, *as_json)


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
