"""Readable text output of runs."""

from __future__ import annotations

import math
from typing import Any

from line_sim.studies.labels import NESTED_LABELS, kpi_label

KPI_ROW_KEYS: tuple[str, ...] = (
    "horizon_h", "produced_length_m", "good_length_m", "good_area_m2", "throughput_good_m_per_h",
    "throughput_good_m2_per_h", "yield_fraction", "availability", "performance", "quality", "oee",
    "n_failures", "n_web_breaks", "n_coils", "n_batches", "mean_loading_mg_per_cm2", "loading_cv",
    "mean_porosity", "mean_thickness_um", "mean_film_tensile_strength_mpa",
    "mean_transfer_efficiency", "moisture_capacity_loss_fraction", "moisture_ppm_max",
    "energy_kwh_per_m2", "energy_kwh_per_kwh_cell", "areal_capacity_mah_per_cm2", "utilisation_1c",
    "cell_energy_wh_per_kg", "cell_energy_wh_per_l", "wall_time_s",
)
"""KPIs of the one-run table, in order; names, units and scales from ``labels.KPI_LABELS``."""

KPI_ROWS: tuple[tuple[str, str, str], ...] = tuple(
    (key, kpi_label(key).name, kpi_label(key).unit) for key in KPI_ROW_KEYS)
"""``(key, readable name, display unit)`` of each row of the one-run table."""


def format_value(value: Any) -> str:
    """A number or text for one table cell (``–`` when missing, ``n/a`` when not finite)."""
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if not math.isfinite(value):
        return "n/a"
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 1:
        return f"{value:.3f}"
    return f"{value:.4g}"


def format_kpi_table(summary: dict[str, Any]) -> str:
    """KPI table of one run, with units, downtime and scrap breakdowns."""
    lines = [f"{summary['scenario']}  (route {summary['route']}, seed {summary['seed']}, "
             f"run {summary['run_id'][:12]})", ""]
    for key, label, unit in KPI_ROWS:
        if key in summary:
            lines.append(f"  {label:<34} {format_value(_shown(key, summary[key])):>14}  {unit}")
    for key in ("downtime_by_cause_h", "scrap_by_cause", "energy_by_stage_kwh_per_m2"):
        table = summary.get(key)
        title, unit = NESTED_LABELS[key].name, NESTED_LABELS[key].unit
        if table:
            lines += ["", f"  {title}:"]
            lines += [f"    {name:<26} {format_value(value):>14}  {unit}" for name, value in table.items()]
    return "\n".join(lines)


def _shown(key: str, value: Any) -> Any:
    """A numeric KPI in its display unit (integers and text as they are)."""
    if isinstance(value, float):
        return kpi_label(key).shown(value)
    return value


def format_sweep_table(param: str, rows: list[dict[str, Any]]) -> str:
    """One row per swept value, one column per scalar KPI."""
    if not rows:
        return "(no points)"
    columns = [k for k, v in rows[0].items() if not isinstance(v, dict)]
    widths = [max(len(c), 10) for c in columns]
    header = "  ".join(c.rjust(w) for c, w in zip(columns, widths, strict=True))
    lines = [f"sweep of {param}", header]
    for row in rows:
        lines.append("  ".join(format_value(row.get(c, float("nan"))).rjust(w)
                               for c, w in zip(columns, widths, strict=True)))
    return "\n".join(lines)
