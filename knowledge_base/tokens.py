"""Token counting with tiktoken, from the vendored encodings (see ``offline_assets``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import tiktoken

from knowledge_base.offline_assets import provision_tiktoken

__all__ = ["TokenCounter"]


@cache
def _encoding(name: str, cache_dir: str) -> tiktoken.Encoding:
    provision_tiktoken(Path(cache_dir))
    return tiktoken.get_encoding(name)


class TokenCounter:
    """Counts tokens in one tiktoken encoding; loading is cached per (encoding, cache folder)."""

    def __init__(self, cache_dir: Path, encoding_name: str = "cl100k_base") -> None:
        self.encoding_name = encoding_name
        self._encoding = _encoding(encoding_name, str(cache_dir))

    def count(self, text: str) -> int:
        return len(self._encoding.encode(text, disallowed_special=()))
