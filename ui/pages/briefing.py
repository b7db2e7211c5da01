"""Rep: pick an HCP, read the pre-call briefing with its sources, download it."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from assistant.actions import pv_decision_line, pv_reports, safety_flag_key
from assistant.library import lapsed_sources
from assistant.outputs import Briefing
from assistant.pdf import markdown_pdf
from assistant.rendering import (
    briefing_footer,
    briefing_markdown,
    history_heading,
    history_line,
    source_label,
)
from assistant.runtime import access_scope
from assistant.workflows.briefing import HEADLINE_TOPIC, build_briefing
from ui.errors import friendly_errors
from ui.state import current_user, get_services, session_cache
from ui.widgets import HCP_KEY, hcp_select, lapsed_warning, mode_badge, sentences_with_sources

CHANNELS = ("email", "phone", "visit")


def _snapshot(briefing: Briefing) -> None:
    h = briefing.hcp
    st.header(h.name)
    st.markdown(
        f"**{h.specialty}**{' — ' + h.subspecialty if h.subspecialty else ''} · {h.institution}  \n"
        f"Patient mix: {h.patient_mix or '—'}"
    )
    with st.container(horizontal=True, gap="small"):
        for channel, ok in h.consent.items():
            st.badge(
                channel,
                icon=":material/check_circle:" if ok else ":material/block:",
                color="green" if ok else "red",
                help=f"{'Consented' if ok else 'No consent'} to contact by {channel}",
            )
        st.badge(f"prefers {h.preferred_channel}", icon=":material/star:", color="blue")
        for label, value in h.profile.items():
            st.badge(f"{label}: {value}", color="gray")


def _bullets(lines: Iterable[str]) -> None:
    """One Markdown list for many lines: one element to draw instead of one per line."""
    text = "\n".join(f"- {line}" for line in lines)
    if text:
        st.markdown(text)


def _plan(briefing: Briefing) -> None:
    """What the call is for and what happened since the last one: read first."""
    if briefing.objective:
        with st.container(border=True):
            st.markdown(f"**Call objective:** {briefing.objective.objective}")
            st.markdown(f"**Next step:** {briefing.objective.next_step}")
            if briefing.objective.reasons:
                st.caption(
                    "Because: "
                    + " · ".join(
                        f"{r.text} ({source_label(r.source)})" for r in briefing.objective.reasons
                    )
                )
    history = briefing.since_last_call
    if history is not None:
        st.subheader(history_heading(history))
        if history.summary:
            st.markdown(" ".join(f"{h.text} ({', '.join(h.records)})" for h in history.summary))
        if not history.items:
            st.caption(f"Nothing recorded since {history.start}.")
        _bullets(history_line(item) for item in history.items)
    for title, kind in (
        ("Concerns the HCP voiced", "concern"),
        ("Open requests from the HCP", "request"),
        ("Open questions from the HCP", "question"),
    ):
        items = [i for i in briefing.open_items if i.kind == kind]
        if items:
            st.markdown(f"**{title}**")
            _bullets(f"{item.text} ({source_label(item.source)})" for item in items)
    if briefing.access_notes:
        st.markdown("**Access** (prior authorisation, formulary, coverage)")
        _bullets(f"{note.text} ({source_label(note.source)})" for note in briefing.access_notes)


def _pv_flags(briefing: Briefing) -> None:
    """The HCP's possible AEs/PCs, each with the one status every role sees (read now)."""
    decided = pv_reports(get_services().audit)
    undecided = [f for f in briefing.report_to_pv if safety_flag_key(f) not in decided]
    waiting = [f for f in undecided if not f.reported_per_note]
    said = [f for f in undecided if f.reported_per_note]
    if said:
        with st.container(border=True):
            st.markdown(
                "**The note says these were already reported**: confirm each reached "
                "pharmacovigilance (do not report twice; report it if it did not)."
            )
            for flag in said:
                st.markdown(
                    f"- **{flag.kind}** {flag.source_id} ({flag.when}): “{flag.evidence}” — "
                    f"the note: “{flag.reported_per_note}”"
                )
    if waiting:
        st.error(
            "**Report to pharmacovigilance within one business day** — possible adverse "
            "events or product complaints in this HCP's notes:",
            icon=":material/emergency:",
        )
        _bullets(f"**{f.kind}** {f.source_id} ({f.when}): “{f.evidence}”" for f in waiting)
    handled = [f for f in briefing.report_to_pv if safety_flag_key(f) in decided]
    if handled:
        with st.container(border=True):
            st.markdown("**Possible AEs/PCs already handled by pharmacovigilance**")
            for flag in handled:
                st.markdown(
                    f"- **{flag.kind}** {flag.source_id} ({flag.when}): “{flag.evidence}” — "
                    f"{pv_decision_line(decided[safety_flag_key(flag)])}"
                )


def _briefing(briefing: Briefing, *, downloadable: bool) -> None:
    key = briefing.hcp.hcp_id
    _snapshot(briefing)
    if briefing.report_to_pv:
        _pv_flags(briefing)
    if briefing.do_not_discuss:
        with st.container(border=True):
            st.markdown("**Do not discuss** (off-label topics raised in notes)")
            _bullets(f"{t.topic} ({t.note_id}): {t.route}" for t in briefing.do_not_discuss)
    if briefing.compliance:
        with st.container(border=True):
            st.markdown("**Compliance**")
            _bullets(f"{c.rule} “{c.text}” ({source_label(c.source)})" for c in briefing.compliance)
    _plan(briefing)
    # Results are label tables: drawn the page's full width so every column can be read.
    results = [p for p in briefing.talking_points if p.topic == HEADLINE_TOPIC]
    others = [p for p in briefing.talking_points if p.topic != HEADLINE_TOPIC]
    if results:
        st.subheader("Headline results")
        st.caption("As the label's clinical studies state them; safety information follows.")
    for n, point in enumerate(results):
        st.markdown(f"**{point.product}**")
        if point.why and point.why_source:
            st.caption(f"Why for this HCP: {point.why} ({source_label(point.why_source)})")
        sentences_with_sources(point.sentences, key=f"{key}-hr{n}", rows_as_text=True)
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("Suggested talking points")
        if not others:
            st.info("No other approved talking point matched this HCP's profile.")
        for n, point in enumerate(others):
            st.markdown(f"**{point.product} — {point.topic}**")
            if point.why and point.why_source:
                st.caption(f"Why for this HCP: {point.why} ({source_label(point.why_source)})")
            sentences_with_sources(point.sentences, key=f"{key}-tp{n}")
    with right:
        st.subheader("Important safety information")
        if not briefing.safety:
            st.info("No product is promoted in this briefing.")
        for n, block in enumerate(briefing.safety):
            st.markdown(f"**{block.product}**")
            sentences_with_sources(block.sentences, key=f"{key}-isi{n}")
    st.subheader("Recent interactions")
    st.caption("From call notes (PHI-redacted): context only, never cited as evidence.")
    if not briefing.recent_interactions:
        st.markdown("No call notes on file for this HCP.")
    _bullets(
        f"{i.date} ({i.author_role}): {i.text}"
        for i in briefing.recent_interactions
        if not i.flagged
    )
    for item in briefing.recent_interactions:
        if item.flagged:
            st.warning(
                f"{item.date} ({item.author_role}): this note carries an instruction to the "
                f"model and is not used ({item.flagged}).",
                icon=":material/gpp_maybe:",
            )
            st.code(item.text, language=None, wrap_lines=True)
    st.subheader("Suggested follow-up")
    st.markdown(briefing.follow_up.text)
    if briefing.removed:
        st.caption(
            f"{len(briefing.removed)} generated sentence(s) withheld by the citation verifier "
            "(kept in the audit record)."
        )
    mode_badge(briefing.generation)
    markdown = briefing_markdown(briefing)
    refused = None if downloadable else "Prepare the briefing again: it cites withdrawn content"
    with st.container(horizontal=True):
        st.download_button(
            "Download Markdown",
            markdown,
            file_name=f"briefing-{key}.md",
            mime="text/markdown",
            icon=":material/download:",
            on_click="ignore",
            disabled=not downloadable,
            help=refused,
        )
        st.download_button(
            "Download PDF",
            lambda: markdown_pdf(
                markdown, title=f"Pre-call briefing {key}", footer=briefing_footer(briefing)
            ),
            file_name=f"briefing-{key}.pdf",
            mime="application/pdf",
            icon=":material/picture_as_pdf:",
            on_click="ignore",
            disabled=not downloadable,
            help=refused,
        )
    if briefing.audit_id:
        st.caption(f"Audit record `{briefing.audit_id}`")


st.title("Pre-call briefing")
user = current_user()
with friendly_errors("Preparing the briefing"):
    services = get_services()
    hcps = services.kb.catalog.list_hcps()
    if not hcps:
        st.info("No HCPs in the CRM yet: ingest a CRM export (`medbrief ingest hcps.csv`).")
        st.stop()
    specialties = sorted({h.specialty for h in hcps})
    pick, narrow = st.columns([3, 1])
    specialty = narrow.selectbox("Specialty", ["All", *specialties], key="hcp_specialty")
    shown = [h for h in hcps if specialty == "All" or h.specialty == specialty]
    # One HCP for briefing and chat: coming back from chat shows the HCP chat is about.
    hcp = hcp_select(
        pick,
        "HCP (type a name or specialty to search)",
        shown,
        key="hcp_pick",
        placeholder="Choose an HCP",
    )
    if hcp is None:
        st.info("Choose the HCP you are about to visit to prepare the briefing.")
        st.stop()
    st.session_state[HCP_KEY] = hcp.hcp_id  # the chat page uses it as context
    cache = session_cache("briefings")
    if hcp.hcp_id not in cache:
        with st.spinner("Preparing the briefing from approved sources ..."):
            cache[hcp.hcp_id] = build_briefing(hcp.hcp_id, user.role, services, user=user.username)
    briefing = cache[hcp.hcp_id]
    # Read now, never cached: content withdrawn or expired since is said at the top, and the
    # briefing cannot be downloaded until it is prepared again.
    scope = access_scope(services.settings, user.role)
    lapsed = lapsed_sources(services.kb.catalog, briefing.citations(), scope)
    if lapsed:
        lapsed_warning(lapsed, "This briefing")
        if st.button("Prepare the briefing again", type="primary", icon=":material/refresh:"):
            del cache[hcp.hcp_id]
            st.rerun()
    _briefing(briefing, downloadable=not lapsed)
