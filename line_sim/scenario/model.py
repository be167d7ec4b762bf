"""The scenario: every table together, and the checks that span tables."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import Field, model_validator

from line_sim.scenario.base import MAX_SEED, Route, Strict
from line_sim.scenario.cell import CellSection
from line_sim.scenario.coefficients import coefficient_problems, parameters_json_schema
from line_sim.scenario.economics import Economics
from line_sim.scenario.energy import EnergySettings
from line_sim.scenario.environment import Environment, base_dew_point_c, hall_temperatures_c
from line_sim.scenario.materials import Materials
from line_sim.scenario.parameters import PARAMETER_SETS
from line_sim.scenario.post_dryer import PostDryer
from line_sim.scenario.quality import Quality, Simulation
from line_sim.scenario.reliability import Calendar, Reliability
from line_sim.scenario.stations import Line, Stations, fill_route_stations
from process_models.materials import BINDERS


class Scenario(Strict):
    """A complete, runnable description of a line and the conditions it runs in."""

    name: str = Field(description="Short scenario name.", min_length=1, max_length=200)
    description: str = Field("", description="What the scenario represents.", max_length=5000)
    route: Route = Field("BF", description="Production route: BF (binder fibrillation), DPSD "
                         "(dry powder spray deposition) or slurry (wet reference).")
    seed: int = Field(1, description="Seed of every random stream of the run (0 to 2^63 − 1).",
                      ge=0, le=MAX_SEED)
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
    post_dryer: PostDryer = Field(default_factory=PostDryer, description="Vacuum post-drying "
                                  "of wound coils before release (every route).")
    energy: EnergySettings = Field(default_factory=EnergySettings, description="Utilities and "
                                   "dry room: outdoor climate, dew-point target, floor areas.")
    economics: Economics = Field(default_factory=Economics, description="Prices, tariffs, "
                                 "labour, capital and site grid CO2 (docs/cost.md).")
    parameters: dict[str, dict[str, float]] = Field(
        default_factory=dict, description="Overrides of model coefficient sets, e.g. "
        "[parameters.fibrillation] energy_scale_kj_per_kg = 8.0; each coefficient within its "
        "physical range; sets: " + ", ".join(PARAMETER_SETS),
        json_schema_extra=parameters_json_schema())

    @model_validator(mode="after")
    def _physically_possible(self) -> Scenario:
        problems = fill_route_stations(self.route, self.stations)
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
    return problems + coefficient_problems(s.parameters)


def _buffer_problems(s: Scenario) -> list[str]:
    first = {"BF": "powder_hopper", "DPSD": "feeder", "slurry": "slurry_tank"}[s.route]
    hopper = getattr(s.stations, first)
    batch = s.stations.mixer.batch_mass_kg
    if hopper.capacity_kg < batch:
        return [f"stations.{first}.capacity_kg = {hopper.capacity_kg}: smaller than one mixer "
                f"batch ({batch} kg), so the mixer could never discharge; allowed: >= {batch}"]
    return []


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
    implied = base_dew_point_c(scenario.environment)
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
