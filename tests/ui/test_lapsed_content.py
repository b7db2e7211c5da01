"""Status is live, never cached: an open briefing or answer whose source is withdrawn while it is
on screen says so at the top, cannot be downloaded, and is one click from being prepared again.

Own module: withdrawing content changes the module's sample home for every test after it."""

from __future__ import annotations

import pytest

from assistant.runtime import open_knowledge_base
from assistant.settings import Settings

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("ui")]


def _withdraw(doc_id: str) -> None:
    # As the content page or `medbrief content withdraw` would, from another library handle.
    open_knowledge_base(Settings()).withdraw(
        doc_id, reason="MLR: superseded by the new label", by="mona"
    )


def _lapsed_errors(at) -> list[str]:
    return [e.value for e in at.error if "no longer approved for you" in e.value]


def test_a_briefing_citing_withdrawn_content_says_so_and_is_prepared_again(signed_in) -> None:
    at = signed_in("rita")
    picker = at.selectbox(key="hcp_pick")
    picker.select_index(next(i for i, o in enumerate(picker.options) if "(HCP-001)" in o)).run()
    assert not at.exception, at.exception
    assert not _lapsed_errors(at)
    assert not any(b.proto.disabled for b in at.get("download_button"))
    briefing = at.session_state["medbrief_briefings"]["HCP-001"]
    cited = briefing.citations()[0]

    _withdraw(cited.doc_id)
    at.run()  # the same open briefing, drawn again: nothing regenerated
    assert at.session_state["medbrief_briefings"]["HCP-001"] is briefing
    (error,) = _lapsed_errors(at)
    assert f"`{cited.doc_id}` version {cited.version}" in error
    assert "withdrawn on" in error and "by mona: MLR: superseded by the new label" in error
    # The passage behind the citation shows its status now, not when first opened.
    captions = [c.value for p in at.get("popover") for c in p.caption]
    assert any(cited.doc_id in c and "status now: withdrawn" in c for c in captions), captions
    assert all(b.proto.disabled for b in at.get("download_button")), "no download of it"

    next(b for b in at.button if b.label == "Prepare the briefing again").click().run()
    assert not at.exception, at.exception
    again = at.session_state["medbrief_briefings"]["HCP-001"]
    assert again.audit_id != briefing.audit_id
    assert cited.doc_id not in {c.doc_id for c in again.citations()}
    assert not _lapsed_errors(at)
    assert not any(b.proto.disabled for b in at.get("download_button"))


def test_an_answer_citing_withdrawn_content_says_so_and_is_asked_again(signed_in) -> None:
    at = signed_in("rita")
    at.switch_page("pages/chat.py").run()
    at.chat_input[0].set_value("What is the recommended dose of KESIMPTA?").run()
    assert not at.exception, at.exception
    (answer,) = at.session_state["medbrief_chat"]
    assert not answer.refused and not _lapsed_errors(at)
    cited = answer.citations()[0]

    _withdraw(cited.doc_id)
    at.run()
    (error,) = _lapsed_errors(at)
    assert "This answer" in error and cited.doc_id in error

    at.button(key="again-0").click().run()
    assert not at.exception, at.exception
    first, again = at.session_state["medbrief_chat"]
    assert again.question == first.question
    assert cited.doc_id not in {c.doc_id for c in again.citations()}
    assert len(_lapsed_errors(at)) == 1, "only the first answer cites the withdrawn document"
