"""Compare the reduced-order rate model with PyBaMM's DFN for the LG M50 (Chen2020) cell.

Cathode thicknesses 50–300 µm at C/2 and 1C, the anode scaled to keep N/P. Writes
tests/data/dfn_reference_chen2020.csv, prints the table, the largest absolute error and the
speed ratio (DFN wall time per design over fast-model time per design).

Usage: python benchmarks/dfn_compare.py [--out tests/data/dfn_reference_chen2020.csv]
Needs PyBaMM: pip install -e '.[dfn]'.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

import numpy as np

from process_models.dfn import CHEN2020, DfnDesign, dfn_discharges
from process_models.electrode import (
    CHEN2020_ELECTROLYTE,
    bruggeman_tortuosity,
    gallagher_utilisation,
    rate_performance,
)
from process_models.materials import active_material

THICKNESSES_UM = (50.0, 100.0, 150.0, 200.0, 250.0, 300.0)
C_RATES = (0.5, 1.0)
CHEN2020_POROSITY = 0.335
CHEN2020_RADIUS_M = 5.22e-6
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "dfn_reference_chen2020.csv"
FIELDS = ("cathode_thickness_um", "c_rate", "dfn_reference_capacity_mah_per_cm2",
          "dfn_utilisation", "dfn_wall_time_s")


def fast_model(thickness_um: np.ndarray, c_rate: np.ndarray,
               areal_capacity_mah_per_cm2: np.ndarray):
    """Fast model for the Chen2020 cathode at the DFN's own 1C current."""
    tau = bruggeman_tortuosity(CHEN2020_POROSITY, 1.5)
    return rate_performance(
        thickness_um * 1e-6, CHEN2020_POROSITY, tau, areal_capacity_mah_per_cm2, c_rate,
        CHEN2020_RADIUS_M, active_material("NMC811").solid_diffusivity_m2_per_s,
        CHEN2020_ELECTROLYTE)


def run_dfn() -> list[dict[str, float]]:
    rows = []
    for thickness_um in THICKNESSES_UM:
        start = time.perf_counter()
        results = dfn_discharges(DfnDesign(cathode_thickness_m=thickness_um * 1e-6),
                                 list(C_RATES), CHEN2020)
        per_design_s = time.perf_counter() - start
        for result in results:
            rows.append({
                "cathode_thickness_um": thickness_um,
                "c_rate": result.c_rate,
                "dfn_reference_capacity_mah_per_cm2": result.areal_reference_capacity_mah_per_cm2,
                "dfn_utilisation": result.utilisation,
                "dfn_wall_time_s": per_design_s,
            })
        print(f"DFN {thickness_um:5.0f} µm done in {per_design_s:.2f} s", flush=True)
    return rows


def fast_time_per_design_s(repeats: int = 200) -> float:
    """Wall time of the fast model for one design at both C-rates [s]."""
    h = np.array([150.0, 150.0])
    rates = np.array(C_RATES)
    q = np.array([9.8, 9.8])
    start = time.perf_counter()
    for _ in range(repeats):
        fast_model(h, rates, q)
    return (time.perf_counter() - start) / repeats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    rows = run_dfn()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: f"{row[key]:.6g}" for key in FIELDS})

    h = np.array([r["cathode_thickness_um"] for r in rows])
    c = np.array([r["c_rate"] for r in rows])
    q = np.array([r["dfn_reference_capacity_mah_per_cm2"] for r in rows])
    dfn = np.array([r["dfn_utilisation"] for r in rows])
    fast = fast_model(h, c, q)
    plain = gallagher_utilisation(fast.penetration_depth_m, h * 1e-6)
    print(f"\n{'h_um':>6} {'C':>5} {'Q_mAh/cm2':>10} {'DFN':>7} {'fast':>7} {'|err|':>7}"
          f" {'min(1,Ld/h)':>12}")
    for row in zip(h, c, q, dfn, fast.utilisation, plain, strict=True):
        hh, cc, qq, d, f, p = row
        print(f"{hh:6.0f} {cc:5.2f} {qq:10.3f} {d:7.3f} {f:7.3f} {abs(f - d):7.3f} {p:12.3f}")
    print(f"max |fast − DFN| = {np.max(np.abs(fast.utilisation - dfn)):.3f}; "
          f"max |min(1,Ld/h) − DFN| = {np.max(np.abs(plain - dfn)):.3f}")
    dfn_per_design = np.mean([r["dfn_wall_time_s"] for r in rows])
    fast_per_design = fast_time_per_design_s()
    print(f"DFN {dfn_per_design:.3f} s per design, fast {fast_per_design * 1e6:.0f} µs per "
          f"design: speed ratio {dfn_per_design / fast_per_design:,.0f}×")


if __name__ == "__main__":
    main()
