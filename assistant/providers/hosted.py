"""Hosted chat models (OpenAI, Azure OpenAI, any OpenAI-compatible server) through LangChain.

The model is asked for JSON (``json_mode``: every OpenAI-compatible server we target supports
it, unlike strict JSON-schema output) and the reply is parsed into the same pydantic drafts the
extractive generator returns. Timeouts and bounded retries with backoff on 429/5xx are the
openai client's own (``timeout``, ``max_retries``); anything still failing becomes a
``GenerationError`` with a message a user can act on.
"""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

import openai
from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel

from assistant.providers.base import (
    AnswerDraft,
    AnswerRequest,
    BriefingDraft,
    BriefingRequest,
    GenerationError,
)
from prompts.loader import RenderedPrompt

__all__ = ["HostedChatProvider"]

D = TypeVar("D", bound=BaseModel)


_FENCED = re.compile(r"```(?:json)?\s*(.*?)\s*```", re.DOTALL)


def _complete_json(content: object) -> None:
    """Raise ``ValueError`` unless ``content`` is one whole JSON document (fences allowed).

    LangChain's JSON parser auto-closes a truncated reply (``{"sentences": [{"text": "Half``
    parses), so a reply cut off mid-answer would pass as a short, valid draft."""
    if not isinstance(content, str):
        raise ValueError(f"content is {type(content).__name__}, not text")
    body = content.strip()
    fenced = _FENCED.fullmatch(body)
    json.loads(fenced.group(1) if fenced else body)


class HostedChatProvider:
    def __init__(
        self, chat_model: BaseChatModel, *, name: str, model: str, parameters: dict[str, Any]
    ) -> None:
        self._chat = chat_model
        self.name = name
        self.model = model
        self._parameters = parameters
        self._usage: dict[str, int] = {}

    def parameters(self) -> dict[str, Any]:
        return dict(self._parameters)

    def usage(self) -> dict[str, int]:
        return dict(self._usage)

    def complete_json(self, prompt: RenderedPrompt, schema: type[D]) -> D:
        """The model's reply to ``prompt`` as ``schema`` (JSON mode), or a GenerationError.

        Public for other graders of text (the evals' LLM judge) that need the same timeouts,
        retries and strict parsing as generation.
        """
        runnable = self._chat.with_structured_output(schema, method="json_mode", include_raw=True)
        try:
            result = runnable.invoke(prompt.messages())
        except openai.APITimeoutError as error:
            raise GenerationError(
                f"{self.name} model '{self.model}' did not answer in time; try again, or raise "
                "MEDBRIEF_REQUEST_TIMEOUT_S"
            ) from error
        except openai.RateLimitError as error:
            raise GenerationError(
                f"{self.name} rate limit still exceeded after retries; try again in a minute"
            ) from error
        except openai.APIStatusError as error:
            raise GenerationError(
                f"{self.name} returned HTTP {error.status_code} after retries: {error.message}"
            ) from error
        except openai.LengthFinishReasonError as error:
            raise GenerationError(
                f"{self.name} model '{self.model}' ran out of output tokens before finishing its "
                "JSON; nothing from it was used (raise MEDBRIEF_LLM_MAX_OUTPUT_TOKENS)"
            ) from error
        except openai.ContentFilterFinishReasonError as error:
            raise GenerationError(
                f"{self.name} refused to answer (content filter); nothing was used"
            ) from error
        except json.JSONDecodeError as error:  # a 200 whose body is not JSON at all
            raise GenerationError(
                f"{self.name} endpoint returned a response that is not JSON; nothing was used"
            ) from error
        except openai.APIConnectionError as error:
            raise GenerationError(
                f"cannot reach the {self.name} endpoint; check MEDBRIEF_OPENAI_BASE_URL / network"
            ) from error
        raw = result["raw"]
        usage = getattr(raw, "usage_metadata", None) or {}
        self._usage = {
            k: int(usage[k])
            for k in ("input_tokens", "output_tokens", "total_tokens")
            if k in usage
        }
        if result.get("parsing_error") is not None or result.get("parsed") is None:
            raise GenerationError(
                f"{self.name} model '{self.model}' returned output that is not the expected JSON "
                f"({result.get('parsing_error')}); nothing from it was used"
            ) from result.get("parsing_error")
        try:
            _complete_json(raw.content)
        except ValueError as error:
            raise GenerationError(
                f"{self.name} model '{self.model}' returned output that is not the expected JSON "
                f"(cut off or malformed: {error}); nothing from it was used"
            ) from error
        return result["parsed"]

    def draft_briefing(self, request: BriefingRequest) -> BriefingDraft:
        return self.complete_json(request.prompt, BriefingDraft)

    def draft_answer(self, request: AnswerRequest) -> AnswerDraft:
        return self.complete_json(request.prompt, AnswerDraft)
