"""PHI redaction for CRM call notes and medical inquiries.

Reps and MSLs sometimes write patient details into their notes. Before a note is indexed, stored
or sent to a model, ``redact`` replaces HIPAA safe-harbor identifiers with readable tokens such as
``[NAME]`` or ``[DOB]``, so the note still makes sense to a reader or an LLM.

Four layers, run as Microsoft Presidio recognizers, and whatever any of them finds is redacted:
our patterns (``rules``: dates, phone numbers, record and plan ids, addresses, names after a
cue), the US census name lists (``names``), a spaCy English NER model (``ner``, pinned and
checked against the official model) and a learned model that reads each word for a name
(``name_model``, fitted on the blind PHI sets). HCP names ("Dr. Chen", "Ana Ruiz, NP"), product
names, years, month + year unless an event of the patient's comes before it, lot, NDC and NPI
codes and clinical text are kept.

The result records the kind and position of each redaction, never the value it replaced.
"""

from __future__ import annotations

from knowledge_base.redaction.rules import PhiKind, RedactedSpan, RedactionResult

__all__ = ["PhiKind", "RedactedSpan", "RedactionResult", "redact", "redact_many"]


def redact(text: str) -> RedactionResult:
    """Replace PHI in ``text`` with ``[KIND]`` tokens; overlapping finds: the longest wins."""
    # Presidio and spaCy take most of a second to import: only a process that redacts pays it.
    from knowledge_base.redaction.engine import layered_redactor

    redactor = layered_redactor()
    spans = redactor.spans(text)
    return RedactionResult(redactor.render(text, spans), tuple(spans))


def redact_many(texts: list[str]) -> list[RedactionResult]:
    """``redact`` for many texts at once (the NER model reads them as one batch), each distinct
    text once (the redactor sees to it): exports and backlogs repeat their questions and their
    flags' evidence."""
    from knowledge_base.redaction.engine import layered_redactor

    redactor = layered_redactor()
    return [
        RedactionResult(redactor.render(text, spans), tuple(spans))
        for text, spans in zip(texts, redactor.spans_many(texts), strict=True)
    ]
