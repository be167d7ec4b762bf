"""Shared fixtures: scenario paths and short runs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from line_sim import load_scenario, simulate
from line_sim.cli import main
from line_sim.engine.run import RunResult
from line_sim.scenario import Scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
BASELINE = SCENARIOS / "bf_nmc811_baseline.toml"


@pytest.fixture(scope="session")
def baseline() -> Scenario:
    return load_scenario(BASELINE)


@pytest.fixture(scope="session")
def baseline_day(baseline: Scenario) -> RunResult:
    return simulate(baseline, hours=24)


@pytest.fixture(scope="session")
def baseline_week(baseline: Scenario) -> RunResult:
    return simulate(baseline, hours=168)


def drytwin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
            *args: str) -> tuple[int, str, str]:
    """Run ``drytwin ARGS`` in-process; return exit code, stdout and stderr."""
    monkeypatch.setattr(sys, "argv", ["drytwin", *args])
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err
