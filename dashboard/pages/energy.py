"""Energy page: the dry route beside the slurry reference, by stage and carrier."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import charts, session, views
from line_sim.errors import InputError, StoreError
from line_sim.scenario import apply_overrides, scenario_from_dict

REFERENCE_ROUTE = "slurry"
SIMULATE_REFERENCE = "Simulate the slurry route of this scenario"
NO_REFERENCE = "No reference"


def stored_references() -> dict[str, str]:
    """Stored slurry runs: label → run id (empty when the store cannot be read)."""
    try:
        runs = session.store().runs()
    except StoreError as exc:
        st.caption(f"Stored references unavailable: {exc}")
        return {}
    if runs.empty or "route" not in runs.columns:
        return {}
    slurry = runs[runs["route"] == REFERENCE_ROUTE]
    return {f"stored: {r.scenario_name} · seed {r.seed} · {r.run_id[:8]}": r.run_id
            for r in slurry.itertuples()}


def simulated_reference(view: views.RunView) -> dict[str, Any] | None:
    """Summary of the same scenario on the slurry route (cached), or None with a message."""
    if view.scenario is None:
        session.not_available("The scenario (needed to simulate the reference)")
        return None
    raw = view.scenario.model_dump(mode="json")
    try:
        reference = scenario_from_dict(apply_overrides(raw, {"route": REFERENCE_ROUTE}),
                                       f"{view.scenario.name} (slurry reference)")
    except InputError as exc:
        st.error(f"The slurry reference of this scenario is not valid: {exc}")
        return None
    with st.spinner("Simulating the slurry reference …"):
        try:
            result = session.simulate_cached(reference.canonical_hash(), int(view.summary.get(
                "seed", reference.seed)), reference)
        except Exception as exc:  # shown in the page, never as a traceback
            st.error(f"The slurry reference run failed: {type(exc).__name__}: {exc}")
            return None
    return result.summary()


def reference_summary(view: views.RunView) -> dict[str, Any] | None:
    """The reference the user picks: a simulated or stored slurry run, or none."""
    if view.summary.get("route") == REFERENCE_ROUTE:
        return None
    options = [NO_REFERENCE]
    if REFERENCE_ROUTE in views.available_routes():
        options.insert(0, SIMULATE_REFERENCE)
    stored = stored_references()
    options += list(stored)
    if len(options) == 1:
        st.info(f"Slurry reference: {views.NOT_AVAILABLE} (the slurry route is not in this "
                "drytwin yet and the store holds no slurry run).")
        return None
    choice = st.selectbox("Slurry reference", options)
    if choice == SIMULATE_REFERENCE:
        return simulated_reference(view)
    if choice in stored:
        try:
            return dict(session.store().load(stored[choice])["summary"])
        except StoreError as exc:
            st.error(f"Cannot open the reference: {exc}")
    return None


def breakdowns(summaries: list[dict[str, Any]]) -> None:
    """Per-m² energy by stage and by carrier of the runs."""
    for breakdown, chart in (("stage", "grouped"), ("carrier", "stacked")):
        st.subheader(f"Energy by {breakdown}")
        frame = views.energy_breakdown(summaries, breakdown)
        if frame.empty:
            session.not_available(f"Energy by {breakdown}")
            continue
        title = "Energy per m² of electrode [kWh/m²]"
        st.altair_chart(
            charts.grouped_bars(frame, "part", "kwh_per_m2", "run", title, f"{breakdown.capitalize()} [-]")
            if chart == "grouped" else
            charts.stacked_bars(frame, "run", "kwh_per_m2", "part", title, "Run [-]"), width="stretch")


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
    headlines = views.energy_headlines(summaries)
    if headlines.empty:
        session.not_available("Energy KPIs (energy_kwh_per_m2, energy_kwh_per_kwh_cell)")
    else:
        st.subheader("Per m² of electrode and per kWh of cell")
        st.dataframe(headlines.pivot(index="kpi", columns="run", values="value"))
    breakdowns(summaries)


page()
