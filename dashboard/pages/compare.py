"""Compare page: stored runs or batch points side by side, what changed, the review pack."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, session, views
from line_sim.errors import InputError, StoreError
from line_sim.studies.review_pack import load_runs, review_pack_html, scenario_diff


def stored_runs() -> pd.DataFrame | None:
    """All stored runs, or None after saying why there are none."""
    try:
        runs = session.store().runs()
    except StoreError as exc:
        st.error(f"Cannot read the results store: {exc}")
        return None
    if len(runs) < 1:
        st.info(f"The results store {session.db_path()} holds no runs yet: save runs on the "
                "Scenario page, or use `drytwin run` / `drytwin batch`.")
        return None
    return runs


def compare_runs(runs: pd.DataFrame) -> None:
    """Two or more stored runs: labelled KPIs, differences, charts, scenario diff, pack."""
    labels = views.stored_run_labels(runs)
    chosen = st.multiselect("Runs (the first is the baseline)", list(labels),
                            default=list(labels)[:2], format_func=labels.get, key="compare_runs")
    if len(chosen) < 2:
        st.info("Pick two or more runs to compare.")
        if not chosen:
            return
    try:
        loaded = load_runs(session.store(), chosen)
    except (InputError, StoreError) as exc:
        st.error(str(exc))
        return
    names = views.short_names([labels[r] for r in chosen])
    table = views.labelled_kpis({n: r["summary"] for n, r in zip(names, loaded, strict=True)})
    st.subheader("KPIs")
    st.dataframe(table.drop(columns=["key"]), hide_index=True, key="compare_kpi_table")
    moved = views.largest_differences(table)
    if not moved.empty:
        st.subheader("Largest differences from the baseline")
        st.altair_chart(charts.difference_bars(moved), width="stretch")
    st.subheader("What changed in the scenario")
    for name, run in zip(names[1:], loaded[1:], strict=True):
        diff = scenario_diff(loaded[0]["scenario"], run["scenario"], names[0], name)
        if diff:
            st.code("\n".join(diff), language="diff")
        else:
            st.caption(f"{name}: same scenario as the baseline (only the seed or horizon may differ).")
    st.download_button("Download review pack (HTML)", data=lambda: review_pack_html(loaded),
                       file_name="drytwin-review-pack.html", mime="text/html",
                       icon=":material/download:", key="compare_pack")


def compare_points(runs: pd.DataFrame) -> None:
    """Two points of a stored batch: paired differences with 95 % intervals."""
    if "batch_id" not in runs.columns or runs["batch_id"].isna().all():
        st.info("No batch runs in this store (`drytwin batch` writes them).")
        return
    batch = st.selectbox("Batch", sorted(runs["batch_id"].dropna().unique()), key="compare_batch")
    points = views.batch_points(runs, batch)
    if len(points) < 2:
        st.info("This batch has a single point: nothing to pair.")
        return
    names = list(points)
    base = st.selectbox("Baseline point", names, index=0, key="compare_base")
    other = st.selectbox("Other point", [n for n in names if n != base], key="compare_other")
    frame, shared = views.paired_differences(runs, batch, points[base], points[other])
    if frame.empty:
        session.not_available("Paired replications for these points")
        return
    st.caption(("Replications share their seeds (common random numbers): the intervals are "
                "paired." if shared else "Replications do not share seeds: the intervals pair "
                "replications by index only and are wider.")
               + " 95 % Student-t interval of the mean difference (other − baseline).")
    frame = views.significant_first(frame)
    st.dataframe(frame.drop(columns=["key"]), hide_index=True, key="compare_paired")
    st.altair_chart(charts.paired_differences(frame.head(12)), width="stretch")


def page() -> None:
    """The Compare page."""
    st.title("Compare")
    runs = stored_runs()
    if runs is None:
        return
    mode = st.radio("Compare", ("Stored runs", "Batch points"), horizontal=True, key="compare_mode")
    if mode == "Stored runs":
        compare_runs(runs)
    else:
        compare_points(runs)


page()
