"""Shift calendar: the windows in which the line is planned to produce."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from line_sim.scenario import Calendar

SECONDS_PER_HOUR = 3600.0
HOURS_PER_DAY = 24.0


def production_windows_s(calendar: Calendar, horizon_s: float) -> NDArray[np.float64]:
    """Planned production windows within [0, horizon], merged where shifts touch.

    Returns
    -------
    ndarray, shape (n, 2)
        Start and end of each window [s]. Shifts may run past midnight; the run starts at
        midnight of day 0, and a night shift begun the day before covers its first hours.
    """
    days = int(np.ceil(horizon_s / SECONDS_PER_HOUR / HOURS_PER_DAY)) + 1
    windows: list[tuple[float, float]] = []
    for day in range(-1, days):
        if day % 7 >= calendar.working_days_per_week:
            continue
        for k in range(calendar.shifts_per_day):
            start_h = day * HOURS_PER_DAY + calendar.first_shift_start_h + k * calendar.shift_length_h
            windows.append((start_h * SECONDS_PER_HOUR,
                            (start_h + calendar.shift_length_h) * SECONDS_PER_HOUR))
    return _merge_and_clip(windows, horizon_s)


def shift_starts_s(calendar: Calendar, horizon_s: float) -> NDArray[np.float64]:
    """Start times of every shift inside the horizon [s] (handover stops happen here)."""
    days = int(np.ceil(horizon_s / SECONDS_PER_HOUR / HOURS_PER_DAY)) + 1
    starts = [
        (day * HOURS_PER_DAY + calendar.first_shift_start_h + k * calendar.shift_length_h)
        * SECONDS_PER_HOUR
        for day in range(days) if day % 7 < calendar.working_days_per_week
        for k in range(calendar.shifts_per_day)
    ]
    arr = np.array(sorted(starts), dtype=float)
    return arr[(arr > 0.0) & (arr < horizon_s)]


def _merge_and_clip(windows: list[tuple[float, float]], horizon_s: float) -> NDArray[np.float64]:
    merged: list[list[float]] = []
    for start, end in sorted(windows):
        start, end = max(start, 0.0), min(end, horizon_s)
        if end <= start:
            continue
        if merged and start <= merged[-1][1] + 1e-9:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return np.array(merged, dtype=float).reshape(-1, 2)
