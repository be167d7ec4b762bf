"""``python -m line_sim.cli``: the same as the ``drytwin`` command."""

from line_sim.cli.app import main

main()
