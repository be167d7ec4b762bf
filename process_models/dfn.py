"""High-fidelity reference: PyBaMM's Doyle–Fuller–Newman (DFN) model of a full cell.

This wrapper is optional. PyBaMM is imported lazily inside the functions, so the rest of
:mod:`process_models` works without it; a missing PyBaMM raises :class:`DfnUnavailableError`
with the install hint.

A design is mapped onto one of PyBaMM's cited parameter sets (:data:`ENVELOPE_SETS`): the
positive electrode's thickness and porosity (and optionally particle radius, Bruggeman
exponent and constant electrolyte properties) are replaced by the design's values, keeping
the set's inactive (binder + carbon) volume fraction. The cell is made **cathode-limited**:
the negative electrode's thickness is scaled so that the lithium it holds at the start is
``np_ratio`` times what the positive electrode can still take up,

    N/P = ε_s,n·h_n·c_n,0 / (ε_s,p·h_p·(c_p,max − c_p,0)),

so every discharge ends on the positive electrode. Utilisation is the capacity to the set's
lower cut-off at constant current over the capacity at C/20, and 1C is that C/20 capacity
per hour.

References
----------
.. [chen2020] C.-H. Chen, F. Brosa Planella, K. O'Regan, D. Gastol, W. D. Widanage,
   E. Kendrick, "Development of Experimental Techniques for Parameterization of
   Multi-scale Lithium-ion Battery Models", J. Electrochem. Soc. 167 (2020) 080534,
   doi:10.1149/1945-7111/ab9050.
.. [ecker2015] M. Ecker et al., "Parameterization of a Physico-Chemical Model of a
   Lithium-Ion Battery I/II", J. Electrochem. Soc. 162 (2015) A1836 and A1849.
.. [prada2013] E. Prada et al., "A Simplified Electrochemical and Thermal Aging Model of
   LiFePO4-Graphite Li-ion Batteries", J. Electrochem. Soc. 160 (2013) A616,
   doi:10.1149/2.053304jes.
.. [marquis2019] S. G. Marquis, V. Sulzer, R. Timms, C. P. Please, S. J. Chapman, "An
   asymptotic derivation of a single particle model with electrolyte", J. Electrochem. Soc.
   166 (2019) A3693, doi:10.1149/2.0341915jes.
.. [kim2011] G.-H. Kim, K. Smith, J. Lawrence-Simon, C. Yang, "Efficient and Extensible
   Quasi-Explicit Modular Nonlinear Multiscale Battery Model: GH-MSMD", J. Electrochem. Soc.
   164 (2017) A1076 (NCA_Kim2011 set).
.. [oregan2022] K. O'Regan, F. Brosa Planella, W. D. Widanage, E. Kendrick, "Thermal-
   electrochemical parameters of a high energy lithium-ion cylindrical battery",
   Electrochim. Acta 425 (2022) 140700, doi:10.1016/j.electacta.2022.140700.
.. [pybamm] V. Sulzer, S. G. Marquis, R. Timms, M. Robinson, S. J. Chapman, "Python Battery
   Mathematical Modelling (PyBaMM)", J. Open Res. Softw. 9 (2021) 14, doi:10.5334/jors.309.
.. [doyle1993] M. Doyle, T. F. Fuller, J. Newman, "Modeling of Galvanostatic Charge and
   Discharge of the Lithium/Polymer/Insertion Cell", J. Electrochem. Soc. 140 (1993) 1526,
   doi:10.1149/1.2221597.
"""

from __future__ import annotations

import inspect
import math
import os
import time
from dataclasses import dataclass

INSTALL_HINT = "install with pip install -e '.[dfn]'"

ENVELOPE_SETS = ("Chen2020", "Ecker2015", "Prada2013", "Marquis2019", "NCA_Kim2011",
                 "ORegan2022")
"""PyBaMM parameter sets of the DFN reference envelope (positive electrodes NMC811,
NCO (Ecker), LFP, LCO, NCA and NMC811 with Landesfeind2019 electrolyte)."""

REFERENCE_C_RATE = 0.05
"""Rate of the near-equilibrium discharge that defines 100 % utilisation and 1C [1/h]."""

MESH_REFINEMENT = 1
"""Points across the electrodes and separator and along the positive particle's radius, as a
multiple of PyBaMM's default (20 per domain) [-]."""

NEGATIVE_PARTICLE_REFINEMENT = 4
"""Points along the negative particle's radius as a multiple of PyBaMM's default [-]. The
default is not converged where graphite's diffusivity changes steeply with stoichiometry
(ORegan2022: 400-fold over its window): at 1× and 2C ORegan2022 delivers 0.588 on it, 0.765
with 80 points along the graphite's radius, 0.769 with every mesh at four times the default
(``benchmarks/dfn_mesh_convergence.py`` checks this mesh against that one)."""

DEFAULT_NP_RATIO = 1.2
"""Negative-to-positive lithium ratio of the cathode-limited cells [-] (assumption; any
value > 1 keeps the discharge positive-limited)."""


class DfnUnavailableError(RuntimeError):
    """PyBaMM is not installed, so the DFN fidelity cannot run."""


@dataclass(frozen=True)
class DfnDesign:
    """Positive electrode and electrolyte values that replace those of a parameter set.

    Attributes
    ----------
    cathode_thickness_m : float
        Positive electrode coating thickness [m].
    cathode_porosity : float or None
        Positive electrode porosity [-]; None keeps the set's value. The active volume
        fraction becomes 1 − ε − (the set's inactive fraction).
    particle_radius_m : float or None
        Positive particle radius [m]; None keeps the set's value.
    bruggeman_exponent : float or None
        Bruggeman exponent of the positive electrode's electrolyte phase [-]; None keeps
        the set's value.
    electrolyte_concentration_mol_per_m3, electrolyte_diffusivity_m2_per_s,
    transference_number, electrolyte_conductivity_s_per_m : float or None
        Electrolyte properties at the bulk concentration [mol/m^3], [m^2/s], [-], [S/m];
        None keeps the set's. A set's concentration-dependent diffusivity or conductivity
        keeps its shape, scaled to the given value at the bulk concentration (as the
        reduced-order model reads them); a constant one is replaced.
    parameter_set : str
        PyBaMM parameter set, one of :data:`ENVELOPE_SETS`.
    np_ratio : float
        Negative-to-positive lithium ratio of the cathode-limited cell [-].
    """

    cathode_thickness_m: float
    cathode_porosity: float | None = None
    particle_radius_m: float | None = None
    bruggeman_exponent: float | None = None
    electrolyte_concentration_mol_per_m3: float | None = None
    electrolyte_diffusivity_m2_per_s: float | None = None
    transference_number: float | None = None
    electrolyte_conductivity_s_per_m: float | None = None
    parameter_set: str = "Chen2020"
    np_ratio: float = DEFAULT_NP_RATIO


@dataclass(frozen=True)
class DfnDischarge:
    """Result of one DFN discharge at constant current.

    Attributes
    ----------
    c_rate : float
        Discharge rate relative to the reference capacity [1/h].
    capacity_ah : float
        Capacity delivered to the lower cut-off voltage [A h].
    reference_capacity_ah : float
        Capacity at the reference rate (C/20) [A h].
    utilisation : float
        capacity_ah / reference_capacity_ah [-].
    areal_reference_capacity_mah_per_cm2 : float
        Reference capacity per electrode area [mAh/cm^2].
    wall_time_s : float
        Wall-clock time of the rate discharge alone [s].
    """

    c_rate: float
    capacity_ah: float
    reference_capacity_ah: float
    utilisation: float
    areal_reference_capacity_mah_per_cm2: float
    wall_time_s: float


def _import_pybamm():
    os.environ.setdefault("PYBAMM_DISABLE_TELEMETRY", "true")
    try:
        import pybamm
    except ImportError as error:
        raise DfnUnavailableError(f"PyBaMM is not installed; {INSTALL_HINT}") from error
    pybamm.set_logging_level("ERROR")
    return pybamm


def pybamm_available() -> bool:
    """Return True if PyBaMM can be imported."""
    try:
        _import_pybamm()
    except DfnUnavailableError:
        return False
    return True


def design_parameters(design: DfnDesign):
    """PyBaMM parameter values of a cathode-limited cell with the design's positive electrode.

    Parameters
    ----------
    design : DfnDesign
        Positive electrode, electrolyte and parameter set [SI, see :class:`DfnDesign`].

    Returns
    -------
    pybamm.ParameterValues

    Raises
    ------
    ValueError
        Unknown parameter set, or a porosity that leaves no room for active material.

    Notes
    -----
    h_n = N/P·ε_s,p·h_p·(c_p,max − c_p,0)/(ε_s,n·c_n,0); the nominal capacity is set to the
    positive electrode's stoichiometric capacity so that the C/20 run starts near C/20.
    """
    if design.parameter_set not in ENVELOPE_SETS:
        raise ValueError(f"unknown parameter set {design.parameter_set!r}; "
                         f"known: {', '.join(ENVELOPE_SETS)}")
    pybamm = _import_pybamm()
    params = pybamm.ParameterValues(design.parameter_set)
    base_eps = params["Positive electrode porosity"]
    inert = 1.0 - base_eps - params["Positive electrode active material volume fraction"]
    eps = base_eps if design.cathode_porosity is None else design.cathode_porosity
    solid = 1.0 - eps - inert
    if not 0.0 < solid < 1.0:
        raise ValueError(f"porosity {eps:g} leaves active fraction {solid:g} "
                         f"in {design.parameter_set}")
    h_p = design.cathode_thickness_m
    c_max = params["Maximum concentration in positive electrode [mol.m-3]"]
    c_p0 = params["Initial concentration in positive electrode [mol.m-3]"]
    uptake_mol_per_m2 = solid * h_p * (c_max - c_p0)
    anode_solid = params["Negative electrode active material volume fraction"]
    c_n0 = params["Initial concentration in negative electrode [mol.m-3]"]
    area_m2 = params["Electrode height [m]"] * params["Electrode width [m]"]
    updates = {
        "Positive electrode thickness [m]": h_p,
        "Positive electrode porosity": eps,
        "Positive electrode active material volume fraction": solid,
        "Negative electrode thickness [m]": design.np_ratio * uptake_mol_per_m2
        / (anode_solid * c_n0),
        "Nominal cell capacity [A.h]": uptake_mol_per_m2 * area_m2 * 96485.33212 / 3600.0,
    }
    if design.particle_radius_m is not None:
        updates["Positive particle radius [m]"] = design.particle_radius_m
    if design.bruggeman_exponent is not None:
        updates["Positive electrode Bruggeman coefficient (electrolyte)"] = (
            design.bruggeman_exponent)
    updates.update(_electrolyte_updates(design, params))
    params.update(updates)
    return params


def chen2020_parameters(design: DfnDesign):
    """Parameter values of the design on the Chen2020 (LG M50) set, cathode-limited."""
    return design_parameters(DfnDesign(**{**design.__dict__, "parameter_set": "Chen2020"}))


def _electrolyte_updates(design: DfnDesign, params) -> dict:
    """New electrolyte values: constants, or the set's functions scaled at the bulk."""
    pairs = {
        "Initial concentration in electrolyte [mol.m-3]":
            design.electrolyte_concentration_mol_per_m3,
        "Electrolyte diffusivity [m2.s-1]": design.electrolyte_diffusivity_m2_per_s,
        "Cation transference number": design.transference_number,
        "Electrolyte conductivity [S.m-1]": design.electrolyte_conductivity_s_per_m,
    }
    updates: dict = {name: value for name, value in pairs.items() if value is not None}
    pybamm = _import_pybamm()
    c0 = (design.electrolyte_concentration_mol_per_m3
          or params["Initial concentration in electrolyte [mol.m-3]"])
    temperature = params["Reference temperature [K]"]
    for name in ("Electrolyte diffusivity [m2.s-1]", "Electrolyte conductivity [S.m-1]"):
        original = params[name]
        if name in updates and callable(original) and len(
                inspect.signature(original).parameters) == 2:
            factor = updates[name] / _evaluate(pybamm, params, name, c0, temperature)
            updates[name] = _scaled(original, factor)
    return updates


def _scaled(function, factor: float):
    """``function(c_e, T)`` times a constant (PyBaMM reads the two-argument signature)."""
    def scaled(c_e, T):
        return factor * function(c_e, T)
    return scaled


def mesh_points(pybamm, refinement: float = MESH_REFINEMENT,
                negative_particle_refinement: float = NEGATIVE_PARTICLE_REFINEMENT
                ) -> dict[str, int]:
    """Points per mesh domain: PyBaMM's defaults times ``refinement``, the negative
    particle's radius times the larger of the two refinements [-]."""
    defaults = pybamm.lithium_ion.DFN().default_var_pts
    points = {name: round(count * refinement) for name, count in defaults.items()}
    points["r_n"] = round(defaults["r_n"] * max(refinement, negative_particle_refinement))
    return points


def _discharge_capacity_ah(pybamm, params, c_rate: float,
                           mesh: dict[str, int] | None = None) -> tuple[float, float]:
    """Capacity to the lower cut-off at constant C-rate [A h] and the solve's wall time [s].

    NaN when no solver completes the discharge (the table marks the point missing
    rather than inventing a value). ``mesh``: points per domain (default :func:`mesh_points`).
    """
    cutoff = params["Lower voltage cut-off [V]"]
    experiment = pybamm.Experiment([f"Discharge at {c_rate:g}C until {cutoff:g} V"])
    start = time.perf_counter()
    solution = None
    # IDAKLU first; when it fails (open-circuit potentials that diverge at full
    # lithiation, e.g. LFP near x = 1 at C/20), IDAKLU at tighter tolerances, then
    # CasadiSolver in safe mode (the same capacities, two orders of magnitude slower)
    for make_solver in (lambda: None, lambda: pybamm.IDAKLUSolver(rtol=1e-6, atol=1e-8),
                        lambda: pybamm.CasadiSolver(mode="safe")):
        try:
            solution = pybamm.Simulation(pybamm.lithium_ion.DFN(), parameter_values=params,
                                         experiment=experiment, solver=make_solver(),
                                         var_pts=mesh or mesh_points(pybamm)).solve()
            break
        except pybamm.SolverError:
            continue
    wall_time_s = time.perf_counter() - start
    if solution is None:
        return math.nan, wall_time_s
    return float(solution["Discharge capacity [A.h]"].entries[-1]), wall_time_s


def rate_discharges(params, c_rates: list[float],
                    reference_c_rate: float = REFERENCE_C_RATE,
                    mesh: dict[str, int] | None = None) -> list[DfnDischarge]:
    """Discharge a parameterised cell at C/20 and at each C-rate relative to that capacity.

    Parameters
    ----------
    params : pybamm.ParameterValues
        A cell from :func:`design_parameters` (updated in place: its nominal capacity
        becomes the C/20 capacity).
    c_rates : list of float
        Discharge rates [1/h].
    reference_c_rate : float
        Rate of the reference discharge [1/h].
    mesh : dict of str to int, optional
        Points per mesh domain (default :func:`mesh_points`) [-].

    Returns
    -------
    list of DfnDischarge
        One entry per C-rate, in the given order.

    Notes
    -----
    u(C) = Q(C)/Q(C/20), both from the set's initial (charged) state to its lower cut-off
    voltage [doyle1993]_, [pybamm]_.
    """
    pybamm = _import_pybamm()
    reference_ah, _ = _discharge_capacity_ah(pybamm, params, reference_c_rate, mesh)
    if not reference_ah > 0.0:
        raise RuntimeError("the C/20 reference discharge failed")
    params.update({"Nominal cell capacity [A.h]": reference_ah})
    area_cm2 = params["Electrode height [m]"] * params["Electrode width [m]"] * 1.0e4
    results = []
    for c_rate in c_rates:
        capacity_ah, wall_time_s = _discharge_capacity_ah(pybamm, params, c_rate, mesh)
        results.append(DfnDischarge(
            c_rate=c_rate, capacity_ah=capacity_ah, reference_capacity_ah=reference_ah,
            utilisation=capacity_ah / reference_ah,
            areal_reference_capacity_mah_per_cm2=reference_ah * 1.0e3 / area_cm2,
            wall_time_s=wall_time_s))
    return results


def dfn_discharges(design: DfnDesign, c_rates: list[float]) -> list[DfnDischarge]:
    """Run the DFN at C/20 and at each C-rate for one design.

    Parameters
    ----------
    design : DfnDesign
        Positive electrode, electrolyte and parameter set of the design [SI].
    c_rates : list of float
        Discharge rates [1/h]; 1C is the design's C/20 capacity per hour.

    Returns
    -------
    list of DfnDischarge

    Raises
    ------
    DfnUnavailableError
        If PyBaMM is not installed.
    """
    return rate_discharges(design_parameters(design), c_rates)


# --------------------------------------------------------------------- fast-model inputs


def _evaluate(pybamm, params, name: str, *inputs: float) -> float:
    """Value of a (possibly function) parameter at the given inputs, in signature order."""
    value = params[name]
    if not callable(value):
        return float(value)
    count = len(inspect.signature(value).parameters)
    symbol = pybamm.FunctionParameter(
        name, {f"x{i}": pybamm.Scalar(v) for i, v in enumerate(inputs[:count])})
    return float(params.evaluate(symbol))


def _log_mean(values: list[float]) -> float:
    return math.exp(sum(math.log(max(v, 1e-300)) for v in values) / len(values))


def design_features(params, reference_capacity_ah: float | None = None) -> dict[str, float]:
    """The inputs a reduced-order model needs, read from a parameterised cell.

    Parameters
    ----------
    params : pybamm.ParameterValues
        A cell from :func:`design_parameters`.
    reference_capacity_ah : float, optional
        C/20 capacity [A h]; sets the positive electrode's stoichiometry window (else the
        window runs to full lithiation).

    Returns
    -------
    dict of str to float
        Geometry, porosities, Bruggeman exponents, particle radii and solid diffusivities
        (log-mean over the discharge window), electrolyte c0, D(c0), the depletion integral
        ∫_0^c0 D dc / c0, κ(c0), κ(c0/2), t+(c0), open-circuit voltage at the start and the
        cut-off, exchange-current density and electronic conductivity of the positive
        electrode, all SI.
    """
    pybamm = _import_pybamm()
    temperature = params["Ambient temperature [K]"]
    c0 = params["Initial concentration in electrolyte [mol.m-3]"]
    f = {
        name: float(params[key]) for name, key in (
            ("positive_thickness_m", "Positive electrode thickness [m]"),
            ("positive_porosity", "Positive electrode porosity"),
            ("positive_active_fraction", "Positive electrode active material volume fraction"),
            ("positive_bruggeman", "Positive electrode Bruggeman coefficient (electrolyte)"),
            ("positive_particle_radius_m", "Positive particle radius [m]"),
            ("positive_max_concentration_mol_per_m3",
             "Maximum concentration in positive electrode [mol.m-3]"),
            ("positive_initial_concentration_mol_per_m3",
             "Initial concentration in positive electrode [mol.m-3]"),
            ("separator_thickness_m", "Separator thickness [m]"),
            ("separator_porosity", "Separator porosity"),
            ("separator_bruggeman", "Separator Bruggeman coefficient (electrolyte)"),
            ("negative_thickness_m", "Negative electrode thickness [m]"),
            ("negative_porosity", "Negative electrode porosity"),
            ("negative_active_fraction", "Negative electrode active material volume fraction"),
            ("negative_bruggeman", "Negative electrode Bruggeman coefficient (electrolyte)"),
            ("negative_particle_radius_m", "Negative particle radius [m]"),
            ("negative_max_concentration_mol_per_m3",
             "Maximum concentration in negative electrode [mol.m-3]"),
            ("negative_initial_concentration_mol_per_m3",
             "Initial concentration in negative electrode [mol.m-3]"),
            ("lower_cutoff_v", "Lower voltage cut-off [V]"),
        )}
    f["temperature_k"] = float(temperature)
    f["electrolyte_concentration_mol_per_m3"] = float(c0)
    x0 = f["positive_initial_concentration_mol_per_m3"] / f["positive_max_concentration_mol_per_m3"]
    y0 = f["negative_initial_concentration_mol_per_m3"] / f["negative_max_concentration_mol_per_m3"]
    x_end = 1.0
    if reference_capacity_ah is not None:
        area_m2 = params["Electrode height [m]"] * params["Electrode width [m]"]
        moles = reference_capacity_ah * 3600.0 / 96485.33212 / area_m2
        x_end = min(1.0, x0 + moles / (f["positive_active_fraction"] * f["positive_thickness_m"]
                                       * f["positive_max_concentration_mol_per_m3"]))
    y_end = max(0.0, y0 - (x_end - x0) * f["positive_active_fraction"]
                * f["positive_thickness_m"] * f["positive_max_concentration_mol_per_m3"]
                / (f["negative_active_fraction"] * f["negative_thickness_m"]
                   * f["negative_max_concentration_mol_per_m3"]))
    f["positive_window"] = x_end - x0
    f["negative_window"] = y0 - y_end

    def solid(electrode: str, start: float, end: float) -> float:
        points = [start + (end - start) * (k + 0.5) / 8 for k in range(8)]
        return _log_mean([_evaluate(pybamm, params, f"{electrode} particle diffusivity [m2.s-1]",
                                    v, temperature) for v in points])

    # whole window, and its last quarter where the particle surface reaches its limit
    f["positive_diffusivity_m2_per_s"] = solid("Positive", x0, x_end)
    f["negative_diffusivity_m2_per_s"] = solid("Negative", y0, y_end)
    f["positive_end_diffusivity_m2_per_s"] = solid("Positive", x0 + 0.75 * (x_end - x0), x_end)
    f["negative_end_diffusivity_m2_per_s"] = solid("Negative", y0 + 0.75 * (y_end - y0), y_end)

    def electrolyte(name: str, ratio: float) -> float:
        return _evaluate(pybamm, params, name, ratio * c0, temperature)

    diff = [electrolyte("Electrolyte diffusivity [m2.s-1]", (k + 0.5) / 20) for k in range(20)]
    f["electrolyte_diffusivity_m2_per_s"] = electrolyte("Electrolyte diffusivity [m2.s-1]", 1.0)
    f["electrolyte_depletion_diffusivity_m2_per_s"] = sum(diff) / len(diff)
    for label, ratio in (("quarter", 0.25), ("half", 0.5), ("double", 2.0), ("triple", 3.0)):
        f[f"electrolyte_diffusivity_{label}_m2_per_s"] = electrolyte(
            "Electrolyte diffusivity [m2.s-1]", ratio)
        f[f"electrolyte_conductivity_{label}_s_per_m"] = electrolyte(
            "Electrolyte conductivity [S.m-1]", ratio)
    f["electrolyte_conductivity_s_per_m"] = _evaluate(
        pybamm, params, "Electrolyte conductivity [S.m-1]", c0, temperature)
    f["transference_number"] = _evaluate(pybamm, params, "Cation transference number", c0,
                                         temperature)
    def ocv(k: float) -> float:
        return (_evaluate(pybamm, params, "Positive electrode OCP [V]",
                          x0 + k * (x_end - x0), temperature)
                - _evaluate(pybamm, params, "Negative electrode OCP [V]",
                            y0 + k * (y_end - y0), temperature))

    f["open_circuit_voltage_v"] = ocv(0.0)
    # mean open-circuit voltage over the discharge window (interior points)
    f["open_circuit_voltage_mean_v"] = sum(ocv(k / 10) for k in range(1, 10)) / 9
    x_mid = 0.5 * (x0 + x_end)
    f["positive_exchange_current_a_per_m2"] = _evaluate(
        pybamm, params, "Positive electrode exchange-current density [A.m-2]", c0,
        x_mid * f["positive_max_concentration_mol_per_m3"],
        f["positive_max_concentration_mol_per_m3"], temperature)
    f["positive_electronic_conductivity_s_per_m"] = _evaluate(
        pybamm, params, "Positive electrode conductivity [S.m-1]", x_mid, temperature)
    f["positive_electrode_bruggeman"] = float(
        params["Positive electrode Bruggeman coefficient (electrode)"])
    return f
