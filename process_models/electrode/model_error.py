"""How far the rate model can be from the DFN, by where a design sits on the electrolyte cliff.

The reduced-order model (:mod:`process_models.electrode.rate_capability`) is within a few
hundredths of the DFN on the plateau before the cliff and in the tail after it, and least
accurate on the cliff itself, where the DFN's utilisation can step rather than slope (its
open-circuit curves and the anode's reaction distribution set where it ends; the model
follows a smooth cliff). So its error is stated per position on the cliff, not as one
number: the effective position z_eff = ln(β/β*) + s (the physics' depletion ratio and the
calibrated warp, :class:`~process_models.electrode.rate_capability.RatePerformance`'s
``cliff_position + cliff_shift``) selects a bin, and the bin gives the bound the model's
absolute utilisation error stayed within for 95 % of held-out designs in it.

The bounds come from the k-fold cross-validation of the calibration
(``benchmarks/calibrate_rate_model.py``: each design of the fit tables predicted by a warp
fitted without it): in each bin, the ⌈0.95·(n + 1)⌉-th smallest of its n held-out absolute
errors, the empirical quantile that cross-validation conformal methods use (CV+ [barber2021]_).
It is a measured figure, not a guarantee: the k fold models differ from the final one (CV+
guarantees only 1 − 2α in the worst case), the physics' coefficients saw every row, and the
four rates of one design are correlated while the bins count rows (design × rate). So the
script checks how often the bounds hold on the test table no fit used
(``TEST_ERRORS["bound_coverage"]``: 95.6 % of its rows, 92 % in the bin from −1 to −0.5).
Errors cluster: Ecker2015's thin electrodes at 2C (model 0.959, limited by its anode's solid
diffusion, against the DFN's 0.996) put dozens of rows
at 0.0366 ± 0.0001, so the coverage of the bins before the cliff swings by several percent
with the fourth decimal of their bound (the bound is rounded up, so it covers them). The
bounds hold for the parameter sets, porosities, thicknesses and rates of the tables
(:data:`~process_models.electrode.rate_calibration.VALIDITY`); outside them the model
extrapolates and the bound is a guide only. They are the model's error against the DFN, not
the DFN's against a real cell (:func:`~process_models.electrode.uncertainty.utilisation_band`
carries the uncertain inputs).

References
----------
.. [barber2021] R. F. Barber, E. J. Candès, A. Ramdas, R. J. Tibshirani, "Predictive
   Inference with the Jackknife+", Ann. Statist. 49 (2021) 486, doi:10.1214/20-AOS1965.
.. [vovk2005] V. Vovk, A. Gammerman, G. Shafer, "Algorithmic Learning in a Random World",
   Springer (2005), ch. 2 (conformal prediction: the ⌈(1 − α)(n + 1)⌉-th smallest score).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike

from process_models.electrode.rate_calibration import MODEL_ERROR

COVERAGE = 0.95
"""Share of held-out rows each bin's bound covers [-] (a choice of the statement, not a
physical coefficient)."""

CLIFF_POSITION_EDGES = (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5)
"""Inner edges of the bins in z_eff = ln(β/β*) + s [-]: the plateau (z < −2), its approach,
the cliff in half-steps around z = 0, and the tail (z ≥ 1.5). A choice, made after one look
at the held-out errors with one more edge at 2.5 (merged: the tail held few rows). Each bin
of the fit tables holds at least 64 held-out rows."""


def conformal_bound(absolute_errors: ArrayLike, coverage: float = COVERAGE) -> float:
    """The ⌈coverage·(n + 1)⌉-th smallest of n held-out absolute errors [-].

    Parameters
    ----------
    absolute_errors : array_like
        |model − reference| of held-out rows [-].
    coverage : float
        Share of new rows the bound should cover [-].

    Returns
    -------
    float
        The bound, rounded up to 4 decimals (never below the quantile).

    Raises
    ------
    ValueError
        If there are too few errors for the coverage (n < ⌈coverage·(n + 1)⌉: for 0.95,
        fewer than 19): no finite bound is supported.
    """
    errors = np.sort(np.asarray(absolute_errors, dtype=float).ravel())
    rank = int(np.ceil(coverage * (errors.size + 1)))
    if rank > errors.size:
        raise ValueError(f"conformal_bound: {errors.size} errors are too few for a "
                         f"{coverage:.0%} bound (at least {rank} needed); merge bins")
    # rounded up, so that the written bound is never below the quantile (the inner round
    # keeps 0.19 from becoming 0.1901 through binary representation)
    return float(np.ceil(np.round(errors[rank - 1] * 1e4, 6)) / 1e4)


def binned_bounds(effective_cliff_position: ArrayLike, absolute_errors: ArrayLike,
                  edges: Sequence[float] = CLIFF_POSITION_EDGES,
                  coverage: float = COVERAGE) -> dict:
    """Bounds per cliff-position bin from held-out errors.

    Parameters
    ----------
    effective_cliff_position : array_like
        z_eff of each held-out row [-].
    absolute_errors : array_like
        Its absolute utilisation error [-].
    edges : sequence of float
        Inner bin edges [-].
    coverage : float
        Share covered [-].

    Returns
    -------
    dict
        ``edges``, ``bound`` (one per bin, len(edges) + 1), ``rows`` per bin, ``coverage``.

    Raises
    ------
    ValueError
        If a bin holds too few rows for the coverage (:func:`conformal_bound`).
    """
    z = np.asarray(effective_cliff_position, dtype=float)
    err = np.asarray(absolute_errors, dtype=float)
    bins = np.digitize(z, edges)
    bounds, rows = [], []
    for k in range(len(edges) + 1):
        bounds.append(conformal_bound(err[bins == k], coverage))
        rows.append(int(np.sum(bins == k)))
    return {"edges": list(edges), "bound": bounds, "rows": rows, "coverage": coverage}


def utilisation_error_bound(effective_cliff_position: ArrayLike,
                            model_error: Mapping = MODEL_ERROR) -> np.ndarray:
    """Bound on the rate model's absolute utilisation error against the DFN [-].

    Parameters
    ----------
    effective_cliff_position : array_like
        z_eff = ln(β/β*) + s of the design and rate [-].
    model_error : mapping
        ``edges`` and ``bound`` (default the calibrated :data:`MODEL_ERROR`).

    Returns
    -------
    numpy.ndarray
        The bound of the bin z_eff falls in (bins closed on the left) [-]; NaN where z_eff
        is NaN. Measured: 95 % of held-out rows in the bin were within it.
    """
    z = np.asarray(effective_cliff_position, dtype=float)
    bound = np.asarray(model_error["bound"], dtype=float)[np.digitize(z, model_error["edges"])]
    return np.where(np.isnan(z), np.nan, bound)


def coverage_of(effective_cliff_position: ArrayLike, absolute_errors: ArrayLike,
                model_error: Mapping = MODEL_ERROR) -> float:
    """Share of rows whose absolute error is within the bound of their bin [-].

    Parameters
    ----------
    effective_cliff_position : array_like
        z_eff of each row [-].
    absolute_errors : array_like
        |model − reference| of each row [-].
    model_error : mapping
        ``edges`` and ``bound`` (default the calibrated :data:`MODEL_ERROR`).

    Returns
    -------
    float
        Rows within their bin's bound over all rows [-].
    """
    bound = utilisation_error_bound(effective_cliff_position, model_error)
    return float(np.mean(np.asarray(absolute_errors, dtype=float) <= bound))
