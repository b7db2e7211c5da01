"""Hostile and broken files through ``ingest``: oversized, malformed, binary under a text
suffix, a zip bomb dressed as a .docx, XML entity bombs and external entities, non-UTF-8
text, and manifests whose paths (or symlinks) lead outside the content folder.

The promise, for each: a failure naming the file (and the manifest entry/field) and what is
wrong; the index, the lexical index and the catalog exactly as they were; nothing outside the
data directory written, and nothing outside the content folder read.
"""

from __future__ import annotations

import io
import os
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge_base.errors import DocumentLoadError
from knowledge_base.loaders import MAX_DOCUMENT_BYTES, load_document
from knowledge_base.store import KnowledgeBase
from tests.test_ingest import LABEL, entry, write_folder

SPL_HEAD = '<document xmlns="urn:hl7-org:v3"><title>T</title><component><structuredBody>'
SPL_SECTION = (
    '<component><section><code code="34067-9"/><title>Use</title>'
    "<text><paragraph>{body}</paragraph></text></section></component>"
)
SPL_TAIL = "</structuredBody></component></document>"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4


def _spl(body: str, doctype: str = "") -> str:
    return f'<?xml version="1.0"?>{doctype}{SPL_HEAD}{SPL_SECTION.format(body=body)}{SPL_TAIL}'


def _billion_laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return _spl("laugh: &lol9; end", f"<!DOCTYPE document [{''.join(entities)}]>")


def _zip_bomb(members: dict[str, int]) -> bytes:
    """A .docx-shaped zip whose parts inflate to ``members[name]`` bytes of zeros each."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        for name, size in members.items():
            with z.open(name, "w", force_zip64=True) as part:
                block = b"\0" * (1 << 20)
                for _ in range(size >> 20):
                    part.write(block)
    return buffer.getvalue()


def _state(kb: KnowledgeBase) -> dict[str, Any]:
    return {
        "chunks": sorted(
            (r.id, r.text, sorted(r.metadata.items())) for r in kb.index.all_content()
        ),
        "lexical": kb.lexical_store.current_generation(),
        "documents": [e.model_dump(exclude={"updated_at"}) for e in kb.catalog.list_documents()],
        "counts": kb.catalog.counts(),
    }


def _listing(folder: Path) -> dict[str, int]:
    """Every path under ``folder`` with its size (to see that nothing was written there)."""
    return {
        str(p.relative_to(folder)): p.lstat().st_size
        for p in sorted(folder.rglob("*"))
        if not p.is_dir() or p.is_symlink()
    }


class Sentinel:
    """A file outside the content folder whose access time tells whether anything read it.

    ``os.utime`` puts its access time in the past; on relatime/strictatime filesystems the
    first read then moves it. A control file, read on purpose, shows the filesystem does that
    (on a noatime mount the check is impossible and is skipped, saying so)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "secret.md"
        self.path.write_text("# TOP SECRET\n\nSENTINEL-CONTENT must never be read.\n", "utf-8")
        self._control = folder / "control.md"
        self._control.write_text("control\n", "utf-8")
        for path in (self.path, self._control):
            os.utime(path, (1, path.stat().st_mtime))

    def assert_not_read(self) -> None:
        self._control.read_bytes()
        if self._control.stat().st_atime == 1:
            pytest.skip("this filesystem does not record access times (noatime)")
        assert self.path.stat().st_atime == 1, f"{self.path} was read"


@pytest.fixture
def baseline(fake_kb: KnowledgeBase, tmp_path: Path) -> dict[str, Any]:
    """One good document ingested; the state everything below must leave untouched."""
    good = write_folder(
        tmp_path / "good", [entry("label.md", "alphamab-label")], {"label.md": LABEL}
    )
    assert fake_kb.ingest([good]).ok
    return _state(fake_kb)


def test_hostile_documents_fail_alone_and_change_nothing(
    fake_kb: KnowledgeBase, baseline: dict[str, Any], tmp_path: Path
) -> None:
    sentinel = Sentinel(tmp_path / "outside")
    files: dict[str, str | bytes] = {
        "broken.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n%%EO",
        "not-a-zip.docx": b"PK\x03\x04 this is not really a zip" + bytes(64),
        "broken.xml": _spl("unclosed <b>bold").replace(SPL_TAIL, ""),
        "empty-shell.html": "<html><head><title></title></head><body><div><p></div>",
        "image.txt": PNG,
        "image.md": PNG,
        "image.xml": PNG,
        "latin1.txt": "Caf\u00e9 au lait: posologie recommand\u00e9e.".encode("latin-1"),
        "zipbomb.docx": _zip_bomb({"word/document.xml": 300 << 20}),
        "ratio-bomb.docx": _zip_bomb({"word/document.xml": 20 << 20}),
        "xxe.xml": _spl("before &leak; after").replace(
            '<?xml version="1.0"?>',
            f'<?xml version="1.0"?><!DOCTYPE document [<!ENTITY leak SYSTEM '
            f'"file://{sentinel.path}">]>',
        ),
    }
    expected = {
        "broken.pdf": "could not be read as a PDF",
        "not-a-zip.docx": "could not be read as a Word .docx file",
        "broken.xml": "is not well-formed XML",
        "empty-shell.html": "has no text",
        "image.txt": "NUL bytes",
        "image.md": "NUL bytes",
        "image.xml": "is not well-formed XML",
        "latin1.txt": "is not valid UTF-8 (byte 0xe9",
        "zipbomb.docx": "refused as a possible zip bomb, nothing was decompressed",
        "ratio-bomb.docx": "refused as a possible zip bomb",
        "xxe.xml": None,  # loads, without the entity's content (checked below)
    }
    content = tmp_path / "hostile"
    entries = [entry(name, f"hostile-{i}") for i, name in enumerate(files)]
    write_folder(content, entries, files)
    (content / "huge.txt").touch()
    os.truncate(content / "huge.txt", MAX_DOCUMENT_BYTES + 1)  # sparse: costs no disk
    expected["huge.txt"] = f"over the {MAX_DOCUMENT_BYTES:,}-byte limit"
    manifest = yaml.safe_load((content / "manifest.yaml").read_text("utf-8"))
    manifest["documents"].append(entry("huge.txt", "hostile-huge"))
    (content / "manifest.yaml").write_text(yaml.safe_dump(manifest), "utf-8")
    outside_before = _listing(tmp_path / "outside")
    content_before = _listing(content)

    tracemalloc.start()
    started = time.perf_counter()
    report = fake_kb.ingest([content])
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    failures = {Path(f.path).name: f.error for f in report.failures}
    for name, needle in expected.items():
        if needle is None:
            assert name not in failures
            continue
        assert name in failures, f"{name} was accepted"
        assert str(content / name) in failures[name] and needle in failures[name], failures[name]
    # Nothing was inflated or read whole: the 300 MiB "document" and the 50 MiB one included.
    assert peak < 64 << 20, f"peak memory {peak:,} bytes"
    assert seconds < 30
    after = _state(fake_kb)
    xxe_chunks = [c for c in after["chunks"] if c[0].startswith("hostile-10@")]
    assert xxe_chunks and all("SENTINEL" not in text for _, text, _ in xxe_chunks)
    after["chunks"] = [c for c in after["chunks"] if not c[0].startswith("hostile-10@")]
    assert after["chunks"] == baseline["chunks"]
    assert [d["metadata"]["doc_id"] for d in after["documents"]] == [
        "alphamab-label",
        "hostile-10",
    ]
    sentinel.assert_not_read()
    assert _listing(tmp_path / "outside") == outside_before
    assert _listing(content) == content_before


def test_entity_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    """A billion laughs: libxml2 stops at its amplification limit; nothing is expanded."""
    path = tmp_path / "laughs.xml"
    path.write_text(_billion_laughs(), "utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DocumentLoadError) as refused:
            load_document(path)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    # Fully expanded it would be 3 GB; libxml2 gives up long before (at ~50 MB here).
    assert time.perf_counter() - started < 5 and peak < 128 << 20
    message = str(refused.value)
    assert message.startswith(f"{path}: is not well-formed XML") and "amplification" in message


def test_utf16_and_utf32_with_a_byte_order_mark_are_decoded(
    fake_kb: KnowledgeBase, tmp_path: Path
) -> None:
    text = LABEL.replace("Alphamab", "Alphamab\u00e9")
    files = {
        "utf16le.md": "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"),
        "utf16be.txt": "\ufeff".encode("utf-16-be") + text.encode("utf-16-be"),
        "utf32.md": text.encode("utf-32"),  # Python writes the BOM for "utf-32"
        "bad-utf16.md": b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8",  # lone surrogate
    }
    content = write_folder(tmp_path / "unicode", [entry(n, n.split(".")[0]) for n in files], files)
    report = fake_kb.ingest([content])
    assert sorted(report.added) == ["utf16be", "utf16le", "utf32"]
    (failure,) = report.failures
    assert failure.path.endswith("bad-utf16.md")
    assert "UTF-16-LE byte-order mark but is not valid UTF-16-LE" in failure.error
    stored = fake_kb.catalog.parsed_version("utf16le", "1")
    assert stored is not None and "Alphamab\u00e9" in stored.text


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("../../etc/passwd", "path must stay inside the manifest's folder"),
        ("../outside/secret.md", "path must stay inside the manifest's folder"),
        ("/etc/passwd", "path must stay inside the manifest's folder"),
        ("sub/../../outside/secret.md", "path must stay inside the manifest's folder"),
    ],
)
def test_manifest_path_traversal_is_refused(
    fake_kb: KnowledgeBase, baseline: dict[str, Any], tmp_path: Path, path: str, message: str
) -> None:
    sentinel = Sentinel(tmp_path / "outside")
    content = write_folder(
        tmp_path / "content",
        [entry("ok.md", "fine-doc"), entry(path, "evil-doc")],
        {"ok.md": LABEL},
    )
    report = fake_kb.ingest([content])
    (failure,) = report.failures
    assert failure.path == str(content / "manifest.yaml")
    assert "documents[1] (doc_id 'evil-doc')" in failure.error
    assert "field 'path'" in failure.error and message in failure.error
    assert _state(fake_kb) == baseline  # the whole manifest is refused, the good entry too
    sentinel.assert_not_read()


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_symlink_out_of_the_content_folder_is_refused(
    fake_kb: KnowledgeBase, baseline: dict[str, Any], tmp_path: Path, kind: str
) -> None:
    sentinel = Sentinel(tmp_path / "outside")
    content = tmp_path / "content"
    content.mkdir()
    if kind == "file":
        (content / "label.md").symlink_to(sentinel.path)
        listed = "label.md"
    else:
        (content / "docs").symlink_to(sentinel.path.parent, target_is_directory=True)
        listed = "docs/secret.md"
    write_folder(
        content, [entry(listed, "linked-doc"), entry("ok.md", "fine-doc")], {"ok.md": LABEL}
    )
    before = _listing(tmp_path / "outside")

    report = fake_kb.ingest([content])

    (failure,) = report.failures
    assert failure.path == str(content / listed)
    assert "field 'path'" in failure.error and "points outside the content folder" in failure.error
    assert report.added == ["fine-doc"]  # a bad entry fails alone
    after = _state(fake_kb)
    assert "linked-doc" not in {d["metadata"]["doc_id"] for d in after["documents"]}
    assert not any("SENTINEL" in text for _, text, _ in after["chunks"])
    sentinel.assert_not_read()
    assert _listing(tmp_path / "outside") == before
