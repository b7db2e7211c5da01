"""A real, throwaway PostgreSQL for tests (and bench/audit.py).

``postgres_server`` (session) is, in this order:

1. ``MEDBRIEF_TEST_POSTGRES_URL`` when set (a server someone else runs; needs CREATE SCHEMA);
2. a fresh cluster: ``initdb`` into a temp dir, started with ``pg_ctl`` on 127.0.0.1 and a free
   port (no Unix socket), stopped and deleted at session end. Binaries are looked up on PATH,
   then in ``/usr/lib/postgresql/*/bin``. PostgreSQL refuses to run as root, so under root the
   cluster belongs to the ``postgres`` user (else ``nobody``) and runs as that user;
3. otherwise the PostgreSQL tests are skipped, or fail when ``MEDBRIEF_REQUIRE_POSTGRES=1`` (CI,
   where ``.ci/start-postgres.sh`` installs the server).

``postgres_url`` gives each test its own schema (via ``search_path``) and drops it afterwards;
``audit_url`` is parametrized over SQLite and PostgreSQL.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa

from assistant.audit.engine import create_audit_engine
from tests.ports import free_port

__all__ = ["PostgresServer", "audit_url", "find_bindir", "postgres_server", "postgres_url"]

# Read when this module is imported, before any fixture cleans the environment.
EXTERNAL_URL = os.environ.get("MEDBRIEF_TEST_POSTGRES_URL") or None
REQUIRED = os.environ.get("MEDBRIEF_REQUIRE_POSTGRES") == "1"


def find_bindir() -> Path | None:
    """The directory holding ``initdb``, ``pg_ctl`` and ``postgres``, if installed."""
    candidates = []
    if found := shutil.which("pg_ctl"):
        candidates.append(Path(found).resolve().parent)
    candidates += sorted(
        (Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    for bindir in candidates:
        if all((bindir / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return bindir
    return None


def _unprivileged_user() -> pwd.struct_passwd | None:
    """Who runs the cluster: ourselves unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root and there is no 'postgres' or 'nobody' user")


@dataclass
class PostgresServer:
    """A cluster this process started; ``url`` connects as its superuser to db ``postgres``."""

    bindir: Path
    durable: bool = False  # tests trade crash safety (fsync) for speed; the bench does not
    url: str = ""
    root: Path = field(default_factory=Path)
    _user: pwd.struct_passwd | None = None

    def _run(self, *args: str | Path) -> None:
        user = self._user
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "TZ": "UTC"}
        kwargs = {}
        if user is not None:
            env["HOME"] = str(self.root)
            kwargs = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
        subprocess.run(
            [str(a) for a in args],
            check=True,
            capture_output=True,
            env=env,
            cwd=self.root,
            timeout=120,
            **kwargs,  # type: ignore[arg-type]
        )

    def start(self) -> PostgresServer:
        self._user = _unprivileged_user()
        # Under /tmp (world-traversable), not pytest's 0700 tmp dir, so the cluster user can enter.
        self.root = Path(tempfile.mkdtemp(prefix="medbrief-pg-"))
        if self._user is not None:
            os.chown(self.root, self._user.pw_uid, self._user.pw_gid)
        data = self.root / "data"
        port = free_port()
        try:
            self._run(
                self.bindir / "initdb", "-D", data, "-U", "postgres", "--auth=trust",
                "--no-locale", "-E", "UTF8", "--no-sync",
            )  # fmt: skip
            settings = [
                "listen_addresses = '127.0.0.1'",
                f"port = {port}",
                "unix_socket_directories = ''",
                "max_connections = 100",
            ]
            if not self.durable:
                settings += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
            with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
                conf.write("\n".join(settings) + "\n")
            self._run(self.bindir / "pg_ctl", "-D", data, "-l", self.root / "server.log",
                      "-w", "-t", "60", "start")  # fmt: skip
        except subprocess.CalledProcessError as error:
            log = self.root / "server.log"
            detail = (error.stderr or b"").decode(errors="replace")[-2000:]
            if log.exists():
                detail += log.read_text(errors="replace")[-2000:]
            shutil.rmtree(self.root, ignore_errors=True)
            raise RuntimeError(f"could not start PostgreSQL: {detail}") from error
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        return self

    def stop(self) -> None:
        try:
            self._run(self.bindir / "pg_ctl", "-D", self.root / "data", "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"MEDBRIEF_REQUIRE_POSTGRES=1 but {reason}", pytrace=False)
    pytest.skip(f"no PostgreSQL: {reason}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A superuser URL of a PostgreSQL server for this session."""
    if EXTERNAL_URL:
        yield EXTERNAL_URL
        return
    bindir = find_bindir()
    if bindir is None:
        _unavailable("server binaries not found (pg_ctl on PATH or /usr/lib/postgresql/*/bin)")
    assert bindir is not None
    try:
        server = PostgresServer(bindir).start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        _unavailable(str(error))
        raise
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A URL whose connections live in a fresh schema, dropped after the test."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_audit_engine(postgres_server).execution_options(isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        url = sa.make_url(postgres_server).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        admin.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def audit_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The audit database URL: a SQLite file, then a schema on a real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'audit.db'}"
    return request.getfixturevalue("postgres_url")
