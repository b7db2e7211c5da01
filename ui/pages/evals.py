"""MLR: run evaluation suites and watch them, browse past runs and their reports, compare two
runs, annotate cases."""

from __future__ import annotations

import base64

import pandas as pd
import streamlit as st

from evals.compare import compare_runs
from evals.models import AnnotationVerdict, EvalRun
from evals.reports import render_html
from evals.reports.formatting import mode_label
from evals.runner import ProgressEvent, run_suites
from evals.store import RunStore
from evals.suites import resolve_suites, shipped_suites
from ui.errors import friendly_errors
from ui.state import current_user, get_settings

# The run "Past runs" shows: the one just made, else the one picked, else the newest.
OPEN_RUN = "eval_run_pick"


def _mode(run: EvalRun) -> str:
    return (
        "offline extractive" if run.provider == "extractive" else f"{run.model} via {run.provider}"
    )


def _verdict(passed: bool | None) -> str:
    return {True: "pass", False: "FAIL", None: "—"}[passed]


def _run_tab(store: RunStore) -> None:
    names = [p.stem for p in shipped_suites()]
    chosen = st.multiselect(
        "Suites", names, key="eval_suites", placeholder="Choose the suites to run"
    )
    if not st.button("Run", type="primary", icon=":material/play_arrow:", disabled=not chosen):
        return
    user = current_user()
    suites = resolve_suites(chosen)
    bar = st.progress(0.0, text="Starting ...")
    lines: list[str] = []
    with st.status("Running the suites ...", expanded=True) as status:
        feed = st.empty()

        def progress(event: ProgressEvent) -> None:
            if event.passed is None:
                bar.progress(
                    event.done / max(event.total, 1),
                    text=f"{event.done}/{event.total} · {event.suite}/{event.case_id} ...",
                )
                return
            lines.append(f"- {_verdict(event.passed)} · {event.suite}/{event.case_id}")
            bar.progress(event.done / max(event.total, 1), text=f"{event.done}/{event.total}")
            feed.markdown("\n".join(lines[-12:]))

        run = run_suites(suites, get_settings(), progress=progress, user=user.username)
        store.save(run)
        status.update(
            label=f"Run {run.run_id}: {'passed' if run.passed else 'FAILED'} "
            f"in {run.duration_s:.1f} s",
            state="complete" if run.passed else "error",
            expanded=True,
        )
    st.session_state[OPEN_RUN] = run.run_id  # "Past runs" opens the run just made
    st.success(
        f"Saved run `{run.run_id}` ({_mode(run)}): open it under **Past runs**.",
        icon=":material/task_alt:",
    )


def _runs_table(store: RunStore) -> list[str]:
    runs = store.list()
    if not runs:
        st.info("No eval runs yet: run a suite above (or `medbrief evals run`).")
        return []
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "run": r.run_id,
                    "started (UTC)": r.started_at.strftime("%Y-%m-%d %H:%M"),
                    "mode": mode_label(r.provider, r.model),
                    "result": "pass" if r.passed else "FAIL",
                    "cases passed": f"{r.cases_passed}/{r.cases}",
                    "suites": ", ".join(r.suites),
                    "annotations": r.annotations,
                }
                for r in runs
            ]
        ),
        hide_index=True,
    )
    return [r.run_id for r in runs]


def _past_tab(store: RunStore, ids: list[str]) -> None:
    if not ids:
        return
    if st.session_state.get(OPEN_RUN) not in ids:
        st.session_state[OPEN_RUN] = ids[0]  # the newest
    run_id = st.selectbox("Open a run", ids, key=OPEN_RUN)
    run = store.load(run_id)
    st.markdown(
        f"**{'Passed' if run.passed else 'Failed'}** · {_mode(run)} · "
        f"{sum(len(s.cases) for s in run.suites)} cases in {run.duration_s:.1f} s"
    )
    html = render_html(run)
    st.download_button(
        "Download HTML report",
        html,
        file_name=f"eval-{run.run_id}.html",
        mime="text/html",
        icon=":material/download:",
        on_click="ignore",
    )
    # A data: URL gets an opaque origin: the report (which quotes generated text) cannot reach
    # the app even if something in it escaped escaping.
    encoded = base64.b64encode(html.encode("utf-8")).decode("ascii")
    st.iframe(f"data:text/html;base64,{encoded}", height=700)


def _compare_tab(store: RunStore, ids: list[str]) -> None:
    if len(ids) < 2:
        st.info("Comparing needs two runs.")
        return
    left, right = st.columns(2)
    a = left.selectbox("Run A (before)", ids, index=1, key="cmp_a")
    b = right.selectbox("Run B (after)", ids, index=0, key="cmp_b")
    result = compare_runs(store.load(a), store.load(b))
    if result.regressed:
        st.error(
            f"B is worse than A: {result.metric_regressions} metric and "
            f"{result.case_regressions} case regression(s)."
        )
    else:
        st.success(f"No regression from A to B ({result.cases_compared} cases compared).")
    st.caption(f"A: {result.mode_a} · B: {result.mode_b}")
    st.dataframe(
        pd.DataFrame([m.model_dump() for m in result.metrics]),
        hide_index=True,
        column_order=["suite", "metric", "a", "b", "delta", "regressed", "improved", "note"],
    )
    if result.changed_cases:
        st.markdown("**Cases that changed**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "suite": c.suite,
                        "case": c.case_id,
                        "A": _verdict(c.a_passed),
                        "B": _verdict(c.b_passed),
                        "checks changed": ", ".join(c.changed_checks),
                        "note": c.note,
                    }
                    for c in result.changed_cases
                ]
            ),
            hide_index=True,
        )


def _annotate_tab(store: RunStore, ids: list[str]) -> None:
    if not ids:
        return
    run_id = st.selectbox("Run", ids, key="ann_run")
    run = store.load(run_id)
    cases = [(s.name, c.case_id, c.passed) for s in run.suites for c in s.cases]
    with st.form("annotate"):
        case = st.selectbox(
            "Case", cases, format_func=lambda c: f"{c[0]}/{c[1]} ({_verdict(c[2])})"
        )
        verdict = st.radio(
            "Your verdict", list(AnnotationVerdict), horizontal=True, format_func=str.capitalize
        )
        comment = st.text_area("Comment")
        saved = st.form_submit_button("Save annotation", type="primary")
    if saved:
        store.annotate(
            run_id,
            suite=case[0],
            case_id=case[1],
            verdict=verdict,
            comment=comment,
            reviewer=current_user().username,
        )
        st.success(f"Annotation saved on {case[0]}/{case[1]}.")
    if run.annotations:
        st.dataframe(
            pd.DataFrame([a.model_dump(mode="json") for a in run.annotations]), hide_index=True
        )


st.title("Eval runs")
with friendly_errors("Evaluation"):
    store = RunStore.for_settings(get_settings())
    run_tab, past_tab, compare_tab, annotate_tab = st.tabs(
        ["Run a suite", "Past runs", "Compare two runs", "Annotate"]
    )
    with run_tab, friendly_errors("Running the suites"):
        _run_tab(store)
    with past_tab:
        ids = _runs_table(store)
        with friendly_errors("Opening the run"):
            _past_tab(store, ids)
    with compare_tab, friendly_errors("Comparing the runs"):
        _compare_tab(store, ids)
    with annotate_tab, friendly_errors("Annotating"):
        _annotate_tab(store, ids)
