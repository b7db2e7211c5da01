"""The hosted-model path through the real client stack (LangChain -> openai -> HTTP) against a
local server speaking OpenAI's protocol, with scripted replies, including bad ones."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from assistant.outputs import Verdict
from assistant.providers.base import GenerationError
from assistant.services import Services, open_services
from assistant.settings import Settings
from assistant.workflows.briefing import build_briefing
from assistant.workflows.chat import answer_question
from assistant.workflows.labels import catalog_products
from assistant.workflows.search import QuestionSearch, search_question
from knowledge_base.access import AccessScope
from knowledge_base.models import Role
from tests.fakes import HashingEmbedder
from tests.generation_fixtures import make_generation_kb
from tests.openai_server import OpenAIStub, openai_stub

QUESTION = "What is the recommended dose of alphamab?"
WRITTEN = (
    "At the last call on 2026-10-20 she asked whether alphamab can be used in children with "
    "psoriasis."
)
SHORTENED = "At the last call on 2026-10-20 she asked whether alphamab can be used in children."


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    with openai_stub() as server:
        yield server


def hosted(tmp_path: Path, stub: OpenAIStub, **overrides: object) -> Services:
    settings = Settings(
        today=date(2026, 11, 24),
        llm_provider="openai_compatible",
        openai_base_url=stub.url,
        llm_model="stub-model",
        request_timeout_s=overrides.pop("timeout", 5.0),
        max_retries=overrides.pop("retries", 2),
    )
    services = open_services(settings, embedder=HashingEmbedder())
    assert services.kb.ingest(make_generation_kb(tmp_path)).ok
    services.retriever = services.kb.retriever()
    return services


def source_number(services: Services, query: str, needle: str, role: Role = Role.REP) -> int:
    """The [n] the workflow will give the chunk containing ``needle`` (same retrieval)."""
    scope = AccessScope(role, date(2026, 11, 24))
    products = catalog_products(services.kb.catalog, scope.today)
    hits = search_question(services.retriever, QuestionSearch(query, [], products), scope)
    return next(i for i, e in enumerate(hits, start=1) if needle in e.chunk.text)


def test_verifier_catches_every_planted_claim(tmp_path: Path, stub: OpenAIStub) -> None:
    services = hosted(tmp_path, stub)
    n = source_number(services, QUESTION, "100 mg")
    planted = {
        "supported": "The recommended dose of alphamab is 100 mg by subcutaneous injection "
        "at week 0 and week 4, then every 8 weeks.",
        "wrong number": "The recommended dose of alphamab is 150 mg every 8 weeks.",
        "not given source": "Alphamab is approved for Crohn's disease.",
        "superlative": "Alphamab is the most effective psoriasis treatment available.",
        "uncited": "Alphamab is well tolerated by most patients.",
    }
    stub.enqueue_chat(
        json.dumps(
            {
                "refuse": False,
                "reason": None,
                "sentences": [
                    {"text": planted["supported"], "sources": [n]},
                    {"text": planted["wrong number"], "sources": [n]},
                    {"text": planted["not given source"], "sources": [42]},
                    {"text": planted["superlative"], "sources": [n]},
                    {"text": planted["uncited"], "sources": []},
                ],
            }
        )
    )
    answer = answer_question(QUESTION, Role.REP, services)

    assert not answer.refused
    assert [s.text for s in answer.sentences] == [planted["supported"]]
    removed = {s.text: s for s in answer.removed}
    assert removed[planted["wrong number"]].verdict is Verdict.UNSUPPORTED
    assert removed[planted["not given source"]].verdict is Verdict.INVALID_CITATION
    assert any(f.kind == "superlative" for f in removed[planted["superlative"]].flags)
    assert removed[planted["uncited"]].verdict is Verdict.UNCITED
    assert answer.generation.provider == "openai_compatible"
    assert answer.generation.model == "stub-model"
    # What went over the wire: JSON mode, sources fenced as data in the prompt.
    (request,) = stub.chat_requests()
    assert request.body["response_format"] == {"type": "json_object"}
    messages = request.body["messages"]
    assert messages[0]["role"] == "system" and "<source" in messages[-1]["content"]
    # The record keeps what was removed, with its verdict.
    record = services.audit.get(answer.audit_id)
    verdicts = {s.text: s.verdict for s in record.sentences}
    assert verdicts[planted["wrong number"]] == "unsupported"
    assert not next(s for s in record.sentences if s.text == planted["wrong number"]).shown


def test_briefing_gets_fair_balance_even_when_the_model_omits_it(
    tmp_path: Path, stub: OpenAIStub
) -> None:
    services = hosted(tmp_path, stub)
    claim = (
        "In the ALPHA-PSO-1 trial, 71% of patients treated with alphamab achieved PASI 90 at "
        "week 16 compared with 3% of patients on placebo."
    )

    def respond(body: dict) -> str:
        """Cite whichever source number the workflow gave the PASI passage; no safety."""
        prompt = body["messages"][-1]["content"]
        numbers = [
            int(part.split('n="')[1].split('"')[0])
            for part in prompt.split("<source ")[1:]
            if "PASI 90" in part
        ]
        points = [{"text": claim, "sources": numbers}]
        return json.dumps({"talking_points": points, "safety_points": []})

    stub.enqueue_function(respond)
    briefing = build_briefing("HCP-1", Role.REP, services)
    shown = [s for p in briefing.talking_points for s in p.sentences]
    assert [s.text for s in shown] == [claim]
    (block,) = briefing.safety
    assert block.sentences, "fair balance: the boxed warning must be added by the workflow"
    assert all(
        "serious infections" in s.text.lower() or "tuberculosis" in s.text.lower()
        for s in block.sentences
    )


def test_a_hosted_briefing_has_the_same_structure_and_no_trial_design_point(
    tmp_path: Path, stub: OpenAIStub
) -> None:
    services = hosted(tmp_path, stub)
    design = "The trial enrolled 600 adults with plaque psoriasis; the median age was 45 years."

    def respond(body: dict) -> str:
        prompt = body["messages"][-1]["content"]
        # The trial's passage is quoted in code and not shown to the model; a model citing it
        # anyway (the number after the prompt's last source) is still held to the rule.
        assert "median age" not in prompt
        shown = [int(part.split('n="')[1].split('"')[0]) for part in prompt.split("<source ")[1:]]
        return json.dumps(
            {"talking_points": [{"text": design, "sources": [max(shown) + 1]}], "safety_points": []}
        )

    stub.enqueue_function(respond)
    briefing = build_briefing("HCP-1", Role.REP, services)
    # The result is quoted in code whatever the provider; the drafted design point is not shown.
    (results,) = [p for p in briefing.talking_points if p.topic == "Headline results"]
    assert [s.text for s in results.sentences] == [
        "In the ALPHA-PSO-1 trial, 71% of patients treated with alphamab achieved PASI 90 at "
        "week 16 compared with 3% of patients on placebo."
    ]
    withheld = next(s for s in briefing.removed if s.text == design)
    assert any("design or population is not a talking point" in r for r in withheld.reasons)
    assert briefing.since_last_call is not None and briefing.objective is not None
    assert briefing.safety, "fair balance follows the quoted result"


def test_a_hosted_model_writes_since_your_last_call_checked_against_the_records(
    tmp_path: Path, stub: OpenAIStub
) -> None:
    services = hosted(tmp_path, stub)

    def respond(body: dict) -> str:
        prompt = body["messages"][-1]["content"]
        refs = [part.split('"')[0] for part in prompt.split('<record ref="')[1:]]
        assert refs, "the records since the last call are in the prompt"
        history = [
            {
                "text": WRITTEN,
                "records": [refs[0]],
            },
            {
                "text": "Dr. Smith agreed to prescribe alphamab to every patient.",
                "records": [refs[0]],
            },
            # The record's "with psoriasis" left out: a qualifier dropped.
            {"text": SHORTENED, "records": [refs[0]]},
            {"text": "The inquiry was answered.", "records": ["INQ-404"]},
        ]
        return json.dumps({"talking_points": [], "safety_points": [], "history": history})

    stub.enqueue_function(respond)
    briefing = build_briefing("HCP-1", Role.REP, services)
    history = briefing.since_last_call
    assert history is not None
    assert [h.text for h in history.summary] == [WRITTEN]
    withheld = {s.text: s.reasons for s in briefing.removed}
    assert any(
        "do not support" in r
        for r in withheld["Dr. Smith agreed to prescribe alphamab to every patient."]
    )
    assert any("not in the period" in r for r in withheld["The inquiry was answered."])
    assert withheld[SHORTENED] == ["history: the records it cites do not support it"]
    record = services.audit.get(briefing.audit_id)
    assert record.prompt_version == "2"


def test_malformed_json_is_a_clear_error_and_is_recorded(tmp_path: Path, stub: OpenAIStub) -> None:
    services = hosted(tmp_path, stub)
    stub.enqueue_chat("this is not json at all {")
    with pytest.raises(GenerationError, match=r"not the expected JSON|not JSON"):
        answer_question(QUESTION, Role.REP, services, user="rep-1")
    (record,) = [r for r in services.audit.list(workflow="ask")]
    assert record.error and record.user == "rep-1"
    assert services.audit.verify().ok


def test_rate_limit_then_success(tmp_path: Path, stub: OpenAIStub) -> None:
    services = hosted(tmp_path, stub)
    n = source_number(services, QUESTION, "100 mg")
    stub.enqueue_status(429, retry_after_ms=5)
    stub.enqueue_chat(
        json.dumps(
            {
                "sentences": [
                    {
                        "text": "The recommended dose of alphamab is 100 mg by subcutaneous "
                        "injection at week 0 and week 4, then every 8 weeks.",
                        "sources": [n],
                    }
                ]
            }
        )
    )
    answer = answer_question(QUESTION, Role.REP, services)
    assert not answer.refused and len(stub.chat_requests()) == 2


def test_server_errors_after_retries(tmp_path: Path, stub: OpenAIStub) -> None:
    services = hosted(tmp_path, stub, retries=1)
    stub.enqueue_status(500, retry_after_ms=5)
    stub.enqueue_status(500, retry_after_ms=5)
    with pytest.raises(GenerationError, match="HTTP 500 after retries"):
        answer_question(QUESTION, Role.REP, services)
    assert len(stub.chat_requests()) == 2


def test_timeout_is_a_clear_error(tmp_path: Path, stub: OpenAIStub) -> None:
    services = hosted(tmp_path, stub, timeout=0.3, retries=0)
    stub.enqueue_delay(2.0, then="{}")
    with pytest.raises(GenerationError, match="did not answer in time"):
        answer_question(QUESTION, Role.REP, services)
