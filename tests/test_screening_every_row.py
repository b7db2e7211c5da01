"""No row escapes safety screening: every note and inquiry row is screened as read, before any
validation can reject it and before redaction, through `inquiries summarize FILE` and `ingest`
alike; a rejected row's flag carries its problem, and stored evidence is redacted."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.pharmacovigilance.screening import screen_texts
from knowledge_base.catalog import Catalog
from knowledge_base.screening import RawRecord, screen_rows
from tests.generation_fixtures import make_generation_kb

HEADER = "inquiry_id,received_at,channel,hcp_id,product,question,status,priority\n"

# Every kind of row a CRM export really contains, each carrying an AE or a PC. Row numbers as a
# spreadsheet shows them (the header is row 1).
ROWS = {
    2: "Q-1,2026-11-01T10:00:00Z,email,HCP-1,ALPHAMAB,"
    "Several syringes of alphamab arrived with cracked plungers.,open,normal",
    3: "Q-2,not a date,email,HCP-1,ALPHAMAB,"
    "My patient on alphamab developed pneumonia after the second dose.,open,low",
    4: ",2026-11-02T10:00:00Z,phone,HCP-1,ALPHAMAB,"
    "Pt on alphamab was hospitalized with severe diarrhea.,open,P2",
    5: "Q-4,2026-11-03T10:00:00Z,phone,,ALPHAMAB,"
    "A patient taking alphamab had a seizure last week.,open,stat",
    6: "Q-5,2026-11-04T10:00:00Z,web,HCP-1,ALPHAMAB,,open,medium",
    7: "Q-6,2026-11-05T10:00:00Z,web,HCP-1,ALPHAMAB,"
    "The alphamab vials arrived with visible particles in the solution.,open,whenever",
    8: "Q 7,2026-11-06T10:00:00Z,web,HCP-1,ALPHAMAB,"
    "Her patient on alphamab was admitted with liver failure.,open,routine",
    9: "Q-8,2026-11-07T10:00:00Z,web,HCP-1,ALPHAMAB,"
    "Pt on alphamab, developed a rash,open,1",  # an unquoted comma: one cell too many
    10: "Q-1,2026-11-01T10:00:00Z,email,HCP-1,ALPHAMAB,"
    "Patient on alphamab reported vomiting after the infusion.,open,normal",  # id reused
}
FLAGGED = {  # row -> (id shown, kind, loaded?)
    2: ("Q-1", "PC", True),
    3: ("Q-2", "AE", False),
    4: ("row 4", "AE", False),
    5: ("Q-4", "AE", False),
    7: ("Q-6", "PC", True),
    8: ("Q 7", "AE", False),
    9: ("Q-8", "AE", False),
    10: ("Q-1", "AE", False),
}


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> dict:
    home = tmp_path_factory.mktemp("every-row")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEDBRIEF_TODAY", "2026-11-24")
        patch.setenv("MEDBRIEF_HOME", str(home / "home"))
        runner = CliRunner()
        ingested = runner.invoke(app, ["ingest", *map(str, make_generation_kb(home))])
        assert ingested.exit_code == 0, ingested.output
        export = home / "export.csv"
        export.write_text(HEADER + "\n".join(ROWS.values()) + "\n", encoding="utf-8")
        result = runner.invoke(app, ["inquiries", "summarize", str(export), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_row_with_an_event_reaches_the_pv_queue(summary: dict) -> None:
    flags = {(f["source_id"], f["kind"]) for f in summary["safety_flags"]}
    missing = [
        (row, sid, kind) for row, (sid, kind, _) in FLAGGED.items() if (sid, kind) not in flags
    ]
    assert missing == []


def test_a_rejected_row_is_flagged_with_its_problem(summary: dict) -> None:
    by_id: dict[str, list[dict]] = {}
    for flag in summary["safety_flags"]:
        by_id.setdefault(flag["source_id"], []).append(flag)
    for row, (source_id, kind, loaded) in FLAGGED.items():
        (flag,) = [f for f in by_id[source_id] if f["kind"] == kind]
        assert (flag["problem"] is None) == loaded, (row, flag)
    (undated,) = [f for f in by_id["Q-2"] if f["kind"] == "AE"]
    assert undated["received_at"] is None  # unreadable date: shown, never filtered out
    assert "not a date" in undated["problem"]


def test_crm_priorities_are_kept_not_rejected(summary: dict) -> None:
    rejected = {(p["row"], p["column"]) for p in summary["rejected_rows"]}
    assert (2, "priority") not in rejected  # 'normal' is medium
    assert (7, "priority") in rejected  # unknown: kept, with a warning
    assert summary["total"] == 2  # Q-1 (normal) and Q-6 (unknown priority) were loaded
    urgent = {u["inquiry_id"]: u["why"] for u in summary["urgent"]}
    assert "Q-1" in urgent and "Q-6" in urgent  # open and flagged


def test_ingest_screens_rows_it_rejects_and_stores_redacted_evidence(tmp_path: Path) -> None:
    runner = CliRunner()
    folder, crm = make_generation_kb(tmp_path)
    (crm / "notes.csv").write_text(
        "note_id,hcp_id,author_role,date,text\n"
        "N-1,HCP-1,rep,2026-11-01,Pt John Miller on alphamab was hospitalized with pneumonia.\n"
        "N-2,HCP-1,rep,11th of Nov,The alphamab pen did not fire for Mary Okafor.\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEDBRIEF_TODAY", "2026-11-24")
        patch.setenv("MEDBRIEF_HOME", str(tmp_path / "home"))
        result = runner.invoke(app, ["ingest", str(folder), str(crm), "--json"])
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["failures"]] == [str(crm / "notes.csv")], result.output
    assert report["rows_screened"] == 2 and report["safety_flags_added"] == 2

    catalog = Catalog.open(f"sqlite:///{tmp_path / 'home' / 'catalog.db'}")
    try:
        flags = {(f.source_id, f.kind): f for f in catalog.safety_flags()}
        assert set(flags) == {("N-1", "AE"), ("N-2", "PC")}
        assert flags[("N-1", "AE")].problem is not None  # the file did not load
        assert "row 3" in (flags[("N-2", "PC")].problem or "")
        assert all(
            "Miller" not in f.evidence and "Okafor" not in f.evidence for f in flags.values()
        )
        # Append-only: the same flags screened again are not added twice.
        assert catalog.add_safety_flags(flags.values()) == 0
    finally:
        catalog.close()


def test_screen_rows_skips_ids_and_dates_but_reads_every_text_column() -> None:
    flags = screen_rows(
        lambda texts: screen_texts(texts, ["ALPHAMAB"]),
        source_type="note",
        source_file="notes.csv",
        records=[
            RawRecord(
                row=7,
                values={
                    "note_id": "",
                    "date": "2026-13-45",
                    "text": "Routine call, samples left.",
                    "Follow-up": "pt on alphamab had a stroke on Sunday",
                },
            ),
            RawRecord(row=8, values={"note_id": "N-8", "date": "2026-11-02", "text": "Lunch."}),
            RawRecord(
                row=9,
                values={"note_id": "N-9", "date": "11/02/2026", "text": "pt on alphamab died."},
            ),
        ],
    )
    assert [(f.source_id, f.kind, f.received_at) for f in flags] == [
        ("row 7", "AE", None),  # an unreadable date: shown, never dropped
        ("N-9", "AE", datetime(2026, 11, 2, tzinfo=UTC)),  # a US date is read
    ]
