"""Lamination: adhesion of the dry film to the current collector in a hot nip.

References
----------
.. [wool1981] R. P. Wool, K. M. O'Connor, "A theory of crack healing in polymers",
   J. Appl. Phys. 52 (1981) 5953, doi:10.1063/1.328526 (strength ∝ t^(1/4) up to t_r).
.. [ludwig2016] B. Ludwig, Z. Zheng, W. Shou, Y. Wang, H. Pan, "Solvent-free manufacturing
   of electrodes for lithium-ion batteries", Sci. Rep. 6 (2016) 23150,
   doi:10.1038/srep23150 (dry-painted electrode: 148.8 kPa vs 84.3 kPa slurry-cast).
.. [johnson1985] K. L. Johnson, Contact Mechanics, Cambridge University Press 1985
   (Hertz line contact half-width b = sqrt(4·q·R/(π·E*))).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

GAS_CONSTANT_J_PER_MOL_K = 8.314462


@dataclass(frozen=True)
class LaminationParameters:
    """Coefficients of hot-nip adhesion.

    Attributes
    ----------
    full_bond_strength_kpa : float
        Adhesion of a fully healed, fully contacted interface [kPa] (assumption, 100–400;
        calibrated so a hot-rolled dry electrode lands near 150 kPa [ludwig2016]).
    reference_healing_time_s : float
        Reptation time t_r at the binder's softening temperature [s] (assumption, 0.01–1).
    activation_energy_j_per_mol : float
        Activation energy of interdiffusion (assumption, 50–150 kJ/mol).
    contact_pressure_scale_mpa : float
        Mean nip pressure for 63 % intimate contact [MPa] (assumption, 1–20).
    roll_radius_m : float
        Nip roll radius [m] (assumption, 0.1–0.4).
    effective_modulus_pa : float
        Effective contact modulus E* of the roll–electrode stack [Pa] (assumption,
        0.3–3 GPa, dominated by the porous coating).
    cohesion_to_tensile_ratio : float
        Film cohesion as a share of its tensile strength [-]: adhesion cannot exceed it
        (assumption, 0.1–0.5).
    slurry_cast_adhesion_kpa : float
        Adhesion of a slurry-cast, dried and calendered electrode [kPa]: set in the dryer by
        the binder's distribution, not in a nip (84.3 kPa measured [ludwig2016]).
    """

    full_bond_strength_kpa: float = field(default=165.0, metadata={"min": 0.0, "max": 1e4})
    reference_healing_time_s: float = field(default=0.1, metadata={"min": 1e-6, "max": 1e4})
    activation_energy_j_per_mol: float = field(default=90e3, metadata={"min": 1000.0, "max": 5e5})
    contact_pressure_scale_mpa: float = field(default=5.0, metadata={"min": 0.01, "max": 1000.0})
    roll_radius_m: float = field(default=0.2, metadata={"min": 0.01, "max": 2.0})
    effective_modulus_pa: float = field(default=1e9, metadata={"min": 1e6, "max": 1e12})
    cohesion_to_tensile_ratio: float = field(default=0.3, metadata={"min": 0.0, "max": 1.0})
    slurry_cast_adhesion_kpa: float = field(default=84.3, metadata={"min": 0.0, "max": 1e4})


def nip_half_width_m(line_load_n_per_mm: ArrayLike,
                     params: LaminationParameters = LaminationParameters()) -> FloatArray:
    """Hertz line-contact half-width b = sqrt(4·q·R/(π·E*)) [m] ([johnson1985])."""
    q_n_per_m = np.asarray(line_load_n_per_mm, dtype=float) * 1000.0
    return np.sqrt(4.0 * q_n_per_m * params.roll_radius_m / (np.pi * params.effective_modulus_pa))


def nip_dwell_time_s(line_load_n_per_mm: ArrayLike, line_speed_m_per_s: ArrayLike,
                     params: LaminationParameters = LaminationParameters()) -> FloatArray:
    """Time a point of the web spends in the nip, 2b/v [s]."""
    speed = np.maximum(np.asarray(line_speed_m_per_s, dtype=float), 1e-9)
    return 2.0 * nip_half_width_m(line_load_n_per_mm, params) / speed


def mean_nip_pressure_mpa(line_load_n_per_mm: ArrayLike,
                          params: LaminationParameters = LaminationParameters()) -> FloatArray:
    """Mean pressure over the Hertz contact, p = q/(2b) [MPa]."""
    q_n_per_m = np.asarray(line_load_n_per_mm, dtype=float) * 1000.0
    return q_n_per_m / (2.0 * np.maximum(nip_half_width_m(line_load_n_per_mm, params), 1e-12)) / 1e6


def healing_time_s(nip_temperature_c: ArrayLike, softening_c: float,
                   params: LaminationParameters = LaminationParameters()) -> FloatArray:
    """Reptation (healing) time of the binder at the nip temperature [s].

    Notes
    -----
    t_r(T) = t_r,ref·exp(E_a/R·(1/T − 1/T_soft)) (Arrhenius, [wool1981]).
    """
    t_k = np.asarray(nip_temperature_c, dtype=float) + 273.15
    t_ref = softening_c + 273.15
    return params.reference_healing_time_s * np.exp(
        params.activation_energy_j_per_mol / GAS_CONSTANT_J_PER_MOL_K * (1.0 / t_k - 1.0 / t_ref))


def adhesion_strength_kpa(
    nip_temperature_c: ArrayLike, line_load_n_per_mm: ArrayLike, line_speed_m_per_s: ArrayLike,
    softening_c: float, film_tensile_strength_mpa: ArrayLike | None = None,
    params: LaminationParameters = LaminationParameters(),
) -> FloatArray:
    """Adhesion of the coating to the foil after a hot nip [kPa].

    Parameters
    ----------
    nip_temperature_c : array_like
        Roll (nip) temperature [°C].
    line_load_n_per_mm : array_like
        Nip line load [N/mm].
    line_speed_m_per_s : array_like
        Web speed [m/s]; sets the dwell time.
    softening_c : float
        Binder softening temperature [°C].
    film_tensile_strength_mpa : array_like, optional
        Film tensile strength [MPa]; adhesion is capped by film cohesion.

    Notes
    -----
    σ_adh = σ_∞·D_ic·H, with intimate contact D_ic = 1 − exp(−p/p_c) and healing
    H = min(1, (t_dwell/t_r(T))^¼) [wool1981]; σ_adh ≤ c·σ_tensile (the film tears
    before the interface does).
    """
    contact = -np.expm1(-mean_nip_pressure_mpa(line_load_n_per_mm, params)
                        / params.contact_pressure_scale_mpa)
    dwell = nip_dwell_time_s(line_load_n_per_mm, line_speed_m_per_s, params)
    healing = np.minimum(1.0, (dwell / healing_time_s(nip_temperature_c, softening_c, params)) ** 0.25)
    adhesion = params.full_bond_strength_kpa * contact * healing
    if film_tensile_strength_mpa is not None:
        cap_kpa = params.cohesion_to_tensile_ratio * np.asarray(film_tensile_strength_mpa) * 1000.0
        adhesion = np.minimum(adhesion, cap_kpa)
    return adhesion


def healing_degree(times_s: ArrayLike, interface_temperature_c: ArrayLike, softening_c: float,
                   params: LaminationParameters = LaminationParameters()) -> FloatArray:
    """Wool healing of the interface over a non-isothermal dwell [-], 0–1.

    Parameters
    ----------
    times_s : array_like, shape (..., k)
        Sample times through the dwell, from 0 to t_dwell [s].
    interface_temperature_c : array_like, shape (..., k)
        Interface temperature at those times [°C] (e.g.
        :func:`process_models.nip_heating.mid_plane_history_c`).
    softening_c : float
        Binder softening temperature [°C].

    Notes
    -----
    H = min(1, (t_eq/t_r,ref)^¼) with the equivalent time at the softening temperature
    t_eq = t_r,ref·∫ dt/t_r(T(t)) ([wool1981]; the Arrhenius reptation time of
    :func:`healing_time_s` integrated over the heating history, as for time–temperature
    superposition). For a constant T it reduces to min(1, (t/t_r(T))^¼).
    """
    t = np.asarray(times_s, dtype=float)
    rate = 1.0 / healing_time_s(interface_temperature_c, softening_c, params)
    progress = np.trapezoid(rate, t, axis=-1)
    return np.minimum(1.0, np.maximum(progress, 0.0) ** 0.25)


def adhesion_from_healing_kpa(healing: ArrayLike, line_load_n_per_mm: ArrayLike,
                              film_tensile_strength_mpa: ArrayLike | None = None,
                              params: LaminationParameters = LaminationParameters()
                              ) -> FloatArray:
    """Adhesion of the coating to the foil for a given degree of healing [kPa].

    Notes
    -----
    σ_adh = σ_∞·D_ic·H, D_ic = 1 − exp(−p/p_c) at the mean Hertz pressure, capped by film
    cohesion c·σ_tensile, as in :func:`adhesion_strength_kpa`, with H from
    :func:`healing_degree` (the interface's own temperature history in the nip).
    """
    contact = -np.expm1(-mean_nip_pressure_mpa(line_load_n_per_mm, params)
                        / params.contact_pressure_scale_mpa)
    adhesion = params.full_bond_strength_kpa * contact * np.asarray(healing, dtype=float)
    if film_tensile_strength_mpa is not None:
        cap_kpa = params.cohesion_to_tensile_ratio * np.asarray(film_tensile_strength_mpa) * 1000.0
        adhesion = np.minimum(adhesion, cap_kpa)
    return adhesion
