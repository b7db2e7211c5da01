"""The MSL inquiry backlog summary: themes by meaning with trend and the approved response that
answers each, urgent items, and every possible adverse event or product complaint.

Themes are answered like a chat question from an MSL (same prompt, provider and verifier); a
theme no approved source answers is a content gap for MLR. One audit record per summary.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import TypeVar

import numpy as np

from assistant.grounding.verifier import CitationVerifier
from assistant.inquiries.themes import (
    Cluster,
    assign,
    cluster,
    duplicate_groups,
    readable_question,
    shared_aspect,
    theme_phrase,
)
from assistant.outputs import (
    GenerationInfo,
    InputProblem,
    InquirySummary,
    InquiryTheme,
    SafetyFlag,
    Sentence,
    UrgentItem,
)
from assistant.pharmacovigilance.flags import from_screened, in_stored_text, joined
from assistant.pharmacovigilance.screening import screen_texts
from assistant.providers.base import AnswerRequest, NumberedSource
from assistant.services import Services
from assistant.workflows.labels import (
    catalog_products,
    citation_verifier,
    known_products,
    mentioned_products,
)
from assistant.workflows.recording import record_output
from assistant.workflows.sources import pack_for_prompt
from knowledge_base.access import AccessScope, ContentFilter
from knowledge_base.inquiry_intake import read_inquiries
from knowledge_base.models import Inquiry, Role
from knowledge_base.question_aspects import Aspect
from knowledge_base.redaction import redact_many
from knowledge_base.screening import RawRecord, ScreenedFlag, screen_rows
from prompts.loader import load_prompt, render

__all__ = ["SummaryConfig", "backlog_summary", "summarize_inquiries"]

_OPEN = frozenset({"open", "in_progress", "new", "pending"})
_URGENT = frozenset({"urgent", "high"})

_Item = TypeVar("_Item", bound=Hashable)
_Result = TypeVar("_Result")


def _once_each(
    function: Callable[[list[_Item]], Sequence[_Result]], items: Sequence[_Item]
) -> list[_Result]:
    """``function`` (a batch of items in, one result per item out, each result depending on its
    item alone) over the distinct items only, its results given back in the order of ``items``.
    A backlog repeats its questions and its channel, status and priority cells: each distinct
    text is screened and embedded once, not once per row (``redact_many`` does the same)."""
    distinct = list(dict.fromkeys(items))
    results = dict(zip(distinct, function(distinct), strict=True))
    return [results[item] for item in items]


@dataclass(frozen=True)
class SummaryConfig:
    period_days: int = 90
    theme_similarity: float = 0.62  # MiniLM cosine to a theme's centroid to join it
    duplicate_similarity: float = 0.90  # same HCP, same question
    examples_per_theme: int = 3
    questions_tried: int = 3  # central questions asked before a theme is called a content gap


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _load(
    services: Services, path: Path | None, products: Sequence[str], name: str
) -> tuple[list[Inquiry], list[InputProblem], list[ScreenedFlag]]:
    """The inquiries, the rows not loaded, and the flags of screening every row as read.

    The ingested library was screened by ingest (stored flags); a file is screened here, every
    row of it, raw and before validation, so a rejected row still reaches pharmacovigilance."""
    stored = services.kb.catalog.safety_flags()
    if path is None:
        return services.kb.catalog.list_inquiries(), [], stored
    intake = read_inquiries(path)
    problems = [
        InputProblem(source=name, row=p.row, column=p.column, message=p.message)
        for p in (*intake.problems, *intake.warnings)
    ]
    names = sorted(known_products(products))
    row_problems: dict[int, list[str]] = {}
    for problem in intake.problems:
        row_problems.setdefault(problem.row, []).append(problem.message)
    screened = [f for f in stored if f.source_type == "note"]
    screened += screen_rows(
        lambda texts: _once_each(lambda distinct: screen_texts(distinct, names), texts),
        source_type="inquiry",
        source_file=name,
        records=[
            RawRecord(
                row=row.number,
                values={k: v for k, v in row.values.items() if not isinstance(v, dict | list)},
                # the intake's problems hold the reader's own for the row (a cell under no header)
                problems=row_problems.get(row.number, []),
            )
            for row in intake.rows
        ],
    )
    # Exports are PHI-bearing: redact before anything is embedded, stored or shown.
    redacted = redact_many([q.question for q in intake.inquiries])
    inquiries = [
        q.model_copy(update={"question": r.text})
        for q, r in zip(intake.inquiries, redacted, strict=True)
    ]
    return inquiries, problems, screened


def _embed(services: Services, *periods: Sequence[Inquiry]) -> list[np.ndarray]:
    """The unit vectors of each period's inquiries; each distinct text embedded once, all
    periods in one embedder call."""
    texts = [f"{q.product}: {q.question}" for inquiries in periods for q in inquiries]
    if not texts:
        return [np.zeros((0, 1), dtype=np.float32) for _ in periods]
    matrix = np.asarray(_once_each(services.kb.embedder.embed_documents, texts), dtype=np.float32)
    matrix /= np.clip(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12, None)
    bounds = np.cumsum([0, *(len(inquiries) for inquiries in periods)])
    return [matrix[a:b] for a, b in pairwise(bounds)]


def _without_products(text: str, products: Sequence[str]) -> str:
    """The label already names the product; its words would crowd out the topic's."""
    for product in products:
        for name in re.split(r"[\s()]+", product):
            if len(name) > 2:
                text = re.sub(rf"\b{re.escape(name)}\b", " ", text, flags=re.IGNORECASE)
    return text


def _answers(sentences: Sequence[Sentence], aspect: Aspect | None) -> bool:
    """A response that answers the theme: some sentence shown, and when most of the theme asks
    about one aspect, a shown sentence that states it (a temperature for storage)."""
    shown = [s.text for s in sentences if s.shown]
    if not shown:
        return False
    return aspect is None or any(aspect.answered_by.search(text) for text in shown)


def _trend(count: int, previous: int) -> str:
    if previous == 0:
        return "new"
    if count >= previous * 1.25:
        return "up"
    if count <= previous * 0.75:
        return "down"
    return "flat"


def _answer_theme(
    services: Services,
    scope: AccessScope,
    question: str,
    products: Sequence[str],
    verifier: CitationVerifier,
) -> tuple[list[Sentence], list[NumberedSource]]:
    """The approved response to a theme's central question, verified like a chat answer."""
    narrow = ContentFilter(products=tuple(products)) if products else None
    evidence = services.retriever.search(question, scope, k=5, narrow=narrow)
    if not evidence:
        return [], []
    prompt_file = load_prompt("chat", services.settings.prompt_versions.get("chat"))
    empty = render(prompt_file, question=question, history=[], sources=[], role="msl")
    packed = pack_for_prompt(
        services, [(e, "answer", rank) for rank, e in enumerate(evidence)], empty
    )
    prompt = render(
        prompt_file, question=question, history=[], sources=packed.prompt_view(), role="msl"
    )
    draft = services.provider.draft_answer(
        AnswerRequest(prompt=prompt, sources=packed.sources, question=question)
    )
    if draft.refuse:
        return [], packed.sources
    return verifier.verify(draft.sentences, packed.by_number()), packed.sources


def backlog_summary(
    services: Services,
    *,
    since: datetime | None = None,
    product: str | None = None,
    role: Role = Role.MSL,
    user: str = "cli",
) -> InquirySummary:
    """The summary of the ingested inquiries, computed once per period, product, role, day and
    catalog revision, and shared: a second MSL (or the same one signing in again) reads the one
    already computed, with the audit record of whoever caused it. Any change to the catalog
    (an ingest, a withdrawal, new inquiries or flags) makes the next request compute afresh."""
    wanted = (product or "").strip().casefold() or None
    key = (role, wanted, since, services.today(), services.kb.catalog.revision())
    return services.backlog_summaries.get(
        key,
        lambda: summarize_inquiries(services, since=since, product=product, role=role, user=user),
    )


def summarize_inquiries(
    services: Services,
    *,
    path: Path | None = None,
    since: datetime | None = None,
    product: str | None = None,
    role: Role = Role.MSL,
    user: str = "cli",
    config: SummaryConfig | None = None,
    source_name: str | None = None,
) -> InquirySummary:
    """The backlog summary of the ingested inquiries, or of the export at ``path`` (named
    ``source_name`` to the user, e.g. the uploaded file's name; default: the path)."""
    started = time.perf_counter()
    config = config or SummaryConfig()
    scope = AccessScope(role=role, today=services.today(), market=services.settings.market)
    catalog = services.kb.catalog
    library_products = catalog_products(catalog, scope.today)
    # A problem names the file as its user knows it, never where the server put it.
    name = source_name or str(path)
    inquiries, problems, screened = _load(services, path, library_products, name)
    if product:
        inquiries = [q for q in inquiries if _same_product(product, q.product)]
    end = max((_as_utc(q.received_at) for q in inquiries), default=services.clock())
    start = _as_utc(since) if since else end - timedelta(days=config.period_days)
    previous_start = start - (end - start)
    current = sorted(
        (q for q in inquiries if start <= _as_utc(q.received_at) <= end),
        key=lambda q: (q.received_at, q.inquiry_id),
    )
    previous = [q for q in inquiries if previous_start <= _as_utc(q.received_at) < start]

    vectors, previous_vectors = _embed(services, current, previous)
    groups = duplicate_groups([q.hcp_id for q in current], vectors, config.duplicate_similarity)
    repeat = {i for group in groups for i in group[1:]}
    unique = [i for i in range(len(current)) if i not in repeat]
    clusters: list[Cluster] = cluster(vectors[unique], config.theme_similarity) if unique else []
    previous_theme = assign(previous_vectors, clusters, config.theme_similarity)
    previous_counts = Counter(t for t in previous_theme if t is not None)

    verifier = citation_verifier(services, scope, library_products)
    hcps = {h: catalog.get_hcp(h) for h in dict.fromkeys(q.hcp_id for q in current)}
    themes: list[InquiryTheme] = []
    all_sentences: list[Sentence] = []
    all_sources: list[NumberedSource] = []
    # A theme's central questions are often one question asked by several HCPs: it is answered
    # (retrieved, drafted, verified) once, and each attempt still goes in the record.
    answers: dict[tuple[str, tuple[str, ...]], tuple[list[Sentence], list[NumberedSource]]] = {}
    for number, theme in enumerate(clusters):
        members = [current[unique[i]] for i in theme.members]
        # The most central questions first: a theme is answered if any of them is.
        central = sorted(theme.members, key=lambda i: -float(vectors[unique[i]] @ theme.centroid))[
            : config.questions_tried
        ]
        products = [p for p, _ in Counter(q.product for q in members).most_common()]
        library = [m for p in products for m in mentioned_products(p, library_products)]
        questions = [_without_products(q.question, products) for q in members]
        # What most of the theme asks about ("storage"): a response must state it, else the
        # theme is a content gap, however close the words of the retrieved sentences.
        aspect = shared_aspect(questions)
        sentences: list[Sentence] = []
        for i in central:
            asked = (current[unique[i]].question, tuple(library))
            if asked not in answers:
                answers[asked] = _answer_theme(services, scope, asked[0], library, verifier)
            sentences, sources = answers[asked]
            all_sources += sources
            all_sentences += sentences  # every attempt is part of the record
            if _answers(sentences, aspect):
                break
        shown = [s for s in sentences if s.shown] if _answers(sentences, aspect) else []
        member_ids = {q.inquiry_id for q in members}
        specialties = Counter(hcp.specialty for q in members if (hcp := hcps[q.hcp_id]) is not None)
        themes.append(
            InquiryTheme(
                theme_id=f"T{number + 1:02d}",
                label=f"{products[0]} — "
                + theme_phrase(questions, current[unique[central[0]]].question),
                products=products,
                count=len(members),
                previous_count=previous_counts.get(number, 0),
                trend=_trend(len(members), previous_counts.get(number, 0)),
                example_ids=[q.inquiry_id for q in members[: config.examples_per_theme]],
                example_questions=[
                    readable_question(current[unique[i]].question)
                    for i in central[: config.examples_per_theme]
                ],
                specialties=[s for s, _ in specialties.most_common(3)],
                duplicates=[
                    [current[i].inquiry_id for i in group]
                    for group in groups
                    if current[group[0]].inquiry_id in member_ids
                ],
                response=shown,
                content_gap=not shown,
            )
        )
    themes.sort(key=lambda t: (-t.count, t.theme_id))

    flags = _safety_flags(services, current, start, end, library_products, screened, product)
    flagged = {f.source_id for f in flags if f.source_type == "inquiry"}
    urgent = [
        UrgentItem(
            inquiry_id=q.inquiry_id,
            hcp_id=q.hcp_id,
            received_at=q.received_at,
            priority=q.priority,
            status=q.status,
            product=q.product,
            question=q.question,
            why=[
                *([f"priority {q.priority}"] if q.priority.lower() in _URGENT else []),
                *(
                    ["possible AE/PC: report to pharmacovigilance"]
                    if q.inquiry_id in flagged
                    else []
                ),
            ],
        )
        for q in current
        if q.status.lower() in _OPEN and (q.priority.lower() in _URGENT or q.inquiry_id in flagged)
    ]
    prompt = load_prompt("chat", services.settings.prompt_versions.get("chat"))
    generation = GenerationInfo(
        provider=services.provider.name,
        model=services.provider.model,
        parameters=services.provider.parameters(),
        prompt_id=prompt.id,
        prompt_version=str(prompt.version),
        prompt_sha256=prompt.sha256,
        latency_ms=round((time.perf_counter() - started) * 1000, 1),
        today=scope.today,
    )
    summary = InquirySummary(
        period_start=start,
        period_end=end,
        previous_start=previous_start,
        product=product,
        total=len(current),
        unique=len(unique),
        themes=themes,
        urgent=urgent,
        safety_flags=flags,
        content_gaps=[t.label for t in themes if t.content_gap],
        rejected_rows=problems,
        source_file=name if path is not None else None,
        generation=generation,
    )
    audit_id = record_output(
        services,
        workflow="inquiries",
        user=user,
        role=role,
        inputs={"path": str(path) if path else None, "since": str(since), "product": product},
        generation=generation,
        sources=all_sources,
        output_shown=summary.model_dump(mode="json"),
        output_generated=None,
        sentences=all_sentences,
        flags=[],
    )
    return summary.model_copy(update={"audit_id": audit_id})


def _in_summary(flag: ScreenedFlag, product: str | None, note_texts: dict[str, str]) -> bool:
    """A screened flag belongs to this summary unless, when a product is asked, it is about
    another one: the flag's product, or for a note that names none the note's text (a row that
    names none and cannot be read stays). Its date does not matter: a possible AE is owed to PV
    within a day, so an undecided one from before the period is overdue, never out of the window
    (the queue shows it as such; decided ones sort last); the period bounds counts and themes."""
    if not product:
        return True
    text = note_texts.get(flag.source_id) if flag.source_type == "note" else None
    return _about(product, flag.product, text)


def _same_product(wanted: str, named: str) -> bool:
    wanted, named = wanted.casefold(), named.casefold()
    return wanted in named or named in wanted


def _about(product: str, named: str | None, text: str | None) -> bool:
    """Whether a flag is about ``product``: the product it names, or else whether its record's
    ``text`` names it (no text to read: kept, never hidden)."""
    if named:
        return _same_product(product, named)
    return text is None or product.casefold() in text.casefold()


def _safety_flags(
    services: Services,
    inquiries: Sequence[Inquiry],
    start: datetime,
    end: datetime,
    products: Sequence[str],
    screened: Sequence[ScreenedFlag],
    product: str | None,
) -> list[SafetyFlag]:
    """Every possible AE/PC in the period's inquiries and notes: missing one is the costly error.

    The flags of screening the raw rows (before redaction and validation) and of the stored,
    redacted text are joined: either may see what the other cannot."""
    names = sorted(known_products(products))
    catalog = services.kb.catalog
    note_texts: dict[str, str] = {}
    if product:  # a note names its product only in its text
        unnamed = [f.source_id for f in screened if f.source_type == "note" and not f.product]
        note_texts = {n.note_id: n.text for n in catalog.notes(unnamed)}
    flags = [from_screened(f) for f in screened if _in_summary(f, product, note_texts)]
    # The rules read each distinct (question, product) once; a repeat gets the same flags with
    # its own id, date and HCP (all that ``in_stored_text`` takes from the inquiry but those).
    found: dict[tuple[str, str], list[SafetyFlag]] = {}
    for q in inquiries:
        key = (q.question, q.product)
        if key not in found:
            found[key] = in_stored_text(
                q.question,
                names,
                source_type="inquiry",
                source_id=q.inquiry_id,
                received_at=q.received_at,
                hcp_id=q.hcp_id,
                product=q.product,
            )
            flags += found[key]
        else:
            update = {"source_id": q.inquiry_id, "received_at": q.received_at, "hcp_id": q.hcp_id}
            flags += [flag.model_copy(update=update) for flag in found[key]]
    for hcp in catalog.list_hcps():
        for note in catalog.notes_for_hcp(hcp.hcp_id):
            noted = datetime(note.date.year, note.date.month, note.date.day, tzinfo=UTC)
            if not start - timedelta(days=1) <= noted <= end:
                continue
            in_note = in_stored_text(
                note.text,
                names,
                source_type="note",
                source_id=note.note_id,
                received_at=noted,
                hcp_id=note.hcp_id,
            )
            flags += [f for f in in_note if not product or _about(product, f.product, note.text)]
    return joined(flags)
