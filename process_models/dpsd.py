"""Dry powder spray deposition (DPSD): particle charging, transfer efficiency, uniformity.

A corona gun charges the powder to its field-limited (Pauthenier) charge; the charged
particles drift across the gap to the grounded foil against the carrier air's drag. What
misses the foil is overspray, most of it recovered to the feeder.

References
----------
.. [pauthenier1932] M. Pauthenier, M. Moreau-Hanot, J. Phys. Radium 3 (1932) 590
   (saturation charge Q = 4πR²·ε0·p·E, p = 3ε_r/(ε_r + 2)).
.. [hinds1999] W. C. Hinds, Aerosol Technology, 2nd ed., Wiley 1999 (Stokes drag,
   electrical mobility, Deutsch collection efficiency).
.. [fu2013] H. Fu, Y. Zhang, J. Zhu, "Effect of humidity on the transfer efficiency of
   fine powder coatings", Adv. Powder Technol. 24 (2013) 1054: humidifying fine powders
   raised first-pass transfer efficiency by up to 17 %.
.. [pf2014] Products Finishing (2014): corona guns work best at 40–60 % RH.
.. [ludwig2016] B. Ludwig et al., Sci. Rep. 6 (2016) 23150, doi:10.1038/srep23150
   (dry-painted electrodes; binder activation on hot rolls; 148.8 kPa adhesion).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

VACUUM_PERMITTIVITY_F_PER_M = 8.8541878128e-12
AIR_VISCOSITY_PA_S = 1.81e-5


@dataclass(frozen=True)
class SprayParameters:
    """Coefficients of electrostatic powder deposition.

    Attributes
    ----------
    relative_permittivity : float
        Relative permittivity of the powder ε_r [-] (oxide cathodes ≈10–20; assumption 15).
    field_utilisation : float
        Ratio of the charging field in the corona zone to the mean gap field V/d [-]
        (assumption, 0.5–3).
    max_transfer_efficiency : float
        First-pass transfer efficiency of large, well-charged powder [-] (assumption,
        0.6–0.9 for corona guns).
    reference_drift_velocity_m_per_s : float
        Drift velocity at which 63 % of the achievable deposition is reached [m/s]
        (assumption, 0.05–0.5; set by the carrier-air velocity across the gap).
    optimum_relative_humidity_pct : float
        RH of best charging and charge retention [%] (50, the middle of 40–60 % [pf2014]).
    humidity_penalty : float
        Loss of transfer efficiency at 0 or 100 % RH relative to the optimum [-]
        (0.15: [fu2013] measured up to 17 % gain on humidifying, 1/0.85 = 1.18).
    spray_pattern_cv : float
        Loading CV from the overlapping gun patterns across and along the web [-]
        (assumption, 0.01–0.04).
    """

    relative_permittivity: float = field(default=15.0, metadata={"min": 1.0, "max": 1000.0})
    field_utilisation: float = field(default=1.0, metadata={"min": 0.01, "max": 10.0})
    max_transfer_efficiency: float = field(default=0.8, metadata={"min": 0.01, "max": 1.0})
    reference_drift_velocity_m_per_s: float = field(default=0.2, metadata={"min": 0.001, "max": 100.0})
    optimum_relative_humidity_pct: float = field(default=50.0, metadata={"min": 1.0, "max": 100.0})
    humidity_penalty: float = field(default=0.15, metadata={"min": 0.0, "max": 0.9})
    spray_pattern_cv: float = field(default=0.02, metadata={"min": 0.0, "max": 0.2})


def permittivity_factor(relative_permittivity: ArrayLike) -> FloatArray:
    """Pauthenier factor p = 3ε_r/(ε_r + 2) [-] (1 for insulators' limit, 3 for metals)."""
    eps = np.asarray(relative_permittivity, dtype=float)
    return 3.0 * eps / (eps + 2.0)


def gap_field_v_per_m(voltage_kv: ArrayLike, gun_distance_m: ArrayLike) -> FloatArray:
    """Mean field between gun and grounded foil E = V/d [V/m]."""
    return np.asarray(voltage_kv, dtype=float) * 1e3 / np.asarray(gun_distance_m, dtype=float)


def saturation_charge_to_mass_c_per_kg(d_um: ArrayLike, density_kg_per_m3: ArrayLike,
                                       field_v_per_m: ArrayLike,
                                       relative_permittivity: float = 15.0) -> FloatArray:
    """Field-charging (Pauthenier) saturation charge per mass [C/kg].

    Parameters
    ----------
    d_um : array_like
        Particle diameter [µm].
    density_kg_per_m3 : array_like
        Particle density [kg/m^3].
    field_v_per_m : array_like
        Charging field [V/m].
    relative_permittivity : float
        Powder permittivity [-].

    Notes
    -----
    Q = 4πR²·ε0·p·E and m = (4/3)πR³ρ give q/m = 3·p·ε0·E/(ρ·R) ∝ 1/R [pauthenier1932].
    """
    radius_m = np.asarray(d_um, dtype=float) * 0.5e-6
    p = permittivity_factor(relative_permittivity)
    return 3.0 * p * VACUUM_PERMITTIVITY_F_PER_M * np.asarray(field_v_per_m, dtype=float) / (
        np.asarray(density_kg_per_m3, dtype=float) * radius_m)


def drift_velocity_m_per_s(d_um: ArrayLike, field_v_per_m: ArrayLike,
                           params: SprayParameters = SprayParameters()) -> FloatArray:
    """Electrostatic drift velocity of a saturated particle in the gap [m/s].

    Notes
    -----
    w = Q·E/(3π·μ·d) with Q = π·d²·ε0·p·E_c (Stokes drag, [hinds1999]): w ∝ d·E², so fine
    particles drift slowly and follow the carrier air past the foil.
    """
    d_m = np.asarray(d_um, dtype=float) * 1e-6
    field = np.asarray(field_v_per_m, dtype=float)
    charge_c = (np.pi * d_m**2 * VACUUM_PERMITTIVITY_F_PER_M
                * permittivity_factor(params.relative_permittivity) * params.field_utilisation * field)
    return charge_c * field / (3.0 * np.pi * AIR_VISCOSITY_PA_S * d_m)


def humidity_charging_factor(relative_humidity_pct: ArrayLike,
                             params: SprayParameters = SprayParameters()) -> FloatArray:
    """Relative transfer efficiency from charging and charge retention vs RH [-], ≤ 1.

    Notes
    -----
    Parabolic band around the optimum (assumption on the shape): too dry air lets charge
    build up and back-ionise, too humid air bleeds it off and agglomerates fines
    ([pf2014], [fu2013]): f = 1 − k·((RH − RH_opt)/RH_opt)², k = 0.15.
    """
    rh = np.clip(np.asarray(relative_humidity_pct, dtype=float), 0.0, 100.0)
    x = (rh - params.optimum_relative_humidity_pct) / params.optimum_relative_humidity_pct
    return 1.0 - params.humidity_penalty * np.minimum(x * x, 1.0)


def transfer_efficiency(d50_um: ArrayLike, voltage_kv: ArrayLike, gun_distance_m: ArrayLike,
                        relative_humidity_pct: ArrayLike,
                        params: SprayParameters = SprayParameters()) -> FloatArray:
    """First-pass transfer efficiency: deposited / sprayed powder mass [-].

    Parameters
    ----------
    d50_um : array_like
        Median particle size of the sprayed blend [µm].
    voltage_kv : array_like
        Gun voltage [kV].
    gun_distance_m : array_like
        Gun-to-foil distance [m].
    relative_humidity_pct : array_like
        RH in the spray booth [%].

    Notes
    -----
    Deutsch form η = η_max·f(RH)·(1 − exp(−w/w_ref)) [hinds1999]: η falls for fine powder
    (w ∝ d) and rises with voltage (w ∝ E²).
    """
    field = gap_field_v_per_m(voltage_kv, gun_distance_m)
    drift = drift_velocity_m_per_s(d50_um, field, params)
    capture = -np.expm1(-drift / params.reference_drift_velocity_m_per_s)
    return params.max_transfer_efficiency * humidity_charging_factor(relative_humidity_pct, params) * capture


def powder_lost_per_deposited(transfer_eff: ArrayLike, recovery_fraction: ArrayLike) -> FloatArray:
    """Powder lost for good per kg deposited, (1 − η)(1 − r)/η [kg/kg].

    Recovered overspray returns to the feeder; the rest is filter waste.
    """
    eta = np.asarray(transfer_eff, dtype=float)
    return (1.0 - eta) * (1.0 - np.asarray(recovery_fraction, dtype=float)) / eta


def sprayed_per_deposited(transfer_eff: ArrayLike) -> FloatArray:
    """Powder the guns spray per kg that lands on the foil, 1/η [kg/kg]."""
    return 1.0 / np.asarray(transfer_eff, dtype=float)
