"""The suites catch a broken configuration: they pass with the real one and fail, on the right
metrics and checks, with (a) the citation verifier switched off behind a model that writes
unsupported and mis-cited claims, and (b) the commercial-medical firewall removed.

The model is tests/openai_server.py, a real HTTP server speaking OpenAI's protocol, reached
through the hosted provider (langchain-openai -> openai -> httpx); it also answers the optional
LLM judge, so the judge's path through the runner is exercised here too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assistant.grounding.sentences import split_sentences
from assistant.outputs import Citation, Sentence, Verdict
from assistant.providers.base import DraftClaim, NumberedSource
from assistant.settings import Settings
from evals.models import EvalRun
from evals.runner import run_suites
from evals.suites import resolve_suites
from knowledge_base import access
from knowledge_base.models import Audience, Role
from tests.openai_server import OpenAIStub, openai_stub
from tests.sample_home import SAMPLE_TODAY, sample_home_copy

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("evals")]

_SOURCE = re.compile(r'<source n="(\d+)"[^>]*>\n(.*?)\n</source>', re.DOTALL)
UNSUPPORTED = "{product} is the best and safest treatment available and cures every patient."
MISCITED = "{product} was approved for use in every patient population."
JUDGE_REPLY = {"faithfulness": 0.9, "compliance": 1.0, "reason": "no problems found"}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_home_copy(tmp_path_factory, "evals-broken-home")


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    with openai_stub() as server:
        yield server


def respond(body: dict[str, Any]) -> str:
    """A careless model: one sentence quoted from a source, then an unsupported superlative
    claim citing that source and a claim citing a source that was never given ([99])."""
    system, user = body["messages"][0]["content"], body["messages"][-1]["content"]
    if "MLR (medical, legal, regulatory) reviewer grading" in system:
        return json.dumps(JUDGE_REPLY)
    sources = {int(n): text for n, text in _SOURCE.findall(user)}
    # Quoted from the first source holding a whole sentence (a table passage may hold none).
    cited, quote = next(
        (n, s)
        for n, text in sorted(sources.items())
        for s in split_sentences(text)
        if len(s.split()) >= 6 and s.endswith(".")
    )
    question = user.rsplit("<question>", 1)[1]
    product = next(iter(re.findall(r"[A-Z]{5,}", question)), "This medicine")
    return json.dumps(
        {
            "refuse": False,
            "reason": None,
            "sentences": [
                {"text": quote, "sources": [cited]},
                {"text": UNSUPPORTED.format(product=product), "sources": [cited]},
                {"text": MISCITED.format(product=product), "sources": [99]},
            ],
        }
    )


def hosted(home: Path, stub: OpenAIStub) -> Settings:
    for _ in range(40):  # answers and judge calls, in whatever order the run makes them
        stub.enqueue_function(respond)
    return Settings(
        home=home,
        today=date.fromisoformat(SAMPLE_TODAY),
        llm_provider="openai_compatible",
        openai_base_url=stub.url,
        llm_model="stub-model",
        max_retries=0,
        request_timeout_s=10,
    )


class AcceptEverything:
    """The verifier switched off: every drafted sentence is shown, cited as drafted."""

    def verify(
        self, drafts: Sequence[DraftClaim], sources: Mapping[int, NumberedSource]
    ) -> list[Sentence]:
        shown = []
        for draft in drafts:
            citations = [
                Citation(
                    source=n,
                    doc_id=sources[n].evidence.chunk.doc_id,
                    version=sources[n].evidence.chunk.version,
                    approval_code=sources[n].evidence.chunk.approval_code,
                    title=sources[n].evidence.chunk.title,
                    section=sources[n].evidence.chunk.section,
                    chunk_id=sources[n].evidence.chunk.chunk_id,
                    char_start=sources[n].evidence.chunk.char_start,
                    char_end=sources[n].evidence.chunk.char_end,
                    verdict=Verdict.SUPPORTED,
                )
                for n in draft.sources
                if n in sources
            ]
            shown.append(
                Sentence(
                    text=draft.text, citations=citations, verdict=Verdict.SUPPORTED, shown=True
                )
            )
        return shown


def metrics(run: EvalRun) -> dict[str, Any]:
    (suite,) = run.suites
    return {m.name: m for m in suite.metrics}


def failed_checks(run: EvalRun) -> set[str]:
    """Names of the failed checks (and errors, as "error: ...") of every case of the run."""
    cases = [case for s in run.suites for case in s.cases]
    return {c.name for case in cases for c in case.checks if not c.passed} | {
        f"error: {case.error}" for case in cases if case.error
    }


def test_verifier_off_fails_the_suite(
    home: Path, stub: OpenAIStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    suites = resolve_suites(["superlatives-comparisons"])

    real = run_suites(suites, hosted(home, stub))
    assert real.passed, failed_checks(real)
    assert real.provider == "openai_compatible" and real.judge == "openai_compatible:stub-model"
    assert real.prompts["judge"] == "1"
    good = metrics(real)
    assert good["groundedness"].value == 1.0 and good["citation_validity"].value == 1.0
    # The optional judge ran through the same hosted provider and is reported, not gated.
    assert good["judge_faithfulness"].value == 0.9 and good["judge_faithfulness"].passed is None

    monkeypatch.setattr(
        "assistant.workflows.chat.citation_verifier", lambda *args: AcceptEverything()
    )
    broken = run_suites(suites, hosted(home, stub))
    assert not broken.passed
    bad = metrics(broken)
    assert bad["groundedness"].value < 1.0 and bad["groundedness"].passed is False
    assert bad["citation_recall"].value < 1.0
    assert bad["superlative_rate"].value > 0 and bad["superlative_rate"].passed is False
    assert bad["guarantee_rate"].passed is False
    assert bad["must_not_mention"].passed is False
    assert {"groundedness", "must_not_mention", "compliance.superlative"} <= failed_checks(broken)
    # Every generation of both runs is in the audit log, under its own run id.
    assert real.run_id != broken.run_id


def test_firewall_removed_fails_the_suite(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(home=home, today=date.fromisoformat(SAMPLE_TODAY))
    suites = resolve_suites(["firewall"])

    real = run_suites(suites, settings)
    assert real.passed, failed_checks(real)

    monkeypatch.setitem(access._AUDIENCES, Role.REP, (Audience.COMMERCIAL, Audience.MEDICAL))
    broken = run_suites(suites, settings)
    assert not broken.passed
    bad = metrics(broken)
    assert bad["must_not_cite"].passed is False
    # The eval's own firewall rule catches the medical citations the broken code let through.
    assert bad["citation_validity"].value < 1.0 and bad["citation_validity"].passed is False
    assert {"must_not_cite", "citation_validity"} <= failed_checks(broken)
    medical = {
        c.doc_id
        for s in broken.suites
        for case in s.cases
        if case.inputs.role is Role.REP
        for sentence in case.sentences
        for c in sentence.citations
    }
    assert any(doc.endswith("-srd") for doc in medical)
