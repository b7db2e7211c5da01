"""What the HCP is waiting for, what stands between patients and the product, and what the
next call is for — read from the HCP's notes, each line a whole sentence of its note.

Questions ("She asked whether ...", "Does it ...?") are kept apart from requests ("asked for
an in-service", "wants copies of the ISI") and concerns ("prefers infused therapy", "wants more
real-world experience"); a question or request raised again in a later
note is listed once (the newest). Access notes (prior authorisation, formulary, coverage) are
surfaced as such. The call objective follows the last call's own plan ("Plan: lunch with the
whole team next month") before anything else, and every objective names its reasons.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from assistant.outputs import (
    AccessNote,
    CallObjective,
    ComplianceNote,
    FollowUp,
    HistoryItem,
    OpenItem,
    SourceRef,
)
from assistant.precall.note_text import note_sentences
from knowledge_base.models import FieldNote, NoteAuthorRole

__all__ = [
    "ACCESS",
    "access_notes",
    "call_objective",
    "compliance_notes",
    "open_items",
    "plan_of",
    "reported_in",
    "routed_to_medical",
]

# The HCP (not the rep) as the one asking or requesting.
_HCP = (
    r"(?:she|he|they|Dr\.?\s+[A-Z][\w'-]+|the (?:HCP|doctor|physician|office|practice|team|"
    r"nurses?|pharmacist|NP|PA))"
)
_REQUEST = re.compile(
    rf"\b{_HCP}\s+(?:also\s+)?(?:asked for|requested|would like|wants(?! to know)|"
    r"wanted(?! to know)|needs|"
    r"asked (?:me |us |the rep |if we could |whether we could |that we )?(?:to )?"
    r"(?:send|bring|get|set up|schedule|arrange|provide|drop off|share|email))\b"
    r"|\bplease send\b",
    re.I,
)
_QUESTION = re.compile(
    rf"\?|\b{_HCP}\s+(?:also\s+)?(?:asked|wants to know|wanted to know|was curious|"
    r"inquired|had (?:a |some )?questions?|wondered|raised (?:a |the )?question)\b|"
    # shorthand with no subject: "Asked which vaccines ...", "Q: can the tablets be crushed"
    r"^(?:also )?(?:asked (?:about|whether|if|what|which|when|how|why)|wanted to know|"
    r"wants to know|q:)\b|\b(?:asked|wanted to know) (?:what|which|when|whether|if|how) "
    r"(?:the (?:PI|label)|to|the follow-up|patients?)\b",
    re.I,
)
ACCESS = re.compile(
    r"prior auth\w*|\bPAs?\b(?=\s+(?:denied|denials?|approv\w*|requir\w*|submitted|pending|"
    r"request\w*|process\w*|paperwork|turnaround|for\b))|formular\w+|\bcoverage\b|not covered|"
    r"co-?pays?|\bpayers?\b|\bplans? (?:keep |still )?requir\w*|insurance|insurer|step therapy|"
    r"\bdenied\b|denials?|appeal\w*|reimburs\w*|out[- ]of[- ]pocket|failures? first",
    re.I,
)
# "Plan:", "Next steps:" opening a note's sentence.
_PLAN_LABEL = re.compile(r"^(?:plan|next steps?|follow[- ]up|action items?|to do)\s*:\s*", re.I)
_PLAN = re.compile(
    rf"{_PLAN_LABEL.pattern}|"
    r"\b(?:will|'ll|agreed to|plan(?:s|ned)? to|going to)\s+(?:\w+\s+){0,2}?"
    r"(?:follow up|send|bring|schedule|set up|arrange|book|come back|return|check|invite|"
    r"organi[sz]e|share|drop off|meet|call|email)\b|\bnext (?:visit|call|week|month|time)\b",
    re.I,
)
_ROUTED = re.compile(
    r"off[- ]label|\bMIRs?\b|medical (?:information|request)|did not discuss|didn't discuss|"
    r"routed to (?:medical|the MSL)|referred (?:it |her |him )?to (?:medical|the MSL)",
    re.I,
)
# An access note that stands between patients and the product (not a hub form left behind).
_BARRIER = re.compile(
    r"denied|denials?|not covered|step therapy|appeal|rejected|exclu\w+|restrict\w*|"
    r"non-formulary|off formulary|taking \w+(?: to \w+)? weeks|delay\w*|out[- ]of[- ]pocket|"
    r"requir\w* [^.]{0,30}failures?|failures? first",
    re.I,
)
_OFF_LABEL = re.compile(r"off[- ]label|unapproved|not (?:in the|on) (?:the )?label", re.I)
_STALE_DAYS = 60
# The channel a CRM call type went through, for the consent check.
_CALL_CHANNEL = {
    "phone": "phone",
    "face-to-face": "visit",
    "lunch-and-learn": "visit",
    "email": "email",
}
# An objection or hesitation the HCP voiced: what the next call has to answer.
_CONCERN = re.compile(
    r"^(?:still )?(?:prefers?|worried|concerned|hesitant|wants more|would rather)\b|"
    rf"\b{_HCP}\s+(?:still\s+)?(?:prefers?|is concerned|was concerned|worries|worried|is hesitant|"
    r"was hesitant|is reluctant|is skeptical|is not convinced|wants more|wanted more|"
    r"would rather)\b|\bworries some of\b|\bconcern(?:ed)? (?:about|that)\b",
    re.I,
)
# Product or samples sent to a patient rather than the office.
_TO_A_PATIENT = re.compile(
    r"\b(?:mail|ship|send|deliver|drop off)\w*\b[^.]{0,40}\b(?:starter kits?|samples?|product|"
    r"pens?|vials?|supply|kits?)\b[^.]{0,30}\bto (?:the )?(?:patients?|Mr|Mrs|Ms|Miss|\[NAME\]|"
    r"\[ADDRESS\]|his|her|their)\b",
    re.I,
)
_NO_PATIENT_SUPPLY = (
    "Product and samples go to the office only, never to a patient: refer the patient to the "
    "hub or patient support program."
)
_REPORTED = re.compile(
    r"\b(?:called (?:it |this )?in|reported|submitted|forwarded|sent)\b[^.]{0,60}"
    r"\b(?:drug safety|pharmacovigilance|PV|safety|quality|the company|myself|same day)\b|"
    r"\bcalled (?:it|this) in\b",
    re.I,
)
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an the and or of to for on in at with she he they her his their dr asked ask wants "
    "wanted would like about whether if is was be it this that any also".split()
)
_SAME = 0.6  # share of content words two lines must share to be the same question


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1)


def _same(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= _SAME


def _ref(note: FieldNote) -> SourceRef:
    return SourceRef(source_type="note", source_id=note.note_id, on=note.date)


def routed_to_medical(sentence: str, note: FieldNote, *, off_label: bool = False) -> bool:
    """Whether the note says this question went to medical information ("Off-label, so I did
    not discuss it and submitted an MIR"), in the sentence or the one after it; with
    ``off_label``, whether it says the question was off-label."""
    pattern = _OFF_LABEL if off_label else _ROUTED
    sentences = note_sentences(note.text)
    if sentence not in sentences:
        return bool(pattern.search(sentence))
    at = sentences.index(sentence)
    return any(pattern.search(s) for s in sentences[at : at + 2])


def open_items(
    notes: Sequence[FieldNote], *, limit: int = 6, avoid: Sequence[str] = ()
) -> list[OpenItem]:
    """Concerns, requests and questions the HCP raised in ``notes`` (newest first), whole
    sentences, each once (a question asked again, or the same topic asked and requested, is
    listed once): concerns first, then requests, then questions. A sentence overlapping
    ``avoid`` (a possible adverse event's words: it goes to pharmacovigilance, not to the rep
    to answer) is not an item."""
    found: list[tuple[OpenItem, frozenset[str]]] = []
    for note in notes:
        for sentence in note_sentences(note.text):
            if any(a and (a in sentence or sentence in a) for a in avoid):
                continue
            kind = (
                "request"
                if _REQUEST.search(sentence)
                else "question"
                if _QUESTION.search(sentence)
                else "concern"
                if _CONCERN.search(sentence)
                else None
            )
            words = _words(sentence)
            if kind is None or any(_same(words, seen) for _, seen in found):
                continue
            found.append((OpenItem(kind=kind, text=sentence, source=_ref(note)), words))
    items = [item for item, _ in found]
    order = {"concern": 0, "request": 1, "question": 2}
    return sorted(items, key=lambda i: order[i.kind])[:limit]


def access_notes(notes: Sequence[FieldNote], *, limit: int = 4) -> list[AccessNote]:
    """Sentences about access (prior authorisation, formulary, coverage), newest first."""
    found: list[tuple[AccessNote, frozenset[str]]] = []
    for note in notes:
        for sentence in note_sentences(note.text):
            words = _words(sentence)
            if ACCESS.search(sentence) and not any(_same(words, seen) for _, seen in found):
                found.append((AccessNote(text=sentence, source=_ref(note)), words))
    return [n for n, _ in found][:limit]


def compliance_notes(notes: Sequence[FieldNote], *, limit: int = 3) -> list[ComplianceNote]:
    """Requests the rules forbid the rep to meet ("asked me to mail the starter kit to Mrs.
    [NAME]"), each with the rule, newest first, each request once."""
    found: dict[str, ComplianceNote] = {}
    for note in notes:
        for sentence in note_sentences(note.text):
            if _TO_A_PATIENT.search(sentence):
                key = " ".join(sorted(_words(sentence)))
                found.setdefault(
                    key, ComplianceNote(text=sentence, source=_ref(note), rule=_NO_PATIENT_SUPPLY)
                )
    return list(found.values())[:limit]


def reported_in(text: str) -> str | None:
    """The note's sentence saying a safety event was already reported ("Called it in myself",
    "Submitted it to drug safety the same day"), if any."""
    return next((s for s in note_sentences(text) if _REPORTED.search(s)), None)


def plan_of(note: FieldNote) -> str | None:
    """The note's own plan for the next contact ("Plan: lunch with the team next month")."""
    plans = [s for s in note_sentences(note.text) if _PLAN.search(s)]
    return plans[-1] if plans else None


def call_objective(
    notes: Sequence[FieldNote],
    items: Sequence[OpenItem],
    access: Sequence[AccessNote],
    follow_up: FollowUp,
    *,
    today: date | None = None,
    consent: Mapping[str, bool] | None = None,
) -> CallObjective:
    """The next call's objective and step, from the last rep call's plan (dated, and marked
    to check when older than two months), then the HCP's concerns, open requests and
    questions, then an access barrier; each reason is the record it comes from. The step
    warns when the last call went through a channel the HCP has not consented to."""
    last_call = next((n for n in notes if n.author_role is NoteAuthorRole.REP), None)
    plan = plan_of(last_call) if last_call else None
    reasons: list[OpenItem | HistoryItem | AccessNote] = []
    parts: list[str] = []
    if plan and last_call:
        stated = _PLAN_LABEL.sub("", plan).strip()
        age = (today - last_call.date).days if today else None
        when = f" ({last_call.date}, {age} days ago)" if age is not None else ""
        stale = " Check it still stands." if age is not None and age > _STALE_DAYS else ""
        parts.append(
            f"Follow through on your last call's plan{when}: "
            f"{stated[:1].upper()}{stated[1:]}{stale}"
        )
        reasons.append(HistoryItem(kind="call", text=plan, source=_ref(last_call)))
    concerns = [i for i in items if i.kind == "concern"]
    if concerns:
        parts.append("Address the concern the HCP raised with approved material.")
        reasons += concerns[:2]
    requests = [i for i in items if i.kind == "request"]
    questions = [i for i in items if i.kind == "question"]
    if requests:
        parts.append(
            f"Close the open request{'s' if len(requests) > 1 else ''} "
            f"({len(requests)}) the HCP made."
        )
        reasons += requests[:2]
    if questions:
        parts.append(
            "Answer the open questions from approved material, routing any off-label one to "
            "medical information."
        )
        reasons += questions[:2]
    barriers = [a for a in access if _BARRIER.search(a.text)]
    if barriers:
        parts.append("Check whether the access barrier noted is resolved.")
        reasons.append(barriers[0])
    if not parts:
        parts.append("Re-introduce the approved indication and headline results.")
    next_step = (
        f"Confirm the next contact by {follow_up.channel} (consented)."
        if follow_up.consent_ok and follow_up.channel
        else follow_up.text
    )
    channel = _CALL_CHANNEL.get(last_call.extra.get("call_type", "")) if last_call else None
    if channel and consent is not None and not consent.get(channel, False):
        how = {"visit": "an in-person visit", "phone": "a phone call", "email": "an email"}
        next_step += (
            f" Your last call was {how[channel]}, a channel this HCP has not consented to: "
            "use a consented channel only."
        )
    unique = list({(r.text, r.source.source_id): r for r in reasons}.values())
    return CallObjective(objective=" ".join(parts), next_step=next_step, reasons=unique)
