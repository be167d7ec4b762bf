"""Line page (``dashboard/pages/line.py``): throughput, station states, buffers, downtime, OEE."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from dashboard.views.common import number


def _interval_end_positions(intervals: pd.DataFrame) -> np.ndarray:
    duration_min = (intervals["end_h"] - intervals["start_h"]).to_numpy() * 60.0
    return intervals["position_m"].to_numpy() + intervals["speed_m_per_min"].to_numpy() * duration_min


def throughput_over_time(intervals: pd.DataFrame, segments: pd.DataFrame,
                         bin_h: float = 1.0) -> pd.DataFrame:
    """Produced (and, with segments, good) web length per hour, binned in time.

    The web position is piecewise linear in time (constant speed between events), so the
    produced length in a bin is the difference of the interpolated positions at its edges.

    Returns
    -------
    DataFrame
        Long form: ``time_h`` (bin start), ``series`` ("produced", "good") and ``m_per_h``.
    """
    if intervals.empty or bin_h <= 0.0:
        return pd.DataFrame(columns=["time_h", "series", "m_per_h"])
    horizon_h = float(intervals["end_h"].max())
    edges = np.arange(0.0, horizon_h + bin_h * 0.5, bin_h)
    if edges[-1] < horizon_h:
        edges = np.append(edges, horizon_h)
    times = np.append(intervals["start_h"].to_numpy(), intervals["end_h"].to_numpy()[-1])
    positions = np.append(intervals["position_m"].to_numpy(), _interval_end_positions(intervals)[-1])
    widths = np.diff(edges)
    frames = [pd.DataFrame({"time_h": edges[:-1], "series": "produced",
                            "m_per_h": np.diff(np.interp(edges, times, positions)) / widths})]
    if not segments.empty and {"time_h", "length_m", "good"} <= set(segments.columns):
        good, _ = np.histogram(segments["time_h"], bins=edges,
                               weights=segments["length_m"] * segments["good"])
        frames.append(pd.DataFrame({"time_h": edges[:-1], "series": "good",
                                    "m_per_h": good / widths}))
    return pd.concat(frames, ignore_index=True)


def _layout(route: str | None) -> Any:
    """``line_sim.engine.line.route_layout`` of a route, or None for an unknown route."""
    from line_sim.engine.layout import route_layout

    try:
        return route_layout(route or "BF")
    except KeyError:
        return None


def station_state_columns(route: str | None) -> dict[str, str]:
    """Timeline rows of a route and the interval columns that hold their states.

    The engine logs the mixer, the converter (BF: fibrillator; none on DPSD and slurry) and
    the web group under fixed column names; the labels name the route's own stations.
    """
    layout = _layout(route)
    if layout is None:
        return {"mixer": "mixer_state", "web stations": "line_state"}
    rows = {"mixer": "mixer_state"}
    if layout.converter:
        rows[layout.converter.replace("_", " ")] = "fibrillator_state"
    rows["web: " + ", ".join(s.replace("_", " ") for s in layout.web_stations)] = "line_state"
    return rows


def hopper_columns(route: str | None) -> dict[str, str]:
    """Buffers of a route and the interval columns that hold their levels."""
    layout = _layout(route)
    if layout is None:
        return {"first buffer": "powder_hopper_kg", "second buffer": "dough_hopper_kg"}
    columns = {layout.first_buffer.replace("_", " "): "powder_hopper_kg"}
    if layout.second_buffer:
        columns[layout.second_buffer.replace("_", " ")] = "dough_hopper_kg"
    return columns


def state_timeline(intervals: pd.DataFrame, route: str | None = "BF") -> pd.DataFrame:
    """Station states as bars: consecutive intervals in the same state are merged.

    Returns
    -------
    DataFrame
        ``station``, ``state``, ``cause`` (failed station or stop cause of the line),
        ``start_h``, ``end_h``, ``duration_h``.
    """
    rows: list[pd.DataFrame] = []
    for station, column in station_state_columns(route).items():
        if column not in intervals.columns or intervals.empty:
            continue
        state = intervals[column].astype(str).to_numpy()
        cause = (intervals["line_cause"].astype(str).to_numpy() if column == "line_state"
                 and "line_cause" in intervals.columns else np.full(state.size, ""))
        label = np.char.add(np.char.add(state.astype(str), "|"), cause.astype(str))
        starts = np.flatnonzero(np.r_[True, label[1:] != label[:-1]])
        ends = np.r_[starts[1:], state.size] - 1
        rows.append(pd.DataFrame({
            "station": station, "state": state[starts], "cause": cause[starts],
            "start_h": intervals["start_h"].to_numpy()[starts],
            "end_h": intervals["end_h"].to_numpy()[ends]}))
    if not rows:
        return pd.DataFrame(columns=["station", "state", "cause", "start_h", "end_h", "duration_h"])
    frame = pd.concat(rows, ignore_index=True)
    frame["duration_h"] = frame["end_h"] - frame["start_h"]
    return frame


def hopper_levels(intervals: pd.DataFrame, route: str | None = "BF") -> pd.DataFrame:
    """Buffer levels at every interval start, long form: ``time_h``, ``hopper``, ``level_kg``."""
    present = {name: col for name, col in hopper_columns(route).items() if col in intervals.columns}
    if intervals.empty or not present:
        return pd.DataFrame(columns=["time_h", "hopper", "level_kg"])
    wide = intervals[["start_h", *present.values()]].rename(
        columns={"start_h": "time_h", **{c: n for n, c in present.items()}})
    return wide.melt(id_vars="time_h", var_name="hopper", value_name="level_kg")


def downtime_pareto(downtime_by_cause_h: Mapping[str, float]) -> pd.DataFrame:
    """Stop causes sorted by hours, with the cumulative share for a Pareto chart.

    Returns
    -------
    DataFrame
        ``cause``, ``hours``, ``cumulative_pct`` (0–100), largest cause first.
    """
    frame = pd.DataFrame({"cause": list(downtime_by_cause_h),
                          "hours": [float(v) for v in downtime_by_cause_h.values()]})
    frame = frame[frame["hours"] > 0].sort_values("hours", ascending=False, kind="stable")
    total = frame["hours"].sum()
    frame["cumulative_pct"] = frame["hours"].cumsum() / total * 100.0 if total > 0 else 0.0
    return frame.reset_index(drop=True)


OEE_COMPONENTS = ("availability", "performance", "quality", "oee")


def oee_breakdown(summary: Mapping[str, Any]) -> pd.DataFrame:
    """Availability, performance, quality and OEE in percent (components present only)."""
    rows = [(name, value * 100.0) for name in OEE_COMPONENTS
            if (value := number(summary, name)) is not None]
    return pd.DataFrame(rows, columns=["component", "percent"])
