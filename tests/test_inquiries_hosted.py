"""The inquiry summary on a hosted model (local OpenAI-protocol server): the theme responses are
the model's, verified like any chat answer."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from assistant.services import open_services
from assistant.settings import Settings
from assistant.workflows.inquiries import summarize_inquiries
from tests.fakes import HashingEmbedder
from tests.generation_fixtures import make_generation_kb
from tests.openai_server import openai_stub

EXPORT = (
    "inquiry_id,received_at,channel,hcp_id,product,question,status,priority\n"
    "Q-1,2026-11-01T10:00:00Z,email,HCP-1,ALPHAMAB,What is the recommended dose of alphamab?,"
    "open,high\n"
)


def test_theme_response_from_a_hosted_model_is_verified(tmp_path: Path) -> None:
    def respond(body: dict) -> str:
        """Cite the source holding the dose, plus one invented claim that must be removed."""
        prompt = body["messages"][-1]["content"]
        sources = re.findall(r'<source n="(\d+)"[^>]*>(.*?)</source>', prompt, re.S)
        n = next(int(number) for number, text in sources if "100 mg" in text)
        return json.dumps(
            {
                "refuse": False,
                "sentences": [
                    {
                        "text": "The recommended dose of alphamab is 100 mg by subcutaneous "
                        "injection at week 0 and week 4, then every 8 weeks.",
                        "sources": [n],
                    },
                    {"text": "Alphamab doses of 300 mg are also approved.", "sources": [n]},
                ],
            }
        )

    with openai_stub() as stub:
        stub.enqueue_function(respond)
        settings = Settings(
            today=date(2026, 11, 24),
            llm_provider="openai_compatible",
            openai_base_url=stub.url,
            llm_model="stub-model",
        )
        services = open_services(settings, embedder=HashingEmbedder())
        assert services.kb.ingest(make_generation_kb(tmp_path)).ok
        services.retriever = services.kb.retriever()
        export = tmp_path / "export.csv"
        export.write_text(EXPORT, encoding="utf-8")
        summary = summarize_inquiries(services, path=export)

    (theme,) = summary.themes
    assert [s.text for s in theme.response] == [
        "The recommended dose of alphamab is 100 mg by subcutaneous injection at week 0 and "
        "week 4, then every 8 weeks."
    ]
    assert not theme.content_gap
    assert summary.generation.provider == "openai_compatible"
    record = services.audit.get(summary.audit_id)
    hidden = [s for s in record.sentences if not s.shown]
    assert [s.text for s in hidden] == ["Alphamab doses of 300 mg are also approved."]
