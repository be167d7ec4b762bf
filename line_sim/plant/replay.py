"""Replay: the twin follows a plant's record, and every coil is set beside its measurement.

What is replayed (no engine change needed):

- **climate**: the recorded hall temperature and RH (or dew point) become the run's
  climate, one excursion per change (held until the next record);
- **set-point changes**: the record is cut at every time the ``settings`` table changes a
  key, and the pieces run back to back, each with the settings in force (and its shift
  calendar shifted so the shifts stay on the wall clock);
- **coil boundaries**: every plant coil is computed from the simulated web made during its
  recorded start and end (segment means); where the twin's line stood still during that
  window the coil is computed by the process-model fast path on the coil's recorded
  conditions (``source = "process_model"``).

- **failures and repairs**: the recorded ones replace the line's failure and repair streams
  (:mod:`line_sim.plant.events`, through ``simulate(streams=...)``).

What is not replayed: recorded web breaks, coil changes and handovers still come from the
scenario's random streams and calendar, so stops and throughput can differ from the
plant's; the per-coil properties do not depend on them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from line_sim.engine.run import RunResult, simulate
from line_sim.plant.contract import PlantData
from line_sim.plant.events import recorded_streams, simulate_accepts_streams
from line_sim.plant.model import (
    coil_conditions,
    predict_coils,
    relative_humidity,
    settings_in_force,
    with_values,
)
from line_sim.scenario import Scenario

# plant column: (segment column of the run, stored coil column of the replay run)
COMPARED = {
    "loading_mg_per_cm2": ("loading_mg_per_cm2", "mean_loading_mg_per_cm2"),
    "thickness_um": ("thickness_um", "mean_thickness_um"),
    "porosity": ("porosity", "mean_porosity"),
    "loading_cv": (None, "loading_cv"),
    "tensile_strength_mpa": ("film_tensile_strength_mpa", "mean_film_tensile_strength_mpa"),
    "adhesion_kpa": ("adhesion_kpa", "mean_adhesion_kpa"),
    "moisture_ppm": ("water_ppm", "mean_water_ppm"),
}
REPLAYED = ["climate", "set-point changes", "coil boundaries"]
NOT_REPLAYED = ["failures", "repairs", "web breaks", "coil changes", "handovers"]


def replay_scope() -> tuple[list[str], list[str]]:
    """What this engine lets a replay follow, and what stays random."""
    if simulate_accepts_streams(simulate):
        return [*REPLAYED, "failures", "repairs"], [e for e in NOT_REPLAYED
                                                    if e not in ("failures", "repairs")]
    return list(REPLAYED), list(NOT_REPLAYED)


@dataclass
class Replay:
    """A replay: its stored run, the coils side by side and the fit per property."""

    result: RunResult
    coils: pd.DataFrame
    summary: dict[str, dict[str, float]]
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``drytwin replay --json``."""
        replayed, not_replayed = replay_scope()
        return {"run_id": self.result.run_id, "coils": self.coils.to_dict(orient="records"),
                "summary": self.summary, "replayed": replayed, "not_replayed": not_replayed,
                "notes": self.notes}


def climate_excursions(plant: PlantData, start_h: float, end_h: float) -> dict[str, Any]:
    """The recorded climate in [start, end) as an ``[environment]`` table (times from start)."""
    climate = plant.climate
    t = climate["time_h"].to_numpy(dtype=float)
    temp = climate["temperature_c"].to_numpy(dtype=float)
    rh = relative_humidity(climate)
    i0 = max(int(np.searchsorted(t, start_h, side="right")) - 1, 0)
    i1 = int(np.searchsorted(t, end_h, side="left"))
    idx = np.arange(i0, max(i1, i0 + 1))
    times = np.maximum(t[idx] - start_h, 0.0)
    env: dict[str, Any] = {"temperature_c": float(temp[idx[0]]),
                           "relative_humidity_pct": float(rh[idx[0]]), "excursions": []}
    changes = [k for k in range(1, idx.size)
               if temp[idx[k]] != temp[idx[k - 1]] or rh[idx[k]] != rh[idx[k - 1]]]
    bounds = [*changes, idx.size]
    for a, b in zip(changes, bounds[1:], strict=False):
        stop = times[b] if b < idx.size else end_h - start_h
        if stop > times[a]:
            env["excursions"].append({"start_h": float(times[a]), "duration_h": float(stop - times[a]),
                                      "temperature_c": float(temp[idx[a]]),
                                      "relative_humidity_pct": float(rh[idx[a]])})
    return env


def _pieces(plant: PlantData) -> list[tuple[float, float, dict[str, Any]]]:
    horizon = plant.horizon_h
    change_h = sorted({0.0, *[float(t) for t in plant.settings["time_h"] if 0.0 < t < horizon]})
    idx, regimes = settings_in_force(plant, np.array(change_h))
    bounds = [*change_h, horizon]
    return [(bounds[k], bounds[k + 1], regimes[idx[k]]) for k in range(len(change_h))
            if bounds[k + 1] > bounds[k]]


MIN_SIMULATED_COIL_M = 100.0
"""Shortest rewinder coil a scenario allows (``stations.rewinder.coil_length_m``) [m]."""


def replay(scenario: Scenario, plant: PlantData, seed: int | None = None,
           values: dict[str, Any] | None = None) -> Replay:
    """Run ``scenario`` along the plant's record and compare every coil (module docstring)."""
    seed = scenario.seed if seed is None else seed
    # the simulated rewinder makes coils of the plant's median length, at least the shortest
    # coil the scenario allows; coils are compared by their time windows either way
    plant_coil_m = float(plant.coils["length_m"].median())
    coil_m = max(plant_coil_m, MIN_SIMULATED_COIL_M)
    runs = []
    streams = recorded_streams(plant, seed) if simulate_accepts_streams(simulate) else None
    extra: dict[str, Any] = {"streams": streams} if streams is not None else {}
    for k, (start, end, regime) in enumerate(_pieces(plant)):
        piece = with_values(scenario, regime | (values or {}) | {
            "stations.rewinder.coil_length_m": coil_m})
        raw = piece.model_dump()
        raw["environment"] = climate_excursions(plant, start, end)
        cal = raw["calendar"]
        cal["first_shift_start_h"] = (cal["first_shift_start_h"] - start
                                      + plant.t0.hour + plant.t0.minute / 60.0) % 24.0
        runs.append((start, simulate(Scenario.model_validate(raw), seed=seed + k,
                                     hours=end - start, **extra)))
    segments = pd.concat([r.segments.assign(time_h=r.segments["time_h"] + s) for s, r in runs],
                         ignore_index=True)
    coils, notes = _compare(scenario, plant, segments, values or {})
    summary = _fit_summary(coils)
    result = _stored_result(scenario, plant, runs, segments, coils, summary, seed)
    if any(len(r.segments) < r.kpis.get("produced_length_m", 0) / r.scenario.simulation.segment_length_m
           - 1 for _, r in runs):
        notes.append("the run kept every k-th segment only (simulation.max_kept_segments): coil "
                     "means are over the kept segments")
    if coil_m > plant_coil_m:
        notes.append(f"the plant's coils are {plant_coil_m:g} m long (median); the simulated "
                     f"rewinder makes {coil_m:g} m coils, the shortest a scenario allows; each "
                     "plant coil is compared over its own time window")
    if streams is not None:
        notes.append("recorded failures and repairs replayed through the engine's reliability "
                     "streams (operating time between failures from the web's running time)")
    return Replay(result, coils, summary, notes)


def _compare(scenario: Scenario, plant: PlantData, segments: pd.DataFrame,
             values: dict[str, Any]) -> tuple[pd.DataFrame, list[str]]:
    pc = plant.coils
    start, end = pc["start_h"].to_numpy(dtype=float), pc["end_h"].to_numpy(dtype=float)
    t = segments["time_h"].to_numpy(dtype=float)
    order = np.argsort(t, kind="stable")
    t_sorted = t[order]
    lo, hi = np.searchsorted(t_sorted, start), np.searchsorted(t_sorted, end)
    fast = predict_coils(scenario, coil_conditions(plant), values)
    rows = []
    for i in range(len(pc)):
        sel = order[lo[i]:hi[i]]
        row: dict[str, Any] = {"coil": i, "plant_coil_id": str(pc["coil_id"].iloc[i]),
                               "start_h": start[i], "end_h": end[i],
                               "length_m": float(pc["length_m"].iloc[i]),
                               "source": "replay" if sel.size else "process_model"}
        for prop, (seg_col, coil_col) in COMPARED.items():
            if sel.size and prop == "loading_cv":
                m = segments["measured_loading_mg_per_cm2"].to_numpy()[sel]
                sim = float(m.std(ddof=1) / m.mean()) if m.size > 1 else np.nan
            elif sel.size and seg_col in segments:
                sim = float(segments[seg_col].to_numpy()[sel].mean())
            else:
                sim = float(fast[prop][0][i]) if prop in fast else np.nan
            row[coil_col] = sim
            row[f"plant_{prop}"] = float(pc[prop].iloc[i]) if prop in pc else np.nan
        rows.append(row)
    coils = pd.DataFrame(rows)
    notes = []
    n_fast = int((coils["source"] == "process_model").sum())
    if n_fast:
        notes.append(f"{n_fast} of {len(coils)} plant coils fell where the twin's line stood still "
                     "(its stops are its own): computed by the process-model fast path")
    return coils, notes


def _fit_summary(coils: pd.DataFrame) -> dict[str, dict[str, float]]:
    out = {}
    for prop, (_, coil_col) in COMPARED.items():
        sim, meas = coils[coil_col].to_numpy(float), coils[f"plant_{prop}"].to_numpy(float)
        ok = np.isfinite(sim) & np.isfinite(meas)
        if ok.sum() < 2:
            continue
        resid = sim[ok] - meas[ok]
        ss_tot = float(((meas[ok] - meas[ok].mean()) ** 2).sum())
        out[prop] = {"bias": float(resid.mean()), "rmse": float(np.sqrt((resid ** 2).mean())),
                     "r2": float(1.0 - (resid ** 2).sum() / ss_tot) if ss_tot > 0 else float("nan"),
                     "n": int(ok.sum())}
    return out


def _stored_result(scenario: Scenario, plant: PlantData, runs: list[tuple[float, RunResult]],
                   segments: pd.DataFrame, coils: pd.DataFrame,
                   summary: dict[str, dict[str, float]], seed: int) -> RunResult:
    first = runs[0][1]
    events = pd.concat([r.events.assign(time_h=r.events["time_h"] + s) for s, r in runs],
                       ignore_index=True)
    intervals = pd.concat([r.intervals.assign(start_h=r.intervals["start_h"] + s,
                                              end_h=r.intervals["end_h"] + s) for s, r in runs],
                          ignore_index=True)
    kpis: dict[str, Any] = {
        "produced_length_m": float(sum(r.kpis.get("produced_length_m", 0.0) for _, r in runs)),
        "good_length_m": float(sum(r.kpis.get("good_length_m", 0.0) for _, r in runs)),
        "n_plant_coils": len(coils),
        "n_replay_pieces": len(runs),
        "replay": summary,
    }
    name = f"replay of {plant.folder.name}: {scenario.name}"[:200]
    stored_scenario = runs[0][1].scenario.model_copy(update={"name": name})
    return RunResult(
        run_id=uuid.uuid4().hex, scenario=stored_scenario, seed=seed, horizon_h=plant.horizon_h,
        kpis=kpis, segments=segments, coils=coils, events=events, intervals=intervals,
        mass_balance_kg=first.mass_balance_kg,
        warnings=[w for _, r in runs for w in r.warnings],
        wall_time_s=float(sum(r.wall_time_s for _, r in runs)))
