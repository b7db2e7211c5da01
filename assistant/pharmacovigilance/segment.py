"""Sentence and clause spans, and product mentions, for the safety detector.

Spans are character offsets into the original text so evidence can be quoted exactly. Notes
are written fast: lowercase sentence starts, "Dr." and "Mr. D." abbreviations, dashes and
semicolons between thoughts, so the splitter is forgiving rather than grammatical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int


_ABBREVIATIONS = frozenset(
    "dr drs mr mrs ms prof st vs etc e.g i.e eg ie approx fig jr sr inc ltd dept y.o yo "
    "wk wks mo mos yr yrs hr hrs min pt pts no. cf al".split()
)
_BOUNDARY = re.compile(r"[.!?]+(?=[\s\"')\]]|$)|\n\s*")
_CLAUSE_BREAK = re.compile(
    r";|(?<!\d):(?!\d)|\s[\u2014\u2013-]{1,2}\s|[\u2014\u2013]|"
    r"\s(?=(?:but|however|although|though|whereas|except)\b)",
    re.IGNORECASE,
)
_WORD_BEFORE = re.compile(r"(?<![\w])([A-Za-z][A-Za-z.]*)$")  # not "12h"


def sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(0).startswith(".") and _is_abbreviation(text[start : m.start()]):
            continue
        spans.append(Span(start, m.end() if not m.group(0).isspace() else m.start()))
        start = m.end()
    spans.append(Span(start, len(text)))
    return [s for s in (_trim(text, s) for s in spans) if s is not None]


def clauses(text: str, sentence: Span) -> list[Span]:
    spans: list[Span] = []
    start = sentence.start
    for m in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        spans.append(Span(start, m.start()))
        start = m.end()
    spans.append(Span(start, sentence.end))
    return [s for s in (_trim(text, s) for s in spans) if s is not None]


def _is_abbreviation(before: str) -> bool:
    m = _WORD_BEFORE.search(before)
    if m is None:
        return False
    word = m.group(1).lower()
    return len(word) == 1 or word in _ABBREVIATIONS or word.rstrip(".") in _ABBREVIATIONS


def _trim(text: str, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if re.search(r"\w", text[start:end]) else None


def product_mentions(text: str, names: dict[str, str]) -> list[tuple[int, str]]:
    """(offset, canonical name) of each product named, tolerating one typo in long names."""
    found: list[tuple[int, str]] = []
    for m in re.finditer(r"[A-Za-z][A-Za-z-]+", text):
        word = m.group(0).lower()
        name = names.get(word)
        if name is None and len(word) >= 6:
            name = next((c for k, c in names.items() if len(k) >= 6 and _close(word, k)), None)
        if name is not None:
            found.append((m.start(), name))
    for key, name in names.items():  # multi-word names
        if " " in key:
            found += [(m.start(), name) for m in re.finditer(re.escape(key), text, re.IGNORECASE)]
    return sorted(found)


def _close(a: str, b: str) -> bool:
    """Levenshtein distance at most one."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]
