"""``drytwin window``: a two-setting grid and what limits the line at each point."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from line_sim.cli.app import (
    HOURS_RANGE_HELP,
    SEED_RANGE_HELP,
    DbOption,
    JsonOption,
    SetOption,
    app,
    check_run_options,
    overrides_from,
    to_json,
)
from line_sim.cli.batch import DaskLocalOption, WorkersOption
from line_sim.errors import InputError
from line_sim.store import DEFAULT_DB_PATH, ResultsStore

AXIS_HELP = "KEY=LOW:HIGH:N: a scenario field (dotted) and N values from LOW to HIGH (N 2–50)."


@app.command()
def window(
    scenario: Annotated[str, typer.Argument(help="Scenario TOML file.")],
    x: Annotated[str, typer.Option("--x", help=f"First axis, {AXIS_HELP}")],
    y: Annotated[str, typer.Option("--y", help=f"Second axis, {AXIS_HELP}")],
    hours: Annotated[float | None, typer.Option(
        help=f"Horizon of every run [h] ({HOURS_RANGE_HELP}).")] = None,
    seed: Annotated[int | None, typer.Option(
        help=f"Seed of every run ({SEED_RANGE_HELP}).")] = None,
    set_: SetOption = None,
    image: Annotated[Path | None, typer.Option(
        "--image", help="Write the window map as a PNG here.")] = None,
    workers: WorkersOption = None,
    dask_local: DaskLocalOption = None,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """Map good output per hour, yield, energy and the limiting mechanism over two settings.

    The limiting mechanism of a point: the run's speed_limit_mechanism if the set speed
    exceeds its speed_limit_m_per_min; else the largest scrap cause if the yield is below
    0.9; else "none". With --json: a list of points.
    """
    from line_sim.scenario import load_scenario
    from line_sim.studies.batch import ExecutorSpec
    from line_sim.studies.window import (
        format_window,
        parse_axis,
        plan_window,
        run_window,
        write_window_image,
    )

    check_run_options(seed, hours)
    x_axis, y_axis = parse_axis(x, "--x"), parse_axis(y, "--y")
    if image is not None and image.suffix.lower() != ".png":
        raise InputError(f"--image {image}: allowed: a .png file")
    if image is not None and not image.parent.resolve().is_dir():
        raise InputError(f"--image {image}: folder {image.parent} does not exist")
    base = load_scenario(scenario, overrides_from(set_))
    executor = ExecutorSpec(workers=workers if workers is not None or dask_local is not None else 1,
                            dask_local_workers=dask_local)
    plan = plan_window(base, x_axis, y_axis, hours=hours, seed=seed)
    report, points = run_window(plan, ResultsStore(db), executor)
    if image is not None:
        write_window_image(points, x_axis.key, y_axis.key, image,
                           title=f"{base.name}: process window")
    if as_json:
        typer.echo(to_json(points))
    else:
        typer.echo(f"window {base.name}: {len(points)} points in {report.wall_time_s:.1f} s "
                   f"({report.executor})")
        typer.echo(format_window(points, x_axis.key, y_axis.key))
