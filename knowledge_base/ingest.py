"""Ingestion: manifest-described content and CRM exports into the catalog and the indexes.

Per document, everything that can fail on bad input (reading, parsing, chunking, embedding)
happens before anything is written, so a failed document leaves the index and catalog exactly
as they were. New versions are embedded a few hundred chunks at a time across documents (the
model batches texts of like length), then written one document after the other. Writes go
index first, catalog last (documents and notes alike): the catalog is the record of what is
done, so an interrupted ingest is simply repeated to completion. The lexical index is rebuilt
whenever it is not in step with the dense index, not only when this run changed something: a
run killed before its rebuild leaves that to the next one. A lost
Chroma server (``IndexUnavailableError``) stops the run at once instead of failing every later
document (tests/faults/test_ingest_crash.py kills ingests at random and exact points).
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from knowledge_base.access import date_ordinal, product_key
from knowledge_base.catalog import Catalog
from knowledge_base.chunking import ChunkingConfig, chunk_document
from knowledge_base.crm import CRM_FILES, is_crm_file, read_rows_leniently
from knowledge_base.embeddings import Embedder
from knowledge_base.errors import (
    DocumentLoadError,
    IndexUnavailableError,
    KnowledgeBaseError,
    ManifestError,
)
from knowledge_base.lexical_index import LexicalIndex, LexicalIndexStore
from knowledge_base.loaders import SUPPORTED_SUFFIXES, load_document
from knowledge_base.manifest import MANIFEST_NAMES, load_manifest
from knowledge_base.models import (
    Chunk,
    DocumentMetadata,
    FieldNote,
    HcpProfile,
    Inquiry,
    ParsedDocument,
    Status,
)
from knowledge_base.redaction import redact_many
from knowledge_base.screening import RawRecord, Screener, screen_rows
from knowledge_base.vector_index import VectorIndex
from knowledge_base.withdrawal import withdrawn_by_command

__all__ = ["IngestFailure", "IngestReport", "Ingestor", "index_text"]

#: (stage, done, total) — the CLI turns this into a progress bar.
ProgressCallback = Callable[[str, int, int], None]


class IngestFailure(BaseModel):
    path: str
    error: str


class IngestReport(BaseModel):
    added: list[str] = Field(default_factory=list, description="New documents indexed.")
    new_versions: list[str] = Field(default_factory=list)
    metadata_updated: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    removed_from_index: list[str] = Field(
        default_factory=list, description="Withdrawn/expired: no longer retrievable, still known."
    )
    not_indexed: list[str] = Field(
        default_factory=list, description="Known to the library but never indexed (draft, ...)."
    )
    failures: list[IngestFailure] = Field(default_factory=list)
    skipped_files: list[str] = Field(
        default_factory=list, description="Files in a content folder that no manifest lists."
    )
    notices: list[str] = Field(
        default_factory=list,
        description="Things the user should know that are not failures, e.g. a version withdrawn "
        "by command that its manifest still lists as approved (kept withdrawn).",
    )
    chunks_indexed: int = 0
    chunks_removed: int = 0
    hcps: int = 0
    notes: int = 0
    notes_indexed: int = 0
    inquiries: int = 0
    rows_screened: int = Field(
        default=0, description="CRM note and inquiry rows screened for AEs/PCs, loaded or not."
    )
    safety_flags_added: int = Field(
        default=0, description="New possible AEs/PCs stored for pharmacovigilance."
    )
    phi_redacted: dict[str, int] = Field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures


def index_text(metadata: Mapping[str, Any], text: str) -> str:
    """What is embedded and keyword-indexed for a chunk: its text, under its title and section."""
    return f"{metadata['title']}\n{metadata['section']}\n{text}"


def _chunk_metadata(chunk: Chunk, meta: DocumentMetadata) -> dict[str, str | int | bool]:
    assert meta.expires_on is not None and meta.approved_on is not None  # approved => dated
    return {
        **{product_key(p): True for p in meta.products},
        "doc_id": chunk.doc_id,
        "version": chunk.version,
        "approval_code": chunk.approval_code,
        "title": chunk.title,
        "section": chunk.section,
        "section_kind": chunk.section_kind.value,
        "char_start": chunk.char_start,
        "char_end": chunk.char_end,
        "token_count": chunk.token_count,
        "status": meta.status.value,
        "audience": meta.audience.value,
        "market": meta.market,
        "approved_on": date_ordinal(meta.approved_on),
        "expires_on": date_ordinal(meta.expires_on),
        "products": "|".join(meta.products),
        "therapy_area": meta.therapy_area or "",
        "document_type": meta.document_type or "",
    }


def _index_changed(report: IngestReport) -> bool:
    return bool(
        report.added or report.new_versions or report.metadata_updated or report.chunks_removed
    )


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class _Discovered:
    manifests: list[Path] = field(default_factory=list)
    crm_files: list[Path] = field(default_factory=list)
    only_documents: dict[Path, set[str]] = field(default_factory=dict)  # manifest -> paths
    unlisted: list[Path] = field(default_factory=list)


def _nearest_manifest(path: Path) -> Path | None:
    for folder in path.resolve().parents:
        for name in MANIFEST_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


def _discover(paths: Iterable[Path]) -> _Discovered:
    found = _Discovered()
    for path in paths:
        if not path.exists():
            raise KnowledgeBaseError(f"{path}: no such file or folder")
        if path.is_dir():
            found.manifests += sorted(p for n in MANIFEST_NAMES for p in path.rglob(n))
            found.crm_files += sorted(p for p in path.rglob("*.csv") if is_crm_file(p))
            continue
        if path.name in MANIFEST_NAMES:
            found.manifests.append(path)
        elif is_crm_file(path):
            found.crm_files.append(path)
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            manifest = _nearest_manifest(path)
            if manifest is None:
                raise KnowledgeBaseError(
                    f"{path}: not listed in any manifest.yaml; add an entry for it to the "
                    "manifest of its content folder"
                )
            relative = path.resolve().relative_to(manifest.parent.resolve()).as_posix()
            found.only_documents.setdefault(manifest, set()).add(relative)
        else:
            raise KnowledgeBaseError(
                f"{path}: not a manifest, a CRM export ({', '.join(CRM_FILES)}) or a supported "
                f"document ({', '.join(SUPPORTED_SUFFIXES)})"
            )
    for manifest in found.only_documents:
        if manifest not in found.manifests:
            found.manifests.append(manifest)
    return found


#: Chunks of new document versions embedded together: enough for the model to batch texts of
#: like length across documents, few enough that a run's first writes come soon.
EMBED_BATCH_CHUNKS = 512


@dataclass(frozen=True)
class _Prepared:
    """A new document version read and chunked, waiting to be embedded and written."""

    meta: DocumentMetadata
    path: Path
    file_sha256: str
    known: bool
    parsed: ParsedDocument
    chunks: list[Chunk]
    should_index: bool


class Ingestor:
    def __init__(
        self,
        catalog: Catalog,
        index: VectorIndex,
        lexical_store: LexicalIndexStore,
        embedder: Embedder,
        count_tokens: Callable[[str], int],
        chunking: ChunkingConfig,
        screener: Screener | None = None,
    ) -> None:
        self._catalog = catalog
        self._index = index
        self._lexical_store = lexical_store
        self._embedder = embedder
        self._count_tokens = count_tokens
        self._chunking = chunking
        self._screener = screener

    def ingest(
        self, paths: Iterable[Path], progress: ProgressCallback | None = None
    ) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        found = _discover(paths)
        try:
            for manifest_path in found.manifests:
                self._ingest_manifest(
                    manifest_path, found.only_documents.get(manifest_path), report, progress
                )
            for crm_path in sorted(found.crm_files, key=lambda p: list(CRM_FILES).index(p.name)):
                self._ingest_crm(crm_path, report, progress)
        except BaseException as error:
            # An infrastructure error (index server, embedding service, disk) aborted the run:
            # what was written before it must be searchable lexically too. The user must see
            # the error that stopped the run, not a second one from this rebuild (the next run
            # repairs the lexical index anyway, see below).
            if _index_changed(report):
                try:
                    self.rebuild_lexical_index()
                except Exception as rebuild_error:
                    error.add_note(f"the lexical index was not rebuilt either: {rebuild_error}")
            raise
        # A run killed between writing the dense index or the catalog and saving the lexical
        # index leaves the lexical index behind; its re-run finds every document unchanged, so
        # "did this run change anything" is not enough: compare the two indexes themselves.
        if _index_changed(report) or not self._lexical_in_step():
            self.rebuild_lexical_index()
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    # Content -------------------------------------------------------------------------------

    def _ingest_manifest(
        self,
        manifest_path: Path,
        only: set[str] | None,
        report: IngestReport,
        progress: ProgressCallback | None,
    ) -> None:
        try:
            manifest = load_manifest(manifest_path)
        except ManifestError as error:
            report.failures.append(IngestFailure(path=str(manifest_path), error=str(error)))
            return
        folder = manifest_path.parent
        entries = [e for e in manifest.documents if only is None or e.path in only]
        if only is None:
            listed = {(folder / e.path).resolve() for e in manifest.documents}
            report.skipped_files += sorted(
                str(p)
                for p in folder.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and p.resolve() not in listed
            )
        pending: list[_Prepared] = []
        for done, entry in enumerate(entries):
            if progress:
                progress(f"documents ({manifest_path})", done, len(entries))
            try:
                prepared = self._ingest_document(folder, entry, report)
            except IndexUnavailableError:
                raise  # not this document's fault: every later one would fail the same way
            except KnowledgeBaseError as error:
                report.failures.append(
                    IngestFailure(path=str(folder / entry.path), error=str(error))
                )
                continue
            if prepared is not None:
                pending.append(prepared)
            if sum(len(p.chunks) for p in pending if p.should_index) >= EMBED_BATCH_CHUNKS:
                self._write_prepared(pending, report)
                pending = []
        self._write_prepared(pending, report)
        if progress:
            progress(f"documents ({manifest_path})", len(entries), len(entries))

    def _ingest_document(
        self, folder: Path, meta: DocumentMetadata, report: IngestReport
    ) -> _Prepared | None:
        """Ingest one manifest entry; bad input raises ``KnowledgeBaseError`` before any write.

        A new version comes back read and chunked, for ``_write_prepared`` to embed with other
        documents' chunks and write; anything else is done here and comes back ``None``."""
        path = (folder / meta.path).resolve()
        if not path.is_relative_to(folder.resolve()):
            raise ManifestError(
                folder, f"'{meta.path}' points outside the content folder", field="path"
            )
        if not path.is_file():
            raise DocumentLoadError(path, "file listed in the manifest does not exist")
        file_sha256 = _sha256_file(path)
        known = self._catalog.get_document(meta.doc_id)
        should_index = meta.status is Status.APPROVED

        if known is not None and known.metadata.version == meta.version:
            if known.file_sha256 != file_sha256:
                raise ManifestError(
                    folder / MANIFEST_NAMES[0],
                    f"content of '{meta.path}' changed but version is still '{meta.version}'; "
                    "an MLR-approved document changes only with a new version: bump `version`",
                    field="version",
                )
            if self._kept_withdrawn(meta, report):
                return None
            if known.metadata == meta and known.indexed == should_index:
                report.unchanged.append(meta.doc_id)
                return None
            self._update_metadata(meta, known.indexed, file_sha256, str(path), report)
            return None

        if self._kept_withdrawn(meta, report):
            return None
        parsed = load_document(path, set_id=meta.set_id)
        report.notices += [f"{meta.doc_id}: {notice}" for notice in parsed.notices]
        chunks = chunk_document(meta, parsed, self._count_tokens, self._chunking)
        if not chunks:
            raise DocumentLoadError(path, "produced no text to index")
        return _Prepared(meta, path, file_sha256, known is not None, parsed, chunks, should_index)

    def _write_prepared(self, pending: list[_Prepared], report: IngestReport) -> None:
        """Embed the chunks of several documents in one call (the model batches texts by
        length, and a batch of one document's chunks pads more), then write each document:
        index first, catalog last, as if it had been ingested alone."""
        indexed = [p for p in pending if p.should_index]
        metadatas = [[_chunk_metadata(c, p.meta) for c in p.chunks] for p in indexed]
        texts = [
            index_text(m, c.text)
            for p, metas in zip(indexed, metadatas, strict=True)
            for c, m in zip(p.chunks, metas, strict=True)
        ]
        vectors = iter(self._embedder.embed_documents(texts) if texts else [])
        ready = iter(metadatas)
        for prepared in pending:
            written = None
            if prepared.should_index:
                written = ([next(vectors) for _ in prepared.chunks], next(ready))
            try:
                self._write_document(prepared, written, report)
            except IndexUnavailableError:
                raise
            except KnowledgeBaseError as error:
                report.failures.append(IngestFailure(path=str(prepared.path), error=str(error)))

    def _write_document(
        self,
        prepared: _Prepared,
        written: tuple[list[list[float]], list[dict[str, Any]]] | None,
        report: IngestReport,
    ) -> None:
        meta, chunks = prepared.meta, prepared.chunks
        old_ids = self._index.chunk_ids(meta.doc_id)
        if written is not None:
            embeddings, metadatas = written
            self._index.add_chunks(
                [c.chunk_id for c in chunks], [c.text for c in chunks], embeddings, metadatas
            )
        new_ids = {c.chunk_id for c in chunks} if written is not None else set()
        stale = [i for i in old_ids if i not in new_ids]
        self._index.delete_chunks(stale)
        self._catalog.record_document(
            meta,
            file_sha256=prepared.file_sha256,
            source_path=str(prepared.path),
            parsed=prepared.parsed,
            chunk_count=len(chunks),
            indexed=prepared.should_index,
        )
        report.chunks_removed += len(stale)
        if prepared.should_index:
            report.chunks_indexed += len(chunks)
            (report.new_versions if prepared.known else report.added).append(meta.doc_id)
        elif old_ids:
            report.removed_from_index.append(meta.doc_id)
        else:
            report.not_indexed.append(meta.doc_id)

    def _kept_withdrawn(self, meta: DocumentMetadata, report: IngestReport) -> bool:
        """A version withdrawn by command stays withdrawn whatever its manifest still says.

        Reports it as unchanged, with a notice; only a new ``version`` reinstates the document.
        """
        if meta.status is Status.WITHDRAWN:
            return False
        event = withdrawn_by_command(self._catalog, meta.doc_id, meta.version)
        if event is None:
            return False
        report.unchanged.append(meta.doc_id)
        report.notices.append(
            f"{meta.doc_id} version {meta.version} was withdrawn by {event.by} on "
            f"{event.at:%Y-%m-%d} ({event.reason}); its manifest still says "
            f"'{meta.status.value}', so it stays withdrawn: bump `version` to reinstate it"
        )
        return True

    def _write_chunks(self, meta: DocumentMetadata, chunks: list[Chunk]) -> None:
        metadatas = [_chunk_metadata(c, meta) for c in chunks]
        embeddings = self._embedder.embed_documents(
            [index_text(m, c.text) for c, m in zip(chunks, metadatas, strict=True)]
        )
        self._index.add_chunks(
            [c.chunk_id for c in chunks], [c.text for c in chunks], embeddings, metadatas
        )

    def _update_metadata(
        self,
        meta: DocumentMetadata,
        was_indexed: bool,
        file_sha256: str,
        source_path: str,
        report: IngestReport,
    ) -> None:
        """Same version, same file, new MLR record (status, expiry, audience, ...)."""
        should_index = meta.status is Status.APPROVED
        chunk_ids = self._index.chunk_ids(meta.doc_id)
        parsed = self._catalog.parsed_version(meta.doc_id, meta.version)
        if parsed is None:
            raise DocumentLoadError(
                Path(source_path), "catalog lost this version's text; re-ingest"
            )
        chunks = chunk_document(meta, parsed, self._count_tokens, self._chunking)
        if should_index and (not was_indexed or len(chunk_ids) != len(chunks)):
            self._write_chunks(meta, chunks)
        elif should_index:
            self._index.update_chunk_metadata(
                [c.chunk_id for c in chunks], [_chunk_metadata(c, meta) for c in chunks]
            )
        else:
            self._index.delete_chunks(chunk_ids)
        self._catalog.record_document(
            meta,
            file_sha256=file_sha256,
            source_path=source_path,
            parsed=None,
            chunk_count=len(chunks),
            indexed=should_index,
        )
        if not should_index and chunk_ids:
            report.removed_from_index.append(meta.doc_id)
            report.chunks_removed += len(chunk_ids)
        else:
            report.metadata_updated.append(meta.doc_id)

    def _lexical_in_step(self) -> bool:
        """Whether the current lexical index holds exactly the dense index's chunks and metadata.

        Metadata matters as much as ids: the lexical mask applies the access rules (status,
        audience, expiry) from it."""
        if self._lexical_store.current_generation() is None:
            return False
        lexical = self._lexical_store.load()
        dense = {r.id: r.metadata for r in self._index.all_content()}
        return dense == dict(zip(lexical.ids, lexical.metadatas, strict=True))

    def rebuild_lexical_index(self) -> None:
        """Rebuild BM25 from the dense index, the source of truth for what is servable."""
        records = self._index.all_content()
        self._lexical_store.save(
            LexicalIndex.build(
                [r.id for r in records],
                [index_text(r.metadata, r.text) for r in records],
                [r.metadata for r in records],
            )
        )

    # CRM exports ---------------------------------------------------------------------------

    def _ingest_crm(
        self, path: Path, report: IngestReport, progress: ProgressCallback | None
    ) -> None:
        if progress:
            progress(f"CRM ({path.name})", 0, 1)
        load_error: KnowledgeBaseError | None = None
        try:
            records = CRM_FILES[path.name](path)
        except KnowledgeBaseError as error:
            load_error = error
        # Screened before anything can be rejected: a bad row is flagged with its problem.
        self._screen_crm_file(path, load_error, report)
        if load_error is not None:
            report.failures.append(IngestFailure(path=str(path), error=str(load_error)))
            return
        phi: Counter[str] = Counter(report.phi_redacted)
        if path.name == "hcps.csv":
            hcps: list[HcpProfile] = records
            self._catalog.upsert_hcps(hcps)
            report.hcps += len(hcps)
        elif path.name == "notes.csv":
            notes = _redacted_notes(records, phi)
            stored = {
                n.note_id: n.model_dump_json()
                for n in self._catalog.notes(n.note_id for n in notes)
            }
            changed = {n.note_id for n in notes if stored.get(n.note_id) != n.model_dump_json()}
            missing = {n.note_id for n in notes} - self._index.note_ids()
            # Index first, catalog last, as for documents: a run killed in between finds the
            # note still changed in the catalog and indexes it again.
            self._index_notes([n for n in notes if n.note_id in changed | missing])
            self._catalog.upsert_notes(notes)
            report.notes += len(notes)
            report.notes_indexed += len(changed | missing)
        else:
            inquiries = _redacted_inquiries(records, phi)
            self._catalog.upsert_inquiries(inquiries)
            report.inquiries += len(inquiries)
        report.phi_redacted = dict(sorted(phi.items()))
        if progress:
            progress(f"CRM ({path.name})", 1, 1)

    def _screen_crm_file(
        self, path: Path, load_error: KnowledgeBaseError | None, report: IngestReport
    ) -> None:
        """Screen every note or inquiry row as read, raw (before redaction), loaded or not."""
        if self._screener is None or path.name not in _SCREENED_FILES:
            return
        try:
            rows, read_error = read_rows_leniently(path)
        except KnowledgeBaseError:
            return  # unreadable as a whole: the strict load reported the same error
        error_row = getattr(load_error, "row", None)
        records = [
            RawRecord(
                row=number,
                values=values,
                problems=(
                    []
                    if load_error is None
                    else [
                        str(load_error)
                        if error_row in (None, number)
                        else "not loaded: another row of the file stopped it"
                    ]
                ),
            )
            for number, values in rows
        ]
        flags = screen_rows(
            self._screener,
            source_type=_SCREENED_FILES[path.name],
            source_file=str(path),
            records=records,
        )
        if read_error is not None:
            report.notices.append(
                f"{path}: only the {len(rows)} rows before a malformed line were screened for "
                f"adverse events ({read_error}); fix the file and ingest it again"
            )
        report.rows_screened += len(rows)
        report.safety_flags_added += self._catalog.add_safety_flags(flags)

    def _index_notes(self, notes: list[FieldNote]) -> None:
        if not notes:
            return
        embeddings = self._embedder.embed_documents([n.text for n in notes])
        self._index.upsert_notes(
            [n.note_id for n in notes],
            [n.text for n in notes],
            embeddings,
            [
                {"hcp_id": n.hcp_id, "author_role": n.author_role.value, "date": n.date.isoformat()}
                for n in notes
            ],
        )


_SCREENED_FILES: dict[str, Literal["note", "inquiry"]] = {
    "notes.csv": "note",
    "inquiries.csv": "inquiry",
}


def _redact_all(texts: list[str], phi: Counter[str]) -> list[str]:
    results = redact_many(texts)
    for result in results:
        phi.update(result.counts())
    return [result.text for result in results]


def _redacted_notes(notes: list[FieldNote], phi: Counter[str]) -> list[FieldNote]:
    """The notes with their text and extra cells redacted, all in one batch."""
    texts = [t for n in notes for t in (n.text, *n.extra.values())]
    redacted = iter(_redact_all(texts, phi))
    return [
        n.model_copy(update={"text": next(redacted), "extra": {k: next(redacted) for k in n.extra}})
        for n in notes
    ]


def _redacted_inquiries(inquiries: list[Inquiry], phi: Counter[str]) -> list[Inquiry]:
    """The inquiries with their question and extra cells redacted, all in one batch."""
    texts = [t for q in inquiries for t in (q.question, *q.extra.values())]
    redacted = iter(_redact_all(texts, phi))
    return [
        q.model_copy(
            update={"question": next(redacted), "extra": {k: next(redacted) for k in q.extra}}
        )
        for q in inquiries
    ]
