"""`medbrief manifest draft FOLDER` on the real labels, with their manifest removed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from assistant.cli import app
from knowledge_base.errors import ManifestError
from knowledge_base.loaders import load_document
from knowledge_base.manifest import load_manifest
from knowledge_base.manifest_draft import write_draft

LABELS = Path(__file__).resolve().parents[1] / "knowledge_base" / "sample" / "content" / "labels"
LABEL_FILES = sorted(p for p in LABELS.iterdir() if p.suffix in {".json", ".xml"})


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("labels")
    for path in LABEL_FILES:
        shutil.copy(path, folder / path.name)
    report = write_draft(folder)
    assert report.failures == [] and len(report.added) == len(LABEL_FILES) == 32
    return folder


def test_one_draft_entry_per_label_with_the_files_identity(drafted: Path) -> None:
    manifest = load_manifest(drafted / "manifest.yaml")
    by_path = {entry.path: entry for entry in manifest.documents}
    assert set(by_path) == {p.name for p in LABEL_FILES}
    for path in LABEL_FILES:
        entry, parsed = by_path[path.name], load_document(path)
        assert entry.status == "draft" and entry.approval_code == ""
        assert entry.approved_on is None and entry.expires_on is None
        assert entry.document_type == "label" and entry.market == "US"
        assert entry.set_id == parsed.set_id and entry.version == parsed.label_version
    keytruda = by_path["9333c79b-d487-4538-a9f0-71b91a02b287.json"]
    assert keytruda.doc_id == "keytruda-label"
    assert keytruda.products == ["KEYTRUDA (pembrolizumab)"]
    assert keytruda.version == "178"
    assert "Melanoma" in keytruda.indications and "Cervical Cancer" in keytruda.indications
    humira = by_path["608d4f0d-b19f-46d3-749a-7159aa5f933d.xml"]
    assert humira.doc_id == "humira-label" and humira.products == ["HUMIRA (adalimumab)"]
    assert len({e.doc_id for e in manifest.documents}) == 32


def test_draft_never_changes_an_existing_entry_nor_its_comments(drafted: Path) -> None:
    manifest = drafted / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    # MLR approves one entry by hand and comments it; a new label arrives.
    text = text.replace(
        "doc_id: keytruda-label", "doc_id: keytruda-label  # approved by MLR, 2026-12-01"
    )
    manifest.write_text(text, encoding="utf-8")
    report = write_draft(drafted)
    assert report.added == [] and len(report.kept) == 32
    assert manifest.read_text(encoding="utf-8") == text
    shutil.copy(LABELS / "5e81b4a7-b971-45e1-9c31-29cea8c87ce7.json", drafted / "new.json")
    report = write_draft(drafted)
    assert report.added == ["tagrisso-5e81b4a7-label"]  # doc_id taken: made unique
    extended = manifest.read_text(encoding="utf-8")
    assert extended.startswith(text) and "# approved by MLR, 2026-12-01" in extended
    assert len(load_manifest(manifest).documents) == 33
    (drafted / "new.json").unlink()


def test_a_file_with_several_records_gets_one_entry_per_record(tmp_path: Path) -> None:
    records = [
        json.loads(p.read_text(encoding="utf-8"))["results"][0]
        for p in (LABELS / "5e81b4a7-b971-45e1-9c31-29cea8c87ce7.json",
                  LABELS / "6a8a3f53-2062-48ff-9dbe-b939df133ca3.json")
    ]  # fmt: skip
    (tmp_path / "two.json").write_text(json.dumps({"meta": {}, "results": records}))
    write_draft(tmp_path)
    entries = load_manifest(tmp_path / "manifest.yaml").documents
    assert [(e.path, e.doc_id) for e in entries] == [
        ("two.json", "tagrisso-label"),
        ("two.json", "kesimpta-label"),
    ]
    assert [e.set_id for e in entries] == [r["set_id"] for r in records]


def test_an_unreadable_label_is_reported_and_an_invalid_manifest_is_left_alone(
    tmp_path: Path,
) -> None:
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    shutil.copy(LABELS / "6a8a3f53-2062-48ff-9dbe-b939df133ca3.json", tmp_path / "k.json")
    report = write_draft(tmp_path)
    assert report.added == ["kesimpta-label"]
    assert len(report.failures) == 1 and "broken.json" in report.failures[0]
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text("documents: [oops", encoding="utf-8")
    with pytest.raises(ManifestError, match="not valid YAML"):
        write_draft(tmp_path)
    assert manifest.read_text(encoding="utf-8") == "documents: [oops"


def test_cli_drafts_and_ingest_indexes_none_of_the_drafts(tmp_path: Path) -> None:
    folder = tmp_path / "labels"
    folder.mkdir()
    shutil.copy(LABELS / "6a8a3f53-2062-48ff-9dbe-b939df133ca3.json", folder / "kesimpta.json")
    env = {"MEDBRIEF_HOME": str(tmp_path / "home")}
    drafted = CliRunner().invoke(app, ["manifest", "draft", str(folder), "--json"], env=env)
    assert drafted.exit_code == 0, drafted.output
    assert json.loads(drafted.stdout)["added"] == ["kesimpta-label"]
    entry = yaml.safe_load((folder / "manifest.yaml").read_text())["documents"][0]
    assert entry["status"] == "draft"
    ingested = CliRunner().invoke(app, ["ingest", str(folder), "--json"], env=env)
    assert ingested.exit_code == 0, ingested.output
    report = json.loads(ingested.stdout)
    assert report["not_indexed"] == ["kesimpta-label"] and report["chunks_indexed"] == 0
