"""Electrode structure: composite density, thickness, loading, volume fractions, capacity.

A coating of known composition and porosity: the pore-free density follows from the rule of
mixtures on volume, thickness and loading convert through it, and the areal and volumetric
capacities follow from the active-material share.

References
----------
No external source: mass and volume conservation (rule of mixtures).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from process_models.materials import ActiveMaterial


def composite_solid_density_kg_per_m3(mass_fractions: ArrayLike,
                                      densities_kg_per_m3: ArrayLike) -> np.ndarray:
    """Density of the pore-free composite [kg/m^3].

    Parameters
    ----------
    mass_fractions : array_like, shape (..., k)
        Mass fraction of each component [-]; the last axis runs over components.
    densities_kg_per_m3 : array_like, shape (..., k)
        Skeletal density of each component [kg/m^3].

    Returns
    -------
    numpy.ndarray
        ρ_s [kg/m^3].

    Notes
    -----
    Rule of mixtures on volume: 1/ρ_s = Σ w_i/ρ_i.
    """
    w = np.asarray(mass_fractions, dtype=float)
    rho = np.asarray(densities_kg_per_m3, dtype=float)
    return 1.0 / np.sum(w / rho, axis=-1)


def thickness_from_loading_m(loading_kg_per_m2: ArrayLike, solid_density_kg_per_m3: ArrayLike,
                             porosity: ArrayLike) -> np.ndarray:
    """Coating thickness from areal mass loading [m].

    Parameters
    ----------
    loading_kg_per_m2 : array_like
        Coating mass per area, all components [kg/m^2].
    solid_density_kg_per_m3 : array_like
        Pore-free composite density [kg/m^3].
    porosity : array_like
        Pore volume fraction ε [-].

    Notes
    -----
    h = m_A / (ρ_s·(1 − ε)).
    """
    return np.asarray(loading_kg_per_m2) / (np.asarray(solid_density_kg_per_m3)
                                            * (1.0 - np.asarray(porosity)))


def loading_from_thickness_kg_per_m2(thickness_m: ArrayLike, solid_density_kg_per_m3: ArrayLike,
                                     porosity: ArrayLike) -> np.ndarray:
    """Areal mass loading from coating thickness [kg/m^2].

    Parameters
    ----------
    thickness_m : array_like
        Coating thickness h [m].
    solid_density_kg_per_m3 : array_like
        Pore-free composite density [kg/m^3].
    porosity : array_like
        Porosity ε [-].

    Notes
    -----
    m_A = h·ρ_s·(1 − ε).
    """
    return (np.asarray(thickness_m) * np.asarray(solid_density_kg_per_m3)
            * (1.0 - np.asarray(porosity)))


def component_volume_fractions(mass_fractions: ArrayLike, densities_kg_per_m3: ArrayLike,
                               porosity: ArrayLike) -> np.ndarray:
    """Volume fraction of each solid component in the porous electrode [-].

    Parameters
    ----------
    mass_fractions : array_like, shape (k,)
        Mass fractions of the components [-].
    densities_kg_per_m3 : array_like, shape (k,)
        Their densities [kg/m^3].
    porosity : array_like
        Porosity ε [-]; broadcasts against a new trailing component axis.

    Returns
    -------
    numpy.ndarray, shape (..., k)
        φ_i; Σ φ_i + ε = 1.

    Notes
    -----
    φ_i = (1 − ε)·(w_i/ρ_i) / Σ_j (w_j/ρ_j).
    """
    specific_volume = np.asarray(mass_fractions, float) / np.asarray(densities_kg_per_m3, float)
    share = specific_volume / specific_volume.sum(axis=-1, keepdims=True)
    return (1.0 - np.asarray(porosity, float))[..., None] * share


def areal_capacity_mah_per_cm2(loading_kg_per_m2: ArrayLike, active_mass_fraction: ArrayLike,
                               specific_capacity_mah_per_g: ArrayLike) -> np.ndarray:
    """Areal capacity of a coating [mAh/cm^2].

    Parameters
    ----------
    loading_kg_per_m2 : array_like
        Coating mass per area [kg/m^2] (1 kg/m^2 = 100 mg/cm^2).
    active_mass_fraction : array_like
        Active-material mass fraction [-].
    specific_capacity_mah_per_g : array_like
        Specific capacity of the active material [mAh/g].

    Notes
    -----
    Q_A = m_A·w_AM·q; with m_A in mg/cm^2 and q in mAh/g, Q_A = m_A·w_AM·q/1000.
    """
    loading_mg_per_cm2 = np.asarray(loading_kg_per_m2) * 100.0
    return loading_mg_per_cm2 * np.asarray(active_mass_fraction) * np.asarray(
        specific_capacity_mah_per_g) / 1000.0


@dataclass(frozen=True)
class ElectrodeStructure:
    """Structure of a porous electrode coating (arrays broadcast over coils).

    Attributes
    ----------
    thickness_m : numpy.ndarray
        Coating thickness [m].
    loading_kg_per_m2 : numpy.ndarray
        Coating mass per area [kg/m^2].
    porosity : numpy.ndarray
        Porosity [-].
    solid_density_kg_per_m3 : float
        Pore-free composite density [kg/m^3].
    electrode_density_kg_per_m3 : numpy.ndarray
        Coating (bulk) density ρ_s·(1 − ε) [kg/m^3].
    volume_fractions : numpy.ndarray, shape (..., 3)
        Active, conductive additive, binder volume fractions [-].
    areal_capacity_mah_per_cm2 : numpy.ndarray
        Practical areal capacity [mAh/cm^2].
    theoretical_areal_capacity_mah_per_cm2 : numpy.ndarray
        Theoretical areal capacity [mAh/cm^2].
    volumetric_capacity_mah_per_cm3 : numpy.ndarray
        Practical capacity per coating volume [mAh/cm^3].
    theoretical_volumetric_capacity_mah_per_cm3 : numpy.ndarray
        Theoretical capacity per coating volume [mAh/cm^3].
    """

    thickness_m: np.ndarray
    loading_kg_per_m2: np.ndarray
    porosity: np.ndarray
    solid_density_kg_per_m3: float
    electrode_density_kg_per_m3: np.ndarray
    volume_fractions: np.ndarray
    areal_capacity_mah_per_cm2: np.ndarray
    theoretical_areal_capacity_mah_per_cm2: np.ndarray
    volumetric_capacity_mah_per_cm3: np.ndarray
    theoretical_volumetric_capacity_mah_per_cm3: np.ndarray


def electrode_structure(active: ActiveMaterial, mass_fractions: tuple[float, float, float],
                        other_densities_kg_per_m3: tuple[float, float], porosity: ArrayLike,
                        loading_kg_per_m2: ArrayLike | None = None,
                        thickness_m: ArrayLike | None = None) -> ElectrodeStructure:
    """Structure of a coating from composition, porosity and loading or thickness.

    Parameters
    ----------
    active : ActiveMaterial
        Active-material property set.
    mass_fractions : tuple of float
        (active, conductive additive, binder) mass fractions [-], summing to 1.
    other_densities_kg_per_m3 : tuple of float
        (conductive additive, binder) densities [kg/m^3].
    porosity : array_like
        Porosity ε [-], in (0, 1).
    loading_kg_per_m2, thickness_m : array_like, optional
        Exactly one: coating mass per area [kg/m^2] or coating thickness [m].

    Returns
    -------
    ElectrodeStructure

    Raises
    ------
    ValueError
        If both or neither of loading and thickness are given.

    Notes
    -----
    h = m_A/(ρ_s(1 − ε)), Q_A = m_A·w_AM·q, Q_V = Q_A/h.
    """
    if (loading_kg_per_m2 is None) == (thickness_m is None):
        raise ValueError("give exactly one of loading_kg_per_m2 and thickness_m")
    densities = (active.density_kg_per_m3, *other_densities_kg_per_m3)
    solid_density = float(composite_solid_density_kg_per_m3(mass_fractions, densities))
    eps = np.asarray(porosity, dtype=float)
    if loading_kg_per_m2 is None:
        h = np.asarray(thickness_m, dtype=float) + 0.0 * eps
        m_a = loading_from_thickness_kg_per_m2(h, solid_density, eps)
    else:
        m_a = np.asarray(loading_kg_per_m2, dtype=float) + 0.0 * eps
        h = thickness_from_loading_m(m_a, solid_density, eps)
    q_prac = areal_capacity_mah_per_cm2(m_a, mass_fractions[0], active.specific_capacity_mah_per_g)
    q_theo = areal_capacity_mah_per_cm2(m_a, mass_fractions[0],
                                        active.theoretical_capacity_mah_per_g)
    h_cm = h * 100.0
    return ElectrodeStructure(
        thickness_m=h, loading_kg_per_m2=m_a, porosity=eps + 0.0 * h,
        solid_density_kg_per_m3=solid_density,
        electrode_density_kg_per_m3=solid_density * (1.0 - eps),
        volume_fractions=component_volume_fractions(mass_fractions, densities, eps + 0.0 * h),
        areal_capacity_mah_per_cm2=q_prac,
        theoretical_areal_capacity_mah_per_cm2=q_theo,
        volumetric_capacity_mah_per_cm3=q_prac / h_cm,
        theoretical_volumetric_capacity_mah_per_cm3=q_theo / h_cm,
    )
