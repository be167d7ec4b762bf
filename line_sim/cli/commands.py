"""Every command group of ``drytwin``: importing this module registers them all on the app."""

from line_sim.cli import batch, compare, dashboard, optimise, plant, report, run, window  # noqa: F401
