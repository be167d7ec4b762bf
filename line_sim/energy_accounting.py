"""Energy of a run: every station of its route and its share of the dry room.

The line engine's interval table holds one row per interval between events, with rates
constant inside. From it each station gets, in one vectorised pass, its running time, its
idle time (on, but stopped, starved, blocked or failed) and the mass it processed, and the
station functions of :mod:`process_models.energy`, :mod:`process_models.slurry` and
:mod:`process_models.dryroom` turn these into kWh per interval and carrier. Station physics
settings (temperatures, line loads, passes, specific shear energy, dryer settings) come from
the scenario's stations; what only the energy balance needs (outdoor climate, dry room,
utilities, CO2 factors) comes from :class:`EnergySettings`, a scenario's ``[energy]`` table.

System boundary (see docs/energy.md): final energy at the meter, per carrier
(``electricity``, ``heat``, ``compressed_air``), of the electrode-making stations of the
route, plus the ``dry_room`` stage: the line's floor-area share of its dry room, with the
heat the line's stations release into the room removed by its chillers. Every route, the
slurry reference too, is charged a dry room (cell assembly needs one whatever made the
electrode): a boundary choice, which ``energy_electrode_making_kwh_per_m2`` leaves out. Energies
are normalised per m^2 of *produced* electrode area (the ``produced_area_m2`` KPI: electrode
length times net width, both coated sides counted once), the physical output the stations
processed; ``energy_kwh_per_m2_good`` divides by the good area instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from process_models import dryroom
from process_models.cell import DEFAULT_STACK_MATERIALS
from process_models.energy import (
    CARRIERS,
    INSPECTION,
    WINDING,
    CalenderDriveParameters,
    CarrierEmissionFactors,
    CompressedAirParameters,
    EnergyBreakdown,
    HeatedRollParameters,
    JetMillParameters,
    MixerParameters,
    ShearFibrillatorParameters,
    SprayBoothParameters,
    areal_capacity_mah_per_cm2,
    calender_energy_kwh,
    cell_energy_kwh,
    co2_kg,
    heated_roll_energy_kwh,
    jet_mill_energy_kwh,
    mixer_energy_kwh,
    shear_fibrillator_energy_kwh,
    spray_booth_energy_kwh,
    station_energy_kwh,
)
from process_models.environment import dew_point_c
from process_models.materials import active_material
from process_models.slurry import (
    SLOT_DIE_COATER,
    SLURRY_MIXING_WORK_KJ_PER_KG,
    DryerParameters,
    SolventRecoveryParameters,
    design_solvent_rate_kg_per_s,
    dryer_energy_kwh,
    slurry_mixing_energy_kwh,
    solvent,
    solvent_mass_per_m2_kg,
    solvent_recovery_energy_kwh,
)

if TYPE_CHECKING:
    from line_sim.physics import ProcessChain
    from line_sim.scenario import Environment, Scenario

FloatArray = NDArray[np.float64]
CarrierKwh = dict[str, FloatArray]

SECONDS_PER_HOUR = 3600.0
HOURS_PER_YEAR = 8760
MG_PER_CM2_TO_KG_PER_M2 = 0.01
DRY_ROOM_STAGE = "dry_room"
ROLL_FACE_MARGIN_M = 0.3
"""Roll face length beyond the coated width [m] (assumption, 0.2–0.4; HeatedRollParameters)."""
DEFAULT_CLIMATE = "central_europe"
"""Outdoor climate used when an ``[energy]`` table names none."""


# --------------------------------------------------------------------------- settings


def _efficiency_field(default: float, description: str) -> Any:
    return Field(default, description=description, gt=0.0, le=1.0)


class EnergySettings(BaseModel):
    """A scenario's ``[energy]`` table: outdoor climate, dry room, utilities, CO2.

    The outdoor climate is one of: a named climate (``outdoor_climate``), a constant
    outdoor state (``outdoor_temperature_c`` with ``outdoor_relative_humidity_pct``) or an
    hourly profile from the start of the run (both ``outdoor_hourly_*`` lists, repeated if
    the run is longer). None given: the ``central_europe`` climate.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

    outdoor_climate: str | None = Field(
        None, description="Named outdoor climate of the site (process_models.dryroom.CLIMATES: "
        "central_europe, nordic, east_asia_humid, us_southwest).")
    outdoor_temperature_c: float | None = Field(
        None, description="Constant outdoor temperature [°C].", ge=-40.0, le=50.0)
    outdoor_relative_humidity_pct: float | None = Field(
        None, description="Constant outdoor relative humidity [%].", ge=0.0, le=100.0)
    outdoor_hourly_temperature_c: list[float] | None = Field(
        None, description="Outdoor temperature for each hour from the start of the run [°C], "
        "-40 to 50; repeated when the run is longer.", min_length=1, max_length=8784)
    outdoor_hourly_relative_humidity_pct: list[float] | None = Field(
        None, description="Outdoor relative humidity for each hour from the start of the run "
        "[%], 0 to 100; same length as the temperatures.", min_length=1, max_length=8784)
    run_start_day_of_year: int | None = Field(
        None, description="Day of the year the run starts on, for a named climate [-]; unset: "
        "the climate's annual mean dry-room power (a yearly figure).", ge=1, le=365)
    dew_point_target_c: float | None = Field(
        None, description="Dew point the dry room holds [°C]; unset: the dew point of the "
        "scenario's base hall climate ([environment]).", ge=-80.0, le=30.0)
    room_volume_m3: float = Field(6000.0, description="Conditioned dry-room volume [m³] "
                                  "(assumption).", gt=0.0, le=1e6)
    room_floor_area_m2: float = Field(1500.0, description="Dry-room floor area [m²] "
                                      "(assumption).", gt=0.0, le=1e5)
    line_floor_area_m2: float = Field(
        600.0, description="Floor area of the line inside the dry room, for allocation [m²] "
        "(assumption: a 60 m x 10 m line).", ge=0.0, le=1e5)
    fresh_air_changes_per_h: float = Field(
        2.0, description="Make-up air for pressurisation and exhausts [1/h] (assumption 1-4).",
        ge=0.0, le=50.0)
    recirculation_air_changes_per_h: float = Field(
        30.0, description="Air moved through the dehumidifier [1/h] (Bry-Air: 20-50).",
        ge=0.0, le=200.0)
    internal_moisture_kg_per_h: float = Field(
        1.0, description="Moisture released inside the room [kg/h] (assumption 0.1-5).",
        ge=0.0, le=100.0)
    line_heat_to_room_fraction: float = Field(
        0.7, description="Share of the electricity of the line's stations released as "
        "sensible heat into the dry room [-] (assumption 0.5-0.9: drives, heated-roll surfaces, "
        "HV supplies end up as room heat; the rest leaves with dryer and booth exhaust air, "
        "cooling water and the product). The NMP-recovery chiller and the compressors stand "
        "outside the room.", ge=0.0, le=1.0)
    dry_room_chiller_cop: float = Field(3.5, description="COP of the chilled-water plant [-] "
                                        "(assumption 2.5-5).", gt=0.0, le=10.0)
    regeneration_heat_kj_per_kg_water: float = Field(
        6000.0, description="Desiccant regeneration heat per kg water at -40 °C dew point "
        "[kJ/kg] (assumption 3000-12000).", gt=0.0, le=50000.0)
    regeneration_carrier: Literal["heat", "electricity"] = Field(
        "heat", description="Carrier of the regeneration heat.")
    dry_room_heater_efficiency: float = _efficiency_field(
        0.9, "Efficiency of the dry room's post-heating and regeneration heat supply [-] "
        "(assumption 0.85-1).")
    dry_room_fan_efficiency: float = _efficiency_field(
        0.65, "Dry-room fan, motor and drive efficiency [-] (assumption 0.55-0.75).")
    drive_efficiency: float = _efficiency_field(
        0.9, "Motor and gearbox efficiency of mixer and fibrillator drives, dry and wet alike "
        "[-] (assumption 0.85-0.95).")
    dry_mixer_idle_power_w: float = Field(
        3000.0, description="Power of the dry (BF, DPSD) batch mixer whenever on, mixing or "
        "not [W] (assumption 1000-6000).", ge=0.0, le=1e6)
    slurry_mixer_idle_power_w: float = Field(
        5000.0, description="Power of the slurry mixer (planetary/dissolver, vacuum) whenever "
        "on [W] (assumption 3000-10000).", ge=0.0, le=1e6)
    heated_rolls_hot_off_shift: bool = Field(
        False, description="Heated rolls stay at temperature between shifts.")
    interpass_heat_retention: float = Field(
        0.5, description="Share of its temperature rise above the hall that the web keeps "
        "from one calender pass to the next [-] (assumption 0.2-0.8: the film cools only "
        "partly on the few metres between stands; 0 re-heats it from the hall every pass).",
        ge=0.0, le=1.0)
    dryer_hot_off_shift: bool = Field(
        False, description="The slurry dryer stays hot between shifts.")
    compressed_air_kwh_per_nm3: float = Field(
        0.11, description="Compressor electricity per Nm³ of compressed air or carrier gas "
        "[kWh/Nm³] (CAGI 0.083-0.117).", gt=0.0, le=1.0)
    jet_mill_air_nm3_per_kg: float = Field(
        3.0, description="Grinding air of a jet-mill fibrillator per kg powder [Nm³/kg] "
        "(assumption 0.8-8).", gt=0.0, le=50.0)
    wet_mixing_kj_per_kg_slurry: float = Field(
        SLURRY_MIXING_WORK_KJ_PER_KG, description="Slurry-route mixing work into the slurry "
        "per kg of slurry, at the shaft (before the drive efficiency) [kJ/kg] (assumption "
        "50-500, of the order of Degen et al. 2023's mixing share).", gt=0.0, le=2000.0)
    laminator_thickness_reduction_um: float = Field(
        20.0, description="Part of the total compaction (uncalendered to final coating "
        "thickness) done in the BF laminating nip [µm]; the film calender does the rest, so "
        "no compaction is counted twice; capped at the total (assumption 5-40).",
        ge=0.0, le=500.0)
    co2_electricity_kg_per_kwh: float | None = Field(
        None, description="CO2 factor of electricity [kg/kWh]; unset: no CO2 KPI.",
        ge=0.0, le=2.0)
    co2_heat_kg_per_kwh: float = Field(
        0.202 / 0.9, description="CO2 factor of heat [kg/kWh] (natural gas 0.202 kg/kWh fuel "
        "(IPCC 2006) over a 0.9 boiler).", ge=0.0, le=2.0)
    co2_compressed_air_kg_per_kwh: float | None = Field(
        None, description="CO2 factor of compressor electricity [kg/kWh]; unset: that of "
        "electricity.", ge=0.0, le=2.0)

    @field_validator("outdoor_climate")
    @classmethod
    def _known_climate(cls, name: str | None) -> str | None:
        if name is not None and name not in dryroom.CLIMATES:
            raise ValueError(f"unknown climate {name!r}; allowed: "
                             + ", ".join(sorted(dryroom.CLIMATES)))
        return name

    @field_validator("outdoor_hourly_temperature_c")
    @classmethod
    def _hourly_temperatures(cls, values: list[float] | None) -> list[float] | None:
        return _within("outdoor_hourly_temperature_c", values, -40.0, 50.0)

    @field_validator("outdoor_hourly_relative_humidity_pct")
    @classmethod
    def _hourly_humidities(cls, values: list[float] | None) -> list[float] | None:
        return _within("outdoor_hourly_relative_humidity_pct", values, 0.0, 100.0)

    @model_validator(mode="after")
    def _consistent(self) -> EnergySettings:
        problems = _climate_source_problems(self)
        if self.line_floor_area_m2 > self.room_floor_area_m2:
            problems.append(f"line_floor_area_m2 = {self.line_floor_area_m2} exceeds "
                            f"room_floor_area_m2 = {self.room_floor_area_m2}; allowed: "
                            "0 to room_floor_area_m2")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def climate_source(self) -> str:
        """``"named"``, ``"constant"`` or ``"hourly"``."""
        if self.outdoor_temperature_c is not None:
            return "constant"
        if self.outdoor_hourly_temperature_c is not None:
            return "hourly"
        return "named"

    def emission_factors(self) -> CarrierEmissionFactors | None:
        """CO2 factors per carrier, or None without an electricity factor."""
        if self.co2_electricity_kg_per_kwh is None:
            return None
        return CarrierEmissionFactors(self.co2_electricity_kg_per_kwh, self.co2_heat_kg_per_kwh,
                                      self.co2_compressed_air_kg_per_kwh)


def _within(name: str, values: list[float] | None, low: float, high: float
            ) -> list[float] | None:
    for i, value in enumerate(values or []):
        if not low <= value <= high:
            raise ValueError(f"{name}[{i}] = {value} is outside the allowed range "
                             f"[{low}, {high}]")
    return values


def _climate_source_problems(s: EnergySettings) -> list[str]:
    constant = (s.outdoor_temperature_c, s.outdoor_relative_humidity_pct)
    hourly = (s.outdoor_hourly_temperature_c, s.outdoor_hourly_relative_humidity_pct)
    problems = []
    if (constant[0] is None) != (constant[1] is None):
        problems.append("outdoor_temperature_c and outdoor_relative_humidity_pct go together; "
                        "set both or neither")
    if (hourly[0] is None) != (hourly[1] is None):
        problems.append("outdoor_hourly_temperature_c and outdoor_hourly_relative_humidity_pct "
                        "go together; set both or neither")
    elif hourly[0] is not None and len(hourly[0]) != len(hourly[1] or []):
        problems.append(f"outdoor_hourly_temperature_c has {len(hourly[0])} values but "
                        f"outdoor_hourly_relative_humidity_pct {len(hourly[1] or [])}; allowed: "
                        "equal lengths")
    given = [name for name, value in (("outdoor_climate", s.outdoor_climate),
                                      ("outdoor_temperature_c", constant[0]),
                                      ("outdoor_hourly_temperature_c", hourly[0]))
             if value is not None]
    if len(given) > 1:
        problems.append(f"give one outdoor climate, not {' and '.join(given)}")
    return problems


def energy_problems(scenario: Scenario, settings: EnergySettings) -> list[str]:
    """Settings that contradict the scenario (empty if none).

    Parameters
    ----------
    scenario : Scenario
        The scenario the settings belong to.
    settings : EnergySettings
        Its ``[energy]`` table.

    Returns
    -------
    list of str
        One message per problem, naming the field, its value and the allowed range: a
        dew-point target at or above a hall temperature of the scenario (base, daily
        profile or excursion), or a dryer air temperature not above the hall.
    """
    problems = []
    coldest_path, coldest_c = min(hall_temperatures_c(scenario.environment), key=lambda p: p[1])
    target = settings.dew_point_target_c
    if target is not None and target >= coldest_c:
        problems.append(f"energy.dew_point_target_c = {target} °C is at or above the hall "
                        f"temperature {coldest_path} = {coldest_c} °C; allowed: below "
                        f"{coldest_c} °C")
    implied = _base_dew_point_c(scenario.environment)
    if target is None and implied >= coldest_c:
        problems.append(f"energy.dew_point_target_c unset: the dry room would hold the base hall "
                        f"dew point {implied:.1f} °C, at or above the hall temperature "
                        f"{coldest_path} = {coldest_c} °C; allowed: set energy.dew_point_target_c "
                        f"below {coldest_c} °C or a drier base climate")
    dryer = scenario.stations.dryer
    hottest_path, hottest_c = max(hall_temperatures_c(scenario.environment), key=lambda p: p[1])
    if dryer is not None and dryer.air_temperature_c <= hottest_c:
        problems.append(f"stations.dryer.air_temperature_c = {dryer.air_temperature_c} °C is not "
                        f"above the hall temperature {hottest_path} = {hottest_c} °C; allowed: "
                        f"above {hottest_c} °C")
    return problems


def hall_temperatures_c(environment: Environment) -> list[tuple[str, float]]:
    """Every hall temperature a scenario states, with its field path [°C]."""
    if environment.daily_temperature_c is not None:
        temps = [(f"environment.daily_temperature_c[{i}]", t)
                 for i, t in enumerate(environment.daily_temperature_c)]
    else:
        temps = [("environment.temperature_c", environment.temperature_c)]
    temps += [(f"environment.excursions[{i}].temperature_c", e.temperature_c)
              for i, e in enumerate(environment.excursions) if e.temperature_c is not None]
    return temps


# --------------------------------------------------------------------------- interval times


@dataclass(frozen=True)
class WebTimes:
    """Per-interval times and flows of the web group (all arrays one value per interval).

    Attributes
    ----------
    duration_s : ndarray
        Interval length [s].
    running_s : ndarray
        Time the web moved [s].
    idle_s : ndarray
        Time on shift with the web standing (starved, failed, web break, coil change,
        handover) [s].
    off_shift_s : ndarray
        Time off shift [s].
    length_m : ndarray
        Electrode length made [m].
    solids_kg : ndarray
        Solids drawn by the web group (coating, trim, unrecovered overspray) [kg].
    hall_temperature_c, hall_relative_humidity_pct : ndarray
        Hall climate [°C, %].
    """

    duration_s: FloatArray
    running_s: FloatArray
    idle_s: FloatArray
    off_shift_s: FloatArray
    length_m: FloatArray
    solids_kg: FloatArray
    hall_temperature_c: FloatArray
    hall_relative_humidity_pct: FloatArray

    @classmethod
    def from_intervals(cls, intervals: pd.DataFrame) -> WebTimes:
        """Times of the web group from the engine's interval table."""
        duration = ((intervals["end_h"] - intervals["start_h"]).to_numpy(dtype=float)
                    * SECONDS_PER_HOUR)
        speed = intervals["speed_m_per_min"].to_numpy(dtype=float) / 60.0
        off = (intervals["line_state"].astype(str) == "off_shift").to_numpy()
        moving = speed > 0.0
        length = speed * duration
        return cls(
            duration_s=duration,
            running_s=np.where(moving, duration, 0.0),
            idle_s=np.where(~moving & ~off, duration, 0.0),
            off_shift_s=np.where(off, duration, 0.0),
            length_m=length,
            solids_kg=length * intervals["draw_per_m_kg"].to_numpy(dtype=float),
            hall_temperature_c=intervals["temperature_c"].to_numpy(dtype=float),
            hall_relative_humidity_pct=intervals["relative_humidity_pct"].to_numpy(dtype=float),
        )

    def held_idle_s(self, hot_off_shift: bool) -> FloatArray:
        """Idle time of equipment held hot, with off-shift time if it stays hot [s]."""
        return self.idle_s + self.off_shift_s if hot_off_shift else self.idle_s

    def mass_flow_kg_per_s(self, mass_kg: FloatArray) -> FloatArray:
        """Mean mass flow while running [kg/s]; 0 where the web stood."""
        return self._per_running_s(mass_kg)

    def speed_m_per_s(self) -> FloatArray:
        """Web speed while running [m/s]; 0 where the web stood."""
        return self._per_running_s(self.length_m)

    def _per_running_s(self, amount: FloatArray) -> FloatArray:
        safe = np.where(self.running_s > 0.0, self.running_s, 1.0)
        return np.where(self.running_s > 0.0, amount / safe, 0.0)


def _mixer_times(intervals: pd.DataFrame, duration_s: FloatArray
                 ) -> tuple[FloatArray, FloatArray]:
    state = intervals["mixer_state"].astype(str).to_numpy()
    mixing = np.where(state == "mixing", duration_s, 0.0)
    idle = np.where(np.isin(state, ("blocked", "failed")), duration_s, 0.0)
    return mixing, idle


def _fibrillator_times(intervals: pd.DataFrame, duration_s: FloatArray
                       ) -> tuple[FloatArray, FloatArray, FloatArray]:
    rate_kg_per_s = intervals["fibrillator_rate_kg_per_h"].to_numpy(dtype=float) / SECONDS_PER_HOUR
    state = intervals["fibrillator_state"].astype(str).to_numpy()
    on = ~np.isin(state, ("off_shift", "none"))
    running = np.where(rate_kg_per_s > 0.0, duration_s, 0.0)
    idle = np.where(on & (rate_kg_per_s <= 0.0), duration_s, 0.0)
    return running, idle, rate_kg_per_s * duration_s


# --------------------------------------------------------------------------- line geometry


@dataclass(frozen=True)
class WebGeometry:
    """Widths, areal masses and thicknesses the web stations need.

    Attributes
    ----------
    coated_width_m : float
        Width under the rolls, before edge trim [m].
    coated_sides : int
        Coated sides [-].
    foil_kg_per_m : float
        Current collector per metre of web [kg/m].
    coating_kg_per_m : float
        Coating on both sides, trim included, per metre [kg/m].
    thickness_reduction_m : float
        Uncalendered minus calendered coating thickness per side [m].
    """

    coated_width_m: float
    coated_sides: int
    foil_kg_per_m: float
    coating_kg_per_m: float
    thickness_reduction_m: float

    @classmethod
    def from_chain(cls, chain: ProcessChain) -> WebGeometry:
        """Geometry of the chain's electrode (foil from the active material's electrode)."""
        line = chain.scenario.line
        width = chain.coating_mass_per_m_kg / (chain.target_loading_kg_per_m2
                                               * line.coated_sides)
        stack = DEFAULT_STACK_MATERIALS
        foil_kg_per_m2 = (stack.cathode_collector_thickness_m * stack.aluminium_density_kg_per_m3
                          if chain.active.electrode == "cathode"
                          else stack.anode_collector_thickness_m * stack.copper_density_kg_per_m3)
        uncalendered = chain.target_loading_kg_per_m2 / (
            chain.solid_density_kg_per_m3 * (1.0 - chain.calendering.initial_porosity))
        return cls(width, line.coated_sides, foil_kg_per_m2 * width, chain.coating_mass_per_m_kg,
                   max(uncalendered - chain.nominal_thickness_m, 0.0))

    @property
    def coating_kg_per_m2(self) -> float:
        """Dry coating per coated area, one side [kg/m^2]."""
        return self.coating_kg_per_m / (self.coated_width_m * self.coated_sides)

    def rolls(self) -> HeatedRollParameters:
        """A heated nip whose face spans the coated width."""
        return HeatedRollParameters(face_length_m=self.coated_width_m + ROLL_FACE_MARGIN_M)


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
    mixing_s, idle_s = _mixer_times(intervals, web.duration_s)
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
    running, idle, mass = _fibrillator_times(intervals, web.duration_s)
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


def dryer_parameters(scenario: Scenario) -> DryerParameters:
    """The slurry dryer of the scenario's ``stations.dryer`` (other fields: defaults)."""
    station = scenario.stations.dryer
    return DryerParameters(
        air_temperature_c=station.air_temperature_c,
        film_temperature_c=min(DryerParameters().film_temperature_c, station.air_temperature_c),
        lel_fraction=station.lel_fraction,
        heat_recovery_effectiveness=station.heat_recovery_effectiveness,
        heater_efficiency=station.thermal_efficiency, dryer_length_m=station.length_m)


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
    if chain is not None:
        return chain
    from line_sim.physics import process_chain  # late: scenario -> this module -> physics

    return process_chain(scenario)


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
        target = _base_dew_point_c(scenario.environment)
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


def _base_dew_point_c(env: Environment) -> float:
    """Dew point of the base hall climate [°C]: the room's target when none is set."""
    return float(dew_point_c(env.temperature_c, max(env.relative_humidity_pct, 1e-3)))


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


# --------------------------------------------------------------------------- KPIs


def energy_breakdown(scenario: Scenario, intervals: pd.DataFrame, settings: EnergySettings,
                     chain: ProcessChain | None = None) -> EnergyBreakdown:
    """Energy of a run by stage and carrier, dry room included [kWh].

    Parameters
    ----------
    scenario : Scenario
        The scenario that was run.
    intervals : DataFrame
        The run's interval table (:attr:`line_sim.run.RunResult.intervals`).
    settings : EnergySettings
        Outdoor climate, dry room and utilities.
    chain : ProcessChain, optional
        The scenario's process chain if the caller has it; unset: built from the scenario.
    """
    stages = route_stages_kwh(scenario, intervals, settings, chain)
    released = heat_released_indoors_kwh(scenario, intervals, stages, settings)
    stages[DRY_ROOM_STAGE] = dry_room_kwh(scenario, intervals, settings, released)
    return EnergyBreakdown.from_stages(stages)


def _finite_or(value: Any, fallback: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return fallback
    return number if np.isfinite(number) else fallback


def cell_kwh_made(scenario: Scenario, kpis: Mapping[str, Any], loading_kg_per_m2: float) -> float:
    """Cell energy the good electrode stands for [kWh]: scrap makes no cells.

    Notes
    -----
    E = A_good·n_sides·Q_A·U. Q_A and U from the run's ``areal_capacity_mah_per_cm2`` and
    ``nominal_voltage_v`` KPIs, else loading·w_active·q_practical and the active material's
    nominal voltage.
    """
    material = scenario.materials.active_material
    props = active_material(material.name)
    nominal_capacity = float(areal_capacity_mah_per_cm2(
        loading_kg_per_m2, material.mass_fraction, props.specific_capacity_mah_per_g))
    capacity = _finite_or(kpis.get("areal_capacity_mah_per_cm2"), nominal_capacity)
    voltage = _finite_or(kpis.get("nominal_voltage_v"), props.nominal_voltage_v)
    area = float(kpis["good_area_m2"]) * scenario.line.coated_sides
    return float(cell_energy_kwh(area, capacity, voltage))


def _per(value: float, divisor: float) -> float:
    return value / divisor if divisor > 0.0 else float("nan")


def energy_kpis(scenario: Scenario, intervals: pd.DataFrame, kpis: Mapping[str, Any],
                settings: EnergySettings, chain: ProcessChain | None = None) -> dict[str, Any]:
    """Energy KPIs of a run, normalised per m^2 of produced electrode.

    Parameters
    ----------
    scenario : Scenario
        The scenario that was run.
    intervals : DataFrame
        The run's interval table.
    kpis : mapping
        The run's KPIs; needs ``produced_area_m2`` and ``good_area_m2``, uses
        ``mean_loading_mg_per_cm2``, ``areal_capacity_mah_per_cm2`` and ``nominal_voltage_v``
        when present.
    settings : EnergySettings
        The scenario's ``[energy]`` table.
    chain : ProcessChain, optional
        The process chain the run was built on (:func:`line_sim.run.simulate` passes it);
        unset: built from the scenario.

    Returns
    -------
    dict
        ``energy_total_kwh`` [kWh]; ``energy_kwh_per_m2`` (per m^2 of produced electrode,
        length × net width) and ``energy_kwh_per_m2_good`` (per good m^2) [kWh/m^2];
        ``energy_kwh_per_kg_coating`` (per kg of dry coating on the produced electrode, both
        sides) [kWh/kg]; ``energy_kwh_per_kwh_cell`` (per kWh of cells the good electrode
        makes) [kWh/kWh]; ``energy_by_stage_kwh_per_m2``
        and ``energy_by_carrier_kwh_per_m2`` [kWh/m^2], each summing to
        ``energy_kwh_per_m2``; ``energy_electrode_making_kwh_per_m2`` (without the dry room)
        [kWh/m^2]; ``co2_kg_per_m2`` [kg/m^2] only when an electricity CO2 factor is set.
        Per-area figures are NaN when nothing was produced.
    """
    breakdown = energy_breakdown(scenario, intervals, settings, chain)
    area = float(kpis["produced_area_m2"])
    loading = _finite_or(kpis.get("mean_loading_mg_per_cm2"),
                         scenario.quality.loading_mg_per_cm2) * MG_PER_CM2_TO_KG_PER_M2
    total = breakdown.total_kwh()
    cell_kwh = cell_kwh_made(scenario, kpis, loading) if area > 0.0 else 0.0
    by_carrier = breakdown.by_carrier()
    out: dict[str, Any] = {
        "energy_total_kwh": total,
        "energy_kwh_per_m2": _per(total, area),
        "energy_kwh_per_m2_good": _per(total, float(kpis["good_area_m2"])),
        "energy_kwh_per_kg_coating": _per(total, area * scenario.line.coated_sides * loading),
        "energy_kwh_per_kwh_cell": _per(total, cell_kwh),
        "energy_by_stage_kwh_per_m2": {s: _per(v, area) for s, v in breakdown.by_stage().items()},
        "energy_by_carrier_kwh_per_m2": {c: _per(by_carrier.get(c, 0.0), area) for c in CARRIERS},
        "energy_electrode_making_kwh_per_m2": _per(
            breakdown.without(DRY_ROOM_STAGE).total_kwh(), area),
    }
    factors = settings.emission_factors()
    if factors is not None:
        out["co2_kg_per_m2"] = _per(sum(co2_kg(breakdown, factors).values()), area)
    return out


def energy_settings_from_dict(raw: Mapping[str, Any], source: str = "<scenario>"
                              ) -> EnergySettings:
    """Validate an ``[energy]`` table; every problem is listed in the :class:`InputError`.

    Parameters
    ----------
    raw : mapping
        The table as read from TOML.
    source : str
        File name used in the messages.

    Raises
    ------
    InputError
        Naming the file, ``energy.<field>``, the value and what is allowed.
    """
    from pydantic import ValidationError

    from line_sim.errors import InputError

    try:
        return EnergySettings.model_validate(dict(raw))
    except ValidationError as exc:
        problems = [_describe_error(source, err) for err in exc.errors()]
        raise InputError(f"{source}: {len(problems)} problem(s) in the [energy] table",
                         problems) from None


def _describe_error(source: str, err: Mapping[str, Any]) -> str:
    loc = ".".join(["energy", *(str(p) for p in err["loc"])])
    message = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        return (f"{source}: {loc}: unknown key (value {err['input']!r}); allowed: "
                + ", ".join(EnergySettings.model_fields))
    value = repr(err.get("input"))
    return f"{source}: {loc} = {value if len(value) <= 80 else value[:77] + '...'}: {message}"
