"""Calibrate the reduced-order rate model on the DFN envelope table and write its coefficients.

Reads tests/data/dfn_envelope.csv (benchmarks/dfn_envelope.py), fits the shape coefficients
of process_models.electrode.rate_capability.RateModelParameters by robust least squares
(soft-L1) on every row, prints the error per parameter set and a leave-one-set-out check
(each set predicted by coefficients fitted without it), and writes
process_models/electrode/rate_calibration.py: the coefficients, the validity range of the
table and the fit's errors.

Usage: python benchmarks/calibrate_rate_model.py [--table ...] [--dry-run] [--no-cross]
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

from process_models.electrode.dfn_reference import model_for_table
from process_models.electrode.rate_capability import CALIBRATED_NAMES, RateModelParameters

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "tests" / "data" / "dfn_envelope.csv"
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
    "margin_exponent": (-2.0, 2.0),
    "floor_coefficient": (0.0, 5.0),
    "floor_rate_exponent": (-1.0, 2.0),
    "onset_conductivity_exponent": (-1.0, 1.0),
}
LOSS_SCALE = 0.03
"""Residual beyond which the soft-L1 loss turns linear [-]."""


def load(path: Path = TABLE) -> dict[str, np.ndarray]:
    """The table as columns (strings kept for the design labels), solved rows only."""
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    text = ("parameter_set", "variant")
    columns = {k: np.array([r[k] if k in text else float(r[k]) for r in rows]) for k in rows[0]}
    # discharges the DFN could not complete are stored as NaN and left out
    return subset(columns, np.isfinite(columns["dfn_utilisation"]))


def subset(columns: dict[str, np.ndarray], mask: np.ndarray) -> dict[str, np.ndarray]:
    return {k: v[mask] for k, v in columns.items()}


def fit(columns: dict[str, np.ndarray], start: RateModelParameters) -> RateModelParameters:
    """Coefficients that minimise the soft-L1 error on the given rows."""
    target = columns["dfn_utilisation"]
    low = [BOUNDS[n][0] for n in CALIBRATED_NAMES]
    high = [BOUNDS[n][1] for n in CALIBRATED_NAMES]
    x0 = np.clip([getattr(start, n) for n in CALIBRATED_NAMES], low, high)

    def residual(x: np.ndarray) -> np.ndarray:
        params = RateModelParameters(**dict(zip(CALIBRATED_NAMES, x, strict=True)))
        return model_for_table(columns, params) - target

    result = least_squares(residual, x0, bounds=(low, high), loss="soft_l1",
                           f_scale=LOSS_SCALE)
    return RateModelParameters(**dict(zip(CALIBRATED_NAMES, map(float, result.x), strict=True)))


def errors(columns: dict[str, np.ndarray], params: RateModelParameters) -> dict[str, dict]:
    """Largest and mean absolute error per parameter set and overall."""
    err = model_for_table(columns, params) - columns["dfn_utilisation"]
    out = {}
    for name in [*dict.fromkeys(columns["parameter_set"].tolist()), "all"]:
        mask = np.ones(err.shape, bool) if name == "all" else columns["parameter_set"] == name
        out[name] = {"max_abs_error": round(float(np.max(np.abs(err[mask]))), 4),
                     "mean_abs_error": round(float(np.mean(np.abs(err[mask]))), 4),
                     "rows": int(mask.sum())}
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
          table_validity: dict, out: Path = OUT) -> None:
    coefficients = {n: round(getattr(params, n), 5) for n in CALIBRATED_NAMES}
    text = f'''"""Calibrated coefficients of the rate model (written by benchmarks/calibrate_rate_model.py).

Do not edit by hand: rerun ``python benchmarks/calibrate_rate_model.py`` after the DFN table
(tests/data/dfn_envelope.csv, benchmarks/dfn_envelope.py) changes.

``CALIBRATED``: the shape coefficients of RateModelParameters, fitted by soft-L1 least
squares on every row of the table. ``VALIDITY``: the table's range; outside it the model
extrapolates. ``FIT_ERRORS``: absolute utilisation error against the DFN per parameter set;
``CROSS_VALIDATION``: the same for each set predicted by coefficients fitted without it.
"""

CALIBRATED = {pprint.pformat(coefficients, sort_dicts=False, width=88)}

VALIDITY = {pprint.pformat(table_validity, sort_dicts=False, width=88)}

FIT_ERRORS = {pprint.pformat(table_errors, sort_dicts=False, width=88)}

CROSS_VALIDATION = {pprint.pformat(cross or {}, sort_dicts=False, width=88)}
'''
    out.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--table", type=Path, default=TABLE)
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    parser.add_argument("--no-cross", action="store_true", help="skip leave-one-set-out")
    args = parser.parse_args()
    columns = load(args.table)
    start = time.perf_counter()
    params = fit(columns, RateModelParameters())
    print(f"fitted {len(CALIBRATED_NAMES)} coefficients on {len(columns['c_rate'])} rows "
          f"in {time.perf_counter() - start:.0f} s")
    for name in CALIBRATED_NAMES:
        print(f"  {name:32s} {getattr(params, name):9.4f}")
    table_errors = errors(columns, params)
    print("\nfit errors:")
    for name, e in table_errors.items():
        print(f"  {name:12s} max {e['max_abs_error']:.3f}  mean {e['mean_abs_error']:.3f}"
              f"  ({e['rows']} rows)")
    cross = None
    if not args.no_cross:
        cross = {}
        print("\nleave-one-set-out (each set with coefficients fitted on the others):")
        for name in dict.fromkeys(columns["parameter_set"].tolist()):
            held = columns["parameter_set"] == name
            others = fit(subset(columns, ~held), params)
            e = errors(subset(columns, held), others)[name]
            cross[name] = e
            print(f"  {name:12s} max {e['max_abs_error']:.3f}  mean {e['mean_abs_error']:.3f}")
    if not args.dry_run:
        write(params, table_errors, cross, validity(columns))
        print(f"\nwritten {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
