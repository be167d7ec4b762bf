"""Calibrated correction of where the electrolyte cliff falls (a surrogate on the physics).

The reduced-order physics (:mod:`process_models.electrode.rate_capability`) places the cliff
from the full-cell salt balance at z = ln(β/β*) = 0 and gives it one shape,
(1 + (β/β*)^n)^(−m/n). The DFN's depletion front arrives earlier or later than that by a
few tenths in z near the cliff, depending on the chemistry and on the rate (how far solid
diffusion has already narrowed the reacting zone); one formula cannot follow every
parameter set there. This module adds a small, smooth, calibrated warp of the cliff
position, one set of weights per chemistry family (NMC: Chen2020, Ecker2015, ORegan2022;
NCA: NCA_Kim2011; LCO: Marquis2019; LFP: Prada2013):

    z_eff = z + s(z, C),  s = Σ_k exp(−((z − z_k)/w)²/2)·(a_k + c_k·r),  r = C/(1 + C)

and the physics continues from β_eff = β·e^s (cliff, floor, solid diffusion at the local
rate, anode). s vanishes away from the cliff (|z − z_k| ≫ w): u = 1 at low rate and the
tail of a fully depleted electrode are the physics' own. The fit keeps c_k ≥ 0 (∂s/∂C ≥ 0)
and dz_eff/dz ≥ 0.2 for every rate (:func:`warp_slope_min`): the model keeps the physics'
directions (utilisation falls with rate, thickness, tortuosity and depletion).

Fitted by ``benchmarks/calibrate_rate_model.py`` on the DFN envelope table
(``tests/data/dfn_envelope.csv``), which also reports its k-fold cross-validated error over
design points; :data:`~process_models.electrode.rate_calibration.CLIFF_CORRECTION` holds the
weights. Valid only inside the table's range
(:data:`~process_models.electrode.rate_calibration.VALIDITY`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from process_models.electrode.rate_calibration import CLIFF_CORRECTION

WEIGHT_BOUND = 1.0
"""Largest |a_k| and c_k of the fit [-]."""

MIN_WARP_SLOPE = 0.2
"""Smallest dz_eff/dz the fit allows [-]."""


@dataclass(frozen=True)
class CliffCorrection:
    """Weights of the calibrated cliff warp (see module notes).

    Attributes
    ----------
    centres : tuple of float
        z_k, bump centres in ln(β/β*) [-].
    width : float
        w, bump width in ln(β/β*) [-].
    weights : dict of str to tuple of float
        Per chemistry family, a_1…a_K then c_1…c_K [-]; a family not listed is not warped.
    """

    centres: tuple[float, ...] = tuple(CLIFF_CORRECTION["centres"])
    width: float = CLIFF_CORRECTION["width"]
    weights: dict[str, tuple[float, ...]] = field(
        default_factory=lambda: {k: tuple(v) for k, v in CLIFF_CORRECTION["weights"].items()})


DEFAULT_CLIFF_CORRECTION = CliffCorrection()
NO_CLIFF_CORRECTION = CliffCorrection(weights={})
"""The physics alone."""


def cliff_basis(position: ArrayLike, c_rate_per_h: ArrayLike,
                correction: CliffCorrection = DEFAULT_CLIFF_CORRECTION) -> np.ndarray:
    """Basis functions of the warp, shape (..., 2K): bumps, bumps·C/(1 + C) [-].

    Parameters
    ----------
    position : array_like
        z = ln(β/β*) [-].
    c_rate_per_h : array_like
        C-rate [1/h].
    correction : CliffCorrection
        Centres and width.
    """
    z, c_rate = np.broadcast_arrays(np.asarray(position, dtype=float),
                                    np.asarray(c_rate_per_h, dtype=float))
    bumps = np.exp(-0.5 * ((z[..., None] - np.asarray(correction.centres))
                           / correction.width) ** 2)
    return np.concatenate([bumps, bumps * (c_rate / (1.0 + c_rate))[..., None]], axis=-1)


def cliff_shift(position: ArrayLike, c_rate_per_h: ArrayLike, family: str,
                correction: CliffCorrection = DEFAULT_CLIFF_CORRECTION) -> np.ndarray:
    """Calibrated shift s of the cliff position of one chemistry family [-].

    Parameters
    ----------
    position : array_like
        z = ln(β/β*) [-].
    c_rate_per_h : array_like
        C-rate [1/h].
    family : str
        ``"NMC"``, ``"NCA"``, ``"LCO"`` or ``"LFP"``.
    correction : CliffCorrection
        Weights.

    Returns
    -------
    numpy.ndarray
        s, so that z_eff = z + s (0 for a family without weights).
    """
    weights = correction.weights.get(family)
    if not weights:
        return np.zeros(np.broadcast(np.asarray(position), np.asarray(c_rate_per_h)).shape)
    return cliff_basis(position, c_rate_per_h, correction) @ np.asarray(weights, dtype=float)


def warp_slope(position: ArrayLike, rate_fraction: float, family: str,
               correction: CliffCorrection = DEFAULT_CLIFF_CORRECTION) -> np.ndarray:
    """dz_eff/dz = 1 + ∂s/∂z at r = C/(1 + C) = ``rate_fraction`` [-]."""
    weights = correction.weights.get(family)
    z = np.asarray(position, dtype=float)
    if not weights:
        return np.ones(z.shape)
    centres = np.asarray(correction.centres)
    k = len(centres)
    x = np.asarray(weights, dtype=float)
    d = (z[..., None] - centres) / correction.width
    slope = -np.exp(-0.5 * d**2) * d / correction.width
    return 1.0 + slope @ (x[:k] + rate_fraction * x[k:])


def warp_slope_min(family: str, correction: CliffCorrection = DEFAULT_CLIFF_CORRECTION
                   ) -> float:
    """Smallest dz_eff/dz over z ∈ [−4, 5] (step 0.005) and every rate (r = 0 and 1) [-]."""
    z = np.arange(-4.0, 5.0, 0.005)
    return float(min(np.min(warp_slope(z, r, family, correction)) for r in (0.0, 1.0)))
