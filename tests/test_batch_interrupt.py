"""A batch stopped by SIGINT or SIGTERM keeps exactly its finished runs and resumes."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from line_sim.store import ResultsStore
from line_sim.studies.batch import load_batch, plan_batch

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "bf_nmc811_baseline.toml"
N_RUNS = 150
START_TIMEOUT_S = 60.0


def stored_counts(db: Path) -> dict[str, int]:
    """Runs, runs with KPI rows, KPI rows of unknown runs, and distinct batch keys."""
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(zip(("runs", "runs_with_kpis", "orphan_kpi_runs", "keys"), con.execute(
            "SELECT (SELECT count(*) FROM runs), "
            "(SELECT count(DISTINCT run_id) FROM kpis WHERE run_id IN (SELECT run_id FROM runs)), "
            "(SELECT count(DISTINCT run_id) FROM kpis WHERE run_id NOT IN (SELECT run_id FROM runs)), "
            "(SELECT count(DISTINCT batch_key) FROM runs)").fetchone(), strict=True))


def start_batch(batch: Path, db: Path, workers: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", "from line_sim.cli import main; main()", "batch", str(batch),
         "--workers", workers, "--db", str(db), "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_first_runs(db: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists() and not ResultsStore(db).runs().empty:
            return
        time.sleep(0.2)
    raise AssertionError(f"no run stored within {START_TIMEOUT_S} s: {process.poll()}")


@pytest.mark.slow
@pytest.mark.parametrize(("signal_number", "workers"), [(signal.SIGTERM, "2"), (signal.SIGINT, "1")])
def test_interrupted_batch_keeps_finished_runs_and_resumes(signal_number: int, workers: str,
                                                           tmp_path: Path) -> None:
    batch = tmp_path / "batch.toml"
    batch.write_text(f'[batch]\nscenarios = ["{BASELINE}"]\nreplications = {N_RUNS}\nseed = 3\n'
                     "hours = 24\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    process = start_batch(batch, db, workers)
    wait_for_first_runs(db, process)
    process.send_signal(signal_number)
    _, stderr = process.communicate(timeout=60)

    assert process.returncode == 128 + signal_number, stderr
    assert "Traceback" not in stderr
    assert f"interrupted by {signal.Signals(signal_number).name}" in stderr
    counts = stored_counts(db)
    assert 0 < counts["runs"] < N_RUNS, "the batch must stop midway"
    assert counts["runs"] == counts["runs_with_kpis"] == counts["keys"]
    assert counts["orphan_kpi_runs"] == 0
    assert f"{counts['runs']} of {N_RUNS} runs" in stderr

    rerun = start_batch(batch, db, workers)
    stdout, stderr = rerun.communicate(timeout=240)
    assert rerun.returncode == 0, stderr
    assert f"{counts['runs']} already stored, {N_RUNS - counts['runs']} simulated" in stdout
    final = stored_counts(db)
    assert final["runs"] == final["keys"] == final["runs_with_kpis"] == N_RUNS
    plan = plan_batch(load_batch(batch))
    assert ResultsStore(db).run_ids_for_batch(plan.batch_id) == {t.key for t in plan.tasks}
