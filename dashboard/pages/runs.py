"""Runs & batches page: browse the results store, compare runs, batch confidence intervals."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, session, views
from line_sim.errors import StoreError


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
    """Confidence intervals of a KPI over the replications of each batch point."""
    st.subheader("Batches")
    if "batch_id" not in runs.columns or runs["batch_id"].isna().all():
        st.info("No batch runs in this store (`drytwin batch` writes them).")
        return
    batch = st.selectbox("Batch", sorted(runs["batch_id"].dropna().unique()))
    members = runs[runs["batch_id"] == batch]
    kpis = [k for k in views.runs_table(members).columns if k in views.HEADLINE_KPIS]
    kpi = st.selectbox("KPI", kpis)
    level = st.slider("Confidence level [%]", 80, 99, 95) / 100.0
    if kpi is None:
        session.not_available("Numeric KPIs for this batch")
        return
    intervals = views.confidence_intervals(members, kpi, level)
    st.altair_chart(charts.confidence_intervals(intervals, views.kpi_title(kpi)), width="stretch")
    st.dataframe(intervals.drop(columns=["batch_id"]), hide_index=True)


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
    st.subheader("Sensitivity indices")
    session.not_available("Sensitivity indices")


page()
