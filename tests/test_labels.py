"""The KPI label table covers every KPI a run summary holds, on every route."""

from __future__ import annotations

import pytest

from line_sim.engine.run import simulate
from line_sim.scenario import load_scenario
from line_sim.studies.labels import (
    KPI_LABELS,
    flat_summary_kpis,
    format_shown,
    kpi_label,
    kpi_title,
    unlabelled_kpis,
)
from line_sim.studies.tables import format_kpi_table

SCENARIOS = ("bf_nmc811_baseline", "dpsd_nmc811_cathode", "slurry_nmc811_reference")


@pytest.fixture(scope="module", params=SCENARIOS)
def summary(request: pytest.FixtureRequest) -> dict:
    scenario = load_scenario(f"scenarios/{request.param}.toml")
    return simulate(scenario, seed=3, hours=2.0).summary()


def test_every_summary_kpi_has_a_label(summary: dict) -> None:
    missing = unlabelled_kpis(summary)
    assert not missing, f"add these KPIs to line_sim/studies/labels.py: {missing}"


def test_breakdowns_are_labelled_by_their_table(summary: dict) -> None:
    flat = flat_summary_kpis(summary)
    assert "scrap_by_cause.startup" in flat
    assert kpi_title("scrap_by_cause.startup") == "scrap by cause: startup [m]"
    assert "run_id" not in flat and "version" not in flat


def test_fractions_are_shown_in_percent() -> None:
    assert kpi_label("yield_fraction").unit == "%"
    assert format_shown("yield_fraction", 0.9633) == "96.33"
    assert format_shown("oee", None) == "–"
    assert kpi_title("no_such_kpi") == "no such kpi [-]"
    assert all(label.unit for label in KPI_LABELS.values())


def test_cli_table_uses_the_labels(summary: dict) -> None:
    table = format_kpi_table(summary)
    assert "yield" in table and "%" in table
