"""Sentences of a call note as reps write them.

Notes are shorthand: "she was running behind so it was brief. disc'd access - PA denials w/ 2
plans." A new sentence may start in lower case, which label-text splitting does not take for a
boundary; an abbreviation ("Dr.", "approx.", "e.g.") still does not end one.
"""

from __future__ import annotations

import re

from assistant.grounding.sentences import split_sentences

__all__ = ["note_sentences"]

_LOWER_START = re.compile(r"(?<=[.!?])\s+(?=[a-z])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|vs|approx|incl|e\.g|i\.e|etc|pt|pts|wk|wks|mo|no|re|St|Jr)\.)$", re.I
)


def note_sentences(text: str) -> list[str]:
    """The note's sentences, in order, a lower-case start after a full stop counting as one."""
    sentences: list[str] = []
    for sentence in split_sentences(text):
        start = 0
        for match in _LOWER_START.finditer(sentence):
            if _ABBREVIATION.search(sentence[start : match.start()]):
                continue
            sentences.append(sentence[start : match.start()].strip())
            start = match.end()
        sentences.append(sentence[start:].strip())
    return [s for s in sentences if s]
