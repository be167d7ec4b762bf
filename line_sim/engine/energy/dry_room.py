"""The line's share of its dry room: make-up air, regeneration, and the heat the line releases."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from line_sim.engine.energy.web_times import (
    SECONDS_PER_HOUR,
    CarrierKwh,
    FloatArray,
    WebTimes,
)
from line_sim.engine.process_chain import dryer_parameters
from line_sim.scenario.energy import EnergySettings
from line_sim.scenario.environment import base_dew_point_c
from line_sim.scenario.model import Scenario
from process_models import dryroom

HOURS_PER_YEAR = 8760
DRY_ROOM_STAGE = "dry_room"
DEFAULT_CLIMATE = "central_europe"
"""Outdoor climate used when an ``[energy]`` table names none."""


# --------------------------------------------------------------------------- dry room


def dry_room_parameters(scenario: Scenario, settings: EnergySettings,
                        room_temperature_c: float) -> dryroom.DryRoomParameters:
    """The dry room of the settings, held at the hall temperature [°C].

    Notes
    -----
    Without a ``dew_point_target_c`` the room holds the dew point of the scenario's base hall
    climate (``environment.temperature_c`` and ``relative_humidity_pct``).
    """
    target = settings.dew_point_target_c
    if target is None:
        target = base_dew_point_c(scenario.environment)
    return dryroom.DryRoomParameters(
        room_volume_m3=settings.room_volume_m3, room_floor_area_m2=settings.room_floor_area_m2,
        room_temperature_c=room_temperature_c, dew_point_target_c=target,
        fresh_air_changes_per_h=settings.fresh_air_changes_per_h,
        recirculation_air_changes_per_h=settings.recirculation_air_changes_per_h,
        internal_moisture_kg_per_h=settings.internal_moisture_kg_per_h,
        chiller_cop=settings.dry_room_chiller_cop,
        regeneration_heat_kj_per_kg=settings.regeneration_heat_kj_per_kg_water,
        fan_efficiency=settings.dry_room_fan_efficiency,
        heater_efficiency=settings.dry_room_heater_efficiency,
        regeneration_carrier=settings.regeneration_carrier)



def outdoor_hourly(settings: EnergySettings, n_hours: int
                   ) -> tuple[FloatArray, FloatArray] | None:
    """Outdoor temperature [°C] and RH [%] for each hour of the run.

    Returns None for a named climate without a start day: the room then draws its annual
    mean power (:func:`hourly_room_energy_kwh`).
    """
    hours = np.arange(n_hours, dtype=float)
    source = settings.climate_source()
    if source == "constant":
        return (np.full(n_hours, float(settings.outdoor_temperature_c)),
                np.full(n_hours, float(settings.outdoor_relative_humidity_pct)))
    if source == "hourly":
        index = np.arange(n_hours) % len(settings.outdoor_hourly_temperature_c or [0.0])
        return (np.asarray(settings.outdoor_hourly_temperature_c, dtype=float)[index],
                np.asarray(settings.outdoor_hourly_relative_humidity_pct, dtype=float)[index])
    if settings.run_start_day_of_year is None:
        return None
    start_h = (settings.run_start_day_of_year - 1) * 24.0
    return dryroom.climate_profile(settings.outdoor_climate or DEFAULT_CLIMATE,
                                   start_h + hours + 0.5)


def hourly_room_energy_kwh(settings: EnergySettings, params: dryroom.DryRoomParameters,
                           n_hours: int, internal_heat_gain_w: FloatArray | float = 0.0
                           ) -> CarrierKwh:
    """Whole-room dry-room energy for each hour of the run, by carrier [kWh].

    Parameters
    ----------
    settings : EnergySettings
        Outdoor climate.
    params : DryRoomParameters
        Room and unit.
    n_hours : int
        Hours of the run.
    internal_heat_gain_w : ndarray or float
        Sensible heat released in the room in each hour [W].

    Notes
    -----
    A named climate without a start day gives, for each hour, the room's mean over the
    climate year at that hour's heat gain (:func:`process_models.dryroom.mean_dry_room_energy_kwh`).
    """
    gain_w = np.broadcast_to(np.asarray(internal_heat_gain_w, dtype=float), (n_hours,))
    outdoor = outdoor_hourly(settings, n_hours)
    if outdoor is not None:
        return dryroom.dry_room_energy_kwh(SECONDS_PER_HOUR, *outdoor, params, gain_w)
    year_t, year_rh = dryroom.climate_profile(settings.outdoor_climate or DEFAULT_CLIMATE,
                                              np.arange(HOURS_PER_YEAR) + 0.5)
    return dryroom.mean_dry_room_energy_kwh(SECONDS_PER_HOUR, year_t, year_rh, params, gain_w)


def heat_released_indoors_kwh(scenario: Scenario, intervals: pd.DataFrame,
                              stages: Mapping[str, Mapping[str, FloatArray]],
                              settings: EnergySettings) -> FloatArray:
    """Heat the line's stations release into the dry room, per interval [kWh].

    Parameters
    ----------
    scenario : Scenario
        The scenario that was run.
    intervals : DataFrame
        The run's interval table.
    stages : mapping
        Electrode-making stages per carrier and interval (:func:`route_stages_kwh`).
    settings : EnergySettings
        Supplies ``line_heat_to_room_fraction`` and whether the dryer stays hot off shift.

    Notes
    -----
    Q = f·Σ E_el of every stage but ``solvent_recovery`` (its chiller rejects its heat
    outdoors), plus for the slurry route the dryer's casing loss U·A·(T_air − T_hall)·t_hot;
    the dryer's burner heat otherwise leaves with its exhaust. Compressed air is produced
    outside the room.
    """
    released = sum((np.asarray(carriers.get("electricity", 0.0), dtype=float)
                    for stage, carriers in stages.items() if stage != "solvent_recovery"),
                   np.zeros(len(intervals)))
    released = settings.line_heat_to_room_fraction * released
    if scenario.route == "slurry":
        web = WebTimes.from_intervals(intervals)
        dryer = dryer_parameters(scenario)
        casing_w_per_k = (dryer.casing_u_w_per_m2_k * dryer.casing_area_per_length_m2_per_m
                          * dryer.dryer_length_m)
        hot_s = web.running_s + web.held_idle_s(settings.dryer_hot_off_shift)
        lift_k = np.maximum(dryer.air_temperature_c - web.hall_temperature_c, 0.0)
        released = released + casing_w_per_k * lift_k * hot_s / (SECONDS_PER_HOUR * 1000.0)
    return released


def _hourly_mean_power_w(intervals: pd.DataFrame, energy_kwh: FloatArray, n_hours: int
                         ) -> FloatArray:
    """Mean power of a per-interval energy over each hour of the run [W]."""
    if len(intervals) == 0:
        return np.zeros(n_hours)
    start_h = intervals["start_h"].to_numpy(dtype=float)
    end_h = intervals["end_h"].to_numpy(dtype=float)
    bounds_h = np.concatenate((start_h[:1], end_h))
    cumulative = np.concatenate(([0.0], np.cumsum(energy_kwh)))
    per_hour = np.diff(np.interp(np.arange(n_hours + 1, dtype=float), bounds_h, cumulative))
    return per_hour * 1000.0


def dry_room_kwh(scenario: Scenario, intervals: pd.DataFrame, settings: EnergySettings,
                 line_heat_kwh: FloatArray | None = None) -> CarrierKwh:
    """The line's floor-area share of its dry room, per interval and carrier [kWh].

    Parameters
    ----------
    scenario : Scenario
        The scenario that was run.
    intervals : DataFrame
        The run's interval table.
    settings : EnergySettings
        Outdoor climate and dry room.
    line_heat_kwh : ndarray, optional
        Heat the line releases into the room per interval [kWh]
        (:func:`heat_released_indoors_kwh`); unset: none.

    Notes
    -----
    Every route is charged its share of a dry room, the slurry reference included: its
    electrodes go on to cell assembly, which needs the dry room whatever made them, and
    the electrodes are handled dry after drying. This is a boundary choice; the
    ``energy_electrode_making_kwh_per_m2`` KPI leaves the dry room out.

    The room runs around the clock. Its hourly energy is integrated over each interval
    exactly: the power is constant within an hour, so the cumulative energy is piecewise
    linear in time and is interpolated at the interval bounds.

    The line's heat is a sensible load (:func:`process_models.dryroom.dry_room_loads_w`): it
    first replaces post-heating, then must be removed by post-cooling at 1/COP. The room is
    evaluated as if all of its floor released heat at the line's rate per m², so that the
    floor-area share charges the line exactly for its own heat.
    """
    start_h = intervals["start_h"].to_numpy(dtype=float)
    end_h = intervals["end_h"].to_numpy(dtype=float)
    duration = end_h - start_h
    hall_c = float(np.average(intervals["temperature_c"], weights=duration)
                   if duration.sum() > 0 else scenario.environment.temperature_c)
    params = dry_room_parameters(scenario, settings, hall_c)
    n_hours = max(int(np.ceil(end_h.max(initial=0.0))), 1)
    grid_h = np.arange(n_hours + 1, dtype=float)
    gain_w = np.zeros(n_hours)
    if line_heat_kwh is not None and settings.line_floor_area_m2 > 0.0:
        gain_w = (_hourly_mean_power_w(intervals, line_heat_kwh, n_hours)
                  * settings.room_floor_area_m2 / settings.line_floor_area_m2)
    out: CarrierKwh = {}
    for carrier, per_hour in hourly_room_energy_kwh(settings, params, n_hours, gain_w).items():
        cumulative = np.concatenate(([0.0], np.cumsum(per_hour)))
        room = np.interp(end_h, grid_h, cumulative) - np.interp(start_h, grid_h, cumulative)
        out[carrier] = dryroom.allocate_by_floor_area(room, settings.line_floor_area_m2,
                                                      settings.room_floor_area_m2)
    return out
