"""Optimisation page: a stored study's trials, their objectives and the Pareto front."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

DEFAULT_OBJECTIVES = (("cost_per_kwh_cell", "minimize"), ("yield_fraction", "maximize"))
"""The objectives the page proposes: cost per good kWh of cell against yield."""


def study_frame(trials: Sequence[dict[str, Any]], objectives: Sequence[str]) -> pd.DataFrame:
    """One row per trial: its settings, each objective's mean and 95 % half-width, and
    whether it lies on the Pareto front (``on_front``)."""
    rows = []
    for trial in trials:
        row: dict[str, Any] = {"trial": trial["number"], **trial["params"]}
        for name in objectives:
            stats = trial["objectives"].get(name, {})
            row[name] = stats.get("mean")
            row[f"{name} ±95%"] = stats.get("ci95")
            row["replications"] = stats.get("n")
        rows.append(row)
    return pd.DataFrame(rows)


def mark_front(frame: pd.DataFrame, objectives: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """``frame`` with ``on_front``: no other trial is at least as good on every objective
    and better on one (``minimize`` or ``maximize`` per objective)."""
    out = frame.copy()
    if out.empty:
        out["on_front"] = []
        return out
    signs = [(name, 1.0 if sense == "minimize" else -1.0) for name, sense in objectives]
    values = pd.DataFrame({n: pd.to_numeric(out[n], errors="coerce") * s for n, s in signs})
    finite = values.notna().all(axis=1)
    flags = []
    for i in range(len(values)):
        if not finite.iloc[i]:
            flags.append(False)
            continue
        row = values.iloc[i]
        others = values[finite]
        dominated = ((others <= row).all(axis=1) & (others < row).any(axis=1)).any()
        flags.append(not dominated)
    out["on_front"] = flags
    return out
