"""`medbrief inquiries summarize` over an export with bad rows (hashing embedder is not used:
this runs the real CLI over a small knowledge base)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app
from tests.generation_fixtures import make_generation_kb

EXPORT = (
    "inquiry_id,received_at,channel,hcp_id,product,question,status,priority\n"
    "Q-1,2026-11-01T10:00:00Z,email,HCP-1,ALPHAMAB,What is the dose of alphamab?,open,urgent\n"
    "Q-2,2026-11-02T10:00:00Z,email,HCP-1,ALPHAMAB,What is the dose of alphamab?,open,low\n"
    "Q-3,not a date,email,HCP-1,ALPHAMAB,Is alphamab safe?,open,low\n"
    "Q-4,2026-11-03T10:00:00Z,phone,HCP-1,ALPHAMAB,My patient on alphamab developed pneumonia "
    "after the second dose.,open,medium\n"
)


def test_summarize_an_export_with_bad_rows(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MEDBRIEF_TODAY", "2026-11-24")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", *map(str, make_generation_kb(tmp_path))]).exit_code == 0
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")

    result = runner.invoke(app, ["inquiries", "summarize", str(export), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["total"] == 3 and summary["unique"] == 2  # Q-2 repeats Q-1
    (problem,) = summary["rejected_rows"]
    assert problem["row"] == 4 and problem["column"] == "received_at"
    kinds = {(f["source_id"], f["kind"]) for f in summary["safety_flags"]}
    assert ("Q-4", "AE") in kinds
    assert [u["inquiry_id"] for u in summary["urgent"]] == ["Q-1", "Q-4"]
    assert summary["audit_id"]

    rep = runner.invoke(app, ["inquiries", "summarize", str(export), "--role", "rep"])
    assert rep.exit_code == 2 and "medical-affairs" in rep.stderr
    text = runner.invoke(app, ["inquiries", "summarize", str(export)])
    assert "Report to pharmacovigilance today" in text.stdout
