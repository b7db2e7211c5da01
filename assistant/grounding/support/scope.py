"""Signal 7: the scope of a claim, which must not be wider than the passage it restates.

Two errors keep every word of a sentence inside the cited text and still change who a claim is
about: a limiting qualifier dropped ("avoid in patients with severe hepatic impairment" becomes
"avoid in patients with hepatic impairment"; "... unless the benefits outweigh the risk"
removed) and a scope widened ("for any indication", "regardless of age", "any vaccines").
Qualifiers are read from the passage window the sentence matches best; widening words must be
stated by the cited text itself. A passage sentence said back word for word but for one phrase
that qualifies it ("For most patients", "at 2°C to 8°C", "some") is a dropped qualifier too.
Whole conditions dropped are ``conditions.py``'s.
"""

from __future__ import annotations

import re

from assistant.grounding.support.lexical import content_stems
from assistant.grounding.support.text import normalize, split_sentences

__all__ = ["dropped_phrase_reasons", "hedge_reasons", "qualifier_reasons", "widening_reasons"]

# Words that narrow the noun after them to a subset: "severe hepatic impairment", "live vaccines".
_RESTRICTORS = (
    "mild moderate severe strong advanced live active non-biologic symptomatic asymptomatic "
    "recurrent serious life-threatening end-stage unstable uncontrolled elective immune-mediated "
    "persistent prolonged refractory metastatic unresectable infantile-onset late-onset clinically "
    "significant acute extensive chronic"
).split()
RESTRICTORS = frozenset(_RESTRICTORS)
_RESTRICTOR_WORD = "|".join(map(re.escape, _RESTRICTORS))
_RESTRICTOR = re.compile(
    rf"\b(?P<words>(?:(?:{_RESTRICTOR_WORD})(?:\s*,\s*|\s+(?:or|and|to)\s+|\s+))+)"
    r"(?P<head>[a-z][a-z0-9-]+(?:\s+[a-z][a-z0-9-]+)?)",
    re.I,
)


def _unqualified(head: str, text: str) -> bool:
    """Whether ``text`` says the phrase ``head`` (a regex) with no restrictor just before it."""
    for match in re.finditer(rf"\b{head}\b", text):
        before = text[: match.start()].split()[-1:]
        if not (before and before[0].strip(",") in _RESTRICTORS):
            return True
    return False


def qualifier_reasons(sentence: str, window: str) -> list[str]:
    """A reason for each limiting qualifier of ``window`` (the passage text the sentence
    restates) that the sentence drops while keeping what it qualifies."""
    said = normalize(sentence).lower()
    reasons = []
    for match in _RESTRICTOR.finditer(normalize(window)):
        words = [w for w in re.split(r"[\s,]+", match.group("words").lower()) if w]
        if any(re.search(rf"\b{re.escape(w)}\b", said) for w in words if w in _RESTRICTORS):
            continue
        # The qualified phrase ("hepatic impairment"), said with no restrictor before it,
        # where the window never says it unqualified itself ("Infections occurred in 24%").
        head = r"\s+".join(re.escape(w) for w in match.group("head").lower().split())
        if _unqualified(head, normalize(window).lower()):
            continue
        if _unqualified(head, said):
            reasons.append(
                f"qualifier dropped: the source says {match.group(0).strip()!r}, "
                f"the sentence only {match.group('head')!r}"
            )
    return reasons


# A hedge of the passage ("may cause", "could be") and one said by the sentence.
_HEDGED = re.compile(
    r"\b(?:may|might|could)\s+(?:also\s+|potentially\s+)?(?:be\s+)?(?P<rest>[^.;]{0,80})", re.I
)
_HEDGE_SAID = re.compile(
    r"\b(?:may|might|could|can|possibl\w*|potential\w*|risks?|likely|some|sometimes)\b", re.I
)


# A rule the passage gives as the usual case ("In general, withhold ..."), not every case.
_USUALLY = re.compile(
    r"\b(?:in general|generally|usually|typically|in most (?:cases|patients))\b", re.I
)
_USUALLY_KEPT = 0.8


def hedge_reasons(sentence: str, window: str) -> list[str]:
    """A hedged statement of the passage ("may cause a reduction in effectiveness", "may be
    used") said as certain or as its opposite ("causes a reduction", "should not be used"):
    the sentence keeps the words after the hedge, in order, and hedges nothing itself. So is a
    rule the passage gives "in general" restated without it."""
    if _HEDGE_SAID.search(sentence):
        return []
    said = content_stems(sentence)
    if not _USUALLY.search(sentence):
        for unit in split_sentences(window):
            usual = _USUALLY.search(unit)
            if usual is None:
                continue
            rest = set(content_stems(_USUALLY.sub(" ", unit)))
            if rest and len(rest & set(said)) >= _USUALLY_KEPT * len(rest):
                return [
                    f"certainty added: the source says {usual.group(0)!r}, the sentence "
                    "states it for every case"
                ]
    for match in _HEDGED.finditer(normalize(window)):
        rest = content_stems(match.group("rest"))[:3]
        if len(rest) < 2 or not all(stem in said for stem in rest):
            continue
        starts = [i for i, stem in enumerate(said) if stem == rest[0]]
        if any(rest[1] in said[i + 1 : i + 4] for i in starts):
            words = " ".join(match.group(0).split()[:5])
            return [
                f"certainty added: the source says {words!r}, the sentence states it as certain"
            ]
    return []


_WIDENING = re.compile(
    r"\b(?:regardless of|irrespective of|universally|across (?:all|every)"
    r"|(?:of|for|at|in|with) any (?!of\b)(?:\w+-)?\w+|any (?:grade|severity|indication|age|patient"
    r"|population|stage|dose|time)s?|all (?:patients|indications|ages|grades|populations|doses)"
    r"|without (?:any )?(?:special )?(?:precautions?|restrictions?|limitations?)"
    r"|no (?:restrictions?|limitations?)|multiple patients|including infants"
    r"|in (?:all|every) (?:cases?|instances?|settings?|situations?))\b",
    re.I,
)


# "every" in a schedule ("every 4 months", "every other day") is not a quantifier.
_QUANTIFIER = re.compile(
    r"\b(?:any(?! of\b)|always|every(?!\s+(?:\d|other|one|two|three|four|five|six|eight|ten"
    r"|twelve|day|week|month|hour|minute|cycle|dose)))\b",
    re.I,
)


_NEGATION_BEFORE = re.compile(r"\b(?:not|no|never)\b(?:\s+\S+){0,3}\s*$", re.I)


def widening_reasons(sentence: str, cited_text: str, window: str) -> list[str]:
    """Scope-widening phrases ("for any indication", "regardless of age") that the cited text
    does not state, and "any", "every" or "always" that the passage window it restates lacks."""
    cited = normalize(cited_text).lower()
    reasons = [
        f"scope widened: {m.group(0)!r} not in cited text"
        for m in _WIDENING.finditer(normalize(sentence))
        if m.group(0).lower() not in cited
    ]
    source = {w.lower() for w in _QUANTIFIER.findall(normalize(window))}
    said = normalize(sentence)
    for match in _QUANTIFIER.finditer(said):
        word = match.group(0).lower()
        negated = _NEGATION_BEFORE.search(said[max(0, match.start() - 30) : match.start()])
        if word not in source and not negated and not reasons:
            reasons.append(f"scope widened: {word!r} is not in the passage it restates")
    return reasons


_TOKEN = re.compile(r"[\w°%./-]+")
_REFERENCE = re.compile(r"\[\s*see [^\]]*\]|\(\s*\d+(?:\.\d+)*(?:\s*,\s*\d+(?:\.\d+)*)*\s*\)", re.I)
# What makes a phrase a qualifier when a restatement leaves it out: a hedge ("some", "for most
# patients"), a restrictor ("latent", "initial"), a circumstance ("as necessary", "following
# dosing", "during initial treatment", "in patients with CLL/SLL") or a storage condition.
_QUALIFYING = frozenset(
    "some most certain many few generally usually typically often latent initial maintenance "
    "necessary needed following during prior before after until unless if when within "
    "patients adults children men women".split()
)
_OPENERS = _QUALIFYING | frozenset("in for at as with without".split())
_UNAVOIDABLE = re.compile(r"\b(?:cannot be avoided|is unavoidable)\b")
_MAX_DROPPED = 25


def _tokens(text: str) -> list[str]:
    return [t.strip("./").lower() for t in _TOKEN.findall(_REFERENCE.sub(" ", normalize(text)))]


def dropped_phrase_reasons(sentence: str, window: str) -> list[str]:
    """A passage sentence restated word for word but for one phrase left out, where that phrase
    qualifies it ("For most patients, the recommended dose is 50 mg ..." said as "The
    recommended dose is 50 mg ..."; "... store for up to 24 hours at 2°C to 8°C"
    without the temperature). A cross-reference left out is no qualifier."""
    said = [t for t in _tokens(sentence) if t]
    if len(said) < 4:
        return []
    for source in split_sentences(window):
        words = [t for t in _tokens(source) if t]
        if not 0 < len(words) - len(said) <= _MAX_DROPPED:
            continue
        head = 0
        while head < len(said) and said[head] == words[head]:
            head += 1
        tail = 0
        while tail < len(said) - head and said[-1 - tail] == words[-1 - tail]:
            tail += 1
        if head + tail < len(said):
            continue
        gap = words[head : len(words) - tail]
        # A qualifier opens the phrase left out ("for most patients", "some", "at 2 C to 8 C",
        # "as necessary"); a left-out conjunct ("and Grade 4 ... in 31%") or the exception to
        # an "avoid" just before ("if the inhibitor cannot be avoided") limits nothing.
        if gap[0] not in _OPENERS or _UNAVOIDABLE.search(" ".join(gap)):
            continue
        if any(t in _QUALIFYING or "\N{DEGREE SIGN}" in t for t in gap):
            return [f"qualifier dropped: the source adds {' '.join(gap)!r}"]
    return []
