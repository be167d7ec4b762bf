"""How fast each route can run, and which mechanism stops it.

Every route contributes candidate limits, mechanism → largest speed [m/min] at which that
mechanism still keeps the product in specification; the run's ``speed_limit_m_per_min``
is the smallest and ``speed_limit_mechanism`` names it.

- BF (:func:`bf_speed_limits`): ``fibrillator_capacity`` (throughput), ``nip_adhesion``
  (Wool healing at the film–foil interface heated for the dwell 2b/v), ``nip_densification``
  (the film calender's nip too short to warm the sheet: porosity out of tolerance),
  ``web_break_hazard`` (dynamic tension against film strength; break downtime).
- slurry (:func:`slurry_speed_limits`): ``drying_flux`` (the dryer cannot dry the film) and
  ``binder_migration`` (Péclet criterion).
- any route, DPSD included: :meth:`ProcessChain.speed_limits_m_per_min` — a route's chain
  overrides it to add its own candidates (the DPSD hook).

A mechanism that does not fail below :data:`MAX_SEARCH_SPEED_M_PER_MIN` is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from line_sim.engine.process_chain import (
    ADHESION_SCATTER_CV,
    BFChain,
    ProcessChain,
    SlurryChain,
)
from line_sim.scenario import Scenario
from process_models.slurry import max_migration_free_speed_m_per_min

MAX_SEARCH_SPEED_M_PER_MIN = 300.0
"""Upper end of the search: the schema's largest line speed [m/min]."""
MAX_BREAK_DOWNTIME_FRACTION = 0.05
"""Share of running time a line may lose to rethreading web breaks before breaks are
called its speed limit [-] (assumption, 0.02–0.1)."""
ADHESION_MARGIN_SIGMA = 2.0
"""Adhesion must stay this many scatter standard deviations above the minimum [-]."""


def max_speed_m_per_min(ok: Callable[[np.ndarray], np.ndarray],
                        low: float = 0.5, high: float = MAX_SEARCH_SPEED_M_PER_MIN) -> float:
    """Largest speed [m/min] up to which ``ok(speeds_m_per_min)`` holds from ``low`` on.

    A geometric grid of 200 speeds, then 40 bisections between the last good and first bad
    point. ``inf`` if it holds up to ``high``; 0 if it fails already at ``low``.
    """
    grid = np.geomspace(low, high, 200)
    good = np.asarray(ok(grid), dtype=bool)
    if good.all():
        return float("inf")
    first_bad = int(np.argmin(good))
    if first_bad == 0:
        return 0.0
    lo, hi = grid[first_bad - 1], grid[first_bad]
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if bool(np.asarray(ok(np.array([mid])))[0]) else (lo, mid)
    return float(lo)


def bf_speed_limits(chain: BFChain, hall_temperature_c: float) -> dict[str, float]:
    """Candidate speed limits of a BF line at a hall temperature [m/min]."""
    scenario = chain.scenario
    q = scenario.quality
    fib = scenario.stations.fibrillator
    limits = {"fibrillator_capacity": fib.max_rate_kg_per_h / 3600.0
              / chain.coating_mass_per_m_kg * 60.0}

    def adhesion_ok(v: np.ndarray) -> np.ndarray:
        speed = v / 60.0
        strength = chain.film_state(hall_temperature_c, speed_m_per_s=speed).tensile_strength_mpa
        adhesion = chain.nip_adhesion_kpa(speed, np.full(v.shape, hall_temperature_c), strength)
        return adhesion * (1.0 - ADHESION_MARGIN_SIGMA * ADHESION_SCATTER_CV) >= q.min_adhesion_kpa

    def densified_ok(v: np.ndarray) -> np.ndarray:
        porosity, _ = chain.segment_porosity(np.full(v.shape, chain.target_loading_kg_per_m2),
                                             v / 60.0, np.full(v.shape, hall_temperature_c))
        return porosity <= q.porosity + q.porosity_tolerance

    def breaks_ok(v: np.ndarray) -> np.ndarray:
        rethread_s = scenario.reliability.web_break_rethread_min * 60.0
        downtime = chain.break_rate_at(hall_temperature_c, v / 60.0) * v / 60.0 * rethread_s
        return downtime <= MAX_BREAK_DOWNTIME_FRACTION

    for name, ok in (("nip_adhesion", adhesion_ok), ("nip_densification", densified_ok),
                     ("web_break_hazard", breaks_ok)):
        limits[name] = max_speed_m_per_min(ok)
    return limits


def slurry_speed_limits(chain: SlurryChain) -> dict[str, float]:
    """Candidate speed limits of a slurry line [m/min]: dryer capacity and binder migration."""
    coater, dryer = chain.scenario.stations.coater, chain.scenario.stations.dryer
    return {
        "drying_flux": chain.max_dryable_speed_m_per_min,
        "binder_migration": float(max_migration_free_speed_m_per_min(
            chain.wet_film_thickness_m, chain.target_loading_kg_per_m2,
            coater.solids_mass_fraction, dryer.length_m, chain.solvent, chain.migration)),
    }


def route_speed_limits(chain: ProcessChain, hall_temperature_c: float) -> dict[str, float]:
    """All finite candidate limits of the chain's route, mechanism → m/min."""
    if isinstance(chain, BFChain):
        limits = bf_speed_limits(chain, hall_temperature_c)
    elif isinstance(chain, SlurryChain):
        limits = slurry_speed_limits(chain)
    else:
        limits = {}
    limits |= chain.speed_limits_m_per_min()
    return {k: float(v) for k, v in limits.items() if np.isfinite(v)}


def mean_running_temperature_c(scenario: Scenario, intervals: pd.DataFrame) -> float:
    """Hall temperature averaged over the time the web ran [°C] (the set climate if none)."""
    if intervals.empty or "temperature_c" not in intervals:
        return float(scenario.environment.temperature_c)
    hours = (intervals["end_h"] - intervals["start_h"]).to_numpy(dtype=float)
    running = (intervals["speed_m_per_min"].to_numpy(dtype=float) > 0.0) & (hours > 0.0)
    if not running.any():
        return float(scenario.environment.temperature_c)
    return float(np.average(intervals["temperature_c"].to_numpy(dtype=float)[running],
                            weights=hours[running]))


def speed_limit_kpis(scenario: Scenario, chain: ProcessChain, intervals: pd.DataFrame
                     ) -> dict[str, Any]:
    """The run's speed limit, the mechanism that sets it, and the heated nips' temperatures.

    Returns
    -------
    dict
        ``speed_limit_m_per_min`` (smallest candidate; the search ceiling if none fails),
        ``speed_limit_mechanism`` (its name, ``"none"`` if none fails below the ceiling),
        ``speed_limits_m_per_min`` (every candidate), and for BF ``nip_temperature_c``
        (``calender``: film mean, ``laminator``: film–foil interface, at the set speed and
        the mean running hall temperature).
    """
    hall = mean_running_temperature_c(scenario, intervals)
    limits = route_speed_limits(chain, hall)
    if limits:
        mechanism = min(limits, key=limits.__getitem__)
        kpis: dict[str, Any] = {"speed_limit_m_per_min": limits[mechanism],
                                "speed_limit_mechanism": mechanism}
    else:
        kpis = {"speed_limit_m_per_min": MAX_SEARCH_SPEED_M_PER_MIN,
                "speed_limit_mechanism": "none"}
    kpis["speed_limits_m_per_min"] = limits
    if isinstance(chain, BFChain):
        kpis["nip_temperature_c"] = chain.nip_temperatures_c(
            scenario.line.speed_m_per_min / 60.0, hall)
    return kpis


__all__ = ["bf_speed_limits", "max_speed_m_per_min", "route_speed_limits",
           "slurry_speed_limits", "speed_limit_kpis"]
