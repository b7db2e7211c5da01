"""The off-label check of a rep's question, and off-label topics in a CRM note.

Everything else in this package describes one kind of off-label use; this module asks all of
them about the products a text mentions and words each finding as a reason that quotes its
trigger. A question that names no product is about the only label given, and a note's sentence
that names none inherits the product named before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from assistant.grounding.offlabel.ages import ADULT_AGE, age_asked, age_floors, below_floor
from assistant.grounding.offlabel.biomarkers import (
    below_threshold,
    opposite_markers,
    unlisted_variants,
)
from assistant.grounding.offlabel.combinations import combinations_asked, partner_listed
from assistant.grounding.offlabel.doses import (
    DOSING_CUE,
    find_doses,
    find_schedules,
    normalise_dose,
)
from assistant.grounding.offlabel.durations import longer_course
from assistant.grounding.offlabel.indications import (
    Condition,
    covered,
    named_conditions,
    other_course,
    unlisted_diseases,
)
from assistant.grounding.offlabel.labels import (
    ProductLabel,
    indication_scope,
    product_regex,
    products_mentioned,
)
from assistant.grounding.offlabel.limitations import limitation_reasons
from assistant.grounding.offlabel.lines import alone_outside, line_outside, prior_therapy_missing
from assistant.grounding.offlabel.population import female_term, pediatric_term
from assistant.grounding.offlabel.regimens import regimen_outside, with_label_units
from assistant.grounding.offlabel.repeats import second_dose_same_day
from assistant.grounding.offlabel.routes import routes_asked
from assistant.grounding.offlabel.severity import severity_outside
from assistant.grounding.offlabel.temporary import long_run_of_temporary
from assistant.grounding.offlabel.vocabulary import BIOMARKER

__all__ = ["OffLabelCheck", "check_question", "extract_off_label_topics"]

_I = re.IGNORECASE


@dataclass(frozen=True)
class OffLabelCheck:
    off_label: bool
    reasons: tuple[str, ...]
    products: tuple[str, ...]  # products the question is about


_OFF_LABEL_CUE = re.compile(
    r"\boff[- ]label\b|\bunapproved (?:use|uses|indications?|doses?|dosing|populations?)\b"
    r"|\bunlabell?ed uses?\b|\bnot (?:in|on) the (?:label|PI|prescribing information)\b"
    r"|\boutside (?:of )?the (?:label|PI|approved indications?)\b|\bbeyond the label\b",
    _I,
)
# Reps write "off label" to ask whether a use is on the label ("..., or is that off-label?",
# "- off label since it's an acute med?", "thats off label isnt it?", "stelara off label for a
# kid that young?"); the other checks decide whether it is. Only words around it that ask for
# off-label information make it a request of its own: "tell me the off label uses", "what can I
# say about off-label use", "can we use eliquis off label for ...", "any off-label data".
_REQUEST_BEFORE = re.compile(
    r"(?:\b(?:about|share|sharing|discuss\w*|any|some|the|its|known|promot\w*|tell me)"
    r"|\b(?:to|can|could|we|i|you|they|he|she)\s+(?:use|give|prescribe|try)(?:\s+[^\s?]+){0,2})"
    r"\s*$",
    _I,
)
_REQUEST_AFTER = re.compile(
    r"\s*(?:data|info\w*|uses|studies|evidence|experience|literature|publications?"
    r"|indications?|reports?)\b",
    _I,
)
_TRIAL_CONTEXT = re.compile(
    r"\bat baseline\b|\bstratif\w+|\bhow many\b[^?]{0,50}\b(?:patients|enrolled|had)\b", _I
)
# Another biomarker than the label's: "ROS1-positive", "EGFR mutation", "HER2-negative".
_GENE = re.compile(
    r"(?-i:\b(?P<gene>[A-Z][A-Z0-9]{1,5}))[- ](?:positive|mutant|mutated|mutations?|rearranged"
    r"|rearrangements?|fusions?|amplified|amplifications?|negative|altered)\b",
    _I,
)
# Rechallenge after a graded reaction ("grade 2 myocarditis - hold and rechallenge or stop for
# good?") asks what the label's dose modifications say, which the answer states.
_RECHALLENGE = re.compile(r"re-?challeng\w*", _I)
_AFTER_A_REACTION = re.compile(
    r"\bgr(?:ade)?\s*\d|\bgr\d|\bany grade\b|\bsteroids?\b|\bresol\w+|\brecover\w*", _I
)


# A question about contraindications or concerns names the patient's other conditions ("Any
# contraindication with asthma and nasal polyps for Aggrenox?"), not a use, unless a word of
# purpose introduces one ("for asthma", "to treat asthma").
_ASKS_ABOUT_RISK = re.compile(
    r"\bcontraindicat\w*|\bany (?:concerns?|issues?|problems?|precautions?|warnings?)\b", _I
)
_PURPOSE_BEFORE = re.compile(
    r"\b(?:for|treat\w*|indicated|approved|use in|using (?:it|\w+) in)\s+(?:\w+\s+){0,2}$", _I
)


def _comorbidity(text: str, phrase: str) -> bool:
    if not _ASKS_ABOUT_RISK.search(text):
        return False
    at = text.find(phrase)
    return at >= 0 and not _PURPOSE_BEFORE.search(text[:at])


# Tests, not genes: "FISH negative" says how HER2 was measured.
_TESTS = frozenset({"FISH", "ISH", "IHC", "NGS", "PCR", "CISH", "SISH"})
# (not "IHC 0", which a label may name only with a qualifier: "IHC 0 with membrane staining")
_IHC_SCORE = re.compile(r"\bIHC\s*(?P<score>[1-3]\+?)", _I)


def _score_in_scope(text: str, labels: Sequence[ProductLabel]) -> bool:
    """Whether the question gives an IHC score that an indication names ("IHC 1+" for
    HER2-low), the population that score is in."""
    scores = {m["score"].rstrip("+") for m in _IHC_SCORE.finditer(text)}
    return any(
        m["score"].rstrip("+") in scores
        for label in labels
        for m in _IHC_SCORE.finditer(indication_scope(label))
    )


# A missed dose is handled as the label says, whatever dose it was ("a loading dose missed").
_MISSED_DOSE = re.compile(r"\b(?:miss(?:es|ed)?|forg[eo]t\w*|skipp?ed)\b", _I)
_ABBREVIATIONS = frozenset(
    {"dr", "mr", "mrs", "ms", "prof", "st", "vs", "e.g", "i.e", "approx", "no"}
)


def _off_label_request(text: str) -> re.Match[str] | None:
    """The words asking for off-label information, if the text asks for it (not whether)."""
    for match in _OFF_LABEL_CUE.finditer(text):
        if _REQUEST_BEFORE.search(text[: match.start()]) or _REQUEST_AFTER.match(text, match.end()):
            return match
    return None


def _reasons(text: str, mentions: list[tuple[int, ProductLabel]], *, cue: bool = True) -> list[str]:
    """Why ``text`` is off-label for the mentioned products; each reason quotes its trigger."""
    reasons: list[str] = []
    labels = [label for _, label in mentions]
    if cue and (match := _off_label_request(text)):
        reasons.append(f"explicit off-label request ('{match.group(0)}')")
    if not labels:
        return reasons
    who = "/".join(label.name for label in labels)
    for cond, phrase in named_conditions(text):
        if cond.in_trials and _TRIAL_CONTEXT.search(text):
            continue
        if _comorbidity(text, phrase):
            continue
        # "IHC 1+ so technically HER2 negative": the score names the population it is in
        if cond.topic == "biomarker-negative disease" and _score_in_scope(text, labels):
            continue
        if not any(covered(cond, label) for label in labels):
            reasons.append(f"{who}: {cond.topic} ('{phrase}') is not an approved indication")
    for term in unlisted_diseases(text, labels):
        reasons.append(f"{who}: '{term}' is not an approved indication")
    for course in _in_every(labels, lambda lab: other_course(text, indication_scope(lab))):
        reasons.append(f"{who}: '{course}' is not the course of disease the indications name")
    if all(label.one_dose_a_day for label in labels) and (again := second_dose_same_day(text)):
        reasons.append(f"{who}: a second dose the same day ('{again}'); the label allows one")
    if any(re.search(BIOMARKER, indication_scope(label), _I) for label in labels):
        genes = (m["gene"] for m in _GENE.finditer(text))
        for gene in dict.fromkeys(g for g in genes if g.upper() not in _TESTS):
            if not any(
                re.search(rf"\b{re.escape(gene)}\b", indication_scope(label)) for label in labels
            ):
                reasons.append(f"{who}: disease defined by '{gene}' is not an approved indication")
    for marker in _in_every(labels, lambda lab: opposite_markers(text, indication_scope(lab))):
        reasons.append(f"{who}: '{marker}' is not the population the indications require")
    for variant in _in_every(labels, lambda lab: unlisted_variants(text, indication_scope(lab))):
        reasons.append(f"{who}: '{variant}' is not a variant the indications list")
    for level in _in_every(
        labels, lambda lab: _listed(below_threshold(text, indication_scope(lab)))
    ):
        reasons.append(f"{who}: {level}")
    if all(label.routes for label in labels):
        allowed_routes = {route for label in labels for route in label.routes}
        for route in routes_asked(text, mentions):
            if route not in allowed_routes:
                reasons.append(f"{who}: '{route}' administration is not in the label")
    if kid := pediatric_term(text):
        if any(label.adult_only for label in labels):
            reasons.append(f"{who}: pediatric population ('{kid}'); the label is for adults only")
        else:
            # Approved in some children: the condition asked about must be one of those (not
            # the one a belief names: "isnt kineret just an RA drug? doc has a baby with NOMID").
            for cond, phrase in named_conditions(text):
                if _believed_only(text, phrase):
                    continue
                if not any(_covered_in_children(cond, label) for label in labels):
                    reasons.append(
                        f"{who}: {cond.topic} ('{phrase}') is not an approved pediatric indication"
                    )
    for reason in _in_every(
        labels,
        lambda lab: limitation_reasons(
            text, lab.limitations, _names(lab), bool(lab.pediatric_indications)
        ),
    ):
        reasons.append(f"{who}: {reason}")
    if all(label.courses for label in labels) and (
        longer := _in_every(labels, lambda lab: _listed(longer_course(text, lab.courses)))
    ):
        reasons.append(f"{who}: a course '{longer[0]}' longer than any the label states")
    if for_long := _in_every(
        labels,
        lambda lab: _listed(
            long_run_of_temporary(text, lab.temporary_regimens, lab.dosing_statements)
        ),
    ):
        reasons.append(f"{who}: '{for_long[0]}', a regimen the label allows only for a while")
    for outside in _in_every(
        labels,
        lambda lab: _listed(
            regimen_outside(text, lab.dosing_statements, lab.indication_text, _names(lab))
        ),
    ):
        reasons.append(f"{who}: {outside} is not how the label doses it")
    if not_had := _in_every(
        labels,
        lambda lab: _listed(prior_therapy_missing(text, indication_scope(lab), _names(lab))),
    ):
        reasons.append(f"{who}: '{not_had[0]}', where the indication requires it")
    if alone := _in_every(
        labels, lambda lab: _listed(alone_outside(text, indication_scope(lab), _names(lab)))
    ):
        reasons.append(f"{who}: '{alone[0]}', where the indication gives it in combination")
    if stage := _in_every(
        labels, lambda lab: _listed(severity_outside(text, indication_scope(lab)))
    ):
        reasons.append(f"{who}: '{stage[0]}' is not the stage the indication names")
    if line := _in_every(
        labels, lambda lab: _listed(line_outside(text, indication_scope(lab), _names(lab)))
    ):
        reasons.append(f"{who}: {line[0]} patients are not those the indication names")
    if too_young := _too_young(text, labels):
        reasons.append(f"{who}: {too_young}")
    if (female := female_term(text)) and any(label.male_only for label in labels):
        reasons.append(f"{who}: use in women ('{female}'); the label is for men only")
    approved = {d for label in labels for d in label.approved_doses}
    if approved:
        normalised = {normalise_dose(*d.split()) for d in approved if len(d.split()) == 2}
        own = frozenset(t.lower() for label in labels for t in (label.name, *label.aliases))
        # "go to 150" after "100mg": the dose asked, in the unit the question or label doses in
        statements = [s for label in labels for s in label.dosing_statements]
        for dose in find_doses(with_label_units(text, statements), own):
            if dose not in normalised:
                reasons.append(f"{who}: dose '{dose}' is not an approved dose")
    allowed = {
        key for label in labels for _, key in find_schedules(" ; ".join(label.approved_schedules))
    }
    if allowed:
        for phrase, key in find_schedules(text):
            if key not in allowed:
                reasons.append(f"{who}: schedule '{phrase}' is not in the label")
    if (
        (match := DOSING_CUE.search(text))
        and not _MISSED_DOSE.search(text)
        and not (_RECHALLENGE.fullmatch(match.group(0)) and _AFTER_A_REACTION.search(text))
        and not any(_labels_own(match.group(0), label) for label in labels)
    ):
        reasons.append(f"{who}: dosing outside the label ('{match.group(0)}')")
    for topic, phrase in combinations_asked(text, mentions):
        if not any(partner_listed(topic, phrase, label) for label in labels):
            reasons.append(f"{who}: combination with {topic} ('{phrase}') is not in the label")
    return list(dict.fromkeys(reasons))


# A label gives a loading dose in its own words: "160 mg initially on Day 1 ..., followed by".
_FIRST_DOSE = re.compile(
    r"\b(?:loading|induction|initial|starting|first) dos\w*|\binitially\b|\bfollowed by\b", _I
)


def _believed_only(text: str, phrase: str) -> bool:
    """Whether ``text`` names the condition as what the product is believed to be only for
    ("kineret is only RA", "isnt it just an RA drug?"), not as the patient's."""
    return bool(
        re.search(
            rf"\b(?:is|isn'?t|isnt|was)\b[^?.]{{0,25}}\b(?:only|just|solely)\s+(?:for\s+)?"
            rf"(?:an?\s+)?{re.escape(phrase)}\b",
            text,
            _I,
        )
    )


def _labels_own(cue: str, label: ProductLabel) -> bool:
    """Whether the label doses that way itself ("loading dose" where it gives one)."""
    words = re.sub(r"\W+", " ", cue.lower()).split()
    if words == ["loading", "dose"]:
        return any(_FIRST_DOSE.search(statement) for statement in label.dosing_statements)
    stem = words[0][:5] if words else ""
    return bool(stem) and any(
        re.search(rf"\b{re.escape(stem)}\w* {re.escape(words[-1][:4])}", statement, _I)
        for statement in label.dosing_statements
    )


def _names(label: ProductLabel) -> tuple[str, ...]:
    return (label.name, *label.aliases)


def _listed(found: str | None) -> list[str]:
    return [found] if found else []


def _in_every(
    labels: Sequence[ProductLabel], finding: Callable[[ProductLabel], list[str]]
) -> list[str]:
    """What ``finding`` reports for every one of ``labels`` (a question naming two products is
    off-label only for what neither label covers)."""
    found = [finding(label) for label in labels]
    common = set.intersection(*map(set, found)) if found else set()
    return [item for item in found[0] if item in common] if common else []


def _too_young(text: str, labels: Sequence[ProductLabel]) -> str | None:
    """Why the patient a question states the age of is too young for every label, if so."""
    why = None
    for label in labels:
        if label.adult_only:
            asked = age_asked(text)
            if asked is None or asked[0] >= ADULT_AGE or pediatric_term(text):
                return None  # an adult, or a child already reported as one
            why = f"age ('{asked[1]}') below 18; the label is for adults only"
            continue
        under = below_floor(text, age_floors(label.pediatric_indications))
        if under is None:
            return None
        phrase, floor = under
        why = (
            f"age ('{phrase}') below the youngest approved age "
            f"({floor.years:g} years: '{floor.sentence[:120]}')"
        )
    return why


def _covered_in_children(cond: Condition, label: ProductLabel) -> bool:
    if not label.pediatric_indications:
        return covered(cond, label)  # no pediatric wording to go by (older formats)
    children = replace(label, indications=(), indication_text=" ".join(label.pediatric_indications))
    return covered(cond, children)


# "aggrenox is once a day right?", "kesimpta loading - its weekly at first right?": a rep
# checking what the label says about the product's own dosing asks for the label's schedule,
# which the answer states; it asks for no use outside it. Not where the question asks for a use
# ("can we", "doc wants", "ok to") or asks the label's status itself ("is that on label?").
_CONFIRMING = re.compile(
    r"\b(?:right|correct|true)\s*\?|\bis(?:n'?t| not)? (?:it|that|this)\b|\bisnt\b", _I
)
_ASKING_FOR_A_USE = re.compile(
    r"\b(?:can|could|may|might|should|ok|okay|wants?|wanted|allowed|would|will|support\w*"
    r"|fine|safe|try|push|bump|give|use|switch|add|increase|decrease|reduce|double)\b",
    _I,
)
_LABEL_STATUS = re.compile(
    r"\b(?:label\w*|approved|indicated|covered|on[- ]?label|off[- ]?label|studied|trials?|data"
    r"|PI|max(?:imum)?)\b",
    _I,
)
_LABEL_DOSING_REASON = re.compile(
    r": (?:dose '[^']*' is not an approved dose|schedule '[^']*' is not in the label"
    r"|.* is not how the label doses it|dosing outside the label \('[^']*'\))$"
)


def _confirms_the_labels_dosing(question: str) -> bool:
    return bool(
        _CONFIRMING.search(question)
        and not _ASKING_FOR_A_USE.search(question)
        and not _LABEL_STATUS.search(question)
    )


def check_question(question: str, labels: Sequence[ProductLabel]) -> OffLabelCheck:
    """Is a rep's question about a use outside the label? If it names no product and only one
    label is given, the question is taken to be about that product."""
    mentions = products_mentioned(question, labels)
    if not mentions and len(labels) == 1:
        mentions = [(0, labels[0])]
    reasons = _reasons(question, mentions)
    if _confirms_the_labels_dosing(question):
        reasons = [r for r in reasons if not _LABEL_DOSING_REASON.search(r)]
    products = tuple(label.name for _, label in mentions)
    return OffLabelCheck(bool(reasons), tuple(reasons), products)


def _sentences(text: str) -> list[str]:
    """Split a note into sentences, not after "Dr." and other abbreviations."""
    parts, start = [], 0
    for match in re.finditer(r"[.!?]+[\"')\]]*\s+|\n+", text):
        word = re.search(r"([\w.]+)[.!?]*[\"')\]]*\s*$", text[start : match.end()])
        if match.group(0).startswith(".") and word and word.group(1).lower() in _ABBREVIATIONS:
            continue
        parts.append(text[start : match.end()].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def _topic(sentence: str, label: ProductLabel, reasons: Iterable[str]) -> str:
    match = product_regex(label).search(sentence)
    if not match:  # inherited from an earlier sentence: name what triggered the reason
        first = next(iter(reasons))
        quoted = re.search(r"'([^']+)'", first)
        return f"{label.name}: {quoted.group(1) if quoted else first.split(': ', 1)[-1]}"
    clause = re.split(
        r"[;:!?]|\s->|\s[-\u2013\u2014]\s|,\s(?:so|but|and|which|redirected)\b|\.(?:\s|$)",
        sentence[match.end() :],
    )[0]
    words = clause.split()[:12]
    return " ".join([label.name, *words]).rstrip(" ,.")


def extract_off_label_topics(note_text: str, labels: Sequence[ProductLabel]) -> list[str]:
    """Short topics ("NURTEC ODT for cluster headache") for sentences of a CRM note in which an
    off-label use came up. A sentence that names no product inherits the last one named."""
    topics: dict[str, str] = {}
    current: list[tuple[int, ProductLabel]] = []
    for sentence in _sentences(note_text):
        own = products_mentioned(sentence, labels)
        current = own or current
        reasons = _reasons(sentence, current, cue=bool(own))
        if not reasons or not current:
            continue
        topic = _topic(sentence, current[0][1], reasons)
        topics.setdefault(topic.lower(), topic)
    return list(topics.values())
