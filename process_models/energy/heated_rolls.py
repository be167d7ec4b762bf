"""Heated calender and laminator rolls: heat lost by the roll surface and taken by the web.

The heaters hold the rolls hot whether the web runs or not: they cover convection and
grey-body radiation from the open roll surface all the time, plus the heat the web carries
away from the nip while running, both divided by the heater efficiency.

References
----------
.. [incropera] T. L. Bergman, A. S. Lavine, F. P. Incropera, D. P. DeWitt, "Fundamentals of
   Heat and Mass Transfer", 7th ed., Wiley 2011 (convection and grey-body radiation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from process_models.energy.carriers import (
    J_PER_KWH,
    KELVIN_OFFSET_K,
    FloatArray,
    _check_carrier,
    _efficiency,
    _non_negative,
    require_in_range,
)

STEFAN_BOLTZMANN_W_PER_M2_K4 = 5.670374419e-8
"""Stefan–Boltzmann constant [W/(m^2·K^4)] (CODATA 2018)."""


# --------------------------------------------------------------------------- heated rolls


@dataclass(frozen=True)
class HeatedRollParameters:
    """Heated calender or laminator roll set.

    Attributes
    ----------
    diameter_m : float
        Roll diameter [m] (assumption: 0.4–1.0 for production calenders).
    face_length_m : float
        Roll face length [m] (assumption: web width + 0.2–0.4 m).
    roll_count : int
        Number of heated rolls [-].
    exposed_surface_fraction : float
        Share of the roll surface open to the hall (not under web or nip) [-]
        (assumption, 0.6–0.9).
    emissivity : float
        Surface emissivity [-]: chromed rolls 0.05–0.15, ground steel 0.3–0.6
        (assumption from [incropera] tables).
    convection_coefficient_w_per_m2_k : float
        Mixed convection from a rotating roll in still hall air [W/(m^2·K)]
        (assumption, 5–25; natural convection alone gives 5–10 [incropera]).
    heater_efficiency : float
        Heat delivered to the roll per unit of supplied energy [-] (electric cartridge
        or induction ≈0.95–1; thermal-oil loop 0.7–0.9; assumption).
    web_temperature_approach : float
        Share of the roll-to-web temperature difference the web closes in the nip [-]
        (assumption, 0.3–1: thin foils on a large wrap angle approach 1).
    web_specific_heat_j_per_kg_k : float
        Specific heat of foil plus coating [J/(kg·K)] (Al 900, NMC ≈ 750, graphite 710,
        PTFE 1000; assumption 700–950).
    carrier : str
        Carrier of the heaters.
    """

    diameter_m: float = 0.6
    face_length_m: float = 1.3
    roll_count: int = 2
    exposed_surface_fraction: float = 0.8
    emissivity: float = 0.15
    convection_coefficient_w_per_m2_k: float = 12.0
    heater_efficiency: float = 0.95
    web_temperature_approach: float = 0.7
    web_specific_heat_j_per_kg_k: float = 800.0
    carrier: str = "electricity"

    def __post_init__(self) -> None:
        require_in_range("diameter_m", self.diameter_m, 0.0, low_inclusive=False)
        require_in_range("face_length_m", self.face_length_m, 0.0, low_inclusive=False)
        require_in_range("roll_count", self.roll_count, 0.0)
        require_in_range("exposed_surface_fraction", self.exposed_surface_fraction, 0.0, 1.0)
        require_in_range("emissivity", self.emissivity, 0.0, 1.0)
        _non_negative("convection_coefficient_w_per_m2_k", self.convection_coefficient_w_per_m2_k)
        _efficiency("heater_efficiency", self.heater_efficiency)
        require_in_range("web_temperature_approach", self.web_temperature_approach, 0.0, 1.0)
        require_in_range("web_specific_heat_j_per_kg_k", self.web_specific_heat_j_per_kg_k,
                         0.0, low_inclusive=False)
        _check_carrier(self.carrier)


def roll_surface_heat_loss_w(roll_temperature_c: ArrayLike, hall_temperature_c: ArrayLike,
                             params: HeatedRollParameters) -> FloatArray:
    """Heat lost by the open roll surfaces to the hall [W].

    Parameters
    ----------
    roll_temperature_c : array_like
        Roll surface temperature [°C].
    hall_temperature_c : array_like
        Hall air and wall temperature [°C].
    params : HeatedRollParameters
        Roll geometry and surface.

    Notes
    -----
    Q = n·f_open·π·D·L·[h·(T_s − T_∞) + ε·σ·(T_s⁴ − T_∞⁴)] [incropera]; zero when the roll
    is not above the hall temperature (an unheated roll draws no heater power).
    """
    t_s = np.asarray(roll_temperature_c, dtype=float) + KELVIN_OFFSET_K
    t_inf = np.asarray(hall_temperature_c, dtype=float) + KELVIN_OFFSET_K
    area_m2 = (params.roll_count * params.exposed_surface_fraction
               * np.pi * params.diameter_m * params.face_length_m)
    flux = (params.convection_coefficient_w_per_m2_k * (t_s - t_inf)
            + params.emissivity * STEFAN_BOLTZMANN_W_PER_M2_K4 * (t_s**4 - t_inf**4))
    return area_m2 * np.maximum(flux, 0.0)


def web_mass_flow_kg_per_s(line_speed_m_per_s: ArrayLike, web_width_m: ArrayLike,
                           areal_mass_kg_per_m2: ArrayLike) -> FloatArray:
    """Mass flow of a moving web ṁ = v·w·m_A [kg/s].

    Parameters
    ----------
    line_speed_m_per_s : array_like
        Web speed [m/s].
    web_width_m : array_like
        Web width [m].
    areal_mass_kg_per_m2 : array_like
        Mass per web area (foil plus all coatings) [kg/m^2].
    """
    return (_non_negative("line_speed_m_per_s", line_speed_m_per_s)
            * _non_negative("web_width_m", web_width_m)
            * _non_negative("areal_mass_kg_per_m2", areal_mass_kg_per_m2))


def web_heating_power_w(web_mass_flow: ArrayLike, web_inlet_temperature_c: ArrayLike,
                        roll_temperature_c: ArrayLike, params: HeatedRollParameters) -> FloatArray:
    """Heat carried away by the web warmed in the nip [W].

    Parameters
    ----------
    web_mass_flow : array_like
        Web mass flow through the nip [kg/s].
    web_inlet_temperature_c : array_like
        Web temperature entering the nip [°C] (hall temperature unless preheated).
    roll_temperature_c : array_like
        Roll surface temperature [°C].
    params : HeatedRollParameters
        Supplies the approach fraction and the web specific heat.

    Notes
    -----
    Q = ṁ·c_p·a·max(0, T_roll − T_in), with a the temperature approach.
    """
    rise = np.maximum(np.asarray(roll_temperature_c, dtype=float)
                      - np.asarray(web_inlet_temperature_c, dtype=float), 0.0)
    return (_non_negative("web_mass_flow", web_mass_flow) * params.web_specific_heat_j_per_kg_k
            * params.web_temperature_approach * rise)


def heated_roll_energy_kwh(running_s: ArrayLike, idle_s: ArrayLike,
                           roll_temperature_c: ArrayLike, hall_temperature_c: ArrayLike,
                           web_mass_flow: ArrayLike, params: HeatedRollParameters,
                           web_inlet_temperature_c: ArrayLike | None = None
                           ) -> dict[str, FloatArray]:
    """Heater energy of a heated roll set per interval [kWh].

    Parameters
    ----------
    running_s : array_like
        Time the web ran through the nip [s].
    idle_s : array_like
        Time the rolls were held hot without web (stopped, starved, failed) [s].
    roll_temperature_c : array_like
        Roll surface temperature [°C].
    hall_temperature_c : array_like
        Hall temperature [°C].
    web_mass_flow : array_like
        Web mass flow while running [kg/s] (see :func:`web_mass_flow_kg_per_s`).
    params : HeatedRollParameters
        Roll set.
    web_inlet_temperature_c : array_like, optional
        Web temperature entering the nip [°C]; unset: the hall temperature (a web that has
        stood in the hall). A later pass of a multi-pass calender gets the web still warm
        from the pass before.

    Returns
    -------
    dict[str, ndarray]
        ``{params.carrier: E}`` [kWh].

    Notes
    -----
    E = [Q_loss·(t_run + t_idle) + Q_web·t_run]/η_heater (:func:`web_heating_power_w`).
    """
    t_run = _non_negative("running_s", running_s)
    t_idle = _non_negative("idle_s", idle_s)
    inlet_c = hall_temperature_c if web_inlet_temperature_c is None else web_inlet_temperature_c
    loss_w = roll_surface_heat_loss_w(roll_temperature_c, hall_temperature_c, params)
    web_w = web_heating_power_w(web_mass_flow, inlet_c, roll_temperature_c, params)
    joules = (loss_w * (t_run + t_idle) + web_w * t_run) / params.heater_efficiency
    return {params.carrier: joules / J_PER_KWH}
