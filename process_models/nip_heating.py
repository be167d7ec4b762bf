"""Heating of the web in a hot nip: transient conduction into a slab heated from both sides.

A point of the web spends the dwell time t = 2b/v in the Hertz contact (b from
:func:`process_models.lamination.nip_half_width_m`). Both rolls are at T_roll; the web
enters at T_in. Each face exchanges heat with its roll through a contact conductance h_c,
so the web is a plane wall of half-thickness L with a convection-type (third-kind)
boundary, Biot number Bi = h_c·L/k and Fourier number Fo = α·t/L², α = k/(ρc_p).
The exact series solution ([incropera2007] §5.5.1, Eq. 5.39a) is

    θ*(x*, Fo) = (T − T_roll)/(T_in − T_roll) = Σ_n C_n·exp(−ζ_n²·Fo)·cos(ζ_n·x*),
    C_n = 4·sin ζ_n/(2ζ_n + sin 2ζ_n),   ζ_n·tan ζ_n = Bi,

summed here over enough terms that it holds at short dwell (Fo < 0.2) as well, where the
one-term form fails. The film–foil interface of a two-sided electrode lies on the wall's
mid-plane (x* = 0); a free-standing film's mean temperature is
θ*_mean = Σ_n C_n·sin(ζ_n)/ζ_n·exp(−ζ_n²·Fo).

References
----------
.. [incropera2007] F. P. Incropera, D. P. DeWitt, T. L. Bergman, A. S. Lavine,
   Fundamentals of Heat and Mass Transfer, 6th ed., Wiley 2007, §5.5 (plane wall with
   convection) and Table 3.1/§3.1.4 (thermal contact conductance of pressed contacts).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

SERIES_TERMS = 12
"""Terms of the series solution: enough for Fo ≥ 0.002 to better than 1 % of ΔT."""


@dataclass(frozen=True)
class NipHeatingParameters:
    """Thermal properties of the web and of its contact with a hot roll.

    Attributes
    ----------
    film_conductivity_w_per_m_k : float
        Through-plane conductivity of the dry porous coating (no electrolyte)
        [W/(m·K)] (assumption, 0.2–1.0: porous particle beds with air-filled pores).
    solid_specific_heat_j_per_kg_k : float
        Specific heat of the coating's solids [J/(kg·K)] (NMC ≈0.7–0.8, graphite ≈0.7,
        PTFE ≈1.0 kJ/(kg·K); 600–900).
    contact_conductance_w_per_m2_k : float
        Roll-to-web thermal contact conductance under nip pressure [W/(m²·K)]
        (assumption, 2e3–3e4: pressed polymer/metal contacts at MPa pressures
        [incropera2007] §3.1.4).
    """

    film_conductivity_w_per_m_k: float = 0.4
    solid_specific_heat_j_per_kg_k: float = 750.0
    contact_conductance_w_per_m2_k: float = 8000.0


def slab_eigenvalues(biot: ArrayLike, n_terms: int = SERIES_TERMS) -> FloatArray:
    """Roots ζ_n of ζ·tan ζ = Bi, n = 1…n_terms, shape (..., n_terms) [-].

    Notes
    -----
    ζ_n lies in ((n − 1)π, (n − 1)π + π/2); found by bisection on
    f(ζ) = ζ·sin ζ − Bi·cos ζ (no poles), 60 halvings. A nip's Biot number does not depend
    on the line speed, so the roots of each distinct Biot number are found once.
    """
    bi = np.asarray(biot, dtype=float)
    if bi.size and bi.min() == bi.max():  # one nip: one set of roots for every element
        roots = np.asarray(_slab_eigenvalues_of(float(bi.flat[0]), n_terms))
        return np.broadcast_to(roots, (*bi.shape, n_terms))
    unique, inverse = np.unique(bi, return_inverse=True)
    roots = np.array([_slab_eigenvalues_of(float(b), n_terms) for b in unique.ravel()])
    return roots[inverse.reshape(bi.shape)] if unique.size else np.empty((*bi.shape, n_terms))


@lru_cache(maxsize=1024)
def _slab_eigenvalues_of(biot: float, n_terms: int) -> tuple[float, ...]:
    n = np.arange(n_terms, dtype=float)
    lo = n * np.pi
    hi = lo + np.pi / 2.0
    # f < 0 just above (n − 1)π for odd/even n alike after the sign of cos is folded in
    sign = np.where(n % 2 == 0, 1.0, -1.0)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        below = (mid * np.sin(mid) - biot * np.cos(mid)) * sign < 0.0
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    return tuple(0.5 * (lo + hi))


def _coefficients(zeta: FloatArray) -> FloatArray:
    return 4.0 * np.sin(zeta) / (2.0 * zeta + np.sin(2.0 * zeta))


def slab_temperature_ratio(fourier: ArrayLike, biot: ArrayLike, x_star: float = 0.0,
                           n_terms: int = SERIES_TERMS) -> FloatArray:
    """θ* = (T − T_roll)/(T_in − T_roll) at x* = x/L of a wall heated on both faces [-].

    Parameters
    ----------
    fourier : array_like
        Fo = α·t/L² [-].
    biot : array_like
        Bi = h_c·L/k [-].
    x_star : float
        Position from the mid-plane (0) to the face (1).
    """
    fo = np.asarray(fourier, dtype=float)
    zeta = slab_eigenvalues(np.broadcast_to(np.asarray(biot, dtype=float), fo.shape), n_terms)
    terms = _coefficients(zeta) * np.exp(-zeta ** 2 * fo[..., None]) * np.cos(zeta * x_star)
    return np.clip(terms.sum(axis=-1), 0.0, 1.0)


def slab_mean_temperature_ratio(fourier: ArrayLike, biot: ArrayLike,
                                n_terms: int = SERIES_TERMS) -> FloatArray:
    """Mean θ* over the wall's thickness [-] (Σ C_n·sin ζ_n/ζ_n·exp(−ζ_n²·Fo))."""
    fo = np.asarray(fourier, dtype=float)
    zeta = slab_eigenvalues(np.broadcast_to(np.asarray(biot, dtype=float), fo.shape), n_terms)
    terms = _coefficients(zeta) * np.sin(zeta) / zeta * np.exp(-zeta ** 2 * fo[..., None])
    return np.clip(terms.sum(axis=-1), 0.0, 1.0)


def web_thermal_diffusivity_m2_per_s(solid_density_kg_per_m3: ArrayLike, porosity: ArrayLike,
                                     params: NipHeatingParameters = NipHeatingParameters()
                                     ) -> FloatArray:
    """α = k/(ρ_s·(1 − ε)·c_p) of the porous coating [m²/s] (air in the pores neglected)."""
    rho_c = (np.asarray(solid_density_kg_per_m3, dtype=float)
             * (1.0 - np.asarray(porosity, dtype=float)) * params.solid_specific_heat_j_per_kg_k)
    return params.film_conductivity_w_per_m_k / rho_c


@dataclass(frozen=True)
class NipTemperatures:
    """Web temperatures leaving a hot nip (arrays broadcast together) [°C]."""

    mid_plane_c: FloatArray
    """Mid-plane at the nip exit: the film–foil interface of a two-sided electrode."""
    mean_c: FloatArray
    """Mean over the web's thickness at the nip exit."""
    fourier: FloatArray
    biot: FloatArray


def nip_exit_temperatures_c(
    roll_temperature_c: ArrayLike, entry_temperature_c: ArrayLike, half_thickness_m: ArrayLike,
    dwell_time_s: ArrayLike, solid_density_kg_per_m3: ArrayLike, porosity: ArrayLike,
    params: NipHeatingParameters = NipHeatingParameters(),
) -> NipTemperatures:
    """Mid-plane and mean temperature of the web after the dwell in a hot nip [°C].

    Parameters
    ----------
    roll_temperature_c : array_like
        Surface temperature of both rolls [°C].
    entry_temperature_c : array_like
        Web temperature entering the nip [°C].
    half_thickness_m : array_like
        L: half the web's thickness (two-sided electrode: one coating; free film: half
        the film) [m].
    dwell_time_s : array_like
        Time in the contact, 2b/v [s].
    solid_density_kg_per_m3, porosity : array_like
        The coating's pore-free density [kg/m³] and porosity [-].

    Notes
    -----
    T = T_roll − (T_roll − T_in)·θ*(x*, Fo, Bi) ([incropera2007] Eq. 5.39a), Fo = α·t/L²,
    Bi = h_c·L/k. The thin metal foil (≈10 µm, k ≈ 200–400 W/(m·K)) adds no resistance and
    is neglected.
    """
    half = np.maximum(np.asarray(half_thickness_m, dtype=float), 1e-9)
    alpha = web_thermal_diffusivity_m2_per_s(solid_density_kg_per_m3, porosity, params)
    fo = np.broadcast_to(alpha * np.asarray(dwell_time_s, dtype=float) / half ** 2,
                         np.broadcast_shapes(np.shape(alpha), np.shape(dwell_time_s), half.shape))
    bi = np.broadcast_to(params.contact_conductance_w_per_m2_k * half
                         / params.film_conductivity_w_per_m_k, fo.shape)
    roll = np.asarray(roll_temperature_c, dtype=float)
    delta = np.asarray(entry_temperature_c, dtype=float) - roll
    return NipTemperatures(roll + delta * slab_temperature_ratio(fo, bi, 0.0),
                           roll + delta * slab_mean_temperature_ratio(fo, bi),
                           np.asarray(fo), np.asarray(bi))


def mid_plane_history_c(
    roll_temperature_c: float, entry_temperature_c: float, half_thickness_m: float,
    dwell_time_s: ArrayLike, solid_density_kg_per_m3: float, porosity: float,
    n_points: int = 24, params: NipHeatingParameters = NipHeatingParameters(),
) -> tuple[FloatArray, FloatArray]:
    """Mid-plane temperature at ``n_points`` times through the dwell, shape (n, n_points).

    Returns
    -------
    times_s, temperature_c : ndarray
        Sample times (0 … t_dwell) and temperatures, for integrals over the dwell such as
        the non-isothermal healing of :func:`process_models.lamination.healing_degree`.
    """
    dwell = np.atleast_1d(np.asarray(dwell_time_s, dtype=float))
    times = dwell[:, None] * np.linspace(0.0, 1.0, n_points)[None, :]
    temps = nip_exit_temperatures_c(roll_temperature_c, entry_temperature_c, half_thickness_m,
                                    times, solid_density_kg_per_m3, porosity, params).mid_plane_c
    return times, temps
