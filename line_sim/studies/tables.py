"""Readable text output of runs."""

from __future__ import annotations

import math
from typing import Any

KPI_ROWS: tuple[tuple[str, str, str], ...] = (
    ("horizon_h", "horizon", "h"),
    ("produced_length_m", "produced length", "m"),
    ("good_length_m", "good length", "m"),
    ("good_area_m2", "good area", "m²"),
    ("throughput_good_m_per_h", "throughput (good)", "m/h"),
    ("throughput_good_m2_per_h", "throughput (good)", "m²/h"),
    ("yield_fraction", "yield", "-"),
    ("availability", "availability", "-"),
    ("performance", "performance", "-"),
    ("quality", "quality", "-"),
    ("oee", "OEE", "-"),
    ("n_failures", "station failures", "-"),
    ("n_web_breaks", "web breaks", "-"),
    ("n_coils", "coils", "-"),
    ("n_batches", "mixer batches", "-"),
    ("mean_loading_mg_per_cm2", "mean loading", "mg/cm²"),
    ("loading_cv", "loading CV", "-"),
    ("mean_porosity", "mean porosity", "-"),
    ("mean_thickness_um", "mean thickness", "µm"),
    ("mean_film_tensile_strength_mpa", "film tensile strength", "MPa"),
    ("mean_transfer_efficiency", "spray transfer efficiency", "-"),
    ("moisture_capacity_loss_fraction", "moisture capacity loss", "-"),
    ("energy_kwh_per_m2", "energy", "kWh/m²"),
    ("energy_kwh_per_kwh_cell", "energy", "kWh/kWh cell"),
    ("areal_capacity_mah_per_cm2", "areal capacity", "mAh/cm²"),
    ("utilisation_1c", "utilisation at 1C", "-"),
    ("cell_energy_wh_per_kg", "cell energy", "Wh/kg"),
    ("cell_energy_wh_per_l", "cell energy", "Wh/L"),
    ("wall_time_s", "simulation wall time", "s"),
)


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
            lines.append(f"  {label:<28} {format_value(summary[key]):>14}  {unit}")
    for key, title, unit in (("downtime_by_cause_h", "downtime by cause", "h"),
                             ("scrap_by_cause", "scrap by cause", "m"),
                             ("energy_by_stage_kwh_per_m2", "energy by stage", "kWh/m²")):
        table = summary.get(key)
        if table:
            lines += ["", f"  {title}:"]
            lines += [f"    {name:<26} {format_value(value):>14}  {unit}" for name, value in table.items()]
    return "\n".join(lines)


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
