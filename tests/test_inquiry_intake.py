"""Tolerant inquiry intake: CSV, JSON and Excel exports; bad rows reported and skipped."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from knowledge_base.errors import CrmFileError
from knowledge_base.inquiry_intake import (
    INQUIRY_SCHEMA,
    IntakeResult,
    RowProblem,
    read_inquiries,
    schema_markdown,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "inquiries"
SAMPLE = ROOT / "knowledge_base" / "sample" / "crm" / "inquiries.csv"

HEADER = "inquiry_id,hcp_id,received_at,channel,product,question,status,priority"
ROW = "INQ-0001,HCP-001,2026-01-05T14:30:00Z,email,MIGRALIS,Pregnancy data?,open,low"


def write(tmp_path: Path, name: str, *lines: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def write_xlsx(tmp_path: Path, rows: list[list[object]], name: str = "export.xlsx") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def raises(path: Path, *, column: str | None = None) -> str:
    """Read, expect a whole-file CrmFileError naming the file; return its message."""
    with pytest.raises(CrmFileError) as info:
        read_inquiries(path)
    message = str(info.value)
    assert str(path) in message
    assert info.value.field == column
    return message


def by_column(result: IntakeResult) -> dict[str, int]:
    return {p.column: p.row for p in result.problems if p.column}


# ----------------------------------------------------------------------------- fixtures


# Fixture rows (see tests/fixtures/inquiries/make_fixtures.py): CSV and Excel rows count the
# header as row 1; JSON records count from 1.
@pytest.mark.parametrize(
    ("name", "offset"),
    [("inquiries.csv", 0), ("inquiries.xlsx", 0), ("inquiries.json", -1)],
)
def test_fixture_keeps_good_rows_and_reports_bad_ones(name: str, offset: int) -> None:
    result = read_inquiries(FIXTURES / name)

    assert result.path == FIXTURES / name
    assert [i.inquiry_id for i in result.inquiries] == [
        "INQ-1001",
        "INQ-1002",
        "INQ-1005",
        "INQ-1007",
    ]
    assert result.duplicates_dropped == 1
    assert [(p.row, p.column) for p in result.problems] == [
        (4 + offset, "received_at"),
        (5 + offset, "question"),
        (7 + offset, "hcp_id"),
        (8 + offset, "inquiry_id"),
    ]
    # An unknown priority never drops a row (a dropped row would escape safety screening).
    assert [(w.row, w.column) for w in result.warnings] == [(6 + offset, "priority")]
    assert "'whenever'" in result.warnings[0].message
    assert "low, medium, high, urgent" in result.warnings[0].message
    assert len(result.rows) == 9  # every row as read, kept or not, for screening
    messages = {p.column: p.message for p in result.problems}
    assert "'31/12/2025'" in messages["received_at"]
    assert "ISO 8601" in messages["received_at"]
    assert "empty" in messages["question"]
    assert "hcp_id is empty" in messages["hcp_id"]
    assert "INQ-1001" in messages["inquiry_id"]
    assert "question" in messages["inquiry_id"]  # what differs
    assert f"{result.row_label} {2 + offset}" in messages["inquiry_id"]  # the row kept

    first, second, kept_with_warning, third = result.inquiries
    assert kept_with_warning.priority == "whenever"
    # The first row's version of INQ-1001 is kept, not the conflicting one.
    assert first.question == "Is there pregnancy exposure data for MIGRALIS?"
    assert first.received_at == datetime(2026, 1, 5, 14, 30, tzinfo=UTC)
    assert first.extra == {"source_system": "IRMS", "callback": ""}  # null is not "None"
    # US date, naive = UTC; priority lower-cased; blank status means open; no formula evaluation.
    assert second.received_at == datetime(2026, 11, 24, 14, 5, tzinfo=UTC)
    assert second.priority == "high"
    assert second.status == "open"
    assert second.question.startswith("=1+1 was typed")
    assert second.extra["callback"] == "+1 555 0100 @front-desk"
    assert third.received_at == datetime(2026, 2, 1, tzinfo=UTC)
    assert third.priority == "urgent"
    assert third.extra["callback"] == "-2 doses missed; call back"
    assert all("None" not in value for i in result.inquiries for value in i.extra.values())


@pytest.mark.parametrize("name", ["inquiries.csv", "inquiries.xlsx", "inquiries.json"])
def test_describe_problems_names_file_row_and_column(name: str) -> None:
    result = read_inquiries(FIXTURES / name)
    lines = result.describe_problems()
    assert len(lines) == len(result.problems)
    label = "record" if name.endswith(".json") else "row"
    assert lines[2].startswith(f"{FIXTURES / name}, {label} {result.problems[2].row}, ")
    assert "column 'hcp_id'" in lines[2]
    (warning,) = result.describe_warnings()
    assert warning.startswith(f"{FIXTURES / name}, {label} {result.warnings[0].row}, ")
    assert "column 'priority'" in warning


def test_formats_agree() -> None:
    results = [read_inquiries(FIXTURES / n) for n in ("inquiries.csv", "inquiries.json")]
    results.append(read_inquiries(FIXTURES / "inquiries.xlsx"))
    assert results[0].inquiries == results[1].inquiries == results[2].inquiries


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("normal", "medium"),
        ("Routine", "medium"),
        ("standard", "medium"),
        ("", "medium"),
        ("P1", "urgent"),
        ("stat", "urgent"),
        ("1", "urgent"),
        ("p2", "high"),
        ("2", "high"),
        ("3", "medium"),
        ("P4", "low"),
        ("5", "low"),
        ("Critical", "urgent"),
        ("LOW", "low"),
    ],
)
def test_crm_priority_values_map_to_the_four_levels(
    tmp_path: Path, written: str, level: str
) -> None:
    path = write(tmp_path, "p.csv", HEADER, f"INQ-1,HCP-1,2026-01-05,email,X,Why?,open,{written}")
    result = read_inquiries(path)
    assert [i.priority for i in result.inquiries] == [level]
    assert result.problems == result.warnings == ()


def test_excel_workbook_with_warnings_reads_cleanly() -> None:
    # openpyxl warns about the empty stylesheet; pytest turns warnings into errors.
    result = read_inquiries(FIXTURES / "no_default_style.xlsx")
    assert [i.inquiry_id for i in result.inquiries] == ["INQ-1001", "INQ-1002", "INQ-1007"]
    assert result.problems == ()


# ----------------------------------------------------------------------------- the sample


def test_bundled_sample_reads_without_problems() -> None:
    result = read_inquiries(SAMPLE)
    assert result.problems == ()
    assert len(result.inquiries) == 134
    assert result.duplicates_dropped == 0
    assert result.inquiries[0].extra == {"source_system": "Veeva CRM"}


def test_ten_thousand_rows(tmp_path: Path) -> None:
    priorities = ("low", "medium", "high", "urgent")
    lines = [HEADER + ",region"]
    for n in range(10_000):
        priority = "critical" if n % 1000 == 999 else priorities[n % 4]
        lines.append(
            f"INQ-{n:05d},HCP-{n % 300:03d},2026-01-{n % 28 + 1:02d}T08:{n % 60:02d}:00Z,"
            f'email,MIGRALIS,"Question {n}, with a comma?",open,{priority},R{n % 7}'
        )
    lines.append(lines[1])  # an exact duplicate
    path = write(tmp_path, "big.csv", *lines)

    result = read_inquiries(path)

    assert len(result.inquiries) == 10_000
    assert result.problems == ()
    assert len(result.rows) == 10_001
    assert sum(i.priority == "urgent" for i in result.inquiries) == 2_500  # 'critical' too
    assert result.duplicates_dropped == 1


# ----------------------------------------------------------------------------- headers


def test_column_aliases_and_extra_columns_csv(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "aliases.csv",
        " ID ,HCP,Date Received,CHANNEL,Product Name,Inquiry Text,Status,  Priority  ,Region",
        "INQ-1,HCP-9,2026-03-01 10:00,web,ONQUIRA,Any renal data?,open,Medium,  NE-01  ",
    )
    result = read_inquiries(path)
    assert result.problems == ()
    (inquiry,) = result.inquiries
    assert (inquiry.inquiry_id, inquiry.hcp_id, inquiry.product) == ("INQ-1", "HCP-9", "ONQUIRA")
    assert inquiry.question == "Any renal data?"
    assert inquiry.priority == "medium"
    assert inquiry.received_at == datetime(2026, 3, 1, 10, tzinfo=UTC)
    assert inquiry.extra == {"Region": "NE-01"}


@pytest.mark.parametrize(
    "header",
    [
        "inquiry id,hcp id,received,channel,product,question text,status,priority",
        "Inquiry_ID,HCP_ID,Received_At,Channel,Product,Question,Status,Priority",
    ],
)
def test_more_aliases(tmp_path: Path, header: str) -> None:
    path = write(tmp_path, "a.csv", header, "INQ-1,HCP-9,2026-03-01,web,X,Why?,closed,low")
    result = read_inquiries(path)
    assert result.problems == ()
    assert result.inquiries[0].status == "closed"


def test_column_aliases_json(tmp_path: Path) -> None:
    record = {
        "Inquiry ID": "INQ-1",
        "hcp": "HCP-9",
        "received": "2026-03-01T10:00:00+02:00",
        "product name": "ONQUIRA",
        "question text": "Any renal data?",
        "priority": "LOW",
        "ticket": 42,
        "tags": ["renal", "dose"],
        "owner": None,
    }
    path = tmp_path / "a.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    result = read_inquiries(path)
    assert result.problems == ()
    (inquiry,) = result.inquiries
    assert inquiry.received_at == datetime(2026, 3, 1, 8, tzinfo=UTC)
    assert inquiry.channel == ""  # optional column absent
    assert inquiry.status == "open"
    assert inquiry.extra == {"ticket": "42", "tags": '["renal", "dose"]', "owner": ""}


def test_json_nan_and_null_are_empty(tmp_path: Path) -> None:
    path = tmp_path / "nan.json"
    path.write_text(
        '[{"inquiry_id": "INQ-1", "hcp_id": "HCP-1", "received_at": "2026-01-05", '
        '"product": "X", "question": "Why?", "priority": "low", "owner": NaN, "note": null},'
        ' {"inquiry_id": "INQ-2", "hcp_id": NaN, "received_at": 20260105, '
        '"product": "X", "question": {"text": "Why?"}, "priority": "low"}]'
    )
    result = read_inquiries(path)
    assert [i.extra for i in result.inquiries] == [{"owner": "", "note": ""}]
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "received_at"),
        (2, "hcp_id"),
        (2, "question"),
    ]
    assert "a number, not a date" in result.problems[0].message


def test_column_aliases_excel_and_sheet_choice(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Summary"
    workbook.active.append(["not the data"])
    sheet = workbook.create_sheet(" inquiries ")
    sheet.append([None])  # a blank first row: the header is row 2
    sheet.append(["Inquiry Id", "HCP", "Date Received", "Product", "Question", "Priority", None])
    sheet.append(["INQ-1", "HCP-9", datetime(2026, 3, 1, 10), "X", "Why?", "High", None])
    sheet.append([None] * 7)
    sheet.append(["INQ-2", 1234, "2026-03-02", "X", "=SUM(1,2)", "low", "stray"])
    path = tmp_path / "export.xlsx"
    workbook.save(path)

    result = read_inquiries(path)

    assert [i.inquiry_id for i in result.inquiries] == ["INQ-1"]
    assert result.inquiries[0].received_at == datetime(2026, 3, 1, 10, tzinfo=UTC)
    # Row 5's value in column G has no header: reported, row skipped, row numbers as in Excel.
    assert result.problems == (RowProblem(5, None, result.problems[0].message),)
    assert "column G" in result.problems[0].message


def test_excel_formula_is_kept_as_text(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path,
        [
            ["inquiry_id", "hcp_id", "received_at", "product", "question", "priority", "score"],
            ["INQ-1", 1234, "2026-03-02", "X", "=SUM(1,2)", "low", 1.5],
            ["INQ-2", "HCP-1", "2026-03-02", "X", "@mention -dose", "low", True],
        ],
    )
    result = read_inquiries(path)
    assert result.problems == ()
    first, second = result.inquiries
    assert first.question == "=SUM(1,2)"  # the formula text, not 3
    assert first.hcp_id == "1234"
    assert first.extra == {"score": "1.5"}
    assert second.question == "@mention -dose"
    assert second.extra == {"score": "true"}


def test_missing_values_are_empty_not_none_text(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "nan.csv",
        HEADER + ",owner",
        "INQ-1,HCP-1,2026-01-05,email,X,Why?,open,low,NaN",
        "INQ-2,None,2026-01-05,email,X,Why?,open,low,null",
    )
    result = read_inquiries(path)
    assert [i.extra for i in result.inquiries] == [{"owner": ""}]
    assert [(p.row, p.column) for p in result.problems] == [(3, "hcp_id")]


def test_row_with_several_problems_reports_each(tmp_path: Path) -> None:
    path = write(tmp_path, "multi.csv", HEADER, "INQ 1,HCP-1,yesterday,email,X,,open,asap")
    result = read_inquiries(path)
    assert result.inquiries == ()
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "inquiry_id"),
        (2, "received_at"),
        (2, "question"),
    ]
    assert "not a valid id" in result.problems[0].message


def test_extra_field_from_unquoted_comma_is_a_row_problem(tmp_path: Path) -> None:
    path = write(
        tmp_path, "comma.csv", HEADER, ROW, "INQ-2,HCP-1,2026-01-05,email,X,Yes, or no?,open,low"
    )
    result = read_inquiries(path)
    assert [i.inquiry_id for i in result.inquiries] == ["INQ-0001"]
    problem = result.problems[0]
    assert (problem.row, problem.column) == (3, None)
    assert "unquoted comma" in problem.message
    assert "column 9 has no header" in problem.message
    assert {p.row for p in result.problems} == {3}  # the shifted cells are reported too


def test_semicolon_csv(tmp_path: Path) -> None:
    path = write(tmp_path, "semi.csv", HEADER.replace(",", ";"), ROW.replace(",", ";"))
    assert [i.inquiry_id for i in read_inquiries(path).inquiries] == ["INQ-0001"]


def test_json_record_that_is_not_an_object(tmp_path: Path) -> None:
    good = dict(zip(HEADER.split(","), ROW.split(","), strict=True))
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([good, "oops", {**good, "inquiry_id": "INQ-2", "id": "X"}]))
    result = read_inquiries(path)
    assert [i.inquiry_id for i in result.inquiries] == ["INQ-0001"]
    assert [(p.row, p.column) for p in result.problems] == [(2, None), (3, "inquiry_id")]
    assert "a string" in result.problems[0].message


def test_empty_data_is_not_an_error(tmp_path: Path) -> None:
    result = read_inquiries(write(tmp_path, "header_only.csv", HEADER))
    assert result.inquiries == () and result.problems == ()
    empty_array = tmp_path / "empty.json"
    empty_array.write_text("[]")
    assert read_inquiries(empty_array).inquiries == ()


# ----------------------------------------------------------------------------- whole-file errors


def test_not_found(tmp_path: Path) -> None:
    assert "not found" in raises(tmp_path / "missing.csv")


def test_unsupported_suffix(tmp_path: Path) -> None:
    message = raises(write(tmp_path, "inquiries.xls", "x"))
    assert "unsupported file type '.xls'" in message and ".xlsx" in message
    assert "unsupported" in raises(write(tmp_path, "inquiries.txt", HEADER, ROW))


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_not_utf8(tmp_path: Path, suffix: str) -> None:
    text = (HEADER + "\n" + ROW.replace("Pregnancy", "Grossesse enceinte é") + "\n").encode(
        "cp1252"
    )
    path = tmp_path / f"latin{suffix}"
    path.write_bytes(text)
    assert "re-export it from the medical-information system as UTF-8" in raises(path)


@pytest.mark.parametrize("suffix", [".csv", ".json", ".xlsx"])
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    message = raises(path)
    assert ("empty" in message) if suffix != ".xlsx" else ("Excel" in message)


def test_empty_workbook(tmp_path: Path) -> None:
    assert "empty" in raises(write_xlsx(tmp_path, []))


def test_corrupt_xlsx(tmp_path: Path) -> None:
    not_a_zip = tmp_path / "bad.xlsx"
    not_a_zip.write_bytes(b"this is not a workbook")
    assert "save it again as .xlsx" in raises(not_a_zip)

    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes((FIXTURES / "inquiries.xlsx").read_bytes()[:2000])
    raises(truncated)

    for part, garbage in [("xl/workbook.xml", None), ("xl/worksheets/sheet2.xml", b"<row")]:
        broken = tmp_path / "broken.xlsx"
        with (
            zipfile.ZipFile(FIXTURES / "inquiries.xlsx") as source,
            zipfile.ZipFile(broken, "w") as target,
        ):
            for item in source.infolist():
                if item.filename != part:
                    target.writestr(item, source.read(item.filename))
                elif garbage is not None:
                    target.writestr(item, garbage)
        assert "save it again as .xlsx" in raises(broken)


def test_missing_required_column(tmp_path: Path) -> None:
    header = HEADER.replace(",question", "")
    row = ROW.split(",")
    del row[HEADER.split(",").index("question")]
    message = raises(write(tmp_path, "nocol.csv", header, ",".join(row)), column="question")
    assert "missing required column 'question'" in message
    # Priority is optional: a file without it is read, every row at medium.
    no_priority = write(
        tmp_path, "noprio.csv", HEADER.replace(",priority", ""), ROW[: ROW.rindex(",")]
    )
    assert [i.priority for i in read_inquiries(no_priority).inquiries] == ["medium"]
    record = dict(zip(HEADER.split(","), ROW.split(","), strict=True))
    del record["hcp_id"]
    path = tmp_path / "nocol.json"
    path.write_text(json.dumps({"inquiries": [record]}))
    assert "'hcp'" in raises(path, column="hcp_id")  # accepted aliases are listed
    xlsx = write_xlsx(tmp_path, [["inquiry_id", "hcp_id", "received_at", "product", "priority"]])
    raises(xlsx, column="question")


def test_optional_columns_may_be_absent(tmp_path: Path) -> None:
    header = "inquiry_id,hcp_id,received_at,product,question,priority"
    path = write(tmp_path, "min.csv", header, "INQ-1,HCP-1,2026-01-05,X,Why?,low")
    (inquiry,) = read_inquiries(path).inquiries
    assert (inquiry.channel, inquiry.status) == ("", "open")


def test_alias_clash_in_header(tmp_path: Path) -> None:
    message = raises(write(tmp_path, "clash.csv", "id," + HEADER, "X," + ROW), column="inquiry_id")
    assert "both mean 'inquiry_id'" in message


def test_bad_json_shapes(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('[{"inquiry_id": "INQ-1",}]')
    assert "not valid JSON (line 1" in raises(broken)
    scalar = tmp_path / "scalar.json"
    scalar.write_text('{"items": []}')
    assert '{"inquiries": [...]}' in raises(scalar)


# ----------------------------------------------------------------------------- schema docs


def test_schema_markdown_lists_every_column() -> None:
    table = schema_markdown()
    lines = table.strip().splitlines()
    assert lines[0].startswith("| column | required |")
    assert len(lines) == 2 + len(INQUIRY_SCHEMA)
    for spec in INQUIRY_SCHEMA:
        assert f"`{spec.name}`" in table
        assert spec.example in table
    assert "`date received`" in table
    assert "low \\| medium \\| high \\| urgent" in table
