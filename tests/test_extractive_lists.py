"""The offline provider states a short list together with its lead-in, never an item alone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.providers.extractive import _list_statements
from assistant.services import Services, open_services
from assistant.settings import Settings
from assistant.workflows.chat import answer_question
from knowledge_base.models import Role
from tests.fakes import HashingEmbedder
from tests.generation_fixtures import make_generation_kb

DOSING = (
    "2.1 Recommended Dosage\n\n"
    "Two dosing options of ALPHAMAB are available:\n\n"
    "- 225 mg monthly, administered as one injection, or\n"
    "- 675 mg every 3 months, administered as three injections.\n\n"
    "If a dose is missed, administer it as soon as possible."
)


def test_lead_in_and_items_become_one_statement() -> None:
    assert _list_statements(DOSING) == [
        "Two dosing options of ALPHAMAB are available: 225 mg monthly, administered as one "
        "injection, or 675 mg every 3 months, administered as three injections."
    ]


def test_a_heading_is_a_lead_in_and_unpunctuated_items_are_separated() -> None:
    text = "Directions\n\n- apply twice a day to the scalp\n- wash hands well after use"
    assert _list_statements(text) == [
        "Directions: apply twice a day to the scalp; wash hands well after use."
    ]


def test_items_are_never_taken_without_their_lead_in() -> None:
    # A finished sentence does not introduce the list, and a long list is left out whole: an
    # item alone ("you are under 18 years of age") can say the opposite of the label.
    finished = "Patients were followed for a year.\n- item one is here\n- item two is here"
    assert _list_statements(finished) == []
    long_list = "Do not use if\n" + "\n".join(f"- reason number {n} applies" for n in range(6))
    assert _list_statements(long_list) == []
    assert _list_statements("- an item without any lead-in at all") == []


def _services_with_section(tmp_path: Path, heading: str, section: str) -> Services:
    """The generation fixture's library, its label given one more section, ingested."""
    settings = Settings(home=tmp_path / "home", today=date(2026, 11, 24))
    services = open_services(settings, embedder=HashingEmbedder())
    content = make_generation_kb(tmp_path)
    label = content[0] / "label.md"
    text = label.read_text(encoding="utf-8")
    label.write_text(f"{text}\n\n## {heading}\n\n{section}\n", encoding="utf-8")
    assert services.kb.ingest(content).ok
    services.retriever = services.kb.retriever()
    return services


def test_a_dose_held_in_a_list_is_answered_and_verified(tmp_path: Path) -> None:
    services = _services_with_section(tmp_path, "Dosing options", DOSING)
    answer = answer_question("What dosing options of alphamab are available?", Role.REP, services)
    assert not answer.refused, answer
    listed = [s for s in answer.sentences if s.text.startswith("Two dosing options")]
    assert listed, [s.text for s in answer.sentences]
    assert "225 mg monthly" in listed[0].text and "675 mg every 3 months" in listed[0].text
    assert listed[0].citations and listed[0].verdict == "supported"
