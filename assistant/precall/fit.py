"""What fits this HCP: which of a product's uses the profile speaks of, and why a talking
point is there.

``fit_scores`` weighs the words an HCP's specialty and patient mix share with a use's text
(a word few uses have counts most). ``point_reason`` matches a point to the sentence of the
HCP's notes that names its product and speaks of its topic (a dosing point to "asked about
maintenance dosing"), newest note first; failing that, to the CRM patient mix, then to a
sentence naming the product. No match, no reason: a reason is never made up.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from assistant.outputs import SourceRef
from assistant.precall.note_text import note_sentences
from assistant.precall.open_items import ACCESS
from knowledge_base.models import FieldNote

__all__ = ["fit_scores", "point_reason", "topic_stems"]

_WORD = re.compile(r"[A-Za-z0-9]+")
# Words every label section shares, and how a CRM describes a practice rather than a disease
# ("large private group", "many elderly"): they say nothing about which use fits the HCP.
_COMMON = frozenset(
    "with patients clinical studies study trial efficacy results treatment adult adults "
    "previously untreated treated therapy according assessment table stage indicated "
    "large small private group practice community academic some many mostly most medical "
    "center clinic hospital university other their have were from that this".split()
)
# Plain English words any section or profile may use ("reflex NGS on all new cases", "All
# patients were required"). Written in capitals they are acronyms ("ALL", "NEW") and count.
_FUNCTION_WORDS = frozenset(
    "all and any are but can for had has new not one two was who also been both each into "
    "only over such than then them they when which while will would could should about "
    "after before between within without".split()
)
# "stage IV" is how a clinic says what a label's heading calls "metastatic".
_METASTATIC = re.compile(r"\bstage\s+(?:iv|4|iii[bc])\b|\badvanced\b", re.I)
_STEM = 6  # "dermatology" and "dermatitis", "rheumatology" and "rheumatoid" meet here


def topic_stems(text: str) -> frozenset[str]:
    """The words of ``text`` that can tell one use of a product from another, cut to a
    common stem."""
    text = _METASTATIC.sub("metastatic", text)
    return frozenset(
        w.lower()[:_STEM]
        for w in _WORD.findall(text)
        if len(w) >= 3
        and w.lower() not in _COMMON
        and (w.isupper() or w.lower() not in _FUNCTION_WORDS)
    )


def fit_scores(focus: str, texts: Sequence[frozenset[str]], *, besides: str = "") -> list[float]:
    """How well each text (its ``topic_stems``) fits ``focus`` (an HCP's specialty, patients):
    shared stems, a stem few texts have ("urothe") weighing more than one most have
    ("metast"); the words of ``besides`` (the product's own name) count for nothing."""
    wanted = topic_stems(focus) - topic_stems(besides)
    distinct = set(texts)
    weight = {
        w: math.log((1 + len(distinct)) / (1 + sum(w in t for t in distinct))) for w in wanted
    }
    return [sum(weight[w] for w in wanted & t) for t in texts]


# Not a reason to promote: an off-label question routed to medical, or a request for service.
_NOT_INTEREST = re.compile(
    r"\bMIR\b|medical information|off[- ]label|unsolicited|\bMSL\b|in-service|samples?\b|"
    # a patient's case (redacted) or a problem someone had is never a reason to promote
    r"\[(?:NAME|DATE|ADDRESS|MRN|DOB|PHONE|EMAIL|ID|AGE)\]|\b(?:did not|didn't|failed|broke\w*|"
    r"malfunction\w*|defect\w*|leak\w*|stopped|died|hospitali[sz]ed|reaction|side effects?)\b",
    re.I,
)

_TOPIC_WORDS = {
    "Dosing": re.compile(
        r"\bdos\w*|schedul\w*|administ\w*|infusion|injection|titrat\w*|missed|interval|"
        r"every \w+ (?:weeks?|days?)|maintenance|how often|loading",
        re.I,
    ),
    "Headline results": re.compile(
        r"efficacy|\bdata\b|results?|survival|\bPFS\b|\bOS\b|\bDFS\b|response|trial|study|"
        r"benefit|outcomes?|evidence|endpoint|hazard",
        re.I,
    ),
    "Indication": re.compile(
        r"indicat\w*|which patients|eligible|candidates?|adjuvant|first[- ]line|second[- ]line|"
        r"\bline\b|patients? (?:with|who)|where .* fits|label",
        re.I,
    ),
}


def point_reason(
    names: Sequence[str],
    topic: str,
    notes: Sequence[FieldNote],
    patient_mix: str,
    hcp_id: str,
    avoid: Sequence[str] = (),
) -> tuple[str, SourceRef] | None:
    """The sentence of ``notes`` (newest first) that names the product (any of ``names``) and
    speaks of ``topic``; else the patient mix; else a sentence that names the product. Never a
    sentence overlapping ``avoid`` (a possible adverse event's words), an off-label question
    routed to medical information, or an access note: none is a reason to promote."""
    product = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in names if n), re.I)
    on_topic = _TOPIC_WORDS.get(topic)
    named: tuple[str, SourceRef] | None = None
    for note in notes:
        ref = SourceRef(source_type="note", source_id=note.note_id, on=note.date)
        for sentence in note_sentences(note.text):
            if (
                not product.search(sentence)
                or _NOT_INTEREST.search(sentence)
                or ACCESS.search(sentence)
                or any(a and (a in sentence or sentence in a) for a in avoid)
            ):
                continue
            if on_topic is not None and on_topic.search(sentence):
                return sentence, ref
            named = named or (sentence, ref)
    if patient_mix.strip():
        profile = SourceRef(source_type="profile", source_id=hcp_id)
        return f"Patient mix: {patient_mix.strip()}", profile
    return named
