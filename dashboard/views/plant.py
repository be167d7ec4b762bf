"""Twin vs plant page: stored replays, a calibration's posterior and a prediction's intervals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

REPLAY_PREFIX = "replay of "
PLANT_PROPERTIES = ("loading_mg_per_cm2", "thickness_um", "porosity", "loading_cv",
                    "tensile_strength_mpa", "adhesion_kpa", "moisture_ppm")
SIMULATED_COLUMN = {
    "loading_mg_per_cm2": "mean_loading_mg_per_cm2", "thickness_um": "mean_thickness_um",
    "porosity": "mean_porosity", "loading_cv": "loading_cv",
    "tensile_strength_mpa": "mean_film_tensile_strength_mpa",
    "adhesion_kpa": "mean_adhesion_kpa", "moisture_ppm": "mean_water_ppm",
}


def replay_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """The stored runs that are replays of a plant (``drytwin replay``)."""
    if runs.empty or "scenario_name" not in runs:
        return runs.iloc[0:0]
    return runs[runs["scenario_name"].astype(str).str.startswith(REPLAY_PREFIX)]


def replay_coils_long(coils: pd.DataFrame) -> pd.DataFrame:
    """One row per coil and property: simulated, measured, residual (simulated − measured)."""
    rows = []
    for prop in PLANT_PROPERTIES:
        sim, meas = SIMULATED_COLUMN[prop], f"plant_{prop}"
        if sim not in coils or meas not in coils:
            continue
        part = pd.DataFrame({
            "coil": coils.get("plant_coil_id", coils.get("coil")), "start_h": coils["start_h"],
            "property": prop, "simulated": pd.to_numeric(coils[sim], errors="coerce"),
            "measured": pd.to_numeric(coils[meas], errors="coerce")})
        rows.append(part.dropna(subset=["simulated", "measured"]))
    if not rows:
        return pd.DataFrame(columns=["coil", "start_h", "property", "simulated", "measured",
                                     "residual"])
    out = pd.concat(rows, ignore_index=True)
    out["residual"] = out["simulated"] - out["measured"]
    return out


def replay_summary(summary: dict[str, Any]) -> pd.DataFrame:
    """Bias, RMSE and R² per property from a stored replay's summary."""
    replay = summary.get("replay", {}) if isinstance(summary, dict) else {}
    return pd.DataFrame([{"property": k, **v} for k, v in replay.items()])


def calibration_files(folder: Path) -> list[Path]:
    """Calibration summaries (``*.calibration.json``) under a folder (not recursive)."""
    return sorted(folder.glob("*.calibration.json")) if folder.is_dir() else []


def calibration_frame(calibration: dict[str, Any]) -> pd.DataFrame:
    """One row per fitted parameter: mean, 95 % interval, R-hat, ESS, identified."""
    rows = []
    for key, p in calibration.get("parameters", {}).items():
        rows.append({"parameter": key, "mean": p.get("mean"), "ci95_low": p.get("ci95_low"),
                     "ci95_high": p.get("ci95_high"), "rhat": p.get("rhat"),
                     "ess_bulk": p.get("ess_bulk"), "identified": p.get("identified"),
                     "warning": p.get("warning", "")})
    return pd.DataFrame(rows)


def posterior_samples(calibration_file: Path) -> pd.DataFrame:
    """The posterior draws kept beside a calibration (long: parameter, value)."""
    samples = Path(str(calibration_file).removesuffix(".calibration.json") + ".samples.csv")
    if not samples.is_file():
        return pd.DataFrame(columns=["parameter", "value"])
    return pd.read_csv(samples).melt(var_name="parameter", value_name="value")


def read_json(path: Path) -> dict[str, Any]:
    """A JSON file's object (empty if it cannot be read)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def prediction_frame(prediction: dict[str, Any]) -> pd.DataFrame:
    """KPIs with their 95 % prediction intervals from ``drytwin plant predict --out``."""
    return pd.DataFrame([{"kpi": k, **v} for k, v in prediction.get("kpis", {}).items()])
