"""Guards for zip-based documents (.docx, DailyMed's SPL .zip): checked from the sizes the zip
declares before anything is decompressed (Python's zipfile never inflates a member past its
declared size, so a lying header cannot get around them). Real labels inflate ~3-10x."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from knowledge_base.errors import DocumentLoadError

__all__ = ["MAX_COMPRESSION_RATIO", "MAX_UNZIPPED_BYTES", "MAX_ZIP_MEMBERS", "refuse_zip_bomb"]

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 2000


def refuse_zip_bomb(path: Path, data: bytes, kind: str) -> None:
    """Refuse an archive that would unpack to too much; ``kind`` names what it should be
    ("a Word file") in the message. Data that is not a zip at all passes: its loader says so."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    if len(members) > MAX_ZIP_MEMBERS:
        raise DocumentLoadError(
            path, f"has {len(members):,} parts ({kind} has dozens); refused as unsafe"
        )
    total = sum(m.file_size for m in members)
    if total > MAX_UNZIPPED_BYTES:
        raise DocumentLoadError(
            path,
            f"would unpack to {total:,} bytes (over {MAX_UNZIPPED_BYTES:,}); refused as a "
            "possible zip bomb, nothing was decompressed",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO:
            raise DocumentLoadError(
                path,
                f"part '{member.filename}' is compressed {ratio:,.0f}:1 (over "
                f"{MAX_COMPRESSION_RATIO}:1); refused as a possible zip bomb, nothing was "
                "decompressed",
            )
