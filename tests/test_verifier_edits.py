"""Signal 9 of the verifier: a near-copy of a label sentence that swaps or drops words inside it.

Passages are copied from the real labels of the sample (Kesimpta, Herceptin, Enhertu, Eliquis,
Revlimid); each planted edit is the kind a model makes, each faithful one a restatement that
must still reach the reader.
"""

from __future__ import annotations

import pytest

from assistant.grounding.support import SupportVerifier
from assistant.grounding.support.edits import edit_reasons
from assistant.grounding.support.text import list_statements, split_sentences

KESIMPTA = (
    "As expected with any B-cell depleting therapy, decreased immunoglobulin levels were "
    "observed. Decrease in immunoglobulin M (IgM) was reported in 7.7% of patients treated with "
    "KESIMPTA compared to 3.1% of patients treated with teriflunomide in RMS clinical trials "
    "[see Adverse Reactions (6.1)]. No decline in immunoglobulin G (IgG) was observed at the end "
    "of the study."
)
HERCEPTIN = (
    "Herceptin use can result in serious and fatal pulmonary toxicity. Such events can occur as "
    "sequelae of infusion reactions [see Warnings and Precautions (5.2)]. Patients with "
    "symptomatic intrinsic lung disease or with extensive tumor involvement of the lungs, "
    "resulting in dyspnea at rest, appear to have more severe toxicity."
)
ENHERTU = (
    "If the patient does not experience infusion-related reactions, subsequent infusions may be "
    "administered over 30 minutes. Administer the infusion at the dose and rate the patient "
    "tolerated in the most recent infusion. The recommended dosage of ENHERTU has not been "
    "established for patients with severe renal impairment (CLcr <30 mL/min) [see Clinical "
    "Pharmacology (12.3)]."
)
ELIQUIS = (
    "The recommended dose of ELIQUIS is 2.5 mg twice daily in patients with at least two of the "
    "following characteristics:\n"
    "- age greater than or equal to 80 years\n"
    "- body weight less than or equal to 60 kg\n"
    "- serum creatinine greater than or equal to 1.5 mg/dL\n"
)
REVLIMID = (
    "Once treatment has started and during dose interruptions, pregnancy testing for females of "
    "reproductive potential should occur weekly during the first 4 weeks of use, then pregnancy "
    "testing should be repeated every 4 weeks in females with regular menstrual cycles."
)
VIAGRA = (
    "Consider a starting dose of 25 mg in patients > 65 years, patients with hepatic impairment "
    "(e.g., cirrhosis), and patients with severe renal impairment (creatinine clearance <30 "
    "mL/minute) because administration of VIAGRA in these patients resulted in higher plasma "
    "levels of sildenafil."
)


@pytest.mark.parametrize(
    ("claim", "passage", "expected"),
    [
        # A term swapped for another the passage names elsewhere: IgM's figure given to IgG.
        (
            "Decrease in immunoglobulin G (IgG) was reported in 7.7% of patients treated with "
            "KESIMPTA compared to 3.1% of patients treated with teriflunomide.",
            KESIMPTA,
            "wording differs from source",
        ),
        # A word outside every list of opposites: sequelae became precursors.
        (
            "Such events can occur as precursors of infusion reactions.",
            HERCEPTIN,
            "wording differs from source: 'precursors' where it says 'sequelae'",
        ),
        # The time order of an instruction: the most recent infusion became the first.
        (
            "Administer the infusion at the dose and rate the patient tolerated in the first "
            "infusion.",
            ENHERTU,
            "wording differs from source: 'first' where it says 'most recent'",
        ),
        # A qualifier dropped from inside the sentence.
        (
            "Patients with symptomatic intrinsic lung disease or with extensive tumor involvement "
            "of the lungs appear to have more severe toxicity.",
            HERCEPTIN,
            "qualifier dropped: the source says 'resulting in dyspnea at rest'",
        ),
        # A qualifier dropped from the end.
        (
            "No decline in immunoglobulin G (IgG) was observed.",
            KESIMPTA,
            "qualifier dropped: the source says 'at the end of the study'",
        ),
        # A plain word turned into its opposite by a prefix.
        (
            "Pregnancy testing should be repeated every 4 weeks in females with irregular "
            "menstrual cycles.",
            REVLIMID,
            "wording differs from source: 'irregular' where it says 'regular'",
        ),
        # One item of a bulleted list swapped, in a claim that says the whole list.
        (
            "ELIQUIS 2.5 mg twice daily is recommended in patients with at least two of the "
            "following: age greater than or equal to 80 years, body weight less than or equal "
            "to 60 kg, or serum bilirubin greater than or equal to 1.5 mg/dL.",
            ELIQUIS,
            "wording differs from source: 'bilirubin' where it says 'creatinine'",
        ),
    ],
)
def test_a_swap_or_drop_inside_a_copied_sentence_is_reported(
    claim: str, passage: str, expected: str
) -> None:
    reasons = edit_reasons(claim, passage, subject=("KESIMPTA", "Herceptin", "ENHERTU"))
    assert any(expected in reason for reason in reasons), reasons


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        # Verbatim, and with the cross-reference dropped.
        (
            "Such events can occur as sequelae of infusion reactions.",
            HERCEPTIN,
        ),
        # Clauses reordered.
        (
            "In patients with severe renal impairment (CLcr <30 mL/min), the recommended dosage "
            "of ENHERTU has not been established.",
            ENHERTU,
        ),
        # An abbreviation written out.
        (
            "The recommended dosage of ENHERTU has not been established for patients with severe "
            "renal impairment (creatinine clearance <30 mL/min).",
            ENHERTU,
        ),
        # Plain verbs swapped: a paraphrase, not a new claim.
        (
            "Such events can appear as sequelae of infusion reactions.",
            HERCEPTIN,
        ),
        # A number written as a word, and "twice" for "2 times".
        (
            "Pregnancy testing for females of reproductive potential should occur weekly during "
            "the first four weeks of use.",
            REVLIMID,
        ),
        # One of two alternatives left out narrows the claim to what the source also says.
        (
            "Patients with extensive tumor involvement of the lungs, resulting in dyspnea at rest, "
            "appear to have more severe toxicity.",
            HERCEPTIN,
        ),
        # The whole list said in one sentence, in other words for the bounds.
        (
            "The recommended dose of ELIQUIS is 2.5 mg twice daily in patients with at least two "
            "of the following: age of 80 years or older, body weight of 60 kg or less, or serum "
            "creatinine of 1.5 mg/dL or higher.",
            ELIQUIS,
        ),
        # A list counted by the claim itself, and a bound's symbol said in words.
        (
            "A starting dose of 25 mg should be considered in three groups: patients older than "
            "65 years, patients with hepatic impairment (e.g., cirrhosis), and patients with "
            "severe renal impairment.",
            VIAGRA,
        ),
    ],
)
def test_a_faithful_restatement_is_no_edit(claim: str, passage: str) -> None:
    assert edit_reasons(claim, passage, subject=("Herceptin", "ENHERTU", "ELIQUIS", "VIAGRA")) == []


def test_a_negative_word_said_as_a_not_is_the_same_statement() -> None:
    passage = (
        "Permanently discontinue KEYTRUDA for recurrent severe (Grade 3) reactions that require "
        "systemic immunosuppressive treatment, or an inability to reduce corticosteroid dose to "
        "10 mg or less of prednisone or equivalent per day within 12 weeks of initiating steroids."
    )
    claim = (
        "KEYTRUDA should be permanently discontinued for recurrent severe (Grade 3) reactions "
        "that require systemic immunosuppressive treatment, or when the corticosteroid dose "
        "cannot be reduced to 10 mg or less of prednisone or equivalent per day within 12 weeks "
        "of initiating steroids."
    )
    assert edit_reasons(claim, passage, subject=("KEYTRUDA",)) == []


def test_a_bound_said_in_the_opposite_words_is_a_swap() -> None:
    claim = (
        "Consider a starting dose of 25 mg in patients younger than 65 years, patients with "
        "hepatic impairment (e.g., cirrhosis), and patients with severe renal impairment."
    )
    assert edit_reasons(claim, VIAGRA) == [
        "wording differs from source: 'younger than' where it says '>'"
    ]


def test_the_verifier_withholds_a_swap_and_says_which_words() -> None:
    verifier = SupportVerifier()
    check = verifier.check(
        "Such events can occur as precursors of infusion reactions.",
        [HERCEPTIN],
        subject=("Herceptin",),
    )
    assert not check.supported
    assert "wording differs from source: 'precursors' where it says 'sequelae'" in check.reasons
    faithful = verifier.check(
        "Such events can occur as sequelae of infusion reactions.", [HERCEPTIN]
    )
    assert faithful.supported, faithful.reasons


LYNPARZA_HIGHLIGHTS = (
    "Avoid concomitant use of strong or moderate CYP3A inhibitors with Lynparza. If concomitant "
    "use cannot be avoided, reduce Lynparza dosage to: \u2022 100 mg twice daily when used "
    "concomitantly with a strong CYP3A inhibitor. \u2022 150 mg twice daily when used "
    "concomitantly with a moderate CYP3A inhibitor. After the inhibitor has been discontinued "
    "for 3 to 5 elimination half-lives, resume the Lynparza dose taken prior to initiating the "
    "CYP3A inhibitor."
)


def test_bullets_run_together_on_one_line_are_units_with_their_lead_in() -> None:
    units = split_sentences(LYNPARZA_HIGHLIGHTS)
    assert (
        "If concomitant use cannot be avoided, reduce Lynparza dosage to: 150 mg twice daily "
        "when used concomitantly with a moderate CYP3A inhibitor."
    ) in units
    assert units[-1].startswith("After the inhibitor has been discontinued")
    (statement,) = list_statements(LYNPARZA_HIGHLIGHTS)
    assert statement.startswith("If concomitant use cannot be avoided")
    assert "strong CYP3A inhibitor" in statement and "moderate CYP3A inhibitor" in statement


def test_a_restated_inline_list_is_supported_and_a_merge_of_its_items_is_not() -> None:
    verifier = SupportVerifier()
    faithful = verifier.check(
        "If concomitant use cannot be avoided, reduce Lynparza to 100 mg twice daily with a "
        "strong CYP3A inhibitor or to 150 mg twice daily with a moderate CYP3A inhibitor.",
        [LYNPARZA_HIGHLIGHTS],
        subject=("Lynparza",),
    )
    assert faithful.supported, faithful.reasons
    merged = verifier.check(
        "Reduce Lynparza to 100 mg twice daily when used concomitantly with a moderate CYP3A "
        "inhibitor.",
        [LYNPARZA_HIGHLIGHTS],
        subject=("Lynparza",),
    )
    assert not merged.supported


RINVOQ = (
    "The recommended dosage of RINVOQ for maintenance treatment is 15 mg once daily. A dosage of "
    "30 mg once daily may be considered for patients with refractory, severe or extensive "
    "disease. Discontinue RINVOQ if an adequate therapeutic response is not achieved with the "
    "30 mg dosage."
)
LYNPARZA = (
    "In the combined data of two randomized, placebo-controlled clinical studies (PROfound and "
    "PROpel) in patients with metastatic castration-resistant prostate cancer (N=1180), VTE "
    "occurred in 8% of patients who received Lynparza, including pulmonary embolism in 6%. In "
    "the control arms, VTE occurred in 2.5% including pulmonary embolism in 1.5%."
)
LUMIZYME = (
    "Infantile-onset Pompe disease patients with compromised cardiac or respiratory function may "
    "be at risk of serious acute exacerbation of their cardiac or respiratory compromise due to "
    "fluid overload, and require additional monitoring [see Warnings and Precautions (5.3)]."
)
VENCLEXTA = (
    "If a patient misses a dose by more than 8 hours, instruct the patient not to take the "
    "missed dose and resume the usual dosing schedule the next day. If the patient vomits "
    "following dosing, instruct the patient to not take an additional dose that day and to take "
    "the next prescribed dose at the usual time."
)
REVLIMID_CONTRACEPTION = (
    "Females of reproductive potential must use 2 forms of contraception or continuously abstain "
    "from heterosexual sex during and for 4 weeks after REVLIMID treatment."
)


@pytest.mark.parametrize(
    ("claim", "passage", "subject", "expected"),
    [
        (
            "A dosage of 30 mg once daily may be considered for patients without refractory, "
            "severe or extensive disease.",
            RINVOQ,
            "RINVOQ",
            "negation differs from source: the sentence adds 'without'",
        ),
        # The product's name swapped for the comparator arm.
        (
            "VTE occurred in 8% of patients who received placebo, including pulmonary embolism "
            "in 6%.",
            LYNPARZA,
            "Lynparza",
            "wording differs from source: 'placebo' where it says 'Lynparza'",
        ),
        # A term swapped at the very start of the sentence.
        (
            "Late-onset Pompe disease patients with compromised cardiac or respiratory function "
            "may be at risk of serious acute exacerbation of their cardiac or respiratory "
            "compromise due to fluid overload, and require additional monitoring.",
            LUMIZYME,
            "Lumizyme",
            "wording differs from source: 'Late-onset' where it says 'Infantile-onset'",
        ),
        # Plain words, but opposite in time: a restatement may not swap them.
        (
            "If the patient vomits prior to dosing, instruct the patient to not take an "
            "additional dose that day.",
            VENCLEXTA,
            "VENCLEXTA",
            "wording differs from source: 'prior to' where it says 'following'",
        ),
        # A qualifier right after the noun it limits.
        (
            "Females must use 2 forms of contraception or continuously abstain from heterosexual "
            "sex during and for 4 weeks after REVLIMID treatment.",
            REVLIMID_CONTRACEPTION,
            "REVLIMID",
            "qualifier dropped: the source says 'of reproductive potential'",
        ),
    ],
)
def test_negations_names_edges_and_opposite_plain_words_are_edits(
    claim: str, passage: str, subject: str, expected: str
) -> None:
    reasons = edit_reasons(claim, passage, subject=(subject,))
    assert any(expected in reason for reason in reasons), reasons


def test_a_restatement_may_name_at_its_start_what_the_passage_says_elsewhere() -> None:
    passage = (
        "BALM-MS-1 was a randomized, double-blind trial in 1320 patients with relapsing MS. "
        "Patients were randomized to receive NEUREVIA 0.92 mg orally once daily or interferon "
        "beta-1a 30 mcg intramuscularly once weekly."
    )
    claim = (
        "BALM-MS-1 compared NEUREVIA 0.92 mg orally once daily with interferon beta-1a 30 mcg "
        "intramuscularly once weekly."
    )
    assert edit_reasons(claim, passage, subject=("NEUREVIA",)) == []


def test_a_bound_written_with_not_is_no_negation() -> None:
    passage = (
        "The diluted solution may be stored for up to 4 hours at room temperature or for up to "
        "24 hours under refrigeration."
    )
    claim = (
        "The diluted solution may be stored for not more than 4 hours at room temperature or "
        "for not more than 24 hours under refrigeration."
    )
    assert edit_reasons(claim, passage) == []


# Written for these tests from the shape of label text (not copied from a red-team set).
NSAID_PREGNANCY = (
    "Premature closure of the fetal ductus arteriosus has occurred with third trimester use of "
    "NSAIDs."
)
RENAL_DOSING = (
    "No dose adjustment is recommended for patients with mild, moderate, or severe renal "
    "impairment (CLcr 15 to 89 mL/minute)."
)


def test_an_ordinal_swapped_inside_a_copy_is_an_edit() -> None:
    claim = (
        "Premature closure of the fetal ductus arteriosus has occurred with first trimester use "
        "of NSAIDs."
    )
    reasons = edit_reasons(claim, NSAID_PREGNANCY)
    assert any("'first' where it says 'third'" in reason for reason in reasons), reasons


def test_a_count_of_the_items_a_claim_lists_after_are_or_a_bracket_is_its_own() -> None:
    verifier = SupportVerifier()
    counted = (
        "No dose adjustment is recommended for any of the three renal impairment categories "
        "(mild, moderate, or severe)."
    )
    assert verifier.check(counted, RENAL_DOSING).supported
    miscounted = counted.replace("three", "four")
    assert not verifier.check(miscounted, RENAL_DOSING).supported


def test_ml_per_minute_is_ml_per_min() -> None:
    claim = "No dose adjustment is recommended for patients with CLcr 15 to 89 mL/min."
    assert SupportVerifier().check(claim, RENAL_DOSING).supported
