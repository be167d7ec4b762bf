"""Scenario schema, TOML loading and ``--set`` overrides.

A scenario file states everything a run needs: the route, the horizon, the materials,
the hall climate, every station's settings, reliability data, the shift calendar, the
quality specification and the seed. Every field has bounds and a description; unknown
keys are refused. Fields a file leaves out take the documented defaults below.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import tomllib
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Annotated, Any, Literal, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from line_sim.electrode_design import CellSection
from line_sim.energy_accounting import EnergySettings, energy_problems
from line_sim.errors import InputError
from process_models.calendering import CalenderingParameters, WebFailureParameters
from process_models.dpsd import SprayParameters
from process_models.environment import MoistureUptakeParameters
from process_models.fibrillation import FibrillationParameters
from process_models.lamination import LaminationParameters
from process_models.materials import ACTIVE_MATERIALS, BINDERS, CONDUCTIVE_ADDITIVES
from process_models.mixing import CohesionParameters, MixingParameters

Route = Literal["BF", "DPSD", "slurry"]
"""Production routes: binder fibrillation, dry powder spray deposition, slurry reference."""

MASS_FRACTION_TOLERANCE = 1e-6

PARAMETER_SETS: dict[str, type] = {
    "moisture": MoistureUptakeParameters,
    "cohesion": CohesionParameters,
    "mixing": MixingParameters,
    "fibrillation": FibrillationParameters,
    "calendering": CalenderingParameters,
    "web_failure": WebFailureParameters,
    "lamination": LaminationParameters,
    "spray": SprayParameters,
}
"""Named, replaceable coefficient sets a scenario may override under ``[parameters.X]``."""


class Strict(BaseModel):
    """Base of every scenario table: unknown keys are errors, values are checked on set."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False,
                              allow_inf_nan=False)


def _fraction(description: str, default: float | None = None, **bounds: float) -> Any:
    limits = {"ge": 0.0, "le": 1.0} | bounds
    if default is None:
        return Field(description=description, **limits)
    return Field(default, description=description, **limits)


# --------------------------------------------------------------------------- materials


class ParticleComponent(Strict):
    """One powder component: its library name, mass fraction and size distribution."""

    name: str = Field(description="Name in the materials library (process_models.materials).")
    mass_fraction: float = _fraction("Mass fraction of the dry blend [-].")
    d10_um: float = Field(description="10 % passing particle size [µm].", gt=0.0, le=1000.0)
    d50_um: float = Field(description="Median particle size [µm].", gt=0.0, le=1000.0)
    d90_um: float = Field(description="90 % passing particle size [µm].", gt=0.0, le=1000.0)

    @model_validator(mode="after")
    def _ordered_sizes(self) -> ParticleComponent:
        if not self.d10_um <= self.d50_um <= self.d90_um:
            raise ValueError(
                f"particle sizes must satisfy d10_um <= d50_um <= d90_um, got d10_um="
                f"{self.d10_um}, d50_um={self.d50_um}, d90_um={self.d90_um}")
        return self


class ActiveMaterialComponent(ParticleComponent):
    """The active material."""

    @model_validator(mode="after")
    def _known(self) -> ActiveMaterialComponent:
        if self.name not in ACTIVE_MATERIALS:
            raise ValueError(f"unknown active material {self.name!r}; allowed: "
                             f"{', '.join(sorted(ACTIVE_MATERIALS))}")
        return self


class ConductiveComponent(ParticleComponent):
    """The conductive additive."""

    @model_validator(mode="after")
    def _known(self) -> ConductiveComponent:
        if self.name not in CONDUCTIVE_ADDITIVES:
            raise ValueError(f"unknown conductive additive {self.name!r}; allowed: "
                             f"{', '.join(sorted(CONDUCTIVE_ADDITIVES))}")
        return self


class BinderComponent(Strict):
    """The binder polymer."""

    name: str = Field("PTFE", description="Binder in the materials library (PTFE or PVDF).")
    mass_fraction: float = _fraction("Mass fraction of the dry blend [-].")
    d50_um: float = Field(500.0, description="Median size of the binder powder as dosed [µm].",
                          gt=0.0, le=5000.0)

    @model_validator(mode="after")
    def _known(self) -> BinderComponent:
        if self.name not in BINDERS:
            raise ValueError(f"unknown binder {self.name!r}; allowed: {', '.join(sorted(BINDERS))}")
        return self


class Materials(Strict):
    """The dry blend: active material, conductive additive and binder."""

    active_material: ActiveMaterialComponent = Field(description="Active material.")
    conductive_additive: ConductiveComponent = Field(description="Conductive additive.")
    binder: BinderComponent = Field(description="Binder.")

    @model_validator(mode="after")
    def _fractions_sum_to_one(self) -> Materials:
        total = (self.active_material.mass_fraction + self.conductive_additive.mass_fraction
                 + self.binder.mass_fraction)
        if abs(total - 1.0) > MASS_FRACTION_TOLERANCE:
            raise ValueError(
                f"mass fractions must sum to 1 (±{MASS_FRACTION_TOLERANCE}); active "
                f"{self.active_material.mass_fraction} + conductive "
                f"{self.conductive_additive.mass_fraction} + binder "
                f"{self.binder.mass_fraction} = {total:.6g}")
        return self


# --------------------------------------------------------------------------- environment


class Excursion(Strict):
    """A step of the hall climate away from its base values, e.g. a dryer outage."""

    start_h: float = Field(description="Start time from the beginning of the run [h].", ge=0.0)
    duration_h: float = Field(description="Length of the excursion [h].", gt=0.0)
    temperature_c: float | None = Field(
        None, description="Hall temperature during the excursion [°C]; unset keeps the base.",
        ge=-30.0, le=60.0)
    relative_humidity_pct: float | None = Field(
        None, description="Relative humidity during the excursion [%]; unset keeps the base.",
        ge=0.0, le=100.0)


HourlyTemperatures = Annotated[
    list[Annotated[float, Field(ge=-30.0, le=60.0)]], Field(min_length=24, max_length=24)]
HourlyHumidities = Annotated[
    list[Annotated[float, Field(ge=0.0, le=100.0)]], Field(min_length=24, max_length=24)]


class Environment(Strict):
    """Climate of the production hall (dry room) around the line.

    A constant base, optionally a daily profile (24 hourly values repeated each day), and
    excursions that override either value for a time window.
    """

    temperature_c: float = Field(22.0, description="Base hall temperature [°C].",
                                 ge=-30.0, le=60.0)
    relative_humidity_pct: float = Field(
        1.0, description="Base relative humidity of the hall [%] (a −40 °C dew-point dry "
        "room at 22 °C is ≈0.5 %).", ge=0.0, le=100.0)
    daily_temperature_c: HourlyTemperatures | None = Field(
        None, description="Hall temperature for each hour of the day [°C] (24 values); "
        "replaces the base temperature.")
    daily_relative_humidity_pct: HourlyHumidities | None = Field(
        None, description="Relative humidity for each hour of the day [%] (24 values); "
        "replaces the base humidity.")
    excursions: list[Excursion] = Field(
        default_factory=list, description="Climate steps away from the base or profile.")


# --------------------------------------------------------------------------- line & stations


class Line(Strict):
    """The web: its speed, width and how many sides are coated."""

    speed_m_per_min: float = Field(40.0, description="Set line speed of the web [m/min].",
                                   gt=0.0, le=300.0)
    web_width_m: float = Field(0.6, description="Net electrode width after edge trim [m].",
                               gt=0.0, le=3.0)
    coated_sides: Literal[1, 2] = Field(2, description="Coated sides of the current collector.")


class Mixer(Strict):
    """Batch dry mixer (e.g. an intensive mixer)."""

    batch_mass_kg: float = Field(100.0, description="Powder mass per batch [kg].",
                                 gt=0.0, le=10000.0)
    mixing_time_min: float = Field(20.0, description="Mixing time per batch [min].",
                                   gt=0.0, le=1440.0)
    load_unload_min: float = Field(5.0, description="Charging and discharging time [min].",
                                   ge=0.0, le=600.0)
    specific_energy_kj_per_kg: float = Field(
        20.0, description="Mixing work per mass of powder [kJ/kg].", gt=0.0, le=1000.0)


class Hopper(Strict):
    """A buffer between stations."""

    capacity_kg: float = Field(description="Usable capacity [kg].", ge=0.0, le=1e5)
    initial_level_kg: float = Field(0.0, description="Level at the start of the run [kg].",
                                    ge=0.0, le=1e5)

    @model_validator(mode="after")
    def _fits(self) -> Hopper:
        if self.initial_level_kg > self.capacity_kg:
            raise ValueError(f"initial_level_kg ({self.initial_level_kg}) exceeds capacity_kg "
                             f"({self.capacity_kg})")
        return self


class Fibrillator(Strict):
    """Continuous fibrillation unit turning the blend into a PTFE-fibrillated dough."""

    kind: Literal["jet_mill", "kneader", "twin_screw"] = Field(
        "twin_screw", description="Machine type.")
    max_rate_kg_per_h: float = Field(200.0, description="Maximum mass throughput [kg/h].",
                                     gt=0.0, le=1e5)
    specific_energy_kj_per_kg: float = Field(
        15.0, description="Shear work per mass of powder [kJ/kg].", gt=0.0, le=1000.0)
    temperature_c: float | None = Field(
        None, description="Conditioned process temperature [°C]; unset: the powder arrives "
        "at hall temperature and warms by retained shear heat.", ge=-30.0, le=200.0)


class FilmCalender(Strict):
    """Multi-pass calender that forms the free-standing film from the dough."""

    line_load_n_per_mm: float = Field(1200.0, description="Line load per pass [N/mm].",
                                      gt=0.0, le=10000.0)
    roll_temperature_c: float = Field(60.0, description="Roll surface temperature [°C].",
                                      ge=-30.0, le=450.0)
    passes: int = Field(3, description="Number of calender passes [-].", ge=1, le=20)
    film_tension_n_per_m: float = Field(
        10.0, description="Web tension on the free-standing film [N/m].", gt=0.0, le=2000.0)
    edge_trim_fraction: float = _fraction("Share of film width trimmed at the edges [-].",
                                          0.03, le=0.5)


class Laminator(Strict):
    """Hot nip that laminates the film onto the current collector."""

    nip_temperature_c: float = Field(150.0, description="Nip roll temperature [°C].",
                                     ge=-30.0, le=450.0)
    line_load_n_per_mm: float = Field(200.0, description="Nip line load [N/mm].",
                                      gt=0.0, le=10000.0)


class Inspection(Strict):
    """Inline gauge (loading and thickness)."""

    loading_noise_pct: float = Field(0.5, description="Gauge noise of loading, 1σ [% of "
                                     "reading].", ge=0.0, le=50.0)
    thickness_noise_um: float = Field(1.0, description="Gauge noise of thickness, 1σ [µm].",
                                      ge=0.0, le=100.0)


class Rewinder(Strict):
    """Product rewinder making coils."""

    coil_length_m: float = Field(2000.0, description="Electrode length per coil [m].",
                                 gt=0.0, le=1e6)
    coil_change_min: float = Field(2.0, description="Web stop for a coil change [min] (0 for "
                                   "a flying splice).", ge=0.0, le=600.0)


class SprayBooth(Strict):
    """Electrostatic (corona) powder spray booth of the DPSD route."""

    voltage_kv: float = Field(60.0, description="Corona gun voltage [kV].", gt=0.0, le=120.0)
    gun_distance_mm: float = Field(200.0, description="Gun-to-foil distance [mm].",
                                   ge=20.0, le=1000.0)
    overspray_recovery_fraction: float = _fraction(
        "Share of overspray recovered to the feeder (cyclone and filters) [-].", 0.9)
    booth_relative_humidity_pct: float | None = Field(
        None, description="Conditioned booth humidity [%]; unset: the hall humidity.",
        ge=0.0, le=100.0)


class HotCalender(Strict):
    """Heated calender that activates the binder and compacts a sprayed coating (DPSD)."""

    line_load_n_per_mm: float = Field(800.0, description="Line load [N/mm].", gt=0.0, le=10000.0)
    roll_temperature_c: float = Field(
        180.0, description="Roll surface temperature [°C] (near the PVDF melting point).",
        ge=-30.0, le=450.0)
    passes: int = Field(1, description="Number of passes [-].", ge=1, le=20)
    edge_trim_fraction: float = _fraction("Share of width trimmed at the edges [-].", 0.02, le=0.5)


class Coater(Strict):
    """Slot-die coater of the slurry reference route."""

    solvent: Literal["NMP", "water"] = Field("NMP", description="Slurry solvent.")
    solids_mass_fraction: float = Field(0.70, description="Solids content of the slurry [-].",
                                        gt=0.0, lt=1.0)
    edge_trim_fraction: float = _fraction("Share of coated width trimmed [-].", 0.02, le=0.5)


class Dryer(Strict):
    """Convective dryer of the slurry reference route."""

    air_temperature_c: float = Field(130.0, description="Supply-air temperature [°C].",
                                     ge=20.0, le=300.0)
    length_m: float = Field(60.0, description="Dryer length [m].", gt=0.0, le=500.0)
    thermal_efficiency: float = Field(
        0.85, description="Heat delivered to the air per unit of heat carrier [-].",
        gt=0.0, le=1.0)
    heat_recovery_effectiveness: float = Field(
        0.3, description="Exhaust-to-supply heat exchanger effectiveness [-].", ge=0.0, lt=1.0)
    lel_fraction: float = Field(
        0.25, description="Highest share of the solvent's lower explosion limit allowed in "
        "the dryer atmosphere [-] (EN 1539: 0.25; 0.5 with monitoring).", gt=0.0, le=0.5)


ROUTE_STATIONS: dict[str, tuple[str, ...]] = {
    "BF": ("mixer", "powder_hopper", "fibrillator", "dough_hopper", "calender", "laminator",
           "inspection", "rewinder"),
    "DPSD": ("mixer", "feeder", "spray_booth", "hot_calender", "inspection", "rewinder"),
    "slurry": ("mixer", "slurry_tank", "coater", "dryer", "calender", "inspection", "rewinder"),
}
"""Stations of each route, from the mixer to the rewinder."""


class Stations(Strict):
    """Settings of the stations of the route; tables of another route's stations are refused.

    Stations a file leaves out take the defaults of their class.
    """

    mixer: Mixer = Field(default_factory=Mixer, description="Batch mixer (all routes).")
    powder_hopper: Hopper | None = Field(None, description="BF: blend buffer "
                                         "(default 400 kg, half full).")
    fibrillator: Fibrillator | None = Field(None, description="BF: fibrillation unit.")
    dough_hopper: Hopper | None = Field(None, description="BF: dough buffer "
                                        "(default 100 kg, half full).")
    calender: FilmCalender | None = Field(None, description="BF: film calender; slurry: "
                                          "calender of the dried coating.")
    laminator: Laminator | None = Field(None, description="BF: laminator.")
    feeder: Hopper | None = Field(None, description="DPSD: powder feeder "
                                  "(default 400 kg, half full).")
    spray_booth: SprayBooth | None = Field(None, description="DPSD: spray booth.")
    hot_calender: HotCalender | None = Field(None, description="DPSD: hot calender.")
    slurry_tank: Hopper | None = Field(None, description="slurry: slurry buffer tank "
                                       "(default 400 kg solids, half full).")
    coater: Coater | None = Field(None, description="slurry: coater.")
    dryer: Dryer | None = Field(None, description="slurry: dryer.")
    inspection: Inspection = Field(default_factory=Inspection, description="Inline gauge.")
    rewinder: Rewinder = Field(default_factory=Rewinder, description="Rewinder.")


_STATION_DEFAULTS: dict[str, Any] = {
    "powder_hopper": lambda: Hopper(capacity_kg=400.0, initial_level_kg=200.0),
    "fibrillator": Fibrillator,
    "dough_hopper": lambda: Hopper(capacity_kg=100.0, initial_level_kg=50.0),
    "calender": FilmCalender,
    "laminator": Laminator,
    "feeder": lambda: Hopper(capacity_kg=400.0, initial_level_kg=200.0),
    "spray_booth": SprayBooth,
    "hot_calender": HotCalender,
    "slurry_tank": lambda: Hopper(capacity_kg=400.0, initial_level_kg=200.0),
    "coater": Coater,
    "dryer": Dryer,
}


def _fill_route_stations(route: str, stations: Stations) -> list[str]:
    """Give the route's stations their defaults; list tables that belong to other routes."""
    problems = []
    for name, make in _STATION_DEFAULTS.items():
        present = getattr(stations, name) is not None
        if name in ROUTE_STATIONS[route]:
            if not present:
                object.__setattr__(stations, name, make())
        elif present:
            problems.append(f"stations.{name}: not a station of the {route} route; its "
                            f"stations are {', '.join(ROUTE_STATIONS[route])}")
    return problems


# --------------------------------------------------------------------------- reliability


class StationReliability(Strict):
    """Failure and repair data of one station (operating-time based failures)."""

    mtbf_h: float = Field(description="Mean operating time between failures [h].",
                          gt=0.0, le=1e6)
    mttr_h: float = Field(description="Mean time to repair [h].", gt=0.0, le=1e4)
    repair_cv: float = Field(0.5, description="Coefficient of variation of repair times "
                             "(lognormal) [-].", ge=0.0, le=5.0)


def _reliability(mtbf_h: float, mttr_h: float) -> Any:
    return Field(default_factory=lambda: StationReliability(mtbf_h=mtbf_h, mttr_h=mttr_h),
                 description=f"Failure data (default MTBF {mtbf_h} h, MTTR {mttr_h} h; "
                 "assumption from availability targets, see docs).")


class Reliability(Strict):
    """Failures, repairs, web breaks and restarts.

    No public MTBF/MTTR data exist for these machines: the defaults are assumptions
    chosen so that each station alone is 97–99.5 % available (A = MTBF/(MTBF + MTTR)).
    """

    mixer: StationReliability = _reliability(120.0, 1.0)
    fibrillator: StationReliability = _reliability(80.0, 1.5)
    calender: StationReliability = _reliability(150.0, 2.0)
    laminator: StationReliability = _reliability(150.0, 1.5)
    inspection: StationReliability = _reliability(500.0, 0.5)
    rewinder: StationReliability = _reliability(300.0, 0.5)
    spray_booth: StationReliability = _reliability(100.0, 1.0)
    hot_calender: StationReliability = _reliability(150.0, 2.0)
    coater: StationReliability = _reliability(120.0, 1.5)
    dryer: StationReliability = _reliability(400.0, 2.0)
    web_break_rethread_min: float = Field(20.0, description="Web stop to rethread after a "
                                          "break [min].", ge=0.0, le=1440.0)
    restart_scrap_m: float = Field(15.0, description="Electrode scrapped after every web "
                                   "restart until the process settles [m].", ge=0.0, le=1e4)


class Calendar(Strict):
    """Shift calendar: which hours the line is planned to produce."""

    shifts_per_day: int = Field(3, description="Shifts per day [-].", ge=1, le=4)
    shift_length_h: float = Field(8.0, description="Length of one shift [h].", gt=0.0, le=24.0)
    first_shift_start_h: float = Field(6.0, description="Start of the first shift after "
                                       "midnight [h]; the run starts at midnight.", ge=0.0, lt=24.0)
    working_days_per_week: int = Field(7, description="Production days per week, counted "
                                       "from the first day of the run [-].", ge=1, le=7)
    handover_stop_min: float = Field(0.0, description="Planned stop at every shift start "
                                     "[min].", ge=0.0, le=120.0)

    @model_validator(mode="after")
    def _fits_in_a_day(self) -> Calendar:
        if self.shifts_per_day * self.shift_length_h > 24.0 + 1e-9:
            raise ValueError(f"shifts_per_day × shift_length_h = "
                             f"{self.shifts_per_day * self.shift_length_h} h exceeds 24 h")
        if self.handover_stop_min >= self.shift_length_h * 60.0:
            raise ValueError(f"handover_stop_min = {self.handover_stop_min} is not shorter than a "
                             f"shift ({self.shift_length_h * 60.0:g} min); allowed: less than that")
        return self


# --------------------------------------------------------------------------- quality


class Quality(Strict):
    """Specification the inline inspection checks every segment against."""

    loading_mg_per_cm2: float = Field(26.0, description="Target coating loading per side "
                                      "[mg/cm²].", gt=0.0, le=500.0)
    loading_tolerance_pct: float = Field(3.0, description="Allowed deviation of loading "
                                         "[± % of target].", gt=0.0, le=100.0)
    porosity: float = _fraction("Target porosity after calendering [-].", 0.30, gt=0.0, lt=1.0)
    porosity_tolerance: float = Field(0.03, description="Allowed deviation of porosity "
                                      "[± absolute].", gt=0.0, le=0.5)
    thickness_um: float | None = Field(None, description="Target coating thickness per side "
                                       "[µm]; unset: from the loading and porosity targets.",
                                       gt=0.0, le=5000.0)
    thickness_tolerance_pct: float = Field(4.0, description="Allowed deviation of thickness "
                                           "[± % of target].", gt=0.0, le=100.0)
    min_adhesion_kpa: float = Field(40.0, description="Minimum adhesion to the foil [kPa].",
                                    ge=0.0, le=10000.0)


class Simulation(Strict):
    """Horizon and resolution of a run."""

    horizon_h: float = Field(168.0, description="Simulated time [h].", ge=0.0, le=8784.0)
    segment_length_m: float = Field(1.0, description="Length of one web segment that carries "
                                    "its own properties [m].", ge=0.01, le=100.0)
    feed_correlation_length_m: float = Field(
        20.0, description="Distance over which feed fluctuations decorrelate [m].",
        gt=0.0, le=1e5)
    feed_cv: float = Field(0.01, description="Loading CV from dosing and gap fluctuation "
                           "[-].", ge=0.0, le=1.0)
    max_kept_segments: int = Field(
        1_000_000, description="Segments kept in the result table; past this every k-th "
        "segment is kept (KPIs and coils always use all of them) [-].", ge=1000, le=100_000_000)


class Scenario(Strict):
    """A complete, runnable description of a line and the conditions it runs in."""

    name: str = Field(description="Short scenario name.", min_length=1, max_length=200)
    description: str = Field("", description="What the scenario represents.", max_length=5000)
    route: Route = Field("BF", description="Production route: BF (binder fibrillation), DPSD "
                         "(dry powder spray deposition) or slurry (wet reference).")
    seed: int = Field(1, description="Seed of every random stream of the run.",
                      ge=0, le=2**63 - 1)
    simulation: Simulation = Field(default_factory=Simulation, description="Horizon.")
    materials: Materials = Field(description="The dry blend.")
    environment: Environment = Field(default_factory=Environment, description="Hall climate.")
    line: Line = Field(default_factory=Line, description="Web speed and width.")
    stations: Stations = Field(default_factory=Stations, description="Station settings.")
    reliability: Reliability = Field(default_factory=Reliability, description="Failures.")
    calendar: Calendar = Field(default_factory=Calendar, description="Shift calendar.")
    quality: Quality = Field(default_factory=Quality, description="Specification.")
    cell: CellSection = Field(default_factory=CellSection, description="Cell stack the "
                              "electrode is rated in (anode, N/P, separator, format).")
    energy: EnergySettings = Field(default_factory=EnergySettings, description="Utilities and "
                                   "dry room: outdoor climate, dew-point target, floor areas.")
    parameters: dict[str, dict[str, float]] = Field(
        default_factory=dict, description="Overrides of model coefficient sets, e.g. "
        "[parameters.fibrillation] energy_scale_kj_per_kg = 8.0; sets: "
        + ", ".join(PARAMETER_SETS))

    @model_validator(mode="after")
    def _physically_possible(self) -> Scenario:
        problems = _fill_route_stations(self.route, self.stations)
        if problems:
            raise ValueError("; ".join(problems))
        problems = _impossible_settings(self) + energy_problems(self, self.energy)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def parameter_set(self, name: str) -> Any:
        """The coefficient set ``name`` with this scenario's overrides applied."""
        return PARAMETER_SETS[name](**self.parameters.get(name, {}))

    def canonical_json(self) -> str:
        """Canonical JSON of the full scenario (defaults included, keys sorted)."""
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))

    def canonical_hash(self) -> str:
        """SHA-256 of :meth:`canonical_json`: equal scenarios hash equal."""
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()


def _heated_stations(s: Scenario) -> list[tuple[str, float]]:
    st = s.stations
    heated = [("stations.calender.roll_temperature_c", st.calender),
              ("stations.laminator.nip_temperature_c", st.laminator),
              ("stations.hot_calender.roll_temperature_c", st.hot_calender)]
    out = []
    for path, station in heated:
        if station is not None:
            out.append((path, getattr(station, path.rsplit(".", 1)[1])))
    return out


def _impossible_settings(s: Scenario) -> list[str]:
    problems: list[str] = []
    binder = BINDERS[s.materials.binder.name]
    for path, temp in _heated_stations(s):
        if temp >= binder.decomposition_c:
            problems.append(f"{path} = {temp} °C is at or above the decomposition onset of "
                            f"{binder.name} ({binder.decomposition_c} °C); allowed: below it")
    if s.materials.binder.mass_fraction <= 0.0:
        problems.append(f"materials.binder.mass_fraction = 0: a {s.route} electrode needs a "
                        "binder; allowed: > 0")
    if s.route == "BF" and not binder.fibrillating:
        problems.append(f"materials.binder.name = {binder.name!r} does not fibrillate; "
                        "the BF route needs PTFE")
    problems += _buffer_problems(s)
    for name, values in s.parameters.items():
        if name not in PARAMETER_SETS:
            problems.append(f"parameters.{name}: unknown coefficient set; allowed: "
                            + ", ".join(PARAMETER_SETS))
            continue
        known = {f.name for f in dataclass_fields(PARAMETER_SETS[name])}
        for key, value in values.items():
            if key not in known:
                problems.append(f"parameters.{name}.{key}: unknown coefficient; allowed: "
                                + ", ".join(sorted(known)))
            elif not math.isfinite(value):
                problems.append(f"parameters.{name}.{key} = {value}: must be finite")
    return problems


# --------------------------------------------------------------------------- loading


def load_scenario(path: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read, override and validate a scenario file.

    Parameters
    ----------
    path : str or Path
        TOML scenario file.
    overrides : dict, optional
        ``{"dotted.key": value}`` applied before validation (see :func:`apply_overrides`).

    Raises
    ------
    InputError
        Missing or malformed file, unknown key, wrong type, value out of range, or an
        unknown override key; the message names the file, the field, the value and what
        is allowed.
    """
    path = Path(path)
    raw = read_toml(path)
    if overrides:
        raw = apply_overrides(raw, overrides, source=str(path))
    return scenario_from_dict(raw, source=str(path))


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, turning every failure into an :class:`InputError`."""
    try:
        if not path.exists():
            raise InputError(f"{path}: file not found")
        if not path.is_file():
            raise InputError(f"{path}: not a file")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read as UTF-8 text ({exc})") from None
    return parse_toml_text(text, str(path))


def parse_toml_text(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text; syntax errors and absurd nesting become an :class:`InputError`."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{source}: malformed TOML: {exc}") from None
    except RecursionError:
        raise InputError(f"{source}: malformed TOML: arrays or tables nested too deeply; "
                         "allowed: a few levels") from None


def scenario_from_dict(raw: dict[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate a scenario mapping; every problem is listed in the :class:`InputError`."""
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        problems = [_describe(source, err) for err in exc.errors()]
        raise InputError(f"{source}: {len(problems)} problem(s) in the scenario",
                         problems) from None


def _buffer_problems(s: Scenario) -> list[str]:
    first = {"BF": "powder_hopper", "DPSD": "feeder", "slurry": "slurry_tank"}[s.route]
    hopper = getattr(s.stations, first)
    batch = s.stations.mixer.batch_mass_kg
    if hopper.capacity_kg < batch:
        return [f"stations.{first}.capacity_kg = {hopper.capacity_kg}: smaller than one mixer "
                f"batch ({batch} kg), so the mixer could never discharge; allowed: >= {batch}"]
    return []


def _describe(source: str, err: Any) -> str:
    loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
    message = err["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    if err["type"] == "extra_forbidden":
        return f"{source}: {loc}: unknown key (value {err['input']!r}); check the spelling " \
               "against `drytwin schema`"
    if err["type"] == "missing":
        return f"{source}: {loc}: required field is missing"
    if err["type"] == "value_error" and isinstance(err.get("input"), dict):
        # a check across a whole table: the message names its fields and values
        return f"{source}: {message}" if not err["loc"] else f"{source}: {loc}: {message}"
    return f"{source}: {loc} = {_short(err.get('input'))}: {message}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


# --------------------------------------------------------------------------- overrides


def parse_override(text: str) -> tuple[str, Any]:
    """Split ``dotted.key=value`` and parse the value as TOML (bare words stay strings)."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise InputError(f"--set {text!r}: expected dotted.key=value")
    return key, parse_value(value.strip())


def parse_value(text: str) -> Any:
    """Parse one TOML value (``1.5``, ``true``, ``[1, 2]``, ``"x"``); bare words are strings."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return text


def apply_overrides(raw: dict[str, Any], overrides: dict[str, Any],
                    source: str = "<scenario>") -> dict[str, Any]:
    """Return a copy of ``raw`` with ``{"dotted.key": value}`` overrides applied.

    Keys must name a field of the schema. Three keys carry engineering meaning:
    ``environment.temperature_c`` and ``environment.relative_humidity_pct`` set a
    constant climate (the daily profile and excursion values of that quantity are
    dropped), and ``materials.binder.mass_fraction`` rescales the other components so
    the blend still sums to one.
    """
    data = copy.deepcopy(raw)  # TOML data may hold dates and times, so not a JSON round trip
    for key, value in overrides.items():
        _check_known_key(key, source)
        if key == "materials.binder.mass_fraction":
            _rescale_blend(data, value, source)
        _set_dotted(data, key, value)
        if key in ("environment.temperature_c", "environment.relative_humidity_pct"):
            _make_constant(data, key.split(".")[1])
    return data


def _check_known_key(key: str, source: str) -> None:
    model: Any = Scenario
    parts = key.split(".")
    for i, part in enumerate(parts):
        if model is None:
            break
        if part not in model.model_fields:
            if (model is Scenario and part == "parameters") or _is_parameters_path(parts[:i]):
                return
            allowed = ", ".join(sorted(model.model_fields))
            raise InputError(f"--set {key}: unknown key {'.'.join(parts[:i + 1])!r} "
                             f"(for {source}); allowed at this level: {allowed}")
        model = _submodel(model.model_fields[part].annotation)
    if model is not None and model is not Scenario:
        raise InputError(f"--set {key}: names a whole table (for {source}); set one of its "
                         "fields: " + ", ".join(sorted(model.model_fields)))


def _is_parameters_path(parts: list[str]) -> bool:
    return bool(parts) and parts[0] == "parameters"


def _submodel(annotation: Any) -> Any:
    if get_origin(annotation) is list:
        return None  # a list of tables is set whole: --set 'environment.excursions=[{...}]'
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _set_dotted(data: dict[str, Any], key: str, value: Any) -> None:
    node = data
    parts = key.split(".")
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[parts[-1]] = value


def _make_constant(data: dict[str, Any], quantity: str) -> None:
    env = data.get("environment", {})
    env.pop(f"daily_{quantity}", None)
    excursions = env.get("excursions", [])
    for excursion in excursions if isinstance(excursions, list) else []:
        if isinstance(excursion, dict):
            excursion.pop(quantity, None)


def _rescale_blend(data: dict[str, Any], binder_fraction: Any, source: str) -> None:
    if not isinstance(binder_fraction, int | float) or not 0.0 <= binder_fraction < 1.0:
        raise InputError(f"--set materials.binder.mass_fraction = {binder_fraction!r} (for "
                         f"{source}): allowed: a number from 0 to below 1")
    materials = data.get("materials")
    if not isinstance(materials, dict):
        return  # validation reports the missing or malformed table
    others = [o for o in (materials.get(k) for k in ("active_material", "conductive_additive"))
              if isinstance(o, dict) and _is_number(o.get("mass_fraction"))]
    old = sum(float(o["mass_fraction"]) for o in others)
    if not old > 0.0 or not math.isfinite(old):
        return
    scale = (1.0 - binder_fraction) / old
    for other in others:
        other["mass_fraction"] = float(other["mass_fraction"]) * scale


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def json_schema() -> dict[str, Any]:
    """JSON Schema of a scenario file."""
    return Scenario.model_json_schema()
