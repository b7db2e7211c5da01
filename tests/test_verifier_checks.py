"""The verifier's checks for the errors a model makes when it restates a label: swaps (signal 6),
scope (signal 7), numbers bound to the wrong statement (signal 8), comparators, and the faithful
rewording they must let through. Hand-made cases on real label wording, without an embedder;
the red-team sets measure the whole (tests/test_redteam_floor.py, bench/redteam.py)."""

from __future__ import annotations

import pytest

from assistant.audit.models import AuditSentence
from assistant.grounding.support import SupportVerifier
from assistant.grounding.support.contrast import anchored_reasons, contrast_reasons
from assistant.grounding.support.polarity import negation_reasons
from assistant.grounding.support.quantities import comparator_reasons
from assistant.grounding.support.wording import plain_claim
from assistant.grounding.verifier import CitationVerifier
from assistant.outputs import Sentence, Verdict
from assistant.providers.base import DraftClaim, NumberedSource
from knowledge_base.models import Chunk, SectionKind
from knowledge_base.retrieval import Evidence

ELIQUIS = (
    "ELIQUIS should be discontinued at least 48 hours prior to elective surgery or invasive "
    "procedures with a moderate or high risk of unacceptable or clinically significant bleeding. "
    "ELIQUIS should be discontinued at least 24 hours prior to elective surgery or invasive "
    "procedures with a low risk of bleeding. ELIQUIS should be restarted after the surgical or "
    "other procedures as soon as adequate hemostasis has been established."
)
LYNPARZA = (
    "Avoid coadministration of strong or moderate CYP3A inhibitors. If the inhibitor cannot be "
    "avoided, reduce the Lynparza dosage to 100 mg twice daily for strong CYP3A inhibitors.\n"
    "Reduce the Lynparza dosage to 150 mg twice daily for moderate CYP3A inhibitors."
)
KESIMPTA = (
    "Prior to initiating KESIMPTA, perform Hepatitis B virus (HBV) screening. KESIMPTA is "
    "contraindicated in patients with active HBV confirmed by positive results for Hepatitis B "
    "surface antigen [HBsAg] and anti-HBV tests."
)
REVLIMID = (
    "The recommended starting dose of REVLIMID is 25 mg orally once daily on Days 1-21 of "
    "repeated 28-day cycles in combination with dexamethasone. Refer to Section 14.1 for specific "
    "dexamethasone dosing."
)
TRIKAFTA = (
    "Moderate Hepatic Impairment (Child-Pugh Class B): Treatment is not recommended. Use of "
    "TRIKAFTA in patients with moderate hepatic impairment should only be considered when there "
    "is a clear medical need, and the benefit exceeds the risk."
)
VIAGRA = (
    "Consider a starting dose of 25 mg in patients > 65 years, patients with hepatic impairment "
    "(e.g., cirrhosis), and patients with severe renal impairment (creatinine clearance <30 "
    "mL/minute) because administration of VIAGRA in these patients resulted in higher plasma "
    "levels of sildenafil [see Use in Specific Populations (8.5, 8.6, 8.7)]."
)
NURTEC = (
    "Avoid use of NURTEC ODT in patients with severe hepatic impairment. No dosage adjustment is "
    "required in patients with mild or moderate hepatic impairment."
)


@pytest.fixture
def verifier() -> SupportVerifier:
    return SupportVerifier()


# Exceptions, bounds and generality left out of a passage sentence.
LEFT_OUT = [
    (  # an exception in brackets left out
        "A higher rate of malignancies was observed with the JAK inhibitor.",
        "A higher rate of malignancies (excluding NMSC) was observed with the JAK inhibitor.",
        "qualifier dropped",
    ),
    (  # a bound in brackets closing the sentence left out
        "No dose adjustment is recommended for patients with mild or moderate hepatic impairment.",
        "No dose adjustment is recommended for patients with mild or moderate hepatic "
        "impairment (total bilirubin <= 3 times ULN) [see Clinical Pharmacology (12.3)].",
        "qualifier dropped",
    ),
    (  # "minority" where the passage says "majority"
        "Most events occurred in the first week and the minority of events resolved.",
        "Most events occurred in the first week and the majority of events resolved.",
        "wording differs",
    ),
    (  # a rule the passage gives "in general", said for every case
        "If the drug requires interruption, administer corticosteroids until improvement "
        "to Grade 1 or less.",
        "In general, if the drug requires interruption, administer corticosteroids until "
        "improvement to Grade 1 or less.",
        "certainty added",
    ),
]


# Certainty and scope added to a passage sentence, and what is left out of it (12-06, sixth
# session).
ADDED_OR_LEFT_OUT = [
    (  # a hedge said as certain
        "Taking the tablet with a high-fat meal delays the onset of relief.",
        "Taking the tablet with a high-fat meal may delay the onset of relief.",
        "certainty added",
    ),
    (  # a permission said as a prohibition
        "Corticosteroids should not be continued during treatment with the product.",
        "Corticosteroids may be continued during treatment with the product.",
        "certainty added",
    ),
    (  # a widening the passage does not state
        "In all cases, withhold the drug until the reaction resolves to Grade 1.",
        "In general, withhold the drug until the reaction resolves to Grade 1.",
        "scope widened",
    ),
    (  # "suspected" where the passage says "confirmed", before a cross-reference
        "Permanently discontinue the drug if pneumonitis is suspected.",
        "Permanently discontinue the drug if pneumonitis is confirmed [see Warnings and "
        "Precautions (5.2)].",
        "wording differs",
    ),
    *LEFT_OUT,
]


@pytest.mark.parametrize(
    ("sentence", "passage", "reason"),
    [
        (  # time order swapped, both words elsewhere in the passage
            "ELIQUIS should be restarted after the procedure, before adequate hemostasis has "
            "been established.",
            ELIQUIS,
            "time order differs from source",
        ),
        (  # "starting at" a week of gestation made "before" it
            "Avoid use of NSAIDs, including CELEBREX, in pregnant women before 30 weeks of "
            "gestation.",
            "Avoid use of NSAIDs, including CELEBREX, in pregnant women starting at 30 weeks of "
            "gestation (third trimester).",
            "time order differs from source: 'before' vs 'after'",
        ),
        (  # "while" a drug is given made "before" it
            "Advise patients to refrain from driving before BLINCYTO is administered.",
            "Advise patients to refrain from driving and engaging in hazardous occupations or "
            "activities while BLINCYTO is being administered.",
            "time order differs from source: 'before' vs 'during'",
        ),
        (  # "within" a time made "after" it
            "In Studies 1 and 4, 71% of patients developed an ISR, which was typically reported "
            "after the first 4 weeks of therapy.",
            "In Studies 1 and 4, 71% of patients developed an ISR, which was typically reported "
            "within the first 4 weeks of therapy. The majority of ISRs were reported as mild.",
            "time bound differs from source: 'after'",
        ),
        (  # two words exchanged across the numbers they own
            "In a multi-center study, 120 hospitalized patients (88 women, 32 men) with "
            "temperatures of 101\N{DEGREE SIGN}F or greater were randomized to CALDOLOR.",
            "In a multi-center study, 120 hospitalized patients (88 men, 32 women) with "
            "temperatures of 101\N{DEGREE SIGN}F or greater were randomized to CALDOLOR.",
            "exchanged: the source says 'men' where the sentence says 'women'",
        ),
        (  # the first days of a cycle made its last
            "Hospitalization is recommended for the first 3 days of the first cycle and the last "
            "2 days of the second cycle.",
            "Hospitalization is recommended for the first 3 days of the first cycle and the first "
            "2 days of the second cycle.",
            "place in a series differs from source: 'last'",
        ),
        (  # direction swapped
            "Premature discontinuation of any oral anticoagulant, including ELIQUIS, decreases "
            "the risk of thrombotic events.",
            "Premature discontinuation of any oral anticoagulant, including ELIQUIS, increases "
            "the risk of thrombotic events.",
            "direction differs from source: 'decrease' vs 'increase'",
        ),
        (  # a schedule keeps its number
            "OPDIVO 3 mg/kg was given every 3 weeks with ipilimumab 1 mg/kg every 6 weeks.",
            "OPDIVO 3 mg/kg every 2 weeks with ipilimumab 1 mg/kg every 6 weeks.",
            "frequency differs from source: 'every 3 week' vs 'every 2 week'",
        ),
        (  # the dose of one strength of inhibitor given for the other
            "If concomitant use with a strong CYP3A inhibitor cannot be avoided, reduce Lynparza "
            "dosage to 150 mg twice daily.",
            LYNPARZA,
            "where the source states '150 mg'",
        ),
        (  # a qualifier dropped
            "Avoid use of NURTEC ODT in patients with hepatic impairment.",
            NURTEC,
            "qualifier dropped: the source says 'severe hepatic impairment'",
        ),
        (  # scope widened
            "No dosage adjustment of NURTEC ODT is required for any indication.",
            NURTEC,
            "scope widened: 'for any indication'",
        ),
        (  # a comparator turned around
            "ELIQUIS should be discontinued no more than 24 hours prior to elective surgery with "
            "a low risk of bleeding.",
            ELIQUIS,
            "comparator differs from source: 'at most' '24 hours' vs 'at least'",
        ),
        (  # a unit changed inside a compound unit
            "The initial infusion rate should be no more than 1 mg/kg/min.",
            "The initial infusion rate should be no more than 1 mg/kg/hr.",
            "number '1 mg/kg/min' not in cited text",
        ),
        (  # an enzyme effect turned around
            "Initiation of BLINCYTO treatment causes transient release of cytokines that may "
            "induce CYP450 enzymes.",
            "Initiation of BLINCYTO treatment causes transient release of cytokines that may "
            "suppress CYP450 enzymes.",
            "enzyme activity differs from source: 'induce' vs 'suppress'",
        ),
        (  # the end of a dosing range turned around
            "In an elderly patient, start CELEBREX dosing at the high end of the dosing range.",
            "In general, dose selection for an elderly patient should be cautious, usually "
            "starting at the low end of the dosing range.",
            "end of a range differs from source: 'high end' vs 'low end'",
        ),
        (  # a short "not recommended" dropped from the statement it closes
            "Treatment with TRIKAFTA is recommended in patients with moderate hepatic impairment "
            "(Child-Pugh Class B).",
            TRIKAFTA,
            "negation mismatch: cited text says 'not'",
        ),
        (  # continue for discontinue
            "Continue RINVOQ even if an adequate therapeutic response is not achieved with the "
            "30 mg dosage.",
            "Discontinue RINVOQ if an adequate therapeutic response is not achieved with the 30 mg "
            "dosage.",
            "continuation differs from source: 'continue' vs 'stop'",
        ),
        (  # the population of a dose, stated before it after a heading, dropped
            "Soliris therapy consists of 600 mg weekly for the first 4 weeks.",
            "Regimen - PNH For patients 18 years of age and older, Soliris therapy consists of: "
            "600 mg weekly for the first 4 weeks.",
            "condition dropped: the source adds 'For patients 18 years of age and older'",
        ),
        (  # a "not" added where another sentence of the passage has one
            "Imatinib and its active metabolite are not excreted into human milk.",
            "Imatinib and its active metabolite are excreted into human milk. Do not breastfeed "
            "during treatment.",
            "negation mismatch: sentence says 'not'",
        ),
        (  # the population of a contraindication dropped
            "KESIMPTA is contraindicated in patients with HBV.",
            KESIMPTA,
            "condition dropped: the source adds 'in patients with active HBV",
        ),
        (  # the combination a dose belongs to dropped
            "The recommended starting dose of REVLIMID is 25 mg orally once daily on Days 1-21 of "
            "repeated 28-day cycles.",
            REVLIMID,
            "condition dropped: the source adds 'in combination with dexamethasone'",
        ),
        (  # one of two conditions that must both hold dropped
            "Use of TRIKAFTA in patients with moderate hepatic impairment can be considered "
            "whenever there is a clear medical need.",
            TRIKAFTA,
            "condition dropped: the source adds 'and the benefit exceeds the risk'",
        ),
        *ADDED_OR_LEFT_OUT,
    ],
)
def test_planted_errors_are_caught_with_the_check_that_failed(
    verifier: SupportVerifier, sentence: str, passage: str, reason: str
) -> None:
    check = verifier.check(sentence, [passage])
    assert not check.supported
    assert any(r.startswith(reason) for r in check.reasons), check.reasons


@pytest.mark.parametrize(
    ("sentence", "passage"),
    [
        (
            "According to the prescribing information, ELIQUIS should be discontinued at least "
            "24 hours prior to elective surgery or invasive procedures with a low risk of "
            "bleeding.",
            ELIQUIS,
        ),
        ("Reduce the Lynparza dosage to 100 mg twice daily for strong CYP3A inhibitors.", LYNPARZA),
        (
            "Avoid concomitant use of strong or moderate cytochrome P450 3A inhibitors with "
            "Lynparza.",
            LYNPARZA,
        ),
        ("No dosage adjustment is needed in mild or moderate hepatic impairment.", NURTEC),
        (
            "Based on effectiveness and toleration, the dose may be decreased to 25 mg or "
            "increased to a maximum of 100 mg.",
            "Based on effectiveness and toleration, the dose may be increased to a maximum "
            "recommended dose of 100 mg or decreased to 25 mg.",
        ),
        (
            "Store diluted KEYTRUDA under refrigeration at 2 degrees Celsius to 8 degrees "
            "Celsius for no more than 96 hours.",
            "Store diluted KEYTRUDA under refrigeration at 2°C to 8°C (36°F to 46°F) for no more "
            "than 96 hours from the time of dilution.",
        ),
        (  # one population of a list restated: true of that population
            "Consider a starting dose of 25 mg of VIAGRA in patients with hepatic impairment such "
            "as cirrhosis.",
            VIAGRA,
        ),
        (  # "no pain" in the other arm's clause is not this sentence's negation
            "In the Omidria-treated groups, pain during the initial 10-12 hours postoperatively "
            "was statistically significantly less than in the placebo-treated groups.",
            "During the 10-12 hours postoperatively, 26% of Omidria-treated patients reported no "
            "pain while 17% of placebo-treated patients reported no pain. In the Omidria-treated "
            "groups, pain during the initial 10-12 hours postoperatively was statistically "
            "significantly less than in the placebo-treated groups.",
        ),
        (  # the conditions kept, in another order, and the aside written out
            "When there is a clear medical need and the benefit exceeds the risk, use of TRIKAFTA "
            "may be considered in patients with moderate hepatic impairment (Child-Pugh Class B).",
            TRIKAFTA,
        ),
    ],
)
def test_faithful_rewording_is_supported(
    verifier: SupportVerifier, sentence: str, passage: str
) -> None:
    check = verifier.check(sentence, [passage])
    assert check.supported, check.reasons


def test_a_sentence_may_name_the_product_its_chunk_does_not() -> None:
    passage = "Apply half a capful 2 times a day to the scalp in the hair loss area."
    sentence = (
        "Apply half a capful of MEN'S ROGAINE 2 times a day to the scalp in the hair loss area."
    )
    verifier = SupportVerifier()
    assert not verifier.check(sentence, [passage]).supported
    assert verifier.check(sentence, [passage], subject=["MEN'S ROGAINE (minoxidil)"]).supported


def test_plain_claim_reads_attributions_and_acronyms_as_the_claim() -> None:
    assert plain_claim("Per the label, take it with food.", "x") == "take it with food."
    assert (
        plain_claim("Treat interstitial lung disease promptly.", "Treat ILD promptly.")
        == "Treat ILD promptly."
    )
    assert plain_claim("The TLS rate was 2%.", "tumor lysis syndrome (2%)") == (
        "The tumor lysis syndrome rate was 2%."
    )


@pytest.mark.parametrize(
    ("sentence", "cited", "plain"),
    [
        # Small words inside a name the initials skip (Soliris, Eliquis labels).
        (
            "Revaccinate in accordance with Advisory Committee on Immunization Practices advice.",
            "Revaccinate patients in accordance with ACIP recommendations.",
            "Revaccinate in accordance with ACIP advice.",
        ),
        # Written out in words that are not the initials (Blincyto, Rinvoq labels).
        (
            "Cytokines may suppress cytochrome P450 enzymes.",
            "Cytokines may suppress CYP450 enzymes.",
            "Cytokines may suppress CYP450 enzymes.",
        ),
        (
            "Patients treated with another Janus kinase inhibitor.",
            "Patients treated with another JAK inhibitor.",
            "Patients treated with another JAK inhibitor.",
        ),
        # Two spellings of MM overlap in "multiple myeloma maintenance": one is replaced, the
        # other left whole (Revlimid label).
        (
            "Multiple myeloma maintenance therapy: 10 mg once daily.",
            "MM maintenance therapy following auto-HSCT: 10 mg once daily.",
            "MM maintenance therapy: 10 mg once daily.",
        ),
        # What the sentence spells out and defines is the acronym once (Krystexxa label).
        (
            "Screen for glucose-6-phosphate dehydrogenase (G6PD) deficiency.",
            "Screen patients at risk for G6PD deficiency.",
            "Screen for G6PD deficiency.",
        ),
        # A definition the cited text does not need: the words are there (Omidria label).
        (
            "For intraocular lens (IOL) replacement, dilute 4 mL.",
            "For intraocular lens replacement, dilute 4 mL.",
            "For intraocular lens replacement, dilute 4 mL.",
        ),
        # Standard abbreviations whose letters are not initials, one capital or two (Gleevec,
        # Viagra, Spinraza labels); "neuro" is a prefix of its own letter (Soliris: NMOSD).
        (
            "Children with Philadelphia chromosome-positive chronic myeloid leukemia.",
            "Children with newly diagnosed Ph+ CML.",
            "Children with Ph+ CML.",
        ),
        (
            "A delay in time to maximum plasma concentration of 60 minutes.",
            "a mean delay in Tmax of 60 minutes and a mean reduction in Cmax of 29%",
            "A delay in time to Cmax of 60 minutes.",
        ),
        (
            "Remove 5 mL of CSF.",
            "remove 5 mL of cerebrospinal fluid",
            "Remove 5 mL of cerebrospinal fluid.",
        ),
        (
            "Adults with neuromyelitis optica spectrum disorder.",
            "adult patients with gMG or NMOSD",
            "Adults with NMOSD.",
        ),
        # Units written out are the label's symbols; a lost superscript stays lost.
        (
            "The initial rate is no more than 1 milligram per kilogram per hour.",
            "The initial infusion rate should be no more than 1 mg/kg/hr.",
            "The initial rate is no more than 1 mg/kg/hr.",
        ),
        (
            "ANC less than 1000 cells per cubic millimeter.",
            "absolute neutrophil count is less than 1000 cells/mm 3",
            "absolute neutrophil count less than 1000 cells/mm 3.",
        ),
    ],
)
def test_plain_claim_writes_an_expansion_as_the_cited_acronym(
    sentence: str, cited: str, plain: str
) -> None:
    assert plain_claim(sentence, cited) == plain


def test_swaps_need_the_window_to_state_the_other_pole() -> None:
    # Introducing a pole the window does not contradict is not a swap (it may be a merge with
    # the next sentence, judged by the other checks).
    assert contrast_reasons("Take it with food.", "Take it at the same time each day.") == []
    assert anchored_reasons(
        "Taking CAMBIA on an empty stomach may cause a reduction in effectiveness.",
        "Taking CAMBIA with food may cause a reduction in effectiveness.",
    ) == ["food differs from source: 'without food' where it says 'with food'"]


def test_the_while_of_a_contrast_is_no_time() -> None:
    passage = "Wait until the next dose if more than 7 days have passed after the missed dose."
    contrast = "Wait until the next dose, while once-monthly patients start a new schedule."
    assert contrast_reasons(contrast, passage) == []
    during = "Wait until the next dose while receiving REPATHA."
    assert contrast_reasons(during, passage) == [
        "time order differs from source: 'during' vs 'after'"
    ]


def test_a_bound_must_match_the_cited_one() -> None:
    assert comparator_reasons("Take at least 4 hours after.", "Take 4 hours after.") == [
        "comparator differs from source: 'at least' '4 hours' vs 'no comparator'"
    ]
    assert comparator_reasons("Patients 12 years and older.", "patients 12 years of age")
    assert (
        comparator_reasons(
            "in patients 12 years and older", "pediatric patients 12 years of age and older"
        )
        == []
    )


def _chunk(text: str) -> NumberedSource:
    chunk = Chunk(
        chunk_id="x@1#0000",
        doc_id="x",
        version="1",
        approval_code="A-1",
        title="X label",
        section="14 CLINICAL STUDIES",
        section_kind=SectionKind.CLINICAL_STUDIES,
        char_start=0,
        char_end=len(text),
        text=text,
        token_count=len(text.split()),
        products=["REPATHA (evolocumab)"],
    )
    return NumberedSource(n=1, evidence=Evidence(chunk=chunk, score=1.0))


def test_bracketed_numbers_are_text_unless_they_name_a_source() -> None:
    passage = "At Week 48, the median [Q1, Q3] LDL-C was 26 [15, 46] mg/dL in the REPATHA group."
    verifier = CitationVerifier(
        SupportVerifier(), is_citable=lambda c: True, known_products={"REPATHA"}
    )
    [sentence] = verifier.verify([DraftClaim(text=passage, sources=[1])], {1: _chunk(passage)})
    assert sentence.text == passage and sentence.shown, sentence.reasons
    [marked] = verifier.verify([DraftClaim(text=f"{passage[:-1]} [1].")], {1: _chunk(passage)})
    assert marked.text == passage and [c.source for c in marked.citations] == [1]


def test_a_bare_section_reference_left_by_highlights_is_no_sentence() -> None:
    passage = "Recommended dosage is 300 mg taken orally twice daily. (2.5)."
    verifier = CitationVerifier(
        SupportVerifier(), is_citable=lambda c: True, known_products={"LYNPARZA"}
    )
    sentences = verifier.verify([DraftClaim(text=passage, sources=[1])], {1: _chunk(passage)})
    assert [s.text for s in sentences] == ["Recommended dosage is 300 mg taken orally twice daily."]


def test_a_withheld_sentence_says_which_check_failed() -> None:
    withheld = Sentence(
        text="x",
        verdict=Verdict.UNSUPPORTED,
        reasons=["direction differs from source: 'decrease' vs 'increase'"],
        shown=False,
    )
    assert withheld.withheld_because() == (
        "withheld: direction differs from source: 'decrease' vs 'increase'"
    )
    # The audit record keeps it, for the audit page.
    assert AuditSentence.from_sentence(withheld).withheld_because == withheld.withheld_because()
    assert Sentence(text="x", verdict=Verdict.UNCITED, shown=False).withheld_because() == (
        "withheld: verdict uncited"
    )
    assert Sentence(text="x", verdict=Verdict.SUPPORTED, shown=True).withheld_because() is None


def test_a_negation_must_be_in_the_passage_sentence_restated_not_its_neighbour() -> None:
    """A "not" in the next sentence of the window does not support "should not be continued";
    a sentence that joins two passage sentences keeps the cue of the one it restates."""
    continued = (
        "Methotrexate (MTX), other non-biologic DMARDS, glucocorticoids, nonsteroidal "
        "anti-inflammatory drugs (NSAIDs), and/or analgesics may be continued during treatment "
        "with HUMIRA."
    )
    neighbour = "HUMIRA should not be used in combination with other biologic DMARDs."
    window = [continued, neighbour]
    flipped = negation_reasons(
        "Methotrexate should not be continued during treatment with HUMIRA.",
        continued,
        window,
        window,
        head_words=2,
    )
    assert flipped == ["negation mismatch: sentence says 'not' but the cited text does not"]
    joined = negation_reasons(
        "Methotrexate may be continued during treatment with HUMIRA, but HUMIRA should not be "
        "used in combination with other biologic DMARDs.",
        continued,
        window,
        window,
        head_words=2,
    )
    assert joined == []


def test_a_number_moved_to_the_other_item_of_a_list_is_caught(verifier: SupportVerifier) -> None:
    """The Lynparza label lists its two reduced doses as bullets in one sentence; each dose
    belongs to its own strength of inhibitor, each rate to its own adverse reaction."""
    lynparza = (
        "If concomitant use cannot be avoided, reduce Lynparza dosage to: \u2022 100 mg twice "
        "daily when used concomitantly with a strong CYP3A inhibitor. \u2022 150 mg twice daily "
        "when used concomitantly with a moderate CYP3A inhibitor."
    )
    moved = verifier.check(
        "If a strong CYP3A inhibitor cannot be avoided, reduce Lynparza to 150 mg twice daily.",
        [lynparza],
    )
    assert any("where the source states '150 mg'" in r for r in moved.reasons), moved.reasons
    kept = verifier.check(
        "If a strong CYP3A inhibitor cannot be avoided, reduce Lynparza to 100 mg twice daily.",
        [lynparza],
    )
    assert kept.supported, kept.reasons
    rates = "Grade 3 or 4 neutropenia was reported in 43% of patients and thrombocytopenia in 28%."
    swapped = verifier.check(
        "Grade 3 or 4 thrombocytopenia was reported in 43% of patients.", [rates]
    )
    assert any("'43%' belongs to 'neutropenia'" in r for r in swapped.reasons), swapped.reasons
    assert verifier.check(
        "Grade 3 or 4 thrombocytopenia was reported in 28% of patients.", [rates]
    ).supported


@pytest.mark.parametrize(
    ("sentence", "passage", "dropped"),
    [
        (
            "The recommended dose is 50 mg taken, as needed, approximately 1 hour before sexual "
            "activity.",
            "For most patients, the recommended dose is 50 mg taken, as needed, approximately 1 "
            "hour before sexual activity. However, VIAGRA may be taken anywhere from 30 minutes "
            "to 4 hours before sexual activity.",
            "for most patients",
        ),
        (
            "If not used immediately, store the reconstituted Herceptin solution for up to 24 "
            "hours; discard any unused Herceptin after 24 hours.",
            "If not used immediately, store the reconstituted Herceptin solution for up to 24 "
            "hours at 2\N{DEGREE SIGN}C to 8\N{DEGREE SIGN}C (36\N{DEGREE SIGN}F to "
            "46\N{DEGREE SIGN}F); discard any unused Herceptin after 24 hours.",
            "at 2\N{DEGREE SIGN}c",
        ),
        (
            "MDS/AML has occurred in patients treated with Lynparza and cases were fatal.",
            "MDS/AML has occurred in patients treated with Lynparza and some cases were fatal.",
            "'some'",
        ),
    ],
)
def test_a_qualifier_left_out_of_a_sentence_restated_word_for_word_is_caught(
    verifier: SupportVerifier, sentence: str, passage: str, dropped: str
) -> None:
    check = verifier.check(sentence, [passage])
    assert any("qualifier dropped" in r and dropped in r for r in check.reasons), check.reasons


def test_items_exchanged_with_no_number_between_them_are_the_same_statement(
    verifier: SupportVerifier,
) -> None:
    check = verifier.check(
        "Serious adverse reactions that occurred more frequently were influenza and rash.",
        ["Serious adverse reactions that occurred more frequently were rash and influenza."],
    )
    assert not any("exchanged" in r for r in check.reasons), check.reasons


def test_a_reference_or_a_conjunct_left_out_is_no_dropped_qualifier(
    verifier: SupportVerifier,
) -> None:
    assert verifier.check(
        "Interstitial lung disease occurred in 3.8% of patients.",
        ["Interstitial lung disease occurred in 3.8% of patients [see Adverse Reactions (6.1)]."],
    ).supported
    lynparza = (
        "Avoid coadministration of strong CYP3A inhibitors. If the inhibitor cannot be avoided, "
        "reduce the Lynparza dosage to 100 mg twice daily."
    )
    check = verifier.check("Reduce the Lynparza dosage to 100 mg twice daily.", [lynparza])
    assert not any("qualifier dropped" in r for r in check.reasons), check.reasons


def test_a_rate_given_to_an_event_the_next_sentence_names_is_caught(
    verifier: SupportVerifier,
) -> None:
    """VENCLEXTA's label gives 31% to 33% for Grade 4 neutropenia and names febrile neutropenia
    in the next sentence, with its own rate: the rate given to febrile neutropenia is a merge.
    A subject named in the sentence before the number's is context a restatement may carry."""
    neutropenia = (
        "In patients with CLL, Grade 3 or 4 neutropenia developed in 63% to 64% of patients and "
        "Grade 4 neutropenia developed in 31% to 33% of patients when treated with VENCLEXTA in "
        "combination and monotherapy studies. Febrile neutropenia occurred in 4% to 6% of "
        "patients."
    )
    merged = verifier.check(
        "Febrile neutropenia occurred in 31% to 33% of patients.", [neutropenia]
    )
    assert any("without 'febril'" in r for r in merged.reasons), merged.reasons
    assert verifier.check(
        "In patients with CLL, Grade 4 neutropenia developed in 31% to 33% of patients when "
        "treated with VENCLEXTA in combination and monotherapy studies.",
        [neutropenia],
    ).supported
    onset = (
        "Interstitial lung disease (ILD)/pneumonitis occurred in 4% of patients. "
        "The median time to onset was 6.1 weeks."
    )
    assert verifier.check(
        "The median time to onset of interstitial lung disease was 6.1 weeks.", [onset]
    ).supported


def test_a_number_given_to_the_statement_beside_its_own_is_caught(
    verifier: SupportVerifier,
) -> None:
    """ENHERTU's label gives 5.4 mg/kg for HER2-mutant NSCLC and 6.4 mg/kg for gastric cancer,
    GLEEVEC's 9% to 13.1% for GIST next to 1.3% for newly diagnosed CML: a figure given with
    the other statement's words, and without its own, is a merge. The product's own name, said
    in another sentence, moves nothing."""
    doses = (
        "Recommended Dosage for Unresectable or Metastatic HER2-Mutant NSCLC The recommended "
        "dosage of ENHERTU is 5.4 mg/kg given as an intravenous infusion once every 3 weeks "
        "(21-day cycle) until disease progression or unacceptable toxicity. Recommended Dosage "
        "for Locally Advanced or Metastatic Gastric Cancer The recommended dosage of ENHERTU is "
        "6.4 mg/kg given as an intravenous infusion once every 3 weeks (21-day cycle) until "
        "disease progression or unacceptable toxicity."
    )
    swapped = verifier.check(
        "The recommended dosage of ENHERTU for unresectable or metastatic HER2-mutant NSCLC is "
        "6.4 mg/kg given as an intravenous infusion once every 3 weeks.",
        [doses],
        subject=["ENHERTU (fam-trastuzumab deruxtecan-nxki)"],
    )
    assert any("another statement" in r for r in swapped.reasons), swapped.reasons
    assert verifier.check(
        "The recommended dosage of ENHERTU for unresectable or metastatic HER2-mutant NSCLC is "
        "5.4 mg/kg given as an intravenous infusion once every 3 weeks.",
        [doses],
        subject=["ENHERTU (fam-trastuzumab deruxtecan-nxki)"],
    ).supported
    rates = (
        "Other severe fluid retention reactions were reported in 1.3% of newly diagnosed CML "
        "patients taking Gleevec, and in 2% to 6% of other adult CML patients taking Gleevec. "
        "Severe fluid retention was reported in 9% to 13.1% of patients taking Gleevec for GIST "
        "[see Adverse Reactions (6.1)]."
    )
    assert not verifier.check(
        "Severe fluid retention was reported in 9% to 13.1% of newly diagnosed CML patients "
        "taking Gleevec.",
        [rates],
        subject=["GLEEVEC (imatinib mesylate)"],
    ).supported
    assert verifier.check(
        "Severe fluid retention was reported in 9% to 13.1% of patients taking Gleevec for GIST.",
        [rates],
        subject=["GLEEVEC (imatinib mesylate)"],
    ).supported
    storage = (
        "Store the diluted solution from the KEYTRUDA 100 mg/4 mL vial either: At room "
        "temperature for no more than 6 hours from the time of dilution. Under refrigeration at "
        "2°C to 8°C (36°F to 46°F) for no more than 96 hours from the time of dilution."
    )
    assert verifier.check(
        "Under refrigeration at 2°C to 8°C, the diluted KEYTRUDA solution can be stored for no "
        "more than 96 hours from the time of dilution.",
        [storage],
        subject=["KEYTRUDA (pembrolizumab)"],
    ).supported


# Faithful restatements of schedules and bounds (12-06, sixth session).
FAITHFUL_SCHEDULES = [
    (  # the first count of a pair shares the second's "times a day"
        "For prevention, the three times a day regimen is less protective than the four "
        "times a day regimen or the twice a day regimen.",
        "For prevention, the three times a day regimen is less protective than the four or "
        "two times a day regimens.",
    ),
    (  # "not more than" holds for the number joined to it by "or"
        "Reconstituted vials may be kept for not more than 8 hours at room temperature or "
        "for not more than 48 hours refrigerated.",
        "Reconstituted vials may be kept not more than 8 hours at room temperature or 48 "
        "hours refrigerated.",
    ),
    (  # "over" before an infusion's duration is no comparator
        "In children, the dose is infused over 2 to 3 hours through a syringe pump.",
        "Infuse the dose over 30 minutes in adults and 2 to 3 hours in children through a "
        "syringe pump.",
    ),
    (  # "once a year" restates "annually"
        "Lipids should be checked at baseline and once a year thereafter.",
        "Check lipids at baseline and annually thereafter.",
    ),
    (  # the sentence restates the passage sentence without the "not"
        "The dose should be taken as soon as possible and the usual schedule resumed if "
        "12 hours or less have passed since the missed dose.",
        "If 12 hours or less have passed since the missed dose, take the dose as soon as "
        "possible and resume the usual schedule. If more than 12 hours have passed, the "
        "dose should be skipped and the usual schedule should not change.",
    ),
    (  # "instruct the patient" is the label speaking to the prescriber, not a qualifier
        "If a dose is missed by more than 6 hours, the patient should not take it and "
        "should take the next dose at the usual time.",
        "If a dose is missed by more than 6 hours, instruct the patient not to take it and "
        "to take the next dose at the usual time.",
    ),
]


# Counts a sentence says of its own lists, and words that are no numbers.
FAITHFUL_COUNTS = [
    (  # a count of the series the sentence goes on to list
        "Initial dosing is three 40 mg subcutaneous injections, given at Week 0, Week 2, "
        "and Week 4.",
        "Initial dosing is 40 mg by subcutaneous injection at Weeks 0, 2, and 4.",
    ),
    (  # a count of a list after a colon, with a clause after it that is no item
        "A lower dose is considered for three groups: the elderly, patients with hepatic "
        "impairment, and patients on dialysis, because exposure is higher in them.",
        "Consider a lower dose in the elderly, in patients with hepatic impairment and in "
        "patients on dialysis, because exposure is higher in these patients.",
    ),
    (  # "one of" is a pronoun, "once" a conjunction
        "Hypertension was one of the most common adverse reactions.",
        "The most common adverse reactions (>=20%) were hypertension and fatigue.",
    ),
    (
        "Once removed from the carton, the vial should be used within 4 hours.",
        "After removal from the carton, use the vial within 4 hours.",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "passage"),
    [
        (  # a list restated with its count
            "The solution should not be used if any of three findings are observed: visibly "
            "opaque particles, discoloration, or other foreign particulates.",
            "Do not use if the solution contains visibly opaque particles, discoloration or other "
            "foreign particulates.",
        ),
        (  # a participle the stemmer does not join to its verb
            "REPATHA should not be frozen and should not be shaken.",
            "Store REPATHA in a refrigerator. Do not freeze. Do not shake.",
        ),
        (  # a standard abbreviation for the word the label writes
            "Administer LEQEMBI as an IV infusion over approximately one hour.",
            "Administer LEQEMBI as an intravenous infusion over approximately one hour.",
        ),
        (  # a subscript lost in the label's text
            "Mean improvement in ppFEV1 was observed at the first assessment on Day 15.",
            "Mean improvement in ppFEV 1 was observed at the first assessment on Day 15.",
        ),
        (  # an acronym kept whole: "mCRPC" is metastatic
            "In patients with mCRPC, VTE occurred in 8% of patients who received Lynparza.",
            "In patients with metastatic castration-resistant prostate cancer (mCRPC), venous "
            "thromboembolism (VTE) occurred in 8% of patients who received Lynparza.",
        ),
        *FAITHFUL_SCHEDULES,
        *FAITHFUL_COUNTS,
    ],
)
def test_faithful_list_and_abbreviation_restatements_are_supported(
    verifier: SupportVerifier, sentence: str, passage: str
) -> None:
    check = verifier.check(sentence, [passage])
    assert check.supported, check.reasons


@pytest.mark.parametrize(
    ("sentence", "passage"),
    [
        (  # the pair's first count is a pole of its own: "three" is not "four"
            "For prevention, the four times a day regimen is less protective than the two "
            "times a day regimen.",
            "For prevention, the three times a day regimen is less protective than the four or "
            "two times a day regimens.",
        ),
        (  # "at least" where the coordinated bound says "not more than"
            "Reconstituted vials may be kept at least 48 hours refrigerated.",
            "Reconstituted vials may be kept not more than 8 hours at room temperature or 48 "
            "hours refrigerated.",
        ),
        (  # "yearly" is not "every 3 months"
            "Lipids should be checked at baseline and every 3 months thereafter.",
            "Check lipids at baseline and annually thereafter.",
        ),
    ],
)
def test_swapped_schedules_and_bounds_are_still_caught(
    verifier: SupportVerifier, sentence: str, passage: str
) -> None:
    assert not verifier.check(sentence, [passage]).supported


def test_a_hedge_kept_in_other_words_is_no_certainty_added(verifier: SupportVerifier) -> None:
    check = verifier.check(
        "A high-fat meal can delay the onset of relief.",
        ["Taking the tablet with a high-fat meal may delay the onset of relief."],
    )
    assert not any(r.startswith("certainty added") for r in check.reasons), check.reasons


def test_a_count_that_does_not_match_its_series_is_caught(verifier: SupportVerifier) -> None:
    check = verifier.check(
        "Initial dosing is five 40 mg subcutaneous injections, given at Week 0, Week 2, and "
        "Week 4.",
        ["Initial dosing is 40 mg by subcutaneous injection at Weeks 0, 2, and 4."],
    )
    assert not check.supported


def test_a_bracketed_bound_defining_the_words_before_it_may_be_left_out(
    verifier: SupportVerifier,
) -> None:
    check = verifier.check(
        "Administration in patients with severe renal impairment resulted in higher plasma "
        "levels of the drug.",
        [
            "Administration in patients with severe renal impairment (creatinine clearance <30 "
            "mL/minute) resulted in higher plasma levels of the drug."
        ],
    )
    assert check.supported, check.reasons


# Label wording: two rates paired with two events by "respectively".
_RESPECTIVELY = (
    "Nausea and vomiting occurred in 77% and 40% of patients receiving the tablets, respectively."
)


@pytest.mark.parametrize(
    ("sentence", "supported"),
    [
        # (one item said alone with its own number is still withheld at times: signal 8 reads
        # the words of the number's clause, "nausea and vomiting", as belonging to it)
        ("Vomiting occurred in 77% of patients receiving the tablets.", False),
        (
            "Nausea and vomiting occurred in 77% and 40% of patients receiving the tablets, "
            "respectively.",
            True,
        ),
    ],
)
def test_a_number_stays_with_its_respective_item(
    verifier: SupportVerifier, sentence: str, supported: bool
) -> None:
    check = verifier.check(sentence, [_RESPECTIVELY])
    assert check.supported is supported, check.reasons
    assert supported or any("respectively" in r for r in check.reasons), check.reasons


def test_a_rate_moved_to_the_other_item_of_a_pairing_is_caught(verifier: SupportVerifier) -> None:
    # KESIMPTA label, 5.2
    passage = (
        "In Study 1 and Study 2, systemic and local injection reactions were reported in 21% and "
        "11% of patients treated with KESIMPTA compared to 15% and 6% of patients treated with "
        "teriflunomide who received matching placebo injections, respectively."
    )
    moved = verifier.check(
        "Local injection reactions were reported in 21% of patients treated with KESIMPTA.",
        [passage],
    )
    assert not moved.supported
    assert moved.reasons == (
        "the source gives '21%' for 'systemic', not for 'local' (respectively)",
    )


def test_a_limiting_phrase_replaced_by_another_is_a_dropped_qualifier(
    verifier: SupportVerifier,
) -> None:
    # RINVOQ label, 2.6: the 30 mg maintenance dose is for refractory, severe or extensive UC
    passage = (
        "The recommended dosage of RINVOQ for maintenance treatment is 15 mg once daily. A "
        "dosage of 30 mg once daily may be considered for patients with refractory, severe or "
        "extensive disease."
    )
    replaced = verifier.check(
        "A dosage of 30 mg once daily may be considered for maintenance treatment.", [passage]
    )
    assert not replaced.supported
    assert any("qualifier dropped" in r for r in replaced.reasons), replaced.reasons
    kept = verifier.check(
        "A 30 mg once daily dosage may be considered for patients with refractory, severe or "
        "extensive disease.",
        [passage],
    )
    assert kept.supported, kept.reasons


def test_a_bound_written_or_less_is_no_comparative_claim(verifier: SupportVerifier) -> None:
    # "100 kg or less receive 45 mg" bounds a band; "more effective" compares with nothing cited.
    passage = (
        "For patients weighing 100 kg or less, the recommended dose is 45 mg initially and 4 "
        "weeks later, followed by 45 mg every 12 weeks."
    )
    faithful = "Patients weighing 100 kg or less receive 45 mg initially and 4 weeks later."
    assert verifier.check(faithful, [passage]).supported
    boasting = "Patients weighing 100 kg or less receive a more effective 45 mg dose."
    assert not verifier.check(boasting, [passage]).supported
