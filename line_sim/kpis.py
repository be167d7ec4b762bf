"""Key performance indicators, coil summaries and downtime accounting of a run."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from line_sim.line import LINE_STATES
from line_sim.web import SCRAP_CAUSES

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


def line_kpis(segments: pd.DataFrame, intervals: pd.DataFrame, *, horizon_h: float,
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
    produced_m = float(segments["length_m"].sum())
    good_m = float(segments.loc[segments["good"], "length_m"].sum())
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


def quality_kpis(segments: pd.DataFrame) -> dict[str, Any]:
    """Length-weighted means of the electrode properties and scrap by cause."""
    if segments.empty:
        return {
            "mean_porosity": float("nan"), "mean_loading_mg_per_cm2": float("nan"),
            "loading_cv": float("nan"), "mean_thickness_um": float("nan"),
            "moisture_capacity_loss_fraction": float("nan"),
            "scrap_by_cause": dict.fromkeys(SCRAP_CAUSES, 0.0),
        }
    w = segments["length_m"].to_numpy()
    loading = segments["loading_mg_per_cm2"].to_numpy()
    mean_loading = float(np.average(loading, weights=w))
    scrap = segments.groupby("scrap_cause", observed=False)["length_m"].sum()
    return {
        "mean_porosity": float(np.average(segments["porosity"], weights=w)),
        "mean_loading_mg_per_cm2": mean_loading,
        "loading_cv": float(np.sqrt(np.average((loading - mean_loading) ** 2, weights=w))
                            / mean_loading),
        "mean_thickness_um": float(np.average(segments["thickness_um"], weights=w)),
        **{name: float(np.average(segments[column], weights=w))
           for column, name in ROUTE_COLUMNS.items() if column in segments},
        "moisture_capacity_loss_fraction": float(
            np.average(segments["moisture_capacity_loss_fraction"], weights=w)),
        "scrap_by_cause": {c: float(scrap.get(c, 0.0)) for c in SCRAP_CAUSES},
    }




def coil_summary(segments: pd.DataFrame) -> pd.DataFrame:
    """One row per coil: length, yield, property means and spreads, genealogy."""
    if segments.empty:
        return pd.DataFrame(columns=["coil", "length_m", "good_length_m", "yield_fraction"])
    seg = segments.assign(good_length_m=segments["length_m"] * segments["good"])
    grouped = seg.groupby("coil")
    route_means = {name: (column, "mean") for column, name in ROUTE_COLUMNS.items()
                   if column in seg}
    coils = grouped.agg(
        start_h=("time_h", "min"), end_h=("time_h", "max"),
        length_m=("length_m", "sum"), good_length_m=("good_length_m", "sum"),
        mean_loading_mg_per_cm2=("loading_mg_per_cm2", "mean"),
        std_loading_mg_per_cm2=("loading_mg_per_cm2", "std"),
        mean_porosity=("porosity", "mean"), mean_thickness_um=("thickness_um", "mean"),
        mean_adhesion_kpa=("adhesion_kpa", "mean"),
        moisture_capacity_loss_fraction=("moisture_capacity_loss_fraction", "mean"),
        first_batch=("batch", "min"), last_batch=("batch", "max"),
        **route_means,
    ).reset_index()
    coils["yield_fraction"] = coils["good_length_m"] / coils["length_m"]
    coils["loading_cv"] = coils["std_loading_mg_per_cm2"].fillna(0.0) / coils[
        "mean_loading_mg_per_cm2"]
    scrap = seg.pivot_table(index="coil", columns="scrap_cause", values="length_m",
                            aggfunc="sum", observed=False, fill_value=0.0)
    for cause in SCRAP_CAUSES:
        coils[f"scrap_{cause}_m"] = coils["coil"].map(
            scrap[cause] if cause in scrap.columns else {}).fillna(0.0).to_numpy()
    return coils


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
