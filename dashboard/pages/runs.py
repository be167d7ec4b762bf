"""Runs & batches page: browse the results store, compare runs, batch confidence intervals."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import charts, session, views
from line_sim.errors import InputError, StoreError
from line_sim.studies.batch import load_batch
from line_sim.studies.labels import kpi_title
from line_sim.studies.sensitivity import SensitivityStudy, plan_sensitivity, sensitivity_indices


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


@st.cache_data(show_spinner=False, max_entries=64)
def planned_study(path: str, modified_ns: int) -> SensitivityStudy | None:
    """The study a batch file plans (cached per file version), or None if it does not plan."""
    try:
        return plan_sensitivity(load_batch(path))
    except InputError:
        return None


def stored_studies(runs: pd.DataFrame, folders: list[Path]) -> dict[str, tuple[Path, SensitivityStudy]]:
    """Sensitivity studies whose runs are in the store: ``label`` → (batch file, study).

    The batch files with a ``[sensitivity]`` table in ``folders`` are planned (as
    ``drytwin sensitivity`` plans them) and matched to the store by their batch id.
    """
    stored = runs.groupby("batch_id").size() if "batch_id" in runs.columns else pd.Series(dtype=int)
    found: dict[str, tuple[Path, SensitivityStudy]] = {}
    for path in dict.fromkeys(p for folder in folders for p in views.sensitivity_files(folder)):
        study = planned_study(str(path), path.stat().st_mtime_ns)
        if study is None or study.plan.batch_id not in stored.index:
            continue
        expected = len(study.design) * study.plan.replications * len(study.plan.scenario_names)
        label = (f"{path.stem} · {study.method}, {len(study.ranges)} fields · "
                 f"{int(stored[study.plan.batch_id])}/{expected} runs · {study.plan.batch_id[:8]}")
        found[label] = (path, study)
    return found


def sensitivity(runs: pd.DataFrame) -> None:
    """Sensitivity indices of a stored study, picked from a list, with confidence intervals."""
    st.subheader("Sensitivity indices")
    folders = [session.scenario_directory(), Path.cwd()]
    studies = stored_studies(runs, folders)
    with st.expander("Another study: give its batch file"):
        typed = st.text_input("Batch file with a [sensitivity] table (its runs must be in this "
                              "store)", placeholder="path/to/study.toml", key="sensitivity_path")
    study: SensitivityStudy | None = None
    if typed:
        try:
            study = plan_sensitivity(load_batch(typed))
        except InputError as exc:
            st.error(str(exc))
            return
    elif studies:
        label = st.selectbox("Stored sensitivity study", list(studies), key="sensitivity_study")
        study = studies[label][1]
    else:
        st.info("No `drytwin sensitivity` study of the batch files in "
                f"{', '.join(str(f) for f in folders)} has runs in this store; run one, or give "
                "its batch file above.")
        return
    try:
        results = sensitivity_indices(study, session.store())
    except (InputError, StoreError) as exc:
        st.error(str(exc))
        return
    for entry in results:
        if not entry["indices"]:
            session.not_available(f"Indices for {entry['scenario']} (every KPI was constant)")
            continue
        kpi = st.selectbox(f"KPI ({entry['scenario']})", list(entry["indices"]),
                           format_func=kpi_title, key=f"sensitivity_kpi_{entry['scenario']}")
        frame = views.sensitivity_frame(entry["indices"][kpi])
        shown = [c for c in views.SENSITIVITY_MAIN_INDICES[study.method] if c in frame.columns]
        if study.method == "morris":
            shown = [c for c in shown if c != "sigma"]
        st.altair_chart(charts.sensitivity_intervals(
            frame, shown, f"{study.method} index of {kpi_title(kpi)} (95 % CI)"), width="stretch")
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
    sensitivity(runs)


page()
