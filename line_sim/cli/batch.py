"""``drytwin batch`` and ``drytwin sensitivity``: thin wrappers over :mod:`line_sim.studies.batch`."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from line_sim.cli.app import DbOption, JsonOption, app, to_json
from line_sim.errors import InputError
from line_sim.store import DEFAULT_DB_PATH, ResultsStore

WorkersOption = Annotated[int | None, typer.Option(
    "--workers", help="Local worker processes (default: the number of cores; 1: in-process).")]
DaskLocalOption = Annotated[int | None, typer.Option(
    "--dask-local", help="Start a Dask LocalCluster with this many worker processes.")]
SchedulerOption = Annotated[str | None, typer.Option(
    "--scheduler", help="Address of a running Dask scheduler, e.g. tcp://host:8786.")]
ReportOption = Annotated[Path | None, typer.Option(
    "--report", help="Write a self-contained HTML report here.")]
ProgressOption = Annotated[bool, typer.Option(
    "--progress/--no-progress", help="Progress bar on stderr.")]
YesOption = Annotated[bool, typer.Option(
    "--yes", "-y", help="Run a large batch (over 2000 runs left or an estimated hour) "
    "without asking.")]


def _executor(workers: int | None, dask_local: int | None, scheduler: str | None) -> Any:
    from line_sim.studies.batch import ExecutorSpec

    return ExecutorSpec(workers=workers, dask_local_workers=dask_local, scheduler=scheduler)


def _preflight(plan: Any, store: ResultsStore, executor: Any, yes: bool) -> Any:
    """State the runs left, the estimated time and store growth; refuse a large batch
    without ``--yes``."""
    from line_sim.studies.batch import CONFIRM_RUNS, CONFIRM_SECONDS, estimate_batch

    def check(pending: list[Any]) -> None:
        estimate = estimate_batch(plan, pending, executor.planned_slots())
        if estimate.needs_confirmation() and not yes:
            raise InputError(
                f"{plan.source}: {estimate.describe()} {store.path}; a batch of more than "
                f"{CONFIRM_RUNS} runs or {CONFIRM_SECONDS / 3600:g} h needs confirmation: add "
                "--yes to run it, or lower replications, samples or grid values")
        typer.echo(f"{plan.name}: {estimate.describe()} {store.path}", err=True)

    return check


def _run_or_exit(plan: Any, store: ResultsStore, executor: Any, progress: bool,
                 yes: bool) -> Any:
    """Run the batch; on SIGINT/SIGTERM print the message and exit with 128 + signal."""
    from line_sim.studies.batch import (
        BatchInterruptedError,
        WorkerLostError,
        run_batch,
        tqdm_progress,
    )

    try:
        return run_batch(plan, store, executor, progress=tqdm_progress if progress else None,
                         preflight=_preflight(plan, store, executor, yes))
    except BatchInterruptedError as exc:
        typer.echo(f"error: {exc}", err=True)
        _exit_now(exc.exit_code)
    except WorkerLostError as exc:
        typer.echo(f"error: {exc}; the finished runs are stored: run the same command again "
                   "to resume", err=True)
        sys.exit(1)


def _exit_now(code: int) -> NoReturn:
    """Leave at once after a stop: the finished runs are saved, the lease is released and
    every worker is gone, and the interpreter's teardown of its modules (0.3–1 s on a busy
    machine) would more than double the time from Ctrl-C to the prompt."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


@app.command()
def batch(
    batch_file: Annotated[str, typer.Argument(help="Batch TOML file.")],
    workers: WorkersOption = None,
    dask_local: DaskLocalOption = None,
    scheduler: SchedulerOption = None,
    db: DbOption = DEFAULT_DB_PATH,
    report: ReportOption = None,
    export: Annotated[Path | None, typer.Option(
        help="Write runs.csv, runs.parquet and groups.csv into this folder.")] = None,
    progress: ProgressOption = True,
    yes: YesOption = False,
    as_json: JsonOption = False,
) -> None:
    """Run scenarios × sweep points × replications; print KPI means with 95 % CIs.

    Runs already stored for the same batch are skipped, so an interrupted batch resumes.
    """
    from line_sim.studies.batch import (
        batch_runs,
        check_export_target,
        check_report_target,
        group_statistics,
        load_batch,
        paired_differences,
        plan_batch,
    )
    from line_sim.studies.batch import export_runs as write_exports

    if report is not None:
        check_report_target(report)
    if export is not None:
        check_export_target(export)
    executor = _executor(workers, dask_local, scheduler)
    plan = plan_batch(load_batch(batch_file))
    store = ResultsStore(db)
    outcome = _run_or_exit(plan, store, executor, progress, yes)
    runs = batch_runs(plan, store)
    groups = group_statistics(runs, plan)
    differences = paired_differences(runs, plan)
    if export is not None:
        write_exports(runs, groups, export)
    if report is not None:
        from line_sim.studies.report import write_batch_report

        write_batch_report(report, plan, outcome, runs, groups, differences)
    result = {"batch_id": plan.batch_id, "n_runs": outcome.n_runs,
              "n_skipped_existing": outcome.n_skipped_existing,
              "n_simulated": outcome.n_simulated, "wall_time_s": outcome.wall_time_s,
              "executor": outcome.executor, "groups": groups,
              "paired_differences": differences}
    typer.echo(to_json(result) if as_json else _format_groups(plan, outcome, groups))


def _format_groups(plan: Any, outcome: Any, groups: list[dict[str, Any]]) -> str:
    from line_sim.studies.report import headline_kpis

    lines = [f"batch {plan.name} ({plan.batch_id}): {outcome.n_runs} runs, "
             f"{outcome.n_skipped_existing} already stored, {outcome.n_simulated} simulated in "
             f"{outcome.wall_time_s:.1f} s ({outcome.executor})", ""]
    for group in groups:
        sweep = ", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                          for k, v in group["sweep"].items())
        lines.append(f"{group['scenario']}" + (f"  [{sweep}]" if sweep else "") + f"  n={group['n']}")
        for kpi in headline_kpis(list(group["kpis"]), plan.kpis):
            s = group["kpis"][kpi]
            lines.append(f"  {kpi:<36} {s['mean']:>14.6g} ± {s['ci95']:.3g}")
    return "\n".join(lines)


@app.command()
def sensitivity(
    batch_file: Annotated[str, typer.Argument(help="Batch TOML file with a [sensitivity] table.")],
    method: Annotated[str | None, typer.Option(help="morris or sobol (default: the file's).")] = None,
    samples: Annotated[int | None, typer.Option(help="Base sample size N (default: the file's).",
                                                min=2)] = None,
    workers: WorkersOption = None,
    dask_local: DaskLocalOption = None,
    scheduler: SchedulerOption = None,
    db: DbOption = DEFAULT_DB_PATH,
    report: ReportOption = None,
    progress: ProgressOption = True,
    yes: YesOption = False,
    as_json: JsonOption = False,
) -> None:
    """Morris screening or Sobol' indices of KPIs over scenario fields (SALib)."""
    from line_sim.studies.batch import check_report_target, load_batch
    from line_sim.studies.sensitivity import format_indices, plan_sensitivity, sensitivity_indices

    if report is not None:
        check_report_target(report)
    executor = _executor(workers, dask_local, scheduler)
    study = plan_sensitivity(load_batch(batch_file), method=method, samples=samples)
    store = ResultsStore(db)
    outcome = _run_or_exit(study.plan, store, executor, progress, yes)
    indices = sensitivity_indices(study, store)
    result = {"batch_id": study.plan.batch_id, "method": study.method, "samples": study.samples,
              "fields": list(study.ranges), "n_runs": outcome.n_runs,
              "n_skipped_existing": outcome.n_skipped_existing, "wall_time_s": outcome.wall_time_s,
              "executor": outcome.executor, "scenarios": indices}
    if report is not None:
        from line_sim.studies.report import write_sensitivity_report

        write_sensitivity_report(report, study, outcome, indices)
    typer.echo(to_json(result) if as_json else format_indices(study, indices))
