"""The gazetteer layer of PHI redaction: US town and neighbourhood names, shipped as a file made
from the ``zipcodes`` package (the USPS city of each ZIP code, the other names USPS accepts, and
the names it knows but does not accept on mail).

Reps name where a patient lives in lower case and often with nothing but a preposition before it
("from evanston.", "they're in kenosha", "moving to falls church"). A run of one to three words
that the gazetteer knows is a place of the patient's when a place cue stands before it ("from",
"in", "lives", "moved to", "out by") or a state or ZIP after it ("milton ma", "akron, oh"). A
single word that English also uses ("hope", "mobile", "normal") counts only before a state or a
ZIP; a listed given name ("grace") alone only after a strong cue. The names USPS marks as not to
be used for mail (neighbourhoods such as "boyle heights", "brighton beach", but also "aarp" and
"3m corp") count only after a strong cue.

The names are read from ``knowledge_base/assets/places/us-places.txt.gz`` (about 40,000 lines),
written by ``python -m knowledge_base.redaction.places OUT`` where ``zipcodes`` is installed (the
``dev`` extra). Importing ``zipcodes`` at run time would keep its 42,000 records alive as Python
objects, and every full garbage collection of the app would walk them (130 ms each).
"""

from __future__ import annotations

import argparse
import gzip
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from wordfreq import zipf_frequency

from knowledge_base.redaction.rules import US_STATE_NAMES

__all__ = [
    "INSTITUTION_WORDS",
    "VENUES",
    "Gazetteer",
    "city_noun",
    "is_suffixed_place",
    "load_gazetteer",
    "place_spans",
    "suffixed_place_spans",
    "zipcodes_gazetteer",
]

_ASSET = "assets/places/us-places.txt.gz"


@dataclass(frozen=True)
class Gazetteer:
    towns: frozenset[str]  # lower case: a ZIP's city and the other names USPS accepts
    neighbourhoods: frozenset[str]  # names USPS knows but does not accept on mail


@cache
def load_gazetteer() -> Gazetteer:
    """The shipped place names (read once per process): "T\tname" for a town, "N\tname" for a
    neighbourhood."""
    raw = resources.files("knowledge_base").joinpath(_ASSET).read_bytes()
    towns: set[str] = set()
    neighbourhoods: set[str] = set()
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        kind, _, name = line.partition("\t")
        (towns if kind == "T" else neighbourhoods).add(name)
    return Gazetteer(frozenset(towns), frozenset(neighbourhoods))


def zipcodes_gazetteer() -> Gazetteer:
    """The place names as the ``zipcodes`` package has them (what the shipped file is made of)."""
    import zipcodes

    towns: set[str] = set()
    neighbourhoods: set[str] = set()
    for row in zipcodes.list_all():
        towns.add(row["city"].lower())
        towns.update(name.lower() for name in row.get("acceptable_cities") or ())
        neighbourhoods.update(name.lower() for name in row.get("unacceptable_cities") or ())
    return Gazetteer(frozenset(towns), frozenset(neighbourhoods - towns - {""}))


def write_gazetteer(gazetteer: Gazetteer, path: Path) -> None:
    lines = [f"T\t{n}" for n in sorted(gazetteer.towns)]
    lines += [f"N\t{n}" for n in sorted(gazetteer.neighbourhoods)]
    # mtime 0: the same names give the same bytes
    path.write_bytes(gzip.compress("\n".join(lines).encode("utf-8"), mtime=0))


_WORD = re.compile(r"[^\W\d_]+(?:['\u2019.-][^\W\d_]+)*\.?")
# Cues that put the next words in a place: "from", "in", "lives (in)", "moved to", "out by".
_CUE = re.compile(
    r"(?i:\b(?:from|in|to|near|outside(?: of)?|around|by|out by|out in|over in|up in|down in"
    r"|lives|live|living|resides|moved to|moving to|relocated to|home in|house in|past|beyond"
    r"|(?:north|south|east|west) of)\s+(?:the\s+)?)$"
)
_IN = re.compile(r"(?i:\bin\s+(?:the\s+)?)$")
_STRONG_CUE = re.compile(
    r"(?i:\b(?:from|lives(?: in| near)?|live in|living in|resides in|moved to|moving to"
    r"|(?:they|she|he)(?:['\u2019]re|['\u2019]s| are| is) (?:in|out in|up in|down in)"
    r"|relocated to|home in|house in|out in|out by|over in|past|beyond|(?:north|south|east|west)"
    r" of"
    # "moved from alief to katy": where they went is a town as much as where they came from
    r"|(?:moved|moving|relocated|relocating) from\s+[\w'-]+(?:\s+[\w'-]+){0,2}\s+to"
    r")\s+(?:the\s+)?)$"
)
# Right after a patient's age and sex, a place that ends its clause is where they live, even a
# word English has: "chen mei-ling 70F, flushing, C4 held", "hunter king 15M from mason, and",
# "Yitzchak Ben-Ami, 94, Borough Park", "(decatur)".
_AFTER_AGE = re.compile(
    r"(?:\b\d{1,3}\s?(?:[MF]|y/?o|yo|yrs?)\b|,\s*\d{1,3}\s*,|(?i:\bage)\s*:?\s*\d{1,3}\s*,)"
    r"\s*(?:,\s*|\(\s*|[\u2013-]\s*|(?:in|from)\s+)?$"
)
# Words that make a name a hospital's or a school's ("Rush University Medical Center"); the
# engine reads them too.
INSTITUTION_WORDS = (
    "Hospital", "Center", "Centre", "Institute", "Clinic", "University", "Medical", "Cancer",
    "Health",
)  # fmt: skip
_INSTITUTION_WORDS = frozenset(w.lower() for w in INSTITUTION_WORDS) | {"college"}
_COMPASS_BEFORE = re.compile(r"(?i:\b(?:north|south|east|west)\s+)$")
_SEPARATED = re.compile(r"(?:^|[,;(\n]|\s[-\u2013])\s*$")
_CLAUSE_END = re.compile(r"^\s*(?:[,.;)\n]|$|[-\u2013]\s)")
_LIST_END = re.compile(r"^\s*(?:[,.;()\n]|$|[-\u2013]\s)")
# The sentence so far is about a patient: a patient word, a birth date or an age and sex.
_ABOUT_PATIENT = re.compile(
    r"(?i:\b(?:pt|pts|patient|dob|d\.o\.b|born)\b)|\b\d{1,3}\s?[MF]\b|\b\d{1,3}\s?y/?o\b"
)


def _clause_before(text: str, start: int) -> str:
    """The words of ``text`` before ``start`` back to the sentence's start (at most 120)."""
    window = text[max(0, start - 120) : start]
    cut = max(window.rfind(". "), window.rfind("\n"), window.rfind("; "))
    return window[cut + 1 :]


# States of one word ("idaho"); "new york" and the like stay towns after a place cue.
_STATES = frozenset(name for name in US_STATE_NAMES if " " not in name)
# State abbreviations after a town ("milton ma", "akron, OH 44310"). Those that are also words
# or clinical shorthand ("in", "or", "me", "ms", "pa") count only at the end of a clause.
_STATE_PLAIN = (
    r"(?:ak|az|ar|ca|ct|dc|fl|ga|ia|ks|ky|mn|mt|nv|nh|nj|nm|ny|nc|nd|ri|sc|sd|tn|tx|ut|vt|va"
    r"|wa|wv|wi|wy)"
)
_STATE_WORDLIKE = r"(?:al|co|de|hi|id|il|in|la|ma|md|me|mi|mo|ms|ne|oh|ok|or|pa)"
_STATE_AFTER = re.compile(
    rf"^,?\s+(?:(?i:{_STATE_PLAIN})(?![\w-])|(?i:{_STATE_WORDLIKE})(?=\s*(?:[.,;)\n]|$|\d{{5}}))"
    r"|\d{5}(?![\w-]))"
)
_MAX_WORDS = 3
# What follows a place's name: the end of the clause, another place, "area" ("from Antlers and
# Clayton", not "from Home office").
_PLACE_ENDS = re.compile(r"\s*(?:[,.;:)\n]|$|(?:and|or|area|county)\b)")


def place_spans(
    text: str,
    gazetteer: Gazetteer,
    common_words: frozenset[str],
    first_names: Collection[str],
    masked: bytearray,
    nouns_only: Collection[str] = (),
) -> list[tuple[int, int]]:
    """Spans of the patient's towns and neighbourhoods; ``masked``: 1 where an HCP name or
    another layer's find already is; ``nouns_only``: words English has only as nouns (WordNet
    lists cities among them: "tucson", "akron")."""
    words = list(_WORD.finditer(text))
    found: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        match = None
        for n in range(min(_MAX_WORDS, len(words) - index), 0, -1):
            run = words[index : index + n]
            if any(text[a.end() : b.start()] != " " for a, b in pairwise(run)):
                continue
            start, end = run[0].start(), run[-1].end()
            name = _folded(text[start:end].lower())
            if name.endswith(".") and name not in gazetteer.towns:
                end -= 1  # a sentence's full stop, not the one of "st."
                name = name[:-1]
            if (name in gazetteer.towns or name in gazetteer.neighbourhoods) and (
                name not in _STATES and name not in VENUES
            ):
                match = (start, end, n, name)
                break
        if match is None:
            index += 1
            continue
        start, end, n, name = match
        # "in east tulsa": a compass word between the cue and the town is the town's
        compass = _COMPASS_BEFORE.search(text[max(0, start - 12) : start])
        if compass and not any(masked[start - len(compass.group(0)) : start]):
            start -= len(compass.group(0))
        before = text[max(0, start - 30) : start]
        state_after = _STATE_AFTER.search(text[end:]) is not None
        if text[start:end].isupper() and not state_after:
            index += n  # an acronym ("from ASCO GU", "at AUA"), not a town in capitals
            continue
        strong = _STRONG_CUE.search(before) is not None
        word = n == 1 and _common(name, common_words)
        if _AFTER_AGE.search(before) and _CLAUSE_END.match(text[end:]):
            keep = True
        elif (
            n > 1
            and _SEPARATED.search(before)
            and _CLAUSE_END.match(text[end:])
            and not _after_hcp(text, start, masked)
            and not _INSTITUTION_WORDS & set(name.split())
        ):
            # a town of two or three words standing alone between commas, dashes or brackets:
            # "- tarpon springs -", "(Olumiant, jackson heights)"; not a hospital's name, nor
            # what follows an HCP's name in brackets ("Dr. Kim (Mount Sinai)")
            keep = True
        elif (
            n == 1
            and name in gazetteer.towns
            and not word
            and name not in first_names
            and _SEPARATED.search(before)
            and _LIST_END.match(text[end:])
            and _ABOUT_PATIENT.search(_clause_before(text, start))
            and not _after_hcp(text, start, masked)
        ):
            # a town among the patient's particulars, between commas: "pt leilani fonoti-akana,
            # a1c 9.8, waianae, works nights", "born 01/06/2023, dearborn."
            keep = True
        elif name in gazetteer.towns:
            cued = _CUE.search(before) is not None
            # a given name after a strong cue is the town ("lives in socorro", "from quincy"),
            # and so is a word written as a name ("from Antlers")
            capitalised = text[start].isupper() and _PLACE_ENDS.match(text[end:]) is not None
            # a city English has only as a noun, after "from"/"lives in" or "in" ending a clause
            # ("from tucson", "in antioch,"; not "time to onset"); its frequency asked last
            city = (
                word
                and (strong or (_IN.search(before) is not None and _CLAUSE_END.match(text[end:])))
                and (city_noun(name, nouns_only) or zipf_frequency(name, "en") < _RARE_WORD)
            )
            plain = (
                n > 1
                or (not word and (strong or name not in first_names))
                or (strong and capitalised)
                or city
            )
            keep = (cued and plain) or state_after
        else:
            keep = strong and (n > 1 or (not word and name not in first_names))
            keep = keep or (
                strong and text[start].isupper() and _PLACE_ENDS.match(text[end:]) is not None
            )
        if keep and not any(masked[start:end]):
            found.append((start, end))
            index += n
        else:
            index += 1
    return found


# Places reps name as where a patient comes from but that are no town ("from rehab").
VENUES = frozenset(
    "home work school church hospital clinic office pharmacy rehab hospice shelter jail prison "
    "college university camp daycare store farm beach lake river island village town city "
    "country abroad overseas".split()
)


def _after_hcp(text: str, start: int, masked: bytearray) -> bool:
    """Whether the words at ``start`` follow an HCP's name and a comma, dash or bracket ("Dr.
    Webb, Johns Hopkins", "dr kim (mount sinai)"), or stand in a bracket opened right after
    one ("dr. ferreira (pain mgmt, el paso)"): the HCP's hospital or town, not the patient's."""

    def masked_before(position: int) -> bool:
        before = text[:position].rstrip()
        return bool(before) and bool(masked[len(before) - 1])

    separator = text[:start].rstrip()
    if separator and separator[-1] in ",(-\u2013" and masked_before(len(separator) - 1):
        return True
    bracket = text.rfind("(", 0, start)
    return bracket >= 0 and ")" not in text[bracket:start] and masked_before(bracket)


# Below this Zipf frequency a town's name is seldom meant as the English word after "from",
# "lives in" or "past" ("from garland", "out past hazard"; not "from work", "past week").
_RARE_WORD = 4.0


def city_noun(word: str, nouns_only: Collection[str]) -> bool:
    """A town WordNet has only as a noun and English text seldom uses ("tucson", "antioch",
    "quincy"; not "story", "river"): after "from" or "lives in" it is the town."""
    return word in nouns_only and word not in VENUES and zipf_frequency(word, "en") < 4.5


# A neighbourhood or district no list has, named by its kind: "crown heights", "the 7th ward",
# "sunset district", "co-op city", "the south side".
_KINDS = (
    r"(?:heights|park|district|ward|side|hills?|village|beach|range|valley|springs"
    r"|city|township|borough|gardens|terrace|estates|harbou?r|bay|creek|ridge|grove|flats"
    r"|commons|junction|corners?|crossing)"
)
_PLACE_KIND = re.compile(rf"(?i:(?<=\s){_KINDS}(?![\w-]))")
_KIND_WORD = re.compile(rf"(?i:{_KINDS})")
_PLACE_WORD = re.compile(r"(?i:[a-z0-9][\w'-]*)$")
# Words that open a description, not a place's name ("in a different district", "the same city").
_NOT_PLACE_START = frozenset(
    "same different nearby local big small whole rural urban inner".split()
)
# What makes the words a building's name, not a neighbourhood ("Highland Park Hospital").
_BUILDING_AFTER = re.compile(
    r"(?i:\s+(?:hospital|hosp|medical|med|clinic|ctr|center|centre|health|school|elementary|high"
    r"|mall|apartments|apts|campus|office|pharmacy|rehab|nursing|manor|senior|house|home)\b)"
)


def suffixed_place_spans(text: str, masked: bytearray) -> list[tuple[int, int]]:
    """Neighbourhoods named by their kind ("heights", "district", "ward") and one or two words
    before it, after a strong place cue ("from", "lives in") or a patient's age, or after "in"
    where the clause ends."""
    found: list[tuple[int, int]] = []
    for kind in _PLACE_KIND.finditer(text):
        start, end = kind.start(), kind.end()
        named = 0
        while named < 2:
            word = _PLACE_WORD.search(text, max(0, start - 30), start - 1)
            if word is None or word.end() != start - 1 or text[start - 1] != " ":
                break
            lower = word.group().lower()
            # a stop word, a description's first word or a place cue ends the name
            cue_before = _CUE.search(text[max(0, start - 30) : start])
            if lower in STOP_WORDS or lower in _NOT_PLACE_START or cue_before:
                break
            start, named = word.start(), named + 1
        if not named or any(masked[start:end]) or _BUILDING_AFTER.match(text, end):
            continue
        before = text[max(0, start - 30) : start]
        clause_ends = _CLAUSE_END.match(text[end:]) is not None
        if (
            _STRONG_CUE.search(before)
            or (_CUE.search(before) and clause_ends)
            or (_AFTER_AGE.search(before) and clause_ends)
        ):
            found.append((start, end))
    return found


def _folded(name: str) -> str:
    """The name without its accents, as USPS spells it ("española" -> "espanola")."""
    if name.isascii():
        return name
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def is_suffixed_place(words: str) -> bool:
    """One or two words and a neighbourhood's kind ("Borough Park", "crown heights")."""
    parts = words.split()
    return (
        2 <= len(parts) <= 3
        and _KIND_WORD.fullmatch(parts[-1]) is not None
        and parts[0].lower() not in STOP_WORDS
        and parts[0].lower() not in _NOT_PLACE_START
    )


def _common(word: str, common_words: frozenset[str]) -> bool:
    return word in common_words or re.sub(r"s$", "", word) in common_words


def main() -> int:
    parser = argparse.ArgumentParser(description="Write the shipped place-name file from zipcodes.")
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    gazetteer = zipcodes_gazetteer()
    write_gazetteer(gazetteer, args.out)
    print(f"{len(gazetteer.towns)} towns, {len(gazetteer.neighbourhoods)} others -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
