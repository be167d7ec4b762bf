"""The ``drytwin`` command line: thin doors over the :mod:`line_sim` API.

Importing this package registers every command group on :data:`app`."""

from line_sim.cli import commands  # noqa: F401  (registers every command on `app`)
from line_sim.cli.app import app, main

__all__ = ["app", "main"]
