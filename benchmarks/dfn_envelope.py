"""Generate the DFN reference table of the electrode envelope (tests/data/dfn_envelope.csv).

PyBaMM's DFN on cathode-limited full cells (process_models.dfn.design_parameters): six
parameter sets (Chen2020, Ecker2015, Prada2013, Marquis2019, NCA_Kim2011, ORegan2022),
positive-electrode porosity at the set's nominal −0.07, −0.035, 0, +0.035, +0.07, thickness
0.6×, 1×, 1.5×, 2×, 3× and 4× nominal, discharged at C/5, C/2, 1C and 2C (1C = the C/20
capacity per hour), on the mesh of process_models.dfn.mesh_points (PyBaMM's default, the
negative particle's radius at four times its points; benchmarks/dfn_mesh_convergence.py),
which each row records. Two tortuosity variants (Bruggeman exponent 2.5 for Chen2020 at
nominal ±0.07 porosity and Prada2013 at nominal and −0.07, 0.6×–3× thickness) test the
transport scaling beyond the sets' own exponents (Prada2013 at +0.07 and Bruggeman 2.5 does
not converge). A discharge neither IDAKLU nor CasADi completes is stored as NaN. One row
per design and rate, with every input the reduced-order model needs
(process_models.dfn.design_features); --refresh-features recomputes those inputs without
solving.

A validation table (tests/data/dfn_validation.csv) holds designs drawn at random
inside the same envelope (porosity shift uniform in ±0.07, thickness log-uniform in 0.6–4×,
Latin hypercube per set, seed 2026), off the grid: it chose between model variants and
then joined the grid in the fit (benchmarks/calibrate_rate_model.py). A test table
(tests/data/dfn_test.csv, --test) is drawn the same way, twice: seed 2027 and seed 2028, 30
designs per set each; no fit and no model choice uses it: it gives the quoted error.

Usage: python benchmarks/dfn_envelope.py [--out tests/data/dfn_envelope.csv] [--sets ...]
       python benchmarks/dfn_envelope.py --random 20 [--seed 2026]
       python benchmarks/dfn_envelope.py --random 30 --test [--seed 2028]
Rows are appended design by design; a stopped run resumes where it stopped (delete the
file to start over).
Needs PyBaMM: pip install -e '.[dfn]'. About 20 minutes on one core (the grid).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import time
from pathlib import Path

import numpy as np

from process_models.dfn import (
    ENVELOPE_SETS,
    DfnDesign,
    _import_pybamm,
    design_features,
    design_parameters,
    mesh_points,
    rate_discharges,
)

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "dfn_envelope.csv"
VALIDATION_OUT = DEFAULT_OUT.with_name("dfn_validation.csv")
VALIDATION_SEED = 2026
TEST_OUT = DEFAULT_OUT.with_name("dfn_test.csv")
TEST_SEED = 2027
POROSITY_SHIFTS = (-0.07, -0.035, 0.0, 0.035, 0.07)
THICKNESS_SCALES = (0.6, 1.0, 1.5, 2.0, 3.0, 4.0)
C_RATES = (0.2, 0.5, 1.0, 2.0)
VARIANTS = (  # (set, Bruggeman exponent, porosity shifts, thickness scales)
    ("Chen2020", 2.5, (-0.07, 0.0, 0.07), (0.6, 1.0, 2.0, 3.0)),
    ("Prada2013", 2.5, (-0.07, 0.0), (0.6, 1.0, 2.0, 3.0)),  # +0.07 does not converge
)
DESIGN_FIELDS = ("parameter_set", "variant", "thickness_scale", "porosity_shift")
RESULT_FIELDS = ("c_rate", "dfn_utilisation", "dfn_reference_capacity_mah_per_cm2",
                 "dfn_rate_wall_time_s", "dfn_design_wall_time_s", "dfn_electrode_mesh_points",
                 "dfn_negative_particle_mesh_points")


def designs(sets: tuple[str, ...]):
    """(set, variant, thickness scale, porosity shift, Bruggeman or None) of the envelope."""
    for name, shift, scale in itertools.product(sets, POROSITY_SHIFTS, THICKNESS_SCALES):
        yield name, "nominal", scale, shift, None
    for name, exponent, shifts, scales in VARIANTS:
        if name in sets:
            for shift, scale in itertools.product(shifts, scales):
                yield name, f"bruggeman_{exponent:g}", scale, shift, exponent


def random_designs(sets: tuple[str, ...], per_set: int, seed: int = VALIDATION_SEED,
                   label: str = "validation"):
    """(set, label, thickness scale, porosity shift, None) drawn inside the envelope.

    A Latin hypercube per set: porosity shift uniform in [−0.07, 0.07], thickness scale
    log-uniform in [0.6, 4], both rounded to 4 digits.
    """
    rng = np.random.default_rng(seed)
    low_shift, high_shift = min(POROSITY_SHIFTS), max(POROSITY_SHIFTS)
    low_scale, high_scale = np.log(min(THICKNESS_SCALES)), np.log(max(THICKNESS_SCALES))
    for name in sets:
        strata = [(rng.permutation(per_set) + rng.random(per_set)) / per_set for _ in range(2)]
        for u_shift, u_scale in zip(*strata, strict=True):
            shift = round(float(low_shift + u_shift * (high_shift - low_shift)), 4)
            scale = round(float(np.exp(low_scale + u_scale * (high_scale - low_scale))), 4)
            yield name, label, scale, shift, None


def _key(name, variant, scale, shift) -> tuple:
    return name, variant, round(float(scale), 6), round(float(shift), 6)


def _done(out: Path) -> set[tuple]:
    """Designs already in the table (the run resumes where it stopped)."""
    if not out.exists():
        return set()
    with out.open() as handle:
        return {_key(r["parameter_set"], r["variant"], r["thickness_scale"], r["porosity_shift"])
                for r in csv.DictReader(handle)}


def _append(rows: list[dict], out: Path) -> None:
    new = not out.exists()
    out.parent.mkdir(parents=True, exist_ok=True)
    fields = list(DESIGN_FIELDS) + list(RESULT_FIELDS) + sorted(
        k for k in rows[0] if k not in DESIGN_FIELDS + RESULT_FIELDS)
    with out.open("a", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        if new:
            writer.writeheader()
        for row in rows:
            writer.writerow({k: v if isinstance(v, str) else f"{v:.6g}" for k, v in row.items()})


def run(sets: tuple[str, ...], out: Path, plan=None) -> int:
    """Solve every design (of ``plan``, default the grid) not yet in ``out``; return rows added."""
    pybamm = _import_pybamm()
    nominal = {name: pybamm.ParameterValues(name) for name in sets}
    mesh = mesh_points(pybamm)
    done = _done(out)
    added = 0
    for name, variant, scale, shift, exponent in (plan if plan is not None else designs(sets)):
        if _key(name, variant, scale, shift) in done:
            continue
        base = nominal[name]
        design = DfnDesign(
            cathode_thickness_m=scale * base["Positive electrode thickness [m]"],
            cathode_porosity=base["Positive electrode porosity"] + shift,
            bruggeman_exponent=exponent, parameter_set=name)
        start = time.perf_counter()
        params = design_parameters(design)
        results = rate_discharges(params, list(C_RATES), mesh=mesh)
        design_s = time.perf_counter() - start
        features = design_features(params, results[0].reference_capacity_ah)
        rows = [{
            "parameter_set": name, "variant": variant, "thickness_scale": scale,
            "porosity_shift": shift, "c_rate": result.c_rate,
            "dfn_utilisation": result.utilisation,
            "dfn_reference_capacity_mah_per_cm2": result.areal_reference_capacity_mah_per_cm2,
            "dfn_rate_wall_time_s": result.wall_time_s, "dfn_design_wall_time_s": design_s,
            "dfn_electrode_mesh_points": mesh["x_p"],
            "dfn_negative_particle_mesh_points": mesh["r_n"], **features} for result in results]
        _append(rows, out)
        added += len(rows)
        print(f"{name:12s} {variant:14s} h×{scale:<4g} ε{shift:+.3f}: "
              + " ".join(f"{r.utilisation:.3f}" for r in results) + f"  ({design_s:.1f} s)",
              flush=True)
    return added


def refresh_features(out: Path) -> int:
    """Recompute the feature columns of every stored design (no DFN solve); return designs."""
    pybamm = _import_pybamm()
    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    cache: dict[tuple, dict] = {}
    for row in rows:
        key = _key(row["parameter_set"], row["variant"], row["thickness_scale"],
                   row["porosity_shift"])
        if key not in cache:
            base = pybamm.ParameterValues(row["parameter_set"])
            exponent = (float(row["variant"].removeprefix("bruggeman_"))
                        if row["variant"].startswith("bruggeman_") else None)
            params = design_parameters(DfnDesign(
                cathode_thickness_m=float(row["thickness_scale"])
                * base["Positive electrode thickness [m]"],
                cathode_porosity=base["Positive electrode porosity"]
                + float(row["porosity_shift"]),
                bruggeman_exponent=exponent, parameter_set=row["parameter_set"]))
            area_cm2 = params["Electrode height [m]"] * params["Electrode width [m]"] * 1e4
            reference_ah = float(row["dfn_reference_capacity_mah_per_cm2"]) * area_cm2 / 1e3
            cache[key] = design_features(params, reference_ah)
        row.update(cache[key])
    out.unlink()
    for row in rows:
        _append([{k: (v if k in ("parameter_set", "variant") else float(v))
                  for k, v in row.items()}], out)
    return len(cache)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--sets", nargs="+", default=list(ENVELOPE_SETS),
                        choices=list(ENVELOPE_SETS))
    parser.add_argument("--random", type=int, default=0, metavar="N",
                        help="solve N random designs per set into the validation table")
    parser.add_argument("--seed", type=int, default=None,
                        help=f"default {VALIDATION_SEED} (validation), {TEST_SEED} (--test; the stored "
                             "test table also holds --seed 2028)")
    parser.add_argument("--test", action="store_true",
                        help="with --random: solve into the test table (tests/data/dfn_test.csv)")
    parser.add_argument("--refresh-features", action="store_true",
                        help="recompute the model-input columns of the stored designs only")
    args = parser.parse_args()
    start = time.perf_counter()
    if args.refresh_features:
        print(f"features of {refresh_features(args.out)} designs refreshed in {args.out}")
        return
    if args.random:
        table, seed, label = ((TEST_OUT, TEST_SEED, "test") if args.test
                              else (VALIDATION_OUT, VALIDATION_SEED, "validation"))
        out = table if args.out == DEFAULT_OUT else args.out
        seed = seed if args.seed is None else args.seed
        added = run(tuple(args.sets), out,
                    random_designs(tuple(args.sets), args.random, seed, label))
        print(f"{added} rows added to {out} in {time.perf_counter() - start:.0f} s")
        return
    added = run(tuple(args.sets), args.out)
    print(f"{added} rows added to {args.out} in {time.perf_counter() - start:.0f} s "
          "(designs already in the table are kept)")


if __name__ == "__main__":
    main()
