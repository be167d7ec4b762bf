"""Worker side of the speed benchmark: one case measured in a fresh process.

Phase clocks, memory probes and the engine and one-process-per-metre cases; see
:mod:`line_sim.bench` for the method."""

from __future__ import annotations

import gc
import inspect
import math
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, ClassVar

import simpy

import line_sim.engine.run as run_module
from line_sim.bench.naive_line import naive_run, scheduled_events
from line_sim.engine.run import simulate
from line_sim.scenario import Scenario, load_scenario
from line_sim.store import ResultsStore

BASELINE_SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "bf_nmc811_baseline.toml"
MB = 1024.0 * 1024.0
WARM_UP_HOURS = 1.0


@dataclass(frozen=True)
class BenchPlan:
    """Horizons and repeats of one benchmark mode."""

    short_h: float
    long_h: float
    naive_h: float
    repeats: int
    naive_repeats: int
    one_process: bool


FULL_PLAN = BenchPlan(short_h=24.0, long_h=168.0, naive_h=1.0, repeats=5, naive_repeats=3,
                      one_process=False)
QUICK_PLAN = BenchPlan(short_h=1.0, long_h=4.0, naive_h=0.05, repeats=1, naive_repeats=1,
                       one_process=True)
"""Quick mode: short horizons, one repeat, every case in one worker (structure only)."""


@dataclass(frozen=True)
class CaseSpec:
    """One benchmark case, run in its own process."""

    name: str
    kind: str
    hours: float
    segment_length_m: float
    repeats: int
    scenario_path: str


def plan_cases(plan: BenchPlan, scenario_path: Path) -> list[CaseSpec]:
    """The cases of a benchmark: horizon pair, segment-length sweep and naive reference."""
    path = str(scenario_path)
    return [
        CaseSpec("long_1m", "engine", plan.long_h, 1.0, plan.repeats, path),
        CaseSpec("short_1m", "engine", plan.short_h, 1.0, plan.repeats, path),
        CaseSpec("short_0.1m", "engine", plan.short_h, 0.1, plan.repeats, path),
        CaseSpec("short_10m", "engine", plan.short_h, 10.0, plan.repeats, path),
        CaseSpec("naive_1m", "naive", plan.naive_h, 1.0, plan.naive_repeats, path),
    ]


# ====================================================================== worker side
class MemoryProbe:
    """Resident-set peak of this process over a stretch of work [MB]."""

    STATUS = Path("/proc/self/status")
    CLEAR_REFS = Path("/proc/self/clear_refs")

    def __init__(self) -> None:
        self.uses_proc = self.STATUS.exists() and os.access(self.CLEAR_REFS, os.W_OK)
        self.start_mb = 0.0

    def reset(self) -> None:
        """Start a new measurement at the current resident set."""
        gc.collect()
        if self.uses_proc:
            self.CLEAR_REFS.write_text("5")
            self.start_mb = self._status_mb("VmRSS")
        else:
            self.start_mb = self._maxrss_mb()

    def peak_mb(self) -> float:
        """Peak resident set since :meth:`reset`, above the level at reset [MB]."""
        return max(self.process_peak_mb() - self.start_mb, 0.0)

    def process_peak_mb(self) -> float:
        """Peak resident set of the whole process since :meth:`reset` [MB]."""
        return self._status_mb("VmHWM") if self.uses_proc else self._maxrss_mb()

    def _status_mb(self, key: str) -> float:
        for line in self.STATUS.read_text().splitlines():
            if line.startswith(key + ":"):
                return float(line.split()[1]) / 1024.0
        raise RuntimeError(f"{key} missing from {self.STATUS}")

    @staticmethod
    def _maxrss_mb() -> float:
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return maxrss / MB if sys.platform == "darwin" else maxrss / 1024.0


class PhaseClock:
    """Times the phases of :func:`line_sim.engine.run.simulate` by wrapping what it calls.

    Whatever ``line_sim.engine.run`` imported from the web module (and its ``_web`` driver, if
    any) counts as web post-processing; what it imported from the KPI and performance
    modules (functions, and the methods of their classes) as KPIs and tables. The engine
    may reorganise these calls without breaking the clock; a wrapped call inside another
    wrapped call counts once, for the outer phase.
    """

    PHASE_OF_MODULE: ClassVar[dict[str, str]] = {
        "line_sim.engine.web": "web_segments", "line_sim.engine.kpis": "kpis_tables",
        "line_sim.engine.performance": "kpis_tables"}
    WEB_DRIVERS: ClassVar[tuple[str, ...]] = ("_web",)

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.events_scheduled = 0
        self.events_processed = 0
        self._depth = 0

    def reset(self) -> None:
        """Forget the previous run."""
        self.seconds.clear()
        self.events_scheduled = self.events_processed = 0

    @contextmanager
    def installed(self) -> Iterator[PhaseClock]:
        """Wrap the engine's phase functions while the context is open."""
        targets = list(self._targets())
        originals = [(owner, name, getattr(owner, name)) for owner, name, _ in targets]
        originals.append((simpy.Environment, "run", simpy.Environment.run))
        for owner, name, phase in targets:
            setattr(owner, name, self._timed(phase, getattr(owner, name)))
        simpy.Environment.run = self._timed_env_run(simpy.Environment.run)  # type: ignore[method-assign]
        try:
            yield self
        finally:
            for owner, name, original in originals:
                setattr(owner, name, original)

    def _targets(self) -> Iterator[tuple[Any, str, str]]:
        """(owner, attribute, phase) of every engine callable to time."""
        for name, member in vars(run_module).items():
            phase = self.PHASE_OF_MODULE.get(getattr(member, "__module__", ""), "")
            if phase and inspect.isfunction(member):
                yield run_module, name, phase
            elif phase and inspect.isclass(member):
                yield from ((member, attr, phase) for attr, method in vars(member).items()
                            if inspect.isfunction(method) and not attr.startswith("__"))
        yield from ((run_module, name, "web_segments") for name in self.WEB_DRIVERS
                    if inspect.isfunction(getattr(run_module, name, None)))

    def _timed(self, phase: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            if self._depth:
                return func(*args, **kwargs)
            self._depth += 1
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.seconds[phase] += time.perf_counter() - started
                self._depth -= 1
        return timed

    def _timed_env_run(self, env_run: Callable[..., Any]) -> Callable[..., Any]:
        def timed(env: Any, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return env_run(env, *args, **kwargs)
            finally:
                self.seconds["event_handling"] += time.perf_counter() - started
                scheduled = scheduled_events(env)
                self.events_scheduled += scheduled
                self.events_processed += scheduled - len(env._queue)
        return timed


def run_case(spec: CaseSpec) -> dict[str, Any]:
    """Measure one case in this process (called in a fresh worker process)."""
    return _engine_case(spec) if spec.kind == "engine" else _naive_case(spec)


def _load(spec: CaseSpec) -> Scenario:
    return load_scenario(spec.scenario_path,
                         {"simulation.segment_length_m": spec.segment_length_m})


def _engine_case(spec: CaseSpec) -> dict[str, Any]:
    scenario = _load(spec)
    with tempfile.TemporaryDirectory() as folder:
        store = ResultsStore(Path(folder) / "bench.duckdb")
        store.save(simulate(scenario, hours=min(WARM_UP_HOURS, spec.hours)))
        clock, probe = PhaseClock(), MemoryProbe()
        runs = [_timed_engine_run(scenario, spec.hours, store, clock, probe)
                for _ in range(spec.repeats)]
        tracemalloc_mb = _tracemalloc_peak_mb(lambda: store.save(simulate(scenario, hours=spec.hours)))
    return _engine_summary(spec, runs, tracemalloc_mb)


def _timed_engine_run(scenario: Scenario, hours: float, store: ResultsStore, clock: PhaseClock,
                      probe: MemoryProbe) -> dict[str, Any]:
    clock.reset()
    probe.reset()
    with clock.installed():
        started, started_cpu = time.perf_counter(), time.process_time()
        result = simulate(scenario, hours=hours)
        simulated, simulated_cpu = time.perf_counter(), time.process_time()
        store.save(result)
        saved, saved_cpu = time.perf_counter(), time.process_time()
    phases = dict(clock.seconds)
    phases["setup_other"] = (simulated - started) - sum(phases.values())
    phases["storage"] = saved - simulated
    produced_m = float(result.kpis["produced_length_m"])
    return {
        "simulate_s": simulated - started, "save_s": saved - simulated,
        "total_s": saved - started, "phases_s": phases,
        "simulate_cpu_s": simulated_cpu - started_cpu, "total_cpu_s": saved_cpu - started_cpu,
        "produced_length_m": produced_m,
        "n_segments": math.ceil(produced_m / scenario.simulation.segment_length_m - 1e-9),
        "n_intervals": len(result.intervals),
        "n_logged_events": len(result.events), "simpy_events_scheduled": clock.events_scheduled,
        "simpy_events_processed": clock.events_processed,
        "peak_rss_delta_mb": probe.peak_mb(), "process_peak_rss_mb": probe.process_peak_mb(),
    }


def _tracemalloc_peak_mb(work: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


def _engine_summary(spec: CaseSpec, runs: list[dict[str, Any]], tracemalloc_mb: float
                    ) -> dict[str, Any]:
    first = runs[0]
    simulate_s = _median(runs, "simulate_s")
    metres = first["produced_length_m"]
    return {
        **asdict(spec),
        "simulate_s": simulate_s,
        "simulate_min_s": min(r["simulate_s"] for r in runs),
        "save_s": _median(runs, "save_s"),
        "total_s": _median(runs, "total_s"),
        "simulate_cpu_s": _median(runs, "simulate_cpu_s"),
        "total_cpu_s": _median(runs, "total_cpu_s"),
        "phases_s": {phase: statistics.median(r["phases_s"][phase] for r in runs)
                     for phase in first["phases_s"]},
        **{key: first[key] for key in ("produced_length_m", "n_segments", "n_intervals",
                                       "n_logged_events", "simpy_events_scheduled",
                                       "simpy_events_processed")},
        "metres_per_wall_s": metres / simulate_s if simulate_s > 0 else 0.0,
        "us_per_metre": simulate_s / metres * 1e6 if metres > 0 else 0.0,
        "memory_mb": {"peak_rss_delta": max(r["peak_rss_delta_mb"] for r in runs),
                      "process_peak_rss": max(r["process_peak_rss_mb"] for r in runs),
                      "tracemalloc_peak": tracemalloc_mb},
    }


def _naive_case(spec: CaseSpec) -> dict[str, Any]:
    scenario = _load(spec)
    naive_run(scenario, hours=min(0.02, spec.hours))
    runs = [_wall_and_cpu(lambda: naive_run(scenario, hours=spec.hours)) for _ in range(spec.repeats)]
    wall_s, cpu_s = _median(runs, "wall_s"), _median(runs, "cpu_s")
    result = runs[0]["result"]
    metres = result.produced_length_m
    return {
        **asdict(spec),
        "wall_s": wall_s,
        "cpu_s": cpu_s,
        "cpu_us_per_metre": cpu_s / metres * 1e6 if metres > 0 else 0.0,
        "produced_length_m": metres,
        "yield_fraction": result.good_length_m / metres if metres > 0 else 0.0,
        "simpy_events_scheduled": result.n_events,
        "events_per_metre": result.n_events / metres if metres > 0 else 0.0,
        "metres_per_wall_s": metres / wall_s if wall_s > 0 else 0.0,
        "us_per_metre": wall_s / metres * 1e6 if metres > 0 else 0.0,
        "engine_same_horizon": _engine_same_horizon(scenario, spec),
    }


def _engine_same_horizon(scenario: Scenario, spec: CaseSpec) -> dict[str, float]:
    """The discrete-rate engine on the naive model's horizon, in the same process."""
    result = simulate(scenario, hours=spec.hours)
    runs = [_wall_and_cpu(lambda: simulate(scenario, hours=spec.hours)) for _ in range(spec.repeats)]
    wall_s, cpu_s = _median(runs, "wall_s"), _median(runs, "cpu_s")
    metres = float(result.kpis["produced_length_m"])
    return {"simulate_s": wall_s, "simulate_cpu_s": cpu_s, "produced_length_m": metres,
            "yield_fraction": float(result.kpis["yield_fraction"]),
            "us_per_metre": wall_s / metres * 1e6 if metres > 0 else 0.0,
            "cpu_us_per_metre": cpu_s / metres * 1e6 if metres > 0 else 0.0}


def _wall_and_cpu(work: Callable[[], Any]) -> dict[str, Any]:
    """Wall and CPU seconds of one call, and what it returned."""
    gc.collect()
    started, started_cpu = time.perf_counter(), time.process_time()
    result = work()
    return {"wall_s": time.perf_counter() - started, "cpu_s": time.process_time() - started_cpu,
            "result": result}


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in runs))
