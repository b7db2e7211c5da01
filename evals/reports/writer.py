"""Saving a report: atomically, so that CI or a reviewer never opens a half-written file.

The text goes to a temporary file in the target folder and is moved over the target with
``os.replace``, which is atomic on one file system. Problems with the destination are raised as
``ReportWriteError`` with the path in the message, for the CLI to print as is.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from evals.models import EvalRun
from evals.reports.html import render_html
from evals.reports.json_report import render_json
from evals.reports.junit import render_junit

__all__ = ["RENDERERS", "ReportKind", "ReportWriteError", "write_report"]

ReportKind = Literal["html", "junit", "json"]

RENDERERS: dict[str, Callable[[EvalRun], str]] = {
    "html": render_html,
    "junit": render_junit,
    "json": render_json,
}

# Reports are meant to be shared; a temporary file would otherwise keep mkstemp's 0600.
REPORT_MODE = 0o644


class ReportWriteError(OSError):
    """The report could not be written where asked (a folder, no permission, a full disk)."""


def _write_atomically(path: Path, text: str) -> None:
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, REPORT_MODE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_report(run: EvalRun, path: Path, kind: ReportKind) -> Path:
    """Render ``run`` as ``kind`` and write it to ``path`` (parents created); returns the path."""
    if kind not in RENDERERS:
        raise ValueError(f"unknown report kind {kind!r}; expected one of {', '.join(RENDERERS)}")
    path = Path(path)
    if path.is_dir():
        example = path / ("report.xml" if kind == "junit" else f"report.{kind}")
        raise ReportWriteError(
            f"cannot write the {kind} report to {path}: it is a directory; "
            f"give a file name, e.g. {example}"
        )
    text = RENDERERS[kind](run)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, text)
    except (FileExistsError, NotADirectoryError) as error:
        raise ReportWriteError(
            f"cannot write the {kind} report to {path}: part of its folder path is a file"
        ) from error
    except PermissionError as error:
        raise ReportWriteError(
            f"cannot write the {kind} report to {path}: permission denied"
        ) from error
    except OSError as error:
        reason = error.strerror or str(error)
        raise ReportWriteError(f"cannot write the {kind} report to {path}: {reason}") from error
    return path
