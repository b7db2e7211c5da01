"""Errors the knowledge base raises for bad input.

Each names the file (and the field or row where there is one) and says what to do, so the CLI
can print it as it is and a user can fix the input without reading a traceback.
"""

from __future__ import annotations

from pathlib import Path


class KnowledgeBaseError(Exception):
    """Base class: bad input or state the user can fix."""


class ManifestError(KnowledgeBaseError):
    def __init__(self, path: Path, message: str, *, field: str | None = None) -> None:
        self.path = path
        self.field = field
        where = f"{path}" + (f", field '{field}'" if field else "")
        super().__init__(f"{where}: {message}")


class DocumentLoadError(KnowledgeBaseError):
    """A document file could not be read or parsed (unparseable, empty, unsupported type)."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


class CrmFileError(KnowledgeBaseError):
    """A CRM export (hcps.csv, notes.csv, inquiries.csv) is missing a column or unreadable."""

    def __init__(
        self, path: Path, message: str, *, row: int | None = None, field: str | None = None
    ) -> None:
        self.path = path
        self.row = row
        self.field = field
        where = f"{path}"
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", column '{field}'"
        super().__init__(f"{where}: {message}")


class IndexUnavailableError(KnowledgeBaseError):
    """The Chroma server cannot be reached (down, restarting, wrong URL): not bad input.

    Ingest stops at the first one (every later document would fail the same way) and leaves the
    catalog claiming nothing that is not indexed; running the command again completes it."""

    def __init__(self, url: str, reason: BaseException) -> None:
        self.url = url
        detail = " ".join(str(reason).split())[:200] or type(reason).__name__
        super().__init__(
            f"the Chroma server at {url} cannot be reached ({detail}); start it, or correct "
            "MEDBRIEF_CHROMA_URL (unset it to use the embedded index), then run the command again"
        )
