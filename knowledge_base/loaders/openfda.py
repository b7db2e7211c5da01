"""openFDA drug-label JSON loader.

openFDA serves an FDA label as one record with one field per label section (each a list of
strings), with the section's sub-sections flattened into the same string ("2 DOSAGE AND
ADMINISTRATION 2.1 Recommended Dosage ... 2.2 Dose Modifications ...") and every table both
flattened into that text and as HTML in a ``<field>_table`` key. This loader rebuilds what the
SPL loader gives for the same label: numbered top-level sections with their sub-sections as
their own spans ("2 DOSAGE AND ADMINISTRATION > 2.2 Dose Modifications"), the same section
kinds (via the fields' LOINC codes), and tables as rows ("a | b | c") where they stood.

A file holds either the API response (``{"meta": ..., "results": [...]}``) or one record.
When it holds several records the caller names one by ``set_id``; picking one silently would
index the wrong label.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

from knowledge_base.errors import DocumentLoadError
from knowledge_base.loaders.label_headings import split_subsections, split_top_heading
from knowledge_base.loaders.sections import (
    LOINC_SECTION_KINDS,
    Block,
    Heading,
    TableFootnotes,
    assemble,
    classify_title,
    normalize_space,
)
from knowledge_base.models import ParsedDocument, SectionKind

__all__ = ["PRESCRIPTION_PRODUCT_TYPE", "OpenFdaField", "load_openfda", "openfda_records"]

PRESCRIPTION_PRODUCT_TYPE = "HUMAN PRESCRIPTION DRUG"


@dataclass(frozen=True)
class OpenFdaField:
    """What a label field of an openFDA record is: its SPL LOINC code and default title."""

    code: str | None
    title: str


# openFDA label fields -> (LOINC code, title used when the text carries none). Fields not listed
# here but holding label text are still loaded, titled from the field name.
FIELDS: dict[str, OpenFdaField] = {
    "boxed_warning": OpenFdaField("34066-1", "BOXED WARNING"),
    "indications_and_usage": OpenFdaField("34067-9", "INDICATIONS AND USAGE"),
    "dosage_and_administration": OpenFdaField("34068-7", "DOSAGE AND ADMINISTRATION"),
    "dosage_forms_and_strengths": OpenFdaField("43678-2", "DOSAGE FORMS AND STRENGTHS"),
    "contraindications": OpenFdaField("34070-3", "CONTRAINDICATIONS"),
    "warnings_and_cautions": OpenFdaField("43685-7", "WARNINGS AND PRECAUTIONS"),
    "warnings": OpenFdaField("34071-1", "WARNINGS"),
    "precautions": OpenFdaField("42232-9", "PRECAUTIONS"),
    "general_precautions": OpenFdaField("34072-9", "General Precautions"),
    "adverse_reactions": OpenFdaField("34084-4", "ADVERSE REACTIONS"),
    "drug_interactions": OpenFdaField("34073-7", "DRUG INTERACTIONS"),
    "use_in_specific_populations": OpenFdaField("43684-0", "USE IN SPECIFIC POPULATIONS"),
    "pregnancy": OpenFdaField("42228-7", "Pregnancy"),
    "lactation": OpenFdaField("77290-5", "Lactation"),
    "nursing_mothers": OpenFdaField("34080-2", "Nursing Mothers"),
    "females_and_males_of_reproductive_potential": OpenFdaField(
        "77291-3", "Females and Males of Reproductive Potential"
    ),
    "pediatric_use": OpenFdaField("34081-0", "Pediatric Use"),
    "geriatric_use": OpenFdaField("34082-8", "Geriatric Use"),
    "drug_abuse_and_dependence": OpenFdaField("42227-9", "DRUG ABUSE AND DEPENDENCE"),
    "overdosage": OpenFdaField("34088-5", "OVERDOSAGE"),
    "description": OpenFdaField("34089-3", "DESCRIPTION"),
    "clinical_pharmacology": OpenFdaField("34090-1", "CLINICAL PHARMACOLOGY"),
    "mechanism_of_action": OpenFdaField("43679-0", "Mechanism of Action"),
    "pharmacodynamics": OpenFdaField("43681-6", "Pharmacodynamics"),
    "pharmacokinetics": OpenFdaField("43682-4", "Pharmacokinetics"),
    "nonclinical_toxicology": OpenFdaField("43680-8", "NONCLINICAL TOXICOLOGY"),
    "carcinogenesis_and_mutagenesis_and_impairment_of_fertility": OpenFdaField(
        "34083-6", "Carcinogenesis, Mutagenesis, Impairment of Fertility"
    ),
    "clinical_studies": OpenFdaField("34092-7", "CLINICAL STUDIES"),
    "references": OpenFdaField("34093-5", "REFERENCES"),
    "how_supplied": OpenFdaField("34069-5", "HOW SUPPLIED/STORAGE AND HANDLING"),
    "storage_and_handling": OpenFdaField("44425-7", "Storage and Handling"),
    "information_for_patients": OpenFdaField("34076-0", "PATIENT COUNSELING INFORMATION"),
    "spl_medguide": OpenFdaField("42231-1", "Medication Guide"),
    "spl_patient_package_insert": OpenFdaField("42230-3", "Patient Information"),
    "instructions_for_use": OpenFdaField("59845-8", "Instructions for Use"),
    "spl_unclassified_section": OpenFdaField("42229-5", ""),
    "package_label_principal_display_panel": OpenFdaField(
        "51945-4", "Package Label - Principal Display Panel"
    ),
    # OTC "Drug Facts" fields
    "active_ingredient": OpenFdaField("55106-9", "Active ingredient"),
    "purpose": OpenFdaField("55105-1", "Purpose"),
    "do_not_use": OpenFdaField("50570-1", "Do not use"),
    "ask_doctor": OpenFdaField("50569-3", "Ask a doctor before use"),
    "ask_doctor_or_pharmacist": OpenFdaField("50568-5", "Ask a doctor or pharmacist before use"),
    "when_using": OpenFdaField("50567-7", "When using this product"),
    "stop_use": OpenFdaField("50566-9", "Stop use and ask a doctor"),
    "pregnancy_or_breast_feeding": OpenFdaField("53414-9", "If pregnant or breast-feeding"),
    "keep_out_of_reach_of_children": OpenFdaField("50565-1", "Keep out of reach of children"),
    "inactive_ingredient": OpenFdaField("51727-6", "Inactive ingredients"),
    "questions": OpenFdaField("53413-1", "Questions?"),
}

# Fields that are not label prose: identity, structured product data, and the Highlights'
# "recent major changes" list (the SPL loader leaves Highlights out too).
_NOT_TEXT = frozenset(
    {
        "set_id",
        "id",
        "version",
        "effective_time",
        "openfda",
        "spl_product_data_elements",
        "spl_indexing_data_elements",
        "recent_major_changes",
    }
)
_BOXED = "boxed_warning"


def openfda_records(path: Path, data: bytes) -> list[Mapping[str, Any]]:
    """The label records of an openFDA file (API response or one bare record)."""
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DocumentLoadError(path, "is not UTF-8 text; openFDA files are UTF-8 JSON") from exc
    except json.JSONDecodeError as exc:
        raise DocumentLoadError(path, f"is not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise DocumentLoadError(path, "is nested too deeply to be an openFDA label") from exc
    if isinstance(payload, dict) and "results" in payload:
        records = payload["results"]
        if not isinstance(records, list):
            raise DocumentLoadError(path, "'results' is not a list of label records")
        if not records:
            raise DocumentLoadError(
                path,
                "holds no label records ('results' is empty): the openFDA query matched "
                "nothing; download the label again with a query that matches it",
            )
    elif isinstance(payload, dict) and ("set_id" in payload or "openfda" in payload):
        records = [payload]
    else:
        raise DocumentLoadError(
            path,
            "is not an openFDA drug-label file: expected the API response "
            '({"meta": ..., "results": [...]}) or one label record with a "set_id"',
        )
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise DocumentLoadError(path, f"results[{index}] is not a label record (a JSON object)")
    return records


def _select(path: Path, records: Sequence[Mapping[str, Any]], set_id: str | None) -> Mapping:
    ids = [str(record.get("set_id", "?")) for record in records]
    if set_id is not None:
        for record in records:
            if record.get("set_id") == set_id:
                return record
        raise DocumentLoadError(
            path,
            f"has no record with set_id '{set_id}' (its records: {', '.join(ids)}); "
            "correct `set_id` in the manifest entry",
        )
    if len(records) > 1:
        raise DocumentLoadError(
            path,
            f"holds {len(records)} label records (set ids: {', '.join(ids)}); name the one "
            "this manifest entry means with `set_id:`",
        )
    return records[0]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str) and item.strip()]
    return []


def _first(record: Mapping[str, Any], *keys: str) -> str | None:
    openfda = record.get("openfda")
    for key in keys:
        values = _strings(openfda.get(key)) if isinstance(openfda, dict) else []
        if values:
            return values[0]
    return None


# --- tables -----------------------------------------------------------------------------------


def _cell_text(element: Any, notes: TableFootnotes | None = None) -> str:
    """A cell's text with <sup> as ^x after a word or number and a footnote as its marker, as
    the SPL loader writes them."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if notes is not None and tag in {"footnote", "footnoteref"}:
            # (the HTML parser lower-cases SPL's names: footnoteRef, IDREF)
            marker = (
                notes.add(_cell_text(child), child.get("id"))
                if tag == "footnote"
                else notes.refer(child.get("idref"))
            )
            parts.extend((marker, child.tail or ""))
            continue
        inner = _cell_text(child, notes)
        if tag == "sup" and inner.strip() and "".join(parts)[-1:].isalnum():
            inner = "^" + inner.strip()
        elif tag in {"br", "paragraph", "p", "item", "li"}:
            inner = f" {inner} "
        parts.append(inner)
        parts.append(child.tail or "")
    return "".join(parts)


@dataclass(frozen=True)
class _Table:
    lines: tuple[str, ...]  # caption, then rows as "a | b | c"
    words: str  # every word of the table in reading order, whitespace removed: to find it


def _parse_table(markup: str) -> _Table | None:
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # lxml raises several types on broken markup; a table we cannot read
        return None  # stays as the flattened text openFDA already put in the section
    lines: list[str] = []
    for table in root.iter("table"):
        for caption in table.iter("caption"):
            text = normalize_space(_cell_text(caption))
            if text:
                lines.append(text)
        notes = TableFootnotes()
        for row in table.iter("tr"):
            cells = [normalize_space(_cell_text(c, notes)) for c in row if c.tag in {"td", "th"}]
            if any(cells):
                lines.append(" | ".join(cells))
        lines.extend(notes.lines())
    if not lines:
        return None
    words = re.sub(r"\s+", "", " ".join(root.itertext()))
    return _Table(tuple(lines), words)


_WHITESPACE = re.compile(r"\s+")


class _CompactIndex:
    """``text`` without whitespace, and the way back from an offset in it to one in ``text``:
    the whitespace runs are few (one per word), the kept characters many."""

    def __init__(self, text: str) -> None:
        self.compact = _WHITESPACE.sub("", text)
        self._kept_before: list[int] = []  # kept characters before each whitespace run
        self._removed_before: list[int] = []  # whitespace removed before it, the run included
        removed = 0
        for run in _WHITESPACE.finditer(text):
            self._kept_before.append(run.start() - removed)
            removed += run.end() - run.start()
            self._removed_before.append(removed)

    def offset(self, at: int) -> int:
        """The offset in ``text`` of the kept character at ``at`` in ``compact``."""
        runs = bisect_right(self._kept_before, at)
        return at + (self._removed_before[runs - 1] if runs else 0)


def _table_spans(
    text: str, tables: list[_Table]
) -> tuple[list[tuple[int, int, _Table]], list[_Table]]:
    """Where each table's flattened words stand in ``text``, and the tables not found."""
    if not tables:  # most sections hold none: no need to index their text
        return [], []
    index = _CompactIndex(text)
    compact = index.compact
    spans: list[tuple[int, int, _Table]] = []
    missing: list[_Table] = []
    for table in tables:
        at = compact.find(table.words) if table.words else -1
        if at < 0:
            missing.append(table)
            continue
        start, end = index.offset(at), index.offset(at + len(table.words) - 1) + 1
        if any(start < e and s < end for s, e, _ in spans):
            missing.append(table)
            continue
        spans.append((start, end, table))
    return spans, missing


def _with_tables(text: str, tables: list[_Table]) -> tuple[list[Block], list[_Table]]:
    """Blocks of one section body: its text with each table found in it replaced by the
    table's rows. Returns the tables that were not found in this text."""
    spans, missing = _table_spans(text, tables)
    blocks: list[Block] = []
    position = 0
    for start, end, table in sorted(spans, key=lambda span: span[0]):
        before = normalize_space(text[position:start])
        if before:
            blocks.append(Block((before,)))
        blocks.append(Block(table.lines))
        position = end
    rest = normalize_space(text[position:])
    if rest:
        blocks.append(Block((rest,)))
    return blocks, missing


# --- sections ---------------------------------------------------------------------------------


@dataclass
class _Part:
    """One label section instance from one string of one field."""

    field: str
    number: str | None  # "2", "8.1" or None
    title: str
    body: str
    order: int


def _field_info(name: str) -> OpenFdaField:
    known = FIELDS.get(name)
    if known is not None:
        return known
    return OpenFdaField(None, name.replace("_", " ").strip().capitalize())


def _parts(record: Mapping[str, Any], names: list[str]) -> list[_Part]:
    parts: list[_Part] = []
    for order, (name, value) in enumerate(record.items()):
        if name in _NOT_TEXT or name.endswith("_table"):
            continue
        info = _field_info(name)
        for text in _strings(value):
            number, title, body = split_top_heading(
                normalize_space(text), info.title, boxed=name == _BOXED, names=names
            )
            parts.append(_Part(name, number, title, body, order))
    return parts


def _sort_key(part: _Part) -> tuple[float, ...]:
    if part.field == _BOXED:
        return (-1.0, part.order)
    if part.number is not None:
        major, _, minor = part.number.partition(".")
        return (float(major), float(minor or 0), part.order)
    return (1000.0, part.order)


def _uncontained(parts: list[_Part]) -> list[_Part]:
    """The parts whose text is not already inside another part's (openFDA repeats a section's
    sub-sections as fields of their own: ``pregnancy`` inside ``use_in_specific_populations``,
    ``storage_and_handling`` inside ``how_supplied``)."""
    compact = [re.sub(r"\s+", "", part.body) for part in parts]
    return [
        part
        for part, own in zip(parts, compact, strict=True)
        if own
        and not any(
            len(other.body) > len(part.body) and own in other_compact
            for other, other_compact in zip(parts, compact, strict=True)
        )
    ]


def _kind(info: OpenFdaField, title: str) -> SectionKind:
    return LOINC_SECTION_KINDS.get(info.code or "") or (
        classify_title(title) if title else SectionKind.OTHER
    )


def _product_names(record: Mapping[str, Any]) -> list[str]:
    openfda = record.get("openfda")
    if not isinstance(openfda, dict):
        return []
    names = [*_strings(openfda.get("brand_name")), *_strings(openfda.get("generic_name"))]
    return [word for name in names for word in name.split()]


def _items(record: Mapping[str, Any]) -> Iterator[Heading | Block]:
    names = _product_names(record)
    parts = [p for p in _parts(record, names) if p.body or p.title]
    kept = _uncontained(parts)
    tables = {
        name[: -len("_table")]: [t for t in map(_parse_table, _strings(value)) if t]
        for name, value in record.items()
        if name.endswith("_table")
    }
    split_numbers: set[str] = set()
    plan: list[tuple[_Part, list[tuple[str | None, str, str]]]] = []
    for part in sorted(kept, key=_sort_key):
        subsections: list[tuple[str | None, str, str]] = []
        if part.number:
            in_tables, _ = _table_spans(part.body, tables.get(part.field, []))
            excluded = [(start, end) for start, end, _ in in_tables]
            subsections = split_subsections(part.body, part.number, names, excluded)
        split_numbers.update(number for number, _, _ in subsections if number)
        plan.append((part, subsections))
    for part, subsections in plan:
        if part.number and "." in part.number and part.number in split_numbers:
            continue  # its parent's text already holds this sub-section
        info = _field_info(part.field)
        kind = _kind(info, part.title)
        sub = part.number is not None and "." in part.number
        heading = f"{part.number} {part.title}" if part.number else part.title
        yield Heading(2 if sub else 1, heading, kind, info.code, in_text=bool(heading))
        pending = tables.get(part.field, [])
        bodies = subsections if subsections else [(None, "", part.body)]
        for number, title, body in bodies:
            if number is not None:
                yield Heading(2, f"{number} {title}")
            blocks, pending = _with_tables(body, pending)
            yield from blocks
        # A table openFDA did not flatten into the text: still part of the section.
        for table in pending:
            yield Block(table.lines)
        tables[part.field] = []


def load_openfda(path: Path, data: bytes, *, set_id: str | None = None) -> ParsedDocument:
    record = _select(path, openfda_records(path, data), set_id)
    brand = _first(record, "brand_name")
    generic = _first(record, "generic_name")
    title = f"{brand} ({generic.lower()})" if brand and generic else brand or generic
    text, sections = assemble(list(_items(record)), title)
    product_type = _first(record, "product_type")
    notices = []
    if product_type != PRESCRIPTION_PRODUCT_TYPE:
        notices.append(
            f"{path.name}: openFDA record {record.get('set_id', '?')} is a "
            f"'{product_type or 'unknown product type'}' label, not a human prescription "
            "label (loaded as it is)"
        )
    return ParsedDocument(
        text=text,
        sections=sections,
        title=title,
        source_format="openfda",
        brand_name=brand,
        generic_name=generic.lower() if generic else None,
        set_id=str(record["set_id"]) if record.get("set_id") else None,
        label_version=str(record["version"]) if record.get("version") else None,
        notices=notices,
    )
