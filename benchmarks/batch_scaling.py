"""Wall time of a batch of one-week baseline runs: in-process, local processes and Dask.

Usage::

    python benchmarks/batch_scaling.py [--runs 200] [--hours 168] [--workers 2]

Each executor runs the same batch into a fresh store; the script prints the wall times,
the parallel efficiency (serial time / (workers × parallel time)) and whether the group
tables of all executors are identical.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from line_sim.store import ResultsStore
from line_sim.studies.batch import ExecutorSpec, batch_statistics, load_batch, plan_batch, run_batch

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "bf_nmc811_baseline.toml"


def write_batch(folder: Path, runs: int, hours: float) -> Path:
    """A batch file of ``runs`` replications of the baseline."""
    path = folder / "scaling.toml"
    path.write_text(f'[batch]\nscenarios = ["{BASELINE}"]\nreplications = {runs}\nseed = 7\n'
                    f"hours = {hours}\n", encoding="utf-8")
    return path


def cpu_time_s() -> float:
    """CPU time of this process and of its finished children (worker processes) [s]."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_executor(batch_file: Path, spec: ExecutorSpec, db_path: Path) -> tuple[float, float, str]:
    """Wall time and CPU time of the whole batch on ``spec``, and its group statistics (JSON).

    The CPU time counts this process and every worker process (they have ended when the
    batch returns), so it includes process start, pickling and store writes.
    """
    plan = plan_batch(load_batch(batch_file))
    store = ResultsStore(db_path)
    started, cpu_started = time.perf_counter(), cpu_time_s()
    report = run_batch(plan, store, spec, progress=None)
    wall_time_s, cpu_s = time.perf_counter() - started, cpu_time_s() - cpu_started
    assert report.n_simulated == len(plan.tasks), "every run must be simulated and stored"
    return wall_time_s, cpu_s, json.dumps(batch_statistics(plan, store), sort_keys=True)


def busy_loop(iterations: int) -> float:
    """Pure-Python work of a known size; returns its own wall time [s]."""
    started = time.perf_counter()
    total = 0
    for i in range(iterations):
        total += i * i
    return time.perf_counter() - started


def machine_ceiling(workers: int, iterations: int = 20_000_000) -> float:
    """Parallel efficiency the machine itself gives ``workers`` CPU-bound processes now.

    On a shared or throttled host this is below 1; the batch cannot do better.
    """
    started = time.perf_counter()
    for _ in range(workers):
        busy_loop(iterations)
    serial_s = time.perf_counter() - started
    with cf.ProcessPoolExecutor(workers) as pool:
        list(pool.map(busy_loop, [1000] * workers))
        started = time.perf_counter()
        list(pool.map(busy_loop, [iterations] * workers))
        parallel_s = time.perf_counter() - started
    return serial_s / (workers * parallel_s)


def cluster_lifecycle_s(workers: int) -> float:
    """Wall time to start and stop a LocalCluster of ``workers`` processes [s]."""
    started = time.perf_counter()
    ExecutorSpec(dask_local_workers=workers).open().close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--hours", type=float, default=168.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1,
                        help="Rounds over all executors; the best wall time of each is kept "
                        "(other load on the machine only ever slows a round down).")
    args = parser.parse_args()
    print(f"machine ceiling before: {machine_ceiling(args.workers):.1%} efficiency of "
          f"{args.workers} pure-Python processes", flush=True)
    executors = {"in-process (--workers 1)": ExecutorSpec(workers=1),
                 f"processes (--workers {args.workers})": ExecutorSpec(workers=args.workers),
                 f"dask LocalCluster (--dask-local {args.workers})":
                     ExecutorSpec(dask_local_workers=args.workers)}
    times: dict[str, list[float]] = {name: [] for name in executors}
    cpu: dict[str, list[float]] = {name: [] for name in executors}
    tables: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        batch_file = write_batch(folder, args.runs, args.hours)
        for round_index in range(args.repeat):
            for i, (name, spec) in enumerate(executors.items()):
                wall_time_s, cpu_s, tables[name] = time_executor(
                    batch_file, spec, folder / f"{round_index}-{i}.duckdb")
                times[name].append(wall_time_s)
                cpu[name].append(cpu_s)
                print(f"round {round_index + 1}: {name:<36} {wall_time_s:8.1f} s wall  "
                      f"{cpu_s:8.1f} s CPU  ({args.runs / wall_time_s:.2f} runs/s, load "
                      f"{os.getloadavg()[0]:.1f})", flush=True)
    best = {name: min(values) for name, values in times.items()}
    serial = next(iter(best.values()))
    print(f"best of {args.repeat}: " + ", ".join(f"{n} {t:.1f} s" for n, t in best.items()))
    serial_cpu = min(next(iter(cpu.values())))
    for name, wall_time_s in list(best.items())[1:]:
        print(f"parallel efficiency, {name}: {serial / (args.workers * wall_time_s):.1%} of wall "
              f"time; CPU overhead bound {serial_cpu / min(cpu[name]):.1%} (serial CPU / "
              "parallel CPU of parent and workers)")
    print(f"group tables identical across executors: {len(set(tables.values())) == 1}")
    lifecycle_s = cluster_lifecycle_s(args.workers)
    dask_s = best[f"dask LocalCluster (--dask-local {args.workers})"]
    print(f"LocalCluster start and stop: {lifecycle_s:.1f} s; dask efficiency without it: "
          f"{serial / (args.workers * (dask_s - lifecycle_s)):.1%}")
    print(f"machine ceiling after: {machine_ceiling(args.workers):.1%}")


if __name__ == "__main__":
    main()
