"""Parquet export of a run's tables."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from line_sim.engine.run import RunResult
from line_sim.errors import InputError

EXPORTED_TABLES = ("segments", "coils", "events", "intervals")


def export_run(result: RunResult, folder: str | Path) -> Path:
    """Write ``<folder>/<run_id>/{segments,coils,events,intervals}.parquet`` and ``kpis.json``.

    Nothing is written outside ``folder``: the subfolder is the run's hexadecimal id.
    """
    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise InputError(f"--export {root}: exists and is not a folder")
    target = root / result.run_id
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--export {root}: cannot create the folder ({exc})") from None
    for name in EXPORTED_TABLES:
        frame: pd.DataFrame = getattr(result, name)
        frame.to_parquet(target / f"{name}.parquet", index=False)
    (target / "kpis.json").write_text(json.dumps(result.summary(), indent=2, default=str))
    return target
