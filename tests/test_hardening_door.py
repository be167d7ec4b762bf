"""The doors refuse what the schema refuses, and Ctrl-C leaves a run whole or not at all.

- ``--seed`` and ``--hours`` of ``run``, ``sweep`` and ``compare`` (and ``simulate()``) take the
  scenario schema's ranges: 0 ≤ seed ≤ 2^63 − 1 and 0 ≤ hours ≤ 8784, refused before any run
  with a message naming the option, the value and the range (exit 1, nothing stored);
- Ctrl-C during ``drytwin run``, wherever it lands, prints "interrupted" and exits 130, and the
  store holds the whole run or nothing of it;
- help texts print units in brackets ("[h]") literally.

The CLI is driven in-process through ``line_sim.cli.main`` (the console script's entry point),
except for Ctrl-C, which needs a process of its own.
"""

from __future__ import annotations

import math
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import BASELINE, drytwin

from line_sim import InputError, load_scenario, simulate
from line_sim.scenario import MAX_HORIZON_H, MAX_SEED, Bounds, Scenario, Simulation

OTHER = BASELINE.parent / "dpsd_nmc811_cathode.toml"
COMMANDS = {
    "run": ["run", str(BASELINE)],
    "sweep": ["sweep", str(BASELINE), "--param", "line.speed_m_per_min", "--values", "30,35"],
    "compare": ["compare", str(BASELINE), str(OTHER)],
}




# --------------------------------------------------------------------------- seeds


def test_the_seed_range_is_the_scenario_schemas() -> None:
    assert MAX_SEED == 2**63 - 1
    bounds = Bounds.of_field(Scenario, "seed")
    assert (bounds.low, bounds.high, bounds.low_open, bounds.high_open) == (0, MAX_SEED, False, False)


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("seed", [str(2**64), str(2**63), "-1"])
def test_a_seed_outside_the_range_is_refused_before_any_run(
        command: str, seed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "s.duckdb"
    code, out, err = drytwin(capsys, monkeypatch, *COMMANDS[command], "--hours", "1", "--seed", seed,
                             "--db", str(db))
    assert code == 1, err
    assert f"--seed = {seed}" in err and f"0 ≤ seed ≤ {MAX_SEED}" in err, err
    assert "internal error" not in err and out == ""  # refused before simulating: no KPIs
    assert not db.exists()


def test_the_largest_seed_runs_and_is_stored(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "s.duckdb"
    code, _, err = drytwin(capsys, monkeypatch, "run", str(BASELINE), "--hours", "1", "--seed",
                           str(MAX_SEED), "--db", str(db), "--json")
    assert code == 0, err
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT seed FROM runs").fetchall() == [(MAX_SEED,)]


@pytest.mark.parametrize("seed", [2**64, 2**63, -1, 1.5, True, "7"])
def test_simulate_refuses_a_seed_outside_the_range(seed: object) -> None:
    with pytest.raises(InputError, match=r"seed = .*allowed.*0 ≤ seed ≤ 9223372036854775807"):
        simulate(load_scenario(BASELINE), seed=seed, hours=1)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- horizon


def test_the_hours_range_is_the_scenario_schemas() -> None:
    bounds = Bounds.of_field(Simulation, "horizon_h")
    assert (bounds.low, bounds.high) == (0.0, MAX_HORIZON_H) == (0.0, 8784.0)


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("hours", ["8785", "1e9", "inf", "nan", "-1"])
def test_a_horizon_outside_the_range_is_refused_before_any_run(
        command: str, hours: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "s.duckdb"
    code, out, err = drytwin(capsys, monkeypatch, *COMMANDS[command], "--hours", hours, "--db", str(db))
    assert code == 1, err
    assert f"--hours = {float(hours)}" in err and "0 ≤ hours ≤ 8784" in err, err
    assert "internal error" not in err and "pydantic" not in err and out == ""
    assert not db.exists()


@pytest.mark.parametrize("hours", [8784.000001, 1e9, math.inf, math.nan, -1.0, "24"])
def test_simulate_refuses_a_horizon_outside_the_range(hours: object) -> None:
    with pytest.raises(InputError, match=r"hours = .*allowed: 0 ≤ hours ≤ 8784"):
        simulate(load_scenario(BASELINE), hours=hours)  # type: ignore[arg-type]


def test_the_longest_horizon_is_accepted_by_simulate() -> None:
    scenario = load_scenario(BASELINE, {"simulation.horizon_h": 1.0})
    assert simulate(scenario, hours=0.0).horizon_h == 0.0
    with pytest.raises(InputError):
        simulate(scenario, hours=MAX_HORIZON_H * (1 + 1e-12))


# --------------------------------------------------------------------------- help


@pytest.mark.parametrize(("command", "literal"), [("run", "[h]"), ("sweep", "[h]"), ("compare", "[h]"),
                                                  ("compare", "[energy]")])
def test_help_prints_brackets_literally(command: str, literal: str, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = drytwin(capsys, monkeypatch, command, "--help")
    assert code == 0
    assert literal in out, out


# --------------------------------------------------------------------------- Ctrl-C

READY = ("import sys; from line_sim.cli import main; sys.stderr.write('ready\\n'); "
         "sys.stderr.flush(); main()")
"""The console script's entry point, saying when Python has imported it (before that the
interpreter's own Ctrl-C handling applies)."""
CTRL_C_HOURS = "1000"
TABLES = ("runs", "kpis", "events", "coils", "intervals")


def stored_rows(db: Path) -> dict[str, int]:
    """Rows per table of the store (zeros if there is no store)."""
    if not db.exists():
        return dict.fromkeys(TABLES, 0)
    with duckdb.connect(str(db), read_only=True) as con:
        present = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables")
                   .fetchall()}
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] if t in present else 0
                for t in TABLES}


def _default_sigint() -> None:
    """In the child before exec: Ctrl-C at its default, so Python installs its handler even
    when the test runs where SIGINT is ignored (a background job of a non-interactive shell)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_run(db: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", READY, "run", str(BASELINE), "--hours", CTRL_C_HOURS, "--seed", "3",
         "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=_default_sigint)
    assert process.stderr is not None and process.stderr.readline() == "ready\n"
    return process


@pytest.mark.slow
def test_ctrl_c_during_a_run_prints_interrupted_exits_130_and_keeps_the_run_whole_or_not_at_all(
        tmp_path: Path) -> None:
    reference = start_run(tmp_path / "reference.duckdb")
    _, stderr = reference.communicate(timeout=120)
    assert reference.returncode == 0, stderr
    whole = stored_rows(tmp_path / "reference.duckdb")
    assert whole["runs"] == 1 and all(whole.values())
    nothing = dict.fromkeys(TABLES, 0)

    # (phase, delay): Ctrl-C that long after the start of the simulation, or after the KPI
    # table appears on stdout (the run is printed just before it is stored)
    moments = [("simulate", d) for d in (0.0, 0.2, 0.8)] + [
        ("save", d) for d in (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3)]
    outcomes = []
    for trial, (phase, delay) in enumerate(moments):
        db = tmp_path / f"trial{trial}.duckdb"
        process = start_run(db)
        if phase == "save":
            assert process.stdout is not None
            process.stdout.readline()
        time.sleep(delay)
        finished_before = process.poll() is not None
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
        rows = stored_rows(db)
        outcomes.append((phase, delay, process.returncode, rows["runs"]))
        assert "Traceback" not in stderr and "internal error" not in stderr, (phase, delay, stderr)
        assert rows in (whole, nothing), (phase, delay, rows, whole)
        if finished_before or process.returncode == 0:  # Ctrl-C after the command was done
            assert process.returncode == 0 and rows == whole, (phase, delay, process.returncode)
            continue
        assert process.returncode == 130, (phase, delay, process.returncode, stderr)
        assert stderr.strip().endswith("interrupted"), stderr
    assert [o for o in outcomes if o[0] == "simulate" and o[2] == 130 and o[3] == 0], outcomes
    assert any(o[2] == 130 for o in outcomes if o[0] == "save"), outcomes
