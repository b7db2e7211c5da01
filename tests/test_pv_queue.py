"""The PV queue has one entry per source and kind: the unit a decision is about."""

from __future__ import annotations

from datetime import UTC, datetime

from assistant.outputs import SafetyFlag
from assistant.pharmacovigilance.flags import joined


def _flag(source_id: str, kind: str, evidence: str, doubts: list[str] | None = None) -> SafetyFlag:
    return SafetyFlag(
        source_id=source_id,
        source_type="note",
        kind=kind,
        evidence=evidence,
        received_at=datetime(2026, 11, 2, tzinfo=UTC),
        hcp_id="HCP-1",
        doubts=doubts or [],
    )


def test_the_same_note_flagged_twice_is_one_entry_with_both_findings() -> None:
    raw = _flag("N-1", "AE", "pt [NAME] ended up in the ER with a rash", ["hypothetical"])
    stored = _flag("N-1", "AE", "rash all over her arms")  # found again in the stored text
    complaint = _flag("N-1", "PC", "pen jammed")
    queue = joined([raw, stored, complaint, raw])
    assert [(f.source_id, f.kind) for f in queue] == [("N-1", "AE"), ("N-1", "PC")]
    (adverse, _) = queue
    assert adverse.evidence == "pt [NAME] ended up in the ER with a rash · rash all over her arms"
    assert adverse.doubts == [], "one finding without doubt is enough to take it at its word"


def test_evidence_already_quoted_is_not_repeated_and_shared_doubts_stay() -> None:
    first = _flag("N-2", "AE", "may have caused a rash", ["hypothetical"])
    again = _flag("N-2", "AE", "caused a rash", ["hypothetical", "label"])
    (entry,) = joined([first, again])
    assert entry.evidence == "may have caused a rash"
    assert entry.doubts == ["hypothetical"]
