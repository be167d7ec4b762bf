"""What a line is: the scenario schema by table, loading, overrides and range checks.

A scenario file states everything a run needs: the route, the horizon, the materials,
the hall climate, every station's settings, reliability data, the shift calendar, the
quality specification, the cell, the energy settings and the seed. Every field has bounds
and a description; unknown keys are refused. Fields a file leaves out take the documented
defaults (``drytwin schema``).

- :mod:`~line_sim.scenario.base`: strict models, fractions, routes;
- :mod:`~line_sim.scenario.materials`, :mod:`~line_sim.scenario.environment`,
  :mod:`~line_sim.scenario.stations`, :mod:`~line_sim.scenario.reliability`,
  :mod:`~line_sim.scenario.quality`, :mod:`~line_sim.scenario.cell`,
  :mod:`~line_sim.scenario.energy`: one module per table;
- :mod:`~line_sim.scenario.parameters`: replaceable coefficient sets;
- :mod:`~line_sim.scenario.model`: the whole scenario and its cross-table checks;
- :mod:`~line_sim.scenario.loading` and :mod:`~line_sim.scenario.overrides`: files and ``--set``;
- :mod:`~line_sim.scenario.validity`: warnings outside the calibrated ranges;
- :mod:`~line_sim.scenario.electrode_design`: DESIGN.toml files of ``drytwin electrode``.
"""

from line_sim.scenario.base import (
    MASS_FRACTION_TOLERANCE,
    MAX_HORIZON_H,
    MAX_SEED,
    Bounds,
    Route,
    Strict,
    check_seed,
)
from line_sim.scenario.cell import CellSection
from line_sim.scenario.energy import EnergySettings
from line_sim.scenario.environment import Environment, Excursion, hall_temperatures_c
from line_sim.scenario.loading import (
    json_schema,
    load_scenario,
    parse_toml_text,
    read_toml,
    scenario_from_dict,
)
from line_sim.scenario.materials import Materials
from line_sim.scenario.model import Scenario, energy_problems
from line_sim.scenario.overrides import apply_overrides, parse_override, parse_value
from line_sim.scenario.parameters import PARAMETER_SETS
from line_sim.scenario.quality import Quality, Simulation, check_horizon_h
from line_sim.scenario.reliability import Calendar, Reliability, StationReliability
from line_sim.scenario.stations import ROUTE_STATIONS, Line, Stations

__all__ = [
    "MASS_FRACTION_TOLERANCE", "MAX_HORIZON_H", "MAX_SEED", "PARAMETER_SETS", "ROUTE_STATIONS",
    "Bounds", "Calendar", "CellSection", "EnergySettings", "Environment", "Excursion", "Line",
    "Materials", "Quality", "Reliability", "Route", "Scenario", "Simulation", "StationReliability",
    "Stations", "Strict", "apply_overrides", "check_horizon_h", "check_seed", "energy_problems",
    "hall_temperatures_c", "json_schema", "load_scenario", "parse_override", "parse_toml_text",
    "parse_value", "read_toml", "scenario_from_dict",
]
