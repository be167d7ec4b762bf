"""Parent side of the speed benchmark: cases in fresh processes, summary, targets, report, CLI."""


from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import duckdb
import numpy
import pandas
import simpy

from line_sim.bench.measure import (
    BASELINE_SCENARIO,
    FULL_PLAN,
    QUICK_PLAN,
    WARM_UP_HOURS,
    BenchPlan,
    CaseSpec,
    plan_cases,
    run_case,
)
from line_sim.engine.run import simulate
from line_sim.scenario import load_scenario
from line_sim.store import ResultsStore


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
    parser = argparse.ArgumentParser(prog="python -m line_sim.bench",
                                     description="Speed benchmark of the discrete-rate engine.")
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

