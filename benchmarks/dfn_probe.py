"""Where does a DFN discharge end? The inside of one PyBaMM discharge, step by step.

Solves one design of the DFN envelope (benchmarks/dfn_envelope.py: a parameter set, a
thickness scale and a porosity shift of its positive electrode) at C/20 and at one C-rate,
and prints, at evenly spaced moments of the rate discharge: the utilisation so far, the cell
voltage, the lowest and highest salt concentration, the particle surface stoichiometry of
both electrodes next to the separator and next to the current collector, and the open-circuit
potentials there. Read it to see which limit ends the discharge: a cathode front whose
surfaces fill, a cathode back the salt no longer reaches, or an anode whose separator side
empties while its collector side barely reacts.

Usage: python benchmarks/dfn_probe.py ORegan2022 1.7 0.052 2 [--moments 14]
Needs PyBaMM: pip install -e '.[dfn]'.
"""

from __future__ import annotations

import argparse

import numpy as np

from process_models.dfn import (
    REFERENCE_C_RATE,
    DfnDesign,
    _discharge_capacity_ah,
    _import_pybamm,
    design_parameters,
    mesh_points,
)

VARIABLES = {
    "voltage_v": "Voltage [V]",
    "salt_mol_per_m3": "Electrolyte concentration [mol.m-3]",
    "positive_surface": "Positive particle surface stoichiometry",
    "negative_surface": "Negative particle surface stoichiometry",
    "positive_ocp_v": "Positive electrode open-circuit potential [V]",
    "negative_ocp_v": "Negative electrode open-circuit potential [V]",
}
"""PyBaMM's names of the variables the probe reads."""


def probe(parameter_set: str, thickness_scale: float, porosity_shift: float, c_rate: float,
          moments: int = 14) -> tuple[float, list[dict[str, float]]]:
    """The DFN utilisation of one design and its state at evenly spaced moments.

    Parameters
    ----------
    parameter_set : str
        PyBaMM parameter set (e.g. ``"ORegan2022"``).
    thickness_scale : float
        Positive electrode thickness over the set's nominal [-].
    porosity_shift : float
        Positive electrode porosity minus the set's nominal [-].
    c_rate : float
        Discharge rate, relative to the C/20 capacity [1/h].
    moments : int
        How many moments to report [-].

    Returns
    -------
    tuple
        Utilisation at the cut-off [-] and one dict per moment (``utilisation``,
        ``voltage_v``, salt ``salt_min_mol_per_m3``/``salt_max_mol_per_m3``, surface
        stoichiometries and open-circuit potentials ``*_separator``/``*_collector``).
    """
    pybamm = _import_pybamm()
    base = pybamm.ParameterValues(parameter_set)
    params = design_parameters(DfnDesign(
        cathode_thickness_m=thickness_scale * base["Positive electrode thickness [m]"],
        cathode_porosity=base["Positive electrode porosity"] + porosity_shift,
        parameter_set=parameter_set))
    reference_ah, _ = _discharge_capacity_ah(pybamm, params, REFERENCE_C_RATE)
    params.update({"Nominal cell capacity [A.h]": reference_ah})
    cutoff = params["Lower voltage cut-off [V]"]
    solution = pybamm.Simulation(
        pybamm.lithium_ion.DFN(), parameter_values=params,
        experiment=pybamm.Experiment([f"Discharge at {c_rate:g}C until {cutoff:g} V"]),
        var_pts=mesh_points(pybamm)).solve()
    utilisation = solution["Discharge capacity [A.h]"].entries / reference_ah
    values = {key: solution[name].entries for key, name in VARIABLES.items()}
    states = []
    for k in np.linspace(0, len(utilisation) - 1, moments).astype(int):
        salt = values["salt_mol_per_m3"][:, k]
        # x runs from the negative collector to the positive collector: the positive
        # electrode's first point and the negative electrode's last touch the separator
        states.append({
            "utilisation": float(utilisation[k]),
            "voltage_v": float(values["voltage_v"][k]),
            "salt_min_mol_per_m3": float(salt.min()),
            "salt_max_mol_per_m3": float(salt.max()),
            "positive_surface_separator": float(values["positive_surface"][0, k]),
            "positive_surface_collector": float(values["positive_surface"][-1, k]),
            "negative_surface_separator": float(values["negative_surface"][-1, k]),
            "negative_surface_collector": float(values["negative_surface"][0, k]),
            "positive_ocp_separator_v": float(values["positive_ocp_v"][0, k]),
            "negative_ocp_separator_v": float(values["negative_ocp_v"][-1, k]),
        })
    return float(utilisation[-1]), states


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("parameter_set")
    parser.add_argument("thickness_scale", type=float)
    parser.add_argument("porosity_shift", type=float)
    parser.add_argument("c_rate", type=float)
    parser.add_argument("--moments", type=int, default=14)
    args = parser.parse_args()
    final, states = probe(args.parameter_set, args.thickness_scale, args.porosity_shift,
                          args.c_rate, args.moments)
    print(f"{args.parameter_set} at {args.thickness_scale:g}× thickness, porosity "
          f"{args.porosity_shift:+g}, {args.c_rate:g}C: utilisation {final:.3f}")
    print("    u      V   salt min/max [mol/m³]  cathode surface sep/cc  anode surface sep/cc"
          "  U+ sep  U- sep")
    for s in states:
        print(f"{s['utilisation']:6.3f} {s['voltage_v']:6.3f}  {s['salt_min_mol_per_m3']:7.1f}"
              f" {s['salt_max_mol_per_m3']:7.1f}        {s['positive_surface_separator']:.3f}"
              f" {s['positive_surface_collector']:.3f}            "
              f"{s['negative_surface_separator']:.3f} {s['negative_surface_collector']:.3f}"
              f"  {s['positive_ocp_separator_v']:.3f}  {s['negative_ocp_separator_v']:.3f}")


if __name__ == "__main__":
    main()
