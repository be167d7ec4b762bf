"""Drying limits of the slurry route: needed flux, dryer capacity, binder migration, adhesion,
and the run KPIs and warnings built from them (line_sim.engine.slurry_limits)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import SCENARIOS

from line_sim import load_scenario
from line_sim.engine.process_chain import process_chain
from line_sim.engine.slurry_limits import (
    running_speeds,
    slurry_drying_kpis,
    slurry_drying_warnings,
)
from process_models import slurry as sl
from process_models.environment import saturation_vapour_pressure_pa

NMP = sl.SOLVENTS["NMP"]
WATER = sl.SOLVENTS["water"]
SLURRY = SCENARIOS / "slurry_nmc811_reference.toml"

# Kumberg et al. 2019 (Energy Technol. 7, 1900722), aqueous graphite anode, CMC/SBR, 43 wt%
# solids; 2.5 mAh/cm² at 344 mAh/g = 7.27 mg/cm², taken as the coating's loading (with
# ~95 % active material it would be 7.6 mg/cm², +5 %). Wet film ≈ 150 µm (issue brief; our
# pore-free mass balance gives 130 µm for 7.27 mg/cm²).
KUMBERG_LOADING_KG_PER_M2 = 2.5 / 344.0 * 10.0  # g/cm² → kg/m²
KUMBERG_SOLIDS = 0.43
KUMBERG_WET_M = 150e-6


def kumberg_wet_thickness_m(areal_capacity_mah_per_cm2: float) -> float:
    """Wet film of Kumberg's anode, scaled with loading from 150 µm at 2.5 mAh/cm²."""
    return KUMBERG_WET_M * areal_capacity_mah_per_cm2 / 2.5


# ----------------------------------------------------------------------------- hand values
def test_needed_flux_is_solvent_per_m2_over_residence_time() -> None:
    assert float(sl.residence_time_s(60.0, 30.0)) == pytest.approx(120.0, rel=1e-12)
    flux = sl.needed_evaporation_flux_kg_per_m2_s(0.26, 0.70, 30.0, 60.0)
    assert float(flux) == pytest.approx(0.26 * 0.3 / 0.7 / 120.0, rel=1e-12)
    speed = sl.speed_at_flux_m_per_min(flux, 0.26, 0.70, 60.0)
    assert float(speed) == pytest.approx(30.0, rel=1e-12)
    with pytest.raises(ValueError, match="line_speed_m_per_min"):
        sl.needed_evaporation_flux_kg_per_m2_s(0.26, 0.70, 0.0, 60.0)


def test_max_flux_is_gas_side_heat_over_latent_heat() -> None:
    params = sl.DryerHeatTransferParameters(heat_transfer_coefficient_w_per_m2_k=50.0,
                                            heated_faces=2)
    latent = float(sl.latent_heat_j_per_kg(NMP, 100.0))
    one_side = sl.max_evaporation_flux_kg_per_m2_s(130.0, 100.0, NMP, 1, params)
    two_sides = sl.max_evaporation_flux_kg_per_m2_s(130.0, 100.0, NMP, 2, params)
    assert float(two_sides) == pytest.approx(50.0 * 30.0 / latent, rel=1e-12)
    assert float(one_side) == pytest.approx(2.0 * float(two_sides), rel=1e-12)
    assert float(sl.max_evaporation_flux_kg_per_m2_s(90.0, 100.0, NMP, 2, params)) == 0.0


def test_vapour_pressures_against_reference_values() -> None:
    # NMP 0.32 hPa at 20 °C (IFA GESTIS); boils at 202 °C by construction
    assert float(sl.solvent_vapour_pressure_pa(NMP, 20.0)) == pytest.approx(32.0, rel=0.15)
    assert float(sl.solvent_vapour_pressure_pa(NMP, 202.0)) == pytest.approx(101325.0, rel=1e-9)
    # water: 12.35 kPa at 50 °C (IAPWS-95)
    assert float(sl.solvent_vapour_pressure_pa(WATER, 50.0)) == pytest.approx(12352.0, rel=0.01)


def test_wet_bulb_of_water_matches_psychrometry() -> None:
    # 25 °C, 50 % RH: wet bulb 17.9 °C (psychrometric tables; Stull, J. Appl. Meteor.
    # Climatol. 50 (2011) 2267)
    y = 0.5 * float(saturation_vapour_pressure_pa(25.0)) / 101325.0
    assert float(sl.wet_bulb_film_temperature_c(25.0, WATER, y)) == pytest.approx(17.9, abs=0.6)
    # saturated air does not evaporate: the film sits at the air temperature
    y_sat = float(saturation_vapour_pressure_pa(40.0)) / 101325.0
    assert float(sl.wet_bulb_film_temperature_c(40.0, WATER, y_sat)) == pytest.approx(40.0,
                                                                                    abs=1e-6)


def test_dryer_film_temperatures_are_plausible() -> None:
    # water films in a hot dryer sit in the 31–49 °C Kumberg 2019 measured (Table 1), up to
    # ~50 °C with 7.5 vol% vapour; NMP films far hotter, its vapour pressure being low
    t_water = sl.wet_bulb_film_temperature_c([60.0, 130.0], WATER, 0.075)
    assert np.all((t_water > 35.0) & (t_water < 55.0))
    t_nmp = float(sl.wet_bulb_film_temperature_c(130.0, NMP, 0.25 * 0.013))
    assert 90.0 < t_nmp < 115.0


def test_binder_profile_of_the_one_dimensional_balance() -> None:
    pe = np.array([0.0, 1e-6, 0.1, 1.0, 5.0])
    at_foil = sl.binder_fraction_at_foil(pe)
    assert at_foil[0] == 1.0
    assert at_foil[1] == pytest.approx(1.0 - 0.5e-6, rel=1e-9)
    assert at_foil[3] == pytest.approx(1.0 / (math.e - 1.0), rel=1e-12)
    np.testing.assert_allclose(sl.binder_top_to_bottom_ratio(pe), np.exp(pe), rtol=1e-12)
    # the profile's mean is the film's binder content: c(0)·(e^Pe − 1)/Pe = 1
    np.testing.assert_allclose(at_foil[2:] * np.expm1(pe[2:]) / pe[2:], 1.0, rtol=1e-12)


def test_adhesion_is_ludwig_value_for_slow_drying_and_never_negative() -> None:
    # 84.3 kPa slurry-cast (Ludwig et al., Sci. Rep. 6 (2016) 23150), a lab sheet dried slowly
    assert float(sl.slurry_adhesion_kpa(0.0)) == pytest.approx(84.3, rel=1e-12)
    assert float(sl.slurry_adhesion_kpa(10.0)) == 0.0
    assert sl.SLURRY_CAST_ADHESION_KPA == 84.3


# ----------------------------------------------------------------------------- invariants
def test_needed_flux_rises_with_speed_and_loading_and_falls_with_dryer_length() -> None:
    speeds = np.array([10.0, 30.0, 60.0, 120.0])
    assert np.all(np.diff(sl.needed_evaporation_flux_kg_per_m2_s(0.26, 0.7, speeds, 60.0)) > 0)
    loads = np.array([0.10, 0.26, 0.40])
    assert np.all(np.diff(sl.needed_evaporation_flux_kg_per_m2_s(loads, 0.7, 30.0, 60.0)) > 0)
    lengths = np.array([20.0, 40.0, 60.0, 100.0])
    assert np.all(np.diff(sl.needed_evaporation_flux_kg_per_m2_s(0.26, 0.7, 30.0, lengths)) < 0)


def test_speed_limits_fall_with_loading() -> None:
    loads = np.array([0.15, 0.26, 0.40])
    h_wet = sl.wet_film_thickness_m(loads, 0.7, 4424.0, NMP)
    dryable = sl.max_dryable_speed_m_per_min(2.5e-3, loads, 0.7, 60.0)
    free = sl.max_migration_free_speed_m_per_min(h_wet, loads, 0.7, 60.0, NMP)
    assert np.all(np.diff(dryable) < 0) and np.all(np.diff(free) < 0)
    # the migration-free speed falls faster (thicker film and more solvent): ~1/loading²
    assert free[0] / free[-1] > dryable[0] / dryable[-1]


def test_max_flux_rises_with_air_temperature_and_heat_transfer() -> None:
    t_air = np.array([90.0, 110.0, 130.0, 160.0])
    t_film = sl.wet_bulb_film_temperature_c(t_air, NMP, 0.00325)
    assert np.all(np.diff(sl.max_evaporation_flux_kg_per_m2_s(t_air, t_film, NMP, 2)) > 0)
    slow = sl.DryerHeatTransferParameters(heat_transfer_coefficient_w_per_m2_k=35.0)
    fast = sl.DryerHeatTransferParameters(heat_transfer_coefficient_w_per_m2_k=80.0)
    assert (sl.max_evaporation_flux_kg_per_m2_s(130.0, 100.0, NMP, 2, slow)
            < sl.max_evaporation_flux_kg_per_m2_s(130.0, 100.0, NMP, 2, fast))


def test_adhesion_falls_with_flux_and_with_thickness() -> None:
    flux = np.array([0.5e-3, 1.0e-3, 2.0e-3, 4.0e-3])
    by_flux = sl.slurry_adhesion_kpa(sl.binder_peclet_number(flux, 150e-6, WATER))
    assert np.all(np.diff(by_flux) < 0)
    thickness = np.array([80e-6, 150e-6, 300e-6, 600e-6])
    by_thickness = sl.slurry_adhesion_kpa(sl.binder_peclet_number(1e-3, thickness, WATER))
    assert np.all(np.diff(by_thickness) < 0)


def test_parameters_outside_their_range_are_refused() -> None:
    with pytest.raises(ValueError, match="heated_faces"):
        sl.DryerHeatTransferParameters(heated_faces=3)
    with pytest.raises(ValueError, match="critical_peclet"):
        sl.BinderMigrationParameters(critical_peclet=0.0)
    with pytest.raises(ValueError, match="adhesion_threshold_binder_ratio"):
        sl.BinderMigrationParameters(adhesion_threshold_binder_ratio=1.0)


# ----------------------------------------------------------------------------- literature
@pytest.mark.parametrize(("flux_g", "time_s", "length_m"), [(0.75, 131.0, 109.0),
                                                            (6.0, 16.0, 13.6)])
def test_kumberg_table_2_drying_times_and_dryer_lengths(flux_g: float, time_s: float,
                                                        length_m: float) -> None:
    # Kumberg et al. 2019, Table 2: 2.5 mAh/cm² graphite, 43 wt% solids: 131 s at
    # 0.75 g/(m²·s) and 16 s at 6 g/(m²·s), i.e. 109 m and 13.6 m of dryer at 50 m/min
    solvent = float(sl.solvent_mass_per_m2_kg(KUMBERG_LOADING_KG_PER_M2, KUMBERG_SOLIDS))
    assert solvent / (flux_g * 1e-3) == pytest.approx(time_s, rel=0.03)
    flux = sl.needed_evaporation_flux_kg_per_m2_s(KUMBERG_LOADING_KG_PER_M2, KUMBERG_SOLIDS,
                                                  50.0, length_m)
    assert float(flux) == pytest.approx(flux_g * 1e-3, rel=0.03)


def test_kumberg_binder_migration_calibration_guards() -> None:
    # calibration guards, Kumberg et al. 2019 (aqueous graphite, ~150 µm wet): binder
    # top/bottom 0.39/0.19 at% at 6 g/(m²·s); about uniform at 0.75 g/(m²·s); migration sets
    # in near 1.5 g/(m²·s)
    pe_fast = sl.binder_peclet_number(6e-3, KUMBERG_WET_M, WATER)
    assert float(sl.binder_top_to_bottom_ratio(pe_fast)) == pytest.approx(0.39 / 0.19, rel=0.02)
    pe_slow = sl.binder_peclet_number(0.75e-3, KUMBERG_WET_M, WATER)
    assert float(sl.binder_top_to_bottom_ratio(pe_slow)) < 1.1
    onset = sl.migration_free_flux_kg_per_m2_s(KUMBERG_WET_M, WATER)
    assert float(onset) == pytest.approx(1.5e-3, rel=0.02)
    assert float(sl.drying_flux_ratio(1.5e-3, onset)) == pytest.approx(1.0, rel=0.02)


def test_kumberg_adhesion_trends_thickness_calibrated_rate_checked() -> None:
    # Kumberg et al. 2019, 0.75 g/(m²·s): normalised adhesion ≈ 0.6 at 11 against 1 at
    # 2.2 mAh/cm². Calibration guard of the threshold binder ratio.
    thin, thick = kumberg_wet_thickness_m(2.2), kumberg_wet_thickness_m(11.0)
    a_thin = float(sl.slurry_adhesion_kpa(sl.binder_peclet_number(0.75e-3, thin, WATER)))
    a_thick = float(sl.slurry_adhesion_kpa(sl.binder_peclet_number(0.75e-3, thick, WATER)))
    assert a_thick / a_thin == pytest.approx(0.6, abs=0.03)
    # without the threshold the depletion at the foil alone explains less than half the drop
    plain = sl.BinderMigrationParameters(adhesion_threshold_binder_ratio=0.0)
    ratio_plain = (float(sl.slurry_adhesion_kpa(sl.binder_peclet_number(0.75e-3, thick, WATER),
                                                params=plain))
                   / float(sl.slurry_adhesion_kpa(sl.binder_peclet_number(0.75e-3, thin, WATER),
                                                  params=plain)))
    assert ratio_plain == pytest.approx(0.85, abs=0.02)
    # not calibrated: adhesion of the thin film falls from 0.75 to 6 g/(m²·s), as Kumberg
    # (and Jaiser et al., J. Power Sources 318 (2016) 210) report; the model gives ≈ 0.3×
    a_fast = float(sl.slurry_adhesion_kpa(sl.binder_peclet_number(6e-3, thin, WATER)))
    assert a_fast < 0.5 * a_thin


# ----------------------------------------------------------------------------- run KPIs
def _intervals(*rows: tuple[float, float, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["speed_m_per_min", "start_h", "end_h"])


def _kpis(overrides: dict[str, object] | None = None,
          intervals: pd.DataFrame | None = None) -> tuple[object, dict[str, float]]:
    scenario = load_scenario(SLURRY, overrides or {})
    speed = scenario.line.speed_m_per_min
    frame = _intervals((speed, 0.0, 2.0), (0.0, 2.0, 3.0)) if intervals is None else intervals
    return scenario, slurry_drying_kpis(scenario, process_chain(scenario), frame)


def test_reference_slurry_line_dries_within_both_limits() -> None:
    scenario, kpis = _kpis()
    assert kpis["slurry_drying_speed_m_per_min"] == 30.0
    assert kpis["slurry_evaporation_flux_g_per_m2_s"] == pytest.approx(0.26 * 0.3 / 0.7 / 120.0
                                                                       * 1e3, rel=1e-9)
    assert kpis["drying_flux_ratio"] < 1.0
    assert kpis["max_dryable_speed_m_per_min"] > 30.0
    assert kpis["max_migration_free_speed_m_per_min"] > 30.0
    assert 60.0 < kpis["slurry_adhesion_kpa"] < 84.3
    assert slurry_drying_warnings(scenario, kpis) == []


def test_fast_line_warns_of_binder_migration_with_its_numbers() -> None:
    scenario, kpis = _kpis({"line.speed_m_per_min": 80.0})
    assert kpis["drying_flux_ratio"] > 1.0
    warnings = slurry_drying_warnings(scenario, kpis)
    assert len(warnings) == 1 and warnings[0].startswith("binder migrates")
    assert f"{kpis['drying_flux_ratio']:.2f}×" in warnings[0]


def test_thick_fast_line_cannot_be_dried_at_all_and_says_so() -> None:
    scenario, kpis = _kpis({"quality.loading_mg_per_cm2": 40.0, "line.speed_m_per_min": 60.0})
    assert kpis["slurry_drying_speed_m_per_min"] > kpis["max_dryable_speed_m_per_min"]
    warnings = slurry_drying_warnings(scenario, kpis)
    assert any(w.startswith("the dryer cannot dry this film at 60 m/min") for w in warnings)
    assert any("binder migrates" in w for w in warnings)


def test_flux_ratio_at_fastest_interval_and_adhesion_time_weighted() -> None:
    _, base = _kpis()
    _, mixed = _kpis(intervals=_intervals((30.0, 0.0, 1.0), (15.0, 1.0, 4.0), (0.0, 4.0, 5.0)))
    assert mixed["drying_flux_ratio"] == pytest.approx(base["drying_flux_ratio"], rel=1e-12)
    assert mixed["slurry_adhesion_kpa"] > base["slurry_adhesion_kpa"]
    speeds, hours = running_speeds(_intervals((0.0, 0.0, 1.0)), 30.0)
    assert speeds.tolist() == [30.0] and hours.tolist() == [1.0]


def test_dry_routes_get_no_drying_kpis_or_warnings() -> None:
    scenario = load_scenario(SCENARIOS / "bf_nmc811_baseline.toml")
    kpis = slurry_drying_kpis(scenario, process_chain(scenario), _intervals((60.0, 0.0, 1.0)))
    assert kpis == {}
    assert slurry_drying_warnings(scenario, {"drying_flux_ratio": 5.0}) == []
