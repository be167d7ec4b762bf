"""Dry-room energy: dehumidification, regeneration heat, conditioning and fans.

A dry room holds a dew-point target with a desiccant-wheel air-handling unit. Fresh
(make-up) air for pressurisation is pre-cooled on a chilled-water coil, which condenses part
of its moisture; the desiccant wheel removes the rest plus the moisture released inside the
room; the wheel is regenerated with hot air; the process air leaves the wheel warmed by the
heat of adsorption and is heated or cooled to the room temperature; fans move the
recirculated air through filters, coils and wheel. Loads are computed per interval from the
outdoor temperature and humidity (a measured hourly series or a named climate) and then
allocated to a line by its floor-area or time share.

References
----------
.. [ashrae2017] ASHRAE Handbook — Fundamentals (2017), ch. 1 "Psychrometrics": moist-air
   enthalpy h = 1.006·t + W·(2501 + 1.86·t) [kJ/kg dry air].
.. [bryair] Bry-Air, "Moisture control in lithium battery dry rooms": ≤ −35 °C dew point
   (0.14 g/kg), 20–50 air changes per hour with minimum fresh air for pressurisation.
.. [munters] Munters, desiccant-rotor dry rooms for battery production: heated reactivation
   air, purge sector for low dew points (vendor literature).
.. [climate] Monthly means rounded from climate normals: Frankfurt/Main (DWD 1991–2020),
   Skellefteå (SMHI 1991–2020), Shanghai (CMA 1981–2010), Phoenix (NOAA 1991–2020).
   Representative values only (±1.5 K, ±8 %RH); use site data for design.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from process_models.energy import J_PER_KWH, KELVIN_OFFSET_K, fan_power_w, require_in_range
from process_models.environment import (
    humidity_ratio_kg_per_kg,
    saturation_vapour_pressure_pa,
)

FloatArray = NDArray[np.float64]

DRY_AIR_GAS_CONSTANT_J_PER_KG_K = 287.05
"""Specific gas constant of dry air [J/(kg·K)]."""
AIR_SPECIFIC_HEAT_KJ_PER_KG_K = 1.006
"""Specific heat of dry air [kJ/(kg·K)] [ashrae2017]."""
VAPOUR_SPECIFIC_HEAT_KJ_PER_KG_K = 1.86
"""Specific heat of water vapour [kJ/(kg·K)] [ashrae2017]."""
WATER_LATENT_HEAT_0C_KJ_PER_KG = 2501.0
"""Latent heat of water at 0 °C [kJ/kg] [ashrae2017]."""


@dataclass(frozen=True)
class DryRoomParameters:
    """Dry room and its desiccant air-handling unit.

    Attributes
    ----------
    room_volume_m3 : float
        Conditioned volume [m^3].
    room_floor_area_m2 : float
        Floor area, for allocation by area [m^2].
    room_temperature_c : float
        Room (hall) temperature held [°C].
    dew_point_target_c : float
        Room dew point held [°C]; must lie below the room temperature (−40 °C typical for
        cell assembly, −30 to −50 °C for electrode lines, [bryair]).
    fresh_air_changes_per_h : float
        Make-up air for pressurisation and exhausts [1/h] (assumption, 1–4).
    recirculation_air_changes_per_h : float
        Air moved through the unit [1/h] (20–50 [bryair]).
    internal_moisture_kg_per_h : float
        Moisture released inside: people, envelope permeation, product [kg/h]
        (assumption: ≈0.1 kg/h per person; 0.1–5 for a production room).
    precooling_coil_temperature_c : float
        Air temperature leaving the pre-cooling coil [°C] (assumption, 5–12).
    chiller_cop : float
        Chilled-water plant COP [-] (assumption, 2.5–5).
    regeneration_heat_kj_per_kg : float
        Regeneration heat per kg of water removed at the reference dew point [kJ/kg]
        (assumption: 2–3 times the latent heat for deep-drying rotors with purge,
        range 3000–12000; default 6000).
    regeneration_reference_dew_point_c : float
        Dew point at which ``regeneration_heat_kj_per_kg`` applies [°C].
    regeneration_dew_point_sensitivity_per_k : float
        Relative rise of the regeneration heat per kelvin of lower dew point [1/K]
        (assumption, 0.01–0.05: lower dew points need hotter reactivation and a purge
        sector, [munters]).
    adsorption_heat_factor : float
        Heat of adsorption over the latent heat of water [-] (assumption, 1.05–1.3).
    regeneration_carry_over_fraction : float
        Share of the regeneration heat carried into the process air by the rotating
        matrix [-] (assumption, 0.05–0.2).
    fan_pressure_rise_pa : float
        Total pressure rise of the recirculation fans (filters, coils, wheel) [Pa]
        (assumption, 800–2000).
    fan_efficiency : float
        Fan, motor and drive efficiency [-] (assumption, 0.55–0.75).
    heater_efficiency : float
        Efficiency of the post-heating and regeneration heat supply [-] (assumption,
        0.85–1).
    regeneration_carrier : str
        ``"heat"`` (steam, gas) or ``"electricity"`` (electric reactivation heaters).
    """

    room_volume_m3: float = 6000.0
    room_floor_area_m2: float = 1500.0
    room_temperature_c: float = 22.0
    dew_point_target_c: float = -40.0
    fresh_air_changes_per_h: float = 2.0
    recirculation_air_changes_per_h: float = 30.0
    internal_moisture_kg_per_h: float = 1.0
    precooling_coil_temperature_c: float = 10.0
    chiller_cop: float = 3.5
    regeneration_heat_kj_per_kg: float = 6000.0
    regeneration_reference_dew_point_c: float = -40.0
    regeneration_dew_point_sensitivity_per_k: float = 0.03
    adsorption_heat_factor: float = 1.15
    regeneration_carry_over_fraction: float = 0.1
    fan_pressure_rise_pa: float = 1200.0
    fan_efficiency: float = 0.65
    heater_efficiency: float = 0.9
    regeneration_carrier: str = "heat"

    def __post_init__(self) -> None:
        for name in ("room_volume_m3", "room_floor_area_m2"):
            require_in_range(name, getattr(self, name), 0.0, low_inclusive=False)
        require_in_range("dew_point_target_c", self.dew_point_target_c, -80.0,
                         self.room_temperature_c, high_inclusive=False)
        for name in ("fresh_air_changes_per_h", "recirculation_air_changes_per_h",
                     "internal_moisture_kg_per_h", "fan_pressure_rise_pa",
                     "regeneration_dew_point_sensitivity_per_k",
                     "regeneration_carry_over_fraction"):
            require_in_range(name, getattr(self, name), 0.0)
        require_in_range("regeneration_carry_over_fraction",
                         self.regeneration_carry_over_fraction, 0.0, 1.0)
        require_in_range("chiller_cop", self.chiller_cop, 0.0, low_inclusive=False)
        require_in_range("regeneration_heat_kj_per_kg", self.regeneration_heat_kj_per_kg, 0.0,
                         low_inclusive=False)
        require_in_range("adsorption_heat_factor", self.adsorption_heat_factor, 0.0)
        for name in ("fan_efficiency", "heater_efficiency"):
            require_in_range(name, getattr(self, name), 0.0, 1.0, low_inclusive=False)
        if self.regeneration_carrier not in ("heat", "electricity"):
            raise ValueError(f"regeneration_carrier = {self.regeneration_carrier!r} is not "
                             "'heat' or 'electricity'")


def moist_air_enthalpy_kj_per_kg(temperature_c: ArrayLike,
                                 humidity_ratio: ArrayLike) -> FloatArray:
    """Enthalpy of moist air per kg of dry air [kJ/kg].

    Parameters
    ----------
    temperature_c : array_like
        Dry-bulb temperature [°C].
    humidity_ratio : array_like
        Humidity ratio [kg water/kg dry air].

    Notes
    -----
    h = 1.006·t + W·(2501 + 1.86·t) [ashrae2017].
    """
    t = np.asarray(temperature_c, dtype=float)
    w = np.asarray(humidity_ratio, dtype=float)
    return (AIR_SPECIFIC_HEAT_KJ_PER_KG_K * t
            + w * (WATER_LATENT_HEAT_0C_KJ_PER_KG + VAPOUR_SPECIFIC_HEAT_KJ_PER_KG_K * t))


def fresh_air_mass_flow_kg_per_s(params: DryRoomParameters) -> float:
    """Dry-air mass flow of the make-up air [kg/s].

    Notes
    -----
    ṁ = ρ·V·n/3600 with ρ = p/(R_d·T_room) at 101 325 Pa.
    """
    rho = 101325.0 / (DRY_AIR_GAS_CONSTANT_J_PER_KG_K
                      * (params.room_temperature_c + KELVIN_OFFSET_K))
    return rho * params.room_volume_m3 * params.fresh_air_changes_per_h / 3600.0


def regeneration_heat_kj_per_kg(params: DryRoomParameters) -> float:
    """Regeneration heat per kg of water at the room's dew-point target [kJ/kg].

    Notes
    -----
    q = q_ref·exp(k·(T_dp,ref − T_dp)) (assumption: a lower target costs more heat per kg).
    """
    return params.regeneration_heat_kj_per_kg * float(np.exp(
        params.regeneration_dew_point_sensitivity_per_k
        * (params.regeneration_reference_dew_point_c - params.dew_point_target_c)))


def dry_room_loads_w(outdoor_temperature_c: ArrayLike, outdoor_relative_humidity_pct: ArrayLike,
                     params: DryRoomParameters, internal_heat_gain_w: ArrayLike = 0.0
                     ) -> dict[str, FloatArray]:
    """Thermal and electric loads of the dry room, per outdoor state [W].

    Parameters
    ----------
    outdoor_temperature_c : array_like
        Outdoor dry-bulb temperature [°C], −40 to 50.
    outdoor_relative_humidity_pct : array_like
        Outdoor relative humidity [%], 0–100.
    params : DryRoomParameters
        Room and unit.
    internal_heat_gain_w : array_like
        Sensible heat released inside the room by the equipment standing in it (drives,
        fans, heated-roll surfaces) [W], per outdoor state or one value; 0 for an empty room.

    Returns
    -------
    dict[str, ndarray]
        ``moisture_removed_kg_per_s`` [kg/s] and the loads [W]: ``precooling`` (coil duty),
        ``regeneration`` (heat), ``post_heating`` (heat), ``post_cooling`` (coil duty),
        ``fans`` (electric).

    Notes
    -----
    Pre-cooling: air leaves the coil at T_c = min(T_out, T_coil), W_c = min(W_out, W_s(T_c));
    Q_pre = ṁ·(h_out − h_c). Wheel: ṁ_w = ṁ·max(W_c − W_dp, 0) + ṁ_int;
    Q_reg = ṁ_w·q_reg(T_dp). Process air gains Q_ads = ṁ_w·f_ads·L_0 + χ·Q_reg; the sensible
    balance Q_s = ṁ·c_p·(T_room − T_c) − Q_ads − Q_int, with Q_int the internal heat gain,
    is post-heating if positive, post-cooling if negative: equipment heat first replaces
    post-heating, then has to be removed by the chiller. Fans: P = V·n_rec/3600·Δp/η.
    """
    t_out = require_in_range("outdoor_temperature_c", outdoor_temperature_c, -40.0, 50.0)
    rh_out = require_in_range("outdoor_relative_humidity_pct", outdoor_relative_humidity_pct,
                              0.0, 100.0)
    m_air = fresh_air_mass_flow_kg_per_s(params)
    w_out = humidity_ratio_kg_per_kg(t_out, rh_out)
    t_coil = np.minimum(t_out, params.precooling_coil_temperature_c)
    w_coil = np.minimum(w_out, humidity_ratio_kg_per_kg(t_coil, 100.0))
    w_target = humidity_ratio_kg_per_kg(params.dew_point_target_c, 100.0)
    precool_w = m_air * 1000.0 * (moist_air_enthalpy_kj_per_kg(t_out, w_out)
                                  - moist_air_enthalpy_kj_per_kg(t_coil, w_coil))
    water_kg_per_s = (m_air * np.maximum(w_coil - w_target, 0.0)
                      + params.internal_moisture_kg_per_h / 3600.0)
    regen_w = water_kg_per_s * regeneration_heat_kj_per_kg(params) * 1000.0
    adsorption_w = (water_kg_per_s * params.adsorption_heat_factor
                    * WATER_LATENT_HEAT_0C_KJ_PER_KG * 1000.0
                    + params.regeneration_carry_over_fraction * regen_w)
    gain_w = require_in_range("internal_heat_gain_w", internal_heat_gain_w, 0.0)
    sensible_w = (m_air * AIR_SPECIFIC_HEAT_KJ_PER_KG_K * 1000.0
                  * (params.room_temperature_c - t_coil) - adsorption_w - gain_w)
    recirc_m3_per_s = params.room_volume_m3 * params.recirculation_air_changes_per_h / 3600.0
    fans_w = fan_power_w(recirc_m3_per_s, params.fan_pressure_rise_pa, params.fan_efficiency)
    return {
        "moisture_removed_kg_per_s": water_kg_per_s,
        "precooling": np.maximum(precool_w, 0.0),
        "regeneration": regen_w,
        "post_heating": np.maximum(sensible_w, 0.0),
        "post_cooling": np.maximum(-sensible_w, 0.0),
        "fans": np.broadcast_to(fans_w, np.shape(sensible_w)).astype(float),
    }


def dry_room_energy_kwh(duration_s: ArrayLike, outdoor_temperature_c: ArrayLike,
                        outdoor_relative_humidity_pct: ArrayLike, params: DryRoomParameters,
                        internal_heat_gain_w: ArrayLike = 0.0) -> dict[str, FloatArray]:
    """Dry-room energy per interval, by carrier [kWh], for the whole room.

    Parameters
    ----------
    duration_s : array_like
        Interval length [s].
    outdoor_temperature_c : array_like
        Outdoor temperature in each interval [°C].
    outdoor_relative_humidity_pct : array_like
        Outdoor relative humidity in each interval [%].
    params : DryRoomParameters
        Room and unit.
    internal_heat_gain_w : array_like
        Sensible heat released inside the room in each interval [W] (:func:`dry_room_loads_w`).

    Returns
    -------
    dict[str, ndarray]
        ``{"electricity": chillers + fans (+ regeneration if electric), "heat": ...}`` [kWh].

    Notes
    -----
    E_el = [(Q_pre + Q_post,cool)/COP + P_fan]·Δt; E_heat = (Q_reg + Q_post,heat)/η·Δt.
    Allocate to a line with :func:`allocate_by_floor_area` or :func:`allocate_by_time`.
    """
    dt = require_in_range("duration_s", duration_s, 0.0)
    loads = dry_room_loads_w(outdoor_temperature_c, outdoor_relative_humidity_pct, params,
                             internal_heat_gain_w)
    return _energy_from_loads_kwh(loads, dt, params)


def mean_dry_room_energy_kwh(duration_s: float, outdoor_temperature_c: ArrayLike,
                             outdoor_relative_humidity_pct: ArrayLike, params: DryRoomParameters,
                             internal_heat_gain_w: ArrayLike) -> dict[str, FloatArray]:
    """Dry-room energy over ``duration_s``, averaged over a set of outdoor states, per gain [kWh].

    Parameters
    ----------
    duration_s : float
        Length of each period [s].
    outdoor_temperature_c, outdoor_relative_humidity_pct : array_like
        Outdoor states to average over (e.g. the 8760 hours of a named climate) [°C, %].
    params : DryRoomParameters
        Room and unit.
    internal_heat_gain_w : array_like
        Internal heat gain of each period [W]; one result per value.

    Returns
    -------
    dict[str, ndarray]
        Mean energy per carrier, one value per gain [kWh].

    Notes
    -----
    Only the sensible balance depends on the gain g: with S_i the balance of state i without
    gains, post-heating is mean(max(S_i − g, 0)) and post-cooling mean(max(g − S_i, 0)),
    evaluated exactly for every g from the sorted S_i and their prefix sums.
    """
    gain = np.atleast_1d(require_in_range("internal_heat_gain_w", internal_heat_gain_w, 0.0))
    loads = dry_room_loads_w(outdoor_temperature_c, outdoor_relative_humidity_pct, params)
    balance = np.sort(np.ravel(loads["post_heating"] - loads["post_cooling"]))
    n = balance.size
    prefix = np.concatenate(([0.0], np.cumsum(balance)))
    below = np.searchsorted(balance, gain)
    mean = {name: np.full(gain.shape, float(np.mean(loads[name])))
            for name in ("precooling", "regeneration", "fans")}
    mean["post_heating"] = (prefix[n] - prefix[below] - gain * (n - below)) / n
    mean["post_cooling"] = (gain * below - prefix[below]) / n
    dt = require_in_range("duration_s", duration_s, 0.0)
    return _energy_from_loads_kwh(mean, dt, params)


def _energy_from_loads_kwh(loads: dict[str, FloatArray], dt: FloatArray,
                           params: DryRoomParameters) -> dict[str, FloatArray]:
    electric_w = (loads["precooling"] + loads["post_cooling"]) / params.chiller_cop + loads["fans"]
    regen_supply_w = loads["regeneration"] / params.heater_efficiency
    heat_w = loads["post_heating"] / params.heater_efficiency
    out = {"electricity": electric_w * dt / J_PER_KWH, "heat": heat_w * dt / J_PER_KWH}
    out[params.regeneration_carrier] = out[params.regeneration_carrier] + (
        regen_supply_w * dt / J_PER_KWH)
    return out


def allocate_by_floor_area(energy_kwh: ArrayLike, line_floor_area_m2: float,
                           room_floor_area_m2: float) -> FloatArray:
    """Share of dry-room energy carried by a line, by floor area [kWh].

    Parameters
    ----------
    energy_kwh : array_like
        Room energy [kWh].
    line_floor_area_m2 : float
        Floor area the line occupies [m^2], at most the room's.
    room_floor_area_m2 : float
        Room floor area [m^2].

    Notes
    -----
    E_line = E_room·A_line/A_room.
    """
    room = float(require_in_range("room_floor_area_m2", room_floor_area_m2, 0.0,
                                  low_inclusive=False))
    line = float(require_in_range("line_floor_area_m2", line_floor_area_m2, 0.0, room))
    return np.asarray(energy_kwh, dtype=float) * line / room


def allocate_by_time(energy_kwh: ArrayLike, line_time_s: ArrayLike,
                     total_time_s: ArrayLike) -> FloatArray:
    """Share of dry-room energy carried by a line, by occupation time [kWh].

    Parameters
    ----------
    energy_kwh : array_like
        Room energy per interval [kWh].
    line_time_s : array_like
        Time the line used the room in each interval [s].
    total_time_s : array_like
        Interval length [s], > 0.

    Notes
    -----
    E_line = E_room·t_line/t_total, with 0 ≤ t_line ≤ t_total.
    """
    total = require_in_range("total_time_s", total_time_s, 0.0, low_inclusive=False)
    used = require_in_range("line_time_s", line_time_s, 0.0)
    if np.any(used > total):
        raise ValueError("line_time_s exceeds total_time_s in at least one interval")
    return np.asarray(energy_kwh, dtype=float) * used / total


# --------------------------------------------------------------------------- named climates


@dataclass(frozen=True)
class Climate:
    """Representative monthly climate of a site (assumption, see [climate]).

    Attributes
    ----------
    name : str
        Library name.
    site : str
        Site the numbers stand for.
    monthly_temperature_c : tuple of 12 float
        Monthly mean temperature, January first [°C].
    monthly_relative_humidity_pct : tuple of 12 float
        Monthly mean relative humidity [%].
    daily_temperature_amplitude_k : float
        Half the mean daily temperature range [K].
    """

    name: str
    site: str
    monthly_temperature_c: tuple[float, ...]
    monthly_relative_humidity_pct: tuple[float, ...]
    daily_temperature_amplitude_k: float


CLIMATES: dict[str, Climate] = {
    c.name: c
    for c in (
        Climate("central_europe", "Frankfurt/Main, DE",
                (1.6, 2.6, 6.3, 10.5, 14.6, 17.9, 20.0, 19.5, 15.3, 10.6, 5.6, 2.4),
                (84, 79, 72, 66, 67, 67, 66, 69, 76, 82, 86, 86), 4.5),
        Climate("nordic", "Skellefteå, SE",
                (-8.5, -8.0, -3.8, 1.8, 7.6, 13.2, 16.2, 14.2, 9.2, 2.8, -2.8, -6.6),
                (87, 85, 80, 73, 67, 68, 73, 79, 84, 88, 89, 88), 4.0),
        Climate("east_asia_humid", "Shanghai, CN",
                (4.8, 6.5, 10.2, 15.7, 20.9, 24.6, 28.9, 28.6, 24.8, 19.7, 13.9, 7.5),
                (74, 74, 74, 73, 73, 80, 77, 77, 76, 71, 72, 70), 3.5),
        Climate("us_southwest", "Phoenix, AZ, US",
                (13.4, 15.3, 18.7, 22.9, 28.1, 33.3, 35.6, 35.0, 31.6, 24.9, 17.8, 12.8),
                (50, 44, 38, 27, 21, 18, 30, 35, 35, 36, 43, 51), 8.0),
    )
}

_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_MONTH_START_HOUR = np.concatenate([[0], np.cumsum(_MONTH_DAYS)[:-1]]) * 24


def climate(name: str) -> Climate:
    """Return the named climate.

    Raises
    ------
    ValueError
        If ``name`` is unknown; the message lists the known climates.
    """
    try:
        return CLIMATES[name]
    except KeyError:
        known = ", ".join(sorted(CLIMATES))
        raise ValueError(f"unknown climate {name!r}; known climates: {known}") from None


def climate_profile(name: str, hour_of_year: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Hourly outdoor temperature and relative humidity of a named climate.

    Parameters
    ----------
    name : str
        Climate name, one of :data:`CLIMATES`.
    hour_of_year : array_like
        Hours since 1 January 00:00 [h]; wrapped to one non-leap year.

    Returns
    -------
    temperature_c, relative_humidity_pct : ndarray
        Outdoor temperature [°C] and relative humidity [%].

    Notes
    -----
    T = T_month + A·cos(2π(h − 15)/24) (warmest at 15:00); the vapour pressure stays at its
    monthly mean e = RH_month·e_s(T_month) through the day, so RH = min(100, e/e_s(T)).
    """
    site = climate(name)
    hour = np.mod(np.asarray(hour_of_year, dtype=float), 8760.0)
    month = np.searchsorted(_MONTH_START_HOUR, hour, side="right") - 1
    t_month = np.asarray(site.monthly_temperature_c)[month]
    rh_month = np.asarray(site.monthly_relative_humidity_pct, dtype=float)[month]
    vapour_pa = rh_month / 100.0 * saturation_vapour_pressure_pa(t_month)
    temperature = t_month + site.daily_temperature_amplitude_k * np.cos(
        2.0 * np.pi * (np.mod(hour, 24.0) - 15.0) / 24.0)
    rh = np.minimum(100.0, 100.0 * vapour_pa / saturation_vapour_pressure_pa(temperature))
    return temperature, rh
