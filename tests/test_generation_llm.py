"""End to end against a real (tiny, poor) model behind a real OpenAI-compatible server.

SmolLM2-135M invents content; the point is that whatever it writes goes through the same
verifier and nothing unsupported reaches the rep.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.outputs import Verdict
from assistant.providers.base import GenerationError
from assistant.services import open_services
from assistant.settings import Settings
from assistant.workflows.briefing import build_briefing
from assistant.workflows.chat import answer_question
from knowledge_base.models import Role
from tests.fakes import HashingEmbedder
from tests.generation_fixtures import make_generation_kb
from tests.llm_server import LlamaServer, llama_server  # noqa: F401 (fixture)

pytestmark = [pytest.mark.llm, pytest.mark.xdist_group("llm")]


def test_real_small_model_output_is_verified_before_it_is_shown(
    tmp_path: Path,
    llama_server: LlamaServer,  # noqa: F811
) -> None:
    settings = Settings(
        today=date(2026, 11, 24),
        llm_provider="openai_compatible",
        openai_base_url=llama_server.base_url,
        llm_model=llama_server.model,
        llm_max_output_tokens=300,
        llm_context_window=2048,
        request_timeout_s=120,
        max_retries=0,
    )
    services = open_services(settings, embedder=HashingEmbedder())
    assert services.kb.ingest(make_generation_kb(tmp_path)).ok
    services.retriever = services.kb.retriever()

    outputs = []
    for question in (
        "What is the recommended dose of alphamab?",
        "What does the boxed warning say?",
    ):
        try:
            outputs.append(answer_question(question, Role.REP, services))
        except GenerationError as error:
            # A 135M model may not produce the JSON asked for (or stop in time): that must be a
            # clean, recorded failure, never text shown to a rep.
            assert "nothing" in str(error), error
    try:
        briefing = build_briefing("HCP-1", Role.REP, services)
        shown = [s for p in briefing.talking_points for s in p.sentences]
        shown += [s for b in briefing.safety for s in b.sentences]
        assert all(s.verdict is Verdict.SUPPORTED and s.citations for s in shown)
    except GenerationError as error:
        assert "nothing" in str(error), error

    for answer in outputs:
        assert answer.generation.model == llama_server.model
        for sentence in answer.sentences:
            assert sentence.verdict is Verdict.SUPPORTED and sentence.citations, sentence
    records = list(services.audit.iter_records())
    assert len(records) == 3  # two questions and one briefing, failed or not
    assert services.audit.verify().ok
