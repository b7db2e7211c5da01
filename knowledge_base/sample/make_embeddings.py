"""Write the sample's shipped vectors: ``embeddings-<model id>.npz`` beside this file.

Ingests the whole sample (content and CRM) into a temporary home with an empty embedding cache
and the offline default embedder, then saves every vector the ingest computed. Ingest reads
them back (keyed by model id and text), so a first ``medbrief ingest --sample`` does not spend
minutes embedding 7,000 chunks on a laptop; text that changed since is simply embedded. Re-run
after changing the sample's documents, its CRM, its redaction or the chunking::

    .venv/bin/python knowledge_base/sample/make_embeddings.py [--reuse-shipped]

``--reuse-shipped`` takes the vectors of texts that did not change from the file being replaced
(the same model computed them) and embeds only the new texts: seconds instead of minutes after
a change to the CRM notes or their redaction. Texts no longer in the sample are dropped either
way, because only the vectors this ingest asked for are written.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from assistant.runtime import open_knowledge_base
from assistant.settings import Settings
from knowledge_base.embedding_cache import CachedEmbedder, EmbeddingCache, EmbeddingSeed
from knowledge_base.store import sample_path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse-shipped", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="medbrief-embeddings-") as scratch:
        settings = Settings(home=Path(scratch) / "home", embedding_cache=False)
        kb = open_knowledge_base(settings)
        shipped = sample_path() / f"embeddings-{kb.embedder.model_id}.npz"
        # An empty cache; without --reuse-shipped no seed either: every vector is computed.
        seeds = [EmbeddingSeed(shipped)] if args.reuse_shipped and shipped.is_file() else []
        cache = EmbeddingCache(Path(scratch) / "embeddings.sqlite")
        kb.ingest_embedder = CachedEmbedder(kb.embedder, cache, seeds)
        started = time.perf_counter()
        report = kb.ingest([sample_path()])
        if not report.ok:
            raise SystemExit(f"ingest failed: {report.failures}")
        vectors = cache.all()
        target = shipped
        EmbeddingSeed.write(target, vectors)
        print(
            f"{target}: {len(vectors)} vectors ({report.chunks_indexed} chunks, "
            f"{report.notes_indexed} notes) in {time.perf_counter() - started:.0f} s"
        )


if __name__ == "__main__":
    main()
