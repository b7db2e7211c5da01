"""A real Chroma server (chromadb's own ``chroma run``) on 127.0.0.1 for server-mode tests.

``ChromaServer`` starts the server that ships with the installed chromadb on a free port with
its own data directory, waits for its heartbeat, and can be stopped and started again on the same
port and data (for fault tests: "server down", "server restarted mid-request"). Each test
module that needs one starts its own (server mode, faults), so killing one disturbs no other.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.ports import free_port

__all__ = ["CHROMA", "ChromaServer"]

CHROMA = Path(sys.executable).parent / "chroma"


class ChromaServer:
    def __init__(self, data: Path, port: int | None = None) -> None:
        self.data = data
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = data.parent / f"chroma-{self.port}.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout_s: float = 60.0) -> None:
        if self.running:
            return
        self.data.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                [
                    str(CHROMA),
                    "run",
                    "--path",
                    str(self.data),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"chroma run exited early: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1) as reply:
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"chroma run did not answer within {timeout_s} s: {self.log}")

    def stop(self) -> None:
        """Terminate the server (SIGTERM, then SIGKILL) and wait for it to exit."""
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=15)
        self._process = None

    def kill(self) -> None:
        """Kill the server abruptly (SIGKILL): a crash, not a shutdown."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait(timeout=15)
        self._process = None

    def restart(self) -> None:
        self.stop()
        self.start()
