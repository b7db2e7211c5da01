"""MLR: the content library — status and expiry of every document, withdrawal and its impact."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assistant.library import (
    EXPIRING_SOON_DAYS,
    OUTPUT_NOUN,
    content_library,
    impact_rows,
    withdraw_with_impact,
)
from ui.errors import friendly_errors
from ui.state import current_user, get_services

# The withdraw form's fields (document, reason, confirmation), cleared once it has been used.
WITHDRAW_FIELDS = ("withdraw_target", "withdraw_reason", "withdraw_confirm")

st.title("Content library")
with friendly_errors("Reading the content library"):
    services = get_services()
    today = services.today()
    window = st.number_input(
        "Highlight approved documents expiring within (days)",
        min_value=1,
        max_value=730,
        value=EXPIRING_SOON_DAYS,
        step=30,
    )
    rows = content_library(services.kb.catalog, today, soon_days=int(window))
    soon = [r for r in rows if r.expiring_soon]
    lapsed = [r for r in rows if r.expired_by_date]
    st.caption(
        f"{len(rows)} documents · today {today} · only approved, unexpired content grounds output"
    )
    if soon:
        st.warning(
            f"{len(soon)} approved document(s) expire within {window} days: "
            + ", ".join(f"**{r.doc_id}** ({r.expires_on})" for r in soon)
            + ". Re-review them or plan their withdrawal.",
            icon=":material/schedule:",
        )
    if lapsed:
        st.error(
            f"{len(lapsed)} document(s) still marked approved are past their expiry date and no "
            "longer ground any output: "
            + ", ".join(f"**{r.doc_id}** ({r.expires_on})" for r in lapsed)
            + ". Renew them with a new version or record them as expired.",
            icon=":material/event_busy:",
        )
    table = pd.DataFrame(
        [
            {
                "doc_id": r.doc_id,
                "status": r.status,
                "expires": r.expires_on.isoformat() if r.expires_on else "",
                "days left": r.days_to_expiry,
                "grounds output": r.groundable,
                "version": r.version,
                "approval code": r.approval_code,
                "audience": r.audience,
                "market": r.market,
                "title": r.title,
                "chunks": r.chunk_count,
            }
            for r in rows
        ]
    )
    if not table.empty:
        # Missing expiry dates would otherwise turn the whole column into floats ("402.000000").
        table["days left"] = table["days left"].astype("Int64")
    soon_ids = {r.doc_id for r in soon}
    lapsed_ids = {r.doc_id for r in lapsed}

    def _highlight(row: pd.Series) -> list[str]:
        colour = ""
        if row["doc_id"] in soon_ids:
            colour = "background-color: #fff3cd"  # amber: expiring soon
        elif row["doc_id"] in lapsed_ids:
            colour = "background-color: #f8d7da"  # red: past expiry
        return [colour] * len(row)

    if not table.empty:
        st.dataframe(table.style.apply(_highlight, axis=1), hide_index=True)

    st.subheader("Impact of a document")
    doc_id = st.selectbox(
        "Document",
        [r.doc_id for r in rows],
        index=None,
        placeholder="Choose a document",
        key="impact_doc",
    )
    with_evals = st.checkbox("Include eval runs' outputs", key="impact_evals")
    if doc_id:
        traffic = "all" if with_evals else "production"
        found = impact_rows(services.audit.impact(doc_id, traffic=traffic)[::-1], doc_id)
        whose = OUTPUT_NOUN[traffic]
        if not found:
            st.info(f"No recorded {whose} cited {doc_id}.")
        else:
            st.markdown(f"{len(found)} past {whose}(s) cited **{doc_id}**, newest first:")
            st.dataframe(pd.DataFrame([vars(r) for r in found]), hide_index=True)

    st.subheader("Withdraw a document")
    st.caption(
        "Withdrawal takes effect at once: the document leaves every index and can only come "
        "back as a new version. Who, when and why are stored."
    )
    withdrawable = [r.doc_id for r in rows if r.status not in ("withdrawn",)]
    with st.form("withdraw"):
        target = st.selectbox(
            "Document to withdraw", withdrawable, index=None, key=WITHDRAW_FIELDS[0]
        )
        reason = st.text_input("Reason (e.g. the MLR decision)", key=WITHDRAW_FIELDS[1])
        confirm = st.checkbox(
            "I confirm this document must stop being used now", key=WITHDRAW_FIELDS[2]
        )
        go = st.form_submit_button("Withdraw", type="primary", icon=":material/block:")
    if go:
        if not target or not reason.strip() or not confirm:
            st.error("Choose a document, give the reason and tick the confirmation to withdraw.")
        else:
            user = current_user()
            impact = withdraw_with_impact(
                services.kb, services.audit, target, reason=reason, by=user.username
            )
            st.session_state["medbrief_withdrawn"] = impact
            for field in WITHDRAW_FIELDS:  # used: the next withdrawal starts from an empty form
                st.session_state.pop(field, None)
            st.rerun()
    impact = st.session_state.get("medbrief_withdrawn")
    if impact is not None:
        r = impact.result
        st.success(
            f"Withdrawn: **{r.doc_id}** v{r.version} ({r.approval_code}), was "
            f"{r.previous_status.value}; {r.chunks_removed} chunks removed from the index. "
            f"People's outputs that cited this version: {len(impact.citing_version)} "
            f"({len(impact.citing_any_version)} citing any version); eval runs' outputs, not "
            f"counted: {impact.eval_outputs}."
        )
        if impact.citing_version:
            st.dataframe(pd.DataFrame([vars(x) for x in impact.citing_version]), hide_index=True)
