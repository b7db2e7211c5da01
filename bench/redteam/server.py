"""A red-team model: an OpenAI chat-completions server that answers from the sources it is given.

It plays a model that writes mostly sound text with errors planted in it. For the active group
(set by the bench before each question) it finds the prompt's source that contains the group's
passage and answers with the group's sentences, each citing that source's number (none for
the ``uncited`` kind): the chat prompt gets ``{"refuse": false, "sentences": [...]}``, the
briefing prompt ``{"talking_points": [...], "safety_points": []}``. When no source contains the
passage it refuses with ``no_approved_source`` and records the group as not reached.

Only what the product's hosted provider uses is served: ``POST /v1/chat/completions``
(non-streaming, JSON mode) and ``GET /v1/models``.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bench.redteam.bank import RedTeamGroup, normalized

MODEL = "medbrief-redteam"
_SOURCE = re.compile(r'<source n="(\d+)"[^>]*>\n(.*?)\n</source>', re.DOTALL)


def prompt_sources(prompt: str) -> dict[int, str]:
    """The numbered sources of a chat or briefing prompt, unescaped as the model reads them."""
    return {int(n): html.unescape(text) for n, text in _SOURCE.findall(prompt)}


def anchor_source(passage: str, sources: dict[int, str]) -> int | None:
    """The number of the first source whose text contains the passage (whitespace and case
    aside), or None."""
    wanted = normalized(passage)
    return next((n for n, text in sorted(sources.items()) if wanted in normalized(text)), None)


@dataclass
class RedTeamModel:
    """What the server answers with, and what it saw: one record per chat request."""

    active: RedTeamGroup | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reply(self, body: dict[str, Any]) -> str:
        prompt = "\n".join(
            m.get("content", "") for m in body.get("messages", []) if isinstance(m, dict)
        )
        with self.lock:
            group = self.active
        sources = prompt_sources(prompt)
        anchor = anchor_source(group.passage, sources) if group else None
        with self.lock:
            self.requests.append(
                {
                    "group": group.id if group else None,
                    "anchor": anchor,
                    "anchor_text": sources[anchor] if anchor is not None else None,
                    "sources": len(sources),
                }
            )
        claims = [
            {"text": s.text, "sources": [anchor] if s.cited else []}
            for s in (group.sentences if group and anchor is not None else [])
        ]
        if "<hcp_profile>" in prompt:
            return json.dumps({"talking_points": claims, "safety_points": []})
        if not claims:
            refusal = "No approved source available to me answers this question."
            return json.dumps(
                {
                    "refuse": True,
                    "reason": "no_approved_source",
                    "sentences": [{"text": refusal, "sources": []}],
                }
            )
        return json.dumps({"refuse": False, "reason": None, "sentences": claims})


def _completion(content: str, serial: int) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-redteam{serial:06d}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": MODEL,
        "system_fingerprint": None,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


def _error(message: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "invalid_request_error", "param": None}}


@contextmanager
def redteam_server(model: RedTeamModel) -> Iterator[str]:
    """Serve ``model`` on 127.0.0.1 (ephemeral port); yields the base URL (``.../v1``)."""
    serial = iter(range(1, 1 << 62))

    class Handler(BaseHTTPRequestHandler):
        timeout = 10

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._send(200, {"object": "list", "data": [{"id": MODEL, "object": "model"}]})
            else:
                self._send(404, _error(f"no route GET {self.path}"))

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length", 0)) or 0)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send(404, _error(f"no route POST {self.path}"))
                return
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                self._send(400, _error("body is not JSON"))
                return
            if body.get("stream"):
                self._send(400, _error("the red-team model does not stream"))
                return
            self._send(200, _completion(model.reply(body), next(serial)))

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
