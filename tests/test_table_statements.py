"""Label tables as answers: a row is stated with its caption and headers, and the verifier
supports it exactly when the cited table holds that row, never a changed one."""

from __future__ import annotations

from assistant.grounding.support import SupportVerifier
from assistant.grounding.tables import (
    is_table_statement_of,
    looks_like_table_statement,
    rows_within,
    shown_ended,
    table_extents,
    table_statements,
)

# As the ENHERTU label's section 2.3 reads once indexed (real label text).
DOSE_REDUCTIONS = """Management of adverse reactions may require temporary interruption, dose
reduction, or treatment discontinuation of ENHERTU as described in Tables 1 and 2.

Table 1: Dosage Reduction Schedule
Dose Reduction Schedule | Breast Cancer and NSCLC | Gastric Cancer
Recommended starting dose | 5.4 mg/kg | 6.4 mg/kg
First dose reduction | 4.4 mg/kg | 5.4 mg/kg
Second dose reduction | 3.2 mg/kg | 4.4 mg/kg

Table 2: Dosage Modifications for Adverse Reactions
Adverse Reaction | Severity | Treatment Modification"""

FIRST_REDUCTION = (
    "Table 1: Dosage Reduction Schedule (Dose Reduction Schedule | Breast Cancer and NSCLC | "
    "Gastric Cancer): First dose reduction | 4.4 mg/kg | 5.4 mg/kg."
)
# A chunk that starts mid-table: its rows have no caption or header in the text.
CUT_OFF = "Week 4 | 200 mg\nWeek 5 and beyond | 400 mg\n\nThe Starting Pack provides 4 weeks."


def test_each_row_is_stated_with_its_caption_and_headers() -> None:
    statements = table_statements(DOSE_REDUCTIONS)
    assert FIRST_REDUCTION in statements
    assert len([s for s in statements if s.startswith("Table 1:")]) == 4  # 3 rows + whole
    assert not [s for s in statements if s.startswith("Table 2:")]  # a header, no rows


def test_a_short_table_that_ends_in_the_text_is_also_stated_whole() -> None:
    whole = [s for s in table_statements(DOSE_REDUCTIONS) if s.count(";") == 2]
    assert whole and "Recommended starting dose | 5.4 mg/kg | 6.4 mg/kg; First" in whole[0]


def test_rows_without_their_caption_and_header_are_not_stated() -> None:
    assert table_statements(CUT_OFF) == []


def test_the_verifier_supports_the_row_and_rejects_a_changed_one() -> None:
    verifier = SupportVerifier()
    assert verifier.check(FIRST_REDUCTION, [DOSE_REDUCTIONS]).supported
    changed = FIRST_REDUCTION.replace("4.4 mg/kg | 5.4", "4.4 mg/kg | 6.4")
    assert not is_table_statement_of(changed, DOSE_REDUCTIONS)
    assert not verifier.check(changed, [DOSE_REDUCTIONS]).supported
    swapped = FIRST_REDUCTION.replace("Breast Cancer and NSCLC | Gastric", "Gastric | Breast")
    assert not verifier.check(swapped, [DOSE_REDUCTIONS]).supported


# ruff: noqa: E501
# Real label tables as indexed: KESIMPTA's footnote between caption and header, REPATHA's
# two header rows and group heading, ELIQUIS's effect named by a column.
KESIMPTA = """Table 2: Key Clinical and MRI Endpoints From Study 1 and Study 2
aDisability progression was defined as an increase in EDSS of at least 1.5, 1, or 0.5 points in patients with a baseline EDSS of 0, 1 to 5, or 5.5 or greater, respectively.
 | Study 1 | Study 2
Endpoints | KESIMPTA 20 mg (n = 465) | Teriflunomide 14 mg (n = 462) | KESIMPTA 20 mg (n = 481) | Teriflunomide 14 mg (n = 474)
Clinical Endpoints
Annualized relapse rate (primary endpoint) | 0.11 | 0.22 | 0.10 | 0.25
"""
REPATHA = """Table 3. Effect of REPATHA on Cardiovascular Events in FOURIER
 | Placebo | REPATHA | REPATHA vs. Placebo
 | N = 13780 n (%) | N = 13784 n (%) | Hazard Ratio (95% CI)
Primary composite endpoint
Time to first occurrence of cardiovascular death, myocardial infarction, stroke | 1563 (11.3) | 1344 (9.8) | 0.85 (0.79, 0.92)
"""


def test_footnotes_second_header_rows_and_group_headings_are_read() -> None:
    (relapse,) = table_statements(KESIMPTA)
    assert relapse == (
        "Table 2: Key Clinical and MRI Endpoints From Study 1 and Study 2 (Study 1 | Study 2 / "
        "Endpoints | KESIMPTA 20 mg (n = 465) | Teriflunomide 14 mg (n = 462) | KESIMPTA 20 mg "
        "(n = 481) | Teriflunomide 14 mg (n = 474)): Clinical Endpoints — Annualized relapse rate "
        "(primary endpoint) | 0.11 | 0.22 | 0.10 | 0.25."
    )
    (events,) = table_statements(REPATHA)
    assert "(Placebo | REPATHA | REPATHA vs. Placebo / N = 13780 n (%)" in events
    assert events.endswith(
        "Primary composite endpoint — Time to first occurrence of "
        "cardiovascular death, myocardial infarction, stroke | 1563 (11.3) | "
        "1344 (9.8) | 0.85 (0.79, 0.92)."
    )
    # The verifier holds such a row to the table exactly as printed.
    assert SupportVerifier().check(events, [REPATHA]).supported
    assert not SupportVerifier().check(events.replace("0.85", "0.58"), [REPATHA]).supported


# As the KEYTRUDA label's Table 2 reads once indexed (real label text, shortened): rows of
# words under a footnote, and cells that span rows ("Colitis" over two severities).
DOSE_MODIFICATIONS = """Table 2: Recommended Dosage Modifications for Adverse Reactions
Adverse Reaction | Severity | Dosage Modification
ALT = alanine aminotransferase, AST = aspartate aminotransferase, ULN = upper limit normal
Immune-Mediated Adverse Reactions [see Warnings and Precautions (5.1)]
Pneumonitis | Grade 2 | Withhold
Grade 3 or 4 | Permanently discontinue
Colitis | Grade 2 or 3 | Withhold
Grade 4 | Permanently discontinue

The following table represents dosage modifications that are different."""


def test_rows_of_words_are_rows_and_a_spanning_cell_is_read_into_the_row_below() -> None:
    statements = table_statements(DOSE_MODIFICATIONS)
    head = "Table 2: Recommended Dosage Modifications for Adverse Reactions (Adverse Reaction | "
    head += "Severity | Dosage Modification): "
    assert f"{head}Colitis | Grade 2 or 3 | Withhold." in statements
    # The severity row under "Colitis" says of what.
    assert f"{head}Colitis | Grade 4 | Permanently discontinue." in statements
    assert f"{head}Pneumonitis | Grade 3 or 4 | Permanently discontinue." in statements
    # The first row of words is not taken for a second header row.
    assert not any(" / Pneumonitis" in s for s in statements)
    assert is_table_statement_of(f"{head}Colitis | Grade 4 | Permanently discontinue.",
                                 DOSE_MODIFICATIONS)  # fmt: skip
    assert not is_table_statement_of(f"{head}Colitis | Grade 4 | Withhold.", DOSE_MODIFICATIONS)


def test_text_run_to_the_sentence_after_a_table_shows_it_ended() -> None:
    ramp_up = (
        "Table 1. Ramp-up Schedule\n | Daily Dose\nWeek 1 | 20 mg\nWeek 2 | 50 mg\n\n"
        "The Starting Pack provides 4 weeks. Refer to section 16.\nMore text."
    )
    (_, table_end), *_ = table_extents(ramp_up)
    end = shown_ended(ramp_up, table_end)
    assert ramp_up[:end].endswith("The Starting Pack provides 4 weeks.")
    # Cut at the last row the table may go on; run to the next sentence it is stated whole.
    assert not any(";" in s for s in table_statements(ramp_up[:table_end]))
    assert any(
        s.endswith("Week 1 | 20 mg; Week 2 | 50 mg.") for s in table_statements(ramp_up[:end])
    )


def test_the_rows_a_cell_spans_are_also_stated_together_as_the_label_prints_them() -> None:
    head = "Table 2: Recommended Dosage Modifications for Adverse Reactions (Adverse Reaction | "
    head += "Severity | Dosage Modification): "
    both = f"{head}Colitis | Grade 2 or 3 | Withhold; Grade 4 | Permanently discontinue."
    statements = table_statements(DOSE_MODIFICATIONS)
    assert both in statements
    assert is_table_statement_of(both, DOSE_MODIFICATIONS)
    swapped = f"{head}Colitis | Grade 2 or 3 | Permanently discontinue; Grade 4 | Withhold."
    assert not is_table_statement_of(swapped, DOSE_MODIFICATIONS)
    # Each row maps to the shortest statement of several rows that states it as well.
    within = rows_within(DOSE_MODIFICATIONS)
    assert within[f"{head}Colitis | Grade 4 | Permanently discontinue."] == both
    assert within[f"{head}Colitis | Grade 2 or 3 | Withhold."] == both
    assert within[f"{head}Pneumonitis | Grade 2 | Withhold."] == (
        f"{head}Pneumonitis | Grade 2 | Withhold; Grade 3 or 4 | Permanently discontinue."
    )
    # The whole short table (Table 1 of the ENHERTU text) states each of its rows.
    assert rows_within(DOSE_REDUCTIONS)[FIRST_REDUCTION].count(";") == 2


# Tables the labels print without a "Table N" caption (real label text as indexed): STELARA's
# weight bands under a title run into its paragraph, HUMIRA's under the sentence that points at
# them, ARTHROTEC's under a sentence ending in a colon.
STELARA = """Psoriasis Pediatric Patients (6 to 17 years old) Subcutaneous Recommended Dosage ( 2.1 ) : Weight-based dosing is recommended at the initial dose, 4 weeks later, then every 12 weeks thereafter.

Weight Range (kilograms) | Dose
less than 60 kg | 0.75 mg/kg
60 kg to 100 kg | 45 mg
greater than 100 kg | 90 mg
"""
HUMIRA = """2.2 Juvenile Idiopathic Arthritis

The recommended dose of HUMIRA for pediatric patients 4 to 17 years of age with polyarticular juvenile idiopathic arthritis (JIA) is based on weight as shown below. MTX, glucocorticoids, NSAIDs, and/or analgesics may be continued during treatment with HUMIRA.

Pediatric Patients (4 to 17 years) | Dose
15 kg (33 lbs) to <30 kg (66 lbs) | 20 mg every other week (20 mg Prefilled Syringe)
\u226530 kg (66 lbs) | 40 mg every other week (HUMIRA Pen or 40 mg Prefilled Syringe)

Limited data are available for HUMIRA treatment in pediatric patients with a weight below 15 kg."""
ARTHROTEC = """This fixed combination product, ARTHROTEC, is not recommended for patients who would not receive the appropriate dose of both ingredients. Doses of the components delivered with these regimens are as follows:

 | OA regimen | Diclofenac sodium (mg/day) | Misoprostol (mcg/day)
ARTHROTEC 50 | three times a day | 150 | 600
"""
# A caption-less table under text that does not introduce it is left unstated: KINERET's
# results under a footnote, CALDOLOR's two-column interaction table (no header row at all).
UNINTRODUCED = """c p < 0.001, KINERET versus placebo
Study 1 (Patients on MTX) | Study 3 (No DMARDs)
ACR20 | 38% | 34%

Clinical Impact: | NSAIDs may diminish the antihypertensive effect of ACE inhibitors.
Intervention: | Monitor blood pressure."""


def test_a_table_without_a_caption_is_stated_with_what_introduces_it() -> None:
    stelara = table_statements(STELARA)
    assert (
        "Psoriasis Pediatric Patients (6 to 17 years old) Subcutaneous Recommended Dosage ( 2.1 ) "
        "(Weight Range (kilograms) | Dose): 60 kg to 100 kg | 45 mg."
    ) in stelara
    humira = table_statements(HUMIRA)
    row = (
        "The recommended dose of HUMIRA for pediatric patients 4 to 17 years of age with "
        "polyarticular juvenile idiopathic arthritis (JIA) is based on weight as shown below "
        "(Pediatric Patients (4 to 17 years) | Dose): 15 kg (33 lbs) to <30 kg (66 lbs) | 20 mg "
        "every other week (20 mg Prefilled Syringe)."
    )
    assert row in humira
    (arthrotec,) = [s for s in table_statements(ARTHROTEC) if "ARTHROTEC 50" in s]
    assert arthrotec.startswith(
        "Doses of the components delivered with these regimens are as follows (OA"
    )
    assert table_statements(UNINTRODUCED) == []
    # Such a row is a quote too: supported as printed, not with a changed band.
    verifier = SupportVerifier()
    assert verifier.check(row, [HUMIRA]).supported
    assert not verifier.check(row.replace("<30 kg", "<40 kg"), [HUMIRA]).supported
    assert not is_table_statement_of(row.replace("20 mg every", "40 mg every"), HUMIRA)


# TRIKAFTA's dosing table as indexed (shortened): the age cell spans two weight bands.
TRIKAFTA = """Recommended Dosage for Adult and Pediatric Patients Aged 2 Years and Older
Age | Weight | Morning Dose | Evening Dose
2 to less than 6 years | Less than 14 kg | One packet containing elexacaftor 80 mg | One packet containing ivacaftor 59.5 mg
14 kg or more | One packet containing elexacaftor 100 mg | One packet containing ivacaftor 75 mg
"""


def test_a_band_under_a_spanning_cell_is_stated_with_it() -> None:
    statements = table_statements(TRIKAFTA)
    assert any("): 2 to less than 6 years | 14 kg or more | One packet" in s for s in statements)
    # a header cell with no pipe of its own still makes a "Table N" row a statement
    ramp_up = "Table 1. Ramp-up Schedule (VENCLEXTA Oral Daily Dose): Week 3 | 100 mg."
    assert looks_like_table_statement(ramp_up)
