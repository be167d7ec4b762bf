"""Energy of each station of a route, per interval and carrier, from the run's interval table."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from line_sim.engine.energy.web_times import (
    CarrierKwh,
    FloatArray,
    WebGeometry,
    WebTimes,
    fibrillator_times,
    mixer_times,
)
from line_sim.engine.process_chain import ProcessChain, dryer_parameters, process_chain
from line_sim.scenario.energy import EnergySettings
from line_sim.scenario.model import Scenario
from process_models.energy import (
    INSPECTION,
    WINDING,
    CalenderDriveParameters,
    CompressedAirParameters,
    JetMillParameters,
    MixerParameters,
    ShearFibrillatorParameters,
    SprayBoothParameters,
    calender_energy_kwh,
    heated_roll_energy_kwh,
    jet_mill_energy_kwh,
    mixer_energy_kwh,
    shear_fibrillator_energy_kwh,
    spray_booth_energy_kwh,
    station_energy_kwh,
)
from process_models.slurry import (
    SLOT_DIE_COATER,
    SolventRecoveryParameters,
    design_solvent_rate_kg_per_s,
    dryer_energy_kwh,
    slurry_mixing_energy_kwh,
    solvent,
    solvent_mass_per_m2_kg,
    solvent_recovery_energy_kwh,
)

# --------------------------------------------------------------------------- station stages


def _scaled(parts: Mapping[str, FloatArray], factor: float) -> CarrierKwh:
    return {carrier: np.asarray(value, dtype=float) * factor for carrier, value in parts.items()}


def _summed(*parts: Mapping[str, FloatArray]) -> CarrierKwh:
    out: CarrierKwh = {}
    for part in parts:
        for carrier, value in part.items():
            out[carrier] = out.get(carrier, 0.0) + np.asarray(value, dtype=float)
    return out


def heated_nip_kwh(web: WebTimes, geometry: WebGeometry, web_kg: FloatArray,
                   roll_temperature_c: float, line_load_n_per_mm: float,
                   thickness_reduction_m: float, hot_off_shift: bool,
                   web_inlet_temperature_c: FloatArray | None = None) -> CarrierKwh:
    """One heated nip: roll heaters (surface losses, web heating) and drive [kWh].

    Parameters
    ----------
    web : WebTimes
        Interval times of the web group.
    geometry : WebGeometry
        Coated width (roll face, line-load width).
    web_kg : ndarray
        Web mass through the nip per interval [kg].
    roll_temperature_c : float
        Roll surface temperature [°C].
    line_load_n_per_mm : float
        Line load [N/mm].
    thickness_reduction_m : float
        Thickness reduction in this nip [m].
    hot_off_shift : bool
        Rolls held hot off shift.
    web_inlet_temperature_c : ndarray, optional
        Web temperature entering the nip per interval [°C]; unset: the hall temperature.
    """
    heat = heated_roll_energy_kwh(web.running_s, web.held_idle_s(hot_off_shift),
                                  roll_temperature_c, web.hall_temperature_c,
                                  web.mass_flow_kg_per_s(web_kg), geometry.rolls(),
                                  web_inlet_temperature_c)
    drive = calender_energy_kwh(web.running_s, web.idle_s, line_load_n_per_mm * 1000.0,
                                geometry.coated_width_m, web.speed_m_per_s(), thickness_reduction_m,
                                CalenderDriveParameters())
    return _summed(heat, drive)


def pass_inlet_temperatures_c(hall_temperature_c: FloatArray, roll_temperature_c: float,
                              passes: int, approach: float, retention: float
                              ) -> list[FloatArray]:
    """Web temperature entering each pass of a multi-pass calender [°C].

    Parameters
    ----------
    hall_temperature_c : ndarray
        Hall temperature per interval [°C]; the first pass takes the web from the hall.
    roll_temperature_c : float
        Roll surface temperature of every pass [°C].
    passes : int
        Number of passes.
    approach : float
        Share of the roll-to-web difference the web closes in a nip [-]
        (:attr:`process_models.energy.HeatedRollParameters.web_temperature_approach`).
    retention : float
        Share of its rise above the hall the web keeps until the next pass [-]
        (``interpass_heat_retention``, assumption).

    Notes
    -----
    T_out,k = T_in,k + a·max(T_roll − T_in,k, 0); T_in,k+1 = T_hall + r·(T_out,k − T_hall).
    """
    inlet = np.asarray(hall_temperature_c, dtype=float)
    inlets = []
    for _ in range(passes):
        inlets.append(inlet)
        outlet = inlet + approach * np.maximum(roll_temperature_c - inlet, 0.0)
        inlet = hall_temperature_c + retention * (outlet - hall_temperature_c)
    return inlets


def multi_pass_nip_kwh(web: WebTimes, geometry: WebGeometry, web_kg: FloatArray,
                       roll_temperature_c: float, line_load_n_per_mm: float, passes: int,
                       thickness_reduction_m: float, settings: EnergySettings) -> CarrierKwh:
    """``passes`` heated nips in a row sharing a thickness reduction in equal steps [kWh].

    Notes
    -----
    Every nip loses the same surface heat and runs the same drive; the web heat falls from
    pass to pass because the web arrives still warm (:func:`pass_inlet_temperatures_c`).
    """
    inlets = pass_inlet_temperatures_c(web.hall_temperature_c, roll_temperature_c, passes,
                                       geometry.rolls().web_temperature_approach,
                                       settings.interpass_heat_retention)
    return _summed(*(heated_nip_kwh(web, geometry, web_kg, roll_temperature_c,
                                    line_load_n_per_mm, thickness_reduction_m / passes,
                                    settings.heated_rolls_hot_off_shift, inlet)
                     for inlet in inlets))


def mixer_parameters(scenario: Scenario, settings: EnergySettings) -> MixerParameters:
    """The route's batch mixer: idle power and shaft work per kg, over one drive efficiency.

    Notes
    -----
    Dry routes: the station's ``specific_energy_kj_per_kg`` per kg of powder and
    ``dry_mixer_idle_power_w``; slurry: ``wet_mixing_kj_per_kg_slurry`` per kg of slurry and
    ``slurry_mixer_idle_power_w``. Both divide the work by ``drive_efficiency``.
    """
    if scenario.route == "slurry":
        return MixerParameters(settings.slurry_mixer_idle_power_w,
                               settings.wet_mixing_kj_per_kg_slurry, settings.drive_efficiency)
    return MixerParameters(settings.dry_mixer_idle_power_w,
                           scenario.stations.mixer.specific_energy_kj_per_kg,
                           settings.drive_efficiency)


def mixing_kwh(scenario: Scenario, intervals: pd.DataFrame, web: WebTimes,
               settings: EnergySettings) -> CarrierKwh:
    """Batch mixer: idle power plus mixing work per kg over the drive efficiency [kWh].

    Notes
    -----
    The mixer mixes one batch per cycle (mixing plus load/unload), so the mass mixed in an
    interval is t_mixing·m_batch/t_cycle and a finished batch costs
    m_batch·w/η + P_idle·t_cycle (:func:`mixer_parameters`). The slurry route's mixer
    disperses the solids in solvent, so its mass is the slurry, m_solids/φ.
    """
    mixer = scenario.stations.mixer
    mixing_s, idle_s = mixer_times(intervals, web.duration_s)
    cycle_s = (mixer.mixing_time_min + mixer.load_unload_min) * 60.0
    mixed_kg = mixing_s * mixer.batch_mass_kg / cycle_s
    params = mixer_parameters(scenario, settings)
    if scenario.route == "slurry":
        return slurry_mixing_energy_kwh(mixing_s, idle_s, mixed_kg,
                                        scenario.stations.coater.solids_mass_fraction, params)
    return mixer_energy_kwh(mixing_s, idle_s, mixed_kg, params)


def fibrillation_kwh(scenario: Scenario, intervals: pd.DataFrame, web: WebTimes,
                     settings: EnergySettings) -> CarrierKwh:
    """BF fibrillator by kind: jet mill on compressed air, kneader/twin screw on shear [kWh].

    Notes
    -----
    Kneader and twin screw: E = P_idle·t_on + m·E_shear/η with E_shear the station's
    ``specific_energy_kj_per_kg``. Jet mill: E_air = m·v_air·e_CA plus auxiliaries.
    """
    fib = scenario.stations.fibrillator
    running, idle, mass = fibrillator_times(intervals, web.duration_s)
    if fib.kind == "jet_mill":
        supply = CompressedAirParameters(settings.compressed_air_kwh_per_nm3)
        return jet_mill_energy_kwh(running, idle, mass, JetMillParameters(
            specific_air_nm3_per_kg=settings.jet_mill_air_nm3_per_kg, supply=supply))
    return shear_fibrillator_energy_kwh(running, idle, mass, ShearFibrillatorParameters(
        specific_shear_energy_kj_per_kg=fib.specific_energy_kj_per_kg,
        drive_efficiency=settings.drive_efficiency))


def bf_thickness_reductions_m(geometry: WebGeometry, settings: EnergySettings
                             ) -> tuple[float, float]:
    """Film-calender and laminator shares of the BF compaction, per side [m].

    Notes
    -----
    The coating is compacted once, from the uncalendered to the final thickness
    (:attr:`WebGeometry.thickness_reduction_m`): the laminator takes
    ``laminator_thickness_reduction_um`` of it (at most all of it) and the film calender the
    rest, so the two stations never count the same compaction work.
    """
    laminator = min(settings.laminator_thickness_reduction_um * 1e-6,
                    geometry.thickness_reduction_m)
    return geometry.thickness_reduction_m - laminator, laminator


def film_calendering_kwh(scenario: Scenario, web: WebTimes, geometry: WebGeometry,
                         settings: EnergySettings) -> CarrierKwh:
    """BF film calender: ``passes`` heated nips per coated side, each carrying one film [kWh].

    Notes
    -----
    The dough is compacted by the calender's share of the total reduction
    (:func:`bf_thickness_reductions_m`) in equal steps, one per pass (assumption); later
    passes get the film still warm from the pass before (:func:`multi_pass_nip_kwh`).
    """
    cal = scenario.stations.calender
    film_kg = web.solids_kg / geometry.coated_sides
    calender_m, _ = bf_thickness_reductions_m(geometry, settings)
    one_side = multi_pass_nip_kwh(web, geometry, film_kg, cal.roll_temperature_c,
                                  cal.line_load_n_per_mm, cal.passes, calender_m, settings)
    return _scaled(one_side, geometry.coated_sides)


def lamination_kwh(scenario: Scenario, web: WebTimes, geometry: WebGeometry,
                   settings: EnergySettings) -> CarrierKwh:
    """BF laminator: one heated nip carrying the foil and both films [kWh].

    Notes
    -----
    The nip bonds the films to the foil and does the last part of the compaction, the
    laminator's share of :func:`bf_thickness_reductions_m`; the film calender does the rest.
    """
    lam = scenario.stations.laminator
    web_kg = web.solids_kg + geometry.foil_kg_per_m * web.length_m
    _, laminator_m = bf_thickness_reductions_m(geometry, settings)
    return heated_nip_kwh(web, geometry, web_kg, lam.nip_temperature_c, lam.line_load_n_per_mm,
                          laminator_m, settings.heated_rolls_hot_off_shift)


def calendering_kwh(web: WebTimes, geometry: WebGeometry, roll_temperature_c: float,
                    line_load_n_per_mm: float, passes: int, settings: EnergySettings
                    ) -> CarrierKwh:
    """Calender of a coated foil (DPSD hot calender, slurry calender): ``passes`` nips [kWh]."""
    web_kg = geometry.coating_kg_per_m * web.length_m + geometry.foil_kg_per_m * web.length_m
    return multi_pass_nip_kwh(web, geometry, web_kg, roll_temperature_c, line_load_n_per_mm,
                              passes, geometry.thickness_reduction_m, settings)


def spray_deposition_kwh(chain: ProcessChain, web: WebTimes, geometry: WebGeometry,
                         settings: EnergySettings) -> CarrierKwh:
    """DPSD spray booths, one per coated side: carrier gas, HV and recovery fan [kWh].

    Notes
    -----
    The guns spray the deposited coating over the first-pass transfer efficiency,
    m_sprayed = m_coating/η(RH); recovered overspray is sprayed again and so counted.
    """
    eta = chain.transfer_efficiency(web.hall_relative_humidity_pct)  # type: ignore[attr-defined]
    sprayed_kg = geometry.coating_kg_per_m * web.length_m / eta
    booth = SprayBoothParameters(supply=CompressedAirParameters(settings.compressed_air_kwh_per_nm3))
    one_side = spray_booth_energy_kwh(web.running_s, web.idle_s,
                                      sprayed_kg / geometry.coated_sides, booth)
    return _scaled(one_side, geometry.coated_sides)


def slurry_stages_kwh(scenario: Scenario, web: WebTimes, geometry: WebGeometry,
                      settings: EnergySettings) -> dict[str, CarrierKwh]:
    """Slurry coater, dryer and (for NMP) solvent recovery [kWh].

    Notes
    -----
    Solvent per interval m_s = m_solids·(1 − φ)/φ; the exhaust is set for the solvent rate at
    set speed over the coated width, both coated sides at the target loading
    (:func:`process_models.slurry.design_solvent_rate_kg_per_s`).
    """
    coater = scenario.stations.coater
    props = solvent(coater.solvent)
    dryer = dryer_parameters(scenario)
    solvent_per_solids = (1.0 - coater.solids_mass_fraction) / coater.solids_mass_fraction
    solvent_kg = web.solids_kg * solvent_per_solids
    design = design_solvent_rate_kg_per_s(
        scenario.line.speed_m_per_min / 60.0, geometry.coated_width_m, geometry.coated_sides,
        solvent_mass_per_m2_kg(geometry.coating_kg_per_m2, coater.solids_mass_fraction))
    web_kg = (geometry.coating_kg_per_m + geometry.foil_kg_per_m) * web.length_m
    hot_idle = web.held_idle_s(settings.dryer_hot_off_shift)
    stages = {
        "coating": station_energy_kwh(web.running_s, web.idle_s, 0.0, SLOT_DIE_COATER),
        "drying": dryer_energy_kwh(web.running_s, hot_idle, solvent_kg, web_kg,
                                   web.hall_temperature_c, design, props, dryer),
    }
    if props.recoverable:
        stages["solvent_recovery"] = solvent_recovery_energy_kwh(
            web.running_s, hot_idle, solvent_kg, web.hall_temperature_c, design, props, dryer,
            SolventRecoveryParameters())
    return stages


def web_auxiliaries_kwh(web: WebTimes) -> dict[str, CarrierKwh]:
    """Inspection (gauge, cameras) and winding (unwinder, rewinder, guiding) [kWh]."""
    return {
        "inspection": station_energy_kwh(web.running_s, web.idle_s, 0.0, INSPECTION),
        "winding": station_energy_kwh(web.running_s, web.idle_s, 0.0, WINDING),
    }


def route_stages_kwh(scenario: Scenario, intervals: pd.DataFrame, settings: EnergySettings,
                     chain: ProcessChain | None = None) -> dict[str, CarrierKwh]:
    """Electrode-making stages of the scenario's route, per interval and carrier [kWh].

    Parameters
    ----------
    scenario, intervals, settings
        As :func:`energy_breakdown`.
    chain : ProcessChain, optional
        The scenario's process chain, as the run built it; unset: built here.
    """
    chain = _chain_of(scenario, chain)
    web = WebTimes.from_intervals(intervals)
    geometry = WebGeometry.from_chain(chain)
    stages = {"mixing": mixing_kwh(scenario, intervals, web, settings)}
    if scenario.route == "BF":
        stages["fibrillation"] = fibrillation_kwh(scenario, intervals, web, settings)
        stages["film_calendering"] = film_calendering_kwh(scenario, web, geometry, settings)
        stages["lamination"] = lamination_kwh(scenario, web, geometry, settings)
    elif scenario.route == "DPSD":
        hc = scenario.stations.hot_calender
        stages["spray_deposition"] = spray_deposition_kwh(chain, web, geometry, settings)
        stages["hot_calendering"] = calendering_kwh(web, geometry, hc.roll_temperature_c,
                                                    hc.line_load_n_per_mm, hc.passes, settings)
    else:
        cal = scenario.stations.calender
        stages |= slurry_stages_kwh(scenario, web, geometry, settings)
        stages["calendering"] = calendering_kwh(web, geometry, cal.roll_temperature_c,
                                                cal.line_load_n_per_mm, cal.passes, settings)
    return stages | web_auxiliaries_kwh(web)


def _chain_of(scenario: Scenario, chain: ProcessChain | None) -> ProcessChain:
    return chain if chain is not None else process_chain(scenario)
