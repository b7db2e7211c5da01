"""Document loaders: one file in, one ``ParsedDocument`` (plain text + section spans) out.

``load_document`` picks the loader from the file suffix and turns every failure (unknown
type, empty or unreadable file, a library's parse error) into a ``DocumentLoadError`` that
names the file and says what to do, so one bad file never surfaces as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from knowledge_base.errors import DocumentLoadError
from knowledge_base.loaders.docx import load_docx
from knowledge_base.loaders.html import load_html
from knowledge_base.loaders.markdown import load_markdown
from knowledge_base.loaders.openfda import load_openfda
from knowledge_base.loaders.pdf import load_pdf
from knowledge_base.loaders.sections import classify_title
from knowledge_base.loaders.spl import load_spl, load_spl_zip
from knowledge_base.loaders.text import load_text
from knowledge_base.models import ParsedDocument

__all__ = [
    "LOADERS",
    "MAX_DOCUMENT_BYTES",
    "SUPPORTED_SUFFIXES",
    "classify_title",
    "load_document",
]

#: Largest document file accepted (50 MiB). The biggest FDA labels (SPL XML with every table)
#: are a few MiB; anything far larger is a mistake or an attack, and is refused before a byte of
#: it is read into memory.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024

Loader = Callable[[Path, bytes], ParsedDocument]

LOADERS: dict[str, Loader] = {
    ".xml": load_spl,
    ".zip": load_spl_zip,
    ".json": load_openfda,
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".html": load_html,
    ".htm": load_html,
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(LOADERS)


def load_document(
    path: Path, *, max_bytes: int = MAX_DOCUMENT_BYTES, set_id: str | None = None
) -> ParsedDocument:
    """Parse a document file into its text and flat, ordered section spans.

    A file larger than ``max_bytes`` is refused before it is read. ``set_id`` names the label
    meant (the manifest's ``set_id``): it picks the record of an openFDA file holding several,
    and for any other label it must match the file's own set id."""
    path = Path(path)
    suffix = path.suffix.lower()
    loader = LOADERS.get(suffix)
    if loader is None:
        shown = f"'{path.suffix}'" if path.suffix else "no suffix"
        raise DocumentLoadError(
            path,
            f"unsupported document type ({shown}); supported: {', '.join(SUPPORTED_SUFFIXES)}",
        )
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentLoadError(
                path,
                f"is {size:,} bytes, over the {max_bytes:,}-byte limit for one document; "
                "split it, or export only the approved text",
            )
        with path.open("rb") as handle:
            # Read at most one byte past the limit: the file may grow after stat().
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise DocumentLoadError(path, f"could not be read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise DocumentLoadError(path, f"grew past the {max_bytes:,}-byte limit while being read")
    if not data.strip():
        raise DocumentLoadError(path, "is empty; it has no text to load")
    document = load_openfda(path, data, set_id=set_id) if suffix == ".json" else loader(path, data)
    if set_id is not None and document.set_id is not None and document.set_id != set_id:
        raise DocumentLoadError(
            path,
            f"is the label with set id '{document.set_id}', not '{set_id}' as its manifest "
            "entry says; correct `set_id` or `path`",
        )
    if not document.text.strip():
        hint = "; if it is a scanned PDF, export it with a text layer" if suffix == ".pdf" else ""
        raise DocumentLoadError(path, f"has no text{hint}")
    return document
