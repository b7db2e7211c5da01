from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge_base.errors import ManifestError
from knowledge_base.manifest import load_manifest
from knowledge_base.models import Audience, Status
from knowledge_base.store import sample_path

VALID = {
    "path": "label.md",
    "doc_id": "testamab-label",
    "title": "TESTAMAB (fictional) prescribing information",
    "approval_code": "ONC-US-2026-0001",
    "version": 2,
    "status": "approved",
    "approved_on": "2026-01-10",
    "expires_on": "2027-01-10",
    "audience": "commercial",
    "products": ["TESTAMAB"],
    "indications": ["fictional cancer"],
    "market": "us",
}


def write(tmp_path: Path, *entries: dict) -> Path:
    path = tmp_path / "manifest.yaml"
    path.write_text(yaml.safe_dump({"documents": list(entries)}), encoding="utf-8")
    return path


def test_valid_entry_is_normalised(tmp_path: Path) -> None:
    manifest = load_manifest(write(tmp_path, VALID))
    entry = manifest.documents[0]
    assert entry.version == "2"  # YAML int read as a version string
    assert entry.market == "US"
    assert entry.status is Status.APPROVED and entry.audience is Audience.COMMERCIAL


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"status": "aproved"}, "status", "approved"),
        ({"expires_on": "2025-01-01"}, None, "must be after approved_on"),
        ({"approval_code": None}, "approval_code", "string"),
        ({"path": "../outside.md"}, "path", "inside the manifest's folder"),
        ({"path": "/etc/passwd"}, "path", "inside the manifest's folder"),
        ({"products": []}, "products", "at least 1"),
        ({"audiance": "commercial"}, "audiance", "Extra inputs"),
        ({"doc_id": "bad id!"}, "doc_id", "pattern"),
        ({"approved_on": None}, None, "approved_on is required"),
    ],
)
def test_invalid_entry_names_file_entry_and_field(
    tmp_path: Path, change: dict, field: str | None, words: str
) -> None:
    path = write(tmp_path, {**VALID, **change})
    with pytest.raises(ManifestError) as raised:
        load_manifest(path)
    message = str(raised.value)
    assert str(path) in message
    assert "documents[0]" in message
    assert words in message
    assert raised.value.field == field


def test_missing_field_is_named(tmp_path: Path) -> None:
    entry = dict(VALID)
    del entry["expires_on"]
    with pytest.raises(ManifestError, match=r"expires_on is required"):
        load_manifest(write(tmp_path, entry))
    entry = dict(VALID)
    del entry["audience"]
    with pytest.raises(ManifestError) as raised:
        load_manifest(write(tmp_path, entry))
    assert raised.value.field == "audience" and "Field required" in str(raised.value)


def test_draft_needs_no_dates(tmp_path: Path) -> None:
    draft = {**VALID, "status": "in_review", "approved_on": None, "expires_on": None}
    assert load_manifest(write(tmp_path, draft)).documents[0].status is Status.IN_REVIEW


def test_duplicates_and_shape_errors(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="duplicate doc_id 'testamab-label'"):
        load_manifest(write(tmp_path, VALID, {**VALID, "path": "other.md"}))
    (tmp_path / "manifest.yaml").write_text("documents: [unclosed", encoding="utf-8")
    with pytest.raises(ManifestError, match="not valid YAML"):
        load_manifest(tmp_path / "manifest.yaml")
    (tmp_path / "manifest.yaml").write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="top-level 'documents:' list"):
        load_manifest(tmp_path / "manifest.yaml")
    (tmp_path / "manifest.yaml").write_bytes(b"documents:\n  - path: \xff\xfe\n")
    with pytest.raises(ManifestError, match="UTF-8"):
        load_manifest(tmp_path / "manifest.yaml")


def test_sample_manifest_is_valid_and_exercises_every_filter() -> None:
    manifest = load_manifest(sample_path() / "content" / "manifest.yaml")
    docs = manifest.documents
    assert len(docs) >= 20
    statuses = {d.status for d in docs}
    assert {Status.APPROVED, Status.WITHDRAWN, Status.EXPIRED} <= statuses
    assert any(d.audience is Audience.MEDICAL for d in docs)
    assert len({d.market for d in docs}) >= 2
    assert len({d.therapy_area for d in docs}) >= 3
    for d in docs:
        assert (sample_path() / "content" / d.path).is_file(), d.path
    # Real labels only: no fictional prescribing information, every label named by its set id
    # file and loadable in its own format; every other document is a sample document about one
    # of the labels' products.
    labels = [d for d in docs if d.document_type == "label"]
    assert len(labels) == 32
    assert {Path(d.path).suffix for d in labels} == {".json", ".xml"}
    assert not any("fictional" in d.title.lower() for d in docs)
    label_products = {p for d in labels for p in d.products}
    for d in docs:
        if d.document_type != "label":
            assert "sample document" in d.title.lower(), d.title
            assert set(d.products) <= label_products, d.doc_id
