"""Which label sentences the offline provider may state as they are."""

from __future__ import annotations

import pytest

from assistant.providers.extractive import _is_claim


@pytest.mark.parametrize(
    "sentence",
    [
        # Short instructions are whole claims (labels' storage and administration lines).
        "Store at 25°C (77°F).",
        "Swallow capsules whole without chewing.",
        "Protect from excessive moisture.",
        "DO NOT USE DEXTROSE (5%) SOLUTION.",
        # A sentence the label left unpunctuated after its cross-reference.
        "Store at room temperature 20°C to 25°C (68°F to 77°F); excursions permitted between "
        "15°C to 30°C (59°F to 86°F) [see USP Controlled Room Temperature]",
        "The recommended dose of HUMIRA for adult patients with RA is 40 mg every other week.",
    ],
)
def test_sentences_a_rep_can_be_shown(sentence: str) -> None:
    assert _is_claim(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "WARNING: HEPATOTOXICITY",  # a heading
        "14.1 Previously Treated Ulcerative Colitis (VELO-UC-301)",
        "Store at 25°C",  # no sentence end
        "Patients were randomized.",  # too short to be a claim, and no instruction
        "Diarrhea | 19% | 11%",  # a table row without its caption and header
        "See full prescribing information for complete boxed warning.",
        "USE IN SPECIFIC POPULATIONS AND OTHER HEADINGS IN CAPITALS",
        # A counseling heading worded as a question, pointing elsewhere: it answers nothing.
        "What to do if a dose is missed [see Dosage and Administration (2.2 and 2.3) ].",
    ],
)
def test_headings_fragments_and_bare_rows_are_not(sentence: str) -> None:
    assert not _is_claim(sentence)
