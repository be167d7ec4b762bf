"""Process windows of the BF line: speed through contact time, binder costs, calender
control, a controlled fibrillator — units with tolerances and invariants through the line."""

from __future__ import annotations

import numpy as np
import pytest

from line_sim import load_scenario, simulate
from line_sim.engine.process_chain import process_chain
from line_sim.engine.speed_limits import max_speed_m_per_min, speed_limit_kpis
from line_sim.engine.web import porosity_kpis
from process_models import (
    calendering,
    fibrillation,
    first_cycle,
    lamination,
    nip_heating,
    particle_cracking,
)
from tests.conftest import BASELINE, SCENARIOS

ANODE = SCENARIOS / "bf_graphite_anode.toml"


# --------------------------------------------------------------------------- units


def test_slab_eigenvalues_and_coefficients_match_incropera_table_5_1():
    # Incropera et al. 2007, Table 5.1 (plane wall): Bi 0.1, 1, 10.
    zeta = nip_heating.slab_eigenvalues(np.array([0.1, 1.0, 10.0]), 1)[:, 0]
    assert zeta == pytest.approx([0.3111, 0.8603, 1.4289], abs=2e-4)
    c1 = 4 * np.sin(zeta) / (2 * zeta + np.sin(2 * zeta))
    assert c1 == pytest.approx([1.0161, 1.1191, 1.2620], abs=2e-4)


def test_slab_series_limits_and_one_term_agreement():
    # Fo → 0: the mid-plane has not moved; Fo large: it reaches the roll temperature.
    assert nip_heating.slab_temperature_ratio(1e-4, 1.0) == pytest.approx(1.0, abs=0.01)
    assert nip_heating.slab_temperature_ratio(20.0, 1.0) == pytest.approx(0.0, abs=1e-6)
    # Fo > 0.2: the first term alone (Incropera Eq. 5.43a) is within 2 % of ΔT.
    fo, bi = 0.5, 1.0
    one_term = 1.1191 * np.exp(-0.8603 ** 2 * fo)
    assert nip_heating.slab_temperature_ratio(fo, bi) == pytest.approx(one_term, abs=0.02)
    # the mean lies between the mid-plane and the (roll-side) face
    assert nip_heating.slab_mean_temperature_ratio(fo, bi) < nip_heating.slab_temperature_ratio(fo, bi)


def test_shorter_dwell_leaves_a_colder_interface_and_less_healing():
    dwell = np.array([0.1, 0.03, 0.01, 0.003])
    t = nip_heating.nip_exit_temperatures_c(150.0, 22.0, 80e-6, dwell, 4300.0, 0.3)
    assert np.all(np.diff(t.mid_plane_c) < 0) and np.all(t.mid_plane_c > 22.0)
    healing = []
    for d in dwell:
        times, temps = nip_heating.mid_plane_history_c(150.0, 22.0, 80e-6, d, 4300.0, 0.3)
        healing.append(lamination.healing_degree(times, temps, 127.0)[0])
    assert np.all(np.diff(healing) < 0)


def test_isothermal_healing_reduces_to_wool_quarter_power():
    times = np.linspace(0.0, 0.01, 50)
    temps = np.full_like(times, 127.0)
    h = lamination.healing_degree(times, temps, 127.0)
    t_r = lamination.LaminationParameters().reference_healing_time_s
    assert h == pytest.approx((0.01 / t_r) ** 0.25, rel=1e-6)


def test_binder_shifts_compaction_up_with_ptfe():
    w = np.array([0.005, 0.02, 0.03, 0.05])
    agg = fibrillation.agglomerated_binder_fraction(w)
    shift = calendering.binder_min_porosity_shift(w, agg)
    assert shift[1] == pytest.approx(0.0, abs=1e-12)
    assert np.all(np.diff(shift) > 0)
    assert np.all(np.diff(calendering.binder_resistance_factor(w)) > 0)


def test_gap_and_areal_load_porosity():
    rho, gap = 4300.0, 0.26 / (4300.0 * 0.7)
    eps = calendering.porosity_in_gap(np.array([0.26 * 0.97, 0.26, 0.26 * 1.03]), rho, gap, 0.2)
    assert eps[1] == pytest.approx(0.30, abs=1e-12)
    assert eps[0] > eps[1] > eps[2]
    heavy = calendering.porosity_at_areal_load(900.0, 0.30, 0.26, 0.2, 300.0)
    light = calendering.porosity_at_areal_load(900.0, 0.22, 0.26, 0.2, 300.0)
    assert light < calendering.porosity_at_line_load(900.0, 0.2, 300.0) < heavy


def test_particle_cracking_threshold_and_agglomerates():
    p = particle_cracking.ParticleCrackingParameters()
    below = p.threshold_for("spherical_secondary") - 1.0
    assert particle_cracking.cracked_particle_fraction(below, "spherical_secondary") == 0.0
    f = particle_cracking.cracked_particle_fraction(np.array([40, 50, 70, 100.0]), "spherical_secondary")
    assert np.all(np.diff(f) > 0) and f[-1] < 1.0
    assert particle_cracking.effective_contact_pressure_mpa(30.0, 0.01) == pytest.approx(30.0 * 1.3)
    assert particle_cracking.cracked_particle_fraction(100.0, "platelet") == 0.0


def test_first_cycle_efficiency_against_seed_points():
    """Seed review (anode section): Lee et al. [94] dry graphite ICE 85.1 % → 92.4 % with a
    PVP co-binder (PTFE content not given; modelled at 4 wt%, DOF 0.8)."""
    ice = first_cycle.first_cycle_efficiency(0.04, 0.8, 0.95, 344.0)
    assert ice == pytest.approx(0.851, abs=0.005)
    pvp = first_cycle.first_cycle_efficiency(0.04, 0.8, 0.95, 344.0, "pvp_cobinder")
    assert pvp == pytest.approx(0.924, abs=0.005)
    w = np.array([0.005, 0.02, 0.04, 0.05])
    assert np.all(np.diff(first_cycle.first_cycle_efficiency(w, 0.8, 0.95, 344.0)) < 0)
    assert first_cycle.ptfe_full_reduction_capacity_mah_per_g() == pytest.approx(1072, rel=1e-3)


def test_controlled_fibrillator_energy_balance():
    # 0.16 kg/s, 800 J/(kg·K): 128 W/K; 20 kW hold 35 °C from down to ≈ −121 K below it
    t = fibrillation.controlled_shear_zone_temperature_c(np.array([25.0, 0.0, -200.0]), 35.0,
                                                         20.0, 0.16, 800.0)
    assert t[:2] == pytest.approx([35.0, 35.0])
    assert t[2] == pytest.approx(-200.0 + 20e3 / 128.0)


def test_max_speed_search():
    assert max_speed_m_per_min(lambda v: v <= 42.0) == pytest.approx(42.0, rel=1e-6)
    assert max_speed_m_per_min(lambda v: v > 0) == float("inf")


# --------------------------------------------------------------------------- through the line


@pytest.fixture(scope="module")
def fast_fibrillator():
    return {"stations.fibrillator.max_rate_kg_per_h": 3000.0}


def test_faster_line_colder_nip_lower_adhesion_and_named_limit(fast_fibrillator):
    adhesion, nip = [], []
    for v in (10.0, 40.0, 80.0):
        scenario = load_scenario(BASELINE, {"line.speed_m_per_min": v, **fast_fibrillator})
        result = simulate(scenario, hours=4)
        kpis = speed_limit_kpis(scenario, process_chain(scenario), result.intervals)
        nip.append(kpis["nip_temperature_c"]["laminator"])
        adhesion.append(float(result.segments["adhesion_kpa"].mean()))
    assert np.all(np.diff(nip) < 0) and np.all(np.diff(adhesion) < 0)
    # past the limit, the named mechanism: a laminator without preheat fails on adhesion
    cold = load_scenario(BASELINE, {"stations.laminator.preheat_temperature_c": None,
                                    "line.speed_m_per_min": 60.0, **fast_fibrillator})
    result = simulate(cold, hours=4)
    kpis = speed_limit_kpis(cold, process_chain(cold), result.intervals)
    assert kpis["speed_limit_mechanism"] == "nip_adhesion"
    assert kpis["speed_limit_m_per_min"] < 60.0
    assert result.kpis["scrap_by_cause"]["delamination"] > 0.5 * result.kpis["produced_length_m"]


def test_baseline_limit_is_the_fibrillator(baseline_day, baseline):
    kpis = speed_limit_kpis(baseline, process_chain(baseline), baseline_day.intervals)
    assert kpis["speed_limit_mechanism"] == "fibrillator_capacity"
    assert kpis["speed_limit_m_per_min"] == pytest.approx(36.3, abs=0.5)
    assert set(kpis["nip_temperature_c"]) == {"calender", "laminator"}


def test_slurry_limit_names_a_drying_mechanism():
    scenario = load_scenario(SCENARIOS / "slurry_nmc811_reference.toml")
    result = simulate(scenario, hours=2)
    kpis = speed_limit_kpis(scenario, process_chain(scenario), result.intervals)
    assert kpis["speed_limit_mechanism"] in {"drying_flux", "binder_migration"}
    assert kpis["speed_limit_m_per_min"] == pytest.approx(min(
        result.kpis["max_dryable_speed_m_per_min"],
        result.kpis["max_migration_free_speed_m_per_min"]), rel=1e-9)


def test_break_hazard_rises_with_speed(baseline):
    chain = process_chain(baseline)
    rates = chain.break_rate_at(22.0, np.array([10.0, 40.0, 80.0]) / 60.0)
    assert np.all(np.diff(rates) > 0)


def test_more_ptfe_costs_as_well_as_helps():
    rows = []
    for w in (0.005, 0.02, 0.05):
        chain = process_chain(load_scenario(BASELINE, {"materials.binder.mass_fraction": w}))
        rows.append((float(chain.film_state(22.0).tensile_strength_mpa), chain.porosity,
                     chain.cracked_particle_fraction()))
    strength, porosity, cracked = np.array(rows).T
    assert np.all(np.diff(strength) > 0)
    assert np.all(np.diff(porosity) > 0)          # higher minimum porosity at fixed load
    assert cracked[0] == cracked[1] == 0.0 and cracked[2] > 0.05
    # above the threshold, cracking rises with the line load
    loads = [process_chain(load_scenario(BASELINE, {"materials.binder.mass_fraction": 0.04,
                                                    "stations.calender.line_load_n_per_mm": q})
                           ).cracked_particle_fraction() for q in (900.0, 1500.0)]
    assert loads[1] > loads[0]


def test_more_ptfe_lowers_thick_cathode_utilisation_and_anode_efficiency():
    util = []
    for w in (0.02, 0.05):
        result = simulate(load_scenario(BASELINE, {"materials.binder.mass_fraction": w,
                                                   "quality.loading_mg_per_cm2": 35.0}), hours=2)
        util.append(result.kpis["utilisation_1c"])
    assert util[1] < util[0]
    ice = [process_chain(load_scenario(ANODE, {"materials.binder.mass_fraction": w})
                         ).first_cycle_efficiency() for w in (0.005, 0.02, 0.04, 0.05)]
    assert np.all(np.diff(ice) < 0)
    mitigated = process_chain(load_scenario(ANODE, {"materials.binder.lithiation_mitigation":
                                                    "peo_coating"})).first_cycle_efficiency()
    assert mitigated > ice[2] + 0.05


def test_anode_first_cycle_loss_reaches_the_cell():
    plain = simulate(load_scenario(ANODE), hours=2).kpis
    coated = simulate(load_scenario(ANODE, {"materials.binder.lithiation_mitigation":
                                            "peo_coating"}), hours=2).kpis
    assert plain["first_cycle_efficiency"] < coated["first_cycle_efficiency"]
    assert plain["areal_capacity_mah_per_cm2"] < coated["areal_capacity_mah_per_cm2"]


def test_gap_control_moves_porosity_line_load_control_moves_thickness():
    out = {}
    for control in ("line_load", "gap"):
        for cv in (0.008, 0.02):
            result = simulate(load_scenario(BASELINE, {"simulation.feed_cv": cv,
                                                       "stations.calender.control": control}),
                              hours=3)
            out[control, cv] = porosity_kpis(result.segments)
    assert out["gap", 0.02]["porosity_cv"] > 2.0 * out["gap", 0.008]["porosity_cv"]
    assert out["gap", 0.02]["thickness_cv"] < 1e-3
    assert out["line_load", 0.02]["thickness_cv"] > 2.0 * out["line_load", 0.008]["thickness_cv"]
    assert out["line_load", 0.02]["porosity_cv"] < out["gap", 0.02]["porosity_cv"]


def test_cold_hall_controlled_fibrillator_keeps_dof_until_capacity():
    def dof(hall: float, **ov: float) -> float:
        chain = process_chain(load_scenario(BASELINE, {"environment.temperature_c": hall,
                                                       **{f"stations.fibrillator.{k}": v
                                                          for k, v in ov.items()}}))
        return float(chain.film_state(hall).dof)

    warm = dof(22.0, temperature_setpoint_c=35.0)
    assert dof(5.0, temperature_setpoint_c=35.0) == pytest.approx(warm, abs=1e-12)
    assert dof(5.0) < 0.7 * dof(22.0)                        # uncontrolled: de-fibrillates
    # a 3 kW jacket cannot lift 580 kg/h from −5 °C to 35 °C: it drifts
    assert dof(-5.0, temperature_setpoint_c=35.0, temperature_control_capacity_kw=3.0) < warm


def test_roll_speed_ratio_adds_fibrillation_in_a_cold_hall():
    plain = process_chain(load_scenario(BASELINE, {"environment.temperature_c": 12.0}))
    sheared = process_chain(load_scenario(BASELINE, {"environment.temperature_c": 12.0,
                                                     "stations.calender.roll_speed_ratio": 2.0}))
    assert float(sheared.film_state(12.0).dof) > float(plain.film_state(12.0).dof)
