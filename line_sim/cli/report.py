"""``drytwin report``: a self-contained HTML review pack of stored runs."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer

from line_sim.cli.app import DbOption, app
from line_sim.errors import InputError
from line_sim.store import DEFAULT_DB_PATH, ResultsStore


def parse_hours(text: str | None) -> list[float] | None:
    """``--at-hours 2,6.5,12`` as a list of times [h] (None when not given).

    Raises
    ------
    InputError
        A value that is not a finite number ≥ 0.
    """
    if not text:
        return None
    hours = []
    for part in text.split(","):
        try:
            value = float(part)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0:
            raise InputError(f"--at-hours {text}: {part.strip()!r} is not a time; allowed: "
                             "comma-separated hours ≥ 0, e.g. 2,6.5,12")
        hours.append(value)
    return hours


@app.command()
def report(
    run_ids: Annotated[list[str], typer.Argument(help="Ids (or unique id prefixes) of stored "
                                                 "runs; the first is the baseline.")],
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("pack.html"),
    db: DbOption = DEFAULT_DB_PATH,
    at_hours: Annotated[str | None, typer.Option(
        "--at-hours", help="Times of the line view, comma-separated [h] (default: a quarter, "
        "half and three quarters through each run).")] = None,
) -> None:
    """Write a review pack: scenarios, labelled KPIs, what changed, the line view and charts."""
    from line_sim.studies.review_pack import load_runs, write_review_pack

    times = parse_hours(at_hours)
    store = ResultsStore(db)
    if not store.path.exists():
        raise InputError(f"--db {store.path}: no results store here (run `drytwin run` first)")
    if out.is_dir():
        raise InputError(f"--out {out}: is a folder; allowed: a file name such as pack.html")
    runs = load_runs(store, run_ids)
    path = write_review_pack(out, runs, times)
    typer.echo(f"review pack of {len(runs)} run(s) written to {path}")
