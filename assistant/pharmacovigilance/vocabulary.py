"""Shared helpers and product names for the adverse-event / product-complaint vocabularies.

The word lists live beside this module: :mod:`.symptoms` (event words), :mod:`.events` (labs and
vital signs, serious outcomes, special situations such as medication errors, lack of efficacy),
:mod:`.cues` (patients, products and the negative cues) and :mod:`.complaints` (product
complaints). Each vocabulary is a block of regular-expression sources, one alternative a line
(read by :func:`lines`), compiled case-insensitively (unless named ``_CS``) with word boundaries
added by :func:`alternation`. Event vocabularies are deliberately broad: missing an adverse event
is the costly error, so ambiguity is resolved towards flagging and the negative cues (negation,
hypotheticals, label reading, pre-existing conditions) do the pruning.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from knowledge_base.products import product_aliases

# The sample's products (brand and non-proprietary names); callers add the library's own.
DEFAULT_PRODUCTS: dict[str, str] = product_aliases()


@cache
def _base_letter(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) > 1 and all(unicodedata.combining(mark) for mark in decomposed[1:]):
        return decomposed[0]
    return char


def fold_accents(text: str) -> str:
    """``text`` with each accented letter replaced by its base letter, one character for one,
    so that offsets into it are offsets into ``text``. Notes drop, add and mistype accents
    ("oedème", "œdeme", "hospitalizacion"): the vocabularies are matched on folded text."""
    return text if text.isascii() else "".join(_base_letter(char) for char in text)


def alternation(words: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One compiled pattern matching any of ``words`` (regex sources) as whole words, on
    accent-folded text (``fold_accents``): the sources are folded the same way."""
    # "thinning/alopecia" is two words, but "c/o", "h/o" and "s/p" are one.
    body = fold_accents("|".join(words))
    return re.compile(r"(?<!\w)(?<!\b\w/)(?:" + body + r")(?![\w])", flags)


def lines(block: str) -> list[str]:
    """The alternatives of a vocabulary block: one regex source a line, "#" lines are comments."""
    return [s for s in (line.strip() for line in block.splitlines()) if s and not s.startswith("#")]
