"""The spaCy English NER model of PHI redaction, loaded explicitly and checked, never downloaded.

The model comes from a registry package pinned by hash (``requirements/spacy-model.txt``); its
``meta.json`` must match the fields of the official model's recorded in
``knowledge_base/assets/spacy/`` (version, training commit, labels, published accuracy), so a
different or tampered model is refused with a message that says what differs and what to do.
Only the NER component runs (3 ms a note); the lemmatizer's WordNet index is read once, to tell
names that are also common words ("Grace", "Bill") from names that are not.
"""

from __future__ import annotations

import importlib.util
import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = ["NerModel", "NerModelError", "load_ner_model"]

_EXPECTED = "spacy/en_core_web_sm-3.8.0.expected.json"
_INSTALL = "run `make setup` (it installs requirements/spacy-model.txt, pinned by hash)"


class NerModelError(RuntimeError):
    """The NER model is missing or is not the one this release was measured with."""


@dataclass(frozen=True)
class NerModel:
    nlp: Any  # spacy.Language with only "ner" enabled
    common_words: frozenset[str]  # lower-case English words (WordNet index of the lemmatizer)
    meta: dict[str, Any]
    # Words WordNet has only as nouns ("felicity", "rosario", "lakshmi"): proper nouns among them
    # are people's names, not words a note would use after "pt".
    noun_only_words: frozenset[str] = frozenset()


def _field(meta: dict[str, Any], path: str) -> Any:
    value: Any = meta
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def expected_model() -> dict[str, Any]:
    """The recorded fields of the official model's meta.json and the package that ships it."""
    text = resources.files("knowledge_base.assets").joinpath(_EXPECTED).read_text("utf-8")
    return json.loads(text)


def _same(found: Any, want: Any) -> bool:
    if isinstance(want, float) and isinstance(found, int | float):
        return math.isclose(found, want, rel_tol=1e-9)
    return found == want


def check_meta(meta: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Each checked field whose value differs: 'field: expected X, found Y'."""
    return [
        f"{path}: expected {want!r}, found {_field(meta, path)!r}"
        for path, want in expected["checked"].items()
        if not _same(_field(meta, path), want)
    ]


def load_ner_model() -> NerModel:
    """Load the pinned NER model from its installed package (no network); raises
    ``NerModelError`` naming the problem when it is missing or differs from the official one."""
    import spacy

    expected = expected_model()
    package = expected["package"]
    if importlib.util.find_spec(package) is None:
        raise NerModelError(f"the NER model package '{package}' is not installed; {_INSTALL}")
    # The package's own meta.json, as shipped (a loaded pipeline rewrites some of its fields).
    meta = json.loads(resources.files(package).joinpath("meta.json").read_text("utf-8"))
    problems = check_meta(meta, expected)
    if problems:
        raise NerModelError(
            f"the installed '{package}' is not the official en_core_web_sm "
            f"{expected['checked']['version']} ({'; '.join(problems)}); {_INSTALL}"
        )
    nlp = spacy.load(
        package, disable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
    )
    lookups = nlp.get_pipe("lemmatizer").lookups
    index = lookups.get_table("lemma_index")
    # Irregular forms ("gave", "took", "children") are words too: the lemmatizer's exceptions.
    irregular = lookups.get_table("lemma_exc")
    words = frozenset(word for words in index.values() for word in words) | frozenset(
        form for forms in irregular.values() for form in forms
    )
    noun = nlp.vocab.strings.add("noun")  # the table is keyed by the hash of the POS name
    nouns = frozenset(index.get(noun, ()))
    other = frozenset(w for key, found in index.items() if key != noun for w in found)
    return NerModel(nlp=nlp, common_words=words, meta=meta, noun_only_words=nouns - other)
