"""Batch worker processes die with their parent, and a stopped batch exits at once.

These tests drive ``drytwin batch`` as a subprocess and watch its worker processes through
``/proc`` (Linux only). Every wait is bounded, and whatever the outcome every process a
test started is killed by its id before the test ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "bf_nmc811_baseline.toml"
START_TIMEOUT_S = 60.0
WORKER_DEATH_LIMIT_S = 3.0
INTERRUPT_EXIT_LIMIT_S = 1.5

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


# --------------------------------------------------------------------------- /proc helpers


def proc_stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, start time) of a process, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # the command name may hold spaces
    return fields[0], int(fields[1]), int(fields[19])


def children(pid: int) -> dict[int, int]:
    """Child pid → start time of every live child of ``pid``."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = proc_stat(int(entry.name))
            if stat is not None and stat[1] == pid and stat[0] != "Z":
                found[int(entry.name)] = stat[2]
    return found


def alive(pid: int, started: int) -> bool:
    """The process that had this start time still runs (a zombie counts as dead)."""
    stat = proc_stat(pid)
    return stat is not None and stat[2] == started and stat[0] != "Z"


def kill_quietly(pid: int, started: int | None = None) -> None:
    """SIGKILL one process by id (if it is still the one that started at ``started``)."""
    if started is None or alive(pid, started):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory of a process [MB] (0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# --------------------------------------------------------------------------- the batch


def write_busy_batch(folder: Path, replications: int = 40, hours: int = 720) -> Path:
    """A batch whose runs take about a second each, so its workers stay busy."""
    path = folder / "busy.toml"
    path.write_text(f'[batch]\nscenarios = ["{BASELINE}"]\nreplications = {replications}\n'
                    f"seed = 11\nhours = {hours}\n", encoding="utf-8")
    return path


class BatchProcess:
    """``drytwin batch`` in a subprocess, with every child process it was seen to have."""

    def __init__(self, batch: Path, db: Path, *options: str) -> None:
        self.popen = subprocess.Popen(
            [sys.executable, "-c", "from line_sim.cli import main; main()", "batch", str(batch),
             "--db", str(db), "--no-progress", *options],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.pid = self.popen.pid
        self.seen: dict[int, int] = {}

    def children(self) -> dict[int, int]:
        """Its live children now (and remembered for the clean-up)."""
        found = children(self.pid)
        self.seen.update(found)
        return found

    def wait_for_workers(self, count: int) -> dict[int, int]:
        """Its worker processes, once ``count`` of them exist."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline and self.popen.poll() is None:
            workers = self.children()
            if len(workers) >= count:
                return workers
            time.sleep(0.05)
        raise AssertionError(f"{count} workers did not start within {START_TIMEOUT_S} s "
                             f"(exit code {self.popen.poll()})")

    def kill_all(self) -> None:
        """SIGKILL the batch and every child seen, by id; reap the batch."""
        if self.popen.poll() is None:
            self.children()
            self.popen.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.communicate(timeout=10)
        for pid, started in self.seen.items():
            kill_quietly(pid, started)


@contextlib.contextmanager
def batch_process(batch: Path, db: Path, *options: str) -> Iterator[BatchProcess]:
    """A running ``drytwin batch``; it and its children are killed on the way out."""
    process = BatchProcess(batch, db, *options)
    try:
        yield process
    finally:
        process.kill_all()


def stored_runs(db: Path) -> int:
    if not db.exists():
        return 0
    with contextlib.suppress(duckdb.Error), duckdb.connect(str(db), read_only=True) as con:
        return int(con.execute("SELECT count(*) FROM runs").fetchone()[0])
    return 0


def wait_for_stored_runs(db: Path, process: BatchProcess, at_least: int = 1) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and process.popen.poll() is None:
        process.children()
        if stored_runs(db) >= at_least:
            return
        time.sleep(0.1)
    raise AssertionError(f"no run stored within {START_TIMEOUT_S} s "
                         f"(exit code {process.popen.poll()})")


# --------------------------------------------------------------------------- tests


@pytest.mark.slow
@pytest.mark.parametrize("executor", ["--workers=2", "--dask-local=2"])
def test_workers_die_with_a_killed_parent(executor: str, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with batch_process(write_busy_batch(tmp_path), db, executor) as process:
        process.wait_for_workers(2)
        wait_for_stored_runs(db, process)  # the workers are simulating now
        workers = process.children()
        rss = {pid: peak_rss_mb(pid) for pid in workers}
        os.kill(process.pid, signal.SIGKILL)
        killed = time.monotonic()
        process.popen.wait(timeout=10)
        left = dict(workers)
        while left and time.monotonic() - killed < WORKER_DEATH_LIMIT_S:
            left = {pid: s for pid, s in left.items() if alive(pid, s)}
            time.sleep(0.02)
        lifetime = time.monotonic() - killed
        print(f"{executor}: {len(workers)} workers gone {lifetime:.2f} s after SIGKILL of the "
              "parent; peak RSS "
              + ", ".join(f"{mb:.0f} MB" for mb in rss.values()))
        assert not left, f"workers {sorted(left)} still alive {WORKER_DEATH_LIMIT_S} s after " \
            "their parent was killed"


def whole_runs(db: Path) -> dict[str, int]:
    """Runs, and runs with KPI, event, coil and interval rows; rows of unknown runs."""
    with duckdb.connect(str(db), read_only=True) as con:
        counts = {"runs": con.execute("SELECT count(*) FROM runs").fetchone()[0],
                  "keys": con.execute("SELECT count(DISTINCT batch_key) FROM runs").fetchone()[0]}
        for table in ("kpis", "events", "coils", "intervals"):
            counts[f"runs_with_{table}"] = con.execute(
                f"SELECT count(DISTINCT run_id) FROM {table} WHERE run_id IN "
                "(SELECT run_id FROM runs)").fetchone()[0]
            counts[f"orphans_in_{table}"] = con.execute(
                f"SELECT count(*) FROM {table} WHERE run_id NOT IN "
                "(SELECT run_id FROM runs)").fetchone()[0]
    return counts


@pytest.mark.slow
@pytest.mark.parametrize("executor", ["--workers=2", "--workers=1", "--dask-local=2"])
def test_ctrl_c_stops_a_batch_within_a_second_and_keeps_whole_runs(executor: str,
                                                                    tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    replications = 40
    with batch_process(write_busy_batch(tmp_path, replications), db, executor) as process:
        wait_for_stored_runs(db, process)
        time.sleep(0.3)  # mid-run
        os.kill(process.pid, signal.SIGINT)
        sent = time.monotonic()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.popen.wait(timeout=30)
        elapsed = time.monotonic() - sent
        _, stderr = process.popen.communicate(timeout=10)
        print(f"{executor}: exit {elapsed:.2f} s after SIGINT")
        assert process.popen.returncode == 130, stderr
        assert "interrupted" in stderr and "Traceback" not in stderr
        assert elapsed < INTERRUPT_EXIT_LIMIT_S, f"exit {elapsed:.2f} s after SIGINT"
        left = dict(process.seen)
        deadline = time.monotonic() + WORKER_DEATH_LIMIT_S
        while left and time.monotonic() < deadline:
            left = {pid: s for pid, s in left.items() if alive(pid, s)}
            time.sleep(0.02)
        assert not left, f"workers {sorted(left)} outlive the interrupted batch"
    counts = whole_runs(db)
    assert 0 < counts["runs"] < replications
    assert counts["runs"] == counts["keys"]
    for table in ("kpis", "events", "coils", "intervals"):
        assert counts[f"runs_with_{table}"] == counts["runs"], table
        assert counts[f"orphans_in_{table}"] == 0, table
    assert f"{counts['runs']} of {replications} runs" in stderr


WATCHED_CHILD = """
import os, sys, threading, time
from line_sim.studies.batch.executors import _watch_parent
threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
print("watching", flush=True)
time.sleep(60)
"""
MIDDLE = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdout=subprocess.PIPE, text=True)
child.stdout.readline()
print(child.pid, flush=True)
time.sleep(60)
"""


def test_parent_watch_thread_ends_a_worker_whose_parent_died() -> None:
    """The portable fallback of ``prctl``: a thread that polls the parent pid."""
    middle = subprocess.Popen([sys.executable, "-c", MIDDLE, WATCHED_CHILD],
                              stdout=subprocess.PIPE, text=True)
    child = started = None
    try:
        child = int(middle.stdout.readline())
        started = proc_stat(child)[2]
        middle.kill()
        middle.wait(timeout=10)
        killed = time.monotonic()
        while alive(child, started) and time.monotonic() - killed < WORKER_DEATH_LIMIT_S:
            time.sleep(0.02)
        assert not alive(child, started), "the watched process outlived its parent"
    finally:
        if middle.poll() is None:
            middle.kill()
        if child is not None and started is not None:
            kill_quietly(child, started)
        middle.communicate(timeout=10)


def test_a_worker_killed_mid_run_is_reported_not_waited_for(tmp_path: Path) -> None:
    from line_sim.studies.batch import ProcessExecutor, WorkerLostError, load_batch, plan_batch

    plan = plan_batch(load_batch(write_busy_batch(tmp_path, replications=4)))
    pool = ProcessExecutor(2)
    pids = pool.pids()
    try:
        pool.submit(list(plan.tasks))
        time.sleep(0.3)
        os.kill(pids[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        with pytest.raises(WorkerLostError, match=f"{pids[0]} was killed by SIGKILL"):
            while time.monotonic() < deadline:
                pool.finished(0.1)
    finally:
        pool.cancel()
    assert not any(alive(pid, proc_stat(pid)[2]) for pid in pids if proc_stat(pid))


def test_an_error_in_a_worker_reaches_the_parent(tmp_path: Path) -> None:
    import dataclasses

    from line_sim.errors import InputError
    from line_sim.studies.batch import ProcessExecutor, load_batch, plan_batch

    plan = plan_batch(load_batch(write_busy_batch(tmp_path, replications=1, hours=1)))
    pool = ProcessExecutor(1)
    try:
        pool.submit([dataclasses.replace(plan.tasks[0], hours=-1.0)])
        deadline = time.monotonic() + 30
        with pytest.raises(InputError, match="hours"):
            while time.monotonic() < deadline:
                pool.finished(0.1)
    finally:
        pool.close()
