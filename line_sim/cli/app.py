"""The ``drytwin`` application: the typer app, shared options, JSON output and the entry point.

Commands live in one module per group (:mod:`~line_sim.cli.run`, :mod:`~line_sim.cli.batch`,
:mod:`~line_sim.cli.compare`, :mod:`~line_sim.cli.dashboard`) and register themselves on
:data:`app`; importing :mod:`line_sim.cli` registers them all."""

from __future__ import annotations

import atexit
import json
import math
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer

from line_sim.errors import InputError, StoreError
from line_sim.scenario import MAX_HORIZON_H, MAX_SEED, check_horizon_h, check_seed, parse_override
from line_sim.store import ResultsStore

# rich_markup_mode=None: help texts print literally, so units such as "[h]" stay visible
app = typer.Typer(add_completion=False, no_args_is_help=True,
                  pretty_exceptions_enable=False, rich_markup_mode=None,
                  help="drytwin: event-driven digital twin of a dry electrode line.")

INTERRUPTED_EXIT_CODE = 130
"""Exit code after Ctrl-C (128 + SIGINT), wherever it arrives."""
SEED_RANGE_HELP = f"0 to 2^63 − 1 = {MAX_SEED}"
HOURS_RANGE_HELP = f"0 to {MAX_HORIZON_H:g}"

SetOption = Annotated[list[str] | None, typer.Option(
    "--set", help="Override a scenario field: dotted.key=value (repeatable).")]
DbOption = Annotated[Path, typer.Option("--db", help="Results store (DuckDB file).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]


def main() -> None:
    """Entry point of the ``drytwin`` console script.

    Bad input and store errors print ``error: …`` and exit 1; usage errors print click's
    message and exit 2; Ctrl-C anywhere prints ``interrupted`` and exits 130; anything else
    prints ``internal error: …`` and exits 70. Never a traceback (unless DRYTWIN_DEBUG is set).
    """
    previous = None
    try:
        try:
            # a Ctrl-C may land on the very first line: everything runs inside the handler
            previous = signal.getsignal(signal.SIGINT)
            _ignore_sigint_at_exit()
            code = _run_app()
            _ignore_sigint()  # the command has finished: a late Ctrl-C changes nothing now
        except KeyboardInterrupt:
            code = _interrupted()
        if code != 0:
            sys.exit(code)
    finally:
        _restore_sigint(previous)  # for callers in the same process (tests)


def _run_app() -> int:
    try:
        code = app(standalone_mode=False)  # returns the code of a typer.Exit instead of exiting
    except (InputError, StoreError) as exc:
        typer.echo(f"error: {exc}", err=True)
        return 1
    except typer.Abort:
        return _interrupted()
    except typer.Exit as exc:
        return int(exc.exit_code)
    except Exception as exc:  # the last line of defence: a message, not a traceback
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):  # a usage error of the CLI
            exc.show()
            return int(exc.exit_code)
        if os.environ.get("DRYTWIN_DEBUG"):
            raise
        typer.echo(f"internal error: {type(exc).__name__}: {exc} (set DRYTWIN_DEBUG=1 for "
                   "the traceback)", err=True)
        return 70
    if code == INTERRUPTED_EXIT_CODE:  # typer turns KeyboardInterrupt into Exit(130), silently
        return _interrupted()
    return code if isinstance(code, int) else 0


def _ignore_sigint_at_exit() -> None:
    """Ctrl-C while Python shuts down is ignored: the command's outcome is settled by then.

    Python resets a handled SIGINT to the system default late in its shutdown, so a Ctrl-C
    then would kill the process (exit -2) after its work was done and reported.
    """
    global _AT_EXIT_REGISTERED
    if not _AT_EXIT_REGISTERED:
        atexit.register(_ignore_sigint)
        _AT_EXIT_REGISTERED = True


_AT_EXIT_REGISTERED = False


def _interrupted() -> int:
    _ignore_sigint()  # a second Ctrl-C must not cut the message short with a traceback
    typer.echo("interrupted", err=True)
    return INTERRUPTED_EXIT_CODE


def _ignore_sigint() -> None:
    if _in_main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _restore_sigint(previous: Any) -> None:
    if _in_main_thread() and previous is not None:
        signal.signal(signal.SIGINT, previous)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Hold Ctrl-C back while the block runs, then raise it: a store write is never cut.

    A SIGINT that arrives inside the block is recorded; once the block has finished (the
    run is stored whole), :class:`KeyboardInterrupt` is raised, so the command still stops
    with "interrupted" and exit code 130. Outside the main thread (where no signal handler
    can be set) the block runs unprotected.
    """
    if not _in_main_thread():
        yield
        return
    received: list[int] = []

    def record(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    previous = signal.signal(signal.SIGINT, record)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt


def check_run_options(seed: int | None, hours: float | None) -> None:
    """Refuse ``--seed`` and ``--hours`` outside the scenario schema's ranges, before any run.

    Raises
    ------
    InputError
        Naming the option, its value and the allowed range (the scenario's ``seed`` and
        ``simulation.horizon_h``).
    """
    if seed is not None:
        check_seed(seed, "--seed")
    if hours is not None:
        check_horizon_h(hours, "--hours")


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
    """Store a run whole (Ctrl-C waits for the write); if the store refuses, say so.

    If the store refuses, the message says that the run's figures printed above were not
    kept.
    """
    try:
        with deferred_interrupt():
            store.save(result)
    except StoreError as exc:
        raise StoreError(f"{exc}\nrun {result.run_id} was simulated and printed above but not "
                         "stored") from None


