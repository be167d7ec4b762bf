"""Run several scenarios and set their KPIs and energy side by side.

Each scenario is validated first (all of them, before any run starts), then run once in
this process. Every run carries the energy KPIs of :func:`line_sim.engine.energy.energy_kpis`
with the scenario's ``[energy]`` table (added by :func:`line_sim.engine.run.simulate`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from line_sim.engine.energy import DRY_ROOM_STAGE
from line_sim.engine.run import RunResult, simulate
from line_sim.errors import InputError
from line_sim.scenario import check_horizon_h, check_seed, load_scenario
from line_sim.studies.tables import format_value

COMPARISON_ROWS: tuple[tuple[str, str, str], ...] = (
    ("route", "route", ""),
    ("seed", "seed", ""),
    ("horizon_h", "horizon", "h"),
    ("produced_area_m2", "produced area", "m²"),
    ("good_area_m2", "good area", "m²"),
    ("throughput_good_m2_per_h", "throughput (good)", "m²/h"),
    ("yield_fraction", "yield", "-"),
    ("oee", "OEE", "-"),
    ("mean_loading_mg_per_cm2", "mean loading", "mg/cm²"),
    ("mean_porosity", "mean porosity", "-"),
    ("areal_capacity_mah_per_cm2", "areal capacity", "mAh/cm²"),
    ("energy_total_kwh", "energy, total", "kWh"),
    ("energy_kwh_per_m2", "energy per produced m²", "kWh/m²"),
    ("energy_kwh_per_m2_good", "energy per good m²", "kWh/m²"),
    ("energy_electrode_making_kwh_per_m2", "electrode making (no dry room)", "kWh/m²"),
    ("energy_kwh_per_kg_coating", "energy per kg coating", "kWh/kg"),
    ("energy_kwh_per_kwh_cell", "energy per kWh cell", "kWh/kWh"),
    ("co2_kg_per_m2", "CO2 per produced m²", "kg/m²"),
)
"""Scalar rows of the comparison: summary key, label, unit."""

BREAKDOWN_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("energy_by_stage_kwh_per_m2", "energy by stage", "kWh/m²"),
    ("energy_by_carrier_kwh_per_m2", "energy by carrier", "kWh/m²"),
)
"""Nested ``{part: value}`` sections: summary key, title, unit."""

LABEL_WIDTH = 40
COLUMN_WIDTH = 18


# --------------------------------------------------------------------------- runs


def compare_scenarios(paths: Sequence[str | Path], overrides: Mapping[str, Any] | None = None,
                      hours: float | None = None, seed: int | None = None) -> list[RunResult]:
    """Run each scenario once, in this process; every run carries its energy KPIs.

    Parameters
    ----------
    paths : sequence of str or Path
        Scenario files, in the order of the comparison.
    overrides : mapping, optional
        ``{"dotted.key": value}`` applied to every scenario; ``energy.*`` keys set the
        ``[energy]`` table like any other field.
    hours : float, optional
        Horizon of every run [h]; unset: each scenario's own.
    seed : int, optional
        Seed of every run; unset: each scenario's own.

    Raises
    ------
    InputError
        Fewer than two files, a problem in any of them, or a seed or horizon outside the
        scenario schema's ranges; raised before any run starts.
    """
    if len(paths) < 2:
        raise InputError(f"compare needs at least two scenario files, got {len(paths)}")
    if seed is not None:
        check_seed(seed, "seed")
    if hours is not None:
        check_horizon_h(hours, "hours")
    scenarios = [load_scenario(path, dict(overrides or {})) for path in paths]
    return [simulate(scenario, seed=seed, hours=hours) for scenario in scenarios]


# --------------------------------------------------------------------------- table


def _row(label: str, unit: str, cells: Sequence[str]) -> str:
    head = f"{label} [{unit}]" if unit else label
    return f"  {head:<{LABEL_WIDTH}}" + "".join(f"{c:>{COLUMN_WIDTH}}" for c in cells)


def _section_parts(summaries: Sequence[Mapping[str, Any]], key: str) -> list[str]:
    """Parts of a breakdown over all runs, first-seen order, the dry room last."""
    parts: dict[str, None] = {}
    for summary in summaries:
        parts.update(dict.fromkeys(summary.get(key) or {}))
    return sorted(parts, key=lambda part: part == DRY_ROOM_STAGE)


def _saving_row(summaries: Sequence[Mapping[str, Any]]) -> list[str]:
    reference = summaries[0].get("energy_electrode_making_kwh_per_m2")
    cells = []
    for summary in summaries:
        value = summary.get("energy_electrode_making_kwh_per_m2")
        if not isinstance(reference, int | float) or not isinstance(value, int | float) \
                or not reference > 0:
            cells.append("–")
        else:
            cells.append(f"{100.0 * (1.0 - value / reference):+.1f}")
    return cells


def format_comparison(summaries: list[dict[str, Any]]) -> str:
    """KPIs and energy of several runs side by side, with units.

    Parameters
    ----------
    summaries : list of dict
        Run summaries (:meth:`line_sim.engine.run.RunResult.summary`), first one the reference.

    Returns
    -------
    str
        One column per run: scalar KPIs, energy, the saving of electrode-making energy
        against the first run, and energy by stage and by carrier.
    """
    names = [str(s.get("scenario", "?"))[:COLUMN_WIDTH - 2] for s in summaries]
    lines = [_row("scenario", "", names), ""]
    for key, label, unit in COMPARISON_ROWS:
        if any(key in s for s in summaries):
            lines.append(_row(label, unit, [format_value(s.get(key)) for s in summaries]))
    lines.append(_row("electrode-making saving vs 1st", "%", _saving_row(summaries)))
    for key, title, unit in BREAKDOWN_SECTIONS:
        parts = _section_parts(summaries, key)
        if not parts:
            continue
        lines += ["", f"  {title} [{unit}]:"]
        lines += [_row("  " + part, "", [format_value((s.get(key) or {}).get(part))
                                         for s in summaries]) for part in parts]
    return "\n".join(lines)
