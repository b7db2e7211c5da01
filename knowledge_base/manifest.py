"""Reading a content folder's ``manifest.yaml`` into validated MLR records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from knowledge_base.errors import ManifestError
from knowledge_base.models import Manifest

__all__ = ["MANIFEST_NAMES", "load_manifest"]

MANIFEST_NAMES = ("manifest.yaml", "manifest.yml")


def _describe(location: tuple[int | str, ...], raw: Any) -> tuple[str, str | None]:
    """Turn a pydantic error location into 'documents[3] (doc_id 'x')' and a field name."""
    if len(location) >= 2 and location[0] == "documents" and isinstance(location[1], int):
        index = location[1]
        entry = raw["documents"][index] if isinstance(raw, dict) else None
        label = f"documents[{index}]"
        if isinstance(entry, dict) and entry.get("doc_id"):
            label += f" (doc_id '{entry['doc_id']}')"
        field = ".".join(str(part) for part in location[2:]) or None
        return label, field
    return "manifest", ".".join(str(part) for part in location) or None


def load_manifest(path: Path) -> Manifest:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ManifestError(path, "file not found") from error
    except UnicodeDecodeError as error:
        raise ManifestError(path, "is not UTF-8 text; re-save it as UTF-8") from error
    except yaml.YAMLError as error:
        raise ManifestError(path, f"is not valid YAML: {error}") from error
    except RecursionError as error:  # "[[[[..." thousands deep: PyYAML recurses per level
        raise ManifestError(path, "is nested too deeply to be a manifest") from error
    if not isinstance(raw, dict) or "documents" not in raw:
        raise ManifestError(
            path, "must be a mapping with a top-level 'documents:' list", field="documents"
        )
    try:
        return Manifest.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        label, field = _describe(tuple(first["loc"]), raw)
        others = len(error.errors()) - 1
        more = f" (and {others} more problem{'s' if others > 1 else ''})" if others else ""
        raise ManifestError(path, f"{label}: {first['msg']}{more}", field=field) from error
