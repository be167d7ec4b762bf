"""Runs & batches page (``dashboard/pages/runs.py``): run browser, comparison, batches, sensitivity."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.views.common import number

HEADLINE_KPIS: tuple[str, ...] = (
    "throughput_good_m2_per_h", "yield_fraction", "oee", "availability", "mean_loading_mg_per_cm2",
    "loading_cv", "mean_porosity", "mean_thickness_um", "moisture_capacity_loss_fraction",
    "energy_kwh_per_m2", "energy_kwh_per_kwh_cell", "areal_capacity_mah_per_cm2",
    "cell_energy_wh_per_kg", "cell_energy_wh_per_l", "mean_transfer_efficiency",
)
"""KPIs the run browser shows when the runs have them."""


def parse_summary(text: Any) -> dict[str, Any]:
    """A stored ``summary_json`` as a dict (``{}`` for null or unparseable text)."""
    if not isinstance(text, str):
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def runs_table(runs: pd.DataFrame, kpis: Sequence[str] = HEADLINE_KPIS) -> pd.DataFrame:
    """Stored runs with their headline KPIs as columns (KPIs no run has are left out)."""
    if runs.empty:
        return runs.drop(columns=["summary_json"], errors="ignore")
    summaries = runs["summary_json"].map(parse_summary) if "summary_json" in runs else None
    table = runs.drop(columns=["summary_json"], errors="ignore").copy()
    if summaries is None:
        return table
    for key in kpis:
        values = summaries.map(lambda s, k=key: number(s, k))
        if values.notna().any():
            table[key] = values.astype(float)
    first = [c for c in RUN_COLUMNS_FIRST if c in table.columns]
    last = [c for c in RUN_COLUMNS_LAST if c in table.columns]
    return table[first + [c for c in table.columns if c not in first + last] + last]


RUN_COLUMNS_FIRST = ("scenario_name", "route", "seed", "horizon_h", "created_utc", "batch_id")
RUN_COLUMNS_LAST = ("batch_key", "version", "wall_time_s", "scenario_hash", "run_id")
"""Column order of the run browser: what identifies a run, KPIs, then bookkeeping."""


def compare_runs(runs: pd.DataFrame, run_ids: Sequence[str],
                 kpis: Sequence[str] | None = None) -> pd.DataFrame:
    """KPIs of chosen runs side by side: one row per KPI, one column per run.

    Columns are labelled ``scenario · seed · id prefix``; with ``kpis=None`` every numeric
    top-level KPI that any chosen run has is shown.
    """
    chosen = runs[runs["run_id"].isin(run_ids)]
    columns: dict[str, dict[str, float | None]] = {}
    for _, row in chosen.iterrows():
        summary = parse_summary(row.get("summary_json"))
        keys = kpis if kpis is not None else [k for k in summary if number(summary, k) is not None
                                              and k not in ("seed",)]
        label = f"{row.get('scenario_name', '?')} · seed {row.get('seed', '?')} · {row['run_id'][:8]}"
        columns[label] = {k: number(summary, k) for k in keys}
    return pd.DataFrame(columns)


def batch_coordinates(batch_key: Any) -> dict[str, int] | None:
    """``{"scenario", "point", "replication"}`` of a stored ``batch_key`` (None if unparseable)."""
    try:
        value = json.loads(batch_key) if isinstance(batch_key, str) else None
    except json.JSONDecodeError:
        return None
    if not isinstance(value, dict) or not {"scenario", "point", "replication"} <= set(value):
        return None
    return {k: int(value[k]) for k in ("scenario", "point", "replication")}


def batch_table(runs: pd.DataFrame, batch_id: str) -> pd.DataFrame:
    """The runs of one batch: coordinates and flat KPIs (``line_sim.studies.batch.flat_kpis``).

    Returns
    -------
    DataFrame
        ``run_id``, ``scenario``, ``scenario_index``, ``point_index``, ``replication``,
        ``seed`` and one column per numeric KPI (nested ones dotted).
    """
    from line_sim.studies.batch import flat_kpis

    members = runs[runs["batch_id"] == batch_id] if "batch_id" in runs.columns else runs.iloc[0:0]
    members = one_run_per_identity(members)
    records = []
    for row in members.itertuples():
        where = batch_coordinates(row.batch_key)
        if where is None:
            continue
        records.append({"run_id": row.run_id, "scenario": row.scenario_name,
                        "scenario_index": where["scenario"], "point_index": where["point"],
                        "replication": where["replication"], "seed": row.seed,
                        **flat_kpis(parse_summary(row.summary_json))})
    return pd.DataFrame.from_records(records)


def one_run_per_identity(runs: pd.DataFrame) -> pd.DataFrame:
    """The earliest stored run of each ``(batch_id, batch_key)``, in the frame's order.

    A store written before identities were unique may hold a batch run twice (two batches
    started at once); statistics count each replication once.
    """
    if runs.empty or not {"batch_id", "batch_key"} <= set(runs.columns):
        return runs
    order = ["created_utc", "run_id"] if "created_utc" in runs.columns else []
    earliest = runs.sort_values(order, kind="stable") if order else runs
    batch = earliest["batch_id"].notna() & earliest["batch_key"].notna()
    repeated = earliest[batch].duplicated(["batch_id", "batch_key"], keep="first")
    return runs.drop(index=repeated[repeated].index)


BATCH_COORDINATES = ("run_id", "scenario", "scenario_index", "point_index", "replication", "seed")


def batch_kpis(table: pd.DataFrame) -> list[str]:
    """KPI columns of a :func:`batch_table`, headline KPIs first."""
    kpis = [c for c in table.columns if c not in BATCH_COORDINATES]
    return sorted(kpis, key=lambda k: (k not in HEADLINE_KPIS, HEADLINE_KPIS.index(k)
                                       if k in HEADLINE_KPIS else 0, k))


def confidence_intervals(table: pd.DataFrame, kpi: str) -> pd.DataFrame:
    """Mean and 95 % Student-t interval of a KPI per scenario and sweep point of a batch.

    The statistics are ``line_sim.studies.batch.describe``'s, as ``drytwin batch`` prints them.

    Returns
    -------
    DataFrame
        ``point`` (scenario and point index), ``n``, ``mean``, ``std``, ``ci_low``,
        ``ci_high`` (``NaN`` bounds for a single replication).
    """
    from line_sim.studies.batch import describe

    columns = ["point", "n", "mean", "std", "ci_low", "ci_high"]
    if table.empty or kpi not in table.columns:
        return pd.DataFrame(columns=columns)
    rows = []
    for (_, point), group in table.groupby(["scenario_index", "point_index"], sort=True):
        stats = describe(group[kpi].to_numpy(dtype=float))
        rows.append((f"{group['scenario'].iloc[0]} · point {point}", stats["n"], stats["mean"],
                     stats["std"], stats["mean"] - stats["ci95"], stats["mean"] + stats["ci95"]))
    return pd.DataFrame(rows, columns=columns)


def sensitivity_frame(indices: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
    """Indices of one KPI (``{field: {index: value}}``) as a table: ``factor`` + one column each."""
    frame = pd.DataFrame.from_dict({k: dict(v) for k, v in indices.items()}, orient="index")
    return frame.rename_axis("factor").reset_index()


SENSITIVITY_MAIN_INDICES = {"sobol": ("S1", "ST"), "morris": ("mu_star", "sigma")}
"""Indices the chart shows per method (the confidence columns stay in the table)."""


def sensitivity_files(directory: Any) -> list[Any]:
    """TOML files in ``directory`` with a ``[sensitivity]`` table (``drytwin sensitivity`` input)."""
    from pathlib import Path

    folder = Path(directory)
    found = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        if isinstance(raw.get("sensitivity"), dict):
            found.append(path)
    return found


KPI_UNITS: tuple[tuple[str, str], ...] = (
    ("_m2_per_h", "m²/h"), ("_m_per_h", "m/h"), ("_mg_per_cm2", "mg/cm²"),
    ("_mah_per_cm2", "mAh/cm²"), ("_kwh_per_kwh_cell", "kWh/kWh"), ("_kwh_per_m2", "kWh/m²"),
    ("_wh_per_kg", "Wh/kg"), ("_wh_per_l", "Wh/L"), ("_mpa", "MPa"), ("_um", "µm"),
    ("_m2", "m²"), ("_m", "m"), ("_h", "h"), ("_s", "s"), ("_fraction", "-"), ("_cv", "-"),
)
"""Unit of a KPI from the suffix of its name (first match wins)."""


def kpi_title(key: str) -> str:
    """Axis title of a KPI with its unit: ``yield_fraction`` → ``yield fraction [-]``."""
    unit = next((u for suffix, u in KPI_UNITS if key.endswith(suffix)), "-")
    return f"{key.replace('_', ' ')} [{unit}]"
