"""Streaming export of stored rows: canonical JSON lines, or CSV with JSON-text columns."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any, Literal, TextIO

from assistant.audit.canonical import record_json
from assistant.audit.schema import JSON_FIELDS, SCALAR_FIELDS, column_for

__all__ = ["CSV_COLUMNS", "write_export"]

CSV_COLUMNS = (*SCALAR_FIELDS, "record_hash", *JSON_FIELDS)


def write_export(
    fmt: Literal["jsonl", "csv"], rows: Iterable[Mapping[str, Any]], out: TextIO
) -> int:
    count = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(record_json(row))
            out.write("\n")
            count += 1
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        columns = [column_for(name) for name in CSV_COLUMNS]
        for row in rows:
            writer.writerow(["" if row[c] is None else row[c] for c in columns])
            count += 1
    else:
        raise ValueError(f"unknown export format {fmt!r}: use jsonl or csv")
    return count
