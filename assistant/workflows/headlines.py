"""Each promoted product's headline results, with the chunks that quote them.

Read from the approved, unexpired labels of the product (section 14), once per label version
(``Services.headline_cache``), and mapped to the indexed chunks that cover each result: one
chunk, or a run of overlapping ones when a table row sits chunks away from its caption. The
chunks are checked against the reader's scope each time, as retrieval would; the verifier then
checks every quoted result like any other sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from assistant.precall.fit import fit_scores, topic_stems
from assistant.precall.headlines import headline_results
from assistant.services import Services
from knowledge_base.access import AccessScope
from knowledge_base.models import SectionKind
from knowledge_base.retrieval import Evidence, chunk_from_metadata

__all__ = [
    "QuotedResult",
    "boxed_warning_opening",
    "product_headlines",
    "read_all_labels",
]

# A result is quoted from at most this many consecutive chunks (caption, rows between, row).
_MAX_RUN = 3
_PER_CAPTION = 2


@dataclass(frozen=True)
class CachedResult:
    statement: str
    chunk_ids: tuple[str, ...]
    study: str
    topic: frozenset[str]  # ``topic_stems`` of the result's subsection, heading and text
    rank: tuple[int, int, int]


@dataclass(frozen=True)
class QuotedResult:
    statement: str
    evidence: tuple[Evidence, ...]
    study: str


def _covering(chunks: Sequence[tuple[int, int, str]], start: int, end: int) -> tuple[str, ...]:
    """The shortest run of consecutive chunks (start, end, id; document order) covering
    ``start..end``; empty when none does. Consecutive chunks overlap, so the text's start may
    lie in two of them: the later one can make a shorter run, with no chunk the quote does
    not need (a citation the sentence does not need is an imprecise one)."""
    best: tuple[str, ...] = ()
    for first, (c_start, c_end, _) in enumerate(chunks):
        if not c_start <= start < c_end:
            continue
        run = [chunks[first]]
        while run[-1][1] < end and len(run) < _MAX_RUN:
            following = first + len(run)
            if following >= len(chunks):
                break
            run.append(chunks[following])
        if run[-1][1] >= end and (not best or len(run) <= len(best)):
            best = tuple(c[2] for c in run)
    return best


@dataclass(frozen=True)
class LabelReading:
    """What one label version gives a briefing, read once: its headline results with the
    chunk ids quoting them, and the id of the chunk opening its boxed warning (if any)."""

    results: list[CachedResult]
    boxed_opening: str | None


def _read_label(services: Services, doc_id: str, version: str) -> LabelReading:
    prefix = f"{doc_id}@{version}#"
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for chunk_id, meta in services.kb.index.chunk_metadata(doc_id):
        if chunk_id.startswith(prefix):
            spans.setdefault(str(meta.get("section_kind")), []).append(
                (int(meta["char_start"]), int(meta["char_end"]), chunk_id)
            )
    studies = sorted(spans.get(SectionKind.CLINICAL_STUDIES.value, []))
    boxed = sorted(spans.get(SectionKind.BOXED_WARNING.value, []))
    found: list[CachedResult] = []
    parsed = services.kb.catalog.parsed_version(doc_id, version)
    for section in parsed.sections if parsed else ():
        if section.kind is not SectionKind.CLINICAL_STUDIES:
            continue
        text = parsed.text[section.start : section.end]
        topic = topic_stems(f"{section.title} {text}")
        for result in headline_results(text):
            ids = _covering(studies, section.start + result.start, section.start + result.end)
            if ids:
                found.append(CachedResult(result.statement, ids, result.study, topic, result.rank))
    return LabelReading(
        results=sorted(found, key=lambda r: r.rank), boxed_opening=boxed[0][2] if boxed else None
    )


def _reading(services: Services, doc_id: str, version: str) -> LabelReading:
    """The label version's reading, from the services' cache (a version's text never
    changes; its chunks are checked against the reader's scope each time they are quoted)."""
    key = (doc_id, version)
    if key not in services.headline_cache:
        services.headline_cache[key] = _read_label(services, doc_id, version)
    return services.headline_cache[key]


def product_headlines(
    services: Services, scope: AccessScope, product: str, *, focus: str = "", limit: int = 3
) -> list[QuotedResult]:
    """Up to ``limit`` headline results of ``product``'s labels the scope may see, at most two
    from one table: those of the studies closest to ``focus`` (the HCP's specialty, patients
    and interests: a urologist's briefing quotes the urothelial trials), primary endpoints
    first."""
    cached: list[CachedResult] = []
    for entry in services.kb.catalog.list_documents():
        meta = entry.metadata
        if (
            meta.document_type != "label"
            or product not in meta.products
            or not meta.is_groundable(scope.today)
        ):
            continue
        cached += _reading(services, meta.doc_id, meta.version).results
    chosen: list[CachedResult] = []
    per_study: dict[str, int] = {}
    # Which study fits: the words of its subsection ("BCG-unresponsive NMIBC" is in the
    # urothelial subsection's text, not its heading).
    scores = fit_scores(focus, [r.topic for r in cached], besides=product)
    fit = {r.statement: score for r, score in zip(cached, scores, strict=True)}
    for result in sorted(cached, key=lambda r: (-fit[r.statement], r.rank)):
        if per_study.get(result.study, 0) >= _PER_CAPTION:
            continue
        per_study[result.study] = per_study.get(result.study, 0) + 1
        chosen.append(result)
        if len(chosen) == limit:
            break
    if not chosen:
        return []
    records = {
        r.id: r
        for r in services.kb.index.get_content(sorted({i for c in chosen for i in c.chunk_ids}))
    }
    quoted: list[QuotedResult] = []
    for result in chosen:
        run = [records.get(i) for i in result.chunk_ids]
        # Read now, not cached: a chunk withdrawn or expired since is not quoted.
        if any(r is None or not scope.allows(r.metadata) for r in run):
            continue
        evidence = tuple(
            Evidence(chunk=chunk_from_metadata(r.id, r.text, r.metadata), score=1.0)
            for r in run
            if r is not None
        )
        quoted.append(QuotedResult(result.statement, evidence, result.study))
    return quoted


def boxed_warning_opening(
    services: Services, scope: AccessScope, doc_id: str, version: str
) -> Evidence | None:
    """The chunk that opens the label's boxed warning (its title names every risk in the
    box), or None; which chunk is read once per label version."""
    opening = _reading(services, doc_id, version).boxed_opening
    records = services.kb.index.get_content([opening]) if opening else []
    # Read now, not cached: a chunk withdrawn or expired since is not quoted.
    return next(
        (
            Evidence(chunk=chunk_from_metadata(r.id, r.text, r.metadata), score=1.0)
            for r in records
            if scope.allows(r.metadata)
        ),
        None,
    )


def read_all_labels(services: Services, today: date) -> int:
    """Read every approved, unexpired label version's results and boxed-warning opening into
    the services' cache ahead of the first briefing that needs them (the app does it once, in
    the background, when it opens the library); returns how many versions were read."""
    read = 0
    for entry in services.kb.catalog.list_documents():
        meta = entry.metadata
        if meta.document_type == "label" and meta.is_groundable(today):
            read += (meta.doc_id, meta.version) not in services.headline_cache
            _reading(services, meta.doc_id, meta.version)
    return read
