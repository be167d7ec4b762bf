"""Rate capability: reduced-order utilisation of an electrode discharged at constant C-rate.

u = u_e·u_s: the electrolyte-depletion utilisation with a sharp cliff, whose onset follows
from the pseudo-steady uniform-reaction profile, times a solid-diffusion utilisation of
spheres under constant flux. Its two shape coefficients were calibrated against PyBaMM's DFN
for the Chen2020 (LG M50) cell, cathode 50–300 µm at C/2 and 1C (benchmarks/dfn_compare.py).

References
----------
.. [gallagher2016] K. G. Gallagher et al., "Optimizing Areal Capacities through
   Understanding the Limitations of Lithium-Ion Electrodes", J. Electrochem. Soc. 163 (2016)
   A138, doi:10.1149/2.0321602jes.
.. [carslaw1959] H. S. Carslaw, J. C. Jaeger, "Conduction of Heat in Solids", 2nd ed.,
   Oxford (1959), §9.3 (sphere with constant surface flux).
.. [subramanian2005] V. R. Subramanian, V. D. Diwakar, D. Tapriyal, "Efficient
   Macro-Micro Scale Coupled Modeling of Batteries", J. Electrochem. Soc. 152 (2005) A2002,
   doi:10.1149/1.2032427.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike

from process_models.electrode.electrolyte_transport import (
    CHEN2020_ELECTROLYTE,
    Electrolyte,
    current_density_a_per_m2,
    gallagher_utilisation,
    penetration_depth_m,
)

SECONDS_PER_HOUR = 3600.0
"""Seconds in an hour [s/h]."""


@dataclass(frozen=True)
class RateModelParameters:
    """Coefficients of the reduced-order rate model.

    Attributes
    ----------
    depletion_onset : float
        Value of h/L_d at which the electrolyte empties at the back of the electrode under
        a uniform reaction rate [-]. 2.0 from the pseudo-steady profile
        Δc = (1 − t+)·I·h/(2·F·D_eff) = c0·h/(2·L_d) (theory, not fitted).
    cliff_sharpness : float
        Exponent n of the smooth cliff [-]; calibrated against PyBaMM DFN (Chen2020,
        50–300 µm, C/2 and 1C): 9.5, plausible range 4–20.
    tail_exponent : float
        Exponent m of the tail u_e → (2·L_d/h)^m past the cliff [-]; calibrated as above:
        2.0, plausible range 1–2.5 (m = 1 is Gallagher's L_d/h, which the DFN undercuts
        because the concentration overpotential reaches the cut-off before full depletion).
    surface_overshoot : float
        How far the particle-surface state of charge may run past the end of the practical
        window before the cut-off voltage is reached, as a fraction of that window [-].
        Assumption 0.10 (range 0–0.2), consistent with the DFN's 0.97 utilisation of a
        thin Chen2020 cathode at 1C.
    eigenvalue_count : int
        Terms of the series solution for a sphere under constant flux [-].
    bisection_steps : int
        Steps of the vectorised bisection for the solid-diffusion end time [-].
    """

    depletion_onset: float = 2.0
    cliff_sharpness: float = 9.5
    tail_exponent: float = 2.0
    surface_overshoot: float = 0.10
    eigenvalue_count: int = 40
    bisection_steps: int = 24


DEFAULT_RATE_MODEL = RateModelParameters()


def electrolyte_utilisation(depletion_ratio: ArrayLike,
                            params: RateModelParameters = DEFAULT_RATE_MODEL) -> np.ndarray:
    """Fraction of the electrode the electrolyte keeps supplied [-].

    Parameters
    ----------
    depletion_ratio : array_like
        β = h/L_d [-].
    params : RateModelParameters
        Onset β* (theory), cliff sharpness n and tail exponent m (calibrated).

    Notes
    -----
    u_e = (1 + (β/β*)^n)^(−m/n). For β ≪ β* the whole thickness works (u_e → 1); past
    the onset β* = 2, where the uniform-reaction pseudo-steady profile empties at the
    current collector, u_e → (β*/β)^m.
    """
    beta = np.asarray(depletion_ratio, dtype=float)
    n, m = params.cliff_sharpness, params.tail_exponent
    scaled = np.log(np.maximum(beta, 1e-300) / params.depletion_onset)
    # (1 + x^n)^(−m/n) evaluated in logs so that very large β cannot overflow
    return np.exp(-(m / n) * np.logaddexp(0.0, n * scaled))


@lru_cache(maxsize=8)
def _sphere_eigenvalues(count: int) -> np.ndarray:
    """Positive roots of tan(λ) = λ [-], by Newton iteration from (k + 1/2)π."""
    lam = (np.arange(1, count + 1) + 0.5) * np.pi - 1e-3
    for _ in range(30):
        lam = lam - (np.tan(lam) - lam) / (np.tan(lam) ** 2)
    lam.setflags(write=False)
    return lam


def sphere_surface_rise(dimensionless_time: ArrayLike, eigenvalues: np.ndarray) -> np.ndarray:
    """Surface concentration rise of a sphere under constant flux, per j·R/D [-].

    Parameters
    ----------
    dimensionless_time : array_like
        τ = D·t/R² [-].
    eigenvalues : numpy.ndarray
        Roots of tan λ = λ [-].

    Notes
    -----
    (c_surf − c_init)·D/(j·R) = 3τ + 1/5 − 2·Σ_k exp(−λ_k²τ)/λ_k²  [carslaw1959]_;
    the long-time limit gives c_surf − c_avg = j·R/(5D) [subramanian2005]_.
    """
    tau = np.asarray(dimensionless_time, dtype=float)[..., None]
    series = np.sum(np.exp(-eigenvalues**2 * tau) / eigenvalues**2, axis=-1)
    return 3.0 * tau[..., 0] + 0.2 - 2.0 * series


def solid_diffusion_utilisation(diffusion_ratio: ArrayLike,
                                params: RateModelParameters = DEFAULT_RATE_MODEL) -> np.ndarray:
    """Fraction of the practical capacity delivered before particle surfaces saturate [-].

    Parameters
    ----------
    diffusion_ratio : array_like
        ψ = R²/(D_s·t_d) with t_d = 3600 s / C-rate [-].
    params : RateModelParameters
        Surface overshoot s and series/bisection settings.

    Notes
    -----
    A sphere fed the flux j = c_w·R/(3·t_d) (c_w: practical window) reaches the surface
    limit (1 + s)·c_w at u = t/t_d solving (ψ/3)·[3u/ψ + 1/5 − 2Σ exp(−λ_k²u/ψ)/λ_k²] = 1 + s
    [carslaw1959]_. Long-time limit: u = 1 + s − ψ/15. Result clipped to [0, 1].
    """
    psi = np.maximum(np.asarray(diffusion_ratio, dtype=float), 1e-12)
    lam = _sphere_eigenvalues(params.eigenvalue_count)
    target = 1.0 + params.surface_overshoot
    low = np.zeros_like(psi)
    high = np.ones_like(psi)
    for _ in range(params.bisection_steps):
        mid = 0.5 * (low + high)
        saturated = (psi / 3.0) * sphere_surface_rise(mid / psi, lam) >= target
        high = np.where(saturated, mid, high)
        low = np.where(saturated, low, mid)
    return 0.5 * (low + high)


def diffusion_ratio(particle_radius_m: ArrayLike, solid_diffusivity_m2_per_s: ArrayLike,
                    c_rate_per_h: ArrayLike) -> np.ndarray:
    """ψ = R²·C/(D_s·3600 s): particle diffusion time over discharge time [-].

    Parameters
    ----------
    particle_radius_m : array_like
        Particle radius R [m].
    solid_diffusivity_m2_per_s : array_like
        Solid diffusivity D_s [m^2/s].
    c_rate_per_h : array_like
        C-rate [1/h].
    """
    return (np.asarray(particle_radius_m) ** 2 * np.asarray(c_rate_per_h)
            / (np.asarray(solid_diffusivity_m2_per_s) * SECONDS_PER_HOUR))


@dataclass(frozen=True)
class RatePerformance:
    """Rate capability of an electrode at one or many C-rates (arrays broadcast).

    Attributes
    ----------
    current_density_a_per_m2 : numpy.ndarray
        I [A/m^2].
    penetration_depth_m : numpy.ndarray
        L_d [m].
    electrolyte_utilisation : numpy.ndarray
        u_e [-].
    solid_utilisation : numpy.ndarray
        u_s [-].
    utilisation : numpy.ndarray
        u = u_e·u_s [-].
    gallagher_utilisation : numpy.ndarray
        min(1, L_d/h) for comparison [-].
    delivered_capacity_mah_per_cm2 : numpy.ndarray
        u·Q_A [mAh/cm^2].
    """

    current_density_a_per_m2: np.ndarray
    penetration_depth_m: np.ndarray
    electrolyte_utilisation: np.ndarray
    solid_utilisation: np.ndarray
    utilisation: np.ndarray
    gallagher_utilisation: np.ndarray
    delivered_capacity_mah_per_cm2: np.ndarray


def rate_performance(thickness_m: ArrayLike, porosity: ArrayLike, tortuosity: ArrayLike,
                     areal_capacity_mah_per_cm2: ArrayLike, c_rate_per_h: ArrayLike,
                     particle_radius_m: ArrayLike, solid_diffusivity_m2_per_s: ArrayLike,
                     electrolyte: Electrolyte = CHEN2020_ELECTROLYTE,
                     params: RateModelParameters = DEFAULT_RATE_MODEL) -> RatePerformance:
    """Reduced-order utilisation of an electrode discharged at constant C-rate.

    Parameters
    ----------
    thickness_m : array_like
        Coating thickness h [m].
    porosity : array_like
        Porosity ε [-].
    tortuosity : array_like
        Tortuosity factor τ [-].
    areal_capacity_mah_per_cm2 : array_like
        Practical areal capacity that defines 1C [mAh/cm^2].
    c_rate_per_h : array_like
        C-rate [1/h].
    particle_radius_m : array_like
        Active particle radius [m].
    solid_diffusivity_m2_per_s : array_like
        Solid diffusivity [m^2/s].
    electrolyte : Electrolyte
        Electrolyte transport properties.
    params : RateModelParameters
        Model coefficients.

    Returns
    -------
    RatePerformance

    Notes
    -----
    I = 10·Q_A·C; L_d = (ε/τ)D0c0F/((1 − t+)I); β = h/L_d; u = u_e(β)·u_s(ψ), the
    fraction of thickness the electrolyte reaches times the fraction of each reached
    particle that fills before its surface saturates. Against PyBaMM DFN (Chen2020,
    50–300 µm, C/2 and 1C) the absolute error is below 0.05; the plain min(1, L_d/h)
    misses by up to 0.35 there [gallagher2016]_.
    """
    h = np.asarray(thickness_m, dtype=float)
    current = current_density_a_per_m2(areal_capacity_mah_per_cm2, c_rate_per_h)
    depth = penetration_depth_m(porosity, tortuosity, current, electrolyte)
    u_e = electrolyte_utilisation(h / depth, params)
    u_s = solid_diffusion_utilisation(
        diffusion_ratio(particle_radius_m, solid_diffusivity_m2_per_s, c_rate_per_h), params)
    utilisation = u_e * u_s
    return RatePerformance(
        current_density_a_per_m2=current,
        penetration_depth_m=depth,
        electrolyte_utilisation=u_e,
        solid_utilisation=u_s,
        utilisation=utilisation,
        gallagher_utilisation=gallagher_utilisation(depth, h),
        delivered_capacity_mah_per_cm2=utilisation * np.asarray(areal_capacity_mah_per_cm2),
    )
