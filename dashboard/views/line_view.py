"""Line view page (``dashboard/pages/line_view.py``): the route at one moment of a run.

The snapshot and its SVG come from :mod:`line_sim.studies.review_pack` (the review pack draws
the same picture); here they are bound to a :class:`~dashboard.views.common.RunView` and the
time slider steps through the run's interval table.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from dashboard.views.common import RunView
from line_sim.scenario import ROUTE_STATIONS
from line_sim.studies.review_pack import LineSnapshot, buffer_capacities, line_snapshot, line_svg

EVENT_LOG_ROWS = 12
"""Events shown beside the line view: the latest up to the chosen time."""


def step_times(intervals: pd.DataFrame) -> np.ndarray:
    """Start of every interval [h]: the steps of the play button."""
    if intervals.empty:
        return np.array([], dtype=float)
    return np.unique(intervals["start_h"].to_numpy(dtype=float))


def next_step(intervals: pd.DataFrame, time_h: float) -> float:
    """The first interval start after ``time_h`` (the last one at the end of the run)."""
    steps = step_times(intervals)
    later = steps[steps > time_h + 1e-9]
    return float(later[0]) if later.size else float(steps[-1]) if steps.size else 0.0


def view_capacities(view: RunView) -> dict[str, float]:
    """Buffer capacities of the run's scenario (``{}`` when it no longer validates)."""
    if view.scenario is None:
        return {}
    return buffer_capacities(view.scenario.model_dump(mode="json"))


def view_route(view: RunView) -> str | None:
    """The run's route if the line view can draw it."""
    route = view.summary.get("route")
    return route if route in ROUTE_STATIONS else None


def view_snapshot(view: RunView, time_h: float, capacities: dict[str, float] | None = None
                  ) -> LineSnapshot:
    """The line of a run at ``time_h``."""
    return line_snapshot(view.intervals, view.coils, view_route(view) or "BF", time_h,
                         capacities if capacities is not None else view_capacities(view))


def snapshot_svg(view: RunView, snapshot: LineSnapshot) -> str:
    """The snapshot as SVG, the web colour scaled to the run's top speed."""
    top = float(view.intervals["speed_m_per_min"].max()) if not view.intervals.empty else None
    return line_svg(snapshot, top)


def station_table(snapshot: LineSnapshot) -> pd.DataFrame:
    """``station``, ``state``, ``detail`` of a snapshot (buffers: fill and level)."""
    return pd.DataFrame([{"station": s.name.replace("_", " "),
                          "state": s.state if s.fill is None else f"{s.fill * 100:.0f} % full",
                          "detail": s.detail} for s in snapshot.stations])


def events_until(events: pd.DataFrame, time_h: float, rows: int = EVENT_LOG_ROWS) -> pd.DataFrame:
    """The latest ``rows`` events at or before ``time_h``, newest first."""
    if events.empty or "time_h" not in events.columns:
        return pd.DataFrame(columns=["time_h", "event", "station", "detail"])
    past = events[events["time_h"] <= time_h + 1e-9]
    return past.iloc[::-1].head(rows).reset_index(drop=True)


def line_counters(snapshot: LineSnapshot) -> dict[str, Any]:
    """Speed and metre counters of a snapshot, for metric tiles."""
    return {"web speed [m/min]": snapshot.speed_m_per_min, "produced [m]": snapshot.produced_m,
            "good [m]": snapshot.good_m, "scrapped [m]": snapshot.scrapped_m}
