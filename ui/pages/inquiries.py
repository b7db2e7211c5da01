"""MSL: the inquiry backlog — themes and trends, urgent items, the AE/PC queue for
pharmacovigilance, and the approved response matched to each theme."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from assistant.actions import (
    NOT_REPORTABLE,
    can_undo,
    mark_not_reportable,
    mark_request_responded,
    medical_information_requests,
    pv_decision_line,
    pv_reports,
    report_to_pharmacovigilance,
    request_statuses,
    safety_flag_key,
    undo_pv_decision,
)
from assistant.outputs import InquirySummary, SafetyFlag
from assistant.pharmacovigilance.flags import SERIOUSNESS_RANK, review_order
from assistant.workflows.inquiries import backlog_summary, summarize_inquiries
from ui.errors import friendly_errors
from ui.state import current_user, get_services, session_cache
from ui.widgets import mode_badge, sentences_with_sources

#: AE/PC cards drawn per page of the queue (the first is also the size below which no pager shows).
PAGE_SIZES = (10, 25, 50)
TREND_ICON = {"new": "🆕", "up": "📈", "down": "📉", "flat": "\u2194"}


def _summarize(upload, product: str | None, since: datetime | None) -> InquirySummary:
    user = current_user()
    services = get_services()
    if upload is None:  # shared by every session until the catalog changes
        return backlog_summary(
            services, product=product, since=since, role=user.role, user=user.username
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        return summarize_inquiries(
            services,
            path=path,
            product=product,
            since=since,
            role=user.role,
            user=user.username,
            source_name=upload.name,
        )


def _page_of(count: int) -> tuple[int, int]:
    """The slice of the queue to draw: a page of cards at a time, since every card holds its own
    buttons and reason box and a page of thousands takes many seconds to redraw."""
    if count <= PAGE_SIZES[0]:
        return 0, count
    left, right = st.columns(2)
    size = left.selectbox("Cards per page", PAGE_SIZES, index=1, key="flag_page_size")
    pages = -(-count // size)
    page = right.number_input(
        f"Page (of {pages})", min_value=1, max_value=pages, value=1, key=f"flag_page_{size}"
    )
    first = (int(page) - 1) * size
    last = min(count, first + size)
    st.caption(f"Showing {first + 1} to {last} of {count}, open ones first")
    return first, last


LAST_DECISION = "medbrief_pv_last_decision"


def _before(flag: SafetyFlag, summary: InquirySummary) -> bool:
    """From before the summary's period: an undecided one is overdue."""
    return flag.received_at is not None and flag.received_at.date() < summary.period_start.date()


def _origin(flag: SafetyFlag, source_file: str | None) -> str:
    """Where the flagged record comes from: the uploaded export or the ingested library."""
    if flag.source_type == "inquiry" and source_file:
        return f"from {source_file}"
    return f"from the ingested {'notes' if flag.source_type == 'note' else 'inquiries'}"


def _flag_card(
    flag: SafetyFlag, reported, index: int, source_file: str | None, overdue: bool = False
) -> None:
    key = safety_flag_key(flag)
    with st.container(border=True):
        head, action = st.columns([5, 2], vertical_alignment="center")
        serious = (
            f" :violet-badge[{flag.seriousness}]" if flag.seriousness in SERIOUSNESS_RANK else ""
        )
        if overdue and safety_flag_key(flag) not in reported:
            serious += " :orange-badge[before this period: overdue]"
        head.markdown(
            f":red-badge[{flag.kind}]{serious} **{flag.source_type} {flag.source_id}** · HCP "
            f"{flag.hcp_id or 'unknown'} · {flag.product or 'product not named'} · "
            f"{flag.when} · {_origin(flag, source_file)}"
        )
        head.markdown(f"> :orange-background[{flag.evidence}]")
        if flag.problem:
            head.caption(f"The record itself was not loaded: {flag.problem}")
        if flag.doubts:
            head.caption(f"Check before reporting, it may be {', '.join(flag.doubts)}")
        receipt = reported.get(key)
        user = current_user()
        if receipt is not None:
            (action.info if receipt.decision == NOT_REPORTABLE else action.success)(
                pv_decision_line(receipt)
            )
            if can_undo(receipt, user.username) and action.button(
                "Undo", key=f"pv-undo-{index}-{key}", icon=":material/undo:"
            ):
                with friendly_errors("Undoing the decision"):
                    undo_pv_decision(get_services().audit, flag, user=user.username, role=user.role)
                    st.rerun()
            return
        # A decision is a verb, asks for what backs it (case number or reason), and confirms.
        # Keyed by the flag: a popover left open must not reopen on the card that moves up.
        with action.popover("Mark as reported…", icon=":material/send:", key=f"pv-r-{index}-{key}"):
            case = st.text_input(
                "Safety case number (if you have one)",
                key=f"pv-case-{index}-{key}",
                placeholder="e.g. PV-2026-0042",
            )
            if st.button("Confirm: reported to PV", key=f"pv-yes-{index}-{key}", type="primary"):
                report_to_pharmacovigilance(
                    get_services().audit, flag, user=user.username, role=user.role, case_number=case
                )
                st.session_state[LAST_DECISION] = key
                st.rerun()
        reason = _confirmed_note(
            action,
            "Not reportable…",
            f"pv-no-{index}-{key}",
            prompt="Not reportable because …",
            placeholder="e.g. the event is on a competitor's product",
            confirm="Confirm: not reportable",
            missing="Say why, so the decision can be audited.",
            icon=":material/block:",
        )
        if reason is not None:
            mark_not_reportable(
                get_services().audit, flag, reason=reason, user=user.username, role=user.role
            )
            st.session_state[LAST_DECISION] = key
            st.rerun()


def _confirmed_note(
    where: DeltaGenerator,
    label: str,
    key: str,
    *,
    prompt: str,
    placeholder: str,
    confirm: str,
    missing: str,
    icon: str | None = None,
) -> str | None:
    """A popover asking for the note a decision needs (why, or how), with its confirm button:
    the note once confirmed, else None; confirming an empty note says ``missing``. Keyed by
    ``key``, so one left open never reopens on the card that takes its place."""
    with where.popover(label, icon=icon, key=f"{key}-pop"):
        note = st.text_input(prompt, key=f"{key}-note", placeholder=placeholder)
        if st.button(confirm, key=f"{key}-yes"):
            if note.strip():
                return note
            st.error(missing)
    return None


def _show(summary: InquirySummary) -> None:
    services = get_services()
    reported = pv_reports(services.audit)
    open_flags = [f for f in summary.safety_flags if safety_flag_key(f) not in reported]
    st.caption(
        f"Period {summary.period_start:%Y-%m-%d} to {summary.period_end:%Y-%m-%d} "
        f"(compared with the {(summary.period_start - summary.previous_start).days} days before)"
    )
    a, b, c, d = st.columns(4)
    a.metric("Inquiries", summary.total, help="In the period")
    b.metric("Unique", summary.unique, help="After grouping the same HCP asking the same thing")
    c.metric("Urgent", len(summary.urgent))
    d.metric(
        "AE/PC to report",
        len(open_flags),
        help="Not yet marked as reported to PV or as not reportable (with a reason)",
    )
    if summary.rejected_rows:
        with st.expander(
            f"{len(summary.rejected_rows)} row(s) skipped in {summary.source_file or 'the export'}"
        ):
            for p in summary.rejected_rows:
                column = f", column {p.column}" if p.column else ""
                st.markdown(f"- {p.source} row {p.row}{column}: {p.message}")

    queue, themes, urgent, requests = st.tabs(
        [
            f"AE/PC queue ({len(open_flags)} open)",
            f"Themes ({len(summary.themes)})",
            f"Urgent ({len(summary.urgent)})",
            "Requests from reps",
        ]
    )
    with queue:
        st.markdown(
            "Possible adverse events and product complaints: report each to pharmacovigilance "
            "**within one business day**, then mark it here."
        )
        if not summary.safety_flags:
            st.success("No possible AE/PC in this period.")
        # Open flags first: deaths, other serious outcomes, open urgent records, the rest;
        # newest first within a level; none is hidden.
        urgent_ids = {u.inquiry_id for u in summary.urgent}
        # A flag from before the period is in the queue too: undecided, it is overdue; decided,
        # it sorts after every open one (and its author can still undo the decision).
        order = review_order(summary.safety_flags, reported, urgent_ids)
        # The decision just made stays in view (with its Undo) while its card moves to the end.
        last_key = st.session_state.get(LAST_DECISION)
        just = next((f for f in order if safety_flag_key(f) == last_key), None)
        if just is not None and last_key in reported:
            st.caption("Just decided (it now sorts after the open flags):")
            _flag_card(just, reported, -1, summary.source_file, _before(just, summary))
        first, last = _page_of(len(order))
        for n in range(first, last):
            _flag_card(order[n], reported, n, summary.source_file, _before(order[n], summary))
    with themes:
        table = pd.DataFrame(
            [
                {
                    "theme": t.theme_id,
                    "label": t.label,
                    "count": t.count,
                    "previous period": t.previous_count,
                    "trend": f"{TREND_ICON.get(t.trend, '')} {t.trend}",
                    "products": ", ".join(t.products),
                    "approved response": "content gap" if t.content_gap else "yes",
                }
                for t in summary.themes
            ]
        )
        if not table.empty:
            st.markdown("**Inquiries per theme: this period against the previous one**")
            # Bars named by their whole theme label, sorted by this period's count (largest
            # on top), the two periods side by side; st.bar_chart cut the labels at 20 characters.
            long = table.assign(theme=table["theme"] + " · " + table["label"]).melt(
                id_vars=["theme"],
                value_vars=["previous period", "count"],
                var_name="period",
                value_name="inquiries",
            )
            long["period"] = long["period"].replace({"count": "this period"})
            order = list(table.sort_values("count", ascending=False, kind="stable")["theme"])
            order = [f"{t} · {table.set_index('theme').at[t, 'label']}" for t in order]
            chart = (
                alt.Chart(long)
                .mark_bar()
                .encode(
                    y=alt.Y("theme:N", sort=order, title=None, axis=alt.Axis(labelLimit=520)),
                    yOffset=alt.YOffset("period:N", sort=["previous period", "this period"]),
                    x=alt.X("inquiries:Q", title="inquiries", axis=alt.Axis(tickMinStep=1)),
                    color=alt.Color(
                        "period:N",
                        scale=alt.Scale(
                            domain=["previous period", "this period"],
                            range=["#9ecae1", "#08519c"],
                        ),
                        legend=alt.Legend(orient="top", title=None),
                    ),
                    tooltip=["theme", "period", "inquiries"],
                )
                .properties(height=max(260, 34 * len(table)))
            )
            st.altair_chart(chart, width="stretch")
            st.dataframe(table, hide_index=True)
        for n, t in enumerate(summary.themes):
            label = f"{t.theme_id} {t.label} — {t.count} ({t.trend})"
            with st.expander(label, icon=":material/topic:"):
                if t.example_questions:
                    st.markdown("**Questions asked**")
                    st.markdown("\n".join(f"- {q}" for q in t.example_questions))
                st.caption(
                    f"Examples: {', '.join(t.example_ids)} · Specialties: "
                    f"{', '.join(t.specialties)}"
                )
                if t.content_gap:
                    st.warning("No approved response answers this theme: a content gap for MLR.")
                else:
                    st.markdown("**Matched approved response**")
                    sentences_with_sources(t.response, key=f"theme{n}")
    with urgent:
        if not summary.urgent:
            st.success("Nothing urgent.")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "inquiry": u.inquiry_id,
                        "received": u.received_at.strftime("%Y-%m-%d"),
                        "priority": u.priority,
                        "status": u.status,
                        "product": u.product,
                        "question": u.question,
                        "why": "; ".join(u.why),
                    }
                    for u in summary.urgent
                ]
            ),
            hide_index=True,
        )
    with requests:
        filed = medical_information_requests(services.audit)
        if not filed:
            st.info("No medical information request filed from the app yet.")
        responded = request_statuses(services.audit)
        for n, record in enumerate(filed):
            with st.container(border=True):
                head, action = st.columns([5, 2], vertical_alignment="center")
                head.markdown(
                    f"**{record.created_at:%Y-%m-%d %H:%M}** · HCP "
                    f"{record.inputs.get('hcp_id') or '—'} · filed by {record.user}: "
                    f"{record.inputs.get('question')}"
                )
                if (response := responded.get(record.record_id)) is not None:
                    action.success(
                        f"Responded by {response.user}, {response.at:%Y-%m-%d %H:%M} UTC: "
                        f"{response.detail}"
                    )
                    continue
                note = _confirmed_note(
                    action,
                    "Mark responded…",
                    f"mi-{n}-{record.record_id}",
                    prompt="How the HCP was answered",
                    placeholder="e.g. called Dr. Chen, sent the standard response",
                    confirm="Confirm: responded",
                    missing="Say how the HCP was answered, for the record.",
                )
                if note is not None:
                    user = current_user()
                    mark_request_responded(
                        services.audit,
                        record.record_id,
                        note=note,
                        user=user.username,
                        role=user.role,
                    )
                    st.rerun()
    mode_badge(summary.generation)
    if summary.audit_id:
        st.caption(f"Audit record `{summary.audit_id}`")


st.title("Inquiry backlog")
with st.form("backlog"):
    upload = st.file_uploader(
        "Inquiry export (CSV, JSON or Excel); leave empty for the ingested inquiries",
        type=["csv", "json", "xlsx"],
    )
    left, right = st.columns(2)
    product = left.text_input("Product (optional)")
    since = right.date_input("Since (optional; default 90 days before the newest)", value=None)
    submitted = st.form_submit_button("Summarize", type="primary")

# The session keeps what was asked; the ingested inquiries' summary is read from the shared
# results on every run (computed again only once the catalog changed), an upload's is kept here.
asked = session_cache("backlog")
with friendly_errors("Summarizing the backlog"):
    if submitted:
        start = datetime(since.year, since.month, since.day) if since else None
        asked.update(product=product.strip() or None, since=start, upload=upload)
        asked.pop("uploaded", None)
    with st.spinner("Grouping inquiries into themes and matching approved responses ..."):
        if asked.get("upload") is None:
            summary = _summarize(None, asked.get("product"), asked.get("since"))
        else:
            if "uploaded" not in asked:
                asked["uploaded"] = _summarize(asked["upload"], asked["product"], asked["since"])
            summary = asked["uploaded"]
    _show(summary)
