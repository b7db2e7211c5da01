"""The same code against a Chroma server and PostgreSQL, selected by settings alone.

Ingest, retrieval under every access rule in every mode, a shared lexical index that a second
app instance (another process) follows without a restart, a briefing, and the audit chain in
PostgreSQL. The session fixture (``conftest.py``) starts the servers and ingests the sample.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.audit import AuditLog
from assistant.runtime import access_scope, open_knowledge_base
from assistant.services import open_services
from assistant.workflows.briefing import build_briefing
from assistant.workflows.chat import answer_question
from assistant.workflows.inquiries import summarize_inquiries
from knowledge_base.lexical_sql import SqlLexicalIndexStore
from knowledge_base.manifest import load_manifest
from knowledge_base.models import Audience, DocumentMetadata, Role, Status
from knowledge_base.retrieval import RetrievalMode
from knowledge_base.store import KnowledgeBase, sample_path
from tests.server_mode.conftest import REPO, TODAY, ServerMode

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("server_mode")]

PROBE = "server-mode-probe"


@pytest.fixture(scope="module")
def kb(server_mode: ServerMode) -> Iterator[KnowledgeBase]:
    kb = open_knowledge_base(server_mode.settings())
    yield kb
    kb.catalog.close()


def _manifest() -> list[DocumentMetadata]:
    return load_manifest(sample_path() / "content" / "manifest.yaml").documents


def test_ingest_report_is_sane_and_reingest_is_a_no_op(
    server_mode: ServerMode, kb: KnowledgeBase
) -> None:
    report = server_mode.ingest_report
    assert report["failures"] == [] and report["skipped_files"] == []
    assert kb.catalog.engine.dialect.name == "postgresql"
    assert isinstance(kb.lexical_store, SqlLexicalIndexStore)
    known = {e.metadata.doc_id: e for e in kb.catalog.list_documents()}
    for doc in _manifest():
        assert known[doc.doc_id].indexed == (doc.status is Status.APPROVED), doc.doc_id
        assert bool(kb.index.chunk_ids(doc.doc_id)) == known[doc.doc_id].indexed, doc.doc_id
    assert report["chunks_indexed"] == kb.index.content_count() > 400
    generation = kb.lexical_store.current_generation()
    assert generation is not None
    assert len(kb.lexical_store.load().ids) == kb.index.content_count()

    again = kb.ingest([sample_path()])
    assert again.ok, again.failures
    assert (again.added, again.new_versions, again.metadata_updated) == ([], [], [])
    assert again.chunks_indexed == again.chunks_removed == again.notes_indexed == 0
    assert kb.lexical_store.current_generation() == generation  # nothing to rebuild


@pytest.mark.parametrize("mode", list(RetrievalMode))
def test_every_access_rule_holds_in_server_mode(
    server_mode: ServerMode, kb: KnowledgeBase, mode: RetrievalMode
) -> None:
    documents = _manifest()
    day = date.fromisoformat(TODAY)
    medical = {d.doc_id for d in documents if d.audience is Audience.MEDICAL}
    never = {d.doc_id for d in documents if not d.is_groundable(day)}
    by_status = {s: {d.doc_id for d in documents if d.status is s} for s in Status}
    expired_by_date = {
        d.doc_id
        for d in documents
        if d.status is Status.APPROVED and d.expires_on is not None and d.expires_on < day
    }
    eu_only = {d.doc_id for d in documents if d.market == "EU"}
    # Every rule has a document to catch, and date-expired content is in the index: the query
    # filter is what keeps it out.
    assert by_status[Status.WITHDRAWN] and by_status[Status.IN_REVIEW] and eu_only
    assert expired_by_date and all(kb.index.chunk_ids(d) for d in expired_by_date)
    assert never >= by_status[Status.WITHDRAWN] | by_status[Status.EXPIRED] | expired_by_date

    retriever = kb.retriever()
    queries = [d.title for d in documents] + ["pregnancy", "pediatric", "dose", "switching"]
    seen: dict[Role, set[str]] = {}
    for role in (Role.REP, Role.MSL):
        scope = access_scope(server_mode.settings(), role)
        seen[role] = {
            e.chunk.doc_id
            for query in queries
            for e in retriever.search(query, scope, k=10, mode=mode)
        }
        assert not seen[role] & never, f"{role}/{mode}: withdrawn/expired/in-review returned"
        assert not seen[role] & eu_only, f"{role}/{mode}: another market's content returned"
    assert not seen[Role.REP] & medical, f"{mode}: the firewall let a rep see medical content"
    assert seen[Role.MSL] & medical, f"{mode}: an MSL should see medical content"
    eu_scope = access_scope(server_mode.settings(), Role.REP, market="EU")
    eu_seen = {
        e.chunk.doc_id
        for d in documents
        if d.market == "EU"
        for e in retriever.search(d.title, eu_scope, k=10, mode=mode)
    }
    assert eu_seen & eu_only, f"{mode}: the EU market should see its own content"


class Instance:
    """Another app instance: ``python -m tests.server_mode.instance`` over stdin/stdout."""

    def __init__(self, env: dict[str, str]) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.server_mode.instance"],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._read() == {"ready": True}

    def _read(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        assert line, f"instance exited with {self._process.wait(timeout=30)}"
        return json.loads(line)

    def search(self, query: str, mode: str = "lexical", role: str = "rep") -> dict[str, Any]:
        assert self._process.stdin is not None
        request = {"query": query, "mode": mode, "role": role, "k": 10}
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        return self._read()

    def close(self) -> None:
        """End of input ends the instance; a hung one is killed (it is a test failure)."""
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.close()
        try:
            assert self._process.wait(timeout=60) == 0
        finally:
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait(timeout=15)
            self._process.stdout.close()


def _write_probe(folder: Path, version: str, word: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "probe.md").write_text(
        f"# PROBEXA (fictional) visual aid\n\n## Dosing\n\n"
        f"PROBEXA {word} is given once daily with food; the {word} tablet is swallowed whole.\n",
        encoding="utf-8",
    )
    entry = {
        "path": "probe.md",
        "doc_id": PROBE,
        "title": "PROBEXA visual aid (fictional)",
        "approval_code": "ONC-US-2026-9999",
        "version": version,
        "status": "approved",
        "approved_on": "2026-01-01",
        "expires_on": "2027-12-31",
        "audience": "commercial",
        "products": ["PROBEXA"],
        "market": "US",
    }
    (folder / "manifest.yaml").write_text(yaml.safe_dump({"documents": [entry]}), "utf-8")
    return folder


def test_a_second_instance_follows_content_changes_without_restart(
    server_mode: ServerMode, kb: KnowledgeBase, tmp_path: Path
) -> None:
    here = kb.retriever()  # this instance; the other one runs in its own process
    scope = access_scope(server_mode.settings(), Role.REP)

    def found_here(query: str) -> set[tuple[str, str]]:
        hits = here.search(query, scope, k=10, mode=RetrievalMode.LEXICAL)
        return {(e.chunk.doc_id, e.chunk.version) for e in hits}

    other = Instance(server_mode.env(MEDBRIEF_LEXICAL_REFRESH_S="0"))
    try:
        found_here("boxed warning")
        first = other.search("boxed warning")
        assert first["hits"]
        assert (
            first["generation"] == here.lexical_generation == kb.lexical_store.current_generation()
        )

        # A new document, ingested by this instance: the other one finds it lexically.
        report = kb.ingest([_write_probe(tmp_path / "v1", "1", "quorbexin")])
        assert report.added == [PROBE], report
        added = other.search("quorbexin")
        assert added["generation"] == kb.lexical_store.current_generation() != first["generation"]
        assert [PROBE, "1"] in added["hits"]
        assert (PROBE, "1") in found_here("quorbexin")

        # A new version replaces the old one's chunks everywhere.
        report = kb.ingest([_write_probe(tmp_path / "v2", "2", "vantrelix")])
        assert report.new_versions == [PROBE], report
        assert [PROBE, "2"] in other.search("vantrelix")["hits"]
        assert not any(doc == PROBE for doc, _ in other.search("quorbexin")["hits"])
        assert found_here("quorbexin") == set() and (PROBE, "2") in found_here("vantrelix")

        # Withdrawn: gone from every mode of the other instance at once.
        kb.withdraw(PROBE, reason="server-mode test", by="pytest")
        for mode in ("lexical", "hybrid", "dense"):
            hits = other.search("PROBEXA vantrelix tablet", mode=mode)["hits"]
            assert not any(doc == PROBE for doc, _ in hits), mode
        assert found_here("vantrelix") == set()
    finally:
        other.close()


def test_workflows_write_a_verifiable_audit_chain_to_postgres(server_mode: ServerMode) -> None:
    services = open_services(server_mode.settings())
    try:
        assert services.audit.engine.dialect.name == "postgresql"
        before = services.audit.count()
        hcp = services.kb.catalog.list_hcps()[0].hcp_id
        briefing = build_briefing(hcp, Role.REP, services, user="server-mode-rep")
        answer = answer_question(
            "What is the recommended dose of TAGRISSO?", Role.REP, services, user="server-mode-rep"
        )
        summary = summarize_inquiries(services, role=Role.MSL, user="server-mode-msl")
        ids = [briefing.audit_id, answer.audit_id, summary.audit_id]
        assert all(ids) and len(set(ids)) == 3
        assert briefing.talking_points or briefing.safety
        medical = {d.doc_id for d in _manifest() if d.audience is Audience.MEDICAL}
        cited = {
            c.doc_id
            for record_id in ids[:2]
            for s in services.audit.get(record_id).sentences  # type: ignore[union-attr]
            for c in s.citations
        }
        assert cited and not cited & medical
    finally:
        services.audit.close()
        services.kb.catalog.close()

    with AuditLog.open(server_mode.audit_url) as log:
        assert log.count() == before + 3
        assert {log.get(i).workflow for i in ids} == {"brief", "ask", "inquiries"}  # type: ignore[union-attr]
        verdict = log.verify()
        assert verdict.ok, verdict
        assert verdict.checked == log.count()
