"""PHI redaction for CRM call notes and medical inquiries.

Reps and MSLs sometimes write patient details into their notes. Before a note is indexed, stored
or sent to a model, ``redact`` replaces HIPAA safe-harbor identifiers with readable tokens such as
``[NAME]`` or ``[DOB]``, so the note still makes sense to a reader or an LLM.

Detection is rule based (stdlib ``re``) and cue driven for names: a capitalised word is a patient
name only next to a cue ("patient", "Mrs.", "her son", "(DOB", ...). HCP names ("Dr. Chen",
"Ana Ruiz, NP") are business contacts and are kept, as are product names, years, month + year
(both allowed by safe harbor) and clinical text (doses, lab values, trial and approval codes).

The result records the kind and position of each redaction, never the value it replaced.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["PhiKind", "RedactedSpan", "RedactionResult", "redact"]


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
    rf"|{_YEAR}[-/]{_MM}[-/]{_DD}(?!\d))(?![\w/-]){_NO_UNIT}"
    rf"|{_MONTH}\s+{_DD}{_ORD}(?!\d)(?:,?\s+{_YEAR})?(?!\d)"  # March 14, 1962 / Mar 14th
    rf"|(?<![\w.]){_DD}{_ORD}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?(?!\d)"  # 14 March 1962
)
# Month/day without a year is ambiguous with fractions ("1/2 tablet"), so it needs a cue.
_SHORT_DATE = rf"{_MM}/{_DD}(?![\w/]|\.\d){_NO_UNIT}"
_DATE_CUE = (
    r"(?i:\b(?:on|since|from|until|till|through|dated|before|after|as of|effective|starting"
    r"|seen|visit|admitted|discharged|DOS)\b)[:\s]\s*"
)

_STATE = (
    r"(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI"
    r"|S[CD]|T[NX]|UT|V[AT]|W[AIVY])"
)
_ZIP = r"\d{5}(?:-\d{4})?(?![\w-])"

# Capitalised words that follow our cues without being names: pronouns, note verbs, programs,
# weekdays, HCP titles and product names (upper-case spellings never match a name word anyway).
_NOT_A_NAME = (
    r"Patient|Patients|Pt|Dr|Doctor|Prof|Professor|Nurse|Mr|Mrs|Ms|Miss|Mx|The|This|That|These"
    r"|Those|He|She|They|It|We|I|His|Her|Their|A|An|And|But|Or|If|When|While|With|Without|Who"
    r"|Was|Is|Has|Had|Will|Would|Can|Could|On|In|At|For|From|To|Of|By|Per|Not|No|Yes|Also|Then"
    r"|Today|Yesterday|Tomorrow|Assistance|Support|Services|Service|Program|Portal|Hub|Education"
    r"|Access|Advocate|Navigator|Reported|Reports|Started|Stopped|Discussed|Reviewed|Asked|Called"
    r"|Seen|Saw|Met|Noted|Mentioned|Visited|Follow|Regarding|Re|Case|Note|Notes|Inquiry"
    r"|Question|Update|Male|Female|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|Zorvexa|Imrelza|Neurevia|Migralis|Hemoravix|Onquira|Colivant"
)
_WORD = (
    rf"(?!(?:{_NOT_A_NAME})\b)(?!{_MONTH}\s+\d)"  # a month before a number is a date
    r"(?![A-Za-z]+(?:mab|nib|cept|parin|tide)\b)"  # generic-drug stems
    r"[A-Z](?:[a-z]+(?:[A-Z][a-z]+)?|['\u2019][A-Z][a-z]+)(?:-[A-Z][a-z]+)?\b"  # Lee, McKay, O'Neil
)
_INITIAL = r"[A-Z]\.(?=\s)"
_INITIALS = r"\b[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.)?"  # "pt M.R."; dotless "MS" is a disease
_NAME = rf"(?:{_INITIAL}\s+)?{_WORD}(?:\s+{_INITIAL})?(?:\s+{_WORD}){{0,2}}"
_FULL_NAME = rf"{_WORD}(?:\s+{_INITIAL})?(?:\s+{_WORD}){{1,3}}"  # at least two words

_PATIENT_CUE = (
    r"\b(?:[Pp]atient|[Pp]t\.?)(?:'s)?(?:(?:\s+name(?:\s+is|\s*:)?|\s+named|\s*[:,])?\s+|\s*\(\s*)"
)
_HONORIFIC_CUE = r"\b(?:Mr|Mrs|Ms|Mx|Miss)\b\.?\s+"
_RELATIVE_CUE = (
    r"(?i:\b(?:son|daughter|wife|husband|spouse|partner|mother|father|mom|mum|dad|brother"
    r"|sister|grandson|granddaughter|grandmother|grandfather|parent|guardian|caregiver"
    r"|niece|nephew|aunt|uncle|cousin|fianc[ée]e?|boyfriend|girlfriend|caller)"
    r"|\bnamed)(?:\s*[,:(]\s*|\s+)"
)
# A name is also given away by what follows it: "Jane Doe (DOB ...", "Jane Doe, 54 y/o".
_IDENTITY_FOLLOWS = (
    r"(?=\s*[(,;:\u2013-]?\s*(?:(?i:DOB|D\.O\.B|date of birth|born|MRN|medical record)\b"
    r"|(?i:age[ds]?)\s*:?\s*\d|(?:an?\s+)?\d{1,3}\s*-?\s*(?:y/?o|yo|years?[- ]old|[MF])\b))"
)

_ID_VALUE = r"(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]{3})[A-Z0-9]+(?:-[A-Z0-9]+)*(?![\w-])"
_ID_NUMBER = r"(?:\s*(?:ID|number|num|no\.?|#))"
_ID_SEP = r"\s*[:#-]?\s*(?:is\s+)?"

# (kind, pattern): when a pattern has a group named "v", only that group is redacted and the cue
# around it stays, so "DOB 3/14/62" reads "DOB [DOB]". On equal length the earlier entry wins.
_PATTERNS: tuple[tuple[PhiKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (PhiKind.EMAIL, r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b"),
        (PhiKind.URL, r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?]"),
        (
            PhiKind.IP,
            r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}"
            r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\w|\.\d)",
        ),
        (PhiKind.SSN, r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])"),
        (
            PhiKind.SSN,
            r"(?i:\b(?:SSN|SS#|social security(?:\s+(?:number|no\.?|#))?))\s*[:#]?\s*"
            r"(?P<v>\d{3}[- ]?\d{2}[- ]?\d{4}|\d{4})(?!\d)",
        ),
        (
            PhiKind.PHONE,
            r"(?<![\w-])(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}"
            r"(?:,?\s*(?i:ext\.?|x|extension)\s*\d{1,6})?(?![\w-])",
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
        (PhiKind.DATE, rf"{_DATE_CUE}(?P<v>{_SHORT_DATE})"),
        (
            PhiKind.MRN,
            r"(?i:\b(?:MRN|M\.R\.N\.?|med(?:ical)?\.?\s+rec(?:ord)?s?|chart|record"
            rf"|patient\s+ID|pt\.?\s+ID){_ID_NUMBER}?){_ID_SEP}(?P<v>{_ID_VALUE})",
        ),
        (
            PhiKind.ID,
            r"(?i:\b(?:acct|(?:account|member|subscriber|policy|insurance|health plan|beneficiary"
            rf"|medicaid|medicare|driver'?s licen[cs]e|license plate|serial){_ID_NUMBER}))"
            rf"{_ID_SEP}(?P<v>{_ID_VALUE})",
        ),
        (
            PhiKind.ADDRESS,
            r"(?<![\w.-])\d{1,6}[A-Z]?\s+(?:(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th)|[NSEW]\.?)\s+)"
            r"{1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Court|Ct|Place|Pl"
            r"|Way|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Plaza"
            r"|Loop|Pike|Crescent"
            # "Dr" followed by a capitalised word is more likely "Dr. Smith" than a street
            r"|Dr(?!\.?\s+(?!(?:Apt|Suite|Ste|Unit)\b)[A-Z][a-z]))\b(?:\.(?=,))?"
            r"(?:\.?,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Rm|Room|Fl|Floor|#)\.?\s*#?\s*[A-Za-z0-9-]+)?"
            # a city only where a state, a ZIP or the end of the clause shows it is one
            rf"(?:,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}}(?=,?\s*(?:{_STATE}\b|\d{{5}})|\s*[.;)\n]|$))?"
            rf"(?:,?\s*{_STATE}\b)?(?:\s+{_ZIP})?",
        ),
        (PhiKind.ADDRESS, r"\bP\.?\s?O\.?\s*Box\s+\d+"),
        (PhiKind.ADDRESS, rf"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}},\s*{_STATE}\s+{_ZIP}"),
        (PhiKind.ZIP, rf"(?i:\bzip(?:\s*code)?)\s*[:#]?\s*(?:is\s+)?(?P<v>{_ZIP})"),
        (PhiKind.ZIP, rf"(?:\b{_STATE}|,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?),?\s+(?P<v>{_ZIP})"),
        (PhiKind.NAME, rf"{_PATIENT_CUE}(?P<v>{_NAME})"),
        (PhiKind.NAME, rf"{_HONORIFIC_CUE}(?P<v>{_NAME})"),
        (PhiKind.NAME, rf"{_PATIENT_CUE}(?P<v>{_INITIALS})"),
        (PhiKind.NAME, r"(?i:initials)\s*:?\s*(?P<v>[A-Z]\.?\s?[A-Z]\.?(?:\s?[A-Z]\.?)?)(?!\w)"),
        (PhiKind.NAME, rf"{_RELATIVE_CUE}(?P<v>{_NAME})"),
        (PhiKind.NAME, rf"\b(?P<v>{_FULL_NAME}){_IDENTITY_FOLLOWS}"),
    )
)

# HCP names are business contacts, not PHI: a name candidate touching one is dropped.
_HCP_NAME = re.compile(
    rf"\b(?:Dr|Doctor|Prof|Professor)\b\.?\s+{_NAME}"
    rf"|{_NAME},?\s+(?:MD|M\.D\.|DO|NP|PA-C|PA|PharmD|RN|APRN|FNP(?:-C)?|PhD|MBBS)\b"
)


def _candidates(text: str) -> list[tuple[int, int, int, PhiKind]]:
    """Every match of every pattern as (start, end, priority, kind)."""
    hcp = bytearray(len(text))  # 1 where a character belongs to an HCP name
    for match in _HCP_NAME.finditer(text):
        hcp[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    found = []
    for priority, (kind, pattern) in enumerate(_PATTERNS):
        group = "v" if "v" in pattern.groupindex else 0
        for match in pattern.finditer(text):
            start, end = match.span(group)
            if start < end and not (kind is PhiKind.NAME and any(hcp[start:end])):
                found.append((start, end, priority, kind))
    return found


def redact(text: str) -> RedactionResult:
    """Replace PHI in ``text`` with ``[KIND]`` tokens; overlapping matches: the longest wins."""
    taken = bytearray(len(text))  # a bitmap keeps overlap checks linear in the text length
    chosen: list[RedactedSpan] = []
    for start, end, _, kind in sorted(_candidates(text), key=lambda c: (c[0] - c[1], c[2], c[0])):
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            chosen.append(RedactedSpan(kind, start, end))
    chosen.sort(key=lambda span: span.start)

    parts: list[str] = []
    cursor = 0
    for span in chosen:
        parts += [text[cursor : span.start], span.token]
        cursor = span.end
    parts.append(text[cursor:])
    return RedactionResult("".join(parts), tuple(chosen))
