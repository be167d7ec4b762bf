"""The electrode-performance and cell calculator behind ``drytwin electrode``."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from line_sim.errors import InputError
from line_sim.scenario.cell import CellSection
from line_sim.scenario.electrode_design import (
    CHEN2020_FAMILY,
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
                          section.transference_number, section.conductivity_s_per_m)


def _dfn_utilisation(design: ElectrodeDesign, rates: list[float]) -> np.ndarray:
    from process_models.dfn import DfnDesign, DfnUnavailableError, dfn_discharges

    section = design.electrode
    if section.active_material not in CHEN2020_FAMILY:
        raise InputError(f"--fidelity dfn: active_material {section.active_material!r} is not "
                         f"supported; allowed: {', '.join(CHEN2020_FAMILY)} (Chen2020 set)")
    structure = _structure(section)
    electrolyte = design.electrolyte
    dfn_design = DfnDesign(
        cathode_thickness_m=float(structure.thickness_m), cathode_porosity=section.porosity,
        particle_radius_m=section.particle_radius_um * 1e-6,
        bruggeman_exponent=section.bruggeman_exponent,
        electrolyte_concentration_mol_per_m3=electrolyte.concentration_mol_per_m3,
        electrolyte_diffusivity_m2_per_s=electrolyte.diffusivity_m2_per_s,
        transference_number=electrolyte.transference_number,
        electrolyte_conductivity_s_per_m=electrolyte.conductivity_s_per_m)
    try:
        return np.array([r.utilisation for r in dfn_discharges(dfn_design, rates)])
    except DfnUnavailableError as error:
        raise InputError(f"--fidelity dfn: {error}") from None


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
        ``volumetric_capacity_mah_per_cm3``, ``tortuosity``, ``c_rates`` ({rate as
        written: {``penetration_depth_um``, ``utilisation``,
        ``delivered_capacity_mah_per_cm2``}}) and, with ``[cell]``,
        ``cell_energy_wh_per_kg`` and ``cell_energy_wh_per_l``.

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
    factor = em.microstructure_factor(section.conductive_additive, section.process)
    tau = float(em.bruggeman_tortuosity(section.porosity, section.bruggeman_exponent, factor))
    rate = em.rate_performance(
        structure.thickness_m, section.porosity, tau, structure.areal_capacity_mah_per_cm2,
        np.array(rates), section.particle_radius_um * 1e-6,
        _active(section).solid_diffusivity_m2_per_s, _electrolyte(design.electrolyte))
    utilisation = rate.utilisation if fidelity == "fast" else _dfn_utilisation(design, rates)
    capacity = float(structure.areal_capacity_mah_per_cm2)
    result: dict[str, Any] = {
        "thickness_um": float(structure.thickness_m) * 1e6,
        "loading_mg_per_cm2": float(structure.loading_kg_per_m2) * 100.0,
        "areal_capacity_mah_per_cm2": capacity,
        "volumetric_capacity_mah_per_cm3": float(structure.volumetric_capacity_mah_per_cm3),
        "tortuosity": tau,
        "c_rates": {
            text: {
                "penetration_depth_um": float(rate.penetration_depth_m[i]) * 1e6,
                "utilisation": float(utilisation[i]),
                "delivered_capacity_mah_per_cm2": float(utilisation[i]) * capacity,
            }
            for i, text in enumerate(c_rates)
        },
    }
    if design.cell is not None:
        energy = cell_energy(design, structure)
        result["cell_energy_wh_per_kg"] = float(energy.wh_per_kg)
        result["cell_energy_wh_per_l"] = float(energy.wh_per_l)
    return result


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
    rest = (1.0 - spec.anode_active_mass_fraction) / 2.0
    densities = (conductive_additive("carbon_black").density_kg_per_m3,
                 binder("PVDF").density_kg_per_m3)
    reference = em.electrode_structure(
        anode_material, (spec.anode_active_mass_fraction, rest, rest), densities,
        spec.anode_porosity, thickness_m=1e-4)
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
        f"tortuosity           {result['tortuosity']:10.2f} -",
        "",
        f"{'C-rate':>8} {'L_d [µm]':>10} {'utilisation':>12} {'delivered [mAh/cm²]':>20}",
    ]
    for text, row in result["c_rates"].items():
        lines.append(f"{text:>8} {row['penetration_depth_um']:10.1f} {row['utilisation']:12.3f}"
                     f" {row['delivered_capacity_mah_per_cm2']:20.2f}")
    if "cell_energy_wh_per_kg" in result:
        lines += ["", f"cell energy          {result['cell_energy_wh_per_kg']:10.0f} Wh/kg",
                  f"                     {result['cell_energy_wh_per_l']:10.0f} Wh/L"]
    return "\n".join(lines)
