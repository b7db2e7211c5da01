"""What a product's approved label allows, and how a question names the product.

``ProductLabel`` is the one value the off-label rules are judged against. It lives here with the
few helpers that read it: the regex that finds a product by its brand name or generic alias, the
products a text mentions (in mention order), the indication scope a condition is matched
against, and ``merge_labels`` for a product described by more than one label document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "ProductLabel",
    "indication_scope",
    "mentions",
    "merge_labels",
    "name_pattern",
    "name_words",
    "product_regex",
    "products_mentioned",
]

_I = re.IGNORECASE


@dataclass(frozen=True)
class ProductLabel:
    """What a product's approved label allows; built by the caller (see ``labels_from_manifest``).

    The last fields are optional refinements: the label's Indications and Usage text (richer
    than the manifest's short indications), the dosing schedules it states ("once daily", "every
    3 weeks"), the partners it explicitly allows in combination, a men-only restriction and the
    routes of administration. Empty means "not known": that check is skipped.
    """

    name: str
    aliases: tuple[str, ...]
    indications: tuple[str, ...]
    adult_only: bool
    approved_doses: tuple[str, ...]
    indication_text: str = ""
    approved_schedules: tuple[str, ...] = ()
    combinations: tuple[str, ...] = ()
    male_only: bool = False
    routes: tuple[str, ...] = ()  # "oral", "intravenous", "subcutaneous", "topical", ...
    # Sentences of Indications and Usage that approve use in children ("adult and pediatric
    # patients 12 years and older with melanoma"): a child is on-label only for what they cover.
    pediatric_indications: tuple[str, ...] = ()
    # Sentences naming a use the label does not support ("not established for cluster
    # headache"), each with the words that name the use (see ``limitations``).
    limitations: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # The bounded courses of treatment the dosing section states, in weeks ("for 52 weeks").
    courses: tuple[float, ...] = ()
    # The dosing sections' sentences and rows stating a dose, each under its heading.
    dosing_statements: tuple[str, ...] = ()
    # The label allows one dose a day ("the safety and effectiveness of a second dose have not
    # been established"): see ``repeats``.
    one_dose_a_day: bool = False
    # Regimens the label allows only for a while ("... return to the usual regimen as soon as
    # possible"): see ``temporary``.
    temporary_regimens: tuple[str, ...] = ()


def name_pattern(term: str) -> str:
    """A regex for ``term`` as a whole name, spaces and apostrophes written loosely."""
    escaped = re.escape(term.strip()).replace("\\ ", r"\s+").replace("'", "['\u2019]?")
    return rf"(?<![\w-]){escaped}(?![\w-])"


def mentions(text: str, word: str) -> bool:
    """Whether ``text`` holds ``word`` as a whole word; an abbreviation ("RA", "gBRCA") counts
    in its own case only."""
    flags = 0 if sum(c.isupper() for c in word) >= 2 else _I
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, flags) is not None


def name_words(names: Sequence[str]) -> frozenset[str]:
    """The lower-case words of a product's names ("nurtec", "odt", "rimegepant"): what a
    question says about the product, not about its use."""
    return frozenset(w.lower() for name in names for w in re.findall(r"[\w-]+", name))


def product_regex(label: ProductLabel) -> re.Pattern[str]:
    """Matches the product's brand name or any alias, longest first."""
    terms = sorted({label.name, *label.aliases} - {""}, key=len, reverse=True)
    return re.compile("|".join(name_pattern(term) for term in terms), _I)


def products_mentioned(text: str, labels: Sequence[ProductLabel]) -> list[tuple[int, ProductLabel]]:
    """Products named in ``text`` with the offset of their first mention, in mention order."""
    found = []
    for label in labels:
        match = product_regex(label).search(text)
        if match:
            found.append((match.start(), label))
    return sorted(found, key=lambda item: item[0])


def indication_scope(label: ProductLabel) -> str:
    """The label's indication text and short indications, which conditions are matched against."""
    return " ".join((label.indication_text, *label.indications))


def merge_labels(a: ProductLabel, b: ProductLabel) -> ProductLabel:
    """One label from two documents for the same product: the union of what each allows."""

    def union(x: tuple[str, ...], y: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*x, *y)))

    return ProductLabel(
        name=a.name,
        aliases=union(a.aliases, b.aliases),
        indications=union(a.indications, b.indications),
        adult_only=a.adult_only and b.adult_only,
        approved_doses=union(a.approved_doses, b.approved_doses),
        indication_text=" ".join(filter(None, (a.indication_text, b.indication_text))),
        approved_schedules=union(a.approved_schedules, b.approved_schedules),
        combinations=union(a.combinations, b.combinations),
        male_only=a.male_only and b.male_only,
        routes=union(a.routes, b.routes),
        pediatric_indications=union(a.pediatric_indications, b.pediatric_indications),
        limitations=union(a.limitations, b.limitations),
        courses=union(a.courses, b.courses),
        dosing_statements=union(a.dosing_statements, b.dosing_statements),
        one_dose_a_day=a.one_dose_a_day and b.one_dose_a_day,
        temporary_regimens=union(a.temporary_regimens, b.temporary_regimens),
    )
