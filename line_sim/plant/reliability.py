"""Failures and repairs of a plant's event log: per-station likelihood of MTBF and MTTR.

Operating times between failures are exponential (the engine's model); the record ends
censored: the operating time since a station's last repair is exposure without a failure,
and a repair still open at the end is a censored repair time. Repairs are lognormal with the
scenario's ``repair_cv`` (stated, not fitted: a week holds too few repairs to fit a shape).

Exposure: the engine counts operating time only while a station works. The plant log does
not say when a machine was blocked or starved, so the exposure is the web's running time,
Σ coil length / line speed in force (exact for the web stations; an approximation for the
mixer and the fibrillator, which also idle while the web runs, or run while it stands).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import log_ndtr

from line_sim.plant.contract import PlantData
from line_sim.plant.model import settings_in_force
from line_sim.scenario import Scenario


@dataclass(frozen=True)
class StationRecord:
    """What the event log says about one station."""

    station: str
    n_failures: int
    exposure_h: float
    repairs_h: np.ndarray
    open_repair_h: float | None
    repair_cv: float

    def log_likelihood(self, mtbf_h: float, mttr_h: float) -> float:
        """Log-likelihood of an MTBF and an MTTR [h] (constants dropped)."""
        ll = -self.n_failures * math.log(mtbf_h) - self.exposure_h / mtbf_h
        sigma2 = math.log(1.0 + max(self.repair_cv, 1e-3) ** 2)
        sigma = math.sqrt(sigma2)
        mu = math.log(mttr_h) - sigma2 / 2.0
        if self.repairs_h.size:
            z = (np.log(self.repairs_h) - mu) / sigma
            ll += float(-0.5 * (z ** 2).sum()) - self.repairs_h.size * math.log(sigma)
        if self.open_repair_h is not None and self.open_repair_h > 0:
            ll += float(log_ndtr(-(math.log(self.open_repair_h) - mu) / sigma))
        return ll


def web_running_h(plant: PlantData, scenario: Scenario) -> float:
    """Hours the web ran: Σ coil length / line speed in force at each coil [h]."""
    start = plant.coils["start_h"].to_numpy(dtype=float)
    idx, regimes = settings_in_force(plant, start)
    speeds = np.array([float(r.get("line.speed_m_per_min", scenario.line.speed_m_per_min))
                       for r in regimes])[idx]
    return float((plant.coils["length_m"].to_numpy(dtype=float) / speeds).sum() / 60.0)


def station_records(plant: PlantData, scenario: Scenario) -> dict[str, StationRecord]:
    """One record per station named in the failure/repair log (and none for the others)."""
    events = plant.events
    end_h = plant.horizon_h
    exposure = web_running_h(plant, scenario)
    out: dict[str, StationRecord] = {}
    for station in sorted(set(events.loc[events["event"].isin(["failure", "repair"]), "station"])):
        rows = events[(events["station"] == station) & events["event"].isin(["failure", "repair"])]
        repairs, failed_at = [], None
        for _, row in rows.iterrows():
            if row["event"] == "failure":
                failed_at = float(row["time_h"])
            elif failed_at is not None:
                repairs.append(max(float(row["time_h"]) - failed_at, 1e-6))
                failed_at = None
        rel = getattr(scenario.reliability, station, None)
        out[station] = StationRecord(
            station, int((rows["event"] == "failure").sum()), exposure, np.array(repairs),
            None if failed_at is None else end_h - failed_at,
            rel.repair_cv if rel is not None else 0.5)
    return out
