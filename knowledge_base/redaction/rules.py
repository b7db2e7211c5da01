"""The rule layer of PHI redaction: patterns for HIPAA safe-harbor identifiers.

Detection is rule based (stdlib ``re``) and cue driven for names: a capitalised word is a patient
name only next to a cue ("patient", "Mrs.", "her son", "(DOB", ...). HCP names ("Dr. Chen",
"Ana Ruiz, NP") are business contacts and are kept, as are product names, years (allowed by safe
harbor), month + year when nothing ties it to the patient ("the next update is expected in June
2025"; "on TAGRISSO since 11/2024" is the patient's and goes) and clinical text (doses, lab
values, trial and approval codes).

The result records the kind and position of each redaction, never the value it replaced.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from knowledge_base.products import product_aliases

__all__ = [
    "US_STATE_NAMES",
    "Candidate",
    "PhiKind",
    "RedactedSpan",
    "RedactionResult",
    "hcp_mask",
    "is_record_label",
    "resolve",
    "rule_candidates",
]


class PhiKind(StrEnum):
    NAME = "NAME"
    DOB = "DOB"
    DATE = "DATE"
    MRN = "MRN"
    ID = "ID"
    SSN = "SSN"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    URL = "URL"
    IP = "IP"
    ADDRESS = "ADDRESS"
    ZIP = "ZIP"
    AGE = "AGE"  # only ages over 89: safe harbor lets younger ages stand
    GEO = "GEO"  # a town, city or county (smaller than a state)
    PHOTO = "PHOTO"  # an image file of the patient ("IMG_20250311_0942.jpg")


@dataclass(frozen=True, slots=True)
class RedactedSpan:
    """One redaction: its kind and its ``[start, end)`` offsets in the original text."""

    kind: PhiKind
    start: int
    end: int

    @property
    def token(self) -> str:
        return f"[{self.kind}]"


@dataclass(frozen=True, slots=True)
class RedactionResult:
    """The redacted text and where the redactions were; the removed values are not kept."""

    text: str
    spans: tuple[RedactedSpan, ...] = ()

    def counts(self) -> dict[str, int]:
        return dict(Counter(str(span.kind) for span in self.spans))


# --- building blocks -------------------------------------------------------------------------

_MONTH = (
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
# Months as a transcript spells them ("march fourteenth"; "may" only after "of": it is a verb).
_MONTH_WORDS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|march|april|june|july|aug(?:ust)?|sept(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORDINAL_WORD = (
    r"(?:(?:twenty|thirty)[- ])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth|twentieth|thirtieth"
)
_NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four"
    r"|five|six|seven|eight|nine))?|oh|zero|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
# Spanish and Portuguese months written out ("14 de marzo", "3 de dezembro").
_IBERIAN_MONTHS = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre"
    r"|noviembre|diciembre|janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro"
    r"|novembro|dezembro)"
)
# Months in the notes' other languages (Spanish, French, German, Portuguese, Italian, Turkish),
# read only with a day before and a year after ("5 Haz 1951", "12 janv. 1948").
_FOREIGN_MONTH = (
    rf"(?:{_IBERIAN_MONTHS}|ene|feb(?:braio)?|mar[st]?|abr|may|jun[io]?|jul[io]?|ago|sep"
    r"|set(?:tembre)?|oct|nov|dic|janv(?:ier)?|f[ée]vr(?:ier)?|avr(?:il)?|mai|juin"
    r"|juil(?:let)?|ao[uû]t|octobre|d[ée]c(?:embre)?|januar|j[äa]nner|februar|m[äa]e?rz"
    r"|okt(?:ober)?|dez(?:ember)?|fev|out"
    r"|gen(?:naio)?|aprile|mag(?:gio)?|giu(?:gno)?|lug(?:lio)?|ott(?:obre)?|oca(?:k)?"
    r"|[şs]ub(?:at)?|nis(?:an)?|may[\u0131i]s|haz(?:iran)?|tem(?:muz)?|a[ğg]u(?:stos)?"
    r"|eyl(?:[üu]l)?|eki(?:m)?|kas(?:[\u0131i]m)?|ara(?:l[\u0131i]k)?)"
)
# Words that introduce a birth date ("DOB", "born on", "his birthday's").
_BIRTH_CUE = (
    r"(?:birthday(?:'s|\u2019s| is)?|dob|d\.o\.b\.?|born(?: on)?|date of birth(?: is)?"
    r"|birth\s?date)"
)
_MM = r"(?:0?[1-9]|1[0-2])"
_DD = r"(?:0?[1-9]|[12]\d|3[01])"
_DM = _DD  # either order: US month/day and international day/month both occur
_YEAR = r"(?:19|20)\d{2}"
_YY = rf"(?:{_YEAR}|\d{{2}})(?!\d)"
_ORD = r"(?:st|nd|rd|th)?"

# A number followed by a unit is a dose or a lab value ("titrate 5/10/20 mg"), not a date.
_NO_UNIT = r"(?!\s*(?:(?:mg|mcg|ug|g|kg|mL|ml|L|units?|IU|mmol|mmHg)\b|%))"

# Dates more specific than a year. Lookarounds keep codes such as ONC-US-2026-0142 whole.
_FULL_DATE = (
    rf"(?<![\w/.-])(?:{_DM}/{_DM}/{_YY}|{_DM}-{_DM}-{_YY}|{_DM}\.{_DM}\.{_YEAR}"
    rf"|{_DM} / {_DM} / {_YEAR}"  # typed with spaces: "12 / 7 / 1966"
    rf"|{_YEAR}[-/]{_MM}[-/]{_DD}(?!\d))(?![\w/-]){_NO_UNIT}"
    rf"|{_MONTH}\s+{_DD}{_ORD}(?!\d)(?:,?\s+{_YEAR})?(?!\d)"  # March 14, 1962 / Mar 14th
    rf"|(?<![\w.]){_DD}{_ORD}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?(?!\d)"  # 14 March 1962
    rf"|(?<![\w.-]){_DD}[-/]{_MONTH}[-/]{_YY}(?![\w-])"  # 14-Mar-1962
)
# HIPAA safe harbor: ages over 89 identify; 90-119 with an age cue.
_OVER_89 = r"(?:9\d|1[01]\d)"

# Month/day without a year is ambiguous with fractions ("1/2 tablet"), so it needs a cue.
_SHORT_DATE = rf"{_MM}/{_DD}(?![\w/]|\.\d)(?!\s*(?:tabs?|caps?|doses?|of)\b){_NO_UNIT}"
# Month/day with no cue: a date unless it reads as a fraction ("1/2 tab", "3/4 of pts"), a
# grade range ("grade 3/4") or a ratio ("24/7"); only days after the 4th or months after April,
# or zero-padded ("04/02"), where fractions are rare.
# Words after which "1/3" is a quantity or a score, not a date.
_NOT_AFTER_QUANTITY = "".join(
    f"(?<!{word} )(?<!{word.capitalize()} )(?<!{word.upper()} )"
    for word in (
        "by about approx approximately only nearly almost over under than half cut take took "
        "taking give gave given use used split grade gr class stage step score pain nyha ecog "
        "cycle cycles dose doses tab tabs tablet pill cap to and or x"
    ).split()
)
_BARE_SHORT_DATE = (
    r"(?<![\w/.:-])(?<!grade )(?<!gr )(?<!Grade )"
    r"(?:0[1-9]|1[0-2]|[5-9])/(?:0?[1-9]|[12]\d|3[01])"
    r"(?![\w/]|\.\d|\s*(?:of|tabs?|caps?|doses?|strength|dose)\b)"
    + _NO_UNIT
    + r"|(?<![\w/.:-])(?<!grade )(?<!gr )(?!1/[234]\b|2/3\b|3/4\b)(?:[1-4])/(?:[1-9]|[12]\d"
    r"|3[01]|0[1-9])(?![\w/]|\.\d|\s*(?:of|the|tabs?|caps?|doses?)\b)"
    + _NO_UNIT
    # "1/3", "2/3", "3/4" as notes use them are dates ("lmp 1/3.", "crashed car 1/3 after"):
    # a fraction has a quantity around it ("by 1/3", "~1/2", "1/2 tab", "3/4 of", "1/4 strength")
    # (the literal first: the lookbehinds run only where such a date stands)
    + r"|(?<![\w/.:~-])(?=1/[234]|2/3|3/4)"
    + _NOT_AFTER_QUANTITY
    + r"(?:1/[234]|2/3|3/4)"
    r"(?![\w/]|\.\d|\s*(?:of|the|a|an|tabs?|tablets?|pills?|caps?|capsules?|doses?|strength"
    r"|dose|cups?|inch|in|vials?|pens?|syringes?|pts?|patients?|cases|or|to|x|times|full"
    r"|(?:[a-z]+\s)?(?:pain|score|scale))\b|\s*(?:%|-))"
    + _NO_UNIT
    # day/month, international: "17/10" (but not "24/7")
    + r"|(?<![\w/.:-])(?!24/7\b)(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2])(?![\w/]|\.\d)"
    + _NO_UNIT
)
_DATE_CUE = (
    r"(?i:\b(?:on|since|from|until|till|through|dated|before|after|as of|effective|starting"
    r"|seen|visit|admitted|discharged|DOS|rescheduled|scheduled|due|next|adm|d/c|infused"
    r"|dosed|started|stopped|held|resumed|restarted|appt|f/u|inj|infusion|surgery|fell|died)\b)"
    r"[:\s]\s*"
)

# Month and year are a date element of the patient's when an event of theirs comes before them.
_MONTH_YEAR_CUE = (
    r"(?i:\b(?:since|tested|dx(?:'?d)?|diagnosed|started|starting|began|stopped|admitted"
    r"|discharged|hospitali[sz]ed|born|surgery|transplant(?:ed)?|biopsy|scan(?:ned)?|relapsed"
    r"|progressed|died|passed|had|prior|hx|history|next|last(?!\s+(?:updated|revised|approved))"
    r"|MRI|CT|PET|echo|infusion"
    r"|seit|depuis|desde|dal|sinds)\b)[^.;,\n]{0,20}?\s"
)
_MONTH_YEAR = (
    rf"(?:{_MM}/{_YEAR}|(?i:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?,?"
    rf"\s+{_YEAR})(?!\d|/)"
)

_STATE = (
    r"(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI"
    r"|S[CD]|T[NX]|UT|V[AT]|W[AIVY])"
)
# A place named after "lives in", "we're in", "moved to": where the patient lives.
_PLACE_CUE = (
    r"(?i:\b(?:lives|living|resides|residing|moved|relocated|relocating|we're|we are|she's"
    r"|he's|home is|family(?: is)?)\s+(?:(?:in|to|at|near|outside(?: of)?)\s+)?(?=[A-Z])"
    r"|\b(?:town|city|village|county|parish) of\s+"
    r"|\b(?:woman|man|girl|boy|lady|gentleman|pt|patient|family|originally|\d{1,3})"
    r"\s+from\s+(?=[A-Z])|,\s+from\s+(?=[A-Z]))"
)
#: The 50 states by name, lower case: no town of the patient's (safe harbor allows a state), and a
#: ZIP's marker ("meridian, idaho 83646"). The rules, the gazetteer and the NER filter share it.
US_STATE_NAMES: tuple[str, ...] = (
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut",
    "delaware", "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas",
    "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota",
    "mississippi", "missouri", "montana", "nebraska", "nevada", "new hampshire", "new jersey",
    "new mexico", "new york", "north carolina", "north dakota", "ohio", "oklahoma", "oregon",
    "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee", "texas",
    "utah", "vermont", "virginia", "washington", "west virginia", "wisconsin", "wyoming",
)  # fmt: skip
_STATE_NAME = f"(?i:{'|'.join(US_STATE_NAMES)})"
# A state after a town ("Paterson NJ"), but not the titles MD, PA, DO.
_STATE_NOT_TITLE = (  # not those that are also clinical abbreviations (MS, MI, CA, SC, CT, ...)
    r"(?:AK|AR|AZ|FL|IA|IL|KS|KY|MN|MO|NC|NH|NJ|NM|NV|NY|OH|OK|RI|TN|TX|VT|WA|WI|WV|WY)"
)
_ZIP = r"\d{5}(?:-\d{4})?(?![\w-])"
_STREET = (
    r"(?<![\w.-])\d{1,6}[A-Z]?\s+(?:(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th)|[NSEW]\.?)\s+){1,4}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Court|Ct|Place|Pl|Way|Terrace"
    r"|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Plaza|Loop|Pike|Crescent"
    # "Dr" followed by a capitalised word is more likely "Dr. Smith" than a street
    r"|Dr(?!\.?\s+(?!(?:Apt|Suite|Ste|Unit)\b)[A-Z][a-z]))\b"
)

# The same in lower case, as reps type it; only after a cue, since "2 wks ct" is no street.
_ADDRESS_CUE = (
    r"(?i:\b(?:addr(?:ess)?|lives|living|lives at|living at|resides(?: at)?|home(?: is)?(?: at)?"
    r"|moved to|moving to|at|lives (?:off|on|near))\b\.?:?\s*|@\s*)"
)
_LOWER_STREET = (
    r"(?i:\d{1,6}(?:-\d{1,4})?[a-z]?\s+(?:[nsew]{1,2}\.?\s+)?(?:(?:[a-z][a-z'-]*|\d{1,3}(?:st|nd|rd|th))\s+){1,3}"
    # "Dr" before a capitalised word is the doctor ("5 Oak St Dr. Lee says"), not a street
    r"(?:(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr(?!\.?\s+(?-i:[A-Z]))"
    r"|court|ct|place|pl|way"
    r"|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|trail|trl)\b\.?|(?=#\s*\w)))"
)
# Where a patient lives, in lower case: "nursing home in evanston", "from oak park", "lives in
# 60614", "lives westminster ca".
_LOWER_PLACE_CUE = (
    r"(?i:\b(?:lives|live|living|resides|residing|moved|relocated)"
    r"(?:\s+(?:in|to|near|out in|outside(?: of)?))?\s+"
    r"|\b(?:drives?|drove|brings?|brought|comes?|came|commutes?)\s+(?:her|him|them\s+)?"
    r"(?:\s*in\s+)?from\s+|\b(?:up|down|over|all the way) from\s+"
    r"|\b(?:her|him|them)\s+(?:in\s+)?from\s+|\bout in\s+"
    r"|\b(?:farm|ranch|house|home|cabin|trailer) (?:outside|near)(?: of)?\s+|\bfamily in\s+"
    r"|\b(?:nursing home|home|assisted living|group home) in\s+"
    r"|\b(?:pt|patient|she|he|they|family|is|are|originally) from\s+|,\s*from\s+"
    r"|\b(?:ave|avenue|st|street|rd|road|ln|lane|ct|court|blvd) in\s+)"
)
# Words after those cues that are no place.
_NOT_A_PLACE = (
    r"(?:the|a|an|his|her|their|our|my|dr|home|work|school|clinic|office|hospital|baseline|there"
    r"|here|out|town|state|abroad|overseas|alone|with|w|nearby|far|close|rural|another|other"
    r"|same|assisted|nursing|care|a|and|at|on|in|to|for|since|until|after|before|now|still"
    # a distance, not a place: "patients who live two hours away"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|few|several|many|hours?|miles?"
    r"|minutes?|away|far|close|an hour|half"
    r"|\d+)"
)

# Product names are not patient names (brands and single-word generics of the sample's labels).
_PRODUCTS = "|".join(
    sorted(
        (
            re.escape(name.capitalize())
            for name in product_aliases()
            if re.fullmatch(r"[a-z'-]+", name)
        ),
        key=len,
        reverse=True,
    )
)
# Capitalised words that follow our cues without being names: pronouns, note verbs, programs,
# institutions, weekdays, HCP titles and product names.
_NOT_A_NAME = (
    r"Patient|Patients|Pt|Dr|Doctor|Prof|Professor|Nurse|Mr|Mrs|Ms|Miss|Mx|The|This|That|These"
    r"|Those|He|She|They|It|We|I|His|Her|Their|A|An|And|But|Or|If|When|While|With|Without|Who"
    r"|Was|Is|Has|Had|Will|Would|Can|Could|On|In|At|For|From|To|Of|By|Per|Not|No|Yes|Also|Then"
    r"|Today|Yesterday|Tomorrow|Assistance|Support|Services|Service|Program|Portal|Hub|Education"
    r"|Access|Advocate|Navigator|Reported|Reports|Started|Stopped|Discussed|Reviewed|Asked|Called"
    r"|Seen|Saw|Met|Noted|Mentioned|Visited|Follow|Regarding|Re|Case|Note|Notes|Inquiry"
    r"|Question|Update|Male|Female|Board|Rounds|Team|Office|Clinic|Center|Centre|Hospital|Group"
    r"|Committee|Department|Practice|Pharmacy|Associates|Affairs|Medical|University|Health"
    r"|Hispanic|Latino|Latina|Caucasian|Asian|African|American|Spanish"
    rf"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|{_PRODUCTS}"
)
_WORD = (
    rf"(?!(?:{_NOT_A_NAME})\b)(?!{_MONTH}\s+\d)"  # a month before a number is a date
    r"(?![A-Za-z]+(?:mab|nib|cept|parin|tide)\b)"  # generic-drug stems
    r"[A-Z](?:[a-z]+(?:[A-Z][a-z]+)?|['\u2019][A-Z][a-z]+)(?:-[A-Z][a-z]+)?\b"  # Lee, McKay, O'Neil
)
_CAPS_WORD = rf"(?!(?i:{_PRODUCTS})\b)[A-Z]{{2}}[A-Z'-]*[A-Z]\b"  # DELGADO; 3+ letters, not AE
_INITIAL = r"[A-Z]\.(?=\s)"
# Dotted shorthand that is no one's initials ("pt p.o.", "a.m.", "e.g.").
_DOTTED_SHORTHAND = (
    r"(?i:p\.o\.|a\.m\.|p\.m\.|i\.e\.|e\.g\.|q\.d\.|b\.i\.d\.|t\.i\.d\.|d\.c\.|o\.d\.|u\.s\.)"
)
_INITIALS = r"\b[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.)?"  # "pt M.R."; dotless "MS" is a disease
_NAME = rf"(?:{_INITIAL}\s+)?{_WORD}(?:\s+{_INITIAL})?(?:\s+{_WORD}){{0,2}}"
_LAST_FIRST = (
    rf"(?:{_WORD},\s*{_WORD}|{_CAPS_WORD},\s*{_CAPS_WORD})"  # Novak, Keisha / ROJAS, INGRID
)
_PERSON = rf"(?:{_LAST_FIRST}|{_NAME})"
_FULL_NAME = rf"(?:{_LAST_FIRST}|{_WORD}(?:\s+{_INITIAL})?(?:\s+{_WORD}){{1,3}})"  # 2+ words

_PATIENT_CUE = (
    r"\b(?:[Pp]atient|PATIENT|[Pp]t\.?|PT)(?:'s)?"
    r"(?:(?:\s+name(?:\s+is|\s*:)?|\s+named|\s*[:,])?\s+|\s*\(\s*)"
)
_HONORIFIC_CUE = r"\b(?:Mr|Mrs|Ms|Mx|Miss)\b\.?\s+"
#: Relatives and people close to a patient, as reps write them, also in the languages of the
#: notes ("esposa lupita", "sa fille Awa"); a word after one is a name. The name-list layer
#: builds its cues from the same words.
RELATIVES = (
    r"(?:son|daughter|mother|father|sister|brother)-in-law|in-laws?|step(?:son|daughter|mom|mother|dad|father)|twin|son|daughter|wife|husband|spouse|partner|mother|father|mom|mum|dad|brother|sister"
    r"|grandson|granddaughter|grandmother|grandfather|grandma|grandpa|parent|guardian|caregiver"
    r"|niece|nephew|aunt|uncle|cousin|fianc[ée]e?|boyfriend|girlfriend|hubby|wifey|neighbou?r"
    r"|roommate|god(?:son|daughter|mother|father)"
    r"|esposa|esposo|marido|hija|hijo|madre|padre|hermana|hermano|abuela|abuelo|nieta|nieto"
    r"|t[ií]a|t[ií]o|filha|filho|m[ãa]e|irm[ãa]|irm[ãa]o|av[óoô]|femme|mari|fille|fils"
    r"|fr[èe]re|s(?:œ|oe)ur|m[èe]re|p[èe]re|ehefrau|ehemann|tochter|sohn|mutter|vater|moglie"
    r"|marito|figlia|figlio|żona|mąż|córka|syn"
)
_RELATIVE_CUE = rf"(?i:\b(?:(?:{RELATIVES})(?:\s+(?:for|of))?|caller|named))(?:\s*[,:(]\s*|\s+)"
# Paperwork in a field note is about a patient: "prior auth for Jane Doe", "kit to Jane Doe".
_PAPERWORK_CUE = (
    r"(?i:\b(?:appointment|enrollment(?:\s+form)?|prior\s+auth(?:orization)?|PA|appeal|refill"
    r"|prescription|script|Rx|starter\s+kit|copay\s+card|referral|infusion|paperwork|samples?)"
    r"\s+(?:for|to))\s+"
)
# A name is also given away by what follows it: "Jane Doe (DOB ...", "Jane Doe, 54 y/o",
# "Jane Doe (jd@mail.com)", "Jane Doe, 12 Oak St", "Jane Doe, on TAGRISSO", "Jane Doe developed",
# "Jane Doe's daughter".
_IDENTITY_FOLLOWS = (
    rf"(?=['\u2019]s\s+(?i:{RELATIVES}|case|chart|records?|e-?mail|cell|phone)\b"
    r"|(?:['\u2019]s\s+[a-z]+)?\s*[(,;:\u2013-]?\s*(?:"
    r"(?i:(?:DOB|D\.O\.B|date of birth|born|MRN|medical record)\b|MR\s?#)"
    r"|(?i:age[ds]?)\s*:?\s*\d|(?:an?\s+)?\d{1,3}\s*-?\s*(?:y/?o|yo|years?[- ]old|[MF])\b"
    r"|[\w.+-]+@\w|\+?1?[ .-]?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}\b"
    rf"|{_STREET})"
    r"|,\s*(?:on|taking|receiving|started on)\s+[A-Z]{4,}\b"
    r"|,\s*\d{1,3}\s*(?:,|\)|y\b|[MF]\b)"  # "Olumide Bankole, 48, Dallas County"
    r"|,\s*(?:seen|admitted|discharged|hospitali[sz]ed|diagnosed)\b"
    r"|\s+(?:had|has had|developed|experienced|was (?:admitted|hospitali[sz]ed)|died"
    r"|passed away|became pregnant|is pregnant)\b)"
)

_SPOKEN_DIGIT = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
# A serial as devices print it: letters and digits, in groups joined by hyphens.
_SERIAL = r"(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]+(?:-[A-Z0-9]+)+(?![\w-])"
_ID_VALUE = r"(?=[A-Z0-9*#-]*\d)(?=[A-Z0-9#-]{3})[A-Z0-9]+(?:[-*#][A-Z0-9]+)*(?![\w-])"
_ID_NUMBER = r"(?:\s*(?:ID|number|num|no\.?|#))"
# A record number as clinics write it, in either case, with at least four digits: "sb-7781034",
# "44182-ggi", "HEP/22/091144", "UHP 0099812" (a short prefix of capitals, a space, digits).
_RECORD_VALUE = (
    r"(?:[A-Z]{2,5} (?=\d{4}|\d{3}-\d{3}))?"  # "HSC 000-418-552": a prefix, grouped digits
    r"(?=(?:[A-Za-z./-]*\d){4})[A-Za-z0-9]+(?:[-./][A-Za-z0-9]+)*(?![\w-])"
)
_ID_SEP = r"\s*[:#-]?\s*(?:is\s+)?"

_POSTCODE = (
    r"(?:[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d"
    r"|[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]? \d[ABD-HJLNP-UW-Z]{2})"
)

# What other languages and countries call a patient's record or identity number (the
# value after it is redacted whatever its shape, as long as it holds digits).
_RECORD_LABELS = (
    r"expediente|historia\s+cl[ií]nica|n[úu]mero\s+de\s+(?:paciente|expediente|historia"
    r"|afiliad[oa]|seguro|ficha)|ficha|prontu[áa]rio|cart[ãa]o\s+sus|cpf|dossier"
    r"|n[°º]\s*(?:de\s+)?dossier|num[ée]ro\s+de\s+(?:dossier|patient|s[ée]curit[ée]\s+sociale)"
    r"|(?:n[°º]\s*(?:de\s+)?)?s[ée]curit[ée]\s+sociale|carte\s+vitale|ramq"
    r"|versichertennummer|versicherungsnummer|patientennummer|fallnummer|krankenkasse(?:nnummer)?"
    r"|cartella(?:\s+clinica)?|codice\s+fiscale|tessera\s+sanitaria|pesel|snils"
    r"|aadhaar|aadhar|abha|nhs(?:\s+(?:number|no))?|health\s+card|ohip"
    r"|mbr|member\s+id|file\s+(?:no|number|#)|patient\s+(?:number|no|#|id)|pt\s+(?:number|no|#)"
    r"|chart\s+(?:number|no|#)|record\s+(?:no|#)"
)
# The commonest Chinese surnames: a name written in Chinese characters starts with one.
_CJK_SURNAME = (
    "[陈王李张刘杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤陳張劉楊黃趙吳鄭謝許韓馮鄧蕭葉蘇呂盧鍾譚陸龔錢嚴]"
)
# Who the patient is in a Chinese note: the patient, a relative, a name field.
_CJK_PERSON_CUE = (
    "(?:病人|患者|病患|姓名|女儿|儿子|妻子|丈夫|母亲|父亲|家属|孙子|孙女|女兒|兒子|母親|父親)"
)
_CJK_RECORD_LABELS = (
    r"病历号|病案号|住院号|门诊号|身份证号?|医保卡?号|患者番号|カルテ番号|診察券番号|保険証番号"
    r"|マイナンバー|환자\s?번호|등록\s?번호|주민등록번호|رقم\s+الملف|رقم\s+المريض|رقم\s+الهوية"
)
# A value with digits: letters, digits and the joiners ids use ("WLP*88120457", "482.119.330-07"),
# then groups of digits after spaces ("2 50 05 14 118 044 72").
_ANY_ID = (
    r"(?=[A-Za-z0-9*./-]*\d)[A-Za-z0-9]+(?:[-.*/][A-Za-z0-9]+)*(?: \d{2,}(?:[-.]\d+)*){0,7}"
    r"(?![\w-])"
)
# Months written out in Spanish, Portuguese, French, German and Italian (never an English word).
_FOREIGN_MONTH_NAME = (
    rf"(?:{_IBERIAN_MONTHS}|janvier|f[ée]vrier|avril|juillet|ao[uû]t|septembre|octobre"
    r"|novembre|d[ée]cembre|januar|j[äa]nner|februar|m[äa]rz|juni|juli|oktober|dezember"
    r"|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre)"
)


_RECORD_LABEL = re.compile(rf"(?i:{_RECORD_LABELS})|{_CJK_RECORD_LABELS}")


def is_record_label(words: str) -> bool:
    """Whether ``words`` are what a record or identity number is called ("病历号",
    "Expediente"): a label, never a person's name."""
    return _RECORD_LABEL.fullmatch(words.strip()) is not None


def _years_up_to(last: int) -> str:
    """A pattern for the years 1870 to ``last`` (no later than 1999)."""
    return "|".join(str(year) for year in range(last, 1869, -1))


# Born 90 or more years ago (Safe Harbor: an age over 89, and so its birth year, identifies).
_OVER_89_BIRTH_YEAR = rf"(?:{_years_up_to(min(date.today().year - 90, 1999))})"

# (kind, pattern): when a pattern has a group named "v", only that group is redacted and the cue
# around it stays, so "DOB 3/14/62" reads "DOB [DOB]". On equal length the earlier entry wins.
_PATTERNS: tuple[tuple[PhiKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (PhiKind.EMAIL, r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b"),
        (PhiKind.URL, r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?]"),
        # A bare domain with a path ("facebook.com/jane.doe") is a personal page, not a site name.
        (
            PhiKind.URL,
            r"\b[a-z0-9-]+\.(?:com|org|net|io|me|co|blog|info|site|page|app|online|social|link"
            r"|us|uk|ca|de|fr|es|it|in|au|nz|ie|ng|za|br|mx)/[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?]",
        ),
        (
            PhiKind.AGE,
            rf"(?<![\d.])(?P<v>{_OVER_89})\s*-?\s*"
            r"(?:y/?o\b|y\.o\.|yo\b|yrs?\b|years?(?:[- ]old)?\b)",
        ),
        (PhiKind.AGE, rf"(?i:\bage[ds]?\b)\s*:?\s*(?P<v>{_OVER_89})(?!\d|\.\d)"),
        (PhiKind.AGE, rf"(?<![\d.])(?P<v>{_OVER_89}\+)"),
        # "pt is 90", "grace is 91 and lives alone", "97 años", "90y,"
        (
            PhiKind.AGE,
            # who is 90, not what reads 96 ("HR was 96", "weight is 95 kg")
            r"(?i:(?:\b(?!(?:hr|heart|rate|pulse|bp|pressure|sats?|spo2|o2|oxygen|temp|temperature"
            r"|weight|wt|glucose|sugar|bs|bg|score|anc|plts?|platelets|hgb|hb|a1c|ldl|hdl|ef|lvef"
            r"|fev1|e?gfr|crcl|ck|cpk|alt|ast|level|count|it|that|this|dose|result|reading|value"
            r"|number|ms|iq|rr|map|bmi|kg|lbs)\b)[^\W\d_]+\s+(?:is|was|now|just turned)"
            r"|\bhe['\u2019]s|\bshe['\u2019]s|\bactually)\s+)"
            rf"(?P<v>{_OVER_89}|ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
            r"(?!\d|[.,/]\d|%)"
            r"(?!\s*(?:mg|mcg|kg|lbs?|ml|%|min|minutes|mins|days|units?|cm|mm|bpm|percent|beats)\b)",
        ),
        (
            PhiKind.AGE,
            rf"(?<![\d.])(?P<v>{_OVER_89})\s*(?:y(?=[\s,;.)])|(?i:a[ñn]os|ans|jahre|anni|lat)\b)",
        ),
        (
            PhiKind.IP,
            r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}"
            r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\w|\.\d)",
        ),
        # IPv6: eight groups, or fewer with "::"; times ("10:30:00") have neither
        (
            PhiKind.IP,
            r"(?<![\w:])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}"
            r"|(?=[0-9A-Fa-f:]*::)(?:[0-9A-Fa-f]{1,4}:){1,6}(?::[0-9A-Fa-f]{1,4}){1,6}"
            r"|(?:[0-9A-Fa-f]{1,4}:){1,7}:)(?![\w:])",
        ),
        (PhiKind.SSN, r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])"),
        # the same grouping with dots ("614.22.9035"): no version, dose or date reads 3.2.4
        (PhiKind.SSN, r"(?<![\w.-])\d{3}\.\d{2}\.\d{4}(?![\w-]|\.\d)"),
        # The same grouping written with spaces ("512 77 3190"): no phone, NDC, NPI or date
        # is written 3-2-4.
        (PhiKind.SSN, r"(?<![\w-])(?<!\d )\d{3} \d{2} \d{4}(?! ?\d)(?![\w-])"),
        (
            PhiKind.SSN,
            r"(?i:\b(?:SSN|SS#|social security(?:\s+(?:number|no\.?|#))?))\s*[:#]?\s*"
            r"(?P<v>\d{3}(?:\s?[-.]\s?|\s)?\d{2}(?:\s?[-.]\s?|\s)?\d{4}|\d{4})(?!\d)",
        ),
        (
            PhiKind.PHONE,
            r"(?<![\w-])(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}"
            r"(?:,?\s*(?i:ext\.?|x|extension)\s*\d{1,6})?(?![\w-])",
        ),
        (PhiKind.PHONE, r"(?<![\w-])(?:\+?1)?[2-9]\d{2}[2-9]\d{6}(?![\w-])"),  # 4805550195
        # An international number: "+" and a country code, then groups of digits, 8 to 15
        # digits in all ("+49 555 0193 227", "+33 5 55 42 18 90"); a dose step ("+5 mg") has
        # too few.
        (
            PhiKind.PHONE,
            r"(?<![\w+])\+(?=(?:[\s.-]?\(?\d\)?){8,15}(?![\d]))[1-9]\d{0,2}"
            r"(?:[\s.-]?\(?\d{1,5}\)?){2,7}(?![\w-])",
        ),
        (
            PhiKind.PHONE,  # seven digits are too common to redact without a cue
            r"(?i:\b(?:phone|tel|telephone|cell|mobile|fax|call(?:ed)?(?:\s+at)?|ph))[:.]?\s*"
            r"(?P<v>\d{3}[ .-]\d{4})(?![\w-])",
        ),
        (
            PhiKind.DOB,
            r"(?i:\b(?:DOB|D\.O\.B\.?|date of birth|birth\s?date|born(?:\s+on)?))"
            rf"\s*(?:[:#=-]|is|was)?\s*(?P<v>{_FULL_DATE}|{_SHORT_DATE})",
        ),
        (PhiKind.DATE, _FULL_DATE),
        # a stay or a series of days: "hospitalized 6/15-6/21", "LP done 1/6, 1/20, 2/3"
        (
            PhiKind.DATE,
            rf"(?<![\w/.-]){_MM}/{_DD}(?:\s?[-\u2013]\s?|\s*,\s*(?:and\s+)?){_MM}/{_DD}"
            rf"(?:\s*,\s*(?:and\s+)?{_MM}/{_DD})*(?![\w/]|\.\d)"
            r"(?!\s*(?:tabs?|tablets?|caps?|capsules?|doses?|of)\b)" + _NO_UNIT,
        ),
        # a stay as a range: "hospitalized 02/27/24-03/02/24" (each date alone is kept whole by
        # the lookarounds that keep codes such as ONC-US-2026-0142 whole)
        (PhiKind.DATE, rf"(?<![\w/.-]){_DM}/{_DM}/{_YY}\s?[-\u2013]\s?{_DM}/{_DM}/{_YY}(?![\w/-])"),
        # compact and dotted forms: "03031974", "2024.02.19", "02.05.24" after a date cue
        (PhiKind.DATE, rf"(?<![\w.])(?:19|20)\d{{2}}\.{_MM}\.{_DD}(?!\w|\.\d)"),
        (
            PhiKind.DATE,
            rf"(?i:\b{_BIRTH_CUE}|{_DATE_CUE})\s*[:#=-]?\s*"
            rf"(?P<v>(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:19|20)\d{{2}}"
            rf"|{_DM}\.{_DM}\.\d{{2}})(?!\w|\.\d)",
        ),
        (PhiKind.DATE, rf"{_DATE_CUE}(?P<v>{_SHORT_DATE})"),
        # month-day with a hyphen or a dot after a date cue: "since 01-15", "next inj 10.15."
        (
            PhiKind.DATE,
            rf"{_DATE_CUE}(?P<v>{_MM}[-.](?:[0-2]\d|3[01]))"
            r"(?![\w/-]|\.\d|\s*(?:%|-|(?:of|x|times|tabs?|caps?|doses?|units?|vials?|vs|versus"
            r"|to|and|or)\b))" + _NO_UNIT,
        ),
        (PhiKind.DATE, _BARE_SHORT_DATE),
        # dates said in words, as a voicemail transcript has them: "march fourteenth", "the
        # third of may", a birth date said as numbers ("his birthday's nine twelve forty one")
        (PhiKind.DATE, rf"(?i:\b{_MONTH_WORDS}\s+(?:the\s+)?(?:{_ORDINAL_WORD})\b)"),
        (PhiKind.DATE, rf"(?i:\bthe\s+(?:{_ORDINAL_WORD})\s+of\s+(?:{_MONTH_WORDS}|may)\b)"),
        (
            PhiKind.DATE,
            rf"(?i:\b{_BIRTH_CUE}\s*[:=-]?\s*)"
            rf"(?P<v>(?i:{_NUMBER_WORD}(?:[\s,-]+{_NUMBER_WORD}){{2,3}}))\b",
        ),
        # a day, a month in another language and a year: "5 Haz 1951", "3 März 1950"
        (PhiKind.DATE, rf"(?i:(?<![\w.]){_DD}\.?\s+{_FOREIGN_MONTH}\.?\s+{_YEAR})(?!\d)"),
        # a birth date in eight digits with no cue ("- 03041958 (?)"): a real month, day and
        # 19xx year, not a number an id, lot, NPI or NDC cue names
        (
            PhiKind.DATE,
            r"(?<![\w#/.:-])(?<!(?i:lot) )(?<!(?i:npi) )(?<!(?i:ndc) )(?<!(?i:id) )(?<!# )"
            r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])19\d{2}(?![\w/-])",
        ),
        # Several record numbers after one plural cue ("MRNs 7721904 / 7721911"): the list.
        (
            PhiKind.MRN,
            r"(?i:\b(?:MRNs|medical record numbers|record numbers|chart numbers))"
            rf"{_ID_SEP}(?P<v>{_ID_VALUE}(?:\s*(?:/|,|&|and)\s*{_ID_VALUE})+)",
        ),
        (
            PhiKind.MRN,
            r"(?i:\b(?:MRN|M\.R\.N\.?|MR(?=\s?#)|med(?:ical)?\.?\s+rec(?:ord)?s?|chart|record"
            r"|clinic\s+number"
            rf"|patient\s+ID|pt\.?\s+ID){_ID_NUMBER}?)"
            # "Pt MRN at St. Joseph: 00882713"
            r"(?:\s+(?:at|@)\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})?"
            rf"{_ID_SEP}(?P<v>{_ID_VALUE}|{_RECORD_VALUE})",
        ),
        # a record number its cue follows: "Pt Okafor 2119047 (chart)"
        (
            PhiKind.MRN,
            rf"(?<![\w-])(?P<v>{_RECORD_VALUE})"
            r"\s*\((?i:chart|mrn|medical record|record)(?:\s*#)?\)",
        ),
        (
            PhiKind.ID,
            r"(?i:\b(?:acct|(?:account|member|subscriber|policy|insurance|health plan|beneficiary"
            rf"|medicaid|medicare|driver'?s licen[cs]e|license plate|serial){_ID_NUMBER}))"
            rf"{_ID_SEP}(?P<v>{_ID_VALUE})",
        ),
        # Ids whose cue needs no "number": plan ids (MBI, BIC, member), case and prescription
        # numbers, licences and plates (their values may hold spaces), device serials.
        (
            PhiKind.ID,
            r"(?i:\b(?:MBI|BIC|HICN|member|subscriber|group|policy|Rx|prescription|case"
            r"|hub case|case number|case worker|claim|ticket|reference|ref|enrollment"
            r"|REMS enrollment|subject(?:\s+ID)?|study ID|participant(?:\s+ID)?|passport"
            r"|screening|randomi[sz]ation"
            r"|visa(?:\s+case)?|confirmation|serial(?:\s+(?:no\.?|number|#))?|ser\.?\s?#|S/?N|C?DL|licen[cs]e"
            r"|lic\.?"
            r"|cert(?:ificate)?|tracking|beneficiary\s+identifier|identifier"
            r"|medicaid|medi-cal|CIN|medicare|account|insurance|health plan|plan|device"
            r"|app(?:lication)?)"
            r"(?:\s*(?:ID|number|num|no\.?|#))?)"
            r"(?:\s*\([A-Za-z][\w .-]{0,15}\)(?:\s*(?:ID|number|no\.?|#))?)?"
            r"(?:\s+on\s+(?:paperwork|file|PA|card))?"
            r"\s*[:#-]?\s*(?:is\s+)?(?:SN\s*)?"
            # (groups joined by hyphens, asterisks or dots: "SOLBEA*482KQ", "RPH.0098812")
            r"(?P<v>(?=[A-Z0-9 *.-]*\d)[A-Z0-9]+(?:[-*.][A-Z0-9]+)*"
            r"(?: (?=[A-Z0-9-]*\d)[A-Z0-9]+(?:-[A-Z0-9]+)*){0,3})(?![\w-])",
        ),
        # a device's serials a few words after their cue, one or a list: "serial on the box
        # 7Q44-0912-AX", "device serials ZB5-0093312, ZB5-0093318" (a code of letters and digits)
        (
            PhiKind.ID,
            r"(?i:\bserials?(?:\s+(?:nos?\.?|numbers?|#))?)(?:\s+(?i:[a-z]+)){1,4}?\s*[:#-]?\s*"
            rf"(?P<v>{_SERIAL}(?:(?:,\s*|,?\s+and\s+){_SERIAL})*)",
        ),
        (
            PhiKind.ID,
            r"(?i:\b(?:plate|kennzeichen|placa|plaque|targa)(?:\s*(?:number|no\.?|#))?)"
            r"(?:\s*\([A-Z]{2}\))?\s*[:#]?\s*(?:(?i:is|was|ist|es|est|è)\s+)?"
            r"(?P<v>(?:[A-Z]{2}\s+)?[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,5})(?![\w-])",
        ),
        # Ids a patient program gives the patient: "pt portal id VGI-88213", "REMS pt # 44871902",
        # "specialty pharm pt # BRX-009127", "registry ID CFF-0047712", "portal login omar.k1990".
        (
            PhiKind.ID,
            r"(?i:\b(?:portal|registry|REMS|hub|spec(?:ialty)?\s+pharm(?:acy)?|infusion\s+co(?:mpany)?"
            r"|copay(?:\s+card)?|card|enrol(?:l)?ment)\b[^.;,\n]{0,25}?"
            r"(?:\b(?:id|number|no\.?|login|auth)\b|#)"
            r"(?:\s+(?:is|was))?)\s*[:#]?\s*(?P<v>(?=[\w .-]{0,12}\d)[A-Za-z0-9][\w.-]*[A-Za-z0-9]"
            r"(?: \d[\d-]+)?)(?![\w-])",
        ),
        # a biometric identifier by its cue: "fingerprint template FP-22871-0934", "voiceprint
        # ID VP-1182", "fingerprint hash 9c4e77ad10f2"
        (
            PhiKind.ID,
            r"(?i:\b(?:fingerprint|finger print|voiceprint|voice print|face ?id|palm ?print"
            r"|palm[- ]?vein(?: template| scan| pattern)?"
            r"|biometric|(?:retina|retinal|iris|facial)"
            r" (?:scan|template|image|geometry|recognition))"
            r"(?:\s+(?:template|hash|scan|print|signature|data|record|id|consent))*"
            r"\s*(?:#|no\.?|id|number)?\s*[:#=]?\s*)"
            r"(?P<v>(?=[\w:-]*\d)[A-Za-z0-9][A-Za-z0-9:-]{5,})(?![\w-])",
        ),
        # digits spoken one by one, as a voicemail transcript has them: five are a ZIP, seven or
        # more a phone number ("zip six zero zero two five", "call me at eight four seven ...")
        (
            PhiKind.ZIP,
            rf"(?i:\b(?P<v>(?:{_SPOKEN_DIGIT}[\s,-]+){{4}}{_SPOKEN_DIGIT})\b)(?![\s,-]+{_SPOKEN_DIGIT}\b)",
        ),
        (PhiKind.PHONE, rf"(?i:\b(?P<v>(?:{_SPOKEN_DIGIT}[\s,-]+){{6,}}{_SPOKEN_DIGIT})\b)"),
        # a ZIP in brackets after where the patient lives: "lives in Cedar-Riverside (55454)"
        (
            PhiKind.ZIP,
            r"(?<=[A-Za-z\]] \()(?<!(?i:lot) \()(?<!(?i:batch) \()(?<!(?i:ndc) \()(?<!(?i:id) \()"
            r"(?<!(?i:case) \()(?<!(?i:study) \()"
            r"(?P<v>\d{5}(?:-\d{4})?)(?=\))",
        ),
        # an area code in digits and the rest read out: "832 five five five 0 1 2 9"
        (
            PhiKind.PHONE,
            rf"(?i:\b(?P<v>\d{{3}}(?:[\s,-]+{_SPOKEN_DIGIT}){{2,}}(?:[\s,-]+(?:{_SPOKEN_DIGIT}|\d)){{2,}})\b)",
        ),
        # a rural route address: "14 Navajo Rte 12", "220 County Road 8"
        (
            PhiKind.ADDRESS,
            # ("cr", "sr" left out: "eGFR 45 cr 1.4" is a creatinine)
            r"(?<![\w.-])\d{1,6}\s+(?:[A-Z][a-z]+\s+){0,2}(?i:rte|route|county road|hwy|highway"
            r"|state road)\s+\d{1,4}[A-Z]?\b(?!\.\d)",
        ),
        # a face photograph or a biometric named in words (Safe Harbor types 17 and 16): "a
        # selfie photo of his face", "photo of her mother's face", "pt headshot", "Right index
        # fingerprint: [scan attached]", "a voice note w/ mom's voice"
        (
            PhiKind.PHOTO,
            r"(?i:\b(?:(?:pt|patient)'?s?\s+)?(?:selfies?|head ?shots?|mug ?shots?)"
            r"(?:\s+(?:photos?|pics?|pictures?|images?))?"
            r"(?:\s+of\s+(?:[\w'\u2019]+\s+){1,2}faces?)?"
            r"|\b(?:photos?|pics?|pictures?|images?|snapshots?)\s+of\s+(?:[\w'\u2019]+\s+){1,2}"
            r"faces?\b"
            # Safe Harbor's own words: "a full-face photo", "full face image"
            r"|\bfull[- ]?face\s+(?:photo(?:graph)?s?|pics?|pictures?|images?|shots?|selfies?))",
        ),
        (
            PhiKind.ID,
            r"(?i:\b(?:(?:right|left)\s+(?:index|thumb|middle|ring|little)\s+)?"
            r"(?:finger|thumb|voice|palm)\s?prints?\b"
            r"|\bvoice\s+(?:notes?|recordings?|memos?|messages?|samples?)\s+(?:w/|with|of)\s+"
            r"(?:[\w'\u2019]+\s+){0,2}voice\b)",
        ),
        # an image of the patient by its file name: "profile pic file marisol_infusion_day.jpg"
        (PhiKind.PHOTO, r"(?<![\w./-])[\w-]+\.(?i:jpe?g|png|heic|heif|gif|bmp|tiff?|webp)\b"),
        # a number a programme, the police, a carrier or a bank gave the patient, a few words
        # after its cue: "PAP ID assigned: JJPAF-00718836", "police report # 2025-004417",
        # "tracking # she gave: 1Z999AA...", "bank acct for copay reimb: 004417729381"
        (
            PhiKind.ID,
            r"(?i:\b(?:PAP|PSP|placard|police report|tracking|bank acc(?:oun)?t|routing)\b"
            r"(?:\s*(?:#|no\.?|number|id))?(?:\s+[a-z]+){0,4}?\s*[:#]?\s*)"
            r"(?!(?:1-)?\d{3}-\d{3}-\d{4}\b)"  # the programme's phone line, not an id
            r"(?P<v>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,})(?![\w-])",
        ),
        (  # a card's number in groups: "copay card 4100 2298 7731 006"
            PhiKind.ID,
            r"(?i:\bcard\b)\s*(?:#|no\.?|number)?\s*[:#]?\s*"
            r"(?P<v>\d{4}(?:[ -]?\d{3,4}){2,4})(?![\w-])",
        ),
        # an id after an insurer, a programme or a badge: "carefirst id CFX20933817", "bcbs id
        # XYP882104455", "HUMIRA Complete ID is HC-7730914", "employee badge no. EMP-55821"
        (
            PhiKind.ID,
            r"(?i:\b(?!(?:npi|ndc|lot|study|trial|protocol|nct|rep|territory|site|batch|udi|case"
            r"|mir|ref|reference)\b)[a-z][\w-]*\s+(?:ins(?:urance)?\s+|card\s+|badge\s+|part d\s+)?"
            r"(?:id|badge|member)(?:\s*(?:#|no\.?|number))?\s*(?:is\s+|:\s*|#\s*)?)"
            r"(?P<v>(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{2,}(?:-[A-Z0-9]+)*)(?![\w-])",
        ),
        (  # "hub HB-7731902": the programme's id right after its name
            PhiKind.ID,
            r"(?i:\b(?:hub|REMS|registry)\s+)(?P<v>(?=[A-Za-z0-9-]*\d)[A-Z]{1,4}-?\d{4,}[A-Z]?)(?![\w-])",
        ),
        (  # "acct # with infusion co 77120-A"
            PhiKind.ID,
            r"(?i:\b(?:acct|account)\s*(?:#|no\.?|number)?\s+(?:with|at|for)\s+[a-z ]{2,30}?\s*"
            r"(?:#|no\.|number)?\s*)"
            r"(?P<v>(?=[A-Za-z0-9-]*\d)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)(?![\w-])",
        ),
        (
            PhiKind.ID,
            r"(?i:\b(?:login|log-in|user\s?id)\b)\s*[:#]?\s*(?:is\s+)?"
            r"(?P<v>(?=[\w.]*\d)[A-Za-z][\w.]*\w)",
        ),
        (  # social-media handles and chat ids
            PhiKind.ID,
            r"(?i:\b(?:WeChat|WhatsApp|Instagram|Telegram|Signal|Skype|TikTok|handle|username"
            r"|user\s?name|user ID|screen name)(?:\s+ID)?)\s*[:#]?\s*(?:is\s+)?"
            r"(?P<v>@?(?=[\w.]*[\d_@.])[\w.]*\w)",
        ),
        (PhiKind.URL, r"\b[\w-]+\.(?:wordpress|blogspot|substack|tumblr|wixsite|weebly)\.com\b"),
        # a masked number still shows its last four: "***-**-4471", "xxx-xx-4471", "XXX XX 4471"
        (
            PhiKind.SSN,
            r"(?<![\w*#])(?:\*{3}|[xX]{3}|#{3})[- ]?(?:\*{2}|[xX]{2}|#{2})[- ]?\d{4}(?!\d)",
        ),
        # Nordic personal identity codes, a birth date (the month in the middle) first: Finnish
        # "131052-308T", Swedish and Danish "850709-2231" ("+": over 100; "A": born from 2000)
        (
            PhiKind.ID,
            r"(?<![\w-])(?<!(?i:lot) )(?<!(?i:lot): )(?<!(?i:lot)# )(?<!(?i:batch) )"
            r"\d{2}(?:0[1-9]|1[0-2])\d{2}[-+A](?:\d{3}[0-9A-Y]|\d{4})(?![\w-])",
        ),
        # a holiday is a day of the year ("d/c New Year's Day", "fell over Thanksgiving")
        (
            PhiKind.DATE,
            r"(?i:\b(?:new year['\u2019]?s(?: day| eve)?|christmas(?: eve| day)?|xmas(?: eve)?"
            r"|thanksgiving(?: day)?|easter(?: sunday| monday)?|good friday|memorial day"
            r"|labou?r day|independence day|(?:the )?fourth of july|veterans['\u2019]? day"
            r"|valentine['\u2019]?s day|mother['\u2019]?s day|father['\u2019]?s day|halloween"
            r"|boxing day|juneteenth|cinco de mayo|(?:st\.? |saint )patrick['\u2019]?s day"
            r"|(?:martin luther king|mlk)(?: jr\.?)? day|presidents['\u2019]? day|columbus day"
            r"|(?:lunar|chinese) new year|rosh hashanah|yom kippur|eid al-(?:fitr|adha))\b)",
        ),
        # a vehicle identification number: 17 characters, no I, O or Q
        (PhiKind.ID, r"\b(?=[A-HJ-NPR-Z0-9]*\d)(?=[A-HJ-NPR-Z0-9]*[A-Z])[A-HJ-NPR-Z0-9]{17}\b"),
        (
            PhiKind.AGE,
            r"(?i:\b(?:ninety|one hundred)(?:[- ](?:one|two|three|four|five|six|seven|eight"
            r"|nine))?\b)(?=\s*(?:,|y|years?|yo|$|\.|\)|next\b|this\b|in\b|on\b|and\b|['\u2019]"
            # "ninety-one saal" (Hindi), "años", "anos", "ans", "Jahre", "anni"
            r"|(?:saal|sal|a[ñn]os|anos|ans|jahre|anni)\b))",
        ),
        (
            PhiKind.DATE,
            r"(?i:\b(?:last |this |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday"
            r"|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?,? the (?:[12]?\d|3[01])"
            r"(?:st|nd|rd|th)\b)",
        ),
        # "since the 3rd", "on the 21st": a day of a month, tied to what happened
        (
            PhiKind.DATE,
            r"(?i:\b(?:since|on|from|until|till|after|before|f/u|due|by|next|scheduled"
            r"|rescheduled|appt|back) )(?P<v>the (?:[12]?\d|3[01])"
            r"(?:st|nd|rd|th))\b"
            # a place in a sequence, not a day: "before the 5th infusion", "after the 3rd dose"
            r"(?!\s+(?:infusions?|doses?|cycles?|injections?|weeks?|days?|visits?|treatments?"
            r"|courses?|lines?|months?|times?|administrations?|fractions?|session|percentile))",
        ),
        # a month then a day in lower case ("next cycle mar 5"; not "may", a verb), "2-Mar",
        # and dotted dates ("01.20.26")
        (
            PhiKind.DATE,
            r"(?<![\w.])(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.? (?:[12]?\d|3[01])"
            # with its year when it has one: "dob oct 2 1966"
            r"(?:st|nd|rd|th)?(?:,? (?:19|20)\d{2}(?!\d))?\b(?!\s*(?:mg|mcg|%|\d{3}|x\b))",
        ),
        (
            PhiKind.DATE,
            r"(?<![\w.])(?:[12]?\d|3[01])-(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b",
        ),
        (
            PhiKind.DATE,
            r"(?<![\w.])(?:0?[1-9]|1[0-2])\.(?:0?[1-9]|[12]\d|3[01])\.(?:\d{4}|\d{2})(?![\w.])",
        ),
        # a day then a month in lower case, as reps type it: "8 may", "14 march"
        (
            PhiKind.DATE,
            r"(?<![\w.])(?:[12]?\d|3[01])(?:st|nd|rd|th)? (?:of )?(?:jan(?:uary)?|feb(?:ruary)?"
            r"|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
            r"|nov(?:ember)?|dec(?:ember)?)\b(?:,? (?:19|20)\d{2}\b)?(?!\s*\d{3})",
        ),
        # an age after the birth date it follows from: "(DOB 01/02/1932) is 93 and ..."
        (
            PhiKind.AGE,
            r"(?i:\((?:dob|d\.o\.b\.?|born)\b[^()\n]{0,24}\)\s+(?:is|was)\s+(?:now\s+)?)"
            rf"(?P<v>{_OVER_89})(?![\d.%])",
        ),
        # a rural address: "HC 61 Box 1183", "RR 2 Box 14" (a highway contract or rural route)
        (PhiKind.ADDRESS, r"\b(?:HCR?|RR)\s?\d{1,3},?\s+(?i:box)\s+\d{1,5}\b"),
        # a date with dots and a two-digit year, day and month in either order: "10.10.24"
        (
            PhiKind.DATE,
            r"(?<![\w.])(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|[12]\d|3[01])\.(?:[12]\d)(?!\w|\.\d)"
            + _NO_UNIT,
        ),
        # a member id right after the insurer: "insurance card Aetna W283749201"
        (
            PhiKind.ID,
            r"(?i:\b(?:aetna|cigna|humana|anthem|bcbs|blue cross(?: blue shield)?|uhc"
            r"|united ?health(?:care)?|kaiser|medicaid|medi-cal|medicare|tricare|molina|ambetter"
            r"|oscar|wellcare|carefirst|highmark|empire|caresource|aarp)\b)[\s,]*"
            r"(?i:#|id|member id)?\s*[:#]?\s*"
            r"(?P<v>(?=(?:[A-Z-]*\d){3})[A-Z0-9]{3,}(?:-[A-Z0-9]+)*)(?![\w-])(?<=[\w-]{6})",
        ),
        # a support programme's number given bare: "PSP-221905"; a second id of a pair:
        # "PAP IDs 4410987 & 3310458"
        (PhiKind.ID, r"(?<![\w-])(?:PSP|PAP)-?\d{4,}(?![\w-])"),
        (
            PhiKind.ID,
            r"(?i:\b(?:ids|id numbers|numbers|#s)\b[^.;\n]{0,40}?\s(?:&|and)\s+)"
            r"(?P<v>\d{5,})(?![\w-])",
        ),
        # days named as days of the month: "appts only the 1st or 15th of month"
        (
            PhiKind.DATE,
            r"(?i:(?:\bthe\s+)?(?<![\w.])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)"
            r"(?:\s+(?:or|and|&|-|to|through|thru)\s+(?:the\s+)?(?:[12]\d|3[01]|0?[1-9])"
            r"(?:st|nd|rd|th))?(?=\s+of\s+(?:the\s+|each\s+|every\s+|a\s+)?month\b))",
        ),
        # a visit's day of the month: "f/u visit planned the 21st"
        (
            PhiKind.DATE,
            r"(?i:\b(?:planned|scheduled|booked|due|seen|returns?|back|visit|appt|appointment)"
            r"\s+(?:for\s+|on\s+)?the\s+)(?P<v>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))\b"
            r"(?!\s+(?:century|percentile|cycle|dose|infusion|week|day|time)\b)",
        ),
        (PhiKind.AGE, rf"(?<=,\s)(?P<v>{_OVER_89})(?=\s*,)"),
        (PhiKind.AGE, rf"(?i:\((?:pt|patient),\s*)(?P<v>{_OVER_89})(?=\s*[MF]?\))"),
        (
            PhiKind.AGE,
            rf"(?i:\b(?:{RELATIVES}|pt|patient),\s*)(?P<v>{_OVER_89})(?=\s*(?:[.;)]|$))",
        ),
        (PhiKind.AGE, rf"(?i:\bturn(?:ed|s|ing)?\s+)(?P<v>{_OVER_89})(?![\d.%])"),
        (
            PhiKind.AGE,
            rf"(?<![\d.])(?P<v>{_OVER_89})(?= (?:in|next|this) (?i:jan|feb|mar|apr|may|jun|jul|aug"
            r"|sep|oct|nov|dec|month|year|week))",
        ),
        (PhiKind.AGE, rf"(?i:\b(?:elderly|aged?|age)\W{{0,3}})(?P<v>{_OVER_89})(?![\d.])"),
        (
            PhiKind.DATE,
            rf"(?i:\b\d{{1,2}}\s+de\s+{_IBERIAN_MONTHS}\b)",
        ),
        (
            PhiKind.ZIP,
            _PLACE_CUE + r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2},?\s*\(?(?P<v>\d{5})(?![\w-])",
        ),
        (
            PhiKind.GEO,
            rf"(?<=, )(?!{_STATE_NAME}\b)(?P<v>[A-Z][a-z]+(?: [A-Z][a-z]+)?),?\s+(?:[A-Z]{{2}}\s+)?"
            r"\d{5}(?![\w-])",
        ),
        (PhiKind.GEO, _PLACE_CUE + r"(?P<v>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})"),
        (PhiKind.ZIP, rf"{_LOWER_PLACE_CUE}(?P<v>\d{{5}})(?![\w-])"),
        (
            PhiKind.ZIP,
            rf"{_LOWER_PLACE_CUE}[a-z][a-z'-]+(?: [a-z][a-z'-]+){{0,2}},?\s+"
            r"(?P<v>\d{5})(?![\w-])",
        ),
        (PhiKind.ADDRESS, r"(?i:\b(?:apt|apartment)\.?\s*#?\s*\d+[a-z]?)\b"),
        (PhiKind.ZIP, rf"(?:(?<=[a-z] )|(?<=[a-z], ))(?i:{_STATE})\s+(?P<v>\d{{5}})(?![\w-])"),
        (
            PhiKind.GEO,
            rf"{_LOWER_PLACE_CUE}(?!{_NOT_A_PLACE}\b)(?P<v>[a-z][a-z'-]{{2,}}"
            rf"(?: (?!{_NOT_A_PLACE}\b)[a-z][a-z'-]{{2,}}){{0,2}})"
            # a word's end: "moved to normal dosing" is no "norm" in Alabama
            rf"\b(?=\s*(?:[,.;()\n]|$|\d{{5}})|\s+(?i:{_STATE})\b|\s+(?:w/|with)\s)",
        ),
        (
            PhiKind.GEO,
            rf"\b(?!(?:{_NOT_A_NAME})\b)(?P<v>[A-Z][a-z]{{2,}}(?: [A-Z][a-z]+)?),? "
            + _STATE_NOT_TITLE
            + r"\b",
        ),
        (
            PhiKind.ADDRESS,
            rf"{_STREET}(?:\.(?=,))?"
            r"(?:\.?,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Rm|Room|Fl|Floor|#)\.?\s*#?\s*[A-Za-z0-9-]+)?"
            # a city only where a state, a ZIP or the end of the clause shows it is one
            rf"(?:,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}}(?=,?\s*(?:{_STATE}\b|\d{{5}})|\s*[.;)\n]|$))?"
            rf"(?:,?\s*{_STATE}\b)?(?:\s+{_ZIP})?",
        ),
        (PhiKind.ADDRESS, r"\bP\.?\s?O\.?\s*Box\s+\d+"),
        (PhiKind.ADDRESS, r"(?i:\brural\s+route\s*#?\s*\d{1,4})\b"),
        # A lower-case street with no cue, only with a house number and a street word shorthand
        # does not use ("400 n main st", "3312 s pulaski rd"), or after "off"/"near" ("lives
        # silver spring off georgia ave", "near morse rd").
        (
            PhiKind.ADDRESS,
            r"(?<![\w.-])\d{1,6}[a-z]?\s+(?:[nsew]\.?\s+)?(?:[a-z][a-z'-]{2,}\s+){1,3}"
            r"(?:st|ave|rd|blvd|ln|street|avenue|road|boulevard|lane|drive|parkway|pkwy|hwy"
            r"|highway|terrace)\b\.?(?=\s*(?:[,.;)\n]|$|apt\b|#|unit\b))",
        ),
        (
            PhiKind.ADDRESS,
            r"(?i:\b(?:off|near|just off|corner of|(?:lives?|living|resides|home is) (?:on|up"
            r"|way up|down|out on))\s+)"
            r"(?P<v>(?!(?:the|a|an|this|that|her|his|their)\b)(?i:[a-z][a-z'-]{2,})"
            r"(?:\s+(?i:[a-z][a-z'-]{2,})){0,2}"
            r"\s+(?i:st|ave|rd|blvd|street|avenue|road|boulevard|ln|lane|pike|hwy|highway))\b\.?",
        ),
        # Rep shorthand in lower case after an address cue: "addr 1422 w belmont ave apt 3",
        # "lives 2210 n halsted st", "at 17 cedar ln, skokie", "88 maple ct, naperville il 60540".
        (
            PhiKind.ADDRESS,
            rf"{_ADDRESS_CUE}(?P<v>{_LOWER_STREET}"
            r"(?:,?\s*(?:apt|apartment|unit|ste|suite|rm|fl|#)\.?\s*#?\s*[a-z0-9-]+)?"
            rf"(?:,?\s*[a-z]+(?: [a-z]+)?(?=\s*(?:[,.;)\n]|$|(?i:{_STATE})\b|\d{{5}})))?"
            rf"(?:,?\s*(?i:{_STATE})\b)?(?:,?\s+{_ZIP})?)",
        ),
        (PhiKind.ADDRESS, rf"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}},\s*{_STATE}\s+{_ZIP}"),
        (PhiKind.ZIP, rf"(?i:\bzip(?:\s*code)?)\s*[:#]?\s*(?:is\s+)?(?P<v>{_ZIP})"),
        # Canadian and British postcodes, written with their space: "H2T 1S4", "SW1A 1AA"
        (
            PhiKind.ZIP,
            rf"(?<![\w-])(?<!(?i:lot) )(?<!(?i:batch) )(?<!(?i:ndc) ){_POSTCODE}(?![\w-])",
        ),
        # the town before such a postcode, after a comma: "rue des Lilas, Montréal H2T 1S4"
        (
            PhiKind.GEO,
            r"(?<=, )(?P<v>[^\W\d_a-z][^\W\d_]+(?:[ -][^\W\d_a-z][^\W\d_]+)?)"
            rf"\s+(?={_POSTCODE}(?![\w-]))",
        ),
        # a day before the month, as Europe writes it: "am 3. April", "on 15 March"
        (PhiKind.DATE, rf"(?<![\w.,/-]){_DD}\.?\s+(?:of\s+)?{_MONTH}(?!\s*\d)"),
        # a weekday and its date: "el martes 15", "Tuesday the 4th", "am Dienstag, 3."
        (
            PhiKind.DATE,
            r"(?i:\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes"
            r"|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|segunda|ter[çc]a|quarta|quinta|sexta"
            r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch"
            r"|donnerstag|freitag|samstag|sonntag|luned[ìi]|marted[ìi]|mercoled[ìi]|gioved[ìi]"
            r"|venerd[ìi])(?:,)?\s+(?:the\s+)?)"
            r"(?:[12]\d|3[01]|0?[1-9])(?!\d)(?:st|nd|rd|th|\.)?(?![\w/.,:]\d|\s*(?i:mg|mcg|ml|units?"
            r"|tabs?|caps?|doses?|pm|am|h)\b)",
        ),
        # a weekday shortened and a day with its ordinal: "since fri 3rd", "Tues. the 4th"
        (
            PhiKind.DATE,
            r"(?i:\b(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?\s+(?:the\s+)?)"
            r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b",
        ),
        # a street the German way: "45 Lindenstraße", "Lindenstraße 45"
        (
            PhiKind.ADDRESS,
            r"(?<![\w-])(?:\d{1,5}[a-z]?\s+[A-ZÄÖÜ][\wäöüß-]*(?:stra(?:ß|ss)e|str\.|weg|gasse"
            r"|platz|allee|damm)\b|[A-ZÄÖÜ][\wäöüß-]*(?:stra(?:ß|ss)e|str\.|weg|gasse|platz"
            r"|allee|damm)\s+\d{1,5}[a-z]?\b)",
        ),
        (PhiKind.ZIP, rf"(?:\b{_STATE}|,\s*[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)?),?\s+(?P<v>{_ZIP})"),
        (PhiKind.DATE, rf"{_MONTH_YEAR_CUE}(?P<v>{_MONTH_YEAR})"),
        (
            PhiKind.DATE,  # "seit März 2024", "depuis janvier 2023"
            rf"{_MONTH_YEAR_CUE}(?P<v>(?i:{_FOREIGN_MONTH_NAME})\.?\s+{_YEAR})(?!\d)",
        ),
        (PhiKind.ZIP, rf"\b{_STATE_NAME},?\s+(?P<v>\d{{5}})(?![\w-])"),
        # a town in lower case before a state and a ZIP: "bozeman mt 59715"
        (
            PhiKind.GEO,
            rf"(?<![\w'-])(?P<v>[a-z][a-z'-]{{2,}}(?: [a-z][a-z'-]{{2,}})?),?\s+"
            rf"(?:(?i:{_STATE})|{_STATE_NAME}),?\s+\d{{5}}(?![\w-])",
        ),
        # a street in lower case with no cue, where its kind of road says it is one
        (
            PhiKind.ADDRESS,
            r"(?<![\w.,/-])\d{1,5}\s+(?:[nsew]\.?\s+)?[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?\s+"
            r"(?:ave|avenue|street|road|blvd|boulevard|lane|drive|terrace|parkway|pkwy|highway"
            r"|hwy)\b\.?",
        ),
        # another name the patient goes by: "goes by 'shonda'", "everyone calls 'nana'"
        (
            PhiKind.NAME,
            r"(?i:\b(?:goes by|go by|known as|aka|a\.k\.a\.?|nicknamed|nickname|everyone calls"
            r"|family calls|calls (?:her|him)(?:self)?)\s*:?\s*)['\"\u2018\u201c]"
            # (not a name already redacted: "goes by '[NAME]'")
            r"(?!\[[A-Z_]+\]['\"\u2019\u201d])"
            r"(?P<v>[^'\"\u2018\u2019\u201c\u201d\n]{1,30}?)['\"\u2019\u201d]",
        ),
        (
            PhiKind.NAME,
            r"(?i:\b(?:goes by|go by|nicknamed|aka|a\.k\.a\.?)\s+)"
            r"(?P<v>[^\W\d_][\w'\u2019-]*)",
        ),
        # a quoted name or initials after "pt": pt 'G.P.', pt "j.m.", pt 'bud'
        (
            PhiKind.NAME,
            r"\b(?:[Pp]t|[Pp]atient)(?:['\u2019]s)?\s+['\"\u2018\u201c]"
            r"(?P<v>[^\W\d_][^'\"\u2018\u2019\u201c\u201d\n]{0,24}?)['\"\u2019\u201d]",
        ),
        # a form's patient-name field takes whatever is written in it ("Patient name: Sunday
        # Adewale.", a weekday's name included)
        (
            PhiKind.NAME,
            r"(?i:\b(?:patient|pt|caller|member|subscriber|applicant|insured)(?:['\u2019]s)?"
            r"\s+(?:full\s+|legal\s+)?(?:name|nm|nme)\s*[:=]\s*)"
            r"(?P<v>[^\W\d_][\w'\u2019-]*(?: [^\W\d_][\w'\u2019-]*){0,3})"
            r"(?=\s*(?:[.;|\n(]|,\s*(?i:dob|sex|age|\d)|$)|[ \t]{2,}|\s+(?i:dob|mrn|sex|age)\b)",
        ),
        # a form's "Pt:" field on its own line, in any case: "Pt: FAITH-ANN MAJOR   DOB: ..."
        (
            PhiKind.NAME,
            r"(?m:^[ \t]*(?i:pt|patient)[ \t]*:[ \t]*)"
            r"(?P<v>[A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*){0,3})"
            r"(?=[ \t]{2,}|\t|[ \t]*$|[ \t]+(?i:dob|mrn|sex|age)\b)",
        ),
        # "(real name chen guoliang)", "full name rosalind achterberg"
        (
            PhiKind.NAME,
            r"(?i:\b(?:real|full|legal|maiden|birth|given) name(?:\s+is)?\s*[:=-]?\s*)"
            r"(?P<v>[^\W\d_][\w'\u2019-]*(?: [^\W\d_][\w'\u2019-]*){0,2})(?=\s*[,;.)]|$)",
        ),
        # "pt = sunita bhattacharya-ross", "pt: ahmed"
        (
            PhiKind.NAME,
            r"\b(?:[Pp]t|[Pp]atient)\s*=\s*"
            r"(?P<v>[^\W\d_][\w'\u2019-]*(?: [^\W\d_][\w'\u2019-]*){0,2})(?=\s*[,;.(]|\s+\d)",
        ),
        (
            PhiKind.ID,
            r"\((?i:medicaid|medicare|insurance|insurer|plan|payer)\)\s*(?i:ID|#|no\.?|number)\s*"
            rf"[:#]?\s*(?P<v>{_ID_VALUE})",
        ),
        # A record or identity number under the label another language or country gives it:
        # "Expediente 7730-1182", "N° sécurité sociale 2 50 05 14 118 044 72", "CPF
        # 482.119.330-07", "Aadhaar 4821 7733 9016", "病历号 GG-220918", "mbr# HUM-5520-881-X",
        # "Member ID WLP*88120457", "patient number there is GPC-33019"
        (
            PhiKind.ID,
            rf"(?i:\b(?:{_RECORD_LABELS})\b\.?\s*(?:#|n[°º]|no\.?)?\s*[:#=]?\s*"
            r"(?:(?:there\s+)?(?:is|es|est|ist|é)\s+)?)"
            rf"(?P<v>{_ANY_ID})",
        ),
        (PhiKind.ID, rf"(?:{_CJK_RECORD_LABELS})\s*[:\uff1a#]?\s*(?P<v>{_ANY_ID})"),
        # a name in Chinese characters after a Chinese patient or relative cue, maybe after its
        # romanised form: "病人 Chen Meiling 陈美玲", "女儿: 李小雨"
        (
            PhiKind.NAME,
            rf"{_CJK_PERSON_CUE}[\s:\uff1a]*(?:[A-Z][a-z]+(?: [A-Z][a-z]+){{0,2}}\s*[(\uff08]?\s*)?"
            rf"(?P<v>{_CJK_SURNAME}[\u4e00-\u9fff]{{1,2}})(?![\u4e00-\u9fff])",
        ),
        # the romanised name after such a cue: "病人 Chen Meiling"
        (
            PhiKind.NAME,
            rf"{_CJK_PERSON_CUE}[\s:\uff1a]*(?P<v>[A-Z][a-z]+(?: [A-Z][a-z]+){{1,2}})",
        ),
        # dates as other languages write them: "2 février", "3. März", "1975年3月8日", "03Mar24"
        (
            PhiKind.DATE,
            rf"(?i:(?<![\w.]){_DD}\.?\s+(?:de\s+|di\s+)?{_FOREIGN_MONTH_NAME}\b"
            rf"(?:\s+(?:de\s+)?{_YEAR})?)(?!\d)",
        ),
        (
            PhiKind.DATE,
            r"(?:(?:19|20)\d{2}\s*[年년]\s*)?(?:0?[1-9]|1[0-2])\s*[月월]\s*"
            r"(?:0?[1-9]|[12]\d|3[01])\s*[日일]",
        ),
        (PhiKind.DATE, r"(?:19|20)\d{2}\s*[年년]\s*(?:0?[1-9]|1[0-2])\s*[月월]"),
        # a day, a month in capitals or abbreviated, and a two-digit year, as records and forms
        # write a birth date: "09 SEP 61", "14-Mar-62"
        (
            PhiKind.DATE,
            rf"(?<![\w.]){_DD}[ -](?:{_MONTH}|(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEPT?|OCT|NOV"
            rf"|DEC)\b)[ -]{_YY}(?![\w-]|\.\d){_NO_UNIT}",
        ),
        # a day, the month in Roman numerals and a year, as Central Europe writes it: "4.IV.1966"
        (
            PhiKind.DATE,
            rf"(?<![\w.]){_DD}\.\s?(?:I{{1,3}}|IV|VI{{0,3}}|IX|XI{{0,2}})\.\s?{_YY}(?![\w-]|\.\d)",
        ),
        # a day and month with no year, written with dots as German does: "16.05.", "17. Okt."
        # (after a word that dates an event: "Hb 12.05." is a lab value)
        (
            PhiKind.DATE,
            r"(?i:\b(?:am|vom|bis|seit|ab|le|du|el|desde|on|since|from|until|reaction|visit|appt"
            r"|onset|admit(?:ted)?|infusion|injection|seen|fell|rash|event|termin|geb\.?|dob))"
            r"\s*:?\s+(?P<v>(?:0[1-9]|[12]\d|3[01])\.(?:0[1-9]|1[0-2])\.)(?=\s|$)",
        ),
        (
            PhiKind.DATE,
            rf"(?i:(?<![\w.]){_DD}\.\s+(?:{_FOREIGN_MONTH}|{_MONTH})\.)",
        ),
        # Thai dates (month abbreviations, Buddhist-era year): "2 ต.ค. 2503"
        (
            PhiKind.DATE,
            rf"(?<![\w.]){_DD}\s*(?:ม\.ค|ก\.พ|มี\.ค|เม\.ย|พ\.ค|มิ\.ย|ก\.ค|ส\.ค|ก\.ย|ต\.ค|พ\.ย"
            r"|ธ\.ค)\.\s*(?:25\d{2}|\d{2})?(?!\d)",
        ),
        # Ethiopian calendar months with a day and a year: "28 Tahsas 1967"
        (
            PhiKind.DATE,
            rf"(?i:(?<![\w.]){_DD}\s+(?:meskerem|tikimt|tikemet|hidar|hedar|tahsas|tahesas|tir|ter"
            r"|yekatit|megabit|miyazya|ginbot|sene|hamle|nehase|nehasse|pagume|pagumen)"
            rf"\s+(?:19|20)\d{{2}})(?!\d)",
        ),
        (
            PhiKind.DATE,
            r"(?<![\w.-])(?:0?[1-9]|[12]\d|3[01])(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct"
            r"|nov|dec)(?:\d{4}|\d{2})(?![\w-])",
        ),
        # the birth year of someone over 89 identifies them: "born 1926", "YOB: 1931"
        (
            PhiKind.DATE,
            r"(?i:\b(?:born(?:\s+in)?|b\.|yob|year of birth|dob|birth\s?year|nacid[oa]"
            r"(?:\s+en)?|n[ée]e?(?:\s+en)?|geboren)\s*[:=]?\s*)"
            rf"(?P<v>{_OVER_89_BIRTH_YEAR})(?![\d/-]|\.\d)",
        ),
        # an age after a bracket: "Mrs. Grace Okafor (goes by 'Nene') is 90;"
        (
            PhiKind.AGE,
            rf"(?<=\))\s+(?:is|was)\s+(?:now\s+)?(?P<v>{_OVER_89})"
            r"(?![\d.,/%]\d?)(?!\s*(?:mg|mcg|kg|lbs?|ml|%|min|bpm|units?)\b)",
        ),
        # a day of the patient's told by its holiday: "on Christmas Eve"
        (
            PhiKind.DATE,
            r"(?i:\b(?:on|since|over|at|after|before|around|by|from|until)\s+)(?P<v>(?i:christmas"
            r"(?: eve| day)?|new year['\u2019]?s(?: eve| day)?|thanksgiving(?: day)?"
            r"|easter(?: sunday)?|the 4th of july|july 4th|independence day|halloween"
            r"|valentine['\u2019]?s day"
            r"|labor day|memorial day))\b",
        ),
        (PhiKind.NAME, rf"{_PATIENT_CUE}(?P<v>{_PERSON})"),
        (PhiKind.NAME, rf"{_HONORIFIC_CUE}(?P<v>{_PERSON})"),
        (PhiKind.NAME, rf"{_PATIENT_CUE}(?P<v>{_INITIALS})"),
        # initials in lower case after "pt" ("pt j.k. (seen 3/2)"), not shorthand ("pt p.o.")
        (
            PhiKind.NAME,
            rf"{_PATIENT_CUE}(?!{_DOTTED_SHORTHAND})(?P<v>[a-z]\.\s?[a-z]\.(?:\s?[a-z]\.)?)(?!\w)",
        ),
        # initials then an age: "(J.K., 67M)", "H.V. 54 y/o"
        (PhiKind.NAME, rf"(?P<v>{_INITIALS})(?=,?\s*\d{{1,3}}\s?(?:[MF]\b|y/?o\b|yo\b|,|\)))"),
        (
            PhiKind.NAME,
            r"(?i:initials)(?:\s+(?:were|are|is|of))?\s*:?\s*[\"'\u201c\u2018]?(?P<v>(?i:[a-z]\.?\s?[a-z](?:['\u2019][a-z])?\.?"
            r"(?:\s?[a-z]\.?)?))(?!\w)",
        ),
        (PhiKind.NAME, rf"{_RELATIVE_CUE}(?P<v>{_PERSON})"),
        # a form's name field, on a line of its own or the patient's ("NAME: LAST, FIRST J"), not
        # a product's or a practice's ("Brand name: Tremfya, Janssen")
        (
            PhiKind.NAME,
            r"(?:(?<=\n)|^|(?i:\b(?:patient|pt|full|legal|member|subscriber)\s+))"
            rf"(?:NAME|Name|name)\s*:\s*(?P<v>{_LAST_FIRST}(?:\s+[A-Z]\b\.?)?)",
        ),
        (PhiKind.NAME, rf"{_PAPERWORK_CUE}(?P<v>{_PERSON})"),
        (PhiKind.NAME, rf"\b(?P<v>{_FULL_NAME}){_IDENTITY_FOLLOWS}"),
    )
)

# HCP names are business contacts, not PHI: a name candidate touching one is dropped.
# A German doctor's degree between the title and the name: "Dr. med. Jonas Weber".
_DEGREE = r"(?:(?:med|med\. dent|rer\. nat|phil)\.\s+)?"
_HCP_NAME = re.compile(
    rf"\b(?:Prof\.?\s+Dr|Dr|Dra|Doctor|Prof|Professor|NP|PA|PA-C|RN|PharmD|APRN|FNP|Nurse|nurse"
    rf"|Pharmacist|pharmacist)\b\.?\s+{_DEGREE}{_NAME}"
    rf"|{_NAME},?\s+(?:MD|M\.D\.|DO|NP|PA-C|PA|PharmD|RN|APRN|FNP(?:-C)?|PhD|MBBS)\b"
    # names beyond ASCII: "Dr. Nadège Toussaint", "Dr. Lucía Ferreira"
    rf"|\b(?:Dr|Dra|Doctor|Prof|NP|PA|RN)\b\.?\s+{_DEGREE}"
    r"[^\W\d_a-z][^\W\d_]+(?:[ -][^\W\d_a-z][^\W\d_]+)?"
    # written in lower case: "dr. abernathy", "dr osei-bonsu"
    r"|(?i:\bdra?\b)\.?\s+[a-z][a-z'\u2019]+(?:-[a-z]+)?(?:\s+[a-z][a-z'\u2019]+(?=\s*[,.;:)]))?"
)
# A phone number next to these words is the practice's, not the patient's.
_OFFICE_PHONE_BEFORE = re.compile(
    r"(?i:\b(?<!home )(?<!home-)(?:office|clinic|practice|front desk|nurse line|fax line"
    r"|office fax|main line"
    r"|dept|department|hospital|center|centre|institute|infusion suite|pharmacy)\b"
    r"(?:[^.;\n]{0,12}|[^.;\n]{0,30}\b(?:fax|tel|ph|phone)\b[^.;\n]{0,3}))$"
)
_OFFICE_PHONE_AFTER = re.compile(r"^\s*(?i:\(?(?:office|clinic|practice|main)\b)")
# "555-310-2297 (cell)": whoever called, the number is a person's own line.
_PERSONAL_PHONE_AFTER = re.compile(r"^\s*(?i:\((?:cell|mobile|home|personal|cell phone)\))")
# On a line, what makes a phone number the practice's: an HCP's title or credential, or an
# institution, before it ("Reporter: Maria Gonzalez-Ruiz, RN (Valley Oncology Associates, ph
# 559-...)", "Prescriber: Dr. Hannah Whitfield, Wasatch Allergy, fax 801-..."), with no word of
# the patient's between them ("nurse ayesha (RN) witnessed. pt ph (718) ...").
_PRACTICE_BEFORE = re.compile(
    r"\b(?:MD|M\.D\.|DO|NP|PA-C|PharmD|RPh|RN|RRT|APRN|FNP|CRNP|NPI)(?![\w-])"
    r"|(?<!the )(?<!a )(?<!her )(?<!his )\b(?:Dr|dr)\.?\s+[^\W\d_]"
    r"|(?i:\b(?:hospital|medical center|health system|clinic|oncology|associates|institute"
    r"|pharmacy|infusion center|practice|prescriber|requester|reporter|hcp|physician"
    r"|ofc|office)\b)"
)
_PATIENT_WORD = re.compile(
    r"(?i:\b(?:pt|pts|patient|patients|her|his|their|family|daughter|son|wife|husband|mother"
    r"|father|mom|dad|dtr|sister|brother|caregiver|home|cell|mobile|personal|spouse|partner"
    r"|grand\w+|niece|nephew|neighbou?r|friend|work|lives)\b)"
    r"|患者|病人|환자"  # "patient" in Chinese and Korean
)
# The end of a sentence, not of "Dr." or an initial.
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b[Dd]r)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bSt)[.;!?]\s")
# Toll-free numbers are a company's or a pharmacy's, never a patient's.
_TOLL_FREE = re.compile(r"^(?:\+?1[ .-]?)?\(?8(?:00|33|44|55|66|77|88)\)?[ .-]")
_CALLBACK_BEFORE = re.compile(
    r"(?i:\b(?:cb|call ?back|call-back|callback)\s*(?:#|no\.?|number)?[:#]?\s*)$"
)
_PATIENT_PHONE_BEFORE = re.compile(
    r"(?i:\b(?:pt|patient|home|cell|mobile|personal|callback|call back|cb|caller|her|his|wife"
    r"|husband|daughter|son|grandson|granddaughter|sister|brother|caregiver|mother|father|mom"
    r"|dad)\b[^.;\n]{0,20})$"
)


_LETTER_ZERO = re.compile(r"(?<=\d)[Oo](?=[\d/.-]*\d)|(?<=\d[/.-])[Oo](?=\d)")

#: (start, end, priority, kind): one match of one layer; a lower priority wins a tie.
Candidate = tuple[int, int, int, PhiKind]


def hcp_mask(text: str) -> bytearray:
    """1 where a character belongs to an HCP name ("Dr. Chen", "Ana Ruiz, NP"): business
    contacts, not PHI, whichever layer finds them."""
    hcp = bytearray(len(text))
    for match in _HCP_NAME.finditer(text):
        hcp[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    return hcp


def rule_candidates(text: str, hcp: bytearray | None = None) -> list[Candidate]:
    """Every match of every pattern."""
    hcp = hcp_mask(text) if hcp is None else hcp
    found = []
    # A letter O typed for a zero inside a number ("555-4O2-7788", "05/o9/2024") hides it from
    # every numeric pattern: read the text once more with those letters as zeros (same length,
    # so the offsets hold).
    zeroed = _LETTER_ZERO.sub("0", text)
    texts = (text,) if zeroed == text else (text, zeroed)
    for priority, (kind, pattern) in enumerate(_PATTERNS):
        group = "v" if "v" in pattern.groupindex else 0
        for match in (m for t in texts for m in pattern.finditer(t)):
            start, end = match.span(group)
            if start >= end or (kind is PhiKind.NAME and any(hcp[start:end])):
                continue
            if kind is PhiKind.PHONE and _office_phone(text, start, end):
                continue
            found.append((start, end, priority, kind))
    # (where no pattern found anything: "SSN 521-44-9087" is its cue's)
    found += [
        (start, end, len(_PATTERNS), PhiKind.ID)
        for start, end in _uncued_ids(text)
        if not any(s < end and start < e for s, e, _, _ in found)
    ]
    return list(dict.fromkeys(found))


# A record number with no cue before it, among the patient's particulars: "Pt: Hiroshi
# Nakamura, 00739218 (hospital #)", "pt NM 7742 0918", "wristband HF00398127".
_UNCUED_ID = re.compile(
    r"(?<![\w#/.:$+*-])(?:[A-Z]{1,5}[ -]){0,2}(?:[A-Z]{1,5}[ -]?)?\d[\dA-Z]*(?:[ -]\d[\dA-Z]*){0,3}"
    r"(?![\w/-]|[.,]\d)"
)
# "list no. UNOS-TX-448812", "recipient # GA-MA-10477218": a number sign names an id anywhere.
_NUMBER_SIGN_BEFORE = re.compile(r"(?i:(?:#|\bno\.|\bnumber))\s*[:#]?\s*$")
_MIN_ID_DIGITS, _MAX_ID_DIGITS = 6, 20
# Codes the business keeps, named by a cue a few words before them or as their prefix.
_BUSINESS_CODE_BEFORE = re.compile(
    r"(?i:\b(?:lot|batch|ndc|npi|nct|study|trial|protocol|case|ref|reference|report|mir|territory"
    r"|rep|sample|kit|item|order|invoice|fax|ph|tel|phone|office|line|call|ext|exp|expiry|udi"
    r"|gtin|tracking|complaint|ticket|sku|ae|pc|po|bin|pcn|grp|group|rxbin|ctr|site|code|version"
    r"|form|model|catalog|cat|crf|pqc|capa|deviation|inquiry|request)\b[^\n;]{0,12}$)"
)
_BUSINESS_PREFIX = frozenset(
    "NPI NDC NCT BIN PCN LOT AE PC PQC CRF MIR GTIN UDI REF CTR REP SKU PO CAT".split()
)
_PATIENT_BEFORE = re.compile(
    r"(?i:\b(?:pt|pts|patient|dob|d\.o\.b|born|wristband|his|her|their)\b)"
    r"|\b\d{1,3}\s?[MF]\b|\b\d{1,3}\s?y/?o\b"
)
_MEASURE_AFTER = re.compile(
    r"^\s*(?i:mg|mcg|g\b|ml|units?|iu|copies|cells|/|%|x\b|k\b|mmol|mol|ng|pg|kg|lbs?)"
)


def _uncued_ids(text: str) -> list[tuple[int, int]]:
    """Spans of ``_UNCUED_ID`` numbers in a clause about the patient: six digits or more, not
    a phone number or a measured value, and neither a code the business keeps (lot, NDC, NPI,
    study, case) by its prefix or its cue."""
    found = []
    for match in _UNCUED_ID.finditer(text):
        start, end = match.span()
        token = match.group()
        digits = sum(c.isdigit() for c in token)
        # its letter groups before the digits ("UNOS-TX-", "HF")
        prefixes = set(re.findall(r"^[A-Z]+|\b[A-Z]+\b(?=[ -])", token))
        if not _MIN_ID_DIGITS <= digits <= _MAX_ID_DIGITS or prefixes & _BUSINESS_PREFIX:
            continue
        if re.fullmatch(r"(?:1[ -])?\d{3}[ -]\d{3}[ -]\d{4}|\d{3}[ -]\d{4}", token):
            continue
        before = text[max(0, start - 40) : start]
        if _BUSINESS_CODE_BEFORE.search(before) or _MEASURE_AFTER.match(text[end:]):
            continue
        newline = text.rfind("\n", max(0, start - 120), start)
        clause = text[newline + 1 if newline >= 0 else max(0, start - 120) : start]
        clause = clause[max((m.end() for m in _SENTENCE_END.finditer(clause)), default=0) :]
        if _PATIENT_BEFORE.search(clause) or _NUMBER_SIGN_BEFORE.search(before):
            found.append((start, end))
    return found


# A date after these words is when a product lot expires, which the business keeps.
_EXPIRY_BEFORE = re.compile(
    r"(?i:\b(?:exp|expiry|expiring|expires|expired|expiration(?: date)?|use by|best before)"
    r"\b\.?\s*(?:on\s+|date\s+)?[:=]?\s*)$"
)


def product_expiry(text: str, start: int) -> bool:
    """Whether the date starting at ``start`` is a product's expiry ("lot KX23B017, expiring
    2025-08-31"), not a date of the patient's."""
    return _EXPIRY_BEFORE.search(text[max(0, start - 30) : start]) is not None


def _office_phone(text: str, start: int, end: int) -> bool:
    """The practice's line ("office 312-555-0148", "555-0100 (office)"), not the patient's."""
    before = text[max(0, start - 40) : start]
    if _CALLBACK_BEFORE.search(before):  # "called office, cb 718-...": the caller's number
        return False
    if _PERSONAL_PHONE_AFTER.match(text[end:]):
        return False
    office = _OFFICE_PHONE_BEFORE.search(before)
    patient = _PATIENT_PHONE_BEFORE.search(before)
    # "Johns Hopkins Home Infusion (office 410-...)": the cue nearer the number wins
    if (
        patient
        and not (
            office
            and office.start() > patient.start()
            # "her office fax" is the relative's own line
            and not re.search(r"(?i:\b(?:her|his|their)\s+)$", before[: office.start()])
        )
    ):
        return False
    if office or _OFFICE_PHONE_AFTER.match(text[end:]) or _TOLL_FREE.match(text[start:end]):
        return True
    # the sentence before the number, on its line ("Dr. Méndez. Spanish speaker. ph ..." is
    # the patient's)
    newline = text.rfind("\n", max(0, start - 160), start)
    line = text[newline + 1 if newline >= 0 else max(0, start - 160) : start]
    line = line[max((m.end() for m in _SENTENCE_END.finditer(line)), default=0) :]
    practice = next(reversed(list(_PRACTICE_BEFORE.finditer(line))), None)  # the nearest
    return (
        practice is not None
        and not _PATIENT_WORD.search(line, practice.end())
        # "Patient's daughter, Dr. Agnieszka Kowalczyk ...", "her dtr chiamaka calls ofc"
        and not _PATIENT_WORD.search(line, max(0, practice.start() - 25), practice.start())
    )


def resolve(text: str, candidates: list[Candidate]) -> list[RedactedSpan]:
    """The spans to redact: overlapping candidates, the longest wins (then the lower priority)."""
    taken = bytearray(len(text))  # a bitmap keeps overlap checks linear in the text length
    chosen: list[RedactedSpan] = []
    for start, end, _, kind in sorted(candidates, key=lambda c: (c[0] - c[1], c[2], c[0])):
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            chosen.append(RedactedSpan(kind, start, end))
    # Presidio's anonymizer writes one token for two finds of a kind with only spaces between
    # ("[GEO] [GEO]" becomes "[GEO]"): the spans say the same, so that they rebuild the text.
    merged: list[RedactedSpan] = []
    for span in sorted(chosen, key=lambda span: span.start):
        last = merged[-1] if merged else None
        if last and last.kind == span.kind and not text[last.end : span.start].strip():
            merged[-1] = RedactedSpan(span.kind, last.start, span.end)
        else:
            merged.append(span)
    return merged
