"""A local server that speaks OpenAI's HTTP API (the parts we use), for hosted-provider tests.

It answers ``POST /v1/embeddings`` with deterministic vectors (the hashing embedder's) and
records every request, so tests exercise the real client stack (langchain-openai -> openai ->
httpx -> HTTP) without a network or a key.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes import HashingEmbedder


class OpenAIStub:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._embedder = HashingEmbedder(dimensions=32)
        self.url = ""

    def handle(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        self.requests.append({"path": path, **body})
        self.headers.append(headers)
        if path.endswith("/embeddings"):
            inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
            return {
                "object": "list",
                "model": body["model"],
                "data": [
                    {"object": "embedding", "index": i, "embedding": self._embedder._vector(str(t))}
                    for i, t in enumerate(inputs)
                ],
                "usage": {"prompt_tokens": 1, "total_tokens": 1},
            }
        raise KeyError(path)


@contextmanager
def openai_stub() -> Iterator[OpenAIStub]:
    stub = OpenAIStub()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            try:
                payload = stub.handle(self.path, body, dict(self.headers))
                status = 200
            except KeyError:
                payload, status = {"error": {"message": f"no route {self.path}"}}, 404
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # keep test output clean
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stub.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
