"""The ``drytwin`` command line: thin wrappers over the :mod:`line_sim` API."""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from line_sim.errors import InputError, StoreError
from line_sim.report import format_kpi_table
from line_sim.scenario import json_schema, load_scenario, parse_override
from line_sim.store import DEFAULT_DB_PATH, ResultsStore

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  pretty_exceptions_enable=False,
                  help="drytwin: event-driven digital twin of a dry electrode line.")

SetOption = Annotated[list[str] | None, typer.Option(
    "--set", help="Override a scenario field: dotted.key=value (repeatable).")]
DbOption = Annotated[Path, typer.Option("--db", help="Results store (DuckDB file).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]


def main() -> None:
    """Entry point of the ``drytwin`` console script."""
    try:
        code = app(standalone_mode=False)  # returns the code of a typer.Exit instead of exiting
    except (InputError, StoreError) as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # the last line of defence: a message, not a traceback
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):  # a usage error of the CLI
            exc.show()
            sys.exit(exc.exit_code)
        if os.environ.get("DRYTWIN_DEBUG"):
            raise
        typer.echo(f"internal error: {type(exc).__name__}: {exc} (set DRYTWIN_DEBUG=1 for "
                   "the traceback)", err=True)
        sys.exit(70)
    if isinstance(code, int) and code != 0:
        sys.exit(code)


def overrides_from(options: list[str] | None) -> dict[str, Any]:
    """Parse repeated ``--set dotted.key=value`` options."""
    return dict(parse_override(o) for o in options or [])


def to_json(data: Any) -> str:
    """JSON text with NaN and infinities written as null."""
    return json.dumps(_finite(data), indent=2, default=_default)


def _finite(data: Any) -> Any:
    if isinstance(data, float) and not math.isfinite(data):
        return None
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(v) for v in data]
    return data


def _default(value: Any) -> Any:
    if hasattr(value, "item"):
        return _finite(value.item())
    return str(value)


@app.command()
def run(
    scenario: Annotated[str, typer.Argument(help="Scenario TOML file.")],
    seed: Annotated[int | None, typer.Option(help="Override the scenario's seed.", min=0)] = None,
    hours: Annotated[float | None, typer.Option(help="Override the horizon [h].", min=0.0)] = None,
    set_: SetOption = None,
    db: DbOption = DEFAULT_DB_PATH,
    export: Annotated[Path | None, typer.Option(
        help="Also write Parquet files of the run into this folder.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Run a scenario, print its KPIs and keep the run in the results store."""
    from line_sim.export import export_run
    from line_sim.run import simulate

    loaded = load_scenario(scenario, overrides_from(set_))
    store = ResultsStore(db)
    store.check_readable()  # a store of another version is refused before the run, not after
    result = simulate(loaded, seed=seed, hours=hours)
    # show the result before storing it: a store locked past the retry still leaves it seen
    typer.echo(to_json(result.summary()) if as_json else format_kpi_table(result.summary()))
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if export is not None:
        export_run(result, export)
    save_or_explain(store, result)


def save_or_explain(store: ResultsStore, result: Any) -> None:
    """Store a run; if the store refuses, say that its figures above were not kept."""
    try:
        store.save(result)
    except StoreError as exc:
        raise StoreError(f"{exc}\nrun {result.run_id} was simulated and printed above but not "
                         "stored") from None


SWEEP_KPIS = ("yield_fraction", "oee", "throughput_good_m2_per_h", "n_web_breaks",
              "mean_porosity", "mean_loading_mg_per_cm2", "loading_cv", "mean_thickness_um",
              "mean_film_tensile_strength_mpa", "mean_transfer_efficiency",
              "moisture_capacity_loss_fraction", "areal_capacity_mah_per_cm2", "scrap_by_cause")


@app.command()
def sweep(
    scenario: Annotated[str, typer.Argument(help="Scenario TOML file.")],
    param: Annotated[str, typer.Option(help="Dotted key of the field to vary.")],
    values: Annotated[str, typer.Option(help="Comma-separated values, e.g. 1,2,5.")],
    seed: Annotated[int | None, typer.Option(help="Seed for every point.", min=0)] = None,
    hours: Annotated[float | None, typer.Option(help="Override the horizon [h].", min=0.0)] = None,
    set_: SetOption = None,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """One-factor look: run the scenario once per value, in-process, and tabulate KPIs.

    Every value is checked before the first run; each run is stored as it finishes.
    """
    from line_sim.report import format_sweep_table
    from line_sim.run import simulate
    from line_sim.scenario import parse_value

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
        store.save(result)
        summary = result.summary()
        rows.append({param: point, **{k: summary[k] for k in SWEEP_KPIS if k in summary}})
    typer.echo(to_json(rows) if as_json else format_sweep_table(param, rows))


@app.command()
def validate(scenario: Annotated[str, typer.Argument(help="Scenario TOML file.")],
             set_: SetOption = None) -> None:
    """Check a scenario file: prints "ok" or every problem found."""
    from line_sim.validity import calibrated_range_warnings

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
    from line_sim.electrode_design import (
        evaluate_design,
        format_design_report,
        load_electrode_design,
    )

    rates = [r.strip() for r in c_rates.split(",") if r.strip()]
    result = evaluate_design(load_electrode_design(design), rates, fidelity)
    # each C-rate's object also stands at the top level, keyed as written ("0.5": {...})
    typer.echo(to_json(result | result["c_rates"]) if as_json else format_design_report(result))


# Commands defined in their own modules register themselves on `app` when imported.
from line_sim import cli_batch, cli_compare, cli_dashboard  # noqa: E402,F401

if __name__ == "__main__":
    # Under `python -m` this file is `__main__`; the command modules registered on the
    # importable `line_sim.cli`, so run that one.
    from line_sim.cli import main as package_main

    package_main()
