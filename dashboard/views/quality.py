"""Quality page (``dashboard/pages/quality.py``): scrap, spec limits, series along the web, coils."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.views.common import mapping
from line_sim.scenario import Scenario

MAX_PLOT_POINTS = 5000
"""Upper bound on the points a segment series sends to the browser."""


def scrap_by_cause(summary: Mapping[str, Any]) -> pd.DataFrame:
    """Scrapped length by cause [m], largest first (causes with zero length kept)."""
    frame = pd.DataFrame(list(mapping(summary, "scrap_by_cause").items()),
                         columns=["cause", "length_m"])
    return frame.sort_values("length_m", ascending=False, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class SpecLimit:
    """Target and allowed band of one measured property."""

    column: str
    title: str
    target: float
    low: float
    high: float


def coating_solid_density_kg_per_m3(scenario: Scenario) -> float:
    """Pore-free density of the scenario's dry blend [kg/m³] (``process_models.materials``)."""
    from process_models.materials import (
        active_material,
        binder,
        conductive_additive,
        solid_density_kg_per_m3,
    )

    m = scenario.materials
    return float(solid_density_kg_per_m3(
        (m.active_material.mass_fraction, m.conductive_additive.mass_fraction, m.binder.mass_fraction),
        (active_material(m.active_material.name).density_kg_per_m3,
         conductive_additive(m.conductive_additive.name).density_kg_per_m3,
         binder(m.binder.name).density_kg_per_m3)))


def spec_limits(scenario: Scenario) -> dict[str, SpecLimit]:
    """Spec bands of loading, porosity and thickness, as the inline gauge checks them.

    Without a thickness target in the scenario, the target follows from the loading and
    porosity targets and the blend's pore-free density, as on the line.
    """
    from process_models.electrode import thickness_from_loading_m

    q = scenario.quality
    thickness = (q.thickness_um if q.thickness_um is not None else float(
        thickness_from_loading_m(q.loading_mg_per_cm2 / 100.0,
                                 coating_solid_density_kg_per_m3(scenario), q.porosity)) * 1e6)
    load_band = q.loading_mg_per_cm2 * q.loading_tolerance_pct / 100.0
    thick_band = thickness * q.thickness_tolerance_pct / 100.0
    return {
        "loading": SpecLimit("measured_loading_mg_per_cm2", "Loading per side [mg/cm²]",
                             q.loading_mg_per_cm2, q.loading_mg_per_cm2 - load_band,
                             q.loading_mg_per_cm2 + load_band),
        "porosity": SpecLimit("measured_porosity", "Porosity [-]", q.porosity,
                              q.porosity - q.porosity_tolerance, q.porosity + q.porosity_tolerance),
        "thickness": SpecLimit("measured_thickness_um", "Thickness per side [µm]", thickness,
                               thickness - thick_band, thickness + thick_band),
    }


def downsample_along(frame: pd.DataFrame, x: str, y: str,
                     max_points: int = MAX_PLOT_POINTS) -> pd.DataFrame:
    """Bucket a long series to at most ``max_points`` rows, keeping each bucket's spread.

    Returns
    -------
    DataFrame
        ``x`` (bucket mean of ``x``), ``mean``, ``low`` and ``high`` (bucket min and max of
        ``y``), so excursions stay visible as a band.
    """
    if max_points < 1:
        raise ValueError(f"max_points must be >= 1, got {max_points}")
    data = frame[[x, y]].dropna()
    if data.empty:
        return pd.DataFrame(columns=[x, "mean", "low", "high"])
    bucket = np.arange(len(data)) * max_points // len(data)
    grouped = data.groupby(bucket)
    return pd.DataFrame({x: grouped[x].mean(), "mean": grouped[y].mean(),
                         "low": grouped[y].min(), "high": grouped[y].max()}).reset_index(drop=True)


COIL_COLUMNS: dict[str, str] = {
    "coil": "coil",
    "start_h": "start [h]",
    "end_h": "end [h]",
    "length_m": "length [m]",
    "good_length_m": "good [m]",
    "yield_fraction": "yield [-]",
    "mean_loading_mg_per_cm2": "loading [mg/cm²]",
    "loading_cv": "loading CV [-]",
    "mean_porosity": "porosity [-]",
    "mean_thickness_um": "thickness [µm]",
    "mean_adhesion_kpa": "adhesion [kPa]",
    "moisture_capacity_loss_fraction": "moisture capacity loss [-]",
    "areal_capacity_mah_per_cm2": "areal capacity [mAh/cm²]",
    "utilisation_1c": "utilisation at 1C [-]",
    "delivered_capacity_1c_mah_per_cm2": "delivered capacity at 1C [mAh/cm²]",
    "usable_capacity_fraction": "usable capacity [-]",
    "first_batch": "first batch",
    "last_batch": "last batch",
}
"""Per-coil columns shown first, with readable headers and units; others follow as stored."""


def coil_table(coils: pd.DataFrame) -> pd.DataFrame:
    """The coil table with readable headers (units in brackets), known columns first."""
    known = [c for c in COIL_COLUMNS if c in coils.columns]
    rest = [c for c in coils.columns if c not in COIL_COLUMNS]
    return coils[known + rest].rename(columns=COIL_COLUMNS)


MOISTURE_STAGES = {"water_before_drying_ppm": "before post-drying",
                   "water_released_ppm": "released"}
"""Coil columns of residual water [ppm] and their labels on the Quality page."""


def moisture_per_coil(coils: pd.DataFrame) -> pd.DataFrame:
    """Long table of each coil's water before post-drying and at release [ppm]."""
    present = [c for c in MOISTURE_STAGES if c in coils.columns]
    if coils.empty or not present:
        return pd.DataFrame(columns=["coil", "stage", "water_ppm"])
    frame = coils[["coil", *present]].melt(id_vars="coil", var_name="stage", value_name="water_ppm")
    frame["stage"] = frame["stage"].map(MOISTURE_STAGES)
    return frame


def moisture_limit_ppm(scenario: Scenario | None) -> float | None:
    """The scenario's residual-moisture limit [ppm], if the run has a scenario."""
    return None if scenario is None else float(scenario.quality.moisture_limit_ppm)
