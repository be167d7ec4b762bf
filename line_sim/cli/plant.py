"""``drytwin plant check|synth|predict``, ``drytwin calibrate`` and ``drytwin replay``."""

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
    save_or_explain,
    to_json,
)
from line_sim.errors import InputError
from line_sim.scenario import load_scenario
from line_sim.store import DEFAULT_DB_PATH, ResultsStore

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


def _pairs(options: list[str] | None, what: str) -> dict[str, str]:
    out = {}
    for text in options or []:
        key, sep, value = text.partition("=")
        if not sep:
            raise InputError(f"{what} {text!r}: allowed: KEY=VALUE")
        out[key.strip()] = value.strip()
    return out


def _priors(options: list[str] | None) -> dict[str, tuple[float, float]]:
    out = {}
    for key, value in _pairs(options, "--prior").items():
        low, sep, high = value.partition(":")
        try:
            out[key] = (float(low), float(high))
        except ValueError:
            sep = ""
        if not sep or not out[key][0] < out[key][1]:
            raise InputError(f"--prior {key}={value}: allowed: KEY=LOW:HIGH with LOW < HIGH")
    return out


@app.command()
def calibrate(
    scenario: Annotated[str, typer.Argument(help="Scenario TOML file.")],
    plant: PlantOption,
    fit: Annotated[str, typer.Option("--fit", help="Comma-separated dotted keys to fit, e.g. "
                                     "simulation.feed_cv,reliability.calender.mtbf_h.")],
    out: Annotated[Path, typer.Option("--out", help="Parameter file to write (TOML).")],
    prior: Annotated[list[str] | None, typer.Option(
        "--prior", help="Prior range KEY=LOW:HIGH (repeatable); default value ÷4 to ×4 "
        "(MTBF/MTTR ÷30 to ×30).")] = None,
    steps: Annotated[int, typer.Option(help="emcee steps kept per walker.", min=50)] = 800,
    burn: Annotated[int, typer.Option(help="emcee burn-in steps per walker.", min=0)] = 300,
    seed: Annotated[int, typer.Option(help="Seed of the sampler.")] = 0,
    set_: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """Fit coefficients, MTBF and MTTR to a plant folder; write a parameter file."""
    from line_sim.plant.calibrate import calibrate as fit_plant
    from line_sim.plant.calibrate import write_parameter_file
    from line_sim.plant.contract import read_plant

    keys = [k.strip() for k in fit.split(",") if k.strip()]
    if not keys:
        raise InputError("--fit: allowed: one or more dotted keys, comma-separated")
    loaded = load_scenario(scenario, overrides_from(set_))
    data = read_plant(plant)
    result = fit_plant(loaded, data, keys, priors=_priors(prior), steps=steps, burn=burn,
                       seed=seed)
    write_parameter_file(result, out, f"{scenario} against {plant}")
    if as_json:
        typer.echo(to_json(result.to_json()))
    else:
        typer.echo(format_calibration(result.to_json()))
        typer.echo(f"wrote {out}")
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)


def format_calibration(summary: dict) -> str:
    """A text table of a calibration: mean, 95 % interval, R-hat, ESS per parameter."""
    rows = [f"{'parameter':<48} {'mean':>12} {'95 % interval':>27} {'R-hat':>6} {'ESS':>6}"]
    for key, p in summary["parameters"].items():
        if p["mean"] is None:
            rows.append(f"{key:<48} {'not identified':>12}")
            continue
        rows.append(f"{key:<48} {p['mean']:>12.5g} {p['ci95_low']:>13.5g}–{p['ci95_high']:<13.5g}"
                    f" {p['rhat']:>6.3f} {p['ess_bulk']:>6.0f}")
    rows.append(f"converged: {'yes' if summary['converged'] else 'no'}; model evaluations: "
                f"{summary['n_model_evaluations']}; wall time {summary['wall_time_s']:.1f} s")
    return "\n".join(rows)


@app.command()
def replay(
    scenario: Annotated[str, typer.Argument(help="Scenario TOML file.")],
    plant: PlantOption,
    parameters: Annotated[Path | None, typer.Option(
        "--parameters", help="Parameter file of drytwin calibrate to apply.")] = None,
    seed: Annotated[int | None, typer.Option(
        help=f"Seed of the streams not replayed ({SEED_RANGE_HELP}).")] = None,
    set_: SetOption = None,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """The twin follows a plant's climate, set points and coils; each coil beside its measurement."""
    from line_sim.plant.contract import read_plant
    from line_sim.plant.posterior import parameter_overrides
    from line_sim.plant.replay import replay as replay_plant
    from line_sim.plant.replay import replay_scope

    check_run_options(seed, None)
    loaded = load_scenario(scenario, overrides_from(set_))
    data = read_plant(plant)
    store = ResultsStore(db)
    store.check_readable()
    values = parameter_overrides(parameters) if parameters is not None else None
    result = replay_plant(loaded, data, seed=seed, values=values)
    if as_json:
        typer.echo(to_json(result.to_json()))
    else:
        replayed, not_replayed = replay_scope()
        typer.echo(f"replayed: {', '.join(replayed)}; not replayed (random as in a run): "
                   f"{', '.join(not_replayed)}")
        typer.echo(f"{'property':<24} {'bias':>12} {'rmse':>12} {'R²':>8} {'coils':>6}")
        for prop, s in result.summary.items():
            typer.echo(f"{prop:<24} {s['bias']:>12.4g} {s['rmse']:>12.4g} {s['r2']:>8.3f} "
                       f"{s['n']:>6d}")
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    save_or_explain(store, result.result)


@plant_app.command("predict")
def predict(
    scenario: Annotated[str, typer.Argument(help="Scenario TOML file.")],
    posterior: Annotated[Path, typer.Option("--posterior", help="Parameter file of drytwin "
                                            "calibrate (its draws are read beside it).")],
    draws: Annotated[int, typer.Option(help="Posterior draws to run.", min=1)] = 20,
    seed: Annotated[int | None, typer.Option(
        help=f"First seed; draw i runs with seed + i ({SEED_RANGE_HELP}).")] = None,
    hours: Annotated[float | None, typer.Option(
        help=f"Override the horizon [h] ({HOURS_RANGE_HELP}).")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Also write the prediction as JSON (read by the dashboard).")] = None,
    set_: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """KPIs with 95 % prediction intervals from a calibration's posterior."""
    from line_sim.plant.posterior import predict as predict_kpis

    check_run_options(seed, hours)
    loaded = load_scenario(scenario, overrides_from(set_))
    result = predict_kpis(loaded, posterior, draws, seed=seed, hours=hours)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(to_json(result) + "\n", encoding="utf-8")
    if as_json:
        typer.echo(to_json(result))
        return
    typer.echo(f"{'KPI':<32} {'mean':>12} {'95 % prediction interval':>28}")
    for kpi, s in result["kpis"].items():
        typer.echo(f"{kpi:<32} {s['mean']:>12.5g} {s['pi95_low']:>13.5g}–{s['pi95_high']:<13.5g}")
    typer.echo(f"{draws} posterior draws, {result['wall_time_s']:.1f} s")
