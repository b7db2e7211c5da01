"""Signal 8: each number stays with what the source says it belongs to.

The most common unsupported sentence a model writes from a dense label keeps every number and
every word of the source and attaches a number to the wrong statement: a rate of neutropenia
given for thrombocytopenia, the dose for moderate inhibitors given for strong ones, the 13%
of an older ramp-up given for the current one. Checking numbers and words against the whole
cited text cannot see it. Here each clause of the sentence that carries numbers is read against
the passage sentences that state all of those numbers together: there must be one, and the
sentence may not contradict it on an axis of signal 6 or add a restrictor ("severe") to it.
When that passage sentence is a list ("100 mg ... strong ... or 150 mg ... moderate"), the
number is read against its own item: the sentence may not give it another item's words. Nor may
the sentence give it a telling word the passage says only in the sentences after it (a rate moved
onto the next sentence's event: "febrile neutropenia ... 31% to 33%").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from wordfreq import zipf_frequency

from assistant.grounding.support.contrast import contrast_reasons
from assistant.grounding.support.lexical import content_stems
from assistant.grounding.support.quantities import Quantity, extract_quantities, same_quantity
from assistant.grounding.support.text import normalize, split_sentences

__all__ = ["binding_reasons"]

_CLAUSE = re.compile(
    r"\s*[\u2022\u25cf]\s*|;\s*|,\s+(?:and|but|whereas|while|followed by|then)\s+|,\s+"
    r"|\s+(?:and|or|whereas|while|followed by|compared (?:with|to)|versus|vs\.?)\s+"
)
# Restrictors that change which patients or events a number is about.
_SCOPING = (
    "mild moderate severe strong live end-stage recurrent life-threatening symptomatic "
    "asymptomatic refractory advanced serious fatal"
).split()
# A number is compared with passage text of up to this many consecutive sentences (a table
# row and its header, a bullet and its lead-in).
_SPAN = 2
# "At Week 12," / "In the MCL trial," / "If the inhibitor cannot be avoided," belong to the
# clause they introduce.
_LEAD_IN = re.compile(r"^(?:at|in|for|with|among|during|after|before|on|from|by)\b", re.I)
_CONDITION = re.compile(r"^(?:if|when|unless|once|where|while)\b", re.I)


# Trial and study codes carry digits that are names, not amounts ("KEYNOTE-051", "PSO-1").
_TRIAL_CODE = re.compile(r"\b[A-Za-z]+(?:-[A-Za-z0-9]+)*-\d+[A-Za-z]?\b")


def _clauses(sentence: str) -> list[str]:
    """Clauses of the sentence; a short lead-in phrase is kept with the clause it introduces."""
    parts = [p.strip() for p in _CLAUSE.split(normalize(sentence)) if p and p.strip()]
    clauses: list[str] = []
    carry = ""
    for i, part in enumerate(parts):
        lead_in = (len(part.split()) <= 6 and _LEAD_IN.match(part)) or _CONDITION.match(part)
        if lead_in and i < len(parts) - 1:
            carry = f"{carry} {part},".strip()
            continue
        clauses.append(f"{carry} {part}".strip())
        carry = ""
    return clauses


def _states_all(unit: Sequence[Quantity], wanted: Sequence[Quantity]) -> bool:
    return all(any(same_quantity(q, u) for u in unit) for q in wanted)


def _holders(
    wanted: Sequence[Quantity], units: Sequence[str], quantities: Sequence[list[Quantity]]
) -> list[tuple[int, int]]:
    """The shortest stretches of passage sentences (one, else two, else three) that state all
    the wanted numbers, as (first sentence, number of sentences)."""
    for n in range(1, _SPAN + 1):
        found = [
            (i, n)
            for i in range(len(units) - n + 1)
            if _states_all([q for qs in quantities[i : i + n] for q in qs], wanted)
        ]
        if found:
            return found
    return []


# Words any item of a list may carry: they do not tell one item from another.
_GENERIC = frozenset(
    content_stems(
        "administer administered administration prior total recommended recommend dose doses "
        "dosage use used patients patient treatment treated later given clinical studies study "
        "reported occurred trial trials common"
    )
)


def _moved_reasons(clause: str, holder: str, wanted: Sequence[Quantity]) -> list[str]:
    """A number moved to the other item of a list ("100 mg ... with a strong CYP3A inhibitor
    or 150 mg ... with a moderate CYP3A inhibitor" said as "strong ... 150 mg"): the clause of
    the holder stating the number has another pole than the sentence's, and the sentence's
    pole belongs to a clause stating a different number."""
    if len(wanted) != 1:
        return []
    number = wanted[0]
    parts = [(p, extract_quantities(p)) for p in _clauses(holder)]
    own = [p for p, qs in parts if any(same_quantity(number, q) for q in qs)]
    others = [
        p
        for p, qs in parts
        if qs
        and not any(same_quantity(number, q) for q in qs)
        and any(q.unit == number.unit for q in qs)
    ]
    if len(own) != 1 or not others:
        return []
    swaps = [
        reason
        for reason in contrast_reasons(clause, own[0])
        if any(contrast_reasons(clause, other) == [] for other in others)
    ]
    if swaps:
        return swaps
    # The same without an axis: "43% ... neutropenia and 28% ... thrombocytopenia" said as
    # "thrombocytopenia ... 43%".
    said, here = set(content_stems(clause)), set(content_stems(own[0]))
    there = {s for other in others for s in content_stems(other)}
    moved_in, left_out = (said & there) - here - _GENERIC, here - said - there - _GENERIC
    if moved_in and left_out:
        return [
            f"{number.describe()!r} belongs to {' '.join(sorted(left_out))!r} in the source, "
            f"not to {' '.join(sorted(moved_in))!r}"
        ]
    return []


_TELLING_ZIPF = 4.5
_ABBREVIATION = re.compile(r"\b[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*\b")


def _spelled_out(abbreviation: str, text: str) -> set[str]:
    """The stems of what ``text`` spells ``abbreviation`` out as ("... lung disease (ILD)")."""
    found = re.search(rf"((?:[\w'-]+\s+){{1,6}})\({re.escape(abbreviation)}\)", text)
    if not found:
        return set()
    # As many words as it has capitals ("ILD": three), at least three ("C max").
    words = max(3, sum(c.isupper() for c in abbreviation))
    return set(content_stems(" ".join(found.group(1).split()[-words:])))


def _names(text: str) -> set[str]:
    """Words written as names: in capitals ("REVLIMID"), or capitalised inside a sentence
    ("with Lynparza")."""
    found = set()
    for match in re.finditer(r"\b[A-Z][A-Za-z0-9-]+", text):
        before = text[: match.start()].rstrip()
        inside = bool(before) and before[-1] not in ".!?:"
        if inside or match.group(0).isupper():
            found.add(match.group(0).lower())
    return found


def _after(span: tuple[int, int], units: Sequence[str]) -> str:
    """The passage sentences right after the holder at ``span`` (up to ``_SPAN``); none after
    a lead-in (its items follow it)."""
    first, count = span
    if units[first + count - 1].rstrip().endswith(":"):
        return ""
    return " ".join(units[first + count : first + count + _SPAN])


def _moved_in(clause: str, spans: Sequence[tuple[int, int]], units: Sequence[str]) -> list[str]:
    """Telling words of the clause that the passage says in the sentences after the statement
    holding the clause's numbers, but not in it: "Febrile neutropenia occurred in 31% to 33%"
    where the source gives 31% to 33% for Grade 4 neutropenia and names febrile neutropenia in
    the next sentence. (Words of the sentences before it name what it is about: a faithful
    sentence may carry them.) Names are no such move, nor what the holder's abbreviations
    stand for. Empty where one holder says them all."""
    passage = " ".join(units)
    names = _names(passage) | _names(clause)
    # Only a telling word ("febrile", "myalgia") makes a number another event's; a common one
    # ("take", "given") moves nothing.
    said = {
        stem
        for word in re.findall(r"[a-z][a-z-]+", normalize(clause).lower())
        if zipf_frequency(word, "en") < _TELLING_ZIPF and word not in names
        for stem in content_stems(word)
    } - _GENERIC
    # A word several sentences repeat (the product's generic name, the disease) is the topic.
    repeated = Counter(stem for unit in units for stem in set(content_stems(unit)))
    said = {stem for stem in said if repeated[stem] < 2}
    best: list[str] | None = None
    for span in spans:
        holder = " ".join(units[span[0] : span[0] + span[1]])
        allowed = set(content_stems(holder))
        for abbreviation in set(_ABBREVIATION.findall(holder)) | set(_ABBREVIATION.findall(clause)):
            # What the passage, or the sentence itself, spells it out as ("maximum plasma
            # concentration (C max)").
            allowed |= _spelled_out(abbreviation, passage) | _spelled_out(abbreviation, clause)
        for inner in re.findall(r"\(([^()]{1,20})\)", clause):
            if normalize(inner).lower() in normalize(holder).lower():
                allowed |= _spelled_out(inner, clause)
        later = set(content_stems(_after(span, units)))
        moved = sorted(s for s in said - allowed if s in later)
        if best is None or len(moved) < len(best):
            best = moved
    return best or []


_REFERENCE = re.compile(r"\[see [^\]]*\]|\(\s*\d+(?:\.\d+)*\s*(?:,\s*\d+(?:\.\d+)*\s*)*\)", re.I)


def _telling(text: str) -> set[str]:
    """The stems of the words of ``text`` that tell one statement from another: uncommon words
    and abbreviations ("unresectable", "GIST"), not cross-references."""
    text = _REFERENCE.sub(" ", normalize(text))
    words = {
        w
        for w in re.findall(r"[a-z][a-z-]+", text.lower())
        if zipf_frequency(w, "en") < _TELLING_ZIPF
    }
    words |= {a.lower() for a in _ABBREVIATION.findall(text)}
    return {stem for word in words for stem in content_stems(word)} - _GENERIC


def _borrowed(
    clause: str,
    spans: Sequence[tuple[int, int]],
    units: Sequence[str],
    quantities: Sequence[list[Quantity]],
    wanted: Sequence[Quantity],
    named: frozenset[str] = frozenset(),
) -> list[str]:
    """Words of the clause that another passage sentence says with a number of its own, where
    the words telling the number's own sentence apart are missing: "the recommended dosage for
    unresectable HER2-mutant NSCLC is 6.4 mg/kg" where 6.4 mg/kg is the gastric cancer dose and
    the NSCLC sentence gives 5.4 mg/kg. Empty where one holder shows no such swap."""
    # What several sentences say is what the passage is about (the product, the placebo arm),
    # not one statement's own: a name said twice, a word said three times.
    counts = Counter(stem for unit in units for stem in _telling(unit))
    names = {stem for n in _names(" ".join(units)) for stem in content_stems(n)}
    topic = {s for s, n in counts.items() if n >= 3 or (n >= 2 and s in names)}
    # (a word in capitals may be the product itself, which any sentence of its label may name)
    capitals = {stem for w in re.findall(r"\b[A-Z]{2,}\b", clause) for stem in content_stems(w)}
    said = _telling(clause) - named - topic - capitals
    units_of = {q.unit for q in wanted}
    best: list[str] | None = None
    for first, count in spans:
        if any("|" in units[i] for i in range(first, first + count)):
            return []  # a table row is bound to its header, not to the rows beside it
        here = _telling(" ".join(units[first : first + count]))
        there: set[str] = set()
        for i, qs in enumerate(quantities):
            if first <= i < first + count or not any(q.unit in units_of for q in qs):
                continue
            if not _states_all(qs, wanted):
                there |= _telling(units[i])
        moved_in, left_out = (said & there) - here, here - said - there
        swapped = sorted(moved_in) if left_out else []
        if best is None or len(swapped) < len(best):
            best = swapped
    return best or []


# "systemic and local injection reactions were reported in 21% and 11% ..., respectively":
# the n-th number of a list belongs to the n-th item of the list of words beside it.
_ITEM_NUMBER = r"\d+(?:\.\d+)?\s?(?:%|mg|mcg|mL|hours?|days?|weeks?|months?)"
_NUMBER_LIST = re.compile(
    rf"({_ITEM_NUMBER})((?:\s*,\s*{_ITEM_NUMBER})*)\s*,?\s*(?:and|or)\s+({_ITEM_NUMBER})"
)
_WORD_LIST = re.compile(
    r"(?<![\w-])([A-Za-z][\w-]*)((?:\s*,\s*[A-Za-z][\w-]*)*)\s*,?\s+(?:and|or)\s+"
    r"([A-Za-z][\w-]*)(?![\w-])"
)
_NO_ITEM = frozenset("the a an of in with to for by on at as patients patient".split())


def _items(match: re.Match[str], item: str) -> list[str]:
    return [match.group(1), *re.findall(item, match.group(2)), match.group(3)]


def _respective_reasons(
    clause: str, holders: Sequence[str], wanted: Sequence[Quantity]
) -> str | None:
    """The number given for another item of a "respectively" pairing: "local injection
    reactions ... 21%" where the source pairs 21% with systemic ones. Empty when the clause
    names the number's own item; ``None`` when no pairing tells (the clause names no item)."""
    if len(wanted) != 1:
        return None
    confirmed = False
    for sentence in (u for h in holders for u in split_sentences(h)):
        if not re.search(r"\brespectively\b", sentence, re.I):
            continue
        for numbers_match in _NUMBER_LIST.finditer(sentence):
            numbers = _items(numbers_match, _ITEM_NUMBER)
            here = [
                i
                for i, n in enumerate(numbers)
                if any(same_quantity(wanted[0], q) for q in extract_quantities(n))
            ]
            if len(here) != 1:
                continue
            for words_match in _WORD_LIST.finditer(sentence):
                items = _items(words_match, r"[A-Za-z][\w-]*")
                if len(items) != len(numbers) or any(i.lower() in _NO_ITEM for i in items):
                    continue
                said = [
                    re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", clause, re.I) is not None
                    for i in items
                ]
                other = [items[j] for j, s in enumerate(said) if s and j != here[0]]
                confirmed = confirmed or said[here[0]]
                if other and not said[here[0]]:
                    return (
                        f"the source gives {numbers[here[0]]!r} for {items[here[0]]!r}, "
                        f"not for {other[0]!r} (respectively)"
                    )
    return "" if confirmed else None


def binding_reasons(sentence: str, units: Sequence[str], subject: Sequence[str] = ()) -> list[str]:
    """A reason for each numbered clause of ``sentence`` that no passage sentence (``units``,
    the cited text cut into sentences) states as the clause does; ``subject``: the products
    the passage is about (their names tell no statement apart)."""
    named = frozenset(content_stems(" ".join(subject))) | {
        w.lower() for w in re.findall(r"[A-Za-z][\w-]*", " ".join(subject))
    }
    unit_quantities = [extract_quantities(u) for u in units]
    reasons: list[str] = []
    # A sentence pairing its own numbers and items ("... in 21% and 11%, respectively";
    # "systemic and local ... in 21% and 11%") says which goes with which itself.
    pairs_itself = bool(
        re.search(r"\brespectively\b", sentence, re.I) or _NUMBER_LIST.search(sentence)
    )
    # A claim that runs over several sentences (a label paragraph quoted whole) is read one
    # sentence at a time: a number is bound within its own sentence.
    parts = split_sentences(_TRIAL_CODE.sub(" ", sentence))
    for clause in (clause for part in parts for clause in _clauses(part)):
        # Measured amounts; week, day or grade numbers and counts are context, checked elsewhere.
        wanted = [
            q
            for q in extract_quantities(clause)
            if q.unit is not None and not q.unit.endswith("#") and q.unit != "times"
        ]
        if not wanted:
            continue
        spans = _holders(wanted, units, unit_quantities)
        holders = [" ".join(units[i : i + n]) for i, n in spans]
        if not holders:
            stated = [
                any(same_quantity(q, u) for qs in unit_quantities for u in qs) for q in wanted
            ]
            if len(wanted) > 1 and all(stated):  # a number the text lacks is signal 3's
                shown = ", ".join(repr(q.describe()) for q in wanted)
                reasons.append(f"numbers from different statements of the source: {shown}")
            continue
        said = normalize(clause).lower()
        added = [
            w
            for w in _SCOPING
            if re.search(rf"\b{re.escape(w)}\b", said)
            and not any(re.search(rf"\b{re.escape(w)}\b", normalize(h).lower()) for h in holders)
        ]
        # A "respectively" pairing the source spells out says which number goes with which
        # item (the sentence's own pairing, where it makes one, is read as its own).
        respective = None if pairs_itself else _respective_reasons(clause, holders, wanted)
        conflicts = [
            contrast_reasons(clause, h) or _moved_reasons(clause, h, wanted) for h in holders
        ]
        if all(conflicts):
            numbers = ", ".join(repr(q.describe()) for q in wanted)
            reasons.append(f"where the source states {numbers}: {conflicts[0][0]}")
        elif respective:
            reasons.append(respective)
        elif added:
            numbers = ", ".join(repr(q.describe()) for q in wanted)
            reasons.append(f"the source does not state {numbers} for {added[0]!r}")
        elif moved := _moved_in(clause, spans, units):
            numbers = ", ".join(repr(q.describe()) for q in wanted)
            reasons.append(
                f"the source states {numbers} without {' '.join(moved)!r}, which it says elsewhere"
            )
        elif borrowed := _borrowed(clause, spans, units, unit_quantities, wanted, named):
            numbers = ", ".join(repr(q.describe()) for q in wanted)
            reasons.append(
                f"the source states {numbers} for another statement than the one saying "
                f"{' '.join(borrowed)!r}"
            )
    return reasons
