"""Finding the headings of a PLR label section whose text was flattened into one string.

openFDA writes "2 DOSAGE AND ADMINISTRATION 2.1 Recommended Dosage ENHERTU is ... 2.2 Dose
Modifications Management of ..." with no mark where a heading ends. Sub-section numbers are
recognised by their place in the sequence (2.1, then a larger 2.x a little further on, each
followed by a capitalised title, never inside a cross-reference such as "( 2.2 )" or a dose such
as "5.4 mg/kg"). A title ends where a sentence starts: before the first lower-case word other
than a connector ("and", "of", ...) the title's last capitalised word is the sentence's first;
a product name or a word that opens sentences in labels ("Administer", "The", "Patients") also
starts the body. Standard PLR sub-section titles ("Pregnancy", "Pediatric Use") are matched as
they are, so "8.1 Pregnancy Risk Summary ..." is titled "Pregnancy".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = ["split_subsections", "split_title", "split_top_heading"]

_CONNECTORS = frozenset(
    "a an and as at by due during for from in into of on or per the to versus vs vs. with "
    "without and/or".split()
)
# Capitalised words that open a label sentence rather than continue a title: always, and (verbs,
# "Patients", "Use") only when a lower-case word, a product name or a number follows them, since
# "Adult Patients With HES/CEL" and "Concomitant Use with CYP3A Inhibitors" are titles.
_STARTERS = frozenset(
    "A Across Among An Based Because Before Each For Following If In It No Of Overall Prior "
    "See The There These This When".split()
)
_VERB_STARTERS = frozenset(
    "Administer Advise Assess Avoid Cases Confirm Consider Determine Dilute Discontinue Do "
    "Ensure "
    "Evaluate Inform Initiate Inspect Instruct Interrupt Monitor Obtain Patients Perform "
    "Prepare Reconstitute Reduce Refer Select Store Swallow Table Take Treatment Use Verify "
    "Withhold".split()
)
# After a verb, an article starts its object ("Reduce the VENCLEXTA once daily dose"), never a
# title's next word; "Store at 20°C" likewise (where "Use in Specific Populations" is a title).
_ARTICLES = frozenset({"the", "a", "an"})
_VERB_OBJECT_STARTS = {"Store": _ARTICLES | {"at", "in", "below"}}
# Standard PLR titles; matched first (longest first) when followed by a capitalised word.
_KNOWN_SUBSECTION_TITLES = sorted(
    [
        "Pregnancy",
        "Lactation",
        "Females and Males of Reproductive Potential",
        "Pediatric Use",
        "Geriatric Use",
        "Renal Impairment",
        "Hepatic Impairment",
        "Mechanism of Action",
        "Pharmacodynamics",
        "Pharmacokinetics",
        "Pharmacogenomics",
        "Immunogenicity",
        "Microbiology",
        "Carcinogenesis, Mutagenesis, Impairment of Fertility",
        "Carcinogenesis, Mutagenesis, and Impairment of Fertility",
        "Animal Toxicology and/or Pharmacology",
        "Clinical Trials Experience",
        "Clinical Trial Experience",
        "Postmarketing Experience",
        "Storage and Handling",
        "How Supplied",
    ],
    key=len,
    reverse=True,
)
_KNOWN_TOP_TITLES = sorted(
    [
        "BOXED WARNING",
        "INDICATIONS AND USAGE",
        "INDICATIONS & USAGE",
        "DOSAGE AND ADMINISTRATION",
        "DOSAGE & ADMINISTRATION",
        "DOSAGE FORMS AND STRENGTHS",
        "DOSAGE FORMS & STRENGTHS",
        "CONTRAINDICATIONS",
        "WARNINGS AND PRECAUTIONS",
        "WARNINGS",
        "PRECAUTIONS",
        "ADVERSE REACTIONS",
        "DRUG INTERACTIONS",
        "USE IN SPECIFIC POPULATIONS",
        "DRUG ABUSE AND DEPENDENCE",
        "OVERDOSAGE",
        "DESCRIPTION",
        "CLINICAL PHARMACOLOGY",
        "NONCLINICAL TOXICOLOGY",
        "CLINICAL STUDIES",
        "REFERENCES",
        "HOW SUPPLIED/STORAGE AND HANDLING",
        "HOW SUPPLIED / STORAGE AND HANDLING",
        "HOW SUPPLIED",
        "PATIENT COUNSELING INFORMATION",
    ],
    key=len,
    reverse=True,
)
_MAX_TITLE_WORDS = 16
_MAX_NUMBER_GAP = 5  # sub-sections may be left out (8.1, 8.2, 8.4), not many in a row
_TOP_NUMBER = re.compile(r"^(\d{1,2})\s+(?=\S)")
_SUB_NUMBER_START = re.compile(r"^(\d{1,2})\.(\d{1,2})\s+(?=\S)")


def _is_capitalised(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and letters[0].isupper()


def _bare(word: str) -> str:
    return word.strip("()[],.;:®™*").upper()


def split_title(text: str, names: Iterable[str] = ()) -> tuple[str, str]:
    """Split "Recommended Dosage ENHERTU is ..." into ("Recommended Dosage", "ENHERTU is ...").

    ``names`` are product names: such a word starts the body. Returns ("", text) when the text
    does not open with a title."""
    for known in _KNOWN_SUBSECTION_TITLES:
        if text == known:
            return known, ""
        if text.startswith(known + " ") and _is_capitalised(text[len(known) + 1 :]):
            return known, text[len(known) + 1 :]
    stop_names = {_bare(name) for name in names if name}
    words = text.split(" ")
    if not words or not _is_capitalised(words[0]):
        return "", text
    body_start = len(words)
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        opens_sentence = word in _STARTERS or (
            word in _VERB_STARTERS
            and (
                _bare(following) in stop_names
                or following[:1].isdigit()
                or following in _VERB_OBJECT_STARTS.get(word, _ARTICLES)
                or (following[:1].islower() and following.lower() not in _CONNECTORS)
            )
        )
        said_again = index > 1 and words[index : index + 2] == words[:2]
        if index and (_bare(word) in stop_names or opens_sentence or said_again):
            body_start = index  # a product name, a sentence opener, or the title said again
            break
        if word[:1].isdigit() or word.endswith((".", ";")):
            body_start = index
            break
        if not _is_capitalised(word) and word.lower() not in _CONNECTORS:
            # The sentence began at the last capitalised word before this one.
            body_start = index
            while body_start > 0 and not _is_capitalised(words[body_start - 1]):
                body_start -= 1
            body_start = max(body_start - 1, 0)
            break
    while body_start > 1 and words[body_start - 1].lower() in _CONNECTORS:
        body_start -= 1  # a title does not end in "and" / "of"
    if body_start == 0:
        body_start = 1
    title = " ".join(words[:body_start])
    if len(words[:body_start]) > _MAX_TITLE_WORDS:
        return "", text
    return title, " ".join(words[body_start:])


def _caps_run(text: str) -> tuple[str, str]:
    """Leading ALL-CAPS words (a top-level PLR title or a boxed-warning title) and the rest."""
    words = text.split(" ")
    end = 0
    for index, word in enumerate(words):
        letters = [c for c in word if c.isalpha()]
        if letters and all(c.isupper() for c in letters):
            end = index + 1
        elif word.lower() in _CONNECTORS or word in {"&", "/", "-", "\u2013"}:
            continue
        else:
            break
    return " ".join(words[:end]), " ".join(words[end:])


def split_top_heading(
    text: str, default_title: str, boxed: bool = False, names: Iterable[str] = ()
) -> tuple[str | None, str, str]:
    """(number, title, body) of one openFDA field's text.

    "2 DOSAGE AND ADMINISTRATION 2.1 ..." -> ("2", "DOSAGE AND ADMINISTRATION", "2.1 ...");
    "8.4 Pediatric Use Safety ..." -> ("8.4", "Pediatric Use", "Safety ..."); a boxed warning
    keeps its "WARNING: ..." title; text with no heading gets ``default_title``."""
    if boxed:
        if text.upper().startswith("WARNING"):
            title, body = _caps_run(text)
            stop = {_bare(n) for n in names if n}
            title_words = title.split(" ")
            while len(title_words) > 1 and _bare(title_words[-1]) in stop:
                body = f"{title_words.pop()} {body}".strip()
            return None, " ".join(title_words), body
        return None, default_title, text
    sub = _SUB_NUMBER_START.match(text)
    if sub:
        title, body = split_title(text[sub.end() :], names)
        if title:
            return f"{sub.group(1)}.{sub.group(2)}", title, body
    top = _TOP_NUMBER.match(text)
    if top:
        rest = text[top.end() :]
        for known in _KNOWN_TOP_TITLES:
            if rest.upper().startswith(known) and (
                len(rest) == len(known) or rest[len(known)] == " "
            ):
                return top.group(1), rest[: len(known)], rest[len(known) + 1 :]
        title, body = _caps_run(rest)
        if title:
            return top.group(1), title, body
    return None, default_title, text


def _subsection_starts(
    text: str, number: str, names: Iterable[str], excluded: Sequence[tuple[int, int]]
) -> list[tuple[int, str]]:
    """Offsets and numbers ("2.3") of the sub-section headings of top-level section ``number``;
    none inside an ``excluded`` span (a flattened table, whose cells hold numbers like 6.6)."""
    pattern = re.compile(
        rf"(?<![\w.(\[,/+\-\u2013])(?<!\( )({re.escape(number)})\.(\d{{1,2}})\s+(?=\S)"
    )
    starts: list[tuple[int, str]] = []
    last = 0
    for match in pattern.finditer(text):
        minor = int(match.group(2))
        if not last < minor <= last + _MAX_NUMBER_GAP:
            continue
        if match.start() > 0 and not text[match.start() - 1].isspace():
            continue
        if any(start <= match.start() < end for start, end in excluded):
            continue
        title, _ = split_title(text[match.end() :], names)
        if not title:
            continue
        starts.append((match.start(), f"{number}.{minor}"))
        last = minor
    return starts


def split_subsections(
    body: str,
    number: str,
    names: Iterable[str] = (),
    excluded: Sequence[tuple[int, int]] = (),
) -> list[tuple[str | None, str, str]]:
    """``body`` of top-level section ``number`` as [(None, "", preamble), (sub-number, title,
    text), ...]; [] when it has no sub-sections. No heading is looked for inside ``excluded``
    spans of ``body``."""
    if "." in number:
        return []
    names = list(names)
    starts = _subsection_starts(body, number, names, excluded)
    if not starts:
        return []
    pieces: list[tuple[str | None, str, str]] = []
    preamble = body[: starts[0][0]].strip()
    if preamble:
        pieces.append((None, "", preamble))
    for index, (offset, sub_number) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(body)
        heading_and_text = body[offset:end].strip()
        rest = heading_and_text[len(sub_number) :].strip()
        title, text = split_title(rest, names)
        pieces.append((sub_number, title, text))
    return pieces
