"""Screening a text for possible AEs/PCs: the rules (``detector.py``) and the learned sentence
classifier (``classifier.py``); a sentence either flags is flagged, never unflagged by the other.

``LibraryScreener`` is the knowledge base's ``Screener``: ingest screens every CRM row with it.

The suspect products are the library's own, every document ever ingested (a withdrawn product's
events are still owed to pharmacovigilance), besides the detector's defaults. They are re-read
when the catalog's document count changes, so a manifest ingested in the same run as the CRM
files is known when its notes are screened.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from assistant.pharmacovigilance.classifier import (
    DOUBTED_THRESHOLDS,
    HEADS,
    THRESHOLDS,
    sentence_classifier,
)
from assistant.pharmacovigilance.detector import SafetySignal, detect_signals, doubt_cues
from assistant.pharmacovigilance.segment import Span, product_mentions, sentences
from assistant.pharmacovigilance.vocabulary import DEFAULT_PRODUCTS
from knowledge_base.catalog import Catalog
from knowledge_base.embeddings import Embedder
from knowledge_base.products import split_product_name
from knowledge_base.screening import SafetyHit

__all__ = ["LibraryScreener", "screen_text", "screen_texts"]


def screen_texts(
    texts: Sequence[str],
    products: Collection[str] = (),
    *,
    learned: bool = True,
    embedder: Embedder | None = None,
) -> list[list[SafetyHit]]:
    """Every possible AE/PC in each text: what the rules find, then each sentence the
    classifier flags for a kind the rules did not find in it (its evidence is the sentence).
    The sentences of all texts are classified in one batch."""
    names = _names(products)
    signals = [detect_signals(text, products) for text in texts]
    hits = [
        [SafetyHit(kind=s.kind.value, evidence=s.evidence, product=s.product) for s in found]
        for found in signals
    ]
    if learned:
        _add_classifier_hits(texts, signals, hits, names, embedder)
    # What casts doubt on each flag ranks the review queue; it never removes a flag (a negated
    # symptom sits in many a reportable medication error: "given twice, no reaction so far").
    return [
        [hit.model_copy(update={"doubts": list(doubt_cues(hit.evidence))}) for hit in found]
        for found in hits
    ]


def _add_classifier_hits(
    texts: Sequence[str],
    signals: Sequence[Sequence[SafetySignal]],
    hits: list[list[SafetyHit]],
    names: dict[str, str],
    embedder: Embedder | None,
) -> None:
    """Each sentence the classifier flags for a kind the rules did not find in it, appended to
    its text's hits (the evidence is the sentence)."""
    # Sentences to classify, as (text index, span); a cell of one or two words ("Veeva CRM",
    # "urgent") is no sentence to classify, though the rules still read it.
    todo = [
        (i, span)
        for i, text in enumerate(texts)
        for span in (sentences(text) or [Span(0, len(text))])
        if len(text[span.start : span.end].split()) >= _MIN_WORDS
    ]
    probabilities = sentence_classifier().probabilities(
        [texts[i][s.start : s.end] for i, s in todo], embedder
    )
    products: dict[int, str | None] = {}  # the product of each text, found once
    for (i, span), row in zip(todo, probabilities, strict=True):
        # most sentences score under every plain bar: no need to read their doubt cues
        if all(row[j] < THRESHOLDS[kind] for j, kind in enumerate(HEADS)):
            continue
        found = {(s.kind.value, s.start, s.end) for s in signals[i]}
        # a negated, hypothetical or borrowed event must convince the classifier more (the
        # doubted bars are never below the plain ones)
        bars = DOUBTED_THRESHOLDS if doubt_cues(texts[i][span.start : span.end]) else THRESHOLDS
        for j, kind in enumerate(HEADS):
            if row[j] >= bars[kind] and (kind, span.start, span.end) not in found:
                if i not in products:
                    products[i] = _product(texts[i], signals[i], names)
                hits[i].append(
                    SafetyHit(
                        kind=kind, evidence=texts[i][span.start : span.end], product=products[i]
                    )
                )


def screen_text(
    text: str, products: Collection[str] = (), *, learned: bool = True
) -> list[SafetyHit]:
    """Every possible AE/PC in one text (see ``screen_texts``)."""
    return screen_texts([text], products, learned=learned)[0]


_MIN_WORDS = 3


def _product(text: str, signals: Sequence[SafetySignal], names: dict[str, str]) -> str | None:
    """The product the rules linked the text's events to, else the first one it names."""
    product = next((s.product for s in signals if s.product), None)
    if product is None:
        mentions = product_mentions(text, names)
        product = mentions[0][1] if mentions else None
    return product


def _names(products: Collection[str]) -> dict[str, str]:
    names = dict(DEFAULT_PRODUCTS)
    names.update({p.lower(): p for p in products if p.strip()})
    return names


class LibraryScreener:
    """``embedder``: the library's own embedder (never the caching one: the sentences screened
    are raw), shared with the classifier when it is in the classifier's vector space."""

    def __init__(self, catalog: Catalog, embedder: Embedder | None = None) -> None:
        self._catalog = catalog
        self._embedder = embedder
        self._documents = -1
        self._names: list[str] = []

    def __call__(self, texts: Sequence[str]) -> list[list[SafetyHit]]:
        documents = self._catalog.document_count()
        if documents != self._documents:
            products = {p for e in self._catalog.list_documents() for p in e.metadata.products}
            self._names = sorted(
                name for p in products for name in split_product_name(p) if name is not None
            )
            self._documents = documents
        return screen_texts(texts, self._names, embedder=self._embedder)
