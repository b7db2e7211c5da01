"""A dose or schedule the label gives, asked for where the label does not give it.

Labels dose each indication its own way: RINVOQ 15 mg once daily for rheumatoid arthritis but 30
mg for atopic dermatitis, ELIQUIS 2.5 mg twice daily after knee replacement but 5 mg for atrial
fibrillation, SOLIRIS 900 mg every 2 weeks in PNH and every 3 weeks in children with aHUS. A
dose or schedule found somewhere in the label is therefore not enough: when a question names an
indication (words of the indications, such as "knee", "RA" or "PNH"), each dose and schedule it
asks for must be stated in a dosing statement about that indication.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from assistant.grounding.offlabel.doses import DOSING_WORDS, find_doses, find_schedules
from assistant.grounding.offlabel.durations import asked_courses, stated_courses
from assistant.grounding.offlabel.labels import mentions, name_words
from assistant.grounding.offlabel.population import pediatric_term
from assistant.grounding.offlabel.vocabulary import COMMON_ABBREVIATIONS
from knowledge_base.acronyms import abbreviations_in, long_form

__all__ = ["dosing_statements", "regimen_outside", "with_label_units"]

_I = re.IGNORECASE

_HEADING = re.compile(r"^\s*\d+(?:\.\d+)+\s+\S")
_GENERIC = frozenset(
    """patient patients adult adults dose doses dosing dosage daily weekly every once twice
    treatment therapy with without after before first second line disease severe moderate
    active chronic recommended initial starting maintenance induction mg/kg other than that
    when where which there their about could would should days weeks months years hours
    week month year hour acute adjuvant metastatic advanced prevention preventive
    prophylaxis response responding responder responders adequate inadequate partial""".split()
)


_PER_DAY = re.compile(r"\b(?:mg|mcg)(?:/kg)?(?:/day| per day| a day)\b", _I)
_ONCE_DAILY = (1, 1)  # find_schedules' key for once daily


# A dose and the schedule right after it ("420 mg every 2 weeks", "2.5 mg twice daily").
_DOSE_AT = re.compile(r"\d+(?:[.,]\d+)?\s*(?:mg/kg|mg/m2|mg|mcg)\b", _I)
_PAIR_GAP = 40


def _pairs(text: str, own: frozenset[str] = frozenset()) -> list[tuple[str, tuple[int, int], str]]:
    """(dose, schedule key, schedule words) for each of the product's doses in ``text``
    followed closely by a schedule (not another drug's: "omeprazole 20 mg daily")."""
    ours = set(find_doses(text, own))
    found = []
    for match in _DOSE_AT.finditer(text):
        doses = [dose for dose in find_doses(match.group(0)) if dose in ours]
        if not doses:
            continue
        rest = text[match.end() : match.end() + _PAIR_GAP]
        schedules = find_schedules(rest)
        if schedules and rest.find(schedules[0][0]) <= _PAIR_GAP // 2:
            found.append((doses[0], schedules[0][1], schedules[0][0]))
    return found


def dosing_statements(sections: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """Each sentence or table row of the dosing sections that states a dose, prefixed with the
    heading it sits under ("2.3 Recommended Dosage in Rheumatoid Arthritis: ...")."""
    statements = []
    for title, text in sections:
        heading = title
        for line in text.splitlines():
            if _HEADING.match(line) and len(line) < 160:
                heading = line.strip()
                continue
            previous = ""
            for sentence in re.split(r"(?<=[.;])\s+", line):
                # "the dosage is ARTHROTEC 50 three or four times a day": a strength without
                # its unit still doses on a schedule.
                doses = find_doses(sentence) or find_schedules(sentence)
                # "In patients undergoing knee replacement surgery, the recommended duration of
                # treatment is 12 days": the course each indication is given.
                if (doses and DOSING_WORDS.search(sentence)) or stated_courses(sentence):
                    # With the sentence before it, which often names the patients ("In ...
                    # with HoFH: 420 mg once monthly. ... can be increased to 420 mg every 2
                    # weeks").
                    statements.append(f"{heading}: {' '.join(f'{previous} {sentence}'.split())}")
                previous = sentence
    return tuple(dict.fromkeys(statements))


# "the gastric dose", "the RA dosing": where a dose comes from, not who the patient is.
_DOSE_SOURCE = re.compile(r"\s+(?:dose|doses|dosing|dosage|regimen|schedule)\b", _I)
# "like gastric", "same as the hips", "like the HoFH pts", "as in AD": the indication a dose is
# borrowed from, not the patient's ("her2+ breast pts get enhertu 6.4 mg/kg like gastric").
_COMPARED_WITH = re.compile(
    r"\b(?:like|same as|similar to|as (?:in|for|with)|as (?:they|we|you|docs?) do (?:in|for|with)"
    r"|as (?:it is|its|it's) (?:given|dosed|used) (?:in|for))"
    r"(?P<words>(?:\s+(?!(?:for|to|because|since|instead|so|but|and|or|ok|okay)\b)[\w'+/]+){1,4})",
    _I,
)


def _compared_spans(question: str) -> list[tuple[int, int]]:
    return [match.span("words") for match in _COMPARED_WITH.finditer(question)]


def _indication_words(question: str, indication_text: str, own: frozenset[str]) -> set[str]:
    """Words of the question that name an indication: abbreviations ("RA", "PNH") and longer
    words found in the label's indications, not the product's names or dosing words, nor a
    dose's source ("the gastric dose", "like gastric")."""
    words = set()
    compared = _compared_spans(question)
    for found in re.finditer(r"[A-Za-z][A-Za-z0-9'-]+", question):
        token = found.group(0)
        lowered = token.lower()
        if lowered in own or lowered in _GENERIC or _DOSE_SOURCE.match(question, found.end()):
            continue
        if any(start <= found.start() < end for start, end in compared):
            continue
        if (spelled := COMMON_ABBREVIATIONS.get(token)) and re.search(
            rf"\b{spelled}\b", indication_text, _I
        ):
            words.add(token)
            continue
        # "RA", "PNH", and mixed-case ones: "cHL", "mCRPC", "HoFH".
        abbreviation = len(token) >= 2 and sum(c.isupper() for c in token) >= 2
        if not abbreviation and len(token) < 4:
            continue
        flags = 0 if abbreviation else _I
        if re.search(rf"(?<![\w-]){re.escape(token)}(?![\w-])", indication_text, flags):
            words.add(token if abbreviation else lowered)
    return words


_DEFINED = re.compile(r"((?:[A-Za-z'-]+\s+){1,4})\((?P<abbr>[A-Z][A-Za-z0-9]{1,6})\)")


@lru_cache(maxsize=64)  # read per question, from a label's unchanging indication text
def _spelled_out(indication_text: str) -> dict[str, str]:
    """The indications' abbreviations and what they stand for ("AS": "Ankylosing Spondylitis"),
    so that a question's "AS" finds the statements under "2.5 Ankylosing Spondylitis"."""
    found = {
        abbreviation: words
        for abbreviation, words in COMMON_ABBREVIATIONS.items()
        if re.search(rf"\b{words}\b", indication_text, _I)
    }
    for match in _DEFINED.finditer(indication_text):
        abbreviation, words = match["abbr"], match.group(1).split()
        letters = sum(c.isupper() for c in abbreviation)
        if letters >= 2 and len(words) >= letters:
            found.setdefault(abbreviation, " ".join(words[-letters:]))
    return found


_PEDIATRIC_STATEMENT = re.compile(r"\bpediatric|\bchildren\b|\b(?:aged|age) \d", _I)

# A number right before a schedule, without its unit: "140 q2w", "bump to 420 every 2 wks".
_BARE_DOSE = re.compile(
    r"(?<![\w.,/])(\d+(?:\.\d+)?)(?=\s*(?:q\d|every\b|once\b|twice\b|daily\b|weekly\b|"
    r"monthly\b|bid\b|tid\b|qd\b|a day\b|a week\b|a month\b))",
    _I,
)


# A number a dose is moved to, without its unit: "go to 30", "bump him up to 420".
_BARE_TARGET = re.compile(
    r"\b(?:go|going|goes|bump\w*|increas\w*|rais\w*|escalat\w*|titrat\w*|push\w*|mov\w*"
    r"|switch\w*|up|drop\w*|reduc\w*|lower\w*|decreas\w*|cut\w*)(?:\s+(?:him|her|them|it|pt"
    r"|the pt|the patient|the dose|up|down|back)){0,2}\s+to\s+(?:[A-Za-z][\w-]*\s+)?"
    r"(\d+(?:\.\d+)?)(?![\d.,]|\s*(?:%|x\b"
    r"|mg|mcg|g\b|ml|units?\b|iu\b|days?\b|d\b|weeks?\b|wks?\b|months?\b|mos?\b|years?\b|yrs?\b"
    r"|y/?o\b|hours?\b|hrs?\b|min|kg|lbs?\b|/))",
    _I,
)


@lru_cache(maxsize=64)  # read per question, from a label's unchanging dosing statements
def _label_units(statements: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Each number the dosing statements give a dose, with the units they give it in."""
    units: dict[str, set[str]] = {}
    for statement in statements:
        for dose in find_doses(statement):
            number, unit = dose.split(" ", 1)
            units.setdefault(number, set()).add(unit)
    return {number: frozenset(found) for number, found in units.items()}


def with_label_units(question: str, statements: Sequence[str]) -> str:
    """``question`` with the unit the label doses in written after a bare number that doses on
    a schedule or that a dose is moved to ("420 every 2 wks" -> "420 mg every 2 wks", "go to
    30" -> "go to 30 mg"), where the label gives that number with one unit only; a number the
    label never gives takes the unit of the question's own dose ("100mg not cutting it, can he
    go to 150?" -> "150 mg")."""
    if not (_BARE_DOSE.search(question) or _BARE_TARGET.search(question)):
        return question
    units = _label_units(tuple(statements))
    own_units = frozenset(dose.split(" ", 1)[1] for dose in find_doses(question))

    def with_unit(match: re.Match[str], fallback: frozenset[str] = frozenset()) -> str:
        number = f"{float(match.group(1)):g}"
        found = units.get(number) or fallback
        if len(found) != 1:
            return match.group(0)
        cut = match.end(1) - match.start(0)
        return f"{match.group(0)[:cut]} {next(iter(found))}{match.group(0)[cut:]}"

    # ("take 2 a day" counts tablets: only a number the dose is moved to takes the question's)
    return _BARE_TARGET.sub(lambda m: with_unit(m, own_units), _BARE_DOSE.sub(with_unit, question))


def _about_part(
    statement: str,
    named: set[str],
    spelled: dict[str, str],
    indication_text: str,
    own: frozenset[str],
) -> str:
    """The part of a dosing statement about the named indication. A statement carries the
    sentence before it for the patients it may name; under a heading that names no indication
    the two can dose different ones ("... for lung cancer is 5.4 mg/kg. ... for gastric cancer
    is 6.4 mg/kg"): the sentence before is kept where it names the indication, the statement's
    own sentence also where it names no indication at all ("... can be increased to 420 mg").
    Under a heading naming it, a sentence naming only another indication is left out."""

    def names_it(text: str) -> bool:
        return any(
            mentions(text, w) or (w in spelled and mentions(text, spelled[w])) for w in named
        )

    def names_another(text: str) -> bool:
        return any(
            abbreviation not in named and (mentions(text, abbreviation) or mentions(text, words))
            for abbreviation, words in spelled.items()
        )

    heading, _, body = statement.partition(": ")
    if names_it(heading):
        # Under a heading shared by several ("2.1 Rheumatoid Arthritis, Psoriatic Arthritis,
        # ..."), a sentence naming only another one doses that one ("In the treatment of RA,
        # ... 40 mg every week").
        sentences = re.split(r"(?<=[.;])\s+", body)
        return f"{heading}: " + " ".join(
            s for s in sentences if names_it(s) or not names_another(s)
        )
    *before, last = re.split(r"(?<=[.;])\s+", body)
    kept = [s for s in before if names_it(s)]
    if names_it(last) or not _indication_words(last, indication_text, own):
        kept.append(last)
    return " ".join(kept)


def _unpaired(question: str, own: frozenset[str], statements: Sequence[str]) -> list[str]:
    """Each dose the question pairs with a schedule that ``statements`` give that dose, but
    never on that schedule ("5 mg once a day" where every 5 mg is twice daily)."""
    pairs = {(dose, key) for s in statements for dose, key, _ in _pairs(s)}
    given = {dose for dose, _ in pairs}
    return [
        f"{dose} {phrase}"
        for dose, key, phrase in _pairs(question, own)
        if dose in given and (dose, key) not in pairs
    ]


def regimen_outside(
    question: str,
    statements: Sequence[str],
    indication_text: str,
    own_names: Sequence[str],
) -> str | None:
    """The doses and schedules asked for that no dosing statement about the indication the
    question names gives, with that indication's words ("5 mg for knee/replacement")."""
    own = name_words(own_names)
    question = with_label_units(question, statements)
    doses = set(find_doses(question, own))
    schedules = {key: phrase for phrase, key in find_schedules(question)}
    courses = asked_courses(question)
    if not doses and not schedules and not courses:
        return None
    named = _indication_words(question, indication_text, own)
    spelled = dict(_spelled_out(indication_text))
    # A clinician's short form the indications only write out ("afib", "NVAF", "UC"): the
    # indication it names, read from the label (knowledge_base.acronyms).
    for short in abbreviations_in(question, own):
        if short not in named and short not in spelled:
            phrase = long_form(short, indication_text)
            if phrase is not None:
                named.add(short)
                spelled[short] = phrase
    about = [
        s
        for s in statements
        if any(mentions(s, w) or (w in spelled and mentions(s, spelled[w])) for w in named)
    ]
    if not about:
        # No indication named, or none the dosing statements name: the whole label is what
        # the asked schedule is read against. A dose the label gives only on other schedules
        # ("ELIQUIS 5 mg once a day" where every 5 mg is twice daily) is outside it.
        unpaired = _unpaired(question, own, statements)
        return ", ".join(unpaired) if unpaired else None
    about = [_about_part(s, named, spelled, indication_text, own) for s in about]
    if pediatric_term(question):  # a child's dose is in the pediatric clauses, if any
        children = (
            " ".join(c for c in re.split(r"(?<=[.;])\s+", s) if _PEDIATRIC_STATEMENT.search(c))
            for s in about
        )
        about = [c for c in children if c] or about
    unpaired = _unpaired(question, own, about)
    if unpaired:
        return f"{', '.join(unpaired)} for {'/'.join(sorted(named))}"
    stated_doses = {dose for s in about for dose in find_doses(s)}
    stated_schedules = {key for s in about for _, key in find_schedules(s)}
    if any(_PER_DAY.search(s) for s in about):  # "200 mg per day ... as a single dose"
        stated_schedules.add(_ONCE_DAILY)
    # A course longer than any the statements about the indication bound ("adjuvant keytruda
    # for 2 years" where adjuvant melanoma is treated "for up to 1 year"). A course stated
    # apart from a dose ("the recommended duration of treatment is 12 days") is one of them.
    # The bound is read from the sentences that name the asked indication most closely, not
    # from their heading: "knee replacement ... for 35 days" is bounded by the knee sentence's
    # 12 days, not by the hip sentence's 35 under the same "Hip or Knee Replacement" heading.
    own_words = [s.partition(": ")[2] for s in about]
    naming = [sum(1 for w in named if mentions(t, w)) for t in own_words]
    closest = [t for t, n in zip(own_words, naming, strict=True) if n and n == max(naming)]
    bounded = stated_courses(" ".join(closest or about))
    outside = [
        *(dose for dose in sorted(doses) if dose not in stated_doses),
        *(phrase for key, phrase in schedules.items() if key not in stated_schedules),
        *(phrase for phrase, weeks in courses if bounded and weeks > max(bounded) + 0.1),
    ]
    return f"{', '.join(outside)} for {'/'.join(sorted(named))}" if outside else None
