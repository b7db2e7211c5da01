"""Which label sentences the offline provider may state as they are."""

from __future__ import annotations

import pytest

from assistant.grounding.sentences import split_sentences
from assistant.providers.extractive import _is_claim, _restates


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
        # A sentence opening with its condition is no question heading.
        "When traveling, store HUMIRA in a cool carrier with an ice pack.",
        "When CAMBIA and lithium are administered concurrently, observe patients carefully.",
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


def test_a_reference_closing_a_sentence_is_no_initial() -> None:
    # "(5.5) ]." ends a sentence: the bracket before the period is not "J." of a name.
    passage = (
        "STELARA is contraindicated in patients with clinically significant hypersensitivity to "
        "ustekinumab [see Warnings and Precautions (5.5) ]. Clinically significant "
        "hypersensitivity to ustekinumab. ( 4 ) Dr. J. Smith wrote it."
    )
    assert split_sentences(passage) == [
        "STELARA is contraindicated in patients with clinically significant hypersensitivity to "
        "ustekinumab [see Warnings and Precautions (5.5) ].",
        "Clinically significant hypersensitivity to ustekinumab. ( 4 ) Dr. J. Smith wrote it.",
    ]


def test_an_item_of_a_list_that_lost_its_bullets_ends_at_its_cross_reference() -> None:
    # KRYSTEXXA's contraindications as openFDA gives them: the items run together.
    passage = (
        "KRYSTEXXA is contraindicated in: Patients with glucose-6-phosphate dehydrogenase "
        "(G6PD) deficiency [see Warnings and Precautions (5.3) ] Patients with history of "
        "serious hypersensitivity reactions to KRYSTEXXA. Cited [1] The next."
    )
    first, second, third = split_sentences(passage)
    assert first.endswith("(G6PD) deficiency [see Warnings and Precautions (5.3) ]")
    assert _is_claim(first)
    assert second.startswith("Patients with history")
    assert third == "Cited [1] The next."  # a numbered citation is no item's end


def test_bands_that_differ_in_their_figures_are_both_candidates_for_an_answer() -> None:
    # Adults' and children's infusion times read alike to an embedding; they are two claims.
    assert not _restates(
        "Infusion time must be at least 30 minutes.", "Infusion time must be at least 10 minutes."
    )
    assert _restates(
        "Store at 25°C [see Storage (16.2)].", "Store at 25°C [see How Supplied (16.1)]."
    )
    # Rows of one table look alike (caption and header): they count against the rows allowed.
    row = "Table 2: Dose (Week | Dose): Week {} | {} mg."
    assert _restates(row.format(1, 20), row.format(2, 50))
