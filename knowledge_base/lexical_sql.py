"""Lexical index generations in the catalog database: one BM25 index shared by all app instances.

Why here. In server mode several app instances (behind a load balancer, on different machines)
query one Chroma server; the BM25 side must be the same everywhere, or two reps asking the same
question get different answers, and a withdrawn document would linger in one instance's index
after another rebuilt its own. Rebuilding BM25 per process at start-up would also read every
chunk from Chroma on every start. The one store every instance already shares, transactionally,
is the catalog database (PostgreSQL in production), so a generation lives there:

* ``lexical_generations`` holds each generation as one blob (``LexicalIndex.to_bytes``: the
  bm25s arrays, chunk ids and chunk metadata, zipped), keyed by a random generation id;
* ``lexical_current`` holds, per embedding model, a pointer to the current generation.

``save`` inserts the blob, moves the pointer and deletes older generations in one transaction,
so readers see the old generation or the new one, never a mix; two savers are serialized by the
pointer row's lock (an advisory transaction lock on PostgreSQL). ``current_generation`` is one
primary-key SELECT, cheap enough to run before every search; ``load_current`` reads pointer and
blob in one statement, so it cannot pair a pointer with a blob a concurrent save just deleted.

Staleness never widens access: retrieval re-checks every lexical hit against the dense index's
current metadata (the source of truth), so a reader holding an older generation can miss new
content for ``refresh_s`` seconds but can never serve withdrawn or out-of-scope content.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa

from knowledge_base.database import advisory_key, create_tables
from knowledge_base.lexical_index import LexicalIndex

__all__ = ["SqlLexicalIndexStore"]

_metadata = sa.MetaData()

_generations = sa.Table(
    "lexical_generations",
    _metadata,
    sa.Column("generation", sa.String(32), primary_key=True),
    sa.Column("model_id", sa.String(200), nullable=False, index=True),
    sa.Column("chunk_count", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("blob", sa.LargeBinary, nullable=False),
)

_current = sa.Table(
    "lexical_current",
    _metadata,
    sa.Column("model_id", sa.String(200), primary_key=True),
    sa.Column("generation", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)


class SqlLexicalIndexStore:
    """Generations of one embedding model's lexical index, in a SQL database."""

    def __init__(self, engine: sa.Engine, model_id: str) -> None:
        self._engine = engine
        self._model_id = model_id
        create_tables(engine, _metadata)

    def current_generation(self) -> str | None:
        with self._engine.connect() as conn:
            return conn.execute(
                sa.select(_current.c.generation).where(_current.c.model_id == self._model_id)
            ).scalar()

    def save(self, index: LexicalIndex) -> str:
        generation = uuid.uuid4().hex
        blob = index.to_bytes()  # before the transaction: it holds the pointer's lock
        now = datetime.now(UTC)
        with self._engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(
                    sa.select(sa.func.pg_advisory_xact_lock(advisory_key(self._lock_name)))
                )
            conn.execute(
                sa.insert(_generations).values(
                    generation=generation,
                    model_id=self._model_id,
                    chunk_count=len(index.ids),
                    created_at=now,
                    blob=blob,
                )
            )
            moved = conn.execute(
                sa.update(_current)
                .where(_current.c.model_id == self._model_id)
                .values(generation=generation, updated_at=now)
            )
            if moved.rowcount == 0:
                conn.execute(
                    sa.insert(_current).values(
                        model_id=self._model_id, generation=generation, updated_at=now
                    )
                )
            # Readers hold the generation they loaded in memory; old blobs are dead weight.
            conn.execute(
                sa.delete(_generations).where(
                    (_generations.c.model_id == self._model_id)
                    & (_generations.c.generation != generation)
                )
            )
        return generation

    def load(self) -> LexicalIndex:
        return self.load_current()[1]

    def load_current(self) -> tuple[str | None, LexicalIndex]:
        query = (
            sa.select(_generations.c.generation, _generations.c.blob)
            .select_from(
                _current.join(_generations, _current.c.generation == _generations.c.generation)
            )
            .where(_current.c.model_id == self._model_id)
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None, LexicalIndex([], [], None)
        return row.generation, LexicalIndex.from_bytes(row.blob)

    @property
    def _lock_name(self) -> str:
        return f"medbrief.lexical.{self._model_id}"
