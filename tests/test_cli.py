"""The drytwin command line end to end, including every bad-input case."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASELINE

from line_sim.store import ResultsStore

REQUIRED_KEYS = {
    "scenario", "seed", "route", "horizon_h", "produced_length_m", "good_length_m",
    "throughput_good_m_per_h", "throughput_good_m2_per_h", "yield_fraction", "availability",
    "performance", "quality", "oee", "n_failures", "n_web_breaks", "n_coils", "wall_time_s",
    "run_id",
}


def drytwin(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "line_sim.cli", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def test_run_json_has_the_interface_keys_and_is_stored(tmp_path):
    db = tmp_path / "r.duckdb"
    out = drytwin("run", str(BASELINE), "--hours", "12", "--seed", "7", "--db", str(db), "--json",
                  "--set", "environment.relative_humidity_pct=3", "--export", str(tmp_path / "x"))
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary.keys() >= REQUIRED_KEYS
    assert summary["seed"] == 7 and summary["horizon_h"] == 12.0
    stored = ResultsStore(db).load(summary["run_id"])
    assert stored["summary"]["good_length_m"] == summary["good_length_m"]
    assert stored["scenario"]["environment"]["relative_humidity_pct"] == 3
    assert (tmp_path / "x" / summary["run_id"] / "segments.parquet").exists()


def test_run_prints_a_readable_table(tmp_path):
    out = drytwin("run", str(BASELINE), "--hours", "6", "--db", str(tmp_path / "r.duckdb"))
    assert out.returncode == 0, out.stderr
    assert "OEE" in out.stdout and "scrap by cause" in out.stdout


def bad_file(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text(BASELINE.read_text().replace(old, new, 1))
    return path


@pytest.mark.parametrize(("old", "new", "expect"), [
    ("[line]", "[line", "malformed TOML"),
    ("[line]\n", "[line]\ncolour = 3\n", "line.colour: unknown key"),
    ("passes = 3", "passes = 'x'", "stations.calender.passes"),
    ("relative_humidity_pct = 1.0", "relative_humidity_pct = 101.0", "relative_humidity_pct = 101.0"),
    ("speed_m_per_min = 30.0", "speed_m_per_min = -3.0", "line.speed_m_per_min = -3.0"),
    ("mass_fraction = 0.96", "mass_fraction = 0.95", "mass fractions must sum to 1"),
    ("d10_um = 5.0", "d10_um = 50.0", "d10_um <= d50_um"),
])
def test_bad_scenarios_exit_1_with_a_clear_message(tmp_path, old, new, expect):
    db = tmp_path / "r.duckdb"
    out = drytwin("run", str(bad_file(tmp_path, old, new)), "--db", str(db))
    assert out.returncode == 1
    assert "bad.toml" in out.stderr and expect in out.stderr
    assert "Traceback" not in out.stderr + out.stdout
    assert not db.exists()  # a failed run writes nothing


def test_missing_file_and_unknown_set_key(tmp_path):
    out = drytwin("run", str(tmp_path / "none.toml"), "--db", str(tmp_path / "r.duckdb"))
    assert out.returncode == 1 and "none.toml: file not found" in out.stderr
    out = drytwin("run", str(BASELINE), "--set", "line.width=3", "--db", str(tmp_path / "r.duckdb"))
    assert out.returncode == 1 and "line.width" in out.stderr and "web_width_m" in out.stderr
    assert "Traceback" not in out.stderr


def test_validate_lists_every_problem(tmp_path):
    assert drytwin("validate", str(BASELINE)).stdout.strip() == "ok"
    path = bad_file(tmp_path, "d10_um = 5.0", "d10_um = 50.0")
    path.write_text(path.read_text().replace("speed_m_per_min = 30.0", "speed_m_per_min = 0"))
    out = drytwin("validate", str(path))
    assert out.returncode == 1
    assert "2 problem(s)" in out.stderr and "d10_um" in out.stderr and "speed_m_per_min" in out.stderr


def test_out_of_calibration_runs_with_a_warning(tmp_path):
    out = drytwin("run", str(BASELINE), "--hours", "2", "--json", "--db", str(tmp_path / "r.duckdb"),
                  "--set", "environment.temperature_c=40")
    assert out.returncode == 0
    assert "outside the calibrated range" in out.stderr
    assert json.loads(out.stdout)["warnings"]


def test_schema_is_json():
    out = drytwin("schema")
    assert out.returncode == 0
    assert json.loads(out.stdout)["title"] == "Scenario"


def test_usage_errors_are_messages_with_exit_2():
    out = drytwin("no-such-command")
    assert out.returncode == 2 and "No such command" in out.stderr
    assert "Traceback" not in out.stderr and "internal error" not in out.stderr


def test_sweep_checks_every_value_first_and_stores_each_run(tmp_path):
    db = tmp_path / "s.duckdb"
    bad = drytwin("sweep", str(BASELINE), "--param", "line.speed_m_per_min", "--values", "20,-1",
                  "--hours", "1", "--db", str(db))
    assert bad.returncode == 1 and "line.speed_m_per_min = -1" in bad.stderr and not db.exists()
    out = drytwin("sweep", str(BASELINE), "--param", "environment.relative_humidity_pct",
                  "--values", "1,5", "--hours", "2", "--db", str(db), "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [r["environment.relative_humidity_pct"] for r in rows] == [1, 5]
    assert rows[1]["moisture_capacity_loss_fraction"] > rows[0]["moisture_capacity_loss_fraction"]
    assert len(ResultsStore(db).runs()) == 2


def test_electrode_json_keys_each_c_rate_as_written():
    design = BASELINE.parent / "electrode_lgm50_cathode.toml"
    out = drytwin("electrode", str(design), "--c-rates", "0.5,1", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    for rate in ("0.5", "1"):
        assert result[rate] == result["c_rates"][rate]
        assert 0 < result[rate]["utilisation"] <= 1
    assert result["0.5"]["utilisation"] >= result["1"]["utilisation"]


@pytest.mark.parametrize(("setting", "expect"), [
    ("parameters.fibrillation.energy_scale_kj_per_kg=0", "allowed: 0.1 ≤ energy_scale_kj_per_kg ≤ 500"),
    ("parameters.fibrillation.energy_scale_kj_per_kg=-1e308", "energy_scale_kj_per_kg = -1e+308"),
    ("environment.excursions=[{start_h = 1e308, duration_h = 1e308}]",
     "excursions.0.duration_h = 1e+308: Input should be less than or equal to 8784"),
])
def test_unphysical_coefficients_and_excursions_are_refused_not_run(tmp_path, setting, expect):
    db = tmp_path / "r.duckdb"
    out = drytwin("run", str(BASELINE), "--hours", "1", "--set", setting, "--db", str(db))
    assert out.returncode == 1, out.stderr
    assert expect in out.stderr, out.stderr
    assert "RuntimeWarning" not in out.stderr and "Traceback" not in out.stderr
    assert out.stdout == "" and not db.exists()


def test_ten_thousand_unknown_keys_print_a_summary_not_ten_thousand_lines(tmp_path):
    path = tmp_path / "many.toml"
    path.write_text("".join(f"unknown_{i} = {i}\n" for i in range(10_000)) + BASELINE.read_text())
    out = drytwin("validate", str(path))
    assert out.returncode == 1
    lines = out.stderr.splitlines()
    assert len(lines) == 22, lines[:3]
    assert lines[0].endswith("10,000 problem(s) in the scenario")
    assert lines[-1] == "  - … and 9,980 more problems of the same kinds (unknown key: 9,980)"


def test_a_scenario_with_a_utf8_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BASELINE.read_bytes())
    out = drytwin("validate", str(path))
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_run_help_shows_units_in_brackets():
    out = drytwin("run", "--help")
    assert out.returncode == 0
    assert "Override the horizon [h]" in out.stdout and "2^63 − 1" in out.stdout
