"""High-fidelity reference: PyBaMM's Doyle–Fuller–Newman (DFN) model of a full cell.

This wrapper is optional. PyBaMM is imported lazily inside the functions, so the rest of
:mod:`process_models` works without it; a missing PyBaMM raises :class:`DfnUnavailableError`
with the install hint.

The electrode design is mapped onto a cited parameter set (Chen2020, the LG M50 cell): the
cathode thickness, porosity, particle radius, Bruggeman exponent and electrolyte transport
properties are replaced by the design's values; the anode is scaled so that the negative to
positive capacity ratio (N/P) of the parameter set is kept.

References
----------
.. [chen2020] C.-H. Chen, F. Brosa Planella, K. O'Regan, D. Gastol, W. D. Widanage,
   E. Kendrick, "Development of Experimental Techniques for Parameterization of
   Multi-scale Lithium-ion Battery Models", J. Electrochem. Soc. 167 (2020) 080534,
   doi:10.1149/1945-7111/ab9050.
.. [pybamm] V. Sulzer, S. G. Marquis, R. Timms, M. Robinson, S. J. Chapman, "Python Battery
   Mathematical Modelling (PyBaMM)", J. Open Res. Softw. 9 (2021) 14, doi:10.5334/jors.309.
.. [doyle1993] M. Doyle, T. F. Fuller, J. Newman, "Modeling of Galvanostatic Charge and
   Discharge of the Lithium/Polymer/Insertion Cell", J. Electrochem. Soc. 140 (1993) 1526,
   doi:10.1149/1.2221597.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

INSTALL_HINT = "install with pip install -e '.[dfn]'"


class DfnUnavailableError(RuntimeError):
    """PyBaMM is not installed, so the DFN fidelity cannot run."""


@dataclass(frozen=True)
class Chen2020Reference:
    """Geometry of the LG M50 parameter set that the DFN design is scaled from [chen2020].

    Attributes
    ----------
    cathode_thickness_m : float
        Positive electrode coating thickness of the parameter set [m] (75.6 µm).
    anode_thickness_m : float
        Negative electrode coating thickness of the parameter set [m] (85.2 µm).
    reference_c_rate : float
        Rate of the near-equilibrium discharge whose capacity is the 100 % utilisation
        reference and defines 1C [1/h] (C/20, a common "practical capacity" rate).
    """

    cathode_thickness_m: float = 75.6e-6
    anode_thickness_m: float = 85.2e-6
    reference_c_rate: float = 0.05


CHEN2020 = Chen2020Reference()


@dataclass(frozen=True)
class DfnDesign:
    """Cathode and electrolyte values that replace those of the Chen2020 parameter set.

    Attributes
    ----------
    cathode_thickness_m : float
        Cathode coating thickness [m].
    cathode_porosity : float or None
        Cathode porosity [-]; None keeps Chen2020's 0.335.
    particle_radius_m : float or None
        Cathode particle radius [m]; None keeps Chen2020's 5.22 µm.
    bruggeman_exponent : float or None
        Bruggeman exponent of the cathode electrolyte phase [-]; None keeps 1.5.
    electrolyte_concentration_mol_per_m3, electrolyte_diffusivity_m2_per_s,
    transference_number, electrolyte_conductivity_s_per_m : float or None
        Constant electrolyte properties [mol/m^3], [m^2/s], [-], [S/m]; None keeps
        Chen2020's concentration-dependent Nyman2008 functions.
    """

    cathode_thickness_m: float
    cathode_porosity: float | None = None
    particle_radius_m: float | None = None
    bruggeman_exponent: float | None = None
    electrolyte_concentration_mol_per_m3: float | None = None
    electrolyte_diffusivity_m2_per_s: float | None = None
    transference_number: float | None = None
    electrolyte_conductivity_s_per_m: float | None = None


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


def chen2020_parameters(design: DfnDesign, reference: Chen2020Reference = CHEN2020):
    """PyBaMM parameter values of the Chen2020 cell with the design's cathode and electrolyte.

    Parameters
    ----------
    design : DfnDesign
        Cathode and electrolyte values [SI, see :class:`DfnDesign`].
    reference : Chen2020Reference
        Geometry of the unscaled parameter set.

    Returns
    -------
    pybamm.ParameterValues

    Notes
    -----
    The anode thickness scales with the cathode's stored capacity, ε_s,c·h_c, so that N/P
    stays that of Chen2020: h_a = h_a,0 · (ε_s,c·h_c)/(ε_s,c,0·h_c,0), with ε_s,c = 1 − ε_c
    (Chen2020 lumps binder and carbon into the active phase).
    """
    pybamm = _import_pybamm()
    params = pybamm.ParameterValues("Chen2020")
    base_solid = 1.0 - params["Positive electrode porosity"]
    porosity = design.cathode_porosity
    solid = base_solid if porosity is None else 1.0 - porosity
    scale = solid * design.cathode_thickness_m / (base_solid * reference.cathode_thickness_m)
    updates = {
        "Positive electrode thickness [m]": design.cathode_thickness_m,
        "Negative electrode thickness [m]": reference.anode_thickness_m * scale,
        "Nominal cell capacity [A.h]": params["Nominal cell capacity [A.h]"] * scale,
    }
    if porosity is not None:
        updates["Positive electrode porosity"] = porosity
        updates["Positive electrode active material volume fraction"] = solid
    if design.particle_radius_m is not None:
        updates["Positive particle radius [m]"] = design.particle_radius_m
    if design.bruggeman_exponent is not None:
        updates["Positive electrode Bruggeman coefficient (electrolyte)"] = (
            design.bruggeman_exponent)
    updates.update(_electrolyte_updates(design))
    params.update(updates)
    return params


def _electrolyte_updates(design: DfnDesign) -> dict[str, float]:
    pairs = {
        "Initial concentration in electrolyte [mol.m-3]":
            design.electrolyte_concentration_mol_per_m3,
        "Electrolyte diffusivity [m2.s-1]": design.electrolyte_diffusivity_m2_per_s,
        "Cation transference number": design.transference_number,
        "Electrolyte conductivity [S.m-1]": design.electrolyte_conductivity_s_per_m,
    }
    return {name: value for name, value in pairs.items() if value is not None}


def _discharge_capacity_ah(pybamm, params, c_rate: float) -> tuple[float, float]:
    model = pybamm.lithium_ion.DFN()
    cutoff = params["Lower voltage cut-off [V]"]
    experiment = pybamm.Experiment([f"Discharge at {c_rate:g}C until {cutoff:g} V"])
    start = time.perf_counter()
    solution = pybamm.Simulation(model, parameter_values=params, experiment=experiment).solve()
    wall_time_s = time.perf_counter() - start
    return float(solution["Discharge capacity [A.h]"].entries[-1]), wall_time_s


def dfn_discharges(design: DfnDesign, c_rates: list[float],
                   reference: Chen2020Reference = CHEN2020) -> list[DfnDischarge]:
    """Run the DFN at the reference rate and at each C-rate for one design.

    Parameters
    ----------
    design : DfnDesign
        Cathode and electrolyte of the design [SI].
    c_rates : list of float
        Discharge rates [1/h]; 1C is the design's C/20 capacity per hour.
    reference : Chen2020Reference
        Unscaled geometry and reference rate.

    Returns
    -------
    list of DfnDischarge
        One entry per C-rate, in the given order.

    Raises
    ------
    DfnUnavailableError
        If PyBaMM is not installed.

    Notes
    -----
    Utilisation u(C) = Q(C)/Q(C/20), both discharged from the parameter set's initial
    (charged) state to its lower cut-off voltage (2.5 V) [doyle1993]_, [pybamm]_.
    """
    pybamm = _import_pybamm()
    params = chen2020_parameters(design, reference)
    reference_ah, _ = _discharge_capacity_ah(pybamm, params, reference.reference_c_rate)
    params.update({"Nominal cell capacity [A.h]": reference_ah})
    area_cm2 = params["Electrode height [m]"] * params["Electrode width [m]"] * 1.0e4
    results = []
    for c_rate in c_rates:
        capacity_ah, wall_time_s = _discharge_capacity_ah(pybamm, params, c_rate)
        results.append(DfnDischarge(
            c_rate=c_rate,
            capacity_ah=capacity_ah,
            reference_capacity_ah=reference_ah,
            utilisation=capacity_ah / reference_ah,
            areal_reference_capacity_mah_per_cm2=reference_ah * 1.0e3 / area_cm2,
            wall_time_s=wall_time_s,
        ))
    return results
