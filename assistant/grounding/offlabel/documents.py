"""``ProductLabel`` values built from the label documents of the knowledge base.

The off-label rules need what each approved label allows: its indications, adult-only or
men-only restriction, doses, schedules, combination partners and routes. This module reads them
from a label's manifest entry and parsed sections; the caller decides which documents count.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.grounding.offlabel.doses import DOSING_WORDS, find_doses, find_schedules
from assistant.grounding.offlabel.durations import course_lengths
from assistant.grounding.offlabel.labels import ProductLabel, merge_labels
from assistant.grounding.offlabel.limitations import use_limitations
from assistant.grounding.offlabel.regimens import dosing_statements
from assistant.grounding.offlabel.repeats import one_dose_a_day
from assistant.grounding.offlabel.routes import LABEL_ROUTE_WORDS, ROUTES
from assistant.grounding.offlabel.temporary import temporary_regimens
from knowledge_base.models import DocumentMetadata, ParsedDocument, SectionKind, Status
from knowledge_base.products import brand_first_word, split_product_name

__all__ = ["label_from_document", "labels_from_manifest"]

_I = re.IGNORECASE

_POSITIVE_COMBINATION = re.compile(r"\bin combination with\b(?P<with>.+?)(?:\.\s|\.?$)", _I)
_NEGATION = re.compile(r"\bnot\b", _I)
_RECOMMENDED_PARTNER = re.compile(
    r"\b(?:co-?administered|given|administered|used) (?:concomitantly |together )?with"
    r"(?P<with>[^.;]{3,80})",
    _I,
)
_ADULT_ONLY = re.compile(
    r"pediatric[^.]{0,80}not (?:been )?established|not (?:been )?established[^.]{0,40}pediatric"
    r"|\bunder 18 years\b|\bdo not use on (?:babies|children)\b",
    _I,
)
_MALE_ONLY = re.compile(
    r"\bfor use by men only\b|\bnot for use by women\b|\bif you are a woman\b"
    r"|\bnot indicated for use in (?:women|females)\b",
    _I,
)


def _split_product(product: str) -> tuple[str, tuple[str, ...]]:
    """'TAGRISSO (osimertinib)' -> ('TAGRISSO', ('osimertinib',)); "Men's Rogaine" adds Rogaine,
    "NURTEC ODT" adds NURTEC (how people name it)."""
    name, generic = split_product_name(product)
    aliases = [generic] if generic else []
    if " " in name:
        aliases.append(name.split()[-1])
        if first := brand_first_word(name):
            aliases.append(first)
    return name, tuple(aliases)


# A pediatric population in an indication: words, or an age floor under 18 ("12 years and
# older", "aged 6 months and older", "1 month of age and older").
_PEDIATRIC_WORDS = re.compile(
    r"\bp(?:a)?ediatric\b|\bchildren\b|\badolescents?\b|\binfants?\b|\bneonates?\b"
    # a disease that starts in childhood names its children ("Neonatal-Onset Multisystem
    # Inflammatory Disease")
    r"|\b(?:neonatal|infantile|childhood|juvenile)[- ]onset\b",
    _I,
)
_AGE_FLOOR = re.compile(
    r"\b(?:aged? )?(?P<n>\d{1,2}) (?P<unit>years?|months?|weeks?)(?: of age)? (?:and|or) "
    r"(?:older|above)\b",
    _I,
)


def pediatric_indications(indication: str, label_text: str = "") -> tuple[str, ...]:
    """The indication sentences that approve use in patients under 18: those naming a pediatric
    population or a young age floor ("adult and pediatric patients 12 years and older with
    ..."). An indication that names no age ("patients with aHUS") is not counted (a child is
    refused rather than a pediatric use promoted that the label does not spell out), unless the
    label's pediatric use names the indications not established in children and not this one
    ("Safety and effectiveness of Soliris for the treatment of PNH, gMG, or NMOSD in pediatric
    patients have not been established": aHUS is)."""
    not_in_children = _uses_not_in_children(label_text)
    found = []
    # Sentences, and the Highlights' items, which end at their section numbers ("( 1.2 )").
    for sentence in re.split(r"(?<=[.;])\s+|\(\s*\d+(?:\.\d+)*\s*\)|\n+", indication):
        if _NOT_ESTABLISHED.search(sentence):
            continue
        young = any(
            m["unit"].lower().startswith(("month", "week")) or int(m["n"]) < 18
            for m in _AGE_FLOOR.finditer(sentence)
        )
        others = (
            bool(not_in_children)
            and _INDICATED.search(sentence) is not None
            and not re.search(r"\badults?\b", sentence, _I)
            and not any(
                re.search(rf"\b{re.escape(use)}\b", sentence, _I) for use in not_in_children
            )
        )
        if young or others or _PEDIATRIC_WORDS.search(sentence):
            found.append(sentence.strip())
    return tuple(dict.fromkeys(found))


_INDICATED = re.compile(r"\bindicated\b|\btreatment of\b", _I)
_NOT_IN_CHILDREN = re.compile(
    r"(?:safety and effectiveness|effectiveness and safety|safety and efficacy)[^.]{0,40}?"
    r"\bfor the treatment of (?P<uses>[^.]{2,120}?) in pediatric patients"
    r" have not been established",
    _I,
)


def _uses_not_in_children(label_text: str) -> tuple[str, ...]:
    """The indications a label's pediatric use names as not established in children."""
    uses: list[str] = []
    cue = "in pediatric patients have not been established"
    sentences = [s for s in re.split(r"(?<=\.)\s+", label_text) if cue in s]
    for match in (m for s in sentences for m in _NOT_IN_CHILDREN.finditer(s)):
        uses += [
            u.strip() for u in re.split(r",\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+", match["uses"])
        ]
    return tuple(u for u in dict.fromkeys(uses) if u)


_NOT_ESTABLISHED = re.compile(r"not (?:been )?established|not indicated|not approved", _I)


def label_from_document(metadata: DocumentMetadata, document: ParsedDocument) -> list[ProductLabel]:
    """``ProductLabel``s (one per product the entry names) from a label's manifest entry and text.

    The caller decides which documents count (approved, unexpired, ``document_type`` 'label').
    """
    by_kind: dict[SectionKind, list[str]] = {}
    for section in document.sections:
        by_kind.setdefault(section.kind, []).append(document.section_text(section))
    statements = dosing_statements(
        [
            (section.title, document.section_text(section))
            for section in document.sections
            if section.kind in (SectionKind.DOSAGE, SectionKind.DIRECTIONS)
        ]
    )
    indication = " ".join(
        by_kind.get(SectionKind.INDICATIONS, []) + by_kind.get(SectionKind.PURPOSE, [])
    )
    dosing = "\n".join(
        by_kind.get(SectionKind.DOSAGE, []) + by_kind.get(SectionKind.DIRECTIONS, [])
    )
    forms = "\n".join(by_kind.get(SectionKind.DOSAGE_FORMS, []))
    segments = [s for s in re.split(r"(?<=[.;])\s+|\n|\|", dosing) if DOSING_WORDS.search(s)]
    segments = [s for s in segments if not re.search(r"\bmonitor", s, _I)]
    combos = tuple(
        m["with"].strip()
        for sentence in re.split(r"(?<=\.)\s+", indication)
        if not _NEGATION.search(sentence)
        for m in [_POSITIVE_COMBINATION.search(sentence)]
        if m
    ) + tuple(
        # A partner the dosing section recommends ("KRYSTEXXA is recommended to be
        # co-administered with methotrexate 15 mg orally once weekly").
        m["with"].strip()
        for sentence in re.split(r"(?<=\.)\s+", dosing)
        if re.search(r"\brecommended\b", sentence, _I) and not _NEGATION.search(sentence)
        for m in [_RECOMMENDED_PARTNER.search(sentence)]
        if m
    )
    routes = tuple(
        route
        for route, words in ROUTES
        if re.search(rf"\b(?:{words})\b|{LABEL_ROUTE_WORDS.get(route, '$^')}", dosing + forms, _I)
    )
    children = pediatric_indications(indication, document.text)
    limitations = use_limitations(document.text, indication)
    labels = []
    for product in metadata.products:
        name, aliases = _split_product(product)
        labels.append(
            ProductLabel(
                name=name,
                aliases=aliases,
                indications=tuple(metadata.indications),
                # A label whose indications name no pediatric population is for adults only.
                adult_only=not children
                and (
                    bool(_ADULT_ONLY.search(document.text))
                    or bool(re.search(r"\badults?\b", indication, _I))
                ),
                pediatric_indications=children,
                approved_doses=tuple(dict.fromkeys(find_doses(dosing + "\n" + forms))),
                indication_text=indication,
                approved_schedules=tuple(
                    dict.fromkeys(p for s in segments for p, _ in find_schedules(s))
                ),
                combinations=combos,
                male_only=bool(_MALE_ONLY.search(document.text)),
                routes=routes,
                limitations=limitations,
                courses=course_lengths(dosing),
                dosing_statements=statements,
                one_dose_a_day=one_dose_a_day(dosing),
                temporary_regimens=temporary_regimens(dosing),
            )
        )
    return labels


def labels_from_manifest(manifest_path: Path) -> list[ProductLabel]:
    """One ``ProductLabel`` per product with an approved label document in the manifest."""
    from knowledge_base.loaders import load_document
    from knowledge_base.manifest import load_manifest

    manifest_path = Path(manifest_path)
    labels: dict[str, ProductLabel] = {}
    for entry in load_manifest(manifest_path).documents:
        if entry.document_type != "label" or entry.status is not Status.APPROVED:
            continue
        for label in label_from_document(entry, load_document(manifest_path.parent / entry.path)):
            name = label.name
            labels[name] = merge_labels(labels[name], label) if name in labels else label
    return list(labels.values())
