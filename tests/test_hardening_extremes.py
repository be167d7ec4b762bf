"""Extreme but valid scenarios, path containment, a year-long run and cross-process determinism.

The CLI is driven in-process through ``line_sim.cli.main`` (the console script's entry point),
so an exception that escapes a command shows up as exit code 70 and "internal error".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import drytwin

ROOT = Path(__file__).resolve().parents[1]
ROUTE_FILES = {"BF": ROOT / "scenarios" / "bf_nmc811_baseline.toml",
               "DPSD": ROOT / "scenarios" / "dpsd_nmc811_cathode.toml",
               "slurry": ROOT / "scenarios" / "slurry_nmc811_reference.toml"}
FIRST_BUFFER = {"BF": "powder_hopper", "DPSD": "feeder", "slurry": "slurry_tank"}
STATIONS = ("mixer", "fibrillator", "calender", "laminator", "inspection", "rewinder", "spray_booth",
            "hot_calender", "coater", "dryer")
ALWAYS_FAILING = [f"reliability.{s}.{k}={v}" for s in STATIONS for k, v in (("mtbf_h", 0.01),
                                                                              ("mttr_h", 500.0))]
HOSTILE_NAME = "../../escaped <script>alert(1)</script> $\\frac{$ %s \u00e9"




EXTREMES: dict[str, tuple[list[str], str]] = {
    "zero horizon": (["simulation.horizon_h=0"], "runs"),
    "1 cm segments": (["simulation.horizon_h=1", "simulation.segment_length_m=0.01"], "runs"),
    "100 m segments": (["simulation.horizon_h=24", "simulation.segment_length_m=100"], "runs"),
    "web creeping at 1 cm/min": (["simulation.horizon_h=24", "line.speed_m_per_min=0.01"], "runs"),
    "every station failing constantly": (["simulation.horizon_h=24", *ALWAYS_FAILING], "runs"),
    "hall and climate step outside the calibrated range": (
        ["simulation.horizon_h=24", "environment.temperature_c=45", "environment.relative_humidity_pct=10",
         "environment.excursions=[{start_h = 2.0, duration_h = 3.0, temperature_c = 10.0, "
         "relative_humidity_pct = 90.0}]"], "warns"),
    "humid hall stepping below its own dew point": (
        ["simulation.horizon_h=24", "environment.temperature_c=45", "environment.relative_humidity_pct=80",
         "environment.excursions=[{start_h = 2.0, duration_h = 3.0, temperature_c = -20.0}]"], "refused"),
    "first buffer smaller than a batch": (["simulation.horizon_h=24", "FIRST.initial_level_kg=0",
                                           "FIRST.capacity_kg=1"], "refused"),
    "first buffer of zero capacity": (["simulation.horizon_h=24", "FIRST.initial_level_kg=0",
                                       "FIRST.capacity_kg=0"], "refused"),
}


@pytest.mark.parametrize("route", list(ROUTE_FILES))
@pytest.mark.parametrize("case", list(EXTREMES))
def test_extreme_scenarios_run_or_are_refused_with_a_reason(
        route: str, case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    settings, expected = EXTREMES[case]
    sets = [s.replace("FIRST", f"stations.{FIRST_BUFFER[route]}") for s in settings]
    args = ["run", str(ROUTE_FILES[route]), "--db", str(tmp_path / "s.duckdb"), "--json"]
    code, out, err = drytwin(capsys, monkeypatch, *args, *(a for s in sets for a in ("--set", s)))
    if expected == "refused":
        reason = "hall dew point" if "dew point" in case else "smaller than one mixer batch"
        assert code == 1 and reason in err, err
        return
    assert code == 0, err
    summary = json.loads(out)
    assert summary["produced_length_m"] >= 0.0 and summary["good_length_m"] <= summary["produced_length_m"]
    if case == "every station failing constantly":
        assert summary["oee"] < 0.05
    if expected == "warns":
        assert "outside the calibrated range" in err
        assert any("10–45" in w for w in summary["warnings"])
        assert any("relative humidity [%]: 90" in w for w in summary["warnings"])


def test_a_bf_dough_buffer_of_zero_capacity_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = drytwin(capsys, monkeypatch, "run", str(ROUTE_FILES["BF"]), "--hours", "24", "--json",
                             "--db", str(tmp_path / "s.duckdb"),
                             "--set", "stations.dough_hopper.capacity_kg=0",
                             "--set", "stations.dough_hopper.initial_level_kg=0")
    assert code == 0, err
    assert json.loads(out)["produced_length_m"] > 0.0


# --------------------------------------------------------------------------- paths


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_outputs_stay_in_the_folders_they_name_whatever_the_scenario_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    source = ROUTE_FILES["BF"].read_text(encoding="utf-8")
    scenario = work / "hostile.toml"
    scenario.write_text(source.replace('name = "BF NMC811 baseline"', f"name = {json.dumps(HOSTILE_NAME)}"),
                        encoding="utf-8")
    batch = work / "batch.toml"
    batch.write_text(f'[batch]\nname = {json.dumps(HOSTILE_NAME)}\nscenarios = ["hostile.toml"]\n'
                     'replications = 2\nhours = 1.0\n[sweep]\n'
                     'grid = { "line.speed_m_per_min" = [25.0, 30.0] }\n', encoding="utf-8")
    monkeypatch.chdir(work)
    before = files_under(tmp_path)
    run = drytwin(capsys, monkeypatch, "run", str(scenario), "--hours", "1", "--db", "out/db/run.duckdb",
                  "--export", "out/export")
    batch_run = drytwin(capsys, monkeypatch, "batch", str(batch), "--workers", "1", "--no-progress",
                        "--db", "out/db/batch.duckdb", "--report", "out/report/r.html",
                        "--export", "out/batch")
    assert (run[0], batch_run[0]) == (0, 0), run[2] + batch_run[2]
    written = files_under(tmp_path) - before
    allowed = [work / "out" / name for name in ("db", "export", "report", "batch")]
    assert written and all(any(folder in p.parents for folder in allowed) for p in written), written
    assert {p.name for p in written if p.parent == work / "out" / "db"} <= {"run.duckdb", "batch.duckdb",
                                                                            "run.duckdb.wal",
                                                                            "batch.duckdb.wal"}
    report = (work / "out" / "report" / "r.html").read_text(encoding="utf-8")
    assert "<script>alert" not in report and "&lt;script&gt;alert" in report


# --------------------------------------------------------------------------- a year


@pytest.mark.slow
def test_a_year_at_1_m_segments_stays_near_1_gb() -> None:
    completed = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "year_run.py")],
                               capture_output=True, text=True, timeout=300, check=True)
    figures = json.loads(completed.stdout)
    assert figures["peak_rss_mb"] < 1300.0, figures
    assert figures["segments_computed"] > 10_000_000
    assert figures["segments_kept"] <= 2_000_000
    assert 0.5 < figures["oee"] < 1.0


# --------------------------------------------------------------------------- determinism

DETERMINISM_SCRIPT = """
import json, sys
from pathlib import Path
from line_sim import load_scenario, simulate
from line_sim.studies.batch import ExecutorSpec, load_batch, plan_batch, run_batch
from line_sim.store import ResultsStore

scenario_path, batch_path, db, workers = sys.argv[1:]
summary = simulate(load_scenario(scenario_path), hours=12).summary()
run_batch(plan_batch(load_batch(batch_path)), ResultsStore(db), ExecutorSpec(workers=int(workers)))
with ResultsStore(db)._connect(read_only=True) as con:
    rows = con.execute("SELECT r.batch_key, k.name, k.value FROM runs r JOIN kpis k USING (run_id) "
                       "WHERE k.name <> 'wall_time_s' ORDER BY 1, 2").fetchall()
summary = {k: v for k, v in summary.items() if k not in ("run_id", "wall_time_s")}
print(json.dumps({"run": summary, "batch": rows}, sort_keys=True, default=str))
"""


def kpis_in_subprocess(tmp_path: Path, hash_seed: str, workers: int) -> dict[str, Any]:
    batch = tmp_path / "batch.toml"
    names = json.dumps([str(ROUTE_FILES["BF"]), str(ROUTE_FILES["DPSD"])])
    batch.write_text(f"[batch]\nscenarios = {names}\nreplications = 2\nseed = 5\nhours = 4.0\n"
                     "common_random_numbers = false\n[sweep]\n"
                     'grid = { "environment.relative_humidity_pct" = [1.0, 5.0] }\n', encoding="utf-8")
    db = tmp_path / f"store-{hash_seed}.duckdb"
    completed = subprocess.run(
        [sys.executable, "-c", DETERMINISM_SCRIPT, str(ROUTE_FILES["slurry"]), str(batch), str(db),
         str(workers)], capture_output=True, text=True, timeout=300, check=True,
        env={**os.environ, "PYTHONHASHSEED": hash_seed})
    return json.loads(completed.stdout)


def test_kpis_do_not_depend_on_hash_seed_or_worker_count(tmp_path: Path) -> None:
    first = kpis_in_subprocess(tmp_path, "0", workers=1)
    second = kpis_in_subprocess(tmp_path, "4242", workers=2)
    assert len(first["batch"]) > 100
    assert first == second
