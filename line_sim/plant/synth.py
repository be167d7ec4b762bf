"""A synthetic plant folder written from a run, so that users learn the format.

Coils carry the run's coil means plus stated measurement noise (:data:`MEASUREMENT_NOISE`);
events come from the run's event log; climate is the run's hall climate sampled every
:data:`CLIMATE_STEP_H` hours; settings are the scenario's line and station settings at the
start; the gauge is every :data:`GAUGE_STRIDE`-th segment's measured loading and thickness.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from line_sim.engine.calendar import shift_starts_s
from line_sim.engine.climate import climate_series
from line_sim.engine.run import RunResult, simulate
from line_sim.scenario import ROUTE_STATIONS, Scenario

PLANT_START = pd.Timestamp("2026-03-02T00:00:00+01:00")
"""Wall-clock time of the run's t = 0 in a synthetic plant (a Monday, CET)."""
CLIMATE_STEP_H = 0.25
GAUGE_STRIDE = 50
MEASUREMENT_NOISE: dict[str, tuple[str, float]] = {
    # coil property: (relative "rel" or absolute "abs", 1σ of the lab / gauge mean)
    "loading_mg_per_cm2": ("rel", 0.005),
    "thickness_um": ("abs", 1.0),
    "porosity": ("abs", 0.005),
    "tensile_strength_mpa": ("rel", 0.03),
    "adhesion_kpa": ("rel", 0.05),
    "moisture_ppm": ("rel", 0.10),
}
"""Measurement noise of the coil table's measured means (stated; calibration uses the same)."""
EVENT_NAMES = {"failure": "failure", "repaired": "repair", "web_break": "web_break",
               "coil_done": "coil_change", "shift_start": "shift_start",
               "shift_end": "shift_end"}


def iso(hours: np.ndarray | pd.Series, start: pd.Timestamp = PLANT_START) -> list[str]:
    """ISO 8601 times with the zone of ``start`` for hours since ``start``."""
    stamps = start + pd.to_timedelta(np.asarray(hours, dtype=float) * 3600.0, unit="s")
    return [s.isoformat(timespec="seconds") for s in stamps.round("s")]


def noisy(values: np.ndarray, prop: str, rng: np.random.Generator) -> np.ndarray:
    """Coil means with the stated measurement noise of ``prop``."""
    kind, sigma = MEASUREMENT_NOISE[prop]
    e = rng.standard_normal(values.size)
    return values * (1.0 + sigma * e) if kind == "rel" else values + sigma * e


def plant_tables(result: RunResult, seed: int = 0) -> dict[str, pd.DataFrame]:
    """The plant tables a real line would have logged during ``result``."""
    rng = np.random.default_rng([seed, 17])
    scenario = result.scenario
    coils, seg = result.coils, result.segments
    by_coil = seg.groupby("coil")["measured_loading_mg_per_cm2"]
    cv = (by_coil.std() / by_coil.mean()).reindex(coils["coil"]).to_numpy()
    table = pd.DataFrame({
        "coil_id": [f"C{int(c):05d}" for c in coils["coil"]],
        "start_time": iso(coils["start_h"]), "end_time": iso(coils["end_h"]),
        "length_m": coils["length_m"].round(2),
        "loading_mg_per_cm2": noisy(coils["mean_loading_mg_per_cm2"].to_numpy(),
                                    "loading_mg_per_cm2", rng).round(4),
        "thickness_um": noisy(coils["mean_thickness_um"].to_numpy(), "thickness_um", rng).round(3),
        "porosity": noisy(coils["mean_porosity"].to_numpy(), "porosity", rng).round(5),
        "loading_cv": np.round(cv, 6),
    })
    if "mean_film_tensile_strength_mpa" in coils:
        table["tensile_strength_mpa"] = noisy(coils["mean_film_tensile_strength_mpa"].to_numpy(),
                                              "tensile_strength_mpa", rng).round(4)
    table["adhesion_kpa"] = noisy(coils["mean_adhesion_kpa"].to_numpy(), "adhesion_kpa", rng).round(2)
    table["moisture_ppm"] = noisy(coils["mean_water_ppm"].to_numpy(), "moisture_ppm", rng).round(2)
    table["scrap_m"] = (coils["length_m"] - coils["good_length_m"]).round(2)
    scrap_columns = [c for c in coils.columns if c.startswith("scrap_") and c.endswith("_m")]
    worst = coils[scrap_columns].idxmax(axis=1).str.removeprefix("scrap_").str.removesuffix("_m")
    table["scrap_cause"] = np.where(table["scrap_m"] > 0, worst, "")
    return {"coils": table, "events": _events(result), "climate": _climate(scenario, result.horizon_h),
            "settings": _settings(scenario), "gauge": _gauge(seg)}


def _events(result: RunResult) -> pd.DataFrame:
    ev = result.events[result.events["event"].isin(EVENT_NAMES)].copy()
    ev["event"] = ev["event"].map(EVENT_NAMES)
    rows = [ev[["time_h", "station", "event", "detail"]]]
    cal = result.scenario.calendar
    if cal.handover_stop_min > 0:
        starts = shift_starts_s(cal, result.horizon_h * 3600.0) / 3600.0
        ends = np.minimum(starts + cal.handover_stop_min / 60.0, result.horizon_h)
        rows += [pd.DataFrame({"time_h": starts, "station": "line", "event": "handover_start",
                               "detail": ""}),
                 pd.DataFrame({"time_h": ends, "station": "line", "event": "handover_end",
                               "detail": ""})]
    order = {"shift_end": 0, "repair": 1, "handover_end": 2, "shift_start": 3, "handover_start": 4}
    events = pd.concat(rows, ignore_index=True)
    events["rank"] = events["event"].map(order).fillna(5)
    events = events.sort_values(["time_h", "rank"], kind="stable")
    return pd.DataFrame({"time": iso(events["time_h"]), "station": events["station"].to_numpy(),
                         "event": events["event"].to_numpy(),
                         "detail": events["detail"].fillna("").to_numpy()})


def _climate(scenario: Scenario, horizon_h: float) -> pd.DataFrame:
    series = climate_series(scenario.environment, horizon_h * 3600.0)
    hours = np.arange(0.0, horizon_h + 1e-9, CLIMATE_STEP_H)
    i = series.index_at(hours * 3600.0)
    return pd.DataFrame({"time": iso(hours), "temperature_c": series.temperature_c[i].round(3),
                         "relative_humidity_pct": series.relative_humidity_pct[i].round(4)})


def scenario_settings(scenario: Scenario) -> dict[str, float]:
    """The numeric line and station settings of the scenario's route, by dotted key."""
    out: dict[str, float] = {}
    for key, value in scenario.line.model_dump().items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[f"line.{key}"] = float(value)
    for station in ROUTE_STATIONS[scenario.route]:
        model = getattr(scenario.stations, station, None)
        if model is None:
            continue
        for key, value in model.model_dump().items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                out[f"stations.{station}.{key}"] = float(value)
    return out


def _settings(scenario: Scenario) -> pd.DataFrame:
    items = scenario_settings(scenario)
    return pd.DataFrame({"time": iso(np.zeros(len(items))), "key": list(items),
                         "value": list(items.values())})


def _gauge(seg: pd.DataFrame) -> pd.DataFrame:
    rows = seg.iloc[::GAUGE_STRIDE]
    return pd.DataFrame({"time": iso(rows["time_h"]), "position_m": rows["position_m"].round(2),
                         "loading_mg_per_cm2": rows["measured_loading_mg_per_cm2"].round(4),
                         "thickness_um": rows["measured_thickness_um"].round(3)})


def write_plant(tables: dict[str, pd.DataFrame], out: str | Path) -> Path:
    """Write plant tables as CSV files into ``out`` (created if needed)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_csv(out / f"{name}.csv", index=False)
    return out


def synth_plant(scenario: Scenario, out: str | Path, seed: int | None = None,
                hours: float | None = None) -> tuple[Path, RunResult]:
    """Simulate ``scenario`` and write the plant folder a real line would have logged."""
    result = simulate(scenario, seed=seed, hours=hours)
    return write_plant(plant_tables(result, result.seed), out), result
