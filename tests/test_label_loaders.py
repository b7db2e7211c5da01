"""Real FDA labels: openFDA drug-label JSON and DailyMed SPL zips, loaded from the sample's copies
of the 32 labels in ../shared/data/labels (knowledge_base/sample/content/labels)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from knowledge_base.errors import DocumentLoadError
from knowledge_base.loaders import load_document
from knowledge_base.loaders.label_headings import split_title, split_top_heading
from knowledge_base.models import SectionKind

LABELS = Path(__file__).resolve().parents[1] / "knowledge_base" / "sample" / "content" / "labels"
ENHERTU = LABELS / "7e67e73e-ddf4-4e4d-8b50-09d7514910b6.json"
TAGRISSO = LABELS / "5e81b4a7-b971-45e1-9c31-29cea8c87ce7.json"
KESIMPTA = LABELS / "6a8a3f53-2062-48ff-9dbe-b939df133ca3.json"
KEYTRUDA = LABELS / "9333c79b-d487-4538-a9f0-71b91a02b287.json"
GLEEVEC = LABELS / "211ef2da-2868-4a77-8055-1cb2cd78e24b.json"
HUMIRA = LABELS / "608d4f0d-b19f-46d3-749a-7159aa5f933d.xml"
JSON_LABELS = sorted(LABELS.glob("*.json"))

# Ten sub-section titles across five labels, as the label writes them (checked below against the
# raw file text, so a title that the loader made up cannot pass).
SUBSECTIONS = [
    (ENHERTU, "2 DOSAGE AND ADMINISTRATION", "2.3 Dosage Modifications"),
    (ENHERTU, "5 WARNINGS AND PRECAUTIONS", "5.1 Interstitial Lung Disease/Pneumonitis"),
    (
        TAGRISSO,
        "2 DOSAGE AND ADMINISTRATION",
        "2.3 Administration to Patients Who Have Difficulty Swallowing Solids",
    ),
    (TAGRISSO, "7 DRUG INTERACTIONS", "7.3 Drugs That Prolong the QTc Interval"),
    (KESIMPTA, "2 DOSAGE AND ADMINISTRATION", "2.2 Recommended Dosage"),
    (KESIMPTA, "5 WARNINGS AND PRECAUTIONS", "5.3 Reduction in Immunoglobulins"),
    (KEYTRUDA, "1 INDICATIONS AND USAGE", "1.4 Classical Hodgkin Lymphoma"),
    (KEYTRUDA, "8 USE IN SPECIFIC POPULATIONS", "8.4 Pediatric Use"),
    (GLEEVEC, "2 DOSAGE AND ADMINISTRATION", "2.8 Adult Patients With HES/CEL"),
    (
        GLEEVEC,
        "2 DOSAGE AND ADMINISTRATION",
        "2.13 Dose Adjustment for Hepatotoxicity and Non-Hematologic Adverse Reactions",
    ),
]


def _record(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["results"][0]


def _raw_text(path: Path) -> str:
    """Every label string of the record, whitespace collapsed: what the file itself says."""
    record = _record(path)
    strings = [
        s for k, v in record.items() if isinstance(v, list) and not k.endswith("_table") for s in v
    ]
    return " ".join(" ".join(strings).split())


@pytest.mark.parametrize(("path", "parent", "title"), SUBSECTIONS)
def test_subsection_titles_are_the_labels_own(path: Path, parent: str, title: str) -> None:
    doc = load_document(path)
    wanted = f"{parent} > {title}"
    section = next((s for s in doc.sections if s.title == wanted), None)
    assert section is not None, [s.title for s in doc.sections if s.title.startswith(parent)]
    # The title is in the file, followed by its section's text, and the span opens with it.
    assert f"{title} " in _raw_text(path)
    assert doc.section_text(section).startswith(title)
    assert len(doc.section_text(section)) > len(title) + 40


@pytest.mark.parametrize("path", JSON_LABELS, ids=lambda p: p.stem[:8])
def test_every_openfda_label_loads_with_numbered_sections(path: Path) -> None:
    doc = load_document(path)
    record = _record(path)
    assert doc.source_format == "openfda"
    assert doc.set_id == record["set_id"] and doc.label_version == record["version"]
    assert doc.brand_name == record["openfda"]["brand_name"][0]
    assert doc.notices == []  # all 22 are human prescription labels
    kinds = {s.kind for s in doc.sections}
    assert {SectionKind.INDICATIONS, SectionKind.DOSAGE, SectionKind.ADVERSE_REACTIONS} <= kinds
    # Sub-sections sit under their own top-level section, in increasing order, never twice.
    seen: list[tuple[int, int]] = []
    for section in doc.sections:
        numbers = re.findall(r"(?:^| > )(\d+)(?:\.(\d+))? ", section.title)
        if not numbers:
            continue
        top = int(numbers[0][0])
        if len(numbers) == 2:
            assert int(numbers[1][0]) == top, section.title
            seen.append((top, int(numbers[1][1])))
        else:
            seen.append((top, 0))
    assert seen == sorted(seen) and len(seen) == len(set(seen)), seen
    assert sum(1 for _, minor in seen if minor) >= 10
    # No section is empty, and every section's text is label text, not made up.
    assert all(s.end > s.start for s in doc.sections)


def test_subsections_repeated_as_fields_are_loaded_once() -> None:
    """openFDA repeats 8.1 as `pregnancy`, 12.1 as `mechanism_of_action`, storage inside
    `how_supplied`: each is indexed once, under its parent."""
    doc = load_document(ENHERTU)
    titles = [s.title for s in doc.sections]
    assert titles.count("8 USE IN SPECIFIC POPULATIONS > 8.1 Pregnancy") == 1
    assert titles.count("12 CLINICAL PHARMACOLOGY > 12.1 Mechanism of Action") == 1
    assert not any(t.startswith(("Pregnancy", "Mechanism of Action")) for t in titles)
    phrase = "Store vials in a refrigerator at 2°C to 8°C (36°F to 46°F)"
    assert doc.text.count(phrase) == 1


def test_tables_are_kept_as_rows_where_they_stood() -> None:
    doc = load_document(ENHERTU)
    section = next(s for s in doc.sections if s.title.endswith("2.3 Dosage Modifications"))
    text = doc.section_text(section)
    assert "Table 1: Dosage Reduction Schedule\n" in text
    assert "\nFirst dose reduction | 4.4 mg/kg | 5.4 mg/kg\n" in text
    # The flattened copy of the table is gone: the row's words appear once, as the row.
    assert text.count("Second dose reduction") == 1
    # A table of numbers is not mistaken for sub-sections (Gleevec's "6.6 Headache" cell).
    gleevec = [s.title for s in load_document(GLEEVEC).sections]
    assert not any("6.6 Headache" in t or "6.4 Anorexia" in t for t in gleevec)


def test_boxed_warning_comes_first_with_its_title() -> None:
    doc = load_document(ENHERTU)
    first = doc.sections[0]
    assert first.kind is SectionKind.BOXED_WARNING and first.code == "34066-1"
    assert first.title == "WARNING: INTERSTITIAL LUNG DISEASE and EMBRYO-FETAL TOXICITY"


def _envelope(*records: dict) -> bytes:
    return json.dumps({"meta": {"results": {"total": len(records)}}, "results": list(records)})


def test_a_file_with_several_records_needs_the_set_id(tmp_path: Path) -> None:
    path = tmp_path / "two.json"
    path.write_text(_envelope(_record(ENHERTU), _record(TAGRISSO)), encoding="utf-8")
    with pytest.raises(DocumentLoadError) as error:
        load_document(path)
    message = str(error.value)
    assert "two.json" in message and "set_id" in message
    assert _record(ENHERTU)["set_id"] in message and _record(TAGRISSO)["set_id"] in message
    doc = load_document(path, set_id=_record(TAGRISSO)["set_id"])
    assert doc.brand_name == "TAGRISSO"
    with pytest.raises(DocumentLoadError, match="no record with set_id 'nope'"):
        load_document(path, set_id="nope")


def test_empty_results_and_other_json_are_refused_clearly(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text('{"meta": {}, "results": []}', encoding="utf-8")
    with pytest.raises(DocumentLoadError, match=r"empty\.json.*no label records"):
        load_document(empty)
    other = tmp_path / "inquiries.json"
    other.write_text('[{"question": "dose?"}]', encoding="utf-8")
    with pytest.raises(DocumentLoadError, match="not an openFDA drug-label file"):
        load_document(other)
    broken = tmp_path / "broken.json"
    broken.write_text('{"results": [', encoding="utf-8")
    with pytest.raises(DocumentLoadError, match="not valid JSON"):
        load_document(broken)


def test_a_bare_record_and_a_non_prescription_record_load(tmp_path: Path) -> None:
    record = _record(KESIMPTA)
    record["openfda"] = {**record["openfda"], "product_type": ["HUMAN OTC DRUG"]}
    path = tmp_path / "bare.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    doc = load_document(path)
    assert doc.brand_name == "KESIMPTA"
    assert len(doc.notices) == 1 and "'HUMAN OTC DRUG' label" in doc.notices[0]
    assert "not a human prescription label" in doc.notices[0]


def test_manifest_set_id_must_match_the_label(tmp_path: Path) -> None:
    with pytest.raises(DocumentLoadError, match="set id '608d4f0d"):
        load_document(HUMIRA, set_id="00000000-0000-0000-0000-000000000000")
    assert load_document(HUMIRA, set_id="608d4f0d-b19f-46d3-749a-7159aa5f933d").set_id


def _zip(tmp_path: Path, name: str, members: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


def test_dailymed_spl_zip_loads_like_its_xml(tmp_path: Path) -> None:
    xml = HUMIRA.read_bytes()
    path = _zip(tmp_path, "humira.zip", {"humira.xml": xml, "humira-01.jpg": b"\xff\xd8\xff"})
    from_zip, from_xml = load_document(path), load_document(HUMIRA)
    assert from_zip.text == from_xml.text and from_zip.sections == from_xml.sections
    assert from_zip.source_format == "spl-zip" and from_zip.brand_name == "Humira"


def test_spl_zip_without_one_xml_is_refused(tmp_path: Path) -> None:
    images = _zip(tmp_path, "images.zip", {"a.jpg": b"\xff\xd8\xff", "b.jpg": b"\xff\xd8"})
    with pytest.raises(DocumentLoadError, match=r"images\.zip.*no SPL XML.*a\.jpg"):
        load_document(images)
    two = _zip(tmp_path, "two.zip", {"a.xml": b"<a/>", "b.xml": b"<b/>"})
    with pytest.raises(DocumentLoadError, match="holds 2 XML files"):
        load_document(two)
    not_spl = _zip(tmp_path, "other.zip", {"a.xml": b"<note>hi</note>"})
    with pytest.raises(DocumentLoadError, match="not an FDA SPL document"):
        load_document(not_spl)
    corrupt = tmp_path / "corrupt.zip"
    corrupt.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(DocumentLoadError, match="not a readable zip"):
        load_document(corrupt)


def test_spl_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("label.xml", "w", force_zip64=True) as part,
    ):
        for _ in range(8):
            part.write(b"\0" * (1024 * 1024))
    path = tmp_path / "bomb.zip"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(DocumentLoadError, match="possible zip bomb"):
        load_document(path)


@pytest.mark.parametrize(
    ("text", "title", "body_start"),
    [
        ("Recommended Dosage ENHERTU is given", "Recommended Dosage", "ENHERTU"),
        ("Dose Modifications Management of some adverse", "Dose Modifications", "Management"),
        ("Pregnancy Risk Summary Based on", "Pregnancy", "Risk"),
        ("Neutropenia Severe neutropenia, including", "Neutropenia", "Severe"),
        ("Injection-Related Reactions In Study 1 and", "Injection-Related Reactions", "In"),
        # A verb before an article opens the body, whatever follows; "Store at" likewise.
        (
            "Dosage Modifications for Patients with Severe Hepatic Impairment Reduce the ENHERTU",
            "Dosage Modifications for Patients with Severe Hepatic Impairment",
            "Reduce",
        ),
        ("Storage Store at 20°C - 25°C (68°F - 77°F)", "Storage", "Store at"),
        ("Concomitant Use with CYP3A Inhibitors Exposure to", "Concomitant Use with CYP3A", "Inh"),
        (
            "Cytokine Release Syndrome Cytokine Release Syndrome (CRS)",
            "Cytokine Release Syndrome",
            "Cyt",
        ),
    ],
)
def test_title_ends_where_the_sentence_starts(text: str, title: str, body_start: str) -> None:
    got_title, body = split_title(text, ["ENHERTU"])
    if title == "Concomitant Use with CYP3A":
        # "Inhibitors Exposure" is ambiguous without the label's markup: the title keeps at
        # least the words that certainly belong to it.
        assert got_title.startswith(title)
        return
    assert (got_title, body[: len(body_start)]) == (title, body_start)


def test_top_heading_and_boxed_title() -> None:
    assert split_top_heading("1 INDICATIONS AND USAGE KEYTRUDA is", "x", names=["KEYTRUDA"]) == (
        "1",
        "INDICATIONS AND USAGE",
        "KEYTRUDA is",
    )
    assert split_top_heading("None.", "CONTRAINDICATIONS") == (None, "CONTRAINDICATIONS", "None.")
    boxed = split_top_heading(
        "WARNING: EMBRYO-FETAL TOXICITY REVLIMID can cause", "x", boxed=True, names=["REVLIMID"]
    )
    assert boxed == (None, "WARNING: EMBRYO-FETAL TOXICITY", "REVLIMID can cause")


def test_a_footnote_in_a_table_cell_is_a_marker_and_its_text_follows_the_rows() -> None:
    """SPL writes a footnote's text inside the cell it annotates; read in place it ran into the
    cell ("WithholdResume in patients with ..."), and the row no longer said "Withhold"."""
    keytruda = load_document(KEYTRUDA).text
    assert "\nPneumonitis | Grade 2 | Withhold^2\nGrade 3 or 4 | Permanently discontinue\n" in (
        keytruda
    )
    assert "WithholdResume" not in keytruda
    # <footnoteRef> repeats the marker of the footnote it names; each text is printed once.
    assert keytruda.count("| Withhold^2\n") > 3
    assert keytruda.count("\n^2 Resume in patients with complete or partial resolution") == 1
    assert "\n^1 Based on Common Terminology Criteria for Adverse Events (CTCAE)" in keytruda

    arthrotec = load_document(LABELS / "600fe842-45d9-4d68-9ef2-456dbbebaa11.xml").text
    assert (
        "Gastric ulcer | 11% | 6%^1 | 3%^1 | 3%^1\nDuodenal ulcer | 6% | 2%^1 | 3%^1 | 1%^1\n"
        in arthrotec
    )
    assert "\n^1 Misoprostol significantly different from placebo (p<0.05)\n" in arthrotec
