"""Compare the reduced-order rate model with PyBaMM's DFN over the electrode envelope.

Reads the stored DFN table (tests/data/dfn_envelope.csv, written by
benchmarks/dfn_envelope.py), evaluates the fast model on every row and prints the largest and
mean absolute utilisation error per parameter set, porosity shift and C-rate, and the same on
the two tables of random designs (tests/data/dfn_validation.csv, which chose between model
variants and then joined the fit, and tests/data/dfn_test.csv, which no fit and no choice
used), then re-solves
a few designs live with PyBaMM to check the stored table and time the DFN against the fast
model (speed ratio per design: C/20 reference plus four rates).

Usage: python benchmarks/dfn_compare.py [--table ...] [--no-live] [--regenerate]
  --no-live      skip the live DFN solves (no PyBaMM needed)
  --regenerate   re-solve the whole envelope first (about 10 minutes; needs PyBaMM)
Exits with status 1 if the fast model is less than SPEED_GOAL (1000) times faster than the
stored DFN per design.
Needs PyBaMM for the live part: pip install -e '.[dfn]'.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calibrate_rate_model import TABLE, TEST_TABLE, VALIDATION_TABLE, load, subset

from process_models.electrode import gallagher_utilisation
from process_models.electrode.dfn_reference import model_for_rows, model_for_table

SPEED_GOAL = 1000.0
"""Least ratio of the stored DFN's wall time per design to the fast model's (issue goal); the
benchmark exits with status 1 below it."""

LIVE_DESIGNS = (("Chen2020", 1.0, 0.0), ("Prada2013", 3.0, -0.07), ("ORegan2022", 1.5, 0.035))
"""(parameter set, thickness scale, porosity shift) re-solved live."""


def error_table(columns: dict[str, np.ndarray], fast: np.ndarray) -> list[str]:
    """Lines of max/mean |fast − DFN| by set, porosity shift and rate (nominal variant)."""
    err = np.abs(fast - columns["dfn_utilisation"])
    nominal = columns["variant"] == "nominal"
    rates = sorted(set(columns["c_rate"].tolist()))
    shifts = sorted(set(columns["porosity_shift"][nominal].tolist()))
    head = f"{'set':12s} {'Δε':>7s} " + " ".join(f"{'C=' + format(r, 'g'):>11s}" for r in rates)
    lines = [head + "   (max/mean over thickness 0.6–4×)"]
    for name in dict.fromkeys(columns["parameter_set"].tolist()):
        for shift in shifts:
            cells = []
            for rate in rates:
                m = (nominal & (columns["parameter_set"] == name)
                     & np.isclose(columns["porosity_shift"], shift)
                     & np.isclose(columns["c_rate"], rate))
                cells.append(f"{err[m].max():.3f}/{err[m].mean():.3f}" if m.any() else "-")
            lines.append(f"{name:12s} {shift:+7.3f} " + " ".join(f"{c:>11s}" for c in cells))
    for variant in sorted(set(columns["variant"].tolist()) - {"nominal"}):
        m = columns["variant"] == variant
        for name in dict.fromkeys(columns["parameter_set"][m].tolist()):
            mm = m & (columns["parameter_set"] == name)
            lines.append(f"{name:12s} {variant}: max {err[mm].max():.3f} mean {err[mm].mean():.3f}")
    return lines


def summary(columns: dict[str, np.ndarray], fast: np.ndarray) -> list[str]:
    err = np.abs(fast - columns["dfn_utilisation"])
    lines = []
    for name in [*dict.fromkeys(columns["parameter_set"].tolist()), "all"]:
        m = np.ones(err.shape, bool) if name == "all" else columns["parameter_set"] == name
        lines.append(f"{name:12s} max {err[m].max():.3f}  mean {err[m].mean():.3f}  "
                     f"rows > 0.10: {int((err[m] > 0.10).sum())}/{int(m.sum())}")
    return lines


def fast_time_per_design_s(columns: dict[str, np.ndarray], repeats: int = 50) -> float:
    """Wall time of the fast model for one design at its four C-rates [s]."""
    first = columns["parameter_set"] == columns["parameter_set"][0]
    design = (first & np.isclose(columns["thickness_scale"], columns["thickness_scale"][0])
              & np.isclose(columns["porosity_shift"], columns["porosity_shift"][0])
              & (columns["variant"] == columns["variant"][0]))
    rows = subset(columns, design)
    start = time.perf_counter()
    for _ in range(repeats):
        model_for_rows(rows)
    return (time.perf_counter() - start) / repeats


def live(columns: dict[str, np.ndarray]) -> list[float]:
    """Re-solve LIVE_DESIGNS with PyBaMM; print stored, live and fast; return wall times."""
    import pybamm

    from process_models.dfn import DfnDesign, design_parameters, rate_discharges

    times = []
    for name, scale, shift in LIVE_DESIGNS:
        base = pybamm.ParameterValues(name)
        start = time.perf_counter()
        params = design_parameters(DfnDesign(
            cathode_thickness_m=scale * base["Positive electrode thickness [m]"],
            cathode_porosity=base["Positive electrode porosity"] + shift, parameter_set=name))
        results = rate_discharges(params, [0.2, 0.5, 1.0, 2.0])
        times.append(time.perf_counter() - start)
        m = ((columns["parameter_set"] == name) & (columns["variant"] == "nominal")
             & np.isclose(columns["thickness_scale"], scale)
             & np.isclose(columns["porosity_shift"], shift))
        stored = columns["dfn_utilisation"][m]
        fast = model_for_rows(subset(columns, m)).utilisation
        for r, s, f in zip(results, stored, fast, strict=True):
            print(f"  {name:12s} h×{scale:<4g} ε{shift:+.3f} C={r.c_rate:<4g} live {r.utilisation:.3f}"
                  f"  stored {s:.3f}  fast {f:.3f}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--table", type=Path, default=TABLE)
    parser.add_argument("--no-live", action="store_true")
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    if args.regenerate:
        from dfn_envelope import run

        args.table.unlink(missing_ok=True)
        run(tuple(dict.fromkeys(["Chen2020", "Ecker2015", "Prada2013", "Marquis2019",
                                 "NCA_Kim2011", "ORegan2022"])), args.table)
    columns = load(args.table)
    fast = model_for_table(columns)
    print("|fast − DFN| utilisation, max/mean per parameter set, porosity shift and C-rate:")
    print("\n".join(error_table(columns, fast)))
    print("\nper parameter set (all variants):")
    print("\n".join(summary(columns, fast)))
    plain = []
    for name in dict.fromkeys(columns["parameter_set"].tolist()):
        m = columns["parameter_set"] == name
        rate = model_for_rows(subset(columns, m))
        plain.append(np.abs(gallagher_utilisation(rate.penetration_depth_m,
                                                  columns["positive_thickness_m"][m])
                            - columns["dfn_utilisation"][m]).max())
    print(f"(plain min(1, L_d/h): max error {max(plain):.3f})")
    for path, role in ((VALIDATION_TABLE, "chose between model variants, then joined the fit"),
                       (TEST_TABLE, "no fit and no model choice used it")):
        if path.exists():
            random = load(path)
            print(f"\nrandom designs ({path.name}, {role}):")
            print("\n".join(summary(random, model_for_table(random))))
    fast_s = fast_time_per_design_s(columns)
    stored_dfn_s = float(np.median(columns["dfn_design_wall_time_s"]))
    print(f"\nfast model {fast_s * 1e3:.2f} ms per design (four C-rates); stored DFN "
          f"{stored_dfn_s:.2f} s per design (median): {stored_dfn_s / fast_s:,.0f}× faster")
    speed_met = stored_dfn_s / fast_s >= SPEED_GOAL
    if not speed_met:
        print(f"speed goal missed: less than {SPEED_GOAL:,.0f}× faster than the DFN")
    if not args.no_live:
        print("\nlive DFN check:")
        times = live(columns)
        print(f"live DFN {np.median(times):.2f} s per design: "
              f"{np.median(times) / fast_s:,.0f}× the fast model")
    if not speed_met:
        sys.exit(1)


if __name__ == "__main__":
    main()
