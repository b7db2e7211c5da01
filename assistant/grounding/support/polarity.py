"""Signal 4: negation and polarity, which must agree with the cited text.

A dropped "not" or "contraindicated" turns a warning into a claim while leaving nearly every
word in place, so overlap and embeddings miss it. Polarity cues are compared with the best
matching passage sentence and with every cited sentence whose negated words the sentence repeats.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.grounding.support.lexical import content_stems
from assistant.grounding.support.text import normalize

__all__ = ["negation_cues", "negation_reasons", "quote_negated"]

_NEGATION_CUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:not|no|never|none|neither|nor|cannot|unable|inability|without any)\b|n't\b",
            re.I,
        ),
        "not",
    ),
    (re.compile(r"\bcontraindicat\w*", re.I), "contraindicated"),
    (re.compile(r"\bavoid\w*", re.I), "avoid"),
)
_NOT_NEGATION = re.compile(
    r"\b(?:not only|whether or not|no (?:more|less|fewer|greater|longer) than"
    r"|not (?:more|less|fewer|greater|longer) than|no (?:later|sooner|earlier) than"
    r"|not (?:later|sooner|earlier) than|not (?:to )?exceed(?:ing)?)\b",
    re.I,
)


def negation_cues(text: str) -> frozenset[str]:
    """Polarity cue classes in ``text``: "not" (no, never, none, n't...), "contraindicated",
    "avoid". Phrases such as "whether or not" and "no more than" carry no polarity."""
    cleaned = _NOT_NEGATION.sub(" ", normalize(text))
    return frozenset(name for pattern, name in _NEGATION_CUES if pattern.search(cleaned))


# Words too common in label prose to tell one negated statement from another.
_GENERIC_STEMS = frozenset(
    "use patient treatment treat dose dosag drug product therapi administr take concomit".split()
)
_BRAND = re.compile(r"\b[A-Z][A-Z0-9-]{2,}\b")


def _negated_phrases(
    unit: str, head_words: int, minimum: int | None = None
) -> list[tuple[str, tuple[str, ...]]]:
    """(cue, first distinctive content stems after it) for every polarity cue in a passage
    sentence: "No dose reduction for KEYTRUDA is recommended" gives ("not", ("reduct",
    "recommend")) with two head words; generic words and the product's name are skipped."""
    cleaned = _NOT_NEGATION.sub(" ", normalize(unit))
    skipped = _GENERIC_STEMS | set(content_stems(" ".join(_BRAND.findall(cleaned))))
    phrases = []
    for pattern, name in _NEGATION_CUES:
        for match in pattern.finditer(cleaned):
            stems = content_stems(cleaned[match.end() :])
            head = tuple(dict.fromkeys(s for s in stems if s not in skipped))[:head_words]
            if len(head) >= (head_words if minimum is None else minimum):
                phrases.append((name, head))
    return phrases


def negation_reasons(
    sentence: str,
    best_unit: str,
    window_units: Sequence[str],
    units: Sequence[str],
    head_words: int,
) -> list[str]:
    """Compare polarity with the cited text.

    A cue in the sentence must appear in the passage sentence(s) it matches best (a "not" in
    the next sentence does not make "should not be continued" true), or with the same negated
    words anywhere in the cited text. A cue in the best-matching passage sentence(s) must
    appear in the sentence, and so must a cue in the window whose negated words the sentence
    repeats ("No dose reduction is recommended" against "A dose reduction is recommended").
    """
    said = negation_cues(sentence)
    sentence_stems = set(content_stems(sentence))
    # Cues of the passage sentences the sentence restates: the best match, and a window
    # sentence holding half of its words (a sentence may join two), not a mere neighbour.
    restated = [best_unit] + [
        u
        for u in window_units
        if len(sentence_stems & set(content_stems(u))) >= 0.5 * len(sentence_stems)
    ]
    window_cues = negation_cues(" ".join(restated))
    cited_phrases = [p for unit in units for p in _negated_phrases(unit, 2 * head_words, 1)]
    stated = {
        cue
        for cue, head in _negated_phrases(sentence, head_words)
        if any(
            c == cue and (head[0] == h[0] or len(set(head) & set(h)) >= 2) for c, h in cited_phrases
        )
    }
    reasons = [
        f"negation mismatch: sentence says '{cue}' but the cited text does not"
        for cue in sorted(said - window_cues - stated)
    ]
    missing = set(negation_cues(best_unit) - said)
    for unit in window_units:
        for cue, head in _negated_phrases(unit, head_words):
            if cue not in said and sentence_stems.issuperset(head):
                missing.add(cue)
    missing |= _short_negations_dropped(sentence_stems, said, units)
    reasons.extend(
        f"negation mismatch: cited text says '{cue}' but the sentence does not"
        for cue in sorted(missing)
    )
    return reasons


# A short negated statement is restated when the sentence keeps this share of what it is about
# (in its own clause: "26% reported no pain, while 17% of placebo patients reported no pain").
_SUBJECT_KEPT = 0.6
_CLAUSE_START = re.compile(r"[,;]|\b(?:while|whereas|but)\b", re.I)


def _short_negations_dropped(
    sentence_stems: set[str], said: frozenset[str], units: Sequence[str]
) -> set[str]:
    """Cues of short negated statements the sentence restates without them: "Moderate Hepatic
    Impairment (Child-Pugh Class B): Treatment is not recommended." said as "treatment ... is
    recommended in patients with moderate hepatic impairment (Child-Pugh Class B)". The one
    word after the cue is too little to compare by, so the words before it must be kept too,
    and no passage sentence without the cue may hold them all (the claim may restate that one:
    "take the missed dose as soon as possible and continue" beside "... and should not take the
    evening dose")."""
    missing = set()
    plain_units = [set(content_stems(u)) for u in units if not negation_cues(u)]
    for unit in units:
        cleaned = _NOT_NEGATION.sub(" ", normalize(unit))
        for pattern, cue in _NEGATION_CUES:
            if cue in said:
                continue
            for match in pattern.finditer(cleaned):
                after = [
                    s for s in content_stems(cleaned[match.end() :]) if s not in _GENERIC_STEMS
                ]
                clause = _CLAUSE_START.split(cleaned[: match.start()])[-1]
                before = set(content_stems(clause)) - _GENERIC_STEMS
                kept = before & sentence_stems
                if (
                    len(after) == 1
                    and after[0] in sentence_stems
                    and before
                    and len(kept) >= _SUBJECT_KEPT * len(before)
                    and not any(kept | {after[0]} <= plain for plain in plain_units)
                ):
                    missing.add(cue)
    return missing


_NEGATED_LEAD = re.compile(
    r"(?:\b(?:not|no|never|cannot|avoid)|n't)(?:\s+(?:to|be|been|use|using))?\s*$", re.I
)


def quote_negated(sentence: str, cited_text: str) -> bool:
    """Whether a sentence quoted from the cited text drops a negation just before the quote,
    in the same passage sentence ("Do not" + "crush the tablets")."""
    words = re.findall(r"[a-z]+|\d+(?:\.\d+)?", normalize(sentence).lower())
    if not words:
        return False
    quote = re.compile(r"\W+".join(map(re.escape, words)), re.I)
    cited = normalize(cited_text)
    for match in quote.finditer(cited):
        lead = re.split(r"[.;:!?\n]", cited[max(0, match.start() - 30) : match.start()])[-1]
        if _NEGATED_LEAD.search(lead.strip(" ,(\"'")):
            return True
    return False
