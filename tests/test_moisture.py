"""Electrode water: sorption, uptake, vacuum post-drying and what residual water costs the cell."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from process_models import moisture
from process_models.environment import MoistureUptakeParameters, relative_humidity_from_dew_point_pct

NMC811_SURFACE_M2_PER_KG = 383.0  # 6·roughness/(ρ·d50) for the library's NMC811 at 10.4 µm
CARBON_BLACK_M2_PER_KG = 62_000.0


def equilibrium_ppm(rh_pct: float) -> float:
    return float(moisture.equilibrium_water_kg_per_kg(
        rh_pct, 0.96, NMC811_SURFACE_M2_PER_KG, 0.02, CARBON_BLACK_M2_PER_KG)) * 1e6


def test_equilibrium_water_rises_with_humidity_and_surface() -> None:
    levels = [equilibrium_ppm(rh) for rh in (0.05, 0.5, 1.0, 5.0, 20.0)]
    assert all(b > a for a, b in itertools.pairwise(levels))
    finer = moisture.equilibrium_water_kg_per_kg(1.0, 0.96, 2 * NMC811_SURFACE_M2_PER_KG, 0.02,
                                                 CARBON_BLACK_M2_PER_KG)
    assert finer * 1e6 > equilibrium_ppm(1.0)


def test_dry_room_dew_points_bracket_a_few_hundred_ppm() -> None:
    """At 22 °C: a −60 °C room keeps an NMC811 coating near 10 ppm, a −20 °C room near the
    few-hundred-ppm specifications of Ni-rich cathodes (calibration of the GAB layers)."""
    at = {dp: equilibrium_ppm(float(relative_humidity_from_dew_point_pct(22.0, dp)))
          for dp in (-60.0, -40.0, -20.0)}
    assert at[-60.0] < 20.0
    assert 30.0 < at[-40.0] < 150.0
    assert 200.0 < at[-20.0] < 700.0


def test_approach_takes_up_and_dries_first_order() -> None:
    assert moisture.approach(0.0, 100.0, 0.0, 10.0) == pytest.approx(0.0)
    assert moisture.approach(0.0, 100.0, 10.0, 10.0) == pytest.approx(100 * (1 - np.exp(-1)), rel=1e-12)
    assert moisture.approach(300.0, 10.0, 1e9, 10.0) == pytest.approx(10.0)
    assert moisture.approach(50.0, 10.0, 5.0, np.inf) == pytest.approx(50.0)


def test_a_wound_coil_exchanges_far_slower_than_an_open_sheet() -> None:
    params = moisture.ElectrodeMoistureParameters()
    sheet = moisture.exchange_time_constant_s(22.0, 0.5, params.sheet_rate_factor)
    coil = moisture.exchange_time_constant_s(22.0, 0.5, params.sheet_rate_factor * params.coil_rate_factor)
    assert coil / sheet == pytest.approx(1.0 / params.coil_rate_factor, rel=1e-12)
    assert 3600.0 < coil < 10 * 86400.0  # hours to days in a dry room


def test_the_powder_bed_time_constant_is_the_environment_models() -> None:
    p = MoistureUptakeParameters()
    tau = moisture.exchange_time_constant_s(20.0, 1.0, 1.0, p)
    assert 2 * 3600 < tau < 8 * 3600  # the environment model's ≈4 h at 1 % RH, 20 °C


def test_vacuum_oven_activity_is_low_and_falls_with_temperature_and_pressure() -> None:
    hot = moisture.oven_relative_humidity_pct(120.0, 10.0)
    assert hot < 1.0
    assert moisture.oven_relative_humidity_pct(80.0, 10.0) > hot
    assert moisture.oven_relative_humidity_pct(120.0, 100.0) > hot
    assert moisture.oven_relative_humidity_pct(20.0, 1013.0) == pytest.approx(100.0)


def test_drying_is_faster_when_hotter() -> None:
    params = moisture.VacuumDryingParameters()
    assert moisture.vacuum_time_constant_s(120.0, params) == pytest.approx(params.time_constant_h * 3600)
    assert moisture.vacuum_time_constant_s(140.0, params) < moisture.vacuum_time_constant_s(100.0, params)


def test_dwell_to_reach_inverts_the_approach() -> None:
    tau, w0, weq, target = 7200.0, 500e-6, 5e-6, 240e-6
    t = moisture.dwell_to_reach_s(w0, target, weq, tau)
    assert moisture.approach(w0, weq, t, tau) == pytest.approx(target, rel=1e-12)
    assert moisture.dwell_to_reach_s(100e-6, target, weq, tau) == 0.0
    assert moisture.dwell_to_reach_s(w0, 4e-6, weq, tau) == np.inf


def test_post_drying_heat_counts_heating_and_desorption() -> None:
    params = moisture.VacuumDryingParameters()
    heat = moisture.post_drying_heat_j(100.0, 0.01, 120.0, 20.0, params)
    expected = 100.0 * params.coil_specific_heat_j_per_kg_k * 100.0 + 0.01 * params.desorption_heat_j_per_kg
    assert heat == pytest.approx(expected, rel=1e-12)


def test_residual_water_costs_lithium_by_stoichiometry() -> None:
    """300 ppm of water in an NMC811 coating (96 % active, 195 mAh/g) at 2 Li per H2O
    (LiPF6 hydrolysis to 2 HF, each ending as LiF; Lux et al. 2012): ≈0.48 % of capacity."""
    loss = moisture.residual_water_capacity_loss_fraction(300e-6, 0.96, 195.0)
    assert loss == pytest.approx(2 * 300e-6 / 18.015e-3 * 26.8015 / (0.96 * 195.0), rel=1e-4)
    assert 0.004 < loss < 0.006
    assert moisture.residual_water_capacity_loss_fraction(600e-6, 0.96, 195.0) == pytest.approx(2 * loss)
