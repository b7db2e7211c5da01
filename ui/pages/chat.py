"""Rep/MSL chat: verified sentences stream in with their sources; an off-label question is
refused with the offer to file a medical information request."""

from __future__ import annotations

from itertools import chain

import streamlit as st

from assistant.actions import file_medical_information_request, request_statuses
from assistant.library import lapsed_sources
from assistant.outputs import ChatAnswer
from assistant.runtime import access_scope
from assistant.workflows.chat import PRODUCT_NOT_NAMED, ChatTurn, stream_answer
from ui.errors import friendly_errors
from ui.state import current_user, get_services
from ui.widgets import HCP_KEY, citation_button, cited_text, hcp_select, lapsed_warning, mode_badge

HISTORY = "medbrief_chat"
ASK_AGAIN = "medbrief_chat_ask_again"


def _sources(answer: ChatAnswer, key: str) -> None:
    cited = {c.source: c for s in answer.sentences for c in s.citations}
    if not cited:
        return
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.caption("Sources:", width="content")
        for n in sorted(cited):
            citation_button(cited[n], key=f"{key}-src{n}")


def _refusal(answer: ChatAnswer, key: str) -> None:
    if answer.reason == PRODUCT_NOT_NAMED:  # a question back, not a refusal
        st.info(answer.message or "Which product is this about?", icon=":material/help:")
        return
    st.warning(answer.message or "No answer.", icon=":material/block:")
    if not answer.medical_information_request_offered:
        return
    filed = st.session_state.setdefault("medbrief_mir_filed", {})
    if key in filed:
        record_id, hcp = filed[key]
        # Its status is read now: an MSL's response shows here as soon as it is recorded.
        response = request_statuses(get_services().audit).get(record_id)
        if response is None:
            st.success(
                f"Medical information request `{record_id}` for {hcp}, filed by "
                f"{current_user().username}: status **submitted**, an MSL will respond to the HCP."
            )
        else:
            st.success(
                f"Medical information request `{record_id}` for {hcp}: status **responded** by "
                f"{response.user} on {response.at:%Y-%m-%d %H:%M} UTC ({response.detail})."
            )
        return
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    hcp = hcp_select(  # pre-filled with the conversation's HCP, if any
        left,
        "HCP who asked (the MSL answers them)",
        get_services().kb.catalog.list_hcps(),
        key=f"mir-hcp-{key}",
        placeholder="Choose the HCP",
    )
    if right.button(
        "File a medical information request", key=f"mir-{key}", icon=":material/outgoing_mail:"
    ):
        if hcp is None:
            st.error("Choose the HCP who asked: the request is answered to them.")
            return
        with friendly_errors("Filing the medical information request"):
            user = current_user()
            receipt = file_medical_information_request(
                get_services().audit,
                question=answer.question,
                user=user.username,
                role=user.role,
                hcp_id=hcp.hcp_id,
                refused_record_id=answer.audit_id,
            )
            filed[key] = (receipt.record_id, f"{hcp.name} ({hcp.hcp_id})")
            st.rerun()


def _answer(answer: ChatAnswer, key: str) -> None:
    if answer.refused:
        _refusal(answer, key)
    else:
        st.markdown(" ".join(cited_text(s) for s in answer.sentences))
        _sources(answer, key)
    mode_badge(answer.generation)


st.title("Chat")
user = current_user()
hcp_id = st.session_state.get(HCP_KEY)
st.caption(
    f"Answers come only from approved content your role ({user.role.value}) may see, each "
    "sentence cited and verified." + (f" Context: HCP {hcp_id}." if hcp_id else "")
)
history: list[ChatAnswer] = st.session_state.setdefault(HISTORY, [])
services = get_services()
scope = access_scope(services.settings, user.role)
for n, past in enumerate(history):
    with st.chat_message("user"):
        st.markdown(past.question)
    with st.chat_message("assistant"):
        # Read now: an answer citing content withdrawn or expired since is marked as such.
        if lapsed := lapsed_sources(services.kb.catalog, past.citations(), scope):
            lapsed_warning(lapsed, "This answer")
            if st.button("Ask again", key=f"again-{n}", icon=":material/refresh:"):
                st.session_state[ASK_AGAIN] = past.question
                st.rerun()
        _answer(past, key=f"turn{n}")

question = st.chat_input("Ask about approved content, e.g. the recommended dose")
question = question or st.session_state.pop(ASK_AGAIN, None)
if question:
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"), friendly_errors("Answering"):
        turns = [
            turn
            for past in history
            for turn in (
                ChatTurn("user", past.question),
                ChatTurn("assistant", " ".join(s.text for s in past.sentences)),
            )
        ]
        final: list[ChatAnswer] = []

        def verified_sentences():
            with st.spinner("Checking approved sources ..."):
                events = stream_answer(
                    question, user.role, services, hcp_id=hcp_id, history=turns, user=user.username
                )
                first = next(events)
            for event in chain([first], events):
                if event.kind == "sentence":
                    yield cited_text(event.sentence) + " "
                elif event.answer is not None:
                    final.append(event.answer)

        st.write_stream(verified_sentences())
        answer = final[0]
        history.append(answer)
        if answer.refused:
            _refusal(answer, key=f"turn{len(history) - 1}")
        else:
            _sources(answer, key=f"turn{len(history) - 1}")
        mode_badge(answer.generation)
