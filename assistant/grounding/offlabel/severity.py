"""A disease asked about at a severity its indication does not name.

Indications name the stage they treat: LEQEMBI "should be initiated in patients with mild
cognitive impairment or mild dementia stage of disease", STELARA treats "moderate to severe
plaque psoriasis", RINVOQ "moderately to severely active rheumatoid arthritis". A question about
"moderate to severe alzheimers" or "mild psoriasis" asks for a use the label does not approve.
The severity counts where it qualifies a word of the indications ("severe alzheimers", or its
initials: "moderate AD"; not "severe renal impairment"), and only against the indication
sentences naming that word and the sentence after each, where labels put the stage ("...
Alzheimer's disease. Treatment ... should be initiated in patients with mild ...").
"""

from __future__ import annotations

import re

from assistant.grounding.offlabel.vocabulary import singular

__all__ = ["severity_outside"]

_I = re.IGNORECASE

_LEVEL = r"(?:mild|mod(?:erate)?|sev(?:ere)?)(?:ly)?"
_ASKED = re.compile(
    rf"\b(?P<levels>{_LEVEL}(?:\s*(?:-|to|or|/|and)\s*{_LEVEL})?)"
    r"(?:\s+(?:active|stage|persistent))?\s+(?P<word>[A-Za-z][A-Za-z'\u2019]+)",
    _I,
)
_WORD_IN_LEVELS = re.compile(r"\b(?:mild|mod|sev)(?:erate|ere)?(?:ly)?\b", _I)
# Organs and findings a severity also qualifies; never the disease a label treats by stage.
_NOT_A_DISEASE = frozenset(
    """renal hepatic kidney liver impairment insufficiency infection infections reaction
    reactions hypersensitivity rash diarrhea nausea vomiting neutropenia thrombocytopenia
    anemia bleeding hemorrhage pain symptoms side effects adverse toxicity toxicities cases
    case patients patient""".split()
)


def _stem(word: str) -> str:
    return singular(re.sub(r"['\u2019]s?$", "", word.lower()))


def _spelled_by_initials(abbreviation: str, words: list[str]) -> bool:
    """Whether consecutive words start with the abbreviation's letters ("AD": "Alzheimer's
    disease"), for a disease reps abbreviate where the indication spells it out."""
    initials = "".join(w[0].upper() for w in words)
    return abbreviation in initials


def _levels(text: str) -> set[str]:
    return {match.group(0)[:3].lower() for match in _WORD_IN_LEVELS.finditer(text)}


def severity_outside(question: str, indication_text: str) -> str | None:
    """The question's words naming a severity of an indicated disease that the indication
    sentences about that disease do not name ("moderate to severe alzheimers"), if any."""
    sentences = [s for s in re.split(r"(?<=[.;])\s+", indication_text) if s.strip()]
    for match in _ASKED.finditer(question):
        word = _stem(match["word"])
        abbreviation = match["word"].isupper() and 2 <= len(match["word"]) <= 5
        if word in _NOT_A_DISEASE or (len(word) < 4 and not abbreviation):
            continue
        named = set()
        for i, sentence in enumerate(sentences):
            words = re.findall(r"[A-Za-z][A-Za-z'\u2019]*", sentence)
            if any(_stem(w) == word for w in words) or (
                abbreviation and _spelled_by_initials(match["word"], words)
            ):
                named |= _levels(" ".join(sentences[i : i + 2]))
        if named and not (_levels(match["levels"]) & named):
            return match.group(0)
    return None
