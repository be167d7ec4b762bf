"""``drytwin dashboard``: start the Streamlit review dashboard on this machine."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Annotated

import typer

from line_sim.cli.app import DbOption, app
from line_sim.errors import InputError
from line_sim.store import DEFAULT_DB_PATH

DEFAULT_PORT = 8501
LOCALHOST = "127.0.0.1"
DB_ENVIRONMENT_VARIABLE = "DRYTWIN_DB"
"""Read by ``dashboard.session``; the command also passes ``--db`` after ``--``."""
SHUTDOWN_GRACE_S = 10.0


def dashboard_app_path() -> Path:
    """``dashboard/app.py`` of the installed ``dashboard`` package.

    Raises
    ------
    InputError
        If Streamlit or the dashboard package is not installed.
    """
    if find_spec("streamlit") is None:
        raise InputError("the dashboard needs Streamlit: pip install -e . (it is a dependency of drytwin)")
    spec = find_spec("dashboard")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        candidate = Path(location) / "app.py"
        if candidate.is_file():
            return candidate
    raise InputError("the drytwin dashboard package (dashboard/app.py) is not installed")


def streamlit_command(app_path: Path, host: str, port: int, db: Path) -> list[str]:
    """The ``streamlit run`` command line for the dashboard."""
    return [sys.executable, "-m", "streamlit", "run", str(app_path),
            "--server.address", host, "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--", "--db", str(db)]


@app.command()
def dashboard(
    port: Annotated[int, typer.Option(help="TCP port to serve on.", min=1, max=65535)] = DEFAULT_PORT,
    db: DbOption = DEFAULT_DB_PATH,
    host: Annotated[str, typer.Option(
        help="Address to bind; the default serves this machine only.")] = LOCALHOST,
) -> None:
    """Open the review dashboard (Streamlit) at http://HOST:PORT."""
    command = streamlit_command(dashboard_app_path(), host, port, db.resolve())
    typer.echo(f"drytwin dashboard on http://{host}:{port} (results store {db}); Ctrl+C stops it",
               err=True)
    environment = {**os.environ, DB_ENVIRONMENT_VARIABLE: str(db.resolve())}
    raise typer.Exit(serve(command, environment))


def serve(command: list[str], environment: dict[str, str]) -> int:
    """Run the server until it exits; SIGTERM and Ctrl+C stop it too (no orphan server)."""
    server = subprocess.Popen(command, env=environment)

    def forward(signum: int, _frame: object) -> None:
        server.send_signal(signum)

    previous = signal.signal(signal.SIGTERM, forward)
    try:
        return server.wait()
    except KeyboardInterrupt:
        stop(server)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def stop(server: subprocess.Popen[bytes]) -> None:
    """Ask the server to shut down; kill it if it has not within the grace period."""
    server.terminate()
    try:
        server.wait(timeout=SHUTDOWN_GRACE_S)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
