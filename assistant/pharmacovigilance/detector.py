"""Rule-based detector of possible adverse events (AE) and product complaints (PC).

Every medical inquiry and field note passes through :func:`detect_signals`; what it returns is
routed to pharmacovigilance within one business day. Missing an adverse event is the costly
error, so the rules are tuned for recall: an event word fires unless a cue in the same clause
(or, for label and trial talk, the same sentence) shows it is negated ("denied any side
effects"), hypothetical ("what happens if a patient develops ..."), read from the label or a
trial ("the label lists nausea in 12%") or present before the drug ("history of hypertension
before starting"). A particular patient with a told event ("my pt developed ...") overrides the
question and label cues. Events on another drug ("pt on adalimumab got ...") or in a sentence
that names our product only as being considered ("the office may start TAGRISSO next month") are
dropped; a lab value or a medication error needs no patient word in its own sentence. Text is
split into sentences and those into clauses; the evidence of a signal is its sentence, with
character offsets into the original text.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from assistant.pharmacovigilance import complaints as cm
from assistant.pharmacovigilance import cues as c
from assistant.pharmacovigilance import events as ev
from assistant.pharmacovigilance import symptoms as sym
from assistant.pharmacovigilance import vocabulary as v
from assistant.pharmacovigilance.segment import Span, clauses, product_mentions, sentences


class SignalKind(StrEnum):
    AE = "AE"
    PC = "PC"


@dataclass(frozen=True)
class SafetySignal:
    kind: SignalKind
    evidence: str  # the exact sentence of the text that triggered it
    start: int
    end: int
    product: str | None  # suspect product named nearest to it, if any
    reasons: tuple[str, ...]


_AE_EVENTS = [
    ("event", v.alternation(sym.SYMPTOMS)),
    ("serious", v.alternation(ev.SERIOUS)),
    ("serious", ev.SERIOUS_CS),
    ("event", re.compile(r"\bHAs?\b")),  # headache in rep shorthand ("aggrenox HA")
    ("special", v.alternation(ev.SPECIAL)),
    ("med_error", v.alternation(ev.MED_ERROR)),
    ("efficacy", v.alternation(ev.EFFICACY)),
    *(("lab", p) for p in ev.LAB_PATTERNS),
    *(("lab", p) for p in ev.LAB_VALUES),
]
# Objective findings (a lab value, a medication error) need no patient word in their own
# sentence: "AST 4x ULN" on a line below "pt on TAGRISSO" is that patient's.
_OBJECTIVE = ("lab:", "med_error:")
_PC_STRONG = v.alternation(cm.PC_STRONG)
_PC_WEAK = v.alternation(cm.PC_WEAK)
_PATIENT = v.alternation(c.PATIENT)
_IMPLIED = v.alternation(c.IMPLIED_PRODUCT)
_PLURAL_PATIENTS = re.compile(r"\b(?:pts|patients)\b", re.IGNORECASE)
_ONE_PATIENT = re.compile(
    r"\b(?:pt|patient|pt'?s|patient'?s|she|he|her|his|him|mr|mrs|ms)\b", re.IGNORECASE
)
# An event that ends on "after", "afterwards", "since then": it followed what was told before.
_FOLLOWED = re.compile(r"\b(?:after(?:wards?)?|since then)\s*[.!;]?\s*$", re.I)
_CONCERN = re.compile(r"\b(?:concern(?:ed|s)?|worried|worr(?:y|ies)) (?:about|that)\b", re.I)
# What happened next ends a negation's reach: "no Pfizer imprint, got chest tightness", "4 days
# without treatment and had an exacerbation", "sin tratamiento y tuvo una exacerbación".
_NEXT_EVENT = re.compile(
    r"(?:,\s*(?:(?:and|then)\s+)*|\s(?:and|then|y|e|et|und|dann|luego|puis|poi)\s+)"
    # the one it happened to, named again: "e a paciente teve", "and the pt had"
    r"(?:(?:the|a|o|la|le|el|il|der|die)\s+)?(?:(?:pt|patient|paciente|patiente|paziente"
    r"|patientin|she|he|ela|ele|ella|elle|sie|er|lei|lui)\s+)?"
    r"(?:got|had|developed|experienced|felt|became|went into|tuvo|present[oó]|teve"
    r"|apresentou|a eu|a fait|ha avuto|hatte|bekam)\b",
    re.I,
)
_DEVICE_FAILED = re.compile(
    r"\b(?:did ?n[o'\u2019]?t|didnt|does ?n[o'\u2019]?t|wo ?n[o'\u2019]?t|would ?n[o'\u2019]?t"
    r"|wouldnt|could ?n[o'\u2019]?t|not) (?:\w+ )?(?:retract|fire|click|lock|dispense|activate"
    r"|deploy|turn on|power on|spray|depress|release|come off|open|work)\w*",
    re.IGNORECASE,
)
_STRENGTH = re.compile(r"\b(\d+(?:\.\d+)?)\s?mg\b", re.IGNORECASE)
_STRENGTH_LABEL = re.compile(r"\b(?:says|said|reads|labell?ed|marked|label)\b", re.IGNORECASE)
_ADMINISTERED = re.compile(
    r"\b(?:took|taken|received|given|administered|injected|infused|prescribed|ordered)\b",
    re.IGNORECASE,
)
_EXPIRY_YEAR = re.compile(
    r"\bexp(?:iry|iration|\.)?(?: date)?\s*(?:of|:|is|was|printed as)?\s*"
    r"(?:\d{1,2}[/-]|[a-z]{3,9}\.? )?((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_ARRIVED = re.compile(
    r"\b(?:received|delivered|arrived|shipped|came in|dispensed|got in)\b", re.IGNORECASE
)
# A sentence that tells what the rep or MSL did ("Discussed ALPHAMAB dosing for plaque
# psoriasis.", "Walked through the loading doses"): a discussion, seldom an event.
_REP_ACTIVITY = re.compile(
    r"\W*(?:(?:we|i)\s+)?(?:discussed|reviewed|walked (?:\w+ )?through|went (?:over|through)"
    r"|talked (?:about|through)|presented|dropped off|delivered|provided|answered|explained"
    r"|gave (?:her|him|them|the office)|followed up on|in-?serviced)\b",
    re.IGNORECASE,
)
_SUBJECT_NEGATIONS = frozenset({"nobody", "no one", "no-one", "never"})
_NEGATION_WINDOW = 8  # words between "no"/"denied" and the event it negates
_SHORT_NEGATION_WINDOW = 3  # words between "not"/"didn't" and the event


@dataclass(frozen=True)
class _Context:
    text: str
    used: list[int]  # offsets of product mentions the patient is (or may be) on
    considered: list[int]  # offsets of products only being considered ("wants to try X")
    product_context: bool
    patient_in_text: bool


def detect_signals(text: str, products: Collection[str] = ()) -> list[SafetySignal]:
    """Possible adverse events and product complaints in ``text``, one per sentence and kind.

    ``products`` adds suspect-product names to the company's own (brand and generic names).
    """
    original, text = text, v.fold_accents(text)  # the same offsets, letters without accents
    names = dict(v.DEFAULT_PRODUCTS)
    names.update({v.fold_accents(p.lower()): p for p in products if p.strip()})
    mentions = product_mentions(text, names)
    considered = [pos for pos, _ in mentions if _only_considered(text, pos)]
    used = [pos for pos, _ in mentions if pos not in considered]
    ctx = _Context(
        text=text,
        used=used,
        considered=considered,
        product_context=bool(used) or _IMPLIED.search(text) is not None,
        patient_in_text=bool(_PATIENT.search(text) or c.PATIENT_CS.search(text)),
    )
    signals: list[SafetySignal] = []
    for sentence in sentences(text):
        parts = clauses(text, sentence)
        ae = _adverse_event(ctx, sentence, parts)
        if ae is not None:
            signals.append(_signal(SignalKind.AE, original, sentence, mentions, ae))
        complaint = _product_complaint(text, sentence, parts)
        if complaint is not None:
            signals.append(_signal(SignalKind.PC, original, sentence, mentions, complaint))
    return signals


def doubt_cues(sentence: str) -> tuple[str, ...]:
    """What in a sentence casts doubt on an event in it: a negation, a question or hypothetical,
    label or trial talk, a condition from before the drug, another drug. Used to rank and to ask
    more of the learned layer, never to drop what the rules flagged."""
    found = []
    sentence = v.fold_accents(sentence)
    # a device that did not work is the complaint, not a doubt on what it did to the patient
    # ("pen needle didn't retract after injection, pt stuck her finger")
    undevice = _DEVICE_FAILED.sub(" ", sentence)
    if c.NEGATION.search(undevice) or c.NEGATION_SHORT.search(undevice):
        found.append("negated")
    if (c.INTERROGATIVE.search(sentence) and "?" in sentence) or c.HYPOTHETICAL.search(sentence):
        found.append("hypothetical")
    if _label_reading(sentence):
        found.append("label")
    if _pre_existing(sentence):
        found.append("pre-existing")
    if _REP_ACTIVITY.match(sentence):
        found.append("discussion")
    if any(
        not any(word in v.DEFAULT_PRODUCTS for word in re.findall(r"[a-z-]+", m.group(0).lower()))
        for m in c.OTHER_DRUG.finditer(sentence)
    ):
        found.append("other drug")
    return tuple(found)


def _only_considered(text: str, pos: int) -> bool:
    """The product named at ``pos`` is only being considered: "may start TAGRISSO next month"."""
    return c.INTENT_BEFORE_PRODUCT.search(text[max(0, pos - 80) : pos]) is not None


def _signal(
    kind: SignalKind,
    text: str,
    sentence: Span,
    mentions: list[tuple[int, str]],
    reasons: list[str],
) -> SafetySignal:
    product = _nearest_product(sentence, mentions)
    if product is not None:
        reasons.append(f"product:{product}")
    return SafetySignal(
        kind=kind,
        evidence=text[sentence.start : sentence.end],
        start=sentence.start,
        end=sentence.end,
        product=product,
        reasons=tuple(dict.fromkeys(reasons)),
    )


def _nearest_product(sentence: Span, mentions: list[tuple[int, str]]) -> str | None:
    """Named in the sentence, else the last one named before it, else the first one after."""
    inside = [name for pos, name in mentions if sentence.start <= pos < sentence.end]
    if inside:
        return inside[0]
    before = [name for pos, name in mentions if pos < sentence.start]
    if before:
        return before[-1]
    return mentions[0][1] if mentions else None


# --- adverse events -----------------------------------------------------------------------------


def _adverse_event(ctx: _Context, sentence: Span, parts: list[Span]) -> list[str] | None:
    text = ctx.text
    sent = text[sentence.start : sentence.end]
    if _before_the_product(ctx, sentence):
        return None
    label_talk = _label_reading(sent)
    patient = _PATIENT.search(sent) or c.PATIENT_CS.search(sent)
    for part in parts:
        clause = text[part.start : part.end]
        matches = [
            (kind, m)
            for kind, m in _event_matches(clause)
            if not _negated(clause, m.start(), m.end())
            and not c.POST_NEGATION.match(text, part.start + m.end(), sentence.end)
        ]
        if not matches:
            continue
        events = [f"{kind}:{m.group(0).strip().lower()}" for kind, m in matches]
        case = _is_case(clause)
        if label_talk and not case:
            continue
        last_event = max(m.end() for _, m in matches)
        if not case and (_hypothetical(clause, sent, last_event) or _pre_existing(clause)):
            continue
        if _pre_existing(clause) and not c.AFTER_DRUG.search(clause):
            continue
        if _on_other_drug(ctx, part, min(m.start() for _, m in matches)):
            continue
        if all(c.OTHER_DRUG_AFTER.match(clause, m.end()) for _, m in matches):
            continue
        objective = any(e.startswith(_OBJECTIVE) for e in events)
        told = (
            c.CASE_VERB.search(clause)
            or _IMPLIED.search(clause)
            or any(e.startswith("med_error:") for e in events)
        )
        # "pt took 3 nurtec in 24h. nausea after.": an event told as following what the note
        # said the patient did is that patient's
        followed = ctx.patient_in_text and _FOLLOWED.search(clause) is not None
        if not (patient or told or followed or (objective and ctx.patient_in_text)):
            continue
        # "RA pts w/ joint swelling": a population described (the indication), not a case
        if _population(sent) and not told and not objective:
            continue
        reasons = events[:4]
        reasons.append(
            "patient" if patient or (objective and ctx.patient_in_text) else "occurrence"
        )
        if not ctx.product_context:
            if not (patient and case):
                continue
            reasons.append("product:unnamed")
        return reasons
    return None


def _population(sentence: str) -> bool:
    """Only patients in the plural, none in particular ("HS pts w/ nodules")."""
    return (
        _PLURAL_PATIENTS.search(sentence) is not None
        and _ONE_PATIENT.search(sentence) is None
        and c.SPECIFIC_PATIENT.search(sentence) is None
    )


def _before_the_product(ctx: _Context, sentence: Span) -> bool:
    """The sentence names a product only as being considered, so its events came before it."""
    inside = range(sentence.start, sentence.end)
    return any(p in inside for p in ctx.considered) and not any(p in inside for p in ctx.used)


def _on_other_drug(ctx: _Context, part: Span, first_event: int) -> bool:
    """Another drug before the event, none of ours before it in the clause ("pt on adalimumab
    got flu"; "a tremfya pt got a rash, wants HUMIRA info")."""
    clause = ctx.text[part.start : part.end]
    if any(part.start <= p < part.start + first_event for p in ctx.used) or _IMPLIED.search(clause):
        return False
    return any(m.start() < first_event for m in c.OTHER_DRUG.finditer(clause))


def _event_matches(clause: str) -> Iterator[tuple[str, re.Match[str]]]:
    # Blank "in the fall", "pain point" with spaces so offsets stay those of the clause.
    masked = ev.NOT_EVENT.sub(lambda m: " " * len(m.group(0)), clause)
    for kind, pattern in _AE_EVENTS:
        for m in pattern.finditer(masked):
            yield kind, m


def _is_case(clause: str) -> bool:
    """A particular patient and a verb that tells what happened to them."""
    if c.TOLD_CASE_QUESTION.search(clause) or c.REAL_EXPOSURE.search(clause):
        return True
    return bool(c.SPECIFIC_PATIENT.search(clause) and c.CASE_VERB.search(clause))


def _label_reading(sentence: str) -> bool:
    """Label or trial talk; a patient's own percentage ("LVEF dropped from 62% to 48%") is none."""
    plain = c.LAB_PERCENT.sub(" ", c.OFF_LABEL.sub(" ", sentence))
    return c.LABEL_READING.search(plain) is not None


def _hypothetical(clause: str, sentence: str, event_end: int | None = None) -> bool:
    """A question about the event or a hypothetical one. ``event_end``: where the event ends; a
    conditional in a later comma-part is about what to do next, not about the event ("isnt
    touching her migraines anymore, doc asked what the next step would be")."""
    if c.INTERROGATIVE.search(clause) and (clause.rstrip().endswith("?") or sentence.endswith("?")):
        return True
    if event_end is not None:
        cut = clause.find(",", event_end)
        clause = clause if cut < 0 else clause[:cut]
    plain = c.SUSPICION.sub(" ", c.CAUSALITY.sub(" ", c.NARRATIVE_WOULD.sub(" ", clause)))
    if c.SOFT_HYPOTHETICAL.search(plain) and not c.CASE_VERB.search(plain):
        return True
    return c.HYPOTHETICAL.search(plain) is not None


def _pre_existing(clause: str) -> bool:
    return c.PRE_EXISTING.search(clause) is not None and not c.AFTER_DRUG.search(clause)


def _negated(clause: str, start: int, end: int) -> bool:
    """A negation cue shortly before the event in the same clause ("denies nausea, rash");
    lay words holding a "not" ("not been himself - not sleeping, anxious") are no such cue."""
    before = c.LAY_NOT.sub(lambda m: " " * len(m.group()), clause[:start])
    for m in c.NEGATION.finditer(before):
        scope = before[m.end() :]
        # a bracket closes the negation: "caps look off (no imprint), got hives"; so does a comma
        # after one that negates a person's act: "nobody reduced the dose, platelets 12k"
        if ")" in scope or (m.group().lower() in _SUBJECT_NEGATIONS and "," in scope):
            continue
        # so does a comma before what happened next: "no Pfizer imprint, got chest tightness"
        if _NEXT_EVENT.search(scope):
            continue
        if len(re.findall(r"[\w'/]+", scope)) <= _NEGATION_WINDOW:
            return True
    for m in c.NEGATION_SHORT.finditer(before):
        if len(re.findall(r"[\w'/]+", before[m.end() :])) <= _SHORT_NEGATION_WINDOW:
            return True
    return re.match(r"\W*(?:was |were )?(?:ruled out|negative)\b", clause[end:], re.I) is not None


# --- product complaints -------------------------------------------------------------------------


def _product_complaint(text: str, sentence: Span, parts: list[Span]) -> list[str] | None:
    sent = text[sentence.start : sentence.end]
    for part in parts:
        clause = text[part.start : part.end]
        found = [
            f"complaint:{m.group(0).lower()}"
            for m in _PC_STRONG.finditer(clause)
            if not _negated(clause, m.start(), m.end())
        ]
        if cm.CONTAINER.search(clause):
            found += [
                f"complaint:{m.group(0).lower()}"
                for m in _PC_WEAK.finditer(clause)
                if not _negated(clause, m.start(), m.end())
            ]
        # "worried about stability" is the complaint itself, not a hypothetical; "may be kept at
        # room temperature for 6 weeks" is storage guidance, not an excursion.
        if cm.STORAGE_GUIDANCE.search(clause):
            continue
        if found and not _hypothetical(_CONCERN.sub(" ", clause), sent):
            return found[:4]
    if _strength_mismatch(sent):
        return ["complaint:strength mismatch"]
    if _expired_on_arrival(sent):
        return ["complaint:expired on arrival"]
    return None


def _expired_on_arrival(sentence: str) -> bool:
    """Stock that came with an expiry year already past: "sachets printed with an expiry date
    of 2019, although it was received this month"."""
    arrived = _ARRIVED.search(sentence)
    return arrived is not None and any(
        int(m.group(1)) < date.today().year for m in _EXPIRY_YEAR.finditer(sentence)
    )


def _strength_mismatch(sentence: str) -> bool:
    """Carton and unit disagree: "box says 225 mg, pen inside labeled 120 mg"."""
    found = list(_STRENGTH.finditer(sentence))
    strengths = {m.group(1) for m in found}
    # a dose given before the strengths are compared is dosing talk ("prescribed 10 mg, label
    # says 5 mg"); after them, what became of the wrong tablets ("..., pt took them 2 wks")
    return (
        len(strengths) >= 2
        and _STRENGTH_LABEL.search(sentence) is not None
        and _ADMINISTERED.search(sentence, 0, found[-1].start()) is None
        and cm.CONTAINER.search(sentence) is not None
    )
