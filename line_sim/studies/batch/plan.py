"""Planning a batch: every run's scenario, sweep point, replication, key and seed."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from line_sim.engine.run import simulate
from line_sim.errors import InputError
from line_sim.scenario import Scenario, apply_overrides, scenario_from_dict
from line_sim.store.results import flat_numbers
from line_sim.studies.batch.definition import BatchDefinition, Range

MAX_RUNS = 1_000_000
PROBE_HOURS = 1.0
NON_KPI_KEYS = frozenset({"run_id", "scenario", "scenario_hash", "seed", "route", "horizon_h",
                          "warnings", "wall_time_s", "version"})
"""Summary keys that describe a run rather than measure it."""


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
    source: str = ""
    """The batch file."""


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
        scenario_names=group_labels(definition, bases), sweep_keys=tuple(points[0]) if points else (),
        points=tuple(points), replications=replications,
        common_random_numbers=table.common_random_numbers,
        kpis=tuple(table.kpis) if table.kpis else None, tasks=tasks, source=str(definition.path))


def group_labels(definition: BatchDefinition, bases: Sequence[Scenario]) -> tuple[str, ...]:
    """Scenario names of the batch; names shared by several scenarios get their batch-file
    entry appended, so the groups can be told apart."""
    names = [b.name for b in bases]
    entries = definition.spec.batch.scenarios
    return tuple(name if names.count(name) == 1 else f"{name} ({entry})"
                 for name, entry in zip(names, entries, strict=True))


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


def flat_kpis(summary: dict[str, Any]) -> dict[str, float]:
    """Numeric KPIs of a run summary, nested ones with dotted names."""
    kpis = {k: v for k, v in summary.items() if k not in NON_KPI_KEYS}
    return dict(flat_numbers(kpis))
