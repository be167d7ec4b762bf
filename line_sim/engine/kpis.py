"""Key performance indicators, coil summaries and downtime accounting of a run."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from line_sim.engine.layout import LINE_STATES
from line_sim.engine.web import SCRAP_CAUSES

PLANNED_STOPS = ("handover",)
"""Line states that are planned stops: excluded from planned production time (OEE)."""


def state_durations_s(intervals: pd.DataFrame) -> dict[str, float]:
    """Time the line spent in each state, failures split by station [s]."""
    duration = intervals["end_h"] - intervals["start_h"]
    label = intervals["line_state"].astype(str)
    failed = label == "failed"
    label = label.where(~failed, "failed:" + intervals["line_cause"].astype(str))
    return {str(k): float(v) * 3600.0 for k, v in duration.groupby(label).sum().items()}


def downtime_by_cause_h(durations_s: dict[str, float]) -> dict[str, float]:
    """Unplanned and planned stop time by cause during planned shifts [h]."""
    skip = {"running", "off_shift"}
    return {k: v / 3600.0 for k, v in sorted(durations_s.items()) if k not in skip and v > 0}


def line_kpis(produced_m: float, good_m: float, intervals: pd.DataFrame, *, horizon_h: float,
              set_speed_m_per_s: float, web_width_m: float, n_failures: int,
              n_web_breaks: int, n_coils: int) -> dict[str, Any]:
    """Throughput, yield and OEE figures of one run.

    Notes
    -----
    Availability = run time / planned production time (shift time less planned stops);
    performance = produced length / (run time × set speed); quality = good / produced
    length; OEE = A·P·Q.
    """
    durations = state_durations_s(intervals)
    run_s = durations.get("running", 0.0)
    planned_s = sum(v for k, v in durations.items() if k != "off_shift"
                    and k not in PLANNED_STOPS)
    availability = run_s / planned_s if planned_s > 0 else 0.0
    performance = produced_m / (run_s * set_speed_m_per_s) if run_s > 0 else 0.0
    quality = good_m / produced_m if produced_m > 0 else 0.0
    per_h = 1.0 / horizon_h if horizon_h > 0 else 0.0
    return {
        "produced_length_m": produced_m,
        "good_length_m": good_m,
        "produced_area_m2": produced_m * web_width_m,
        "good_area_m2": good_m * web_width_m,
        "throughput_good_m_per_h": good_m * per_h,
        "throughput_good_m2_per_h": good_m * web_width_m * per_h,
        "yield_fraction": quality,
        "availability": availability,
        "performance": performance,
        "quality": quality,
        "oee": availability * performance * quality,
        "planned_production_h": planned_s / 3600.0,
        "run_time_h": run_s / 3600.0,
        "n_failures": n_failures,
        "n_web_breaks": n_web_breaks,
        "n_coils": n_coils,
        "downtime_by_cause_h": downtime_by_cause_h(durations),
    }


ROUTE_COLUMNS = {"film_tensile_strength_mpa": "mean_film_tensile_strength_mpa",
                 "transfer_efficiency": "mean_transfer_efficiency"}
"""Segment columns only some routes have, and the KPI of their length-weighted mean."""

WEIGHTED_COLUMNS = {
    "loading_mg_per_cm2": "mean_loading_mg_per_cm2",
    "porosity": "mean_porosity",
    "thickness_um": "mean_thickness_um",
    "adhesion_kpa": "mean_adhesion_kpa",
    "moisture_capacity_loss_fraction": "moisture_capacity_loss_fraction",
    "water_ppm": "mean_water_ppm",
    **ROUTE_COLUMNS,
}
"""Segment columns whose length-weighted means go into the coil table and the KPIs."""


class WebTotals:
    """Length-weighted sums over segments per coil, added piece by piece.

    A run's segments may be computed in pieces (long horizons); the coil table and the
    quality KPIs follow from these sums alone, so no piece has to be kept.
    """

    def __init__(self) -> None:
        self._sums: pd.DataFrame | None = None

    def add(self, segments: pd.DataFrame) -> None:
        """Add the sums of one piece of segments (rows in web order)."""
        if segments.empty:
            return
        coil = segments["coil"].to_numpy()
        # segments arrive in web order, so each coil is one run of rows
        starts = np.flatnonzero(np.r_[True, coil[1:] != coil[:-1]])
        w = segments["length_m"].to_numpy()
        loading = segments["loading_mg_per_cm2"].to_numpy()
        cause = segments["scrap_cause"]
        codes = cause.cat.codes.to_numpy()
        parts = {"length_m": w, "good_length_m": w * segments["good"].to_numpy(),
                 "loading_sq": w * loading * loading}
        parts |= {f"w_{c}": w * segments[c].to_numpy() for c in WEIGHTED_COLUMNS if c in segments}
        parts |= {f"scrap_{c}_m": w * (codes == cause.cat.categories.get_loc(c)) for c in SCRAP_CAUSES}
        columns = {name: np.add.reduceat(values, starts) for name, values in parts.items()}
        time_h, batch = segments["time_h"].to_numpy(), segments["batch"].to_numpy()
        columns |= {"start_h": np.minimum.reduceat(time_h, starts),
                    "end_h": np.maximum.reduceat(time_h, starts),
                    "first_batch": np.minimum.reduceat(batch, starts),
                    "last_batch": np.maximum.reduceat(batch, starts)}
        piece = pd.DataFrame(columns, index=pd.Index(coil[starts], name="coil"))
        self._sums = piece if self._sums is None else _combine(self._sums, piece)

    def coils(self) -> pd.DataFrame:
        """One row per coil: length, yield, property means and spread, genealogy, scrap."""
        if self._sums is None:
            return pd.DataFrame(columns=["coil", "length_m", "good_length_m", "yield_fraction"])
        s = self._sums
        out = pd.DataFrame({"coil": s.index.to_numpy(), "start_h": s["start_h"].to_numpy(),
                            "end_h": s["end_h"].to_numpy(), "length_m": s["length_m"].to_numpy(),
                            "good_length_m": s["good_length_m"].to_numpy()})
        for column, name in WEIGHTED_COLUMNS.items():
            if f"w_{column}" in s:
                out[name] = (s[f"w_{column}"] / s["length_m"]).to_numpy()
        variance = (s["loading_sq"] / s["length_m"]).to_numpy() - out["mean_loading_mg_per_cm2"] ** 2
        out["std_loading_mg_per_cm2"] = np.sqrt(np.maximum(variance, 0.0))
        out["loading_cv"] = out["std_loading_mg_per_cm2"] / out["mean_loading_mg_per_cm2"]
        out["yield_fraction"] = out["good_length_m"] / out["length_m"]
        out["first_batch"] = s["first_batch"].to_numpy()
        out["last_batch"] = s["last_batch"].to_numpy()
        for cause in SCRAP_CAUSES:
            out[f"scrap_{cause}_m"] = s[f"scrap_{cause}_m"].to_numpy()
        return out

    def quality_kpis(self) -> dict[str, Any]:
        """Length-weighted means of the electrode properties and scrap by cause."""
        if self._sums is None:
            return {"mean_porosity": float("nan"), "mean_loading_mg_per_cm2": float("nan"),
                    "loading_cv": float("nan"), "mean_thickness_um": float("nan"),
                    "mean_adhesion_kpa": float("nan"), "mean_water_ppm": float("nan"),
                    "moisture_capacity_loss_fraction": float("nan"),
                    "scrap_by_cause": dict.fromkeys(SCRAP_CAUSES, 0.0)}
        totals = self._sums.sum()
        length = totals["length_m"]
        mean = {c: totals[f"w_{c}"] / length for c in WEIGHTED_COLUMNS if f"w_{c}" in totals}
        loading = mean["loading_mg_per_cm2"]
        std = np.sqrt(max(totals["loading_sq"] / length - loading * loading, 0.0))
        return {
            "mean_porosity": float(mean["porosity"]),
            "mean_loading_mg_per_cm2": float(loading),
            "loading_cv": float(std / loading),
            "mean_thickness_um": float(mean["thickness_um"]),
            "mean_adhesion_kpa": float(mean["adhesion_kpa"]),
            "mean_water_ppm": float(mean["water_ppm"]),
            **{name: float(mean[c]) for c, name in ROUTE_COLUMNS.items() if c in mean},
            "moisture_capacity_loss_fraction": float(mean["moisture_capacity_loss_fraction"]),
            "scrap_by_cause": {c: float(totals[f"scrap_{c}_m"]) for c in SCRAP_CAUSES},
        }

    def scrap_coils(self, coils: np.ndarray, cause: str) -> None:
        """Charge the good length of whole coils to ``cause`` (e.g. a failed moisture check)."""
        if self._sums is None or len(coils) == 0:
            return
        rows = self._sums.index.isin(coils)
        self._sums.loc[rows, f"scrap_{cause}_m"] += self._sums.loc[rows, "good_length_m"]
        self._sums.loc[rows, "good_length_m"] = 0.0

    def lengths_m(self) -> tuple[float, float]:
        """Produced and good length [m]."""
        if self._sums is None:
            return 0.0, 0.0
        return float(self._sums["length_m"].sum()), float(self._sums["good_length_m"].sum())


def _combine(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Sums add; first times and batches take the minimum, last ones the maximum."""
    lows, highs = ["start_h", "first_batch"], ["end_h", "last_batch"]
    sums = old.drop(columns=lows + highs).add(new.drop(columns=lows + highs), fill_value=0.0)
    low = pd.concat([old[lows], new[lows]]).groupby(level=0).min()
    high = pd.concat([old[highs], new[highs]]).groupby(level=0).max()
    return sums.join(low).join(high)


def interval_frame(log: Any, climate_temperature: np.ndarray, climate_rh: np.ndarray,
                   mixer_states: tuple[str, ...], fib_states: tuple[str, ...]) -> pd.DataFrame:
    """The engine's interval table as a DataFrame with readable state names."""
    frame = pd.DataFrame({
        "start_h": np.asarray(log.start_s) / 3600.0,
        "end_h": np.asarray(log.end_s) / 3600.0,
        "position_m": log.position_m,
        "web_mass_kg": log.web_mass_kg,
        "draw_per_m_kg": log.draw_per_m_kg,
        "speed_m_per_min": np.asarray(log.speed_m_per_s) * 60.0,
        "fibrillator_rate_kg_per_h": np.asarray(log.fibrillator_rate_kg_per_s) * 3600.0,
        "coil": log.coil_id,
        "line_state": pd.Categorical.from_codes(np.asarray(log.line_state, dtype=int),
                                                categories=list(LINE_STATES)),
        "line_cause": log.line_cause,
        "mixer_state": pd.Categorical.from_codes(np.asarray(log.mixer_state, dtype=int),
                                                 categories=list(mixer_states)),
        "fibrillator_state": pd.Categorical.from_codes(
            np.asarray(log.fibrillator_state, dtype=int), categories=list(fib_states)),
        "powder_hopper_kg": log.powder_level_kg,
        "dough_hopper_kg": log.dough_level_kg,
    })
    idx = np.asarray(log.climate_index, dtype=int)
    frame["temperature_c"] = climate_temperature[idx] if idx.size else []
    frame["relative_humidity_pct"] = climate_rh[idx] if idx.size else []
    return frame
