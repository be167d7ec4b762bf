"""Wall time of a batch of one-week baseline runs: in-process, local processes and Dask.

Usage::

    python benchmarks/batch_scaling.py [--runs 200] [--hours 168] [--workers 2]

Each executor runs the same batch into a fresh store; the script prints the wall times,
the parallel efficiency (serial time / (workers × parallel time)) and whether the group
tables of all executors are identical.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from line_sim.batch import ExecutorSpec, batch_statistics, load_batch, plan_batch, run_batch
from line_sim.store import ResultsStore

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "bf_nmc811_baseline.toml"


def write_batch(folder: Path, runs: int, hours: float) -> Path:
    """A batch file of ``runs`` replications of the baseline."""
    path = folder / "scaling.toml"
    path.write_text(f'[batch]\nscenarios = ["{BASELINE}"]\nreplications = {runs}\nseed = 7\n'
                    f"hours = {hours}\n", encoding="utf-8")
    return path


def time_executor(batch_file: Path, spec: ExecutorSpec, db_path: Path) -> tuple[float, str]:
    """Wall time of the whole batch on ``spec`` and the JSON of its group statistics."""
    plan = plan_batch(load_batch(batch_file))
    store = ResultsStore(db_path)
    started = time.perf_counter()
    report = run_batch(plan, store, spec, progress=None)
    wall_time_s = time.perf_counter() - started
    assert report.n_simulated == len(plan.tasks), "every run must be simulated and stored"
    return wall_time_s, json.dumps(batch_statistics(plan, store), sort_keys=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--hours", type=float, default=168.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        batch_file = write_batch(folder, args.runs, args.hours)
        executors = {"in-process (--workers 1)": ExecutorSpec(workers=1),
                     f"processes (--workers {args.workers})": ExecutorSpec(workers=args.workers),
                     f"dask LocalCluster (--dask-local {args.workers})":
                         ExecutorSpec(dask_local_workers=args.workers)}
        times: dict[str, float] = {}
        tables: dict[str, str] = {}
        for i, (name, spec) in enumerate(executors.items()):
            times[name], tables[name] = time_executor(batch_file, spec, folder / f"{i}.duckdb")
            print(f"{name:<36} {times[name]:8.1f} s  ({args.runs / times[name]:.2f} runs/s)",
                  flush=True)
        serial = next(iter(times.values()))
        for name, wall_time_s in list(times.items())[1:]:
            print(f"parallel efficiency, {name}: {serial / (args.workers * wall_time_s):.1%}")
        identical = len(set(tables.values())) == 1
        print(f"group tables identical across executors: {identical}")


if __name__ == "__main__":
    main()
