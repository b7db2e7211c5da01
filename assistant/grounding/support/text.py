"""Normalised text and the sentence units of a cited passage, shared by every signal.

Labels write the same thing in several ways (en dashes, curly quotes, "1,200 mg") and are full of
bullets and table rows without a final period. Every check compares normalised text, and the
negation and embedding signals compare a sentence with passage units cut the same way, so both
live here, below the modules that use them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["list_statements", "normalize", "split_sentences"]

_CHAR_MAP = str.maketrans(
    {
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus
        "\u2019": "'",
        "\u2018": "'",
        "\u00a0": " ",
        "\u202f": " ",
        "\u03bc": "\u00b5",  # greek mu -> micro sign
        "\u2009": " ",
    }
)
_BULLET = re.compile(r"^\s*(?:[-\u2022*\u2219]|\d+\.)\s+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


# Labels lose superscripts: "mg/m 2" is "mg/m2", "1.73 m 2" is "1.73 m2".
_SQUARED = re.compile(r"/\s*m\s+2\b")
_FEV1 = re.compile(r"\b(pp)?FEV\s+1\b")
_DEGREES = re.compile(r"\s*degrees?\s+(?:(C)elsius|(F)ahrenheit)\b", re.I)


def normalize(text: str) -> str:
    """Unify dashes, quotes, thousands separators and spelled-out temperature units, so
    "1,200 mg" and "1200 mg", "2 degrees Celsius" and "2\u00b0C" compare equal."""
    text = _SQUARED.sub("/m2", _THOUSANDS.sub("", text.translate(_CHAR_MAP)))
    text = _FEV1.sub(lambda m: f"{m.group(1) or ''}FEV1", text)
    return _DEGREES.sub(lambda m: f"\u00b0{(m.group(1) or m.group(2)).upper()}", text)


# Highlights run their bullets together on one line: "... as needed. ( 2.1 ) • The safety ...".
_INLINE_BULLET = re.compile(r"\s+\u2022\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")
_LEAD_IN_END = re.compile(r"(?::|\b(?:if|who|with|when|following|include|includes))\s*$", re.I)


def split_sentences(text: str) -> list[str]:
    """Split passage text into sentence-like units: lines (bullets, table rows) and sentences.

    Labels are full of bullets and table rows that carry no final period, so every line is a
    unit of its own; inside a line we split after ``.``, ``!`` or ``?`` before a capital. A
    bullet is prefixed with the line that introduces the list ("Do not use if" + "you are a
    woman"), because that lead-in carries the bullet's polarity.
    """
    units: list[str] = []
    lead_in = ""
    for bullet, line in _lines(text):
        if bullet and lead_in:
            line = f"{lead_in} {line}"
        elif not bullet:
            lead_in = line if _LEAD_IN_END.search(line) else ""
        head, *items = _INLINE_BULLET.split(line)
        sentences = _sentences(head)
        units.extend(sentences)
        # Bullets run together after a lead-in ("reduce the dosage to: • 100 mg ... • 150 mg")
        # carry it as bullets on their own lines do.
        inline_lead = sentences[-1] if sentences and _LEAD_IN_END.search(sentences[-1]) else ""
        for item in items:
            units.extend(_sentences(f"{inline_lead} {item}" if inline_lead else item))
    return units


def _lines(text: str) -> Iterator[tuple[bool, str]]:
    """Each non-empty line of ``text`` (normalised), whether it is a bullet, without its marker
    ("- • item": a bullet written with two markers is one bullet)."""
    for raw in normalize(text).splitlines():
        bullet = _BULLET.match(raw)
        line = raw[bullet.end() :].strip().lstrip("•∙ ") if bullet else raw.strip()
        if line:
            yield bullet is not None, line


def _sentences(line: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(line) if part.strip()]


def list_statements(text: str) -> list[str]:
    """Each bulleted list of the passage as one statement: the line that introduces it followed
    by all its items ("at least two of the following: age ... body weight ... creatinine ..."),
    which is how a restatement says a list in one sentence."""
    lists: list[list[str]] = []
    lead_in, open_list = "", False
    for bullet, line in _lines(text):
        head, *items = _INLINE_BULLET.split(line)
        if items:  # a list run together on one line
            sentences = _sentences(head)
            lists.append([*sentences[-1:], *items])
        if bullet:
            if not open_list:
                lists.append([lead_in] if lead_in else [])
                open_list = True
            lists[-1].append(line)
        else:
            lead_in, open_list = line, False
    return [" ".join(items) for items in lists if len(items) > 1]
