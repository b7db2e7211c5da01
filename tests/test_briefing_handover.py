"""A briefing handed over as Markdown or PDF: the screen's section order, sources numbered as
they appear, and on every PDF page that it is internal, its audit record and page number."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from assistant.outputs import (
    Briefing,
    FollowUp,
    GenerationInfo,
    HcpSnapshot,
    OpenItem,
    SafetyBlock,
    Sentence,
    SourceRef,
    TalkingPoint,
)
from assistant.pdf import markdown_pdf
from assistant.rendering import INTERNAL_USE, briefing_footer, briefing_markdown


def _sentence(text: str, *sources: int) -> Sentence:
    return Sentence.model_validate(
        {
            "text": text,
            "citations": [
                {
                    "source": n,
                    "doc_id": f"doc-{n}",
                    "version": "1",
                    "approval_code": f"AC-{n}",
                    "title": f"Document {n}",
                    "section": "dosage_and_administration",
                    "chunk_id": f"doc-{n}:v1:0",
                    "char_start": 0,
                    "char_end": 10,
                    "verdict": "supported",
                }
                for n in sources
            ],
            "verdict": "supported",
            "shown": True,
        }
    )


@pytest.fixture
def briefing() -> Briefing:
    return Briefing.model_validate(
        {
            "role": "rep",
            "hcp": HcpSnapshot.model_validate(
                {
                    "hcp_id": "HCP-001",
                    "name": "Dr. Ana Ruiz",
                    "specialty": "Oncology",
                    "subspecialty": "",
                    "institution": "General Hospital",
                    "patient_mix": "EGFR+ NSCLC",
                    "consent": {"email": True, "phone": False, "visit": True},
                    "preferred_channel": "visit",
                }
            ).model_dump(),
            "recent_interactions": [],
            "talking_points": [
                TalkingPoint(
                    product="TAGRISSO",
                    topic="dosing",
                    sentences=[
                        _sentence("Take 80 mg once daily.", 4),
                        _sentence("With or without food.", 7, 2),
                    ],
                ).model_dump()
            ],
            "safety": [
                SafetyBlock.model_validate(
                    {
                        "product": "TAGRISSO",
                        "sentences": [_sentence("ILD can occur.", 5, 4).model_dump()],
                    }
                ).model_dump()
            ],
            "do_not_discuss": [],
            "follow_up": FollowUp(
                channel="visit", consent_ok=True, text="Visit in two weeks."
            ).model_dump(),
            "generation": GenerationInfo.model_validate(
                {
                    "provider": "extractive",
                    "model": "extractive-v1",
                    "parameters": {},
                    "prompt_id": "briefing",
                    "prompt_version": "4",
                    "prompt_sha256": "ab" * 32,
                    "latency_ms": 1.0,
                    "today": date(2026, 11, 24),
                }
            ).model_dump(),
            "audit_id": "rec-0042",
        }
    )


def test_sources_are_numbered_as_they_appear_and_sections_follow_the_screen(briefing) -> None:
    markdown = briefing_markdown(briefing)
    assert "Take 80 mg once daily. [1]" in markdown
    assert "With or without food. [2][3]" in markdown
    assert "ILD can occur. [4][1]" in markdown
    sources = markdown.split("## Sources")[1]
    assert sources.index("[1] Document 4") < sources.index("[2] Document 7")
    assert sources.index("[3] Document 2") < sources.index("[4] Document 5")
    order = [
        "## Suggested talking points",
        "## Important safety information",
        "## Recent interactions",
        "## Suggested follow-up",
        "## Sources",
    ]
    assert [markdown.index(h) for h in order] == sorted(markdown.index(h) for h in order)
    assert INTERNAL_USE in markdown and "rec-0042" in markdown and "2026-11-24" in markdown


def test_every_pdf_page_says_internal_use_its_record_and_its_number(briefing) -> None:
    long = briefing.model_copy(
        update={
            "recent_interactions": [],
            "open_items": [
                OpenItem(
                    kind="question",
                    text=f"Question {i}?",
                    source=SourceRef(source_type="note", source_id=f"N-{i}"),
                )
                for i in range(150)
            ],
        }
    )
    pdf = markdown_pdf(briefing_markdown(long), title="b", footer=briefing_footer(long))
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        text = " ".join(page.extract_text().split())
        assert "Internal use only" in text and "not for distribution to HCPs" in text
        assert "audit record rec-0042" in text and "content as of 2026-11-24" in text
        assert f"page {number} of {len(pages)}" in text
