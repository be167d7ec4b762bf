"""The ``drytwin`` command line: thin doors over the :mod:`line_sim` API."""

from line_sim.cli.app import app, main

__all__ = ["app", "main"]
