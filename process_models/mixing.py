"""Dry mixing: powder cohesion, blend homogeneity and premature PTFE fibrillation.

References
----------
.. [landi2011] G. Landi, D. Barletta, M. Poletto, "Modelling and experiments on the effect
   of air humidity on the flow properties of glass powders", Powder Technol. 207 (2011)
   437, doi:10.1016/j.powtec.2010.11.033
.. [rumpf1970] H. Rumpf, "Zur Theorie der Zugfestigkeit von Agglomeraten bei
   Kraftübertragung an Kontaktpunkten", Chem. Ing. Tech. 42 (1970) 538,
   doi:10.1002/cite.330420806
.. [israelachvili] J. N. Israelachvili, Intermolecular and Surface Forces, 3rd ed.,
   Academic Press 2011 (Hamaker constants, z0 = 0.4 nm, Kelvin radius).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

GRAVITY_M_PER_S2 = 9.80665
WATER_SURFACE_TENSION_N_PER_M = 0.072
WATER_MOLAR_VOLUME_M3_PER_MOL = 1.8e-5
GAS_CONSTANT_J_PER_MOL_K = 8.314462


@dataclass(frozen=True)
class CohesionParameters:
    """Coefficients of inter-particle adhesion.

    Attributes
    ----------
    hamaker_constant_j : float
        Hamaker constant of oxide particles in air [J] (1e-19, range 0.5–2e-19
        [israelachvili]).
    contact_distance_m : float
        Closest approach z0 [m] (0.4 nm [israelachvili]).
    asperity_radius_m : float
        Radius of contact asperities that carry van der Waals and capillary forces [m]
        (assumption, range 20–200 nm; rough particles touch through asperities).
    asperity_height_m : float
        Roughness a Kelvin meniscus must fill before a capillary bridge carries full
        force [m] (assumption, range 0.5–5 nm; sets the RH above which cohesion climbs,
        ≈40–60 % RH as in [landi2011]).
    """

    hamaker_constant_j: float = field(default=1e-19, metadata={"min": 1e-21, "max": 1e-17})
    contact_distance_m: float = field(default=0.4e-9, metadata={"min": 1e-10, "max": 1e-8})
    asperity_radius_m: float = field(default=50e-9, metadata={"min": 1e-9, "max": 1e-5})
    asperity_height_m: float = field(default=2e-9, metadata={"min": 1e-11, "max": 1e-6})


def kelvin_radius_m(temperature_c: ArrayLike, relative_humidity_pct: ArrayLike) -> FloatArray:
    """Kelvin radius of a water meniscus in equilibrium with humid air [m].

    Notes
    -----
    r_K = −γ·V_m/(R·T·ln(RH)) [israelachvili].
    """
    rh = np.clip(np.asarray(relative_humidity_pct, dtype=float) / 100.0, 1e-9, 1 - 1e-9)
    t_k = np.asarray(temperature_c, dtype=float) + 273.15
    return -WATER_SURFACE_TENSION_N_PER_M * WATER_MOLAR_VOLUME_M3_PER_MOL / (
        GAS_CONSTANT_J_PER_MOL_K * t_k * np.log(rh)
    )


def cohesive_force_n(temperature_c: ArrayLike, relative_humidity_pct: ArrayLike,
                     params: CohesionParameters = CohesionParameters()) -> FloatArray:
    """Force holding two touching particles together at one asperity contact [N].

    Notes
    -----
    F = F_vdW + F_cap with F_vdW = A·r_a/(12·z0²) and a capillary bridge
    F_cap = 4π·γ·r_a·φ, where φ = min(1, r_K/h_a) is the fraction of the asperity gap the
    Kelvin meniscus fills. Dry rooms (RH < 5 %) keep φ small; above ≈40 % RH it saturates,
    the rise measured by [landi2011].
    """
    f_vdw = params.hamaker_constant_j * params.asperity_radius_m / (
        12.0 * params.contact_distance_m**2
    )
    filled = np.clip(kelvin_radius_m(temperature_c, relative_humidity_pct)
                     / params.asperity_height_m, 0.0, 1.0)
    f_cap = 4.0 * np.pi * WATER_SURFACE_TENSION_N_PER_M * params.asperity_radius_m * filled
    return f_vdw + f_cap


def granular_bond_number(d50_um: ArrayLike, density_kg_per_m3: ArrayLike,
                         temperature_c: ArrayLike, relative_humidity_pct: ArrayLike,
                         params: CohesionParameters = CohesionParameters()) -> FloatArray:
    """Granular Bond number Bo_g = F_cohesive / particle weight [-].

    Parameters
    ----------
    d50_um : array_like
        Median particle diameter [µm].
    density_kg_per_m3 : array_like
        Particle density [kg/m^3].
    temperature_c, relative_humidity_pct : array_like
        Climate of the powder [°C], [%].

    Notes
    -----
    Bo_g ∝ 1/d³ at a fixed asperity contact force: fines are more cohesive [rumpf1970]. Bo_g > 1
    marks a cohesive powder that flows and mixes poorly.
    """
    d_m = np.asarray(d50_um, dtype=float) * 1e-6
    weight_n = np.asarray(density_kg_per_m3, dtype=float) * GRAVITY_M_PER_S2 * np.pi * d_m**3 / 6
    return cohesive_force_n(temperature_c, relative_humidity_pct, params) / weight_n


@dataclass(frozen=True)
class MixingParameters:
    """Coefficients of the blend-homogeneity law.

    Attributes
    ----------
    initial_cv : float
        Composition CV of the unmixed charge [-] (assumption, 0.5–1.5).
    final_cv : float
        Homogeneity limit CV∞ of an ideal long mix [-] (assumption, 0.002–0.02).
    mixing_energy_scale_kj_per_kg : float
        E_mix of a free-flowing powder (Bo_g = 1) [kJ/kg] (assumption, 0.3–3).
    cohesion_exponent : float
        How strongly E_mix grows with Bo_g [-] (assumption, 0.1–0.5).
    specific_heat_j_per_kg_k : float
        Specific heat of the blend [J/(kg·K)] (≈800 for oxide/carbon/PTFE blends).
    heat_retained_fraction : float
        Share of mixing work that stays in the powder as heat [-] (assumption, 0.05–0.5;
        jacketed mixers retain less).
    premature_shear_fraction : float
        Share of mixing work that draws PTFE into fibrils in the mixer [-]
        (assumption, 0.01–0.1; high-shear intensive mixers at the top of the range).
    """

    initial_cv: float = field(default=1.0, metadata={"min": 0.0, "max": 1.5})
    final_cv: float = field(default=0.005, metadata={"min": 0.0, "max": 1.0})
    mixing_energy_scale_kj_per_kg: float = field(default=1.0, metadata={"min": 0.01, "max": 1000.0})
    cohesion_exponent: float = field(default=0.25, metadata={"min": 0.0, "max": 2.0})
    specific_heat_j_per_kg_k: float = field(default=800.0, metadata={"min": 200.0, "max": 3000.0})
    heat_retained_fraction: float = field(default=0.2, metadata={"min": 0.0, "max": 1.0})
    premature_shear_fraction: float = field(default=0.03, metadata={"min": 0.0, "max": 1.0})


def mixing_energy_scale_kj_per_kg(bond_number: ArrayLike,
                                  params: MixingParameters = MixingParameters()) -> FloatArray:
    """Characteristic mixing energy E_mix, rising with cohesion [kJ/kg].

    Notes
    -----
    E_mix = E_mix,0·max(1, Bo_g)^a (assumption; cohesive powders form agglomerates the
    mixer must break).
    """
    bo = np.maximum(np.asarray(bond_number, dtype=float), 1.0)
    return params.mixing_energy_scale_kj_per_kg * bo**params.cohesion_exponent


def blend_homogeneity_cv(specific_energy_kj_per_kg: ArrayLike, bond_number: ArrayLike,
                         params: MixingParameters = MixingParameters()) -> FloatArray:
    """Composition coefficient of variation after mixing [-].

    Parameters
    ----------
    specific_energy_kj_per_kg : array_like
        Mixing work per mass of powder [kJ/kg].
    bond_number : array_like
        Granular Bond number of the active material [-].

    Notes
    -----
    CV(E) = CV∞ + (CV0 − CV∞)·exp(−E/E_mix) (DESIGN.md §6).
    """
    e_mix = mixing_energy_scale_kj_per_kg(bond_number, params)
    energy = np.asarray(specific_energy_kj_per_kg, dtype=float)
    return params.final_cv + (params.initial_cv - params.final_cv) * np.exp(-energy / e_mix)


def mixer_exit_temperature_c(hall_temperature_c: ArrayLike,
                             specific_energy_kj_per_kg: ArrayLike,
                             params: MixingParameters = MixingParameters()) -> FloatArray:
    """Powder temperature at mixer discharge [°C]: T_hall + f·E/c_p."""
    rise = (params.heat_retained_fraction * np.asarray(specific_energy_kj_per_kg, dtype=float)
            * 1000.0 / params.specific_heat_j_per_kg_k)
    return np.asarray(hall_temperature_c, dtype=float) + rise
