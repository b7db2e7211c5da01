"""The OpenAI stub server, proven against the real client stack (langchain-openai -> openai ->
httpx -> HTTP), and a smoke test of the real local LLM server (``llm`` marker)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import openai
import pytest
from langchain_core.exceptions import OutputParserException
from langchain_openai import ChatOpenAI
from pydantic import BaseModel

from tests.llm_server import LlamaServer, llama_server  # noqa: F401 (a pytest fixture)
from tests.openai_server import OpenAIStub, openai_stub


class Briefing(BaseModel):
    product: str
    key_points: list[str]


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    with openai_stub() as server:
        yield server


def chat(stub: OpenAIStub, *, timeout: float = 5.0, max_retries: int = 0) -> ChatOpenAI:
    return ChatOpenAI(
        base_url=stub.url,
        api_key="sk-test",
        model="stub-model",
        timeout=timeout,
        max_retries=max_retries,
    )


def test_invoke_returns_the_scripted_content(stub: OpenAIStub) -> None:
    stub.enqueue_chat("Hello from the stub.")
    message = chat(stub).invoke("Say hello")
    assert message.content == "Hello from the stub."
    assert message.response_metadata["finish_reason"] == "stop"
    assert message.usage_metadata is not None and message.usage_metadata["output_tokens"] == 4
    [request] = stub.requests
    assert request.path == "/v1/chat/completions" and request.method == "POST"
    assert request.body["model"] == "stub-model"
    assert request.body["messages"] == [{"role": "user", "content": "Say hello"}]
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request["model"] == "stub-model"  # dict-style access reads the body


def test_raw_response_has_the_real_chat_completion_shape(stub: OpenAIStub) -> None:
    stub.enqueue_chat("shape")
    response = httpx.post(
        f"{stub.url}/chat/completions",
        json={"model": "m", "messages": [{"role": "user", "content": "x"}]},
    )
    body = response.json()
    assert response.status_code == 200
    assert set(body) >= {"id", "object", "created", "model", "choices", "usage"}
    assert body["object"] == "chat.completion" and body["model"] == "m"
    [choice] = body["choices"]
    assert choice["index"] == 0 and choice["finish_reason"] == "stop"
    assert choice["logprobs"] is None
    assert choice["message"]["role"] == "assistant" and choice["message"]["content"] == "shape"
    assert set(body["usage"]) == {"prompt_tokens", "completion_tokens", "total_tokens"}


def test_structured_output_json_mode_parses(stub: OpenAIStub) -> None:
    stub.enqueue_chat(json.dumps({"product": "Zentrava", "key_points": ["dosing", "safety"]}))
    structured = chat(stub).with_structured_output(Briefing, method="json_mode")
    result = structured.invoke("Brief me on Zentrava as JSON")
    assert result == Briefing(product="Zentrava", key_points=["dosing", "safety"])
    assert stub.requests[0].body["response_format"] == {"type": "json_object"}


def test_structured_output_malformed_json_raises_parser_error(stub: OpenAIStub) -> None:
    stub.enqueue_chat("{product: Zentrava, key_points: dosing}")
    structured = chat(stub).with_structured_output(Briefing, method="json_mode")
    with pytest.raises(OutputParserException):
        structured.invoke("Brief me")


def test_structured_output_truncated_json_is_completed_not_rejected(stub: OpenAIStub) -> None:
    # langchain's JSON parser repairs partial JSON: a reply cut off mid-list still validates.
    stub.enqueue_chat('{"product": "Zentrava", "key_points": ["dosing", ')
    structured = chat(stub).with_structured_output(Briefing, method="json_mode")
    assert structured.invoke("Brief me") == Briefing(product="Zentrava", key_points=["dosing"])


def test_structured_output_wrong_fields_raise_parser_error(stub: OpenAIStub) -> None:
    stub.enqueue_chat(json.dumps({"product": "Zentrava"}))
    structured = chat(stub).with_structured_output(Briefing, method="json_mode")
    with pytest.raises(OutputParserException):
        structured.invoke("Brief me")


def test_malformed_response_body_raises_json_decode_error(stub: OpenAIStub) -> None:
    # The openai client does not wrap a 200 whose body is not JSON: json's own error escapes.
    stub.enqueue_raw("{this is not json")
    with pytest.raises(json.JSONDecodeError):
        chat(stub).invoke("hi")


def test_rate_limit_then_success_is_retried(stub: OpenAIStub) -> None:
    stub.enqueue_status(429, retry_after_ms=1)
    stub.enqueue_chat("after the retry")
    message = chat(stub, max_retries=2).invoke("hi")
    assert message.content == "after the retry"
    assert len(stub.requests) == 2


def test_rate_limit_error_carries_openai_error_shape(stub: OpenAIStub) -> None:
    stub.enqueue_status(429, retry_after_ms=1)
    with pytest.raises(openai.RateLimitError) as caught:
        chat(stub, max_retries=0).invoke("hi")
    assert caught.value.status_code == 429
    assert caught.value.code == "rate_limit_exceeded"


def test_server_errors_exhaust_retries(stub: OpenAIStub) -> None:
    for _ in range(3):
        stub.enqueue_status(500, retry_after_ms=1)
    with pytest.raises(openai.InternalServerError):
        chat(stub, max_retries=1).invoke("hi")
    assert len(stub.requests) == 2
    assert stub.pending == 1


def test_delay_beyond_timeout_raises_timeout(stub: OpenAIStub) -> None:
    stub.enqueue_delay(2.0, then="too late")
    with pytest.raises(openai.APITimeoutError):
        chat(stub, timeout=0.2, max_retries=0).invoke("hi")
    assert len(stub.requests) == 1


def test_unscripted_chat_request_fails_loudly_without_retries(stub: OpenAIStub) -> None:
    with pytest.raises(openai.InternalServerError, match="no scripted response"):
        chat(stub, max_retries=2).invoke("hi")
    assert len(stub.requests) == 1


def test_stream_yields_pieces_in_order(stub: OpenAIStub) -> None:
    stub.enqueue_chat("Dose once daily.", pieces=["Dose", " once", " daily", "."])
    chunks = list(chat(stub).stream("How often?"))
    pieces = [c.content for c in chunks if c.content]
    assert pieces == ["Dose", " once", " daily", "."]
    assert stub.requests[0].body["stream"] is True


def test_stream_splits_words_and_reports_usage(stub: OpenAIStub) -> None:
    stub.enqueue_chat("one two three")
    model = ChatOpenAI(
        base_url=stub.url, api_key="sk-test", model="stub-model", max_retries=0, stream_usage=True
    )
    chunks = list(model.stream("count"))
    assert [c.content for c in chunks if c.content] == ["one", " two", " three"]
    assert stub.requests[0].body["stream_options"] == {"include_usage": True}
    total = chunks[0]
    for c in chunks[1:]:
        total += c
    assert total.content == "one two three"
    assert total.usage_metadata is not None and total.usage_metadata["output_tokens"] == 3


def test_raw_stream_is_server_sent_events(stub: OpenAIStub) -> None:
    stub.enqueue_chat("a b")
    body = {
        "model": "m",
        "messages": [{"role": "user", "content": "x"}],
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    response = httpx.post(f"{stub.url}/chat/completions", json=body)
    assert response.headers["content-type"] == "text/event-stream"
    events = [e.removeprefix("data: ") for e in response.text.split("\n\n") if e]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    assert [c["choices"][0]["finish_reason"] for c in chunks[1:-1]] == [None, None, "stop"]
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["completion_tokens"] == 2


def test_embeddings_still_served(stub: OpenAIStub) -> None:
    response = httpx.post(f"{stub.url}/embeddings", json={"model": "e", "input": ["a", "b"]})
    data = response.json()["data"]
    assert [d["index"] for d in data] == [0, 1] and len(data[0]["embedding"]) == 32
    assert stub.requests[0]["path"] == "/v1/embeddings" and stub.requests[0]["input"] == ["a", "b"]


@pytest.mark.llm
def test_real_local_model_answers_through_chat_openai(llama_server: LlamaServer) -> None:  # noqa: F811
    model = ChatOpenAI(
        base_url=llama_server.base_url,
        api_key="sk-local",
        model=llama_server.model,
        timeout=60,
        max_retries=0,
        max_tokens=24,
        temperature=0,
    )
    message = model.invoke("What is the capital of France? Answer in one word.")
    assert isinstance(message.content, str)
    assert message.content.strip(), f"empty answer; server log:\n{llama_server.log_tail()}"
