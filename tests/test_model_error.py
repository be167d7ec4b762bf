"""The rate model's error bound against the DFN, per position on the electrolyte cliff.

The bound comes from the held-out errors of the calibration's cross-validation
(process_models/electrode/model_error.py); the test table (tests/data/dfn_test.csv), which no
fit used, checks how often it holds.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from process_models import electrode as em
from process_models.electrode.dfn_reference import model_and_cliff_position_for_table

TEST_TABLE = Path(__file__).parent / "data" / "dfn_test.csv"


def load(path: Path) -> dict[str, np.ndarray]:
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    text = ("parameter_set", "variant")
    return {k: np.array([r[k] if k in text else float(r[k]) for r in rows]) for k in rows[0]}


def test_conformal_bound_is_the_rank_of_the_coverage():
    errors = np.arange(1, 20) / 100.0                 # 19 errors: ⌈0.95·20⌉ = 19th smallest
    assert em.conformal_bound(errors) == pytest.approx(0.19, abs=1e-12)
    errors = np.arange(1, 40) / 100.0                 # 39 errors: ⌈0.95·40⌉ = 38th
    assert em.conformal_bound(errors) == pytest.approx(0.38, abs=1e-12)
    # rounded up to 4 decimals, never below the quantile
    assert em.conformal_bound(np.full(19, 0.012341)) == pytest.approx(0.0124, abs=1e-12)
    with pytest.raises(ValueError, match="too few"):
        em.conformal_bound(np.arange(18) / 100.0)     # 18 rows support no 95 % bound
    with pytest.raises(ValueError, match="too few"):
        em.conformal_bound([])


def test_binned_bounds_follow_each_bin():
    z = np.concatenate([np.full(19, -3.0), np.full(19, 0.2), np.full(19, 2.0)])
    err = np.concatenate([np.linspace(0.001, 0.02, 19), np.linspace(0.01, 0.09, 19),
                          np.linspace(0.0, 0.04, 19)])
    bounds = em.binned_bounds(z, err, edges=(-1.0, 1.0))
    assert bounds["rows"] == [19, 19, 19]
    assert bounds["bound"] == pytest.approx([0.02, 0.09, 0.04], abs=1e-12)
    assert em.utilisation_error_bound([-5.0, 0.0, 5.0], bounds) == pytest.approx(
        [0.02, 0.09, 0.04], abs=1e-12)
    # bins are closed on the left; an unknown position gets no bound
    assert em.utilisation_error_bound([-1.0, 1.0], bounds) == pytest.approx([0.09, 0.04])
    assert np.isnan(em.utilisation_error_bound([np.nan], bounds)[0])
    assert em.coverage_of(z, err, bounds) == pytest.approx(1.0, abs=1e-12)
    with pytest.raises(ValueError, match="merge bins"):
        em.binned_bounds(z[:30], err[:30], edges=(-1.0, 1.0))


def test_calibrated_bound_is_widest_on_the_cliff():
    bound = np.asarray(em.MODEL_ERROR["bound"])
    edges = np.asarray(em.MODEL_ERROR["edges"])
    assert len(bound) == len(edges) + 1 and np.all(np.diff(edges) > 0)
    assert min(em.MODEL_ERROR["rows"]) >= 50           # each bin rests on enough held-out rows
    plateau = bound[0]
    on_cliff = em.utilisation_error_bound([0.25])[0]  # z_eff just past the onset
    assert plateau < 0.04                              # reached: 0.025 far before the cliff
    assert on_cliff > 2.0 * plateau
    assert np.all(bound < 0.12)


def test_bound_holds_on_the_test_designs_no_fit_used():
    columns = load(TEST_TABLE)
    utilisation, position = model_and_cliff_position_for_table(columns)
    error = np.abs(utilisation - columns["dfn_utilisation"])
    coverage = em.coverage_of(position, error)
    assert coverage >= 0.93                            # goal 0.95; stored figure below
    assert coverage == pytest.approx(em.TEST_ERRORS["bound_coverage"], abs=2e-3)
    bins = np.digitize(position, em.MODEL_ERROR["edges"])
    for k in range(len(em.MODEL_ERROR["bound"])):
        rows = bins == k
        if rows.sum() >= 20:                           # each well-filled bin holds too
            assert em.coverage_of(position[rows], error[rows]) >= 0.85, k
