"""Cost and CO2: the pure model, the [economics] table and the accounting of a run."""

from __future__ import annotations

import math

import numpy as np
import pytest

from line_sim import load_scenario
from line_sim.engine.cost import COST_ITEMS, cost_kpis, emission_factors, stage_capex
from line_sim.engine.process_chain import process_chain
from line_sim.engine.run import simulate
from line_sim.errors import InputError
from line_sim.scenario.loading import scenario_from_dict
from line_sim.scenario.overrides import apply_overrides as _apply
from process_models.cost import (
    GRID_CO2_KG_PER_KWH,
    MaterialFlows,
    capital_charge,
    capital_recovery_factor,
    from_usd,
    material_costs,
    scaled_capex,
    solvent_purchased_kg,
    staffed_hours,
)

SCENARIOS = {"BF": "scenarios/bf_nmc811_baseline.toml",
             "DPSD": "scenarios/dpsd_nmc811_cathode.toml",
             "slurry": "scenarios/slurry_nmc811_reference.toml"}
HOURS = 12.0


@pytest.fixture(scope="module")
def runs():
    out = {}
    for route, path in SCENARIOS.items():
        result = simulate(load_scenario(path), hours=HOURS)
        out[route] = (result, cost_kpis(result.scenario, result.kpis,
                                        process_chain(result.scenario)))
    return out


def apply_overrides(scenario, overrides):
    return scenario_from_dict(_apply(scenario.model_dump(mode="json"), overrides))


# --------------------------------------------------------------------------- pure model


def test_capital_recovery_factor_limits():
    assert float(capital_recovery_factor(0.0, 10)) == pytest.approx(0.1)
    assert float(capital_recovery_factor(0.08, 10)) == pytest.approx(0.149029, rel=1e-5)
    # long life: the CRF tends to the interest rate
    assert float(capital_recovery_factor(0.08, 500)) == pytest.approx(0.08, rel=1e-6)
    rates = np.array([0.0, 0.04, 0.08, 0.12])
    assert np.all(np.diff(capital_recovery_factor(rates, 10)) > 0)
    with pytest.raises(ValueError, match="interest_rate"):
        capital_recovery_factor(-0.1, 10)


def test_capital_charge_is_pro_rata_of_calendar_time():
    year = capital_charge(1e6, 0.08, 10, 8760.0)
    assert float(capital_charge(1e6, 0.08, 10, 168.0)) == pytest.approx(float(year) * 168 / 8760)
    with pytest.raises(ValueError, match="capex"):
        capital_charge(-1.0, 0.08, 10, 1.0)


def test_scaling_solvent_staffing_and_currency():
    assert float(scaled_capex(1e6, 2.0, 0.6)) == pytest.approx(1e6 * 2 ** 0.6)
    assert float(solvent_purchased_kg(70.0, 0.7, 0.99)) == pytest.approx(0.3)
    assert float(staffed_hours(168.0, 3, 8.0, 7)) == pytest.approx(168.0)
    assert float(staffed_hours(168.0, 2, 8.0, 5)) == pytest.approx(168.0 * 2 / 3 * 5 / 7)
    assert float(from_usd(1.0813, "EUR")) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="allowed: USD"):
        from_usd(1.0, "XXX")


def test_material_costs_conserve_value_and_credit_scrap():
    flows = MaterialFlows(good_coating_kg=90.0, scrap_coating_kg=10.0, good_foil_m2=100.0,
                          scrap_foil_m2=5.0)
    fractions = {"active_material": 0.96, "binder": 0.04}
    prices = {"active_material": 25.0, "binder": 20.0}
    items = material_costs(flows, fractions, prices, 0.3, 3.0, 0.0)
    total = 100.0 * (0.96 * 25 + 0.04 * 20) + 105 * 0.3
    assert sum(items.values()) == pytest.approx(total)
    credited = material_costs(flows, fractions, prices, 0.3, 3.0, 0.5)
    assert credited["scrap"] == pytest.approx(items["scrap"] / 2)
    with pytest.raises(ValueError, match="binder price"):
        material_costs(flows, fractions, prices | {"binder": -1.0}, 0.3, 3.0, 0.0)


def test_grid_factors_are_plausible():
    assert all(0.0 < f < 1.2 for f in GRID_CO2_KG_PER_KWH.values())
    assert GRID_CO2_KG_PER_KWH["PL"] > GRID_CO2_KG_PER_KWH["DE"] > GRID_CO2_KG_PER_KWH["FR"]


# --------------------------------------------------------------------------- the [economics] table


def test_bad_economics_input_is_refused_with_field_and_allowed():
    cases = {"economics.currency=XYZ": "currency",
             "economics.active_material_price_per_kg=-3": "active_material_price_per_kg",
             "economics.site_country=ZZ": "site_country",
             "economics.interest_rate=-0.1": "interest_rate"}
    for override, field in cases.items():
        key, value = override.split("=")
        with pytest.raises(InputError, match=field):
            load_scenario(SCENARIOS["BF"], {key: value})


# --------------------------------------------------------------------------- accounting of a run


def test_cost_kpis_of_every_route_add_up(runs):
    for route, (result, kpis) in runs.items():
        assert kpis["currency"] == "USD"
        items = kpis["cost_by_item_per_kwh_cell"]
        assert list(items) == list(COST_ITEMS)
        assert sum(items.values()) == pytest.approx(kpis["cost_per_kwh_cell"], rel=1e-9), route
        assert sum(kpis["cost_by_stage_per_kwh_cell"].values()) == pytest.approx(
            kpis["cost_per_kwh_cell"], rel=1e-9), route
        assert kpis["cost_per_m2_good"] * result.kpis["good_area_m2"] == pytest.approx(
            kpis["cost_total"])
        assert all(v >= 0 for v in items.values())
        # the cathode active material is most of the cost of a cathode
        assert 0.6 < items["active_material"] / kpis["cost_per_kwh_cell"] < 0.95


def test_dry_routes_save_processing_cost_and_co2(runs):
    processing = {route: sum(v for k, v in kp["cost_by_item_per_kwh_cell"].items()
                             if k not in ("active_material", "conductive_additive", "binder",
                                          "foil", "scrap"))
                  for route, (_, kp) in runs.items()}
    assert processing["BF"] < processing["slurry"]
    assert processing["DPSD"] < processing["slurry"]
    co2 = {route: kp["co2_kg_per_kwh_cell"] for route, (_, kp) in runs.items()}
    assert co2["BF"] < 0.5 * co2["slurry"]
    assert runs["slurry"][1]["cost_by_item_per_kwh_cell"]["solvent"] > 0
    assert runs["BF"][1]["cost_by_item_per_kwh_cell"]["solvent"] == 0


def test_co2_follows_the_site_and_the_energy_table():
    base = load_scenario(SCENARIOS["BF"])
    assert emission_factors(base)["electricity"] == GRID_CO2_KG_PER_KWH["DE"]
    french = apply_overrides(base, {"economics.site_country": "FR"})
    assert emission_factors(french)["electricity"] == GRID_CO2_KG_PER_KWH["FR"]
    fixed = apply_overrides(base, {"energy.co2_electricity_kg_per_kwh": 0.2})
    assert emission_factors(fixed)["electricity"] == 0.2
    assert emission_factors(fixed)["compressed_air"] == 0.2


def test_prices_currency_and_capex_overrides(runs):
    result, usd = runs["BF"]
    eur = apply_overrides(result.scenario, {"economics.currency": "EUR"})
    kp = cost_kpis(eur, result.kpis)
    assert kp["currency"] == "EUR"
    assert kp["cost_per_kwh_cell"] == pytest.approx(usd["cost_per_kwh_cell"] / 1.0813)
    dear = apply_overrides(result.scenario, {"economics.electricity_price_per_kwh": 0.24})
    doubled = cost_kpis(dear, result.kpis)["cost_by_item_per_kwh_cell"]["electricity"]
    assert doubled == pytest.approx(2 * usd["cost_by_item_per_kwh_cell"]["electricity"])
    capex = stage_capex(apply_overrides(result.scenario,
                                        {"economics.stage_capex": {"lamination": 0.0}}))
    assert capex["lamination"] == 0.0 and capex["film_calendering"] > 0


def test_nothing_good_gives_nan_not_an_error(runs):
    result, _ = runs["BF"]
    empty = dict(result.kpis) | {"produced_area_m2": 0.0, "good_area_m2": 0.0}
    kp = cost_kpis(result.scenario, empty)
    assert math.isnan(kp["cost_per_kwh_cell"]) and kp["cost_total"] > 0
