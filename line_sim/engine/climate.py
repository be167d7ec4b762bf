"""The hall climate of a run as a piecewise-constant time series.

A scenario's constant base, daily profile and excursions become one table of change
times; measured logs can later feed the same table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from line_sim.scenario import Environment
from process_models.environment import relative_humidity_from_dew_point_pct

SECONDS_PER_HOUR = 3600.0


@dataclass(frozen=True)
class ClimateSeries:
    """Hall temperature and humidity, constant between change times.

    Attributes
    ----------
    start_s : ndarray
        Start of each step [s], ascending, first 0.
    temperature_c : ndarray
        Temperature during each step [°C].
    relative_humidity_pct : ndarray
        Relative humidity during each step [%].
    """

    start_s: NDArray[np.float64]
    temperature_c: NDArray[np.float64]
    relative_humidity_pct: NDArray[np.float64]

    def index_at(self, time_s: NDArray[np.float64] | float) -> NDArray[np.intp]:
        """Index of the step in force at ``time_s``."""
        return np.searchsorted(self.start_s, time_s, side="right") - 1

    def mean_over(self, start_s: NDArray[np.float64], end_s: NDArray[np.float64]
                  ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Time-averaged temperature [°C] and RH [%] over windows [start, end]."""
        start_s, end_s = np.asarray(start_s, dtype=float), np.asarray(end_s, dtype=float)
        if self.start_s.size == 1:
            return (np.full(start_s.shape, self.temperature_c[0]),
                    np.full(start_s.shape, self.relative_humidity_pct[0]))
        last = self.start_s.size - 1
        i0 = np.clip(self.index_at(start_s), 0, last)
        i1 = np.clip(self.index_at(end_s), 0, last)
        span = end_s - start_s
        safe = np.where(span > 0, span, 1.0)
        means = []
        for values in (self.temperature_c, self.relative_humidity_pct):
            cumulative = _cumulative_at_steps(self.start_s, values)
            integral = (cumulative[i1] + values[i1] * (end_s - self.start_s[i1])
                        - cumulative[i0] - values[i0] * (start_s - self.start_s[i0]))
            means.append(np.where(span > 0, integral / safe, values[i0]))
        return means[0], means[1]


def _cumulative_at_steps(start_s: NDArray[np.float64], values: NDArray[np.float64]
                         ) -> NDArray[np.float64]:
    """∫ of a piecewise-constant function from 0 to the start of each step."""
    return np.concatenate(([0.0], np.cumsum(values[:-1] * np.diff(start_s))))


def climate_series(environment: Environment, horizon_s: float) -> ClimateSeries:
    """Build the climate series of a run from the scenario's environment table."""
    hours = max(int(np.ceil(horizon_s / SECONDS_PER_HOUR)), 1)
    has_profile = (environment.daily_temperature_c is not None
                   or environment.daily_relative_humidity_pct is not None)
    hour_starts = np.arange(hours, dtype=float) * SECONDS_PER_HOUR if has_profile else np.zeros(1)
    hour_of_day = (hour_starts // SECONDS_PER_HOUR).astype(int) % 24
    temps = _hourly(environment.daily_temperature_c, environment.temperature_c, hour_of_day)
    rhs = _hourly(environment.daily_relative_humidity_pct, environment.relative_humidity_pct,
                  hour_of_day)
    edges = [hour_starts]
    for e in environment.excursions:
        edges.append(np.array([e.start_h, e.start_h + e.duration_h]) * SECONDS_PER_HOUR)
    start = np.unique(np.concatenate(edges))
    start = start[start < max(horizon_s, 1.0)]
    base_idx = np.searchsorted(hour_starts, start, side="right") - 1
    temperature, humidity = temps[base_idx].copy(), rhs[base_idx].copy()
    windows = [((start >= e.start_h * SECONDS_PER_HOUR)
                & (start < (e.start_h + e.duration_h) * SECONDS_PER_HOUR), e)
               for e in environment.excursions]
    for inside, e in windows:
        if e.temperature_c is not None:
            temperature[inside] = e.temperature_c
    if environment.dew_point_c is not None:  # the dry room holds its dew point: RH follows T
        humidity = relative_humidity_from_dew_point_pct(temperature, environment.dew_point_c)
    for inside, e in windows:
        if e.relative_humidity_pct is not None:
            humidity[inside] = e.relative_humidity_pct
    keep = np.concatenate(([True], (np.diff(temperature) != 0) | (np.diff(humidity) != 0)))
    return ClimateSeries(start[keep], temperature[keep], humidity[keep])


def _hourly(profile: list[float] | None, base: float, hour_of_day: NDArray[np.intp]
            ) -> NDArray[np.float64]:
    if profile is None:
        return np.full(hour_of_day.shape, base, dtype=float)
    return np.asarray(profile, dtype=float)[hour_of_day]
