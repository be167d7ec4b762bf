"""Climate series and shift calendar of a run."""

from __future__ import annotations

import numpy as np
import pytest

from line_sim.engine.calendar import production_windows_s, shift_starts_s
from line_sim.engine.climate import climate_series
from line_sim.scenario import Calendar, Environment, Excursion

HOUR = 3600.0


def test_excursions_override_the_profile_and_merge_steps():
    env = Environment(temperature_c=22.0, relative_humidity_pct=1.0,
                      daily_relative_humidity_pct=[1.0] * 12 + [2.0] * 12,
                      excursions=[Excursion(start_h=30.0, duration_h=3.0, relative_humidity_pct=8.0)])
    series = climate_series(env, 48 * HOUR)
    rh_at = lambda h: series.relative_humidity_pct[series.index_at(h * HOUR)]  # noqa: E731
    assert rh_at(5.0) == 1.0 and rh_at(13.0) == 2.0 and rh_at(31.0) == 8.0 and rh_at(33.5) == 1.0
    # consecutive equal hours are merged into one step
    assert len(series.start_s) < 48


def test_mean_over_matches_numerical_integration():
    env = Environment(temperature_c=20.0, relative_humidity_pct=1.0,
                      excursions=[Excursion(start_h=2.0, duration_h=1.0, temperature_c=30.0,
                                            relative_humidity_pct=11.0)])
    series = climate_series(env, 10 * HOUR)
    starts = np.array([0.0, 1.5, 2.5, 4.0]) * HOUR
    ends = np.array([4.0, 2.5, 2.5, 6.0]) * HOUR
    mean_t, mean_rh = series.mean_over(starts, ends)
    assert mean_t == pytest.approx([22.5, 25.0, 30.0, 20.0])
    assert mean_rh == pytest.approx([3.5, 6.0, 11.0, 1.0])


def test_three_shift_week_is_continuous_and_five_day_two_shift_is_not():
    full = production_windows_s(Calendar(), 168 * HOUR)
    assert full.shape == (1, 2) and full[0, 1] == 168 * HOUR
    two = production_windows_s(Calendar(shifts_per_day=2, working_days_per_week=5), 168 * HOUR)
    assert np.sum(two[:, 1] - two[:, 0]) == pytest.approx(5 * 16 * HOUR)
    starts = shift_starts_s(Calendar(), 48 * HOUR)
    assert list(starts / HOUR) == [6, 14, 22, 30, 38, 46]
