"""Document loaders: one real FDA SPL label, a fictional PLR label in every supported format,
and the error cases a user can hit (empty, corrupt, binary, encrypted, scanned)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from knowledge_base.errors import DocumentLoadError
from knowledge_base.loaders import SUPPORTED_SUFFIXES, load_document
from knowledge_base.loaders.sections import (
    LOINC_SECTION_KINDS,
    Block,
    Heading,
    assemble,
    build_sections,
    classify_title,
    plain_heading_level,
)
from knowledge_base.models import ParsedDocument, SectionKind

K = SectionKind
FIXTURES = Path(__file__).parent / "fixtures" / "loaders"
ROGAINE = FIXTURES / "ab36b844-19de-4340-b32b-5e3abdaa5895.xml"
HEADER_ROW = "Adverse Reaction | TESTAMAB (fictional) N=120 | Placebo N=118"
TABLE_ROW = "Headache | 6% | 5%"
UNTITLED_OTC_CODES = {"42229-5", "50570-1", "50569-3", "50567-7", "50566-9", "53414-9", "50565-1"}

# The fictional PLR excerpt, as every non-SPL fixture renders it (after the preamble).
TESTAMAB_SECTIONS = [
    ("WARNING: SERIOUS INFECTIONS", K.BOXED_WARNING),
    ("1 INDICATIONS AND USAGE", K.INDICATIONS),
    ("2 DOSAGE AND ADMINISTRATION", K.DOSAGE),
    ("4 CONTRAINDICATIONS", K.CONTRAINDICATIONS),
    ("5 WARNINGS AND PRECAUTIONS", K.WARNINGS_PRECAUTIONS),
    ("5 WARNINGS AND PRECAUTIONS > 5.1 Serious Infections", K.WARNINGS_PRECAUTIONS),
    ("5 WARNINGS AND PRECAUTIONS > 5.2 Hepatotoxicity", K.WARNINGS_PRECAUTIONS),
    ("6 ADVERSE REACTIONS", K.ADVERSE_REACTIONS),
    ("8 USE IN SPECIFIC POPULATIONS > 8.1 Pregnancy", K.SPECIFIC_POPULATIONS),
    ("14 CLINICAL STUDIES", K.CLINICAL_STUDIES),
]
LONG_TITLE = "TESTAMAB (fictional) Prescribing Information Excerpt"
CAPS_TITLE = "TESTAMAB (FICTIONAL) PRESCRIBING INFORMATION"
# (fixture, source_format, document title, title of the preamble section: its first line)
FORMATS = [
    ("testamab.html", "html", LONG_TITLE, LONG_TITLE),
    ("testamab.md", "markdown", LONG_TITLE, LONG_TITLE),
    ("testamab.docx", "docx", LONG_TITLE, LONG_TITLE),
    ("testamab.pdf", "pdf", LONG_TITLE, CAPS_TITLE),  # title from the PDF metadata
    ("testamab.txt", "text", CAPS_TITLE, CAPS_TITLE),
]


def assert_well_formed(doc: ParsedDocument, *, untitled: frozenset[str] = frozenset()) -> None:
    """The invariants every loader promises, whatever the format."""
    assert doc.sections, "a document with text has at least one section"
    previous_end = 0
    for section in doc.sections:
        assert previous_end <= section.start < section.end <= len(doc.text)
        previous_end = section.end
        body = doc.section_text(section)
        assert body.strip(), f"section {section.title!r} is empty"
        assert body == body.strip(), f"section {section.title!r} has stray whitespace"
        first_line = body.split("\n", 1)[0]
        if section.title not in untitled:
            names = {*section.title.split(" > "), doc.title}
            assert first_line in names, f"{section.title!r} starts with {first_line!r}"
    assert "\n\n\n" not in doc.text, "paragraphs are separated by exactly one blank line"
    assert "\t" not in doc.text and "\r" not in doc.text
    for line in doc.text.split("\n"):
        assert line == line.rstrip()
        assert "  " not in line.lstrip(" "), f"unnormalised whitespace in {line!r}"


def titles_and_kinds(doc: ParsedDocument) -> list[tuple[str, SectionKind]]:
    return [(s.title, s.kind) for s in doc.sections]


def section(doc: ParsedDocument, title: str) -> str:
    return next(doc.section_text(s) for s in doc.sections if s.title == title)


# --- the real FDA SPL label (OTC Drug Facts) ---------------------------------------------


@pytest.fixture(scope="module")
def rogaine() -> ParsedDocument:
    return load_document(ROGAINE)


def test_rogaine_sections_keyed_on_loinc_codes(rogaine: ParsedDocument) -> None:
    assert rogaine.source_format == "spl"
    assert rogaine.title == "MEN's Rogaine® UNSCENTED"
    main = [(s.title, s.kind, s.code) for s in rogaine.sections if " > " not in s.title]
    assert main == [
        ("MEN's Rogaine® UNSCENTED", K.OTHER, "42229-5"),  # untitled "Drug Facts" banner
        ("Active ingredient", K.ACTIVE_INGREDIENT, "55106-9"),
        ("Purpose", K.PURPOSE, "55105-1"),
        ("Use", K.INDICATIONS, "34067-9"),
        ("Warnings", K.WARNINGS_PRECAUTIONS, "34071-1"),
        ("Directions", K.DOSAGE, "34068-7"),
        ("Other information", K.HOW_SUPPLIED, "44425-7"),
        ("Inactive ingredients", K.INACTIVE_INGREDIENTS, "51727-6"),
        ("Questions?", K.OTHER, "53413-1"),
        ("MEN's Rogaine® UNSCENTED", K.OTHER, "42229-5"),  # untitled "Distributed by"
        ("PRINCIPAL DISPLAY PANEL - Three 60 g Can Package", K.OTHER, "51945-4"),
    ]


def test_rogaine_warning_subsections_inherit_kind(rogaine: ParsedDocument) -> None:
    nested = [(s.title, s.kind) for s in rogaine.sections if s.title.startswith("Warnings > ")]
    assert nested == [
        ("Warnings > Extremely Flammable", K.WARNINGS_PRECAUTIONS),
        ("Warnings > Do Not Use", K.WARNINGS_PRECAUTIONS),
        ("Warnings > Ask Doctor", K.WARNINGS_PRECAUTIONS),
        ("Warnings > When Using", K.WARNINGS_PRECAUTIONS),
        ("Warnings > Stop Use", K.WARNINGS_PRECAUTIONS),
        ("Warnings > Pregnancy or Breast Feeding", K.WARNINGS_PRECAUTIONS),
        ("Warnings > Keep Out of Reach of Children", K.WARNINGS_PRECAUTIONS),
    ]


def test_rogaine_text_is_the_label_prose(rogaine: ParsedDocument) -> None:
    # Sections without a <title> get a name but no made-up heading line in the text.
    untitled = {s.title for s in rogaine.sections if s.code in UNTITLED_OTC_CODES}
    assert_well_formed(rogaine, untitled=frozenset(untitled))
    assert section(rogaine, "Active ingredient") == (
        "Active ingredient\n\nMinoxidil 5% w/w (without propellant)"
    )
    assert section(rogaine, "Use") == (
        "Use\n\nto regrow hair on the top of the scalp "
        "(vertex only, see pictures on side of this carton)"
    )
    do_not_use = section(rogaine, "Warnings > Do Not Use")
    assert do_not_use.startswith("Do not Use if\n\n- you are a woman\n- your amount of hair loss")
    assert "Ask a doctor before use if you have heart disease" in rogaine.text
    assert "- apply half a capful 2 times a day to the scalp in the hair loss area" in (
        section(rogaine, "Directions")
    )
    assert "store at controlled room temperature 20° to 25° C (68° to 77°F)" in rogaine.text
    assert "call toll-free 800-ROGAINE or 215-273-8755 (collect)" in rogaine.text


def test_rogaine_product_data_elements_are_skipped(rogaine: ParsedDocument) -> None:
    assert all(s.code != "48780-1" for s in rogaine.sections)
    assert "Unscented Formula" not in rogaine.text  # the product data's <name><suffix>
    assert "Mens rogaine" not in rogaine.text
    assert rogaine.text.startswith("Drug Facts\n\nActive ingredient")


# --- a fictional PLR SPL: nesting, inherited kinds, tables, inline markup --------------


@pytest.fixture(scope="module")
def plr_spl() -> ParsedDocument:
    return load_document(FIXTURES / "testamab_plr_spl.xml")


def test_plr_spl_nested_sections(plr_spl: ParsedDocument) -> None:
    assert plr_spl.title == "TESTAMAB (fictional) injection, for subcutaneous use"
    assert [(s.title, s.kind, s.code) for s in plr_spl.sections] == [
        ("WARNING: SERIOUS INFECTIONS", K.BOXED_WARNING, "34066-1"),
        ("1 INDICATIONS AND USAGE", K.INDICATIONS, "34067-9"),
        ("2 DOSAGE AND ADMINISTRATION > 2.1 Recommended Dosage", K.DOSAGE, "42229-5"),
        ("2 DOSAGE AND ADMINISTRATION > 2.2 Dosage Modifications", K.DOSAGE, "42229-5"),
        ("4 CONTRAINDICATIONS", K.CONTRAINDICATIONS, "34070-3"),
        ("5 WARNINGS AND PRECAUTIONS", K.WARNINGS_PRECAUTIONS, "43685-7"),
        ("5 WARNINGS AND PRECAUTIONS > 5.1 Serious Infections", K.WARNINGS_PRECAUTIONS, "42229-5"),
        ("5 WARNINGS AND PRECAUTIONS > 5.2 Hepatotoxicity", K.WARNINGS_PRECAUTIONS, "42229-5"),
        ("6 ADVERSE REACTIONS", K.ADVERSE_REACTIONS, "34084-4"),
        ("6 ADVERSE REACTIONS > 6.1 Clinical Trials Experience", K.ADVERSE_REACTIONS, "34084-4"),
        ("8 USE IN SPECIFIC POPULATIONS > 8.1 Pregnancy", K.SPECIFIC_POPULATIONS, "42228-7"),
        ("8 USE IN SPECIFIC POPULATIONS > 8.2 Lactation", K.SPECIFIC_POPULATIONS, "77290-5"),
        ("14 CLINICAL STUDIES", K.CLINICAL_STUDIES, "34092-7"),
        ("PRINCIPAL DISPLAY PANEL - 100 mg Carton", K.OTHER, "51945-4"),
    ]
    assert_well_formed(plr_spl)


def test_plr_spl_parent_text_and_heading_only_parent(plr_spl: ParsedDocument) -> None:
    assert section(plr_spl, "5 WARNINGS AND PRECAUTIONS") == (
        "5 WARNINGS AND PRECAUTIONS\n\nTESTAMAB (fictional) can cause serious adverse effects."
    )
    # A parent with no text of its own opens its first subsection's span.
    assert section(plr_spl, "8 USE IN SPECIFIC POPULATIONS > 8.1 Pregnancy").startswith(
        "8 USE IN SPECIFIC POPULATIONS\n\n8.1 Pregnancy\n\nAvailable data"
    )


def test_plr_spl_renders_tables_lists_and_inline_markup(plr_spl: ParsedDocument) -> None:
    table = section(plr_spl, "6 ADVERSE REACTIONS > 6.1 Clinical Trials Experience")
    assert table.split("\n")[2:] == [
        "Table 1: Adverse Reactions in at Least 5% of Patients",
        HEADER_ROW,
        "Injection site reaction^a | 12% | 3%",
        "Upper respiratory tract infection | 9% | 7%",
        TABLE_ROW,
    ]
    dosage = section(plr_spl, "2 DOSAGE AND ADMINISTRATION > 2.1 Recommended Dosage")
    assert dosage.endswith(
        "1. Inspect the prefilled syringe before use.\n"
        "2. Inject into the thigh or abdomen.\n"
        "  - Rotate injection sites."
    )
    assert "below 1 x 10^9/L." in plr_spl.text  # <sup>
    assert "Mean Cmax was 12 mcg/mL." in plr_spl.text  # <sub>
    assert "or death [see Warnings and Precautions (5.1)]." in plr_spl.text  # <linkHtml>
    assert "NDC 00000-000-00 TESTAMAB (fictional) injection" in plr_spl.text  # <br/>
    assert "SHOULD-NOT-APPEAR" not in plr_spl.text  # product data, highlights excerpt


# --- the same excerpt in every other format --------------------------------------------


@pytest.mark.parametrize(("name", "source_format", "title", "preamble"), FORMATS)
def test_format_sections_and_kinds(
    name: str, source_format: str, title: str, preamble: str
) -> None:
    doc = load_document(FIXTURES / name)
    assert doc.source_format == source_format
    assert doc.title == title
    assert titles_and_kinds(doc) == [(preamble, K.OTHER), *TESTAMAB_SECTIONS]
    assert_well_formed(doc)
    preamble = doc.section_text(doc.sections[0])
    assert preamble.endswith(
        "This is a fictional label excerpt written for testing. It describes no real medicine."
    )


@pytest.mark.parametrize("name", [name for name, *_ in FORMATS])
def test_format_tables_lists_and_paragraphs(name: str) -> None:
    doc = load_document(FIXTURES / name)
    adverse = section(doc, "6 ADVERSE REACTIONS")
    assert f"\n\n{HEADER_ROW}\nInjection site reaction | 12% | 3%\n" in adverse
    assert f"\n{TABLE_ROW}" in adverse
    dosage = section(doc, "2 DOSAGE AND ADMINISTRATION")
    assert "- Inspect the prefilled syringe before use.\n- Inject into the thigh or abdomen." in (
        dosage
    )
    # A paragraph wrapped over several source lines is one line of text.
    assert (
        "\n\nPatients treated with TESTAMAB (fictional) are at increased risk for serious "
        "infections that may lead to hospitalization or death. Monitor patients for signs of "
        "infection." in doc.text
    )
    assert section(doc, "5 WARNINGS AND PRECAUTIONS") == (
        "5 WARNINGS AND PRECAUTIONS\n\nTESTAMAB (fictional) can cause serious adverse effects."
    )


def test_docx_keeps_tables_in_document_order() -> None:
    doc = load_document(FIXTURES / "testamab.docx")
    assert section(doc, "6 ADVERSE REACTIONS").endswith(
        f"{TABLE_ROW}\n\nPercentages are rounded to whole numbers."
    )


def test_pdf_bold_headings_wrapped_title_and_wrapped_table_header() -> None:
    doc = load_document(FIXTURES / "srd_bold_headings.pdf")
    assert doc.title == "TESTAMAB (fictional): Use in Pregnancy - Standard Response Document"
    # The bold title, wrapped over three lines, is one line of text outside every section.
    assert doc.text.startswith(f"{doc.title}\n\nQuestion\n\n")
    assert titles_and_kinds(doc) == [
        ("Question", K.QUESTION),
        ("Summary", K.RESPONSE),
        ("Available Data > Pregnancy registry", K.RESPONSE),
        ("References", K.REFERENCES),
    ]
    assert_well_formed(doc)
    registry = section(doc, "Available Data > Pregnancy registry")
    assert registry.startswith("Available Data\n\nPregnancy registry\n\n")
    assert registry.endswith(
        "\n\nOutcome | Exposed pregnancies N=52 | Reference rate\n"
        "Major birth defects | 2 (3.8%) | 3%"
    )
    assert section(doc, "References").endswith(
        "\n1. TESTAMAB (fictional) Prescribing Information. Fictional Pharma; 2024."
    )


ORDERED_LISTS = [
    ("list.md", "Intro.\n\n3. Third\n4. Fourth\n   - nested\n", "3. Third\n4. Fourth\n  - nested"),
    (
        "list.html",
        "<p>Intro.</p><ol start='3'><li>Third</li><li>Fourth</li></ol>",
        "3. Third\n4. Fourth",
    ),
    ("list.txt", "Intro.\n\n3. Third\n4. Fourth\n* bullet\n", "3. Third\n4. Fourth\n- bullet"),
]


@pytest.mark.parametrize(("name", "content", "expected"), ORDERED_LISTS)
def test_ordered_lists_keep_their_numbers(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content, "utf-8")
    assert load_document(path).text == f"Intro.\n\n{expected}"


def test_text_title_line_is_not_a_section_kind(tmp_path: Path) -> None:
    path = tmp_path / "card.txt"
    path.write_text(
        "ACME TITRATION AND DOSING POCKET CARD (FICTIONAL)\n\nINDICATION\nFor testing.\n\n"
        "COLUMBA-2:\nA lead-in, not a heading.\n",
        "utf-8",
    )
    doc = load_document(path)
    assert titles_and_kinds(doc) == [("INDICATION", K.INDICATIONS)]
    assert doc.text.startswith("ACME TITRATION AND DOSING POCKET CARD (FICTIONAL)\n\nINDICATION")
    assert doc.title == "ACME TITRATION AND DOSING POCKET CARD (FICTIONAL)"


def test_docx_merged_cell_is_one_cell(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_heading("6 ADVERSE REACTIONS", level=1)
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Merged header"
    table.cell(0, 2).text = "c"
    for column, text in enumerate(("a", "b", "c")):
        table.cell(1, column).text = text
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert load_document(path).text == "6 ADVERSE REACTIONS\n\nMerged header | c\na | b | c"


def test_html_drops_page_furniture() -> None:
    doc = load_document(FIXTURES / "testamab.html")
    assert "SHOULD-NOT-APPEAR" not in doc.text  # script, nav, comment
    assert "Home" not in doc.text and "font-family" not in doc.text
    assert "100 mg by subcutaneous injection" in doc.text  # &nbsp; normalised


def test_markdown_renders_text_not_markup() -> None:
    doc = load_document(FIXTURES / "testamab.md")
    assert "doc_id" not in doc.text  # YAML front matter
    assert "**" not in doc.text and "](" not in doc.text and "| ---" not in doc.text
    assert "every 3 months (monitoring schedule)." in doc.text
    assert "  - Rotate injection sites." in doc.text
    # A '#' line inside a code fence is code, not a heading.
    assert "5.1 Serious Infections" in doc.sections[6].title
    assert "# not a heading" in doc.section_text(doc.sections[6])


def test_text_without_headings_is_one_section(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(b"First paragraph\r\nwrapped here.\r\n\r\nSecond   paragraph.\r\n")
    doc = load_document(path)
    assert doc.text == "First paragraph wrapped here.\n\nSecond paragraph."
    assert titles_and_kinds(doc) == [("First paragraph", K.OTHER)]


def test_uppercase_suffix_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "NOTE.TXT"
    path.write_text("Some approved text.", encoding="utf-8")
    assert load_document(path).source_format == "text"


def test_supported_suffixes() -> None:
    assert set(SUPPORTED_SUFFIXES) == {
        ".xml", ".zip", ".json", ".pdf", ".docx", ".html", ".htm", ".md", ".markdown", ".txt",
    }  # fmt: skip


# --- errors ------------------------------------------------------------------------------


def load_error(path: Path) -> DocumentLoadError:
    with pytest.raises(DocumentLoadError) as caught:
        load_document(path)
    assert str(path) in str(caught.value)
    return caught.value


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"  \n")
    assert "is empty" in str(load_error(path))


def test_unknown_suffix_names_it_and_the_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "label.rtf"
    path.write_text("{\\rtf1 hello}", encoding="utf-8")
    message = str(load_error(path))
    assert "'.rtf'" in message and ".pdf" in message and ".docx" in message


def test_missing_file(tmp_path: Path) -> None:
    error = load_error(tmp_path / "missing.pdf")
    assert "could not be read" in str(error)
    assert isinstance(error.__cause__, OSError)


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\nthis is not really a PDF\n%%EOF\n")
    error = load_error(path)
    assert "could not be read as a PDF" in str(error)
    assert error.__cause__ is not None


def test_scanned_pdf_without_text_layer() -> None:
    message = str(load_error(FIXTURES / "scanned.pdf"))
    assert "has no text; if it is a scanned PDF, export it with a text layer" in message


def test_password_protected_pdf() -> None:
    assert "password-protected" in str(load_error(FIXTURES / "encrypted.pdf"))


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "label.docx"
    path.write_bytes(b"This was saved as plain text with a .docx name.")
    error = load_error(path)
    assert "could not be read as a Word .docx file" in str(error)
    assert error.__cause__ is not None


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    path = tmp_path / "label.docx"
    path.write_bytes(buffer.getvalue())
    assert "could not be read as a Word .docx file" in str(load_error(path))


def test_malformed_xml(tmp_path: Path) -> None:
    path = tmp_path / "label.xml"
    path.write_text('<document xmlns="urn:hl7-org:v3"><title>Broken</document>', "utf-8")
    error = load_error(path)
    assert "is not well-formed XML" in str(error)
    assert error.__cause__ is not None


def test_xml_that_is_not_spl(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text("<rss><channel><title>News</title></channel></rss>", "utf-8")
    assert "is not an FDA SPL document" in str(load_error(path))


def test_spl_parser_resolves_no_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", "utf-8")
    path = tmp_path / "label.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE document [<!ENTITY leak SYSTEM "file://{secret}">]>'
        '<document xmlns="urn:hl7-org:v3"><title>T</title><component><structuredBody>'
        '<component><section><code code="34067-9"/><title>Use</title>'
        "<text><paragraph>before &leak; after</paragraph></text></section></component>"
        "</structuredBody></component></document>",
        "utf-8",
    )
    doc = load_document(path)
    assert "TOP-SECRET-CONTENT" not in doc.text
    assert "before" in doc.text


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_binary_file_with_text_suffix(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"image{suffix}"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    message = str(load_error(path))
    assert "NUL bytes" in message and "UTF-8" in message


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_that_is_not_utf8(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"latin1{suffix}"
    path.write_bytes("Caf\u00e9 au lait".encode("latin-1"))
    message = str(load_error(path))
    assert "not valid UTF-8" in message and "re-save it as UTF-8" in message
    assert "0xe9" in message


def test_html_with_no_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><body><script>var x = 1;</script></body></html>", "utf-8")
    assert "has no text" in str(load_error(path))


# --- the shared pieces -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("WARNING: HEPATOTOXICITY", K.BOXED_WARNING),
        ("Boxed Warning", K.BOXED_WARNING),
        ("1 INDICATIONS AND USAGE", K.INDICATIONS),
        ("Use", K.INDICATIONS),
        ("2 DOSAGE AND ADMINISTRATION", K.DOSAGE),
        ("Dosing", K.DOSAGE),
        ("Directions", K.DOSAGE),
        ("3 DOSAGE FORMS AND STRENGTHS", K.DOSAGE_FORMS),
        ("4 CONTRAINDICATIONS", K.CONTRAINDICATIONS),
        ("5 WARNINGS AND PRECAUTIONS", K.WARNINGS_PRECAUTIONS),
        ("Warnings", K.WARNINGS_PRECAUTIONS),
        ("6 ADVERSE REACTIONS", K.ADVERSE_REACTIONS),
        ("Side effects", K.ADVERSE_REACTIONS),
        ("7 DRUG INTERACTIONS", K.DRUG_INTERACTIONS),
        ("8 USE IN SPECIFIC POPULATIONS", K.SPECIFIC_POPULATIONS),
        ("8.1 Pregnancy", K.SPECIFIC_POPULATIONS),
        ("8.2 Lactation", K.SPECIFIC_POPULATIONS),
        ("8.4 Pediatric Use", K.SPECIFIC_POPULATIONS),
        ("8.5 Geriatric Use", K.SPECIFIC_POPULATIONS),
        ("12 CLINICAL PHARMACOLOGY", K.CLINICAL_PHARMACOLOGY),
        ("14 CLINICAL STUDIES", K.CLINICAL_STUDIES),
        ("Efficacy", K.CLINICAL_STUDIES),
        ("16 HOW SUPPLIED/STORAGE AND HANDLING", K.HOW_SUPPLIED),
        ("17 PATIENT COUNSELING INFORMATION", K.PATIENT_COUNSELING),
        ("Active ingredient", K.ACTIVE_INGREDIENT),
        ("Inactive ingredients", K.INACTIVE_INGREDIENTS),
        ("Purpose", K.PURPOSE),
        ("Question", K.QUESTION),
        ("Response", K.RESPONSE),
        ("Summary", K.RESPONSE),
        ("Available Data", K.RESPONSE),
        ("Background", K.RESPONSE),
        ("References", K.REFERENCES),
        ("What is TESTAMAB indicated for?", K.INDICATIONS),
        ("What if a patient misses a dose?", K.DOSAGE),
        ("6.4 Special Precautions for Storage", K.HOW_SUPPLIED),
        ("4.8 Undesirable Effects", K.ADVERSE_REACTIONS),
        ("5.1 Hepatotoxicity", K.OTHER),
        ("11 DESCRIPTION", K.OTHER),
    ],
)
def test_classify_title(title: str, kind: SectionKind) -> None:
    assert classify_title(title) is kind


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("34066-1", K.BOXED_WARNING),
        ("34067-9", K.INDICATIONS),
        ("34068-7", K.DOSAGE),
        ("43678-2", K.DOSAGE_FORMS),
        ("34070-3", K.CONTRAINDICATIONS),
        ("43685-7", K.WARNINGS_PRECAUTIONS),
        ("34071-1", K.WARNINGS_PRECAUTIONS),
        ("34084-4", K.ADVERSE_REACTIONS),
        ("34073-7", K.DRUG_INTERACTIONS),
        ("43684-0", K.SPECIFIC_POPULATIONS),
        ("42228-7", K.SPECIFIC_POPULATIONS),
        ("77290-5", K.SPECIFIC_POPULATIONS),
        ("34081-0", K.SPECIFIC_POPULATIONS),
        ("34082-8", K.SPECIFIC_POPULATIONS),
        ("34090-1", K.CLINICAL_PHARMACOLOGY),
        ("34092-7", K.CLINICAL_STUDIES),
        ("34069-5", K.HOW_SUPPLIED),
        ("34076-0", K.PATIENT_COUNSELING),
        ("55106-9", K.ACTIVE_INGREDIENT),
        ("55105-1", K.PURPOSE),
        ("51727-6", K.INACTIVE_INGREDIENTS),
        ("60561-8", K.OTHER),
        ("42229-5", K.OTHER),
    ],
)
def test_loinc_codes(code: str, kind: SectionKind) -> None:
    assert LOINC_SECTION_KINDS[code] is kind


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("1 INDICATIONS AND USAGE", 1),
        ("5.1 Hepatotoxicity", 2),
        ("WARNING: SERIOUS INFECTIONS", 1),
        ("TESTAMAB (FICTIONAL) PRESCRIBING INFORMATION", 1),
        ("1. Take with food", None),
        ("Monitor ALT and AST every 3 months.", None),
        ("12 patients discontinued", None),
        ("ADVERSE REACTION | PLACEBO", None),
        ("ALT", None),
        ("DO NOT USE IF THE SEAL IS BROKEN.", None),
        ("COLUMBA-2:", None),
    ],
)
def test_plain_heading_level(line: str, level: int | None) -> None:
    assert plain_heading_level(line) == level


def test_assemble_preamble_paths_and_inherited_kinds() -> None:
    text, sections = assemble(
        [
            Block(("Before   any\nheading.",)),
            Heading(1, "5 WARNINGS AND PRECAUTIONS"),
            Heading(2, "5.1 Hepatotoxicity"),
            Block(("Monitor.",)),
            Heading(1, "Adverse reactions"),
            Block(("Row a | b | c", "x | y | z")),
        ],
        None,
    )
    assert text == (
        "Before any heading.\n\n5 WARNINGS AND PRECAUTIONS\n\n5.1 Hepatotoxicity\n\nMonitor."
        "\n\nAdverse reactions\n\nRow a | b | c\nx | y | z"
    )
    assert [(s.title, s.kind, text[s.start : s.end].split("\n")[0]) for s in sections] == [
        ("Preamble", K.OTHER, "Before any heading."),
        (
            "5 WARNINGS AND PRECAUTIONS > 5.1 Hepatotoxicity",
            K.WARNINGS_PRECAUTIONS,
            "5 WARNINGS AND PRECAUTIONS",
        ),
        ("Adverse reactions", K.ADVERSE_REACTIONS, "Adverse reactions"),
    ]


def test_build_sections_rejects_overlap_and_drops_empty_spans() -> None:
    spans = [("A", K.OTHER, None, 0, 5), ("B", K.OTHER, None, 5, 5), ("C", K.OTHER, None, 7, 9)]
    assert [s.title for s in build_sections(spans)] == ["A", "C"]
    with pytest.raises(ValueError, match="overlaps"):
        build_sections([("A", K.OTHER, None, 0, 5), ("B", K.OTHER, None, 4, 9)])


def test_no_library_exception_escapes_for_garbage(tmp_path: Path) -> None:
    garbage = bytes(range(1, 256)) * 4
    for suffix in SUPPORTED_SUFFIXES:
        path = tmp_path / f"garbage{suffix}"
        path.write_bytes(garbage)
        with pytest.raises(DocumentLoadError):
            load_document(path)
