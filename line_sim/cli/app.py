"""The ``drytwin`` application: the typer app, shared options, JSON output and the entry point.

Commands live in one module per group (:mod:`~line_sim.cli.run`, :mod:`~line_sim.cli.batch`,
:mod:`~line_sim.cli.compare`, :mod:`~line_sim.cli.dashboard`) and register themselves on
:data:`app`; importing :mod:`line_sim.cli` registers them all."""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from line_sim.errors import InputError, StoreError
from line_sim.scenario import parse_override
from line_sim.store import ResultsStore

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


def save_or_explain(store: ResultsStore, result: Any) -> None:
    """Store a run; if the store refuses, say that its figures above were not kept."""
    try:
        store.save(result)
    except StoreError as exc:
        raise StoreError(f"{exc}\nrun {result.run_id} was simulated and printed above but not "
                         "stored") from None


