"""The benchmark keeps working: structure of its figures, never their speed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import simpy

import line_sim.engine.run as run_module
from line_sim.bench import PhaseClock
from line_sim.bench.naive_line import naive_run
from line_sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "bf_nmc811_baseline.toml"
ENGINE_CASES = ("long_1m", "short_1m", "short_0.1m", "short_10m")


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    completed = subprocess.run([sys.executable, "-m", "line_sim.bench", "--quick", "--json-out", str(out)],
                               capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)
    assert completed.returncode == 0, completed.stderr
    assert "| target |" in completed.stdout
    return json.loads(out.read_text())


def test_quick_benchmark_reports_every_engine_case(quick_report: dict[str, Any]) -> None:
    for name in ENGINE_CASES:
        case = quick_report["cases"][name]
        for key in ("simulate_s", "total_s", "save_s", "metres_per_wall_s", "us_per_metre",
                    "produced_length_m", "n_segments", "simpy_events_processed"):
            assert case[key] > 0, (name, key)
        assert set(case["phases_s"]) == {"event_handling", "web_segments", "kpis_tables",
                                         "setup_other", "storage"}
        assert all(case["phases_s"][p] > 0 for p in ("event_handling", "web_segments", "storage"))
        assert case["memory_mb"]["process_peak_rss"] > 0
        assert case["memory_mb"]["tracemalloc_peak"] > 0
        assert case["simpy_events_scheduled"] >= case["simpy_events_processed"]


def test_quick_benchmark_measures_the_naive_reference_side_by_side(
        quick_report: dict[str, Any]) -> None:
    naive = quick_report["cases"]["naive_1m"]
    assert naive["wall_s"] > 0 and naive["us_per_metre"] > 0
    assert naive["events_per_metre"] > 1  # one process per metre: many events each
    assert naive["engine_same_horizon"]["simulate_s"] > 0
    assert quick_report["summary"]["speedup_vs_naive_per_metre"] > 0


def test_quick_benchmark_summary_lists_the_targets(quick_report: dict[str, Any]) -> None:
    summary = quick_report["summary"]
    assert summary["horizon_cost_ratio"] > 0
    assert summary["segment_sweep"]["n_segments"] == sorted(summary["segment_sweep"]["n_segments"])
    assert len(summary["targets"]) == 6
    for target in summary["targets"]:
        assert set(target) == {"target", "value", "comparison", "limit", "met"}
        assert target["value"] > 0


def test_phase_clock_restores_the_engine_functions() -> None:
    engine_names, env_run = dict(vars(run_module)), simpy.Environment.run
    with PhaseClock().installed():
        assert simpy.Environment.run is not env_run
        assert run_module.compute_segments is not engine_names["compute_segments"]
    assert simpy.Environment.run is env_run
    assert all(getattr(run_module, name) is value for name, value in engine_names.items())


def test_naive_reference_makes_the_same_electrode_as_the_engine() -> None:
    scenario = load_scenario(BASELINE)
    result = naive_run(scenario, hours=0.1)
    speed_m_per_h = scenario.line.speed_m_per_min * 60.0
    assert result.produced_length_m == pytest.approx(0.1 * speed_m_per_h, rel=0.05)
    assert result.n_events > 10 * result.produced_length_m
    loading = result.metres["loading_mg_per_cm2"].mean()
    assert loading == pytest.approx(scenario.quality.loading_mg_per_cm2, rel=0.02)


def test_naive_reference_rejects_an_empty_horizon() -> None:
    with pytest.raises(ValueError, match="hours"):
        naive_run(load_scenario(BASELINE), hours=0.0)
