"""MLR: browse and filter the audit log, open any record, verify the hash chain."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pandas as pd
import streamlit as st

from assistant.audit import TRAFFIC
from knowledge_base.models import Role
from ui.errors import friendly_errors
from ui.state import get_services

WORKFLOWS = ["brief", "ask", "inquiries", "eval", "mi_request", "pv_report"]
TRAFFIC_LABELS = {"production": "People's", "evals": "Eval runs'", "all": "Both"}


def _day(value, end: bool = False) -> datetime | None:
    if value is None:
        return None
    moment = datetime.combine(value, time.max if end else time.min)
    return moment.replace(tzinfo=UTC)


st.title("Audit log")
with friendly_errors("Reading the audit log"):
    log = get_services().audit
    top = st.columns([2, 3], vertical_alignment="bottom")
    if top[0].button("Verify the chain", icon=":material/verified:", type="primary"):
        result = log.verify()
        if result.ok:
            st.session_state["medbrief_verify"] = (
                True,
                f"Chain intact: {result.checked} records; head seq {result.head_seq}, hash "
                f"`{result.head_hash}` (keep it outside the database to detect truncation).",
            )
        else:
            st.session_state["medbrief_verify"] = (
                False,
                f"BROKEN at seq {result.first_bad_seq}, record "
                f"`{result.first_bad_record_id}`: {result.problem}. Export the log and escalate "
                "to quality assurance; do not write new records until it is explained.",
            )
    verdict = st.session_state.get("medbrief_verify")
    if verdict:
        (st.success if verdict[0] else st.error)(verdict[1])

    with st.expander("Filters", expanded=True, icon=":material/filter_list:"):
        a, b, c, d = st.columns(4)
        user = a.text_input("User")
        role = b.selectbox("Role", [None, *Role], format_func=lambda r: r or "any")
        workflow = c.selectbox("Workflow", [None, *WORKFLOWS], format_func=lambda w: w or "any")
        doc_id = d.text_input("Cites document (doc id)")
        e, f, g, h = st.columns(4)
        since = e.date_input("From", value=None)
        until = f.date_input("To (inclusive)", value=None)
        flagged = g.checkbox("Flagged or failed only")
        limit = h.number_input("At most", min_value=10, max_value=5000, value=200, step=50)
        traffic = st.radio(
            "Outputs",
            TRAFFIC,
            format_func=TRAFFIC_LABELS.get,
            horizontal=True,
            key="audit_traffic",
        )
    found = log.list(
        traffic=traffic,
        user=user.strip() or None,
        role=role,
        workflow=workflow,
        since=_day(since),
        until=_day(until, end=True),
        doc_id=doc_id.strip() or None,
        flagged_only=flagged,
        limit=int(limit),
    )
    st.caption(f"{len(found)} record(s), newest first")
    table = pd.DataFrame(
        [
            {
                "seq": r.seq,
                "record": r.record_id,
                "created (UTC)": r.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                "user": r.user,
                "role": str(r.role),
                "workflow": r.workflow,
                "mode": f"{r.provider}/{r.model}",
                "cited": ", ".join(sorted({c.doc_id for s in r.sentences for c in s.citations})),
                "flags": ", ".join(fl.kind for fl in r.flags) + (" error" if r.error else ""),
                "eval run": r.eval_run_id or "",
            }
            for r in found
        ]
    )
    st.dataframe(table, hide_index=True, height=320)
    chosen = st.selectbox(
        "Open a record",
        [r.record_id for r in found],
        index=None,
        placeholder="Choose a record id",
        format_func=lambda rid: next(
            f"#{r.seq} {r.workflow} by {r.user} ({r.created_at:%Y-%m-%d %H:%M})  {rid}"
            for r in found
            if r.record_id == rid
        ),
    )
    if chosen:
        record = log.get(chosen)
        if record is None:
            st.warning("That record is no longer listed; refresh the filters.")
        else:
            st.subheader(f"Record #{record.seq} — {record.workflow}")
            st.markdown(
                f"**{record.user}** ({record.role}) · {record.created_at:%Y-%m-%d %H:%M:%S} UTC · "
                f"mode **{record.provider}/{record.model}** · prompt {record.prompt_id} "
                f"v{record.prompt_version}"
            )
            if record.sentences:
                st.dataframe(
                    pd.DataFrame(
                        [
                            {
                                "shown": s.shown,
                                "verdict": s.verdict,
                                "sentence": s.text,
                                "withheld because": s.withheld_because or "",
                                "cites": "; ".join(
                                    f"{c.doc_id} v{c.version} ({c.approval_code}) {c.section}"
                                    for c in s.citations
                                ),
                            }
                            for s in record.sentences
                        ]
                    ),
                    hide_index=True,
                )
            st.json(record.model_dump(mode="json"), expanded=False)
