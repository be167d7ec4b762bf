"""``python -m line_sim.cli``: the same as the ``drytwin`` command."""

from line_sim.cli import main

main()
