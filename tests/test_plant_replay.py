"""``drytwin replay`` and ``drytwin plant predict`` on the synthetic example plant."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from line_sim.cli import app
from line_sim.plant.contract import read_plant
from line_sim.plant.replay import climate_excursions
from line_sim.store import ResultsStore

SCENARIO = "scenarios/bf_nmc811_baseline.toml"
PLANT = "examples/plant_week"


def test_the_example_plant_is_valid_and_labelled_synthetic() -> None:
    assert CliRunner().invoke(app, ["plant", "check", PLANT]).output.strip() == "ok"
    assert "SYNTHETIC" in (Path(PLANT) / "README.md").read_text()


def test_replay_json_and_stored_run(tmp_path: Path) -> None:
    db = tmp_path / "r.duckdb"
    result = CliRunner().invoke(app, ["replay", SCENARIO, "--plant", PLANT, "--json",
                                      "--db", str(db)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    n = len(read_plant(PLANT).coils)
    assert len(data["coils"]) == n
    for prop in ("loading_mg_per_cm2", "thickness_um", "porosity"):
        assert set(data["summary"][prop]) >= {"bias", "rmse", "r2"}
    # the baseline's springback is 0.04, the plant's 0.06: the twin's porosity is biased low
    assert data["summary"]["porosity"]["bias"] < -0.005
    # simulate() takes stand-in streams, so recorded failures and repairs are replayed
    assert {"failures", "repairs", "climate"} <= set(data["replayed"])
    assert "web breaks" in data["not_replayed"]
    stored = ResultsStore(db).runs()
    assert len(stored) == 1 and stored["scenario_name"].iloc[0].startswith("replay of plant_week")


def test_replay_follows_the_recorded_climate() -> None:
    plant = read_plant(PLANT)
    plant.climate["temperature_c"] = 22.0
    plant.climate["relative_humidity_pct"] = 1.0
    plant.climate.loc[plant.climate["time_h"] >= 10.0, "temperature_c"] = 18.0
    env = climate_excursions(plant, 0.0, plant.horizon_h)
    assert env["temperature_c"] == 22.0
    assert len(env["excursions"]) == 1
    assert env["excursions"][0]["start_h"] == pytest.approx(10.0)
    assert env["excursions"][0]["temperature_c"] == 18.0


def test_predict_gives_intervals(tmp_path: Path) -> None:
    posterior = tmp_path / "fitted.toml"
    posterior.write_text("[simulation]\nfeed_cv = 0.015\n")
    pd.DataFrame({"simulation.feed_cv": [0.014, 0.016]}).to_csv(
        tmp_path / "fitted.samples.csv", index=False)
    out = tmp_path / "prediction.json"
    result = CliRunner().invoke(app, ["plant", "predict", SCENARIO, "--posterior", str(posterior),
                                      "--draws", "4", "--hours", "12", "--json",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    cv = data["kpis"]["loading_cv"]
    assert cv["pi95_low"] <= cv["mean"] <= cv["pi95_high"]
    assert 0.012 < cv["mean"] < 0.018
    assert json.loads(out.read_text())["draws"] == 4


def test_recorded_streams_return_the_plant_s_stops_then_fall_back() -> None:
    from line_sim.plant.events import recorded_streams

    plant = read_plant(PLANT)
    streams = recorded_streams(plant, seed=1)
    events = plant.events
    calender = events[(events["station"] == "calender") & (events["event"] == "failure")]
    failure, repair = streams["failure.calender"], streams["repair.calender"]
    first = failure.exponential(30 * 3600.0)
    assert 0 < first <= calender["time_h"].iloc[0] * 3600.0 + 1.0  # operating ≤ calendar time
    repairs = events[(events["station"] == "calender") & (events["event"] == "repair")]
    assert repair.lognormal(0.0, 0.5) == pytest.approx(
        (repairs["time_h"].iloc[0] - calender["time_h"].iloc[0]) * 3600.0)
    for _ in range(len(calender) - 1):
        failure.exponential(1.0)
    assert failure.exponential(1.0) >= 1e11  # the record ended: no further failure


def test_replay_hands_recorded_stops_to_an_engine_that_takes_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from line_sim.engine.run import simulate as engine_simulate
    from line_sim.plant import replay as replay_module
    from line_sim.scenario import load_scenario

    seen = []

    def simulate(scenario, seed=None, hours=None, streams=None):  # type: ignore[no-untyped-def]
        seen.append(streams)
        return engine_simulate(scenario, seed=seed, hours=hours)

    monkeypatch.setattr(replay_module, "simulate", simulate)
    result = replay_module.replay(load_scenario(SCENARIO), read_plant(PLANT), seed=1)
    assert seen and "failure.calender" in seen[0]
    assert "failures" in result.to_json()["replayed"]
    assert any("recorded failures" in n for n in result.notes)
