"""A local server that speaks OpenAI's HTTP API (the parts we use), for hosted-provider tests.

Tests exercise the real client stack (langchain-openai -> openai -> httpx -> HTTP) against it,
without a network or a key:

- ``POST /v1/embeddings`` answers with deterministic vectors (the hashing embedder's);
- ``POST /v1/chat/completions`` answers from a script the test enqueues, non-streaming or
  streaming (``stream: true`` -> server-sent events ``data: {chunk}`` ... ``data: [DONE]``):

  ``stub.enqueue_chat("text")``                   a completion with that content
  ``stub.enqueue_status(429, retry_after_ms=1)``  an error status with OpenAI's error JSON
  ``stub.enqueue_delay(2.0, then="text")``        answer only after a delay (client timeouts)
  ``stub.enqueue_raw("{not json")``               a 200 whose body is exactly that text

  A chat request with nothing scripted gets a 500 (with ``x-should-retry: false``, so the
  client fails at once) whose message says so: a test that forgot to script fails loudly.
- ``GET /v1/models`` lists one model.

Every request is recorded in ``stub.requests`` (path, JSON body, lower-cased headers).
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes import HashingEmbedder

# OpenAI's error bodies for the statuses tests script most; others get a generic one.
_ERRORS: dict[int, tuple[str, str, str | None]] = {
    400: ("invalid_request_error", "Invalid request (scripted by the test stub).", None),
    401: ("invalid_request_error", "Incorrect API key provided (scripted).", "invalid_api_key"),
    404: ("invalid_request_error", "The model does not exist (scripted).", "model_not_found"),
    429: ("requests", "Rate limit reached (scripted by the test stub).", "rate_limit_exceeded"),
    500: ("server_error", "The server had an error (scripted by the test stub).", None),
    503: ("server_error", "The engine is currently overloaded (scripted).", None),
}


def openai_error(status: int, message: str | None = None) -> dict[str, Any]:
    """OpenAI's error JSON shape for ``status``."""
    kind, default, code = _ERRORS.get(status, ("api_error", f"HTTP {status} (scripted).", None))
    return {"error": {"message": message or default, "type": kind, "param": None, "code": code}}


@dataclass(frozen=True)
class RecordedRequest:
    """One request the stub saw. ``request["model"]`` reads the JSON body (and ``["path"]``)."""

    method: str
    path: str
    body: dict[str, Any]
    headers: dict[str, str]  # names lower-cased

    def __getitem__(self, key: str) -> Any:
        return self.path if key == "path" else self.body[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.path if key == "path" else self.body.get(key, default)


@dataclass(frozen=True)
class _Reply:
    content: str | None = None  # a chat completion with this content
    pieces: tuple[str, ...] | None = None  # streamed deltas (default: split content by words)
    finish_reason: str = "stop"
    status: int = 200
    body: dict[str, Any] | None = None  # an error body
    retry_after_ms: int | None = None
    delay: float = 0.0
    raw: str | None = None  # a body sent verbatim
    headers: dict[str, str] = field(default_factory=dict)
    respond: Callable[[dict[str, Any]], str] | None = None  # content computed from the request


class _Response:
    def __init__(
        self,
        status: int,
        payload: dict[str, Any] | None = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
        events: list[dict[str, Any]] | None = None,
    ) -> None:
        self.status = status
        self.raw = raw if raw is not None else json.dumps(payload).encode()
        self.headers = headers or {}
        self.events = events  # server-sent events instead of a JSON body


def _count_tokens(text: str) -> int:
    return len(text.split())


def _prompt_text(body: dict[str, Any]) -> str:
    parts: list[str] = []
    for message in body.get("messages", []):
        content = message.get("content")
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):
            parts.extend(p.get("text", "") for p in content if isinstance(p, dict))
    return " ".join(parts)


class OpenAIStub:
    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.headers: list[dict[str, str]] = []  # as sent (original case), one per request
        self._embedder = HashingEmbedder(dimensions=32)
        self._script: deque[_Reply] = deque()
        self._lock = threading.Lock()
        self._counter = 0
        self.stopping = threading.Event()  # set on shutdown: cuts scripted delays short
        self.url = ""

    # --- scripting -------------------------------------------------------------------------
    def enqueue_chat(
        self,
        content: str,
        *,
        pieces: list[str] | None = None,
        finish_reason: str = "stop",
    ) -> None:
        """Answer the next chat request with ``content`` (streamed as ``pieces`` if given)."""
        if pieces is not None and "".join(pieces) != content:
            raise ValueError("pieces must join to content")
        self._push(
            _Reply(
                content=content,
                pieces=tuple(pieces) if pieces is not None else None,
                finish_reason=finish_reason,
            )
        )

    def enqueue_status(
        self, status: int, body: dict[str, Any] | None = None, retry_after_ms: int | None = None
    ) -> None:
        """Answer the next chat request with ``status`` and ``body`` (OpenAI's error shape by
        default); ``retry_after_ms`` sends the ``retry-after-ms`` header the openai client obeys,
        so its retry waits only that long."""
        self._push(
            _Reply(status=status, body=body or openai_error(status), retry_after_ms=retry_after_ms)
        )

    def enqueue_function(self, respond: Callable[[dict[str, Any]], str]) -> None:
        """Answer the next chat request with ``respond(request_body)``: for replies that depend
        on the prompt (e.g. citing whichever source number holds a passage)."""
        self._push(_Reply(respond=respond))

    def enqueue_delay(self, seconds: float, then: str = "") -> None:
        """Answer the next chat request with ``then`` only after ``seconds`` (client timeouts)."""
        self._push(_Reply(content=then, delay=seconds))

    def enqueue_raw(
        self, text: str, status: int = 200, content_type: str = "application/json"
    ) -> None:
        """Answer the next chat request with ``text`` verbatim (malformed bodies)."""
        self._push(_Reply(raw=text, status=status, headers={"content-type": content_type}))

    @property
    def pending(self) -> int:
        """How many scripted replies have not been used."""
        with self._lock:
            return len(self._script)

    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _push(self, reply: _Reply) -> None:
        with self._lock:
            self._script.append(reply)

    # --- serving ---------------------------------------------------------------------------
    def handle(
        self, method: str, path: str, body: dict[str, Any], headers: dict[str, str]
    ) -> _Response:
        with self._lock:
            self.requests.append(
                RecordedRequest(method, path, body, {k.lower(): v for k, v in headers.items()})
            )
            self.headers.append(headers)
            self._counter += 1
            serial = self._counter
        route = path.split("?", 1)[0].rstrip("/")
        if method == "GET" and route.endswith("/models"):
            return _Response(
                200,
                {
                    "object": "list",
                    "data": [
                        {"id": "stub-model", "object": "model", "created": 0, "owned_by": "stub"}
                    ],
                },
            )
        if method == "POST" and route.endswith("/embeddings"):
            return self._embeddings(body)
        if method == "POST" and route.endswith("/chat/completions"):
            return self._chat(body, serial)
        return _Response(404, openai_error(404, f"openai stub: no route {method} {path}"))

    def _embeddings(self, body: dict[str, Any]) -> _Response:
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        return _Response(
            200,
            {
                "object": "list",
                "model": body["model"],
                "data": [
                    {"object": "embedding", "index": i, "embedding": self._embedder._vector(str(t))}
                    for i, t in enumerate(inputs)
                ],
                "usage": {"prompt_tokens": 1, "total_tokens": 1},
            },
        )

    def _chat(self, body: dict[str, Any], serial: int) -> _Response:
        with self._lock:
            reply = self._script.popleft() if self._script else None
        if reply is None:
            message = (
                "openai stub: no scripted response for POST /v1/chat/completions "
                f"(request #{serial}); call stub.enqueue_chat(...) / enqueue_status(...) first"
            )
            return _Response(500, openai_error(500, message), headers={"x-should-retry": "false"})
        if reply.delay:
            self.stopping.wait(reply.delay)
        if reply.raw is not None:
            return _Response(reply.status, raw=reply.raw.encode(), headers=dict(reply.headers))
        if reply.status != 200:
            headers = {}
            if reply.retry_after_ms is not None:
                headers["retry-after-ms"] = str(reply.retry_after_ms)
            return _Response(reply.status, reply.body, headers=headers)

        content = reply.respond(body) if reply.respond is not None else (reply.content or "")
        model = body.get("model", "stub-model")
        completion_id = f"chatcmpl-stub{serial:06d}"
        created = int(time.time())
        prompt_tokens = _count_tokens(_prompt_text(body))
        completion_tokens = _count_tokens(content)
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        }
        if not body.get("stream"):
            return _Response(
                200,
                {
                    "id": completion_id,
                    "object": "chat.completion",
                    "created": created,
                    "model": model,
                    "system_fingerprint": None,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": content, "refusal": None},
                            "finish_reason": reply.finish_reason,
                            "logprobs": None,
                        }
                    ],
                    "usage": usage,
                },
            )

        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        pieces = reply.pieces if reply.pieces is not None else re.findall(r"\s*\S+", content)

        def chunk(delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
            event: dict[str, Any] = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": None,
                "choices": [
                    {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
                ],
            }
            if include_usage:
                event["usage"] = None
            return event

        events = [chunk({"role": "assistant", "content": ""}, None)]
        events += [chunk({"content": piece}, None) for piece in pieces]
        events.append(chunk({}, reply.finish_reason))
        if include_usage:
            events.append(
                {
                    "id": completion_id,
                    "object": "chat.completion.chunk",
                    "created": created,
                    "model": model,
                    "system_fingerprint": None,
                    "choices": [],
                    "usage": usage,
                }
            )
        return _Response(200, events=events)


class _Server(ThreadingHTTPServer):
    # Join handler threads on close (scripted delays are cut short by ``stub.stopping``), so
    # no thread or socket outlives the context manager.
    daemon_threads = False
    block_on_close = True


@contextmanager
def openai_stub() -> Iterator[OpenAIStub]:
    """Serve an :class:`OpenAIStub` on 127.0.0.1 (ephemeral port) for the ``with`` block."""
    stub = OpenAIStub()

    class Handler(BaseHTTPRequestHandler):
        timeout = 10  # a client that connects and says nothing cannot hang shutdown

        def do_GET(self) -> None:
            self._serve("GET", {})

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                self._send(_Response(400, openai_error(400, "openai stub: body is not JSON")))
                return
            self._serve("POST", body)

        def _serve(self, method: str, body: dict[str, Any]) -> None:
            response = stub.handle(method, self.path, body, dict(self.headers))
            # The client may have given up (a timeout test): then there is no one to answer.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._send(response)

        def _send(self, response: _Response) -> None:
            self.send_response(response.status)
            headers = {"content-type": "application/json", "x-request-id": "req_stub"}
            if response.events is not None:
                headers["content-type"] = "text/event-stream"
                headers["cache-control"] = "no-cache"
            headers.update(response.headers)
            if response.events is None:
                headers["content-length"] = str(len(response.raw))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if response.events is None:
                self.wfile.write(response.raw)
                return
            # HTTP/1.0: the body runs until the connection closes.
            for event in response.events:
                self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

        def log_message(self, format: str, *args: object) -> None:  # keep test output clean
            return

    server = _Server(("127.0.0.1", 0), Handler)
    stub.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        stub.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join()
