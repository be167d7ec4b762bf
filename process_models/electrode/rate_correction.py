"""Calibrated correction of where the electrolyte cliff falls (a surrogate on the physics).

The reduced-order physics (:mod:`process_models.electrode.rate_capability`) places the cliff
from the full-cell salt balance at z = ln(β/β*) = 0 and gives it one shape,
(1 + (β/β*)^n)^(−m/n). The DFN's depletion front arrives earlier or later than that by a
few tenths in z near the cliff, depending on the chemistry and on the rate (how far solid
diffusion has already narrowed the reacting zone); one formula cannot follow every
parameter set there. This module adds a small, smooth, calibrated warp of the cliff
position, one set of weights per chemistry family (NMC: Chen2020, Ecker2015, ORegan2022;
NCA: NCA_Kim2011; LCO: Marquis2019; LFP: Prada2013):

    z_eff = z + s,  s = Σ_k exp(−((z − z_k)/w)²/2)·(a_k + c_k·r + d_k·g),
    r = C/(1 + C),  g = g(ψ_a) (:func:`anode_limitation`)

and the physics continues from β_eff = β·e^s (cliff, floor, solid diffusion at the local
rate, anode). g measures how slow the anode's particles are against the discharge: ~0 while
ψ_a = R_a²·C/(D_a·3600 s) is well below ψ_ref = 5, rising as ln(ψ_a/ψ_ref) above it, capped
at :data:`ANODE_LIMITATION_MAX`. A slow anode works harder next to the separator while the
salt runs out in the cathode (``benchmarks/dfn_probe.py``: ORegan2022 at 1.7× and 2C, anode
surface 0.11 next to the separator and 0.91 at the collector at the cut-off, its potential
there 0.36 V, while the cathode's front fills). On the converged DFN mesh
(:data:`process_models.dfn.NEGATIVE_PARTICLE_REFINEMENT`) the cathode still ends that
discharge, and the fitted NMC term is small (at most 0.014 in z for a very slow anode at
2C). The table's anodes reach g ≤ 0.55 (ORegan2022 at 2C, ψ_a = 8.2); the NMC family's anode term is
identified by ORegan2022 alone, LFP's (g ≤ 0.17) by Prada2013, and NCA's stays unfitted.
s vanishes away from the cliff (|z − z_k| ≫ w): u = 1 at low rate and the tail of a fully
depleted electrode are the physics' own. The fit keeps
c_k ≥ 0 (∂s/∂C ≥ 0), d_k ≥ 0 (a slower anode never raises utilisation) and dz_eff/dz ≥ 0.2
for every rate and anode (:func:`warp_slope_min`): the model keeps the physics' directions
(utilisation falls with rate, thickness, tortuosity, depletion and anode diffusion time).

Fitted by ``benchmarks/calibrate_rate_model.py`` on the DFN tables
(``tests/data/dfn_envelope.csv`` and ``dfn_validation.csv``), which also reports its k-fold
cross-validated error over design points;
:data:`~process_models.electrode.rate_calibration.CLIFF_CORRECTION` holds the weights. Valid
only inside the tables' range
(:data:`~process_models.electrode.rate_calibration.VALIDITY`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from process_models.electrode.rate_calibration import CLIFF_CORRECTION

WEIGHT_BOUND = 1.0
"""Largest |a_k|, c_k and d_k of the fit [-]."""

ANODE_REFERENCE_RATIO = 5.0
"""ψ_ref of :func:`anode_limitation` [-]. Assumption, set before the fit: a sphere under
constant flux empties its surface before delivering about two thirds of its charge once
ψ ≳ 5 (u = 1 − ψ/15, Carslaw & Jaeger). Plausible range 3–8: refitted there, the largest
validation error stays 0.082–0.093."""

ANODE_RATIO_WIDTH = 0.3
"""Width of the switch of :func:`anode_limitation` in ln ψ_a [-] (assumption; 0.2–0.3
give the same validation error)."""

ANODE_LIMITATION_MAX = 3.0
"""Cap of g (ψ_a ≈ 100) [-]: the fit checks dz_eff/dz up to it, so the check bounds every
anode. Beyond the table's g ≤ 0.55 the term extrapolates."""

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
        Per chemistry family, a_1…a_K, c_1…c_K and d_1…d_K [-] (without d, no anode
        term); a family not listed is not warped.
    """

    centres: tuple[float, ...] = tuple(CLIFF_CORRECTION["centres"])
    width: float = CLIFF_CORRECTION["width"]
    weights: dict[str, tuple[float, ...]] = field(
        default_factory=lambda: {k: tuple(v) for k, v in CLIFF_CORRECTION["weights"].items()})


DEFAULT_CLIFF_CORRECTION = CliffCorrection()
NO_CLIFF_CORRECTION = CliffCorrection(weights={})
"""The physics alone."""


def anode_limitation(anode_diffusion_ratio: ArrayLike) -> np.ndarray:
    """g, how far the anode's particles are too slow for the discharge [-].

    Parameters
    ----------
    anode_diffusion_ratio : array_like
        ψ_a = R_a²·C/(D_a·3600 s) [-] (0 for lithium metal).

    Notes
    -----
    g = min(w·ln(1 + exp(ln(ψ_a/ψ_ref)/w)), g_max): a smooth switch from 0 (ψ_a ≪ ψ_ref)
    to ln(ψ_a/ψ_ref) (ψ_a ≫ ψ_ref), rising with ψ_a; ψ_ref = :data:`ANODE_REFERENCE_RATIO`,
    w = :data:`ANODE_RATIO_WIDTH`, g_max = :data:`ANODE_LIMITATION_MAX`.
    """
    psi = np.maximum(np.asarray(anode_diffusion_ratio, dtype=float), 1e-12)
    return np.minimum(ANODE_RATIO_WIDTH * np.logaddexp(
        0.0, np.log(psi / ANODE_REFERENCE_RATIO) / ANODE_RATIO_WIDTH), ANODE_LIMITATION_MAX)


def cliff_basis(position: ArrayLike, c_rate_per_h: ArrayLike,
                correction: CliffCorrection = DEFAULT_CLIFF_CORRECTION,
                anode_diffusion_ratio: ArrayLike = 0.0) -> np.ndarray:
    """Basis functions of the warp, shape (..., 3K): bumps, bumps·C/(1 + C), bumps·g [-].

    Parameters
    ----------
    position : array_like
        z = ln(β/β*) [-].
    c_rate_per_h : array_like
        C-rate [1/h].
    correction : CliffCorrection
        Centres and width.
    anode_diffusion_ratio : array_like
        ψ_a [-] (:func:`anode_limitation`).
    """
    z, c_rate, psi_a = np.broadcast_arrays(np.asarray(position, dtype=float),
                                           np.asarray(c_rate_per_h, dtype=float),
                                           np.asarray(anode_diffusion_ratio, dtype=float))
    bumps = np.exp(-0.5 * ((z[..., None] - np.asarray(correction.centres))
                           / correction.width) ** 2)
    return np.concatenate([bumps, bumps * (c_rate / (1.0 + c_rate))[..., None],
                           bumps * anode_limitation(psi_a)[..., None]], axis=-1)


def cliff_shift(position: ArrayLike, c_rate_per_h: ArrayLike, family: str,
                correction: CliffCorrection = DEFAULT_CLIFF_CORRECTION,
                anode_diffusion_ratio: ArrayLike = 0.0) -> np.ndarray:
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
    anode_diffusion_ratio : array_like
        ψ_a = R_a²·C/(D_a·3600 s) of the anode [-].

    Returns
    -------
    numpy.ndarray
        s, so that z_eff = z + s (0 for a family without weights).
    """
    weights = correction.weights.get(family)
    if not weights:
        return np.zeros(np.broadcast(np.asarray(position), np.asarray(c_rate_per_h),
                                     np.asarray(anode_diffusion_ratio)).shape)
    basis = cliff_basis(position, c_rate_per_h, correction, anode_diffusion_ratio)
    weights = np.asarray(weights, dtype=float)
    return basis[..., :weights.size] @ weights


def warp_slope(position: ArrayLike, rate_fraction: float, family: str,
               correction: CliffCorrection = DEFAULT_CLIFF_CORRECTION,
               anode_term: float = 0.0) -> np.ndarray:
    """dz_eff/dz = 1 + ∂s/∂z at r = C/(1 + C) = ``rate_fraction`` and g = ``anode_term`` [-]."""
    weights = correction.weights.get(family)
    z = np.asarray(position, dtype=float)
    if not weights:
        return np.ones(z.shape)
    centres = np.asarray(correction.centres)
    k = len(centres)
    x = np.asarray(weights, dtype=float)
    d = (z[..., None] - centres) / correction.width
    slope = -np.exp(-0.5 * d**2) * d / correction.width
    coefficients = x[:k] + rate_fraction * x[k:2 * k]
    if x.size > 2 * k:
        coefficients = coefficients + anode_term * x[2 * k:3 * k]
    return 1.0 + slope @ coefficients


def warp_slope_min(family: str, correction: CliffCorrection = DEFAULT_CLIFF_CORRECTION
                   ) -> float:
    """Smallest dz_eff/dz over z ∈ [−4, 5] (step 0.005), every rate (r = 0 and 1) and every
    anode (g = 0 and :data:`ANODE_LIMITATION_MAX`) [-]: dz_eff/dz is linear in r and g, so
    the corners bound it."""
    z = np.arange(-4.0, 5.0, 0.005)
    return float(min(np.min(warp_slope(z, r, family, correction, g))
                     for r in (0.0, 1.0) for g in (0.0, ANODE_LIMITATION_MAX)))
