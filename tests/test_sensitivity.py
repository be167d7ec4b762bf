"""SALib studies over scenario fields: design, runs through the batch machinery, indices."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from line_sim.errors import InputError
from line_sim.store import ResultsStore
from line_sim.studies.batch import ExecutorSpec, load_batch, run_batch
from line_sim.studies.sensitivity import plan_sensitivity, sample_design, sensitivity_indices

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "bf_nmc811_baseline.toml"

STUDY = f"""
[batch]
scenarios = ["{BASELINE}"]
replications = 1
seed = 5
hours = 3

[sensitivity]
method = "morris"
samples = 3
kpis = ["produced_length_m", "planned_production_h"]

[sensitivity.ranges]
"line.speed_m_per_min" = [20.0, 40.0]
"stations.mixer.specific_energy_kj_per_kg" = [10.0, 30.0]
"""


def test_design_sizes_follow_salib() -> None:
    ranges = {"a.x": (0.0, 1.0), "a.y": (5.0, 6.0), "a.z": (-1.0, 1.0)}
    sobol = sample_design(ranges, "sobol", 8, seed=1)
    morris = sample_design(ranges, "morris", 4, seed=1)
    assert sobol.shape == (8 * (3 + 2), 3)
    assert morris.shape == (4 * (3 + 1), 3)
    lows, highs = np.array([0.0, 5.0, -1.0]), np.array([1.0, 6.0, 1.0])
    assert np.all((sobol >= lows) & (sobol <= highs))
    assert np.array_equal(sobol, sample_design(ranges, "sobol", 8, seed=1))


def test_morris_ranks_a_driving_field_above_an_idle_one(tmp_path: Path) -> None:
    path = tmp_path / "study.toml"
    path.write_text(STUDY, encoding="utf-8")
    study = plan_sensitivity(load_batch(path))
    store = ResultsStore(tmp_path / "s.duckdb")
    run_batch(study.plan, store, ExecutorSpec(workers=1), progress=None)
    (result,) = sensitivity_indices(study, store)
    produced = result["indices"]["produced_length_m"]
    speed = produced["line.speed_m_per_min"]["mu_star"]
    mixer = produced["stations.mixer.specific_energy_kj_per_kg"]["mu_star"]
    assert speed > 0.0
    assert speed > 100.0 * mixer  # mixing energy does not move the web
    assert result["constant_kpis"] == ["planned_production_h"]  # the horizon is fixed


def test_cli_sobol_json_holds_indices_per_kpi_and_field(tmp_path: Path) -> None:
    path = tmp_path / "study.toml"
    path.write_text(STUDY.replace("hours = 3", "hours = 2"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", "from line_sim.cli import main; main()", "sensitivity", str(path),
         "--method", "sobol", "--samples", "4", "--workers", "2", "--db", "s.duckdb", "--json",
         "--report", "sobol.html"], capture_output=True, text=True, cwd=tmp_path, timeout=240)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["method"] == "sobol"
    assert data["n_runs"] == 4 * (2 + 2)
    fields = data["scenarios"][0]["indices"]["produced_length_m"]
    assert set(fields) == {"line.speed_m_per_min", "stations.mixer.specific_energy_kj_per_kg"}
    assert set(fields["line.speed_m_per_min"]) == {"S1", "S1_conf", "ST", "ST_conf"}
    assert "<svg" in (tmp_path / "sobol.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("edit", "expected"), [
    (("samples = 3", "samples = 3\nmethod = \"sobol\""), "power of two"),
    (("kpis = [\"produced_length_m\"", "kpis = [\"produced_lenght_m\""), "unknown KPI"),
    (("[20.0, 40.0]", "[40.0, 20.0]"), "low < high"),
    (("\"line.speed", "\"line.sped"), "line.sped"),
])
def test_bad_study_is_refused_before_any_run(edit: tuple[str, str], expected: str,
                                             tmp_path: Path) -> None:
    path = tmp_path / "study.toml"
    body = STUDY.replace(*edit)
    if "method = \"sobol\"" in body:
        body = body.replace('method = "morris"\n', "")
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=expected):
        plan_sensitivity(load_batch(path))
    assert not (tmp_path / "s.duckdb").exists()
