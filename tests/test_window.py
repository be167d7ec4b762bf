"""``drytwin window``: axes, validation before any run, JSON points, PNG map, the store."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from line_sim import load_scenario
from line_sim.errors import InputError
from line_sim.store import ResultsStore
from line_sim.studies.window import (
    limiting_mechanism,
    parse_axis,
    plan_window,
    run_window,
    window_points,
)

BF = "scenarios/bf_nmc811_baseline.toml"
DPSD = "scenarios/dpsd_nmc811_cathode.toml"
POINT_KEYS = {"porosity_cv", "nip_temperature_c", "cracked_particle_fraction",
              "first_cycle_efficiency", "speed_limit_m_per_min", "speed_limit_mechanism",
              "throughput_good_m2_per_h", "yield_fraction", "energy_kwh_per_kwh_cell",
              "limiting_mechanism"}


def drytwin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "line_sim.cli", *args], capture_output=True,
                          text=True, timeout=600)


def test_parse_axis_values_and_integers():
    axis = parse_axis("line.speed_m_per_min=20:60:5", "--x")
    assert axis.key == "line.speed_m_per_min" and axis.values == (20, 30, 40, 50, 60)
    assert parse_axis("a.b=0.1:0.2:2", "--x").values == (0.1, 0.2)
    for bad in ("a.b=2:1:3", "a.b=1:2:1", "a.b=1:2:51", "a.b=1:2", "a.b=x:2:3", "=1:2:3"):
        with pytest.raises(InputError):
            parse_axis(bad, "--x")


def test_limiting_mechanism_rule():
    fast = {"speed_limit_m_per_min": 30.0, "speed_limit_mechanism": "back_ionisation",
            "yield_fraction": 0.99, "scrap_by_cause": {"startup": 1.0}}
    assert limiting_mechanism(fast, 40.0) == "back_ionisation"
    assert limiting_mechanism(fast, 20.0) == "none"
    poor = {"yield_fraction": 0.5, "scrap_by_cause": {"startup": 1.0, "edge_crack": 9.0}}
    assert limiting_mechanism(poor, 20.0) == "edge_crack"
    assert limiting_mechanism({"yield_fraction": 0.95, "scrap_by_cause": {}}, 20.0) == "none"


def test_plan_refuses_bad_points_before_any_run():
    base = load_scenario(BF)
    with pytest.raises(InputError, match="unknown key"):
        plan_window(base, parse_axis("line.nope=1:2:2", "--x"),
                    parse_axis("line.speed_m_per_min=10:20:2", "--y"))
    with pytest.raises(InputError, match="greater than 0"):
        plan_window(base, parse_axis("line.speed_m_per_min=-10:20:2", "--x"),
                    parse_axis("line.web_width_m=0.5:0.6:2", "--y"))
    with pytest.raises(InputError, match="two different"):
        plan_window(base, parse_axis("line.speed_m_per_min=10:20:2", "--x"),
                    parse_axis("line.speed_m_per_min=10:20:2", "--y"))


def test_window_runs_are_stored_and_reused(tmp_path):
    base = load_scenario(DPSD)
    plan = plan_window(base, parse_axis("line.speed_m_per_min=20:40:2", "--x"),
                       parse_axis("stations.spray_booth.voltage_kv=50:90:2", "--y"), hours=0.5)
    store = ResultsStore(tmp_path / "w.duckdb")
    report, points = run_window(plan, store)
    assert report.n_simulated == 4 and len(points) == 4
    assert all(set(p) >= POINT_KEYS for p in points)
    again, _ = run_window(plan, store)
    assert again.n_skipped_existing == 4 and again.n_simulated == 0
    assert window_points(plan, store) == points


def test_cli_json_and_image(tmp_path):
    image = tmp_path / "w.png"
    out = drytwin("window", BF, "--x", "line.speed_m_per_min=20:40:2", "--y",
                  "stations.calender.line_load_n_per_mm=800:1200:2", "--hours", "0.5",
                  "--json", "--image", str(image), "--db", str(tmp_path / "w.duckdb"))
    assert out.returncode == 0, out.stderr
    points = json.loads(out.stdout)
    assert len(points) == 4
    assert {p["line.speed_m_per_min"] for p in points} == {20, 40}
    assert all(set(p) >= POINT_KEYS for p in points)
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(("x", "y", "message"), [
    ("line.nope=1:2:2", "line.speed_m_per_min=10:20:2", "unknown key"),
    ("line.speed_m_per_min=20:10:2", "line.web_width_m=0.5:0.6:2", "must be below"),
    ("line.speed_m_per_min=10:20:1", "line.web_width_m=0.5:0.6:2", "allowed: 2 to 50"),
    ("line.speed_m_per_min=10:20:51", "line.web_width_m=0.5:0.6:2", "allowed: 2 to 50"),
    ("line.speed_m_per_min=10:400:2", "line.web_width_m=0.5:0.6:2", "less than or equal"),
])
def test_cli_bad_input_exits_1_before_any_run(tmp_path, x, y, message):
    db = tmp_path / "w.duckdb"
    out = drytwin("window", BF, "--x", x, "--y", y, "--hours", "0.5", "--db", str(db))
    assert out.returncode == 1
    assert message in out.stderr and "Traceback" not in out.stderr
    assert not db.exists()


def test_dashboard_window_views():
    from dashboard import views

    points = [{"x": 1, "y": 2, "throughput_good_m2_per_h": 10.0, "yield_fraction": 0.95,
               "energy_kwh_per_kwh_cell": 1.0, "limiting_mechanism": "none"},
              {"x": 2, "y": 2, "throughput_good_m2_per_h": 5.0, "yield_fraction": 0.5,
               "energy_kwh_per_kwh_cell": 2.0, "limiting_mechanism": "edge_crack"}]
    table = views.window_table(points, "x", "y")
    assert list(table.columns[:2]) == ["x", "y"] and len(table) == 2
    assert table["speed_limit_m_per_min"].isna().all()
    assert views.mechanism_counts(points) == {"none": 1, "edge_crack": 1}
