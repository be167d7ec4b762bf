"""``drytwin plant check|synth|predict``, ``drytwin calibrate`` and ``drytwin replay``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from line_sim.cli.app import (
    HOURS_RANGE_HELP,
    SEED_RANGE_HELP,
    SetOption,
    app,
    check_run_options,
    overrides_from,
)
from line_sim.scenario import load_scenario

plant_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                        help="Plant data: check a plant folder, write a synthetic one, predict "
                        "KPIs with a posterior.")
app.add_typer(plant_app, name="plant")

PlantOption = Annotated[Path, typer.Option("--plant", help="Plant folder (docs/plant-data.md).")]


@plant_app.command("check")
def check(folder: Annotated[Path, typer.Argument(help="Plant folder.")]) -> None:
    """Check a plant folder against the contract: "ok" or every problem listed."""
    from line_sim.plant.contract import read_plant

    read_plant(folder)  # a PlantDataError lists every problem and exits 1
    typer.echo("ok")


@plant_app.command("synth")
def synth(
    scenario: Annotated[str, typer.Argument(help="Scenario TOML file.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the plant tables into.")],
    seed: Annotated[int | None, typer.Option(
        help=f"Override the scenario's seed ({SEED_RANGE_HELP}).")] = None,
    hours: Annotated[float | None, typer.Option(
        help=f"Override the horizon [h] ({HOURS_RANGE_HELP}).")] = None,
    set_: SetOption = None,
) -> None:
    """Write a synthetic plant folder from a run of a scenario (the format, by example)."""
    from line_sim.plant.synth import synth_plant

    check_run_options(seed, hours)
    loaded = load_scenario(scenario, overrides_from(set_))
    folder, result = synth_plant(loaded, out, seed=seed, hours=hours)
    typer.echo(f"wrote {folder}: {len(result.coils)} coils, {result.horizon_h:g} h, seed "
               f"{result.seed} (synthetic)")
