"""``[line]`` and ``[stations]``: the web and every station's settings, per route."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from line_sim.scenario.base import Strict, fraction_field

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
    mixing_time_min: float = Field(20.0, description="Mixing time per batch [min], at least "
                                   "1 min: no batch mixer homogenises a blend faster, and every "
                                   "batch is a simulated event.", ge=1.0, le=1440.0)
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
    temperature_setpoint_c: float | None = Field(
        None, description="Set point of the temperature-controlled shear zone [°C]; it holds "
        "while the jacket's heating/cooling capacity covers the energy balance, then drifts "
        "with the hall. Unset: no control (hall temperature plus retained shear heat).",
        ge=-30.0, le=200.0)
    temperature_control_capacity_kw: float = Field(
        20.0, description="Heating/cooling capacity of the temperature control [kW].",
        ge=0.0, le=10000.0)

    @model_validator(mode="after")
    def _one_temperature(self) -> Fibrillator:
        if self.temperature_c is not None and self.temperature_setpoint_c is not None:
            raise ValueError("set either temperature_c (ideal conditioning) or "
                             "temperature_setpoint_c (controlled, limited capacity), not both")
        return self


class FilmCalender(Strict):
    """Multi-pass calender that forms the free-standing film from the dough."""

    line_load_n_per_mm: float = Field(1200.0, description="Line load per pass [N/mm].",
                                      gt=0.0, le=10000.0)
    roll_temperature_c: float = Field(60.0, description="Roll surface temperature [°C].",
                                      ge=-30.0, le=450.0)
    passes: int = Field(3, description="Number of calender passes [-].", ge=1, le=20)
    film_tension_n_per_m: float = Field(
        10.0, description="Web tension on the free-standing film [N/m].", gt=0.0, le=2000.0)
    edge_trim_fraction: float = fraction_field("Share of film width trimmed at the edges [-].",
                                          0.03, le=0.5)
    control: Literal["line_load", "gap"] = Field(
        "line_load", description="Calender control: 'line_load' (constant force; porosity "
        "follows the local loading, Meyer law) or 'gap' (constant gap; thickness fixed, "
        "porosity follows the local loading by mass conservation).")
    gap_um: float | None = Field(
        None, description="Gap control: unloaded roll gap the coating gets (roll gap minus the "
        "current collector) [µm]; unset, the gap that gives the line-load porosity at the "
        "target loading.", ge=0.0, le=5000.0)
    stand_stiffness_n_per_mm_per_um: float | None = Field(
        None, description="Gap control: mill modulus of the roll stand per unit width, the "
        "line load per µm it springs open by [N/mm/µm]; unset, a rigid stand (assumption: "
        "lab calenders ≈1–50, production stands stiffer).", gt=0.0, le=1e6)
    roll_speed_ratio: float = Field(
        1.0, description="Fast to slow roll speed of the film calender [-] (1: equal speeds; "
        "dry-film practice 10:9 to 10:1, preferred ≈2, US 2021/0320288 A1); the slip adds "
        "shear work to fibrillation (BF).", ge=1.0, le=10.0)


class Laminator(Strict):
    """Hot nip that laminates the film onto the current collector."""

    nip_temperature_c: float = Field(150.0, description="Nip roll temperature [°C].",
                                     ge=-30.0, le=450.0)
    line_load_n_per_mm: float = Field(200.0, description="Nip line load [N/mm].",
                                      gt=0.0, le=10000.0)
    preheat_temperature_c: float | None = Field(
        100.0, description="Temperature of film and foil entering the nip after the preheat "
        "rolls [°C]; unset: they enter at hall temperature. The nip's dwell time then sets "
        "how far the film–foil interface heats toward the roll temperature.",
        ge=-30.0, le=450.0)


class Inspection(Strict):
    """Inline gauge (loading and thickness)."""

    loading_noise_pct: float = Field(0.5, description="Gauge noise of loading, 1σ [% of "
                                     "reading].", ge=0.0, le=50.0)
    thickness_noise_um: float = Field(1.0, description="Gauge noise of thickness, 1σ [µm].",
                                      ge=0.0, le=100.0)


class Rewinder(Strict):
    """Product rewinder making coils."""

    coil_length_m: float = Field(2000.0, description="Electrode length per coil [m], at least "
                                 "100 m: a shorter piece is a sample, not a coil, and every coil "
                                 "is a simulated event and a row of the result.", ge=100.0, le=1e6)
    coil_change_min: float = Field(2.0, description="Web stop for a coil change [min] (0 for "
                                   "a flying splice).", ge=0.0, le=600.0)


class SprayBooth(Strict):
    """Electrostatic (corona) powder spray booth of the DPSD route."""

    voltage_kv: float = Field(60.0, description="Corona gun voltage [kV].", gt=0.0, le=120.0)
    gun_distance_mm: float = Field(200.0, description="Gun-to-foil distance [mm].",
                                   ge=20.0, le=1000.0)
    overspray_recovery_fraction: float = fraction_field(
        "Share of overspray recovered to the feeder (cyclone and filters) [-].", 0.9)
    booth_relative_humidity_pct: float | None = Field(
        None, description="Conditioned booth humidity [%]; unset: the hall humidity.",
        ge=0.0, le=100.0)
    guns_per_side: int = Field(8, description="Corona guns per coated side in each pass, in "
                               "a row across the web [-].", ge=1, le=64)
    gun_pitch_mm: float = Field(100.0, description="Spacing of the guns across the web [mm].",
                                gt=0.0, le=2000.0)
    spray_passes: int = Field(2, description="Gun banks in series along the web (passes) [-]; "
                              "each lays down 1/passes of the loading.", ge=1, le=20)
    gun_max_output_kg_per_h: float = Field(45.0, description="Highest powder output of one gun "
                                           "[kg/h].", gt=0.0, le=1000.0)
    booth_length_m: float = Field(2.0, description="Web path inside the booth per pass, where "
                                  "the deposit is in booth air [m].", gt=0.0, le=100.0)


class HotCalender(Strict):
    """Heated calender that activates the binder and compacts a sprayed coating (DPSD)."""

    line_load_n_per_mm: float = Field(800.0, description="Line load [N/mm].", gt=0.0, le=10000.0)
    roll_temperature_c: float = Field(
        180.0, description="Roll surface temperature [°C] (near the PVDF melting point).",
        ge=-30.0, le=450.0)
    passes: int = Field(1, description="Number of passes [-].", ge=1, le=20)
    edge_trim_fraction: float = fraction_field("Share of width trimmed at the edges [-].", 0.02, le=0.5)


class Coater(Strict):
    """Slot-die coater of the slurry reference route."""

    solvent: Literal["NMP", "water"] = Field("NMP", description="Slurry solvent.")
    solids_mass_fraction: float = Field(0.70, description="Solids content of the slurry [-].",
                                        gt=0.0, lt=1.0)
    edge_trim_fraction: float = fraction_field("Share of coated width trimmed [-].", 0.02, le=0.5)


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


def fill_route_stations(route: str, stations: Stations) -> list[str]:
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
