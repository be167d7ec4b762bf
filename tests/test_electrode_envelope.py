"""The rate model against the stored DFN envelope: error, calibration, speed.

tests/data/dfn_envelope.csv holds PyBaMM DFN solutions of cathode-limited cells (six
parameter sets, positive porosity nominal ±0.07, thickness 0.6–4× nominal, C/5–2C, plus two
Bruggeman-2.5 variants), written by benchmarks/dfn_envelope.py with every input the fast
model needs. tests/data/dfn_validation.csv holds 20 random designs per set inside the same
envelope (Latin hypercube, off the grid; benchmarks/dfn_envelope.py --random 20), which chose
between model variants and then joined the fit; tests/data/dfn_test.csv holds 30 more per
set from each of two seeds (--random 30 --test, 2027 and 2028), which no fit and no model
choice used: the quoted error. These
tests need no PyBaMM; the last ones re-solve designs when it is there.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import numpy as np
import pytest

from process_models import electrode as em
from process_models.electrode import rate_calibration
from process_models.electrode.dfn_reference import model_for_rows, model_for_table

TABLE = Path(__file__).parent / "data" / "dfn_envelope.csv"
VALIDATION_TABLE = TABLE.with_name("dfn_validation.csv")
TEST_TABLE = TABLE.with_name("dfn_test.csv")
MESH_TABLE = TABLE.with_name("dfn_mesh_convergence.csv")
SETS = ("Chen2020", "Ecker2015", "Prada2013", "Marquis2019", "NCA_Kim2011", "ORegan2022")
TEXT = ("parameter_set", "variant")


def load(path: Path = TABLE) -> dict[str, np.ndarray]:
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    return {k: np.array([r[k] if k in TEXT else float(r[k]) for r in rows]) for k in rows[0]}


@pytest.fixture(scope="module")
def table():
    columns = load()
    solved = np.isfinite(columns["dfn_utilisation"])
    columns = {k: v[solved] for k, v in columns.items()}
    return columns, model_for_table(columns)


def test_table_covers_the_envelope():
    columns = load()
    assert set(columns["parameter_set"].tolist()) == set(SETS)
    nominal = columns["variant"] == "nominal"
    assert sorted(set(columns["c_rate"].tolist())) == [0.2, 0.5, 1.0, 2.0]
    assert sorted(set(np.round(columns["porosity_shift"][nominal], 3).tolist())) == [
        -0.07, -0.035, 0.0, 0.035, 0.07]
    assert sorted(set(columns["thickness_scale"][nominal].tolist())) == [
        0.6, 1.0, 1.5, 2.0, 3.0, 4.0]
    assert nominal.sum() == len(SETS) * 5 * 6 * 4
    # every cell is cathode-limited: the anode holds more lithium than the cathode takes
    q_mol = columns["dfn_reference_capacity_mah_per_cm2"] * 36000.0 / em.FARADAY_C_PER_MOL
    lithium = (columns["negative_active_fraction"] * columns["negative_thickness_m"]
               * columns["negative_initial_concentration_mol_per_m3"])
    assert np.all(lithium / q_mol > 1.0)
    assert np.isnan(columns["dfn_utilisation"]).sum() <= 2      # DFN failures, stored as NaN


def test_every_table_was_solved_on_one_mesh_the_calibration_states():
    mesh = rate_calibration.REFERENCE_MESH
    for path in (TABLE, VALIDATION_TABLE, TEST_TABLE):
        columns = load(path)
        assert set(columns["dfn_electrode_mesh_points"].tolist()) == {mesh["electrode_points"]}
        assert set(columns["dfn_negative_particle_mesh_points"].tolist()) == {
            mesh["negative_particle_points"]}
    # PyBaMM's default of 20, four times that along the negative particle's radius
    assert (mesh["electrode_points"], mesh["negative_particle_points"]) == (20, 80)


def test_the_tables_mesh_is_converged_where_the_default_is_not():
    with MESH_TABLE.open() as handle:
        rows = list(csv.DictReader(handle))
    u = {name: np.array([float(r["dfn_utilisation"]) for r in rows if r["mesh"] == name])
         for name in ("default", "tables", "finest")}
    label = [(r["parameter_set"], float(r["thickness_scale"]), float(r["c_rate"]))
             for r in rows if r["mesh"] == "finest"]
    assert {s for s, _, _ in label} == set(SETS)
    tables_off = np.abs(u["tables"] - u["finest"])
    default_off = np.abs(u["default"] - u["finest"])
    # reached: 0.0095 (Ecker2015 at 4×, +0.035, 2C), mean 0.0012 over 84 rows; the model is
    # held to 0.10, so the reference's own mesh error is a tenth of that
    assert np.nanmax(tables_off) < 0.011 and np.nanmean(tables_off) < 0.002
    # the default mesh misses ORegan2022 at 1× and 2C by 0.18 (0.588 against 0.769)
    oregan = label.index(("ORegan2022", 1.0, 2.0))
    assert default_off[oregan] > 0.15 and tables_off[oregan] < 0.01
    stored = rate_calibration.REFERENCE_MESH["convergence"]
    assert stored["rows"] == len(label)
    assert stored["tables_against_finest"]["max_abs_difference"] == pytest.approx(
        np.nanmax(tables_off), abs=1e-4)
    assert stored["default_against_finest"]["max_abs_difference"] == pytest.approx(
        np.nanmax(default_off), abs=1e-4)


def test_error_against_the_dfn_over_the_envelope(table):
    columns, fast = table
    err = np.abs(fast - columns["dfn_utilisation"])
    # reached (physics + calibrated cliff warp): mean 0.013, largest 0.082 (Prada2013 at 3×,
    # porosity −0.07, C/2: 0.790 against 0.707); goal max < 0.10 reached on all 800 rows
    assert err.mean() < 0.014
    assert err.max() < 0.09
    assert (err > 0.10).sum() == 0
    # reached: 0.081, 0.041, 0.082, 0.076, 0.039, 0.081
    largest = {"Chen2020": 0.09, "Ecker2015": 0.05, "Prada2013": 0.09, "Marquis2019": 0.085,
               "NCA_Kim2011": 0.045, "ORegan2022": 0.09}
    for name in SETS:
        m = columns["parameter_set"] == name
        assert err[m].mean() < (0.03 if name in ("ORegan2022", "Marquis2019") else 0.015), name
        assert err[m].max() < largest[name], name
    # the plain penetration-depth estimate misses by far more
    plain = []
    for name in SETS:
        m = columns["parameter_set"] == name
        sub = {k: v[m] for k, v in columns.items()}
        rate = model_for_rows(sub)
        plain.append(np.max(np.abs(em.gallagher_utilisation(
            rate.penetration_depth_m, sub["positive_thickness_m"]) - sub["dfn_utilisation"])))
    assert max(plain) > 0.3


def test_error_on_the_random_designs_between_the_grid_points():
    columns = load(VALIDATION_TABLE)
    assert set(columns["parameter_set"].tolist()) == set(SETS)
    assert np.all(np.isfinite(columns["dfn_utilisation"]))
    assert len(columns["c_rate"]) == len(SETS) * 20 * 4
    # inside the envelope, and off the training grid
    assert np.all(np.abs(columns["porosity_shift"]) <= 0.07)
    assert np.all((columns["thickness_scale"] >= 0.6) & (columns["thickness_scale"] <= 4.0))
    grid = load()
    on_grid = {(s, round(t, 4), round(p, 4)) for s, t, p in zip(
        grid["parameter_set"], grid["thickness_scale"], grid["porosity_shift"], strict=True)}
    assert not any((s, round(t, 4), round(p, 4)) in on_grid for s, t, p in zip(
        columns["parameter_set"], columns["thickness_scale"], columns["porosity_shift"],
        strict=True))
    err = np.abs(model_for_table(columns) - columns["dfn_utilisation"])
    # reached: max 0.084, mean 0.013; none over 0.10 (this table chose between model
    # variants and is now part of the fit)
    assert err.mean() < 0.014 and err.max() < 0.09
    assert (err > 0.10).sum() == 0
    stored = rate_calibration.VALIDATION_ERRORS["physics_and_warp"]["all"]
    assert stored["rows"] == len(err)
    assert stored["max_abs_error"] == pytest.approx(err.max(), abs=2e-4)
    assert stored["mean_abs_error"] == pytest.approx(err.mean(), abs=2e-4)
    # the warp helps on these designs too
    physics = rate_calibration.VALIDATION_ERRORS["physics"]["all"]
    assert physics["mean_abs_error"] > stored["mean_abs_error"]


def test_error_on_the_test_designs_used_for_nothing_else():
    columns = load(TEST_TABLE)
    assert set(columns["parameter_set"].tolist()) == set(SETS)
    assert np.all(np.isfinite(columns["dfn_utilisation"]))
    assert len(columns["c_rate"]) == len(SETS) * 60 * 4       # seeds 2027 and 2028
    assert set(columns["variant"].tolist()) == {"test"}
    seen = set()
    for other in (load(), load(VALIDATION_TABLE)):
        seen |= {(s, round(t, 4), round(p, 4)) for s, t, p in zip(
            other["parameter_set"], other["thickness_scale"], other["porosity_shift"],
            strict=True)}
    assert not any((s, round(t, 4), round(p, 4)) in seen for s, t, p in zip(
        columns["parameter_set"], columns["thickness_scale"], columns["porosity_shift"],
        strict=True))
    err = np.abs(model_for_table(columns) - columns["dfn_utilisation"])
    # reached: max 0.085 (Chen2020), mean 0.013; none of 1,440 rows over 0.10
    assert err.mean() < 0.014 and err.max() < 0.09
    assert (err > 0.10).sum() == 0
    stored = rate_calibration.TEST_ERRORS["physics_and_warp"]["all"]
    assert stored["rows"] == len(err)
    assert stored["max_abs_error"] == pytest.approx(err.max(), abs=2e-4)
    assert stored["mean_abs_error"] == pytest.approx(err.mean(), abs=2e-4)


def test_error_per_set_porosity_and_rate_stays_small_on_average(table):
    columns, fast = table
    err = np.abs(fast - columns["dfn_utilisation"])
    nominal = columns["variant"] == "nominal"
    for name in SETS:
        for shift in (-0.07, -0.035, 0.0, 0.035, 0.07):
            for rate in (0.2, 0.5, 1.0, 2.0):
                m = (nominal & (columns["parameter_set"] == name)
                     & np.isclose(columns["porosity_shift"], shift)
                     & np.isclose(columns["c_rate"], rate))
                assert err[m].mean() < 0.05, (name, shift, rate)   # reached: 0.043


def test_utilisation_past_the_knee_follows_the_dfn_along_porosity(table):
    # ORegan2022 at 3× and C/2, porosity −0.07…+0.07 at fixed thickness: the DFN rises from
    # 0.31 to 0.71, about as β^−1 (β the salt balance's depletion ratio); without the
    # onset's porosity term the model went from 0.23 to 0.83, as β^−1.52
    columns, _ = table
    m = ((columns["parameter_set"] == "ORegan2022") & (columns["variant"] == "nominal")
         & np.isclose(columns["thickness_scale"], 3.0) & np.isclose(columns["c_rate"], 0.5))
    rate = model_for_rows({k: v[m] for k, v in columns.items()})
    dfn = columns["dfn_utilisation"][m]
    assert np.all(np.diff(rate.utilisation[np.argsort(columns["porosity_shift"][m])]) > 0)
    log_beta = np.log(rate.depletion_ratio)
    dfn_slope = np.polyfit(log_beta, np.log(dfn), 1)[0]
    model_slope = np.polyfit(log_beta, np.log(rate.utilisation), 1)[0]
    assert dfn_slope == pytest.approx(-0.96, abs=0.02)
    assert abs(model_slope - dfn_slope) < 0.45                  # reached: −1.36 against −0.96
    assert np.max(np.abs(rate.utilisation - dfn)) < 0.08        # reached: 0.070


def test_porosity_moves_the_onset_of_a_uniform_cathode_not_of_a_moving_zone():
    p = em.DEFAULT_RATE_MODEL
    assert 0.0 < p.onset_porosity_exponent < 0.5                 # calibrated: 0.32
    without = dataclasses.replace(p, onset_porosity_exponent=0.0)
    eps, rates = 0.3, np.array([0.2, 1.0, 2.0])
    for family in ("NMC", "LFP"):
        chemistry = em.CATHODE_ELECTROCHEMISTRY[family]
        args = (100e-6, eps, 1.8, 4.0, rates, 5e-6, 1e-14)
        z = em.rate_performance(*args, params=p, chemistry=chemistry).cliff_position
        z0 = em.rate_performance(*args, params=without, chemistry=chemistry).cliff_position
        expected = (p.onset_porosity_exponent * rates ** p.onset_porosity_rate_exponent
                    * np.log(eps) if chemistry.reaction == "uniform" else 0.0)
        np.testing.assert_allclose(z - z0, expected, atol=1e-12)


def test_bruggeman_variants_follow(table):
    columns, fast = table
    m = columns["variant"] != "nominal"
    assert m.sum() > 50
    err = np.abs(fast - columns["dfn_utilisation"])[m]
    assert err.mean() < 0.012 and err.max() < 0.09              # reached: 0.010, 0.082


def test_calibration_file_matches_the_fit_tables(table):
    columns, fast = table
    validation = load(VALIDATION_TABLE)
    err = np.abs(np.concatenate([fast, model_for_table(validation)])
                 - np.concatenate([columns["dfn_utilisation"], validation["dfn_utilisation"]]))
    stored = rate_calibration.FIT_ERRORS["all"]      # the grid and the validation designs
    assert stored["rows"] == len(err)
    assert stored["max_abs_error"] == pytest.approx(err.max(), abs=2e-4)
    assert stored["mean_abs_error"] == pytest.approx(err.mean(), abs=2e-4)
    assert set(rate_calibration.CROSS_VALIDATION) == set(SETS)
    # the residual checked on designs it was not fitted on (10-fold over designs)
    held = rate_calibration.CORRECTION_CROSS_VALIDATION["all"]
    assert held["rows"] == len(err)
    # reached: mean 0.013, max 0.105 (Prada2013), 1 of 1,280 rows over 0.10
    assert held["mean_abs_error"] < 0.014 and held["max_abs_error"] < 0.11
    assert held["rows_over_0_10"] <= 1
    physics = rate_calibration.PHYSICS_FIT_ERRORS["all"]
    assert physics["mean_abs_error"] > stored["mean_abs_error"]
    validity = em.VALIDITY
    assert validity["positive_porosity"][0] == pytest.approx(columns["positive_porosity"].min(),
                                                            abs=1e-3)
    assert validity["positive_thickness_um"][1] == pytest.approx(
        columns["positive_thickness_m"].max() * 1e6, abs=0.1)


def test_cliff_warp_keeps_the_physics_directions_and_is_local(table):
    columns, _ = table
    corr = em.DEFAULT_CLIFF_CORRECTION
    assert set(corr.weights) == {"NMC", "NCA", "LFP"}       # LCO: the physics alone
    k = len(corr.centres)
    z = np.linspace(-6.0, 6.0, 241)
    for family, weights in corr.weights.items():
        # z_eff rises with z and the shift does not fall with rate: directions kept
        assert em.warp_slope_min(family) >= 0.2, family
        assert len(weights) == 3 * k and min(weights[k:]) >= 0.0, family
        for rate in (0.2, 2.0):
            shift = em.cliff_shift(z, rate, family)
            assert np.max(np.abs(shift)) < 0.5, family
            # far from the cliff the physics stands alone
            assert np.all(np.abs(shift[np.abs(z) > 4.0]) < 1e-3), family
    assert np.all(em.cliff_shift(z, 1.0, "unknown") == 0.0)
    # low rate, thin electrode: the warp changes nothing that matters
    m = (columns["c_rate"] == 0.2) & (columns["thickness_scale"] == 0.6)
    for name in SETS:
        rows = {key: v[m & (columns["parameter_set"] == name)] for key, v in columns.items()}
        np.testing.assert_allclose(
            model_for_rows(rows).utilisation,
            model_for_rows(rows, correction=em.NO_CLIFF_CORRECTION).utilisation, atol=0.01)


def test_dfn_mesh_points_refine_the_negative_particle_most():
    pybamm = pytest.importorskip("pybamm")
    from process_models.dfn import mesh_points

    mesh = mesh_points(pybamm)
    assert (mesh["x_n"], mesh["x_s"], mesh["x_p"], mesh["r_p"], mesh["r_n"]) == (
        20, 20, 20, 20, 80)
    assert mesh_points(pybamm, 1, 1)["r_n"] == 20
    assert mesh_points(pybamm, 4, 2)["r_n"] == 80        # never coarser than the rest


@pytest.mark.slow
def test_live_dfn_design_matches_stored_and_fast(table):
    pybamm = pytest.importorskip("pybamm")
    from process_models.dfn import DfnDesign, design_parameters, rate_discharges

    columns, fast = table
    base = pybamm.ParameterValues("Chen2020")
    params = design_parameters(DfnDesign(
        cathode_thickness_m=2.0 * base["Positive electrode thickness [m]"],
        cathode_porosity=base["Positive electrode porosity"], parameter_set="Chen2020"))
    live = np.array([r.utilisation for r in rate_discharges(params, [0.2, 0.5, 1.0, 2.0])])
    m = ((columns["parameter_set"] == "Chen2020") & (columns["variant"] == "nominal")
         & np.isclose(columns["thickness_scale"], 2.0)
         & np.isclose(columns["porosity_shift"], 0.0))
    np.testing.assert_allclose(live, columns["dfn_utilisation"][m], atol=0.02)
    assert np.max(np.abs(fast[m] - live)) <= 0.10


@pytest.mark.slow
def test_the_probe_shows_where_an_oregan_discharge_ends():
    pytest.importorskip("pybamm")
    import sys

    sys.path.insert(0, str(TABLE.parents[2] / "benchmarks"))
    from dfn_probe import probe

    final, states = probe("ORegan2022", 1.7, 0.052, 2.0, moments=6)
    # the validation row at 1.7024×, +0.052 gives 0.344 (0.162 on PyBaMM's default mesh)
    assert final == pytest.approx(0.348, abs=0.005)
    end = states[-1]
    assert end["utilisation"] == pytest.approx(final)
    # the salt piles up at the anode and runs out in the cathode ...
    assert end["salt_max_mol_per_m3"] > 3000.0 and end["salt_min_mol_per_m3"] < 1.0
    # ... the cathode's front fills while its back stays near the start: it ends the discharge
    assert end["positive_surface_separator"] > 0.99 and end["positive_surface_collector"] < 0.4
    # ... while the anode, working harder next to the separator, still has lithium there
    assert 0.1 < end["negative_surface_separator"] < 0.85 < end["negative_surface_collector"]
    assert end["negative_ocp_separator_v"] < 0.4


def test_a_slower_anode_moves_the_cliff_earlier_never_later():
    g = em.anode_limitation(np.geomspace(1e-3, 1e3, 400))
    assert np.all(np.diff(g) >= 0.0)
    assert g[0] < 1e-6                                   # a fast anode: no anode term
    assert em.anode_limitation(100.0) == pytest.approx(np.log(100.0 / 5.0), abs=1e-3)
    # capped where the fit checked dz_eff/dz, so the check bounds every anode
    assert float(em.anode_limitation(1e9)) == pytest.approx(3.0)
    assert float(em.anode_limitation(0.0)) == pytest.approx(0.0, abs=1e-12)  # lithium metal
    z = np.linspace(-2.0, 3.0, 101)
    for family in em.DEFAULT_CLIFF_CORRECTION.weights:
        slow = em.cliff_shift(z, 2.0, family, anode_diffusion_ratio=50.0)
        fast = em.cliff_shift(z, 2.0, family, anode_diffusion_ratio=0.1)
        assert np.all(slow >= fast - 1e-12), family
    # NMC's term is small: a very slow anode at 2C moves its cliff by at most 0.014 (by more
    # than 0.05 on tables whose graphite particles were under-resolved, by 0.03 before the
    # onset's porosity term)
    moved = (em.cliff_shift(z, 2.0, "NMC", anode_diffusion_ratio=50.0)
             - em.cliff_shift(z, 2.0, "NMC", anode_diffusion_ratio=0.1))
    assert 0.0 < moved.max() < 0.02


def test_utilisation_still_falls_with_thickness_and_rate_for_a_very_slow_anode():
    # far outside the table (g would reach 4–6 uncapped): the directions still hold
    h = np.geomspace(20e-6, 600e-6, 400)
    rates = np.geomspace(0.05, 10.0, 400)
    for family in ("NMC", "LFP"):
        chemistry = em.CATHODE_ELECTROCHEMISTRY[family]
        for radius, np_ratio in ((20e-6, 4.0), (30e-6, 8.0)):
            cell = em.CellContext(anode_particle_radius_m=radius,
                                  anode_solid_diffusivity_m2_per_s=1e-15,
                                  anode_window_diffusivity_m2_per_s=2.6e-16, np_ratio=np_ratio)
            for c_rate in (1.0, 5.0, 10.0):
                u = em.rate_performance(h, 0.3, 1.8, h * 1e6 * 0.045, c_rate, 5e-6, 1e-14,
                                        chemistry=chemistry, cell=cell).utilisation
                assert np.all(np.diff(u) <= 1e-12), (family, radius, c_rate)
            u = em.rate_performance(150e-6, 0.3, 1.8, 6.75, rates, 5e-6, 1e-14,
                                    chemistry=chemistry, cell=cell).utilisation
            assert np.all(np.diff(u) <= 1e-12), (family, radius)


def test_anode_diffusivity_weights_its_window_and_its_end():
    varying = em.CellContext(anode_solid_diffusivity_m2_per_s=8e-15,
                             anode_window_diffusivity_m2_per_s=1e-15)
    assert varying.anode_effective_diffusivity_m2_per_s(0.0) == pytest.approx(8e-15, rel=1e-12)
    assert varying.anode_effective_diffusivity_m2_per_s(1.0) == pytest.approx(1e-15, rel=1e-12)
    assert varying.anode_effective_diffusivity_m2_per_s(0.5) == pytest.approx(
        np.sqrt(8e-15 * 1e-15), rel=1e-12)
    # a diffusivity that does not change with stoichiometry is left as it is
    constant = em.CellContext(anode_solid_diffusivity_m2_per_s=3.3e-14)
    assert constant.anode_effective_diffusivity_m2_per_s(0.7) == pytest.approx(3.3e-14)
    weight = em.DEFAULT_RATE_MODEL.anode_window_weight
    assert 0.0 < weight < 1.0                                    # calibrated: 0.52


def test_a_slow_anode_window_lowers_utilisation_where_the_anode_limits():
    def utilisation(window_diffusivity):
        cell = em.CellContext(anode_solid_diffusivity_m2_per_s=8e-15,
                              anode_window_diffusivity_m2_per_s=window_diffusivity)
        return em.rate_performance(60e-6, 0.3, 1.8, 3.0, 2.0, 5e-6, 1e-14, cell=cell).utilisation

    fast, slow = utilisation(8e-15), utilisation(1e-15)
    assert slow < fast - 0.05


def test_the_band_scales_the_anode_window_diffusivity_with_its_end():
    # an anode-limited design: the band's low end divides both anode diffusivities
    cell = em.CellContext(anode_solid_diffusivity_m2_per_s=8e-15,
                          anode_window_diffusivity_m2_per_s=1e-15)
    args = (60e-6, 0.3, 1.8, 1.8, 3.0, 2.0, 5e-6, 1e-14)
    low, high = em.utilisation_band(*args, cell=cell)
    factor = em.DEFAULT_UNCERTAINTY.solid_diffusivity_factor
    slow = em.CellContext(anode_solid_diffusivity_m2_per_s=8e-15 / factor,
                          anode_window_diffusivity_m2_per_s=1e-15 / factor)
    only_end = em.CellContext(anode_solid_diffusivity_m2_per_s=8e-15 / factor,
                              anode_window_diffusivity_m2_per_s=1e-15)
    rate = (60e-6, 0.3, 1.8, 3.0, 2.0, 5e-6, 1e-14 / factor)
    anode_low = em.rate_performance(*rate, cell=slow).anode_utilisation
    assert float(low) <= float(anode_low) + 1e-12
    assert float(anode_low) < float(em.rate_performance(*rate, cell=only_end).anode_utilisation)
    assert float(low) < float(high)
