"""The scenario chooses how line runs get the coating's tortuosity (``[cell]``)."""

from __future__ import annotations

import pytest

from line_sim import simulate
from line_sim.scenario import Scenario
from tests.conftest import BASELINE, drytwin


def _kpis(baseline: Scenario, **cell: object) -> dict:
    scenario = baseline.model_copy(update={"cell": baseline.cell.model_copy(update=cell)})
    return simulate(scenario, hours=8, seed=3).kpis


def test_default_is_bruggeman_at_one_and_a_half(baseline: Scenario) -> None:
    assert baseline.cell.tortuosity_model == "bruggeman"
    assert baseline.cell.bruggeman_exponent == 1.5


def test_a_steeper_bruggeman_exponent_costs_1c_utilisation(baseline: Scenario) -> None:
    plain, steep = _kpis(baseline), _kpis(baseline, bruggeman_exponent=2.5)
    assert steep["utilisation_1c"] < plain["utilisation_1c"] - 0.01  # reached: 0.881 → 0.855
    assert steep["cell_energy_1c_wh_per_kg"] < plain["cell_energy_1c_wh_per_kg"]
    # the low-rate capacity does not depend on transport
    assert steep["areal_capacity_mah_per_cm2"] == pytest.approx(
        plain["areal_capacity_mah_per_cm2"], rel=1e-12)


def test_measured_relation_stays_inside_the_band(baseline: Scenario) -> None:
    measured = _kpis(baseline, tortuosity_model="measured")
    assert measured["utilisation_1c"] != _kpis(baseline)["utilisation_1c"]
    assert measured["utilisation_1c_low"] <= measured["utilisation_1c"]
    assert measured["utilisation_1c"] <= measured["utilisation_1c_high"]


def test_unknown_tortuosity_model_is_refused(capsys, monkeypatch) -> None:
    code, _, err = drytwin(capsys, monkeypatch, "run", str(BASELINE), "--hours", "1",
                           "--set", "cell.tortuosity_model=tortured")
    assert code != 0
    assert "cell.tortuosity_model" in err and "'bruggeman' or 'measured'" in err
    code, _, err = drytwin(capsys, monkeypatch, "run", str(BASELINE), "--hours", "1",
                           "--set", "cell.bruggeman_exponent=0.5")
    assert code != 0 and "cell.bruggeman_exponent" in err
