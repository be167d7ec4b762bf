"""Compare page (``dashboard/pages/compare.py``): runs or batch points side by side.

KPI names, units and display scales come from :mod:`line_sim.studies.labels` (the CLI and the
review pack use the same table); paired differences of batch points use
``line_sim.studies.batch.describe`` over replications that share their seed (common random
numbers); the scenario difference is :func:`line_sim.studies.review_pack.scenario_diff`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.views.runs import batch_table
from line_sim.studies.labels import flat_summary_kpis, kpi_label

KPI_COLUMNS = ("kpi", "unit")


def labelled_kpis(summaries: Mapping[str, Mapping[str, Any]]) -> pd.DataFrame:
    """KPIs of several runs in display units: ``key``, ``kpi``, ``unit``, one column per run.

    With two or more runs, ``Δ <run>`` (run minus the first, display unit) and ``Δ <run> [%]``
    columns follow.
    """
    flats = {name: flat_summary_kpis(dict(s)) for name, s in summaries.items()}
    keys = list(dict.fromkeys(k for flat in flats.values() for k in flat))
    frame = pd.DataFrame({"key": keys, "kpi": [kpi_label(k).name for k in keys],
                          "unit": [kpi_label(k).unit for k in keys]})
    for name, flat in flats.items():
        frame[name] = [kpi_label(k).shown(flat[k]) if k in flat else math.nan for k in keys]
    names = list(flats)
    for name in names[1:]:
        diff = frame[name] - frame[names[0]]
        frame[f"Δ {name}"] = diff
        frame[f"Δ {name} [%]"] = diff / frame[names[0]].abs().where(frame[names[0]] != 0) * 100.0
    return frame


def largest_differences(frame: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The KPIs that moved most (relative to the first run), long form for a bar chart.

    Returns
    -------
    DataFrame
        ``kpi`` (name and unit), ``run``, ``difference_pct``; largest absolute change first.
    """
    pct = [c for c in frame.columns if c.startswith("Δ ") and c.endswith(" [%]")]
    if not pct:
        return pd.DataFrame(columns=["kpi", "run", "difference_pct"])
    wide = frame.set_index(frame["kpi"] + " [" + frame["unit"] + "]")[pct]
    order = wide.abs().max(axis=1).dropna()
    order = order[order > 0].sort_values(ascending=False).head(top).index
    long = wide.loc[order].rename(columns=lambda c: c[2:-4]).reset_index(names="kpi").melt(
        id_vars="kpi", var_name="run", value_name="difference_pct")
    return long.dropna()


def batch_points(runs: pd.DataFrame, batch_id: str) -> dict[str, tuple[int, int]]:
    """Points of a stored batch: ``"scenario · point i"`` → (scenario index, point index)."""
    table = batch_table(runs, batch_id)
    if table.empty:
        return {}
    pairs = table[["scenario", "scenario_index", "point_index"]].drop_duplicates()
    return {f"{r.scenario} · point {r.point_index}": (int(r.scenario_index), int(r.point_index))
            for r in pairs.sort_values(["scenario_index", "point_index"]).itertuples()}


def paired_differences(runs: pd.DataFrame, batch_id: str, base: tuple[int, int],
                       other: tuple[int, int]) -> tuple[pd.DataFrame, bool]:
    """Other point minus base point, replication by replication, with 95 % Student-t intervals.

    Replications are paired by their index; the runs share random numbers when each pair has
    the same seed (a batch with ``common_random_numbers``), which narrows the interval.

    Returns
    -------
    (DataFrame, bool)
        ``kpi``, ``unit``, ``n``, ``base``, ``other``, ``difference``, ``ci_low``, ``ci_high``
        (display units), and whether every pair shares its seed.
    """
    from line_sim.studies.batch import describe

    table = batch_table(runs, batch_id)
    columns = ["key", "kpi", "unit", "n", "base", "other", "difference", "ci_low", "ci_high"]
    if table.empty:
        return pd.DataFrame(columns=columns), False
    pick = [table[(table["scenario_index"] == s) & (table["point_index"] == p)].set_index(
        "replication") for s, p in (base, other)]
    common = pick[0].index.intersection(pick[1].index)
    a, b = pick[0].loc[common], pick[1].loc[common]
    shared = bool(len(common)) and bool((a["seed"] == b["seed"]).all())
    rows = []
    for key in [c for c in a.columns if c not in ("run_id", "scenario", "scenario_index",
                                                 "point_index", "seed")]:
        diff = (b[key] - a[key]).to_numpy(dtype=float)
        stats = describe(diff)
        if stats["n"] == 0:
            continue
        label = kpi_label(key)
        half = stats["ci95"]
        rows.append((key, label.name, label.unit, stats["n"], label.shown(float(a[key].mean())),
                     label.shown(float(b[key].mean())), label.shown(stats["mean"]),
                     label.shown(stats["mean"] - half), label.shown(stats["mean"] + half)))
    return pd.DataFrame(rows, columns=columns), shared


def significant_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Paired differences, those whose interval excludes zero first, then by size."""
    if frame.empty:
        return frame
    excludes = (frame["ci_low"] > 0) | (frame["ci_high"] < 0)
    size = (frame["difference"] / frame["base"].abs().where(frame["base"] != 0)).abs()
    return frame.assign(_e=~excludes, _s=-size.fillna(0)).sort_values(["_e", "_s"]).drop(
        columns=["_e", "_s"]).reset_index(drop=True)


def stored_run_labels(runs: pd.DataFrame) -> dict[str, str]:
    """Run id → ``scenario · seed · horizon · id prefix``, newest first."""
    return {r.run_id: f"{r.scenario_name} · seed {r.seed} · {r.horizon_h:g} h · {r.run_id[:8]}"
            for r in runs.iloc[::-1].itertuples()}


def short_names(labels: Sequence[str]) -> list[str]:
    """Column names for chosen runs: their labels, made unique."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out
