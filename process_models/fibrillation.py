"""PTFE fibrillation: degree of fibrillation and the strength of the free-standing film.

References
----------
.. [netzsch] Netzsch, PTFE thermal analysis: crystal transitions (DSC peaks 23 °C, 32 °C).
.. [luo2021] Luo et al., RSC Adv. 2021: irreversible deformation from Hencky strain ≈0.6,
   stable fibril network above ≈0.9.
.. [unist] UNIST, graphite/PTFE dough: degree of fibrillation saturates at ≈12 min of
   kneading; fibrils break when over-kneaded (ScholarWorks 201301/91538).
.. [jmca2025] J. Mater. Chem. A 13 (2025) 18283, doi:10.1039/d5ta01950h: PTFE 0.5–4 wt%
   with NMC622; below 2 wt% fine fibrils, above 2 wt% agglomerates; stiffness and
   yield strength rise non-linearly with binder content.
.. [horst2024] Horst, …, Kwade, Powder Technol. 2024, doi:10.1016/j.powtec.2024.120451:
   platelet graphite slows fibrillation, fines (LFP) prolong it, dense spherical NCM
   speeds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from process_models.materials import Binder

FloatArray = NDArray[np.float64]

MORPHOLOGY_ENERGY_FACTOR: dict[str, float] = {
    "spherical_secondary": 0.8,
    "irregular": 1.0,
    "fine_primary": 1.3,
    "platelet": 1.5,
}
"""Multiplier on the fibrillation energy scale by particle shape [-] (directions from
[horst2024]; magnitudes are assumptions, range ±50 %)."""


@dataclass(frozen=True)
class FibrillationParameters:
    """Coefficients of the degree-of-fibrillation law and the film strength.

    Attributes
    ----------
    energy_scale_kj_per_kg : float
        E0 for spherical 10 µm particles at full temperature factor [kJ/kg] (assumption,
        4–12; with the platelet factor 1.5, 17 µm graphite and a kneader at 33.3 W/kg it puts 95 % of
        saturation at 12 min [unist]).
    reference_d50_um : float
        Particle size at which E0 applies [µm].
    fines_exponent : float
        E0 ∝ (d_ref/d50)^α: fines prolong fibrillation (assumption, 0.2–0.6, [horst2024]).
    max_dof : float
        Saturation degree of fibrillation [-] (assumption, 0.8–1).
    overwork_breakage_per_kj_per_kg : float
        DOF lost per kJ/kg beyond the optimum: fibrils break when over-kneaded
        (assumption, 0.005–0.03, [unist]).
    cold_factor : float
        Residual fibrillation rate below the 19 °C transition [-] (assumption, 0.05–0.3).
    threshold_binder_fraction : float
        Binder mass fraction above which PTFE agglomerates instead of forming fine
        fibrils [-] (0.02 [jmca2025]).
    excess_binder_fibril_yield : float
        Share of the binder above the threshold that still forms fibrils [-]
        (assumption, 0.1–0.5).
    reference_strength_mpa : float
        Film tensile strength at 2 wt% fibrillating binder and DOF 0.8 [MPa]
        (assumption, 0.3–2 for BF cathode films).
    binder_strength_exponent : float
        Non-linear rise of strength with fibrillating binder [-] (assumption 1.2–2,
        [jmca2025]).
    dof_strength_exponent : float
        Rise of strength with DOF [-] (assumption, 1–3).
    reference_elongation : float
        Elongation at break at the reference state [-] (assumption, 0.01–0.05).
    """

    energy_scale_kj_per_kg: float = field(default=6.6, metadata={"min": 0.1, "max": 500.0})
    reference_d50_um: float = field(default=10.0, metadata={"min": 0.01, "max": 1000.0})
    fines_exponent: float = field(default=0.4, metadata={"min": 0.0, "max": 3.0})
    max_dof: float = field(default=0.95, metadata={"min": 0.0, "max": 1.0, "exclusive_min": True})
    overwork_breakage_per_kj_per_kg: float = field(default=0.02, metadata={"min": 0.0, "max": 1.0})
    cold_factor: float = field(default=0.2, metadata={"min": 0.0, "max": 1.0})
    threshold_binder_fraction: float = field(default=0.02, metadata={"min": 0.001, "max": 0.5})
    excess_binder_fibril_yield: float = field(default=0.3, metadata={"min": 0.0, "max": 1.0})
    reference_strength_mpa: float = field(default=1.0, metadata={"min": 0.001, "max": 100.0})
    binder_strength_exponent: float = field(default=1.5, metadata={"min": 0.0, "max": 5.0})
    dof_strength_exponent: float = field(default=2.0, metadata={"min": 0.0, "max": 5.0})
    reference_elongation: float = field(default=0.03, metadata={"min": 0.0, "max": 1.0})


def temperature_factor(temperature_c: ArrayLike, binder: Binder,
                       params: FibrillationParameters = FibrillationParameters()) -> FloatArray:
    """Relative fibrillation rate of PTFE at a process temperature [-], 0–1.

    Parameters
    ----------
    temperature_c : array_like
        Temperature of the powder in the shear zone [°C].
    binder : Binder
        Its ``phase_transition_low_c`` (19 °C) and ``phase_transition_high_c`` (30 °C).

    Notes
    -----
    Below 19 °C PTFE is in its triclinic phase II and barely fibrillates; between the
    transitions the rate climbs; above 30 °C (phase I) it is fully available
    ([netzsch], DESIGN.md §5). A smoothstep s(x) = 3x² − 2x³ joins
    f = f_cold below 19 °C to f = 1 above 30 °C. Non-fibrillating binders return 0.
    """
    if not binder.fibrillating:
        return np.zeros_like(np.asarray(temperature_c, dtype=float))
    span = binder.phase_transition_high_c - binder.phase_transition_low_c
    x = np.clip((np.asarray(temperature_c, dtype=float) - binder.phase_transition_low_c) / span,
                0.0, 1.0)
    smooth = x * x * (3.0 - 2.0 * x)
    return params.cold_factor + (1.0 - params.cold_factor) * smooth


def fibrillation_energy_scale_kj_per_kg(
    d50_um: ArrayLike, morphology: str,
    params: FibrillationParameters = FibrillationParameters(),
) -> FloatArray:
    """Energy scale E0 of fibrillation for a powder [kJ/kg].

    Notes
    -----
    E0 = E0_ref·(d_ref/d50)^α·f_morph: fines and platelets take longer ([horst2024]).
    """
    size = (params.reference_d50_um / np.asarray(d50_um, dtype=float)) ** params.fines_exponent
    return params.energy_scale_kj_per_kg * size * MORPHOLOGY_ENERGY_FACTOR[morphology]


def fibrillating_binder_fraction(binder_mass_fraction: ArrayLike,
                                 params: FibrillationParameters = FibrillationParameters()
                                 ) -> FloatArray:
    """Binder mass fraction that forms fine fibrils [-].

    Notes
    -----
    w_fib = min(w, w*) + η·max(0, w − w*), w* ≈ 0.02 ([jmca2025]).
    """
    w = np.asarray(binder_mass_fraction, dtype=float)
    excess = np.maximum(0.0, w - params.threshold_binder_fraction)
    return np.minimum(w, params.threshold_binder_fraction) + params.excess_binder_fibril_yield * excess


def agglomerated_binder_fraction(binder_mass_fraction: ArrayLike,
                                 params: FibrillationParameters = FibrillationParameters()
                                 ) -> FloatArray:
    """Binder mass fraction lost to agglomerates that block pores [-]."""
    w = np.asarray(binder_mass_fraction, dtype=float)
    return w - fibrillating_binder_fraction(w, params)


AGGLOMERATE_TORTUOSITY_GAIN_PER_WT_PCT = 0.1
"""Rise of tortuosity per wt% of PTFE agglomerated above the 2 wt% threshold [-]
(assumption, 0–0.3: agglomerates block pores [jmca2025])."""


def agglomerate_tortuosity_factor(binder_mass_fraction: ArrayLike,
                                  params: FibrillationParameters = FibrillationParameters()
                                  ) -> FloatArray:
    """Multiplier on the electrode's tortuosity from pore-blocking PTFE agglomerates [-].

    Notes
    -----
    f = 1 + g·(w_agg/0.01), w_agg from :func:`agglomerated_binder_fraction`; 1 at or below
    the 2 wt% threshold.
    """
    agglomerated = agglomerated_binder_fraction(binder_mass_fraction, params)
    return 1.0 + AGGLOMERATE_TORTUOSITY_GAIN_PER_WT_PCT * agglomerated / 0.01


PORE_BLOCKING_RATIO = 3.0
"""Pore volume cut off from the electrolyte per volume of PTFE agglomerate [-]
(assumption, 1–5: a lump plugs the throats of the pores around it, leaving dead ends;
"blocked porosity" above 2 wt% [jmca2025])."""


def blocked_pore_tortuosity_factor(binder_mass_fraction: ArrayLike, porosity: ArrayLike,
                                   solid_density_kg_per_m3: float, binder_density_kg_per_m3: float,
                                   bruggeman_exponent: float = 1.5,
                                   params: FibrillationParameters = FibrillationParameters()
                                   ) -> FloatArray:
    """Multiplier on tortuosity from pores that PTFE agglomerates close off [-].

    Notes
    -----
    Agglomerate volume fraction φ = w_agg·ρ_s/ρ_PTFE·(1 − ε); the electrolyte reaches only
    ε_acc = ε − b·φ (b = :data:`PORE_BLOCKING_RATIO`). With Bruggeman transport
    D_eff ∝ ε^α/f the same effective diffusivity through the full porosity needs
    f' = f·(ε/ε_acc)^α; 1 at or below the 2 wt% threshold.
    """
    eps = np.asarray(porosity, dtype=float)
    phi = (agglomerated_binder_fraction(binder_mass_fraction, params) * solid_density_kg_per_m3
           / binder_density_kg_per_m3 * (1.0 - eps))
    accessible = np.maximum(eps - PORE_BLOCKING_RATIO * phi, 0.05 * eps)
    return (eps / accessible) ** bruggeman_exponent


def degree_of_fibrillation(
    specific_energy_kj_per_kg: ArrayLike,
    temperature_c: ArrayLike,
    d50_um: ArrayLike,
    morphology: str,
    binder: Binder,
    params: FibrillationParameters = FibrillationParameters(),
) -> FloatArray:
    """Degree of fibrillation (DOF) after a specific shear energy [-], 0–1.

    Parameters
    ----------
    specific_energy_kj_per_kg : array_like
        Shear work per mass of powder in the fibrillation unit [kJ/kg].
    temperature_c : array_like
        Powder temperature in the shear zone [°C].
    d50_um : array_like
        Median active-material particle size [µm].
    morphology : str
        Active-material particle shape (see :data:`MORPHOLOGY_ENERGY_FACTOR`).
    binder : Binder
        Binder property set; non-fibrillating binders give 0.

    Notes
    -----
    DOF = DOF_max·(1 − exp(−k(T)·E/E0)) − k_b·max(0, E − E_opt), E_opt = 3·E0/k(T)
    (95 % of saturation; DESIGN.md §6). Beyond E_opt fibrils break ([unist]).
    """
    energy = np.asarray(specific_energy_kj_per_kg, dtype=float)
    k_t = np.maximum(temperature_factor(temperature_c, binder, params), 1e-9)
    e0 = fibrillation_energy_scale_kj_per_kg(d50_um, morphology, params)
    growth = params.max_dof * -np.expm1(-k_t * energy / e0)
    e_opt = 3.0 * e0 / k_t
    breakage = params.overwork_breakage_per_kj_per_kg * np.maximum(0.0, energy - e_opt)
    dof = np.clip(growth - breakage, 0.0, 1.0)
    return dof if binder.fibrillating else np.zeros_like(dof)


def premature_fibrillation(
    mixing_energy_kj_per_kg: ArrayLike,
    mixer_temperature_c: ArrayLike,
    shear_fraction: float,
    d50_um: ArrayLike,
    morphology: str,
    binder: Binder,
    params: FibrillationParameters = FibrillationParameters(),
) -> FloatArray:
    """DOF reached already in the mixer, where fibrils tangle into lumps [-].

    Notes
    -----
    The same law as :func:`degree_of_fibrillation` on the share of mixing work that
    shears PTFE (``shear_fraction``, an assumption, see ``MixingParameters``). A warm
    high-shear mixer (> 19 °C) fibrillates prematurely (DESIGN.md §5).
    """
    energy = shear_fraction * np.asarray(mixing_energy_kj_per_kg, dtype=float)
    return degree_of_fibrillation(energy, mixer_temperature_c, d50_um, morphology, binder, params)


def film_tensile_strength_mpa(
    dof: ArrayLike, binder_mass_fraction: ArrayLike, premature_dof: ArrayLike = 0.0,
    params: FibrillationParameters = FibrillationParameters(),
) -> FloatArray:
    """Tensile strength of the free-standing dry film [MPa].

    Parameters
    ----------
    dof : array_like
        Degree of fibrillation after the fibrillation unit [-].
    binder_mass_fraction : array_like
        PTFE mass fraction [-].
    premature_dof : array_like
        DOF reached in the mixer [-]; those fibrils are lumped and carry no load.

    Notes
    -----
    σ = σ_ref·(w_fib/0.02)^n·(DOF_eff/0.8)^m with DOF_eff = max(0, DOF − DOF_mixer):
    strength rises non-linearly with fibrillating binder ([jmca2025]) and with the
    connected fibril network.
    """
    w_fib = fibrillating_binder_fraction(binder_mass_fraction, params)
    dof_eff = np.maximum(0.0, np.asarray(dof, dtype=float) - np.asarray(premature_dof, dtype=float))
    return (params.reference_strength_mpa
            * (w_fib / params.threshold_binder_fraction) ** params.binder_strength_exponent
            * (dof_eff / 0.8) ** params.dof_strength_exponent)


def film_elongation_at_break(dof: ArrayLike, binder_mass_fraction: ArrayLike,
                             params: FibrillationParameters = FibrillationParameters()
                             ) -> FloatArray:
    """Elongation at break of the free-standing film [-].

    Notes
    -----
    ε_b = ε_ref·(w_fib/0.02)·(DOF/0.8): longer fibril networks stretch further
    (assumption, linear in both).
    """
    w_fib = fibrillating_binder_fraction(binder_mass_fraction, params)
    return (params.reference_elongation * (w_fib / params.threshold_binder_fraction)
            * np.asarray(dof, dtype=float) / 0.8)


def kneading_energy_kj_per_kg(kneading_time_s: ArrayLike,
                              specific_power_w_per_kg: ArrayLike) -> FloatArray:
    """Specific shear energy delivered by a batch kneader E = P·t [kJ/kg]."""
    return np.asarray(kneading_time_s, dtype=float) * np.asarray(
        specific_power_w_per_kg, dtype=float) / 1000.0


def controlled_shear_zone_temperature_c(
    uncontrolled_temperature_c: ArrayLike, setpoint_c: float, capacity_kw: float,
    mass_rate_kg_per_s: ArrayLike, specific_heat_j_per_kg_k: float,
) -> FloatArray:
    """Shear-zone temperature of a fibrillator with a temperature-controlled jacket [°C].

    Parameters
    ----------
    uncontrolled_temperature_c : array_like
        Temperature the powder would reach without control: entry (hall) temperature plus
        the retained shear heat [°C].
    setpoint_c : float
        Jacket set point [°C].
    capacity_kw : float
        Largest heat the jacket can add or remove [kW].
    mass_rate_kg_per_s : array_like
        Powder throughput [kg/s].
    specific_heat_j_per_kg_k : float
        Powder specific heat [J/(kg·K)].

    Notes
    -----
    Steady energy balance of the powder stream: the jacket must supply
    Q = ṁ·c_p·(T_set − T_unc) (negative: remove the shear heat). Within its capacity the
    set point holds; beyond it T = T_unc + sign(Q)·Q_cap/(ṁ·c_p), so the shear zone drifts
    with the hall only when |Q| > Q_cap.
    """
    t_unc = np.asarray(uncontrolled_temperature_c, dtype=float)
    flow_heat = np.maximum(np.asarray(mass_rate_kg_per_s, dtype=float), 1e-12) * specific_heat_j_per_kg_k
    needed_w = flow_heat * (setpoint_c - t_unc)
    delivered_w = np.clip(needed_w, -capacity_kw * 1000.0, capacity_kw * 1000.0)
    return t_unc + delivered_w / flow_heat


def degree_of_fibrillation_two_stages(
    fibrillator_energy_kj_per_kg: ArrayLike, fibrillator_temperature_c: ArrayLike,
    gap_energy_kj_per_kg: ArrayLike, gap_temperature_c: ArrayLike, d50_um: ArrayLike,
    morphology: str, binder: Binder, params: FibrillationParameters = FibrillationParameters(),
) -> FloatArray:
    """DOF after the fibrillator and then the shear of a differential-speed calender gap [-].

    Notes
    -----
    Each stage's work counts with its own temperature factor, X = k(T_1)·E_1 + k(T_2)·E_2,
    DOF = DOF_max·(1 − exp(−X/E0)) − k_b·max(0, E_1 + E_2 − E_opt), where E_opt is the raw
    work at which X reaches 3·E0 (the first stage's work first). With E_2 = 0 this is
    :func:`degree_of_fibrillation`.
    """
    e1 = np.asarray(fibrillator_energy_kj_per_kg, dtype=float)
    e2 = np.asarray(gap_energy_kj_per_kg, dtype=float)
    k1 = np.maximum(temperature_factor(fibrillator_temperature_c, binder, params), 1e-9)
    k2 = np.maximum(temperature_factor(gap_temperature_c, binder, params), 1e-9)
    e0 = fibrillation_energy_scale_kj_per_kg(d50_um, morphology, params)
    x = k1 * e1 + k2 * e2
    growth = params.max_dof * -np.expm1(-x / e0)
    e_opt = np.where(k1 * e1 >= 3.0 * e0, 3.0 * e0 / k1, e1 + (3.0 * e0 - k1 * e1) / k2)
    breakage = params.overwork_breakage_per_kj_per_kg * np.maximum(0.0, e1 + e2 - e_opt)
    dof = np.clip(growth - breakage, 0.0, 1.0)
    return dof if binder.fibrillating else np.zeros_like(dof)
