"""First-cycle loss of graphite anodes from the lithiation of PTFE.

PTFE is reduced where it meets both Li⁺ and an electron, i.e. where its fibrils touch
graphite: (C₂F₄)ₙ + 4n Li → 2n C + 4n LiF. The lithium this consumes is lost in the first
cycle on top of the graphite's own SEI ([seed] §4, refs [88]–[97]). Mitigations interrupt
the contact or pre-empt the reduction.

References
----------
.. [seed] shared/seed/000_d9b9fc56d134c375.txt (review of dry-process thick electrodes),
   anode section: Wei et al. [19] PEO-coated graphite, graphite/Li half cell ICE
   69.5 % → 90.9 %; Lee et al. [92] PEO / P(VDF-TrFE-CFE) coatings, full cell ICE 67.2 % →
   79.1 % / 77.8 %; Han et al. [93] FEC additive (qualitative); Wei et al. [95] PTFSI
   additive, half cell ICE 66.47 % → 86.48 %; Lee et al. [94] PTFE + PVP binder,
   irreversible capacity 48 → 24 mAh/g, ICE 85.1 % → 92.4 %. PTFE contents of these cells
   are not given in the seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

FARADAY_MAH_PER_MOL = 96485.332 / 3.6
PTFE_REPEAT_UNIT_KG_PER_MOL = 0.10002
"""C₂F₄ [kg/mol]."""
LITHIUM_PER_REPEAT_UNIT = 4.0
"""Li consumed per C₂F₄ when fully defluorinated to C + LiF."""

MITIGATION_REMAINING_REACTION: dict[str, float] = {
    "none": 1.0,
    "peo_coating": 0.07,
    "pvp_cobinder": 0.07,
    "ptfsi_additive": 0.19,
    "fec_additive": 0.5,
}
"""Share of the PTFE reduction left by each mitigation [-]. Derived from the seed's ICE
pairs with a 93 % SEI-only ICE: the PTFE share of the irreversible capacity before and
after (PEO coating, Wei [19]: 0.07; PVP co-binder, Lee [94]: 0.07; PTFSI additive,
Wei [95]: 0.19). FEC (Han [93]) is reported only qualitatively: 0.5 is an assumption
(0.3–0.8)."""


@dataclass(frozen=True)
class FirstCycleParameters:
    """Coefficients of the first-cycle loss of a PTFE-bound graphite anode.

    Attributes
    ----------
    sei_first_cycle_efficiency : float
        ICE of the graphite with an inert binder (SEI formation only) [-] (assumption,
        0.90–0.95).
    fibril_specific_surface_m2_per_g : float
        Surface of PTFE fibrils per mass, 4/(ρ·d) for d ≈ 60–150 nm [m²/g] (geometry;
        12–30).
    graphite_contact_share : float
        Share of the fibril surface that lies on graphite [-] (assumption, 0.3–0.8).
    reaction_contact_scale_m2_per_g : float
        Contact area per gram of PTFE at which 63 % of the PTFE is reduced [m²/g]: the
        reduction starts at graphite contacts and runs along the fibrils ([seed], Lee [99])
        (assumption, 2–20; 5.6 puts a 4 wt% PTFE dry graphite anode near the seed's 85.1 %
        ICE of an unmitigated dry graphite electrode, Lee [94]).
    """

    sei_first_cycle_efficiency: float = 0.93
    fibril_specific_surface_m2_per_g: float = 20.0
    graphite_contact_share: float = 0.5
    reaction_contact_scale_m2_per_g: float = 5.6


def ptfe_full_reduction_capacity_mah_per_g() -> float:
    """Lithium consumed by fully defluorinating PTFE, 4F/M(C₂F₄) [mAh per g PTFE] (≈1072)."""
    return LITHIUM_PER_REPEAT_UNIT * FARADAY_MAH_PER_MOL / (PTFE_REPEAT_UNIT_KG_PER_MOL * 1000.0)


def ptfe_graphite_contact_area_m2_per_g(binder_mass_fraction: ArrayLike, dof: ArrayLike,
                                        params: FirstCycleParameters = FirstCycleParameters()
                                        ) -> FloatArray:
    """PTFE–graphite contact area per gram of coating [m²/g].

    Notes
    -----
    A = w_PTFE·DOF·S_fibril·χ: the fibrillated share of the binder spreads into fibrils
    that lie on the graphite; lumps (unfibrillated PTFE) touch little.
    """
    return (np.asarray(binder_mass_fraction, dtype=float) * np.asarray(dof, dtype=float)
            * params.fibril_specific_surface_m2_per_g * params.graphite_contact_share)


def first_cycle_efficiency(binder_mass_fraction: ArrayLike, dof: ArrayLike,
                           active_mass_fraction: float, reversible_capacity_mah_per_g: float,
                           mitigation: str = "none",
                           params: FirstCycleParameters = FirstCycleParameters()) -> FloatArray:
    """Initial Coulombic efficiency of a PTFE-bound graphite anode [-].

    Parameters
    ----------
    binder_mass_fraction : array_like
        PTFE mass fraction of the coating [-].
    dof : array_like
        Degree of fibrillation [-].
    active_mass_fraction : float
        Graphite mass fraction [-].
    reversible_capacity_mah_per_g : float
        Graphite's reversible capacity [mAh/g of graphite].
    mitigation : str
        One of :data:`MITIGATION_REMAINING_REACTION`.

    Notes
    -----
    Per gram of coating: Q_rev = w_am·q, Q_SEI = Q_rev·(1/ICE_SEI − 1),
    Q_PTFE = r·w_PTFE·q_PTFE·(1 − exp(−a/a_0)), a = A/w_PTFE = DOF·S_fibril·χ the contact
    area per gram of PTFE (:func:`ptfe_graphite_contact_area_m2_per_g`), q_PTFE = 4F/M(C₂F₄)
    = 1072 mAh/g; ICE = Q_rev/(Q_rev + Q_SEI + Q_PTFE). For small contact the loss is
    proportional to the PTFE–graphite contact area A.
    """
    w = np.asarray(binder_mass_fraction, dtype=float)
    q_rev = active_mass_fraction * reversible_capacity_mah_per_g
    q_sei = q_rev * (1.0 / params.sei_first_cycle_efficiency - 1.0)
    per_gram_ptfe = ptfe_graphite_contact_area_m2_per_g(1.0, dof, params)
    reacted = -np.expm1(-per_gram_ptfe / params.reaction_contact_scale_m2_per_g)
    q_ptfe = (MITIGATION_REMAINING_REACTION[mitigation] * w
              * ptfe_full_reduction_capacity_mah_per_g() * reacted)
    return q_rev / (q_rev + q_sei + q_ptfe)


def ptfe_capacity_loss_fraction(efficiency: ArrayLike,
                                params: FirstCycleParameters = FirstCycleParameters()
                                ) -> FloatArray:
    """Usable capacity lost to PTFE lithiation beyond the SEI loss, 1 − ICE/ICE_SEI [-]."""
    return np.maximum(0.0, 1.0 - np.asarray(efficiency, dtype=float)
                      / params.sei_first_cycle_efficiency)
