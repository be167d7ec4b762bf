"""One-factor sweeps: one run per value of one scenario field, and the value of least energy.

The dew-point trade-off is the sweep a dry-room engineer asks for first: a wetter room costs
less to dehumidify, but the coils come out wetter, the post-dryer works longer and residual
water costs the cell lithium. :func:`least_energy_point` names the value that minimises energy
per kWh of the cells the good electrode makes, whatever that turns out to be.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from line_sim.engine.run import RunResult, simulate
from line_sim.scenario import Scenario, apply_overrides, scenario_from_dict

ENERGY_OBJECTIVE = "energy_kwh_per_kwh_cell"
"""KPI a sweep minimises: energy per kWh of cells the good electrode makes [kWh/kWh]."""

MOISTURE_TRADEOFF_KPIS = (
    "moisture_ppm_mean", "coils_out_of_moisture_spec", "coils_scrapped_for_moisture",
    "post_dryer_dwell_h_mean", "post_dryer_queue_h_max", "residual_water_capacity_loss_fraction",
    "moisture_capacity_loss_fraction", "yield_fraction", ENERGY_OBJECTIVE,
)
"""KPIs of the dew-point trade-off table, besides the dry-room and post-drying energies."""


def scenario_at(scenario: Scenario, overrides: Mapping[str, Any], source: str = "<sweep>"
                ) -> Scenario:
    """The scenario with ``--set`` style overrides, validated like a file."""
    raw = scenario.model_dump(mode="json", exclude_unset=True)
    return scenario_from_dict(apply_overrides(raw, dict(overrides), source), source)


def sweep(scenario: Scenario, key: str, values: Iterable[Any], seed: int | None = None,
          hours: float | None = None) -> list[RunResult]:
    """Run the scenario once per value of ``key`` (every value validated before the first run)."""
    scenarios = [scenario_at(scenario, {key: value}) for value in values]
    return [simulate(s, seed=seed, hours=hours) for s in scenarios]


def least_energy_point(rows: Sequence[Mapping[str, Any]], key: str,
                       objective: str = ENERGY_OBJECTIVE) -> dict[str, Any] | None:
    """The row of least ``objective`` (finite values only), as ``{key, objective}``; None if none."""
    finite = [r for r in rows if _finite(r.get(objective))]
    if not finite:
        return None
    best = min(finite, key=lambda r: float(r[objective]))
    return {key: best[key], objective: float(best[objective])}


def moisture_tradeoff(results: Sequence[RunResult], key: str, values: Sequence[Any]) -> pd.DataFrame:
    """One row per swept value: dry-room and post-drying energy and the moisture KPIs."""
    rows = []
    for value, result in zip(values, results, strict=True):
        stages = result.kpis["energy_by_stage_kwh_per_m2"]
        rows.append({key: value,
                     "dry_room_kwh_per_m2": stages.get("dry_room", math.nan),
                     "post_drying_kwh_per_m2": stages.get("post_drying", math.nan),
                     **{k: result.kpis.get(k, math.nan) for k in MOISTURE_TRADEOFF_KPIS}})
    return pd.DataFrame(rows)


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
