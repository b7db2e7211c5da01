"""Write the sample's real labels as the chunks the product indexes, one text file per label.

    .venv/bin/python -m bench.redteam.export_passages OUT_DIR

The red-team perturbations are written from these files (not from the SPL XML or openFDA JSON),
so that every passage a writer copies is text the product can retrieve and cite: a passage copied
from inside one ``=== chunk ...`` block lies inside one indexed chunk.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.settings import Settings
from knowledge_base.chunking import ChunkingConfig, chunk_document
from knowledge_base.loaders import load_document
from knowledge_base.manifest import load_manifest
from knowledge_base.models import Chunk, DocumentMetadata
from knowledge_base.store import sample_path
from knowledge_base.tokens import TokenCounter


def label_chunks() -> dict[str, tuple[DocumentMetadata, list[Chunk]]]:
    """Every label of the sample, chunked as ``medbrief ingest`` chunks it, by doc id."""
    settings = Settings()
    manifest_path = sample_path() / "content" / "manifest.yaml"
    tokens = TokenCounter(settings.cache_dir / "tiktoken")
    chunking = ChunkingConfig(
        max_tokens=settings.chunk_tokens, overlap_tokens=settings.chunk_overlap_tokens
    )
    labels = {}
    for meta in load_manifest(manifest_path).documents:
        if meta.document_type == "label":
            parsed = load_document(manifest_path.parent / meta.path, set_id=meta.set_id)
            labels[meta.doc_id] = (meta, chunk_document(meta, parsed, tokens.count, chunking))
    return labels


def export(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    labels = label_chunks()
    for doc_id, (meta, chunks) in labels.items():
        lines = [f"# {meta.title}", f"doc_id: {doc_id}", f"products: {meta.products}", ""]
        for chunk in chunks:
            lines += [f"=== chunk {chunk.chunk_id} | section: {chunk.section} ===", chunk.text, ""]
        (out / f"{doc_id}.txt").write_text("\n".join(lines), encoding="utf-8")
    return len(labels)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    print(f"{export(args.out)} labels written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
