"""Calibrate the reduced-order rate model on the DFN tables and write its coefficients.

Fits on two tables of DFN solutions (benchmarks/dfn_envelope.py): the envelope grid
(tests/data/dfn_envelope.csv) and the random designs between its points
(tests/data/dfn_validation.csv, --random 20), which first chose between model variants and
then joined the fit. Fits the shape coefficients of
process_models.electrode.rate_capability.RateModelParameters by robust least squares
(soft-L1 with a penalty on large errors) on every row, prints the error per parameter set and
a leave-one-set-out check (each set predicted by coefficients fitted without it), then fits
the calibrated correction (process_models.electrode.rate_correction: a bounded warp of the
cliff position ln(β/β*), Gaussian bumps per chemistry family) and checks it by k-fold
cross-validation over design points (all rates of a design held out together). The
held-out errors, binned by where each design sits on the cliff, give the model's error bound
(process_models.electrode.model_error). Writes process_models/electrode/rate_calibration.py:
the coefficients, the warp's weights, the error bound, the validity range and the errors.

Last, it measures the model on the test table (tests/data/dfn_test.csv, --random 30
--test, seeds 2027 and 2028), which no fit and no model choice used: its errors are the ones
the model is quoted with, and it checks how often the error bound holds there.

Usage: python benchmarks/calibrate_rate_model.py [--dry-run] [--no-cross]
                                                 [--correction-only] [--validation-only]
  --correction-only   keep the physics coefficients (and their leave-one-set-out check)
                      and refit the cliff warp only (a few minutes with its k-fold check)
  --validation-only   keep the physics and the warp; recompute the validation and test
                      errors (seconds)
Needs scipy (a dependency of the project); not PyBaMM.
"""

from __future__ import annotations

import argparse
import csv
import pprint
import time
from pathlib import Path

import numpy as np
from scipy.optimize import least_squares

from process_models.electrode import rate_calibration
from process_models.electrode.dfn_reference import (
    FAMILY_OF_SET,
    model_and_cliff_position_for_table,
    model_for_table,
)
from process_models.electrode.model_error import binned_bounds, coverage_of
from process_models.electrode.rate_capability import CALIBRATED_NAMES, RateModelParameters
from process_models.electrode.rate_correction import (
    ANODE_LIMITATION_MAX,
    MIN_WARP_SLOPE,
    NO_CLIFF_CORRECTION,
    WEIGHT_BOUND,
    CliffCorrection,
    warp_slope,
    warp_slope_min,
)

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "tests" / "data" / "dfn_envelope.csv"
VALIDATION_TABLE = ROOT / "tests" / "data" / "dfn_validation.csv"
TEST_TABLE = ROOT / "tests" / "data" / "dfn_test.csv"
MESH_CONVERGENCE_TABLE = ROOT / "tests" / "data" / "dfn_mesh_convergence.csv"
MESH_COLUMNS = ("dfn_electrode_mesh_points", "dfn_negative_particle_mesh_points")
OUT = ROOT / "process_models" / "electrode" / "rate_calibration.py"
BOUNDS = {  # (low, high) of each coefficient
    "cathode_diffusivity_exponent": (0.0, 3.0),
    "anode_concentration_span": (0.1, 4.0),
    "anode_reach": (0.1, 10.0),
    "depletion_onset": (0.2, 5.0),
    "depletion_onset_moving_zone": (0.2, 5.0),
    "cliff_sharpness": (1.0, 40.0),
    "tail_exponent": (0.3, 4.0),
    "local_rate_exponent": (0.0, 3.0),
    "surface_overshoot": (-0.2, 0.3),
    "anode_overshoot": (-0.5, 0.5),
    "anode_window_weight": (0.0, 1.0),
    "margin_exponent": (-2.0, 2.0),
    "floor_coefficient": (0.0, 5.0),
    "floor_rate_exponent": (-1.0, 2.0),
    "onset_conductivity_exponent": (-1.0, 1.0),
    "onset_porosity_exponent": (-3.0, 3.0),
    "onset_porosity_rate_exponent": (-2.0, 2.0),
}
LOSS_SCALE = 0.03
"""Residual beyond which the soft-L1 loss turns linear [-]."""
LARGE_ERROR = 0.08
"""Error beyond which both fits add a second, linear penalty [-]: the goal is an error below
0.10 everywhere, which a loss that forgives large residuals does not aim at."""
LARGE_ERROR_WEIGHT = 5.0
"""Slope of that penalty [-]."""
CLIFF_CENTRES = (-0.8, -0.5, -0.2, 0.1, 0.4, 0.7, 1.0, 1.3)
"""Bump centres of the cliff warp in ln(β/β*) [-]."""
CLIFF_WIDTH = 0.3
"""Bump width [-]."""
SLOPE_GRID = np.arange(-2.0, 3.0, 0.02)
"""z where the fit checks dz_eff/dz [-]."""
WARPED_FAMILIES = ("NMC", "NCA", "LFP")
"""Families that get a cliff warp. LCO (Marquis2019) does not: its physics is within 0.08 of
the DFN, and its warp lifted the low corner of the band above a published thick LCO electrode
(del Rio-Santos 2024, tests/test_electrode.py)."""
CORRECTION_LOSS_SCALE = 0.02
"""Residual beyond which the soft-L1 loss of the warp fit turns linear [-]."""
FOLDS = 10
"""k of the k-fold cross-validation over design points."""


def load(path: Path = TABLE) -> dict[str, np.ndarray]:
    """The table as columns (strings kept for the design labels), solved rows only."""
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    text = ("parameter_set", "variant")
    columns = {k: np.array([r[k] if k in text else float(r[k]) for r in rows]) for k in rows[0]}
    # discharges the DFN could not complete are stored as NaN and left out
    return subset(columns, np.isfinite(columns["dfn_utilisation"]))


FIT_TABLES = (TABLE, VALIDATION_TABLE)
"""The tables every fit uses: the envelope grid and the random designs between its points."""


def fit_columns(paths: tuple[Path, ...] = FIT_TABLES) -> dict[str, np.ndarray]:
    """The fit tables, one after the other, as columns.

    Raises
    ------
    SystemExit
        If a fit table is missing: a fit on fewer tables would quietly be another model.
    """
    missing = [str(path.relative_to(ROOT)) for path in paths if not path.exists()]
    if missing:
        raise SystemExit(f"calibrate_rate_model: missing fit table(s) {', '.join(missing)}; "
                         "solve them with benchmarks/dfn_envelope.py (--random 20)")
    tables = [load(path) for path in paths]
    return {k: np.concatenate([t[k] for t in tables]) for k in tables[0]}


def reference_mesh(paths: tuple[Path, ...] = (*FIT_TABLES, TEST_TABLE)) -> dict:
    """The one DFN mesh every table was solved on, and how far it is from a finer one.

    Raises
    ------
    SystemExit
        If a table does not say its mesh, or the tables were solved on different meshes: a
        model fitted to one mesh and tested on another measures the meshes, not the model.
    """
    meshes = set()
    for path in (p for p in paths if p.exists()):
        columns = load(path)
        if any(name not in columns for name in MESH_COLUMNS):
            raise SystemExit(f"calibrate_rate_model: {path.relative_to(ROOT)} does not say "
                             "its DFN mesh; solve it again with benchmarks/dfn_envelope.py")
        meshes |= set(zip(*(columns[name].tolist() for name in MESH_COLUMNS), strict=True))
    if len(meshes) != 1:
        raise SystemExit("calibrate_rate_model: the DFN tables were solved on different "
                         f"meshes {sorted(meshes)} (electrode, negative particle points)")
    electrode, particle = meshes.pop()
    mesh = {"electrode_points": int(electrode), "negative_particle_points": int(particle),
            "pybamm_default_points": None, "convergence": None}
    if MESH_CONVERGENCE_TABLE.exists():
        with MESH_CONVERGENCE_TABLE.open() as handle:
            rows = list(csv.DictReader(handle))
        # PyBaMM's default, as the convergence study solved it (this script needs no PyBaMM)
        mesh["pybamm_default_points"] = int(next(
            r["electrode_points"] for r in rows if r["mesh"] == "default"))
        by_mesh = {name: np.array([float(r["dfn_utilisation"]) for r in rows
                                   if r["mesh"] == name]) for name in ("default", "tables", "finest")}
        mesh["convergence"] = {
            "table": str(MESH_CONVERGENCE_TABLE.relative_to(ROOT)),
            "rows": int(by_mesh["finest"].size),
            **{f"{name}_against_finest": {
                "max_abs_difference": round(float(np.nanmax(np.abs(u - by_mesh["finest"]))), 4),
                "mean_abs_difference": round(float(np.nanmean(np.abs(u - by_mesh["finest"]))), 4)}
               for name, u in by_mesh.items() if name != "finest"}}
    return mesh


def subset(columns: dict[str, np.ndarray], mask: np.ndarray) -> dict[str, np.ndarray]:
    return {k: v[mask] for k, v in columns.items()}


STARTING_COEFFICIENTS = {
    "cathode_diffusivity_exponent": 1.22171, "anode_concentration_span": 0.37588,
    "anode_reach": 1.23035, "depletion_onset": 0.82473, "depletion_onset_moving_zone": 0.84581,
    "cliff_sharpness": 11.25552, "tail_exponent": 1.51259, "local_rate_exponent": 1.17337,
    "surface_overshoot": -0.00121, "anode_overshoot": -0.03507, "anode_window_weight": 0.0,
    "margin_exponent": 0.31858, "floor_coefficient": 2.34658, "floor_rate_exponent": 0.1228,
    "onset_conductivity_exponent": 0.03853, "onset_porosity_exponent": 0.0,
    "onset_porosity_rate_exponent": 0.0,
}
"""Where the physics fit starts: fixed (an earlier fit's result, before the anode's window
weight and the onset's porosity term, which start at 0), so that a rerun reproduces the
written coefficients. The loss has shallow valleys; a fit started from its own result can
wander on along them."""
ANODE_WINDOW_STARTS = (0.0, 0.5, 0.8)
"""Starting values of ``anode_window_weight``: where the anode limit does not bind, the
loss does not change with it, so one start can stay stuck at the bound."""


def fit(columns: dict[str, np.ndarray], start: RateModelParameters) -> RateModelParameters:
    """Coefficients that minimise the penalised soft-L1 error of the physics (no warp).

    One local fit from ``start`` with each of :data:`ANODE_WINDOW_STARTS`; the lowest
    loss wins.
    """
    target = columns["dfn_utilisation"]
    low = [BOUNDS[n][0] for n in CALIBRATED_NAMES]
    high = [BOUNDS[n][1] for n in CALIBRATED_NAMES]

    def residual(x: np.ndarray) -> np.ndarray:
        params = RateModelParameters(**dict(zip(CALIBRATED_NAMES, x, strict=True)))
        return with_large_error_penalty(
            model_for_table(columns, params, NO_CLIFF_CORRECTION) - target)

    best = None
    for weight in ANODE_WINDOW_STARTS:
        x0 = np.clip([weight if n == "anode_window_weight" else getattr(start, n)
                      for n in CALIBRATED_NAMES], low, high)
        result = least_squares(residual, x0, bounds=(low, high), loss="soft_l1",
                               f_scale=LOSS_SCALE)
        if best is None or result.cost < best.cost:
            best = result
    return RateModelParameters(**dict(zip(CALIBRATED_NAMES, map(float, best.x), strict=True)))


def with_large_error_penalty(error: np.ndarray) -> np.ndarray:
    """The residuals and, beside them, the penalty on errors beyond :data:`LARGE_ERROR`."""
    return np.concatenate([error,
                           LARGE_ERROR_WEIGHT * np.maximum(0.0, np.abs(error) - LARGE_ERROR)])


def errors(columns: dict[str, np.ndarray], params: RateModelParameters,
           correction: CliffCorrection = NO_CLIFF_CORRECTION) -> dict[str, dict]:
    """Largest and mean absolute error per parameter set and overall."""
    err = model_for_table(columns, params, correction) - columns["dfn_utilisation"]
    out: dict[str, dict] = {}
    for name in [*dict.fromkeys(columns["parameter_set"].tolist()), "all"]:
        mask = np.ones(err.shape, bool) if name == "all" else columns["parameter_set"] == name
        out[name] = {"max_abs_error": round(float(np.max(np.abs(err[mask]))), 4),
                     "mean_abs_error": round(float(np.mean(np.abs(err[mask]))), 4),
                     "rows": int(mask.sum())}
    return out


def family_of(columns: dict[str, np.ndarray]) -> np.ndarray:
    """Chemistry family of every row."""
    return np.array([FAMILY_OF_SET[s] for s in columns["parameter_set"]])


WARP_ANODE_STARTS = (1e-3, 0.05)
"""Starting d_k of the warp fit: its loss is not convex, and from d_k near 0 the fit can stay
there; the lowest loss of the starts wins."""


def warp_starts(k: int) -> list[np.ndarray]:
    """Starting weights (a, c, d) of the warp fit, one per :data:`WARP_ANODE_STARTS`."""
    return [np.concatenate([np.full(2 * k, 1e-3), np.full(k, d)]) for d in WARP_ANODE_STARTS]


def rounded(params: RateModelParameters) -> RateModelParameters:
    """The coefficients as written to rate_calibration.py (5 decimals): the model as it runs."""
    return RateModelParameters(**{n: round(getattr(params, n), 5) for n in CALIBRATED_NAMES})


def fit_correction(columns: dict[str, np.ndarray], params: RateModelParameters,
                   rows: np.ndarray) -> CliffCorrection:
    """Weights of the cliff warp per family, fitted on the given rows (soft-L1, bounded).

    a_k free in sign; c_k (rate) and d_k (anode limitation) ≥ 0.
    """
    k = len(CLIFF_CENTRES)
    low = [-WEIGHT_BOUND] * k + [0.0] * (2 * k)
    high = [WEIGHT_BOUND] * (3 * k)
    families = family_of(columns)
    weights = {}
    for family in sorted(set(families[rows].tolist()) & set(WARPED_FAMILIES)):
        sub = subset(columns, rows & (families == family))

        def residual(x: np.ndarray, sub: dict = sub, family: str = family) -> np.ndarray:
            warp = CliffCorrection(CLIFF_CENTRES, CLIFF_WIDTH, {family: tuple(x)})
            # a steep penalty where z_eff would stop rising with z (directions kept)
            slopes = np.concatenate([warp_slope(SLOPE_GRID, r, family, warp, g)
                                     for r in (0.0, 1.0) for g in (0.0, ANODE_LIMITATION_MAX)])
            penalty = 10.0 * np.maximum(0.0, MIN_WARP_SLOPE + 0.05 - slopes)
            error = model_for_table(sub, params, warp) - sub["dfn_utilisation"]
            return np.concatenate([with_large_error_penalty(error), penalty])

        result = min((least_squares(residual, start, bounds=(low, high), loss="soft_l1",
                                    f_scale=CORRECTION_LOSS_SCALE)
                      for start in warp_starts(k)), key=lambda r: r.cost)
        weights[family] = tuple(float(v) for v in np.clip(np.round(result.x, 6), low, high))
        fitted = CliffCorrection(CLIFF_CENTRES, CLIFF_WIDTH, weights)
        if warp_slope_min(family, fitted) < MIN_WARP_SLOPE:
            raise RuntimeError(f"{family}: the fitted warp does not keep z_eff rising")
    return CliffCorrection(centres=CLIFF_CENTRES, width=CLIFF_WIDTH, weights=weights)


def design_folds(columns: dict[str, np.ndarray], k: int = FOLDS, seed: int = 0) -> np.ndarray:
    """Fold of every row: designs (set, variant, thickness, porosity) shuffled into k folds."""
    keys = [f"{a}|{b}|{t:g}|{p:g}" for a, b, t, p in zip(
        columns["parameter_set"], columns["variant"], columns["thickness_scale"],
        columns["porosity_shift"], strict=True)]
    _, design = np.unique(keys, return_inverse=True)
    fold_of_design = np.random.default_rng(seed).permutation(design.max() + 1) % k
    return fold_of_design[design]


def prediction_errors(columns: dict[str, np.ndarray], prediction: np.ndarray) -> dict[str, dict]:
    """Largest and mean absolute error, and rows over 0.10, per parameter set and overall."""
    err = np.abs(prediction - columns["dfn_utilisation"])
    out = {}
    for name in [*dict.fromkeys(columns["parameter_set"].tolist()), "all"]:
        m = np.ones(err.shape, bool) if name == "all" else columns["parameter_set"] == name
        out[name] = {"max_abs_error": round(float(err[m].max()), 4),
                     "mean_abs_error": round(float(err[m].mean()), 4),
                     "rows": int(m.sum()), "rows_over_0_10": int((err[m] > 0.10).sum())}
    return out


def cross_validate_correction(columns: dict[str, np.ndarray],
                              params: RateModelParameters) -> tuple[dict[str, dict], dict]:
    """k-fold over designs: each fold predicted by a warp fitted on the other folds.

    Returns the held-out errors per set and the model's error bound per cliff-position bin
    (:func:`process_models.electrode.model_error.binned_bounds` of the held-out errors).
    """
    folds = design_folds(columns)
    held = np.empty(len(folds))
    position = np.empty(len(folds))
    for f in range(FOLDS):
        test = folds == f
        warp = fit_correction(columns, params, ~test)
        held[test], position[test] = model_and_cliff_position_for_table(
            subset(columns, test), params, warp)
        print(f"  fold {f + 1}/{FOLDS} done", flush=True)
    bounds = binned_bounds(position, np.abs(held - columns["dfn_utilisation"]))
    return prediction_errors(columns, held), bounds


def validation_errors(params: RateModelParameters, correction: CliffCorrection,
                      path: Path = VALIDATION_TABLE, model_error: dict | None = None) -> dict:
    """Errors of the physics and of physics + warp on a table of random designs; with
    ``model_error``, also how often its bound held there (overall and per bin)."""
    if not path.exists():
        return {}
    table = load(path)
    utilisation, position = model_and_cliff_position_for_table(table, params, correction)
    out = {
        "table": str(path.relative_to(ROOT)),
        "physics": prediction_errors(table, model_for_table(table, params, NO_CLIFF_CORRECTION)),
        "physics_and_warp": prediction_errors(table, utilisation),
    }
    if model_error:
        error = np.abs(utilisation - table["dfn_utilisation"])
        bins = np.digitize(position, model_error["edges"])
        out["bound_coverage"] = round(coverage_of(position, error, model_error), 4)
        out["bound_coverage_by_bin"] = [
            round(coverage_of(position[bins == k], error[bins == k], model_error), 4)
            if np.any(bins == k) else None for k in range(len(model_error["bound"]))]
        out["bound_rows_by_bin"] = [int(np.sum(bins == k))
                                    for k in range(len(model_error["bound"]))]
    return out


def validity(columns: dict[str, np.ndarray]) -> dict:
    """Range of the table, in the inputs a user sets and in the model's groups."""
    def span(values: np.ndarray, digits: int = 4) -> list[float]:
        return [round(float(np.min(values)), digits), round(float(np.max(values)), digits)]

    q = columns["dfn_reference_capacity_mah_per_cm2"]
    return {
        "parameter_sets": sorted(set(columns["parameter_set"].tolist())),
        "positive_porosity": span(columns["positive_porosity"]),
        "positive_thickness_um": span(columns["positive_thickness_m"] * 1e6, 1),
        "areal_capacity_mah_per_cm2": span(q, 2),
        # C/20 is the reference discharge (u = 1 by definition), so the range starts there
        "c_rate_per_h": [0.05, span(columns["c_rate"], 3)[1]],
        "positive_bruggeman_exponent": span(columns["positive_bruggeman"], 3),
        "positive_tortuosity": span(columns["positive_porosity"]
                                    ** (1.0 - columns["positive_bruggeman"]), 3),
        "particle_radius_um": span(columns["positive_particle_radius_m"] * 1e6, 3),
        "current_density_a_per_m2": [0.0, span(10.0 * q * columns["c_rate"], 2)[1]],
    }


def write(params: RateModelParameters, table_errors: dict, cross: dict | None,
          table_validity: dict, correction: CliffCorrection, physics_errors: dict,
          correction_cross: dict, validation: dict, test: dict, model_error: dict,
          mesh: dict, out: Path = OUT) -> None:
    coefficients = {n: round(getattr(params, n), 5) for n in CALIBRATED_NAMES}
    cliff = {"centres": list(correction.centres), "width": correction.width,
             "weights": {k: list(v) for k, v in correction.weights.items()}}
    text = f'''"""Calibrated coefficients of the rate model (written by benchmarks/calibrate_rate_model.py).

Do not edit by hand: rerun ``python benchmarks/calibrate_rate_model.py`` after a DFN table
(benchmarks/dfn_envelope.py) changes.

``CALIBRATED``: the shape coefficients of RateModelParameters, fitted by soft-L1 least
squares (with a penalty on errors beyond {LARGE_ERROR}) on every row of the fit tables: the
envelope grid (tests/data/dfn_envelope.csv) and the random designs between its points
(tests/data/dfn_validation.csv). ``CLIFF_CORRECTION``: the calibrated surrogate on top of the
physics (process_models/electrode/rate_correction.py): a warp of the cliff position, weights
per chemistry family (a_1…a_K, c_1…c_K, d_1…d_K). ``VALIDITY``: the fit tables' range;
outside it the model extrapolates.
``FIT_ERRORS``: absolute utilisation error of the model (physics + warp) against the DFN on
the fit tables, per parameter set; ``PHYSICS_FIT_ERRORS``: the same without the warp;
``CORRECTION_CROSS_VALIDATION``: the model with the warp fitted in {FOLDS}-fold
cross-validation over design points (each design's rows predicted by weights fitted
without them); ``CROSS_VALIDATION``: the physics alone, each set predicted by coefficients
fitted without it. ``MODEL_ERROR``: the held-out errors of that cross-validation binned by
the effective cliff position (each row placed by its fold's warp), and per bin the
⌈0.95·(n + 1)⌉-th smallest of them (process_models/electrode/model_error.py).
``VALIDATION_ERRORS``: the physics alone and the physics with the warp on the random designs
of tests/data/dfn_validation.csv, which chose between model variants and are part of the
fit. ``TEST_ERRORS``: the same on the test table (tests/data/dfn_test.csv), used for
nothing but these figures, and how often the error bound held there. ``REFERENCE_MESH``:
the DFN mesh of every table (points per electrode and per negative particle radius), and
how far that mesh and PyBaMM's default are from four times the default on the sample of
tests/data/dfn_mesh_convergence.csv (benchmarks/dfn_mesh_convergence.py).
"""

CALIBRATED = {pprint.pformat(coefficients, sort_dicts=False, width=88)}

CLIFF_CORRECTION = {pprint.pformat(cliff, sort_dicts=False, width=88)}

VALIDITY = {pprint.pformat(table_validity, sort_dicts=False, width=88)}

FIT_ERRORS = {pprint.pformat(table_errors, sort_dicts=False, width=88)}

PHYSICS_FIT_ERRORS = {pprint.pformat(physics_errors, sort_dicts=False, width=88)}

CORRECTION_CROSS_VALIDATION = {pprint.pformat(correction_cross, sort_dicts=False, width=88)}

CROSS_VALIDATION = {pprint.pformat(cross or {}, sort_dicts=False, width=88)}

VALIDATION_ERRORS = {pprint.pformat(validation, sort_dicts=False, width=88)}

TEST_ERRORS = {pprint.pformat(test, sort_dicts=False, width=88)}

MODEL_ERROR = {pprint.pformat(model_error, sort_dicts=False, width=88)}

REFERENCE_MESH = {pprint.pformat(mesh, sort_dicts=False, width=88)}
'''
    out.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    parser.add_argument("--no-cross", action="store_true", help="skip leave-one-set-out")
    parser.add_argument("--correction-only", action="store_true",
                        help="keep the physics coefficients, refit the cliff warp")
    parser.add_argument("--validation-only", action="store_true",
                        help="keep physics and warp, recompute the validation errors")
    args = parser.parse_args()
    columns = fit_columns()
    mesh = reference_mesh()
    print(f"DFN mesh of the tables: {mesh['electrode_points']} points per electrode, "
          f"{mesh['negative_particle_points']} per negative particle radius; against four "
          f"times the default: {mesh['convergence'] and mesh['convergence']['tables_against_finest']}")
    if args.validation_only:
        validation_only(args.dry_run, mesh)
        return
    start = time.perf_counter()
    params = (RateModelParameters() if args.correction_only
              else rounded(fit(columns, RateModelParameters(**STARTING_COEFFICIENTS))))
    print(f"fitted {len(CALIBRATED_NAMES)} coefficients on {len(columns['c_rate'])} rows "
          f"in {time.perf_counter() - start:.0f} s")
    for name in CALIBRATED_NAMES:
        print(f"  {name:32s} {getattr(params, name):9.4f}")
    physics_errors = errors(columns, params, NO_CLIFF_CORRECTION)
    start = time.perf_counter()
    correction = fit_correction(columns, params, np.ones(len(columns["c_rate"]), bool))
    table_errors = prediction_errors(columns, model_for_table(columns, params, correction))
    print(f"fitted the cliff warp in {time.perf_counter() - start:.0f} s; "
          f"{FOLDS}-fold cross-validation over designs:")
    correction_cross, model_error = cross_validate_correction(columns, params)
    print("\nerrors: physics alone | physics + cliff warp (training) | "
          f"{FOLDS}-fold cross-validated  (rows > 0.10: physics / warp / held out)")
    physics_over = prediction_errors(columns, model_for_table(columns, params, NO_CLIFF_CORRECTION))
    for name, e in table_errors.items():
        p, h = physics_errors[name], correction_cross[name]
        print(f"  {name:12s} max {p['max_abs_error']:.3f} mean {p['mean_abs_error']:.3f} | "
              f"max {e['max_abs_error']:.3f} mean {e['mean_abs_error']:.3f} | "
              f"max {h['max_abs_error']:.3f} mean {h['mean_abs_error']:.3f}"
              f"  ({e['rows']} rows, > 0.10: {physics_over[name]['rows_over_0_10']} / "
              f"{e['rows_over_0_10']} / {h['rows_over_0_10']})")
    cross = rate_calibration.CROSS_VALIDATION if args.correction_only else None
    if not args.no_cross and not args.correction_only:
        cross = {}
        print("\nleave-one-set-out (each set with coefficients fitted on the others):")
        for name in dict.fromkeys(columns["parameter_set"].tolist()):
            held = columns["parameter_set"] == name
            others = fit(subset(columns, ~held), params)
            e = errors(subset(columns, held), others, NO_CLIFF_CORRECTION)[name]
            cross[name] = e
            print(f"  {name:12s} max {e['max_abs_error']:.3f}  mean {e['mean_abs_error']:.3f}")
    validation = validation_errors(params, correction)
    test = validation_errors(params, correction, TEST_TABLE, model_error)
    report_validation(validation)
    report_validation(test)
    report_model_error(model_error, test)
    if not args.dry_run:
        write(params, table_errors, cross, validity(columns), correction, physics_errors,
              correction_cross, validation, test, model_error, mesh)
        print(f"\nwritten {OUT.relative_to(ROOT)}")


def report_validation(validation: dict) -> None:
    if not validation:
        print("no validation or test table: run benchmarks/dfn_envelope.py --random 20 "
              "and --random 30 --test (and --seed 2028)")
        return
    print(f"\nrandom designs ({validation['table']}): "
          "physics | physics + warp")
    for name, w in validation["physics_and_warp"].items():
        p = validation["physics"][name]
        print(f"  {name:12s} max {p['max_abs_error']:.3f} mean {p['mean_abs_error']:.3f} | "
              f"max {w['max_abs_error']:.3f} mean {w['mean_abs_error']:.3f}"
              f"  ({w['rows']} rows, > 0.10: {p['rows_over_0_10']} / {w['rows_over_0_10']})")


def report_model_error(model_error: dict, test: dict) -> None:
    """The error bound per cliff-position bin and how often it held on the test table."""
    if not test:
        return
    edges = [-np.inf, *model_error["edges"], np.inf]
    print(f"\nerror bound ({model_error['coverage']:.0%} of held-out designs), "
          f"held on the test table for {test['bound_coverage']:.1%} of rows:")
    for k, bound in enumerate(model_error["bound"]):
        cover = test["bound_coverage_by_bin"][k]
        print(f"  z_eff in [{edges[k]:5.1f}, {edges[k + 1]:5.1f})  bound {bound:.3f}  "
              f"({model_error['rows'][k]} rows; test {test['bound_rows_by_bin'][k]} rows, "
              f"covered {'-' if cover is None else f'{cover:.0%}'})")


def validation_only(dry_run: bool, mesh: dict) -> None:
    """Recompute the validation and test errors; keep every other value."""
    params, correction = RateModelParameters(), CliffCorrection()
    model_error = rate_calibration.MODEL_ERROR
    validation = validation_errors(params, correction)
    test = validation_errors(params, correction, TEST_TABLE, model_error)
    report_validation(validation)
    report_validation(test)
    report_model_error(model_error, test)
    if not dry_run:
        write(params, rate_calibration.FIT_ERRORS, rate_calibration.CROSS_VALIDATION,
              rate_calibration.VALIDITY, correction, rate_calibration.PHYSICS_FIT_ERRORS,
              rate_calibration.CORRECTION_CROSS_VALIDATION, validation, test, model_error,
              mesh)
        print(f"\nwritten {OUT.relative_to(ROOT)}")

if __name__ == "__main__":
    main()
