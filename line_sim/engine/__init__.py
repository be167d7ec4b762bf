"""One run of a line: from a validated scenario to its KPIs.

scenario → :mod:`~line_sim.engine.process_chain` (the process models bound to the scenario's
settings) → :mod:`~line_sim.engine.line` (the discrete-rate SimPy line, one row per interval
between events, with :mod:`~line_sim.engine.climate` and :mod:`~line_sim.engine.calendar`) →
:mod:`~line_sim.engine.web` (every segment in one vectorised pass) →
:mod:`~line_sim.engine.kpis` → :mod:`~line_sim.engine.performance` (cell per coil) →
:mod:`~line_sim.engine.energy` → :class:`~line_sim.engine.run.RunResult`.
:mod:`~line_sim.engine.electrode` is the electrode and cell calculator of ``drytwin electrode``.
"""
