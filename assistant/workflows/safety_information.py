"""A briefing's important safety information, completed in code whatever the provider drafted:
the boxed warning's title first (every risk the box names, in the label's words), the warning
that speaks to an adverse event this HCP reported, and never a line that plays a risk down.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.grounding.sentences import reads_alone, split_sentences
from assistant.grounding.verifier import CitationVerifier
from assistant.outputs import SafetyBlock, SafetyFlag
from assistant.providers.base import DraftClaim
from assistant.services import Services
from assistant.workflows.labels import mentioned_products
from assistant.workflows.sources import PackedSources
from knowledge_base.access import AccessScope, ContentFilter
from knowledge_base.models import SectionKind
from knowledge_base.retrieval import Evidence

__all__ = ["completed_safety", "reported_warnings", "stated_sentences"]

_REASSURANCE = re.compile(
    r"\bno patients? (?:experienced|had|developed|required)\b|\bwere not observed\b|"
    r"\bwas not observed\b|\bnone of the patients\b",
    re.I,
)


def stated_sentences(text: str) -> list[str]:
    """The passage's whole sentences a reader can be shown alone: not a heading, not a
    fragment a chunk boundary cut ("of Soliris may result in ..."), not a cross-reference."""
    return [c for c in split_sentences(text) if reads_alone(c)]


def reported_warnings(
    services: Services, scope: AccessScope, promoted: Sequence[str], flags: Sequence[SafetyFlag]
) -> dict[str, Evidence]:
    """For each possible adverse event this HCP's notes report on a promoted product, the
    warnings-and-precautions passage that speaks to it, by product."""
    found: dict[str, Evidence] = {}
    for flag in flags:
        product = next(
            (p for p in promoted if mentioned_products(flag.evidence, [p]) or flag.product == p),
            None,
        )
        if flag.kind != "AE" or product is None or product in found:
            continue
        hits = services.retriever.search(
            f"{product} {flag.evidence}",
            scope,
            k=1,
            narrow=ContentFilter(
                products=(product,), section_kinds=(SectionKind.WARNINGS_PRECAUTIONS.value,)
            ),
        )
        if hits:
            found[product] = hits[0]
    return found


def completed_safety(
    blocks: list[SafetyBlock],
    packed: PackedSources,
    verifier: CitationVerifier,
    reported: dict[str, Evidence],
) -> list[SafetyBlock]:
    """Each product's safety block opens with its boxed warning's title (every risk the box
    names, in the label's words) and holds the warning that speaks to what this HCP reported,
    whatever the provider chose; each added sentence is verified like the rest."""
    sources = packed.by_number()
    completed = []
    for block in blocks:
        boxed = next(
            (
                s
                for s in packed.sources
                if s.purpose == "safety"
                and block.product in s.evidence.chunk.products
                and s.evidence.chunk.section_kind is SectionKind.BOXED_WARNING
            ),
            None,
        )
        drafts: list[DraftClaim] = []
        if boxed is not None:
            title = boxed.evidence.chunk.text.strip().splitlines()[0].strip()
            if title.upper().startswith("WARNING"):
                drafts.append(DraftClaim(text=title, sources=[boxed.n]))
        evidence = reported.get(block.product)
        numbered = next(
            (
                s
                for s in packed.sources
                if evidence and s.evidence.chunk.chunk_id == evidence.chunk.chunk_id
            ),
            None,
        )
        if numbered is not None:
            claims = stated_sentences(numbered.evidence.chunk.text)
            drafts += [DraftClaim(text=c, sources=[numbered.n]) for c in claims[:2]]
        # Fair balance states risks: "no patients experienced ... which required
        # discontinuation" reads as playing them down, so it is not part of the block.
        kept = [s for s in block.sentences if not _REASSURANCE.search(s.text)]
        block = block.model_copy(update={"sentences": kept})
        shown = {" ".join(s.text.split()) for s in block.sentences}
        added = [
            s
            for d in drafts
            if " ".join(d.text.split()) not in shown
            and not _REASSURANCE.search(d.text)
            and (s := verifier.verify_one(d.text, d.sources, sources)).shown
        ]
        titles = [s for s in added if s.text.upper().startswith("WARNING")]
        others = [s for s in added if s not in titles]
        completed.append(
            block.model_copy(update={"sentences": [*titles, *block.sentences, *others]})
        )
    return completed
