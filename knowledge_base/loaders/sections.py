"""Section kinds and the shared text/section assembly every loader uses.

Loaders only turn a file into a stream of ``Heading`` and ``Block`` items; ``assemble`` lays
those out as ONE plain text with flat, ordered, non-overlapping section spans, so every
format obeys the same rules (heading line at the start of its span, title paths, kinds a
subsection inherits from its top-level section, whitespace normalised).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from knowledge_base.models import Section, SectionKind

__all__ = [
    "LOINC_SECTION_KINDS",
    "PATH_SEPARATOR",
    "Block",
    "Heading",
    "TableFootnotes",
    "assemble",
    "build_sections",
    "classify_title",
    "normalize_space",
    "plain_heading_level",
    "promote_title_heading",
]

PATH_SEPARATOR = " > "
_K = SectionKind

# LOINC section codes used by FDA SPL labels (PLR prescription and OTC "Drug Facts").
LOINC_SECTION_KINDS: dict[str, SectionKind] = {
    "34066-1": _K.BOXED_WARNING,
    "34067-9": _K.INDICATIONS,
    "34068-7": _K.DOSAGE,  # PLR "Dosage and administration" and OTC "Directions"
    "43678-2": _K.DOSAGE_FORMS,
    "34070-3": _K.CONTRAINDICATIONS,
    "43685-7": _K.WARNINGS_PRECAUTIONS,
    "34071-1": _K.WARNINGS_PRECAUTIONS,  # older-format and OTC "Warnings"
    "42232-9": _K.WARNINGS_PRECAUTIONS,  # older-format "Precautions"
    "50570-1": _K.WARNINGS_PRECAUTIONS,  # OTC "Do not use"
    "50569-3": _K.WARNINGS_PRECAUTIONS,  # OTC "Ask a doctor before use"
    "50568-5": _K.WARNINGS_PRECAUTIONS,  # OTC "Ask a doctor or pharmacist"
    "50567-7": _K.WARNINGS_PRECAUTIONS,  # OTC "When using this product"
    "50566-9": _K.WARNINGS_PRECAUTIONS,  # OTC "Stop use and ask a doctor"
    "53414-9": _K.WARNINGS_PRECAUTIONS,  # OTC "Pregnancy or breast-feeding"
    "50565-1": _K.WARNINGS_PRECAUTIONS,  # OTC "Keep out of reach of children"
    "34084-4": _K.ADVERSE_REACTIONS,
    "34073-7": _K.DRUG_INTERACTIONS,
    "43684-0": _K.SPECIFIC_POPULATIONS,
    "42228-7": _K.SPECIFIC_POPULATIONS,  # pregnancy
    "77290-5": _K.SPECIFIC_POPULATIONS,  # lactation
    "77291-3": _K.SPECIFIC_POPULATIONS,  # females and males of reproductive potential
    "34080-2": _K.SPECIFIC_POPULATIONS,  # nursing mothers (older format)
    "34081-0": _K.SPECIFIC_POPULATIONS,  # pediatric use
    "34082-8": _K.SPECIFIC_POPULATIONS,  # geriatric use
    "34090-1": _K.CLINICAL_PHARMACOLOGY,
    "43679-0": _K.CLINICAL_PHARMACOLOGY,  # mechanism of action
    "43682-4": _K.CLINICAL_PHARMACOLOGY,  # pharmacokinetics
    "34092-7": _K.CLINICAL_STUDIES,
    "34069-5": _K.HOW_SUPPLIED,
    "44425-7": _K.HOW_SUPPLIED,  # storage and handling (OTC "Other information")
    "34076-0": _K.PATIENT_COUNSELING,
    "42231-1": _K.PATIENT_LABELING,  # Medication Guide
    "42230-3": _K.PATIENT_LABELING,  # patient package insert ("Patient Information")
    "59845-8": _K.PATIENT_LABELING,  # Instructions for Use
    "55106-9": _K.ACTIVE_INGREDIENT,
    "55105-1": _K.PURPOSE,
    "51727-6": _K.INACTIVE_INGREDIENTS,
    "34093-5": _K.REFERENCES,
    "53413-1": _K.OTHER,  # OTC "Questions?": a phone number, not a standard-response question
    "51945-4": _K.OTHER,  # package label, principal display panel
    "60561-8": _K.OTHER,
    "42229-5": _K.OTHER,  # SPL unclassified section
}

# Checked in order: the first match wins, so the more specific phrases come first
# ("contraindications" before "indications", "inactive ingredient" before "active ingredient").
_TITLE_RULES: tuple[tuple[SectionKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (_K.BOXED_WARNING, r"\bboxed warning"),
        (_K.CONTRAINDICATIONS, r"\bcontraindication"),
        (_K.DOSAGE_FORMS, r"\bdosage forms?\b"),
        (_K.INACTIVE_INGREDIENTS, r"\binactive ingredient"),
        (_K.ACTIVE_INGREDIENT, r"\bactive ingredient"),
        (_K.INDICATIONS, r"\bindications?\b|\bindicated\b|^uses?$"),
        (_K.DRUG_INTERACTIONS, r"\binteractions?\b"),
        (_K.DOSAGE, r"\bdosage\b|\bdos(e|es|ed|ing)\b|\bdirections\b|\badministration\b"),
        (
            _K.SPECIFIC_POPULATIONS,
            r"\bspecific populations\b|\bpregnan|\blactation\b|\bpediatric|\bpaediatric"
            r"|\bgeriatric|\bnursing mothers\b|\breproductive potential\b",
        ),
        (_K.HOW_SUPPLIED, r"\bhow supplied\b|\bstorage\b"),
        (_K.WARNINGS_PRECAUTIONS, r"\bwarnings?\b|\bprecautions?\b"),
        (
            _K.ADVERSE_REACTIONS,
            r"\badverse (reactions?|events?|effects?)\b|\bside effects?\b|\bundesirable effects\b",
        ),
        (
            _K.CLINICAL_PHARMACOLOGY,
            r"\bclinical pharmacology\b|\bmechanism of action\b|\bpharmacokinetic"
            r"|\bpharmacodynamic",
        ),
        (_K.CLINICAL_STUDIES, r"\bclinical (studies|study|trials?)\b|\befficacy\b"),
        (
            _K.PATIENT_LABELING,
            r"\bmedication guide\b|^patient information\b|\binstructions for use\b",
        ),
        (_K.PATIENT_COUNSELING, r"\bpatient counsel"),
        (_K.PURPOSE, r"^purposes?\b"),
        (_K.REFERENCES, r"\breferences?\b|\bbibliography\b"),
        (_K.QUESTION, r"\bquestions?\b"),
        (_K.RESPONSE, r"\bresponse\b|\bsummary\b|\banswers?\b|\bavailable data\b|\bbackground\b"),
    )
)
_NUMBERING = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s*")
_BOXED_CAPS = re.compile(r"^WARNING\s*:")  # PLR boxed warnings read "WARNING: <RISK>"
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\s+([A-Z].*)$")


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (newlines, tabs, NBSP) to one space and drop control
    characters (PDF text layers carry some)."""
    return " ".join(_CONTROL.sub("", text).split())


def classify_title(title: str) -> SectionKind:
    """Map a heading such as ``"5 WARNINGS AND PRECAUTIONS"`` to its canonical kind."""
    bare = _NUMBERING.sub("", title).strip()
    if _BOXED_CAPS.match(bare):
        return SectionKind.BOXED_WARNING
    lowered = normalize_space(bare).lower().rstrip(":?").strip()
    for kind, pattern in _TITLE_RULES:
        if pattern.search(lowered):
            return kind
    return SectionKind.OTHER


def plain_heading_level(line: str) -> int | None:
    """Heading level of a line in text without markup (PDF, .txt), or None for body text.

    A heading is a label-style numbered line ("5.1 Hepatotoxicity" is level 2) or a short
    ALL-CAPS line ("WARNING: HEPATOTOXICITY", level 1). Table rows and sentences are not.
    """
    stripped = normalize_space(line)
    if not stripped or len(stripped) > 120 or "|" in stripped or "\t" in line:
        return None
    if stripped[-1] in ".,;":
        return None  # a sentence, not a heading
    numbered = _NUMBERED_HEADING.match(stripped)
    if numbered:
        return numbered.group(1).count(".") + 1 if len(stripped.split()) <= 12 else None
    letters = [char for char in stripped if char.isalpha()]
    if (
        stripped[-1] != ":"  # an ALL-CAPS lead-in ("COLUMBA-2:"), not a heading
        and len(letters) >= 4
        and all(char == char.upper() for char in letters)
        and any(char != char.lower() for char in letters)
        and len(stripped.split()) <= 8
        and stripped[0] not in "-*\u2022\u2013\u00b7"
    ):
        return 1
    return None


@dataclass(frozen=True)
class Heading:
    """A heading in reading order.

    ``level`` 0 is the document's own title (never part of a section path); an empty
    ``title`` adds nothing to the path (an untitled SPL subsection). ``kind=None`` means
    "classify the title". ``in_text=False`` keeps a made-up title out of the document text.
    """

    level: int
    title: str
    kind: SectionKind | None = None
    code: str | None = None
    in_text: bool = True


@dataclass(frozen=True)
class Block:
    """Body content: one paragraph, or the lines of a list ("- item", "1. item", nested ones
    indented by two spaces a level) or of a table ("a | b")."""

    lines: tuple[str, ...]


class TableFootnotes:
    """The footnotes of one table, numbered in reading order.

    SPL puts a footnote's text inside the cell it annotates (``<footnote>``, referred to again
    by ``<footnoteRef>``); read in place it would run into the cell ("WithholdResume in
    patients with..."). The cell keeps a marker ("Withhold^1") and the texts follow the rows,
    as the label prints them."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._texts: list[str] = []

    def add(self, text: str, note_id: str | None) -> str:
        """The marker of a footnote met in a cell."""
        self._texts.append(normalize_space(text))
        number = len(self._texts)
        if note_id:
            self._numbers[note_id] = number
        return f"^{number}"

    def refer(self, note_id: str | None) -> str:
        """The marker of a footnote referred to again ("" for an id not seen yet)."""
        number = self._numbers.get(note_id or "")
        return f"^{number}" if number else ""

    def lines(self) -> list[str]:
        return [f"^{n} {text}" for n, text in enumerate(self._texts, start=1) if text]


def build_sections(
    spans: Iterable[tuple[str, SectionKind, str | None, int, int]],
) -> list[Section]:
    """Sections from ``(title_path, kind, code, start, end)`` spans: empty spans dropped,
    the rest checked to be ordered and non-overlapping."""
    sections: list[Section] = []
    previous_end = 0
    for title, kind, code, start, end in spans:
        if end <= start:
            continue
        if start < previous_end:
            raise ValueError(f"section '{title}' [{start}:{end}] overlaps the one before it")
        sections.append(Section(title=title, kind=kind, code=code, start=start, end=end))
        previous_end = end
    return sections


def promote_title_heading(items: Sequence[Heading | Block]) -> list[Heading | Block]:
    """Treat a lone top heading (the only H1 of a page) as the document title, level 0, so
    it does not prefix every section path nor lend its words to every section's kind."""
    headings = [item for item in items if isinstance(item, Heading)]
    if len(headings) < 2 or headings[0].level == 0:
        return list(items)
    first = headings[0]
    if any(other.level <= first.level for other in headings[1:]):
        return list(items)
    return [
        Heading(0, item.title, item.kind, item.code, item.in_text) if item is first else item
        for item in items
    ]


@dataclass
class _Open:
    """The section being filled while ``assemble`` walks the items."""

    title: str
    kind: SectionKind
    code: str | None
    level: int
    start: int | None  # offset of its heading line (or first block) in the text
    has_body: bool = False


def _render(block: Block) -> str:
    """A block's lines, each normalised; the indent of a nested list item ("  - ") kept."""
    lines = []
    for line in block.lines:
        text = normalize_space(line)
        if text:
            lines.append(" " * (len(line) - len(line.lstrip(" "))) + text)
    return "\n".join(lines)


def assemble(
    items: Iterable[Heading | Block], document_title: str | None
) -> tuple[str, list[Section]]:
    """Lay out headings and blocks as one text (blank line between paragraphs) and its
    sections.

    A heading whose section has no body of its own before a deeper heading (a parent such
    as "5 WARNINGS AND PRECAUTIONS" directly followed by "5.1 ...") is not a section of its
    own: its heading line opens the first subsection's span. A document-title heading
    (level 0) with no body is left outside every section.
    """
    pieces: list[str] = []
    offset = 0
    spans: list[tuple[str, SectionKind, str | None, int, int]] = []
    stack: list[tuple[int, str, SectionKind]] = []  # (level, title, own kind) of ancestors
    current = _Open(document_title or "Preamble", SectionKind.OTHER, None, 0, None)
    end = 0

    def emit(text: str) -> int:
        nonlocal offset
        if pieces:
            pieces.append("\n\n")
            offset += 2
        pieces.append(text)
        start = offset
        offset += len(text)
        return start

    for item in items:
        if isinstance(item, Block):
            text = _render(item)
            if not text:
                continue
            start = emit(text)
            if current.start is None:
                current.start = start
            current.has_body = True
            end = offset
            continue
        title = normalize_space(item.title)
        carried: int | None = None
        if current.start is not None:
            if current.has_body or (current.level > 0 and item.level <= current.level):
                spans.append((current.title, current.kind, current.code, current.start, end))
            elif current.level > 0:
                carried = current.start  # heading-only parent: its line opens this section
            # else: a bare document-title line stays outside every section
        while stack and stack[-1][0] >= item.level:
            stack.pop()
        own_kind = item.kind or (classify_title(title) if title else SectionKind.OTHER)
        if item.level == 0:
            stack.clear()
            path, kind = title or document_title or "Preamble", SectionKind.OTHER
        else:
            stack.append((item.level, title, own_kind))
            names = [name for _, name, _ in stack if name]
            path = PATH_SEPARATOR.join(names) or document_title or "Preamble"
            kind = next((k for _, _, k in stack if k is not SectionKind.OTHER), SectionKind.OTHER)
        current = _Open(path, kind, item.code, item.level, carried)
        if item.in_text and title:
            start = emit(title)
            if current.start is None:
                current.start = start
            end = offset
    if current.start is not None and (current.has_body or current.level != 0):
        spans.append((current.title, current.kind, current.code, current.start, end))
    return "".join(pieces), build_sections(spans)
