"""``drytwin optimise``: a thin wrapper over :mod:`line_sim.studies.optimise`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from line_sim.cli.app import DbOption, JsonOption, SetOption, app, overrides_from, to_json
from line_sim.cli.batch import DaskLocalOption, SchedulerOption, WorkersOption
from line_sim.store import DEFAULT_DB_PATH, ResultsStore


@app.command()
def optimise(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    vary: Annotated[list[str], typer.Option(
        "--vary", help="A field to search: KEY=LOW:HIGH (repeatable).")],
    objective: Annotated[list[str], typer.Option(
        "--objective", help="A KPI to optimise: NAME[:min|max] (repeatable; two or more "
        "give a Pareto front).")],
    constraint: Annotated[list[str] | None, typer.Option(
        "--constraint", help="KPI OP NUMBER with OP one of <=, >=, <, >, e.g. "
        "'yield_fraction >= 0.97' (repeatable).")] = None,
    trials: Annotated[int, typer.Option("--trials", help="Trials in the study (a resumed "
                                        "study counts those stored).")] = 20,
    replications: Annotated[int, typer.Option("--replications", help="Runs per trial "
                                              "(common random numbers across trials).")] = 2,
    hours: Annotated[float | None, typer.Option("--hours", help="Horizon of each run [h] "
                                                "(default: the scenario's).")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the sampler and the runs.")] = 0,
    study: Annotated[str | None, typer.Option("--study", help="Name of the study (its batch "
                                              "id in the store; default: a hash of its "
                                              "definition).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue a stored study.")] = False,
    set_: SetOption = None,
    workers: WorkersOption = 1,
    dask_local: DaskLocalOption = None,
    scheduler: SchedulerOption = None,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """Search scenario settings with Optuna; report the best settings or the Pareto front."""
    from line_sim.cli.app import check_run_options
    from line_sim.studies.batch import ExecutorSpec
    from line_sim.studies.optimise import (
        StudySpec,
        parse_constraint,
        parse_objective,
        parse_vary,
        run_study,
    )

    check_run_options(seed, hours)
    spec = StudySpec(
        scenario_path=str(scenario), varies=tuple(parse_vary(v) for v in vary),
        objectives=tuple(parse_objective(o) for o in objective),
        constraints=tuple(parse_constraint(c) for c in constraint or []),
        replications=replications, hours=hours, seed=seed,
        overrides=tuple(overrides_from(set_).items()), name=study)
    if dask_local is not None or scheduler is not None:
        workers = None
    executor = ExecutorSpec(workers=workers, dask_local_workers=dask_local, scheduler=scheduler)
    result = run_study(spec, trials, ResultsStore(db), executor, resume,
                       progress=None if as_json else typer.echo)
    if as_json:
        typer.echo(to_json(result))
        return
    typer.echo(_format(result))


def _format(result: dict[str, Any]) -> str:
    lines = [f"study {result['study_id']}: {len(result['trials'])} trials, "
             f"{result['n_runs']} runs simulated, {result['wall_time_s']:.1f} s"]
    title = "Pareto front" if len(result["best"]) != 1 else "best"
    lines.append(f"{title} (mean ± 95 % CI):")
    for point in result["best"]:
        params = ", ".join(f"{k} = {v:.4g}" for k, v in point["params"].items())
        objectives = ", ".join(f"{k} = {v['mean']:.4g} ± {v['ci95']:.2g}"
                               for k, v in point["objectives"].items())
        lines.append(f"  {params}: {objectives}")
    if not result["best"]:
        lines.append("  no trial met the constraints")
    return "\n".join(lines)
