"""Signal 1: lexical overlap between a sentence and the text it cites.

The share of a sentence's stemmed content words found in the cited text is the cheapest,
most explainable support signal; clauses are scored on their own so an unsupported clause
appended to a supported sentence is caught, and a sentence quoted verbatim is recognised so it
can skip the score thresholds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import Stemmer

from assistant.grounding.support.quantities import WORD_NUMBERS
from assistant.grounding.support.text import normalize

__all__ = ["STOPWORDS", "clauses", "content_stems", "is_verbatim", "share_found", "stem"]

STOPWORDS = frozenset(
    """
    a about above after again against all also although am an and any are as at be because been
    before being below between both but by can could did do does doing down during each either
    else etc ever every few for from further had has have having he her here hers him his how i
    if in into is it its itself just least may me might more most must my no nor not of off on
    once only or other our ours out over own per same shall she should so some such than that the
    their theirs them then there these they this those through thus to too under until up upon
    very via was we were what when where whether which while who whom whose why will with within
    would yet you your yours eg ie approximately around roughly generally usually include
    includes including included well
    """.split()
)
# Irregular forms the stemmer does not unify.
_IRREGULAR = {
    "women": "woman",
    "men": "man",
    "children": "child",
    "feet": "foot",
    "teeth": "tooth",
    "breastfed": "breastfeed",
    "breastfeeding": "breastfeed",
    # participles the stemmer leaves apart from their verb ("should not be frozen": "Do not freeze")
    "frozen": "freeze",
    "shaken": "shake",
    "broken": "break",
    "taken": "take",
    "given": "give",
    "eaten": "eat",
    "chosen": "choose",
    "drawn": "draw",
    "begun": "begin",
    "withheld": "withhold",
}
_WORD = re.compile(r"[a-z][a-z0-9]*")


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def stem(word: str) -> str:
    """The stem of one lower-cased word, irregular forms unified with their verb."""
    return _stemmer().stemWord(_IRREGULAR.get(word, word))


def content_stems(text: str) -> list[str]:
    """Lower-cased, stop-word-free, stemmed content words of ``text`` (numbers are excluded:
    they are checked exactly by the quantity signal, not by overlap)."""
    words = [
        _IRREGULAR.get(word, word)
        for word in _WORD.findall(normalize(text).lower().replace("breast-feed", "breastfeed"))
        if len(word) > 1 and word not in STOPWORDS and word not in WORD_NUMBERS
    ]
    return _stemmer().stemWords(words)


_CLAUSE_SPLIT = re.compile(r"[;:,]\s*|\s+(?:but|which|whereas|while|making|so that)\s+", re.I)


def clauses(sentence: str) -> list[str]:
    """Clauses of a sentence, split at punctuation and a few coordinating words."""
    return [part for part in _CLAUSE_SPLIT.split(sentence) if part and part.strip()]


def share_found(stems: Sequence[str], vocabulary: frozenset[str]) -> float:
    """The share of distinct stems found in ``vocabulary`` (1.0 when there are none)."""
    unique = set(stems)
    if not unique:
        return 1.0
    return sum(stem in vocabulary for stem in unique) / len(unique)


_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")


def is_verbatim(sentence: str, cited_text: str, min_words: int) -> bool:
    """Whether the sentence's words and numbers occur contiguously, in order, in the cited text."""
    said = _TOKEN.findall(normalize(sentence).lower())
    if len(said) < min_words:
        return False
    cited = _TOKEN.findall(normalize(cited_text).lower())
    return f" {' '.join(said)} " in f" {' '.join(cited)} "
