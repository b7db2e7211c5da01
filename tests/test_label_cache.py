"""The off-label check's reading of each label is kept per label version and metadata: a
second question does not parse the labels again, and a changed manifest entry is read again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.services import open_services
from assistant.settings import Settings
from assistant.workflows.labels import product_labels
from tests.fakes import HashingEmbedder
from tests.generation_fixtures import make_generation_kb

TODAY = date(2026, 11, 24)


def test_labels_are_read_once_per_version_and_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(home=tmp_path / "home", today=TODAY)
    services = open_services(settings, embedder=HashingEmbedder())
    assert services.kb.ingest(make_generation_kb(tmp_path)).ok
    catalog = services.kb.catalog
    reads: list[str] = []
    parsed_version = catalog.parsed_version

    def counting(doc_id: str, version: str):  # type: ignore[no-untyped-def]
        reads.append(doc_id)
        return parsed_version(doc_id, version)

    monkeypatch.setattr(catalog, "parsed_version", counting)
    first = product_labels(catalog, TODAY, services.label_cache)
    assert first and reads
    read_once = len(reads)
    assert product_labels(catalog, TODAY, services.label_cache) == first
    assert len(reads) == read_once  # nothing parsed again
    assert product_labels(catalog, TODAY) == first  # the same reading without a cache

    # A manifest entry changed without a new version: its metadata is part of the key.
    entry = next(e for e in catalog.list_documents() if e.metadata.document_type == "label")
    changed = entry.metadata.model_copy(update={"indications": ["a new indication"]})
    listed = catalog.list_documents
    monkeypatch.setattr(
        catalog,
        "list_documents",
        lambda: [e.model_copy(update={"metadata": changed}) if e is entry else e for e in listed()],
    )
    product_labels(catalog, TODAY, services.label_cache)
    assert len(reads) == read_once + 1
