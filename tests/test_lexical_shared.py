"""The lexical index shared through the catalog database, and what keeps sharing it safe.

Generations as blobs with a current pointer (SQLite and a real PostgreSQL), readers that follow
the pointer, the file store's retry when a generation disappears under it, the content writer
lock, and retrieval that re-checks a stale lexical hit against the dense index's metadata.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from assistant.runtime import open_knowledge_base
from assistant.settings import Settings
from knowledge_base.access import AccessScope
from knowledge_base.catalog import Catalog
from knowledge_base.database import create_engine
from knowledge_base.errors import KnowledgeBaseError
from knowledge_base.lexical_index import (
    CurrentLexicalIndex,
    FileLexicalIndexStore,
    LexicalIndex,
    LexicalIndexStore,
)
from knowledge_base.lexical_sql import SqlLexicalIndexStore
from knowledge_base.models import Role
from knowledge_base.retrieval import RetrievalMode
from knowledge_base.store import KnowledgeBase
from tests.fakes import HashingEmbedder
from tests.postgres import postgres_server, postgres_url
from tests.test_ingest import LABEL, entry, write_folder

__all__ = ["postgres_server", "postgres_url"]  # fixtures, re-exported for pytest

TODAY = date(2026, 11, 24)  # inside the test entries' approval window


def _index(*words: str) -> LexicalIndex:
    ids = [f"chunk-{i}" for i in range(len(words))]
    texts = [f"{w} tablets are taken once daily with water" for w in words]
    return LexicalIndex.build(ids, texts, [{"n": i, "word": w} for i, w in enumerate(words)])


def _top(index: LexicalIndex, query: str) -> list[str]:
    return [h.metadata["word"] for h in index.search(query, 3, lambda m: True)]


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> sa.Engine:
    url = (
        f"sqlite:///{tmp_path / 'catalog.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    engine = create_engine(url)
    request.addfinalizer(engine.dispose)
    return engine


def test_blob_round_trip_keeps_ranking_ids_and_metadata() -> None:
    index = _index("alphamab", "betazumab", "gammavir")
    again = LexicalIndex.from_bytes(index.to_bytes())
    assert again.ids == index.ids and again.metadatas == index.metadatas
    assert _top(again, "betazumab")[0] == "betazumab" == _top(index, "betazumab")[0]
    empty = LexicalIndex.from_bytes(LexicalIndex([], [], None).to_bytes())
    assert empty.ids == [] and empty.model is None


def test_sql_store_saves_generations_behind_one_pointer(engine: sa.Engine) -> None:
    store: LexicalIndexStore = SqlLexicalIndexStore(engine, "model-a")
    assert store.current_generation() is None and store.load().ids == []
    first = store.save(_index("alphamab", "betazumab"))
    assert store.current_generation() == first
    second = store.save(_index("gammavir"))
    generation, index = store.load_current()
    assert generation == second != first
    assert _top(index, "gammavir") == ["gammavir"]
    with engine.connect() as conn:
        kept = conn.execute(sa.text("SELECT generation FROM lexical_generations")).scalars()
        assert list(kept) == [second]  # older blobs are deleted with the pointer move
    # Each embedding model has its own pointer.
    assert SqlLexicalIndexStore(engine, "model-b").current_generation() is None


def test_concurrent_saves_leave_one_consistent_generation(engine: sa.Engine) -> None:
    store = SqlLexicalIndexStore(engine, "model-a")
    errors: list[BaseException] = []

    def save(word: str) -> None:
        try:
            SqlLexicalIndexStore(engine, "model-a").save(_index(word))
        except BaseException as error:
            errors.append(error)
            raise

    threads = [threading.Thread(target=save, args=(f"word{i}",)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    generation, index = store.load_current()
    assert generation == store.current_generation() and len(index.ids) == 1
    with engine.connect() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM lexical_generations")).scalar_one()
    assert count == 1


def test_a_reader_follows_the_pointer_at_its_refresh_interval(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'catalog.db'}")
    writer = SqlLexicalIndexStore(engine, "m")
    writer.save(_index("alphamab"))
    now = [100.0]
    reader = CurrentLexicalIndex(
        SqlLexicalIndexStore(engine, "m"), refresh_s=5, clock=lambda: now[0]
    )
    assert _top(reader.current(), "alphamab") == ["alphamab"]
    loaded = reader.generation
    writer.save(_index("betazumab"))
    now[0] += 4.9
    assert reader.generation == loaded and _top(reader.current(), "betazumab") == []
    now[0] += 0.2
    assert _top(reader.current(), "betazumab") == ["betazumab"]
    assert reader.generation == writer.current_generation() != loaded
    engine.dispose()


def test_file_store_reader_retries_when_its_generation_is_replaced(tmp_path: Path) -> None:
    store = FileLexicalIndexStore(tmp_path / "lexical")
    old = store.save(_index("alphamab"))

    class Racing(FileLexicalIndexStore):
        """Reads the old pointer once, as a reader does just before a save switches it."""

        raced = False

        def current_generation(self) -> str | None:
            if not self.raced:
                self.raced = True
                store.save(_index("betazumab"))  # deletes the old generation's folder
                return old
            return super().current_generation()

    generation, index = Racing(tmp_path / "lexical").load_current()
    assert generation != old and _top(index, "betazumab") == ["betazumab"]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_one_content_writer_at_a_time(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'catalog.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    first, second = Catalog.open(url), Catalog.open(url)  # two app instances
    try:
        with (
            first.writer_lock(),
            pytest.raises(KnowledgeBaseError, match="one content job at a time"),
            second.writer_lock(timeout_s=0.5),
        ):
            pass
        with second.writer_lock(timeout_s=5):  # released: the next writer gets it
            pass
    finally:
        first.close()
        second.close()


def test_catalog_url_puts_the_lexical_index_in_the_catalog_database(tmp_path: Path) -> None:
    shared = Settings(home=tmp_path / "a", catalog_url=f"sqlite:///{tmp_path / 'shared.db'}")
    kb = open_knowledge_base(shared, embedder=HashingEmbedder())
    assert isinstance(kb.lexical_store, SqlLexicalIndexStore)
    local = open_knowledge_base(Settings(home=tmp_path / "b"), embedder=HashingEmbedder())
    assert isinstance(local.lexical_store, FileLexicalIndexStore)


def test_a_stale_lexical_hit_is_checked_against_the_dense_index(
    fake_kb: KnowledgeBase, tmp_path: Path
) -> None:
    """Chroma says medical now, the lexical generation still says commercial: a rep gets nothing."""
    content = write_folder(
        tmp_path / "content", [entry("label.md", "alphamab-label")], {"label.md": LABEL}
    )
    assert fake_kb.ingest([content]).ok
    retriever = fake_kb.retriever()
    rep = AccessScope(role=Role.REP, today=TODAY, market="US")
    query = "tuberculosis screening alphamab"
    assert retriever.search(query, rep, mode=RetrievalMode.LEXICAL)
    generation = fake_kb.lexical_store.current_generation()
    records = fake_kb.index.get_content(fake_kb.index.chunk_ids("alphamab-label"))
    fake_kb.index.update_chunk_metadata(
        [r.id for r in records], [{**r.metadata, "audience": "medical"} for r in records]
    )
    assert fake_kb.lexical_store.current_generation() == generation  # not rebuilt on purpose
    for mode in RetrievalMode:
        assert retriever.search(query, rep, mode=mode) == [], mode
    msl = AccessScope(role=Role.MSL, today=TODAY, market="US")
    assert retriever.search(query, msl, mode=RetrievalMode.LEXICAL)
