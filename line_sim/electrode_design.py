"""Electrode design files (DESIGN.toml) for the performance and cell calculator.

``[electrode]`` states the composition, loading or thickness, porosity and particle size;
``[electrolyte]`` (optional, Chen2020 defaults) the electrolyte; ``[cell]`` (optional) the
stack and format for Wh/kg and Wh/L. :func:`evaluate_design` returns the JSON object of
``drytwin electrode``; :func:`format_design_report` the human-readable table.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from line_sim.errors import InputError
from process_models import cell as cellmodel
from process_models import electrode as em
from process_models.materials import (
    ACTIVE_MATERIALS,
    BINDERS,
    CONDUCTIVE_ADDITIVES,
    ActiveMaterial,
    active_material,
    binder,
    conductive_additive,
)

MASS_FRACTION_TOLERANCE = 1e-3
"""Allowed deviation of the mass-fraction sum from 1 [-]."""

CHEN2020_FAMILY = ("NMC811", "NMC712", "NMC622", "NMC532", "NMC111", "NCA")
"""Cathodes the DFN fidelity maps onto the Chen2020 (NMC811) parameter set."""


class ElectrodeSection(BaseModel):
    """``[electrode]``: one coating of the design."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    active_material: str = Field(description="Active material, a name from the library.")
    active_mass_fraction: float = Field(ge=0.0, le=1.0, description="Active mass fraction [-].")
    conductive_mass_fraction: float = Field(
        ge=0.0, le=1.0, description="Conductive additive mass fraction [-].")
    binder_mass_fraction: float = Field(ge=0.0, le=1.0, description="Binder mass fraction [-].")
    conductive_additive: str = Field(default="carbon_black",
                                     description="Conductive additive, a library name.")
    binder: str = Field(default="PTFE", description="Binder, a library name (PTFE or PVDF).")
    process: Literal["slurry", "dry_bf", "dry_dpsd"] = Field(
        default="slurry", description="Processing route; sets the tortuosity factor.")
    loading_mg_per_cm2: float | None = Field(
        default=None, gt=0.0, le=300.0, description="Coating mass per side [mg/cm^2].")
    thickness_um: float | None = Field(
        default=None, gt=0.0, le=3000.0, description="Coating thickness per side [µm].")
    porosity: float = Field(gt=0.0, lt=1.0, description="Porosity [-], in (0, 1).")
    particle_radius_um: float = Field(gt=0.0, le=100.0,
                                      description="Active particle radius [µm].")
    bruggeman_exponent: float = Field(default=1.5, ge=1.0, le=5.0,
                                      description="Bruggeman exponent α, τ = ε^(1−α) [-].")
    specific_capacity_mah_per_g: float | None = Field(
        default=None, gt=0.0, le=4000.0,
        description="Override of the practical specific capacity [mAh/g].")
    solid_diffusivity_m2_per_s: float | None = Field(
        default=None, gt=0.0, le=1e-8, description="Override of the solid diffusivity [m^2/s].")

    @field_validator("active_material")
    @classmethod
    def _known_active(cls, name: str) -> str:
        return _known(name, ACTIVE_MATERIALS)

    @field_validator("conductive_additive")
    @classmethod
    def _known_additive(cls, name: str) -> str:
        return _known(name, CONDUCTIVE_ADDITIVES)

    @field_validator("binder")
    @classmethod
    def _known_binder(cls, name: str) -> str:
        return _known(name, BINDERS)

    @model_validator(mode="after")
    def _fractions_and_size(self) -> ElectrodeSection:
        total = self.active_mass_fraction + self.conductive_mass_fraction \
            + self.binder_mass_fraction
        if abs(total - 1.0) > MASS_FRACTION_TOLERANCE:
            raise ValueError(
                f"active_mass_fraction + conductive_mass_fraction + binder_mass_fraction = "
                f"{total:g}; allowed: a sum of 1 (±{MASS_FRACTION_TOLERANCE:g})")
        if (self.loading_mg_per_cm2 is None) == (self.thickness_um is None):
            given = "both" if self.loading_mg_per_cm2 is not None else "neither"
            raise ValueError(f"loading_mg_per_cm2 / thickness_um: {given} given; "
                             "allowed: exactly one of them")
        return self


class ElectrolyteSection(BaseModel):
    """``[electrolyte]``: transport properties; defaults are Chen2020 at 1 M."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    concentration_mol_per_m3: float = Field(default=1000.0, gt=0.0, le=5000.0,
                                            description="Salt concentration c0 [mol/m^3].")
    diffusivity_m2_per_s: float = Field(default=1.77e-10, gt=0.0, le=1e-8,
                                        description="Salt diffusivity D0 [m^2/s].")
    transference_number: float = Field(default=0.2594, ge=0.0, lt=1.0,
                                       description="Cation transference number t+ [-].")
    conductivity_s_per_m: float = Field(default=0.95, gt=0.0, le=10.0,
                                        description="Ionic conductivity κ [S/m].")


class CellSection(BaseModel):
    """``[cell]``: the stack around the electrode and the cell format."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    format: Literal["pouch", "cylindrical", "stack"] = Field(
        default="pouch", description="Cell format; 'stack' excludes tabs and packaging.")
    chemistry: Literal["liquid_li_ion", "solid_state_li_metal"] = Field(
        default="liquid_li_ion", description="Liquid Li-ion or solid-state Li-metal cell.")
    np_ratio: float = Field(default=1.1, gt=0.0, le=5.0,
                            description="Negative to positive capacity ratio [-].")
    anode_material: str = Field(default="graphite",
                                description="Anode active material (liquid cells).")
    anode_active_mass_fraction: float = Field(default=0.96, gt=0.0, le=1.0,
                                              description="Anode active mass fraction [-].")
    anode_porosity: float = Field(default=0.25, gt=0.0, lt=1.0,
                                  description="Anode porosity [-].")
    separator_thickness_um: float = Field(default=12.0, gt=0.0, le=200.0,
                                          description="Separator thickness [µm].")
    separator_porosity: float = Field(default=0.47, gt=0.0, lt=1.0,
                                      description="Separator porosity [-].")
    solid_electrolyte_thickness_um: float = Field(
        default=30.0, gt=0.0, le=500.0, description="Solid-electrolyte layer thickness [µm].")
    nominal_voltage_v: float | None = Field(
        default=None, gt=0.0, le=6.0,
        description="Mean discharge voltage [V]; default from the materials library.")

    @field_validator("anode_material")
    @classmethod
    def _known_anode(cls, name: str) -> str:
        return _known(name, ACTIVE_MATERIALS)


class ElectrodeDesign(BaseModel):
    """A DESIGN.toml file."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    electrode: ElectrodeSection = Field(description="The electrode coating.")
    electrolyte: ElectrolyteSection = Field(default_factory=ElectrolyteSection,
                                            description="Electrolyte transport properties.")
    cell: CellSection | None = Field(default=None, description="Optional cell stack.")


def _known(name: str, table: dict[str, Any]) -> str:
    if name not in table:
        raise ValueError(f"unknown name {name!r}; allowed: {', '.join(sorted(table))}")
    return name


# ------------------------------------------------------------------------------- loading


def _problem(error: dict[str, Any]) -> str:
    location = [str(part) for part in error["loc"]]
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return f"[{'.'.join(location[:-1]) or 'top'}].{location[-1]}: unknown field; " \
               "check the spelling"
    if error["type"] == "missing":
        return f"[{'.'.join(location[:-1])}].{location[-1]}: required field is missing"
    if len(location) == 1:
        return f"[{location[0]}]: {message}"
    field = ".".join(location[1:])
    return f"[{location[0]}].{field} = {error['input']!r}: {message}"


def load_electrode_design(path: str | Path) -> ElectrodeDesign:
    """Read and validate a DESIGN.toml file.

    Raises
    ------
    InputError
        Missing file, TOML syntax error, or invalid fields; the message names the file,
        the field, the value and what is allowed.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the file ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{path}: not valid TOML ({error})") from None
    except RecursionError:
        raise InputError(f"{path}: not valid TOML (arrays or tables nested too deeply)") from None
    try:
        return ElectrodeDesign.model_validate(data)
    except ValidationError as error:
        problems = [f"{path}: {_problem(e)}" for e in error.errors()]
        raise InputError(problems[0] if len(problems) == 1 else
                         f"{path}: {len(problems)} problems", problems) from None


# ---------------------------------------------------------------------------- evaluation


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
