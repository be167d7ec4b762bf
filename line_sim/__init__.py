"""drytwin line simulation: scenarios, the SimPy line, KPIs, runs and the results store.

>>> from line_sim import load_scenario, simulate
>>> result = simulate(load_scenario("scenarios/bf_nmc811_baseline.toml"), hours=24)  # doctest: +SKIP
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("drytwin")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"

from line_sim.errors import InputError
from line_sim.run import RunResult, simulate
from line_sim.scenario import Scenario, load_scenario

__all__ = ["InputError", "RunResult", "Scenario", "__version__", "load_scenario", "simulate"]
