"""DESIGN.toml loading, validation messages and evaluate_design output."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from line_sim.engine.electrode import evaluate_design, format_design_report
from line_sim.errors import InputError
from line_sim.scenario.electrode_design import load_electrode_design
from process_models import electrode as em

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"

GOOD = """
[electrode]
active_material = "NMC811"
active_mass_fraction = 0.96
conductive_mass_fraction = 0.02
binder_mass_fraction = 0.02
thickness_um = 75.6
porosity = 0.335
particle_radius_um = 5.22
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "DESIGN.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("name", ["electrode_lgm50_cathode.toml",
                                  "electrode_thick_dry_cathode.toml"])
def test_examples_evaluate_with_cell(name):
    design = load_electrode_design(SCENARIOS / name)
    result = evaluate_design(design, ["0.2", "0.5", "1", "2"], "fast")
    assert set(result["c_rates"]) == {"0.2", "0.5", "1", "2"}
    assert 150.0 < result["cell_energy_wh_per_kg"] < 400.0
    assert "Wh/kg" in format_design_report(result)


def test_keys_as_written_and_values(tmp_path):
    result = evaluate_design(load_electrode_design(write(tmp_path, GOOD)), ["0.50", "1"], "fast")
    assert list(result["c_rates"]) == ["0.50", "1"]
    assert set(result) == {"thickness_um", "loading_mg_per_cm2", "areal_capacity_mah_per_cm2",
                           "volumetric_capacity_mah_per_cm3", "tortuosity", "tortuosity_low",
                           "tortuosity_high", "tortuosity_model", "tortuosity_source",
                           "c_rates", "rate_model"}
    assert result["thickness_um"] == pytest.approx(75.6)
    row = result["c_rates"]["1"]
    assert set(row) == {"penetration_depth_um", "utilisation", "utilisation_low",
                        "utilisation_high", "utilisation_model_error",
                        "delivered_capacity_mah_per_cm2"}
    assert row["utilisation_low"] <= row["utilisation"] <= row["utilisation_high"]
    assert row["delivered_capacity_mah_per_cm2"] == pytest.approx(
        row["utilisation"] * result["areal_capacity_mah_per_cm2"])
    assert result["c_rates"]["0.50"]["penetration_depth_um"] == pytest.approx(
        2 * row["penetration_depth_um"])
    assert result["tortuosity_low"] <= result["tortuosity"] <= result["tortuosity_high"]
    model = result["rate_model"]
    assert model["within_validity"] and model["outside_validity"] == []
    assert set(model["validity"]) >= {"positive_porosity", "positive_thickness_um",
                                      "c_rate_per_h", "parameter_sets"}
    assert model["dfn_error"]["max_abs_error"] < 0.2
    json.dumps(result)


def test_lgm50_design_near_its_dfn(tmp_path):
    # the LG M50 cathode in its own cell; the DFN (Chen2020, cathode-limited, N/P 1.2)
    # gives 0.98 / 0.94 / 0.88 / 0.27 at C/5 / C/2 / 1C / 2C
    design = load_electrode_design(SCENARIOS / "electrode_lgm50_cathode.toml")
    rates = evaluate_design(design, ["0.2", "0.5", "1"], "fast")["c_rates"]
    assert rates["0.2"]["utilisation"] == pytest.approx(0.98, abs=0.03)
    assert rates["0.5"]["utilisation"] == pytest.approx(0.94, abs=0.05)
    assert rates["1"]["utilisation"] == pytest.approx(0.88, abs=0.10)


def test_measured_tortuosity_model_lowers_utilisation(tmp_path):
    thick = GOOD.replace("thickness_um = 75.6", "thickness_um = 150.0")
    brug = evaluate_design(load_electrode_design(write(tmp_path, thick)), ["1"], "fast")
    measured_text = thick.replace("porosity = 0.335", 'porosity = 0.335\ntortuosity_model = '
                                                       '"measured"')
    meas = evaluate_design(load_electrode_design(write(tmp_path, measured_text)), ["1"], "fast")
    assert meas["tortuosity_model"] == "measured"
    assert "Landesfeind" in meas["tortuosity_source"]
    assert meas["tortuosity"] > 1.5 * brug["tortuosity"]
    assert meas["c_rates"]["1"]["utilisation"] < brug["c_rates"]["1"]["utilisation"]
    # the Bruggeman design's band reaches down to what the measured relation predicts
    assert brug["c_rates"]["1"]["utilisation_low"] <= meas["c_rates"]["1"]["utilisation"]


def test_measured_tortuosity_needs_a_relation(tmp_path):
    text = GOOD.replace('"NMC811"', '"Si"').replace(
        "porosity = 0.335", 'porosity = 0.335\ntortuosity_model = "measured"')
    result = evaluate_design(load_electrode_design(write(tmp_path, text)), ["1"], "fast")
    assert "graphite" in result["tortuosity_source"]


def test_outside_the_calibrated_range_is_named(tmp_path):
    text = GOOD.replace("thickness_um = 75.6", "thickness_um = 900.0")
    result = evaluate_design(load_electrode_design(write(tmp_path, text)), ["0.5", "5"], "fast")
    model = result["rate_model"]
    assert not model["within_validity"]
    assert any(p.startswith("positive_thickness_um") for p in model["outside_validity"])
    assert any(p.startswith("c_rate_per_h") for p in model["outside_validity"])
    assert "outside the rate model" in format_design_report(result)


def test_dry_route_widens_the_band(tmp_path):
    slurry = evaluate_design(load_electrode_design(write(tmp_path, GOOD)), ["1"], "fast")
    dry = evaluate_design(load_electrode_design(write(tmp_path, GOOD.replace(
        "porosity = 0.335", 'porosity = 0.335\nprocess = "dry_bf"'))), ["1"], "fast")
    assert dry["tortuosity_low"] < slurry["tortuosity_low"]
    assert dry["tortuosity"] < slurry["tortuosity"]


def test_cell_context_follows_the_cell_section():
    from line_sim.engine.electrode import cell_context
    from line_sim.scenario.cell import CellSection

    context = cell_context(CellSection(np_ratio=1.1, anode_porosity=0.3,
                                       separator_thickness_um=20.0))
    assert context.np_ratio == pytest.approx(1.1)
    assert context.separator_thickness_m == pytest.approx(20e-6)
    # graphite at ε 0.3 holds ≈ 480 mAh/cm³: 5 mAh/cm² at N/P 1.1 needs ≈ 115 µm
    assert float(context.anode_thickness_m(5.0)) == pytest.approx(115e-6, rel=0.15)
    measured = cell_context(CellSection(anode_porosity=0.3), "measured")
    assert float(measured.anode_tau()) > 2.0 * float(context.anode_tau())
    assert cell_context(CellSection(chemistry="solid_state_li_metal")).lithium_metal
    assert cell_context(None) is not None


@pytest.mark.parametrize(("replace", "by", "field", "allowed"), [
    ("binder_mass_fraction = 0.02", "binder_mass_fraction = 0.10", "mass_fraction", "sum of 1"),
    ("porosity = 0.335", "porosity = 1.2", "porosity", "less than 1"),
    ("porosity = 0.335", "porosity = 0.0", "porosity", "greater than 0"),
    ('"NMC811"', '"NMC999"', "active_material", "NMC811"),
    ("thickness_um = 75.6", "thickness_um = 75.6\nloading_mg_per_cm2 = 20.0",
     "loading_mg_per_cm2", "exactly one"),
    ("thickness_um = 75.6", "", "thickness_um", "exactly one"),
    ("porosity = 0.335", "porosity = 0.335\nporsity = 0.3", "porsity", "unknown field"),
])
def test_bad_input_names_file_field_value_and_allowed(tmp_path, replace, by, field, allowed):
    path = write(tmp_path, GOOD.replace(replace, by))
    with pytest.raises(InputError) as info:
        load_electrode_design(path)
    message = str(info.value)
    assert str(path) in message
    assert field in message
    assert allowed in message


def test_bad_toml_and_missing_file(tmp_path):
    with pytest.raises(InputError, match="not valid TOML"):
        load_electrode_design(write(tmp_path, "[electrode\n"))
    with pytest.raises(InputError, match="not found"):
        load_electrode_design(tmp_path / "none.toml")


def test_bad_c_rate_and_fidelity(tmp_path):
    design = load_electrode_design(write(tmp_path, GOOD))
    with pytest.raises(InputError, match="C-rate"):
        evaluate_design(design, ["fast"], "fast")
    with pytest.raises(InputError, match="allowed: fast, dfn"):
        evaluate_design(design, ["1"], "exact")


def test_dfn_fidelity_refuses_unsupported_material(tmp_path):
    design = load_electrode_design(write(tmp_path, GOOD.replace('"NMC811"', '"graphite"')))
    with pytest.raises(InputError, match="not supported"):
        evaluate_design(design, ["1"], "dfn")


@pytest.mark.slow
def test_dfn_fidelity_runs_when_pybamm_present(tmp_path):
    pytest.importorskip("pybamm")
    design = load_electrode_design(write(tmp_path, GOOD))
    fast = evaluate_design(design, ["1"], "fast")["c_rates"]["1"]["utilisation"]
    dfn = evaluate_design(design, ["1"], "dfn")["c_rates"]["1"]["utilisation"]
    assert abs(fast - dfn) <= 0.10


def test_json_quotes_the_error_on_designs_no_fit_has_seen(tmp_path):
    design = load_electrode_design(write(tmp_path, GOOD))
    report = evaluate_design(design, ["1"], "fast")["rate_model"]
    assert report["dfn_error"]["rows"] == 1440         # the test designs, used for nothing else
    assert "dfn_test.csv" in report["dfn_error_basis"]
    assert report["dfn_error_validation"]["rows"] == 480
    assert set(report["dfn_error_by_parameter_set"]) == {
        "Chen2020", "Ecker2015", "Prada2013", "Marquis2019", "NCA_Kim2011", "ORegan2022"}
    assert report["dfn_error_training"]["rows"] == 800 + 480     # grid and validation designs
    assert report["dfn_error_cross_validated"]["rows"] == 800 + 480
    # the reference's own numerical error: its mesh against four times PyBaMM's default
    mesh = report["dfn_reference_mesh"]
    assert (mesh["electrode_points"], mesh["negative_particle_points"]) == (20, 80)
    assert mesh["convergence"]["tables_against_finest"]["max_abs_difference"] < 0.011
    bound = report["model_error"]
    assert len(bound["bound"]) == len(bound["cliff_position_edges"]) + 1
    assert bound["coverage"] == 0.95 and bound["test_coverage"] >= 0.93


def test_each_rate_carries_the_model_error_at_its_place_on_the_cliff(tmp_path):
    design = load_electrode_design(write(tmp_path, GOOD))
    rates = evaluate_design(design, ["0.2", "1", "2", "3"], "fast")["c_rates"]
    bounds = [rates[r]["utilisation_model_error"] for r in ("0.2", "1", "2")]
    assert all(b in em.MODEL_ERROR["bound"] for b in bounds)
    # C/5 sits on the plateau, where the model is closest to the DFN
    assert bounds[0] == min(bounds) == pytest.approx(em.MODEL_ERROR["bound"][0], abs=1e-12)
    # 3C is beyond the calibrated 2C: the bound was never measured there
    assert rates["3"]["utilisation_model_error"] is None
    # the tables rate cathodes: an anode coating gets no bound, as in line runs
    anode = load_electrode_design(write(tmp_path, GOOD.replace('"NMC811"', '"graphite"')))
    assert evaluate_design(anode, ["1"], "fast")["c_rates"]["1"]["utilisation_model_error"] is None


@pytest.mark.slow
def test_dfn_reads_given_electrolyte_values_as_the_bulk_point_of_the_set_functions():
    pytest.importorskip("pybamm")
    from process_models.dfn import DfnDesign, dfn_discharges

    # the LG M50 values of Chen2020 at 1 M: the set's own D(c) and κ(c) must survive
    plain = DfnDesign(cathode_thickness_m=75.6e-6, parameter_set="Chen2020")
    given = DfnDesign(cathode_thickness_m=75.6e-6, parameter_set="Chen2020",
                      electrolyte_diffusivity_m2_per_s=1.77e-10,
                      electrolyte_conductivity_s_per_m=0.95)
    u_plain, u_given = (np.array([r.utilisation for r in dfn_discharges(d, [2.0])])
                        for d in (plain, given))
    np.testing.assert_allclose(u_given, u_plain, atol=0.01)
