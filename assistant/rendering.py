"""Markdown views of workflow outputs (the CLI prints them; the app and downloads reuse them)."""

from __future__ import annotations

from assistant.outputs import Briefing, ChatAnswer, GenerationInfo, Sentence

__all__ = ["answer_markdown", "briefing_markdown", "mode_line"]


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


def _cited(sentence: Sentence) -> str:
    marks = "".join(f"[{c.source}]" for c in sentence.citations)
    return f"{sentence.text} {marks}".rstrip()


def _sources(sentences: list[Sentence]) -> list[str]:
    seen: dict[int, str] = {}
    for sentence in sentences:
        for c in sentence.citations:
            seen.setdefault(
                c.source, f"[{c.source}] {c.title} — {c.section} ({c.approval_code}, v{c.version})"
            )
    return [seen[n] for n in sorted(seen)]


def briefing_markdown(briefing: Briefing) -> str:
    h = briefing.hcp
    consent = ", ".join(channel for channel, ok in h.consent.items() if ok) or "none"
    lines = [
        f"# Pre-call briefing: {h.name}",
        "",
        f"**{h.specialty}**{' — ' + h.subspecialty if h.subspecialty else ''} · {h.institution}",
        f"Patient mix: {h.patient_mix or '—'}",
        f"Consent: {consent} · Preferred channel: {h.preferred_channel}",
        "",
        "## Recent interactions (notes: context, not evidence)",
    ]
    lines += [f"- {i.date} ({i.author_role}): {i.text}" for i in briefing.recent_interactions]
    if briefing.open_questions:
        lines += ["", "## Open questions from the HCP"]
        lines += [f"- {q}" for q in briefing.open_questions]
    lines += ["", "## Suggested talking points (approved sources only)"]
    if not briefing.talking_points:
        lines.append("- No approved talking point matched this HCP's focus.")
    for point in briefing.talking_points:
        lines += ["", f"**{point.product} — {point.topic}**", ""]
        lines += [f"- {_cited(s)}" for s in point.sentences]
    lines += ["", "## Important safety information"]
    for block in briefing.safety:
        lines += ["", f"**{block.product}**", ""]
        lines += [f"- {_cited(s)}" for s in block.sentences]
    if not briefing.safety:
        lines.append("- No product is promoted in this briefing.")
    if briefing.do_not_discuss:
        lines += ["", "## Do not discuss (off-label topics raised in notes)"]
        lines += [f"- {t.topic} ({t.note_id}): {t.route}" for t in briefing.do_not_discuss]
    lines += ["", "## Suggested follow-up", f"- {briefing.follow_up.text}", "", "## Sources"]
    all_sentences = [s for p in briefing.talking_points for s in p.sentences] + [
        s for b in briefing.safety for s in b.sentences
    ]
    lines += [f"- {line}" for line in _sources(all_sentences)]
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
