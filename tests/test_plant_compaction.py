"""A compaction series (porosity at stepped line loads) through the same calibration path.

A lab or published series of porosity against calender line load is a plant folder: one
coil per step, the line load a set-point change in ``settings``. With several line loads
the compaction-law coefficients that one load cannot separate (a ridge) are identified.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from line_sim.engine.process_chain import process_chain
from line_sim.plant.calibrate import calibrate
from line_sim.plant.contract import read_plant
from line_sim.plant.model import with_values
from line_sim.scenario import load_scenario

SCENARIO = "scenarios/bf_nmc811_baseline.toml"
LOAD_KEY = "stations.calender.line_load_n_per_mm"
TRUTH = {"parameters.calendering.initial_porosity": 0.50,
         "parameters.calendering.springback_fraction": 0.05}
LOADS = (100.0, 200.0, 400.0, 700.0, 1000.0, 1500.0)


def compaction_plant(folder: Path, seed: int = 0) -> Path:
    """One coil per line load, porosity from the truth plus 0.005 noise."""
    base = load_scenario(SCENARIO)
    rng = np.random.default_rng(seed)
    t = pd.Timestamp("2026-03-02T06:00:00Z")
    coils, settings = [], []
    for i, load in enumerate(LOADS):
        chain = process_chain(with_values(base, TRUTH | {LOAD_KEY: load}))
        porosity, thickness_um = chain.porosity, chain.nominal_thickness_m * 1e6
        if hasattr(chain, "segment_porosity"):  # the web's porosity at the target loading
            eps, h_m = chain.segment_porosity(np.array([chain.target_loading_kg_per_m2]),
                                              np.array([base.line.speed_m_per_min / 60.0]),
                                              np.array([22.0]))
            porosity, thickness_um = float(eps[0]), float(h_m[0]) * 1e6
        start, end = t + pd.Timedelta(hours=2 * i), t + pd.Timedelta(hours=2 * i + 1)
        settings.append({"time": start.isoformat(), "key": LOAD_KEY, "value": load})
        coils.append({"coil_id": f"Q{int(load)}", "start_time": start.isoformat(),
                      "end_time": end.isoformat(), "length_m": 50.0,
                      "loading_mg_per_cm2": 26.0 * (1 + 0.005 * rng.standard_normal()),
                      "thickness_um": thickness_um + rng.standard_normal(),
                      "porosity": porosity + 0.005 * rng.standard_normal()})
    hours = pd.date_range(t, t + pd.Timedelta(hours=2 * len(LOADS)), freq="1h")
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(coils).to_csv(folder / "coils.csv", index=False)
    pd.DataFrame(settings).to_csv(folder / "settings.csv", index=False)
    pd.DataFrame({"time": [h.isoformat() for h in hours], "temperature_c": 22.0,
                  "relative_humidity_pct": 1.0}).to_csv(folder / "climate.csv", index=False)
    pd.DataFrame(columns=["time", "station", "event", "detail"]).to_csv(folder / "events.csv",
                                                                        index=False)
    return folder


def test_a_line_load_series_identifies_both_compaction_coefficients(tmp_path: Path) -> None:
    plant = read_plant(compaction_plant(tmp_path / "series"))
    result = calibrate(load_scenario(SCENARIO), plant, list(TRUTH), steps=150, burn=100)
    for key, true in TRUTH.items():
        p = result.parameters[key]
        assert p["identified"], p
        assert p["ci95_low"] <= true <= p["ci95_high"], (key, p)
    # the porosity noise is fitted as a scale on the stated 0.005: the series was made with it
    scale = result.noise_scales["porosity"]
    assert scale["ci95_low"] <= 1.0 <= scale["ci95_high"], scale
