"""Cell page: areal capacity, rate capability, cell energy density and the slurry cracking limit."""

from __future__ import annotations

import numpy as np
import streamlit as st

from dashboard import charts, session, views
from line_sim.engine.performance import coil_spec
from line_sim.engine.process_chain import process_chain

# Median particle sizes of the cracking-limit curve [µm] (a comment: Streamlit would print a docstring).
PARTICLE_SIZES_UM = np.geomspace(1.0, 40.0, 60)


def cell_kpis(view: views.RunView) -> None:
    """The run's areal capacity, 1C utilisation and cell Wh/kg and Wh/L as metrics."""
    metrics = views.cell_metrics(view.summary)
    for column, (label, value) in zip(st.columns(len(metrics)), metrics, strict=True):
        column.metric(label, value if value is not None else "n/a")
    missing = [label for label, value in metrics if value is None]
    if missing:
        st.caption(f"{', '.join(missing)}: {views.NOT_AVAILABLE}.")
    bands = views.cell_bands(view.summary)
    if not bands.empty:
        st.caption("Uncertainty bands at 1C (tortuosity relation and route factor, electrolyte "
                   "and solid diffusivities):")
        st.dataframe(bands, hide_index=True, width="stretch")


def capacity_distribution(view: views.RunView) -> None:
    """Areal capacity of every coil of the run (its coil table), weighted by coil length."""
    st.subheader("Areal capacity per coil")
    frame = views.areal_capacity_per_coil(view.coils)
    if frame.empty:
        session.not_available("Areal capacity per coil (the coil table has none)")
        return
    st.altair_chart(charts.histogram(frame, "Areal capacity per side [mAh/cm²]", "Coil length [m]"),
                    width="stretch")


def rate_capability(view: views.RunView, spec: object) -> None:
    """Utilisation and delivered capacity against C-rate for the mean and extreme coils."""
    st.subheader("Rate capability")
    electrodes = views.representative_electrodes(view.coils)
    if not electrodes:
        session.not_available("Rate capability (needs the coil table)")
        return
    curves = views.rate_curves(spec, electrodes)
    left, right = st.columns(2)
    left.altair_chart(charts.rate_capability(curves, "utilisation", "Utilisation [-]",
                                             band=("utilisation_low", "utilisation_high")),
                      width="stretch")
    right.altair_chart(charts.rate_capability(curves, "delivered_capacity_mah_per_cm2",
                                              "Delivered capacity [mAh/cm²]"), width="stretch")
    st.caption("Reduced-order rate model (process_models.electrode), calibrated against PyBaMM "
               "DFN; the shaded band spans the uncertain tortuosity and diffusivities. "
               + views.rate_model_accuracy())


def cracking_limit(view: views.RunView) -> None:
    """h_max of the slurry route against particle size, and this run's coating."""
    st.subheader("Slurry cracking limit h_max: where only dry processing gets there")
    scenario = view.scenario
    if scenario is None:
        return
    material = scenario.materials.active_material.name
    d50 = scenario.materials.active_material.d50_um
    curve = views.cracking_limit_curve(material, PARTICLE_SIZES_UM)
    if curve.empty:
        session.not_available(f"Cracking limit for {material}")
        return
    thickness = views.number(view.summary, "mean_thickness_um")
    st.altair_chart(charts.cracking_limit(curve, thickness, d50), width="stretch")
    h_max = views.number(view.summary, "slurry_cracking_limit_um")
    if h_max is None:  # runs from before the line reported it
        h_max = views.cracking_limit_um(material, d50, "NMP")
    if h_max is None or thickness is None:
        session.not_available("h_max of this run's electrode")
        return
    verdict = ("beyond it: only dry processing gets there" if views.only_dry_reaches_um(thickness, h_max)
               else "within reach of a slurry coating")
    st.markdown(f"With {material} at d50 = {d50:g} µm a slurry film cracks above "
                f"**h_max = {h_max:,.0f} µm** (seed Eq. 1); this run's {thickness:.0f} µm coating is "
                f"{verdict}.")


def page() -> None:
    """The Cell page."""
    st.title("Cell")
    view = session.require_run()
    if view is None:
        return
    session.run_caption(view)
    cell_kpis(view)
    capacity_distribution(view)
    if view.scenario is None:
        session.not_available("The run's scenario (needed for the electrode recipe)")
        return
    rate_capability(view, coil_spec(process_chain(view.scenario)))
    cracking_limit(view)


page()
