"""Products and what their approved labels say, from the content library.

Built from the catalog (approved, unexpired documents only), so the off-label check and the
product guardrails always reflect what retrieval can serve today. Products are named as the
manifest names them ("TAGRISSO (osimertinib)"): brand and generic both count as a mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from assistant.grounding.offlabel import ProductLabel, label_from_document, merge_labels
from assistant.grounding.verifier import CitationVerifier, catalog_citable
from assistant.services import Services
from knowledge_base.access import AccessScope
from knowledge_base.catalog import Catalog
from knowledge_base.products import split_product_name

__all__ = [
    "catalog_products",
    "citation_verifier",
    "known_products",
    "mentioned_products",
    "product_labels",
    "product_names",
]


def product_names(product: str) -> tuple[str, ...]:
    """'TAGRISSO (osimertinib)' -> ('TAGRISSO', 'osimertinib'); other names as they are."""
    brand, generic = split_product_name(product)
    return (brand, generic) if generic else (brand,)


def catalog_products(catalog: Catalog, today: date) -> list[str]:
    products: dict[str, None] = {}
    for entry in catalog.list_documents():
        if entry.metadata.is_groundable(today):
            products.update(dict.fromkeys(entry.metadata.products))
    return list(products)


def product_labels(
    catalog: Catalog,
    today: date,
    cache: dict[tuple[str, str, str], list[ProductLabel]] | None = None,
) -> list[ProductLabel]:
    """What the approved, unexpired labels say, product by product. ``cache`` (the services'
    ``label_cache``) keeps each label version's reading: a version's text never changes, and
    its metadata is part of the key, so a changed manifest entry is read again."""
    labels: dict[str, ProductLabel] = {}
    for entry in catalog.list_documents():
        meta = entry.metadata
        if meta.document_type != "label" or not meta.is_groundable(today):
            continue
        key = (meta.doc_id, meta.version, meta.model_dump_json())
        read = cache.get(key) if cache is not None else None
        if read is None:
            parsed = catalog.parsed_version(meta.doc_id, meta.version)
            if parsed is None:
                continue
            read = label_from_document(meta, parsed)
            if cache is not None:
                cache[key] = read
        for label in read:
            labels[label.name] = (
                merge_labels(labels[label.name], label) if label.name in labels else label
            )
    return list(labels.values())


def indication_texts(labels: Iterable[ProductLabel]) -> dict[str, str]:
    """Each product's Indications and Usage text (its manifest indications where the label
    has none): what a question's abbreviations are read against (``QuestionSearch``)."""
    return {label.name: label.indication_text or "; ".join(label.indications) for label in labels}


def product_indications(
    catalog: Catalog,
    today: date,
    cache: dict[tuple[str, str, str], list[ProductLabel]] | None = None,
) -> dict[str, str]:
    """``indication_texts`` of the approved, unexpired labels."""
    return indication_texts(product_labels(catalog, today, cache))


def known_products(products: Iterable[str]) -> set[str]:
    """Every name the library's products go by: for the unknown-product guardrail."""
    return {name for product in products for name in product_names(product)}


def mentioned_products(text: str, products: Sequence[str]) -> list[str]:
    """The products (manifest names) that ``text`` mentions by brand or generic name."""
    found: list[str] = []
    for product in products:
        names = "|".join(re.escape(n) for n in product_names(product))
        if re.search(rf"(?<!\w)(?:{names})(?!\w)", text, re.IGNORECASE):
            found.append(product)
    return found


def citation_verifier(
    services: Services, scope: AccessScope, products: Iterable[str]
) -> CitationVerifier:
    """The verifier every workflow uses: citations re-checked against the catalog for
    ``scope``, products outside ``products`` (the library's) flagged."""
    return CitationVerifier(
        services.support,
        is_citable=catalog_citable(services.kb.catalog, scope),
        known_products=known_products(products),
    )
