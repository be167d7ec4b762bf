"""Calibrate the calender model to a published measured dataset through the plant path.

The data: porosity after calendering of four slurry-cast NMC cathodes at set roll gaps of
1–100 µm, means of repeated measurements with their standard deviations, from
Duquesnoy, Lombardo, Chouchane, Primo, Franco, "Data-driven assessment of electrode
calendering process by combining experimental results, in silico mesostructures generation
and machine learning", J. Power Sources 480 (2020) 229103, doi:10.1016/j.jpowsour.2020.229103,
as published with the paper's code (github.com/MarcDuquesnoy/Battery_Combining_Learning,
Experimental/data/Dataset_Experimental_fitting.csv; Zenodo doi:10.5281/zenodo.3901441).

This script writes the data as a plant folder (one coil per electrode and gap; the gap,
the loading, the recipe and the porosity before calendering are set-point changes in
``settings.csv``), then fits, with ``drytwin calibrate``'s machinery (emcee + ArviZ), the
coating's ε_min (``parameters.calendering.min_porosity_offset``) and the roll stand's
mill modulus (``stations.calender.stand_stiffness_n_per_mm_per_um``), and compares the
model with the paper's own fit: a 6-term polynomial in NMC fraction, porosity and thickness
before calendering and the gap (the paper's R script), in sample and leave-one-out.

Usage: python benchmarks/published_calendering.py [--write-only] [--steps 600]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from line_sim import load_scenario  # noqa: E402
from line_sim.engine.process_chain import process_chain  # noqa: E402
from line_sim.plant.calibrate import calibrate  # noqa: E402
from line_sim.plant.contract import read_plant  # noqa: E402
from line_sim.plant.model import coil_conditions, predict_coils, with_values  # noqa: E402

FOLDER = ROOT / "examples" / "published" / "duquesnoy2020_calendering"
SCENARIO = FOLDER / "scenario.toml"
DATA_COLUMNS = ("nmc_mass_fraction", "solids_to_liquid", "gap_um", "porosity_before",
                "thickness_before_um", "porosity", "porosity_sd")
DATA = (  # the published file, row by row (columns as DATA_COLUMNS)
    (0.94, 60, 1, 0.487, 138, 0.255591158, 0.002626938),
    (0.94, 69, 1, 0.461, 178, 0.227818643, 0.005207558),
    (0.94, 69, 25, 0.461, 178, 0.240706363, 0.009965596),
    (0.94, 60, 44, 0.487, 138, 0.284409827, 0.006148921),
    (0.94, 69, 44, 0.461, 178, 0.229355107, 0.002637905),
    (0.94, 60, 100, 0.487, 138, 0.361272278, 0.003464403),
    (0.94, 69, 100, 0.461, 178, 0.300748308, 0.003542648),
    (0.95, 68, 1, 0.475, 170, 0.230519726, 0.004503152),
    (0.95, 68, 44, 0.475, 170, 0.264956093, 0.008205684),
    (0.95, 68, 100, 0.475, 170, 0.329702429, 0.01286996),
    (0.96, 69, 5, 0.42, 180, 0.262360108, 0.002241246),
    (0.96, 69, 27, 0.42, 180, 0.263233257, 0.010362876),
    (0.96, 69, 44, 0.42, 180, 0.288018327, 0.004110415),
    (0.96, 69, 100, 0.42, 180, 0.320911602, 0.003602464),
)
FIT = ("parameters.calendering.min_porosity_offset",
       "stations.calender.stand_stiffness_n_per_mm_per_um")
PRIORS = {FIT[0]: (-0.2, 0.2), FIT[1]: (0.5, 100.0)}
"""Prior ranges: ε_min within ±0.2 of the library's; a lab stand of 0.5–100 N/mm per µm."""
START = pd.Timestamp("2020-01-06T08:00:00Z")
"""Coil times are a sequence, one hour apart (the data carry no dates)."""


def published() -> pd.DataFrame:
    """The dataset with an electrode label (A–D: one per recipe and porosity before)."""
    frame = pd.DataFrame(DATA, columns=DATA_COLUMNS)
    keys = list(zip(frame["nmc_mass_fraction"], frame["porosity_before"], strict=True))
    labels = {key: "ABCD"[i] for i, key in enumerate(dict.fromkeys(keys))}
    frame["electrode"] = [labels[k] for k in keys]
    return frame


def recipe(nmc_fraction: float) -> dict[str, float]:
    """Mass fractions: NMC as published, the rest carbon black and PVDF in equal parts
    (assumption: the split is not in the data file)."""
    rest = round((1.0 - nmc_fraction) / 2.0, 6)
    return {"materials.active_material.mass_fraction": nmc_fraction,
            "materials.conductive_additive.mass_fraction": rest,
            "materials.binder.mass_fraction": round(1.0 - nmc_fraction - rest, 6)}


def coil_rows(data: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """(coils, settings) rows: one coil per electrode and gap, its conditions as settings."""
    base = load_scenario(SCENARIO)
    coils, settings = [], []
    for i, row in data.iterrows():
        values = recipe(row["nmc_mass_fraction"])
        solid_density = process_chain(with_values(base, values)).solid_density_kg_per_m3
        # areal mass from the porosity and thickness before calendering (thickness in µm,
        # the coating alone: assumptions, the file states neither)
        loading = (1.0 - row["porosity_before"]) * row["thickness_before_um"] * 1e-6 \
            * solid_density * 100.0
        start = START + pd.Timedelta(hours=int(i))
        values |= {"quality.loading_mg_per_cm2": round(float(loading), 4),
                   "parameters.calendering.initial_porosity": row["porosity_before"],
                   "stations.calender.gap_um": row["gap_um"]}
        settings += [{"time": start.isoformat(), "key": k, "value": v} for k, v in values.items()]
        coils.append({"coil_id": f"{row['electrode']}-gap{int(row['gap_um'])}",
                      "start_time": start.isoformat(),
                      "end_time": (start + pd.Timedelta(minutes=30)).isoformat(),
                      "length_m": 1.0, "loading_mg_per_cm2": round(float(loading), 4),
                      "thickness_um": None, "porosity": row["porosity"]})
    return coils, settings


def write_folder(folder: Path = FOLDER) -> Path:
    """Write coils, settings, climate and events of the published dataset."""
    data = published()
    coils, settings = coil_rows(data)
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(coils).to_csv(folder / "coils.csv", index=False)
    pd.DataFrame(settings).to_csv(folder / "settings.csv", index=False)
    hours = pd.date_range(START - pd.Timedelta(hours=1), START + pd.Timedelta(hours=len(data)),
                          freq="1h")
    # the lab's climate is not stated: a dry room at 22 °C and 1 % RH (assumption; the
    # calender model does not depend on it)
    pd.DataFrame({"time": [h.isoformat() for h in hours], "temperature_c": 22.0,
                  "relative_humidity_pct": 1.0}).to_csv(folder / "climate.csv", index=False)
    pd.DataFrame(columns=["time", "station", "event", "detail"]).to_csv(
        folder / "events.csv", index=False)
    data.to_csv(folder / "published_data.csv", index=False)
    return folder


def polynomial_design(data: pd.DataFrame) -> np.ndarray:
    """The paper's final fit: porosity ~ X + ε0 + t0 + g² + g + g·ε0, no intercept."""
    x, e0, t0, g = (data[c].to_numpy(dtype=float) for c in (
        "nmc_mass_fraction", "porosity_before", "thickness_before_um", "gap_um"))
    return np.column_stack([x, e0, t0, g ** 2, g, g * e0])


def polynomial_errors(data: pd.DataFrame) -> tuple[float, float]:
    """RMSE of the paper's polynomial in sample and leave-one-out [-]."""
    design, y = polynomial_design(data), data["porosity"].to_numpy(dtype=float)
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    held = []
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        b, *_ = np.linalg.lstsq(design[keep], y[keep], rcond=None)
        held.append(design[i] @ b - y[i])
    return (float(np.sqrt(np.mean((design @ beta - y) ** 2))),
            float(np.sqrt(np.mean(np.square(held)))))


def model_porosity(values: dict[str, float], folder: Path = FOLDER) -> np.ndarray:
    """The calender model's porosity for every coil with the given fitted values [-]."""
    plant = read_plant(folder)
    return predict_coils(load_scenario(SCENARIO), coil_conditions(plant), values,
                         frozenset({"porosity"}))["porosity"][0]


def model_leave_one_out(data: pd.DataFrame, folder: Path = FOLDER) -> float:
    """RMSE of the model with its two values least-squares fitted without each point [-]."""
    from scipy.optimize import least_squares

    y = data["porosity"].to_numpy(dtype=float)
    low, high = zip(*(PRIORS[k] for k in FIT), strict=True)
    held = []
    for i in range(len(y)):
        keep = np.arange(len(y)) != i

        def residual(theta: np.ndarray, keep: np.ndarray = keep) -> np.ndarray:
            return (model_porosity(dict(zip(FIT, theta, strict=True)), folder) - y)[keep]

        theta = least_squares(residual, [0.0, 20.0], bounds=(low, high)).x
        held.append(model_porosity(dict(zip(FIT, theta, strict=True)), folder)[i] - y[i])
    return float(np.sqrt(np.mean(np.square(held))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write-only", action="store_true")
    parser.add_argument("--steps", type=int, default=600)
    args = parser.parse_args()
    folder = write_folder()
    print(f"wrote {folder.relative_to(ROOT)}")
    if args.write_only:
        return
    data = published()
    y = data["porosity"].to_numpy(dtype=float)
    start = time.perf_counter()
    result = calibrate(load_scenario(SCENARIO), read_plant(folder), list(FIT), priors=PRIORS,
                       steps=args.steps, burn=args.steps // 3)
    print(f"calibrated in {time.perf_counter() - start:.0f} s, "
          f"{result.n_model_evaluations} model evaluations, converged: {result.converged}")
    for key in FIT:
        p = result.parameters[key]
        print(f"  {key}: mean {p['mean']:.4g}, 95 % [{p['ci95_low']:.4g}, {p['ci95_high']:.4g}]")
    for message in result.warnings:
        print("  " + message)
    means = {k: result.parameters[k]["mean"] for k in FIT}
    chain = process_chain(with_values(load_scenario(SCENARIO), means))
    eps_min, gamma = chain.compaction_coefficients(chain.compaction_temperature_c(
        chain.scenario.line.speed_m_per_min / 60.0, 22.0))
    print(f"coating ε_min {eps_min:.3f} (library recipe {eps_min - means[FIT[0]]:.3f}); "
          f"γ_c {float(gamma):.0f} N/mm (library, not fitted), so the stand opens "
          f"λ = γ_c/M = {float(gamma) / means[FIT[1]]:.1f} µm per γ_c of line load "
          "(only λ is identified)")
    fitted = model_porosity(means)
    library = model_porosity({})
    rmse = float(np.sqrt(np.mean((fitted - y) ** 2)))
    print(f"model RMSE {rmse:.4f} (2 fitted values), largest |error| "
          f"{np.max(np.abs(fitted - y)):.4f}; with the library values and the start stiffness: "
          f"{np.sqrt(np.mean((library - y) ** 2)):.4f}")
    print(f"model leave-one-out RMSE {model_leave_one_out(data):.4f} (least squares)")
    poly_in, poly_loo = polynomial_errors(data)
    print(f"paper's polynomial (6 fitted terms): RMSE {poly_in:.4f} in sample, "
          f"{poly_loo:.4f} leave-one-out; measurement sd: mean "
          f"{data['porosity_sd'].mean():.4f}")
    frame = data.assign(model=np.round(fitted, 4), residual=np.round(fitted - y, 4))
    print(frame[["electrode", "gap_um", "porosity_before", "porosity", "porosity_sd", "model",
                 "residual"]].to_string(index=False))


if __name__ == "__main__":
    main()
