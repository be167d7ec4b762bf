"""DPSD deposit physics: component segregation, overspray drift, back ionisation, spray
pattern and booth air — unit tests, invariants through the line and literature points."""

from __future__ import annotations

import numpy as np
import pytest

from line_sim import load_scenario
from line_sim.engine.process_chain import process_chain
from line_sim.engine.run import simulate
from line_sim.studies.sweep import scenario_at
from process_models import back_ionisation as bi
from process_models import deposit_composition as dc
from process_models import spray_pattern as sp

SCENARIO = "scenarios/dpsd_nmc811_cathode.toml"


@pytest.fixture(scope="module")
def base():
    return load_scenario(SCENARIO)


def chain_at(base, **overrides):
    return process_chain(scenario_at(base, overrides))


# --------------------------------------------------------------------------- unit


def test_cunningham_slip_matches_hinds_table():
    # Hinds 1999, Table A.6 (20 °C, 1 atm): 1.017 at 10 µm, 1.168 at 1 µm, 2.91 at 0.1 µm
    cc = dc.cunningham_slip_correction(np.array([10.0, 1.0, 0.1]))
    assert cc == pytest.approx([1.017, 1.168, 2.91], rel=0.02)


def test_pauthenier_charge_to_mass_is_in_the_powder_coating_range():
    # Bailey 1998: corona-charged powders carry of the order of 1 mC/kg (0.3–2 mC/kg);
    # model: 10.4 µm NMC811 at 70 kV over 200 mm
    qm = dc.charge_to_mass_c_per_kg(10.4, 4750.0, 70e3 / 0.2, 15.0)
    assert 0.3e-3 < float(qm) < 2e-3
    # q/m ∝ 1/R, and a conductor's p = 3 exceeds a dielectric's
    assert dc.charge_to_mass_c_per_kg(5.2, 4750.0, 3.5e5, 15.0) == pytest.approx(2 * qm)
    assert dc.pauthenier_factor(1e9) == pytest.approx(3.0)


def test_steady_recycle_returns_the_feed_at_full_recovery():
    feed, eta = np.array([0.95, 0.02, 0.03]), np.array([0.75, 0.6, 0.6])
    hopper = dc.hopper_fractions(feed, eta, 1.0, 500.0, np.array([0.0, 1e6]))
    assert hopper[0] == pytest.approx(feed)
    assert dc.deposit_mass_fractions(hopper[-1], eta) == pytest.approx(feed, rel=1e-3)
    # without recovery the feeder never drifts
    assert dc.hopper_fractions(feed, eta, 0.0, 500.0, np.array([1e5]))[0] == pytest.approx(feed)


def test_recycle_integration_matches_the_steady_state():
    feed, eta = np.array([0.95, 0.02, 0.03]), np.array([0.75, 0.5, 0.55])
    late = dc.hopper_fractions(feed, eta, 0.9, 100.0, np.array([20_000.0]))[0]
    assert late == pytest.approx(dc.steady_hopper_fractions(feed, eta, 0.9), rel=1e-6)


def test_back_ionisation_limit_and_passes():
    # slow pass (long dwell) lets charge leak: more per pass
    fast = bi.max_areal_mass_per_pass_kg_per_m2(1e-3, 0.01)
    slow = bi.max_areal_mass_per_pass_kg_per_m2(1e-3, 10.0)
    assert slow > fast
    assert bi.passes_required(0.26, 1e-3, 0.01) > bi.passes_required(0.10, 1e-3, 0.01)
    v1 = bi.max_speed_m_per_s(0.26, 1, 1e-3, 0.2)
    v2 = bi.max_speed_m_per_s(0.26, 2, 1e-3, 0.2)
    assert 0 < v1 < v2
    # at the limit speed the layer's field is exactly the breakdown field
    dwell = 0.2 / v1
    assert bi.max_areal_mass_per_pass_kg_per_m2(1e-3, dwell) == pytest.approx(0.26, rel=1e-6)


def test_self_limiting_film_build_of_a_polymer_powder_coating():
    # Hughes 1984 / Bailey 1998: corona-sprayed polymer powders self-limit at ~50–150 µm.
    # Model: 30 µm polyester powder (ρ 1500 kg/m³, ε_r 3) at 3.5 kV/cm, insulating layer
    # (τ → ∞), 60 % porous deposit.
    qm = float(dc.charge_to_mass_c_per_kg(30.0, 1500.0, 3.5e5, 3.0))
    insulating = bi.BackIonisationParameters(charge_relaxation_time_s=1e4)
    h = float(bi.max_thickness_per_pass_m(qm, 1.0, 1500.0, 0.6, insulating)) * 1e6
    assert 50.0 < h < 250.0


def test_spray_pattern_cv_from_gun_row():
    sigma = 0.078
    assert sp.cross_web_cv(8, 0.10, sigma, 0.6) > sp.cross_web_cv(10, 0.08, sigma, 0.6) * 0.5
    assert sp.cross_web_cv(4, 0.20, sigma, 0.6) > sp.cross_web_cv(8, 0.10, sigma, 0.6)
    # wider footprints (farther guns) smooth the ripple between guns (a row well past the
    # edges) but, from a row that barely spans the web, lose more at the edges
    assert sp.cross_web_cv(20, 0.10, 0.06, 0.6) < sp.cross_web_cv(20, 0.10, 0.04, 0.6)
    assert sp.cross_web_cv(8, 0.10, 0.12, 0.6) > sp.cross_web_cv(8, 0.10, 0.06, 0.6)
    assert sp.footprint_sigma_m(0.3, 0.5) > sp.footprint_sigma_m(0.2, 0.5)


# --------------------------------------------------------------------------- invariants


def _first_pass_distance(chain):
    fractions = chain.booth.deposit_fractions(np.array([0.0]))[0]
    return float(np.abs(fractions - chain.booth.feed).sum())


def test_higher_voltage_brings_the_deposit_closer_to_the_feed(base):
    low = chain_at(base, **{"stations.spray_booth.voltage_kv": 40.0})
    high = chain_at(base, **{"stations.spray_booth.voltage_kv": 100.0})
    assert _first_pass_distance(high) < _first_pass_distance(low)


def test_finer_binder_segregates_more(base):
    coarse = chain_at(base, **{"materials.binder.d50_um": 8.0})
    fine = chain_at(base, **{"materials.binder.d50_um": 2.0})
    first = fine.booth.deposit_fractions(np.array([0.0]))[0, 2]
    assert first < coarse.booth.deposit_fractions(np.array([0.0]))[0, 2] < 0.03


def test_more_recycling_more_drift(base):
    drifts = [abs(chain_at(base, **{"stations.spray_booth.overspray_recovery_fraction": r})
                  .deposit_kpis(40_000.0)["deposit_binder_fraction_drift"]) for r in (0.0, 0.5, 0.95)]
    assert drifts[0] == pytest.approx(0.0, abs=1e-12)
    assert drifts[0] < drifts[1] < drifts[2]


def test_thicker_loading_needs_more_passes(base):
    thin = chain_at(base, **{"quality.loading_mg_per_cm2": 10.0})
    thick = chain_at(base, **{"quality.loading_mg_per_cm2": 60.0})
    passes = "spray_passes_required"
    assert thick.deposit_kpis(1.0)[passes] > thin.deposit_kpis(1.0)[passes]
    limit = "back_ionisation"
    assert thick.speed_limits_m_per_min()[limit] < thin.speed_limits_m_per_min()[limit]


def test_speed_limits_are_named_and_positive(base):
    limits = process_chain(base).speed_limits_m_per_min()
    assert set(limits) == {"back_ionisation", "booth_capacity"}
    assert all(v > 0 for v in limits.values())
    more_guns = chain_at(base, **{"stations.spray_booth.guns_per_side": 12})
    assert more_guns.speed_limits_m_per_min()["booth_capacity"] > limits["booth_capacity"]


def test_wetter_booth_wetter_deposit_and_better_transfer(base):
    dry = simulate(scenario_at(base, {"stations.spray_booth.booth_relative_humidity_pct": 5.0}),
                   hours=2.0)
    wet = simulate(scenario_at(base, {"stations.spray_booth.booth_relative_humidity_pct": 50.0}),
                   hours=2.0)
    assert wet.kpis["mean_transfer_efficiency"] > dry.kpis["mean_transfer_efficiency"]
    assert wet.kpis["mean_water_ppm"] > dry.kpis["mean_water_ppm"]
    assert wet.segments["water_ppm"].mean() > 1.5 * dry.segments["water_ppm"].mean()


def test_segments_carry_the_deposit_composition(base):
    run = simulate(base, hours=2.0)
    seg = run.segments
    total = seg[["deposit_active_fraction", "deposit_conductive_fraction",
                 "deposit_binder_fraction"]].sum(axis=1)
    assert total.to_numpy() == pytest.approx(1.0)
    # the binder-poor first deposit recovers as the recycled overspray enriches the feeder
    assert seg["deposit_binder_fraction"].iloc[-1] > seg["deposit_binder_fraction"].iloc[0]
    assert "composition_out_of_spec" in run.kpis["scrap_by_cause"]


def test_composition_out_of_spec_is_scrap(base):
    tight = scenario_at(base, {"stations.spray_booth.overspray_recovery_fraction": 0.0,
                               "materials.binder.d50_um": 1.5})
    run = simulate(tight, hours=1.0)
    assert run.kpis["scrap_by_cause"]["composition_out_of_spec"] > 0.0
