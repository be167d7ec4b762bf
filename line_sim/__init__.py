"""drytwin line simulation: scenarios, the SimPy line, KPIs, studies and the results store.

The package reads like the data flow (docs/architecture.md):

- :mod:`line_sim.scenario` — what a line is: the schema by table, loading, overrides;
- :mod:`line_sim.engine` — one run: process chain, SimPy line, web pass, KPIs, cell, energy;
- :mod:`line_sim.store` — the DuckDB results store and exports;
- :mod:`line_sim.studies` — many runs: batches, sensitivity, comparisons, reports;
- :mod:`line_sim.cli` and :mod:`line_sim.bench` — the doors.

>>> from line_sim import load_scenario, simulate
>>> result = simulate(load_scenario("scenarios/bf_nmc811_baseline.toml"), hours=24)  # doctest: +SKIP
"""

from line_sim.engine.run import RunResult, simulate
from line_sim.errors import InputError
from line_sim.scenario import Scenario, load_scenario
from line_sim.version import __version__

__all__ = ["InputError", "RunResult", "Scenario", "__version__", "load_scenario", "simulate"]
