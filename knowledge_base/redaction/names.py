"""The name-list layer of PHI redaction: US census first and last names (the ``names`` package).

A word in the lists is a name when it is written as one (capitalised, not a common English word:
"Okafor", "Nguyen") or when a patient, relative or honorific cue stands before it, in any case
("pt grace", "her husband Bill", "Mr. young"). A name that is also a common word ("Grace",
"Young", "Bill") without a cue is left to the NER layer: the lists alone would redact "Will" in
"Will follow up". Names after Dr/RN/NP/PA are HCP names and are kept, as are product names and
words inside what the NER model calls an organisation or a place ("Sinai-Grace Hospital").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS

from knowledge_base.products import product_aliases
from knowledge_base.redaction.rules import RELATIVES

__all__ = [
    "ACTS",
    "ACTS_AFTER",
    "NOT_NAMES",
    "OWNED_RELATIVES",
    "SHORTHAND",
    "CensusNames",
    "common_word",
    "load_census_names",
    "name_spans",
    "surname_like",
]

_LETTER = r"[^\W\d_]"
_WORD = re.compile(rf"{_LETTER}+(?:['\u2019]{_LETTER}+)?(?:-{_LETTER}+)*")

# Cues after which a listed name is a patient's or a relative's whatever its case.
_HONORIFICS = r"mr|mrs|ms|mx|miss|sra|srta|se[ñn]ora|do[ñn]a|senhora|mme|madame|frau|herr"
_CUE = re.compile(
    rf"(?i:\b(?:pt|patient|caller|{_HONORIFICS}|{RELATIVES}|named|dtr"
    r"|baby|infant|child|kid|widow|widower|name|pt is|patient is|name is|goes by|aka|a\.k\.a"
    r"|nicknamed|called)\b\.?"
    r"(?:'s)?(?:\s+(?:is|was)\b)?\)?\s*[:,(=]?\s*[\"\u201c'\u2018]?)$"
)
# Cues stronger than "pt"/"patient": honorifics, relatives, "named", "name is", a nickname's.
_STRONG_CUE = re.compile(
    rf"(?i:\b(?:{_HONORIFICS}|{RELATIVES}|named|name|name is|dtr|goes by|aka|a\.k\.a"
    r"|nicknamed)\b\.?(?:'s)?(?:\s+(?:is|was)\b)?\)?\s*[:,(=]?\s*[\"\u201c'\u2018]?)$"
)
# What follows a word used as a name: an age, a bracket, "&", a possessive ("pt grace, 91",
# "pt lucky (lucky ezeani)", "pt felicity & her mom", "grace's cell").
_NAME_FOLLOWS = re.compile(
    r"^(?:\s*,\s*\d{1,3}\b|\s*\(|\s+&|['\u2019]s\b|\s+[A-Za-z]\.(?=[\s,)]|$))"
)
# What a person does, told right after their name: "hope called again", "pt joy did great",
# "will had his MI in 2019", "Grace says the ramp-up ...". (No bare verbs: "Will follow up".)
ACTS = (
    r"(?:called|calls|says|said|came|comes|went|started|starts|stopped|did|does|had|has|was|is"
    r"|are|were|got|gets|felt|feels|wants|wanted|needs|needed|asked|asks|lives|lived|moved"
    r"|missed|skipped|takes|took|reports|reported|complains|complained|tolerated|responded"
    r"|denies|denied|presented|developed|passed|died|fell|drove|brought|brings|picked|texted"
    r"|emailed|phoned|left|refused|declined|agreed|finished|completed|restarted|switched|doing)\b"
)
ACTS_AFTER = re.compile(rf"^\s+{ACTS}")
# A name opening a note, a sentence or a list item and then what the person did or who they
# are: "hope called again", "bill (DOB 1/9/40)", "faith + hope (twins, 9yo)".
_CLAUSE_START = re.compile(r"(?:^|[.;!?\n]\s*|^\s*[-*\u2022]\s*|\s[-\u2013+&]\s)$")
# "is", "has" and the like follow any noun ("conception is estimated"): a word English also
# has needs a deed.
_DEEDS_AFTER = re.compile(
    rf"^\s+(?:(?!(?:is|was|are|were|has|had|does|did)\b){ACTS}|(?:is|was|turned)\s+\d{{1,3}}\b)"
)
_SUBJECT_FOLLOWS = re.compile(
    rf"^(?:\s+{ACTS}|\s*\((?i:dob|d\.o\.b|age|twins?|\d)"
    r"|\s*(?:\+|&|and)\s+[^\W\d_]+(?:\s+[^\W\d_]+)?\s*\((?i:dob|d\.o\.b|age|twins?|\d))"
)
# A caller saying who they are: "hi this is grace from the ...", "this is faith, I'm calling".
_CALLER = re.compile(r"(?i:\b(?:this is|it's|it is|my name is)\s+)$")
_CALLER_FOLLOWS = re.compile(r"^(?:\s*,|\s+(?:from|calling|here|again|with)\b)")
_QUOTES = "'\"\u201c\u201d\u2018\u2019"
# Rep shorthand that follows "pt" without being a name ("pt hx of", "pt c/o", "pt f/u").
SHORTHAND = frozenset(
    "w wo hx dx tx rx sx fx bx yo yrs pmh sob cp ha abd bid tid qd qhs prn po iv sc im mg ml "
    "ok re fu co sp na nkda eval labs lol asap btw tmrw wk wks mo mos yr dr dtr ed er icu gi "
    "pcp np pa rn md hcp msl pv ae pc mir srd lmp ct mri ecg ekg bp hr ldl alt ast inj "
    "auth ser sn acct num info login logon username email app online website portal txt text "
    "texts vm voicemail mrn dob ssn pharm peds pulm indep onc neuro cardio derm rheum heme endo "
    "nephro gastro ortho".split()
)
_HONORIFIC = re.compile(rf"(?i:\b(?:{_HONORIFICS})\b\.?\s*)$")
#: The relatives a person is said to own ("Tigist's mom", "ngozi's husband").
OWNED_RELATIVES = (
    r"(?:mom|mum|dad|mother|father|husband|wife|son|daughter|dtr|caregiver|sister|brother"
    r"|parents?|family|grandmother|grandfather|partner|kids?)"
)
# "Tigist's mom", "Okafor's daughter": a word owning a relative is a person.
_OWNS_RELATIVE = re.compile(rf"^['\u2019]s\s+(?i:{OWNED_RELATIVES})\b")
# Titles whose next word is an HCP (kept) and words that are never a patient's name here.
_HCP_TITLES = (
    r"(?:dr|dra|doctor|prof|professor|rn|np|pa|pa-c|pharmd|md|do|aprn|fnp|nurse|pharmacist"
    r"|physician|oncologist|neurologist|rheumatologist|dermatologist|cardiologist)"
)
_HCP_TITLE = re.compile(rf"(?i:\b{_HCP_TITLES}\b\.?\s*)$")
_HCP_AFTER = re.compile(r"^,?\s*(?:MD|M\.D\.|DO|NP|PA-C|PA|PharmD|RN|APRN|FNP|PhD|MBBS)\b")
_CAPITALISED = re.compile(rf"[^\W\d_a-z]{_LETTER}*[a-z\u00e0-\u00ff]{_LETTER}*(?:-{_LETTER}+)*")


# Drug names end so ("apixaban", "erenumab", "carbamazepine"): no surname.
_DRUG_STEM = re.compile(
    r"(?:mab|nib|ban|pine|pril|sartan|statin|olol|azole|mycin|cillin|vir|tide|parin|cept|lukast"
    r"|ciclib|afil|triptan|gepant|tidine|prazole|dronate|oxetine|amine|azepam|olone|asone|ide"
    r"|ine|ate|ol)$"
)


def surname_like(word: str, common_words: frozenset[str]) -> bool:
    """A lower-case word of four letters or more that English, rep shorthand, drug naming and
    the product list do not use ("ostrowski", "kaczmarek"); a hyphenated one with no part a
    drug's and not every part English ("asante-boateng", not "pembrolizumab-related" nor
    "well-tolerated")."""
    lower = word.lower()
    return (
        word.replace("-", "").isalpha()
        and word.islower()
        and len(word) >= 4
        and lower not in SHORTHAND
        and lower not in STOP_WORDS
        and lower not in NOT_NAMES
        and not common_word(lower, common_words)
        and not any(_DRUG_STEM.search(part) for part in lower.split("-"))
        and not _english_compound(lower, common_words)
    )


def _english_compound(word: str, common_words: frozenset[str]) -> bool:
    """Two or more English words joined by hyphens ("well-tolerated"); short parts aside
    ("delacroix-ng")."""
    parts = [part for part in word.split("-") if len(part) >= 4]
    return len(parts) >= 2 and all(common_word(part, common_words) for part in parts)


def _surname_follows(text: str, end: int, common_words: frozenset[str]) -> bool:
    """A lower-case surname English does not use right after ``end``: "pt lek| srisawat"."""
    nxt = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
    return nxt is not None and surname_like(nxt.group(), common_words)


def common_word(word: str, common_words: frozenset[str]) -> bool:
    """An English word, also inflected ("discussed", "responded", "patients")."""
    stems = {
        word,
        re.sub(r"(?:ed|ing|es|s)$", "", word),
        re.sub(r"(?:d|ing)$", "", word),
        re.sub(r"s$", "", word),  # "syndromes", "vaccines"
    }
    return any(stem in common_words for stem in stems)


# Months that are also given names; "may" is too often the verb.
_MONTHS_AS_NAMES = frozenset({"april", "june", "august"})
NOT_NAMES = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun "
    "jan feb mar apr jun jul aug sep sept oct nov dec pt pts patient patients caller "
    "dr mr mrs ms miss np pa rn md "
    "her his him she he they them their we our you your it its i me my the a an and or but "
    "this that these those who whom whose per via re "
    # the relatives a cue names are no name themselves ("pt's mom june yamamoto")
    "mom mum dad wife husband son daughter twin grandson granddaughter sister brother niece "
    "nephew caregiver twins".split()
)


@dataclass(frozen=True)
class CensusNames:
    first: frozenset[str]
    last: frozenset[str]

    def __contains__(self, word: str) -> bool:
        return word in self.first or word in self.last


def _read(file: str) -> frozenset[str]:
    text = resources.files("names").joinpath(file).read_text("utf-8")
    return frozenset(line.split()[0].lower() for line in text.splitlines() if line.strip())


def load_census_names() -> CensusNames:
    """The US census name lists shipped by the ``names`` package (no network)."""
    return CensusNames(
        first=_read("dist.male.first") | _read("dist.female.first"),
        last=_read("dist.all.last"),
    )


def name_spans(
    text: str,
    census: CensusNames,
    common_words: frozenset[str],
    masked: Iterable[tuple[int, int]] = (),
    products: Collection[str] | None = None,
    proper_nouns: Collection[str] = (),
) -> list[tuple[int, int]]:
    """Spans of patient or relative names found by the lists (runs of adjacent name words).
    ``products``: lower-case product names, never names (default: the sample's).
    ``proper_nouns``: listed names English has only as proper nouns ("rosario"), names after a
    cue even in lower case."""
    blocked = bytearray(len(text))
    for start, end in masked:
        blocked[start:end] = b"\x01" * (end - start)
    if products is None:
        products = {alias.lower() for alias in product_aliases()}
    found: list[tuple[int, int]] = []
    words = list(_WORD.finditer(text))
    index = 0
    while index < len(words):
        match = words[index]
        lower = match.group().lower().replace("\u2019", "'")
        before = text[max(0, match.start() - 40) : match.start()]
        cued = _CUE.search(before) is not None
        # a month after a relative is her name ("pt's mom june yamamoto"), not a date
        # or after "pt" when a listed surname follows ("pt june bishop")
        nxt_word = words[index + 1].group().lower() if index + 1 < len(words) else ""
        month_name = lower in _MONTHS_AS_NAMES and (
            _STRONG_CUE.search(before) is not None or (cued and nxt_word in census.last)
        )
        not_a_name = lower in NOT_NAMES and not month_name
        listed = lower in census and not not_a_name and lower not in products
        # a word in quotes after a cue is a nickname, whatever else it means ("her neighbor
        # 'doc' wilson", "hubby 'sonny'")
        quoted = (
            match.start() > 0
            and text[match.start() - 1] in _QUOTES
            and text[match.end() : match.end() + 1] in _QUOTES
            and _STRONG_CUE.search(before) is not None
        )
        # After a cue, a word the lists do not know and English does not use: capitalised ("her
        # dad Pádraig") or, in rep shorthand, lower case ("pt chukwuemeka obi", "husband joost").
        # "Mrs.", "mrs", not "MS" (the disease: "MS clinic", "pt MS flare") nor "510 ms."
        title = _HONORIFIC.search(before)
        honorific = (
            title is not None
            and not title.group().strip(" .").isupper()
            and not re.search(r"\d\s*$", before[: title.start()])
        )
        cue_here = (
            cued
            and (
                _CAPITALISED.fullmatch(match.group()) is not None
                or (match.group().islower() and len(lower) >= 2 and lower not in SHORTHAND)
            )
            and not not_a_name
            and lower not in products
            and lower not in STOP_WORDS
            # after "mrs." any word is a name ("mrs. lakshmi venkataraman"); after "pt", a word
            # English also has, when a surname English does not use follows ("pt inti quispe",
            # "pt lek srisawat")
            and (
                honorific
                or quoted
                or lower in proper_nouns
                or not common_word(lower, common_words)
                or (match.group().islower() and _surname_follows(text, match.end(), common_words))
            )
        )
        owns = match.group()[:1].isupper() and _OWNS_RELATIVE.match(text[match.end() :])
        if not (listed or cue_here or owns) or any(blocked[match.start() : match.end()]):
            index += 1
            continue
        if _HCP_TITLE.search(before):
            index += 1
            while index < len(words) and words[index].group()[:1].isupper():
                index += 1  # the HCP's whole name
            continue
        capitalised = match.group()[:1].isupper()
        # An all-capitals word is an acronym ("MIR", "KOL") unless a cue says otherwise.
        # ("How", "When" open a sentence: English's function words are no names, though the
        # census lists some as surnames and WordNet, which has no function words, does not.)
        written_as_name = (
            capitalised
            and not match.group().isupper()
            and not common_word(lower, common_words)
            and lower not in STOP_WORDS
        )
        # "Mary Okafor", "John Miller": a first name then a last name, both capitalised, is a
        # name even when both are also words.
        nxt = words[index + 1] if index + 1 < len(words) else None
        full_name = (
            capitalised
            and lower in census.first
            and lower not in STOP_WORDS  # "In Study 2"
            and nxt is not None
            and text[match.end() : nxt.start()] == " "
            and nxt.group()[:1].isupper()
            and (nxt.group().lower() in census.last or nxt.group().lower() not in common_words)
            and nxt.group().lower() not in products
        )
        # After "pt"/"patient", a lower-case common word is a name only as the first of two
        # listed words ("pt mark brown", not "patient brochure"); after a stronger cue
        # ("his wife rose", "mr young", "mom faith") any listed word is.
        if cued and match.group().islower() and lower in STOP_WORDS:
            # "her daughter can be reached" is no name; "pt will ostrowski" is one
            cued = quoted or (
                lower in census.first
                and (
                    # "son will & dtr maria"
                    (
                        _STRONG_CUE.search(before) is not None
                        and _NAME_FOLLOWS.match(text[match.end() :]) is not None
                    )
                    or (
                        nxt is not None
                        and text[match.end() : nxt.start()] == " "
                        and surname_like(nxt.group(), common_words)
                    )
                )
            )
        elif (
            cued
            and match.group().islower()
            and common_word(lower, common_words)
            and lower not in proper_nouns
        ):
            # after a relative only a first name ("her daughter can be reached" is no name),
            # after an honorific a first or a last name ("mr young")
            strong = _HONORIFIC.search(before) is not None or (
                _STRONG_CUE.search(before) is not None and lower in census.first
            )
            # "pt will ostrowski": a word then a surname English does not use
            two_words = (
                nxt is not None
                and text[match.end() : nxt.start()] == " "
                and (
                    nxt.group().lower() in census
                    or (lower in census and surname_like(nxt.group(), common_words))
                )
            )
            cued = (
                strong
                or quoted
                or two_words
                or _NAME_FOLLOWS.match(text[match.end() :]) is not None
                or (lower in census.first and ACTS_AFTER.match(text[match.end() :]) is not None)
                # the same word again as someone's: "pt hope - hope's mom"
                or re.match(
                    rf"\s+[-\u2013,]\s+{re.escape(lower)}['\u2019]s\b", text[match.end() :], re.I
                )
                is not None
            )
        # A given name with no cue, as the subject of what a person does ("hope called again") or
        # a caller naming themselves ("this is grace from the ...").
        subject = (
            lower in census.first
            and not match.group().isupper()
            and lower not in STOP_WORDS
            and (
                (
                    _CLAUSE_START.search(text[max(0, match.start() - 5) : match.start()])
                    and _SUBJECT_FOLLOWS.match(text[match.end() :]) is not None
                    and len(lower) >= 3
                    and (
                        not common_word(lower, common_words)
                        or ACTS_AFTER.match(text[match.end() :]) is None
                        or _DEEDS_AFTER.match(text[match.end() :]) is not None
                    )
                )
                or (
                    _CALLER.search(before) is not None
                    and _CALLER_FOLLOWS.match(text[match.end() :]) is not None
                )
            )
            # not the HCP the note names with a title ("pa carla munoz ... carla asked abt"),
            # asked last: a pattern of its own for each word
            and re.search(rf"(?i:\b{_HCP_TITLES}\b\.?\s+{re.escape(lower)}\b)", text) is None
        )
        if not (cued or written_as_name or full_name or owns or subject):
            index += 1
            continue
        end = match.end()
        following = index + 1
        # The rest of the name: adjacent capitalised words ("Mary Okafor", "Esi Mensah-Boateng").
        while following < len(words):
            nxt = words[following]
            gap = text[end : nxt.start()]
            nxt_lower = nxt.group().lower()
            # "pt name elena georgiou": a cued name written in lower case goes on in lower case
            plain = not common_word(nxt_lower, common_words) and nxt_lower not in SHORTHAND
            lower_case_name = (
                cued
                and match.group().islower()
                and nxt_lower not in STOP_WORDS
                and (plain or nxt_lower in census)
            )
            if gap not in (" ", "\u00a0") or not (nxt.group()[:1].isupper() or lower_case_name):
                break
            if nxt.group().lower() in products or nxt.group().lower() in NOT_NAMES:
                break
            if nxt.group().lower() in common_words and nxt.group().lower() not in census:
                break
            end = nxt.end()
            following += 1
        if _HCP_AFTER.match(text[end:]):
            index = following
            continue
        found.append((match.start(), end))
        index = following
    return found
