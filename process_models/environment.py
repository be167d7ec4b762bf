"""Hall climate: psychrometrics, moisture uptake of powders and the damage it does.

All functions take numpy arrays or scalars and broadcast.

References
----------
.. [alduchov1996] O. A. Alduchov, R. E. Eskridge, "Improved Magnus form approximation of
   saturation vapor pressure", J. Appl. Meteorol. 35 (1996) 601,
   doi:10.1175/1520-0450(1996)035<0601:IMFAOS>2.0.CO;2
.. [gab] E. O. Timmermann, "Multilayer sorption parameters: BET or GAB values?",
   Colloids Surf. A 220 (2003) 235, doi:10.1016/S0927-7757(03)00059-1
.. [mcclellan1967] A. L. McClellan, H. F. Harnsberger, "Cross-sectional areas of molecules
   adsorbed on solid surfaces", J. Colloid Interface Sci. 23 (1967) 577,
   doi:10.1016/0021-9797(67)90204-4 (10.6 Å^2 per adsorbed water molecule)
.. [schuer2022] A. R. Schuer et al., "Diagnosis tools for humidity-born surface
   contaminants on Li[Ni0.8Mn0.1Co0.1]O2 cathode materials", J. Power Sources 525 (2022)
   231111, doi:10.1016/j.jpowsour.2022.231111
.. [yersak2022] T. A. Yersak et al., "Moisture stability of sulfide solid-state electrolytes",
   Front. Energy Res. 10 (2022) 882508, doi:10.3389/fenrg.2022.882508
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from process_models.materials import WATER_MOLAR_MASS_KG_PER_MOL, ActiveMaterial

FloatArray = NDArray[np.float64]

MAGNUS_A_PA = 610.94
MAGNUS_B = 17.625
MAGNUS_C_C = 243.04
MAGNUS_ICE_A_PA = 611.21
MAGNUS_ICE_B = 22.587
MAGNUS_ICE_C_C = 273.86
WATER_GAS_CONSTANT_J_PER_KG_K = 461.5
STANDARD_PRESSURE_PA = 101325.0
FARADAY_MAH_PER_MOL = 96485.332 / 3.6
"""Faraday constant expressed as charge per mole of electrons [mAh/mol]."""


def saturation_vapour_pressure_pa(temperature_c: ArrayLike) -> FloatArray:
    """Saturation vapour pressure of water [Pa]: over liquid water at and above 0 °C,
    over ice below (so dew points of dry rooms are frost points, as hygrometers report).

    Parameters
    ----------
    temperature_c : array_like
        Temperature [°C]; the fits hold from −80 to 50 °C.

    Notes
    -----
    Magnus forms e_s = A·exp(B·T/(C + T)): over water A = 610.94 Pa, B = 17.625,
    C = 243.04 °C; over ice A = 611.21 Pa, B = 22.587, C = 273.86 °C [alduchov1996].

    Examples
    --------
    >>> round(float(saturation_vapour_pressure_pa(20.0)), 0)
    2335.0
    """
    t = np.asarray(temperature_c, dtype=float)
    over_water = MAGNUS_A_PA * np.exp(MAGNUS_B * t / (MAGNUS_C_C + t))
    over_ice = MAGNUS_ICE_A_PA * np.exp(MAGNUS_ICE_B * t / (MAGNUS_ICE_C_C + t))
    return np.where(t >= 0.0, over_water, over_ice)


def vapour_partial_pressure_pa(temperature_c: ArrayLike,
                               relative_humidity_pct: ArrayLike) -> FloatArray:
    """Partial pressure of water vapour p_w = RH·e_s(T) [Pa].

    Parameters
    ----------
    temperature_c : array_like
        Air temperature [°C].
    relative_humidity_pct : array_like
        Relative humidity [%], 0–100.
    """
    return np.asarray(relative_humidity_pct, dtype=float) / 100.0 * saturation_vapour_pressure_pa(
        temperature_c
    )


def absolute_humidity_kg_per_m3(temperature_c: ArrayLike,
                                relative_humidity_pct: ArrayLike) -> FloatArray:
    """Mass of water vapour per volume of air ρ_w = p_w/(R_v·T) [kg/m^3]."""
    t_k = np.asarray(temperature_c, dtype=float) + 273.15
    return vapour_partial_pressure_pa(temperature_c, relative_humidity_pct) / (
        WATER_GAS_CONSTANT_J_PER_KG_K * t_k
    )


def humidity_ratio_kg_per_kg(temperature_c: ArrayLike, relative_humidity_pct: ArrayLike,
                             pressure_pa: ArrayLike = STANDARD_PRESSURE_PA) -> FloatArray:
    """Humidity ratio x = 0.621945·p_w/(p − p_w) [kg water / kg dry air]."""
    p_w = vapour_partial_pressure_pa(temperature_c, relative_humidity_pct)
    return 0.621945 * p_w / (np.asarray(pressure_pa, dtype=float) - p_w)


def dew_point_c(temperature_c: ArrayLike, relative_humidity_pct: ArrayLike) -> FloatArray:
    """Dew point of air, a frost point below 0 °C [°C] (inverse Magnus forms, [alduchov1996]).

    Parameters
    ----------
    temperature_c : array_like
        Air temperature [°C].
    relative_humidity_pct : array_like
        Relative humidity [%], > 0.
    """
    p_w = vapour_partial_pressure_pa(temperature_c, relative_humidity_pct)
    gamma_water = np.log(p_w / MAGNUS_A_PA)
    gamma_ice = np.log(p_w / MAGNUS_ICE_A_PA)
    over_water = MAGNUS_C_C * gamma_water / (MAGNUS_B - gamma_water)
    over_ice = MAGNUS_ICE_C_C * gamma_ice / (MAGNUS_ICE_B - gamma_ice)
    return np.where(p_w >= MAGNUS_ICE_A_PA, over_water, over_ice)


def relative_humidity_from_dew_point_pct(temperature_c: ArrayLike,
                                         dew_point_c: ArrayLike) -> FloatArray:
    """Relative humidity of air at ``temperature_c`` whose dew point is ``dew_point_c`` [%]."""
    return 100.0 * saturation_vapour_pressure_pa(dew_point_c) / saturation_vapour_pressure_pa(
        temperature_c
    )


def specific_surface_m2_per_kg(d50_um: ArrayLike, density_kg_per_m3: ArrayLike,
                               surface_roughness: ArrayLike = 1.0) -> FloatArray:
    """Specific surface of a powder S = f_r·6/(ρ·d) [m^2/kg].

    Parameters
    ----------
    d50_um : array_like
        Median particle diameter [µm].
    density_kg_per_m3 : array_like
        Particle density [kg/m^3].
    surface_roughness : array_like
        BET-to-sphere surface ratio [-] (see :class:`ActiveMaterial`).

    Notes
    -----
    Sphere surface-to-volume ratio 6/d; moisture uptake ∝ S ∝ 1/d (DESIGN.md §5).
    """
    d_m = np.asarray(d50_um, dtype=float) * 1e-6
    return np.asarray(surface_roughness, dtype=float) * 6.0 / (
        np.asarray(density_kg_per_m3, dtype=float) * d_m
    )


@dataclass(frozen=True)
class MoistureUptakeParameters:
    """Coefficients of powder moisture uptake.

    Attributes
    ----------
    water_monolayer_kg_per_m2 : float
        Mass of one monolayer of adsorbed water [kg/m^2]: 2.84e-7 from 10.6 Å^2 per
        molecule [mcclellan1967].
    reactive_layers : float
        Equivalent monolayers a reactive surface takes up before it passivates [-]
        (assumption, range 1–30; Ni-rich oxides keep forming LiOH/Li2CO3 [schuer2022]).
    gab_constant : float
        GAB/BET energy constant c [-] (assumption, range 5–50 for oxides [gab]).
    gab_k : float
        GAB multilayer factor k [-] (assumption, 0.7–1.0 [gab]).
    uptake_coefficient_kg_per_m2_s_pa : float
        Initial uptake flux per surface and water partial pressure, bed-diffusion limited
        [kg/(m^2·s·Pa)] (assumption, range 1e-13–1e-11; sets a ≈4 h time constant at
        1 % RH, 20 °C).
    water_per_lithium : float
        Moles of lithium deactivated per mole of reacted water [-] (assumption, 1–2:
        1 for H+/Li+ exchange, 2 for Li2O + H2O → 2 LiOH).
    """

    water_monolayer_kg_per_m2: float = field(default=2.84e-7, metadata={"min": 1e-7, "max": 1e-6})
    reactive_layers: float = field(default=10.0, metadata={"min": 0.0, "max": 100.0})
    gab_constant: float = field(default=10.0, metadata={"min": 0.0, "max": 200.0})
    gab_k: float = field(default=0.85, metadata={"min": 0.0, "max": 0.99})
    uptake_coefficient_kg_per_m2_s_pa: float = field(default=7.8e-13, metadata={"min": 1e-16, "max": 1e-8})
    water_per_lithium: float = field(default=1.0, metadata={"min": 0.0, "max": 2.0})


def gab_coverage(relative_humidity_pct: ArrayLike, gab_constant: float = 10.0,
                 gab_k: float = 0.85) -> FloatArray:
    """Adsorbed water in monolayers at water activity a_w = RH/100 (GAB isotherm) [-].

    Notes
    -----
    θ = c·k·a_w / ((1 − k·a_w)(1 − k·a_w + c·k·a_w)) [gab].
    """
    a_w = np.clip(np.asarray(relative_humidity_pct, dtype=float) / 100.0, 0.0, 1.0)
    ka = gab_k * a_w
    return gab_constant * ka / ((1.0 - ka) * (1.0 - ka + gab_constant * ka))


def moisture_uptake_kg_per_kg(
    exposure_s: ArrayLike,
    temperature_c: ArrayLike,
    relative_humidity_pct: ArrayLike,
    specific_surface_m2_kg: ArrayLike,
    params: MoistureUptakeParameters = MoistureUptakeParameters(),
) -> FloatArray:
    """Water taken up by a powder after an exposure [kg water / kg powder].

    Parameters
    ----------
    exposure_s : array_like
        Time the powder spent exposed to the hall air (hoppers, feeders) [s].
    temperature_c, relative_humidity_pct : array_like
        Mean climate over the exposure [°C], [%].
    specific_surface_m2_kg : array_like
        Specific surface of the powder [m^2/kg].
    params : MoistureUptakeParameters
        Uptake coefficients.

    Notes
    -----
    First-order approach to equilibrium whose initial rate is ∝ p_w·S (DESIGN.md §6):

        w_eq = S·Γ_m·n·θ_GAB(RH),   τ = Γ_m·n·θ_GAB / (β·p_w),
        w(t) = w_eq·(1 − exp(−t/τ)),   so dw/dt(0) = β·p_w·S.

    Uptake rises with RH (through θ and p_w) and with 1/d (through S).
    """
    p_w = np.maximum(vapour_partial_pressure_pa(temperature_c, relative_humidity_pct), 1e-12)
    capacity_kg_per_m2 = (
        params.water_monolayer_kg_per_m2
        * params.reactive_layers
        * gab_coverage(relative_humidity_pct, params.gab_constant, params.gab_k)
    )
    w_eq = np.asarray(specific_surface_m2_kg, dtype=float) * capacity_kg_per_m2
    tau_s = np.maximum(capacity_kg_per_m2, 1e-30) / (params.uptake_coefficient_kg_per_m2_s_pa * p_w)
    return w_eq * -np.expm1(-np.asarray(exposure_s, dtype=float) / tau_s)


def moisture_capacity_loss_fraction(
    water_uptake_kg_per_kg: ArrayLike,
    material: ActiveMaterial,
    params: MoistureUptakeParameters = MoistureUptakeParameters(),
) -> FloatArray:
    """Fraction of practical capacity lost to lithium consumed by absorbed water [-].

    Parameters
    ----------
    water_uptake_kg_per_kg : array_like
        Absorbed water per active-material mass [kg/kg].
    material : ActiveMaterial
        Its ``reactive_water_fraction`` says how much water reacts.
    params : MoistureUptakeParameters
        ``water_per_lithium`` stoichiometry.

    Notes
    -----
    ΔQ/Q = ν·f_r·(w/M_H2O)·F / Q_practical: each reacted mole of water removes ν moles
    of cyclable lithium (LiOH/Li2CO3 surface species, [schuer2022]).
    """
    mol_water_per_g = np.asarray(water_uptake_kg_per_kg, dtype=float) / (
        WATER_MOLAR_MASS_KG_PER_MOL * 1000.0
    )
    lost_mah_per_g = (
        params.water_per_lithium
        * material.reactive_water_fraction
        * mol_water_per_g
        * FARADAY_MAH_PER_MOL
    )
    return np.clip(lost_mah_per_g / material.specific_capacity_mah_per_g, 0.0, 1.0)


H2S_DOSE_COEFFICIENT_CM3_PER_G_PA_S = 0.1 / (12.84 * 1800.0)
"""H2S released by a sulfide electrolyte per water dose [cm^3/(g·Pa·s)].

Calibrated on one point [yersak2022]: 0.1 cm^3/g after 30 min at a −40 °C dew point
(p_w = 12.84 Pa). Linear dose response is an assumption (valid for low doses)."""

H2S_RISK_THRESHOLD_CM3_PER_G = 0.05
"""H2S release above which a sulfide-electrolyte batch is flagged [cm^3/g] (assumption:
half the dose that cost >50 % ionic conductivity in [yersak2022]; range 0.01–0.1)."""


def sulfide_h2s_release_cm3_per_g(exposure_s: ArrayLike, temperature_c: ArrayLike,
                                  relative_humidity_pct: ArrayLike) -> FloatArray:
    """H2S released by a sulfide solid electrolyte after an exposure [cm^3/g].

    Notes
    -----
    V_H2S = k·p_w·t, k from [yersak2022] (see :data:`H2S_DOSE_COEFFICIENT_CM3_PER_G_PA_S`).
    """
    p_w = vapour_partial_pressure_pa(temperature_c, relative_humidity_pct)
    return H2S_DOSE_COEFFICIENT_CM3_PER_G_PA_S * p_w * np.asarray(exposure_s, dtype=float)


def sulfide_h2s_risk(exposure_s: ArrayLike, temperature_c: ArrayLike,
                     relative_humidity_pct: ArrayLike) -> NDArray[np.bool_]:
    """True where a sulfide electrolyte would release more H2S than the risk threshold."""
    release = sulfide_h2s_release_cm3_per_g(exposure_s, temperature_c, relative_humidity_pct)
    return release > H2S_RISK_THRESHOLD_CM3_PER_G
