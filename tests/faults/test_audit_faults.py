"""The audit database failing: PostgreSQL unreachable or stopped mid-run, SQLite's disk full.

Every output is recorded before it is returned, so the promise is: the user gets a one-line
error naming the database and what to do (exit code 4) and sees no answer; no partial record
is left (the chain verifies, with the records it had); once the database is back, running the
same command again completes and is recorded.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from assistant.audit import AuditLog, AuditUnavailableError
from assistant.cli import app
from assistant.services import open_services
from assistant.settings import Settings
from assistant.workflows.chat import answer_question
from knowledge_base.models import Role
from tests.fakes import HashingEmbedder
from tests.faults.cli_child import clean_env, run_cli
from tests.generation_fixtures import make_generation_kb
from tests.openai_server import openai_stub
from tests.ports import free_port
from tests.postgres import PostgresServer, _unavailable, find_bindir

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("test_audit_faults")]

QUESTION = "What is the recommended dose of alphamab?"
runner = CliRunner()


class RestartablePostgres(PostgresServer):
    """Our own cluster (the session one is shared): stopped and started on the same data."""

    def pause(self) -> None:
        self._run(self.bindir / "pg_ctl", "-D", self.root / "data", "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        self._run(self.bindir / "pg_ctl", "-D", self.root / "data", "-l",
                  self.root / "server.log", "-w", "-t", "60", "start")  # fmt: skip


@pytest.fixture(scope="module")
def postgres() -> Iterator[RestartablePostgres]:
    bindir = find_bindir()
    if bindir is None:
        _unavailable("server binaries not found (pg_ctl on PATH or /usr/lib/postgresql/*/bin)")
    assert bindir is not None
    try:
        server = RestartablePostgres(bindir).start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        _unavailable(str(error))
        raise
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Content ingested; offline extractive answers; embeddings from the HTTP test server.

    Yields the environment, for commands run in a child process (a CLI run against PostgreSQL
    in this process would leave its connections to the garbage collector)."""
    with openai_stub() as stub:
        env = {
            "MEDBRIEF_TODAY": "2026-11-24",
            "MEDBRIEF_EMBEDDING_PROVIDER": "openai_compatible",
            "MEDBRIEF_EMBEDDING_MODEL": "stub-embedding",
            "MEDBRIEF_OPENAI_BASE_URL": stub.url,
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        result = runner.invoke(app, ["ingest", *map(str, make_generation_kb(tmp_path))])
        assert result.exit_code == 0, result.output
        yield clean_env(Path(os.environ["MEDBRIEF_HOME"]), **env)


def ask() -> Result:
    return runner.invoke(app, ["ask", QUESTION, "--json"])


@dataclass
class ChildResult:
    exit_code: int
    output: str


def ask_in_child(env: dict[str, str], audit_url: str) -> ChildResult:
    log = Path(env["MEDBRIEF_HOME"]).parent / f"ask-{uuid.uuid4().hex[:8]}.log"
    code = run_cli(["ask", QUESTION, "--json"], env | {"MEDBRIEF_AUDIT_URL": audit_url}, log)
    return ChildResult(code, log.read_text(encoding="utf-8"))


def chain(url: str) -> tuple[int, bool]:
    with AuditLog.open(url) as log:
        return log.count(), log.verify().ok


def assert_refused_to_show(result: Result | ChildResult, *needles: str) -> None:
    assert result.exit_code == 4, result.output
    assert "Traceback" not in result.output
    assert "nothing was shown" in result.output and "MEDBRIEF_AUDIT_URL" in result.output
    assert "100 mg" not in result.output and "audit_id" not in result.output
    for needle in needles:
        assert needle in result.output


def test_postgres_unreachable(cli: dict[str, str]) -> None:
    url = f"postgresql://postgres:s3cret@127.0.0.1:{free_port()}/postgres"
    result = ask_in_child(cli, url)
    assert_refused_to_show(result, "cannot open the audit log", "127.0.0.1")
    assert "s3cret" not in result.output  # the URL is named without its password


def test_postgres_stopped_between_commands(
    cli: dict[str, str], postgres: RestartablePostgres
) -> None:
    assert ask_in_child(cli, postgres.url).exit_code == 0
    before = chain(postgres.url)
    postgres.pause()
    try:
        assert_refused_to_show(ask_in_child(cli, postgres.url), "cannot open the audit log")
    finally:
        postgres.resume()
    assert chain(postgres.url) == before
    again = ask_in_child(cli, postgres.url)
    assert again.exit_code == 0, again.output
    assert chain(postgres.url) == (before[0] + 1, True)


def test_postgres_stopped_mid_request(cli: dict[str, str], postgres: RestartablePostgres) -> None:
    """A long-running instance (the app): the server goes away after it connected, comes back."""
    with AuditLog.open(postgres.url) as log:  # its own schema would be nicer; count deltas
        start = log.count()
    services = open_services(Settings(audit_url=postgres.url), embedder=HashingEmbedder())
    try:
        assert answer_question(QUESTION, Role.REP, services).audit_id
        postgres.pause()
        try:
            with pytest.raises(AuditUnavailableError, match="cannot write to the audit log"):
                answer_question(QUESTION, Role.REP, services)
        finally:
            postgres.resume()
        assert chain(postgres.url) == (start + 1, True)
        # The same instance recovers by itself: its pool reconnects.
        assert answer_question(QUESTION, Role.REP, services).audit_id
        assert chain(postgres.url) == (start + 2, True)
    finally:
        services.audit.close()
        services.kb.catalog.close()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB filesystem (tmpfs) for the audit database; needs root (CI runs as root)."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs (needs root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def _fill(disk: Path) -> Path:
    """Write a file until the filesystem is full (ENOSPC)."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as out, pytest.raises(OSError) as full:
        while True:
            out.write(b"\0" * 4096)
    assert full.value.errno == errno.ENOSPC
    return filler


def test_sqlite_disk_full(
    cli: dict[str, str], small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{small_disk / 'audit.db'}"
    monkeypatch.setenv("MEDBRIEF_AUDIT_URL", url)
    first = ask()
    assert first.exit_code == 0, first.output
    before = chain(url)
    filler = _fill(small_disk)
    refused = ask()
    # Opening may already need a write (SQLite journals its schema check), so the full disk is
    # met either when the log is opened or when the record is written: both must be this error.
    assert_refused_to_show(refused, "the audit log at sqlite", "full")
    assert "cannot open the audit log" in refused.output or (
        "cannot write to the audit log" in refused.output
    )
    assert not [p.name for p in small_disk.iterdir() if p.name.endswith("-journal")]
    filler.unlink()  # space freed
    # Checked once there is room again: even a reader needs to create SQLite's WAL files.
    assert chain(url) == before  # no partial record; what was there still verifies
    again = ask()
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["audit_id"]
    assert chain(url) == (before[0] + 1, True)
    os.sync()
