"""What ``drytwin batch`` and ``drytwin sensitivity`` refuse before they simulate anything.

The same batch twice at once on one store, output targets that cannot be written, the same
scenario twice in a batch file, and large batches without ``--yes``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from line_sim.errors import InputError
from line_sim.store import ResultsStore
from line_sim.studies.batch import load_batch, plan_batch
from line_sim.studies.batch.lease import BatchRunningError, batch_lease, lease_path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "bf_nmc811_baseline.toml"
START_TIMEOUT_S = 60.0

SMALL = f"""
[batch]
scenarios = ["{BASELINE}"]
replications = 2
seed = 1
hours = 2
"""

STUDY = SMALL + """
[sensitivity]
method = "morris"
samples = 2

[sensitivity.ranges]
"line.speed_m_per_min" = [20.0, 40.0]
"""


def drytwin(*args: str, cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from line_sim.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=timeout)


def write(folder: Path, body: str, name: str = "batch.toml") -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the batch lease


@pytest.mark.parametrize("command", ["batch", "sensitivity"])
def test_a_batch_running_elsewhere_is_refused_before_any_run(command: str, tmp_path: Path) -> None:
    from line_sim.studies.sensitivity import plan_sensitivity

    path = write(tmp_path, STUDY)
    db = tmp_path / "s.duckdb"
    definition = load_batch(path)
    plan = plan_batch(definition) if command == "batch" else plan_sensitivity(definition).plan
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from line_sim.studies.batch.lease import batch_lease\n"
         "with batch_lease(sys.argv[1], sys.argv[2]):\n"
         "    print('held', flush=True)\n"
         "    time.sleep(60)\n", str(db), plan.batch_id],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        result = drytwin(command, str(path), "--workers", "1", "--db", str(db), cwd=tmp_path)
        elapsed = time.monotonic() - started
    finally:
        holder.kill()
        holder.communicate(timeout=10)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (f"batch {plan.batch_id} of {path} is already running in process {holder.pid} on "
            f"{db}; wait for it or stop it") in result.stderr
    assert not db.exists() or ResultsStore(db).runs().empty
    print(f"refused in {elapsed:.2f} s")


def test_the_lease_is_exclusive_reentrant_and_ends_with_its_process(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with batch_lease(db, "abc", "b.toml") as lock, batch_lease(db, "abc"):
        assert lock == lease_path(db, "abc") == tmp_path / "s.duckdb.batch-abc.lock"
        assert lock.read_text().strip() == str(os.getpid())
        child = subprocess.run(
            [sys.executable, "-c", "import sys\n"
             "from line_sim.studies.batch.lease import batch_lease\n"
             "with batch_lease(sys.argv[1], 'abc', 'b.toml'):\n    pass\n", str(db)],
            capture_output=True, text=True, timeout=60)
        assert child.returncode != 0
        assert f"batch abc of b.toml is already running in process {os.getpid()}" in child.stderr
        with batch_lease(db, "other"):  # another batch on the same store is free to run
            pass
        (tmp_path / "link.duckdb").symlink_to(db)
        linked = subprocess.run(  # the same store by another name
            [sys.executable, "-c", "import sys\n"
             "from line_sim.studies.batch.lease import batch_lease\n"
             "with batch_lease(sys.argv[1], 'abc'):\n    pass\n",
             str(tmp_path / "link.duckdb")], capture_output=True, text=True, timeout=60)
        assert linked.returncode != 0
        assert f"is already running in process {os.getpid()}" in linked.stderr
    assert not lock.exists()
    killed = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from line_sim.studies.batch.lease import batch_lease\n"
         "with batch_lease(sys.argv[1], 'abc'):\n    print('held', flush=True)\n"
         "    time.sleep(60)\n", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert killed.stdout.readline().strip() == "held"
        with pytest.raises(BatchRunningError, match=f"in process {killed.pid} on"), \
                batch_lease(db, "abc"):
            pass
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=10)
        assert lock.exists()  # left behind, but nobody holds it
        with batch_lease(db, "abc"):
            pass
    finally:
        if killed.poll() is None:
            killed.kill()
        killed.communicate(timeout=10)


@pytest.mark.slow
def test_two_drytwin_batch_processes_of_one_batch(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL.replace("replications = 2", "replications = 30")
                 .replace("hours = 2", "hours = 720"))
    db = tmp_path / "s.duckdb"
    first = subprocess.Popen(
        [sys.executable, "-c", "from line_sim.cli import main; main()", "batch", str(path),
         "--workers", "1", "--db", str(db), "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        lock = lease_path(db, plan_batch(load_batch(path)).batch_id)
        while not lock.exists() and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.05)
        assert lock.exists(), "the first batch never took its lease"
        second = drytwin("batch", str(path), "--workers", "1", "--db", str(db), cwd=tmp_path)
        assert second.returncode == 1, second.stderr
        assert f"is already running in process {first.pid} on {db}" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        if first.poll() is None:
            first.send_signal(signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            first.communicate(timeout=30)
        if first.poll() is None:
            first.kill()
            first.communicate(timeout=10)
    assert first.returncode == 130
    assert not lock.exists()


# --------------------------------------------------------------------------- output targets


def _targets(tmp_path: Path) -> dict[str, tuple[list[str], list[str]]]:
    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    (tmp_path / "a_folder").mkdir()
    return {
        "export under a file": (["--export", "a_file/out"],
                                ["--export a_file/out", "a_file", "not a folder"]),
        "export is a file": (["--export", "a_file"], ["--export a_file", "not a folder"]),
        "report is a folder": (["--report", "a_folder"], ["--report a_folder", "is a folder",
                                                          "allowed"]),
        "report under a file": (["--report", "a_file/r.html"],
                                ["--report a_file/r.html", "a_file", "not a folder"]),
    }


@pytest.mark.parametrize("case", ["export under a file", "export is a file", "report is a folder",
                                  "report under a file"])
def test_unwritable_outputs_are_refused_before_any_run(case: str, tmp_path: Path) -> None:
    path = write(tmp_path, SMALL)
    options, expected = _targets(tmp_path)[case]
    result = drytwin("batch", str(path), "--workers", "1", "--db", "s.duckdb", *options,
                     cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert all(part in result.stderr for part in expected), result.stderr
    assert not (tmp_path / "s.duckdb").exists(), "runs were simulated before the refusal"


def test_sensitivity_report_target_is_checked_before_any_run(tmp_path: Path) -> None:
    path = write(tmp_path, STUDY)
    (tmp_path / "a_folder").mkdir()
    result = drytwin("sensitivity", str(path), "--workers", "1", "--db", "s.duckdb",
                     "--report", "a_folder", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "--report a_folder" in result.stderr and "is a folder" in result.stderr
    assert not (tmp_path / "s.duckdb").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_report_in_a_read_only_folder_is_refused_before_any_run(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = drytwin("batch", str(path), "--workers", "1", "--db", "s.duckdb",
                         "--report", "locked/r.html", cwd=tmp_path)
    finally:
        locked.chmod(0o700)
    assert result.returncode == 1, result.stderr
    assert "--report locked/r.html" in result.stderr and "not writable" in result.stderr
    assert not (tmp_path / "s.duckdb").exists()


def test_read_only_targets_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    from line_sim.studies.batch import check_export_target, check_report_target, outputs

    read_only = types.SimpleNamespace(access=lambda path, mode: False, W_OK=os.W_OK, X_OK=os.X_OK)
    monkeypatch.setattr(outputs, "os", read_only)  # as if not root
    with pytest.raises(InputError, match=r"--report .*r\.html: folder .* is not writable"):
        check_report_target(tmp_path / "r.html")
    with pytest.raises(InputError, match=r"--export .*out: folder .* is not writable"):
        check_export_target(tmp_path / "new" / "out")
    with pytest.raises(InputError, match="the folder is not writable"):
        check_export_target(tmp_path)


# --------------------------------------------------------------------------- large batches


def test_a_large_batch_needs_yes_and_says_what_it_would_cost(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL.replace("replications = 2", "replications = 100000")
                 .replace("hours = 2", "hours = 1"))
    started = time.monotonic()
    result = drytwin("batch", str(path), "--db", "s.duckdb", cwd=tmp_path, timeout=90)
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    message = result.stderr
    assert str(path) in message and "100000 runs to simulate" in message
    assert "about" in message and "in the store" in message
    assert "--yes" in message and "2000 runs" in message
    assert not (tmp_path / "s.duckdb").exists()
    assert elapsed < 60, f"the refusal took {elapsed:.1f} s"


def test_a_few_very_long_runs_also_need_yes(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL.replace("replications = 2", "replications = 900")
                 .replace("hours = 2", "hours = 8784"))
    result = drytwin("batch", str(path), "--workers", "1", "--db", "s.duckdb", cwd=tmp_path,
                     timeout=90)
    assert result.returncode == 1, result.stderr
    assert "900 runs to simulate" in result.stderr and "on 1 worker" in result.stderr
    assert "--yes" in result.stderr
    assert not (tmp_path / "s.duckdb").exists()


def test_a_large_sensitivity_study_needs_yes(tmp_path: Path) -> None:
    path = write(tmp_path, STUDY.replace('method = "morris"\nsamples = 2',
                                         'method = "sobol"\nsamples = 1024'))
    result = drytwin("sensitivity", str(path), "--db", "s.duckdb", cwd=tmp_path, timeout=90)
    assert result.returncode == 1, result.stderr
    assert "6144 runs to simulate" in result.stderr  # 1024·(1 + 2) points × 2 and "--yes" in result.stderr
    assert not (tmp_path / "s.duckdb").exists()


def test_yes_runs_a_large_batch_and_a_small_one_states_its_estimate(tmp_path: Path) -> None:
    small = drytwin("batch", str(write(tmp_path, SMALL)), "--workers", "1", "--db", "s.duckdb",
                    "--no-progress", cwd=tmp_path)
    assert small.returncode == 0, small.stderr
    assert "2 runs to simulate (of 2), about" in small.stderr
    path = write(tmp_path, SMALL.replace("replications = 2", "replications = 2001")
                 .replace("hours = 2", "hours = 1"), "large.toml")
    db = tmp_path / "large.duckdb"
    process = subprocess.Popen(
        [sys.executable, "-c", "from line_sim.cli import main; main()", "batch", str(path),
         "--workers", "1", "--db", str(db), "--no-progress", "--yes"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline and process.poll() is None and not db.exists():
            time.sleep(0.05)
        assert db.exists(), f"no run stored with --yes ({process.poll()})"
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
    assert process.returncode == 130, stderr
    assert "2001 runs to simulate" in stderr


def test_estimate_scales_with_runs_horizon_and_workers(tmp_path: Path) -> None:
    from line_sim.studies.batch import CONFIRM_RUNS, estimate_batch, format_bytes, format_duration

    day = plan_batch(load_batch(write(tmp_path, SMALL.replace("hours = 2", "hours = 24"))))
    week = plan_batch(load_batch(write(tmp_path, SMALL.replace("hours = 2", "hours = 168"),
                                       "week.toml")))
    one = estimate_batch(day, day.tasks, 1)
    two = estimate_batch(day, day.tasks, 2)
    longer = estimate_batch(week, week.tasks, 1)
    assert (one.n_runs, one.n_pending) == (2, 2)
    assert two.seconds < one.seconds < longer.seconds
    assert 0 < one.store_bytes < longer.store_bytes
    assert not one.needs_confirmation()
    many = estimate_batch(day, day.tasks[:1] * (CONFIRM_RUNS + 1), 2)
    assert many.needs_confirmation()
    assert "2001 runs to simulate (of 2)" in many.describe()
    assert [format_duration(s) for s in (5, 600, 7200, 4 * 86400)] == [
        "5 s", "10 min", "2.0 h", "4.0 days"]
    assert [format_bytes(b) for b in (2e3, 3.4e6, 1.2e9)] == ["2 kB", "3.4 MB", "1.2 GB"]


def test_a_refused_batch_leaves_no_folder_or_lock_behind(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL.replace("replications = 2", "replications = 2001")
                 .replace("hours = 2", "hours = 1"))
    result = drytwin("batch", str(path), "--db", "new/sub/s.duckdb", cwd=tmp_path, timeout=90)
    assert result.returncode == 1, result.stderr
    assert "--yes" in result.stderr
    assert not (tmp_path / "new").exists()


def test_a_store_that_is_a_folder_is_refused_before_any_run(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL)
    (tmp_path / "store").mkdir()
    result = drytwin("batch", str(path), "--workers", "1", "--db", "store", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "store" in result.stderr
    assert "runs to simulate" not in result.stderr
