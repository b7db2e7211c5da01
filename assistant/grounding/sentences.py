"""Sentence splitting for generated text and approved passages.

Labels are full of abbreviations ("e.g.", "approx.", "Fig. 2"), decimals ("0.92 mg") and list
items; a sentence boundary is a terminal mark followed by whitespace and an uppercase letter,
digit or bracket, unless the word before it is a known abbreviation.
"""

from __future__ import annotations

import re

__all__ = ["is_highlights_fragment", "reads_alone", "split_sentences"]

# A label's Highlights run sentences together with section references ("( 1.6 ) as a single
# agent for ..."; "1. 7 Non-radiographic ... RINVOQ is indicated"; "( 5.1 ) • QTc ..."): a rep
# cannot say them.
_HIGHLIGHTS_FRAGMENT = re.compile(
    r"^\(|\(\s*\d+(?:\.\s?\d+)*(?:\s*,\s*\d+(?:\.\s?\d+)*)*\s*\)|^\d+\.\s?\d+\s|[●•]"
    r"|^[^.:]{3,80}\s:\s"  # a Highlights bullet: "Interstitial Lung Disease : Occurred in"
)


def is_highlights_fragment(sentence: str) -> bool:
    """Whether ``sentence`` is Highlights text run together with its section references. A
    full-text cross-reference ("[see Dosage and Administration (2.4)]") is not one."""
    return _HIGHLIGHTS_FRAGMENT.search(_CROSS_REFERENCE.sub("", sentence)) is not None


# Sentences that lean on the one before them ("However, delayed reactions ..."; "These ...").
_LEANS_BACK = re.compile(
    r"^(?:However|In addition|Additionally|Also|Therefore|Thus|This|These|It|They|Such|"
    r"Of these|Among these|In these)\b"
)


def reads_alone(sentence: str) -> bool:
    """Whether a label sentence can be shown on its own: a whole sentence (not a fragment a
    chunk boundary cut, a cross-reference or Highlights text) that does not lean on the one
    before it."""
    text = sentence.strip()
    return bool(
        len(text.split()) >= 6
        and text[0].isupper()
        and not text.startswith(("[", "See "))
        and not _LEANS_BACK.match(text)
        and not is_highlights_fragment(text)
    )


_CROSS_REFERENCE = re.compile(r"\[[^\]]*\]")
_ABBREVIATIONS = frozenset(
    "e.g i.e vs approx fig no dr mr mrs ms st inc ltd co etc al ref refs max min mg mcg kg ml "
    "dl vol ed eds jan feb mar apr jun jul aug sep sept oct nov dec u.s".split()
)
_BOUNDARY = re.compile(
    r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9•])"
    # a list whose bullets the label's text lost, each item ending in its cross-reference:
    # "contraindicated in: Patients with G6PD deficiency [see Warnings (5.3)] Patients with ..."
    r"|(?<=\])\s+(?=[A-Z][a-z]+\s)"
)
_ENDS_WITH_CROSS_REFERENCE = re.compile(r"\[\s*see\b[^\]]*\]$", re.I)
_LIST_MARKER = re.compile(r"^(?:[-•*]\s+)+")
_LINE_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-•*]|\d+\.)\s)")


def split_sentences(text: str) -> list[str]:
    """Sentences (and list items) of ``text``, stripped, in order; empty pieces dropped."""
    sentences: list[str] = []
    for block in _LINE_BREAK.split(text):
        start = 0
        for match in _BOUNDARY.finditer(block):
            candidate = block[start : match.start()].rstrip()
            if candidate.endswith("]") and not _ENDS_WITH_CROSS_REFERENCE.search(candidate):
                continue  # "[1] The", "[NAME] Patients": only a cross-reference ends an item
            last_word = candidate.rsplit(None, 1)[-1].rstrip(".!?").lower() if candidate else ""
            if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
                continue  # "e.g. Two" or an initial: not a boundary (a "]." or ")." is one)
            sentences.append(candidate)
            start = match.end()
        sentences.append(block[start:].strip())
    # List markers are layout, not words: "• Monitor ..." is the sentence "Monitor ...".
    cleaned = (_LIST_MARKER.sub("", " ".join(s.split())) for s in sentences)
    return [s for s in cleaned if s]
