"""The red-team model of bench/redteam: it speaks OpenAI's chat-completions protocol (driven here
by the real openai client over HTTP) and answers a chat or briefing prompt with the active group's
sentences, each citing the source that holds the group's passage."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest

from bench.redteam.bank import RedTeamGroup, RedTeamSentence, in_cited_source, load_groups
from bench.redteam.server import MODEL, RedTeamModel, prompt_sources, redteam_server

PASSAGE = "Take with food.\nDo not crush the tablets."
GROUP = RedTeamGroup.model_validate(
    {
        "id": "g1",
        "doc_id": "x-label",
        "question": "How is X taken?",
        "passage": PASSAGE,
        "sentences": [
            {"text": "Take X with food.", "kind": "verbatim", "cited": True},
            {"text": "Take X without food.", "kind": "direction", "cited": True},
            {"text": "Do not crush X tablets.", "kind": "uncited", "cited": False},
        ],
    }
)


def _prompt(sources: dict[int, str], *, briefing: bool = False) -> str:
    blocks = "".join(
        f'<source n="{n}" title="X" section="2 DOSAGE" approval_code="A-1">\n{text}\n</source>\n'
        for n, text in sources.items()
    )
    head = "<hcp_profile>\ncardiology\n</hcp_profile>\n" if briefing else ""
    return f"{head}<sources>\n{blocks}</sources>\n<question>\nHow is X taken?\n</question>"


@pytest.fixture
def served() -> Iterator[tuple[RedTeamModel, openai.OpenAI]]:
    model = RedTeamModel(active=GROUP)
    with redteam_server(model) as url:
        yield model, openai.OpenAI(base_url=url, api_key="unused", max_retries=0)


def _ask(client: openai.OpenAI, prompt: str) -> dict:
    reply = client.chat.completions.create(
        model=MODEL,
        messages=[{"role": "system", "content": "rules"}, {"role": "user", "content": prompt}],
        response_format={"type": "json_object"},
    )
    return json.loads(reply.choices[0].message.content or "")


def test_it_cites_the_source_that_holds_the_passage(served) -> None:
    model, client = served
    # The passage's line breaks and case may differ in the prompt.
    holder = "Intro.\nTAKE WITH FOOD.  Do not crush the tablets."
    answer = _ask(client, _prompt({1: "Store below 25 C.", 2: holder}))
    assert answer["refuse"] is False
    assert [(s["text"], s["sources"]) for s in answer["sentences"]] == [
        ("Take X with food.", [2]),
        ("Take X without food.", [2]),
        ("Do not crush X tablets.", []),
    ]
    assert model.requests[-1] == {
        "group": "g1",
        "anchor": 2,
        "anchor_text": holder,
        "sources": 2,
    }


def test_sources_are_read_as_the_model_reads_them() -> None:
    assert prompt_sources(_prompt({4: "Keep &lt;25 C.", 7: "Line one\nline two"})) == {
        4: "Keep <25 C.",
        7: "Line one\nline two",
    }


def test_it_refuses_when_no_source_holds_the_passage(served) -> None:
    model, client = served
    answer = _ask(client, _prompt({1: "Take with food."}))  # half the passage is not enough
    assert answer["refuse"] is True and answer["reason"] == "no_approved_source"
    assert all(s["sources"] == [] for s in answer["sentences"])
    assert model.requests[-1]["anchor"] is None


def test_a_briefing_prompt_gets_talking_points(served) -> None:
    _, client = served
    answer = _ask(client, _prompt({3: PASSAGE}, briefing=True))
    assert [p["sources"] for p in answer["talking_points"]] == [[3], [3], []]
    assert answer["safety_points"] == []


def test_streaming_is_refused_with_openai_s_error_shape(served) -> None:
    _, client = served
    with pytest.raises(openai.BadRequestError, match="does not stream"):
        client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "hi"}], stream=True
        )


def test_a_bad_set_line_names_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    good = GROUP.model_dump_json()
    bad = json.loads(good) | {"id": "g2"}
    bad["sentences"][0]["kind"] = "rephrased"
    path.write_text(good + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"(?s)set\.jsonl:2: .*unknown kind 'rephrased'"):
        load_groups([path])
    path.write_text(good + "\n" + good + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate red-team group id 'g1'"):
        load_groups([path])


def test_a_wrong_source_sentence_its_cited_chunk_holds_is_no_planted_error() -> None:
    chunk = "Take X with food.  Swallow tablets WHOLE. Store below 25 C."
    borrowed = RedTeamSentence(text="Swallow tablets whole.", kind="wrong_source", cited=True)
    invented = RedTeamSentence(text="Take X at bedtime.", kind="wrong_source", cited=True)
    swapped = RedTeamSentence(text="Swallow tablets whole.", kind="negation", cited=True)
    assert in_cited_source(borrowed, chunk)
    assert not in_cited_source(invented, chunk)
    assert not in_cited_source(swapped, chunk)  # only "wrong source" is judged so
    assert not in_cited_source(borrowed, "")
