"""Cost and CO2 KPIs of a run: its KPIs priced with the scenario's ``[economics]`` table.

The run's own figures carry the accounting: produced and good area, mean loading, energy by
carrier and by stage, the horizon and the shift calendar. The prices, rates and the cost
model's structure live in :mod:`process_models.cost`; ``docs/cost.md`` gives the equations,
defaults and sources.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from line_sim.engine.energy.accounting import cell_kwh_made
from line_sim.engine.process_chain import ProcessChain
from line_sim.scenario.model import Scenario
from process_models.cost import (
    DEFAULT_CAPITAL_COSTS,
    DEFAULT_MATERIAL_PRICES,
    DEFAULT_UTILITY_PRICES,
    MaterialFlows,
    capital_charge,
    co2_kg_by_carrier,
    from_usd,
    grid_co2_kg_per_kwh,
    material_costs,
    scaled_capex,
    solvent_purchased_kg,
    staffed_hours,
)

MG_PER_CM2_TO_KG_PER_M2 = 0.01
FLOOR_STAGE = "dry_room"
"""Stage the dry-room floor's capital is charged to."""
COPPER_FOIL_ACTIVES = ("graphite", "Si")
COST_ITEMS = ("active_material", "conductive_additive", "binder", "solvent", "foil", "scrap",
              "electricity", "heat", "compressed_air", "labour", "capital_equipment",
              "capital_floor", "maintenance")
"""Items of ``cost_by_item_per_kwh_cell``, in this order; they sum to ``cost_per_kwh_cell``."""


def _number(value: Any, fallback: float = math.nan) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return fallback
    return number if math.isfinite(number) else fallback


def _price(value: float | None, default_usd: float, currency: str) -> float:
    return float(value) if value is not None else float(from_usd(default_usd, currency))


def edge_trim_fraction(scenario: Scenario) -> float:
    """Share of the coated width trimmed off (the route's trimming station) [-]."""
    station = {"BF": "calender", "DPSD": "hot_calender", "slurry": "coater"}[scenario.route]
    settings = getattr(scenario.stations, station, None)
    return float(getattr(settings, "edge_trim_fraction", 0.0) or 0.0)


def stage_capex(scenario: Scenario) -> dict[str, float]:
    """Installed capital per stage in the scenario's currency [currency].

    Defaults scale with the line's throughput (web width × speed) from the reference line
    by the six-tenths rule; ``[economics] stage_capex`` entries replace them as written.
    """
    econ = scenario.economics
    defaults = DEFAULT_CAPITAL_COSTS
    throughput = scenario.line.web_width_m * scenario.line.speed_m_per_min
    ratio = throughput / defaults.reference_throughput_m2_per_min
    out = {stage: float(from_usd(scaled_capex(usd, ratio, econ.capex_scale_exponent),
                                 econ.currency))
           for stage, usd in defaults.stage_capex_usd[scenario.route].items()}
    return out | {stage: float(v) for stage, v in econ.stage_capex.items()}


def emission_factors(scenario: Scenario) -> dict[str, float]:
    """CO2e factors by carrier [kg/kWh]: ``[energy]`` where set, else the site's grid."""
    energy = scenario.energy
    electricity = (energy.co2_electricity_kg_per_kwh
                   if energy.co2_electricity_kg_per_kwh is not None
                   else grid_co2_kg_per_kwh(scenario.economics.site_country))
    air = (energy.co2_compressed_air_kg_per_kwh
           if energy.co2_compressed_air_kg_per_kwh is not None else electricity)
    return {"electricity": electricity, "heat": energy.co2_heat_kg_per_kwh,
            "compressed_air": air}


def tariffs(scenario: Scenario) -> dict[str, float]:
    """Price of each carrier in the scenario's currency [currency/kWh]."""
    econ, d = scenario.economics, DEFAULT_UTILITY_PRICES
    electricity = _price(econ.electricity_price_per_kwh, d.electricity_usd_per_kwh,
                         econ.currency)
    air = (econ.compressed_air_price_per_kwh if econ.compressed_air_price_per_kwh is not None
           else electricity)
    return {"electricity": electricity,
            "heat": _price(econ.heat_price_per_kwh, d.heat_usd_per_kwh, econ.currency),
            "compressed_air": float(air)}


def _material_items(scenario: Scenario, kpis: Mapping[str, Any], loading_kg_per_m2: float
                    ) -> dict[str, float]:
    econ, d, mat = scenario.economics, DEFAULT_MATERIAL_PRICES, scenario.materials
    sides = scenario.line.coated_sides
    produced, good = float(kpis["produced_area_m2"]), float(kpis["good_area_m2"])
    trim = edge_trim_fraction(scenario)
    coating_per_m2 = loading_kg_per_m2 * sides
    bought_coating = produced * coating_per_m2 / (1.0 - trim) / (1.0 - econ.handling_loss_fraction)
    good_coating = good * coating_per_m2
    foil_bought = produced / (1.0 - trim)
    solvent_kg = 0.0
    solvent_name = None
    if scenario.route == "slurry" and scenario.stations.coater is not None:
        solvent_name = scenario.stations.coater.solvent
        solids = produced * coating_per_m2 / (1.0 - trim)
        solvent_kg = float(solvent_purchased_kg(solids, scenario.stations.coater.solids_mass_fraction,
                                                econ.solvent_recovery_fraction))
    flows = MaterialFlows(good_coating_kg=good_coating,
                          scrap_coating_kg=max(bought_coating - good_coating, 0.0),
                          good_foil_m2=good, scrap_foil_m2=max(foil_bought - good, 0.0),
                          solvent_kg=solvent_kg)
    cur = econ.currency
    prices = {
        "active_material": _price(econ.active_material_price_per_kg,
                                  d.active_material_usd_per_kg[mat.active_material.name], cur),
        "conductive_additive": _price(
            econ.conductive_additive_price_per_kg,
            d.conductive_additive_usd_per_kg[mat.conductive_additive.name], cur),
        "binder": _price(econ.binder_price_per_kg, d.binder_usd_per_kg[mat.binder.name], cur),
    }
    fractions = {"active_material": mat.active_material.mass_fraction,
                 "conductive_additive": mat.conductive_additive.mass_fraction,
                 "binder": mat.binder.mass_fraction}
    foil_default = (d.copper_foil_usd_per_m2 if mat.active_material.name in COPPER_FOIL_ACTIVES
                    else d.aluminium_foil_usd_per_m2)
    solvent_default = d.solvent_usd_per_kg.get(solvent_name or "NMP", 0.0)
    return material_costs(flows, fractions, prices,
                          _price(econ.foil_price_per_m2, foil_default, cur),
                          _price(econ.solvent_price_per_kg, solvent_default, cur),
                          econ.scrap_recycling_credit_fraction)


def _per(value: float, divisor: float) -> float:
    return value / divisor if divisor > 0.0 else math.nan


def cost_kpis(scenario: Scenario, kpis: Mapping[str, Any], chain: ProcessChain | None = None
              ) -> dict[str, Any]:
    """Cost and CO2 KPIs of a run.

    Parameters
    ----------
    scenario : Scenario
        The scenario that was run (its ``[economics]`` and ``[energy]`` tables).
    kpis : mapping
        The run's KPIs after the energy KPIs: ``produced_area_m2``, ``good_area_m2``,
        ``mean_loading_mg_per_cm2``, ``energy_by_carrier_kwh_per_m2``,
        ``energy_by_stage_kwh_per_m2``, ``planned_production_h`` or the horizon, and the cell
        KPIs ``areal_capacity_mah_per_cm2`` and ``nominal_voltage_v`` where present.
    chain : ProcessChain, optional
        Not needed by the accounting; accepted so the run can pass what it has.

    Returns
    -------
    dict
        ``currency``; ``cost_total`` [currency]; ``cost_per_m2_good`` [currency/m²];
        ``cost_per_kwh_cell`` [currency/kWh]; ``cost_by_item_per_kwh_cell`` and
        ``cost_by_stage_per_kwh_cell`` [currency/kWh], each summing to
        ``cost_per_kwh_cell``; ``co2_kg_per_m2_good`` [kg/m²] and ``co2_kg_per_kwh_cell``
        [kg/kWh] from the energy by carrier. Per-unit figures are NaN when nothing good
        was made.
    """
    del chain
    econ = scenario.economics
    produced, good = float(kpis["produced_area_m2"]), float(kpis["good_area_m2"])
    loading = _number(kpis.get("mean_loading_mg_per_cm2"),
                      scenario.quality.loading_mg_per_cm2) * MG_PER_CM2_TO_KG_PER_M2
    cell_kwh = cell_kwh_made(scenario, kpis, loading) if good > 0.0 else 0.0
    horizon_h = scenario.simulation.horizon_h

    items = dict.fromkeys(COST_ITEMS, 0.0)
    items |= _material_items(scenario, kpis, loading) if produced > 0.0 else {}
    by_carrier = {c: _number(v, 0.0) * produced
                  for c, v in dict(kpis.get("energy_by_carrier_kwh_per_m2", {})).items()}
    price = tariffs(scenario)
    for carrier, kwh in by_carrier.items():
        items[carrier] = kwh * price.get(carrier, 0.0)
    cal = scenario.calendar
    operators = (econ.operators_per_shift if econ.operators_per_shift is not None
                 else DEFAULT_UTILITY_PRICES.operators_per_shift[scenario.route])
    rate = _price(econ.labour_rate_per_h, DEFAULT_UTILITY_PRICES.labour_usd_per_h, econ.currency)
    items["labour"] = operators * rate * float(staffed_hours(
        horizon_h, cal.shifts_per_day, cal.shift_length_h, cal.working_days_per_week))
    capex = stage_capex(scenario)
    floor = econ.floor_area_m2 if econ.floor_area_m2 is not None else \
        scenario.energy.line_floor_area_m2
    floor_capex = floor * _price(econ.dry_room_floor_price_per_m2,
                                 DEFAULT_CAPITAL_COSTS.dry_room_floor_usd_per_m2, econ.currency)
    equipment = {s: float(capital_charge(c, econ.interest_rate, econ.equipment_life_years,
                                         horizon_h)) for s, c in capex.items()}
    items["capital_equipment"] = sum(equipment.values())
    items["capital_floor"] = float(capital_charge(floor_capex, econ.interest_rate,
                                                  econ.building_life_years, horizon_h))
    upkeep = econ.maintenance_fraction_per_year * horizon_h / 8760.0
    items["maintenance"] = upkeep * (sum(capex.values()) + floor_capex)
    total = sum(items.values())

    stages = _stage_costs(kpis, produced, by_carrier, items, price, equipment, capex,
                          floor_capex, upkeep)
    co2 = sum(co2_kg_by_carrier(by_carrier, emission_factors(scenario)).values())
    return {
        "currency": econ.currency,
        "cost_total": total,
        "cost_per_m2_good": _per(total, good),
        "cost_per_kwh_cell": _per(total, cell_kwh),
        "cost_by_item_per_kwh_cell": {k: _per(v, cell_kwh) for k, v in items.items()},
        "cost_by_stage_per_kwh_cell": {k: _per(v, cell_kwh) for k, v in stages.items()},
        "co2_kg_per_m2_good": _per(co2, good),
        "co2_kg_per_kwh_cell": _per(co2, cell_kwh),
    }


def _stage_costs(kpis: Mapping[str, Any], produced: float, by_carrier: Mapping[str, float],
                 items: Mapping[str, float], price: Mapping[str, float],
                 equipment: Mapping[str, float], capex: Mapping[str, float],
                 floor_capex: float, upkeep: float) -> dict[str, float]:
    """Cost by stage: energy (at the run's mean price per kWh, stage kWh being known
    only in total), capital and maintenance of each stage; ``materials`` and ``labour``."""
    stage_kwh = {s: _number(v, 0.0) * produced
                 for s, v in dict(kpis.get("energy_by_stage_kwh_per_m2", {})).items()}
    total_kwh = sum(by_carrier.values())
    energy_cost = sum(kwh * price.get(c, 0.0) for c, kwh in by_carrier.items())
    mean_price = energy_cost / total_kwh if total_kwh > 0.0 else 0.0
    out: dict[str, float] = {"materials": sum(items[k] for k in (
        "active_material", "conductive_additive", "binder", "solvent", "foil", "scrap")),
        "labour": items["labour"]}
    for stage in dict.fromkeys([*stage_kwh, *capex, FLOOR_STAGE]):
        out[stage] = (stage_kwh.get(stage, 0.0) * mean_price + equipment.get(stage, 0.0)
                      + upkeep * capex.get(stage, 0.0))
    out[FLOOR_STAGE] += items["capital_floor"] + upkeep * floor_capex
    return out
