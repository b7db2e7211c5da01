"""Drafting manifest entries for a folder of FDA labels (``medbrief manifest draft FOLDER``).

A company onboarding hundreds of labels should not hand-write the identity of each one. The
label files already say it (brand and generic name, set id, version, section 1), so each file
gets a ``status: draft`` entry with empty approval fields: only MLR approves, and ``ingest``
indexes nothing that is not approved. Existing entries are never changed; new ones are appended
to the file's text (its comments survive), and nothing is written unless the result is a valid
manifest.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import yaml
from pydantic import BaseModel

from knowledge_base.errors import DocumentLoadError, ManifestError
from knowledge_base.loaders import MAX_DOCUMENT_BYTES, load_document
from knowledge_base.loaders.openfda import openfda_records
from knowledge_base.loaders.sections import PATH_SEPARATOR
from knowledge_base.manifest import load_manifest
from knowledge_base.models import DocumentMetadata, ParsedDocument, SectionKind

__all__ = ["LABEL_SUFFIXES", "DraftReport", "draft_entries", "write_draft"]

LABEL_SUFFIXES = (".json", ".xml", ".zip")
_MAX_INDICATIONS = 40  # one per section 1 sub-section; KEYTRUDA has 20+
_MAX_INDICATION_CHARS = 120


class DraftReport(BaseModel):
    manifest: str
    added: list[str]  # doc_ids of the new draft entries
    kept: list[str]  # files already in the manifest (left as they are)
    failures: list[str]  # "file: why" for label files that could not be read


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "label"


def _indications(parsed: ParsedDocument) -> list[str]:
    """Short names of the label's indications: its section 1 sub-section titles, or else the
    first "indicated for ..." phrase."""
    titles: list[str] = []
    first_text = ""
    for section in parsed.sections:
        if section.kind is not SectionKind.INDICATIONS:
            continue
        *parents, last = section.title.split(PATH_SEPARATOR)
        if parents:
            titles.append(re.sub(r"^\d+(\.\d+)*\s+", "", last))
        elif not first_text:
            first_text = parsed.section_text(section)
    if titles:
        return [t[:_MAX_INDICATION_CHARS] for t in titles[:_MAX_INDICATIONS]]
    match = re.search(r"indicated (?:for|as|to|in)\s+(?:the\s+)?([^.;]+)", first_text)
    if not match:
        return []
    phrase = " ".join(match.group(1).split())
    return [phrase[:_MAX_INDICATION_CHARS].rstrip(" ,")]


def _brand(parsed: ParsedDocument, path: Path) -> tuple[str, str | None]:
    """(BRAND, generic) as the label file names its product; the file name when it does not."""
    brand = (parsed.brand_name or path.stem).strip().upper()
    generic = parsed.generic_name.strip().lower() if parsed.generic_name else None
    return brand, generic


def _entry(path: str, parsed: ParsedDocument, file: Path, taken: set[str]) -> dict[str, object]:
    brand, generic = _brand(parsed, file)
    doc_id = f"{_slug(brand)}-label"
    if doc_id in taken:
        doc_id = f"{_slug(brand)}-{(parsed.set_id or _slug(file.stem))[:8]}-label"
    taken.add(doc_id)
    prescription = not parsed.notices
    kind = "US prescribing information" if prescription else "label"
    title = f"{brand} ({generic}) — {kind}" if generic else f"{brand} — {kind}"
    source = {
        "openfda": "openFDA drug label JSON",
        "spl": "FDA SPL XML",
        "spl-zip": "DailyMed SPL zip",
    }.get(parsed.source_format, parsed.source_format)
    entry: dict[str, object] = {
        "path": path,
        "doc_id": doc_id,
        "title": title,
        "approval_code": "",
        "version": parsed.label_version or "1",
        "status": "draft",
        "approved_on": None,
        "expires_on": None,
        "audience": "commercial",
        # "BRAND (generic)": brand and generic name both count as a mention of the product.
        "products": [f"{brand} ({generic})" if generic else brand],
        "indications": _indications(parsed),
        "market": "US",
        "document_type": "label",
        "source": f"{source}, set id {parsed.set_id}" if parsed.set_id else source,
    }
    if parsed.set_id:
        entry["set_id"] = parsed.set_id
    return entry


def _set_ids(file: Path) -> list[str | None]:
    """The records a label file holds: several only for an openFDA file with several."""
    if file.suffix.lower() != ".json":
        return [None]
    if file.stat().st_size > MAX_DOCUMENT_BYTES:
        return [None]  # load_document refuses it with the size in the message
    records = openfda_records(file, file.read_bytes())
    if len(records) == 1:
        return [None]
    return [str(record.get("set_id")) for record in records]


def draft_entries(
    folder: Path, known: Iterable[DocumentMetadata] = ()
) -> tuple[list[dict[str, object]], list[str], list[str]]:
    """(new entries, files kept as they are, failures) for the label files under ``folder``."""
    known = list(known)
    listed = {(entry.path, entry.set_id) for entry in known}
    listed_paths = {entry.path for entry in known}
    taken = {entry.doc_id for entry in known}
    entries: list[dict[str, object]] = []
    kept: list[str] = []
    failures: list[str] = []
    files = sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in LABEL_SUFFIXES
    )
    for file in files:
        relative = file.relative_to(folder).as_posix()
        try:
            set_ids = _set_ids(file)
            for set_id in set_ids:
                if (relative, set_id) in listed or (set_id is None and relative in listed_paths):
                    kept.append(relative)
                    continue
                parsed = load_document(file, set_id=set_id)
                entries.append(_entry(relative, parsed, file, taken))
        except DocumentLoadError as error:
            failures.append(str(error))
    return entries, kept, failures


def _indent_of_items(text: str) -> str:
    match = re.search(r"^( *)- ", text, flags=re.MULTILINE)
    return match.group(1) if match else ""


def write_draft(folder: Path, manifest_name: str = "manifest.yaml") -> DraftReport:
    """Write or extend ``folder/manifest_name`` with a draft entry per new label file."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ManifestError(folder, "is not a folder; name the folder that holds the label files")
    manifest_path = folder / manifest_name
    existing_text = manifest_path.read_text(encoding="utf-8") if manifest_path.exists() else ""
    known = load_manifest(manifest_path).documents if existing_text.strip() else []
    entries, kept, failures = draft_entries(folder, known)
    if entries:
        dumped = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=100)
        if existing_text.strip():
            indent = _indent_of_items(existing_text)
            block = "".join(f"{indent}{line}\n" for line in dumped.splitlines())
            new_text = existing_text.rstrip("\n") + "\n" + block
        else:
            new_text = (
                "# Drafted by `medbrief manifest draft`: every entry is a draft until MLR fills\n"
                "# approval_code, approved_on and expires_on and sets status: approved.\n"
                "documents:\n" + dumped
            )
        _check_and_replace(manifest_path, new_text, len(known) + len(entries))
    return DraftReport(
        manifest=str(manifest_path),
        added=[str(entry["doc_id"]) for entry in entries],
        kept=kept,
        failures=failures,
    )


def _check_and_replace(path: Path, text: str, expected: int) -> None:
    """Validate the new manifest text, then swap it in atomically (never half-written)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".manifest-", suffix=".yaml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        manifest = load_manifest(Path(temporary))
        if len(manifest.documents) != expected:
            raise ManifestError(
                path,
                f"extending it would give {len(manifest.documents)} entries instead of "
                f"{expected}; its layout is unusual: add the new entries by hand",
            )
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
