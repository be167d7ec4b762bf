"""Statistics over a batch's stored runs: means, confidence intervals, paired differences."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from line_sim.errors import InputError
from line_sim.store import ResultsStore
from line_sim.studies.batch.plan import BatchPlan, flat_kpis

CONFIDENCE_LEVEL = 0.95


# --------------------------------------------------------------------------- statistics


def batch_runs(plan: BatchPlan, store: ResultsStore) -> pd.DataFrame:
    """One row per stored run of the plan: coordinates, sweep values, seed and KPIs.

    Rows are ordered by scenario, point and replication. A nested KPI missing from a run
    whose parent table exists (e.g. a downtime cause that never occurred) counts as 0.
    """
    stored = store.runs()
    stored = stored[stored["batch_id"] == plan.batch_id] if "batch_id" in stored else stored.iloc[0:0]
    by_key = {task.key: task for task in plan.tasks}
    records = []
    for key, run_id, summary_json in zip(stored["batch_key"], stored["run_id"],
                                         stored["summary_json"], strict=True):
        task = by_key.get(key)
        if task is None:
            continue
        summary = json.loads(summary_json)
        records.append({"run_id": run_id, "scenario_index": task.scenario_index,
                        "scenario": plan.scenario_names[task.scenario_index],
                        "point_index": task.point_index, "replication": task.replication,
                        "seed": task.seed, **plan.points[task.point_index],
                        **flat_kpis(summary)})
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        return frame
    frame = frame.drop_duplicates(["scenario_index", "point_index", "replication"])
    for name in plan.kpis or ():
        if name not in frame.columns:  # a cause that never occurred, or a KPI not reported
            frame[name] = 0.0 if "." in name else math.nan
    frame = _zero_missing_nested(frame, kpi_columns(frame, plan))
    return frame.sort_values(["scenario_index", "point_index", "replication"], ignore_index=True)


def kpi_columns(runs: pd.DataFrame, plan: BatchPlan) -> list[str]:
    """The KPI columns of a runs table (the plan's chosen KPIs if it names them)."""
    fixed = {"run_id", "scenario_index", "scenario", "point_index", "replication", "seed",
             *plan.sweep_keys}
    columns = [c for c in runs.columns if c not in fixed]
    if plan.kpis is None:
        return columns
    return list(plan.kpis)


def _zero_missing_nested(frame: pd.DataFrame, kpis: list[str]) -> pd.DataFrame:
    nested = [k for k in kpis if "." in k]
    if nested:
        frame[nested] = frame[nested].fillna(0.0)
    return frame


def describe(values: np.ndarray) -> dict[str, float]:
    """Mean, standard deviation, Student-t 95 % half-width and count of ``values``."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    n = values.size
    mean = float(values.mean()) if n else math.nan
    std = float(values.std(ddof=1)) if n > 1 else math.nan
    half_width = math.nan
    if n > 1:
        half_width = float(stats.t.ppf(0.5 + CONFIDENCE_LEVEL / 2, n - 1) * std / math.sqrt(n))
    return {"mean": mean, "std": std, "ci95": half_width, "n": n}


def group_statistics(runs: pd.DataFrame, plan: BatchPlan) -> list[dict[str, Any]]:
    """Per scenario and sweep point: mean, std, 95 % CI half-width and n of each KPI."""
    if runs.empty:
        return []
    kpis = kpi_columns(runs, plan)
    groups = []
    for (scenario_index, point_index), rows in runs.groupby(["scenario_index", "point_index"],
                                                            sort=True):
        groups.append({
            "scenario": plan.scenario_names[int(scenario_index)],
            "scenario_index": int(scenario_index),
            "point_index": int(point_index),
            "sweep": dict(plan.points[int(point_index)]),
            "n": len(rows),
            "kpis": _described(rows, kpis),
        })
    return groups


def paired_differences(runs: pd.DataFrame, plan: BatchPlan) -> list[dict[str, Any]]:
    """Each scenario minus the first one, replication by replication, per sweep point."""
    if runs.empty or len(plan.scenario_names) < 2:
        return []
    kpis = kpi_columns(runs, plan)
    indexed = runs.set_index(["scenario_index", "point_index", "replication"])[kpis]
    out = []
    for scenario_index in range(1, len(plan.scenario_names)):
        for point_index in range(len(plan.points)):
            try:
                other = indexed.loc[(scenario_index, point_index)]
                base = indexed.loc[(0, point_index)]
            except KeyError:
                continue
            diff = (other - base).dropna(how="all")
            out.append({"scenario": plan.scenario_names[scenario_index],
                        "baseline": plan.scenario_names[0], "point_index": point_index,
                        "sweep": dict(plan.points[point_index]),
                        "common_random_numbers": plan.common_random_numbers,
                        "kpis": _described(diff, kpis)})
    return out


def _described(rows: pd.DataFrame, kpis: list[str]) -> dict[str, dict[str, float]]:
    """Statistics of each KPI the rows report (a KPI of another route is left out)."""
    return {k: describe(rows[k].to_numpy(dtype=float)) for k in kpis if rows[k].notna().any()}


def batch_statistics(plan: BatchPlan, store: ResultsStore) -> dict[str, Any]:
    """Groups and paired differences of every stored run of the plan."""
    runs = batch_runs(plan, store)
    return {"groups": group_statistics(runs, plan),
            "paired_differences": paired_differences(runs, plan)}


def export_runs(runs: pd.DataFrame, groups: list[dict[str, Any]], folder: str | Path) -> list[Path]:
    """Write ``runs.csv``, ``runs.parquet`` and ``groups.csv`` (one row per group and KPI)."""
    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise InputError(f"--export {root}: exists and is not a folder")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--export {root}: cannot create the folder ({exc})") from None
    paths = [root / "runs.csv", root / "runs.parquet", root / "groups.csv"]
    runs.to_csv(paths[0], index=False)
    runs.to_parquet(paths[1], index=False)
    group_table(groups).to_csv(paths[2], index=False)
    return paths


def group_table(groups: list[dict[str, Any]]) -> pd.DataFrame:
    """Long table of the group statistics: one row per group and KPI."""
    rows = [{"scenario": g["scenario"], "point_index": g["point_index"], **g["sweep"],
             "kpi": kpi, **values}
            for g in groups for kpi, values in g["kpis"].items()]
    return pd.DataFrame.from_records(rows)
