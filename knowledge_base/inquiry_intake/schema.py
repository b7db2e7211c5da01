"""The inquiry intake schema: the columns an export must or may have, and the headers we accept.

It exists so that one table drives everything that depends on the columns: header matching
(names and aliases, compared case-insensitively with ``_``, ``-`` and spaces alike), the
required-column check, the per-row parsers and the Markdown table in the README, which
``schema_markdown`` generates so the documentation cannot drift from the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ALIASES",
    "COLUMNS_BY_NAME",
    "INQUIRY_SCHEMA",
    "PRIORITIES",
    "PRIORITY_ALIASES",
    "REQUIRED_COLUMNS",
    "ColumnSpec",
    "header_key",
    "normalize_priority",
    "schema_markdown",
]

PRIORITIES = ("low", "medium", "high", "urgent")

# Priority values as CRMs and medical-information systems export them, by level. A value not
# listed is kept as written (with a warning): a row is never dropped for its priority, because a
# dropped row would also escape safety screening.
PRIORITY_ALIASES: dict[str, str] = {
    **dict.fromkeys(
        (
            "urgent",
            "stat",
            "critical",
            "emergency",
            "immediate",
            "asap",
            "highest",
            "p1",
            "p0",
            "1",
            "0",
        ),
        "urgent",
    ),
    **dict.fromkeys(("high", "important", "expedite", "expedited", "p2", "2"), "high"),
    **dict.fromkeys(
        (
            "medium",
            "med",
            "normal",
            "routine",
            "standard",
            "moderate",
            "regular",
            "default",
            "p3",
            "3",
        ),
        "medium",
    ),
    **dict.fromkeys(
        ("low", "lowest", "minor", "non-urgent", "non urgent", "nonurgent", "p4", "p5", "4", "5"),
        "low",
    ),
}


def normalize_priority(value: str) -> tuple[str, bool]:
    """A priority as exported -> (one of ``PRIORITIES``, True), or (the value as written, False)
    when it is not a known value; blank means medium."""
    key = re.sub(r"\s+", " ", value.strip().lower())
    if not key:
        return "medium", True
    level = PRIORITY_ALIASES.get(key)
    return (level, True) if level else (value.strip(), False)


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the inquiry intake schema, as documented for users."""

    name: str
    required: bool
    type: str
    description: str
    example: str
    aliases: tuple[str, ...] = ()


INQUIRY_SCHEMA: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "inquiry_id",
        True,
        "id",
        "Unique id of the inquiry in the medical-information system "
        "(letters, digits, '.', '_', '-').",
        "INQ-0001",
        ("id", "inquiry id"),
    ),
    ColumnSpec(
        "received_at",
        True,
        "date-time",
        "When the inquiry was received: ISO 8601 date or date-time, MM/DD/YYYY HH:MM, or an "
        "Excel date cell. No time zone means UTC.",
        "2026-11-24T14:05:00Z",
        ("received", "date received", "received date"),
    ),
    ColumnSpec(
        "channel",
        False,
        "text",
        "How the inquiry came in (email, phone, web, rep-submitted, congress, ...). "
        "Blank if unknown.",
        "email",
    ),
    ColumnSpec(
        "hcp_id",
        True,
        "id",
        "CRM id of the asking HCP (letters, digits, '.', '_', '-').",
        "HCP-003",
        ("hcp", "hcp id"),
    ),
    ColumnSpec(
        "product",
        True,
        "text",
        "Product the inquiry is about.",
        "TAGRISSO",
        ("product name",),
    ),
    ColumnSpec(
        "question",
        True,
        "text",
        "The question as asked (not empty).",
        "Is there data in pediatric patients?",
        ("question text", "inquiry text"),
    ),
    ColumnSpec(
        "status",
        False,
        "text",
        "Status in the source system (open, in_progress, answered, closed, ...). "
        "Blank or absent means open.",
        "open",
    ),
    ColumnSpec(
        "priority",
        False,
        "low | medium | high | urgent",
        "Priority, any letter case. CRM values map to the four levels: urgent (stat, critical, "
        "P1, 1), high (important, P2, 2), medium (normal, routine, standard, P3, 3; also blank), "
        "low (minor, P4, P5, 4, 5). Any other value is kept as written, with a warning.",
        "high",
    ),
)

COLUMNS_BY_NAME = {spec.name: spec for spec in INQUIRY_SCHEMA}
REQUIRED_COLUMNS = tuple(spec.name for spec in INQUIRY_SCHEMA if spec.required)


def header_key(name: str) -> str:
    """A header as compared: lower case, ``_``, ``-`` and runs of spaces as one space."""
    return re.sub(r"[\s_\-]+", " ", name.strip().lower()).strip()


# Header key -> canonical column name, for every column name and alias.
ALIASES: dict[str, str] = {
    header_key(alias): spec.name for spec in INQUIRY_SCHEMA for alias in (spec.name, *spec.aliases)
}


def schema_markdown() -> str:
    """The intake schema as a Markdown table (for the README)."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "| column | required | type | also accepted as | description | example |",
        "|---|---|---|---|---|---|",
    ]
    for spec in INQUIRY_SCHEMA:
        aliases = ", ".join(f"`{a}`" for a in spec.aliases) or "—"
        lines.append(
            f"| `{spec.name}` | {'yes' if spec.required else 'no'} | {cell(spec.type)} "
            f"| {aliases} | {cell(spec.description)} | `{cell(spec.example)}` |"
        )
    return "\n".join(lines) + "\n"
