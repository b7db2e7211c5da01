"""The citation verifier: every generated sentence is checked before anyone sees it.

A sentence is shown only when (1) it cites at least one source, (2) every cited source is a
chunk retrieved for this output that is still approved, unexpired and visible to the reader,
(3) the cited text supports it (``SupportVerifier``: overlap, similarity, numbers, negations),
and (4) no guardrail fired. Everything else is kept, with its verdict and reasons, for the
audit record, and removed from what is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from assistant.grounding.guardrails import injection_flags, sentence_flags
from assistant.grounding.sentences import split_sentences
from assistant.grounding.spans import joined_passages
from assistant.grounding.support import SupportVerifier
from assistant.grounding.tables import looks_like_table_statement
from assistant.outputs import Citation, Sentence, Verdict
from assistant.providers.base import DraftClaim, NumberedSource
from knowledge_base.access import AccessScope
from knowledge_base.catalog import Catalog
from knowledge_base.models import Chunk

__all__ = ["CitationVerifier", "catalog_citable"]

# Inline markers a model may write despite the JSON sources field: "[1]", "[1, 3]", "[2][4]".
_INLINE = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")


def catalog_citable(catalog: Catalog, scope: AccessScope) -> Callable[[Chunk], bool]:
    """Re-check a chunk against the content library at verification time, not retrieval time:
    a document withdrawn while the model was writing must not be cited."""
    cache: dict[tuple[str, str], bool] = {}

    def citable(chunk: Chunk) -> bool:
        key = (chunk.doc_id, chunk.version)
        if key not in cache:
            entry = catalog.get_document(chunk.doc_id)
            meta = entry.metadata if entry else None
            cache[key] = bool(
                meta is not None
                and meta.version == chunk.version
                and meta.is_groundable(scope.today)
                and meta.audience in scope.audiences
                and (scope.market is None or meta.market in (scope.market, "GLOBAL"))
            )
        return cache[key]

    return citable


@dataclass(frozen=True)
class _Claim:
    text: str
    sources: tuple[int, ...]


def _claims(drafts: Sequence[DraftClaim], numbers: Collection[int]) -> list[_Claim]:
    """One claim per sentence; inline markers become citations and leave the text.

    Only a marker whose every number is a source of this output is a citation: labels write
    "the median [Q1, Q3] was 26 [15, 46] mg/dL", and those brackets are part of the claim."""

    def marker(match: re.Match[str]) -> list[int] | None:
        cited = [int(n) for n in match.group(1).split(",")]
        return cited if all(n in numbers for n in cited) else None

    claims: list[_Claim] = []
    for draft in drafts:
        # A stated table row is one claim even where a cell holds a full stop ("... | 5 mg
        # once daily. On dialysis days, administer the dose following dialysis."): cut there,
        # its pieces would be rows without a caption, shown as nonsense.
        whole = looks_like_table_statement(draft.text)
        for sentence in [draft.text] if whole else split_sentences(draft.text):
            markers = [m for m in _INLINE.finditer(sentence) if marker(m) is not None]
            inline = [n for m in markers for n in marker(m) or []]
            text = sentence
            for m in reversed(markers):
                text = text[: m.start()] + text[m.end() :]
            text = text.strip()
            # a bare section reference a run-on Highlights text leaves ("(2.5).") says nothing
            if any(c.isalpha() for c in text):
                claims.append(_Claim(text, tuple(dict.fromkeys([*draft.sources, *inline]))))
    return claims


class CitationVerifier:
    def __init__(
        self,
        support: SupportVerifier,
        *,
        is_citable: Callable[[Chunk], bool],
        known_products: Collection[str],
    ) -> None:
        self._support = support
        self._is_citable = is_citable
        self._known_products = known_products

    def _citation(self, n: int, source: NumberedSource, verdict: Verdict, score: float) -> Citation:
        c = source.evidence.chunk
        return Citation(
            source=n,
            doc_id=c.doc_id,
            version=c.version,
            approval_code=c.approval_code,
            title=c.title,
            section=c.section,
            chunk_id=c.chunk_id,
            char_start=c.char_start,
            char_end=c.char_end,
            verdict=verdict,
            support_score=round(score, 4),
        )

    def verify_one(
        self, claim_text: str, cited: Sequence[int], sources: Mapping[int, NumberedSource]
    ) -> Sentence:
        reasons: list[str] = []
        if not cited:
            return Sentence(
                text=claim_text, verdict=Verdict.UNCITED, reasons=["no citation"], shown=False
            )
        invalid = False
        usable: list[tuple[int, NumberedSource]] = []
        for n in cited:
            source = sources.get(n)
            if source is None:
                reasons.append(f"cites source [{n}], which was not retrieved for this output")
                invalid = True
            elif not self._is_citable(source.evidence.chunk):
                reasons.append(
                    f"source [{n}] ({source.evidence.chunk.doc_id}) is no longer approved, "
                    "unexpired and visible to this role"
                )
                invalid = True
            else:
                usable.append((n, source))
        citations: list[Citation] = []
        singles = []
        for n, source in usable:
            single = self._support.check(
                claim_text, [source.evidence.chunk.text], subject=source.evidence.chunk.products
            )
            singles.append(single)
            verdict = Verdict.SUPPORTED if single.supported else Verdict.UNSUPPORTED
            citations.append(self._citation(n, source, verdict, single.score))
        # Overlapping chunks of one document read as the span they cover: a table row is
        # checked with its caption and header from the chunk before.
        combined_text = joined_passages([s.evidence.chunk for _, s in usable])
        flags = sentence_flags(
            claim_text,
            cited_text="\n".join(combined_text),
            source_products={p for _, s in usable for p in s.evidence.chunk.products},
            known_products=self._known_products,
        ) + injection_flags(claim_text)  # an instruction planted in a source is never shown
        if invalid:
            verdict = Verdict.INVALID_CITATION
        else:
            subject = [p for _, s in usable for p in s.evidence.chunk.products]
            # One source: the combined check is the single one, already made.
            check = (
                singles[0]
                if len(usable) == 1
                else self._support.check(claim_text, combined_text, subject=subject)
            )
            reasons.extend(check.reasons)
            verdict = Verdict.SUPPORTED if check.supported else Verdict.UNSUPPORTED
        reasons.extend(f"guardrail {f.kind}: {f.detail}" for f in flags)
        return Sentence(
            text=claim_text,
            citations=citations,
            verdict=verdict,
            reasons=reasons,
            flags=flags,
            shown=verdict is Verdict.SUPPORTED and not flags,
        )

    def verify(
        self, drafts: Sequence[DraftClaim], sources: Mapping[int, NumberedSource]
    ) -> list[Sentence]:
        claims = _claims(drafts, sources.keys())
        return [self.verify_one(c.text, c.sources, sources) for c in claims]
