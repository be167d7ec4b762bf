"""The electrode-performance and cell calculator behind ``drytwin electrode``.

The fast fidelity is the reduced-order rate model of :mod:`process_models.electrode`, in the
cell of the design's ``[cell]`` (or, without one, the cathode-limited LG M50 cell the model
was calibrated in). Every C-rate also gets the band the uncertain inputs allow (tortuosity
of cathode and anode, salt and solid diffusivities); the output names the model's validity
range and which inputs lie outside it.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from line_sim.errors import InputError
from line_sim.scenario.cell import CellSection
from line_sim.scenario.electrode_design import (
    DFN_PARAMETER_SETS,
    ElectrodeDesign,
    ElectrodeSection,
    ElectrolyteSection,
)
from process_models import cell as cellmodel
from process_models import electrode as em
from process_models.materials import (
    ActiveMaterial,
    active_material,
    binder,
    conductive_additive,
)

RATE_MODEL_NAME = ("reduced-order full-cell rate model calibrated on PyBaMM DFN solutions "
                   "(benchmarks/calibrate_rate_model.py on tests/data/dfn_envelope.csv and "
                   "dfn_validation.csv)")
"""How the JSON output names the fast model."""

DFN_CAPACITY_TOLERANCE = 0.05
"""Relative difference of the DFN's and the design's C/20 capacity that earns a note [-]."""


def _parse_c_rates(c_rates: list[str]) -> list[float]:
    values = []
    for text in c_rates:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and 0.0 < value <= 100.0):
            raise InputError(f"--c-rates: {text!r} is not a C-rate; allowed: numbers in "
                             "(0, 100], comma-separated, e.g. 0.2,0.5,1,2")
        values.append(value)
    return values


def _active(section: ElectrodeSection):
    overrides: dict[str, float] = {}
    if section.specific_capacity_mah_per_g is not None:
        overrides["specific_capacity_mah_per_g"] = section.specific_capacity_mah_per_g
    if section.solid_diffusivity_m2_per_s is not None:
        overrides["solid_diffusivity_m2_per_s"] = section.solid_diffusivity_m2_per_s
    return active_material(section.active_material, **overrides)


def _structure(section: ElectrodeSection) -> em.ElectrodeStructure:
    densities = (conductive_additive(section.conductive_additive).density_kg_per_m3,
                 binder(section.binder).density_kg_per_m3)
    fractions = (section.active_mass_fraction, section.conductive_mass_fraction,
                 section.binder_mass_fraction)
    loading = None if section.loading_mg_per_cm2 is None else section.loading_mg_per_cm2 / 100.0
    thickness = None if section.thickness_um is None else section.thickness_um * 1e-6
    return em.electrode_structure(_active(section), fractions, densities, section.porosity,
                                  loading_kg_per_m2=loading, thickness_m=thickness)


def _electrolyte(section: ElectrolyteSection) -> em.Electrolyte:
    return em.Electrolyte(section.concentration_mol_per_m3, section.diffusivity_m2_per_s,
                          section.transference_number, section.conductivity_s_per_m,
                          section.depletion_diffusivity_ratio,
                          section.diffusivity_concentration_exponent)


def _anode_reference(spec: CellSection) -> em.ElectrodeStructure:
    """A 100 µm anode coating of the cell's recipe: its volumetric capacity and density."""
    rest = (1.0 - spec.anode_active_mass_fraction) / 2.0
    densities = (conductive_additive("carbon_black").density_kg_per_m3,
                 binder("PVDF").density_kg_per_m3)
    return em.electrode_structure(
        active_material(spec.anode_material), (spec.anode_active_mass_fraction, rest, rest),
        densities, spec.anode_porosity, thickness_m=1e-4)


def cell_context(spec: CellSection | None, tortuosity_model: str = "bruggeman"
                 ) -> em.CellContext:
    """The separator and negative electrode a cathode is rated against.

    Parameters
    ----------
    spec : CellSection or None
        The ``[cell]`` of a design or scenario; None: the cathode-limited LG M50 cell of the
        DFN reference (Chen2020 separator and graphite–SiOx anode, N/P 1.2).
    tortuosity_model : str
        ``"bruggeman"`` or ``"measured"`` for the anode's tortuosity.

    Returns
    -------
    CellContext
        A lithium-metal context for solid-state cells (no anode transport limits).
    """
    if spec is None:
        if tortuosity_model == "bruggeman":
            return em.DEFAULT_CELL
        base = em.DEFAULT_CELL
        return dataclasses.replace(base, anode_tortuosity=em.tortuosity(
            base.anode_porosity, tortuosity_model, "graphite"))
    if spec.chemistry != "liquid_li_ion":
        return dataclasses.replace(em.LITHIUM_METAL_CELL,
                                   separator_thickness_m=spec.solid_electrolyte_thickness_um * 1e-6,
                                   separator_porosity=1.0)
    anode = active_material(spec.anode_material)
    reference = _anode_reference(spec)
    return em.CellContext(
        separator_thickness_m=spec.separator_thickness_um * 1e-6,
        separator_porosity=spec.separator_porosity,
        anode_porosity=spec.anode_porosity,
        anode_tortuosity=float(em.tortuosity(spec.anode_porosity, tortuosity_model,
                                             anode.name)),
        np_ratio=spec.np_ratio,
        anode_volumetric_capacity_mah_per_cm3=float(reference.volumetric_capacity_mah_per_cm3),
        anode_particle_radius_m=anode.solid_diffusion_radius_m(anode.d50_um),
        anode_solid_diffusivity_m2_per_s=anode.solid_diffusivity_m2_per_s)


def _dfn_utilisation(design: ElectrodeDesign, rates: list[float]) -> tuple[np.ndarray, float]:
    """DFN utilisation at each rate and the DFN's own C/20 capacity [mAh/cm²]."""
    from process_models.dfn import DfnDesign, DfnUnavailableError, dfn_discharges

    section = design.electrode
    if section.active_material not in DFN_PARAMETER_SETS:
        raise InputError(f"--fidelity dfn: active_material {section.active_material!r} is not "
                         f"supported; allowed: {', '.join(DFN_PARAMETER_SETS)} (mapped onto "
                         "the PyBaMM sets Chen2020, NCA_Kim2011, Prada2013, Marquis2019)")
    structure = _structure(section)
    electrolyte = design.electrolyte
    # only the electrolyte values the file sets replace the set's (concentration-dependent)
    # functions
    given = electrolyte.model_fields_set
    dfn_design = DfnDesign(
        cathode_thickness_m=float(structure.thickness_m), cathode_porosity=section.porosity,
        particle_radius_m=section.particle_radius_um * 1e-6,
        bruggeman_exponent=section.bruggeman_exponent,
        electrolyte_concentration_mol_per_m3=electrolyte.concentration_mol_per_m3
        if "concentration_mol_per_m3" in given else None,
        electrolyte_diffusivity_m2_per_s=electrolyte.diffusivity_m2_per_s
        if "diffusivity_m2_per_s" in given else None,
        transference_number=electrolyte.transference_number
        if "transference_number" in given else None,
        electrolyte_conductivity_s_per_m=electrolyte.conductivity_s_per_m
        if "conductivity_s_per_m" in given else None,
        parameter_set=DFN_PARAMETER_SETS[section.active_material])
    try:
        discharges = dfn_discharges(dfn_design, rates)
    except DfnUnavailableError as error:
        raise InputError(f"--fidelity dfn: {error}") from None
    return (np.array([r.utilisation for r in discharges]),
            float(discharges[0].areal_reference_capacity_mah_per_cm2))


def _tortuosity(section: ElectrodeSection):
    """Central tortuosity, its band and the source of the relation."""
    factor = em.microstructure_factor(section.conductive_additive, section.process)
    args = (section.porosity, section.tortuosity_model, section.active_material,
            section.bruggeman_exponent, factor)
    if section.tortuosity_model == "measured":
        try:
            source = em.measured_relation(section.active_material).source
        except KeyError:
            raise InputError(f"tortuosity_model = 'measured': no measured relation for "
                             f"{section.active_material!r}; allowed: "
                             f"{', '.join(sorted(em.MATERIAL_CLASS))}") from None
    else:
        source = f"Bruggeman, τ = ε^(1 − {section.bruggeman_exponent:g})"
    source += f"; × {factor:g} for {section.conductive_additive} and the {section.process} route"
    low, high = em.tortuosity_band(*args, process=section.process)
    return float(em.tortuosity(*args)), (float(low), float(high)), source


def evaluate_design(design: ElectrodeDesign, c_rates: list[str], fidelity: str = "fast") -> dict:
    """Evaluate a design: structure, transport, rate capability and (with [cell]) the cell.

    Parameters
    ----------
    design : ElectrodeDesign
        Validated design.
    c_rates : list of str
        C-rates as the user wrote them [1/h]; they become the keys of ``c_rates``.
    fidelity : str
        ``"fast"`` (reduced-order model) or ``"dfn"`` (PyBaMM DFN, optional extra).

    Returns
    -------
    dict
        ``thickness_um``, ``loading_mg_per_cm2``, ``areal_capacity_mah_per_cm2``,
        ``volumetric_capacity_mah_per_cm3``, ``tortuosity``, ``tortuosity_low``,
        ``tortuosity_high``, ``tortuosity_model``, ``tortuosity_source``, ``c_rates``
        ({rate as written: {``penetration_depth_um``, ``utilisation``,
        ``utilisation_low``, ``utilisation_high``, ``utilisation_model_error`` (the fast
        model's error bound against the DFN at this design's cliff position; None with the
        DFN, for an anode or outside the calibrated range), ``delivered_capacity_mah_per_cm2``}}),
        ``rate_model`` (name, validity range, inputs outside it, error against the DFN,
        band inputs) and, with ``[cell]``, ``cell_energy_wh_per_kg`` and
        ``cell_energy_wh_per_l``.

    Raises
    ------
    InputError
        Unparseable C-rate, unknown fidelity, or a DFN request that cannot run.
    """
    if fidelity not in ("fast", "dfn"):
        raise InputError(f"--fidelity: {fidelity!r}; allowed: fast, dfn")
    rates = _parse_c_rates(c_rates)
    section = design.electrode
    structure = _structure(section)
    active = _active(section)
    tau, (tau_low, tau_high), source = _tortuosity(section)
    rate_c = np.array(rates)
    args = (structure.thickness_m, section.porosity)
    rest = (structure.areal_capacity_mah_per_cm2, rate_c, section.particle_radius_um * 1e-6,
            active.solid_diffusivity_m2_per_s, _electrolyte(design.electrolyte))
    kwargs = {"active_volume_fraction": structure.volume_fractions[..., 0],
              "chemistry": em.cathode_electrochemistry(section.active_material),
              "cell": cell_context(design.cell, section.tortuosity_model)}
    rate = em.rate_performance(*args, tau, *rest, **kwargs)
    low, high = em.utilisation_band(*args, tau_low, tau_high, *rest, **kwargs)
    capacity = float(structure.areal_capacity_mah_per_cm2)
    dfn_capacity = None
    # the bound was measured on cathodes inside the calibrated range only: none outside it,
    # none for an anode, none for the DFN
    rated = fidelity == "fast" and active.electrode == "cathode"
    model_error = [float(bound) if inside and rated else None for bound, inside in
                   zip(em.utilisation_error_bound(rate.cliff_position + rate.cliff_shift),
                       _inside_validity(section, structure, rate_c, tau), strict=True)]
    if fidelity == "fast":
        utilisation = rate.utilisation
    else:
        utilisation, dfn_capacity = _dfn_utilisation(design, rates)
    result: dict[str, Any] = {
        "thickness_um": float(structure.thickness_m) * 1e6,
        "loading_mg_per_cm2": float(structure.loading_kg_per_m2) * 100.0,
        "areal_capacity_mah_per_cm2": capacity,
        "volumetric_capacity_mah_per_cm3": float(structure.volumetric_capacity_mah_per_cm3),
        "tortuosity": tau,
        "tortuosity_low": tau_low,
        "tortuosity_high": tau_high,
        "tortuosity_model": section.tortuosity_model,
        "tortuosity_source": source,
        "c_rates": {
            text: {
                "penetration_depth_um": float(rate.penetration_depth_m[i]) * 1e6,
                "utilisation": float(utilisation[i]),
                "utilisation_low": float(min(low[i], utilisation[i])),
                "utilisation_high": float(max(high[i], utilisation[i])),
                "utilisation_model_error": model_error[i],
                "delivered_capacity_mah_per_cm2": float(utilisation[i]) * capacity,
            }
            for i, text in enumerate(c_rates)
        },
        "rate_model": _rate_model_report(section, structure, rate_c, tau),
    }
    if dfn_capacity is not None:
        result["dfn_reference_capacity_mah_per_cm2"] = dfn_capacity
        if abs(dfn_capacity / capacity - 1.0) > DFN_CAPACITY_TOLERANCE:
            result["dfn_note"] = (
                f"the DFN's C/20 capacity is {dfn_capacity:.2f} mAh/cm² (the PyBaMM set's own "
                f"stoichiometry window) against the design's {capacity:.2f} mAh/cm²; its "
                "C-rates are relative to its own capacity, so it runs at "
                f"{dfn_capacity / capacity:.2f}× the design's current density")
    if design.cell is not None:
        energy = cell_energy(design, structure)
        result["cell_energy_wh_per_kg"] = float(energy.wh_per_kg)
        result["cell_energy_wh_per_l"] = float(energy.wh_per_l)
    return result


def _validity_inputs(section: ElectrodeSection, structure: em.ElectrodeStructure,
                     rates: np.ndarray, tau: float) -> dict[str, Any]:
    """The design's inputs in the terms of the rate model's validity range."""
    q = float(structure.areal_capacity_mah_per_cm2)
    return {"positive_porosity": section.porosity,
            "positive_thickness_um": float(structure.thickness_m) * 1e6,
            "areal_capacity_mah_per_cm2": q, "c_rate_per_h": rates,
            "current_density_a_per_m2": 10.0 * q * rates,
            "particle_radius_um": section.particle_radius_um,
            "positive_tortuosity": tau}


def _inside_validity(section: ElectrodeSection, structure: em.ElectrodeStructure,
                     rates: np.ndarray, tau: float) -> list[bool]:
    """Whether the design at each C-rate lies inside the rate model's calibrated range."""
    return [not em.outside_validity(_validity_inputs(section, structure, np.array([r]), tau))
            for r in rates]


def _rate_model_report(section: ElectrodeSection, structure: em.ElectrodeStructure,
                       rates: np.ndarray, tau: float) -> dict[str, Any]:
    outside = em.outside_validity(_validity_inputs(section, structure, rates, tau))
    uncertainty = em.DEFAULT_UNCERTAINTY
    return {
        "name": RATE_MODEL_NAME,
        "validity": em.VALIDITY,
        "within_validity": not outside,
        "outside_validity": outside,
        # quoted on designs no fit and no model choice used; validation, training, k-fold beside
        "dfn_error": em.TEST_ERRORS.get("physics_and_warp", {}).get("all", {}),
        "dfn_error_basis": ("random designs inside the validity range that no fit and no "
                            "model choice used "
                            f"({em.TEST_ERRORS.get('table', 'not generated')}, "
                            "benchmarks/dfn_envelope.py --random 30 --test, seeds 2027 and 2028)"),
        "dfn_error_by_parameter_set": {
            name: errors for name, errors in
            em.TEST_ERRORS.get("physics_and_warp", {}).items() if name != "all"},
        # the validation designs chose between model variants and then joined the fit
        "dfn_error_validation": em.VALIDATION_ERRORS.get("physics_and_warp", {}).get("all", {}),
        "dfn_error_training": em.FIT_ERRORS.get("all", {}),
        "dfn_error_cross_validated": em.CORRECTION_CROSS_VALIDATION.get("all", {}),
        # the reference's own numerical error: its mesh against four times PyBaMM's default
        "dfn_reference_mesh": em.REFERENCE_MESH,
        "model_error": {
            "cliff_position_edges": em.MODEL_ERROR["edges"],
            "bound": em.MODEL_ERROR["bound"],
            "coverage": em.MODEL_ERROR["coverage"],
            "test_coverage": em.TEST_ERRORS.get("bound_coverage"),
            "basis": ("per bin of the effective cliff position ln(beta/beta*) + s, the "
                      "ceil(0.95 (n + 1))-th smallest of the n held-out errors of the "
                      "calibration's 10-fold cross-validation (CV+-style; measured, not "
                      "guaranteed); test_coverage: share of the test rows within it; null "
                      "per C-rate outside the validity range"),
        },
        "band_inputs": {
            "tortuosity": "Bruggeman to the measured relation ± scatter, × the route band",
            "dry_process_factor_band": list(em.DRY_PROCESS_FACTOR_BAND),
            "anode_tortuosity": "Bruggeman to the measured graphite relation + scatter",
            "electrolyte_diffusivity_factor": uncertainty.electrolyte_diffusivity_factor,
            "solid_diffusivity_factor": uncertainty.solid_diffusivity_factor,
        },
    }


def cell_energy(design: ElectrodeDesign,
                structure: em.ElectrodeStructure) -> cellmodel.CellEnergy:
    """Energy density of the design's ``[cell]`` at its practical (low-rate) capacity.

    Parameters
    ----------
    design : ElectrodeDesign
        A design with a ``[cell]`` section.
    structure : ElectrodeStructure
        Structure of the design's cathode.

    Returns
    -------
    CellEnergy
    """
    if design.cell is None:
        raise InputError("cell_energy needs a [cell] section")
    return stack_cell_energy(design.cell, _active(design.electrode), structure)


def stack_cell_energy(spec: CellSection, cathode_material: ActiveMaterial,
                      structure: em.ElectrodeStructure) -> cellmodel.CellEnergy:
    """Energy density of a cell built around a cathode structure [Wh/kg, Wh/L].

    Parameters
    ----------
    spec : CellSection
        Stack and format.
    cathode_material : ActiveMaterial
        The cathode's active material (sets the default voltage).
    structure : ElectrodeStructure
        Structure of the cathode coating.
    """
    anode_material = active_material(spec.anode_material)
    cathode = cellmodel.Coating(structure.areal_capacity_mah_per_cm2, structure.thickness_m,
                                structure.loading_kg_per_m2, structure.porosity)
    voltage = spec.nominal_voltage_v
    if spec.chemistry == "liquid_li_ion":
        anode = _anode_coating(spec, anode_material, cathode)
        separator = cellmodel.polyolefin_separator(spec.separator_thickness_um * 1e-6,
                                                   spec.separator_porosity)
        if voltage is None:
            voltage = cathode_material.nominal_voltage_v
    else:
        anode = cellmodel.lithium_metal_anode(cathode.areal_capacity_mah_per_cm2, spec.np_ratio)
        separator = cellmodel.solid_electrolyte_layer(spec.solid_electrolyte_thickness_um * 1e-6)
        if voltage is None:
            # library cathode voltages are against graphite; Li metal sits lower by
            # graphite's mean potential vs Li/Li+
            voltage = cathode_material.nominal_voltage_v \
                + active_material("graphite").nominal_voltage_v
    unit = cellmodel.stack_unit(cathode, anode, separator, voltage,
                                liquid_electrolyte=spec.chemistry == "liquid_li_ion")
    if spec.format == "pouch":
        return cellmodel.pouch_cell(unit)
    if spec.format == "cylindrical":
        return cellmodel.cylindrical_cell(unit)
    return cellmodel.stack_only(unit)


def _anode_coating(spec: CellSection, anode_material, cathode: cellmodel.Coating):
    del anode_material  # the reference coating reads it from spec
    reference = _anode_reference(spec)
    return cellmodel.anode_coating_for_np(
        cathode.areal_capacity_mah_per_cm2, spec.np_ratio,
        float(reference.volumetric_capacity_mah_per_cm3), reference.solid_density_kg_per_m3,
        spec.anode_porosity)


# ------------------------------------------------------------------------------- report


def format_design_report(result: dict) -> str:
    """Human-readable table of an :func:`evaluate_design` result."""
    lines = [
        f"thickness            {result['thickness_um']:10.1f} µm",
        f"loading              {result['loading_mg_per_cm2']:10.2f} mg/cm²",
        f"areal capacity       {result['areal_capacity_mah_per_cm2']:10.2f} mAh/cm²",
        f"volumetric capacity  {result['volumetric_capacity_mah_per_cm3']:10.1f} mAh/cm³",
        f"tortuosity           {result['tortuosity']:10.2f} -  ({result['tortuosity_low']:.2f}"
        f"–{result['tortuosity_high']:.2f}, {result['tortuosity_model']})",
        "",
        f"{'C-rate':>8} {'L_d [µm]':>10} {'utilisation':>12} {'band':>13} {'± model':>8}"
        f" {'delivered [mAh/cm²]':>20}",
    ]
    for text, row in result["c_rates"].items():
        band = f"{row['utilisation_low']:.2f}–{row['utilisation_high']:.2f}"
        error = row.get("utilisation_model_error")
        error_text = "-" if error is None else f"{error:.3f}"
        lines.append(f"{text:>8} {row['penetration_depth_um']:10.1f} {row['utilisation']:12.3f}"
                     f" {band:>13} {error_text:>8} {row['delivered_capacity_mah_per_cm2']:20.2f}")
    if "dfn_note" in result:
        lines += ["", "note: " + result["dfn_note"]]
    if any(row.get("utilisation_model_error") is not None for row in result["c_rates"].values()):
        lines += ["", "± model: the rate model's error bound against the DFN (95 % of held-out "
                  "rows at the same place on the electrolyte cliff were within it; '-' "
                  "outside the calibrated range)"]
    outside = result.get("rate_model", {}).get("outside_validity", [])
    if outside:
        lines += ["", "outside the rate model's calibrated range: " + "; ".join(outside)]
    if "cell_energy_wh_per_kg" in result:
        lines += ["", f"cell energy          {result['cell_energy_wh_per_kg']:10.0f} Wh/kg",
                  f"                     {result['cell_energy_wh_per_l']:10.0f} Wh/L"]
    return "\n".join(lines)
