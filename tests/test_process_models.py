"""Unit tests of the first process models, with explicit tolerances."""

from __future__ import annotations

import numpy as np
import pytest

from process_models import calendering, environment, fibrillation, lamination, mixing, variability
from process_models.materials import active_material, binder, solid_density_kg_per_m3

PTFE = binder("PTFE")
NMC = active_material("NMC811")


def test_magnus_saturation_pressure_against_tables():
    # Tabulated saturation pressure over water: 2339 Pa at 20 °C, 611.2 Pa at 0 °C (WMO).
    assert environment.saturation_vapour_pressure_pa(20.0) == pytest.approx(2339, rel=0.003)
    assert environment.saturation_vapour_pressure_pa(0.0) == pytest.approx(611.2, rel=0.001)


def test_dew_point_round_trip_and_dry_room():
    dp = environment.dew_point_c(22.0, 1.0)
    assert environment.relative_humidity_from_dew_point_pct(22.0, dp) == pytest.approx(1.0, rel=1e-9)
    # A −40 °C dew point at 22 °C is ≈0.5 % RH; it holds ≈126 ppm water by volume (Yersak 2022).
    rh = environment.relative_humidity_from_dew_point_pct(22.0, -40.0)
    assert rh == pytest.approx(0.5, abs=0.05)
    ppmv = environment.saturation_vapour_pressure_pa(-40.0) / environment.STANDARD_PRESSURE_PA * 1e6
    assert ppmv == pytest.approx(126, rel=0.05)


def test_moisture_uptake_rises_with_rh_time_and_fineness():
    s_coarse = environment.specific_surface_m2_per_kg(10.0, 4700, 3.0)
    s_fine = environment.specific_surface_m2_per_kg(4.0, 4700, 3.0)
    assert s_fine / s_coarse == pytest.approx(2.5)
    rh = np.array([0.5, 1, 2, 5, 10, 30])
    w = environment.moisture_uptake_kg_per_kg(3600.0, 22.0, rh, s_coarse)
    assert np.all(np.diff(w) > 0)
    times = np.array([0, 600, 3600, 4 * 3600, 24 * 3600])
    w_t = environment.moisture_uptake_kg_per_kg(times, 22.0, 5.0, s_coarse)
    assert w_t[0] == 0.0 and np.all(np.diff(w_t) > 0)
    assert environment.moisture_uptake_kg_per_kg(3600.0, 22.0, 5.0, s_fine) > w[3]


def test_capacity_loss_is_stoichiometric():
    """Regression guard of the stoichiometry (the expected value restates the equation)."""
    # 1000 ppm water, half of it reacting, 1 Li per H2O: 0.5e-3/0.018015 mol/kg × 26.8 Ah/mol
    loss = environment.moisture_capacity_loss_fraction(1e-3, NMC)
    expected = 0.5 * 1e-3 / 0.018015 * 96485.332 / 3.6 / 1000 / 195.0
    assert loss == pytest.approx(expected, rel=1e-9)


def test_h2s_flag_calibration_point():
    """The one measured point the H2S dose coefficient is calibrated on (Yersak 2022)."""
    frost_point_rh = environment.relative_humidity_from_dew_point_pct(22.0, -40.0)
    release = environment.sulfide_h2s_release_cm3_per_g(1800.0, 22.0, frost_point_rh)
    assert release == pytest.approx(0.1, rel=0.02)
    assert environment.sulfide_h2s_risk(1800.0, 22.0, 5.0)


def test_cohesion_rises_with_rh_and_fines():
    rh = np.array([1, 10, 30, 50, 80])
    force = mixing.cohesive_force_n(22.0, rh)
    assert np.all(np.diff(force) >= 0) and force[-1] > 1.5 * force[0]
    bo = mixing.granular_bond_number(np.array([4.0, 10.0, 20.0]), 4700, 22.0, 5.0)
    assert bo[0] / bo[1] == pytest.approx((10 / 4) ** 3, rel=1e-9)
    assert np.all(np.diff(bo) < 0)


def test_blend_cv_falls_with_energy_and_rises_with_cohesion():
    energy = np.array([1, 5, 20, 80])
    cv = mixing.blend_homogeneity_cv(energy, 100.0)
    assert np.all(np.diff(cv) < 0)
    assert cv[-1] == pytest.approx(mixing.MixingParameters().final_cv, abs=1e-4)
    assert mixing.blend_homogeneity_cv(20.0, 1000.0) > mixing.blend_homogeneity_cv(20.0, 100.0)


def test_ptfe_temperature_factor_follows_the_transitions():
    t = np.array([10, 18, 19, 22, 25, 28, 30, 35])
    f = fibrillation.temperature_factor(t, PTFE)
    cold = fibrillation.FibrillationParameters().cold_factor
    assert f[0] == pytest.approx(cold) and f[2] == pytest.approx(cold)
    assert f[-2] == pytest.approx(1.0) and f[-1] == pytest.approx(1.0)
    assert np.all(np.diff(f) >= 0)
    assert np.all(fibrillation.temperature_factor(t, binder("PVDF")) == 0)


def test_fibrillation_saturates_near_12_min_kneading():
    """Graphite/PTFE dough: DOF levels off at ≈12 min (UNIST); tolerance ±2 min.

    E0 is calibrated on this point, so the test guards the calibration (morphology and size
    factors included) rather than validating it independently.
    """
    graphite = active_material("graphite")
    minutes = np.linspace(0, 30, 301)
    energy = fibrillation.kneading_energy_kj_per_kg(minutes * 60, 33.3)
    dof = fibrillation.degree_of_fibrillation(energy, 35.0, graphite.d50_um, graphite.morphology, PTFE)
    peak_min = minutes[np.argmax(dof)]
    assert peak_min == pytest.approx(12.0, abs=2.0)
    assert dof[np.searchsorted(minutes, 12.0)] > 0.9 * dof.max()


def test_strength_has_an_optimum_in_energy():
    energy = np.linspace(0, 80, 161)
    dof = fibrillation.degree_of_fibrillation(energy, 25.0, 10.0, "spherical_secondary", PTFE)
    strength = fibrillation.film_tensile_strength_mpa(dof, 0.02)
    best = np.argmax(strength)
    assert 0 < best < len(energy) - 1
    assert strength[-1] < 0.7 * strength[best]


def test_fines_and_platelets_slow_fibrillation():
    e0 = fibrillation.fibrillation_energy_scale_kj_per_kg
    assert e0(4.0, "spherical_secondary") > e0(10.0, "spherical_secondary")
    assert e0(10.0, "platelet") > e0(10.0, "spherical_secondary")


def test_two_wt_percent_threshold():
    """Above ≈2 wt% PTFE, extra binder agglomerates (J. Mater. Chem. A 2025)."""
    w = np.array([0.005, 0.01, 0.02, 0.03, 0.04])
    agglomerated = fibrillation.agglomerated_binder_fraction(w)
    assert np.all(agglomerated[:3] == 0) and np.all(agglomerated[3:] > 0)
    slope_below = np.diff(fibrillation.fibrillating_binder_fraction(w[:3])) / np.diff(w[:3])
    slope_above = np.diff(fibrillation.fibrillating_binder_fraction(w[2:])) / np.diff(w[2:])
    assert np.allclose(slope_below, 1.0) and np.all(slope_above < 0.5)
    strength = fibrillation.film_tensile_strength_mpa(0.8, w)
    assert np.all(np.diff(strength) > 0)  # still rises, but more slowly past the threshold


def test_meyer_exponential_form():
    q = np.array([0, 200, 500, 1000, 3000])
    eps = calendering.porosity_at_line_load(q, 0.2, 800.0)
    p = calendering.CalenderingParameters()
    assert eps[0] == pytest.approx(p.initial_porosity)
    # ln((ε − ε_min)/(ε0 − ε_min)) is linear in q with slope −1/γ_c
    slope = np.diff(np.log((eps - 0.2) / (p.initial_porosity - 0.2))) / np.diff(q)
    assert np.allclose(slope, -1 / 800.0, rtol=1e-9)


def test_porosity_falls_with_roll_temperature_and_broad_psd():
    gamma = calendering.compaction_resistance_n_per_mm(900.0, 10.0, np.array([25, 60, 100]))
    assert np.all(np.diff(gamma) < 0)
    assert calendering.minimum_porosity(0.2, 2.0) < calendering.minimum_porosity(0.2, 1.0)


def test_thickness_and_springback():
    rho = solid_density_kg_per_m3((0.96, 0.02, 0.02), (4700, 1900, 2200))
    assert rho == pytest.approx(1 / (0.96 / 4700 + 0.02 / 1900 + 0.02 / 2200), rel=1e-12)
    h = calendering.thickness_m(0.26, rho, 0.3)
    assert h == pytest.approx(0.26 / (rho * 0.7))
    eps = calendering.porosity_after_springback(0.28, 0.04)
    assert (1 - eps) * 1.04 == pytest.approx(0.72)


def test_web_break_rate_weakest_link_scaling():
    p = calendering.WebFailureParameters()
    base = calendering.web_break_rate_per_m(p.reference_stress_ratio, 1.0, p)
    assert base == pytest.approx(p.break_rate_per_km_at_reference / 1000)
    assert calendering.web_break_rate_per_m(p.reference_stress_ratio, 0.5, p) == pytest.approx(
        base * 2 ** p.weibull_modulus)


def test_adhesion_rises_with_temperature_and_pressure_capped_by_cohesion():
    temps = np.array([80, 120, 150, 180])
    adh = lamination.adhesion_strength_kpa(temps, 200.0, 0.5, 127.0)
    assert np.all(np.diff(adh) >= 0)
    assert lamination.adhesion_strength_kpa(150, 400, 0.5, 127.0) > lamination.adhesion_strength_kpa(
        150, 50, 0.5, 127.0)
    capped = lamination.adhesion_strength_kpa(180, 200, 0.5, 127.0, film_tensile_strength_mpa=0.1)
    assert capped == pytest.approx(0.3 * 100.0)


def test_ar1_is_unit_variance_and_correlated():
    rng = np.random.default_rng(0)
    x = variability.ar1_along_web(rng.standard_normal(200_000), 1.0, 20.0)
    assert x.std() == pytest.approx(1.0, abs=0.03)
    lag1 = np.corrcoef(x[:-1], x[1:])[0, 1]
    assert lag1 == pytest.approx(np.exp(-1 / 20), abs=0.01)
    assert variability.combined_cv(0.03, 0.04) == pytest.approx(0.05)


def test_agglomerated_ptfe_raises_tortuosity_only_above_the_threshold():
    factor = fibrillation.agglomerate_tortuosity_factor(np.array([0.01, 0.02, 0.03, 0.04]))
    assert factor[0] == factor[1] == 1.0
    assert 1.0 < factor[2] < factor[3]


def test_two_stage_fibrillation_reduces_to_one_stage_and_counts_gap_shear():
    e, t = np.array([5.0, 20.0, 60.0]), np.array([15.0, 25.0, 35.0])
    one = fibrillation.degree_of_fibrillation(e, t, 10.0, "spherical_secondary", PTFE)
    two = fibrillation.degree_of_fibrillation_two_stages(e, t, 0.0, 60.0, 10.0,
                                                         "spherical_secondary", PTFE)
    assert two == pytest.approx(one, abs=1e-15)
    # a cold fibrillator under-fibrillates; shear in a warm calender gap makes it up
    cold = fibrillation.degree_of_fibrillation(20.0, 12.0, 10.0, "spherical_secondary", PTFE)
    gap = fibrillation.degree_of_fibrillation_two_stages(20.0, 12.0, 12.0, 55.0, 10.0,
                                                         "spherical_secondary", PTFE)
    assert gap > cold + 0.1


def test_blocked_pores_and_dynamic_tension():
    f = fibrillation.blocked_pore_tortuosity_factor(np.array([0.01, 0.02, 0.04]), 0.3, 4300.0, 2200.0)
    assert f[0] == f[1] == 1.0 and f[2] > 1.1
    t = calendering.peak_tension_n_per_m(10.0, np.array([0.0, 1.0]))
    assert t[0] == 10.0 and t[1] == pytest.approx(10.0 * (1 + 0.25), rel=1e-12)
