"""Markdown views of workflow outputs (the CLI prints them; the app and downloads reuse them)."""

from __future__ import annotations

from assistant.outputs import (
    Briefing,
    ChatAnswer,
    GenerationInfo,
    HistoryItem,
    InquirySummary,
    Sentence,
    SinceLastCall,
    SourceRef,
)
from assistant.passage_blocks import row_readout

__all__ = [
    "INTERNAL_USE",
    "answer_markdown",
    "briefing_footer",
    "briefing_markdown",
    "history_heading",
    "history_line",
    "inquiry_summary_markdown",
    "mode_line",
    "profile_line",
    "source_label",
]


def mode_line(generation: GenerationInfo) -> str:
    """Which mode produced a text: shown with every generated output."""
    if generation.provider == "extractive":
        mode = "offline extractive mode (verbatim approved sentences, no language model)"
    else:
        mode = f"model {generation.model} via {generation.provider}"
    return (
        f"Generated in {mode}; prompt {generation.prompt_id} v{generation.prompt_version}; "
        f"content as of {generation.today}."
    )


def _cited(sentence: Sentence, numbers: dict[int, int] | None = None) -> str:
    """The sentence with its source marks: ``numbers`` renumbers them (source -> shown)."""
    marks = "".join(f"[{(numbers or {}).get(c.source, c.source)}]" for c in sentence.citations)
    return f"{sentence.text} {marks}".rstrip()


def _sources(sentences: list[Sentence], numbers: dict[int, int] | None = None) -> list[str]:
    seen: dict[int, str] = {}
    for sentence in sentences:
        for c in sentence.citations:
            n = (numbers or {}).get(c.source, c.source)
            seen.setdefault(n, f"[{n}] {c.title} — {c.section} ({c.approval_code}, v{c.version})")
    return [seen[n] for n in sorted(seen)]


def _in_order_of_appearance(sentences: list[Sentence]) -> dict[int, int]:
    """Source numbers renumbered 1, 2, 3 as a reader meets them (a prompt numbers its sources
    by retrieval, so a page would otherwise read [1][2][4][7])."""
    numbers: dict[int, int] = {}
    for sentence in sentences:
        for c in sentence.citations:
            numbers.setdefault(c.source, len(numbers) + 1)
    return numbers


#: Printed on every page of a briefing handed over: it is a rep's preparation, not a promotional
#: piece approved for HCPs.
INTERNAL_USE = "Internal use only — not for distribution to HCPs"


def briefing_footer(briefing: Briefing) -> str:
    """The line under every page of a briefing's PDF."""
    record = f" · audit record {briefing.audit_id}" if briefing.audit_id else ""
    return f"{INTERNAL_USE}{record} · content as of {briefing.generation.today}"


def source_label(ref: SourceRef) -> str:
    """'N-0090, 2026-01-16': the CRM record a line comes from."""
    if ref.source_type == "profile":
        return "CRM profile"
    if ref.source_type == "request":
        return (
            f"request {ref.source_id[:8]}, {ref.on}" if ref.on else f"request {ref.source_id[:8]}"
        )
    return f"{ref.source_id}, {ref.on}" if ref.on else ref.source_id


def history_line(item: HistoryItem) -> str:
    status = f" — {item.status}" if item.status else ""
    return f"{item.source.on} · {item.kind}: {item.text}{status} ({source_label(item.source)})"


def _read_out(sentence: Sentence) -> Sentence:
    """A stated table row as a reader says it (values paired with their columns), caption
    after; any other sentence as it is."""
    readout = row_readout(sentence.text)
    if readout is None:
        return sentence
    caption, text = readout
    return sentence.model_copy(update={"text": f"{text} ({caption})"})


def history_heading(history: SinceLastCall) -> str:
    """'Since your last call (2026-09-04)', or the period shown when no rep call is on file."""
    if history.last_call is None:
        return f"No call by a rep on file: the last {history.days} days (from {history.start})"
    return f"Since your last call ({history.last_call})"


def profile_line(briefing: Briefing) -> str:
    h = briefing.hcp
    consent = ", ".join(channel for channel, ok in h.consent.items() if ok) or "none"
    extra = "".join(f" · {label}: {value}" for label, value in h.profile.items())
    return f"Consent: {consent} · Preferred channel: {h.preferred_channel}{extra}"


def briefing_markdown(briefing: Briefing) -> str:
    """The briefing in the order the screen shows it, sources numbered as they appear."""
    h = briefing.hcp
    cited = [s for p in briefing.talking_points for s in p.sentences] + [
        s for b in briefing.safety for s in b.sentences
    ]
    numbers = _in_order_of_appearance(cited)
    lines = [
        f"# Pre-call briefing: {h.name}",
        "",
        f"_{INTERNAL_USE}._ "
        + (f"Audit record `{briefing.audit_id}` · " if briefing.audit_id else "")
        + f"content as of {briefing.generation.today}.",
        "",
        f"**{h.specialty}**{' — ' + h.subspecialty if h.subspecialty else ''} · {h.institution}",
        f"Patient mix: {h.patient_mix or '—'}",
        profile_line(briefing),
    ]
    if briefing.report_to_pv:
        lines += [
            "",
            "## Report to pharmacovigilance (possible AE/PC in notes, within one business day)",
            "",
        ]
        lines += [
            f"- **{f.kind}** {f.source_id} ({f.when}): “{f.evidence}”"
            + (
                f" — the note says it was reported (“{f.reported_per_note}”): confirm it "
                "reached pharmacovigilance"
                if f.reported_per_note
                else ""
            )
            for f in briefing.report_to_pv
        ]
    if briefing.do_not_discuss:
        lines += ["", "## Do not discuss (off-label topics raised in notes)"]
        lines += [f"- {t.topic} ({t.note_id}): {t.route}" for t in briefing.do_not_discuss]
    if briefing.compliance:
        lines += ["", "## Compliance"]
        lines += [f"- {c.rule} “{c.text}” ({source_label(c.source)})" for c in briefing.compliance]
    if briefing.objective:
        o = briefing.objective
        lines += ["", "## Call objective", "", f"**Objective:** {o.objective}", ""]
        lines += [f"**Next step:** {o.next_step}"]
        if o.reasons:
            lines += ["", "Because:"]
            lines += [f"- {r.text} ({source_label(r.source)})" for r in o.reasons]
    if briefing.since_last_call:
        history = briefing.since_last_call
        lines += ["", f"## {history_heading(history)}"]
        if history.summary:
            lines += [
                "",
                " ".join(f"{h.text} ({', '.join(h.records)})" for h in history.summary),
                "",
            ]
        lines += [f"- {history_line(i)}" for i in history.items] or ["- Nothing recorded."]
    concerns = [i for i in briefing.open_items if i.kind == "concern"]
    requests = [i for i in briefing.open_items if i.kind == "request"]
    questions = [i for i in briefing.open_items if i.kind == "question"]
    if concerns:
        lines += ["", "## Concerns the HCP voiced"]
        lines += [f"- {i.text} ({source_label(i.source)})" for i in concerns]
    if requests:
        lines += ["", "## Open requests from the HCP"]
        lines += [f"- {i.text} ({source_label(i.source)})" for i in requests]
    if questions:
        lines += ["", "## Open questions from the HCP"]
        lines += [f"- {i.text} ({source_label(i.source)})" for i in questions]
    if briefing.access_notes:
        lines += ["", "## Access (prior authorisation, formulary, coverage)"]
        lines += [f"- {a.text} ({source_label(a.source)})" for a in briefing.access_notes]
    lines += ["", "## Suggested talking points (approved sources only)"]
    if not briefing.talking_points:
        lines.append("- No approved talking point matched this HCP's focus.")
    for point in briefing.talking_points:
        lines += ["", f"**{point.product} — {point.topic}**", ""]
        if point.why and point.why_source:
            lines += [f"_Why for this HCP:_ {point.why} ({source_label(point.why_source)})", ""]
        lines += [f"- {_cited(_read_out(s), numbers)}" for s in point.sentences]
    lines += ["", "## Important safety information"]
    for block in briefing.safety:
        lines += ["", f"**{block.product}**", ""]
        lines += [f"- {_cited(s, numbers)}" for s in block.sentences]
    if not briefing.safety:
        lines.append("- No product is promoted in this briefing.")
    lines += ["", "## Recent interactions (notes: context, not evidence)"]
    for i in briefing.recent_interactions:
        if i.flagged:
            lines.append(
                f"- {i.date} ({i.author_role}): ⚠ flagged, not used: {i.flagged}. "
                f"Note text: “{i.text}”"
            )
        else:
            lines.append(f"- {i.date} ({i.author_role}): {i.text}")
    lines += ["", "## Suggested follow-up", f"- {briefing.follow_up.text}", "", "## Sources"]
    lines += [f"- {line}" for line in _sources(cited, numbers)]
    if briefing.removed:
        lines += [
            "",
            f"_{len(briefing.removed)} generated sentence(s) withheld by the citation verifier "
            "(kept in the audit record)._",
        ]
    lines += ["", f"_{mode_line(briefing.generation)}_"]
    return "\n".join(lines)


def answer_markdown(answer: ChatAnswer) -> str:
    if answer.refused:
        body = [answer.message or "No answer."]
    else:
        body = [" ".join(_cited(s) for s in answer.sentences), "", "Sources:"]
        body += [f"- {line}" for line in _sources(answer.sentences)]
    return "\n".join([*body, "", f"_{mode_line(answer.generation)}_"])


def inquiry_summary_markdown(summary: InquirySummary) -> str:
    lines = [
        f"# Inquiry backlog: {summary.period_start:%Y-%m-%d} to {summary.period_end:%Y-%m-%d}",
        "",
        f"{summary.total} inquiries ({summary.unique} after grouping duplicates)"
        + (f" · product {summary.product}" if summary.product else ""),
    ]
    if summary.safety_flags:
        lines += ["", f"## Report to pharmacovigilance today ({len(summary.safety_flags)})", ""]
        start = summary.period_start.date()
        lines += [
            f"- **{f.kind}**"
            + (f" ({f.seriousness})" if f.seriousness != "non serious" else "")
            + f" {f.source_type} {f.source_id} ({f.when}, "
            f"{f.hcp_id or 'HCP unknown'}"
            + (", before this period" if f.received_at and f.received_at.date() < start else "")
            + f"): “{f.evidence}”"
            + (f" — record not loaded: {f.problem}" if f.problem else "")
            for f in summary.safety_flags
        ]
    if summary.urgent:
        lines += ["", f"## Urgent ({len(summary.urgent)})", ""]
        lines += [
            f"- {u.inquiry_id} ({u.product}, {u.priority}, {u.status}): {u.question} "
            f"— {'; '.join(u.why)}"
            for u in summary.urgent
        ]
    lines += ["", "## Themes", ""]
    for t in summary.themes:
        trend = f"{t.trend}, {t.previous_count} in the previous period"
        lines.append(f"**{t.theme_id} {t.label}** — {t.count} ({trend})")
        lines.append(
            f"Examples: {', '.join(t.example_ids)} · Specialties: {', '.join(t.specialties)}"
        )
        if t.duplicates:
            lines.append(f"Duplicates grouped: {'; '.join(', '.join(g) for g in t.duplicates)}")
        if t.content_gap:
            lines.append("- _No approved response: content gap for MLR._")
        lines += [f"- {_cited(s)}" for s in t.response]
        # Each theme is answered separately, so its [n] are its own: list them with it.
        lines += [f"  - {line}" for line in _sources(t.response)]
        lines.append("")
    if summary.rejected_rows:
        lines += [f"## Rows skipped ({len(summary.rejected_rows)})", ""]
        lines += [
            f"- {p.source} row {p.row}"
            + (f", column {p.column}" if p.column else "")
            + f": {p.message}"
            for p in summary.rejected_rows
        ]
    lines.append(f"_{mode_line(summary.generation)}_")
    return "\n".join(lines)
