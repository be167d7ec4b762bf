"""Back ionisation: the most a sprayed powder layer takes per pass before it sparks back.

Charged powder arriving on the earthed foil builds a charged layer. While the layer's
charge cannot leak to the foil, the field across it grows with its areal mass; once it
exceeds the breakdown strength of the air in the pores, micro-discharges start inside the
layer (back ionisation), send ions of the opposite sign into the cloud and crater the
deposit. A corona gun therefore builds a self-limiting thickness per pass; more loading
needs more passes (gun banks in series), or a slower web that lets the layer's charge
relax while it is sprayed.

References
----------
.. [bailey1998] A. G. Bailey, "The science and technology of electrostatic powder
   spraying, transport and coating", J. Electrostatics 45 (1998) 85–120: back ionisation
   sets in when the field in the deposited layer exceeds the breakdown field of the air in
   its interstices, limiting the film build; it depends on the charge-to-mass ratio and on
   the layer's resistivity (charge relaxation).
.. [hughes1984] J. F. Hughes, Electrostatic Powder Coating, Research Studies Press 1984
   (self-limiting film build of corona-sprayed powders, typically 50–150 µm).
.. [pauthenier1932] M. Pauthenier, M. Moreau-Hanot, J. Phys. Radium 3 (1932) 590.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

VACUUM_PERMITTIVITY_F_PER_M = 8.8541878128e-12


@dataclass(frozen=True)
class BackIonisationParameters:
    """Coefficients of the back-ionisation limit of a sprayed layer.

    Attributes
    ----------
    breakdown_field_v_per_m : float
        Field in the layer at which its pores break down, E_bi [V/m] (3e6, the breakdown
        strength of air [bailey1998]; assumption range 1e6–5e6 for µm pores).
    layer_relative_permittivity : float
        ε_r of the loose as-sprayed layer [-] (assumption, 2–5: an oxide powder at
        50–65 % porosity).
    charge_relaxation_time_s : float
        Time constant of the layer's charge leaking to the foil, τ = ε0·ε_r·ρ_e [s]
        (assumption, 0.05–10: carbon black makes cathode layers far leakier than the
        10^13 Ω·m of polymer powder coatings).
    """

    breakdown_field_v_per_m: float = field(default=3.0e6, metadata={"min": 1e5, "max": 3e7})
    layer_relative_permittivity: float = field(default=3.0, metadata={"min": 1.0, "max": 20.0})
    charge_relaxation_time_s: float = field(default=0.2, metadata={"min": 1e-3, "max": 1e4})


DEFAULT_BACK_IONISATION = BackIonisationParameters()


def retained_charge_factor(dwell_s: ArrayLike, relaxation_time_s: float) -> FloatArray:
    """Share of the charge delivered during a pass still on the layer at its end [-].

    Notes
    -----
    Charge arriving at a constant rate over the dwell t_d and leaking with time constant τ:
    g = (1 − e^(−x))/x, x = t_d/τ (1 for a fast pass, τ/t_d for a slow one).
    """
    x = np.maximum(np.asarray(dwell_s, dtype=float) / relaxation_time_s, 1e-12)
    return -np.expm1(-x) / x


def max_areal_mass_per_pass_kg_per_m2(charge_to_mass_c_per_kg: ArrayLike, dwell_s: ArrayLike,
                                      params: BackIonisationParameters = DEFAULT_BACK_IONISATION
                                      ) -> FloatArray:
    """Largest areal mass one pass can lay down without back ionisation [kg/m^2].

    Parameters
    ----------
    charge_to_mass_c_per_kg : array_like
        Charge-to-mass ratio of the arriving powder, q/m [C/kg].
    dwell_s : array_like
        Time a point of the web spends under the spray during the pass [s].

    Notes
    -----
    The field across a layer of volume charge ρ_q and thickness h on an earthed foil peaks
    at the foil: E = ρ_q·h/(ε0·ε_r) ([bailey1998]). With ρ_q·h = g·(q/m)·m_A the limit
    E = E_bi gives h_max = ε0·ε_r·E_bi/(g·ρ_q), i.e.
    m_A,max = ε0·ε_r·E_bi/(g·q/m) — independent of the layer's porosity.
    """
    qm = np.asarray(charge_to_mass_c_per_kg, dtype=float)
    return (VACUUM_PERMITTIVITY_F_PER_M * params.layer_relative_permittivity
            * params.breakdown_field_v_per_m
            / (qm * retained_charge_factor(dwell_s, params.charge_relaxation_time_s)))


def max_thickness_per_pass_m(charge_to_mass_c_per_kg: ArrayLike, dwell_s: ArrayLike,
                             solid_density_kg_per_m3: float, layer_porosity: float,
                             params: BackIonisationParameters = DEFAULT_BACK_IONISATION
                             ) -> FloatArray:
    """Self-limiting thickness of one pass, h_max = m_A,max/(ρ_s·(1 − ε)) [m]."""
    return max_areal_mass_per_pass_kg_per_m2(charge_to_mass_c_per_kg, dwell_s, params) / (
        solid_density_kg_per_m3 * (1.0 - layer_porosity))


def passes_required(target_kg_per_m2: ArrayLike, charge_to_mass_c_per_kg: ArrayLike,
                    dwell_s: ArrayLike,
                    params: BackIonisationParameters = DEFAULT_BACK_IONISATION) -> NDArray[np.int64]:
    """Passes (gun banks in series) that lay down the target loading, n = ⌈m_A/m_A,max⌉ [-]."""
    limit = max_areal_mass_per_pass_kg_per_m2(charge_to_mass_c_per_kg, dwell_s, params)
    return np.ceil(np.asarray(target_kg_per_m2, dtype=float) / limit - 1e-12).astype(np.int64)


def max_speed_m_per_s(target_kg_per_m2: float, passes: int, charge_to_mass_c_per_kg: float,
                      footprint_length_m: float,
                      params: BackIonisationParameters = DEFAULT_BACK_IONISATION) -> float:
    """Fastest web for which ``passes`` passes lay down the target without back ionisation
    [m/s] (inf if no speed is too fast).

    Notes
    -----
    Each pass lays m_A/n during the dwell t_d = L_f/v. Back ionisation is avoided while
    g(L_f/(v·τ)) ≤ c, c = ε0·ε_r·E_bi·n/((q/m)·m_A); g falls from 1 (fast) to 0 (slow),
    so the limit is v = L_f/(τ·x*) with g(x*) = c, found by bisection on log x.
    """
    c = (VACUUM_PERMITTIVITY_F_PER_M * params.layer_relative_permittivity
         * params.breakdown_field_v_per_m * passes / (charge_to_mass_c_per_kg * target_kg_per_m2))
    if c >= 1.0:
        return float("inf")
    lo, hi = -12.0, 12.0  # ln x
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if retained_charge_factor(np.exp(mid), 1.0) > c:
            lo = mid
        else:
            hi = mid
    return float(footprint_length_m / (params.charge_relaxation_time_s * np.exp(0.5 * (lo + hi))))
