"""Drying limits of the slurry route for one run: KPIs and plain-language warnings.

The run's intervals say how fast the web went; the scenario's coater and dryer say what
had to be dried and with what air. The pure mechanisms are in
:mod:`process_models.slurry.drying_limits` (needed flux, dryer capacity) and
:mod:`process_models.slurry.binder_migration` (Péclet number, migration-free flux,
adhesion).

- ``drying_flux_ratio`` is taken at the **fastest running interval** (the metres dried
  fastest are the ones whose binder migrated), not at the time-weighted mean speed; with
  a constant set speed the two are the same.
- ``slurry_adhesion_kpa`` is the mean over running time of the adhesion of each running
  interval's drying.
- Both coated sides are taken to be wet in the same dryer (as the dryer energy balance
  assumes), each dried by the nozzles on its own face.

Other routes get ``{}`` and ``[]``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from line_sim.engine.process_chain import ProcessChain
from line_sim.scenario import Scenario
from process_models.slurry import (
    drying_flux_ratio,
    max_migration_free_speed_m_per_min,
    migration_free_flux_kg_per_m2_s,
    solvent_mass_per_m2_kg,
)

G_PER_KG = 1000.0
UM_PER_M = 1e6


def running_speeds(intervals: pd.DataFrame, set_speed_m_per_min: float
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Speeds [m/min] of the intervals the web ran in, and their durations [h].

    Without any running interval (a run of zero length), the set speed with unit weight.
    """
    speed = intervals["speed_m_per_min"].to_numpy(dtype=float) if len(intervals) else np.empty(0)
    hours = (intervals["end_h"].to_numpy(dtype=float) - intervals["start_h"].to_numpy(dtype=float)
             if len(intervals) else np.empty(0))
    running = (speed > 0.0) & (hours > 0.0)
    if not running.any():
        return np.array([float(set_speed_m_per_min)]), np.ones(1)
    return speed[running], hours[running]


def slurry_drying_kpis(scenario: Scenario, chain: ProcessChain, intervals: pd.DataFrame
                       ) -> dict[str, Any]:
    """Dryer capacity, binder migration and adhesion of a slurry run.

    Parameters
    ----------
    scenario : Scenario
        The run's scenario (``stations.coater``, ``stations.dryer``, ``line``).
    chain : ProcessChain
        The run's process chain; for the slurry route it holds the drying state
        (:class:`line_sim.engine.process_chain.SlurryChain`: wet film, film temperature,
        largest evaporation flux, binder-migration parameters).
    intervals : pandas.DataFrame
        The run's interval table (``speed_m_per_min``, ``start_h``, ``end_h``).

    Returns
    -------
    dict
        ``drying_flux_ratio`` [-] (needed over migration-free flux, fastest running
        interval), ``max_dryable_speed_m_per_min``, ``max_migration_free_speed_m_per_min``,
        ``slurry_adhesion_kpa`` (mean over running time), and the figures behind them:
        ``slurry_drying_speed_m_per_min``, ``slurry_evaporation_flux_g_per_m2_s``,
        ``slurry_max_evaporation_flux_g_per_m2_s``, ``slurry_migration_free_flux_g_per_m2_s``,
        ``slurry_film_temperature_c``, ``slurry_wet_film_thickness_um``,
        ``slurry_residence_time_s``. Empty for the dry routes.
    """
    if scenario.route != "slurry":
        return {}
    coater, dryer, line = scenario.stations.coater, scenario.stations.dryer, scenario.line
    loading, phi = chain.target_loading_kg_per_m2, coater.solids_mass_fraction
    h_wet = chain.wet_film_thickness_m
    free_flux = float(migration_free_flux_kg_per_m2_s(h_wet, chain.solvent, chain.migration))
    speeds, hours = running_speeds(intervals, line.speed_m_per_min)
    needed = chain.needed_evaporation_flux(speeds)
    adhesion = chain.drying_adhesion_kpa(speeds)
    fastest = int(np.argmax(speeds))
    return {
        "drying_flux_ratio": float(drying_flux_ratio(needed[fastest], free_flux)),
        "max_dryable_speed_m_per_min": chain.max_dryable_speed_m_per_min,
        "max_migration_free_speed_m_per_min": float(max_migration_free_speed_m_per_min(
            h_wet, loading, phi, dryer.length_m, chain.solvent, chain.migration)),
        "slurry_adhesion_kpa": float(np.average(adhesion, weights=hours)),
        "slurry_drying_speed_m_per_min": float(speeds[fastest]),
        "slurry_evaporation_flux_g_per_m2_s": float(needed[fastest]) * G_PER_KG,
        "slurry_max_evaporation_flux_g_per_m2_s": chain.max_evaporation_flux_kg_per_m2_s * G_PER_KG,
        "slurry_migration_free_flux_g_per_m2_s": free_flux * G_PER_KG,
        "slurry_film_temperature_c": chain.film_temperature_c,
        "slurry_wet_film_thickness_um": h_wet * UM_PER_M,
        "slurry_solvent_g_per_m2": float(solvent_mass_per_m2_kg(loading, phi)) * G_PER_KG,
        "slurry_residence_time_s": 60.0 * dryer.length_m / float(speeds[fastest]),
    }


def slurry_drying_warnings(scenario: Scenario, kpis: dict[str, Any]) -> list[str]:
    """Say when the slurry line runs faster than its dryer can dry, or than its binder allows.

    Parameters
    ----------
    scenario : Scenario
        The run's scenario.
    kpis : dict
        The run's KPIs, holding those of :func:`slurry_drying_kpis`.

    Returns
    -------
    list[str]
        Empty for the dry routes and for a slurry line inside both limits.
    """
    if scenario.route != "slurry" or "drying_flux_ratio" not in kpis:
        return []
    dryer, coater = scenario.stations.dryer, scenario.stations.coater
    speed = kpis["slurry_drying_speed_m_per_min"]
    needed = kpis["slurry_evaporation_flux_g_per_m2_s"]
    warnings = []
    if speed > kpis["max_dryable_speed_m_per_min"]:
        warnings.append(
            f"the dryer cannot dry this film at {speed:.0f} m/min: "
            f"{scenario.quality.loading_mg_per_cm2:g} mg/cm² per side at "
            f"{coater.solids_mass_fraction:.0%} solids is {kpis['slurry_solvent_g_per_m2']:.0f} g/m² "
            f"of {coater.solvent} in {kpis['slurry_residence_time_s']:.0f} s "
            f"({dryer.length_m:g} m), {needed:.2f} g/(m²·s); {dryer.air_temperature_c:g} °C air "
            f"(film at its wet-bulb {kpis['slurry_film_temperature_c']:.0f} °C) evaporates at most "
            f"{kpis['slurry_max_evaporation_flux_g_per_m2_s']:.2f} g/(m²·s): the film leaves the "
            f"dryer wet above {kpis['max_dryable_speed_m_per_min']:.0f} m/min")
    if kpis["drying_flux_ratio"] > 1.0:
        warnings.append(
            f"binder migrates: drying at {needed:.2f} g/(m²·s) is "
            f"{kpis['drying_flux_ratio']:.2f}× the largest flux without binder migration for "
            f"a {kpis['slurry_wet_film_thickness_um']:.0f} µm wet film "
            f"({kpis['slurry_migration_free_flux_g_per_m2_s']:.2f} g/(m²·s), Péclet criterion); "
            f"the binder leaves the foil above {kpis['max_migration_free_speed_m_per_min']:.0f} "
            f"m/min in this dryer, and adhesion falls to {kpis['slurry_adhesion_kpa']:.0f} kPa")
    return warnings
