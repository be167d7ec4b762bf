"""``drytwin compare``: several scenarios side by side, KPIs and energy."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from line_sim.cli.app import (
    HOURS_RANGE_HELP,
    SEED_RANGE_HELP,
    app,
    check_run_options,
    deferred_interrupt,
    overrides_from,
    to_json,
)
from line_sim.store import DEFAULT_DB_PATH, ResultsStore


@app.command()
def compare(
    scenarios: Annotated[list[str], typer.Argument(help="Two or more scenario TOML files.")],
    hours: Annotated[float | None, typer.Option(
        help=f"Horizon of every run [h] ({HOURS_RANGE_HELP}).")] = None,
    seed: Annotated[int | None, typer.Option(
        help=f"Seed of every run ({SEED_RANGE_HELP}).")] = None,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", help="Override a field of every scenario: dotted.key=value (repeatable; "
        "energy.* sets the [energy] table).")] = None,
    db: Annotated[Path, typer.Option("--db", help="Results store (DuckDB file).")] = DEFAULT_DB_PATH,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of the run "
                                          "summaries.")] = False,
) -> None:
    """Run scenarios once each and set their KPIs and energy side by side."""
    from line_sim.studies.compare import compare_scenarios, format_comparison

    check_run_options(seed, hours)
    results = compare_scenarios(scenarios, overrides_from(set_), hours, seed)
    store = ResultsStore(db)
    with deferred_interrupt():  # every run of the comparison stored whole, or Ctrl-C before
        for result in results:
            store.save(result)
    summaries = [result.summary() for result in results]
    typer.echo(to_json(summaries) if as_json else format_comparison(summaries))
    for result in results:
        for warning in result.warnings:
            typer.echo(f"warning: {result.scenario.name}: {warning}", err=True)
