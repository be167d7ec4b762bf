"""A calibration's posterior propagated to the KPIs: draws, runs, prediction intervals.

Each draw is one parameter set from the posterior draws that ``drytwin calibrate`` kept
beside its parameter file (``X.samples.csv``; only identified parameters), run with its own
seed, so the interval holds both the parameters' uncertainty and the line's own randomness.
"""

from __future__ import annotations

import math
import time
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from line_sim.engine.run import RunResult, simulate
from line_sim.errors import InputError
from line_sim.plant.keys import flatten
from line_sim.plant.model import with_values
from line_sim.scenario import Scenario

DEFAULT_KPIS = ("throughput_good_m2_per_h", "yield_fraction", "oee", "availability",
                "n_failures", "n_web_breaks", "mean_loading_mg_per_cm2", "loading_cv",
                "mean_porosity", "mean_thickness_um", "scrap_fraction", "energy_kwh_per_m2",
                "cell_energy_wh_per_kg")


def parameter_overrides(path: str | Path) -> dict[str, Any]:
    """A parameter file's values as dotted overrides (``[simulation] feed_cv`` → key)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read the parameter file ({exc}); allowed: the TOML "
                         "file drytwin calibrate wrote") from None
    return flatten(data)


def posterior_draws(path: str | Path, n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` parameter sets from the posterior draws kept beside the parameter file.

    Without a draws file the posterior means are used for every draw (no parameter
    uncertainty; the interval is the line's randomness only).
    """
    path = Path(path)
    means = parameter_overrides(path)
    samples = path.with_suffix(".samples.csv")
    if not samples.is_file():
        return pd.DataFrame([means] * n)
    draws = pd.read_csv(samples)
    rows = np.random.default_rng(seed).integers(0, len(draws), n)
    out = draws.iloc[rows].reset_index(drop=True)
    for key, value in means.items():
        if key not in out:
            out[key] = value
    return out


def predict(scenario: Scenario, posterior: str | Path, draws: int, seed: int | None = None,
            hours: float | None = None, kpis: tuple[str, ...] = DEFAULT_KPIS
            ) -> dict[str, Any]:
    """Run ``draws`` posterior parameter sets and summarise each KPI's 95 % prediction interval.

    Returns
    -------
    dict
        ``{"kpis": {KPI: {"mean", "median", "pi95_low", "pi95_high"}}, "draws": n,
        "parameters": [...], "runs": [per-draw KPIs], "wall_time_s"}``.
    """
    if draws < 1:
        raise InputError(f"--draws {draws}: allowed: 1 or more")
    started = time.perf_counter()
    base_seed = scenario.seed if seed is None else seed
    sets = posterior_draws(posterior, draws, base_seed)
    rows = []
    for i, values in enumerate(sets.to_dict(orient="records")):
        result = run_draw(scenario, values, base_seed + i, hours)
        rows.append({k: result.kpis.get(k) for k in kpis} | {f"param:{k}": v for k, v in values.items()})
    table = pd.DataFrame(rows)
    summary = {}
    for k in kpis:
        col = pd.to_numeric(table[k], errors="coerce").dropna() if k in table else pd.Series([])
        if col.empty:
            continue
        summary[k] = {"mean": float(col.mean()), "median": float(col.median()),
                      "pi95_low": float(np.percentile(col, 2.5)),
                      "pi95_high": float(np.percentile(col, 97.5))}
    return {"kpis": summary, "draws": draws, "parameters": list(sets.columns),
            "runs": [{k: (None if isinstance(v, float) and math.isnan(v) else v)
                      for k, v in r.items()} for r in rows],
            "wall_time_s": time.perf_counter() - started}


def run_draw(scenario: Scenario, values: dict[str, Any], seed: int,
             hours: float | None = None) -> RunResult:
    """One run of the scenario with one posterior parameter set."""
    return simulate(with_values(scenario, values), seed=seed, hours=hours)
