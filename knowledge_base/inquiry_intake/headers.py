"""Header rows: mapping the headers an export has onto the intake schema's columns.

It exists because a header problem spoils the whole file rather than one row, so unlike
everything per-row it raises ``CrmFileError``: two headers that mean the same column, a header
written twice, or a required column missing (the message lists the accepted spellings).
Unknown headers are kept as written so their values end up in ``Inquiry.extra``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from knowledge_base.errors import CrmFileError
from knowledge_base.inquiry_intake.cells import cell_text
from knowledge_base.inquiry_intake.schema import (
    ALIASES,
    COLUMNS_BY_NAME,
    REQUIRED_COLUMNS,
    header_key,
)

__all__ = ["check_required", "map_header"]


def map_header(path: Path, cells: Iterable[object]) -> list[str | None]:
    """Header cells -> column keys (canonical name or extra name as written; None if blank)."""
    columns: list[str | None] = []
    written: dict[str, str] = {}
    for cell in cells:
        name = cell_text(cell) if not isinstance(cell, str) else cell.strip()
        if not name:
            columns.append(None)
            continue
        column = ALIASES.get(header_key(name), name)
        clash = column.lower()
        if clash in written:
            if column in COLUMNS_BY_NAME:
                message = (
                    f"columns '{written[clash]}' and '{name}' both mean '{column}'; "
                    "keep one of them and re-export"
                )
            else:
                message = f"column '{name}' appears twice in the header; rename one of them"
            raise CrmFileError(path, message, field=column)
        written[clash] = name
        columns.append(column)
    check_required(path, {c for c in columns if c})
    return columns


def check_required(path: Path, present: set[str]) -> None:
    """Raise ``CrmFileError`` for the first required column not in ``present``."""
    for name in REQUIRED_COLUMNS:
        if name not in present:
            spec = COLUMNS_BY_NAME[name]
            accepted = ", ".join(f"'{a}'" for a in dict.fromkeys((name, *spec.aliases)))
            raise CrmFileError(
                path,
                f"missing required column '{name}' (accepted headers: {accepted}); add it to "
                "the export. Required columns are: " + ", ".join(REQUIRED_COLUMNS),
                field=name,
            )
