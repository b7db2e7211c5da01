"""The pre-call briefing: who the HCP is, what happened, what a rep may say, and the safety
information that must go with it.

Only the talking points and safety points are generated (by the configured provider) and each
goes through the citation verifier; everything else is assembled from CRM data. Fair balance is
enforced here, in code: a product with a shown benefit claim gets its boxed warning / key
safety sentences, or its claims are withheld.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from assistant.actions import medical_information_requests, request_statuses
from assistant.grounding.guardrails import (
    context_injection_flags,
)
from assistant.grounding.offlabel import ProductLabel, extract_off_label_topics
from assistant.grounding.tables import looks_like_table_statement
from assistant.grounding.verifier import CitationVerifier
from assistant.outputs import (
    Briefing,
    FollowUp,
    GenerationInfo,
    HcpSnapshot,
    Interaction,
    OffLabelTopic,
    SafetyBlock,
    SafetyFlag,
    Sentence,
    TalkingPoint,
)
from assistant.pharmacovigilance.flags import from_screened, in_stored_text, joined
from assistant.precall.fit import fit_scores, point_reason, topic_stems
from assistant.precall.headlines import is_result_sentence
from assistant.precall.history import FiledRequest, since_last_call
from assistant.precall.open_items import (
    access_notes,
    call_objective,
    compliance_notes,
    open_items,
    reported_in,
    routed_to_medical,
)
from assistant.providers.base import (
    BriefingDraft,
    BriefingRequest,
    DraftClaim,
    NumberedSource,
)
from assistant.services import Services
from assistant.workflows.headlines import boxed_warning_opening, product_headlines
from assistant.workflows.labels import (
    catalog_products,
    citation_verifier,
    known_products,
    mentioned_products,
    product_labels,
    product_names,
)
from assistant.workflows.recording import failures_recorded, record_output
from assistant.workflows.safety_information import (
    completed_safety,
    reported_warnings,
    stated_sentences,
)
from assistant.workflows.sources import (
    PackedSources,
    pack_for_prompt,
    source_injection_flags,
)
from assistant.workflows.written_history import history_records, written_history
from knowledge_base.access import AccessScope, ContentFilter
from knowledge_base.errors import KnowledgeBaseError
from knowledge_base.models import FieldNote, HcpProfile, Role, SectionKind
from knowledge_base.retrieval import Evidence
from knowledge_base.screening import ScreenedFlag
from prompts.loader import load_prompt, render

__all__ = ["HEADLINE_TOPIC", "UnknownHcpError", "build_briefing"]

# What the provider drafts talking points from. Clinical studies are quoted as headline
# results (``workflows.headlines``): drafted from, their design and demographics would be.
BENEFIT_KINDS = (SectionKind.INDICATIONS.value, SectionKind.DOSAGE.value)
BOXED = (SectionKind.BOXED_WARNING.value,)
KEY_SAFETY = (SectionKind.CONTRAINDICATIONS.value, SectionKind.WARNINGS_PRECAUTIONS.value)
HEADLINE_TOPIC = "Headline results"
_TOPIC = {
    SectionKind.INDICATIONS: "Indication",
    SectionKind.CLINICAL_STUDIES: HEADLINE_TOPIC,
    SectionKind.DOSAGE: "Dosing",
}
# CRM columns shown in the profile under their own names (others: the column name, tidied).
_PROFILE_LABELS = {"kol_tier": "KOL tier", "territory": "Territory"}


class UnknownHcpError(KnowledgeBaseError):
    pass


def _profile_label(column: str) -> str:
    return _PROFILE_LABELS.get(column, column.replace("_", " ").strip().capitalize())


def _snapshot(profile: HcpProfile) -> HcpSnapshot:
    return HcpSnapshot(
        hcp_id=profile.hcp_id,
        name=profile.name,
        specialty=profile.specialty,
        subspecialty=profile.subspecialty,
        institution=profile.institution,
        patient_mix=profile.patient_mix,
        consent={
            "email": profile.consent_email,
            "visit": profile.consent_visit,
            "phone": profile.consent_phone,
        },
        preferred_channel=profile.preferred_channel,
        profile={
            _profile_label(column): value.strip()
            for column, value in profile.extra.items()
            if value and value.strip()
        },
    )


def _report_to_pv(
    notes: Sequence[FieldNote], products: Sequence[str], screened: Sequence[ScreenedFlag]
) -> list[SafetyFlag]:
    """Possible AEs/PCs in the HCP's notes: any employee who learns of one must report it.

    Joins what ingest found screening the raw notes (before redaction) with what the stored,
    redacted text shows now."""
    names = sorted(known_products(products))
    shown = {note.note_id: position for position, note in enumerate(notes)}
    flags = [from_screened(f) for f in screened if f.source_type == "note" and f.source_id in shown]
    for note in notes:
        flags += in_stored_text(
            note.text,
            names,
            source_type="note",
            source_id=note.note_id,
            received_at=datetime(note.date.year, note.date.month, note.date.day, tzinfo=UTC),
            hcp_id=note.hcp_id,
        )
    by_id = {n.note_id: n for n in notes}
    marked = [
        f.model_copy(update={"reported_per_note": reported_in(by_id[f.source_id].text)})
        for f in joined(flags)
    ]
    return sorted(marked, key=lambda f: (shown[f.source_id], f.kind))  # newest first


def _follow_up(profile: HcpProfile, products: Sequence[str], off_label: bool) -> FollowUp:
    consented = {
        "email": profile.consent_email,
        "visit": profile.consent_visit,
        "phone": profile.consent_phone,
    }
    preferred = profile.preferred_channel.strip().lower()
    channel = (
        preferred
        if consented.get(preferred)
        else next((c for c, ok in consented.items() if ok), None)
    )
    if channel is None:
        return FollowUp(
            channel=None,
            consent_ok=False,
            text="No consented channel on file: do not contact; ask the HCP to update consent "
            "at the next in-person encounter they initiate.",
        )
    topic = f"approved materials on {', '.join(products)}" if products else "approved materials"
    text = f"Follow up by {channel} with {topic}."
    if channel != preferred:
        text += f" (Preferred channel '{preferred}' has no consent; using '{channel}'.)"
    if off_label:
        text += " Off-label questions go to medical information, not to the rep."
    return FollowUp(channel=channel, consent_ok=True, text=text)


def _retrieve(
    services: Services, scope: AccessScope, focus: str, products: Sequence[str]
) -> list[tuple[Evidence, str, int]]:
    """Benefit evidence for the HCP's focus, then each product's safety information."""
    retriever = services.retriever
    ranked: list[tuple[Evidence, str, int]] = []
    benefit_filter = ContentFilter(section_kinds=BENEFIT_KINDS)
    for rank, e in enumerate(retriever.search(focus, scope, k=6, narrow=benefit_filter)):
        ranked.append((e, "benefit", 10 + rank))
    for product in products[:3]:
        narrow = ContentFilter(products=(product,), section_kinds=BENEFIT_KINDS)
        query = f"{product} indication efficacy {focus}"
        for rank, e in enumerate(retriever.search(query, scope, k=3, narrow=narrow)):
            ranked.append((e, "benefit", 10 + rank))
    promoted = list(dict.fromkeys(p for e, _, _ in ranked for p in e.chunk.products))
    for product in promoted:
        boxed = retriever.search(
            f"{product} WARNING boxed warning serious risks",
            scope,
            k=3,
            narrow=ContentFilter(products=(product,), section_kinds=BOXED),
        )
        if boxed:
            chunk = boxed[0].chunk
            opening = boxed_warning_opening(services, scope, chunk.doc_id, chunk.version)
            safety = _in_label_order([*([opening] if opening else []), *boxed])
        else:
            # No box: the label's warnings in its own order (5.1 first), one passage each,
            # rather than whichever the search ranked first.
            key = retriever.search(
                f"{product} warnings and precautions serious adverse reactions contraindications",
                scope,
                k=10,
                narrow=ContentFilter(products=(product,), section_kinds=KEY_SAFETY),
            )
            firsts: dict[str, Evidence] = {}
            for e in _in_label_order(key):
                firsts.setdefault(e.chunk.section, e)
            safety = list(firsts.values())[:4]
        ranked += [(e, "safety", 0) for e in safety]
    return ranked


def _in_label_order(evidence: Sequence[Evidence]) -> list[Evidence]:
    return sorted(evidence, key=lambda e: (e.chunk.doc_id, e.chunk.version, e.chunk.char_start))


def _product_of(sentence: Sentence, sources: dict[int, NumberedSource]) -> str:
    first = sentence.citations[0].source
    return (sources[first].evidence.chunk.products or ["(unspecified)"])[0]


def _group_points(
    sentences: Sequence[Sentence], sources: dict[int, NumberedSource]
) -> list[TalkingPoint]:
    points: dict[tuple[str, str], list[Sentence]] = {}
    for sentence in sentences:
        kind = sources[sentence.citations[0].source].evidence.chunk.section_kind
        key = (_product_of(sentence, sources), _TOPIC.get(kind, "Key information"))
        points.setdefault(key, []).append(sentence)
    return [TalkingPoint(product=p, topic=t, sentences=s) for (p, t), s in points.items()]


def _balance(
    shown_points: list[Sentence],
    safety: list[Sentence],
    packed: PackedSources,
    verifier: CitationVerifier,
) -> tuple[list[Sentence], list[SafetyBlock], list[Sentence]]:
    """Enforce fair balance per product; returns (points kept, safety blocks, withheld)."""
    sources = packed.by_number()
    blocks: dict[str, list[Sentence]] = {}
    for sentence in safety:
        if sentence.shown:
            blocks.setdefault(_product_of(sentence, sources), []).append(sentence)
    kept: list[Sentence] = []
    withheld: list[Sentence] = []
    for product in dict.fromkeys(_product_of(s, sources) for s in shown_points):
        if product not in blocks:
            # The provider left out this product's safety information: add it verbatim.
            # The first stated sentence of each safety passage, in label order.
            fallback = [
                DraftClaim(text=claims[0], sources=[s.n])
                for s in packed.sources
                if s.purpose == "safety" and product in s.evidence.chunk.products
                if (claims := stated_sentences(s.evidence.chunk.text))
            ]
            added = [s for s in verifier.verify(fallback, sources) if s.shown][:3]
            if added:
                blocks[product] = added
        own = [s for s in shown_points if _product_of(s, sources) == product]
        if product in blocks:
            kept += own
        else:
            withheld += [
                s.model_copy(
                    update={
                        "shown": False,
                        "reasons": [
                            *s.reasons,
                            "fair balance: no approved safety information for this product "
                            "could be retrieved, so its benefit claims are withheld",
                        ],
                    }
                )
                for s in own
            ]
    safety_blocks = [SafetyBlock(product=p, sentences=s) for p, s in blocks.items()]
    promoted = {_product_of(s, sources) for s in kept}
    return kept, [b for b in safety_blocks if b.product in promoted], withheld


def _filed_requests(services: Services, hcp_id: str) -> list[FiledRequest]:
    """Medical information requests filed from the app for this HCP, with their status."""
    responded = request_statuses(services.audit)
    return [
        FiledRequest(
            request_id=r.record_id,
            filed=r.created_at.date(),
            status="responded" if r.record_id in responded else "submitted",
        )
        for r in medical_information_requests(services.audit)
        if r.inputs.get("hcp_id") == hcp_id
    ]


def _not_a_result(sentence: Sentence, sources: dict[int, NumberedSource]) -> Sentence:
    """A drafted point quoting a clinical study must state a result: its design and its
    patients' demographics are not talking points (a hosted model may draft them)."""
    study = any(
        sources[c.source].evidence.chunk.section_kind is SectionKind.CLINICAL_STUDIES
        for c in sentence.citations
    )
    if not sentence.shown or not study:
        return sentence
    if is_result_sentence(sentence.text) or looks_like_table_statement(sentence.text):
        return sentence
    reason = "a clinical study's design or population is not a talking point; only its results"
    return sentence.model_copy(update={"shown": False, "reasons": [*sentence.reasons, reason]})


def _fitting_uses(
    points: list[Sentence], sources: dict[int, NumberedSource], focus: str
) -> list[Sentence]:
    """Of a product's indication points, those about uses this HCP's profile speaks of (a
    urologist's briefing leaves out the biliary tract indication); all of them when none is."""
    indication = [
        i
        for i, s in enumerate(points)
        if s.shown
        and s.citations
        and sources[s.citations[0].source].evidence.chunk.section_kind is SectionKind.INDICATIONS
    ]
    by_product: dict[str, list[int]] = {}
    for i in indication:
        by_product.setdefault(_product_of(points[i], sources), []).append(i)
    fitted = list(points)
    for product, positions in by_product.items():
        scores = fit_scores(
            focus, [topic_stems(points[i].text) for i in positions], besides=product
        )
        if max(scores, default=0) <= 0:
            continue
        for i, score in zip(positions, scores, strict=True):
            if score <= 0:
                reason = "an indication this HCP's profile does not speak of (not a talking point)"
                fitted[i] = points[i].model_copy(
                    update={"shown": False, "reasons": [*points[i].reasons, reason]}
                )
    return fitted


def _with_reasons(
    points: list[TalkingPoint],
    notes: Sequence[FieldNote],
    profile: HcpProfile,
    avoid: Sequence[str],
) -> list[TalkingPoint]:
    fitted = []
    for point in points:
        found = point_reason(
            product_names(point.product),
            point.topic,
            notes,
            profile.patient_mix,
            profile.hcp_id,
            avoid,
        )
        update = {"why": found[0], "why_source": found[1]} if found else {}
        fitted.append(point.model_copy(update=update))
    return fitted


def build_briefing(hcp_id: str, role: Role, services: Services, *, user: str = "cli") -> Briefing:
    started = time.perf_counter()
    scope = AccessScope(role=role, today=services.today(), market=services.settings.market)
    catalog = services.kb.catalog
    profile = catalog.get_hcp(hcp_id)
    if profile is None:
        raise UnknownHcpError(f"unknown HCP '{hcp_id}'; ingest the CRM export that lists it")
    # Every note of the HCP up to today: the history shows MSL ones to reps by date only.
    every_note = [n for n in catalog.notes_for_hcp(hcp_id) if n.date <= scope.today]
    notes = [n for n in every_note if n.author_role in scope.note_authors]
    # A note carrying an instruction to the model is shown flagged and used for nothing else.
    note_flags = {
        n.note_id: flags
        for n in notes
        if (flags := context_injection_flags([(f"note {n.note_id}", n.text)]))
    }
    usable = [n for n in notes if n.note_id not in note_flags]
    recent = notes[:5]
    context = [n for n in recent if n.note_id not in note_flags]
    labels: list[ProductLabel] = product_labels(catalog, scope.today, services.label_cache)
    off_label = [
        OffLabelTopic(topic=topic, note_id=note.note_id)
        for note in usable
        for topic in extract_off_label_topics(note.text, labels)
    ]
    products = catalog_products(catalog, scope.today)
    in_notes = mentioned_products(" ".join(n.text for n in context), products)
    focus = ". ".join(
        filter(None, [profile.specialty, profile.subspecialty, profile.patient_mix, *in_notes])
    )

    prompt_file = load_prompt("briefing", services.settings.prompt_versions.get("briefing"))
    history = since_last_call(
        every_note,
        catalog.inquiries_for_hcp(hcp_id),
        _filed_requests(services, hcp_id),
        role=role,
        today=scope.today,
        days=services.settings.briefing_history_days,
        flagged=frozenset(note_flags),
    )
    # Prompt v2 also asks for a written history (v1, still loadable, does not).
    writes_history = any(i.name == "records" for i in prompt_file.inputs)
    records = history_records(history) if writes_history else None
    with_records = {"records": records} if records is not None else {}
    base_prompt = render(
        prompt_file, hcp_profile="", focus=focus, sources=[], notes=[], **with_records
    )
    report_to_pv = _report_to_pv(recent, products, catalog.safety_flags())
    ranked = _retrieve(services, scope, focus, in_notes)
    promoted = (
        in_notes[:3]
        or list(
            dict.fromkeys(
                p for e, purpose, _ in ranked if purpose == "benefit" for p in e.chunk.products
            )
        )[:1]
    )
    # The studies closest to the HCP's profile; not to the notes, where an off-label question
    # ("as adjuvant therapy after ...?") would pick the trial to promote.
    quoted = [
        q for product in promoted for q in product_headlines(services, scope, product, focus=focus)
    ]

    # The warnings that speak to what this HCP's patients had (a reported QTc prolongation:
    # the QTc warning), kept with the safety information.
    reported = reported_warnings(services, scope, promoted, report_to_pv)
    ranked += [(e, "safety", 0) for e in reported.values()]
    # Headline results are quoted in code: their passages are numbered after the prompt's
    # sources for the verifier and the audit record, and never sent to a model.
    packed = pack_for_prompt(services, ranked, base_prompt).with_unprompted(
        [e for q in quoted for e in q.evidence], purpose="headline"
    )
    snapshot = _snapshot(profile)
    prompt = render(
        prompt_file,
        hcp_profile=snapshot.model_dump_json(exclude={"consent"}),
        focus=focus,
        sources=packed.prompt_view(),
        notes=[{"note_id": n.note_id, "date": str(n.date), "text": n.text} for n in context],
        **with_records,
    )
    inputs = {"hcp_id": hcp_id, "role": role.value, "focus": focus}
    with failures_recorded(
        services, workflow="brief", user=user, role=role, inputs=inputs, prompt=prompt
    ):
        draft: BriefingDraft = services.provider.draft_briefing(
            BriefingRequest(
                prompt=prompt,
                sources=[s for s in packed.sources if s.n not in packed.unprompted],
                focus=focus,
                products=in_notes,
            )
        )
    verifier = citation_verifier(services, scope, products)
    sources = packed.by_number()
    numbers = {s.evidence.chunk.chunk_id: s.n for s in packed.sources}
    # Headline results are quoted in code, whatever the provider: verified like any sentence.
    headlines = [
        verifier.verify_one(q.statement, [numbers[e.chunk.chunk_id] for e in q.evidence], sources)
        for q in quoted
        if all(e.chunk.chunk_id in numbers for e in q.evidence)
    ]
    quoted_texts = {" ".join(h.text.split()) for h in headlines}
    points = headlines + [
        _not_a_result(s, sources)
        for s in verifier.verify(draft.talking_points, sources)
        if " ".join(s.text.split()) not in quoted_texts  # a model repeating a quoted result
    ]
    points = _fitting_uses(points, sources, focus)
    safety = verifier.verify(draft.safety_points, sources)
    kept, safety_blocks, withheld = _balance(
        [s for s in points if s.shown], safety, packed, verifier
    )
    safety_blocks = completed_safety(safety_blocks, packed, verifier, reported)
    written, withheld_history = written_history(draft.history, records or [], services, products)
    history = history.model_copy(update={"summary": written})
    removed = [s for s in points + safety if not s.shown] + withheld + withheld_history
    by_id = {n.note_id: n for n in usable}
    # An off-label question is not the rep's to answer: it goes to 'do not discuss' (with the
    # medical information route), never to open items or the objective.
    items = []
    # Open means raised within the last year: an older item is history, not a to-do.
    recent_enough = scope.today - timedelta(days=365)
    for item in open_items(
        [n for n in context if n.date >= recent_enough], avoid=[f.evidence for f in report_to_pv]
    ):
        note = by_id.get(item.source.source_id)
        if item.kind != "question" or note is None:
            items.append(item)
        elif routed_to_medical(item.text, note, off_label=True) or extract_off_label_topics(
            item.text, labels
        ):
            if not any(t.note_id == note.note_id for t in off_label):  # its topic is there
                off_label.append(OffLabelTopic(topic=item.text, note_id=note.note_id))
        elif not routed_to_medical(item.text, note):  # one routed to medical is handled
            items.append(item)
    off_label = list({t.topic.lower(): t for t in off_label}.values())
    follow_up = _follow_up(profile, [b.product for b in safety_blocks], bool(off_label))
    access = access_notes(usable[:10])
    generation = GenerationInfo(
        provider=services.provider.name,
        model=services.provider.model,
        parameters=services.provider.parameters(),
        prompt_id=prompt.id,
        prompt_version=str(prompt.version),
        prompt_sha256=prompt.sha256,
        context_tokens=packed.tokens,
        dropped_context=packed.dropped,
        latency_ms=round((time.perf_counter() - started) * 1000, 1),
        usage=services.provider.usage(),
        today=scope.today,
    )
    # Notes and sources are data: an instruction planted in one is flagged (and never obeyed).
    input_flags = source_injection_flags(packed.sources) + [
        f for n in recent for f in note_flags.get(n.note_id, [])
    ]
    briefing = Briefing(
        role=role.value,
        hcp=snapshot,
        recent_interactions=[
            Interaction(
                note_id=n.note_id,
                date=n.date,
                author_role=n.author_role,
                text=n.text,
                flagged="; ".join(f.detail for f in note_flags[n.note_id])
                if n.note_id in note_flags
                else None,
            )
            for n in recent
        ],
        since_last_call=history,
        open_items=items,
        access_notes=access,
        compliance=compliance_notes(usable[:10]),
        objective=call_objective(
            context, items, access, follow_up, today=scope.today, consent=snapshot.consent
        ),
        talking_points=_with_reasons(
            _group_points(kept, sources), usable, profile, [f.evidence for f in report_to_pv]
        ),
        safety=safety_blocks,
        do_not_discuss=off_label,
        report_to_pv=report_to_pv,
        follow_up=follow_up,
        removed=removed,
        flags=input_flags,
        generation=generation,
    )
    audit_id = record_output(
        services,
        workflow="brief",
        user=user,
        role=role,
        inputs=inputs,
        generation=generation,
        sources=packed.sources,
        output_shown=briefing.model_dump(mode="json", exclude={"removed"}),
        output_generated=draft.model_dump(mode="json"),
        sentences=points + safety + withheld,
        flags=input_flags + [f for s in points + safety for f in s.flags],
    )
    return briefing.model_copy(update={"audit_id": audit_id})
