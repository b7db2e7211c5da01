"""Signal 7b: the conditions of a passage sentence, which a restatement must keep.

A model restating "Reduce to 100 mg twice daily if concomitant use cannot be avoided, in patients
with moderate hepatic impairment" as "Reduce to 100 mg twice daily" keeps every word it says and
still says more than the label. A sentence that restates a passage sentence (most of its words,
most of the rest of that sentence) must keep its "if ...", "unless ...", "in combination with
...", "in patients with ...", "during ..." and "who ..." (or one alternative of an "or");
timings, parallel items, permissions and bracketed asides are not conditions.
"""

from __future__ import annotations

import re

from assistant.grounding.support.lexical import content_stems
from assistant.grounding.support.text import normalize
from assistant.grounding.support.wording import acronym_equivalents

__all__ = ["condition_reasons"]

# What limits a statement to some patients or some moments: a condition ("if concurrent use is
# unavoidable", "unless the benefits ..."), a population ("in patients with moderate hepatic
# impairment", "male patients with female partners ..."), a setting ("in combination with
# dexamethasone", "in the adjuvant setting") or a time ("during the first year of treatment").
# A clause ("if ...", "who ...") runs to the next clause boundary; a phrase ("in patients with
# ...") also stops at the verb of the statement it limits ("... should only be considered").
_POPULATION = r"(?:patients|adults|children|subjects|infants|women|men|females|males|those)"
_POPULATION_PHRASE = re.compile(
    rf"(?:in|for) (?:(?!\d)[\w-]+ ){{0,3}}?{_POPULATION}\b"  # "in 7 patients" is a count
    rf"|{_POPULATION} (?:with|who|whose|receiving|taking|treated|aged|weighing|on)\b",
    re.I,
)
_CLAUSE_START = r"(?:unless|except|if|when|whenever|who|whose|whom)"
_VERB = r"(?:should|must|may|might|can|could|is|are|was|were|will|has|have|had|do|does|did)"
_CONDITION = re.compile(
    r"\b(?:(?:unless|except|only (?:if|when|in|for)|outside (?:the setting )?of|if|when|whenever"
    r"|in the event of|who|whose|for whom|and the benefits?)\b(?:\s*,)?[^.;,]*"
    r"|(?:during|after|in combination with|in the \w+ setting"
    rf"|{_POPULATION_PHRASE.pattern})(?:(?!\b(?:{_VERB}|{_CLAUSE_START})\b)[^.;,])*)",
    re.I,
)
# Conditions that limit nothing the sentence could overstate: permission already said by "may"
# ("If needed, ... may be stored"), and the exception to an "avoid" stated just before it.
_PERMISSION = re.compile(r"^if (?:needed|necessary)\b", re.I)
_UNAVOIDABLE = re.compile(r"^if\b.*\b(?:cannot be avoided|is unavoidable)\b", re.I)
_MAY = re.compile(r"\b(?:may|can)\b", re.I)
# "2 hours before or 10 hours after an H2-receptor antagonist": a timing, not a condition.
_DURATION_BEFORE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:(?:to|-)\s*\d+\s*)?(?:minutes?|hours?|days?|weeks?|months?|years?)\s*$",
    re.I,
)
_COORDINATED = re.compile(r"^\s*(?:and|or|but)\s+$", re.I)
# Cross-references restate nothing and may be dropped; other brackets are part of the text
# ("in pediatric patients (less than 18 years of age)"), their commas not clause boundaries.
_REFERENCE = re.compile(
    r"\[[^\]]*\]|\(\s*(?:see\b[^)]*|\d+(?:\.\d+)*(?:\s*,\s*\d+(?:\.\d+)*)*)\s*\)", re.I
)
_BRACKETED = re.compile(r"\([^)]*\)")
_INNER_BREAK = re.compile(r"[,;]|(?<!\d)\.(?!\d)")
# Words that say who is treated, not which patients: "patients receiving KEYTRUDA" is everyone.
_UNLIMITING = frozenset(content_stems("patients receiving treated taking given use using therapy"))
_ANCHOR_WORDS = 2
_ANCHOR = re.compile(r"[a-z][a-z0-9-]*|\d+(?:\.\d+)?", re.I)
# A sentence restates a passage sentence when this share of its words are that sentence's, and
# it keeps this share of what the passage sentence says outside its conditions.
_RESTATES_FROM = 0.75
_RESTATES_REST = 0.6
_POPULATION_WORDS = (
    (re.compile(r"\badults?\b", re.I), "18 years of age and older adults"),
    (re.compile(r"\b(?:geriatric|elderly)\b", re.I), "65 years of age and older"),
)
_DISJUNCTION = re.compile(r"\s+(?:or|and/or)\s+", re.I)
_LIST_GAP = re.compile(r"\s*,?\s*(?:and|or|and/or)?\s*", re.I)


def _plain_passage_sentence(unit: str) -> str:
    """``unit`` without cross-references, its bracketed asides free of clause punctuation."""
    text = _REFERENCE.sub(" ", normalize(unit))
    return _BRACKETED.sub(lambda m: _INNER_BREAK.sub(" ", m.group(0)), text)


def _alternatives(a: re.Match[str], b: re.Match[str], text: str) -> bool:
    """Whether two conditions are items of one list of populations ("in patients > 65 years,
    patients with hepatic impairment, and patients with severe renal impairment")."""
    first, second = sorted((a, b), key=lambda m: m.start())
    return bool(
        _POPULATION_PHRASE.match(a.group(0))
        and _POPULATION_PHRASE.match(b.group(0))
        and _LIST_GAP.fullmatch(text[first.end() : second.start()])
    )


def _kept(condition: str, said: set[str], unlimiting: set[str]) -> bool:
    """Whether the sentence says at least half of what the condition adds, or more than half
    of one of its alternatives ("do not use if A or B" restated as "do not use if B")."""
    own = set(content_stems(condition)) - unlimiting
    if not own or len(own & said) >= 0.5 * len(own):
        return True
    alternatives = _DISJUNCTION.split(condition)
    return len(alternatives) > 1 and any(
        (words := set(content_stems(a)) - unlimiting) and len(words & said) > 0.5 * len(words)
        for a in alternatives
    )


def _qualifies_dropped_words(before: str, sentence: str) -> bool:
    """Whether the words a condition follows in its clause ("over 35 minutes" in "over 35
    minutes in adults and 1 to 4 hours in pediatric patients") are missing from ``sentence``:
    then the condition qualifies what the sentence left out, not what it says."""
    clause = re.split(r"[,;:]", before)[-1]
    words = _ANCHOR.findall(clause)
    anchor = [w for w in words if w[0].isdigit() or content_stems(w)][-_ANCHOR_WORDS:]
    if not anchor:
        return False
    said_words = set(_ANCHOR.findall(normalize(sentence).lower()))
    said_stems = set(content_stems(sentence))
    return not any(w.lower() in said_words or set(content_stems(w)) & said_stems for w in anchor)


def _limits_nothing(condition: re.Match[str], text: str, sentence: str) -> bool:
    """Conditions a faithful restatement may leave out: a permission the sentence's "may"
    already grants, the exception to an "avoid", a timing ("2 hours after ..."), and the next
    item of a parallel statement (", and in patients with psoriatic arthritis who ...")."""
    said = condition.group(0).strip()
    before = text[: condition.start()]
    return bool(
        (_PERMISSION.match(said) and _MAY.search(sentence))
        or _UNAVOIDABLE.match(said)
        or (re.match(r"(?:after|during)\b", said, re.I) and _DURATION_BEFORE.search(before))
        or (_POPULATION_PHRASE.match(said) and _COORDINATED.match(re.split(r"[,;:]", before)[-1]))
    )


def condition_reasons(
    sentence: str, units: list[str], subject: frozenset[str] = frozenset()
) -> list[str]:
    """A reason for each condition of a passage sentence that ``sentence`` restates (most of
    its words and most of the rest of that sentence) while leaving the condition out or
    replacing it: "in patients with MM after at least one prior therapy" said as "in newly
    diagnosed MM" or not said at all. ``subject`` holds the stems of the passage's product
    names, which limit nothing ("patients receiving KEYTRUDA")."""
    said = set(content_stems(sentence))
    if not said:
        return []
    # A population said in one word keeps the age bound the label writes out ("the adult
    # regimen" for "For patients 18 years of age and older").
    for pattern, bound in _POPULATION_WORDS:
        if pattern.search(sentence):
            said |= set(content_stems(bound))
    reasons = []
    for unit in units:
        # An acronym says what the other side writes out ("CD", "Crohn's disease").
        said |= {s for words in acronym_equivalents(sentence, unit) for s in content_stems(words)}
        text = _plain_passage_sentence(unit)
        # the passage's product counts as said by it ("REPATHA may be initiated at 420 mg")
        if len(said & (set(content_stems(unit)) | subject)) < _RESTATES_FROM * len(said):
            continue
        asides = [m.span() for m in _BRACKETED.finditer(text)]
        conditions = [
            m
            for m in _CONDITION.finditer(text)
            if content_stems(m.group(0)) and not any(a < m.start() < b for a, b in asides)
        ]
        rest = set(content_stems(_CONDITION.sub(" ", text)))
        if rest and len(rest & said) < _RESTATES_REST * len(rest):
            continue
        kept = [_kept(m.group(0), said, rest | _UNLIMITING | subject) for m in conditions]
        for i, match in enumerate(conditions):
            if (
                kept[i]
                or _limits_nothing(match, text, sentence)
                # a capital starts a sentence: what comes before it is a heading ("Regimen - PNH")
                or (
                    not match.group(0)[:1].isupper()
                    and _qualifies_dropped_words(text[: match.start()], sentence)
                )
            ):
                continue
            # One alternative of a list the sentence restates another item of ("in patients
            # > 65 years, patients with hepatic impairment, and ...").
            neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(conditions) and kept[j]]
            if any(_alternatives(match, conditions[j], text) for j in neighbours):
                continue
            reasons.append(f"condition dropped: the source adds {match.group(0).strip()!r}")
    return list(dict.fromkeys(reasons))
