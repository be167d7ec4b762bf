"""Shared fixtures: scenario paths and short runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from line_sim import load_scenario, simulate
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
