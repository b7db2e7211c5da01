"""Answer selection reads the patient a question describes (age, weight, grade, creatinine
clearance, time since a missed dose, disease) against the ranges real label sentences and
table rows state, so that the row for a 25 kg child or a grade 2 colitis is the answer."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.providers.patient_fit import Fit, PatientFacts, asked_facts, fit
from assistant.services import open_services
from assistant.settings import Settings
from assistant.workflows.chat import ChatTurn, answer_question
from knowledge_base.models import Role
from tests.sample_home import SAMPLE_TODAY, sample_home_copy


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("eliquis dose for a 10 kg toddler w/ VTE?", PatientFacts(age=2.0, weight=10.0)),
        ("72 yo pt starting viagra - start at 50?", PatientFacts(age=72.0)),
        ("pembro for a grade 2 myocarditis - hold?", PatientFacts(grade=2)),
        (
            "MM pt on revlimid, CrCl is about 45. what dose?",
            PatientFacts(
                clearance=45.0,
                conditions=frozenset({"multiple myeloma"}),
                impaired=frozenset({"renal"}),
            ),
        ),
        ("forgets his dose at lunch and remembers ~5 hrs later?", PatientFacts(elapsed=5.0)),
        ("missed her infusion by 2 weeks (travel)", PatientFacts(elapsed=336.0)),
        ("rinvoq induction for UC?", PatientFacts(conditions=frozenset({"ulcerative colitis"}))),
        ("Can it be started in a 2 month old infant?", PatientFacts(age=2 / 12)),
        # A bound on the patients' age is read as an age just past it ("over 65": not 65).
        ("what about pts over 65?", PatientFacts(age=65.5)),
        ("ok for patients younger than 12?", PatientFacts(age=11.5)),
        ("anything special for elderly pts?", PatientFacts(age=70.0)),
        ("pt over 80 kg - which dose?", PatientFacts(weight=80.0)),
        # A dose per kilogram is no body weight; a schedule is no time since a missed dose.
        ("herceptin 6 mg/kg q3w - how long is the infusion?", PatientFacts()),
        ("how long is the course, 12 weeks?", PatientFacts()),
        # Two populations compared describe no patient; "baby aspirin" is no baby's.
        ("is soliris approved for kids with aHUS or just adults?", PatientFacts()),
        ("headaches on it - take it at night with a baby aspirin?", PatientFacts()),
    ],
)
def test_the_facts_a_question_states(question: str, facts: PatientFacts) -> None:
    assert asked_facts(question) == facts


def test_a_follow_up_replaces_the_facts_it_restates() -> None:
    facts = asked_facts("What dose of Enhertu is used in breast cancer? and for gastric?",
                        "and for gastric?")  # fmt: skip
    assert facts.conditions == {"gastric cancer"}
    kept = asked_facts("dose for a 25 kg child with aHUS? and if a dose is missed?",
                       "and if a dose is missed?")  # fmt: skip
    assert kept.weight == 25.0
    # After a missed dose, the time a follow-up names is the time since it.
    later = asked_facts(
        "Pt on q3w trastuzumab missed their dose by 5 days. Reload? what if it had been closer "
        "to 2 weeks?",
        "what if it had been closer to 2 weeks?",
    )
    assert later.elapsed == 336.0


SOLIRIS = (
    "Table 1: Dosing Recommendations in aHUS Patients Less Than 18 Years of Age (Patient Body "
    "Weight | Induction | Maintenance): "
)
HEPATIC_ROW = (
    "Table 2 (Age | Weight | Morning Dose): 6 years to less than 12 years | Less than 30 kg | "
    "Two tablets"
)
HEPATIC_SECTION = (
    "2 DOSAGE AND ADMINISTRATION > 2.2 Recommended Dosage for Patients with Hepatic Impairment"
)
ELIQUIS_PEDIATRIC = (
    "Table 1: Dose Recommendation in Pediatric Patients from Birth to less than 18 Years of Age "
    "for the Treatment of VTE (Days 1-7 | Days 8 and beyond / Presentation | Body weight (kg) | "
    "Dosing schedule | Dosing schedule): "
)
STELARA_ADULT = (
    "Psoriasis Adult Subcutaneous Recommended Dosage ( 2.1 ) (Weight Range (kilograms) | Dosage "
    "Regimen): "
)
HERCEPTIN_SHORT = (
    "If the patient has missed a dose of Herceptin by one week or less, then the usual "
    "maintenance dose (weekly schedule: 2 mg/kg; three-weekly schedule: 6 mg/kg) should be "
    "administered as soon as possible."
)
HERCEPTIN_LONG = (
    "If the patient has missed a dose of Herceptin by more than one week, a re-loading dose of "
    "Herceptin should be administered over approximately 90 minutes."
)


@pytest.mark.parametrize(
    ("question", "text", "heading", "expected"),
    [
        (
            "25 kg kid",
            f"{SOLIRIS}20 kg to less than 30 kg | 600 mg weekly \u00d7 2 doses | 600 mg",
            "",
            Fit.THIS_PATIENT,
        ),
        (
            "25 kg kid",
            f"{SOLIRIS}40 kg and over | 900 mg weekly \u00d7 4 doses | 1200 mg at week 5",
            "",
            Fit.OTHER_PATIENT,
        ),
        (
            "30 kg kid",
            f"{SOLIRIS}20 kg to less than 30 kg | 600 mg weekly \u00d7 2 doses | 600 mg",
            "",
            Fit.OTHER_PATIENT,
        ),  # "less than" excludes the bound
        (
            "72 kg crohns pt",
            "Table 4 (Body Weight | Dose | Vials): more than 55 kg to 85 kg | 390 mg | 3.",
            "",
            Fit.THIS_PATIENT,
        ),
        # ELIQUIS's pediatric table puts the unit over the column: "Body weight (kg)".
        (
            "20 kg kid",
            f"{ELIQUIS_PEDIATRIC}18 to less than 25 | 6 mg twice daily | 3 mg twice daily.",
            "",
            Fit.THIS_PATIENT,
        ),
        (
            "20 kg kid",
            f"{ELIQUIS_PEDIATRIC}25 to less than 35 | 8 mg twice daily | 4 mg twice daily.",
            "",
            Fit.OTHER_PATIENT,
        ),
        (
            "40 kg kid",
            f"{ELIQUIS_PEDIATRIC}Tablets 2.5 mg and 5 mg | greater than or equal to 35 | 10 mg "
            "twice daily | 5 mg twice daily.",
            "",
            Fit.THIS_PATIENT,
        ),
        # "or equal to" keeps the bound: a 100 kg patient takes the lower band's dose.
        (
            "100 kg psoriasis pt",
            f"{STELARA_ADULT}less than or equal to 100 kg | 45 mg",
            "",
            Fit.THIS_PATIENT,
        ),
        (
            "100 kg psoriasis pt",
            f"{STELARA_ADULT}greater than 100 kg | 90 mg",
            "",
            Fit.OTHER_PATIENT,
        ),
        # A row's own age band decides, not its caption's "Aged 2 Years and Older".
        (
            "8 yo, 25 kg",
            "Recommended Dosage for Adult and Pediatric Patients Aged 2 Years and Older (Age | "
            "Weight | Morning Dose): 2 to less than 6 years | 14 kg or more | One packet",
            "",
            Fit.OTHER_PATIENT,
        ),
        # A section for impaired livers or kidneys is about such patients only.
        (
            "8 yo, 25 kg",
            HEPATIC_ROW,
            HEPATIC_SECTION,
            Fit.OTHER_PATIENT,
        ),
        (
            "8 yo w/ Child-Pugh B cirrhosis",
            HEPATIC_ROW,
            HEPATIC_SECTION,
            Fit.THIS_PATIENT,  # by age and weight; the section fits alike all it holds
        ),
        ("missed by ~10 days", HERCEPTIN_SHORT, "", Fit.OTHER_PATIENT),
        ("missed by ~10 days", HERCEPTIN_LONG, "", Fit.THIS_PATIENT),
        ("grade 2 colitis", "Colitis | Grade 2 or 3 | Withhold", "", Fit.THIS_PATIENT),
        ("grade 2 colitis", "Colitis | Grade 4 | Permanently discontinue", "", Fit.OTHER_PATIENT),
        (
            "grade 2 colitis",
            "Myocarditis | Grade 2, 3, or 4 | Permanently discontinue",
            "",
            Fit.THIS_PATIENT,
        ),
        ("grade 4 rash", "Withhold for Grade 3 or higher rash.", "", Fit.THIS_PATIENT),
        (
            "CrCl is about 45",
            "Moderate Renal Impairment: CLcr 30 to 60 mL/min | 10 mg once daily",
            "",
            Fit.THIS_PATIENT,
        ),
        (
            "CrCl is about 45",
            "CLcr below 30 mL/min (not requiring dialysis) | 15 mg every other day",
            "",
            Fit.OTHER_PATIENT,
        ),
        (
            "72 yo",
            "a starting dose of 25 mg should be considered in older subjects",
            "",
            Fit.THIS_PATIENT,
        ),
        ("72 yo", "VIAGRA is not indicated for use in pediatric patients.", "", Fit.OTHER_PATIENT),
        ("8 yo", "Do not exceed 3200 mg total daily dose in adults.", "", Fit.OTHER_PATIENT),
        (
            "15yo",
            "Table 3 (Age group | Dose | Frequency): 12 to 17 years | 400 mg | Every 4 to 6 hours",
            "",
            Fit.THIS_PATIENT,
        ),
        (
            "2 month old infant",
            "aged 0.2 month to 3.5 years at first infusion",
            "",
            Fit.THIS_PATIENT,
        ),
        (
            "what about pts over 65?",
            "Adults Less Than 65 Years of Age Initiate treatment with 15 mg once daily.",
            "",
            Fit.OTHER_PATIENT,
        ),
        (
            "what about pts over 65?",
            "65 Years of Age and Older The recommended dosage is 15 mg once daily.",
            "",
            Fit.THIS_PATIENT,
        ),
        # The section heading says which disease a sentence is about.
        (
            "rinvoq induction for UC?",
            "The recommended induction dosage of RINVOQ is 45 mg once daily for 12 weeks.",
            "2 DOSAGE AND ADMINISTRATION > 2.7 Recommended Dosage in "
            "Crohn\u2019s Disease Adult Patients: Induction",
            Fit.OTHER_PATIENT,
        ),
        (
            "rinvoq induction for UC?",
            "The recommended induction dosage of RINVOQ is 45 mg once daily for 8 weeks.",
            "2 DOSAGE AND ADMINISTRATION > 2.6 Recommended Dosage in Ulcerative Colitis",
            Fit.THIS_PATIENT,
        ),
        # A sentence silent about the patient neither fits nor misfits.
        (
            "25 kg kid",
            "Administer Soliris at the recommended dosage regimen time points.",
            "",
            Fit.SILENT,
        ),
        ("what is the dose?", "Colitis | Grade 4 | Permanently discontinue", "", Fit.SILENT),
    ],
)
def test_whether_a_label_sentence_is_about_the_asked_patient(
    question: str, text: str, heading: str, expected: Fit
) -> None:
    assert fit(asked_facts(question), text, heading) is expected


@pytest.mark.integration
def test_answers_on_the_sample_are_about_the_asked_patient(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    home = sample_home_copy(tmp_path_factory, "patient-fit-home")
    services = open_services(Settings(home=home, today=date.fromisoformat(SAMPLE_TODAY)))
    # The row sits in a chunk cut from its table's caption: the passage is widened back to
    # the caption, the row stated with its headers and verified against the cited table.
    colitis = answer_question(
        "pt on pembro with grade 2 colitis - hold or d/c?", Role.REP, services
    )
    # "Colitis" spans the grades' rows: both are shown as the label prints them, and no row of
    # another adverse reaction of the same table (pneumonitis, myocarditis) is.
    rows = [s.text for s in colitis.sentences if s.text.startswith("Table 2:")]
    assert rows and all(
        r.endswith("Colitis | Grade 2 or 3 | Withhold^2; Grade 4 | Permanently discontinue.")
        for r in rows
    ), rows
    assert not any("Colitis | Grade 4" in r for r in rows)
    widened = [c for s in colitis.sentences if s.text in rows for c in s.citations]
    assert widened and all(
        "Table 2:"
        in services.kb.catalog.parsed_version(c.doc_id, c.version).text[c.char_start : c.char_end]
        for c in widened
    )
    # A chunk cut a few rows before its table's end is widened to the end: the whole ramp-up
    # schedule is shown, cited to the document text that holds all of it.
    ramp_up = answer_question("walk me thru the venclexta CLL ramp up", Role.REP, services)
    schedule = [s for s in ramp_up.sentences if s.text.startswith("Table 1.")]
    assert [s.text.partition("): ")[2] for s in schedule] == [
        "Week 1 | 20 mg; Week 2 | 50 mg; Week 3 | 100 mg; Week 4 | 200 mg; "
        "Week 5 and beyond | 400 mg."
    ], [s.text for s in ramp_up.sentences]
    cited = schedule[0].citations[0]
    document = services.kb.catalog.parsed_version(cited.doc_id, cited.version).text
    assert "Week 5 and beyond | 400 mg" in document[cited.char_start : cited.char_end]
    # A loading dose the label gives in its own words ("160 mg initially on Day 1") is on
    # label; the answer is the Crohn's disease regimen, not the other diseases' ones.
    crohns = answer_question("whats the humira loading dose for adult crohns?", Role.REP, services)
    assert not crohns.refused
    about = [s.text + " ".join(c.section for c in s.citations) for s in crohns.sentences]
    assert about and all("Crohn" in a and "colitis" not in a for a in about), about
    services.audit.close()


@pytest.mark.integration
def test_an_instruction_for_the_asked_patient_answers_with_fewer_of_the_questions_words(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """ "and for a 70 yo guy?" after the usual starting dose shares only "starting dose" with
    VIAGRA's "Consider a starting dose of 25 mg in patients > 65 years": the age it fits, in a
    section that says what to do, makes up for the words the question spends on the man."""
    home = sample_home_copy(tmp_path_factory, "fewer-words-home")
    services = open_services(Settings(home=home, today=date.fromisoformat(SAMPLE_TODAY)))
    answer = answer_question(
        "and for a 70 yo guy?",
        Role.REP,
        services,
        history=[ChatTurn("user", "whats the usual viagra starting dose?")],
    )
    assert any("starting dose of 25 mg in patients > 65" in s.text for s in answer.sentences), (
        answer.sentences
    )
    services.audit.close()


@pytest.mark.integration
def test_field_shorthand_and_filler_do_not_hide_the_answer(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A chatty question in field shorthand ("1 cap at night + a baby aspirin in the AM") is
    answered by the label sentence that says it in its own words; before, its filler words
    outweighed the two it shared and it was declined."""
    home = sample_home_copy(tmp_path_factory, "shorthand-home")
    services = open_services(Settings(home=home, today=date.fromisoformat(SAMPLE_TODAY)))
    answer = answer_question(
        "stroke pt getting bad headaches on agrenox bid. doc wants to do one cap at night + a "
        "baby aspirin in the AM for a bit. is that allowed?",
        Role.REP,
        services,
    )
    assert not answer.refused
    assert any(
        "one capsule at bedtime and low-dose aspirin in the morning" in s.text
        for s in answer.sentences
    ), answer.sentences
    services.audit.close()
