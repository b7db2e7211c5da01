"""Fuzzing (hypothesis) the parsers that read files users hand us: the content manifest and the
inquiry exports (CSV, JSON, Excel).

Whatever the input, each either parses into valid models or raises the module's documented
error (``ManifestError`` / ``CrmFileError``) with a message that starts with the file's path;
never another exception type, never a hang. Derandomized and without an example database, so
CI runs the same examples every time.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge_base.errors import CrmFileError, ManifestError
from knowledge_base.inquiry_intake import INQUIRY_SCHEMA, IntakeResult, read_inquiries
from knowledge_base.manifest import load_manifest
from knowledge_base.models import Inquiry, Manifest

FUZZ = settings(
    max_examples=150,
    deadline=dt.timedelta(seconds=5),  # "never a hang"; generous for a loaded CI machine
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- strategies --------------------------------------------------------------------------------

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.dates().map(str)
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=30,
)
_FIELDS = [
    "path", "doc_id", "title", "approval_code", "version", "status", "approved_on", "expires_on",
    "audience", "products", "indications", "market", "therapy_area", "document_type", "source",
]  # fmt: skip
_PLAUSIBLE = {
    "path": st.sampled_from(["a.md", "x/../y.md", "/etc/passwd", "", "a\\b.md", "ok/label.xml"]),
    "doc_id": st.sampled_from(["doc-1", "DOC 1", "", "x" * 200, "d.1_2"]),
    "status": st.sampled_from(["approved", "draft", "withdrawn", "APPROVED", "gone", ""]),
    "audience": st.sampled_from(["commercial", "medical", "public"]),
    "approved_on": st.sampled_from(["2026-01-01", "2026-13-01", "yesterday", "2026-01-01T10:00"]),
    "expires_on": st.sampled_from(["2027-01-01", "2025-01-01", None]),
    "version": st.sampled_from(["1", "2.1", 3, 2.5, True, "v 1", ""]),
    "products": st.sampled_from([["ZORVEXA"], [], "ZORVEXA", [1, 2], None]),
    "market": st.sampled_from(["US", "us", "X", "GLOBAL", ""]),
}


@st.composite
def _entries(draw: st.DrawFn) -> dict[str, Any]:
    """A manifest entry: some fields plausible, some random, some missing, some unknown."""
    entry: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(_FIELDS), unique=True, max_size=len(_FIELDS))):
        plausible = _PLAUSIBLE.get(name, st.text(max_size=20))
        entry[name] = draw(st.one_of(plausible, _JSON) if draw(st.booleans()) else plausible)
    if draw(st.booleans()):
        entry[draw(st.text(min_size=1, max_size=10))] = draw(_SCALARS)
    return entry


_MANIFESTS = st.one_of(
    st.fixed_dictionaries({"documents": st.lists(_entries(), max_size=4)}),
    st.fixed_dictionaries({"documents": _JSON}),
    _JSON,
)
_HEADERS = [s.name for s in INQUIRY_SCHEMA] + [a for s in INQUIRY_SCHEMA for a in s.aliases]
_CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["2026-11-24", "11/24/2026 14:05", "2026-02-30", "high", "URGENT", "=CMD()", "null", "NaN"]
    ),
)


@st.composite
def _table(draw: st.DrawFn) -> list[list[Any]]:
    header = draw(st.lists(st.sampled_from(_HEADERS) | st.text(max_size=12), max_size=10))
    rows = draw(st.lists(st.lists(_CELLS, max_size=len(header) + 2), max_size=6))
    return [header, *rows]


# --- checks ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("fuzz")


def _manifest_outcome(path: Path) -> Manifest | None:
    try:
        manifest = load_manifest(path)
    except ManifestError as error:
        assert str(error).startswith(str(path)), error
        assert error.path == path
        return None
    assert isinstance(manifest, Manifest)
    return manifest


def _intake_outcome(path: Path) -> IntakeResult | None:
    started = time.perf_counter()
    try:
        result = read_inquiries(path)
    except CrmFileError as error:
        assert str(error).startswith(str(path)), error
        return None
    assert time.perf_counter() - started < 5
    assert all(isinstance(q, Inquiry) for q in result.inquiries)
    for problem in result.problems:
        assert problem.row >= 1 and problem.message
    assert all(line.startswith(str(path)) for line in result.describe_problems())
    return result


# --- manifest ----------------------------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=400))
def test_manifest_arbitrary_bytes(workdir: Path, data: bytes) -> None:
    path = workdir / "bytes" / "manifest.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    _manifest_outcome(path)


@FUZZ
@given(text=st.text(max_size=400))
def test_manifest_arbitrary_text(workdir: Path, text: str) -> None:
    path = workdir / "text" / "manifest.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _manifest_outcome(path)


@FUZZ
@given(raw=_MANIFESTS)
def test_manifest_arbitrary_structures(workdir: Path, raw: Any) -> None:
    path = workdir / "structures" / "manifest.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    manifest = _manifest_outcome(path)
    if manifest is not None:  # what passed is what the rules allow
        for entry in manifest.documents:
            assert not entry.path.startswith("/") and ".." not in entry.path.split("/")


def test_manifest_yaml_alias_bomb_is_quick(tmp_path: Path) -> None:
    """Nine levels of aliases (10^9 leaves if expanded): PyYAML shares, validation stops."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    lines += ["documents:", "  - {path: a.md, doc_id: d, products: *a9}"]
    path = tmp_path / "manifest.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(ManifestError):
        load_manifest(path)
    assert time.perf_counter() - started < 5


def test_manifest_deep_nesting_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    path.write_text("documents: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    _manifest_outcome(path)


# --- inquiry exports ---------------------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".json", ".xlsx"]))
def test_inquiries_arbitrary_bytes(workdir: Path, data: bytes, suffix: str) -> None:
    path = workdir / f"bytes{suffix}"
    path.write_bytes(data)
    _intake_outcome(path)


@FUZZ
@given(table=_table())
def test_inquiries_csv_tables(workdir: Path, table: list[list[Any]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(table)
    path = workdir / "table.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    _intake_outcome(path)


@FUZZ
@given(value=_JSON | st.lists(st.dictionaries(st.sampled_from(_HEADERS), _CELLS), max_size=5))
def test_inquiries_json_values(workdir: Path, value: Any) -> None:
    path = workdir / "export.json"
    wrapped = {"inquiries": value} if isinstance(value, list) and len(value) % 2 else value
    path.write_text(json.dumps(wrapped, allow_nan=True), encoding="utf-8")
    _intake_outcome(path)


@FUZZ
@given(table=_table())
def test_inquiries_xlsx_tables(workdir: Path, table: list[list[Any]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in table:
        sheet.append([_xlsx_safe(c) for c in row])
    path = workdir / "export.xlsx"
    workbook.save(path)
    _intake_outcome(path)


def _xlsx_safe(cell: Any) -> Any:
    """openpyxl refuses control characters in cells (a writer limit, not what we test)."""
    return (
        "".join(ch for ch in cell if ch >= " " or ch in "\t\n") if isinstance(cell, str) else cell
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("deep2.json", '{"inquiries": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too"),
        (
            "wide.csv",
            "inquiry_id,hcp_id,received_at,product,question,priority\n"
            + "x" * 1_000_000
            + ",y,2026-01-01,Z,q,high\n",
            "field larger than field limit",
        ),
    ],
)
def test_inquiries_pathological_files(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CrmFileError, match=message) as error:
        read_inquiries(path)
    assert str(error.value).startswith(str(path))
