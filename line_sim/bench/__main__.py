"""``python -m line_sim.bench``: the speed benchmark."""

from line_sim.bench.benchmark import main

main()
