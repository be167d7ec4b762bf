"""Runs & batches page: browse the results store, compare runs, batch confidence intervals."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, session, views
from line_sim.errors import InputError, StoreError
from line_sim.studies.batch import load_batch
from line_sim.studies.sensitivity import plan_sensitivity, sensitivity_indices


def stored_runs() -> pd.DataFrame | None:
    """All stored runs, or None after showing why there are none."""
    try:
        runs = session.store().runs()
    except StoreError as exc:
        st.error(f"Cannot read the results store: {exc}")
        return None
    if runs.empty:
        st.info(f"The results store {session.db_path()} holds no runs yet: run a scenario and "
                "save it on the Scenario page, or use `drytwin run` / `drytwin batch`.")
        return None
    return runs


def run_labels(runs: pd.DataFrame) -> dict[str, str]:
    """Run id → ``scenario · seed · horizon · id prefix``, newest first."""
    return {r.run_id: f"{r.scenario_name} · seed {r.seed} · {r.horizon_h:g} h · {r.run_id[:8]}"
            for r in runs.iloc[::-1].itertuples()}


def browse(runs: pd.DataFrame, labels: dict[str, str]) -> None:
    """The run table and opening one run as the current run."""
    st.dataframe(views.runs_table(runs), hide_index=True)
    chosen = st.selectbox("Open a run on the result pages", list(labels), format_func=labels.get)
    if st.button("Open run") and session.open_stored_run(chosen) is not None:
        st.success(f"Opened {labels[chosen]}: see the Line, Quality, Energy and Cell pages.")


def compare(runs: pd.DataFrame, labels: dict[str, str]) -> None:
    """KPIs of chosen runs side by side."""
    st.subheader("Compare runs")
    chosen = st.multiselect("Runs", list(labels), default=list(labels)[:2], format_func=labels.get)
    if chosen:
        st.dataframe(views.compare_runs(runs, chosen))


def batches(runs: pd.DataFrame) -> None:
    """95 % confidence intervals of a KPI over the replications of each batch point."""
    st.subheader("Batch confidence intervals")
    if "batch_id" not in runs.columns or runs["batch_id"].isna().all():
        st.info("No batch runs in this store (`drytwin batch` writes them).")
        return
    batch = st.selectbox("Batch", sorted(runs["batch_id"].dropna().unique()))
    table = views.batch_table(runs, batch)
    kpis = views.batch_kpis(table)
    if not kpis:
        session.not_available("Numeric KPIs for this batch")
        return
    kpi = st.selectbox("KPI", kpis)
    intervals = views.confidence_intervals(table, kpi)
    st.altair_chart(charts.confidence_intervals(intervals, views.kpi_title(kpi)), width="stretch")
    st.dataframe(intervals, hide_index=True)


def sensitivity() -> None:
    """Sensitivity indices of a study whose runs are in the store (from its batch file)."""
    st.subheader("Sensitivity indices")
    examples = views.sensitivity_files(session.scenario_directory())
    path = st.text_input("Batch file with a [sensitivity] table (its runs must be in this store)",
                         placeholder=f"e.g. {examples[0]}" if examples else "path/to/study.toml")
    if not path:
        st.info("Give the batch file of a `drytwin sensitivity` study to see its indices.")
        return
    try:
        study = plan_sensitivity(load_batch(path))
        results = sensitivity_indices(study, session.store())
    except (InputError, StoreError) as exc:
        st.error(str(exc))
        return
    for entry in results:
        if not entry["indices"]:
            session.not_available(f"Indices for {entry['scenario']} (every KPI was constant)")
            continue
        kpi = st.selectbox(f"KPI ({entry['scenario']})", list(entry["indices"]))
        frame = views.sensitivity_frame(entry["indices"][kpi])
        shown = [c for c in views.SENSITIVITY_MAIN_INDICES[study.method] if c in frame.columns]
        st.altair_chart(charts.sensitivity(frame, shown, f"{study.method} index of {views.kpi_title(kpi)}"),
                        width="stretch")
        st.dataframe(frame, hide_index=True)


def page() -> None:
    """The Runs & batches page."""
    st.title("Runs & batches")
    st.caption(f"Results store: `{session.db_path()}`")
    runs = stored_runs()
    if runs is None:
        return
    labels = run_labels(runs)
    browse(runs, labels)
    compare(runs, labels)
    batches(runs)
    sensitivity()


page()
