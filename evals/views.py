"""From a workflow's output to what the checks and metrics read: the view, the cited passages
and the citation validity rule.

Passages are read from the content library (the stored text of the cited version, sliced at
the citation's offsets), so they stay readable in a stored run after a document is withdrawn.
Validity is judged by the eval's own rule, not by the retriever's ``AccessScope``: an eval that
reused the access code under test could not notice that code being broken.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from assistant.outputs import Briefing, ChatAnswer, Citation, InquirySummary, Sentence
from evals.checks import OutputView
from evals.models import Passage
from knowledge_base.catalog import Catalog
from knowledge_base.models import Audience, ParsedDocument, Role

__all__ = ["PassageLibrary", "ValidityRule", "view_of"]

# The commercial-medical firewall as the domain states it (docs: domain.md), written out here
# on purpose rather than imported from knowledge_base.access.
_VISIBLE: dict[Role, frozenset[str]] = {
    Role.REP: frozenset({Audience.COMMERCIAL.value}),
    Role.MSL: frozenset({Audience.COMMERCIAL.value, Audience.MEDICAL.value}),
    Role.MLR: frozenset({Audience.COMMERCIAL.value, Audience.MEDICAL.value}),
    Role.ADMIN: frozenset({Audience.COMMERCIAL.value, Audience.MEDICAL.value}),
}


@dataclass
class PassageLibrary:
    """Cited passages, read once per run from the catalog's stored versions."""

    catalog: Catalog
    _parsed: dict[tuple[str, str], ParsedDocument | None] = field(default_factory=dict)

    def _document(self, doc_id: str, version: str) -> ParsedDocument | None:
        key = (doc_id, version)
        if key not in self._parsed:
            self._parsed[key] = self.catalog.parsed_version(doc_id, version)
        return self._parsed[key]

    def passage(self, c: Citation) -> Passage:
        parsed = self._document(c.doc_id, c.version)
        entry = self.catalog.get_document(c.doc_id)
        kind = ""
        text = ""
        if parsed is not None:
            text = parsed.text[c.char_start : c.char_end]
            kind = next(
                (s.kind.value for s in parsed.sections if s.start <= c.char_start < s.end), ""
            )
        return Passage(
            chunk_id=c.chunk_id,
            doc_id=c.doc_id,
            version=c.version,
            approval_code=c.approval_code,
            title=c.title,
            section=c.section,
            text=text,
            section_kind=kind,
            audience=entry.metadata.audience.value if entry else "",
            indications=list(entry.metadata.indications) if entry else [],
        )

    def passages(self, sentences: Iterable[Sentence]) -> dict[str, Passage]:
        cited = {c.chunk_id: c for s in sentences for c in s.citations}
        return {chunk_id: self.passage(c) for chunk_id, c in cited.items()}


@dataclass(frozen=True)
class ValidityRule:
    """A citation is valid when its chunk was retrieved for this output (the audit record's
    ``retrieved``) and its document version is still approved, unexpired, of the reader's
    market and visible to the reader's role."""

    catalog: Catalog
    today: date
    market: str | None
    role: Role
    retrieved: frozenset[str]

    def problems(self, c: Citation) -> list[str]:
        found = []
        if c.chunk_id not in self.retrieved:
            found.append("not retrieved for this output")
        entry = self.catalog.get_document(c.doc_id)
        if entry is None:
            return [*found, "unknown document"]
        meta = entry.metadata
        if meta.version != c.version:
            found.append(f"version {c.version} is no longer current (now {meta.version})")
        if not meta.is_groundable(self.today):
            found.append(f"status {meta.status.value}, expires {meta.expires_on}")
        if meta.audience.value not in _VISIBLE[self.role]:
            found.append(f"{meta.audience.value} content cited to a {self.role.value}")
        if self.market is not None and meta.market not in (self.market, "GLOBAL"):
            found.append(f"market {meta.market}")
        return found

    def __call__(self, c: Citation) -> bool:
        return not self.problems(c)


def _briefing(b: Briefing) -> OutputView:
    shown_sentences = [s for p in b.talking_points for s in p.sentences] + [
        s for block in b.safety for s in block.sentences
    ]
    sentences = shown_sentences + b.removed  # removed: withheld by the verifier or fair balance
    context = [i.text for i in b.recent_interactions] + [i.text for i in b.open_items]
    context += [t.topic for t in b.do_not_discuss] + [b.follow_up.text]
    generated = [s.text for s in shown_sentences]
    return OutputView(
        refused=None,
        reason=None,
        sentences=sentences,
        generated=generated,
        shown=generated + context,
        flags=[*b.flags, *(f for s in sentences for f in s.flags)],
        safety_products=[block.product for block in b.safety if block.sentences],
        safety_flags={(f.source_id, f.kind) for f in b.report_to_pv},
    )


def _answer(a: ChatAnswer) -> OutputView:
    generated = [s.text for s in a.sentences] + ([a.message] if a.message else [])
    return OutputView(
        refused=a.refused,
        reason=a.reason,
        sentences=[*a.sentences, *a.removed],
        generated=generated,
        shown=generated,
        flags=list(a.flags),
    )


def _summary(s: InquirySummary) -> OutputView:
    # A theme's response holds only shown sentences; what was withheld is in the audit record.
    sentences = [x for t in s.themes for x in t.response]
    generated = [x.text for x in sentences]
    context = [t.label for t in s.themes] + [u.question for u in s.urgent]
    context += [f.evidence for f in s.safety_flags]
    return OutputView(
        refused=None,
        reason=None,
        sentences=sentences,
        generated=generated,
        shown=generated + context,
        safety_flags={(f.source_id, f.kind) for f in s.safety_flags},
    )


def view_of(output: Briefing | ChatAnswer | InquirySummary) -> OutputView:
    if isinstance(output, Briefing):
        return _briefing(output)
    if isinstance(output, ChatAnswer):
        return _answer(output)
    return _summary(output)
