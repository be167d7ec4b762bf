"""Batch runs: schema, planning and seeds, statistics, executors, resume and bad input."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from line_sim.errors import InputError
from line_sim.store import ResultsStore
from line_sim.studies.batch import (
    ExecutorSpec,
    batch_key,
    batch_runs,
    batch_statistics,
    describe,
    load_batch,
    plan_batch,
    run_batch,
    run_seed,
)

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "bf_nmc811_baseline.toml"


def write_batch(folder: Path, body: str, name: str = "batch.toml") -> Path:
    """A batch file in ``folder`` whose scenarios are named relative to the repository."""
    path = folder / name
    path.write_text(body.replace("BASELINE", str(BASELINE)), encoding="utf-8")
    return path


MINIMAL = """
[batch]
scenarios = ["BASELINE"]
replications = 3
seed = 1
hours = 2
"""

SWEEP = MINIMAL + """
[sweep]
grid = { "line.speed_m_per_min" = [25.0, 35.0] }
"""


# --------------------------------------------------------------------------- planning


def test_minimal_batch_plans_one_run_per_replication(tmp_path: Path) -> None:
    plan = plan_batch(load_batch(write_batch(tmp_path, MINIMAL)))
    assert len(plan.tasks) == 3
    assert [t.replication for t in plan.tasks] == [0, 1, 2]
    assert len({t.seed for t in plan.tasks}) == 3
    assert all(t.hours == 2 for t in plan.tasks)


def test_grid_sweep_sets_the_field_of_every_point(tmp_path: Path) -> None:
    plan = plan_batch(load_batch(write_batch(tmp_path, SWEEP)))
    assert len(plan.tasks) == 2 * 3
    speeds = sorted({t.scenario.line.speed_m_per_min for t in plan.tasks})
    assert speeds == [25.0, 35.0]


def test_latin_hypercube_points_lie_in_their_ranges_and_repeat(tmp_path: Path) -> None:
    body = MINIMAL + """
[sweep]
method = "lhs"
samples = 5
ranges = { "environment.temperature_c" = [18.0, 28.0] }
grid = { "line.speed_m_per_min" = [25.0, 35.0] }
"""
    path = write_batch(tmp_path, body)
    first, again = plan_batch(load_batch(path)), plan_batch(load_batch(path))
    temperatures = [p["environment.temperature_c"] for p in first.points]
    assert len(first.points) == 2 * 5
    assert all(18.0 <= t <= 28.0 for t in temperatures)
    assert len(set(temperatures[:5])) == 5  # one value per stratum
    assert first.points == again.points
    assert first.batch_id == again.batch_id


def test_common_random_numbers_share_seeds_across_scenarios_and_points() -> None:
    shared = {run_seed(1, 4, h, p, True) for h in ("a", "b") for p in (0, 3)}
    independent = {run_seed(1, 4, h, p, False) for h in ("a", "b") for p in (0, 3)}
    assert len(shared) == 1
    assert len(independent) == 4
    assert run_seed(1, 4, "a", 0, True) != run_seed(2, 4, "a", 0, True)
    assert 0 <= run_seed(1, 4, "a", 0, False) < 2**63


def test_batch_id_ignores_replications_but_not_the_definition(tmp_path: Path) -> None:
    base = plan_batch(load_batch(write_batch(tmp_path, MINIMAL, "a.toml")))
    more = plan_batch(load_batch(write_batch(tmp_path, MINIMAL.replace("replications = 3",
                                                                       "replications = 5"), "b.toml")))
    other_seed = plan_batch(load_batch(write_batch(tmp_path, MINIMAL.replace("seed = 1", "seed = 2"),
                                                   "c.toml")))
    assert base.batch_id == more.batch_id
    assert base.batch_id != other_seed.batch_id
    assert [t.seed for t in more.tasks[:3]] == [t.seed for t in base.tasks]


def test_scenario_paths_resolve_relative_to_the_batch_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "line.toml").write_text(BASELINE.read_text(encoding="utf-8"),
                                                encoding="utf-8")
    path = write_batch(tmp_path / "sub", MINIMAL.replace("BASELINE", "line.toml"))
    assert load_batch(path).scenario_paths == (tmp_path / "sub" / "line.toml",)


# --------------------------------------------------------------------------- statistics


def test_describe_is_the_student_t_interval() -> None:
    values = np.array([1.0, 2.0, 4.0, 7.0])
    result = describe(values)
    low, high = stats.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=stats.sem(values))
    assert result["mean"] == pytest.approx(3.5)
    assert result["std"] == pytest.approx(values.std(ddof=1))
    assert result["ci95"] == pytest.approx((high - low) / 2)
    assert result["n"] == 4
    assert math.isnan(describe(np.array([2.0]))["ci95"])


@pytest.fixture(scope="module")
def sweep_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A grid batch run once in-process; returns the batch file and its store."""
    folder = tmp_path_factory.mktemp("sweep")
    path = write_batch(folder, SWEEP)
    db = folder / "serial.duckdb"
    run_batch(plan_batch(load_batch(path)), ResultsStore(db), ExecutorSpec(workers=1), progress=None)
    return path, db


def test_groups_hold_mean_and_ci_of_the_stored_runs(sweep_batch: tuple[Path, Path]) -> None:
    path, db = sweep_batch
    plan = plan_batch(load_batch(path))
    runs = batch_runs(plan, ResultsStore(db))
    groups = batch_statistics(plan, ResultsStore(db))["groups"]
    assert len(runs) == 6
    assert [g["sweep"] for g in groups] == [{"line.speed_m_per_min": 25.0},
                                            {"line.speed_m_per_min": 35.0}]
    first = runs[runs["point_index"] == 0]["produced_length_m"].to_numpy()
    produced = groups[0]["kpis"]["produced_length_m"]
    assert produced["mean"] == pytest.approx(first.mean())
    assert produced["n"] == 3
    assert groups[1]["kpis"]["produced_length_m"]["mean"] > produced["mean"]  # faster line


def test_paired_differences_subtract_the_first_scenario_run_by_run(tmp_path: Path) -> None:
    faster = tmp_path / "faster.toml"
    faster.write_text(BASELINE.read_text(encoding="utf-8").replace(
        "speed_m_per_min = 30.0", "speed_m_per_min = 36.0"), encoding="utf-8")
    path = write_batch(tmp_path, MINIMAL.replace('["BASELINE"]', f'["BASELINE", "{faster}"]'))
    plan = plan_batch(load_batch(path))
    store = ResultsStore(tmp_path / "s.duckdb")
    run_batch(plan, store, ExecutorSpec(workers=1), progress=None)
    runs = batch_runs(plan, store)
    difference = batch_statistics(plan, store)["paired_differences"][0]
    by_scenario = [runs[runs["scenario_index"] == i]["produced_length_m"].to_numpy() for i in (0, 1)]
    expected = describe(by_scenario[1] - by_scenario[0])
    assert difference["baseline"] == plan.scenario_names[0]
    assert difference["kpis"]["produced_length_m"] == pytest.approx(expected, nan_ok=True)
    assert difference["kpis"]["produced_length_m"]["mean"] > 0.0


# --------------------------------------------------------------------------- executors & resume


def _tables(path: Path, db: Path) -> str:
    return json.dumps(batch_statistics(plan_batch(load_batch(path)), ResultsStore(db)),
                      sort_keys=True)


@pytest.mark.slow
def test_serial_process_pool_and_dask_store_identical_groups(sweep_batch: tuple[Path, Path],
                                                             tmp_path: Path) -> None:
    path, serial_db = sweep_batch
    plan = plan_batch(load_batch(path))
    for name, spec in (("pool", ExecutorSpec(workers=2)), ("dask", ExecutorSpec(dask_local_workers=2))):
        report = run_batch(plan, ResultsStore(tmp_path / f"{name}.duckdb"), spec, progress=None)
        assert report.n_simulated == len(plan.tasks)
        assert _tables(path, tmp_path / f"{name}.duckdb") == _tables(path, serial_db), name


def test_rerun_skips_stored_runs_and_more_replications_extend_the_batch(tmp_path: Path) -> None:
    path = write_batch(tmp_path, MINIMAL)
    store = ResultsStore(tmp_path / "s.duckdb")
    first = run_batch(plan_batch(load_batch(path)), store, ExecutorSpec(workers=1), progress=None)
    again = run_batch(plan_batch(load_batch(path)), store, ExecutorSpec(workers=1), progress=None)
    path.write_text(path.read_text().replace("replications = 3", "replications = 4"))
    extended = run_batch(plan_batch(load_batch(path)), store, ExecutorSpec(workers=1), progress=None)
    assert (first.n_simulated, first.n_skipped_existing) == (3, 0)
    assert (again.n_simulated, again.n_skipped_existing) == (0, 3)
    assert (extended.n_simulated, extended.n_skipped_existing) == (1, 3)
    keys = store.run_ids_for_batch(first.batch_id)
    assert keys == {batch_key(0, 0, r) for r in range(4)}


# --------------------------------------------------------------------------- command line


def drytwin(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a subprocess."""
    return subprocess.run([sys.executable, "-c", "from line_sim.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=240)


def test_cli_json_report_and_export(tmp_path: Path) -> None:
    path = write_batch(tmp_path, SWEEP)
    result = drytwin("batch", str(path), "--workers", "1", "--db", "s.duckdb", "--json",
                     "--report", "report.html", "--export", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["n_runs"], data["n_skipped_existing"]) == (6, 0)
    assert data["wall_time_s"] > 0
    group = data["groups"][1]
    assert group["sweep"] == {"line.speed_m_per_min": 35.0}
    assert set(group["kpis"]["throughput_good_m2_per_h"]) == {"mean", "std", "ci95", "n"}
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<svg" in page and "throughput_good_m2_per_h" in page
    assert "<script src" not in page and "<link" not in page
    assert (tmp_path / "out" / "runs.parquet").is_file()
    assert len((tmp_path / "out" / "runs.csv").read_text().splitlines()) == 1 + 6


BAD_INPUTS = {
    "missing scenario": (MINIMAL.replace("BASELINE", "no_such_scenario.toml"),
                         ["batch.scenarios[0]", "no_such_scenario.toml", "file not found"]),
    "unknown sweep key": (MINIMAL + '[sweep]\ngrid = { "line.sped_m_per_min" = [20.0] }\n',
                          ["line.sped_m_per_min", "allowed", "speed_m_per_min"]),
    "empty range": (MINIMAL + '[sweep]\nmethod = "lhs"\nranges = { "line.speed_m_per_min" = '
                    '[30.0, 30.0] }\n', ["sweep.ranges", "empty", "low < high"]),
    "empty grid": (MINIMAL + '[sweep]\ngrid = { "line.speed_m_per_min" = [] }\n',
                   ["sweep.grid", "empty"]),
    "value out of range": (MINIMAL + '[sweep]\ngrid = { "line.speed_m_per_min" = [-5.0] }\n',
                           ["line.speed_m_per_min", "-5.0", "greater than 0"]),
    "unknown batch key": (MINIMAL + "replicates = 2\n", ["batch.replicates", "unknown key",
                                                         "replications"]),
    "zero replications": (MINIMAL.replace("replications = 3", "replications = 0"),
                          ["batch.replications", "greater than or equal to 1"]),
    "same scenario twice": (MINIMAL.replace('["BASELINE"]', '["BASELINE", "BASELINE"]'),
                            ["batch.scenarios[1]", "bf_nmc811_baseline.toml",
                             "the same scenario as batch.scenarios[0]", "allowed"]),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_batch_is_refused_before_any_run(case: str, tmp_path: Path) -> None:
    body, expected = BAD_INPUTS[case]
    path = write_batch(tmp_path, body)
    with pytest.raises(InputError) as error:
        plan_batch(load_batch(path))
    assert all(part in str(error.value) for part in expected), str(error.value)


def test_a_copy_of_a_scenario_under_another_name_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy.toml"
    copy.write_text(BASELINE.read_text(encoding="utf-8"), encoding="utf-8")
    path = write_batch(tmp_path, MINIMAL.replace('["BASELINE"]', f'["BASELINE", "{copy}"]'))
    with pytest.raises(InputError) as error:
        load_batch(path)
    message = str(error.value)
    assert str(path) in message and "batch.scenarios[1]" in message and "copy.toml" in message
    assert "the same scenario as batch.scenarios[0]" in message


def test_scenarios_sharing_a_name_get_groups_labelled_apart(tmp_path: Path) -> None:
    faster = tmp_path / "faster.toml"
    faster.write_text(BASELINE.read_text(encoding="utf-8").replace(
        "speed_m_per_min = 30.0", "speed_m_per_min = 36.0"), encoding="utf-8")
    path = write_batch(tmp_path, MINIMAL.replace('["BASELINE"]', f'["BASELINE", "{faster}"]'))
    names = plan_batch(load_batch(path)).scenario_names
    assert len(set(names)) == 2
    assert names[0].startswith("BF NMC811 baseline") and "bf_nmc811_baseline.toml" in names[0]
    assert names[1].startswith("BF NMC811 baseline") and "faster.toml" in names[1]


def test_cli_bad_input_exits_1_without_traceback_or_store(tmp_path: Path) -> None:
    path = write_batch(tmp_path, BAD_INPUTS["unknown sweep key"][0])
    result = drytwin("batch", str(path), "--db", "s.duckdb", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "line.sped_m_per_min" in result.stderr
    assert not (tmp_path / "s.duckdb").exists()


def test_unreachable_scheduler_is_refused_within_seconds(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = write_batch(tmp_path, MINIMAL)
    result = drytwin("batch", str(path), "--scheduler", f"tcp://127.0.0.1:{port}",
                     "--db", "s.duckdb", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"--scheduler tcp://127.0.0.1:{port}" in result.stderr
    assert "cannot reach a Dask scheduler" in result.stderr
    assert not (tmp_path / "s.duckdb").exists()


def test_two_executors_at_once_are_refused() -> None:
    with pytest.raises(InputError, match="choose one executor"):
        ExecutorSpec(workers=2, dask_local_workers=2)


def test_routes_with_their_own_kpis_share_a_batch(tmp_path: Path) -> None:
    dpsd = ROOT / "scenarios" / "dpsd_nmc811_cathode.toml"
    if not dpsd.exists():
        pytest.skip("no DPSD scenario in this tree")
    path = write_batch(tmp_path, MINIMAL.replace('["BASELINE"]', f'["BASELINE", "{dpsd}"]')
                       .replace("replications = 3", "replications = 2"))
    plan = plan_batch(load_batch(path))
    store = ResultsStore(tmp_path / "s.duckdb")
    run_batch(plan, store, ExecutorSpec(workers=1), progress=None)
    bf, spray = batch_statistics(plan, store)["groups"]
    assert "mean_transfer_efficiency" in spray["kpis"]
    assert "mean_transfer_efficiency" not in bf["kpis"]
    assert bf["kpis"]["produced_length_m"]["n"] == spray["kpis"]["produced_length_m"]["n"] == 2
    assert {store.load(r)["coils"].shape[0] > 0 for r in batch_runs(plan, store)["run_id"]} == {True}


def test_batched_writes_store_what_results_store_save_stores(tmp_path: Path) -> None:
    import dataclasses

    import duckdb
    import pandas as pd

    from line_sim import load_scenario, simulate
    from line_sim.store import stored_run
    from line_sim.studies.batch import RunTask

    scenario = load_scenario(BASELINE)
    result = simulate(scenario, seed=3, hours=2)
    task = RunTask(key=batch_key(0, 0, 0), scenario_index=0, point_index=0, replication=0,
                   seed=3, hours=2, scenario=scenario)
    batched, single = ResultsStore(tmp_path / "batched.duckdb"), ResultsStore(tmp_path / "single.duckdb")
    batched.save_many([stored_run(dataclasses.replace(result, segments=pd.DataFrame()))], "b", [task.key])
    single.save(result, "b", task.key)
    stored, expected = batched.load(result.run_id), single.load(result.run_id)
    for table in ("coils", "intervals", "events"):
        pd.testing.assert_frame_equal(stored[table], expected[table])
    assert stored["summary"] == expected["summary"]
    assert stored["scenario"] == expected["scenario"]
    query = "SELECT * EXCLUDE (created_utc) FROM runs"
    kpi_query = "SELECT name, value FROM kpis ORDER BY name"
    rows = []
    for store in (batched, single):
        with duckdb.connect(str(store.path), read_only=True) as con:
            rows.append((con.execute(query).fetchall(), con.execute(kpi_query).fetchall()))
    assert rows[0] == rows[1]
