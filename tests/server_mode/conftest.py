"""Server mode, really started: a Chroma server (``chroma run``) and PostgreSQL on 127.0.0.1.

``server_mode`` (session) starts its own Chroma server (the fault tests stop and restart theirs),
makes two fresh schemas on the session's PostgreSQL (catalog +
lexical generations, and the audit log), and ingests the bundled sample through the installed
``medbrief`` command with ``MEDBRIEF_CHROMA_URL``, ``MEDBRIEF_CATALOG_URL`` and
``MEDBRIEF_AUDIT_URL`` set, as an app instance would. Tests then open their own instances
in-process (``server_mode.settings()``) or in a subprocess (``server_mode.env()``).

Without a PostgreSQL these tests are skipped (``MEDBRIEF_REQUIRE_POSTGRES=1`` makes that a
failure); a Chroma server that does not start fails them when
``MEDBRIEF_REQUIRE_CHROMA_SERVER=1`` (CI), else skips them with the reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from assistant.audit.engine import create_audit_engine
from assistant.settings import Settings
from tests.chroma_server import CHROMA, ChromaServer
from tests.postgres import postgres_server
from tests.sample_home import ingested_sample, shared_embedding_cache

__all__ = ["ServerMode", "postgres_server", "server_mode"]

TODAY = "2026-11-24"
MEDBRIEF = Path(sys.executable).parent / "medbrief"
REPO = Path(__file__).resolve().parents[2]
# Read at import, before the autouse fixture cleans MEDBRIEF_ variables out of the environment.
REQUIRE_CHROMA = os.environ.get("MEDBRIEF_REQUIRE_CHROMA_SERVER") == "1"


@dataclass
class ServerMode:
    home: Path
    chroma_url: str
    catalog_url: str
    audit_url: str
    ingest_report: dict[str, Any]
    embedding_cache: Path

    def settings(self, **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "home": self.home,
            "today": date.fromisoformat(TODAY),
            "chroma_url": self.chroma_url,
            "catalog_url": self.catalog_url,
            "audit_url": self.audit_url,
            "lexical_refresh_s": 0.0,
        }
        return Settings(_env_file=None, **{**values, **overrides})  # type: ignore[call-arg]

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of another app instance (a subprocess) on the same servers."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("MEDBRIEF_", "OPENAI_", "AZURE_OPENAI_", "HF_"))
        }
        env.update(
            MEDBRIEF_HOME=str(self.home),
            MEDBRIEF_TODAY=TODAY,
            MEDBRIEF_CHROMA_URL=self.chroma_url,
            MEDBRIEF_CATALOG_URL=self.catalog_url,
            MEDBRIEF_AUDIT_URL=self.audit_url,
            MEDBRIEF_EMBEDDING_CACHE_PATH=str(self.embedding_cache),
            HF_HUB_OFFLINE="1",
            PYTHONPATH=str(REPO),
            **extra,
        )
        return env


def _schema_url(admin: sa.Engine, server_url: str, schema: str) -> str:
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = sa.make_url(server_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def _start_chroma(data: Path) -> ChromaServer:
    server = ChromaServer(data)
    try:
        if not CHROMA.exists():
            raise RuntimeError(f"{CHROMA} is missing (it ships with the chromadb package)")
        server.start()
    except (RuntimeError, OSError) as error:
        if REQUIRE_CHROMA:
            pytest.fail(f"MEDBRIEF_REQUIRE_CHROMA_SERVER=1 but {error}", pytrace=False)
        pytest.skip(f"no Chroma server: {error}")
    return server


@pytest.fixture(scope="session")
def server_mode(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: str
) -> Iterator[ServerMode]:
    root = tmp_path_factory.mktemp("server-mode")
    tag = uuid.uuid4().hex[:10]
    schemas = [f"sm_catalog_{tag}", f"sm_audit_{tag}"]
    admin = create_audit_engine(postgres_server).execution_options(isolation_level="AUTOCOMMIT")
    chroma = _start_chroma(root / "chroma-data")
    try:
        catalog_url, audit_url = (_schema_url(admin, postgres_server, s) for s in schemas)
        # After the shared sample ingest: this one then finds every chunk's vector in the cache.
        ingested_sample(tmp_path_factory)
        mode = ServerMode(
            root / "home",
            chroma.url,
            catalog_url,
            audit_url,
            {},
            shared_embedding_cache(tmp_path_factory),
        )
        done = subprocess.run(
            [str(MEDBRIEF), "ingest", "--sample", "--json"],
            env=mode.env(),
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        mode.ingest_report = json.loads(done.stdout)
        yield mode
    finally:
        chroma.stop()
        with admin.connect() as conn:
            for schema in schemas:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.engine.dispose()
