"""Speed benchmark of the discrete-rate engine (DESIGN.md §3).

``python -m line_sim.bench`` runs the BF baseline for a day and a week at 1 m segments, a
day at 0.1 m and 10 m segments, and the textbook one-process-per-metre reference
(:mod:`line_sim.bench_naive`) side by side; it prints wall time, peak memory, simulated
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
:func:`line_sim.run.simulate` calls: ``simpy.Environment.run`` (event handling),
``compute_segments`` (process models on the web segments) and the KPI/table builders;
``ResultsStore.save`` into a temporary DuckDB file is timed around the call. SimPy events
are counted from the environment's event-id counter after the run, which costs nothing
per event. Peak memory is the resident-set high-water mark over a run minus the resident
set before it (``/proc/self/status``, reset through ``/proc/self/clear_refs``; elsewhere
``getrusage`` ``ru_maxrss``), plus the ``tracemalloc`` peak of one extra run.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import inspect
import io
import json
import math
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

import duckdb
import numpy
import pandas
import simpy

import line_sim.run as run_module
from line_sim.bench_naive import naive_run, scheduled_events
from line_sim.run import simulate
from line_sim.scenario import Scenario, load_scenario
from line_sim.store import ResultsStore

BASELINE_SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "bf_nmc811_baseline.toml"
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
    """Times the phases of :func:`line_sim.run.simulate` by wrapping what it calls.

    Whatever ``line_sim.run`` imported from the web module (and its ``_web`` driver, if
    any) counts as web post-processing; what it imported from the KPI and performance
    modules (functions, and the methods of their classes) as KPIs and tables. The engine
    may reorganise these calls without breaking the clock; a wrapped call inside another
    wrapped call counts once, for the outer phase.
    """

    PHASE_OF_MODULE: ClassVar[dict[str, str]] = {
        "line_sim.web": "web_segments", "line_sim.kpis": "kpis_tables",
        "line_sim.performance": "kpis_tables"}
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


# ====================================================================== parent side
def run_in_subprocess(specs: list[CaseSpec]) -> list[dict[str, Any]]:
    """Run cases one after another in a fresh Python process and return their figures."""
    completed = subprocess.run(
        [sys.executable, "-m", "line_sim.bench", "--worker", json.dumps([asdict(s) for s in specs])],
        capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        names = ", ".join(s.name for s in specs)
        raise RuntimeError(f"benchmark case(s) {names} failed:\n{completed.stderr[-2000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run_benchmark(quick: bool, scenario_path: Path = BASELINE_SCENARIO,
                  repeats: int | None = None) -> dict[str, Any]:
    """Run every case (each in its own process) and summarise them."""
    plan = QUICK_PLAN if quick else FULL_PLAN
    if repeats is not None:
        plan = replace(plan, repeats=repeats, naive_repeats=repeats)
    specs = plan_cases(plan, scenario_path)
    if plan.one_process:
        results = run_in_subprocess(specs)
    else:
        results = [result for spec in specs for result in run_in_subprocess([spec])]
    cases = {spec.name: result for spec, result in zip(specs, results, strict=True)}
    return {"machine": machine_info(), "quick": quick, "plan": asdict(plan),
            "scenario": str(scenario_path), "cases": cases, "summary": summarise(cases, plan)}


def machine_info() -> dict[str, Any]:
    """Python, library versions and core count of the machine that measured."""
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpu_count": os.cpu_count(), "simpy": simpy.__version__, "numpy": numpy.__version__,
            "pandas": pandas.__version__, "duckdb": duckdb.__version__}


def summarise(cases: dict[str, Any], plan: BenchPlan) -> dict[str, Any]:
    """Headline figures and the targets of issue 8, checked."""
    long_run, short_run, naive = cases["long_1m"], cases["short_1m"], cases["naive_1m"]
    sweep = [cases[name] for name in ("short_10m", "short_1m", "short_0.1m")]
    memory = long_run["memory_mb"]
    summary = {
        "long_h": plan.long_h,
        "long_simulate_s": long_run["simulate_s"],
        "long_simulate_and_store_s": long_run["total_s"],
        "long_peak_memory_mb": max(memory["peak_rss_delta"], memory["tracemalloc_peak"]),
        "long_metres_per_wall_s": long_run["metres_per_wall_s"],
        "horizon_ratio": plan.long_h / plan.short_h,
        "horizon_cost_ratio": long_run["simulate_s"] / short_run["simulate_s"],
        "segment_sweep": segment_sweep(sweep),
        "speedup_vs_naive_per_metre": naive["us_per_metre"] / long_run["us_per_metre"],
        "speedup_vs_naive_per_metre_cpu": (naive["cpu_us_per_metre"] * long_run["produced_length_m"]
                                           / (long_run["simulate_cpu_s"] * 1e6)),
        "long_simulate_cpu_s": long_run["simulate_cpu_s"],
        "long_simulate_and_store_cpu_s": long_run["total_cpu_s"],
        "speedup_vs_naive_same_horizon": (naive["us_per_metre"]
                                          / naive["engine_same_horizon"]["us_per_metre"]),
    }
    summary["targets"] = check_targets(summary)
    return summary


def segment_sweep(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Cost against segment count: least-squares line and growth against segment growth."""
    counts = [float(c["n_segments"]) for c in cases]
    seconds = [c["simulate_s"] for c in cases]
    slope, intercept = statistics.linear_regression(counts, seconds)
    return {
        "segment_length_m": [c["segment_length_m"] for c in cases],
        "n_segments": counts,
        "simulate_s": seconds,
        "web_segments_s": [c["phases_s"]["web_segments"] for c in cases],
        "fixed_s": intercept,
        "us_per_segment": slope * 1e6,
        "cost_growth_fine_vs_1m": seconds[2] / seconds[1],
        "segment_growth_fine_vs_1m": counts[2] / counts[1],
    }


def check_targets(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures issue 8 asks for, each with its limit and whether it is met.

    The limits are those of a week at 1 m segments; on other horizons (``--quick``) the
    rows still appear but say nothing about speed.
    """
    sweep, hours = summary["segment_sweep"], f"{summary['long_h']:g} h"
    rows = [
        (f"simulate(), {hours} at 1 m [s]", summary["long_simulate_s"], "<=", 0.5),
        (f"simulate() + store, {hours} at 1 m [s]", summary["long_simulate_and_store_s"], "<=", 1.5),
        (f"peak memory, {hours} at 1 m [MB]", summary["long_peak_memory_mb"], "<=", 300.0),
        ("speed-up per metre vs naive [x]", summary["speedup_vs_naive_per_metre"], ">=", 30.0),
        ("long / short horizon cost [x]", summary["horizon_cost_ratio"], "<=",
         summary["horizon_ratio"] * 8.0 / 7.0),
        ("0.1 m / 1 m segment cost [x]", sweep["cost_growth_fine_vs_1m"], "<=",
         sweep["segment_growth_fine_vs_1m"]),
    ]
    return [{"target": name, "value": value, "comparison": op, "limit": limit,
             "met": value <= limit if op == "<=" else value >= limit}
            for name, value, op, limit in rows]


# ====================================================================== report
def format_report(report: dict[str, Any]) -> str:
    """The figures as Markdown tables."""
    cases, summary = report["cases"], report["summary"]
    machine = report["machine"]
    lines = [f"drytwin benchmark{' (quick: smoke test, not a measurement)' if report['quick'] else ''}"
             f" — Python {machine['python']}, {machine['cpu_count']} cores, SimPy {machine['simpy']}, "
             f"numpy {machine['numpy']}, pandas {machine['pandas']}, DuckDB {machine['duckdb']}",
             "", *_engine_table(cases), "", *_phase_table(cases), "", *_naive_table(cases["naive_1m"]),
             "", *_target_table(summary["targets"])]
    return "\n".join(lines)


def _engine_table(cases: dict[str, Any]) -> list[str]:
    rows = ["| case | horizon h | segment m | segments | intervals | SimPy events | simulate s "
            "| +store s | CPU s (+store) | m per wall s | RSS peak Δ MB | tracemalloc MB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, c in cases.items():
        if c["kind"] != "engine":
            continue
        rows.append(f"| {name} | {c['hours']:g} | {c['segment_length_m']:g} | {c['n_segments']:,} "
                    f"| {c['n_intervals']:,} | {c['simpy_events_processed']:,} | "
                    f"{c['simulate_s']:.3f} | {c['total_s']:.3f} | "
                    f"{c['simulate_cpu_s']:.3f} ({c['total_cpu_s']:.3f}) | {c['metres_per_wall_s']:,.0f} | "
                    f"{c['memory_mb']['peak_rss_delta']:.0f} | "
                    f"{c['memory_mb']['tracemalloc_peak']:.0f} |")
    return rows


def _phase_table(cases: dict[str, Any]) -> list[str]:
    phases = ("event_handling", "web_segments", "kpis_tables", "setup_other", "storage")
    rows = ["| case | " + " | ".join(f"{p} s" for p in phases) + " |",
            "|---|" + "---:|" * len(phases)]
    for name, c in cases.items():
        if c["kind"] == "engine":
            rows.append(f"| {name} | " + " | ".join(f"{c['phases_s'][p]:.4f}" for p in phases) + " |")
    return rows


def _naive_table(naive: dict[str, Any]) -> list[str]:
    same = naive["engine_same_horizon"]
    return [
        "| model, same horizon | horizon h | metres | wall s | µs per metre | CPU µs per metre "
        "| SimPy events per metre | yield |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| naive, one process per metre | {naive['hours']:g} | {naive['produced_length_m']:,.0f} "
        f"| {naive['wall_s']:.3f} | {naive['us_per_metre']:.1f} | {naive['cpu_us_per_metre']:.1f} "
        f"| {naive['events_per_metre']:.1f} | {naive['yield_fraction']:.4f} |",
        f"| discrete-rate simulate() | {naive['hours']:g} | {same['produced_length_m']:,.0f} "
        f"| {same['simulate_s']:.3f} | {same['us_per_metre']:.1f} | {same['cpu_us_per_metre']:.1f} "
        f"| – | {same['yield_fraction']:.4f} |",
    ]


def _target_table(targets: list[dict[str, Any]]) -> list[str]:
    rows = ["| target | value | limit | met |", "|---|---:|---:|---|"]
    rows += [f"| {t['target']} | {t['value']:.3f} | {t['comparison']} {t['limit']:.4g} "
             f"| {'yes' if t['met'] else 'NO'} |" for t in targets]
    return rows


# ====================================================================== profile
def profile_run(scenario_path: Path, hours: float, top: int = 25) -> str:
    """cProfile summary (by own time) of one simulate() + store run, after a warm-up."""
    scenario = load_scenario(scenario_path)
    with tempfile.TemporaryDirectory() as folder:
        store = ResultsStore(Path(folder) / "profile.duckdb")
        store.save(simulate(scenario, hours=WARM_UP_HOURS))
        profiler = cProfile.Profile()
        profiler.runcall(lambda: store.save(simulate(scenario, hours=hours)))
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


# ====================================================================== CLI
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options of ``python -m line_sim.bench``."""
    parser = argparse.ArgumentParser(prog="python -m line_sim.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="short horizons, one repeat (CI)")
    parser.add_argument("--json-out", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--scenario", type=Path, default=BASELINE_SCENARIO,
                        help="scenario to benchmark (default: the BF baseline)")
    parser.add_argument("--repeats", type=int, help="repeats per case (default 5, quick 1)")
    parser.add_argument("--profile", action="store_true",
                        help="print a cProfile summary of one week run instead")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``python -m line_sim.bench``."""
    args = parse_args(argv)
    if args.worker:
        print(json.dumps([run_case(CaseSpec(**spec)) for spec in json.loads(args.worker)]))
        return
    if args.profile:
        print(profile_run(args.scenario, FULL_PLAN.long_h))
        return
    report = run_benchmark(args.quick, args.scenario, args.repeats)
    print(format_report(report))
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
