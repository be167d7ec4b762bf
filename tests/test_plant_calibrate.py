"""``drytwin calibrate``: recovery on synthetic plants, the JSON, identifiability warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from line_sim.cli import app
from line_sim.plant.calibrate import calibrate
from line_sim.plant.contract import read_plant
from line_sim.plant.synth import synth_plant
from line_sim.scenario import load_scenario

SCENARIO = "scenarios/bf_nmc811_baseline.toml"
TRUTH = {"simulation.feed_cv": 0.014, "reliability.calender.mtbf_h": 8.0,
         "reliability.calender.mttr_h": 1.0}


@pytest.fixture(scope="module")
def plants(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    scenario = load_scenario(SCENARIO, TRUTH)
    out = []
    for seed in (11, 12):
        folder, _ = synth_plant(scenario, tmp_path_factory.mktemp(f"plant{seed}"), seed=seed,
                                hours=72)
        out.append(folder)
    return out


def test_true_values_inside_their_95_percent_intervals(plants: list[Path]) -> None:
    base = load_scenario(SCENARIO)  # calibrated from the defaults, not from the truth
    for i, folder in enumerate(plants):
        result = calibrate(base, read_plant(folder), list(TRUTH), steps=250, burn=150, seed=i)
        for key, true in TRUTH.items():
            p = result.parameters[key]
            assert p["identified"], (key, p)
            assert p["ci95_low"] <= true <= p["ci95_high"], (key, true, p)
        assert result.n_model_evaluations > 0
        # a noise scale per measured property that feed_cv moves, fitted beside it
        assert {"loading_mg_per_cm2", "loading_cv"} <= set(result.noise_scales)
        for scale in result.noise_scales.values():
            assert 0.3 < scale["mean"] < 3.0, result.noise_scales


def test_cli_json_and_parameter_file(plants: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "fitted.toml"
    result = CliRunner().invoke(app, [
        "calibrate", SCENARIO, "--plant", str(plants[0]), "--fit",
        "simulation.feed_cv,parameters.calendering.springback_fraction,"
        "parameters.calendering.initial_porosity", "--out", str(out), "--steps", "150",
        "--burn", "100", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"parameters", "converged", "n_model_evaluations", "noise_scales"}
    feed = data["parameters"]["simulation.feed_cv"]
    assert feed["ci95_low"] < feed["mean"] < feed["ci95_high"]
    # springback and initial porosity only move porosity together: a ridge, no numbers
    ridge = data["parameters"]["parameters.calendering.initial_porosity"]
    assert ridge["mean"] is None and "ridge" in ridge["warning"]
    assert "cannot be identified" in result.stderr
    text = out.read_text()
    assert "[simulation]" in text and "feed_cv = " in text
    assert "not identified: parameters.calendering.initial_porosity" in text
    fitted = load_scenario(SCENARIO, {"simulation.feed_cv": feed["mean"]})
    assert fitted.simulation.feed_cv == pytest.approx(feed["mean"])


def test_unknown_key_is_refused(plants: list[Path], tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["calibrate", SCENARIO, "--plant", str(plants[0]), "--fit",
                                      "simulation.fed_cv", "--out", str(tmp_path / "x.toml")])
    assert result.exit_code == 1
    assert not (tmp_path / "x.toml").exists()
