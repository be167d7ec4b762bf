"""Slurry cracking limit (seed Eq. 1) of a particle network bonded through binder bridges."""

from __future__ import annotations

import numpy as np
import pytest

from process_models import cracking as ck


def test_hand_value_of_equation_1():
    # G = 1 GPa, R = 1 µm, γ = 0.05 N/m, M = 6, φ = 0.64
    h = ck.critical_cracking_thickness_m(1e9, 1e-6, 0.05)
    expected = 0.41 * np.sqrt(1e9 * 6 * 0.64 * 1e-18 / 0.1)
    assert float(h) == pytest.approx(expected, rel=1e-12)


def test_scaling_with_radius_and_surface_tension():
    radius = np.array([1e-7, 1e-6, 1e-5])
    h = ck.cracking_limit_for_material_m("LFP", radius, "NMP")
    np.testing.assert_allclose(h[1:] / h[:-1], 10**1.5, rtol=1e-12)
    water = ck.cracking_limit_for_material_m("LFP", 1e-6, "water")
    nmp = ck.cracking_limit_for_material_m("LFP", 1e-6, "NMP")
    assert float(water / nmp) == pytest.approx(np.sqrt(0.0407 / 0.07197), rel=1e-9)


def test_nano_lfp_from_water_is_limited_where_dry_is_not():
    # bonded through binder bridges, 50 nm primary particles crack below a micrometre; real
    # nano-LFP is cast as micrometre agglomerates, whose radius is the one Eq. 1 needs
    h_max = ck.cracking_limit_for_material_m("LFP", 50e-9, "water")
    assert 1e-8 < float(h_max) < 1e-6
    assert bool(ck.only_dry_reaches(100e-6, h_max))
    assert not bool(ck.only_dry_reaches(100e-6, ck.cracking_limit_for_material_m("NMC811", 5e-6)))


def test_unknown_names_are_listed():
    with pytest.raises(KeyError, match="known"):
        ck.cracking_limit_for_material_m("NMC811", 5e-6, "acetone")
    with pytest.raises(KeyError, match="known"):
        ck.cracking_limit_for_material_m("unobtainium", 5e-6)


# ----------------------------------------------------------------------------- binder bridges
NMC811_RADIUS_M = 5.2e-6  # d50 10.4 µm, scenarios/slurry_nmc811_reference.toml
SOLID_DENSITY_KG_PER_M3 = 4424.0  # NMC811 96 %, carbon black 2 %, PVDF 2 %
UNCALENDERED_POROSITY = 0.55  # calendering.initial_porosity


def _dry_thickness_m(loading_mg_per_cm2: float) -> float:
    return loading_mg_per_cm2 * 0.01 / (SOLID_DENSITY_KG_PER_M3 * (1.0 - UNCALENDERED_POROSITY))


def test_series_bridge_and_particle_take_the_softer_modulus():
    g = ck.effective_network_shear_modulus_pa([75e9, 4.5e9, 1e6], 3.8e7)
    assert np.all(g < np.minimum([75e9, 4.5e9, 1e6], 3.8e7) + 1e-9)
    assert g[0] == pytest.approx(3.8e7, rel=1e-3)
    assert g[2] == pytest.approx(1e6, rel=0.03)


def test_critical_thickness_rises_with_bridge_modulus_and_particle_radius():
    moduli = np.array([1e7, 3.8e7, 1e8, 1e9])
    h = ck.critical_cracking_thickness_m(ck.effective_network_shear_modulus_pa(75e9, moduli),
                                         5e-6, 0.0407)
    assert np.all(np.diff(h) > 0)
    soft, stiff = (ck.BinderBridgeParameters(nmp_bridge_shear_modulus_pa=g) for g in (1e7, 1e8))
    assert (ck.cracking_limit_for_material_m("NMC811", 5e-6, "NMP", bridges=soft)
            < ck.cracking_limit_for_material_m("NMC811", 5e-6, "NMP", bridges=stiff))
    radii = np.array([1e-6, 3e-6, 5e-6, 10e-6])
    assert np.all(np.diff(ck.cracking_limit_for_material_m("NMC811", radii, "NMP")) > 0)


def test_kumberg_aqueous_graphite_calibration_guard():
    # calibration guard, Kumberg et al., Energy Technol. 7 (2019) 1900722: aqueous graphite
    # (CMC/SBR, water) critical dry thickness ~350 µm at 15 g/(m²·s), the high-rate end of
    # 350–430 µm at 6–15 g/(m²·s); d50 18 µm is our assumption
    cal = ck.KUMBERG_GRAPHITE_CALIBRATION
    h = ck.cracking_limit_for_material_m(cal.material, cal.particle_radius_m, cal.solvent)
    assert float(h) == pytest.approx(cal.critical_dry_thickness_m, rel=0.01)
    fitted = ck.bridge_shear_modulus_from_critical_thickness_pa(
        cal.critical_dry_thickness_m, cal.particle_radius_m,
        ck.SOLVENT_SURFACE_TENSION_N_PER_M["water"], ck.PARTICLE_SHEAR_MODULUS_PA["graphite"])
    assert float(fitted) == pytest.approx(ck.DEFAULT_BRIDGES.aqueous_bridge_shear_modulus_pa,
                                          rel=0.01)
    # the limit is the high-rate one: Kumberg's films stayed crack-free up to 512 µm dry at
    # ≤ 3 g/(m²·s), which this elastic, rate-free model does not reproduce
    assert float(h) < 512e-6


def test_bare_particles_never_crack_bonded_slurry_films_do():
    # the seed's Eq. 1 with NMC's own modulus gives ~9 mm for 10 µm NMC in NMP: no limit
    bare = float(ck.bare_particle_cracking_limit_m("NMC811", NMC811_RADIUS_M, "NMP"))
    assert 8e-3 < bare < 10e-3
    bonded = float(ck.cracking_limit_for_material_m("NMC811", NMC811_RADIUS_M, "NMP"))
    assert bonded == pytest.approx(bare / np.sqrt(75e9 / 3.8e7), rel=0.01)


def test_nmc811_nmp_limit_at_reference_and_thick_loadings():
    # 10.4 µm NMC811 / PVDF / NMP: h_max ≈ 206 µm dry; 26 mg/cm² per side (131 µm before
    # calendering) coats in one pass, 40 mg/cm² (201 µm) just does
    h_max = float(ck.cracking_limit_for_material_m("NMC811", NMC811_RADIUS_M, "NMP"))
    assert h_max == pytest.approx(206e-6, rel=0.02)
    assert _dry_thickness_m(26.0) < 0.7 * h_max
    assert _dry_thickness_m(40.0) < h_max < 1.1 * _dry_thickness_m(40.0)
    assert _dry_thickness_m(60.0) > h_max


def test_aqueous_nmc_cracks_earlier_plausibility_against_du_unverified():
    # plausibility only, UNVERIFIED: Du, Wood et al. (ORNL; J. Power Sources 354 (2017) 200
    # and an ECS abstract) report thick aqueous NMC cathodes cracking above ~11–12 mg/cm².
    # Water's surface tension lowers h_max by √(0.072/0.041) = 1.33; the model still puts
    # aqueous NMC811 (10.4 µm, CMC/SBR-calibrated bridges) at ~31 mg/cm², 2.6× Du's
    # value: their binder, particles and drying differ, and the bridge modulus of
    # cathode binders in water is not calibrated here.
    water = float(ck.cracking_limit_for_material_m("NMC811", NMC811_RADIUS_M, "water"))
    nmp = float(ck.cracking_limit_for_material_m("NMC811", NMC811_RADIUS_M, "NMP"))
    assert water < nmp
    loading_mg_per_cm2 = water * SOLID_DENSITY_KG_PER_M3 * (1.0 - UNCALENDERED_POROSITY) * 100.0
    assert 11.0 < loading_mg_per_cm2 < 3.0 * 12.0
