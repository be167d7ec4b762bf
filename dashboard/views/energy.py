"""Energy page (``dashboard/pages/energy.py``): energy by stage and carrier beside another route.

Also the route a scenario file names, which the page uses to offer reference scenarios of other
routes (the files themselves come from :func:`dashboard.views.scenario.scenario_files`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.views.common import mapping, number

ENERGY_BREAKDOWNS: dict[str, str] = {
    "stage": "energy_by_stage_kwh_per_m2",
    "carrier": "energy_by_carrier_kwh_per_m2",
}
"""Breakdown name → summary key of a ``{part: kWh/m²}`` object."""

ENERGY_HEADLINES: dict[str, str] = {
    "energy_kwh_per_m2": "Energy per m² of electrode [kWh/m²]",
    "energy_kwh_per_kwh_cell": "Energy per kWh of cell [kWh/kWh]",
}
"""Scalar energy KPIs and their labels."""


def route_label(summary: Mapping[str, Any]) -> str:
    """``"BF: BF NMC811 baseline"`` (route and scenario name)."""
    return f"{summary.get('route', '?')}: {summary.get('scenario', '?')}"


def energy_breakdown(summaries: Sequence[Mapping[str, Any]], breakdown: str) -> pd.DataFrame:
    """Energy by stage or carrier of several runs, long form.

    Returns
    -------
    DataFrame
        ``run`` (route label), ``part`` and ``kwh_per_m2``; runs without the breakdown
        contribute no rows.
    """
    key = ENERGY_BREAKDOWNS[breakdown]
    rows = [(route_label(s), part, value) for s in summaries
            for part, value in mapping(s, key).items()]
    return pd.DataFrame(rows, columns=["run", "part", "kwh_per_m2"])


def energy_headlines(summaries: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Scalar energy KPIs of several runs, long form: ``run``, ``kpi``, ``value``."""
    rows = [(route_label(s), label, value) for s in summaries
            for key, label in ENERGY_HEADLINES.items() if (value := number(s, key)) is not None]
    return pd.DataFrame(rows, columns=["run", "kpi", "value"])


def scenario_route(path: Any) -> str | None:
    """The ``route`` a scenario file names (``"BF"`` when it names none), or None if unreadable."""
    from pathlib import Path

    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    route = raw.get("route", "BF")
    return route if isinstance(route, str) else None


COST_HEADLINES = {
    "cost_per_kwh_cell": "Cost per kWh of cell [currency/kWh]",
    "co2_kg_per_kwh_cell": "CO2e per kWh of cell [kg/kWh]",
}
"""Cost and CO2 KPIs of the Energy page and their labels (docs/cost.md)."""


def cost_and_co2(summaries: Sequence[Mapping[str, Any]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cost and CO2 of several runs, long form: headlines (``run``, ``kpi``, ``value``) and
    cost by item (``run``, ``part``, ``cost_per_kwh_cell``); runs without the cost KPIs
    contribute no rows."""
    heads = [(route_label(s), f"{label} ({s.get('currency', '?')})" if "cost" in key else label,
              value) for s in summaries for key, label in COST_HEADLINES.items()
             if (value := number(s, key)) is not None]
    items = [(route_label(s), part, value) for s in summaries
             for part, value in mapping(s, "cost_by_item_per_kwh_cell").items()]
    return (pd.DataFrame(heads, columns=["run", "kpi", "value"]),
            pd.DataFrame(items, columns=["run", "part", "cost_per_kwh_cell"]))
