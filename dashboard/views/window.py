"""Process window page: the points of a ``drytwin window`` grid as a table for the charts."""

from __future__ import annotations

from typing import Any

import pandas as pd

WINDOW_COLUMNS = ("throughput_good_m2_per_h", "yield_fraction", "energy_kwh_per_kwh_cell",
                  "speed_limit_m_per_min", "speed_limit_mechanism", "limiting_mechanism")
"""Columns of the window table after the two settings."""


def window_table(points: list[dict[str, Any]], x_key: str, y_key: str) -> pd.DataFrame:
    """One row per grid point: the two settings, outputs and the limiting mechanism."""
    rows = [{x_key: p.get(x_key), y_key: p.get(y_key), **{c: p.get(c) for c in WINDOW_COLUMNS}}
            for p in points]
    return pd.DataFrame(rows, columns=[x_key, y_key, *WINDOW_COLUMNS])


def mechanism_counts(points: list[dict[str, Any]]) -> dict[str, int]:
    """How many grid points each limiting mechanism binds."""
    counts: dict[str, int] = {}
    for p in points:
        counts[p["limiting_mechanism"]] = counts.get(p["limiting_mechanism"], 0) + 1
    return counts
