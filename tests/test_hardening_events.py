"""A run's memory stays bounded and its numerics quiet, whatever valid data it is given.

- the event log keeps at most ``MAX_EVENT_ROWS`` rows and counts the rest per kind and
  station; KPIs still count every failure;
- implausibly frequent failures or web breaks are a warning of the run;
- every ``[parameters.<set>]`` coefficient at either end of its range runs on every route
  without a floating-point warning; floating-point trouble from extreme settings becomes one
  warning of the run instead of numpy's RuntimeWarning with a source line.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest
from conftest import BASELINE

from line_sim import load_scenario, simulate
from line_sim.engine import line as line_module
from line_sim.engine.run import NumericalNotes
from line_sim.scenario import PARAMETER_SETS
from line_sim.scenario.coefficients import coefficient_bounds

ROOT = Path(__file__).resolve().parents[1]
ROUTE_FILES = {"BF": BASELINE, "DPSD": ROOT / "scenarios" / "dpsd_nmc811_cathode.toml",
               "slurry": ROOT / "scenarios" / "slurry_nmc811_reference.toml"}
STATIONS = ("mixer", "fibrillator", "calender", "laminator", "inspection", "rewinder")
FAILING = {f"reliability.{s}.{k}": v for s in STATIONS for k, v in (("mtbf_h", 0.05), ("mttr_h", 0.02))}


def test_the_event_log_is_cut_at_its_limit_and_counts_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = load_scenario(BASELINE, FAILING)
    whole = simulate(scenario, hours=24, seed=4)
    monkeypatch.setattr(line_module, "MAX_EVENT_ROWS", 200)
    cut = simulate(scenario, hours=24, seed=4)

    assert len(whole.events) > 1000
    assert cut.kpis == whole.kpis  # KPIs count every event, kept as a row or not
    kept = cut.events[cut.events["event"] != line_module.NOT_KEPT_EVENT]
    summary = cut.events[cut.events["event"] == line_module.NOT_KEPT_EVENT]
    assert len(kept) == 200
    assert kept.equals(whole.events.iloc[:200])
    assert (summary["time_h"] == 24.0).all()
    counted: dict[tuple[str, str], int] = {}
    for row in summary.itertuples():
        count, event = re.fullmatch(r"(\d+) × (\w+)", row.detail).groups()  # type: ignore[union-attr]
        counted[(event, row.station)] = int(count)
    rest = whole.events.iloc[200:].groupby(["event", "station"]).size().to_dict()
    assert counted == rest
    failures = (kept["event"] == "failure").sum() + sum(
        n for (event, _), n in counted.items() if event == "failure")
    assert failures == cut.kpis["n_failures"]
    assert any(w.startswith("events: the first 200 events are kept as rows") for w in cut.warnings)
    assert not any(w.startswith("events:") for w in whole.warnings)


def test_the_event_log_of_a_year_is_bounded() -> None:
    assert line_module.MAX_EVENT_ROWS == 100_000


def test_implausibly_frequent_failures_are_a_warning(baseline_day) -> None:
    result = simulate(load_scenario(BASELINE, FAILING), hours=12, seed=1)
    flagged = [w for w in result.warnings if "implausible for a production line" in w]
    assert {re.match(r"station (\w+) failed", w).group(1) for w in flagged} == set(STATIONS)  # type: ignore[union-attr]
    assert all("mtbf_h and mttr_h" in w for w in flagged)
    assert not any("implausible" in w for w in baseline_day.warnings)


def test_floating_point_trouble_becomes_one_warning_of_the_run() -> None:
    notes = NumericalNotes()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with notes.watch():
            for _ in range(3):
                np.array([1e300]) * 1e300
    (message,) = notes.warnings()
    assert message.startswith("numerical: overflow in ")
    assert "test_hardening_events.py" in message and "(3 times)" in message


@pytest.mark.parametrize("route", list(ROUTE_FILES))
def test_every_coefficient_at_either_end_of_its_range_runs_without_numerical_trouble(route: str) -> None:
    failures = []
    for name, cls in PARAMETER_SETS.items():
        for coefficient in fields(cls):
            bounds = coefficient_bounds(coefficient)
            assert bounds is not None and bounds.low is not None and bounds.high is not None
            low = bounds.low if not bounds.low_open else bounds.low + 1e-9 * (bounds.high - bounds.low)
            for value in (low, bounds.high):
                key = f"parameters.{name}.{coefficient.name}"
                scenario = load_scenario(ROUTE_FILES[route], {key: value})
                with warnings.catch_warnings():
                    warnings.simplefilter("error", RuntimeWarning)
                    result = simulate(scenario, hours=2, seed=2)
                noted = [w for w in result.warnings if w.startswith("numerical:")]
                if noted:
                    failures.append((key, value, noted))
    assert not failures, failures
