"""The Twin vs plant page under AppTest, and its views."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("streamlit")

import streamlit as st
from streamlit.testing.v1 import AppTest

import dashboard
from dashboard import session
from dashboard.views import plant as pv
from line_sim.plant.contract import read_plant
from line_sim.plant.replay import replay
from line_sim.scenario import load_scenario
from line_sim.store import ResultsStore

APP = Path(next(iter(dashboard.__path__))) / "app.py"
ROOT = Path(__file__).resolve().parents[1]


def test_views_pair_measured_and_simulated() -> None:
    coils = pd.DataFrame({"plant_coil_id": ["A", "B"], "start_h": [0.0, 1.0],
                          "mean_porosity": [0.30, 0.31], "plant_porosity": [0.29, 0.33]})
    long = pv.replay_coils_long(coils)
    assert long["residual"].round(3).tolist() == [0.01, -0.02]
    frame = pv.calibration_frame({"parameters": {"simulation.feed_cv": {
        "mean": 0.01, "ci95_low": 0.009, "ci95_high": 0.011, "identified": True}}})
    assert frame["parameter"].tolist() == ["simulation.feed_cv"]


def _twin_vs_plant_page(folder: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The page run under AppTest on a store, from a folder with the calibration files; checked
    for exceptions, errors and its three charts."""
    monkeypatch.setenv(session.DB_ENVIRONMENT_VARIABLE, str(db))
    monkeypatch.chdir(folder)
    st.cache_data.clear()
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page("pages/twin_vs_plant.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert len(list(at.get("vega_lite_chart"))) >= 3
    return at


def test_page_shows_a_stored_replay_and_a_calibration(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "results.duckdb"
    result = replay(load_scenario(ROOT / "scenarios/bf_nmc811_baseline.toml"),
                    read_plant(ROOT / "examples/plant_week"), seed=1)
    ResultsStore(db).save(result.result)
    (tmp_path / "fit.calibration.json").write_text(json.dumps({
        "parameters": {"simulation.feed_cv": {"mean": 0.015, "ci95_low": 0.0148,
                                              "ci95_high": 0.0152, "identified": True}},
        "converged": True, "n_model_evaluations": 10}))
    pd.DataFrame({"simulation.feed_cv": [0.0149, 0.0151]}).to_csv(tmp_path / "fit.samples.csv",
                                                                 index=False)
    (tmp_path / "prediction.json").write_text(json.dumps(
        {"kpis": {"oee": {"mean": 0.7, "median": 0.7, "pi95_low": 0.65, "pi95_high": 0.75}}}))
    at = _twin_vs_plant_page(tmp_path, db, monkeypatch)
    texts = " ".join(str(df.value) for df in at.dataframe)
    assert "porosity" in texts and "simulation.feed_cv" in texts and "oee" in texts


def test_page_shows_the_published_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lab sheets, porosity only, no thickness measured: the page still pairs every coil."""
    import shutil
    import tomllib

    from line_sim.plant.keys import flatten

    folder = ROOT / "examples/published/duquesnoy2020_calendering"
    fitted = flatten(tomllib.loads((folder / "calibrated.toml").read_text()))
    db = tmp_path / "results.duckdb"
    result = replay(load_scenario(folder / "scenario.toml"), read_plant(folder), values=fitted)
    ResultsStore(db).save(result.result)
    for name in ("calibrated.calibration.json", "calibrated.samples.csv"):
        shutil.copy(folder / name, tmp_path / name)
    at = _twin_vs_plant_page(tmp_path, db, monkeypatch)
    texts = " ".join(str(df.value) for df in at.dataframe)
    assert "porosity" in texts and "min_porosity_offset" in texts
