"""Batches: scenarios × sweep points × replications, on local cores or a Dask cluster.

A batch file names scenarios, the replications of each, an optional horizon, a batch seed
and optional sweeps over any scenario field (by dotted key: grid values, or Latin hypercube /
Sobol' sampling over ranges). :func:`load_batch` validates it, :func:`plan_batch` expands
it into runs, :func:`run_batch` simulates the runs not yet stored and :func:`batch_statistics`
summarises every stored run of the batch.

Reproducibility
---------------
Every run draws from one ``SeedSequence`` built from the batch seed and the run's
coordinates, never from the order in which runs finish, so the serial, process-pool and
Dask executors store the same KPIs. With ``common_random_numbers = true`` (the default)
the coordinates are the replication index alone: replication *r* of every scenario and
sweep point sees the same random streams, which makes paired differences between scenarios
sharp. With ``false`` the scenario's hash and the sweep point join the coordinates.

Store and resume
----------------
Workers only simulate; the parent process alone writes the store. Runs are saved in
short transactions of one or more whole runs, each tagged with the batch id (a hash of the
batch definition, without the replication count) and a batch key (scenario, point and
replication). A rerun of the same batch skips the keys already stored; raising
``replications`` adds runs to the same batch.
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import contextlib
import dataclasses
import hashlib
import itertools
import json
import math
import os
import signal
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, Literal, Protocol

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from scipy import stats

from line_sim.errors import InputError
from line_sim.run import simulate
from line_sim.scenario import Scenario, apply_overrides, read_toml, scenario_from_dict
from line_sim.store import ResultsStore, StoredRun, flat_numbers, stored_run

MAX_RUNS = 1_000_000
CONFIDENCE_LEVEL = 0.95
FLUSH_INTERVAL_S = 2.0
FLUSH_MAX_RUNS = 64
POLL_INTERVAL_S = 0.1
IN_FLIGHT_PER_SLOT = 4
MIN_IN_FLIGHT = 16
"""Tasks handed to an executor ahead of time: enough to keep every worker busy, few enough
that a stop cancels little and a large batch is not serialised all at once."""
SCHEDULER_TIMEOUT_S = 5.0
PROBE_HOURS = 1.0
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1,
                                            "OPENBLAS_NUM_THREADS": 1},
}
"""Dask settings of the LocalCluster workers. Dask's default ``MALLOC_TRIM_THRESHOLD_=65536``
makes the allocation-heavy web computation about 1.8× slower, and its stack-sampling
profiler costs a pure-Python simulation further time; threads stay limited to one."""
NON_KPI_KEYS = frozenset({"run_id", "scenario", "scenario_hash", "seed", "route", "horizon_h",
                          "warnings", "wall_time_s", "version"})
"""Summary keys that describe a run rather than measure it."""

# --------------------------------------------------------------------------- schema


class _BatchTableModel(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


Range = tuple[float, float]


def check_ranges(ranges: dict[str, Range]) -> dict[str, Range]:
    """Require finite ``[low, high]`` pairs with ``low < high``."""
    for key, (low, high) in ranges.items():
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise ValueError(f"range of {key!r} is [{low}, {high}]: empty or not finite; "
                             "allowed: [low, high] with finite low < high")
    return ranges


class BatchTable(_BatchTableModel):
    """``[batch]``: what to run and how often."""

    name: str = Field("", description="Name of the batch (report title).", max_length=200)
    scenarios: list[str] = Field(
        description="Scenario files, relative to the batch file or the working directory.",
        min_length=1)
    replications: int = Field(1, description="Runs per scenario and sweep point [-].",
                              ge=1, le=100_000)
    seed: int = Field(0, description="Batch seed: every run's seed derives from it.",
                      ge=0, le=2**63 - 1)
    hours: float | None = Field(None, description="Horizon of every run [h]; unset: each "
                                "scenario's own.", ge=0.0, le=8784.0)
    common_random_numbers: bool = Field(
        True, description="Same random streams for replication r of every scenario and "
        "sweep point (sharp paired differences).")
    kpis: list[str] | None = Field(
        None, description="KPIs to summarise (summary keys, nested ones dotted); unset: all "
        "numeric KPIs.")


class SweepTable(_BatchTableModel):
    """``[sweep]``: scenario fields to vary, crossed with every scenario."""

    method: Literal["grid", "lhs", "sobol"] = Field(
        "grid", description="How [sweep.ranges] are sampled: lhs (Latin hypercube) or sobol "
        "(scrambled Sobol' sequence); grid takes only [sweep.grid].")
    samples: int = Field(8, description="Points drawn from the ranges [-].", ge=1, le=100_000)
    grid: dict[str, list[Any]] = Field(
        default_factory=dict, description="Dotted key → list of values; every combination "
        "is a sweep point.")
    ranges: dict[str, Range] = Field(
        default_factory=dict, description="Dotted key → [low, high], sampled by `method`.")

    @field_validator("grid")
    @classmethod
    def _non_empty_grid(cls, grid: dict[str, list[Any]]) -> dict[str, list[Any]]:
        for key, values in grid.items():
            if not values:
                raise ValueError(f"grid of {key!r} is empty; allowed: a list of one or more "
                                 "values")
            if _holds_non_finite(values):
                raise ValueError(f"grid of {key!r} = {values}: NaN and infinity are not "
                                 "allowed; allowed: finite values")
        return grid

    @field_validator("ranges")
    @classmethod
    def _valid_ranges(cls, ranges: dict[str, Range]) -> dict[str, Range]:
        return check_ranges(ranges)

    @model_validator(mode="after")
    def _method_fits(self) -> SweepTable:
        if self.ranges and self.method == "grid":
            raise ValueError("ranges need method = \"lhs\" or \"sobol\"; allowed with "
                             "method = \"grid\": only [sweep.grid]")
        if not self.ranges and not self.grid:
            raise ValueError("empty sweep; allowed: [sweep.grid] and/or [sweep.ranges] with "
                             "at least one key")
        overlap = set(self.grid) & set(self.ranges)
        if overlap:
            raise ValueError(f"keys in both grid and ranges: {', '.join(sorted(overlap))}")
        return self


def _holds_non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, list | dict):
        return any(_holds_non_finite(v) for v in (value.values() if isinstance(value, dict) else value))
    return False


class SensitivityTable(_BatchTableModel):
    """``[sensitivity]``: a global sensitivity study with SALib."""

    method: Literal["morris", "sobol"] = Field("sobol", description="Morris screening or "
                                               "Sobol' indices.")
    samples: int = Field(32, description="Base sample size N: Sobol' runs N·(D+2) points "
                         "(N a power of two), Morris N·(D+1) [-].", ge=2, le=100_000)
    ranges: dict[str, Range] = Field(description="Dotted key → [low, high] of each field.",
                                     min_length=1)
    kpis: list[str] | None = Field(None, description="KPIs to analyse; unset: every numeric "
                                   "KPI that varies.")
    morris_levels: int = Field(4, description="Grid levels of the Morris design [-].",
                               ge=2, le=100)
    replications: int | None = Field(None, description="Runs per design point (their mean "
                                     "is analysed); unset: [batch] replications.", ge=1,
                                     le=10_000)

    @field_validator("ranges")
    @classmethod
    def _valid_ranges(cls, ranges: dict[str, Range]) -> dict[str, Range]:
        return check_ranges(ranges)


class BatchFile(_BatchTableModel):
    """A whole batch file."""

    batch: BatchTable = Field(description="Scenarios, replications, horizon and seed.")
    sweep: SweepTable | None = Field(None, description="Fields to vary.")
    sensitivity: SensitivityTable | None = Field(None, description="Sensitivity study.")


@dataclasses.dataclass(frozen=True)
class BatchDefinition:
    """A validated batch file with its scenario files resolved and loaded (as raw TOML)."""

    path: Path
    spec: BatchFile
    scenario_paths: tuple[Path, ...]
    scenario_raw: tuple[dict[str, Any], ...]


def load_batch(path: str | Path) -> BatchDefinition:
    """Read and validate a batch file and the scenario files it names.

    Raises
    ------
    InputError
        Missing or malformed file, unknown key, bad value, missing scenario file, or an
        invalid scenario; the message names the file, the field, the value and what is
        allowed.
    """
    path = Path(path)
    raw = read_toml(path)
    try:
        spec = BatchFile.model_validate(raw)
    except ValidationError as exc:
        problems = [_describe_error(path, err) for err in exc.errors()]
        raise InputError(f"{path}: {len(problems)} problem(s) in the batch file", problems
                         ) from None
    paths = tuple(_resolve_scenario(path, i, name) for i, name in enumerate(spec.batch.scenarios))
    raws = tuple(read_toml(p) for p in paths)
    for scenario_path, scenario_raw in zip(paths, raws, strict=True):
        scenario_from_dict(scenario_raw, source=str(scenario_path))
    return BatchDefinition(path=path, spec=spec, scenario_paths=paths, scenario_raw=raws)


def _resolve_scenario(batch_path: Path, index: int, name: str) -> Path:
    candidates = [batch_path.parent / name, Path.cwd() / name]
    for candidate in candidates:
        with contextlib.suppress(OSError):  # e.g. a name too long for the file system
            if candidate.is_file():
                return candidate
    raise InputError(f"{batch_path}: batch.scenarios[{index}] = {name!r}: file not found (looked "
                     f"in {candidates[0].parent} and {candidates[1].parent}); allowed: a "
                     "scenario TOML file relative to the batch file or the working directory")


def _describe_error(path: Path, err: Any) -> str:
    loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        allowed = _allowed_keys(err["loc"])
        return f"{path}: {loc}: unknown key; allowed here: {allowed}"
    if err["type"] == "missing":
        return f"{path}: {loc}: required field is missing"
    value = repr(err.get("input"))
    value = value if len(value) <= 80 else value[:77] + "..."
    return f"{path}: {loc} = {value}: {message}"


def _allowed_keys(loc: Sequence[Any]) -> str:
    model: Any = BatchFile
    for part in loc[:-1]:
        field = model.model_fields.get(str(part))
        if field is None:
            break
        model = next((a for a in (field.annotation, *getattr(field.annotation, "__args__", ()))
                      if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if model is None:
            break
    return ", ".join(sorted(model.model_fields)) if model is not None else "(see docs/batch.md)"


# --------------------------------------------------------------------------- planning


@dataclasses.dataclass(frozen=True)
class RunTask:
    """One run of a batch: its coordinates, seed and the scenario to simulate."""

    key: str
    scenario_index: int
    point_index: int
    replication: int
    seed: int
    hours: float | None
    scenario: Scenario


@dataclasses.dataclass(frozen=True)
class BatchPlan:
    """Every run of a batch, in a fixed order."""

    batch_id: str
    name: str
    scenario_names: tuple[str, ...]
    sweep_keys: tuple[str, ...]
    points: tuple[dict[str, Any], ...]
    replications: int
    common_random_numbers: bool
    kpis: tuple[str, ...] | None
    tasks: tuple[RunTask, ...]


def batch_key(scenario_index: int, point_index: int, replication: int) -> str:
    """The coordinates of a run as stored in the ``batch_key`` column."""
    return json.dumps({"scenario": scenario_index, "point": point_index,
                       "replication": replication}, sort_keys=True, separators=(",", ":"))


def run_seed(batch_seed: int, replication: int, scenario_hash: str, point_index: int,
             common_random_numbers: bool) -> int:
    """A 63-bit seed from the run's own ``SeedSequence`` (batch seed and coordinates)."""
    coordinates: tuple[int, ...] = (replication,)
    if not common_random_numbers:
        coordinates = (replication, zlib.crc32(scenario_hash.encode()), point_index)
    state = np.random.SeedSequence(batch_seed, spawn_key=coordinates).generate_state(1, np.uint64)
    return int(state[0] >> np.uint64(1))


def sweep_points(definition: BatchDefinition) -> list[dict[str, Any]]:
    """The sweep points of the batch: grid combinations × samples of the ranges."""
    sweep = definition.spec.sweep
    if sweep is None:
        return [{}]
    grid_points = _grid_points(sweep.grid)
    if not sweep.ranges:
        return grid_points
    sampled = sample_ranges(sweep.ranges, sweep.method, sweep.samples, definition.spec.batch.seed)
    return [grid | sample for grid in grid_points for sample in sampled]


def _grid_points(grid: dict[str, list[Any]]) -> list[dict[str, Any]]:
    points: list[dict[str, Any]] = [{}]
    for key, values in grid.items():
        points = [point | {key: value} for point in points for value in values]
    return points


def sample_ranges(ranges: dict[str, Range], method: str, samples: int, seed: int
                  ) -> list[dict[str, float]]:
    """Latin hypercube or scrambled Sobol' samples of ``ranges`` (deterministic in ``seed``)."""
    from scipy.stats import qmc

    dimension = len(ranges)
    sampler: qmc.QMCEngine
    if method == "lhs":
        sampler = qmc.LatinHypercube(d=dimension, rng=np.random.default_rng(seed))
    else:
        sampler = qmc.Sobol(d=dimension, scramble=True, rng=np.random.default_rng(seed))
    unit = sampler.random(samples)
    lows = np.array([low for low, _ in ranges.values()])
    highs = np.array([high for _, high in ranges.values()])
    values = qmc.scale(unit, lows, highs)
    return [{key: float(row[i]) for i, key in enumerate(ranges)} for row in values]


def plan_batch(definition: BatchDefinition, points: list[dict[str, Any]] | None = None,
               replications: int | None = None) -> BatchPlan:
    """Expand a batch into runs: scenarios × sweep points × replications.

    Parameters
    ----------
    definition : BatchDefinition
        A loaded batch file.
    points : list of dict, optional
        Sweep points (dotted key → value); default: the batch file's ``[sweep]``.
    replications : int, optional
        Runs per scenario and point; default: the batch file's ``replications``.

    Raises
    ------
    InputError
        A sweep key that names no scenario field, or a sweep value a scenario refuses.
    """
    table = definition.spec.batch
    points = sweep_points(definition) if points is None else points
    replications = table.replications if replications is None else replications
    n_runs = len(definition.scenario_paths) * len(points) * replications
    if n_runs > MAX_RUNS:
        raise InputError(f"{definition.path}: the batch has {n_runs} runs; allowed: at most "
                         f"{MAX_RUNS} (fewer samples, grid values or replications)")
    scenarios = [[_scenario_at(definition, i, point) for point in points]
                 for i in range(len(definition.scenario_paths))]
    bases = [scenario_from_dict(raw) for raw in definition.scenario_raw]
    if table.kpis:
        check_kpi_names(table.kpis, bases, f"{definition.path}: batch.kpis")
    batch_id = _batch_id(definition, bases, points)
    tasks = tuple(
        RunTask(key=batch_key(s, p, r), scenario_index=s, point_index=p, replication=r,
                seed=run_seed(table.seed, r, bases[s].canonical_hash(), p,
                              table.common_random_numbers),
                hours=table.hours, scenario=scenarios[s][p])
        for s in range(len(bases)) for p in range(len(points)) for r in range(replications))
    return BatchPlan(
        batch_id=batch_id, name=table.name or definition.path.stem,
        scenario_names=tuple(b.name for b in bases), sweep_keys=tuple(points[0]) if points else (),
        points=tuple(points), replications=replications,
        common_random_numbers=table.common_random_numbers,
        kpis=tuple(table.kpis) if table.kpis else None, tasks=tasks)


def check_kpi_names(names: Sequence[str], scenarios: Sequence[Scenario], field: str) -> None:
    """Refuse KPI names no run of ``scenarios`` reports (probed with a 1 h run of each).

    A dotted name under a table a run reports (``downtime_by_cause_h.any_cause``) is
    accepted: such tables list only what occurred.
    """
    known: set[str] = set()
    tables: set[str] = set()
    for scenario in scenarios:
        summary = simulate(scenario, hours=PROBE_HOURS).summary()
        known |= set(flat_kpis(summary))
        tables |= {k for k, v in summary.items() if isinstance(v, dict)}
    unknown = [n for n in names if n not in known and n.split(".")[0] not in tables]
    if unknown:
        raise InputError(f"{field}: unknown KPI(s) {', '.join(unknown)}; allowed: "
                         + ", ".join(sorted(known | {f"{t}.<cause>" for t in tables})))


def _scenario_at(definition: BatchDefinition, index: int, point: dict[str, Any]) -> Scenario:
    source = str(definition.scenario_paths[index])
    try:
        raw = apply_overrides(definition.scenario_raw[index], point, source=source)
        return scenario_from_dict(raw, source=source)
    except InputError as exc:
        raise InputError(f"{definition.path}: sweep point {_format_point(point)} on {source}: "
                         + str(exc).removeprefix("--set "), exc.problems) from None


def _format_point(point: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k} = {v!r}" for k, v in point.items()) + "}"


def _batch_id(definition: BatchDefinition, bases: list[Scenario], points: list[dict[str, Any]]
              ) -> str:
    table = definition.spec.batch
    identity = {"scenarios": [b.canonical_hash() for b in bases], "seed": table.seed,
                "hours": table.hours, "common_random_numbers": table.common_random_numbers,
                "points": points}
    text = json.dumps(identity, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


# --------------------------------------------------------------------------- workers


def simulate_task(task: RunTask) -> StoredRun:
    """Simulate one run and return it compact: store rows without the segment table."""
    return stored_run(simulate(task.scenario, seed=task.seed, hours=task.hours))


def _ignore_interrupts() -> None:
    """Worker initialiser: the parent alone decides when a batch stops."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


Finished = tuple[RunTask, StoredRun]


class Executor(Protocol):
    """Runs tasks somewhere and hands back finished ones."""

    def slots(self) -> int:
        """Runs it can execute at once."""

    def submit(self, tasks: Sequence[RunTask]) -> None:
        """Queue tasks."""

    def finished(self, timeout_s: float) -> list[Finished]:
        """Tasks finished since the last call (waits at most ``timeout_s``)."""

    def cancel(self) -> None:
        """Drop queued tasks and stop running ones."""

    def close(self) -> None:
        """Release workers and connections."""


class SerialExecutor:
    """Runs tasks one at a time in this process."""

    def __init__(self) -> None:
        self._queue: collections.deque[RunTask] = collections.deque()

    def slots(self) -> int:
        return 1

    def submit(self, tasks: Sequence[RunTask]) -> None:
        self._queue.extend(tasks)

    def finished(self, timeout_s: float) -> list[Finished]:
        if not self._queue:
            return []
        task = self._queue.popleft()
        return [(task, simulate_task(task))]

    def cancel(self) -> None:
        self._queue.clear()

    def close(self) -> None:
        self._queue.clear()


class ProcessExecutor:
    """A pool of worker processes that live for the whole batch."""

    def __init__(self, workers: int) -> None:
        self._pool = cf.ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)
        self._futures: dict[cf.Future[StoredRun], RunTask] = {}
        self._workers = workers

    def slots(self) -> int:
        return self._workers

    def submit(self, tasks: Sequence[RunTask]) -> None:
        for task in tasks:
            self._futures[self._pool.submit(simulate_task, task)] = task

    def finished(self, timeout_s: float) -> list[Finished]:
        if not self._futures:
            return []
        done, _ = cf.wait(self._futures, timeout=timeout_s, return_when=cf.FIRST_COMPLETED)
        return [(self._futures.pop(f), f.result()) for f in done]

    def cancel(self) -> None:
        running = list((getattr(self._pool, "_processes", None) or {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in running:  # runs in progress are not waited for: they are not stored
            process.terminate()
        self._futures.clear()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Tasks on a Dask distributed cluster: a new ``LocalCluster`` or an existing scheduler."""

    def __init__(self, local_workers: int | None = None, scheduler: str | None = None) -> None:
        import dask
        from distributed import Client, LocalCluster

        self._cluster = None
        if scheduler is None:
            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                self._cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1,
                                             processes=True, dashboard_address=None)
            self._client = Client(self._cluster)
        else:
            self._client = _connect_scheduler(Client, scheduler)
        self._futures: dict[Any, RunTask] = {}

    def slots(self) -> int:
        return max(1, sum(self._client.nthreads().values()))

    def submit(self, tasks: Sequence[RunTask]) -> None:
        for task in tasks:
            future = self._client.submit(simulate_task, task, pure=False)
            self._futures[future] = task

    def finished(self, timeout_s: float) -> list[Finished]:
        from distributed import wait

        if not self._futures:
            return []
        with contextlib.suppress(TimeoutError):
            wait(list(self._futures), timeout=timeout_s, return_when="FIRST_COMPLETED")
        done = [f for f in self._futures if f.done()]
        return [(self._futures.pop(f), f.result()) for f in done]

    def cancel(self) -> None:
        with contextlib.suppress(Exception):
            self._client.cancel(list(self._futures))
        self._futures.clear()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._client.close()
        if self._cluster is not None:
            with contextlib.suppress(Exception):
                self._cluster.close()


def _connect_scheduler(client_type: Any, address: str) -> Any:
    try:
        return client_type(address, timeout=f"{SCHEDULER_TIMEOUT_S}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"--scheduler {address}: cannot reach a Dask scheduler within "
                         f"{SCHEDULER_TIMEOUT_S:g} s ({type(exc).__name__}: {exc}); allowed: the "
                         "address of a running scheduler, e.g. tcp://10.0.0.5:8786") from None


@dataclasses.dataclass(frozen=True)
class ExecutorSpec:
    """Where runs execute: ``workers`` local processes (1: in this process), or Dask."""

    workers: int | None = None
    dask_local_workers: int | None = None
    scheduler: str | None = None

    def __post_init__(self) -> None:
        chosen = [name for name, value in (("--workers", self.workers),
                                           ("--dask-local", self.dask_local_workers),
                                           ("--scheduler", self.scheduler)) if value is not None]
        if len(chosen) > 1:
            raise InputError(f"{' and '.join(chosen)}: choose one executor; allowed: --workers N, "
                             "--dask-local N or --scheduler ADDRESS")
        for name, value in (("--workers", self.workers), ("--dask-local", self.dask_local_workers)):
            if value is not None and value < 1:
                raise InputError(f"{name} = {value}: allowed: 1 or more")

    def describe(self) -> str:
        """Short text naming the executor."""
        if self.scheduler is not None:
            return f"dask scheduler {self.scheduler}"
        if self.dask_local_workers is not None:
            return f"dask LocalCluster with {self.dask_local_workers} workers"
        workers = self.local_workers()
        return "in-process" if workers == 1 else f"{workers} worker processes"

    def local_workers(self) -> int:
        """Worker processes of the local pool (default: the usable cores)."""
        if self.workers is not None:
            return self.workers
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

    def open(self) -> Executor:
        """Start the executor (a scheduler is reached here, before any run starts)."""
        if self.scheduler is not None or self.dask_local_workers is not None:
            return DaskExecutor(self.dask_local_workers, self.scheduler)
        workers = self.local_workers()
        return SerialExecutor() if workers == 1 else ProcessExecutor(workers)


# --------------------------------------------------------------------------- store writes


class StoreWriter:
    """Buffers finished runs and saves them every ``FLUSH_INTERVAL_S`` or ``FLUSH_MAX_RUNS``."""

    def __init__(self, store: ResultsStore, batch_id: str) -> None:
        self.store = store
        self.batch_id = batch_id
        self.n_saved = 0
        self._buffer: list[Finished] = []
        self._last_flush = time.monotonic()

    def add(self, finished: Sequence[Finished]) -> None:
        """Queue finished runs; save them when the buffer is due."""
        self._buffer.extend(finished)
        due = time.monotonic() - self._last_flush >= FLUSH_INTERVAL_S
        if due or len(self._buffer) >= FLUSH_MAX_RUNS:
            self.flush()

    def flush(self) -> None:
        """Save every queued run now."""
        if self._buffer:
            self.store.save_many([run for _, run in self._buffer], self.batch_id,
                                 [task.key for task, _ in self._buffer])
            self.n_saved += len(self._buffer)
            self._buffer = []
        self._last_flush = time.monotonic()


# --------------------------------------------------------------------------- running


class BatchInterruptedError(Exception):
    """A batch stopped by SIGINT or SIGTERM; finished runs are stored."""

    def __init__(self, signal_number: int, n_stored: int, n_total: int) -> None:
        name = signal.Signals(signal_number).name
        super().__init__(f"interrupted by {name}: {n_stored} of {n_total} runs of the batch are "
                         "stored; run the same command again to resume")
        self.exit_code = 128 + signal_number


class StopSignals:
    """Turns the first SIGINT or SIGTERM into a stop request; a second one acts at once."""

    HANDLED = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.signal_number: int | None = None
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> StopSignals:
        if _in_main_thread():
            for number in self.HANDLED:
                self._previous[number] = signal.signal(number, self._request_stop)
        return self

    def __exit__(self, *exc: object) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)

    def _request_stop(self, number: int, frame: FrameType | None) -> None:
        self.signal_number = number
        for handled in self.HANDLED:
            signal.signal(handled, self._previous.get(handled, signal.SIG_DFL))


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


@dataclasses.dataclass(frozen=True)
class BatchRunReport:
    """What one invocation of :func:`run_batch` did."""

    batch_id: str
    n_runs: int
    n_skipped_existing: int
    n_simulated: int
    wall_time_s: float
    executor: str


ProgressFactory = Callable[[int, int], Any]


def tqdm_progress(total: int, initial: int) -> Any:
    """A progress bar on stderr: runs done of total, rate and time left."""
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, unit="run", file=sys.stderr, mininterval=0.5,
                smoothing=0.1, desc="batch", dynamic_ncols=True)


def run_batch(plan: BatchPlan, store: ResultsStore, executor: ExecutorSpec | None = None,
              progress: ProgressFactory | None = tqdm_progress) -> BatchRunReport:
    """Simulate every run of ``plan`` not yet in ``store`` and save each as it finishes.

    Parameters
    ----------
    plan : BatchPlan
        The runs (see :func:`plan_batch`).
    store : ResultsStore
        Where runs are saved; its runs of this batch are skipped.
    executor : ExecutorSpec, optional
        Where runs execute; default: one process per core.
    progress : callable, optional
        ``progress(total, initial)`` returning an object with ``update(n)`` and
        ``close()``; ``None`` for no progress display.

    Raises
    ------
    BatchInterruptedError
        On SIGINT or SIGTERM, after the finished runs are saved and pending ones cancelled.
    InputError
        An unreachable scheduler (before any run starts).
    """
    started = time.perf_counter()
    spec = executor or ExecutorSpec()
    stored = store.run_ids_for_batch(plan.batch_id)
    pending = [task for task in plan.tasks if task.key not in stored]
    n_skipped = len(plan.tasks) - len(pending)
    writer = StoreWriter(store, plan.batch_id)
    if pending:
        _execute(pending, spec, writer, progress, n_total=len(plan.tasks), n_skipped=n_skipped)
    return BatchRunReport(batch_id=plan.batch_id, n_runs=len(plan.tasks),
                          n_skipped_existing=n_skipped, n_simulated=writer.n_saved,
                          wall_time_s=time.perf_counter() - started, executor=spec.describe())


def _execute(pending: list[RunTask], spec: ExecutorSpec, writer: StoreWriter,
             progress: ProgressFactory | None, n_total: int, n_skipped: int) -> None:
    bar = progress(n_total, n_skipped) if progress is not None else None
    runner = spec.open()
    queue = iter(pending)
    try:
        with StopSignals() as stop:
            in_flight = max(MIN_IN_FLIGHT, IN_FLIGHT_PER_SLOT * runner.slots())
            runner.submit(list(itertools.islice(queue, in_flight)))
            remaining = len(pending)
            while remaining and stop.signal_number is None:
                done = runner.finished(POLL_INTERVAL_S)
                runner.submit(list(itertools.islice(queue, len(done))))
                writer.add(done)
                remaining -= len(done)
                if bar is not None and done:
                    bar.update(len(done))
            if stop.signal_number is not None:
                runner.cancel()
                writer.flush()
                raise BatchInterruptedError(stop.signal_number, n_skipped + writer.n_saved, n_total)
    finally:
        writer.flush()
        if bar is not None:
            bar.close()
        runner.close()


# --------------------------------------------------------------------------- statistics


def flat_kpis(summary: dict[str, Any]) -> dict[str, float]:
    """Numeric KPIs of a run summary, nested ones with dotted names."""
    kpis = {k: v for k, v in summary.items() if k not in NON_KPI_KEYS}
    return dict(flat_numbers(kpis))


def batch_runs(plan: BatchPlan, store: ResultsStore) -> pd.DataFrame:
    """One row per stored run of the plan: coordinates, sweep values, seed and KPIs.

    Rows are ordered by scenario, point and replication. A nested KPI missing from a run
    whose parent table exists (e.g. a downtime cause that never occurred) counts as 0.
    """
    stored = store.runs()
    stored = stored[stored["batch_id"] == plan.batch_id] if "batch_id" in stored else stored.iloc[0:0]
    by_key = {task.key: task for task in plan.tasks}
    records = []
    for key, run_id, summary_json in zip(stored["batch_key"], stored["run_id"],
                                         stored["summary_json"], strict=True):
        task = by_key.get(key)
        if task is None:
            continue
        summary = json.loads(summary_json)
        records.append({"run_id": run_id, "scenario_index": task.scenario_index,
                        "scenario": plan.scenario_names[task.scenario_index],
                        "point_index": task.point_index, "replication": task.replication,
                        "seed": task.seed, **plan.points[task.point_index],
                        **flat_kpis(summary)})
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        return frame
    frame = frame.drop_duplicates(["scenario_index", "point_index", "replication"])
    for name in plan.kpis or ():
        if name not in frame.columns:  # a cause that never occurred, or a KPI not reported
            frame[name] = 0.0 if "." in name else math.nan
    frame = _zero_missing_nested(frame, kpi_columns(frame, plan))
    return frame.sort_values(["scenario_index", "point_index", "replication"], ignore_index=True)


def kpi_columns(runs: pd.DataFrame, plan: BatchPlan) -> list[str]:
    """The KPI columns of a runs table (the plan's chosen KPIs if it names them)."""
    fixed = {"run_id", "scenario_index", "scenario", "point_index", "replication", "seed",
             *plan.sweep_keys}
    columns = [c for c in runs.columns if c not in fixed]
    if plan.kpis is None:
        return columns
    return list(plan.kpis)


def _zero_missing_nested(frame: pd.DataFrame, kpis: list[str]) -> pd.DataFrame:
    nested = [k for k in kpis if "." in k]
    if nested:
        frame[nested] = frame[nested].fillna(0.0)
    return frame


def describe(values: np.ndarray) -> dict[str, float]:
    """Mean, standard deviation, Student-t 95 % half-width and count of ``values``."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    n = values.size
    mean = float(values.mean()) if n else math.nan
    std = float(values.std(ddof=1)) if n > 1 else math.nan
    half_width = math.nan
    if n > 1:
        half_width = float(stats.t.ppf(0.5 + CONFIDENCE_LEVEL / 2, n - 1) * std / math.sqrt(n))
    return {"mean": mean, "std": std, "ci95": half_width, "n": n}


def group_statistics(runs: pd.DataFrame, plan: BatchPlan) -> list[dict[str, Any]]:
    """Per scenario and sweep point: mean, std, 95 % CI half-width and n of each KPI."""
    if runs.empty:
        return []
    kpis = kpi_columns(runs, plan)
    groups = []
    for (scenario_index, point_index), rows in runs.groupby(["scenario_index", "point_index"],
                                                            sort=True):
        groups.append({
            "scenario": plan.scenario_names[int(scenario_index)],
            "scenario_index": int(scenario_index),
            "point_index": int(point_index),
            "sweep": dict(plan.points[int(point_index)]),
            "n": len(rows),
            "kpis": _described(rows, kpis),
        })
    return groups


def paired_differences(runs: pd.DataFrame, plan: BatchPlan) -> list[dict[str, Any]]:
    """Each scenario minus the first one, replication by replication, per sweep point."""
    if runs.empty or len(plan.scenario_names) < 2:
        return []
    kpis = kpi_columns(runs, plan)
    indexed = runs.set_index(["scenario_index", "point_index", "replication"])[kpis]
    out = []
    for scenario_index in range(1, len(plan.scenario_names)):
        for point_index in range(len(plan.points)):
            try:
                other = indexed.loc[(scenario_index, point_index)]
                base = indexed.loc[(0, point_index)]
            except KeyError:
                continue
            diff = (other - base).dropna(how="all")
            out.append({"scenario": plan.scenario_names[scenario_index],
                        "baseline": plan.scenario_names[0], "point_index": point_index,
                        "sweep": dict(plan.points[point_index]),
                        "common_random_numbers": plan.common_random_numbers,
                        "kpis": _described(diff, kpis)})
    return out


def _described(rows: pd.DataFrame, kpis: list[str]) -> dict[str, dict[str, float]]:
    """Statistics of each KPI the rows report (a KPI of another route is left out)."""
    return {k: describe(rows[k].to_numpy(dtype=float)) for k in kpis if rows[k].notna().any()}


def batch_statistics(plan: BatchPlan, store: ResultsStore) -> dict[str, Any]:
    """Groups and paired differences of every stored run of the plan."""
    runs = batch_runs(plan, store)
    return {"groups": group_statistics(runs, plan),
            "paired_differences": paired_differences(runs, plan)}


def export_runs(runs: pd.DataFrame, groups: list[dict[str, Any]], folder: str | Path) -> list[Path]:
    """Write ``runs.csv``, ``runs.parquet`` and ``groups.csv`` (one row per group and KPI)."""
    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise InputError(f"--export {root}: exists and is not a folder")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--export {root}: cannot create the folder ({exc})") from None
    paths = [root / "runs.csv", root / "runs.parquet", root / "groups.csv"]
    runs.to_csv(paths[0], index=False)
    runs.to_parquet(paths[1], index=False)
    group_table(groups).to_csv(paths[2], index=False)
    return paths


def group_table(groups: list[dict[str, Any]]) -> pd.DataFrame:
    """Long table of the group statistics: one row per group and KPI."""
    rows = [{"scenario": g["scenario"], "point_index": g["point_index"], **g["sweep"],
             "kpi": kpi, **values}
            for g in groups for kpi, values in g["kpis"].items()]
    return pd.DataFrame.from_records(rows)
