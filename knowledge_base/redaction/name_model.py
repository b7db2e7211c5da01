"""The learned layer of PHI redaction's names: a logistic model that reads each word of a note
and says whether it is part of a patient's (or a relative's) name.

The rules and the name lists find a name by a cue or a list; each fresh blind set brought names
none of them knew ("tuomas kettunen and wife", "DIL Priya", "faith akinyemi (twins, 12)"). This
layer weighs what the rules weigh one at a time, all together: the word's shape and case, how
common it is in English (``wordfreq``), whether the census lists or WordNet hold it, what the NER
model called it, its letters (three-letter pieces: "-nen", "ngu", "-ova"), and the words and
punctuation around it. Whatever it finds goes through the same checks as the other name layers
(HCP names, hospitals, products and eponyms are kept).

The features are hashed (CRC-32, the same in every process) into ``DIMENSIONS`` weights; the fit
is numpy only and deterministic. The weights ship as ``name_model.npz`` with the SHA-256 of each
PHI set they were fitted on, so a set edited without a refit is caught by a test::

    .venv/bin/python bench/fit_name_model.py --write

Pure logic, but for reading and writing the weights file and hashing the sets it was fitted on.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS
from wordfreq import zipf_frequency

__all__ = [
    "DIMENSIONS",
    "WEIGHTS_FILE",
    "FeatureReader",
    "NameLexicon",
    "NameModel",
    "english_frequency",
    "fingerprints",
    "fit_name_model",
    "note_features",
    "save_name_model",
    "shipped_name_model",
    "word_spans",
]

DIMENSIONS = 1 << 18
WEIGHTS_FILE = "name_model.npz"
#: The probability at or above which a word is a name. Chosen on the PHI blind sets v1-v15, each
#: held out in turn (``bench/fit_name_model.py``; the redactor without this layer: names 0.958,
#: look-alikes kept 0.964): 0.7 gave names 0.972 at look-alikes kept 0.963, 0.8 gave 0.970 at
#: 0.963, 0.5 gave 0.974 at 0.960. A name left in a stored note is the costlier error.
THRESHOLD = 0.7
_STEPS = 300
_LEARNING_RATE = 0.5
_L2 = 1e-4

# A word, with an apostrophe inside it ("o'connell") but not a possessive's ("ngozi's": the name
# is "ngozi", which the redactor then finds again wherever the note repeats it).
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019](?!s\b)[^\W\d_]+)?(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class NameLexicon:
    """The word lists the features look words up in (the redactor's own)."""

    first_names: frozenset[str]
    last_names: frozenset[str]
    common_words: frozenset[str]
    products: frozenset[str]
    noun_only: frozenset[str] = frozenset()


# What redaction wrote: "[NAME]", "[DOB]" (a note redacted twice reads the same).
_TOKEN = re.compile(r"\[[A-Z_]+\]")


def word_spans(text: str) -> list[tuple[int, int]]:
    """The words of a note, as the model reads them ("o'connell", "abernathy-sato"), without the
    tokens an earlier redaction wrote."""
    tokens = [match.span() for match in _TOKEN.finditer(text)]
    return [
        match.span()
        for match in _WORD.finditer(text)
        if not (match.group() == "s" and match.start() and text[match.start() - 1] in "'\u2019")
        and not any(start < match.start() < end for start, end in tokens)
    ]


def _index(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (DIMENSIONS - 1)


def _shape(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return "U"
    if word[:1].isupper():
        return "T"
    return "l" if word.islower() else "m"


@dataclass(frozen=True)
class FeatureReader:
    """Features of words, each word's computed once per process (notes repeat their words). The
    cache lives in memory only, like the redactor's recent texts, and stops growing at 200,000
    words."""

    lexicon: NameLexicon
    _cache: dict[tuple[str, str], tuple[int, ...]] = field(default_factory=dict)

    def lexical(self, word: str, prefix: str) -> tuple[int, ...]:
        key = (word, prefix)
        found = self._cache.get(key)
        if found is None:
            found = tuple(_index(f) for f in self._lexical_features(word, prefix))
            if len(self._cache) < 200_000:
                self._cache[key] = found
        return found

    def _lexical_features(self, word: str, prefix: str) -> list[str]:
        lower = word.lower()
        band = int(min(english_frequency(lower), 7))
        shape = _shape(word)
        lex = self.lexicon
        features = [f"{prefix}z{band}", f"{prefix}s{shape}", f"{prefix}s{shape}z{band}"]
        features += [
            prefix + name
            for name, found in (
                ("first", lower in lex.first_names),
                ("last", lower in lex.last_names),
                ("common", lower in lex.common_words),
                ("nounonly", lower in lex.noun_only),
                ("product", lower in lex.products),
            )
            if found
        ]
        if prefix:  # a neighbour: who it is matters, not how it is spelt
            return [*features, f"{prefix}w:{lower}"]
        ends = f"^{lower}$"
        features += [f"c3:{ends[i : i + 3]}" for i in range(len(ends) - 2)]
        features += [f"suf3:{lower[-3:]}", f"pre3:{lower[:3]}", f"len{min(len(word), 12)}"]
        if not word.isascii():
            features.append("nonascii")
        if "-" in word:
            features.append("hyphen")
        return features


@lru_cache(maxsize=100_000)
def english_frequency(lower: str) -> float:
    """Zipf frequency in English, from wordfreq's small list (cached: notes repeat words)."""
    # the small list (words from Zipf 3; rarer ones read 0) loads in a tenth of the large one's
    # second, once per process: an ingest pays it
    return zipf_frequency(lower, "en", wordlist="small")


def _punctuation(chunk: str, at_edge: str) -> str:
    chunk = chunk.strip(" ")
    if not chunk:
        return at_edge
    return "w" if chunk.isalnum() else chunk


def _features(
    reader: FeatureReader, text: str, words: Sequence[tuple[int, int]], k: int, entity: str
) -> list[int]:
    start, end = words[k]
    word = text[start:end]
    found = [_index("bias"), _index("ner:" + entity), *reader.lexical(word, "")]
    before = text[max(0, start - 16) : start].rstrip(" ")[-1:]
    after = text[end : end + 16].lstrip(" ")[:1]
    found.append(_index("bp:" + _punctuation(before, "^")))
    found.append(_index("ap:" + _punctuation(after, "$")))
    if re.match(r"['\u2019]s\b", text[end : end + 3]):
        found.append(_index("poss"))
    for offset, prefix in ((-1, "p1"), (1, "n1")):
        j = k + offset
        if 0 <= j < len(words):
            found += reader.lexical(text[slice(*words[j])], prefix)
        else:
            found.append(_index(f"{prefix}w:<none>"))
    for offset, prefix in ((-2, "p2"), (2, "n2")):
        j = k + offset
        neighbour = text[slice(*words[j])].lower() if 0 <= j < len(words) else "<none>"
        found.append(_index(f"{prefix}w:{neighbour}"))
    return found


def _entity_of(
    words: Sequence[tuple[int, int]], entities: Iterable[tuple[int, int, str]]
) -> list[str]:
    """The NER label of each word ("O" outside every entity)."""
    labels = ["O"] * len(words)
    spans = sorted(entities)
    for k, (start, _) in enumerate(words):
        for e_start, e_end, label in spans:
            if e_start <= start < e_end:
                labels[k] = label
                break
    return labels


def note_features(
    reader: FeatureReader,
    text: str,
    entities: Iterable[tuple[int, int, str]],
    keep: Callable[[str], bool] = lambda word: True,
) -> tuple[list[tuple[int, int]], list[list[int]]]:
    """The words of a note that ``keep`` keeps and each one's feature indices (a word's
    neighbours are read whether kept or not)."""
    words = word_spans(text)
    labels = _entity_of(words, entities)
    kept = [k for k, (start, end) in enumerate(words) if keep(text[start:end])]
    return [words[k] for k in kept], [_features(reader, text, words, k, labels[k]) for k in kept]


@dataclass(frozen=True)
class NameModel:
    """Hashed-feature weights and the threshold; ``name_spans`` says which words are names."""

    weights: np.ndarray
    fitted_on: dict[str, str]  # set file name -> SHA-256
    lexicon: NameLexicon
    threshold: float = THRESHOLD
    _reader: FeatureReader = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_reader", FeatureReader(self.lexicon))

    def probabilities(
        self,
        text: str,
        entities: Iterable[tuple[int, int, str]] = (),
        keep: Callable[[str], bool] = lambda word: True,
    ) -> list[tuple[int, int, float]]:
        """Each word's ``(start, end, P(name))``, of the words ``keep`` keeps; ``entities``: the
        NER model's ``(start, end, label)`` spans of the text."""
        words, features = note_features(self._reader, text, entities, keep)
        if not words:
            return []
        flat = np.fromiter((i for f in features for i in f), dtype=np.int64)
        offsets = np.cumsum([0, *(len(f) for f in features[:-1])])
        scores = np.add.reduceat(self.weights[flat].astype(np.float64), offsets)
        probabilities = 1.0 / (1.0 + np.exp(-scores))
        return [
            (start, end, float(p)) for (start, end), p in zip(words, probabilities, strict=True)
        ]

    def _may_be_read(self, word: str) -> bool:
        """Worth reading at all: no stop word, listed product or acronym."""
        lower = word.lower()
        return not (
            lower in STOP_WORDS
            or lower in self.lexicon.products
            or (word.isupper() and len(word) > 1)
        )

    def name_spans(
        self,
        text: str,
        entities: Iterable[tuple[int, int, str]] = (),
        may_be_name: Callable[[str], bool] = lambda word: True,
    ) -> list[tuple[int, int, float]]:
        """Runs of words read as a name (joined across a space or a hyphen), with the lowest
        probability among their words; never a stop word, a listed product, an acronym or a word
        ``may_be_name`` rejects."""
        runs: list[tuple[int, int, float]] = []
        for start, end, p in self.probabilities(text, entities, self._may_be_read):
            if p < self.threshold or not may_be_name(text[start:end]):
                continue
            if runs and text[runs[-1][1] : start] in (" ", "-"):
                runs[-1] = (runs[-1][0], end, min(runs[-1][2], p))
            else:
                runs.append((start, end, p))
        return runs


def fit_name_model(
    features: Sequence[Sequence[int]],
    labels: Sequence[int],
    lexicon: NameLexicon,
    fitted_on: dict[str, str],
) -> NameModel:
    """Logistic regression on hashed features, AdaGrad full-batch with L2, both classes weighed
    the same; no random start, so the same data gives the same weights."""
    n = len(features)
    y = np.asarray(labels, dtype=np.float64)
    rows = np.repeat(np.arange(n), [len(f) for f in features])
    cols = np.fromiter((i for f in features for i in f), dtype=np.int64, count=len(rows))
    positive = float(y.mean()) if n else 0.5
    sample = np.where(y == 1, 0.5 / max(positive, 1e-6), 0.5 / max(1 - positive, 1e-6)) / max(n, 1)
    weights = np.zeros(DIMENSIONS)
    squared = np.full(DIMENSIONS, 1e-8)
    for _ in range(_STEPS):
        score = np.bincount(rows, weights=weights[cols], minlength=n)
        gradient_rows = (1.0 / (1.0 + np.exp(-score)) - y) * sample
        gradient = np.bincount(cols, weights=gradient_rows[rows], minlength=DIMENSIONS)
        gradient += _L2 * weights
        squared += gradient**2
        weights -= _LEARNING_RATE * gradient / np.sqrt(squared)
    return NameModel(weights.astype(np.float32), fitted_on, lexicon)


def fingerprints(paths: Sequence[Path]) -> dict[str, str]:
    """Each set's file name and SHA-256."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}


def save_name_model(model: NameModel, target: Path) -> None:
    np.savez_compressed(
        target,
        weights=model.weights,
        fitted_on=np.array(json.dumps(model.fitted_on, sort_keys=True)),
        threshold=np.array(model.threshold),
        dimensions=np.array(DIMENSIONS),
    )


def shipped_name_model(lexicon: NameLexicon) -> NameModel:
    """The weights that ship with the package."""
    path = resources.files("knowledge_base.redaction").joinpath(WEIGHTS_FILE)
    with resources.as_file(path) as file, np.load(file) as data:
        if int(data["dimensions"]) != DIMENSIONS:
            raise ValueError(
                f"{WEIGHTS_FILE} holds {int(data['dimensions'])} weights, the code hashes into "
                f"{DIMENSIONS}: refit with `.venv/bin/python bench/fit_name_model.py --write`"
            )
        return NameModel(
            weights=data["weights"].astype(np.float32),
            fitted_on=json.loads(str(data["fitted_on"])),
            lexicon=lexicon,
            threshold=float(data["threshold"]),
        )
