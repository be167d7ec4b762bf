"""Energy KPIs of a run: by stage, by carrier, per m², per kg of coating and per kWh of cell."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from line_sim.engine.energy.dry_room import DRY_ROOM_STAGE, dry_room_kwh, heat_released_indoors_kwh
from line_sim.engine.energy.stations import route_stages_kwh
from line_sim.engine.energy.web_times import MG_PER_CM2_TO_KG_PER_M2
from line_sim.engine.process_chain import ProcessChain
from line_sim.scenario.energy import EnergySettings
from line_sim.scenario.model import Scenario
from process_models.energy import (
    CARRIERS,
    EnergyBreakdown,
    areal_capacity_mah_per_cm2,
    cell_energy_kwh,
    co2_kg,
)
from process_models.materials import active_material

# --------------------------------------------------------------------------- KPIs


def energy_breakdown(scenario: Scenario, intervals: pd.DataFrame, settings: EnergySettings,
                     chain: ProcessChain | None = None,
                     offline_stages_kwh: Mapping[str, Mapping[str, float]] | None = None
                     ) -> EnergyBreakdown:
    """Energy of a run by stage and carrier, dry room included [kWh].

    Parameters
    ----------
    scenario : Scenario
        The scenario that was run.
    intervals : DataFrame
        The run's interval table (:attr:`line_sim.engine.run.RunResult.intervals`).
    settings : EnergySettings
        Outdoor climate, dry room and utilities.
    chain : ProcessChain, optional
        The scenario's process chain if the caller has it; unset: built from the scenario.
    offline_stages_kwh : mapping, optional
        Stages off the web that the interval table does not hold, e.g. the vacuum
        post-dryer (:mod:`line_sim.engine.post_drying`): ``{stage: {carrier: kWh}}``.
    """
    stages = route_stages_kwh(scenario, intervals, settings, chain)
    released = heat_released_indoors_kwh(scenario, intervals, stages, settings)
    stages[DRY_ROOM_STAGE] = dry_room_kwh(scenario, intervals, settings, released)
    # offline stations are one total each; their heat is not counted into the dry room
    for stage, carriers in (offline_stages_kwh or {}).items():
        stages[stage] = {carrier: np.atleast_1d(float(kwh)) for carrier, kwh in carriers.items()}
    return EnergyBreakdown.from_stages(stages)


def _finite_or(value: Any, fallback: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return fallback
    return number if np.isfinite(number) else fallback


def cell_kwh_made(scenario: Scenario, kpis: Mapping[str, Any], loading_kg_per_m2: float) -> float:
    """Cell energy the good electrode stands for [kWh]: scrap makes no cells.

    Notes
    -----
    E = A_good·n_sides·Q_A·U. Q_A and U from the run's ``areal_capacity_mah_per_cm2`` and
    ``nominal_voltage_v`` KPIs, else loading·w_active·q_practical and the active material's
    nominal voltage.
    """
    material = scenario.materials.active_material
    props = active_material(material.name)
    nominal_capacity = float(areal_capacity_mah_per_cm2(
        loading_kg_per_m2, material.mass_fraction, props.specific_capacity_mah_per_g))
    capacity = _finite_or(kpis.get("areal_capacity_mah_per_cm2"), nominal_capacity)
    voltage = _finite_or(kpis.get("nominal_voltage_v"), props.nominal_voltage_v)
    area = float(kpis["good_area_m2"]) * scenario.line.coated_sides
    return float(cell_energy_kwh(area, capacity, voltage))


def _per(value: float, divisor: float) -> float:
    return value / divisor if divisor > 0.0 else float("nan")


def energy_kpis(scenario: Scenario, intervals: pd.DataFrame, kpis: Mapping[str, Any],
                settings: EnergySettings, chain: ProcessChain | None = None,
                offline_stages_kwh: Mapping[str, Mapping[str, float]] | None = None
                ) -> dict[str, Any]:
    """Energy KPIs of a run, normalised per m^2 of produced electrode.

    Parameters
    ----------
    scenario : Scenario
        The scenario that was run.
    intervals : DataFrame
        The run's interval table.
    kpis : mapping
        The run's KPIs; needs ``produced_area_m2`` and ``good_area_m2``, uses
        ``mean_loading_mg_per_cm2``, ``areal_capacity_mah_per_cm2`` and ``nominal_voltage_v``
        when present.
    settings : EnergySettings
        The scenario's ``[energy]`` table.
    chain : ProcessChain, optional
        The process chain the run was built on (:func:`line_sim.engine.run.simulate` passes it);
        unset: built from the scenario.
    offline_stages_kwh : mapping, optional
        Stages off the web, as in :func:`energy_breakdown`.

    Returns
    -------
    dict
        ``energy_total_kwh`` [kWh]; ``energy_kwh_per_m2`` (per m^2 of produced electrode,
        length × net width) and ``energy_kwh_per_m2_good`` (per good m^2) [kWh/m^2];
        ``energy_kwh_per_kg_coating`` (per kg of dry coating on the produced electrode, both
        sides) [kWh/kg]; ``energy_kwh_per_kwh_cell`` (per kWh of cells the good electrode
        makes) [kWh/kWh]; ``energy_by_stage_kwh_per_m2``
        and ``energy_by_carrier_kwh_per_m2`` [kWh/m^2], each summing to
        ``energy_kwh_per_m2``; ``energy_electrode_making_kwh_per_m2`` (without the dry room)
        [kWh/m^2]; ``co2_kg_per_m2`` [kg/m^2] only when an electricity CO2 factor is set.
        Per-area figures are NaN when nothing was produced.
    """
    breakdown = energy_breakdown(scenario, intervals, settings, chain, offline_stages_kwh)
    area = float(kpis["produced_area_m2"])
    loading = _finite_or(kpis.get("mean_loading_mg_per_cm2"),
                         scenario.quality.loading_mg_per_cm2) * MG_PER_CM2_TO_KG_PER_M2
    total = breakdown.total_kwh()
    cell_kwh = cell_kwh_made(scenario, kpis, loading) if area > 0.0 else 0.0
    by_carrier = breakdown.by_carrier()
    out: dict[str, Any] = {
        "energy_total_kwh": total,
        "energy_kwh_per_m2": _per(total, area),
        "energy_kwh_per_m2_good": _per(total, float(kpis["good_area_m2"])),
        "energy_kwh_per_kg_coating": _per(total, area * scenario.line.coated_sides * loading),
        "energy_kwh_per_kwh_cell": _per(total, cell_kwh),
        "energy_by_stage_kwh_per_m2": {s: _per(v, area) for s, v in breakdown.by_stage().items()},
        "energy_by_carrier_kwh_per_m2": {c: _per(by_carrier.get(c, 0.0), area) for c in CARRIERS},
        "energy_electrode_making_kwh_per_m2": _per(
            breakdown.without(DRY_ROOM_STAGE).total_kwh(), area),
    }
    factors = settings.emission_factors()
    if factors is not None:
        out["co2_kg_per_m2"] = _per(sum(co2_kg(breakdown, factors).values()), area)
    return out
