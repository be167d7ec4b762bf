"""Electrolyte transport in the pores: effective conductivity, current, penetration depth.

A current drains salt from the pore electrolyte; diffusion resupplies it only down to the
penetration depth L_d (Gallagher, seed Eq. 3). The plain utilisation estimate min(1, L_d/h)
(seed Eq. 2) is kept here as the reference the reduced-order rate model
(:mod:`process_models.electrode.rate_capability`) improves on.

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

    Defaults: LiPF6 in EC:EMC at 1 M as in Chen2020 [chen2020] (Nyman2008 functions at
    1000 mol/m^3).

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
    """

    concentration_mol_per_m3: float = 1000.0
    diffusivity_m2_per_s: float = 1.77e-10
    transference_number: float = 0.2594
    conductivity_s_per_m: float = 0.95


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
