"""Electrolyte transport in the pores: effective conductivity, current, salt depletion.

A current drains salt from the cathode's pore electrolyte and piles it up in the anode's;
diffusion resupplies the cathode only down to a penetration depth. Gallagher's L_d (seed
Eq. 3) and the plain estimate min(1, L_d/h) (seed Eq. 2) are kept for reference; the rate
model uses the full-cell depletion ratio (:func:`full_cell_depletion_ratio`), the
pseudo-steady salt balance over cathode, separator and anode with the salt each region holds
[wang2020]_ and a diffusivity that depends on concentration (LiPF6 diffuses faster where the
salt runs low and slower where it piles up [nyman2008]_).

References
----------
.. [gallagher2016] K. G. Gallagher et al., "Optimizing Areal Capacities through
   Understanding the Limitations of Lithium-Ion Electrodes", J. Electrochem. Soc. 163 (2016)
   A138, doi:10.1149/2.0321602jes.
.. [tambio2020] S. J. Tambio et al., "The Concept of Effective Porosity in the Discharge
   Rate Performance of High-Density Positive Electrodes", J. Electrochem. Soc. 167 (2020)
   160509, doi:10.1149/1945-7111/abcb40.
.. [landesfeind2018] J. Landesfeind, M. Ebner, A. Eldiven, V. Wood, H. A. Gasteiger,
   "Tortuosity of Battery Electrodes: Validation of Impedance-Derived Values and Critical
   Comparison with 3D Tomography", J. Electrochem. Soc. 165 (2018) A469,
   doi:10.1149/2.0231803jes.
.. [chen2020] C.-H. Chen et al., J. Electrochem. Soc. 167 (2020) 080534,
   doi:10.1149/1945-7111/ab9050.
.. [nyman2008] A. Nyman, M. Behm, G. Lindbergh, "Electrochemical characterisation and
   modelling of the mass transport phenomena in LiPF6–EC–EMC electrolyte", Electrochim.
   Acta 53 (2008) 6356, doi:10.1016/j.electacta.2008.04.023.
.. [wang2020] F. Wang, M. Tang, "A Quantitative Analytical Model for Predicting and
   Optimizing the Rate Performance of Battery Cells", arXiv:2004.10707 (2020) (full-cell
   salt balance of the penetration depth).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

FARADAY_C_PER_MOL = 96485.33212
"""Faraday constant [C/mol] (CODATA 2018)."""

MAH_PER_CM2_TO_A_PER_M2_PER_C = 10.0
"""A current of 1C on 1 mAh/cm^2 is 10 A/m^2 [A h/(mAh) · cm^2/m^2 / h]."""


@dataclass(frozen=True)
class Electrolyte:
    """Transport properties of a binary liquid electrolyte at its initial concentration.

    Defaults: LiPF6 in EC:EMC at 1 M as in Chen2020 [chen2020]_ (Nyman2008 functions at
    1000 mol/m^3 [nyman2008]_).

    Attributes
    ----------
    concentration_mol_per_m3 : float
        Salt concentration c0 [mol/m^3].
    diffusivity_m2_per_s : float
        Salt diffusivity D0 [m^2/s].
    transference_number : float
        Cation transference number t+ [-].
    conductivity_s_per_m : float
        Ionic conductivity κ [S/m].
    depletion_diffusivity_ratio : float
        Mean diffusivity between 0 and c0 over D(c0), k_r = ∫_0^c0 D dc/(c0·D0) [-]: how
        much faster salt diffuses into a draining region. Nyman2008: 1.79; 1 for a
        constant diffusivity.
    diffusivity_concentration_exponent : float
        b of D(c) = D0·exp(−b·(c/c0 − 1)) above c0, where salt piles up [-]. Nyman2008:
        1.25 (fitted on 0.25–2.5 c0); 0 for a constant diffusivity.
    """

    concentration_mol_per_m3: float = 1000.0
    diffusivity_m2_per_s: float = 1.77e-10
    transference_number: float = 0.2594
    conductivity_s_per_m: float = 0.95
    depletion_diffusivity_ratio: float = 1.79
    diffusivity_concentration_exponent: float = 1.25


CHEN2020_ELECTROLYTE = Electrolyte()


def effective_conductivity_s_per_m(conductivity_s_per_m: ArrayLike, porosity: ArrayLike,
                                   tortuosity: ArrayLike) -> np.ndarray:
    """Effective ionic conductivity of the electrolyte in the pores [S/m].

    Parameters
    ----------
    conductivity_s_per_m : array_like
        Bulk electrolyte conductivity κ [S/m].
    porosity : array_like
        Porosity ε [-].
    tortuosity : array_like
        Tortuosity factor τ [-].

    Notes
    -----
    κ_eff = κ·ε/τ [landesfeind2018]_.
    """
    return np.asarray(conductivity_s_per_m) * np.asarray(porosity) / np.asarray(tortuosity)


def current_density_a_per_m2(areal_capacity_mah_per_cm2: ArrayLike,
                             c_rate_per_h: ArrayLike) -> np.ndarray:
    """Current density of a C-rate on a given areal capacity [A/m^2].

    Parameters
    ----------
    areal_capacity_mah_per_cm2 : array_like
        Areal capacity [mAh/cm^2].
    c_rate_per_h : array_like
        C-rate [1/h].
    """
    return (MAH_PER_CM2_TO_A_PER_M2_PER_C * np.asarray(areal_capacity_mah_per_cm2)
            * np.asarray(c_rate_per_h))


def penetration_depth_m(porosity: ArrayLike, tortuosity: ArrayLike,
                        current_density_a_per_m2: ArrayLike,
                        electrolyte: Electrolyte = CHEN2020_ELECTROLYTE) -> np.ndarray:
    """Electrolyte penetration depth L_d (seed Eq. 3) [m].

    Parameters
    ----------
    porosity : array_like
        Porosity ε [-].
    tortuosity : array_like
        Tortuosity factor τ [-].
    current_density_a_per_m2 : array_like
        Current per electrode area I [A/m^2].
    electrolyte : Electrolyte
        c0 [mol/m^3], D0 [m^2/s], t+ [-].

    Notes
    -----
    L_d = (ε/τ)·D0·c0·F / ((1 − t+)·I)  [gallagher2016]_.
    """
    transport = (np.asarray(porosity) / np.asarray(tortuosity) * electrolyte.diffusivity_m2_per_s
                 * electrolyte.concentration_mol_per_m3 * FARADAY_C_PER_MOL)
    return transport / ((1.0 - electrolyte.transference_number)
                        * np.asarray(current_density_a_per_m2, dtype=float))


def gallagher_utilisation(penetration_depth_m_: ArrayLike, thickness_m: ArrayLike) -> np.ndarray:
    """Plain utilisation estimate min(1, L_d/h) (seed Eq. 2) [-].

    Parameters
    ----------
    penetration_depth_m_ : array_like
        Penetration depth L_d [m].
    thickness_m : array_like
        Coating thickness h [m].

    Notes
    -----
    Q_eff/Q0 = min(1, (ε/(h·τ))·D0·c0·F/((1 − t+)·I)) [tambio2020]_. Kept as the
    reference the reduced-order model improves on.
    """
    return np.minimum(1.0, np.asarray(penetration_depth_m_) / np.asarray(thickness_m))


def mean_exponential_diffusivity_ratio(exponent: ArrayLike, low: ArrayLike,
                                       high: ArrayLike) -> np.ndarray:
    """Mean of exp(−b·(x − 1)) over x = c/c0 in [low, high] [-].

    Parameters
    ----------
    exponent : array_like
        b [-].
    low, high : array_like
        Concentration range over c0 [-].
    """
    b = np.asarray(exponent, dtype=float)
    lo, hi = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    small = np.abs(b) < 1e-9
    b_safe = np.where(small, 1.0, b)
    ratio = (np.exp(-b_safe * (lo - 1.0)) - np.exp(-b_safe * (hi - 1.0))) / (b_safe * (hi - lo))
    return np.where(small, 1.0, ratio)


def full_cell_depletion_ratio(thickness_m: ArrayLike, porosity: ArrayLike,
                              tortuosity: ArrayLike, current_density_a_per_m2: ArrayLike,
                              separator: tuple[ArrayLike, ArrayLike, ArrayLike],
                              anode: tuple[ArrayLike, ArrayLike, ArrayLike],
                              diffusivities_m2_per_s: tuple[ArrayLike, ArrayLike, ArrayLike],
                              electrolyte: Electrolyte = CHEN2020_ELECTROLYTE) -> np.ndarray:
    """Salt the cathode would need over the salt the cell holds, pseudo-steady [-].

    Parameters
    ----------
    thickness_m, porosity, tortuosity : array_like
        Cathode h_c [m], ε_c [-], τ_c [-].
    current_density_a_per_m2 : array_like
        I [A/m^2].
    separator : tuple
        (thickness [m], porosity [-], tortuosity [-]).
    anode : tuple
        (thickness [m] reached by the salt, porosity [-], tortuosity [-]).
    diffusivities_m2_per_s : tuple
        Effective salt diffusivities (cathode side, separator, anode side) [m^2/s].
    electrolyte : Electrolyte
        c0 [mol/m^3] and t+ [-].

    Returns
    -------
    numpy.ndarray
        β; the electrolyte at the cathode's current collector empties at β = 1.

    Notes
    -----
    With uniform reaction in both electrodes the pseudo-steady salt profile is parabolic in
    the electrodes and linear in the separator; the whole cathode reacts and its collector
    end reaches zero when the salt the profile holds equals the salt the cell holds,
    c0·(ε_c h_c + ε_s h_s + ε_a h_a):

        β = k/c0 · [τ_c h_c²/6 + τ_c h_c (ε_s h_s + ε_a h_a)/(2ε_c)]/D_c
            + k/c0 · [τ_s h_s²/2 + τ_s ε_a h_a h_s/ε_s]/D_s + k/c0 · τ_a h_a²/(3 D_a),

    all over (ε_c h_c + ε_s h_s + ε_a h_a), with k = (1 − t+)·I/F [wang2020]_.
    """
    k = (1.0 - electrolyte.transference_number) * np.asarray(current_density_a_per_m2,
                                                             dtype=float) / FARADAY_C_PER_MOL
    h, eps, tau = (np.asarray(v, dtype=float) for v in (thickness_m, porosity, tortuosity))
    h_s, e_s, t_s = (np.asarray(v, dtype=float) for v in separator)
    h_a, e_a, t_a = (np.asarray(v, dtype=float) for v in anode)
    d_c, d_s, d_a = (np.asarray(v, dtype=float) for v in diffusivities_m2_per_s)
    held = eps * h + e_s * h_s + e_a * h_a
    needed = ((tau * h**2 / 6.0 + tau * h * (e_s * h_s + e_a * h_a) / (2.0 * eps)) / d_c
              + (t_s * h_s**2 / 2.0 + t_s * e_a * h_a * h_s / e_s) / d_s
              + t_a * h_a**2 / (3.0 * d_a))
    return k / electrolyte.concentration_mol_per_m3 * needed / held
