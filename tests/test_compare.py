"""``drytwin compare`` and :mod:`line_sim.studies.compare`: in-process API, table, CLI end to end."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASELINE, SCENARIOS

from line_sim.engine.energy import DRY_ROOM_STAGE
from line_sim.errors import InputError
from line_sim.scenario import load_scenario
from line_sim.store import ResultsStore
from line_sim.studies.compare import compare_scenarios, format_comparison

DPSD = SCENARIOS / "dpsd_nmc811_cathode.toml"
SLURRY = SCENARIOS / "slurry_nmc811_reference.toml"
HOT_HUMID = SCENARIOS / "bf_nmc811_hot_humid_site.toml"
ENERGY_KEYS = {
    "energy_total_kwh", "energy_kwh_per_m2", "energy_kwh_per_m2_good",
    "energy_kwh_per_kg_coating", "energy_kwh_per_kwh_cell", "energy_by_stage_kwh_per_m2",
    "energy_by_carrier_kwh_per_m2", "energy_electrode_making_kwh_per_m2",
}


def drytwin(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed command line (the console script's entry point) in a subprocess."""
    return subprocess.run([sys.executable, "-c", "from line_sim.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=300)


def with_energy_setting(tmp_path: Path, source: Path, line: str) -> Path:
    """A copy of the scenario with ``key = value`` set in its existing [energy] table."""
    head, marker, tail = source.read_text().partition("\n[energy]")
    assert marker, f"{source.name} has no [energy] table"
    header, _, body = tail.partition("\n")
    key = line.split("=", 1)[0].strip()
    body = re.sub(rf"(?m)^{re.escape(key)}\s*=.*\n?", "", body)
    path = tmp_path / f"{source.stem}_energy.toml"
    path.write_text(f"{head}{marker}{header}\n{line}\n{body}")
    return path


# --------------------------------------------------------------------------- API


def test_compare_runs_each_scenario_once_with_energy():
    results = compare_scenarios([BASELINE, SLURRY], {}, hours=6.0, seed=3)
    assert [r.scenario.route for r in results] == ["BF", "slurry"]
    assert all(r.seed == 3 and r.horizon_h == 6.0 for r in results)
    assert all(r.kpis.keys() >= ENERGY_KEYS for r in results)


def test_compare_needs_two_files():
    with pytest.raises(InputError, match="at least two scenario files"):
        compare_scenarios([BASELINE], {}, hours=1.0, seed=None)


def test_the_hot_humid_site_costs_more_dry_room_and_nothing_else():
    settings = load_scenario(HOT_HUMID).energy
    assert settings.outdoor_climate == "east_asia_humid"
    humid, base = compare_scenarios([HOT_HUMID, BASELINE], {}, hours=24.0, seed=1)
    assert humid.kpis["energy_by_stage_kwh_per_m2"][DRY_ROOM_STAGE] > base.kpis[
        "energy_by_stage_kwh_per_m2"][DRY_ROOM_STAGE]
    assert humid.kpis["energy_electrode_making_kwh_per_m2"] == pytest.approx(
        base.kpis["energy_electrode_making_kwh_per_m2"], rel=1e-12)
    assert "co2_kg_per_m2" in humid.kpis and "co2_kg_per_m2" not in base.kpis


def test_energy_overrides_reach_the_settings():
    scenario = load_scenario(BASELINE, {"energy.outdoor_climate": "nordic",
                                        "line.speed_m_per_min": 20.0})
    assert scenario.energy.outdoor_climate == "nordic"
    assert scenario.line.speed_m_per_min == 20.0


def test_an_energy_override_changes_the_compared_runs():
    base, nordic = (compare_scenarios([BASELINE, SLURRY], overrides, hours=2.0, seed=1)[0]
                    for overrides in ({}, {"energy.outdoor_climate": "nordic"}))
    assert nordic.scenario.energy.outdoor_climate == "nordic"
    assert nordic.kpis["energy_by_stage_kwh_per_m2"][DRY_ROOM_STAGE] < base.kpis[
        "energy_by_stage_kwh_per_m2"][DRY_ROOM_STAGE]


def test_the_table_shows_every_stage_with_units():
    summaries = [r.summary() for r in compare_scenarios([BASELINE, DPSD], {}, hours=3.0, seed=1)]
    text = format_comparison(summaries)
    for label in ("energy per produced m² [kWh/m²]", "energy per kWh cell [kWh/kWh]",
                  "energy by stage [kWh/m²]", "film_calendering", "spray_deposition",
                  "energy by carrier [kWh/m²]", "compressed_air"):
        assert label in text
    stage_rows = text.split("energy by stage")[1].split("energy by carrier")[0].strip().splitlines()
    assert stage_rows[-1].split()[0] == DRY_ROOM_STAGE
    fib_row = next(line for line in text.splitlines() if line.strip().startswith("fibrillation"))
    assert fib_row.split()[-1] == "–"


def test_the_saving_row_is_relative_to_the_first_run():
    summaries = [{"scenario": "a", "energy_electrode_making_kwh_per_m2": 2.0},
                 {"scenario": "b", "energy_electrode_making_kwh_per_m2": 0.5}]
    row = next(line for line in format_comparison(summaries).splitlines() if "saving" in line)
    assert row.split()[-2:] == ["+0.0", "+75.0"]


# --------------------------------------------------------------------------- CLI


def test_compare_cli_prints_json_and_stores_every_run(tmp_path):
    db = tmp_path / "r.duckdb"
    out = drytwin("compare", str(BASELINE), str(DPSD), str(SLURRY), "--json", "--hours", "6",
                  "--seed", "5", "--db", str(db))
    assert out.returncode == 0, out.stderr
    summaries = json.loads(out.stdout)
    assert [s["route"] for s in summaries] == ["BF", "DPSD", "slurry"]
    for summary in summaries:
        assert summary.keys() >= ENERGY_KEYS
        assert summary["seed"] == 5 and summary["horizon_h"] == 6.0
        stored = ResultsStore(db).load(summary["run_id"])
        assert stored["summary"]["energy_kwh_per_m2"] == pytest.approx(summary["energy_kwh_per_m2"])


def test_compare_cli_prints_a_table(tmp_path):
    out = drytwin("compare", str(BASELINE), str(SLURRY), "--hours", "2", "--db",
                  str(tmp_path / "r.duckdb"), "--set", "energy.outdoor_climate=nordic")
    assert out.returncode == 0, out.stderr
    assert "energy by stage [kWh/m²]" in out.stdout and "solvent_recovery" in out.stdout


@pytest.mark.parametrize(("table", "expect"), [
    ('outdoor_climate = "mars"', ["energy.outdoor_climate", "'mars'", "unknown climate",
                                  "central_europe"]),
    ("dry_room_fan_efficiency = 1.5", ["energy.dry_room_fan_efficiency = 1.5",
                                       "less than or equal to 1"]),
    ("dew_point_target_c = 25.0", ["energy.dew_point_target_c = 25.0 °C",
                                   "environment.temperature_c = 22.0 °C", "below 22.0 °C"]),
])
def test_compare_cli_refuses_bad_energy_settings(tmp_path, table, expect):
    bad = with_energy_setting(tmp_path, BASELINE, table)
    out = drytwin("compare", str(bad), str(SLURRY), "--hours", "1", "--db",
                  str(tmp_path / "r.duckdb"))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    for fragment in expect:
        assert fragment in out.stderr, out.stderr
    assert not (tmp_path / "r.duckdb").exists()


def test_compare_cli_refuses_a_bad_energy_override(tmp_path):
    out = drytwin("compare", str(BASELINE), str(SLURRY), "--hours", "1", "--db",
                  str(tmp_path / "r.duckdb"), "--set", "energy.drive_efficiency=-0.2")
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "energy.drive_efficiency = -0.2" in out.stderr
    assert "greater than 0" in out.stderr
    assert not (tmp_path / "r.duckdb").exists()
