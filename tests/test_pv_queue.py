"""The PV queue has one entry per source and kind (the unit a decision is about), ordered as a
reviewer works it: deaths, other serious outcomes, open urgent records, the rest; newest first."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.outputs import SafetyFlag
from assistant.pharmacovigilance.flags import joined, review_order
from assistant.pharmacovigilance.seriousness import seriousness


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


def _dated(source_id: str, evidence: str, day: int, doubts: list[str] | None = None) -> SafetyFlag:
    flag = _flag(source_id, "AE", evidence, doubts)
    return flag.model_copy(
        update={
            "received_at": datetime(2026, 11, day, tzinfo=UTC),
            "seriousness": seriousness(evidence).label,
        }
    )


def test_the_queue_is_ordered_by_seriousness_then_urgency_then_age() -> None:
    flags = [
        _dated("N-old-rash", "pt on HUMIRA got a rash", 1),
        _dated("N-new-rash", "pt on HUMIRA got a rash again", 20),
        _dated("N-admit", "pt on KEYTRUDA admitted with colitis", 5),
        _dated("N-death", "pt on KEYTRUDA died of pneumonitis", 3),
        _dated("I-urgent", "dizzy after the first dose", 2),
        _dated("N-doubt", "pt on HUMIRA got a rash, maybe", 25, ["hypothetical"]),
        _dated("N-decided", "pt on KEYTRUDA died after cycle 2", 28),
    ]
    decided = {"note:N-decided:AE"}
    order = [f.source_id for f in review_order(flags, decided, urgent={"I-urgent"})]
    assert order == [
        "N-death",  # deaths first
        "N-admit",  # then the other serious outcomes
        "I-urgent",  # then flags on open urgent records
        "N-new-rash",  # then the rest, newest first,
        "N-old-rash",
        "N-doubt",  # what something casts doubt on last in its level,
        "N-decided",  # and decided flags after every open one: none is dropped
    ]


def test_joined_flags_keep_the_most_serious_reading() -> None:
    mild = _dated("N-9", "pt on ELIQUIS had a nosebleed", 4)
    grave = _dated("N-9", "pt on ELIQUIS was admitted for a GI bleed", 4)
    (entry,) = joined([mild, grave])
    assert entry.seriousness == "hospitalised"


def test_a_response_is_recorded_only_for_a_filed_request_and_with_a_note(tmp_path) -> None:
    from assistant.actions import (
        file_medical_information_request,
        mark_request_responded,
        request_statuses,
    )
    from assistant.audit import AuditLog
    from knowledge_base.models import Role

    audit = AuditLog.open(f"sqlite:///{tmp_path / 'audit.db'}")
    filed = file_medical_information_request(
        audit, question="thyroid cancer?", user="rita", role=Role.REP, hcp_id="HCP-1"
    )
    assert request_statuses(audit) == {}
    with pytest.raises(ValueError, match="say how"):
        mark_request_responded(audit, filed.record_id, note=" ", user="sam", role=Role.MSL)
    with pytest.raises(ValueError, match="no medical information request"):
        mark_request_responded(audit, "nope", note="sent SRD", user="sam", role=Role.MSL)
    mark_request_responded(audit, filed.record_id, note="sent SRD", user="sam", role=Role.MSL)
    (response,) = request_statuses(audit).values()
    assert (response.user, response.decision, response.detail) == ("sam", "responded", "sent SRD")
    audit.close()
