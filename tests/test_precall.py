"""The parts of a briefing built from the library and the CRM (assistant.precall): headline
results quoted from real label text, since-last-call, open items, access, objective, fit."""

from __future__ import annotations

from datetime import UTC, date, datetime

from assistant.grounding.sentences import reads_alone
from assistant.grounding.spans import joined_passages
from assistant.grounding.support import SupportVerifier
from assistant.outputs import FollowUp
from assistant.passage_blocks import row_readout
from assistant.precall.fit import fit_scores, point_reason, topic_stems
from assistant.precall.headlines import headline_results, is_result_sentence
from assistant.precall.history import FiledRequest, since_last_call
from assistant.precall.note_text import note_sentences
from assistant.precall.open_items import (
    access_notes,
    call_objective,
    compliance_notes,
    open_items,
    plan_of,
    reported_in,
    routed_to_medical,
)
from knowledge_base.models import Chunk, FieldNote, Inquiry, NoteAuthorRole, Role, SectionKind

# As TAGRISSO's section 14.2 reads once indexed (real label text, shortened; long lines).
# ruff: noqa: E501
FLAURA = """14.2 Previously Untreated EGFR Mutation-Positive Metastatic NSCLC

Patients were randomized (1:1) to receive TAGRISSO 80 mg orally once daily or to receive gefitinib 250 mg orally once daily or erlotinib 150 mg orally once daily until disease progression or unacceptable toxicity. Randomization was stratified by EGFR mutation type (exon 19 deletions or exon 21 L858R mutation) and ethnicity (Asian or non-Asian). The major efficacy outcome measure was progression-free survival (PFS), as assessed by investigator. The median age was 64 years (range 26-93 years); 54% were <65 years of age; 63% were female.

Table 9. Efficacy Results in FLAURA according to Investigator Assessment
Efficacy Parameter | TAGRISSO (N=279) | EGFR TKI (gefitinib or erlotinib) (N=277)
Progression-Free Survival (PFS)
PFS events (%) | 136 (49) | 206 (74)
Median PFS in months (95% CI) | 18.9 (15.2, 21.4) | 10.2 (9.6, 11.1)
Hazard Ratio (95% CI) | 0.46 (0.37, 0.57)
p-value | <0.0001
Overall Survival (OS)
Number of deaths (%) | 155 (56) | 166 (60)
Median OS in months (95% CI) | 38.6 (34.5, 41.8) | 31.8 (26.6, 36.0)
Hazard Ratio (95% CI) | 0.80 (0.64, 1.00)
"""


def test_headline_results_are_the_primary_endpoint_rows_not_design_or_demographics() -> None:
    results = headline_results(FLAURA)
    first = results[0].statement
    assert first.startswith("Table 9. Efficacy Results in FLAURA")
    assert "Progression-Free Survival (PFS) — Hazard Ratio (95% CI) | 0.46 (0.37, 0.57)." in first
    assert "(Efficacy Parameter | TAGRISSO (N=279) | EGFR TKI" in first
    stated = " ".join(r.statement for r in results)
    assert "18.9 (15.2, 21.4) | 10.2 (9.6, 11.1)" in stated  # the median, with its comparator
    # The OS hazard ratio is stated under its own heading, after the primary endpoint's rows.
    os_rows = [r for r in results if "Overall Survival (OS) — Hazard Ratio" in r.statement]
    assert os_rows and results.index(os_rows[0]) > 1
    for not_a_result in ("Randomization was stratified", "median age", "PFS events", "p-value"):
        assert not_a_result not in stated
    # Each result's span in the text runs from its table's caption to its row.
    assert FLAURA[results[0].start :].startswith("Table 9.")
    assert FLAURA[: results[0].end].endswith("0.46 (0.37, 0.57)")


def test_result_sentences_from_real_labels() -> None:
    assert is_result_sentence(
        "AGGRENOX reduced the risk of stroke by 36.8% compared to placebo (p <0.001)."
    )
    assert is_result_sentence(
        "Sixty-three percent, 74%, and 82% of the patients on 25 mg, 50 mg and 100 mg of VIAGRA, "
        "respectively, reported an improvement in their erections, compared to 24% on placebo."
    )
    assert not is_result_sentence(
        "A total of 682 patients were randomized to TAGRISSO (n=339) or placebo (n=343)."
    )
    assert not is_result_sentence(
        "Study 5 (RUTHERFORD-2, NCT01763918) was a multicenter, double-blind, randomized, "
        "placebo-controlled, 12-week trial in 329 patients with HeFH on statins."
    )
    # A trial's name is not a figure: no number, no result.
    assert not is_result_sentence(
        "SOLO-1 demonstrated a statistically significant improvement in PFS compared to placebo."
    )
    # TAGRISSO's AURA3 review by central readers supports the headline; it is not one.
    assert not is_result_sentence(
        "In a supportive analysis of PFS according to blinded independent central review, median "
        "PFS was 11 months in the TAGRISSO arm compared to 4.2 months in the chemotherapy arm "
        "(HR 0.28; 95% CI: 0.20, 0.38)."
    )


def _chunk(n: int, start: int, end: int, text: str, doc: str = "label") -> Chunk:
    return Chunk(
        chunk_id=f"{doc}@1#{n:04d}",
        doc_id=doc,
        version="1",
        approval_code="A",
        title="t",
        section="14",
        section_kind=SectionKind.CLINICAL_STUDIES,
        char_start=start,
        char_end=end,
        text=text,
        token_count=1,
    )


def test_a_row_cut_from_its_caption_is_supported_only_by_the_overlapping_chunks() -> None:
    at = FLAURA.index("Table 9.")
    cut = FLAURA.index("Median PFS")
    row_end = FLAURA.index("\np-value")
    caption_chunk = _chunk(1, at, cut + 10, FLAURA[at : cut + 10])  # overlaps the next
    row_chunk = _chunk(2, cut, len(FLAURA), FLAURA[cut:])
    joined = joined_passages([row_chunk, caption_chunk])
    assert joined == [FLAURA[at:]]
    row = next(r for r in headline_results(FLAURA) if r.end == row_end)
    verifier = SupportVerifier()
    assert verifier.check(row.statement, joined).supported
    assert not verifier.check(row.statement, [row_chunk.text]).supported  # no caption
    # The next chunk may start on the line after the previous one ends: joined at the break.
    meeting = _chunk(2, cut, len(FLAURA), FLAURA[cut:])
    before = _chunk(1, at, cut - 1, FLAURA[at : cut - 1])
    assert FLAURA[cut - 1] == "\n" and joined_passages([before, meeting]) == [FLAURA[at:]]
    assert verifier.check(row.statement, joined_passages([before, meeting])).supported
    # Chunks far apart, not consecutive, or from another document are never joined.
    assert len(joined_passages([before, _chunk(3, cut, len(FLAURA), FLAURA[cut:])])) == 2
    apart = _chunk(2, cut + 20, len(FLAURA), FLAURA[cut + 20 :])
    assert len(joined_passages([caption_chunk, apart])) == 2
    other = _chunk(2, cut, len(FLAURA), FLAURA[cut:], doc="other-label")
    assert len(joined_passages([caption_chunk, other])) == 2


def _note(note_id: str, day: str, text: str, role: str = "rep", call: str = "face-to-face"):
    return FieldNote(
        note_id=note_id,
        hcp_id="HCP-1",
        author_role=NoteAuthorRole(role),
        date=date.fromisoformat(day),
        text=text,
        extra={"call_type": call},
    )


NOTES = [  # newest first, as the catalog reads them
    _note("N-6", "2026-12-01", "Future-dated import: ignore me."),
    _note("N-5", "2026-11-20", "Discussed acquired resistance and MET data with Dr. Raman.", "msl"),
    _note(
        "N-4",
        "2026-09-04",
        "Phone call with Dr. Raman, requested by the office. She asked whether the dose "
        "changes with food? Left two dosing guides with the nurse. PA denied twice for her "
        "patient on the commercial plan. Plan: lunch with the whole team next month.",
        call="phone",
    ),
    _note(
        "N-3",
        "2026-06-10",
        "Dr. Raman asked for an in-service for the nursing staff on TAGRISSO. She asked "
        "whether the dose changes with food. Asked the office to confirm the lunch date.",
    ),
]
INQUIRY = Inquiry(
    inquiry_id="INQ-1",
    hcp_id="HCP-1",
    received_at=datetime(2026, 10, 2, 9, tzinfo=UTC),
    channel="rep-submitted",
    product="TAGRISSO",
    question="Is there evidence in leptomeningeal disease?",
    status="in_progress",
    priority="medium",
)


def test_since_last_call_keeps_the_firewall_and_the_period() -> None:
    today = date(2026, 11, 24)
    requests = [FiledRequest("rec-1", date(2026, 11, 2), "submitted")]
    rep = since_last_call(NOTES, [INQUIRY], requests, role=Role.REP, today=today)
    assert rep.last_call == date(2026, 9, 4) and rep.start == date(2026, 9, 4)
    kinds = [(i.kind, i.source.source_id) for i in rep.items]
    assert kinds == [
        ("medical follow-up", "N-5"),
        ("information request", "rec-1"),
        ("inquiry", "INQ-1"),
        ("last call", "N-4"),
        ("materials", "N-4"),
    ]
    text = " ".join(i.text for i in rep.items)
    assert "MET" not in text and "leptomeningeal" not in text  # MSL note, inquiry: not shown
    assert "Left two dosing guides with the nurse." in text
    assert rep.items[2].status == "in progress"
    msl = since_last_call(NOTES, [INQUIRY], [], role=Role.MSL, today=today)
    assert "MET data" in msl.items[0].text and "leptomeningeal" in msl.items[1].text
    # A call long ago: everything since it is shown (a cap would hide what happened).
    older = since_last_call(NOTES[3:], [], [], role=Role.REP, today=date(2027, 6, 1))
    assert older.start == date(2026, 6, 10) and [i.kind for i in older.items] == ["last call"]
    # No call by a rep on file: the last 90 days.
    msl_only = since_last_call(NOTES[1:2], [], [], role=Role.REP, today=date(2027, 1, 1))
    assert msl_only.last_call is None and msl_only.start == date(2026, 10, 3)
    assert [i.source.source_id for i in msl_only.items] == ["N-5"]


def test_open_items_are_whole_sentences_once_with_requests_apart_from_questions() -> None:
    items = open_items(NOTES[2:])
    assert [(i.kind, i.text, i.source.source_id) for i in items] == [
        ("request", "Dr. Raman asked for an in-service for the nursing staff on TAGRISSO.", "N-3"),
        ("question", "She asked whether the dose changes with food?", "N-4"),
    ]  # the same question in the older note is listed once; the rep's own asks are not items


def test_access_plan_and_objective_with_their_reasons() -> None:
    access = access_notes(NOTES[2:])
    assert [a.text for a in access] == ["PA denied twice for her patient on the commercial plan."]
    assert plan_of(NOTES[2]) == "Plan: lunch with the whole team next month."
    items = open_items(NOTES[2:])
    consented = FollowUp(channel="email", consent_ok=True, text="Follow up by email.")
    objective = call_objective(NOTES[2:], items, access, consented)
    assert objective.objective.startswith(
        "Follow through on your last call's plan: Lunch with the whole team next month."
    )
    assert "open request" in objective.objective and "access barrier" in objective.objective
    assert [r.source.source_id for r in objective.reasons] == ["N-4", "N-3", "N-4", "N-4"]
    assert objective.next_step == "Confirm the next contact by email (consented)."
    none = FollowUp(channel=None, consent_ok=False, text="No consented channel on file.")
    assert call_objective([], [], [], none).next_step == "No consented channel on file."


def test_why_a_point_fits_comes_from_the_hcps_own_words_never_an_adverse_event() -> None:
    notes = [
        _note("N-2", "2026-09-01", "[NAME] stopped TAGRISSO after QTc prolongation to 510 ms."),
        _note("N-1", "2026-08-01", "She asked how TAGRISSO dosing works with a missed dose."),
    ]
    names = ("TAGRISSO", "osimertinib")
    why = point_reason(names, "Dosing", notes, "stage IV NSCLC", "HCP-1", ["QTc prolongation"])
    assert why is not None and why[0].startswith("She asked how TAGRISSO dosing")
    assert why[1].source_id == "N-1"
    fallback = point_reason(names, "Dosing", notes[:1], "stage IV NSCLC", "HCP-1", ["QTc"])
    assert fallback is not None and fallback[0] == "Patient mix: stage IV NSCLC"
    assert point_reason(names, "Dosing", [], "", "HCP-1") is None


def test_off_label_routed_and_adverse_event_sentences_are_not_open_items_for_the_rep() -> None:
    note = _note(
        "N-9",
        "2026-10-01",
        "Dr. Feldhaus asked about using TAGRISSO in combination with bevacizumab. Off-label, "
        "so I did not discuss it and submitted an MIR. He wanted to know what the PI recommends "
        "when ILD is suspected. She asked if it is expected that a patient had severe acne.",
    )
    items = open_items([note], avoid=["a patient had severe acne"])
    assert [(i.kind, i.text) for i in items] == [
        (
            "question",
            "Dr. Feldhaus asked about using TAGRISSO in combination with bevacizumab.",
        ),
        ("question", "He wanted to know what the PI recommends when ILD is suspected."),
    ]  # 'wanted to know' asks; the acne sentence is an adverse event for PV, not a question
    combination, ild = items
    assert routed_to_medical(combination.text, note, off_label=True)
    assert not routed_to_medical(ild.text, note)


def test_only_a_barrier_makes_access_an_objective() -> None:
    hub = _note("N-1", "2026-11-20", "His office manager asked for the hub enrollment form again.")
    denied = _note("N-2", "2026-11-21", "PA denied twice for her patient on the commercial plan.")
    consented = FollowUp(channel="email", consent_ok=True, text="x")
    assert "access" not in call_objective([hub], [], access_notes([hub]), consented).objective
    assert (
        "access barrier"
        in call_objective([denied], [], access_notes([denied]), consented).objective
    )
    # 'PA' is prior authorisation only with what PAs do: a physician assistant is not access.
    assert not access_notes(
        [_note("N-3", "2026-11-22", "PA Jordan Ellis is now the main contact.")]
    )


def test_note_shorthand_is_split_into_sentences() -> None:
    text = "She was running behind so it was brief. disc'd access - PA denials w/ 2 plans. Saw Dr. Lee."
    assert note_sentences(text) == [
        "She was running behind so it was brief.",
        "disc'd access - PA denials w/ 2 plans.",
        "Saw Dr. Lee.",
    ]


def test_a_stated_row_reads_as_values_paired_with_their_arms_or_not_at_all() -> None:
    statement = next(r.statement for r in headline_results(FLAURA) if "Median PFS" in r.statement)
    caption, text = row_readout(statement)
    assert caption.startswith("Table 9. Efficacy Results in FLAURA")
    assert text == (
        "Progression-Free Survival (PFS) — Median PFS in months (95% CI) — TAGRISSO (N=279): "
        "18.9 (15.2, 21.4); EGFR TKI (gefitinib or erlotinib) (N=277): 10.2 (9.6, 11.1)"
    )
    # Columns named only by counts cannot say which arm a value is: not read out, not quoted.
    counts = "Table 3: Efficacy (Days | N=348 | N=347): Change from baseline | -4.3 | -3.5."
    assert row_readout(counts) is None
    misaligned = "Table 5: Results (Arm A | Arm B): Response | 10% | 20% | 30%."
    assert row_readout(misaligned) is None


def test_fit_weighs_the_words_that_set_one_use_apart() -> None:
    uses = [
        topic_stems("14.6 Urothelial Cancer metastatic urothelial carcinoma"),
        topic_stems("14.1 Melanoma unresectable or metastatic melanoma"),
        topic_stems("14.2 Non-Small Cell Lung Cancer metastatic NSCLC"),
    ]
    scores = fit_scores("GU oncology; metastatic urothelial and prostate. KEYTRUDA", uses)
    assert scores[0] > 0 and scores[1] == scores[2] == 0  # 'metastatic' is in all: no weight
    derm = fit_scores("Dermatology", [topic_stems("Atopic Dermatitis"), topic_stems("Crohn's")])
    assert derm[0] > 0 and derm[1] == 0
    # "reflex NGS on all new adenocarcinomas" shares no topic with "All patients were
    # required": plain words say nothing, but BLINCYTO's "ALL" is a disease.
    assert {"all", "new"}.isdisjoint(topic_stems("reflex NGS on all new adenocarcinomas"))
    assert "all" not in topic_stems("All patients were required to have EGFR T790M")
    assert "all" in topic_stems("Heme; adult B-cell precursor ALL in MRD-positive remission")
    assert "metast" in topic_stems("mostly Stage IV NSCLC")


def test_sentences_a_reader_can_be_shown_alone() -> None:
    assert reads_alone(
        "Permanently discontinue TAGRISSO in patients who develop QTc interval prolongation "
        "[see Dosage and Administration (2.4) ]."
    )
    for fragment in (
        "However, delayed hypersensitivity reactions have also been reported.",
        "of Soliris may result in infusion-related reactions, including anaphylaxis.",
        "( 1.6 ) as a single agent for the treatment of patients with NMIBC.",
        "Interstitial Lung Disease (ILD)/Pneumonitis : Occurred in 3.8% of patients.",
    ):
        assert not reads_alone(fragment), fragment


def test_a_request_to_send_product_to_a_patient_is_a_compliance_item() -> None:
    note = _note(
        "N-7",
        "2026-10-16",
        "The front desk asked me to mail the starter kit to Mr. [NAME], [ADDRESS]. Told them we "
        "can't ship to patients and gave them the hub info.",
    )
    (item,) = compliance_notes([note])
    assert item.text.startswith("The front desk asked me to mail the starter kit to Mr.")
    assert "office only, never to a patient" in item.rule and item.source.source_id == "N-7"
    assert compliance_notes([_note("N-8", "2026-10-16", "Left two dosing guides.")]) == []


def test_a_stale_plan_and_a_channel_without_consent_are_said() -> None:
    call = _note("N-4", "2026-09-04", "Phone call. Plan: lunch with the team.", call="phone")
    consented = FollowUp(channel="email", consent_ok=True, text="x")
    objective = call_objective(
        [call], [], [], consented, today=date(2026, 11, 24), consent={"phone": False}
    )
    assert "(2026-09-04, 81 days ago): Lunch with the team. Check it still stands." in (
        objective.objective
    )
    assert "last call was a phone call, a channel this HCP has not consented to" in (
        objective.next_step
    )


def test_a_quote_is_cited_to_the_fewest_chunks_that_hold_it() -> None:
    from assistant.workflows.headlines import _covering

    # Consecutive chunks overlap: a caption at 100 sits in both #1 and #2; #2 alone holds
    # the caption and the row, so citing #1 too would be a citation the sentence does not need.
    chunks = [(0, 130, "#1"), (90, 300, "#2"), (280, 500, "#3")]
    assert _covering(chunks, 100, 250) == ("#2",)
    assert _covering(chunks, 100, 400) == ("#2", "#3")
    assert _covering(chunks, 10, 400) == ("#1", "#2", "#3")
    assert _covering(chunks, 10, 600) == ()


def test_a_note_saying_the_event_was_reported_is_read_as_such() -> None:
    assert (
        reported_in(
            "Patient stopped KEYTRUDA after new type 1 diabetes. Gave her the drug safety line and "
            "called it in myself as well."
        )
        == "Gave her the drug safety line and called it in myself as well."
    )
    assert reported_in("Patient stopped KEYTRUDA after new type 1 diabetes.") is None


def test_shorthand_questions_and_concerns_without_a_subject() -> None:
    note = _note(
        "N-1",
        "2026-06-02",
        "Asked when the follow-up MRIs are due during the first 14 weeks. Prefers infused "
        "anti-CD20 therapy so the clinic can confirm every dose. Asked the office to confirm "
        "the lunch date.",
    )
    assert [(i.kind, i.text) for i in open_items([note])] == [
        ("concern", "Prefers infused anti-CD20 therapy so the clinic can confirm every dose."),
        ("question", "Asked when the follow-up MRIs are due during the first 14 weeks."),
    ]  # the rep asking the office is not an item


def test_a_one_value_row_names_the_arms_it_compares_and_drops_footnote_marks() -> None:
    hazard = (
        "Table 73: Efficacy Results in KEYNOTE-045 (KEYTRUDA 200 mg every 3 weeks | "
        "Chemotherapy / n=270 | n=272): OS — Hazard ratio (95% CI) | 0.73 (0.59, 0.91)."
    )
    assert row_readout(hazard)[1] == (
        "OS — Hazard ratio (95% CI) (KEYTRUDA 200 mg every 3 weeks vs Chemotherapy): "
        "0.73 (0.59, 0.91)"
    )
    marked = "Table 2: Results (Endpoint | RINVOQ 15 mg | Placebo): EASI-75^a | 70% | 16%."
    assert row_readout(marked)[1] == "EASI-75 — RINVOQ 15 mg: 70%; Placebo: 16%"
