"""Signal 9: a near-copy of one passage sentence that swaps or drops words inside it.

A language model restating a label keeps most of a sentence and changes one span: "IgM" becomes
"IgG", "sequelae of" becomes "precursors of", "the first infusion" replaces "the most recent
infusion", or "resulting in dyspnea at rest" quietly disappears. No list of opposites can name
every such pair, but the edit itself shows: aligned word by word with the passage sentence it
copies, the claim matches on both sides of a span and differs inside it. Faithful restatements
edit too, so an edit counts only when it changes content:

- a swap: a short span of the source replaced by content words the source sentence never uses,
  unless both sides are words a restatement swaps freely ("given" for "administered", "before
  starting" for "prior to initiation of") or one side abbreviates the other ("creatinine
  clearance" for "CLcr");
- a drop: content words of the source removed from the middle of a copied sentence, or a trailing
  qualifier ("in patients with ...", "when used with ...") removed from its end, unless they are
  cross-references, examples ("such as ..."), an abbreviation the claim spells out, or words a
  restatement may leave out;
- a negation put in or taken out ("patients without refractory disease"), unless it is a bound
  ("not more than") or the other side says it with a negative word ("avoid").

A swap counts when it touches a number, an abbreviation, a word rare in English (a term:
``wordfreq``), the product's name (swapped for "placebo"), or a word and its opposite ("prior
to" for "following"); plain words swapped for plain words ("showed" for "demonstrated") are a
paraphrase. At a sentence's edge a restatement may bring in what the passage says elsewhere.

Reordering is no edit: a word the claim says elsewhere is not removed, and a claim whose words
all stand in one passage sentence swapped nothing. A claim close to several passage sentences is
judged against each, and passes if it is a faithful copy of any.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from wordfreq import zipf_frequency

from assistant.grounding.support.lexical import STOPWORDS, stem
from assistant.grounding.support.quantities import WORD_NUMBERS, list_counts
from assistant.grounding.support.scope import RESTRICTORS
from assistant.grounding.support.text import list_statements, normalize, split_sentences
from assistant.grounding.support.wording import spells_out

__all__ = ["edit_reasons"]

# A claim copies a passage sentence when this share of its tokens align with it in order.
_MIN_COPIED = 0.6
# A drop is read only in a claim that is this much a copy (a restatement merging two sentences
# leaves words of each out).
_MIN_COPIED_FOR_DROP = 0.88
# Sources whose similarity is within this margin of the best are judged too.
_NEAR_BEST = 0.1
# A list is what the claim copies when it aligns with this much more of the claim than any item.
_LIST_MARGIN = 0.15
# A swap is short, inside matching words: a rewritten clause is a restatement, not a swap.
_MAX_SWAPPED = 3
# A limiting phrase replaced by another is at most this long (longer: a list cut short).
_MAX_REPLACED_QUALIFIER = 8
_MIN_FLANK = 2
# A drop leaves at least this many matching words before it.
_MIN_LEAD = 3
_MAX_DROPPED_INSIDE = 6
_MAX_DROPPED_AT_END = 8

# Cross-references ("[see Warnings and Precautions (5.2)]", "(Table 3)", "(5.1, 5.3)") and
# parenthesised examples carry no claim; "e.g." and "i.e." introduce no content.
_REFERENCE = re.compile(
    r"\[(?:see|table|figure)[^\]]*\]|\((?:see|table|figure)[^)]*\)"
    r"|\(\s*\d+(?:\.\d+)*(?:\s*(?:[,;]|and)\s*\d+(?:\.\d+)*)*\s*\)"
    r"|\((?:e\.g\.|i\.e\.|such as|including)[^)]*\)",
    re.I,
)
_NUMBER_WORD = re.compile(rf"\b(?:{'|'.join(WORD_NUMBERS)})\b", re.I)
_TWICE = re.compile(r"\btwice\b", re.I)
# "15 of 322 patients (4.7%)" says what "4.7% of patients" says.
_COUNT_WITH_SHARE = re.compile(
    r"\b\d+ of \d+(?P<who> patients| subjects)? \((?P<share>\d+(?:\.\d+)?)%\)"
)
_LATIN = re.compile(r"\b(?:e\.g\.|i\.e\.),?", re.I)
_SQUARE_METRE = re.compile(r"(?<![A-Za-z])m\s+2\b")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*|\d+(?:\.\d+)?|[%<>\u2264\u2265]")
# Units written out or abbreviated: one token each.
_UNIT_FORMS = {
    "milligram": "mg", "milligrams": "mg", "kilogram": "kg", "kilograms": "kg",
    "microgram": "mcg", "micrograms": "mcg", "\u00b5g": "mcg", "milliliter": "ml",
    "milliliters": "ml", "millimeter": "mm", "millimeters": "mm", "percent": "%",
    "hours": "hour", "hr": "hour", "hrs": "hour", "h": "hour", "minutes": "minute",
    "min": "minute", "mins": "minute", "weeks": "week", "wk": "week", "wks": "week",
    "days": "day", "months": "month", "mo": "month",
}  # fmt: skip
_UNITS = frozenset(_UNIT_FORMS.values()) | {"mg", "kg", "ml", "mm", "mcg"}
# Words rarer than this in general English (Zipf scale: 3 is once per million words) are terms.
_PLAIN_WORD_ZIPF = 3.5
_NEGATING_PREFIXES = ("un", "in", "im", "ir", "il", "non", "non-", "dis", "a")
_OPPOSITE_PREFIXES = (("hyper", "hypo"), ("over", "under"), ("pre", "post"), ("intra", "extra"))
# Plain words whose swap reverses a claim, beyond the axes of contrast.py.
_OPPOSITES = frozenset(
    frozenset(pair.split("/"))
    for pair in """
    small/large smaller/larger left/right first/last initial/final initial/last first/final
    first/recent initial/recent early/late earlier/later earliest/latest major/minor
    before/after before/following prior/after prior/following start/stop begin/end
    upper/lower inside/outside
    human/animal humans/animals limited/substantial limited/extensive rare/common
    recommended/required necessary/optional allowed/prohibited permitted/prohibited
    acute/chronic local/systemic partial/complete temporary/permanent reversible/irreversible
    first/second first/third second/third second/fourth third/fourth morning/evening day/night
    same/next induction/maintenance loading/maintenance older/younger old/young more/less
    majority/minority most/few
    higher/lower greater/lesser increased/decreased increase/decrease left/right
    suspected/confirmed suspect/confirm possible/confirmed
    """.split()
)
# Pharmacokinetic abbreviations written with one capital.
_PHARMACOKINETIC = frozenset({"cmax", "cmin", "tmax", "ctrough"})
# Words a restatement swaps for one another or leaves out without changing the claim: verbs of
# giving, starting, needing, reporting and comparing; the people and products a label talks
# about; connectives of a restated list. A swap or drop made only of these is no edit.
_RESTATING_WORDS = """
    give given administer receive take taken use start begin initiate initiation commence need
    require occur report observe see seen describe show experience develop versus vs compare
    comparison effect affect consist comprise include contain follow subsequent subsequently
    then thereafter continue continued prior before drug medication medicine physician doctor
    provider healthcare often frequently commonly common list listed following characteristics
    namely both also respectively therapy treatment treat treated dosing dose dosage regimen
    patient patients people individuals subjects product capsule capsules tablet tablets age
    trial trials study studies clinical mostly predominantly mainly primarily together combined
    plus coadministration co-administration co-administer co-administered coadminister
    concomitant co-administering instruct instructed advise advised tell counsel
""".split()
# Words that open a qualifier at a sentence's end ("..., in patients with X").
_QUALIFIER_OPENERS = frozenset(
    "in for with without when if unless at during after before among who whose while within "
    "until except".split()
)
# Words that open a list of examples: dropping examples narrows nothing.
_EXAMPLE_OPENERS = frozenset({"such", "including"})
_COORDINATORS = frozenset({"and", "or"})
_RESPECTIVELY = frozenset({"respectively", "respect"})  # the word, and its stem
# A negation put in or taken out is a short edit ("do not discontinue" for "discontinue").
_MAX_NEGATION_SPAN = 4
_POSTNOMINAL = frozenset({"of", "with", "who", "whose", "in"})
_BOUND_WORDS = frozenset(
    "more less later earlier greater fewer longer shorter exceed exceeding sooner".split()
)
_NEGATORS = frozenset({"not", "no", "never", "without", "cannot", "none", "nor", "neither"})
# Words that carry a negation themselves: "avoid" may restate "do not use".
_NEGATIVE_WORDS = frozenset(
    stem(w)
    for w in "avoid contraindicated discontinue stop unable inability fail lack absence free "
    "unknown unless except instead rather".split()
)
_CROSS_REFERENCE = re.compile(r"\[\s*see\b[^\]]*\]", re.I)
_STUDY_WORDS = frozenset({"trial", "trials", "study", "studies"})
_BRAND = re.compile(r"\b[A-Z]{6,}\b")


@lru_cache(maxsize=1)
def _restating_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in _RESTATING_WORDS) | frozenset(_RESTATING_WORDS)


@dataclass(frozen=True)
class _Token:
    original: str  # as written, for abbreviations and for the reason's quote
    word: str  # lower-cased, units in one form
    key: str  # what alignment compares: the stem of a word, a number as written
    aside: bool = False  # inside parentheses: a definition or an aside, not the claim itself

    @property
    def content(self) -> bool:
        return self.word not in STOPWORDS

    @property
    def abbreviation(self) -> bool:
        """ "CLcr", "IgG", "NSAIDs", or a unit symbol: a short form of something spelled out."""
        capitals = sum(ch.isupper() for ch in self.original)
        short_coded = capitals and len(self.original) <= 6 and re.search(r"[-\d]", self.original)
        return (
            (capitals >= 2 and len(self.original) <= 8)
            or bool(short_coded)
            or self.word in _UNITS | _PHARMACOKINETIC
        )


@lru_cache(maxsize=4096)  # a cited passage's sentences are read again for every claim
def _tokens(text: str) -> tuple[_Token, ...]:
    text = _COUNT_WITH_SHARE.sub(r"\g<share>% of\g<who>", _SQUARE_METRE.sub("m2", normalize(text)))
    text = _TWICE.sub("2 times", _NUMBER_WORD.sub(lambda m: str(WORD_NUMBERS[m[0].lower()]), text))
    text = _LATIN.sub(" ", _REFERENCE.sub(" ", text))
    tokens = []
    depth, read = 0, 0  # parentheses open before the token, counted up to ``read``
    for match in _TOKEN.finditer(text):
        gap = text[read : match.start()]
        depth += gap.count("(") - gap.count(")")
        read = match.end()
        original = match.group(0)
        word = _UNIT_FORMS.get(original.lower(), original.lower())
        key = stem(word) if word[0].isalpha() else word
        tokens.append(_Token(original, word, key, depth > 0))
    return tuple(tokens)


def _quote(tokens: Sequence[_Token]) -> str:
    return " ".join(t.original for t in tokens)


@dataclass(frozen=True)
class _Edit:
    """One span where the claim differs from the source sentence, with the matching words on
    either side of it."""

    removed: list[_Token]  # content words of the source the claim says nowhere
    added: list[_Token]  # content words of the claim the source sentence says nowhere
    source_span: Sequence[_Token]
    claim_span: Sequence[_Token]
    before: int
    after: int


@dataclass(frozen=True)
class _Context:
    subject: frozenset[str]  # keys of the product's names
    passage: frozenset[str]  # keys of every word of the cited text


def _names_subject(token: _Token, subject: frozenset[str]) -> bool:
    """The product's name, alone or as the first part of a compound ("HEMORAVIX-treated")."""
    return token.key in subject or token.word.split("-")[0] in subject


def _edits(
    claim: Sequence[_Token], source: Sequence[_Token], subject: frozenset[str]
) -> list[_Edit]:
    matcher = SequenceMatcher(None, [t.key for t in source], [t.key for t in claim], False)
    claim_keys = {t.key for t in claim}
    source_keys = {t.key for t in source}
    names_subject = any(_names_subject(t, subject) for t in claim)
    codes = matcher.get_opcodes()

    def flank(k: int) -> int:
        if 0 <= k < len(codes) and codes[k][0] == "equal":
            return codes[k][2] - codes[k][1]
        return 0

    edits = []
    for k, (tag, i1, i2, j1, j2) in enumerate(codes):
        if tag == "equal":
            continue
        added = [
            t
            for t in claim[j1:j2]
            if t.content and t.key not in source_keys and not _names_subject(t, subject)
        ]
        # Saying or leaving out the product's name is no edit; putting another word where the
        # source names it ("patients who received placebo" for "... received Lynparza") is.
        removed = [
            t
            for t in source[i1:i2]
            if t.content
            and t.key not in claim_keys
            and not (_names_subject(t, subject) and (names_subject or not added))
        ]
        edits.append(_Edit(removed, added, source[i1:i2], claim[j1:j2], flank(k - 1), flank(k + 1)))
    return edits


def _matched(claim: Sequence[_Token], source: Sequence[_Token]) -> int:
    """How many of the claim's tokens align, in order, with the source's."""
    matcher = SequenceMatcher(None, [t.key for t in source], [t.key for t in claim], False)
    return sum(block.size for block in matcher.get_matching_blocks())


def _is_abbreviating(edit: _Edit, claim: Sequence[_Token]) -> bool:
    """One side of the edit abbreviates the other ("CLcr" for "creatinine clearance"), or the
    source's abbreviation is dropped where the claim spells it out."""
    removed, added = edit.removed, edit.added
    if removed and all(t.abbreviation for t in removed):
        if not added or set(t.key for t in added) <= _restating_stems():
            return True
        if not all(t.abbreviation for t in added) and added[0].word[0] == removed[0].word[0]:
            return True
    if (
        added
        and removed
        and all(t.abbreviation for t in added)
        and not all(t.abbreviation for t in removed)
        and added[0].word[0] == removed[0].word[0]
    ):
        return True
    if (
        removed
        and not added
        and any(
            t.abbreviation and not _BRAND.fullmatch(t.original) and t.word[0] == removed[0].word[0]
            for t in claim
        )
    ):
        return True
    removed_text, added_text = _quote(edit.source_span), _quote(edit.claim_span)
    return bool(removed) and (
        any(spells_out(t.original, removed_text) for t in edit.claim_span)
        or any(spells_out(t.original, added_text) for t in edit.source_span)
        or any(spells_out(t.original, removed_text) for t in claim if len(t.original) <= 6)
    )


def _is_term(token: _Token) -> bool:
    """A number, an abbreviation, or a word too rare in general English to be a plain
    paraphrase ("sequelae", "esophageal", "IgG"): swapping one changes the claim."""
    if not token.word[0].isalpha() or token.abbreviation:
        return True
    return zipf_frequency(token.word, "en") < _PLAIN_WORD_ZIPF


def _opposed(first: str, second: str) -> bool:
    """ "likely"/"unlikely", "hypertension"/"hypotension", "first"/"last": one word's opposite."""
    if frozenset({first, second}) in _OPPOSITES:
        return True
    for one, other in ((first, second), (second, first)):
        if any(one == prefix + other for prefix in _NEGATING_PREFIXES):
            return True
        for prefix, opposite in _OPPOSITE_PREFIXES:
            if one.startswith(prefix) and other == opposite + one.removeprefix(prefix):
                return True
    return False


# A bound's symbol and the words that say it ("> 65 years" as "older than 65 years").
_BOUND_WORDS_FOR = {
    ">": frozenset(
        {
            "more than",
            "greater than",
            "older than",
            "over",
            "above",
            "higher than",
            "exceeding",
            "longer than",
            "heavier than",
        }
    ),
    "<": frozenset(
        {
            "less than",
            "under",
            "below",
            "younger than",
            "fewer than",
            "lower than",
            "shorter than",
            "lighter than",
        }
    ),
    "\u2265": frozenset(
        {"at least", "greater than or equal to", "no less than", "more than or equal to"}
    ),
    "\u2264": frozenset(
        {"at most", "up to", "less than or equal to", "no more than", "not more than"}
    ),
}


def _same_bound(source: Sequence[_Token], claim: Sequence[_Token]) -> bool:
    """A bound's symbol said in words, either way: "older than" where the source says ">"."""
    for symbol_side, word_side in ((source, claim), (claim, source)):
        if len(symbol_side) == 1 and symbol_side[0].word in _BOUND_WORDS_FOR:
            words = " ".join(t.word for t in word_side)
            return words in _BOUND_WORDS_FOR[symbol_side[0].word]
    return False


def _changes_meaning(removed: list[_Token], added: list[_Token]) -> bool:
    """Whether swapping ``removed`` for ``added`` changes what is claimed: a term swapped, or
    a word for its opposite. Plain words swapped for plain words ("showed" for "demonstrated",
    "needed" for "necessary") are a paraphrase."""
    if any(_opposed(r.word, a.word) for r in removed for a in added):
        return True
    if {t.key for t in [*removed, *added]} <= _restating_stems():
        return False
    return any(_is_term(t) for t in [*removed, *added])


def _negations(words: list[str]) -> int:
    """Negating words, less those of a bound ("not more than", "no later than")."""
    return sum(
        word in _NEGATORS and (i + 1 == len(words) or words[i + 1] not in _BOUND_WORDS)
        for i, word in enumerate(words)
    )


def _negation_reason(
    edit: _Edit, claim_keys: frozenset[str], source_keys: frozenset[str]
) -> str | None:
    """A "not", "no" or "without" put into, or taken out of, a copied sentence ("Do not
    discontinue RINVOQ if ...", "patients without refractory disease"), unless the other side
    says the same with a word that is negative itself ("avoid", "unable")."""
    tight = max(len(edit.claim_span), len(edit.source_span)) <= _MAX_NEGATION_SPAN
    if not tight or min(edit.before, edit.after) < _MIN_FLANK:
        return None
    said = [t.word for t in edit.claim_span]
    source = [t.word for t in edit.source_span]
    added = _negations(said) - _negations(source)
    if added == 0 or _NEGATIVE_WORDS & {t.key for t in [*edit.claim_span, *edit.source_span]}:
        return None
    # the other side says it with a negative word elsewhere in the sentence ("cannot be reduced"
    # where the source says "an inability to reduce")
    if _NEGATIVE_WORDS & (source_keys - claim_keys if added > 0 else claim_keys - source_keys):
        return None
    if added > 0:
        return f"negation differs from source: the sentence adds {_quote(edit.claim_span)!r}"
    return f"negation differs from source: the sentence leaves out {_quote(edit.source_span)!r}"


def _reasons(
    claim: Sequence[_Token], source: Sequence[_Token], copied: float, context: _Context
) -> list[str]:
    """What each content-changing edit of ``source`` in ``claim`` did, for a reviewer;
    ``copied`` is the share of the claim that aligns with the source."""
    subject = context.subject
    restating = _restating_stems()
    claim_keys = frozenset(t.key for t in claim)
    source_keys = frozenset(t.key for t in source)
    reasons = []
    for edit in _edits(claim, source, subject):
        negation = _negation_reason(edit, claim_keys, source_keys)
        if negation:
            reasons.append(negation)
            continue
        if not edit.removed or _is_abbreviating(edit, claim):
            continue
        removed_keys = {t.key for t in edit.removed}
        if edit.added:
            swap = (
                len(edit.removed) <= _MAX_SWAPPED
                and len(edit.added) <= _MAX_SWAPPED
                and edit.before + edit.after >= 2 * _MIN_FLANK
            )
            # An alternative left out ("or other immunosuppressants") is no swap.
            alternative = edit.source_span[0].word in _COORDINATORS
            # At a sentence's edge a restatement may bring in what the passage says elsewhere
            # ("BALM-MS-1 compared ..." for "Patients were randomized to receive ...").
            edge = min(edit.before, edit.after) == 0
            borrowed = edge and any(t.key in context.passage for t in edit.added)
            if (
                swap
                and not alternative
                and not borrowed
                and not _same_bound(edit.source_span, edit.claim_span)
                and _changes_meaning(edit.removed, edit.added)
            ):
                reasons.append(
                    f"wording differs from source: {_quote(edit.claim_span)!r} where it says "
                    f"{_quote(edit.source_span)!r}"
                )
            elif (
                not swap
                and edit.source_span[0].word not in _COORDINATORS  # an item of a list left out
                and edit.before >= _MIN_LEAD
                and len(edit.removed) <= _MAX_REPLACED_QUALIFIER
                and (lost := _restrictors(edit.removed) - _restrictors(claim))
            ):
                # a limiting phrase replaced by a longer or shorter one that keeps none of its
                # restrictors ("for patients with refractory, severe or extensive disease" said
                # as "for maintenance treatment")
                reasons.append(
                    f"qualifier dropped: the source says {_quote(edit.source_span)!r} "
                    f"({', '.join(sorted(lost))}), the sentence {_quote(edit.claim_span)!r}"
                )
            continue
        # A qualifier right after the noun it limits ("Females [of reproductive potential]
        # must ...") has little before it.
        opening_word = edit.source_span[0].word
        lead = 1 if opening_word in _POSTNOMINAL and edit.after >= _MIN_LEAD else _MIN_LEAD
        if copied < _MIN_COPIED_FOR_DROP or edit.before < lead or removed_keys <= restating:
            continue
        # An aside is no claim, unless it limits one: an exception ("(excluding NMSC)") or a
        # bound closing the sentence ("... severe renal impairment (CLcr >=15 mL/min)"); a bound
        # inside the sentence mostly defines the words before it ("(creatinine clearance <30
        # mL/minute)" after "severe renal impairment").
        aside = all(t.aside for t in edit.removed)
        limiting = aside and (
            _has_word(edit.removed, _EXCEPTING)
            or (edit.after == 0 and _has_word(edit.removed, _BOUNDING))
        )
        if aside and not limiting:
            continue
        opening = [t.word for t in edit.source_span[:3]]
        if _EXAMPLE_OPENERS & set(opening):
            continue
        # The trial a figure comes from ("of the psoriasis trials") is context, not a limit on
        # whom the claim is about.
        if opening[0] in {"of", "in"} and edit.source_span[-1].word in _STUDY_WORDS:
            continue
        # One of coordinated alternatives left out ("signs and symptoms", "X or Y") narrows
        # the claim to what the source also says.
        if opening[0] in _COORDINATORS or edit.source_span[-1].word in _COORDINATORS:
            continue
        # The other items of a "respectively" pairing ("nausea [and vomiting] occurred in 77%
        # [and 40%] ..."): which number goes with which item is checked by binding (signal 8).
        if _has_word(edit.source_span, _COORDINATORS) and _RESPECTIVELY & source_keys:
            continue
        inside = edit.after >= _MIN_FLANK and len(edit.removed) <= _MAX_DROPPED_INSIDE
        at_end = (
            edit.after == 0
            and len(edit.removed) <= _MAX_DROPPED_AT_END
            and (opening[0] in _QUALIFIER_OPENERS or limiting)
        )
        if inside or at_end:
            reasons.append(
                f"qualifier dropped: the source says {_quote(edit.source_span)!r}, "
                "the sentence leaves it out"
            )
    return reasons


_EXCEPTING = frozenset("excluding except exclude excludes only not other without".split())
_BOUNDING = frozenset("\u2265 \u2264 < > >= <=".split())


def _restrictors(tokens: Sequence[_Token]) -> set[str]:
    """The words limiting which patients or events are meant ("severe", "refractory")."""
    return {t.word for t in tokens if t.word in RESTRICTORS}


def _has_word(tokens: Sequence[_Token], words: frozenset[str]) -> bool:
    return any(t.word in words or t.original in words for t in tokens)


def _copied(said: Sequence[_Token], sources: Sequence[Sequence[_Token]]) -> list[float]:
    """The share of ``said`` that aligns, in order, with each source."""
    return [_matched(said, source) / len(said) for source in sources]


def _copy_reasons(
    said: Sequence[_Token],
    sources: Sequence[Sequence[_Token]],
    copied: Sequence[float],
    context: _Context,
) -> list[str]:
    """The edits ``said`` makes in the source it copies most (``copied``: its share aligned
    with each), or none if it is a faithful copy of any source about as close or copies none."""
    best = max(copied, default=0.0)
    if best < _MIN_COPIED:
        return []
    judged = [
        (share, _reasons(said, source, share, context))
        for share, source in zip(copied, sources, strict=True)
        if share >= best - _NEAR_BEST
    ]
    if any(not reasons for _, reasons in judged):
        return []
    return next(reasons for share, reasons in judged if share == best)


def edit_reasons(claim: str, cited_text: str, subject: Sequence[str] = ()) -> list[str]:
    """Swaps and drops ``claim`` makes inside the passage sentence (or bulleted list) of
    ``cited_text`` it copies, if it is a near-copy of one; ``subject`` names the products the
    passage is about (naming one is no swap)."""
    # A count of the items the claim itself lists ("three steps: ...") is the claim's own,
    # unless the passage says it too ("two randomized studies (PROfound and PROpel)").
    for count in list_counts(claim) - set(re.findall(r"[a-z]+", cited_text.lower())):
        claim = re.sub(rf"\b{count}\b", " ", claim, count=1, flags=re.I)
    said = _tokens(claim)
    if len(said) < 5:
        return []
    # A cross-reference ("[see Warnings and Precautions (5.1)]") is no part of the statement: a
    # swap just before it is at the sentence's end.
    cited_text = _CROSS_REFERENCE.sub(" ", cited_text)
    # The products the passage is about, named by the caller or spelled in capitals by the
    # passage itself (brand names: "ONQUIRA"): saying the product's name is no swap.
    names = [*subject, *_BRAND.findall(cited_text)]
    subject_keys = frozenset(t.key for name in names for t in _tokens(name))
    units = [_tokens(u) for u in split_sentences(cited_text)]
    context = _Context(subject_keys, frozenset(t.key for unit in units for t in unit))
    lists = [_tokens(statement) for statement in list_statements(cited_text)]
    unit_shares, list_shares = _copied(said, units), _copied(said, lists)
    # A claim saying a whole bulleted list in one sentence copies the list, not one item.
    if max(list_shares, default=0.0) >= max(unit_shares, default=0.0) + _LIST_MARGIN:
        reasons = _copy_reasons(said, lists, list_shares, context)
    else:
        reasons = _copy_reasons(said, units, unit_shares, context)
    # Every word the claim says stands in one passage sentence: nothing swapped in from outside,
    # though a qualifier may still have been left out.
    content = {t.key for t in said if t.content}
    if any(content <= {t.key for t in unit} for unit in units):
        reasons = [r for r in reasons if r.startswith("qualifier dropped")]
    return reasons


_WORDS = re.compile(r"[\w.%<>\u2264\u2265-]+")


def exchanged_reasons(claim: str, cited_text: str) -> list[str]:
    """A passage sentence said back with two of its words exchanged across a number: "88 men,
    32 women" as "88 women, 32 men", "1% for TRIKAFTA-treated patients and 0% for placebo-treated
    patients" with the arms exchanged. Every word stands in the sentence, so no other check sees
    it; each number now belongs to the other word. Two items exchanged with no number between
    them ("rash and influenza" as "influenza and rash") say the same thing."""
    said = [w.strip(".").lower() for w in _WORDS.findall(normalize(claim))]
    for unit in split_sentences(cited_text):
        words = [w.strip(".").lower() for w in _WORDS.findall(normalize(unit))]
        if len(words) != len(said):
            continue
        differ = [i for i, (a, b) in enumerate(zip(said, words, strict=True)) if a != b]
        if len(differ) != 2:
            continue
        first, second = differ
        exchanged = said[first] == words[second] and said[second] == words[first]
        if exchanged and any(any(c.isdigit() for c in w) for w in words[first + 1 : second]):
            return [
                f"exchanged: the source says {words[first]!r} where the sentence says "
                f"{said[first]!r}, and {words[second]!r} where it says {said[second]!r}"
            ]
    return []
