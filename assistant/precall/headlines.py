"""Headline results: what a label's clinical studies found, as the label states it.

A rep's efficacy talking point is a primary-endpoint result with its numbers and comparator
("Median PFS in months | 18.9 | 10.2", "HR 0.46"), not the trial's design or its patients'
baseline ("Randomization was stratified by ...", "The median age was 64 years"). Results live
in two places in section 14: captioned efficacy tables, whose rows are stated with caption and
header (``assistant.grounding.tables``) so the verifier supports them exactly as printed, and
result sentences. Both are quoted verbatim; nothing here paraphrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.grounding.sentences import reads_alone, split_sentences
from assistant.grounding.tables import stated_rows
from assistant.passage_blocks import row_readout

__all__ = ["Headline", "headline_results", "is_result_sentence"]

# Captions of tables that report efficacy, and of those that do not (patients, safety, PK).
_RESULTS_CAPTION = re.compile(
    r"efficacy|results?\b|outcomes?|response|survival|endpoints?|remission|change from baseline"
    r"|responders?|relapse|recurrence|exacerbation|pain|migraine|\beffects? of\b|\bevents\b",
    re.I,
)
_OTHER_CAPTION = re.compile(
    r"demographic|baseline (?:disease )?characteristics|patient characteristics|disposition"
    r"|adverse|pharmacokinetic|exposure|discontinu|laboratory abnormalit|prior therap",
    re.I,
)
# Row labels that state an effect size (what a rep quotes), best first.
_EFFECT_ROWS = (
    re.compile(r"hazard ratio|\bHR\b|odds ratio|relative risk|risk ratio", re.I),
    re.compile(r"\bmedian\b|\bmean\b|difference|change from baseline|reduction", re.I),
    re.compile(
        r"response rate|\bORR\b|\bpCR\b|remission|responders?|pain[- ]free|freedom|"
        r"rate\b|proportion|\bpercent|%\s*(?:of\s+)?(?:patients|subjects)",
        re.I,
    ),
)
# Rows that count or test rather than state an effect: events, deaths, p-values alone.
_COUNT_ROW = re.compile(
    r"^(?:number of|no\. of|\w+ events|events|progressive disease|deaths?\b|death\w*without|"
    r"p[- ]?value|complete response|partial response|stable disease|censored|n\b|"
    r"(?:mean |median )?baseline)",
    re.I,
)
# "The major efficacy outcome measure was progression-free survival (PFS)": the endpoint a
# headline reports first.
_PRIMARY = re.compile(
    r"(?:major|main|primary|key)\s+(?:efficacy\s+)?(?:outcome\s+measures?|endpoints?|"
    r"efficacy\s+(?:outcome|endpoint|measure)s?)\s+(?:was|were|is|included)\s+([^.;]{3,160})",
    re.I,
)
_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z0-9-]{1,9})\b")
_PRIMARY_WORD = re.compile(r"\bprimary\b", re.I)
# A result sentence: an effect with its numbers, against a comparator.
_EFFECT_WORDS = re.compile(
    r"hazard ratio|\bHR\b|odds ratio|relative risk|\bmedian\b|\bmean\b|response rate|\bORR\b|"
    r"reduc(?:ed|tion)|improve(?:d|ment)|difference|remission|responders?|pain[- ]free|"
    r"significant(?:ly)?|superior|non-?inferior|treatment effect|achiev(?:ed|ing)",
    re.I,
)
_COMPARATOR = re.compile(
    r"\b(?:vs\.?|versus|compared (?:with|to)|relative to|than|placebo|control arm|"
    r"comparator)\b",
    re.I,
)
# A figure, not the digit of a trial's name ("SOLO-1", "CD-III").
_NUMBER = re.compile(r"(?<![A-Za-z])(?<![A-Za-z]-)\d")
# Design, eligibility and baseline sentences: what the issue says is not a talking point.
_DESIGN = re.compile(
    r"\brandomi[sz]ed\s+(?:\(|\d|to\b|in\b|1:1|2:1)|\bwere randomi[sz]ed\b|stratifi|\benrolled\b|"
    r"\beligib|\bmedian age\b|\bmean age\b|years of age|\byears old\b|\bbaseline\b|"
    r"\bwere (?:male|female|white|black|asian|caucasian)|\bdemographic|\binclusion|exclusion|"
    r"\bwere required\b|\bwas designed\b|\bwere excluded\b|received (?:a |an )?(?:median|mean) of|"
    r"follow-up|data cut-?off|\bcrossed? over\b|double-blind|placebo-controlled|multicenter|"
    r"open-label|\btrial (?:that )?(?:included|enrolled)|\bwas evaluated in\b|administered|"
    r"\bcriteria\b|\bdefined as\b|\bwere treated with\b|\bstudy population\b",
    re.I,
)


# Exploratory, subgroup or negative findings: true, but not a headline.
_SECONDARY = re.compile(
    r"exploratory|subgroup|post[- ]hoc|(?:supportive|sensitivity) analys[ie]s|not observed|"
    r"failed to|did not (?:show|demonstrate)",
    re.I,
)


@dataclass(frozen=True)
class Headline:
    """One result, quoted: its statement, where it runs in the section text, and its rank."""

    statement: str
    start: int
    end: int
    study: str  # the table caption, or the sentence's own words for a prose result
    rank: tuple[int, int, int]  # lower first: (primary endpoint?, effect kind, position)


def is_result_sentence(sentence: str) -> bool:
    """A sentence stating an efficacy result: an effect word, a number and a comparator, and
    none of the design, eligibility or baseline wording, nor an exploratory or subgroup one."""
    return bool(
        _NUMBER.search(sentence)
        and _EFFECT_WORDS.search(sentence)
        and _COMPARATOR.search(sentence)
        and not _DESIGN.search(sentence)
        and not _SECONDARY.search(sentence)
        and not sentence.startswith(("Figure", "Table"))
        and len(sentence.split()) >= 6
    )


def _primary_terms(text: str) -> list[str]:
    """Words naming the section's primary endpoints ("progression-free survival", "PFS")."""
    terms: list[str] = []
    for match in _PRIMARY.finditer(text):
        stated = match.group(1)
        terms += _ABBREVIATION.findall(stated)
        named = re.sub(r"\([^)]*\)", "", stated)
        terms += [part.strip() for part in re.split(r",|\band\b|\bor\b", named) if part.strip()]
    return [t for t in terms if len(t) >= 2][:6]


def _effect_kind(label: str) -> int | None:
    if _COUNT_ROW.match(label.strip()):
        return None
    for kind, pattern in enumerate(_EFFECT_ROWS):
        if pattern.search(label):
            return kind
    return None


def _mentions(terms: list[str], text: str) -> bool:
    lowered = text.lower()
    return any(
        re.search(rf"(?<![A-Za-z]){re.escape(t)}(?![A-Za-z])", text)
        if t.isupper()
        else t.lower() in lowered
        for t in terms
    )


def headline_results(text: str) -> list[Headline]:
    """The section's quotable results, best first: rows of its efficacy tables that state an
    effect (hazard ratio, median, rate), then result sentences; the primary endpoint's first."""
    primary = _primary_terms(text)
    found: list[Headline] = []
    for position, row in enumerate(stated_rows(text)):
        if row.whole:
            continue  # its rows are stated one by one as well
        if not _RESULTS_CAPTION.search(row.caption) or _OTHER_CAPTION.search(row.caption):
            continue
        label = row.row.split(" | ")[0]
        kind = _effect_kind(label.split(" — ")[-1])
        if kind is None and not _COUNT_ROW.match(label.split(" — ")[-1].strip()):
            # The effect named by a column ("... | Hazard Ratio (95% CI)") over an endpoint's
            # row, or by the group heading it sits under ("Primary composite endpoint").
            named = [k for c in row.header.split(" | ") if (k := _effect_kind(c)) is not None]
            kind = min(named) if named else (1 if _PRIMARY_WORD.search(row.group) else None)
        if kind is None or not _NUMBER.search(row.row.split(" | ", 1)[-1]):
            continue
        if row_readout(row.statement) is None:
            continue  # which arm each value belongs to cannot be read from the header
        first = 0 if _mentions(primary, label) or _PRIMARY_WORD.search(label + row.group) else 1
        found.append(
            Headline(row.statement, row.start, row.end, row.caption, (first, kind, position))
        )
    offset = 0
    for position, sentence in enumerate(split_sentences(text)):
        start = text.find(sentence, offset)
        if start < 0:
            continue
        offset = start + len(sentence)
        if " | " in sentence or not reads_alone(sentence) or not is_result_sentence(sentence):
            continue  # a footnote ("p<0.001 for ... a Scale 0-78 b ..."), a fragment, or no result
        first = 0 if _mentions(primary, sentence) else 1
        found.append(Headline(sentence, start, offset, sentence, (first, 3, position)))
    return sorted(found, key=lambda h: h.rank)
