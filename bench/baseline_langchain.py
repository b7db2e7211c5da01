"""The standard LangChain + Chroma RAG recipe, as the tutorials teach it: the comparison baseline.

    from bench.baseline_langchain import build_baseline
    baseline = build_baseline(tmpdir)
    baseline.retrieve("TAGRISSO dose", k=5)  # [(doc_id, section_kind or None, text), ...]

The recipe, step by step (see bench/compare.py for the side-by-side with Medbrief):

1. Load every document the sample manifest lists. LangChain has no SPL/PDF/DOCX loader that gives
   the same text as ours, so the text comes from our loaders (``load_document``); the manifest's
   doc_id/title/status/audience/expires_on/market/approval_code/version are copied into
   ``Document.metadata`` like a tutorial user would, and nothing ever filters on them.
2. ``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True)``.
3. ``Chroma.from_documents(chunks, embedding=OnnxMiniLMEmbedder(), persist_directory=tmp)``:
   the same embedding model as ours, Chroma's default collection settings (L2 distance; our
   vectors are unit length, so the ranking equals cosine's). Telemetry is switched off as in our
   index, which changes nothing but keeps the run offline.
4. ``as_retriever(search_kwargs={"k": 5})``: plain similarity search.
5. A "stuff" answer step. Offline there is no LLM, so the answer is the top-5 chunks stuffed into
   the prompt and its citations are their doc_ids. The baseline never refuses.

Section of a baseline chunk: the splitter is not section-aware, so a chunk may straddle sections.
For scoring we map each chunk to the section kind of our ``ParsedDocument`` section that contains
the chunk's start offset (``metadata["start_index"]``, from ``add_start_index=True``); a chunk
starting between sections (e.g. a preamble not in any section) gets ``None``. This bookkeeping
uses the parsed sections kept aside; it is not part of the recipe and is not timed as ingest.
"""

from __future__ import annotations

import bisect
import time
from dataclasses import dataclass, field
from pathlib import Path

from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_core.vectorstores import VectorStoreRetriever
from langchain_text_splitters import RecursiveCharacterTextSplitter

from knowledge_base.embeddings import Embedder, OnnxMiniLMEmbedder
from knowledge_base.loaders import load_document
from knowledge_base.manifest import load_manifest
from knowledge_base.models import DocumentMetadata, ParsedDocument
from knowledge_base.store import sample_path

__all__ = ["CONTENT", "Baseline", "build_baseline"]

CONTENT = sample_path() / "content"
CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
ANSWER_K = 5

Hit = tuple[str, str | None, str]  # (doc_id, section kind or None, chunk text)


@dataclass
class _SectionMap:
    """Start offsets and kinds of one parsed document's sections, for offset -> section kind."""

    starts: list[int]
    ends: list[int]
    kinds: list[str]

    @classmethod
    def of(cls, parsed: ParsedDocument) -> _SectionMap:
        sections = parsed.sections
        return cls(
            [s.start for s in sections], [s.end for s in sections], [s.kind.value for s in sections]
        )

    def kind_at(self, offset: int) -> str | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0 or offset >= self.ends[i]:
            return None
        return self.kinds[i]


@dataclass
class Baseline:
    store: Chroma
    retriever: VectorStoreRetriever
    chunks: int
    documents: int
    ingest_seconds: float
    sections: dict[str, _SectionMap] = field(repr=False)

    def _hit(self, doc: Document) -> Hit:
        doc_id = str(doc.metadata["doc_id"])
        start = doc.metadata.get("start_index")
        section = None
        if isinstance(start, int) and start >= 0 and doc_id in self.sections:
            section = self.sections[doc_id].kind_at(start)
        return doc_id, section, doc.page_content

    def retrieve(self, question: str, k: int = ANSWER_K) -> list[Hit]:
        """The top ``k`` chunks by similarity (the retriever's ``k`` overridden per call)."""
        return [self._hit(d) for d in self.retriever.invoke(question, k=k)]

    def answer(self, question: str) -> tuple[list[Hit], list[str]]:
        """The "stuff" step without an LLM: the stuffed top-5 chunks and the doc_ids it cites."""
        stuffed = [self._hit(d) for d in self.retriever.invoke(question)]
        cited = list(dict.fromkeys(doc_id for doc_id, _, _ in stuffed))
        return stuffed, cited


def _metadata(entry: DocumentMetadata) -> dict[str, str | None]:
    """The manifest fields a tutorial user copies into Document.metadata (Chroma takes scalars)."""
    return {
        "doc_id": entry.doc_id,
        "title": entry.title,
        "status": entry.status.value,
        "audience": entry.audience.value,
        "expires_on": entry.expires_on.isoformat() if entry.expires_on else None,
        "market": entry.market,
        "approval_code": entry.approval_code,
        "version": entry.version,
        "source": str(CONTENT / entry.path),
    }


def build_baseline(
    tmpdir: Path | str, *, embedder: Embedder | None = None, content: Path = CONTENT
) -> Baseline:
    """Ingest the sample with the tutorial recipe into ``tmpdir`` (timed: load, split, embed)."""
    embedding = embedder or OnnxMiniLMEmbedder()  # model load is not part of the ingest time
    manifest = load_manifest(content / "manifest.yaml")
    started = time.perf_counter()
    docs: list[Document] = []
    sections: dict[str, _SectionMap] = {}
    for entry in manifest.documents:
        parsed = load_document(content / entry.path)
        sections[entry.doc_id] = _SectionMap.of(parsed)
        docs.append(Document(page_content=parsed.text, metadata=_metadata(entry)))
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True
    )
    splits = splitter.split_documents(docs)
    store = Chroma.from_documents(
        splits,
        embedding=embedding,
        persist_directory=str(tmpdir),
        client_settings=ChromaSettings(anonymized_telemetry=False),
    )
    seconds = time.perf_counter() - started
    return Baseline(
        store=store,
        retriever=store.as_retriever(search_kwargs={"k": ANSWER_K}),
        chunks=len(splits),
        documents=len(docs),
        ingest_seconds=seconds,
        sections=sections,
    )
