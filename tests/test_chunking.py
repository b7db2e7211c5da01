from __future__ import annotations

import itertools
from datetime import date

from knowledge_base.chunking import ChunkingConfig, chunk_document
from knowledge_base.models import (
    Audience,
    DocumentMetadata,
    ParsedDocument,
    Section,
    SectionKind,
    Status,
)


def words(text: str) -> int:
    return len(text.split())


META = DocumentMetadata(
    path="x.md",
    doc_id="doc",
    title="Doc (fictional)",
    approval_code="ONC-US-2026-0001",
    version="1",
    status=Status.APPROVED,
    approved_on=date(2026, 1, 1),
    expires_on=date(2027, 1, 1),
    audience=Audience.COMMERCIAL,
    products=["X"],
    market="US",
)


def parsed() -> ParsedDocument:
    boxed = "WARNING: HEPATOTOXICITY\n\nMonitor liver tests. Stop if ALT rises above 5x ULN."
    sentences = " ".join(f"Sentence number {i} about dosing is here." for i in range(40))
    dosing = f"2 DOSAGE AND ADMINISTRATION\n\n{sentences}\n\n- Take with food\n- Do not crush"
    text = f"{boxed}\n\n{dosing}"
    return ParsedDocument(
        text=text,
        title="Doc",
        source_format="markdown",
        sections=[
            Section(title="BOXED WARNING", kind=SectionKind.BOXED_WARNING, start=0, end=len(boxed)),
            Section(
                title="2 DOSAGE AND ADMINISTRATION",
                kind=SectionKind.DOSAGE,
                start=len(boxed) + 2,
                end=len(text),
            ),
        ],
    )


def test_chunks_are_exact_spans_within_one_section_and_budget() -> None:
    doc = parsed()
    chunks = chunk_document(META, doc, words, ChunkingConfig(max_tokens=40, overlap_tokens=10))
    assert len(chunks) > 3
    for chunk in chunks:
        assert doc.text[chunk.char_start : chunk.char_end] == chunk.text
        assert chunk.token_count == words(chunk.text) <= 40
        section = next(s for s in doc.sections if s.title == chunk.section)
        assert section.start <= chunk.char_start < chunk.char_end <= section.end
    assert chunks[0].section_kind is SectionKind.BOXED_WARNING
    assert chunks[0].text.startswith("WARNING: HEPATOTOXICITY")
    assert [c.chunk_id for c in chunks] == [f"doc@1#{i:04d}" for i in range(len(chunks))]
    assert all(c.approval_code == META.approval_code and c.version == "1" for c in chunks)


def test_consecutive_chunks_overlap_by_whole_sentences() -> None:
    chunks = chunk_document(META, parsed(), words, ChunkingConfig(max_tokens=40, overlap_tokens=10))
    dosing = [c for c in chunks if c.section_kind is SectionKind.DOSAGE]
    for first, second in itertools.pairwise(dosing):
        assert second.char_start < first.char_end  # overlap
        assert second.text.startswith(("Sentence", "-"))  # at a sentence/line boundary


def test_every_character_of_every_section_is_covered() -> None:
    doc = parsed()
    chunks = chunk_document(META, doc, words, ChunkingConfig(max_tokens=25, overlap_tokens=0))
    covered = set()
    for chunk in chunks:
        covered.update(range(chunk.char_start, chunk.char_end))
    for section in doc.sections:
        for i in range(section.start, section.end):
            assert i in covered or doc.text[i].isspace(), (i, doc.text[i])


def test_a_sentence_longer_than_the_budget_is_cut_at_words() -> None:
    text = "INDICATIONS\n\n" + " ".join(["word"] * 100)
    doc = ParsedDocument(
        text=text,
        source_format="text",
        sections=[
            Section(title="INDICATIONS", kind=SectionKind.INDICATIONS, start=0, end=len(text))
        ],
    )
    chunks = chunk_document(META, doc, words, ChunkingConfig(max_tokens=30, overlap_tokens=0))
    assert all(c.token_count <= 30 for c in chunks)
    assert sum(c.token_count for c in chunks) == 101
