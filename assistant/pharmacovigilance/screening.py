"""The detector as the knowledge base's ``Screener``: ingest screens every CRM row with it.

The suspect products are the library's own, every document ever ingested (a withdrawn product's
events are still owed to pharmacovigilance), besides the detector's defaults. They are re-read
when the catalog's document count changes, so a manifest ingested in the same run as the CRM
files is known when its notes are screened.
"""

from __future__ import annotations

from collections.abc import Collection

from assistant.pharmacovigilance.detector import detect_signals
from knowledge_base.catalog import Catalog
from knowledge_base.products import split_product_name
from knowledge_base.screening import SafetyHit

__all__ = ["LibraryScreener", "screen_text"]


def screen_text(text: str, products: Collection[str] = ()) -> list[SafetyHit]:
    """Every possible AE/PC in ``text`` as screening hits."""
    return [
        SafetyHit(kind=signal.kind.value, evidence=signal.evidence, product=signal.product)
        for signal in detect_signals(text, products)
    ]


class LibraryScreener:
    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._documents = -1
        self._names: list[str] = []

    def __call__(self, text: str) -> list[SafetyHit]:
        documents = self._catalog.counts()["documents"]
        if documents != self._documents:
            products = {p for e in self._catalog.list_documents() for p in e.metadata.products}
            self._names = sorted(
                name for p in products for name in split_product_name(p) if name is not None
            )
            self._documents = documents
        return screen_text(text, self._names)
