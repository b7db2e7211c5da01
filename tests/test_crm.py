"""CRM export loaders: the bundled sample, and each way a real export can be wrong."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from knowledge_base.crm import CRM_FILES, is_crm_file, load_hcps, load_inquiries, load_notes
from knowledge_base.errors import CrmFileError
from knowledge_base.models import NoteAuthorRole

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "knowledge_base" / "sample" / "crm"
TRUTH = Path(__file__).resolve().parent / "data"

HCP_HEADER = (
    "hcp_id,name,specialty,consent_email,consent_visit,consent_phone,preferred_channel,territory"
)
HCP_ROW = "HCP-001,Dr. Ada Test,Neurology,yes,no,yes,email,NE-01"
NOTE_HEADER = "note_id,hcp_id,author_role,date,text"
INQ_HEADER = "inquiry_id,hcp_id,received_at,channel,product,question,status,priority"
INQ_ROW = "INQ-0001,HCP-001,2026-01-05T14:30:00Z,email,MIGRALIS,Pregnancy data?,open,low"


def write(tmp_path: Path, name: str, *lines: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def raises(path: Path, loader, *, row: int | None = None, column: str | None = None) -> str:
    """Load, expect a CrmFileError that names the file (and row/column), return the message."""
    with pytest.raises(CrmFileError) as info:
        loader(path)
    message = str(info.value)
    assert str(path) in message
    assert info.value.row == row
    assert info.value.field == column
    if row is not None:
        assert f"row {row}" in message
    if column is not None:
        assert f"column '{column}'" in message
    return message


# ----------------------------------------------------------------------------- the sample


def test_sample_hcps() -> None:
    hcps = load_hcps(SAMPLE / "hcps.csv")
    assert len(hcps) == 30
    assert [h.hcp_id for h in hcps][:2] == ["HCP-001", "HCP-002"]
    assert all(h.name.startswith("Dr. ") for h in hcps)
    assert all(set(h.extra) == {"territory", "kol_tier"} for h in hcps)
    for h in hcps:
        for value in (h.consent_email, h.consent_visit, h.consent_phone):
            assert isinstance(value, bool)
    assert any(not h.consent_email for h in hcps) and any(h.consent_email for h in hcps)
    assert {h.preferred_channel for h in hcps} <= {"email", "visit", "phone", "webinar"}


def test_sample_notes() -> None:
    notes = load_notes(SAMPLE / "notes.csv")
    assert len(notes) >= 180
    assert all(set(n.extra) == {"call_type"} for n in notes)
    reps = sum(n.author_role is NoteAuthorRole.REP for n in notes)
    assert 0.6 < reps / len(notes) < 0.8
    assert min(n.date for n in notes) >= date(2025, 6, 1)
    assert max(n.date for n in notes) <= date(2026, 11, 30)


def test_sample_inquiries() -> None:
    inquiries = load_inquiries(SAMPLE / "inquiries.csv")
    assert len(inquiries) >= 120
    assert all(set(i.extra) == {"source_system"} for i in inquiries)
    assert all(i.received_at.tzinfo is not None for i in inquiries)
    assert {i.channel for i in inquiries} == {"email", "phone", "web", "rep-submitted", "congress"}
    assert {i.status for i in inquiries} == {"open", "in_progress", "answered", "closed"}


def test_sample_references_and_truth_files_are_consistent() -> None:
    hcp_ids = {h.hcp_id for h in load_hcps(SAMPLE / "hcps.csv")}
    texts = {("notes", n.note_id): n.text for n in load_notes(SAMPLE / "notes.csv")}
    inquiries = load_inquiries(SAMPLE / "inquiries.csv")
    texts |= {("inquiries", i.inquiry_id): i.question for i in inquiries}
    assert {n.hcp_id for n in load_notes(SAMPLE / "notes.csv")} <= hcp_ids
    assert {i.hcp_id for i in inquiries} <= hcp_ids

    safety = read_jsonl(TRUTH / "sample_safety_truth.jsonl")
    assert {(s["source"], s["id"]) for s in safety} == set(texts)
    for s in safety:
        assert s["label"] in {"AE", "PC", "none"}
        assert (s["evidence"] == "") == (s["label"] == "none")
        assert s["evidence"] in texts[(s["source"], s["id"])]

    phi = read_jsonl(TRUTH / "sample_phi_truth.jsonl")
    for record in phi:
        text = texts[(record["source"], record["id"])]
        assert record["phi"]
        for item in record["phi"]:
            assert item["type"] in {"name", "dob", "date", "mrn", "phone", "email", "address"}
            assert item["text"] in text


# ----------------------------------------------------------------------------- dispatch


def test_crm_files_dispatch() -> None:
    assert CRM_FILES["hcps.csv"] is load_hcps
    assert CRM_FILES["notes.csv"] is load_notes
    assert CRM_FILES["inquiries.csv"] is load_inquiries
    assert is_crm_file(Path("exports/notes.csv"))
    assert not is_crm_file(Path("exports/Notes.CSV"))  # CRM_FILES[path.name] must work
    assert is_crm_file("inquiries.csv")
    assert not is_crm_file("label.pdf")
    assert not is_crm_file("hcps.csv.bak")


# ----------------------------------------------------------------------------- what is accepted


def test_headers_match_case_insensitively_and_extras_are_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "hcps.csv",
        " HCP_ID ,Name,SPECIALTY,Consent_Email,consent_visit,consent_phone,Preferred_Channel,"
        "KOL Tier",
        "HCP-001,Dr. Ada Test,Neurology,Y,n,TRUE,email, 2 ",
    )
    [hcp] = load_hcps(path)
    assert (hcp.consent_email, hcp.consent_visit, hcp.consent_phone) == (True, False, True)
    assert hcp.subspecialty == "" and hcp.institution == ""
    assert hcp.extra == {"KOL Tier": "2"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yes", True), ("YES", True), ("true", True), ("1", True), ("y", True), ("No", False),
     ("false", False), ("0", False), ("N", False)],
)  # fmt: skip
def test_boolean_spellings(tmp_path: Path, text: str, expected: bool) -> None:
    path = write(
        tmp_path, "hcps.csv", HCP_HEADER, f"HCP-001,Dr. Ada Test,Neurology,{text},no,no,email,X"
    )
    assert load_hcps(path)[0].consent_email is expected


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = write(
        tmp_path, "hcps.csv", HCP_HEADER, HCP_ROW.replace("Ada", "Inês"), encoding="utf-8-sig"
    )
    [hcp] = load_hcps(path)
    assert hcp.hcp_id == "HCP-001" and hcp.name == "Dr. Inês Test"


def test_notes_and_inquiries_parse(tmp_path: Path) -> None:
    notes = write(
        tmp_path,
        "notes.csv",
        NOTE_HEADER + ",call_type",
        'N-0001,HCP-001,MSL,2026-02-03,"Discussed data, then the ISI.",virtual',
    )
    [note] = load_notes(notes)
    assert note.author_role is NoteAuthorRole.MSL
    assert note.date == date(2026, 2, 3)
    assert note.text == "Discussed data, then the ISI."
    assert note.extra == {"call_type": "virtual"}

    [inquiry] = load_inquiries(write(tmp_path, "inquiries.csv", INQ_HEADER, INQ_ROW))
    assert inquiry.received_at == datetime.fromisoformat("2026-01-05T14:30:00+00:00")


def test_header_only_file_has_no_records(tmp_path: Path) -> None:
    assert load_notes(write(tmp_path, "notes.csv", NOTE_HEADER)) == []


def test_blank_lines_are_skipped_but_counted(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "notes.csv",
        NOTE_HEADER,
        "N-0001,HCP-001,rep,2026-02-03,Fine.",
        "",
        "N-0002,HCP-001,rep,2026-02-30,Bad date.",
    )
    raises(path, load_notes, row=4, column="date")


# ----------------------------------------------------------------------------- what is refused


def test_missing_required_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "hcps.csv",
        "hcp_id,name,specialty,consent_email,consent_visit,preferred_channel",
        "HCP-001,Dr. Ada Test,Neurology,yes,no,email",
    )
    message = raises(path, load_hcps, column="consent_phone")
    assert "missing required column" in message
    assert "required columns are: hcp_id, name, specialty" in message


def test_bad_boolean(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "hcps.csv",
        HCP_HEADER,
        HCP_ROW,
        "HCP-002,Dr. Bo Test,Neurology,maybe,no,yes,email,NE-01",
    )
    message = raises(path, load_hcps, row=3, column="consent_email")
    assert "'maybe'" in message and "yes/no" in message


def test_bad_date(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.csv", NOTE_HEADER, "N-0001,HCP-001,rep,03/14/2026,Hello.")
    assert "YYYY-MM-DD" in raises(path, load_notes, row=2, column="date")


def test_bad_datetime(tmp_path: Path) -> None:
    path = write(
        tmp_path, "inquiries.csv", INQ_HEADER, INQ_ROW.replace("2026-01-05T", "yesterday ")
    )
    raises(path, load_inquiries, row=2, column="received_at")


def test_empty_required_value(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.csv", NOTE_HEADER, "N-0001,HCP-001,rep,2026-02-03,   ")
    assert "empty" in raises(path, load_notes, row=2, column="text")


def test_short_row_is_an_empty_required_value(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.csv", NOTE_HEADER, "N-0001,HCP-001,rep")
    raises(path, load_notes, row=2, column="date")


def test_unknown_author_role(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.csv", NOTE_HEADER, "N-0001,HCP-001,kam,2026-02-03,Hello.")
    raises(path, load_notes, row=2, column="author_role")


def test_invalid_id(tmp_path: Path) -> None:
    path = write(tmp_path, "hcps.csv", HCP_HEADER, HCP_ROW.replace("HCP-001", "HCP 001"))
    raises(path, load_hcps, row=2, column="hcp_id")


def test_duplicate_id(tmp_path: Path) -> None:
    # The same row exported twice is one inquiry (as `inquiries summarize` reads it) ...
    exact = write(
        tmp_path,
        "inquiries.csv",
        INQ_HEADER,
        INQ_ROW,
        INQ_ROW.replace("INQ-0001", "INQ-0002"),
        INQ_ROW,
    )
    assert [q.inquiry_id for q in load_inquiries(exact)] == ["INQ-0001", "INQ-0002"]
    # ... the same id with other content stops the file at the later row.
    (tmp_path / "other").mkdir()
    conflicting = write(
        tmp_path / "other",
        "inquiries.csv",
        INQ_HEADER,
        INQ_ROW,
        INQ_ROW.replace("INQ-0001", "INQ-0002"),
        INQ_ROW.replace("open", "closed"),
    )
    message = raises(conflicting, load_inquiries, row=4, column="inquiry_id")
    assert "'INQ-0001'" in message and "row 2" in message


def test_inquiries_read_like_the_intake_reads_them(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "inquiries.csv",
        "id,hcp,received,channel,product,question text,status,priority",
        "INQ-9,HCP-001,11/24/2026 14:05,email,X,Why?,open,normal",
    )
    [inquiry] = load_inquiries(path)
    assert inquiry.priority == "medium" and inquiry.received_at.year == 2026


def test_too_many_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.csv", NOTE_HEADER, "N-0001,HCP-001,rep,2026-02-03,Hi,there")
    assert "unquoted comma" in raises(path, load_notes, row=2)


def test_duplicate_header_column(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.csv", NOTE_HEADER + ",Date", "N-0001,HCP-001,rep,2026-02-03,Hi,x")
    assert "appears twice" in raises(path, load_notes)


def test_non_utf8_file(tmp_path: Path) -> None:
    path = write(
        tmp_path, "hcps.csv", HCP_HEADER, HCP_ROW.replace("Ada", "Inês"), encoding="cp1252"
    )
    assert "re-export it from the CRM as UTF-8" in raises(path, load_hcps)


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf", b" , \n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.csv"
    path.write_bytes(content)
    assert "empty" in raises(path, load_notes)


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot read" in raises(tmp_path / "hcps.csv", load_hcps)
