"""Energy page: the dry route beside the slurry reference, by stage and carrier."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import charts, session, views
from line_sim.errors import InputError, StoreError
from line_sim.scenario import Scenario, load_scenario
from line_sim.studies import sweep

REFERENCE_ROUTE = "slurry"
NO_REFERENCE = "No comparison"


def reference_files(route: str) -> list[Path]:
    """Scenario files of the other routes, slurry reference first."""
    files = [p for p in views.scenario_files(session.scenario_directory())
             if (r := views.scenario_route(p)) is not None and r != route]
    return sorted(files, key=lambda p: views.scenario_route(p) != REFERENCE_ROUTE)


def stored_references(route: str) -> dict[str, str]:
    """Stored runs of the other routes: label → run id (empty when the store cannot be read)."""
    try:
        runs = session.store().runs()
    except StoreError as exc:
        st.caption(f"Stored runs unavailable: {exc}")
        return {}
    if runs.empty or "route" not in runs.columns:
        return {}
    others = runs[runs["route"] != route]
    return {f"stored {r.route} run: {r.scenario_name} · seed {r.seed} · {r.run_id[:8]}": r.run_id
            for r in others.itertuples()}


def simulated_reference(path: Path, view: views.RunView) -> dict[str, Any] | None:
    """Summary of a reference scenario run over this run's horizon and seed (cached)."""
    horizon = views.number(view.summary, "horizon_h")
    try:
        overrides = {} if horizon is None else {"simulation.horizon_h": horizon}
        reference = load_scenario(path, overrides)
    except InputError as exc:
        st.error(f"The reference scenario is not valid: {exc}")
        return None
    seed = int(view.summary.get("seed", reference.seed))
    with st.spinner(f"Simulating {path.name} …"):
        try:
            result = session.simulate_cached(reference.canonical_hash(), seed, reference)
        except Exception as exc:  # shown in the page, never as a traceback
            st.error(f"The reference run failed: {type(exc).__name__}: {exc}")
            return None
    return result.summary()


def reference_summary(view: views.RunView) -> dict[str, Any] | None:
    """The run to compare with: a simulated scenario file or a stored run of another route."""
    route = str(view.summary.get("route", "BF"))
    files = {f"simulate {p.name} ({views.scenario_route(p)}, same horizon and seed)": p
             for p in reference_files(route)}
    stored = stored_references(route)
    options = [*files, *stored, NO_REFERENCE]
    if len(options) == 1:
        st.info(f"Comparison with another route: {views.NOT_AVAILABLE} (no scenario file or "
                "stored run of another route).")
        return None
    choice = st.selectbox("Compare with", options)
    if choice in files:
        return simulated_reference(files[choice], view)
    if choice in stored:
        try:
            return dict(session.store().load(stored[choice])["summary"])
        except StoreError as exc:
            st.error(f"Cannot open the stored run: {exc}")
    return None


def breakdowns(summaries: list[dict[str, Any]]) -> None:
    """Per-m² energy by stage (side by side) and by carrier (stacked) of the runs."""
    title = "Energy per m² of electrode [kWh/m²]"
    st.subheader("Energy by stage")
    stages = views.energy_breakdown(summaries, "stage")
    if stages.empty:
        session.not_available("Energy by stage")
    else:
        st.altair_chart(charts.grouped_bars(stages, "part", "kwh_per_m2", "run", title, "Stage [-]"),
                        width="stretch")
    st.subheader("Energy by carrier")
    carriers = views.energy_breakdown(summaries, "carrier")
    if carriers.empty:
        session.not_available("Energy by carrier")
    else:
        st.altair_chart(charts.stacked_bars(carriers, "run", "kwh_per_m2", "part", title, "Run [-]"),
                        width="stretch")


def post_dryer(view: views.RunView) -> None:
    """The vacuum post-dryer of this run: dwell, queue, utilisation and energy."""
    st.subheader("Post-dryer")
    metrics = views.post_dryer_metrics(view.summary)
    for column, (label, value) in zip(st.columns(len(metrics)), metrics, strict=True):
        column.metric(label, value)


@st.cache_data(show_spinner=False, max_entries=4)
def dew_point_tradeoff(scenario_hash: str, dew_points_c: tuple[float, ...], seed: int,
                       hours: float, _scenario: Scenario) -> pd.DataFrame:
    """The trade-off table of :func:`line_sim.studies.sweep.moisture_tradeoff` (cached per
    scenario hash, dew points, seed and horizon)."""
    results = sweep.sweep(_scenario, views.DEW_POINT_KEY, dew_points_c, seed=seed, hours=hours)
    return sweep.moisture_tradeoff(results, views.DEW_POINT_KEY, dew_points_c)


def dew_point_sweep(view: views.RunView) -> None:
    """Dry room against post-drying: the run's scenario at several dew points, on demand."""
    st.subheader("Dew-point trade-off")
    if view.scenario is None:
        session.not_available("Dew-point sweep (the run has no scenario)")
        return
    hours = views.number(view.summary, "horizon_h") or view.scenario.simulation.horizon_h
    points = ", ".join(f"{d:g}" for d in views.DEFAULT_DEW_POINTS_C)
    st.caption(f"Reruns this scenario at dew points {points} °C over {hours:g} h with the same seed.")
    if not st.button("Run the dew-point sweep"):
        return
    try:
        with st.spinner("Simulating the dew-point sweep …"):
            table = dew_point_tradeoff(view.scenario.canonical_hash(), views.DEFAULT_DEW_POINTS_C,
                                       int(view.summary.get("seed", view.scenario.seed)),
                                       float(hours), view.scenario)
    except InputError as exc:
        st.error(f"The sweep cannot run: {exc}")
        return
    st.altair_chart(charts.dew_point_tradeoff(views.dew_point_tradeoff_long(table)), width="stretch")
    best = sweep.least_energy_point(table.to_dict("records"), views.DEW_POINT_KEY)
    if best is not None:
        st.success(f"Least energy per kWh of cell at a dew point of {best[views.DEW_POINT_KEY]:g} °C "
                   f"({best[sweep.ENERGY_OBJECTIVE]:.3f} kWh/kWh) within the swept range.")
    st.dataframe(table, hide_index=True)


def costs(summaries: list[dict[str, Any]]) -> None:
    """Cost and CO2 per kWh of cell of the runs, and cost by item (docs/cost.md)."""
    st.subheader("Cost and CO2 per kWh of cell")
    heads, items = views.cost_and_co2(summaries)
    if heads.empty:
        session.not_available("Cost KPIs (cost_per_kwh_cell, co2_kg_per_kwh_cell)")
        return
    for column, (kpi, rows) in zip(st.columns(heads["kpi"].nunique()),
                                   heads.groupby("kpi", sort=False), strict=True):
        column.altair_chart(charts.bars(rows, "run", "value", str(kpi), "Run [-]"), width="stretch")
    st.altair_chart(charts.grouped_bars(items, "part", "cost_per_kwh_cell", "run",
                                        "Cost per kWh of cell", "Item [-]"), width="stretch")


def page() -> None:
    """The Energy page."""
    st.title("Energy")
    view = session.require_run()
    if view is None:
        return
    session.run_caption(view)
    summaries = [view.summary]
    reference = reference_summary(view)
    if reference is not None:
        summaries.append(reference)
    st.subheader("Per m² of electrode and per kWh of cell")
    headlines = views.energy_headlines(summaries)
    if headlines.empty:
        session.not_available("Energy KPIs (energy_kwh_per_m2, energy_kwh_per_kwh_cell)")
    else:
        columns = st.columns(headlines["kpi"].nunique())
        for column, (kpi, rows) in zip(columns, headlines.groupby("kpi", sort=False), strict=True):
            column.altair_chart(charts.bars(rows, "run", "value", str(kpi), "Run [-]"), width="stretch")
    breakdowns(summaries)
    costs(summaries)
    post_dryer(view)
    dew_point_sweep(view)


page()
