"""Schema changes as append-only migration functions, recorded in ``_migrations``.

Never edit or reorder a migration that has shipped: add a new one at the end. Each function
spells out its own DDL, so the schema a fresh database gets is the same as an upgraded one's.
``migrate`` runs under a lock (an advisory lock on PostgreSQL, the write lock on SQLite), so
processes that open the log at the same time do not race.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.schema import CreateTable

from assistant.audit.models import format_timestamp
from assistant.audit.schema import GENESIS_HASH, HEAD_ID, migrations_table

__all__ = ["MIGRATIONS", "migrate"]

Migration = Callable[[sa.Connection], None]
MIGRATIONS: list[Migration] = []
_PG_LOCK_KEY = 0x6D656462_61756474  # "medbaudt": serialises migrations across processes


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_audit_records(conn: sa.Connection) -> None:
    meta = sa.MetaData()
    table = sa.Table(
        "audit_records",
        meta,
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
        *(
            sa.Column(name, sa.Text, nullable=False)
            for name in (
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
        ),
        sa.Index("ix_audit_records_created_at", "created_at"),
        sa.Index("ix_audit_records_user_id", "user_id"),
        sa.Index("ix_audit_records_workflow", "workflow"),
        sa.Index("ix_audit_records_eval_run_id", "eval_run_id"),
    )
    meta.create_all(conn, tables=[table], checkfirst=False)


@migration
def m002_audit_citations(conn: sa.Connection) -> None:
    meta = sa.MetaData()
    sa.Table("audit_records", meta, sa.Column("seq", sa.BigInteger, primary_key=True))
    table = sa.Table(
        "audit_citations",
        meta,
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
        sa.Index("ix_audit_citations_doc_id", "doc_id", "kind"),
    )
    meta.create_all(conn, tables=[table], checkfirst=False)


@migration
def m003_audit_chain_head(conn: sa.Connection) -> None:
    meta = sa.MetaData()
    table = sa.Table(
        "audit_chain_head",
        meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("record_id", sa.String(36), nullable=True),
        sa.Column("record_hash", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.String(27), nullable=True),
    )
    meta.create_all(conn, tables=[table], checkfirst=False)
    conn.execute(table.insert().values(id=HEAD_ID, seq=0, record_hash=GENESIS_HASH))


def _is_file_sqlite(engine: sa.Engine) -> bool:
    return engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:")


def migrate(engine: sa.Engine) -> list[str]:
    """Apply the migrations this database lacks, in order; return the names applied."""
    postgres = engine.dialect.name == "postgresql"
    if _is_file_sqlite(engine):
        # Readers (verify, export) then never block writers; the setting stays with the file.
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    with engine.begin() as conn:
        if postgres:
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_LOCK_KEY)))
        conn.execute(CreateTable(migrations_table, if_not_exists=True))
    applied_now = []
    with engine.begin() as conn:
        if postgres:
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_LOCK_KEY)))
        else:  # a write as the first statement takes SQLite's write lock (waiting if busy)
            conn.execute(sa.delete(migrations_table).where(sa.false()))
        done = set(conn.scalars(sa.select(migrations_table.c.name)))
        for fn in MIGRATIONS:
            if fn.__name__ not in done:
                fn(conn)
                conn.execute(
                    migrations_table.insert().values(
                        name=fn.__name__, applied_at=format_timestamp(datetime.now(UTC))
                    )
                )
                applied_now.append(fn.__name__)
    return applied_now
