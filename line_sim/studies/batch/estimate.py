"""What a batch will cost before it starts: runs, wall time and store size, from probe runs.

Each scenario of the runs left to do is simulated briefly (``PROBE_HOURS`` and
``PROBE_LONG_HOURS``, twice each, the shorter time kept); time and stored bytes per run are
taken as linear in the horizon through those two points. The figures are rough (a sweep point
may run faster or slower than its scenario's first one) but tell an hour from a week.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence

from line_sim.engine.run import simulate
from line_sim.store import stored_run
from line_sim.studies.batch.plan import PROBE_HOURS, BatchPlan, RunTask

PROBE_LONG_HOURS = 48.0
STORE_BYTES_PER_ROW_BYTE = 0.5
"""DuckDB's compressed size of a run's rows over their size in memory (0.4–0.7 measured
for day- to month-long runs)."""
CONFIRM_RUNS = 2_000
CONFIRM_SECONDS = 3600.0
"""A batch with more runs left than this, or an estimated wall time above this, needs an
explicit go-ahead (``--yes``)."""


@dataclasses.dataclass(frozen=True)
class _Probe:
    hours: tuple[float, float]
    seconds: tuple[float, float]
    nbytes: tuple[float, float]

    def at(self, hours: float) -> tuple[float, float]:
        """(seconds, bytes) of a run of ``hours``, linear through the two probes."""
        (h1, h2), out = self.hours, []
        for low, high in (self.seconds, self.nbytes):
            slope = max(0.0, (high - low) / (h2 - h1)) if h2 > h1 else 0.0
            out.append(max(low, low + slope * (hours - h1)))
        return out[0], out[1]


@dataclasses.dataclass(frozen=True)
class BatchEstimate:
    """Runs left to do and what they will cost."""

    n_runs: int
    n_pending: int
    slots: int | None
    """Runs executing at once (None: unknown, e.g. a Dask scheduler's workers)."""
    seconds: float
    """Estimated wall time [s] (with ``slots`` None: compute time on one core)."""
    store_bytes: float
    """Estimated growth of the results store [bytes]."""

    def needs_confirmation(self) -> bool:
        """More than ``CONFIRM_RUNS`` runs left or more than ``CONFIRM_SECONDS`` estimated."""
        return self.n_pending > CONFIRM_RUNS or self.seconds > CONFIRM_SECONDS

    def describe(self) -> str:
        """``N runs to simulate (of M), about T on W workers and about S in the store``."""
        if self.slots is None:
            where = "of computing on one core (shared by the cluster's workers)"
        elif self.slots == 1:
            where = "on 1 worker (in this process)"
        else:
            where = f"on {self.slots} worker processes"
        return (f"{self.n_pending} runs to simulate (of {self.n_runs}), about "
                f"{format_duration(self.seconds)} {where} and about "
                f"{format_bytes(self.store_bytes)} in the store")


def estimate_batch(plan: BatchPlan, pending: Sequence[RunTask], slots: int | None) -> BatchEstimate:
    """Estimate the wall time and store growth of ``pending`` runs on ``slots`` workers.

    Probes each scenario of the pending runs (at its first pending sweep point) with short
    simulations in this process.
    """
    probes: dict[int, _Probe] = {}
    total_s = total_bytes = 0.0
    for task in pending:
        probe = probes.get(task.scenario_index)
        if probe is None:
            probe = probes[task.scenario_index] = _probe(task)
        seconds, nbytes = probe.at(horizon_h(task))
        total_s += seconds
        total_bytes += nbytes
    parallel = max(1, min(slots, len(pending))) if slots is not None else 1
    return BatchEstimate(n_runs=len(plan.tasks), n_pending=len(pending), slots=slots,
                         seconds=total_s / parallel, store_bytes=total_bytes)


def horizon_h(task: RunTask) -> float:
    """The horizon a run simulates [h]."""
    return task.hours if task.hours is not None else task.scenario.simulation.horizon_h


def _probe(task: RunTask) -> _Probe:
    # the shorter of two: the first pays for cold caches, and the machine may be busy
    seconds_1, bytes_1 = min(_timed(task, PROBE_HOURS) for _ in range(2))
    seconds_2, bytes_2 = min(_timed(task, PROBE_LONG_HOURS) for _ in range(2))
    return _Probe(hours=(PROBE_HOURS, PROBE_LONG_HOURS), seconds=(seconds_1, seconds_2),
                  nbytes=(bytes_1, bytes_2))


def _timed(task: RunTask, hours: float) -> tuple[float, float]:
    started = time.perf_counter()
    run = stored_run(simulate(task.scenario, seed=task.seed, hours=hours))
    seconds = time.perf_counter() - started
    tables = sum(getattr(t, "nbytes", 0) for t in run.tables.values() if t is not None)
    rows = sum(len(str(v)) for v in run.run_row.values()) + 40 * len(run.kpi_rows)
    return seconds, STORE_BYTES_PER_ROW_BYTE * (tables + rows)


def format_duration(seconds: float) -> str:
    """``42 s``, ``17 min``, ``3.2 h`` or ``4.5 days``."""
    if seconds < 90:
        return f"{max(seconds, 1):.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 72 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def format_bytes(nbytes: float) -> str:
    """``850 kB``, ``12 MB``, ``3.4 GB``."""
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if nbytes >= size:
            return f"{nbytes / size:.3g} {unit}"
    return f"{max(nbytes, 1e3) / 1e3:.0f} kB"
