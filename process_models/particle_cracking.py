"""Cracking of active-material particles in the calender nip.

Secondary NMC particles (polycrystalline agglomerates of primary grains) fracture along
grain boundaries when the contact stress in the compacted bed exceeds their strength;
above ≈2 wt% PTFE, hard binder agglomerates concentrate the stress and NMC622 particles
crack in calendering ([jmca2025]). Graphite flakes deform plastically and slide instead of
cracking.

References
----------
.. [jmca2025] J. Mater. Chem. A 13 (2025) 18283, doi:10.1039/d5ta01950h: PTFE 0.5–4 wt%
   with NMC622; above 2 wt% agglomerates, blocked porosity and NMC fracture in calendering.
.. [weibull1951] W. Weibull, J. Appl. Mech. 18 (1951) 293 (strength distribution of
   brittle bodies).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class ParticleCrackingParameters:
    """Coefficients of particle fracture in the nip and of its cost in the cell.

    Attributes
    ----------
    threshold_pressure_mpa : dict
        Mean nip pressure below which no particle of that morphology cracks [MPa]
        (assumption: spherical secondary NMC 40 (25–60), irregular 50, fine primary 80,
        platelet graphite 150 (plastic, practically never)).
    pressure_scale_mpa : float
        Weibull scale of the excess pressure [MPa] (assumption, 10–50).
    weibull_modulus : float
        Scatter of particle strength [-] (assumption, 2–5 for secondary particles).
    agglomerate_stress_gain_per_wt_pct : float
        Rise of the local contact stress per wt% of agglomerated PTFE [-] (assumption,
        0.1–0.5: hard PTFE lumps act as stress concentrators [jmca2025]).
    isolated_capacity_fraction : float
        Capacity of a cracked particle lost to fragments without electronic contact and
        to fresh surface consumed by CEI [-] (assumption, 0.05–0.3).
    """

    threshold_pressure_mpa: tuple[tuple[str, float], ...] = (
        ("spherical_secondary", 40.0), ("irregular", 50.0), ("fine_primary", 80.0),
        ("platelet", 150.0))
    pressure_scale_mpa: float = 25.0
    weibull_modulus: float = 2.0
    agglomerate_stress_gain_per_wt_pct: float = 0.3
    isolated_capacity_fraction: float = 0.15

    def threshold_for(self, morphology: str) -> float:
        """Threshold pressure of a particle morphology [MPa]."""
        return dict(self.threshold_pressure_mpa)[morphology]


def effective_contact_pressure_mpa(mean_nip_pressure_mpa: ArrayLike,
                                   agglomerated_binder_fraction: ArrayLike,
                                   params: ParticleCrackingParameters = ParticleCrackingParameters()
                                   ) -> FloatArray:
    """Nip pressure as the particles feel it, raised by PTFE agglomerates [MPa].

    Notes
    -----
    p_eff = p·(1 + g·w_agg/0.01), w_agg the binder mass fraction above the fibrillation
    threshold (:func:`process_models.fibrillation.agglomerated_binder_fraction`).
    """
    return np.asarray(mean_nip_pressure_mpa, dtype=float) * (
        1.0 + params.agglomerate_stress_gain_per_wt_pct
        * np.asarray(agglomerated_binder_fraction, dtype=float) / 0.01)


def cracked_particle_fraction(effective_pressure_mpa: ArrayLike, morphology: str,
                              params: ParticleCrackingParameters = ParticleCrackingParameters()
                              ) -> FloatArray:
    """Mass fraction of active particles cracked in the nip [-], 0–1.

    Notes
    -----
    F = 1 − exp(−((p_eff − p_th)/p_0)^m) for p_eff > p_th, else 0 (Weibull with a
    threshold, [weibull1951]).
    """
    excess = np.maximum(0.0, np.asarray(effective_pressure_mpa, dtype=float)
                        - params.threshold_for(morphology))
    return -np.expm1(-(excess / params.pressure_scale_mpa) ** params.weibull_modulus)


def cracking_capacity_loss_fraction(cracked_fraction: ArrayLike,
                                    params: ParticleCrackingParameters = ParticleCrackingParameters()
                                    ) -> FloatArray:
    """Capacity lost to cracked particles, ΔQ/Q = f_iso·F [-]."""
    return params.isolated_capacity_fraction * np.asarray(cracked_fraction, dtype=float)
