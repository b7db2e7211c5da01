"""Shared display pieces: generated sentences with their sources beside them, and the mode line.

Formatting only: what to show comes from the workflow outputs (assistant/outputs.py)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from assistant.library import LapsedSource
from assistant.outputs import Citation, GenerationInfo, Sentence
from assistant.passage_blocks import (
    TableBlock,
    markdown_table,
    passage_blocks,
    row_readout,
    stated_table,
)
from assistant.rendering import mode_line
from knowledge_base.models import HcpProfile
from ui.state import passage

__all__ = [
    "HCP_KEY",
    "citation_button",
    "cited_text",
    "hcp_select",
    "lapsed_warning",
    "mode_badge",
    "sentences_with_sources",
]


def cited_text(sentence: Sentence) -> str:
    """The sentence with its inline source numbers, as in ``[1][3]``; a stated table row as its
    caption and a Markdown table (never a line of "a | b | c")."""
    marks = "".join(f"[{c.source}]" for c in sentence.citations)
    if (stated := stated_table(sentence.text)) is not None:
        caption, table = stated
        return f"\n\n*{caption}* {marks}{markdown_table(table)}"
    return f"{sentence.text} {marks}".rstrip()


def mode_badge(generation: GenerationInfo) -> None:
    """Which mode produced the text above: offline extractive or a named model."""
    if generation.provider == "extractive":
        st.badge("Offline extractive", icon=":material/offline_bolt:", color="green")
    else:
        st.badge(f"{generation.model} via {generation.provider}", icon=":material/smart_toy:")
    st.caption(mode_line(generation))


def citation_button(citation: Citation, key: str) -> None:
    """[n] that opens the cited passage with its document, version and approval code."""
    with st.popover(
        f"[{citation.source}]", help=f"{citation.title} ({citation.approval_code})", key=key
    ):
        found = passage(citation)
        st.markdown(f"**{found.title}**")
        st.caption(
            f"Document `{found.doc_id}` · version {found.version} · approval code "
            f"**{found.approval_code}** · section {found.section}"
            + (f" · status now: {found.status}" if found.status else "")
        )
        # The label's tables as tables, prose as a quote (never "| a | b |" lines). Markdown
        # tables, not data grids: a briefing holds a dozen of these popovers, drawn with the
        # page, and a grid per table cost it hundreds of milliseconds.
        for block in passage_blocks(found.text):
            if isinstance(block, TableBlock):
                st.markdown(markdown_table(block))
            else:
                st.markdown("\n".join(f"> {line}" for line in block.lines))


def _table(block: TableBlock) -> None:
    st.dataframe(
        pd.DataFrame(block.padded_rows(), columns=block.columns()), hide_index=True, width="stretch"
    )


def sentences_with_sources(
    sentences: Sequence[Sentence], key: str, *, rows_as_text: bool = False
) -> None:
    """Each sentence, then its citation buttons on a line of their own: a column beside the
    text left a tablet in portrait too little room to show the [n] (only the chevron).
    ``rows_as_text``: a stated table row reads as its values paired with their column names
    ("TAGRISSO (N=279): 18.9 (15.2, 21.4); EGFR TKI (N=277): 10.2 (9.6, 11.1)"), which a
    narrow table with long headers would cut."""
    for i, sentence in enumerate(sentences):
        readout = row_readout(sentence.text) if rows_as_text else None
        if readout is not None:
            caption, text = readout
            st.markdown(f"{text}  \n*{caption}*")
        elif (stated := stated_table(sentence.text)) is not None:
            # a label's table row, stated with its caption and header: drawn as the table
            caption, table = stated
            st.markdown(f"*{caption}*")
            _table(table)
        else:
            st.markdown(sentence.text)
        # A row quoted across chunks cites its caption's chunk too (for the verifier); the
        # reader checks the number in the chunk holding the row, the last one.
        shown = sentence.citations[-1:] if readout else sentence.citations
        with st.container(horizontal=True, gap="small"):
            for j, citation in enumerate(shown):
                citation_button(citation, key=f"{key}-{i}-{j}")


def lapsed_warning(lapsed: Sequence[LapsedSource], what: str) -> None:
    """``what`` ("This briefing") cites content that no longer grounds a claim: say which."""
    st.error(
        f"**{what} cites content that is no longer approved for you**, since it was "
        "prepared:\n"
        + "\n".join(f"- {s.title} (`{s.doc_id}` version {s.version}): {s.why}" for s in lapsed),
        icon=":material/gpp_bad:",
    )


#: The HCP the rep is preparing for: one piece of state for briefing and chat.
HCP_KEY = "medbrief_hcp_id"


def hcp_select(
    where: DeltaGenerator,
    label: str,
    hcps: Sequence[HcpProfile],
    *,
    key: str,
    placeholder: str,
) -> HcpProfile | None:
    """An HCP picker in ``where`` (a column or the page), showing the session's HCP if listed."""
    current = st.session_state.get(HCP_KEY)
    return where.selectbox(
        label,
        hcps,
        index=next((i for i, h in enumerate(hcps) if h.hcp_id == current), None),
        format_func=lambda h: f"{h.name} — {h.specialty} · {h.institution} ({h.hcp_id})",
        placeholder=placeholder,
        key=key,
    )
