"""Convective electrode dryer: exhaust air flow, heat balance and fan power.

The dryer balance is explicit rather than lumped into one "dryer efficiency": the heat goes
to (i) evaporating the solvent at the film temperature, (ii) warming the liquid solvent and
the coated web to the dryer temperature, (iii) heating the exhaust air, whose flow is set by
keeping the solvent vapour below a fraction of its lower explosion limit (NMP) or below a
process humidity limit (water), less what an exhaust-to-supply heat exchanger recovers, and
(iv) casing losses; the sum is divided by the heater efficiency. Dryer fans are electric.

References
----------
.. [en1539] EN 1539:2015 "Dryers and ovens in which flammable substances are released —
   Safety requirements"; NFPA 86 "Standard for Ovens and Furnaces": solvent vapour held at
   ≤ 25 % of the LEL, ≤ 50 % with continuous LEL monitoring.
.. [susarla2018] N. Susarla, S. Ahmed, D. W. Dees, "Modeling and analysis of solvent removal
   during Li-ion battery electrode drying", J. Power Sources 378 (2018) 660,
   doi:10.1016/j.jpowsour.2018.01.007 (water needs far less drying energy per kg solvent
   than NMP).
.. [wood2018] D. L. Wood III et al., "Technical and economic analysis of solvent-based
   lithium-ion electrode drying with water and NMP", Drying Technol. 36 (2018) 234,
   doi:10.1080/07373937.2017.1319855
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from process_models.energy.carriers import J_PER_KWH, KELVIN_OFFSET_K, FloatArray, require_in_range
from process_models.energy.station_power import fan_power_w
from process_models.slurry.solvents import Solvent, latent_heat_j_per_kg

AIR_MOLAR_MASS_KG_PER_MOL = 0.028965
"""Molar mass of dry air [kg/mol]."""
AIR_SPECIFIC_HEAT_J_PER_KG_K = 1007.0
"""Isobaric specific heat of dry air near 25–150 °C [J/(kg·K)] (1005–1013 in this range)."""


@dataclass(frozen=True)
class DryerParameters:
    """Convective (nozzle) electrode dryer.

    Attributes
    ----------
    air_temperature_c : float
        Supply-air and web exit temperature [°C] (NMP cathode dryers 100–160 °C,
        water anode dryers 60–110 °C; assumption).
    film_temperature_c : float
        Mean temperature at which the solvent evaporates [°C] (assumption: between the
        wet-bulb temperature and the air temperature, 50–100 °C for NMP).
    lel_fraction : float
        Highest share of the lower explosion limit allowed in the dryer atmosphere [-]
        ([en1539]: ≤ 0.25, ≤ 0.5 with continuous monitoring; default 0.25).
    max_vapour_volume_fraction_nonflammable : float
        Exhaust vapour limit for non-flammable solvents (water) [-] (assumption,
        0.02–0.15; 0.075 is a humidity ratio of 0.05 kg/kg, a dew point near 40 °C).
    peak_to_mean_evaporation_ratio : float
        Evaporation rate of the busiest zone over the dryer mean [-]: the exhaust must keep
        that zone below the limit (≈90 % of the solvent leaves in under half the drying
        time [susarla2018], so ≥ 1.8; assumption 1.5–3).
    idle_exhaust_fraction : float
        Exhaust flow held while hot without web, as a share of the design flow [-]
        (assumption, 0.3–1).
    heat_recovery_effectiveness : float
        Exhaust-to-fresh-air heat exchanger effectiveness [-] (assumption, 0–0.7; 0.3
        because many installed coaters recover little exhaust heat — heat-recovery retrofits
        are reported to save ≈40 % of dryer heat, vendor case studies).
    heater_efficiency : float
        Heat delivered to the air per unit of heat carrier [-] (gas burner or steam
        coil 0.8–0.95; assumption).
    dryer_length_m : float
        Dryer length [m] (40–80 m industrial, REFERENCES.md; assumption).
    casing_area_per_length_m2_per_m : float
        Insulated casing area per metre of dryer [m^2/m] (assumption, 4–8).
    casing_u_w_per_m2_k : float
        Casing heat-transfer coefficient [W/(m^2·K)] (100 mm mineral-wool panels ≈ 0.4;
        assumption 0.3–1).
    recirculation_flow_per_length_m3_per_s_per_m : float
        Nozzle air recirculated per metre of dryer [m^3/s per m] (assumption, 0.2–0.8).
    recirculation_pressure_rise_pa : float
        Recirculation fan pressure rise [Pa] (assumption, 800–2000).
    exhaust_pressure_rise_pa : float
        Exhaust fan pressure rise through heat exchanger and recovery [Pa]
        (assumption, 1500–3000).
    fan_efficiency : float
        Fan, motor and drive efficiency [-] (assumption, 0.55–0.75).
    web_specific_heat_j_per_kg_k : float
        Specific heat of foil plus dry coating [J/(kg·K)] (assumption, 700–950).
    heat_carrier : str
        Carrier of the dryer heat (``"heat"`` for gas/steam, ``"electricity"`` for
        electric heaters).
    """

    air_temperature_c: float = 130.0
    film_temperature_c: float = 80.0
    lel_fraction: float = 0.25
    max_vapour_volume_fraction_nonflammable: float = 0.075
    peak_to_mean_evaporation_ratio: float = 2.0
    idle_exhaust_fraction: float = 0.5
    heat_recovery_effectiveness: float = 0.3
    heater_efficiency: float = 0.85
    dryer_length_m: float = 60.0
    casing_area_per_length_m2_per_m: float = 6.0
    casing_u_w_per_m2_k: float = 0.5
    recirculation_flow_per_length_m3_per_s_per_m: float = 0.4
    recirculation_pressure_rise_pa: float = 1200.0
    exhaust_pressure_rise_pa: float = 2000.0
    fan_efficiency: float = 0.65
    web_specific_heat_j_per_kg_k: float = 800.0
    heat_carrier: str = "heat"

    def __post_init__(self) -> None:
        require_in_range("film_temperature_c", self.film_temperature_c, -50.0,
                         self.air_temperature_c)
        require_in_range("lel_fraction", self.lel_fraction, 0.0, 1.0, low_inclusive=False,
                         high_inclusive=False)
        require_in_range("max_vapour_volume_fraction_nonflammable",
                         self.max_vapour_volume_fraction_nonflammable, 0.0, 1.0,
                         low_inclusive=False, high_inclusive=False)
        require_in_range("peak_to_mean_evaporation_ratio", self.peak_to_mean_evaporation_ratio,
                         1.0)
        require_in_range("idle_exhaust_fraction", self.idle_exhaust_fraction, 0.0, 1.0)
        require_in_range("heat_recovery_effectiveness", self.heat_recovery_effectiveness,
                         0.0, 1.0, high_inclusive=False)
        require_in_range("heater_efficiency", self.heater_efficiency, 0.0, 1.0,
                         low_inclusive=False)
        require_in_range("fan_efficiency", self.fan_efficiency, 0.0, 1.0, low_inclusive=False)
        for name in ("dryer_length_m", "casing_area_per_length_m2_per_m", "casing_u_w_per_m2_k",
                     "recirculation_flow_per_length_m3_per_s_per_m",
                     "recirculation_pressure_rise_pa", "exhaust_pressure_rise_pa"):
            require_in_range(name, getattr(self, name), 0.0)
        require_in_range("web_specific_heat_j_per_kg_k", self.web_specific_heat_j_per_kg_k, 0.0,
                         low_inclusive=False)
        if self.heat_carrier not in ("heat", "electricity"):
            raise ValueError(f"heat_carrier = {self.heat_carrier!r} is not 'heat' or "
                             "'electricity'")


def max_vapour_volume_fraction(props: Solvent, params: DryerParameters) -> float:
    """Highest solvent vapour volume fraction allowed in the dryer exhaust [-].

    Notes
    -----
    y_max = f_LEL·LEL for a flammable solvent [en1539]; the process limit otherwise.
    """
    if props.flammable:
        return params.lel_fraction * props.lower_explosion_limit_vol_fraction
    return params.max_vapour_volume_fraction_nonflammable


def exhaust_air_per_kg_solvent(props: Solvent, params: DryerParameters) -> float:
    """Dry exhaust air needed per kg of solvent evaporated [kg air/kg solvent].

    Notes
    -----
    With vapour mole fraction y in the exhaust, n_air/n_solvent = (1 − y)/y, so
    m_air/m_solvent = (M_air/M_solvent)·(1 − y)/y. NMP at 25 % of its 1.3 vol% LEL needs
    ≈ 90 kg of air per kg.
    """
    y = max_vapour_volume_fraction(props, params)
    return AIR_MOLAR_MASS_KG_PER_MOL / props.molar_mass_kg_per_mol * (1.0 - y) / y


def exhaust_air_kg(running_s: ArrayLike, idle_s: ArrayLike, solvent_mass_kg: ArrayLike,
                   design_solvent_rate_kg_per_s: ArrayLike, props: Solvent,
                   params: DryerParameters) -> FloatArray:
    """Dry air exhausted from the dryer per interval [kg].

    Parameters
    ----------
    running_s, idle_s : array_like
        Running and idle (hot, no web) time per interval [s].
    solvent_mass_kg : array_like
        Solvent evaporated per interval [kg].
    design_solvent_rate_kg_per_s : array_like
        Evaporation rate the exhaust is set for (nominal speed and loading) [kg/s].
    props : Solvent
        Solvent.
    params : DryerParameters
        Dryer.

    Notes
    -----
    The exhaust is set for the zone with the highest evaporation, so that every zone stays
    below the vapour limit: ṁ_air = r_air·k_peak·max(ṁ_design, ṁ_actual) while running and
    f_idle·r_air·k_peak·ṁ_design while idle, with r_air from
    :func:`exhaust_air_per_kg_solvent`.
    """
    t_run = require_in_range("running_s", running_s, 0.0)
    t_idle = require_in_range("idle_s", idle_s, 0.0)
    m_s = require_in_range("solvent_mass_kg", solvent_mass_kg, 0.0)
    design = require_in_range("design_solvent_rate_kg_per_s", design_solvent_rate_kg_per_s, 0.0)
    per_kg = exhaust_air_per_kg_solvent(props, params) * params.peak_to_mean_evaporation_ratio
    running_kg = np.maximum(design * t_run, m_s)
    return per_kg * (running_kg + params.idle_exhaust_fraction * design * t_idle)


def dryer_heat_terms_j(solvent_mass_kg: ArrayLike, web_mass_kg: ArrayLike,
                       air_mass_kg: ArrayLike, on_time_s: ArrayLike,
                       hall_temperature_c: ArrayLike, props: Solvent,
                       params: DryerParameters) -> dict[str, FloatArray]:
    """Heat delivered to each sink of the dryer balance, before heater losses [J].

    Parameters
    ----------
    solvent_mass_kg : array_like
        Solvent evaporated per interval [kg].
    web_mass_kg : array_like
        Foil plus dry coating passing through per interval [kg].
    air_mass_kg : array_like
        Dry air exhausted per interval [kg] (:func:`exhaust_air_kg`).
    on_time_s : array_like
        Time the dryer was hot (running or idle) per interval [s].
    hall_temperature_c : array_like
        Hall (fresh-air and incoming web) temperature [°C].
    props : Solvent
        Solvent.
    params : DryerParameters
        Dryer.

    Returns
    -------
    dict[str, ndarray]
        ``evaporation``, ``solvent_sensible``, ``web_sensible``, ``exhaust_air``, ``casing``.

    Notes
    -----
    Q_evap = m_s·L(T_film); Q_s = m_s·c_p,l·(T_film − T_hall);
    Q_web = m_web·c_p,web·(T_air − T_hall);
    Q_air = m_air·c_p,air·(T_air − T_hall)·(1 − ε_HR);
    Q_casing = U·A·(T_air − T_hall)·t_on.
    """
    m_s = require_in_range("solvent_mass_kg", solvent_mass_kg, 0.0)
    m_web = require_in_range("web_mass_kg", web_mass_kg, 0.0)
    air_kg = require_in_range("air_mass_kg", air_mass_kg, 0.0)
    t_on = require_in_range("on_time_s", on_time_s, 0.0)
    t_hall = require_in_range("hall_temperature_c", hall_temperature_c, -50.0,
                              params.film_temperature_c)
    lift_air = params.air_temperature_c - t_hall
    casing_w_per_k = (params.casing_u_w_per_m2_k * params.casing_area_per_length_m2_per_m
                      * params.dryer_length_m)
    return {
        "evaporation": m_s * latent_heat_j_per_kg(props, params.film_temperature_c),
        "solvent_sensible": m_s * props.liquid_specific_heat_j_per_kg_k
        * (params.film_temperature_c - t_hall),
        "web_sensible": m_web * params.web_specific_heat_j_per_kg_k * lift_air,
        "exhaust_air": air_kg * AIR_SPECIFIC_HEAT_J_PER_KG_K * lift_air
        * (1.0 - params.heat_recovery_effectiveness),
        "casing": casing_w_per_k * lift_air * t_on,
    }


def dryer_fan_energy_j(air_mass_kg: ArrayLike, on_time_s: ArrayLike,
                       params: DryerParameters) -> FloatArray:
    """Electricity of recirculation and exhaust fans [J].

    Parameters
    ----------
    air_mass_kg : array_like
        Dry air exhausted per interval [kg].
    on_time_s : array_like
        Time the dryer was on per interval [s]; the recirculation fans run throughout.
    params : DryerParameters
        Dryer.

    Notes
    -----
    E = (V̇_recirc·Δp_recirc·t_on + V_exhaust·Δp_exhaust)/η, the exhaust volume from its
    mass at the dryer temperature (ideal gas, 1 atm).
    """
    air_density = 101325.0 * AIR_MOLAR_MASS_KG_PER_MOL / (
        8.314462618 * (params.air_temperature_c + KELVIN_OFFSET_K))
    exhaust_m3 = require_in_range("air_mass_kg", air_mass_kg, 0.0) / air_density
    recirc_m3_per_s = params.recirculation_flow_per_length_m3_per_s_per_m * params.dryer_length_m
    t_on = require_in_range("on_time_s", on_time_s, 0.0)
    return (fan_power_w(recirc_m3_per_s, params.recirculation_pressure_rise_pa,
                        params.fan_efficiency) * t_on
            + fan_power_w(exhaust_m3, params.exhaust_pressure_rise_pa, params.fan_efficiency))


def dryer_energy_kwh(running_s: ArrayLike, idle_s: ArrayLike, solvent_mass_kg: ArrayLike,
                     web_mass_kg: ArrayLike, hall_temperature_c: ArrayLike,
                     design_solvent_rate_kg_per_s: ArrayLike, props: Solvent,
                     params: DryerParameters) -> dict[str, FloatArray]:
    """Dryer energy per interval, by carrier [kWh].

    Parameters
    ----------
    running_s : array_like
        Time the web ran through the dryer [s].
    idle_s : array_like
        Time the dryer was held hot without web (stopped, starved, failed) [s].
    solvent_mass_kg : array_like
        Solvent evaporated per interval [kg].
    web_mass_kg : array_like
        Foil plus dry coating through the dryer per interval [kg].
    hall_temperature_c : array_like
        Hall temperature [°C].
    design_solvent_rate_kg_per_s : array_like
        Evaporation rate the exhaust is set for [kg/s] (:func:`design_solvent_rate_kg_per_s`).
    props : Solvent
        Solvent.
    params : DryerParameters
        Dryer.

    Returns
    -------
    dict[str, ndarray]
        ``{heat_carrier: heat, "electricity": fans}`` (summed if both are electricity) [kWh].

    Notes
    -----
    E_heat = ΣQ_i/η_heater (:func:`dryer_heat_terms_j`); E_fan from
    :func:`dryer_fan_energy_j`.
    """
    t_on = require_in_range("running_s", running_s, 0.0) + require_in_range("idle_s", idle_s, 0.0)
    air_kg = exhaust_air_kg(running_s, idle_s, solvent_mass_kg, design_solvent_rate_kg_per_s,
                            props, params)
    terms = dryer_heat_terms_j(solvent_mass_kg, web_mass_kg, air_kg, t_on, hall_temperature_c,
                               props, params)
    heat_kwh = sum(terms.values()) / params.heater_efficiency / J_PER_KWH
    fan_kwh = dryer_fan_energy_j(air_kg, t_on, params) / J_PER_KWH
    out = {params.heat_carrier: np.asarray(heat_kwh, dtype=float)}
    out["electricity"] = out.get("electricity", 0.0) + fan_kwh
    return out


def design_solvent_rate_kg_per_s(line_speed_m_per_s: ArrayLike, coated_width_m: ArrayLike,
                                 coated_sides: ArrayLike,
                                 solvent_per_m2_kg: ArrayLike) -> FloatArray:
    """Evaporation rate at nominal speed and loading [kg/s].

    Parameters
    ----------
    line_speed_m_per_s : array_like
        Nominal web speed [m/s].
    coated_width_m : array_like
        Coated width [m].
    coated_sides : array_like
        Sides coated before this dryer (1 or 2) [-].
    solvent_per_m2_kg : array_like
        Solvent per coated area (:func:`solvent_mass_per_m2_kg`) [kg/m^2].

    Notes
    -----
    ṁ = v·w·n_sides·m_solvent.
    """
    return (require_in_range("line_speed_m_per_s", line_speed_m_per_s, 0.0)
            * require_in_range("coated_width_m", coated_width_m, 0.0)
            * require_in_range("coated_sides", coated_sides, 0.0)
            * require_in_range("solvent_per_m2_kg", solvent_per_m2_kg, 0.0))
