"""``drytwin run``, ``sweep``, ``validate``, ``schema`` and ``electrode``: one scenario at a time."""

from __future__ import annotations

import json
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
    deferred_interrupt,
    overrides_from,
    save_or_explain,
    to_json,
)
from line_sim.errors import InputError
from line_sim.scenario import json_schema, load_scenario
from line_sim.store import DEFAULT_DB_PATH, ResultsStore
from line_sim.studies.tables import format_kpi_table


@app.command()
def run(
    scenario: Annotated[str, typer.Argument(help="Scenario TOML file.")],
    seed: Annotated[int | None, typer.Option(
        help=f"Override the scenario's seed ({SEED_RANGE_HELP}).")] = None,
    hours: Annotated[float | None, typer.Option(
        help=f"Override the horizon [h] ({HOURS_RANGE_HELP}).")] = None,
    set_: SetOption = None,
    db: DbOption = DEFAULT_DB_PATH,
    export: Annotated[Path | None, typer.Option(
        help="Also write Parquet files of the run into this folder.")] = None,
    as_json: JsonOption = False,
    posterior: Annotated[Path | None, typer.Option(
        "--posterior", help="Parameter file of drytwin calibrate: run posterior draws and print "
        "each KPI's 95 % prediction interval instead of one run.")] = None,
    draws: Annotated[int, typer.Option(help="Posterior draws with --posterior.", min=1)] = 20,
) -> None:
    """Run a scenario, print its KPIs and keep the run in the results store."""
    from line_sim.engine.run import simulate
    from line_sim.store.export import export_run

    check_run_options(seed, hours)
    loaded = load_scenario(scenario, overrides_from(set_))
    if posterior is not None:
        from line_sim.plant.posterior import predict

        typer.echo(to_json(predict(loaded, posterior, draws, seed=seed, hours=hours)))
        return
    store = ResultsStore(db)
    store.check_readable()  # a store of another version is refused before the run, not after
    result = simulate(loaded, seed=seed, hours=hours)
    # show the result before storing it: a store locked past the retry still leaves it seen
    typer.echo(to_json(result.summary()) if as_json else format_kpi_table(result.summary()))
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if export is not None:
        with deferred_interrupt():
            export_run(result, export)
    save_or_explain(store, result)


SWEEP_KPIS = ("yield_fraction", "oee", "throughput_good_m2_per_h", "n_web_breaks",
              "mean_porosity", "mean_loading_mg_per_cm2", "loading_cv", "mean_thickness_um",
              "mean_film_tensile_strength_mpa", "mean_transfer_efficiency",
              "moisture_capacity_loss_fraction", "areal_capacity_mah_per_cm2",
              "moisture_ppm_mean", "coils_out_of_moisture_spec", "post_dryer_dwell_h_mean",
              "energy_by_stage_kwh_per_m2", "energy_kwh_per_kwh_cell", "scrap_by_cause")


@app.command()
def sweep(
    scenario: Annotated[str, typer.Argument(help="Scenario TOML file.")],
    param: Annotated[str, typer.Option(help="Dotted key of the field to vary.")],
    values: Annotated[str, typer.Option(help="Comma-separated values, e.g. 1,2,5.")],
    seed: Annotated[int | None, typer.Option(
        help=f"Seed for every point ({SEED_RANGE_HELP}).")] = None,
    hours: Annotated[float | None, typer.Option(
        help=f"Override the horizon [h] ({HOURS_RANGE_HELP}).")] = None,
    set_: SetOption = None,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """One-factor look: run the scenario once per value, in-process, and tabulate KPIs.

    Every value is checked before the first run; each run is stored as it finishes.
    """
    from line_sim.engine.run import simulate
    from line_sim.scenario import parse_value
    from line_sim.studies.sweep import ENERGY_OBJECTIVE, least_energy_point
    from line_sim.studies.tables import format_sweep_table

    check_run_options(seed, hours)
    points = [parse_value(v.strip()) for v in values.split(",") if v.strip()]
    if not points:
        raise InputError(f"--values {values!r}: give at least one value, comma-separated")
    base = overrides_from(set_)
    scenarios = [load_scenario(scenario, base | {param: point}) for point in points]
    store = ResultsStore(db)
    store.check_readable()
    rows = []
    for point, loaded in zip(points, scenarios, strict=True):
        result = simulate(loaded, seed=seed, hours=hours)
        with deferred_interrupt():
            store.save(result)
        summary = result.summary()
        rows.append({param: point, **{k: summary[k] for k in SWEEP_KPIS if k in summary}})
    best = least_energy_point(rows, param)
    for row in rows:  # the value of least energy per kWh of cell, marked for scripts
        row["least_energy_per_kwh_cell"] = best is not None and row[param] == best[param]
    if as_json:
        typer.echo(to_json(rows))
        return
    typer.echo(format_sweep_table(param, rows))
    if best is not None:
        typer.echo(f"least energy per kWh of cell: {param} = {best[param]} "
                   f"({best[ENERGY_OBJECTIVE]:.4g} kWh/kWh)")


@app.command()
def validate(scenario: Annotated[str, typer.Argument(help="Scenario TOML file.")],
             set_: SetOption = None) -> None:
    """Check a scenario file: prints "ok" or every problem found."""
    from line_sim.scenario.validity import calibrated_range_warnings

    loaded = load_scenario(scenario, overrides_from(set_))
    for warning in calibrated_range_warnings(loaded):
        typer.echo(f"warning: {warning}", err=True)
    typer.echo("ok")


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario files."""
    typer.echo(json.dumps(json_schema(), indent=2))


@app.command()
def electrode(
    design: Annotated[str, typer.Argument(help="Electrode DESIGN.toml file.")],
    c_rates: Annotated[str, typer.Option(help="Comma-separated C-rates [1/h].")] = "0.2,0.5,1,2",
    fidelity: Annotated[str, typer.Option(help="fast (reduced-order) or dfn (PyBaMM).")] = "fast",
    as_json: JsonOption = False,
) -> None:
    """Electrode performance and cell energy of one electrode design."""
    from line_sim.engine.electrode import evaluate_design, format_design_report
    from line_sim.scenario.electrode_design import load_electrode_design

    rates = [r.strip() for r in c_rates.split(",") if r.strip()]
    result = evaluate_design(load_electrode_design(design), rates, fidelity)
    # each C-rate's object also stands at the top level, keyed as written ("0.5": {...})
    typer.echo(to_json(result | result["c_rates"]) if as_json else format_design_report(result))


