"""Plant data through one door: the folder contract, synthetic plants, replay, calibration.

- :mod:`~line_sim.plant.contract`: read and check a plant folder (``docs/plant-data.md``);
- :mod:`~line_sim.plant.synth`: write a synthetic plant folder from a run;
- :mod:`~line_sim.plant.calibrate`: fit coefficients, MTBF and MTTR with a posterior (emcee);
- :mod:`~line_sim.plant.replay`: the twin follows the plant's climate, settings and coils;
- :mod:`~line_sim.plant.posterior`: posterior draws propagated to KPI prediction intervals.
"""

from line_sim.plant.contract import PlantData, PlantDataError, Problem, read_plant

__all__ = ["PlantData", "PlantDataError", "Problem", "read_plant"]
