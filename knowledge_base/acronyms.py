"""What a clinician's abbreviation stands for, read from the label that spells it out.

Reps and MSLs write "NVAF", "UC", "HeFH", "afib"; a label writes "nonvalvular atrial
fibrillation", "ulcerative colitis", "heterozygous familial hypercholesterolemia", often without
ever giving the short form. Keyword search then misses the passage, the embedding of "UC" is
not that of "ulcerative colitis", and a question that names no product ("when do NVAF pts drop to
2.5 mg?") cannot be told apart from any other. The long form is found as Schwartz and Hearst
(2003) match an abbreviation to its definition, the short form's letters found in order in a
phrase of the text, but stricter, since the text never pairs the two: the letters split into one
group per content word, each group the word's initial, its initial and the initial of the part
after a prefix ("NV" of nonvalvular), or, for a clipped form ("afib", "HeFH"), its first letters;
the shortest such phrase wins. Only tokens that are no English word are read as abbreviations.
Pure logic, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from wordfreq import zipf_frequency

__all__ = ["abbreviations_in", "long_form", "long_forms"]

# A token with two capitals or more ("NVAF", "HeFH"), or a lower-case one English does not use
# ("afib", "nvaf"); not part of "r/r" or "PD-L1", never one with a digit.
_TOKEN = re.compile(r"(?<![\w/-])[A-Za-z][A-Za-z0-9]{1,6}(?![\w/-])")
_RARE = 2.5  # Zipf: below this, a lower-case token is no English word ("afib": 1.9)
# How notes abbreviate routes, schedules and people, never a disease.
_SHORTHAND = frozenset(
    "iv po sc sq subq im bid tid qid qd qw qod prn hs ac pc hcp hcps pt pts md np pa rn msl "
    "ae aes sae saes fda rems pi uspi ok mg mcg ml kg dr drs er rx tx dx hx sx fx pk".split()
)
_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")
# A long form is content words, "of" and "and" inside it at most ("may be contingent" is none).
_SKIPPABLE = frozenset({"of", "and"})
_FUNCTION_WORDS = frozenset(
    "a an the or with in for to by on at as is are was were be been may can will has have had "
    "that which who not no such than from into per after before based its their this these "
    "those if when while used use".split()
)


def abbreviations_in(text: str, known: Iterable[str] = ()) -> list[str]:
    """The tokens of ``text`` that read as abbreviations, minus ``known`` (lower case: product
    names and the like)."""
    skip = {k.lower() for k in known}
    found: dict[str, None] = {}
    for match in _TOKEN.finditer(text):
        token = match.group()
        lower = token.lower()
        if lower in skip or lower in _SHORTHAND or any(c.isdigit() for c in token):
            continue
        capitals = sum(c.isupper() for c in token)
        rare = token.islower() and len(token) >= 3 and zipf_frequency(lower, "en") < _RARE
        if len(token) <= 6 and (capitals >= 2 or rare):
            found[token] = None
    return list(found)


# Prefixes after which a word's next letter starts a part of its own: "nonvalvular" gives NV.
_PREFIXES = (
    "non",
    "hetero",
    "homo",
    "intra",
    "extra",
    "sub",
    "peri",
    "post",
    "pre",
    "anti",
    "neuro",
)


def _group_fits(group: str, word: str, clipped: bool) -> bool:
    """Whether a word stands for a group of the short form's letters: its initial ("A" for
    atrial), the initial and the initial of the part after a prefix ("NV" for nonvalvular) or,
    where the short form is ``clipped`` (lower-case letters after a capital, or all lower case:
    "He" of HeFH, "fib" of afib), its first letters."""
    lower = group.lower()
    if len(group) == 1 or (clipped and word.startswith(lower)):
        return word.startswith(lower)
    return (
        len(group) == 2
        and (group.isupper() or group.islower())
        and lower[0] == word[0]
        and any(word.startswith(p) and word[len(p) : len(p) + 1] == lower[1] for p in _PREFIXES)
    )


def _spells(short: str, words: list[str]) -> bool:
    """Whether ``short`` splits into one group of letters per word, in order, each group one
    the word stands for (``_group_fits``); "of" and "and" may take none ("acute myeloid
    leukemia", "signs and symptoms")."""
    if not words:
        return not short
    word, rest = words[0], words[1:]
    if word in _SKIPPABLE and _spells(short, rest):
        return True
    for size in range(1, len(short) - len(rest) + 1):
        group = short[:size]
        # "He" of HeFH: a capital and the lower-case letters after it; "afib": any prefix
        clipped = short.islower() or (group[0].isupper() and group[1:].islower())
        if _group_fits(group, word, clipped) and _spells(short[size:], rest):
            return True
    return False


def long_form(short: str, text: str) -> str | None:
    """The shortest phrase of ``text`` that ``short`` abbreviates (``_spells``): two words or
    more, all content words but "of" and "and" inside; or ``None``."""
    letters = "".join(c for c in short if c.isalpha())
    best: str | None = None
    words = list(_WORD.finditer(text))
    for first in range(len(words)):
        if words[first].group()[0].lower() != letters[0].lower():
            continue
        for size in range(2, len(letters) + 1):
            run = words[first : first + size]
            if len(run) < size:
                break
            phrase = text[run[0].start() : run[-1].end()]
            parts = [w.group().lower() for w in run]
            if any(stop in phrase for stop in "\n.;:,()[]0123456789") or any(
                part in _FUNCTION_WORDS for part in parts
            ):
                continue
            if parts[0] in _SKIPPABLE or parts[-1] in _SKIPPABLE:
                continue
            if _spells(letters, [p for part in parts for p in part.split("-") if p]):
                if best is None or len(phrase) < len(best):
                    best = phrase
                break
    return best


def long_forms(short: str, texts: Mapping[str, str], *, own_use: bool = False) -> dict[str, str]:
    """Per key of ``texts`` (a product's indications), the long form its text gives ``short``.
    A text that uses the short form itself is left out (search finds it as it is), or, with
    ``own_use``, kept with the short form as its phrase (which products a short form names)."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(short)}(?![\w-])")
    found = {}
    for key, text in texts.items():
        if pattern.search(text):
            if own_use:
                found[key] = short
            continue
        phrase = long_form(short, text)
        if phrase is not None:
            found[key] = phrase
    return found
