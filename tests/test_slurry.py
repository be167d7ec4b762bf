"""Slurry reference route: solvent load, dryer balance, recovery (literature ranges of whole
runs: test_energy_accounting)."""

from __future__ import annotations

import numpy as np
import pytest

from process_models import energy as en
from process_models import slurry as sl

NMP = sl.SOLVENTS["NMP"]
WATER = sl.SOLVENTS["water"]


def test_latent_heats_against_reference_values() -> None:
    # NMP 56.4 kJ/mol at 25 °C (Solomonov 2021); water 2441.7 kJ/kg at 25 °C, 2256.5 at 100 °C
    assert sl.latent_heat_j_per_kg(NMP, 25.0) == pytest.approx(56.4e3 / 0.09913, rel=1e-9)
    assert sl.latent_heat_j_per_kg(WATER, 100.0) == pytest.approx(2256.5e3, rel=0.02)
    assert 500e3 < sl.latent_heat_j_per_kg(NMP, 100.0) < 560e3


def test_solvent_mass_from_solids_content() -> None:
    assert sl.solvent_mass_per_m2_kg(0.25, 0.70) == pytest.approx(0.25 * 0.3 / 0.7)
    assert sl.solvent_mass_per_m2_kg(0.25, 0.5) == pytest.approx(0.25)


@pytest.mark.parametrize("phi", [0.0, 1.0, -0.2, 1.5])
def test_solids_content_outside_open_unit_interval_is_rejected(phi: float) -> None:
    with pytest.raises(ValueError, match="solids_mass_fraction"):
        sl.solvent_mass_per_m2_kg(0.25, phi)
    with pytest.raises(ValueError, match="solids_mass_fraction"):
        sl.slurry_mixing_energy_kwh(60.0, 0.0, 10.0, phi, en.MixerParameters(1000.0, 100.0))


@pytest.mark.parametrize("eta", [-0.5, 0.0, 1.01])
def test_dryer_efficiency_outside_zero_one_is_rejected(eta: float) -> None:
    with pytest.raises(ValueError, match="heater_efficiency"):
        sl.DryerParameters(heater_efficiency=eta)


def test_unknown_solvent_is_rejected() -> None:
    with pytest.raises(KeyError, match="unknown solvent"):
        sl.solvent("acetone")


def test_exhaust_air_keeps_vapour_at_the_lel_fraction() -> None:
    params = sl.DryerParameters(lel_fraction=0.25)
    air_per_kg = sl.exhaust_air_per_kg_solvent(NMP, params)
    moles_air = air_per_kg / sl.AIR_MOLAR_MASS_KG_PER_MOL
    moles_nmp = 1.0 / NMP.molar_mass_kg_per_mol
    assert moles_nmp / (moles_nmp + moles_air) == pytest.approx(0.25 * 0.013, rel=1e-12)
    assert 85.0 < air_per_kg < 95.0
    # a tighter limit needs more air
    assert sl.exhaust_air_per_kg_solvent(NMP, sl.DryerParameters(lel_fraction=0.1)) > air_per_kg


def _dryer_kwh_per_kg(props: sl.Solvent, phi: float, params: sl.DryerParameters) -> float:
    solvent_kg = float(sl.solvent_mass_per_m2_kg(0.25, phi)) * 3600.0
    rate = solvent_kg / 3600.0
    out = sl.dryer_energy_kwh(3600.0, 0.0, solvent_kg, 0.29 * 3600.0, 22.0, rate, props, params)
    return float(sum(out.values())) / solvent_kg


def test_drying_energy_per_m2_rises_as_solids_content_falls() -> None:
    params = sl.DryerParameters()
    per_m2 = []
    for phi in (0.75, 0.65, 0.55):
        kg = float(sl.solvent_mass_per_m2_kg(0.25, phi)) * 3600.0
        out = sl.dryer_energy_kwh(3600.0, 0.0, kg, 0.29 * 3600.0, 22.0, kg / 3600.0, NMP, params)
        per_m2.append(float(sum(out.values())))
    assert per_m2[0] < per_m2[1] < per_m2[2]


def test_nmp_costs_more_per_kg_solvent_than_water_despite_lower_latent_heat() -> None:
    """Susarla 2018: water needs far less drying energy per kg of solvent than NMP.

    Water's latent heat is four times NMP's, but NMP's 1.3 vol% LEL forces ≈90 kg of
    exhaust air per kg, whose heating dominates.
    """
    assert sl.latent_heat_j_per_kg(WATER, 80.0) > 4 * sl.latent_heat_j_per_kg(NMP, 80.0)
    nmp = _dryer_kwh_per_kg(NMP, 0.7, sl.DryerParameters())
    water = _dryer_kwh_per_kg(WATER, 0.7, sl.DryerParameters(air_temperature_c=100.0,
                                                              film_temperature_c=60.0))
    assert nmp > 1.5 * water


def test_dryer_heat_terms_sum_to_heat_carrier() -> None:
    params = sl.DryerParameters(heater_efficiency=0.8)
    air = sl.exhaust_air_kg(3600.0, 0.0, 100.0, 100.0 / 3600.0, NMP, params)
    terms = sl.dryer_heat_terms_j(100.0, 300.0, air, 3600.0, 22.0, NMP, params)
    out = sl.dryer_energy_kwh(3600.0, 0.0, 100.0, 300.0, 22.0, 100.0 / 3600.0, NMP, params)
    assert out["heat"] == pytest.approx(sum(terms.values()) / 0.8 / 3.6e6, rel=1e-12)
    assert terms["exhaust_air"] == max(terms.values())


def test_idle_dryer_still_burns_heat_and_runs_fans() -> None:
    out = sl.dryer_energy_kwh(0.0, 3600.0, 0.0, 0.0, 22.0, 0.2, NMP, sl.DryerParameters())
    assert out["heat"] > 0 and out["electricity"] > 0


def test_water_has_no_solvent_recovery_energy() -> None:
    out = sl.solvent_recovery_energy_kwh(3600.0, 0.0, 100.0, 22.0, 0.03, WATER,
                                         sl.DryerParameters(), sl.SolventRecoveryParameters())
    assert out["electricity"] == 0.0
    assert sl.recovered_solvent_kg(100.0, NMP, sl.SolventRecoveryParameters()) == 95.0


def test_coating_passes_flag_targets_above_cracking_limit() -> None:
    passes = sl.coating_passes_required([80e-6, 150e-6, 300e-6], 100e-6)
    np.testing.assert_array_equal(passes, [1, 2, 3])
    with pytest.raises(ValueError, match="critical_thickness_m"):
        sl.coating_passes_required(1e-4, 0.0)


def test_wet_film_thickness_hand_calculation() -> None:
    h = sl.wet_film_thickness_m(0.25, 0.7, 4000.0, NMP)
    assert h == pytest.approx(0.25 / 4000.0 + 0.25 * 0.3 / 0.7 / 1028.0)


def test_coating_passes_follow_from_the_binder_bridged_cracking_limit() -> None:
    # NMC811 d50 10.4 µm in NMP (h_max ≈ 206 µm dry), 4424 kg/m³ solids, 55 % porosity before
    # calendering: 15 and 26 mg/cm² per side (75 and 131 µm) and 40 mg/cm² (201 µm) coat in
    # one pass, 60 mg/cm² needs two; aqueous NMC811 (h_max ≈ 155 µm) needs two at 40
    from process_models import cracking as ck

    dry = np.array([15.0, 26.0, 40.0, 60.0]) * 0.01 / (4424.0 * 0.45)
    nmp = ck.cracking_limit_for_material_m("NMC811", 5.2e-6, "NMP")
    np.testing.assert_array_equal(sl.coating_passes_required(dry, nmp), [1, 1, 1, 2])
    water = ck.cracking_limit_for_material_m("NMC811", 5.2e-6, "water")
    np.testing.assert_array_equal(sl.coating_passes_required(dry, water), [1, 1, 2, 2])
    # without binder bridges (the particles' own modulus) nothing would ever need a second pass
    bare = ck.bare_particle_cracking_limit_m("NMC811", 5.2e-6, "NMP")
    assert int(sl.coating_passes_required(dry[-1], bare)) == 1
