"""Clinicians' abbreviations read from the labels that spell them out (knowledge_base.acronyms),
and what question search does with them: the long form joins the query, and a question naming
no product is about the one product whose indications its abbreviation names."""

from __future__ import annotations

import pytest

from assistant.workflows.search import QuestionSearch
from knowledge_base.acronyms import abbreviations_in, long_form, long_forms

# Indications and Usage wording of the real labels (../shared/data/labels), shortened.
ELIQUIS = (
    "ELIQUIS is indicated to reduce the risk of stroke and systemic embolism in adult patients "
    "with nonvalvular atrial fibrillation. ELIQUIS is indicated for the treatment of deep vein "
    "thrombosis (DVT)."
)
RINVOQ = (
    "Ulcerative Colitis: RINVOQ is indicated for the treatment of adults with moderately to "
    "severely active ulcerative colitis. Crohn's Disease: adults with moderately to severely "
    "active Crohn's disease."
)
VIAGRA = "VIAGRA is indicated for the treatment of erectile dysfunction."
KEYTRUDA = (
    "KEYTRUDA is indicated for the treatment of patients with locally advanced or metastatic "
    "urothelial carcinoma. Exon 19 deletions may be contingent upon verification."
)
INDICATIONS = {"ELIQUIS": ELIQUIS, "RINVOQ": RINVOQ, "VIAGRA": VIAGRA, "KEYTRUDA": KEYTRUDA}
PRODUCTS = [
    "ELIQUIS (apixaban)",
    "RINVOQ (upadacitinib)",
    "VIAGRA (sildenafil)",
    "KEYTRUDA (pembrolizumab)",
]


@pytest.mark.parametrize(
    ("short", "text", "expected"),
    [
        ("NVAF", ELIQUIS, "nonvalvular atrial fibrillation"),  # a prefix's part: N-V
        ("afib", ELIQUIS, "atrial fibrillation"),  # clipped, in lower case
        ("UC", RINVOQ, "Ulcerative Colitis"),  # the first, shortest one
        ("CD", RINVOQ, "Crohn's Disease"),
        ("ED", VIAGRA, "erectile dysfunction"),
        (
            "HeFH",
            "heterozygous familial hypercholesterolemia (in children)",
            "heterozygous familial hypercholesterolemia",
        ),
        ("AML", "acute myeloid leukemia in adults", "acute myeloid leukemia"),
    ],
)
def test_a_label_spells_out_the_abbreviation(short: str, text: str, expected: str) -> None:
    assert long_form(short, text) == expected


@pytest.mark.parametrize(
    ("short", "text"),
    [
        ("ED", KEYTRUDA),  # "Exon 19 Deletions": a number between
        ("MBC", KEYTRUDA),  # "may be contingent": no content words
        ("ALL", "patients who have also lost response"),  # "also lost" is no A-L-L
        ("AML", "adults with moderately active disease"),  # "ML" is no prefix's part
        ("UC", "ulcers"),  # one word is no abbreviation's long form
    ],
)
def test_words_that_only_share_letters_are_no_long_form(short: str, text: str) -> None:
    assert long_form(short, text) is None


def test_which_tokens_read_as_abbreviations() -> None:
    found = abbreviations_in(
        "NVAF pt on eliquis, afib since 2019, IV bid ok? HeFH in RINVOQ", ["rinvoq"]
    )
    assert found == ["NVAF", "afib", "HeFH"]  # not a product, shorthand, an English word


def test_a_label_using_the_abbreviation_itself_names_it_only_when_asked() -> None:
    texts = {"VENCLEXTA": "newly diagnosed AML in adults", "OTHER": "acute myeloid leukemia"}
    assert long_forms("AML", texts) == {"OTHER": "acute myeloid leukemia"}
    assert long_forms("AML", texts, own_use=True) == {
        "VENCLEXTA": "AML",
        "OTHER": "acute myeloid leukemia",
    }


def test_question_search_adds_the_long_form_and_finds_the_one_product() -> None:
    named = QuestionSearch("rinvoq UC induction dose + how long?", [], PRODUCTS, INDICATIONS)
    assert named.products == ["RINVOQ (upadacitinib)"]
    assert named.query.endswith("Ulcerative Colitis")
    # no product named: the one whose indications the abbreviation names, also for the
    # follow-up that leans on it
    unnamed = QuestionSearch(
        "when do you drop to the reduced dose in NVAF?", [], PRODUCTS, INDICATIONS
    )
    assert unnamed.products == ["ELIQUIS (apixaban)"]
    follow_up = QuestionSearch(
        "is age one of them?", [("user", "reduced dose in NVAF?")], PRODUCTS, INDICATIONS
    )
    assert follow_up.products == ["ELIQUIS (apixaban)"]
    # an abbreviation two products' indications spell out names neither
    ambiguous = {"RINVOQ": RINVOQ, "HUMIRA": "adults with ulcerative colitis"}
    assert QuestionSearch("UC induction dose?", [], PRODUCTS, ambiguous).products == []
    # an abbreviation two labels spell out tells nothing; the one that names one product does
    crowded = {
        **INDICATIONS,
        "RINVOQ": RINVOQ + " Severe Crohn's",
        "KEYTRUDA": KEYTRUDA + " Squamous Cribriform",
    }
    scr = QuestionSearch("NVAF pt, SCr 1.2 - 5 or 2.5 mg?", [], PRODUCTS, crowded)
    assert scr.products == ["ELIQUIS (apixaban)"]
    # without the indications, nothing is read
    assert QuestionSearch("reduced dose in NVAF?", [], PRODUCTS).products == []
    # a label's own use of a standard abbreviation names no product: to a rep "GI" is the gut
    # (a gastroenterologist), not LYNPARZA's "genomic instability (GI)"
    with_lynparza = [*PRODUCTS, "LYNPARZA (olaparib)"]
    for lynparza in ("positive for genomic instability (GI) status", "genomic instability"):
        gi = {**INDICATIONS, "LYNPARZA": lynparza}
        assert QuestionSearch("peds GI asks about a 12 yo", [], with_lynparza, gi).products == []
    # where a label spells it out as everyone does, it names that label's product
    bowel = {**INDICATIONS, "LYNPARZA": "gastrointestinal (GI) stromal tumors"}
    assert QuestionSearch("GI pt dose?", [], with_lynparza, bowel).products == [
        "LYNPARZA (olaparib)"
    ]
