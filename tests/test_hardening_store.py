"""The results store under SIGKILL, concurrent readers and writers, and foreign versions.

Writers and readers are separate processes (forked, so each starts in milliseconds): DuckDB
locks a database file per process, which is exactly what these tests exercise.
"""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing as mp
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

import line_sim.store.results as store_module
from line_sim import load_scenario, simulate
from line_sim.engine.run import RunResult
from line_sim.errors import StoreError
from line_sim.store import ResultsStore, flat_numbers

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "bf_nmc811_baseline.toml"
FORK = mp.get_context("fork")
N_KILLS = 40
N_CLI_KILLS = 3
ROW_TABLES = ("kpis", "events", "coils", "intervals")


@pytest.fixture(scope="module")
def short_run() -> RunResult:
    return simulate(load_scenario(BASELINE), hours=6)


def expected_rows(result: RunResult) -> dict[str, int]:
    """Rows one saved run has in each table."""
    return {"kpis": len(list(flat_numbers(result.summary()))), "events": len(result.events),
            "coils": len(result.coils), "intervals": len(result.intervals)}


def rows_per_run(db: Path) -> dict[str, dict[str, int]]:
    """Rows per table of every run id found in any table (stored runs and orphans)."""
    with duckdb.connect(str(db), read_only=True) as con:
        counts: dict[str, dict[str, int]] = {
            run_id: {"runs": 1} for (run_id,) in con.execute("SELECT run_id FROM runs").fetchall()}
        for table in ROW_TABLES:
            query = f"SELECT run_id, count(*) FROM {table} GROUP BY run_id"
            for run_id, n in con.execute(query).fetchall():
                counts.setdefault(run_id, {})[table] = n
    return counts


def partial_runs(db: Path, expected: dict[str, int]) -> dict[str, dict[str, int]]:
    """Runs (or orphan rows) whose row counts differ from those of one complete run."""
    complete = {"runs": 1} | expected
    return {run_id: rows for run_id, rows in rows_per_run(db).items()
            if rows != {k: v for k, v in complete.items() if v}}


def with_new_id(result: RunResult) -> RunResult:
    return dataclasses.replace(result, run_id=uuid.uuid4().hex)


def append_line(path: Path, line: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        os.write(fd, (line + "\n").encode())
    finally:
        os.close(fd)


def slow_frames(delay_s: float) -> None:
    """Keep every write transaction open ``delay_s`` longer per frame (to be killed inside it)."""
    original = store_module._insert_by_name

    def slow(con: Any, table: str, data: Any) -> None:
        time.sleep(delay_s)
        original(con, table, data)

    store_module._insert_by_name = slow


def save_forever(db: Path, result: RunResult, markers: Path, delay_s: float) -> None:
    """Child process: save copies of ``result`` until killed, marking each begin and end."""
    slow_frames(delay_s)
    store = ResultsStore(db)
    while True:
        run = with_new_id(result)
        append_line(markers, f"begin {run.run_id}")
        store.save(run)
        append_line(markers, f"done {run.run_id}")


def kill_at_random(target: Callable[[], None], delay_s: float) -> None:
    process = FORK.Process(target=target, daemon=True)
    process.start()
    time.sleep(delay_s)
    os.kill(process.pid, signal.SIGKILL)
    process.join()


def killed_inside_a_save(markers: Path) -> str | None:
    """The id of the run whose save had begun but not returned when the writer was killed."""
    lines = markers.read_text().split() if markers.exists() else []
    return lines[-1] if len(lines) >= 2 and lines[-2] == "begin" else None


def test_sigkill_during_saves_never_leaves_a_partial_run(short_run: RunResult, tmp_path: Path) -> None:
    db, markers = tmp_path / "store.duckdb", tmp_path / "markers.txt"
    expected = expected_rows(short_run)
    ResultsStore(db).save(with_new_id(short_run))
    rng = random.Random(9)
    inside = 0
    for _ in range(N_KILLS):
        delay = rng.choice([0.0, 0.002, 0.01])
        kill_at_random(lambda delay=delay: save_forever(db, short_run, markers, delay),
                       rng.uniform(0.02, 0.35))
        interrupted = killed_inside_a_save(markers)
        inside += interrupted is not None
        assert partial_runs(db, expected) == {}
        assert not ResultsStore(db).runs().empty  # readable without any manual step
    assert inside >= N_KILLS // 4, f"only {inside} of {N_KILLS} kills landed inside a save"
    before = len(ResultsStore(db).runs())
    ResultsStore(db).save(with_new_id(short_run))
    assert len(ResultsStore(db).runs()) == before + 1
    assert partial_runs(db, expected) == {}


def drytwin(*args: str, **popen: Any) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "line_sim.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **popen)


def test_cli_run_killed_at_random_moments_then_the_next_run_saves(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    rng = random.Random(4)
    for _ in range(N_CLI_KILLS):
        process = drytwin("run", str(BASELINE), "--hours", "24", "--db", str(db))
        time.sleep(rng.uniform(0.5, 3.0))
        process.send_signal(signal.SIGKILL)
        process.communicate()
    final = drytwin("run", str(BASELINE), "--hours", "24", "--db", str(db), "--json")
    stdout, stderr = final.communicate(timeout=120)
    assert final.returncode == 0, stderr
    runs = ResultsStore(db).runs()
    assert stdout and runs["run_id"].str.len().eq(32).all() and len(runs) >= 1
    for run_id in runs["run_id"]:
        loaded = ResultsStore(db).load(run_id)
        assert len(loaded["coils"]) == loaded["summary"]["n_coils"]


# --------------------------------------------------------------------------- concurrency


def save_n(db: Path, result: RunResult, n: int) -> None:
    """Child process: save ``n`` copies; exit code 0 only if every save succeeded."""
    store = ResultsStore(db)
    for _ in range(n):
        store.save(with_new_id(result))


def read_until(db: Path, stop: Path, expected: dict[str, int], report: Path) -> None:
    """Child process: list and load runs until ``stop`` exists; write what went wrong."""
    store, reads, seen, problems = ResultsStore(db), 0, set(), []
    while not stop.exists() or reads < 3:  # at least three reads, however fast the writers
        try:
            runs = store.runs()
            for run_id in runs["run_id"].iloc[-3:]:
                loaded = store.load(run_id)
                got = {t: len(loaded[t]) for t in ("events", "coils", "intervals")}
                if got != {t: expected[t] for t in got}:
                    problems.append(f"{run_id}: {got}")
            seen.update(runs["run_id"])
            reads += 1
        except Exception as exc:  # any error is a finding
            problems.append(f"{type(exc).__name__}: {exc}")
    report.write_text(f"{reads} {len(seen)}\n" + "\n".join(problems))


def test_reader_sees_only_complete_runs_while_two_writers_save(short_run: RunResult,
                                                                 tmp_path: Path) -> None:
    db, stop, report = tmp_path / "shared.duckdb", tmp_path / "stop", tmp_path / "report.txt"
    ResultsStore(db).save(with_new_id(short_run))
    per_writer = 12
    reader = FORK.Process(target=read_until, args=(db, stop, expected_rows(short_run), report))
    writers = [FORK.Process(target=save_n, args=(db, short_run, per_writer)) for _ in range(2)]
    reader.start()
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    stop.touch()
    reader.join(timeout=60)

    assert [w.exitcode for w in writers] == [0, 0]
    assert reader.exitcode == 0
    head, *problems = report.read_text().splitlines()
    reads, seen = map(int, head.split())
    assert problems == []
    assert reads >= 3 and seen >= 2
    assert len(ResultsStore(db).runs()) == 1 + 2 * per_writer
    assert partial_runs(db, expected_rows(short_run)) == {}


def hold_write_lock(db: Path, seconds: float) -> None:
    with duckdb.connect(str(db)):
        time.sleep(seconds)


def test_a_writer_blocked_past_the_timeout_gets_a_clear_store_error(
        short_run: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "locked.duckdb"
    ResultsStore(db).save(with_new_id(short_run))
    holder = FORK.Process(target=hold_write_lock, args=(db, 3.0))
    holder.start()
    time.sleep(0.5)
    monkeypatch.setattr("line_sim.store.results.LOCK_RETRY_S", 0.3)
    try:
        for action in (lambda: ResultsStore(db).save(with_new_id(short_run)), ResultsStore(db).runs):
            with pytest.raises(StoreError) as caught:
                action()
            message = str(caught.value)
            assert message.startswith(f"{db}: cannot open the results store within 0.3 s: it is "
                                      f"held by {os.path.realpath(sys.executable)}")
            assert f"(PID {holder.pid}); retry when it has finished" in message
            assert "drytwin" not in message.replace(str(db), "")  # DuckDB names the holder
    finally:
        holder.join()
    assert len(ResultsStore(db).runs()) == 1


HOLD_WITH_ANOTHER_PROGRAM = """
import sys, time
import duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_store_held_by_another_program_names_that_program_and_its_pid(
        short_run: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "held.duckdb"
    ResultsStore(db).save(with_new_id(short_run))
    # not drytwin: a plain script that opens the file with DuckDB and keeps it open
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WITH_ANOTHER_PROGRAM, str(db), "5"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        monkeypatch.setattr("line_sim.store.results.LOCK_RETRY_S", 0.3)
        for action in (ResultsStore(db).check_readable, ResultsStore(db).runs,
                       lambda: ResultsStore(db).save(with_new_id(short_run))):
            with pytest.raises(StoreError) as caught:
                action()
            message = str(caught.value)
            program = os.path.realpath(sys.executable)  # as DuckDB names it: the executable
            assert f"it is held by {program} (PID {holder.pid}); retry" in message, message
            assert "another drytwin process" not in message
    finally:
        holder.kill()
        holder.wait()
    assert len(ResultsStore(db).runs()) == 1


def test_a_lock_error_without_a_named_holder_says_so() -> None:
    busy = duckdb.IOException('IO Error: Could not set lock on file "x.duckdb": Resource busy')
    assert store_module._lock_holder(busy) == "another program (DuckDB did not name it)"
    named = duckdb.IOException('IO Error: Could not set lock on file "x.duckdb": Conflicting '
                               "lock is held in /usr/bin/duckdb (PID 4242) by user ana. See also")
    assert store_module._lock_holder(named) == "/usr/bin/duckdb (PID 4242)"


# --------------------------------------------------------------------------- versions


@pytest.mark.parametrize("version", ["0", "99", "not-a-number"])
def test_a_store_of_another_schema_version_is_refused_clearly(short_run: RunResult, tmp_path: Path,
                                                              version: str) -> None:
    db = tmp_path / "old.duckdb"
    ResultsStore(db).save(with_new_id(short_run))
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [version])
    for action in (ResultsStore(db).runs, lambda: ResultsStore(db).save(with_new_id(short_run))):
        with pytest.raises(StoreError, match=f"schema version {version}.*start a new store with --db"):
            action()
    process = drytwin("run", str(BASELINE), "--hours", "0", "--db", str(db))
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert f"schema version {version}" in stderr and "Traceback" not in stderr


def test_a_file_that_is_not_a_store_is_refused_clearly(short_run: RunResult, tmp_path: Path) -> None:
    db = tmp_path / "notes.duckdb"
    db.write_text("meeting notes\n")
    with pytest.raises(StoreError, match="not a readable DuckDB results store") as caught:
        ResultsStore(db).save(with_new_id(short_run))
    assert "another drytwin process" not in str(caught.value)


def test_a_store_of_a_newer_drytwin_is_refused_before_any_run_and_left_unchanged(
        short_run: RunResult, tmp_path: Path) -> None:
    db = tmp_path / "newer.duckdb"
    ResultsStore(db).save(with_new_id(short_run))
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE drytwin_store SET schema_version = 3")
        con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for action in (ResultsStore(db).check_readable, ResultsStore(db).runs,
                   lambda: ResultsStore(db).save(with_new_id(short_run))):
        with pytest.raises(StoreError, match=r"schema version 3; this drytwin reads version 2 "
                                             r"\(and upgrades version 1\)"):
            action()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_an_empty_duckdb_database_becomes_a_store(short_run: RunResult, tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()  # e.g. a first save killed before its schema committed
    ResultsStore(db).check_readable()
    assert ResultsStore(db).runs().empty
    assert ResultsStore(db).save(short_run) == 1
    assert list(ResultsStore(db).runs()["run_id"]) == [short_run.run_id]
