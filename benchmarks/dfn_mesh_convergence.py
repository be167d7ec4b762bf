"""Mesh convergence of the DFN reference: utilisation on PyBaMM's default mesh and finer ones.

The reference tables (benchmarks/dfn_envelope.py) are only as good as the DFN's mesh. This
script solves a sample of designs per parameter set, at every rate of the envelope, on three
meshes: PyBaMM's default (20 points per domain), the tables' (process_models.dfn.mesh_points:
the default, with four times the points along the negative particle's radius) and four
times the default everywhere, and writes the utilisations to
tests/data/dfn_mesh_convergence.csv; the unit tests read the file to check the tables' mesh
against the finest.

The sample: each set at its nominal design, at 2× thickness and −0.035 porosity, and at 4×
thickness and +0.035 porosity, plus the designs where the default mesh was found wanting
(ORegan2022 at 1×, 2C: 0.588 on the default mesh, 0.769 on four times its points).

Usage: python benchmarks/dfn_mesh_convergence.py [--out FILE]
Needs PyBaMM: pip install -e '.[dfn]'. About 20 minutes on one core.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from process_models.dfn import (
    ENVELOPE_SETS,
    DfnDesign,
    _import_pybamm,
    design_parameters,
    mesh_points,
    rate_discharges,
)

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "dfn_mesh_convergence.csv"
C_RATES = (0.2, 0.5, 1.0, 2.0)
MESHES = {"default": (1, 1), "tables": None, "finest": (4, 4)}
"""Mesh name → (refinement, negative particle refinement) of :func:`mesh_points`; None: the
tables' (its defaults)."""
SAMPLE = (*((name, scale, shift) for name in ENVELOPE_SETS
             for scale, shift in ((1.0, 0.0), (2.0, -0.035), (4.0, 0.035))),
          ("ORegan2022", 1.0945, 0.0699), ("ORegan2022", 1.5, -0.07),
          ("Chen2020", 0.7836, -0.0418))
"""(set, thickness scale, porosity shift) of the sample."""


def solve(pybamm, name: str, scale: float, shift: float, mesh: dict[str, int]) -> list[float]:
    """Utilisation at each of :data:`C_RATES` on ``mesh`` [-]."""
    base = pybamm.ParameterValues(name)
    params = design_parameters(DfnDesign(
        cathode_thickness_m=scale * base["Positive electrode thickness [m]"],
        cathode_porosity=base["Positive electrode porosity"] + shift, parameter_set=name))
    return [r.utilisation for r in rate_discharges(params, list(C_RATES), mesh=mesh)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    pybamm = _import_pybamm()
    rows = []
    for name, scale, shift in SAMPLE:
        for label, refinements in MESHES.items():
            mesh = mesh_points(pybamm, *(refinements or ()))
            start = time.perf_counter()
            utilisations = solve(pybamm, name, scale, shift, mesh)
            seconds = time.perf_counter() - start
            rows += [{"parameter_set": name, "thickness_scale": scale, "porosity_shift": shift,
                      "mesh": label,
                      "negative_particle_points": mesh["r_n"], "electrode_points": mesh["x_p"],
                      "c_rate": c, "dfn_utilisation": u,
                      "dfn_design_wall_time_s": round(seconds, 2)}
                     for c, u in zip(C_RATES, utilisations, strict=True)]
            print(f"{name:12s} h×{scale:<6g} ε{shift:+.4f} {label:7s}: "
                  + " ".join(f"{u:.4f}" for u in utilisations) + f"  ({seconds:.1f} s)",
                  flush=True)
    with args.out.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows written to {args.out}")


if __name__ == "__main__":
    main()
