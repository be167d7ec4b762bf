"""Moisture per coil through the whole line: dew point, hold, post-dryer, limit, routes."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from line_sim import InputError, load_scenario, simulate
from line_sim.engine.run import RunResult

ROOT = Path(__file__).resolve().parents[1]
BF = ROOT / "scenarios" / "bf_nmc811_baseline.toml"
ROUTES = {"BF": BF, "DPSD": ROOT / "scenarios" / "dpsd_nmc811_cathode.toml",
          "slurry": ROOT / "scenarios" / "slurry_nmc811_reference.toml"}
HOURS = 48.0
DEW_POINTS_C = (-60.0, -50.0, -40.0, -30.0, -20.0)


def run(path: Path = BF, **overrides: Any) -> RunResult:
    keys = {k.replace("__", "."): v for k, v in overrides.items()}
    return simulate(load_scenario(path, keys), seed=7, hours=HOURS)


def stage(result: RunResult, name: str) -> float:
    return result.kpis["energy_by_stage_kwh_per_m2"][name]


@pytest.fixture(scope="module")
def dew_point_sweep() -> list[RunResult]:
    return [run(environment__dew_point_c=dp) for dp in DEW_POINTS_C]


def non_decreasing(values: list[float]) -> bool:
    return all(b >= a - 1e-12 for a, b in itertools.pairwise(values))


def test_a_wetter_room_costs_less_dry_room_and_more_post_drying(dew_point_sweep) -> None:
    dry_room = [stage(r, "dry_room") for r in dew_point_sweep]
    post = [stage(r, "post_drying") for r in dew_point_sweep]
    assert all(b < a for a, b in itertools.pairwise(dry_room)), dry_room
    assert non_decreasing(post) and post[-1] > post[0], post


def test_a_wetter_room_means_wetter_coils_longer_drying_and_more_damage(dew_point_sweep) -> None:
    def kpi(name: str) -> list[float]:
        return [r.kpis[name] for r in dew_point_sweep]

    before = [r.coils["water_before_drying_ppm"].mean() for r in dew_point_sweep]
    assert all(b > a for a, b in itertools.pairwise(before)), before
    for name in ("moisture_ppm_mean", "post_dryer_dwell_h_mean", "post_dryer_queue_h_max",
                 "coils_out_of_moisture_spec", "residual_water_capacity_loss_fraction",
                 "moisture_capacity_loss_fraction"):
        assert non_decreasing(kpi(name)), (name, kpi(name))
    assert kpi("coils_out_of_moisture_spec")[0] == 0 < kpi("coils_out_of_moisture_spec")[-1]
    assert kpi("post_dryer_dwell_h_mean")[-1] > kpi("post_dryer_dwell_h_mean")[0]


def test_released_coils_meet_the_limit(dew_point_sweep) -> None:
    for result in dew_point_sweep:
        limit = result.scenario.quality.moisture_limit_ppm
        kept = result.coils[~result.coils["moisture_scrap"]]
        assert (kept["water_released_ppm"] <= limit).all()
        assert result.kpis["moisture_ppm_max"] <= limit


def test_relative_humidity_acts_like_the_dew_point() -> None:
    wet, dry = run(environment__relative_humidity_pct=5.0), run(environment__relative_humidity_pct=1.0)
    assert wet.coils["water_before_drying_ppm"].mean() > dry.coils["water_before_drying_ppm"].mean()
    assert stage(wet, "dry_room") < stage(dry, "dry_room")


def test_a_longer_hold_in_a_humid_room_wets_the_coils_more() -> None:
    short = run(environment__dew_point_c=-20.0, quality__coil_hold_h=2.0)
    long = run(environment__dew_point_c=-20.0, quality__coil_hold_h=96.0)
    assert long.coils["water_before_drying_ppm"].mean() > short.coils["water_before_drying_ppm"].mean()


def test_a_hotter_oven_dries_in_less_time() -> None:
    cool = run(environment__dew_point_c=-20.0, post_dryer__temperature_c=90.0)
    hot = run(environment__dew_point_c=-20.0, post_dryer__temperature_c=140.0)
    assert hot.kpis["post_dryer_dwell_h_mean"] < cool.kpis["post_dryer_dwell_h_mean"]


def test_a_limit_the_oven_cannot_reach_scraps_coils_for_moisture() -> None:
    result = run(environment__dew_point_c=-20.0, quality__moisture_limit_ppm=20.0,
                 post_dryer__max_dwell_h=4.0)
    scrapped = result.kpis["coils_scrapped_for_moisture"]
    assert scrapped == result.kpis["n_coils"] > 0
    assert result.kpis["scrap_by_cause"]["moisture"] > 0.0
    assert result.kpis["yield_fraction"] < 0.5
    assert not result.segments["good"].any()
    reference = run(environment__dew_point_c=-20.0)
    assert reference.kpis["scrap_by_cause"]["moisture"] == 0.0


def test_a_post_dryer_too_small_for_the_line_says_so() -> None:
    result = run(environment__dew_point_c=-20.0, post_dryer__ovens=1, post_dryer__coils_per_load=1,
                 post_dryer__min_dwell_h=6.0)
    assert result.kpis["post_dryer_utilisation"] >= 1.0
    assert any("queue without bound" in w for w in result.warnings), result.warnings
    assert not any("queue without bound" in w for w in run().warnings)


@pytest.mark.parametrize("route", ROUTES)
def test_every_route_is_post_dried_and_carries_adhesion(route: str) -> None:
    result = run(ROUTES[route], environment__dew_point_c=-30.0)
    assert result.kpis["post_dryer_loads"] > 0
    assert result.kpis["energy_by_stage_kwh_per_m2"]["post_drying"] > 0.0
    assert result.kpis["mean_adhesion_kpa"] > 0.0
    assert "moisture" in result.kpis["scrap_by_cause"]


def test_the_slurry_coating_leaves_its_dryer_dry_and_takes_up_water_after() -> None:
    slurry = run(ROUTES["slurry"], environment__dew_point_c=-30.0)
    bf = run(BF, environment__dew_point_c=-30.0)
    assert slurry.coils["mean_water_ppm"].mean() < bf.coils["mean_water_ppm"].mean()
    assert slurry.coils["water_before_drying_ppm"].mean() > slurry.coils["mean_water_ppm"].mean()


@pytest.mark.parametrize(("overrides", "field"), [
    ({"environment.dew_point_c": 30.0}, "dew_point_c"),
    ({"environment.dew_point_c": -95.0}, "environment.dew_point_c"),
    ({"quality.moisture_limit_ppm": 0.0}, "quality.moisture_limit_ppm"),
    ({"quality.coil_hold_h": -1.0}, "quality.coil_hold_h"),
    ({"quality.coil_hold_h": 1e9}, "quality.coil_hold_h"),
    ({"post_dryer.min_dwell_h": 40.0, "post_dryer.max_dwell_h": 10.0}, "min_dwell_h"),
    ({"post_dryer.temperature_c": 500.0}, "post_dryer.temperature_c"),
])
def test_bad_moisture_settings_are_refused_naming_the_field(overrides, field) -> None:
    with pytest.raises(InputError) as caught:
        load_scenario(BF, overrides)
    assert field in str(caught.value) + " ".join(caught.value.problems)


def test_dew_point_and_relative_humidity_in_one_file_are_refused(tmp_path: Path) -> None:
    text = BF.read_text(encoding="utf-8").replace("[environment]", "[environment]\ndew_point_c = -40.0", 1)
    path = tmp_path / "both.toml"
    path.write_text(text, encoding="utf-8")
    if "relative_humidity_pct" not in text.split("[environment]", 1)[1].split("[", 1)[0]:
        pytest.skip("the baseline states no relative humidity")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    message = " ".join(caught.value.problems)
    assert "dew_point_c" in message and "relative_humidity_pct" in message


def test_set_dew_point_replaces_the_files_humidity_and_back() -> None:
    by_dew_point = load_scenario(BF, {"environment.dew_point_c": -40.0})
    assert by_dew_point.environment.dew_point_c == -40.0
    back = load_scenario(BF, {"environment.dew_point_c": -40.0, "environment.relative_humidity_pct": 2.0})
    assert back.environment.dew_point_c is None and back.environment.relative_humidity_pct == 2.0


def test_drytwin_sweep_over_the_dew_point_names_the_value_of_least_energy(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    args = [sys.executable, "-m", "line_sim.cli", "sweep", str(BF), "--param", "environment.dew_point_c",
            "--values", "-60,-40,-20", "--hours", "12", "--db", str(tmp_path / "r.duckdb")]
    rows = json.loads(subprocess.run([*args, "--json"], capture_output=True, text=True, check=True).stdout)
    energies = [r["energy_kwh_per_kwh_cell"] for r in rows]
    marked = [r["environment.dew_point_c"] for r in rows if r["least_energy_per_kwh_cell"]]
    assert marked == [rows[energies.index(min(energies))]["environment.dew_point_c"]]
    dry_room = [r["energy_by_stage_kwh_per_m2"]["dry_room"] for r in rows]
    assert dry_room == sorted(dry_room, reverse=True)
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    assert f"least energy per kWh of cell: environment.dew_point_c = {marked[0]}" in text
