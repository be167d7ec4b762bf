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


POST_DRYER_METRICS = (
    ("post_dryer_dwell_h_mean", "Mean dwell per load [h]", 1.0),
    ("post_dryer_queue_h_max", "Longest queue [h]", 1.0),
    ("post_dryer_utilisation", "Oven utilisation [%]", 100.0),
    ("post_drying_energy_kwh", "Post-drying energy [kWh]", 1.0),
)
"""Post-dryer KPIs on the Energy page: key, label with unit, display factor."""


def post_dryer_metrics(summary: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Label and formatted value of each post-dryer KPI the run has."""
    out = []
    for key, label, factor in POST_DRYER_METRICS:
        value = number(summary, key)
        out.append((label, "n/a" if value is None else f"{value * factor:,.3g}"))
    return out


DEW_POINT_KEY = "environment.dew_point_c"
DEFAULT_DEW_POINTS_C = (-60.0, -50.0, -40.0, -30.0, -20.0)
"""Dew points of the trade-off sweep on the Energy page [°C]."""


def dew_point_tradeoff_long(table: pd.DataFrame) -> pd.DataFrame:
    """Dry-room and post-drying energy per m² against the dew point, in long form."""
    parts = {"dry_room_kwh_per_m2": "dry room", "post_drying_kwh_per_m2": "post-drying"}
    frame = table[[DEW_POINT_KEY, *parts]].melt(id_vars=DEW_POINT_KEY, var_name="stage",
                                                 value_name="kwh_per_m2")
    frame["stage"] = frame["stage"].map(parts)
    return frame.rename(columns={DEW_POINT_KEY: "dew_point_c"})


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
