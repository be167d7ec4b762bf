"""Speed benchmark of the discrete-rate engine (DESIGN.md §3).

``python -m line_sim.bench`` runs the BF baseline for a day and a week at 1 m segments, a
day at 0.1 m and 10 m segments, and the textbook one-process-per-metre reference
(:mod:`line_sim.bench.naive_line`) side by side; it prints wall time, peak memory, simulated
metres per wall second, SimPy event counts and where the time goes. ``--quick`` runs the
same cases on short horizons (a smoke test for CI, not a measurement); ``--json-out PATH``
also writes the figures as JSON; ``--profile`` prints a cProfile summary of the week run.

Method
------
Each case runs in a fresh Python process, so memory figures are clean and one case's
caches never help another (``--quick`` runs all cases in one process, to stay fast). The
worker imports the engine, warms up with a one-hour run and a store write, then times
``repeats`` runs and reports medians. The phases are timed
by wrapping, for the worker process only and without changing engine code, the functions
:func:`line_sim.engine.run.simulate` calls: ``simpy.Environment.run`` (event handling),
``compute_segments`` (process models on the web segments) and the KPI/table builders;
``ResultsStore.save`` into a temporary DuckDB file is timed around the call. SimPy events
are counted from the environment's event-id counter after the run, which costs nothing
per event. Peak memory is the resident-set high-water mark over a run minus the resident
set before it (``/proc/self/status``, reset through ``/proc/self/clear_refs``; elsewhere
``getrusage`` ``ru_maxrss``), plus the ``tracemalloc`` peak of one extra run.
"""

from line_sim.bench.measure import MemoryProbe, PhaseClock

__all__ = ["MemoryProbe", "PhaseClock"]
