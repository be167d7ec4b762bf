"""Gap-controlled calendering with a roll stand that springs open (gaugemeter + Meyer)."""

from __future__ import annotations

import numpy as np
import pytest

from line_sim.engine.process_chain import process_chain
from line_sim.plant.model import with_values
from line_sim.scenario import Scenario
from process_models.calendering import (
    CalenderingParameters,
    porosity_at_areal_load,
    porosity_in_gap,
    porosity_in_sprung_gap,
)

PARAMS = CalenderingParameters(initial_porosity=0.46)
LOADING, DENSITY = 0.26, 3600.0          # kg/m², kg/m³: 72 µm of solids
EPS_MIN, GAMMA = 0.2, 500.0               # -, N/mm


def _sprung(gap_um, stiffness, passes=1):
    return porosity_in_sprung_gap(LOADING, DENSITY, np.asarray(gap_um) * 1e-6, stiffness,
                                  LOADING, EPS_MIN, GAMMA, passes, PARAMS)


def test_the_nip_balances_the_stand_against_the_coating() -> None:
    rng = np.random.default_rng(1)
    for stiffness in np.geomspace(0.1, 1e5, 25):
        gap = rng.uniform(0.0, 400.0, 40)
        eps = _sprung(gap, stiffness, passes=2)
        thickness_um = LOADING / (DENSITY * (1.0 - eps)) * 1e6
        load = stiffness * np.maximum(thickness_um - gap, 0.0)
        np.testing.assert_allclose(
            eps, porosity_at_areal_load(load, LOADING, LOADING, EPS_MIN, GAMMA, 2, PARAMS),
            atol=1e-7)


def test_a_stiff_stand_is_the_rigid_gap_and_a_wide_gap_leaves_the_coating_as_it_came() -> None:
    gaps = np.array([1.0, 50.0, 100.0, 120.0])
    np.testing.assert_allclose(_sprung(gaps, 1e7), porosity_in_gap(
        LOADING, DENSITY, gaps * 1e-6, EPS_MIN), atol=1e-4)
    # a gap wider than the uncompacted coating (72/0.54 = 134 µm) does not touch it
    assert _sprung(500.0, 1e7) == pytest.approx(0.46, abs=1e-12)


def test_porosity_rises_with_gap_and_falls_with_stiffness() -> None:
    gaps = np.linspace(0.0, 140.0, 30)
    for stiffness in (1.0, 10.0, 100.0):
        assert np.all(np.diff(_sprung(gaps, stiffness)) >= -1e-12)
    stiffer = [float(_sprung(50.0, k)) for k in (1.0, 3.0, 10.0, 30.0, 100.0)]
    assert np.all(np.diff(stiffer) < 0.0)
    # a lab stand leaves a 1 µm gap far from closed (the coating stays ≫ 1 µm thick)
    assert float(_sprung(1.0, 10.0)) > EPS_MIN + 0.03


def test_scenario_gap_and_stand_reach_the_line(baseline: Scenario) -> None:
    base = {"stations.calender.control": "gap", "stations.calender.gap_um": 60.0}
    rigid = process_chain(with_values(baseline, base))
    sprung = process_chain(with_values(baseline, base | {
        "stations.calender.stand_stiffness_n_per_mm_per_um": 5.0}))
    assert sprung.porosity > rigid.porosity           # the stand opens, the film stays thicker
    wider = process_chain(with_values(baseline, base | {
        "stations.calender.gap_um": 90.0, "stations.calender.stand_stiffness_n_per_mm_per_um": 5.0}))
    assert wider.porosity > sprung.porosity
