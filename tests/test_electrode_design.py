"""DESIGN.toml loading, validation messages and evaluate_design output."""

from __future__ import annotations

from pathlib import Path

import pytest

from line_sim.engine.electrode import evaluate_design, format_design_report
from line_sim.errors import InputError
from line_sim.scenario.electrode_design import load_electrode_design

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
                           "volumetric_capacity_mah_per_cm3", "tortuosity", "c_rates"}
    assert result["thickness_um"] == pytest.approx(75.6)
    row = result["c_rates"]["1"]
    assert set(row) == {"penetration_depth_um", "utilisation", "delivered_capacity_mah_per_cm2"}
    assert row["delivered_capacity_mah_per_cm2"] == pytest.approx(
        row["utilisation"] * result["areal_capacity_mah_per_cm2"])
    assert result["c_rates"]["0.50"]["penetration_depth_um"] == pytest.approx(
        2 * row["penetration_depth_um"])


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
    design = load_electrode_design(write(tmp_path, GOOD.replace('"NMC811"', '"LFP"')))
    with pytest.raises(InputError, match="not supported"):
        evaluate_design(design, ["1"], "dfn")


@pytest.mark.slow
def test_dfn_fidelity_runs_when_pybamm_present(tmp_path):
    pytest.importorskip("pybamm")
    design = load_electrode_design(write(tmp_path, GOOD))
    fast = evaluate_design(design, ["1"], "fast")["c_rates"]["1"]["utilisation"]
    dfn = evaluate_design(design, ["1"], "dfn")["c_rates"]["1"]["utilisation"]
    assert abs(fast - dfn) <= 0.10
