"""Variation along the web: correlated feed fluctuation and gauge noise.

The caller draws the standard-normal numbers (the line owns the random streams); these
functions only shape them, so results stay reproducible and the layer stays pure.

References
----------
.. [box2015] G. E. P. Box, G. M. Jenkins, G. C. Reinsel, G. M. Ljung, Time Series
   Analysis, 5th ed., Wiley 2015 (AR(1) process).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.signal import lfilter

FloatArray = NDArray[np.float64]


def ar1_along_web(standard_normal: ArrayLike, segment_length_m: float,
                  correlation_length_m: float, previous: float | None = None) -> FloatArray:
    """Unit-variance AR(1) sequence along the web from i.i.d. N(0, 1) draws [-].

    Parameters
    ----------
    standard_normal : array_like
        Independent standard-normal numbers, one per segment.
    segment_length_m : float
        Segment length [m].
    correlation_length_m : float
        Distance over which the fluctuation decorrelates by 1/e [m].
    previous : float, optional
        The value just before the first segment, to continue a sequence computed in
        pieces; unset starts from the stationary distribution.

    Notes
    -----
    x_0 = e_0 (or φ·x_prev + sqrt(1 − φ²)·e_0), x_i = φ·x_(i−1) + sqrt(1 − φ²)·e_i with
    φ = exp(−L_seg/L_c): stationary, unit variance [box2015]. One ``lfilter`` call, no
    Python loop; pieces joined through ``previous`` equal the sequence made in one go.
    """
    e = np.asarray(standard_normal, dtype=float)
    if e.size == 0:
        return e.copy()
    phi = float(np.exp(-segment_length_m / max(correlation_length_m, 1e-12)))
    driven = e * np.sqrt(1.0 - phi * phi)
    if previous is None:
        driven[0] = e[0]
        initial = 0.0
    else:
        initial = phi * previous
    values, _ = lfilter([1.0], [1.0, -phi], driven, zi=[initial])
    return values


def combined_cv(*cvs: ArrayLike) -> FloatArray:
    """Coefficient of variation of independent sources added in quadrature [-]."""
    return np.sqrt(sum(np.asarray(cv, dtype=float) ** 2 for cv in cvs))


def loading_cv_from_mixing(blend_cv: ArrayLike, sensitivity: float = 0.3) -> FloatArray:
    """Loading CV contributed by an inhomogeneous blend [-].

    Notes
    -----
    Local composition swings change the dough's bulk density and flow into the gap:
    CV_load = s·CV_blend (assumption, s 0.1–0.5).
    """
    return sensitivity * np.asarray(blend_cv, dtype=float)
