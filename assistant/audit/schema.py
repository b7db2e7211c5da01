"""The audit tables as queries see them now. Their history is in ``migrations.py``.

* ``audit_records``: one row per generated output; structured fields as canonical JSON text.
* ``audit_citations``: what each output cited (``kind='cited'``, one row per sentence citation)
  and retrieved (``kind='retrieved'``), for "which outputs used document X" queries.
* ``audit_chain_head``: one row (id 1): the last seq, its record id and hash, written in the same
  transaction as each record; it is also the writers' lock and shows a truncated tail.
* ``_migrations``: which migrations ran, when.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "GENESIS_HASH",
    "HEAD_ID",
    "JSON_FIELDS",
    "SCALAR_FIELDS",
    "chain_head",
    "citations",
    "column_for",
    "migrations_table",
    "records",
]

GENESIS_HASH = "0" * 64
HEAD_ID = 1

metadata = sa.MetaData()

records = sa.Table(
    "audit_records",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("record_id", sa.String(36), nullable=False, unique=True),
    sa.Column("created_at", sa.String(27), nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("record_hash", sa.String(64), nullable=False),
    sa.Column("user_id", sa.String(200), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("workflow", sa.String(64), nullable=False),
    sa.Column("prompt_id", sa.String(200), nullable=False),
    sa.Column("prompt_version", sa.String(64), nullable=False),
    sa.Column("prompt_sha256", sa.String(64), nullable=False),
    sa.Column("provider", sa.String(64), nullable=False),
    sa.Column("model", sa.String(200), nullable=False),
    sa.Column("latency_ms", sa.Double, nullable=False),
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("eval_run_id", sa.String(64), nullable=True),
    sa.Column("inputs", sa.Text, nullable=False),
    sa.Column("parameters", sa.Text, nullable=False),
    sa.Column("retrieved", sa.Text, nullable=False),
    sa.Column("output_shown", sa.Text, nullable=False),
    sa.Column("output_generated", sa.Text, nullable=False),
    sa.Column("sentences", sa.Text, nullable=False),
    sa.Column("flags", sa.Text, nullable=False),
    sa.Column("token_counts", sa.Text, nullable=False),
    sa.Column("tags", sa.Text, nullable=False),
)

citations = sa.Table(
    "audit_citations",
    metadata,
    sa.Column("seq", sa.BigInteger, sa.ForeignKey("audit_records.seq"), primary_key=True),
    sa.Column("ordinal", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("record_id", sa.String(36), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("sentence", sa.Integer, nullable=True),
    sa.Column("chunk_id", sa.String(200), nullable=False),
    sa.Column("doc_id", sa.String(128), nullable=False),
    sa.Column("version", sa.String(32), nullable=False),
    sa.Column("approval_code", sa.String(64), nullable=False),
    sa.Column("section", sa.String(200), nullable=True),
)

chain_head = sa.Table(
    "audit_chain_head",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("record_id", sa.String(36), nullable=True),
    sa.Column("record_hash", sa.String(64), nullable=False),
    sa.Column("updated_at", sa.String(27), nullable=True),
)

migrations_table = sa.Table(
    "_migrations",
    metadata,
    sa.Column("name", sa.String(128), primary_key=True),
    sa.Column("applied_at", sa.String(27), nullable=False),
)

# AuditRecord fields, as stored: scalars in typed columns, the rest as canonical JSON text.
SCALAR_FIELDS = (
    "record_id",
    "seq",
    "created_at",
    "prev_hash",
    "user",
    "role",
    "workflow",
    "prompt_id",
    "prompt_version",
    "prompt_sha256",
    "provider",
    "model",
    "latency_ms",
    "error",
    "eval_run_id",
)
JSON_FIELDS = (
    "inputs",
    "parameters",
    "retrieved",
    "output_shown",
    "output_generated",
    "sentences",
    "flags",
    "token_counts",
    "tags",
)
_COLUMNS = {"user": "user_id"}  # "user" is reserved in PostgreSQL


def column_for(field: str) -> str:
    return _COLUMNS.get(field, field)
