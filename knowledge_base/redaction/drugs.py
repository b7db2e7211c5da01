"""Drug names no patient is called, from a dictionary shipped inside a registry package.

Reps write brands the knowledge base does not hold ("pt on Tremfya", "switched to Biktarvy"), and
a capitalised word no English text uses reads as a surname to the name layers. The
``drug-named-entity-recognition`` package ships a dictionary of brand and generic names (from
DrugBank, MeSH and Wikipedia) in its wheel; its one-word names are kept out of the name layers,
except those the US census lists hold as first or last names ("Camila", "Saha"), which stay names:
a missed patient name costs more than a product name redacted.
"""

from __future__ import annotations

import bz2
import pickle
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from knowledge_base.redaction.names import CensusNames

__all__ = ["drug_name_words"]

# The package's own data file (pinned version in pyproject.toml).
_PACKAGE = "drug_named_entity_recognition"
_DICTIONARY = "drug_ner_dictionary.pkl.bz2"
_MIN_LENGTH = 4


@cache
def _dictionary_words() -> frozenset[str]:
    # Found without importing the package: its __init__ builds n-gram indexes (1.5 s) we do
    # not use.
    spec = find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{_PACKAGE} is not installed: run 'make setup'")
    raw = (Path(spec.submodule_search_locations[0]) / _DICTIONARY).read_bytes()
    # A pickle from the installed, pinned package: as trusted as the package's code itself.
    table = pickle.loads(bz2.decompress(raw))
    variants = table["drug_variant_to_canonical"]
    return frozenset(name for name in variants if name.isalpha() and len(name) >= _MIN_LENGTH)


def drug_name_words(census: CensusNames) -> frozenset[str]:
    """Lower-case one-word drug names that are not census names."""
    return frozenset(w for w in _dictionary_words() if w not in census)
