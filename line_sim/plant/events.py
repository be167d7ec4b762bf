"""Recorded stops as the line's reliability streams: an injectable event source.

The engine draws a station's operating time to its next failure with
``rngs["failure.<station>"].exponential(mtbf_s)`` and each repair time with
``rngs["repair.<station>"].lognormal(mu, sigma)``. :class:`RecordedStream` answers those
calls with the plant's recorded values instead (operating time between failures from the
web's running time, repair durations from failure → repair), and falls back to a seeded
generator once the record is used up (a failure never comes: the record ended censored).

``recorded_streams(plant, seed)`` builds them for every station in the log. They take
effect when ``simulate`` accepts ``streams=`` (one line in ``engine/run.py``:
``rngs.update(streams or {})`` after ``rngs = random_streams(seed)``); until then replay
uses the random streams and says so.
"""

from __future__ import annotations

import inspect
import math
from typing import Any

import numpy as np

from line_sim.plant.contract import PlantData

SECONDS_PER_HOUR = 3600.0
NEVER_S = 1e12
"""Operating time returned once the recorded failures are used up [s]."""


class RecordedStream:
    """A random stream that returns recorded values first, then random ones."""

    def __init__(self, values_s: list[float], fallback: np.random.Generator,
                 after: str = "random") -> None:
        self.values_s = list(values_s)
        self.fallback = fallback
        self.after = after

    def _next(self) -> float | None:
        return self.values_s.pop(0) if self.values_s else None

    def exponential(self, scale: float = 1.0, size: Any = None) -> float:
        value = self._next()
        if value is not None:
            return value
        return NEVER_S if self.after == "never" else float(self.fallback.exponential(scale))

    def lognormal(self, mean: float = 0.0, sigma: float = 1.0, size: Any = None) -> float:
        value = self._next()
        return value if value is not None else float(self.fallback.lognormal(mean, sigma))

    def __getattr__(self, name: str) -> Any:  # anything else: the fallback generator
        return getattr(self.fallback, name)


def running_hours_until(plant: PlantData, time_h: float) -> float:
    """Web running hours from the start of the record until ``time_h`` (coils spread evenly)."""
    coils = plant.coils
    start, end = coils["start_h"].to_numpy(float), coils["end_h"].to_numpy(float)
    running = _coil_running_h(plant)
    share = np.clip((time_h - start) / np.maximum(end - start, 1e-9), 0.0, 1.0)
    return float((share * running).sum())


def _coil_running_h(plant: PlantData) -> np.ndarray:
    from line_sim.plant.model import settings_in_force

    idx, regimes = settings_in_force(plant, plant.coils["start_h"].to_numpy(float))
    speeds = np.array([float(r.get("line.speed_m_per_min", math.nan)) for r in regimes])[idx]
    duration = (plant.coils["end_h"] - plant.coils["start_h"]).to_numpy(float)
    return np.where(np.isfinite(speeds), plant.coils["length_m"].to_numpy(float)
                    / np.where(np.isfinite(speeds), speeds, 1.0) / 60.0, duration)


def recorded_streams(plant: PlantData, seed: int) -> dict[str, RecordedStream]:
    """``failure.<station>`` and ``repair.<station>`` streams from the plant's event log."""
    out: dict[str, RecordedStream] = {}
    events = plant.events[plant.events["event"].isin(["failure", "repair"])]
    for k, station in enumerate(sorted(set(events["station"]))):
        rows = events[events["station"] == station]
        failures_s, repairs_s, up_from_h, failed_h = [], [], 0.0, None
        for _, row in rows.iterrows():
            t = float(row["time_h"])
            if row["event"] == "failure":
                operating = running_hours_until(plant, t) - running_hours_until(plant, up_from_h)
                failures_s.append(max(operating, 1e-3) * SECONDS_PER_HOUR)
                failed_h = t
            elif failed_h is not None:
                repairs_s.append(max(t - failed_h, 1e-3) * SECONDS_PER_HOUR)
                up_from_h, failed_h = t, None
        rng = np.random.default_rng([seed, k, 23])
        out[f"failure.{station}"] = RecordedStream(failures_s, rng, after="never")
        out[f"repair.{station}"] = RecordedStream(repairs_s, rng)
    return out


def simulate_accepts_streams(simulate: Any) -> bool:
    """Whether the engine's ``simulate`` takes an injectable event source (``streams=``)."""
    return "streams" in inspect.signature(simulate).parameters
