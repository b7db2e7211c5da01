"""A Chroma server (``MEDBRIEF_CHROMA_URL``) that is down, killed mid-ingest, or restarted.

The promise: a one-line error naming the server, ``MEDBRIEF_CHROMA_URL`` and what to do (never
an httpx traceback); the catalog never claims a document whose chunks are not all in the index;
running the command again once the server is back completes, and the index then equals a clean
ingest; a running instance (the app) carries on by itself after the server restarts; a request
that failed before generation leaves no audit record.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.services import open_services
from assistant.settings import Settings
from assistant.workflows.chat import answer_question
from knowledge_base.errors import IndexUnavailableError
from knowledge_base.models import Role
from tests.chroma_server import ChromaServer
from tests.fakes import HashingEmbedder
from tests.faults.cli_child import clean_env, run_cli, snapshot
from tests.faults.corpus import write_corpus
from tests.generation_fixtures import make_generation_kb
from tests.openai_server import OpenAIStub, openai_stub
from tests.ports import free_port

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("test_chroma_faults")]

runner = CliRunner()
QUESTION = "What is the recommended dose of alphamab?"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """This module's own server: its tests kill it."""
    chroma = ChromaServer(tmp_path_factory.mktemp("chroma-faults") / "data")
    chroma.start()
    try:
        yield chroma
    finally:
        chroma.stop()


@pytest.fixture
def running(server: ChromaServer) -> ChromaServer:
    server.start()  # a no-op unless an earlier test left it down
    return server


@pytest.fixture(scope="module")
def stub() -> Iterator[OpenAIStub]:
    with openai_stub() as served:
        yield served


def assert_clear(output: str, url: str) -> None:
    assert "Traceback" not in output and "httpx" not in output
    assert f"the Chroma server at {url} cannot be reached" in output
    assert "MEDBRIEF_CHROMA_URL" in output and "run the command again" in output


def test_server_down_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("MEDBRIEF_CHROMA_URL", url)
    paths = make_generation_kb(tmp_path)
    for args in (["ingest", *map(str, paths)], ["search", "dose"], ["ask", QUESTION]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert_clear(result.output, url)
    home = Path(os.environ["MEDBRIEF_HOME"])
    assert not (home / "audit.db").exists()  # nothing reached generation: nothing to record


def _env(home: Path, server: ChromaServer, stub: OpenAIStub, model: str) -> dict[str, str]:
    return clean_env(
        home,
        MEDBRIEF_CHROMA_URL=server.url,
        MEDBRIEF_EMBEDDING_PROVIDER="openai_compatible",
        MEDBRIEF_EMBEDDING_MODEL=model,
        MEDBRIEF_OPENAI_BASE_URL=stub.url,
    )


def _claims_are_indexed(state: dict[str, Any]) -> None:
    """Every document the catalog says is indexed has all its chunks in the dense index."""
    chunks: dict[str, int] = {}
    for _id, _text, metadata, _vector in state["chroma"]["content"]:
        chunks[metadata["doc_id"]] = chunks.get(metadata["doc_id"], 0) + 1
    for doc_id, _v, _s, _sha, _meta, _src, chunk_count, indexed in state["documents"]:
        if indexed:
            assert chunks.get(doc_id) == chunk_count, (doc_id, chunks.get(doc_id), chunk_count)


@pytest.mark.parametrize(
    ("target", "when", "call"),
    [
        ("knowledge_base.vector_index:VectorIndex.add_chunks", "before", 3),
        ("knowledge_base.catalog:Catalog.record_document", "before", 2),
        ("knowledge_base.ingest:Ingestor.rebuild_lexical_index", "before", 1),
    ],
    ids=["before-3rd-write", "before-2nd-catalog-record", "before-lexical-rebuild"],
)
def test_server_killed_mid_ingest(
    tmp_path: Path, running: ChromaServer, stub: OpenAIStub, target: str, when: str, call: int
) -> None:
    paths = write_corpus(tmp_path / "corpus", update=False)
    args = ["ingest", *map(str, paths), "--json"]
    tag = uuid.uuid4().hex[:8]  # collections of their own on the shared server
    model = f"stub-{tag}"
    home = tmp_path / "home"
    log = tmp_path / "ingest.log"
    assert running._process is not None
    code = run_cli(
        args,
        _env(home, running, stub, model),
        log,
        kill_at=(target, when, call, running._process.pid),
    )
    output = log.read_text(encoding="utf-8")
    assert code == 2, output
    assert_clear(output, running.url)

    running.kill()  # reap it
    running.start()
    state = snapshot(home, f"openai_compatible:{model}", url=running.url)
    _claims_are_indexed(state)

    assert run_cli(args, _env(home, running, stub, model), log) == 0, log.read_text()
    reference = tmp_path / "reference"
    ref_model = f"stub-{tag}-ref"
    assert run_cli(args, _env(reference, running, stub, ref_model), log) == 0
    got = snapshot(home, f"openai_compatible:{model}", url=running.url)
    want = snapshot(reference, f"openai_compatible:{ref_model}", url=running.url)
    assert got == want


def test_server_restarted_between_requests(
    tmp_path: Path, running: ChromaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDBRIEF_CHROMA_URL", running.url)
    monkeypatch.setenv("MEDBRIEF_TODAY", "2026-11-24")
    settings = Settings()
    embedder = HashingEmbedder()
    embedder.model_id = f"test-hashing-{uuid.uuid4().hex[:8]}"  # its own collections
    services = open_services(settings, embedder=embedder)
    try:
        assert services.kb.ingest(make_generation_kb(tmp_path)).ok
        services.retriever = services.kb.retriever()
        first = answer_question(QUESTION, Role.REP, services)
        assert first.sentences and first.audit_id

        running.kill()  # a crash, not a shutdown
        with pytest.raises(IndexUnavailableError, match="MEDBRIEF_CHROMA_URL"):
            answer_question(QUESTION, Role.REP, services)
        # Retrieval failed before generation: nothing to record, and the chain is intact.
        assert services.audit.count() == 1 and services.audit.verify().ok

        running.start()
        again = answer_question(QUESTION, Role.REP, services)  # same instance, no restart
        assert [s.text for s in again.sentences] == [s.text for s in first.sentences]
        assert services.audit.count() == 2 and services.audit.verify().ok

        running.restart()  # a clean restart too
        hits = services.retriever.search(QUESTION, _rep_scope(), k=3)
        assert hits and "100 mg" in " ".join(h.chunk.text for h in hits)
    finally:
        services.audit.close()
        services.kb.catalog.close()


def _rep_scope() -> Any:
    from datetime import date

    from knowledge_base.access import AccessScope

    return AccessScope(role=Role.REP, today=date(2026, 11, 24), market="US")


def test_cli_search_during_and_after_downtime(
    tmp_path: Path, running: ChromaServer, stub: OpenAIStub
) -> None:
    home = tmp_path / "home"
    model = f"stub-{uuid.uuid4().hex[:8]}"
    env = _env(home, running, stub, model)
    log = tmp_path / "cli.log"
    assert run_cli(["ingest", *map(str, make_generation_kb(tmp_path))], env, log) == 0
    running.stop()
    search = ["search", "recommended dose", "--json"]
    assert run_cli(search, env, log) == 2
    assert_clear(log.read_text(encoding="utf-8"), running.url)
    running.start()
    out = tmp_path / "after.log"
    assert run_cli(search, env, out) == 0
    hits = json.loads(out.read_text(encoding="utf-8"))
    assert any("100 mg" in hit["text"] for hit in hits)
