"""Each page's logic through streamlit.testing (AppTest), on the ingested sample."""

from __future__ import annotations

import re

import pytest

from assistant.actions import MI_REQUEST_WORKFLOW, PV_REPORT_WORKFLOW, report_to_pharmacovigilance
from assistant.audit import AuditLog, resolve_audit_url
from assistant.pdf import markdown_pdf
from assistant.rendering import briefing_markdown
from assistant.services import open_services
from assistant.settings import Settings
from assistant.workflows.chat import answer_question
from knowledge_base.models import Role
from tests.ui.conftest import new_app, sign_in
from ui.navigation import page_titles

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("ui")]


def _titles(at) -> list[str]:
    return [t.value for t in at.title]


def _audit(home) -> AuditLog:
    return AuditLog.open(resolve_audit_url(Settings(home=home)))


def test_wrong_password_is_a_friendly_error_and_signs_nobody_in(sample_env) -> None:
    at = sign_in(new_app().run(), "rita", "not-her-password")
    assert not at.exception
    assert "Wrong username or password" in at.error[0].value
    # Spoken to the person signing in: what to do, not an administrator's command.
    assert "ask your Medbrief administrator" in at.error[0].value
    assert "medbrief users" not in at.error[0].value
    assert "medbrief_user" not in at.session_state
    unknown = sign_in(new_app().run(), "nobody", "whatever-it-is")
    assert "Wrong username or password" in unknown.error[0].value


def test_each_role_sees_only_its_pages() -> None:
    assert page_titles(Role.REP) == ["Pre-call briefing", "Chat"]
    assert page_titles(Role.MSL) == ["Inquiry backlog", "Chat"]
    assert page_titles(Role.MLR) == ["Eval runs", "Audit log", "Content library"]
    assert len(page_titles(Role.ADMIN)) == 6


def test_a_rep_cannot_open_an_mlr_page(signed_in) -> None:
    at = signed_in("rita")
    assert _titles(at) == ["Pre-call briefing"]
    # The MLR pages are not even registered in a rep's session.
    with pytest.raises(ValueError, match="Could not find a navigation page") as refused:
        at.switch_page("pages/audit.py")
    assert "audit.py" not in str(refused.value).split("Known pages")[1]
    assert "role **rep**" in at.sidebar.markdown[0].value


def test_briefing_shows_sources_consent_mode_and_downloads(signed_in, sample_env) -> None:
    at = signed_in("rita")
    picker = at.selectbox(key="hcp_pick")
    hcp = next(o for o in picker.options if "(HCP-001)" in o)
    picker.select_index(picker.options.index(hcp)).run()
    assert not at.exception, at.exception
    assert at.header[0].value and hcp.startswith(at.header[0].value)
    # What the call is for and what happened since come first; results before the points.
    assert [s.value for s in at.subheader][:4] == [
        "Since your last call (2026-09-04)",
        "Headline results",
        "Suggested talking points",
        "Important safety information",
    ]
    assert any(m.value.startswith("**Call objective:**") for m in at.markdown)
    assert any("Medical follow-up occurred" in m.value for m in at.markdown)
    popovers = at.get("popover")
    assert popovers, "every claim has its sources beside it"
    first = popovers[0]
    assert first.proto.popover.label.startswith("[")
    opened = " ".join(m.value for m in first.markdown) + " ".join(c.value for c in first.caption)
    assert "approval code" in opened and "version" in opened
    assert any("offline extractive" in c.value for c in at.caption)
    badges = [m.value for m in at.markdown if "badge[" in m.value]
    assert any("prefers" in b for b in badges), badges
    assert any("KOL tier: 1" in b for b in badges) and any("Territory" in b for b in badges)
    assert {b.label for b in at.get("download_button")} == {"Download Markdown", "Download PDF"}
    briefing = at.session_state["medbrief_briefings"]["HCP-001"]
    pdf = markdown_pdf(briefing_markdown(briefing), title="briefing")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    with _audit(sample_env) as log:
        assert log.list(workflow="brief", user="rita")


def test_chat_streams_cited_answers_and_offers_a_request_on_off_label(signed_in, sample_env):
    at = signed_in("rita")
    at.switch_page("pages/chat.py").run()
    at.chat_input[0].set_value("What is the recommended dose of TAGRISSO?").run()
    assert not at.exception, at.exception
    assert any("80 mg" in m.value for m in at.markdown)
    assert at.get("popover"), "the answer names its sources"
    assert any("offline extractive" in c.value for c in at.caption)

    at.chat_input[0].set_value("Can TAGRISSO be used for thyroid cancer?").run()
    assert "outside the approved label" in at.warning[0].value
    offer = at.button(key="mir-turn1")
    assert offer.label == "File a medical information request"
    # No HCP in the conversation: the request is refused until the rep names who asked.
    assert at.selectbox(key="mir-hcp-turn1").value is None
    offer.click().run()
    assert any("Choose the HCP who asked" in e.value for e in at.error)
    with _audit(sample_env) as log:
        assert not log.list(workflow=MI_REQUEST_WORKFLOW, user="rita")
    picker = at.selectbox(key="mir-hcp-turn1")
    picker.select_index(next(i for i, o in enumerate(picker.options) if "(HCP-002)" in o)).run()
    at.button(key="mir-turn1").click().run()
    filed_message = at.success[0].value
    assert "(HCP-002)" in filed_message and "filed by rita" in filed_message
    assert "status **submitted**" in filed_message
    with _audit(sample_env) as log:
        filed = log.list(workflow=MI_REQUEST_WORKFLOW, user="rita")
    assert filed[0].inputs["question"].startswith("Can TAGRISSO be used for thyroid")
    assert filed[0].inputs["hcp_id"] == "HCP-002"


def test_a_request_from_chat_is_pre_filled_with_the_conversation_s_hcp(signed_in) -> None:
    at = signed_in("rita")
    picker = at.selectbox(key="hcp_pick")
    picker.select_index(next(i for i, o in enumerate(picker.options) if "(HCP-003)" in o)).run()
    at.switch_page("pages/chat.py").run()
    at.chat_input[0].set_value("Can TAGRISSO be used for thyroid cancer?").run()
    assert at.selectbox(key="mir-hcp-turn0").value.hcp_id == "HCP-003"


def test_a_flag_an_msl_reports_shows_as_reported_in_the_rep_s_open_briefing(signed_in) -> None:
    at = signed_in("rita")
    picker = at.selectbox(key="hcp_pick")
    picker.select_index(next(i for i, o in enumerate(picker.options) if "(HCP-007)" in o)).run()
    briefing = at.session_state["medbrief_briefings"]["HCP-007"]
    assert len(briefing.report_to_pv) >= 2
    assert any("Report to pharmacovigilance" in e.value for e in at.error)
    first, *others = briefing.report_to_pv

    services = open_services(Settings())  # as the MSL's page does, from another session
    report_to_pharmacovigilance(
        services.audit, first, user="msl-omar", role=Role.MSL, case_number="PV-2026-0042"
    )
    services.audit.close()
    at.run()  # the same open briefing: its flags' status is read now
    handled = " ".join(m.value for m in at.markdown if first.source_id in m.value)
    assert "Reported to PV by msl-omar" in handled and "case PV-2026-0042" in handled
    still_open = " ".join(m.value for m in at.markdown if m.value.startswith("- **"))
    assert all(f.source_id in still_open for f in others)
    assert any("Report to pharmacovigilance" in e.value for e in at.error), "others still open"


def test_one_hcp_for_briefing_and_chat(signed_in) -> None:
    at = signed_in("rita")
    picker = at.selectbox(key="hcp_pick")
    picker.select_index(next(i for i, o in enumerate(picker.options) if "(HCP-003)" in o)).run()
    at.switch_page("pages/chat.py").run()
    assert any("Context: HCP HCP-003" in c.value for c in at.caption)
    at.switch_page("pages/briefing.py").run()
    assert not at.exception, at.exception
    hcp = at.selectbox(key="hcp_pick").value
    assert hcp.hcp_id == "HCP-003"
    assert at.header[0].value == hcp.name, "and its briefing is on screen"


def test_the_ae_queue_is_drawn_a_page_at_a_time(signed_in) -> None:
    at = signed_in("sam")
    queue = at.tabs[0]

    def cards() -> list[str]:
        return [m.value for m in at.tabs[0].markdown if ":red-badge[" in m.value]

    shown = next(c.value for c in at.tabs[0].caption if c.value.startswith("Showing 1 to"))
    total = int(re.search(r"of (\d+)", shown).group(1))
    assert len(cards()) == min(total, 25), "the default page holds 25 cards"
    assert total > 10, "the sample's queue fills more than one page of 10"
    queue.selectbox(key="flag_page_size").select(10).run()
    first_page = cards()
    assert len(first_page) == 10
    assert any(f"Showing 1 to 10 of {total}" in c.value for c in at.tabs[0].caption)
    at.number_input(key="flag_page_10").set_value(2).run()
    second_page = cards()
    assert len(second_page) == min(10, total - 10)
    assert not set(first_page) & set(second_page)


def test_msl_sees_the_ae_queue_and_marks_a_report(signed_in, sample_env) -> None:
    at = signed_in("sam")
    assert _titles(at) == ["Inquiry backlog"]
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    open_before = int(metrics["AE/PC to report"])
    assert open_before > 0
    assert at.tabs[0].label.startswith("AE/PC queue")
    assert any(":orange-background[" in m.value for m in at.tabs[0].markdown), "evidence spans"

    def still_open() -> int:
        return int({m.label: m.value for m in at.metric}["AE/PC to report"])

    # "Mark as reported…" asks for the safety case number, then confirms.
    case = next(t for t in at.text_input if t.label == "Safety case number (if you have one)")
    case.input("PV-2026-0107").run()
    next(b for b in at.button if b.label == "Confirm: reported to PV").click().run()
    assert any("Reported to PV by sam" in s.value and "PV-2026-0107" in s.value for s in at.success)
    assert still_open() == open_before - 1
    # Its author may undo it the same day: the flag is open again, both steps are recorded.
    next(b for b in at.button if b.label == "Undo").click().run()
    assert not at.exception, at.exception
    assert still_open() == open_before
    assert not any("Reported to PV by sam" in s.value for s in at.success)
    case = next(t for t in at.text_input if t.label == "Safety case number (if you have one)")
    case.input("PV-2026-0107").run()
    next(b for b in at.button if b.label == "Confirm: reported to PV").click().run()
    assert still_open() == open_before - 1
    # A false alarm is closed with a reason, never silently: empty is refused, a reason is kept.
    no_button = next(b for b in at.button if b.label == "Confirm: not reportable")
    no_button.click().run()
    assert any("Say why" in e.value for e in at.error)
    reason = next(t for t in at.text_input if t.label == "Not reportable because …")
    reason.input("event on a competitor product").run()
    next(b for b in at.button if b.label == "Confirm: not reportable").click().run()
    assert any("Not reportable (event on a competitor product) per sam" in i.value for i in at.info)
    assert still_open() == open_before - 2
    with _audit(sample_env) as log:
        decisions = [
            r.output_shown["decision"] for r in log.list(workflow=PV_REPORT_WORKFLOW, user="sam")
        ]
    assert sorted(decisions) == ["not reportable", "reported", "reported", "undone"]
    themes = at.tabs[1]
    assert themes.get("arrow_vega_lite_chart") or themes.get("vega_lite_chart"), "trend chart"
    assert any("Matched approved response" in m.value for m in themes.markdown)


UPLOAD = (
    "inquiry_id,received_at,channel,hcp_id,product,question,status,priority\n"
    "U-1,2026-11-20T10:00:00Z,email,HCP-001,TAGRISSO,What is the dose of TAGRISSO?,open,normal\n"
    "U-2,not a date,email,HCP-001,TAGRISSO,Is TAGRISSO taken with food?,open,low\n"
    "U-3,2026-11-21T10:00:00Z,phone,HCP-002,TAGRISSO,My patient on TAGRISSO was hospitalized "
    "with pneumonitis after two weeks.,open,urgent\n"
)


def test_an_upload_s_problems_name_the_file_and_flags_say_where_they_come_from(signed_in):
    at = signed_in("sam")
    # A form's widgets reach the page with its submit button: set both, then run once.
    at.file_uploader[0].set_value(("crm-export-nov.csv", UPLOAD.encode(), "text/csv"))
    next(b for b in at.button if b.label == "Summarize").click().run()
    assert not at.exception, at.exception
    skipped = at.expander[0]
    assert skipped.label.startswith("1 row(s) skipped in crm-export-nov.csv")
    problems = " ".join(m.value for m in skipped.markdown)
    assert "crm-export-nov.csv row 3" in problems and "/tmp" not in problems
    cards = [m.value for m in at.tabs[0].markdown if ":red-badge[" in m.value]
    assert any("U-3" in c and "from crm-export-nov.csv" in c for c in cards), cards
    assert any("from the ingested notes" in c for c in cards), "notes' flags say so too"


def test_a_second_session_reads_the_backlog_summary_already_computed(signed_in, sample_env):
    def summary_record(at) -> str:
        return next(c.value for c in at.caption if c.value.startswith("Audit record"))

    first = summary_record(signed_in("sam"))
    with _audit(sample_env) as log:
        computed = len(log.list(workflow="inquiries", limit=None))
    again = signed_in("sam")  # a new session: signing in again, or another MSL
    assert not again.exception, again.exception
    assert summary_record(again) == first
    with _audit(sample_env) as log:
        assert len(log.list(workflow="inquiries", limit=None)) == computed, "computed again"


def test_mlr_verifies_the_audit_chain_and_opens_a_record(signed_in) -> None:
    # At least one record to open, whatever ran before in this module.
    services = open_services(Settings())
    answer_question("What is the recommended dose of TAGRISSO?", Role.REP, services, user="rita")
    services.audit.close()
    at = signed_in("mona")
    at.switch_page("pages/audit.py").run()
    assert _titles(at) == ["Audit log"]
    next(b for b in at.button if b.label == "Verify the chain").click().run()
    assert "Chain intact" in at.success[0].value
    at.selectbox[-1].select_index(0).run()
    assert not at.exception, at.exception
    assert at.subheader[0].value.startswith("Record #")
    assert at.json


def test_the_audit_page_shows_people_s_outputs_and_eval_runs_on_request(signed_in) -> None:
    services = open_services(Settings())
    person = answer_question("How should NURTEC ODT be stored?", Role.REP, services, user="rita")
    services.eval_run_id = "run-ui-1"  # as the evals runner does: mlr acting as a rep
    evaluated = answer_question("How should NURTEC ODT be stored?", Role.REP, services, user="mona")
    services.audit.close()
    at = signed_in("mona")
    at.switch_page("pages/audit.py").run()

    def listed() -> set[str]:
        return set(at.dataframe[0].value["record"])

    assert person.audit_id in listed() and evaluated.audit_id not in listed()
    at.radio(key="audit_traffic").set_value("evals").run()
    assert evaluated.audit_id in listed() and person.audit_id not in listed()
    runs = set(at.dataframe[0].value["eval run"])
    assert "run-ui-1" in runs and "" not in runs, "each row says which eval run it came from"
    at.radio(key="audit_traffic").set_value("all").run()
    assert {person.audit_id, evaluated.audit_id} <= listed()


def test_mlr_runs_a_suite_then_browses_compares_and_annotates(signed_in) -> None:
    at = signed_in("mona")
    assert _titles(at) == ["Eval runs"]
    for _ in range(2):  # two runs, to compare
        at.multiselect(key="eval_suites").set_value(["off-label"]).run()
        next(b for b in at.button if b.label == "Run").click().run()
        assert not at.exception, at.exception
        assert "Saved run" in at.success[0].value
        # "Past runs" opens the run just made, the second time too.
        made = re.search(r"Saved run `([^`]+)`", at.success[0].value).group(1)
        assert at.selectbox(key="eval_run_pick").value == made
    assert at.get("iframe"), "the HTML report is shown"
    compare = at.tabs[2]
    assert any("No regression" in s.value for s in compare.success)
    annotate = at.tabs[3]
    annotate.text_area[0].input("Refusal wording is right.")
    next(b for b in annotate.button if b.label == "Save annotation").click().run()
    assert any("Annotation saved" in s.value for s in at.success)


def test_content_library_highlights_expiry_and_withdraws_with_impact(signed_in) -> None:
    at = signed_in("mona")
    at.switch_page("pages/content.py").run()
    assert any("past their expiry date" in e.value for e in at.error)  # kesimpta-hcp-faq
    at.number_input[0].set_value(120).run()
    assert "tagrisso-core-visual-aid" in at.warning[0].value
    form = at.get("form")[0]
    target = at.selectbox[-1]
    target.select_index(target.options.index("rinvoq-tb-screening-srd"))
    form.text_input[0].input("MLR decision 2026-11-24: superseded")
    form.checkbox[0].check()
    next(b for b in form.button if b.label == "Withdraw").click().run()
    assert not at.exception, at.exception
    assert "Withdrawn: **rinvoq-tb-screening-srd**" in at.success[0].value
    assert "eval runs' outputs, not counted:" in at.success[0].value
    # The form is emptied after use: the next withdrawal starts from nothing.
    form = at.get("form")[0]
    assert at.selectbox[-1].value is None
    assert form.text_input[0].value == "" and form.checkbox[0].value is False


def test_the_queue_puts_serious_flags_first_and_themes_read_as_phrases(signed_in) -> None:
    at = signed_in("sam")
    at.selectbox(key="flag_page_size").select(50).run()  # the largest page
    still_open = int({m.label: m.value for m in at.metric}["AE/PC to report"])
    # open cards come first (another test may have decided some); among them the serious lead
    cards = [m.value for m in at.tabs[0].markdown if ":red-badge[" in m.value][:still_open]
    serious = [":violet-badge[" in c for c in cards]
    assert any(serious), "the sample holds serious flags (deaths, admissions)"
    assert serious == sorted(serious, reverse=True), cards[:5]
    everything = [m.value for m in at.tabs[0].markdown if ":red-badge[" in m.value]
    assert any("before this period: overdue" in c for c in everything), (
        "an undecided flag from before the period stays in the queue, marked overdue"
    )
    assert any(":violet-badge[death]" in c for c in cards[:3]) or not any(
        ":violet-badge[death]" in c for c in cards
    ), "deaths lead the queue"
    themes = at.tabs[1]
    labels = [e.label for e in themes.expander]
    assert labels, "themes are listed"
    for label in labels:
        phrase = label.split(" — ", 1)[1]
        assert phrase[:1].isupper() and "[" not in phrase, label
    assert any("Questions asked" in m.value for m in themes.markdown)


def test_a_cited_table_opens_as_a_table_not_as_pipe_lines(signed_in) -> None:
    at = signed_in("rita")
    next(p for p in at.get("selectbox") if "HCP" in p.label)  # the briefing page is open
    at.switch_page("pages/chat.py").run()
    at.chat_input[0].set_value("How common is headache with AGGRENOX compared with placebo?").run()
    assert not at.exception, at.exception
    drawn = [m.value for p in at.get("popover") for m in p.markdown]
    assert any("\n|---|" in value for value in drawn), "a cited table is shown as a table"
    for value in drawn:
        if "\n|---|" not in value:
            assert " | " not in value, "no table row is shown as a line of pipes"
    # the answer's own stated table rows are drawn as Markdown tables under their caption
    answer = next(m.value for m in at.main.markdown if "*Table 1" in m.value)
    assert "\n|---|" in answer, "a table, not a sentence of pipes"
    prose = [line for line in answer.splitlines() if not line.startswith("|")]
    assert not any(line.count(" | ") > 1 for line in prose)


def test_a_filed_request_shows_the_msl_s_response_to_the_rep(signed_in) -> None:
    rep = signed_in("rita")
    picker = rep.selectbox(key="hcp_pick")
    picker.select_index(next(i for i, o in enumerate(picker.options) if "(HCP-004)" in o)).run()
    rep.switch_page("pages/chat.py").run()
    rep.chat_input[0].set_value("Can TAGRISSO be used for thyroid cancer?").run()
    next(b for b in rep.button if b.label == "File a medical information request").click().run()
    assert any("status **submitted**" in s.value for s in rep.success)

    msl = signed_in("sam")
    requests = msl.tabs[3]
    assert any("HCP HCP-004" in m.value and "filed by rita" in m.value for m in requests.markdown)
    confirm = next(b for b in msl.button if b.label == "Confirm: responded")
    confirm.click().run()
    assert any("Say how the HCP was answered" in e.value for e in msl.error), "a note is needed"
    note = next(t for t in msl.text_input if t.label == "How the HCP was answered")
    note.input("called the office, sent the standard response").run()
    next(b for b in msl.button if b.label == "Confirm: responded").click().run()
    assert any("Responded by sam" in s.value for s in msl.success)

    rep.run()  # the rep's open chat reads the request's status now
    assert any(
        "status **responded** by sam" in s.value and "standard response" in s.value
        for s in rep.success
    )
