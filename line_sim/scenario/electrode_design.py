"""Electrode design files (DESIGN.toml): ``[electrode]``, ``[electrolyte]`` and ``[cell]``."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from line_sim.errors import InputError
from line_sim.scenario.base import summarised
from line_sim.scenario.cell import CellSection, known_name
from process_models.materials import (
    ACTIVE_MATERIALS,
    BINDERS,
    CONDUCTIVE_ADDITIVES,
)

MASS_FRACTION_TOLERANCE = 1e-3
"""Allowed deviation of the mass-fraction sum from 1 [-]."""

CHEN2020_FAMILY = ("NMC811", "NMC712", "NMC622", "NMC532", "NMC111")
"""Cathodes the DFN fidelity maps onto the Chen2020 (NMC811) parameter set."""

DFN_PARAMETER_SETS = {**{name: "Chen2020" for name in CHEN2020_FAMILY},
                      "NCA": "NCA_Kim2011", "LFP": "Prada2013", "LCO": "Marquis2019"}
"""PyBaMM parameter set the DFN fidelity maps each cathode onto."""


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
    tortuosity_model: Literal["bruggeman", "measured"] = Field(
        default="bruggeman",
        description="Tortuosity from Bruggeman (bruggeman_exponent) or from the measured "
                    "relations of Landesfeind et al. (JES 2016, 2018) for the active "
                    "material; either times the process factor.")
    specific_capacity_mah_per_g: float | None = Field(
        default=None, gt=0.0, le=4000.0,
        description="Override of the practical specific capacity [mAh/g].")
    solid_diffusivity_m2_per_s: float | None = Field(
        default=None, gt=0.0, le=1e-8, description="Override of the solid diffusivity [m^2/s].")

    @field_validator("active_material")
    @classmethod
    def _known_active(cls, name: str) -> str:
        return known_name(name, ACTIVE_MATERIALS)

    @field_validator("conductive_additive")
    @classmethod
    def _known_additive(cls, name: str) -> str:
        return known_name(name, CONDUCTIVE_ADDITIVES)

    @field_validator("binder")
    @classmethod
    def _known_binder(cls, name: str) -> str:
        return known_name(name, BINDERS)

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
    depletion_diffusivity_ratio: float = Field(
        default=1.79, ge=0.5, le=10.0,
        description="Mean salt diffusivity between 0 and c0 over D(c0) [-]; 1.79 for "
                    "LiPF6 EC:EMC (Nyman2008), 1 for a constant diffusivity.")
    diffusivity_concentration_exponent: float = Field(
        default=1.25, ge=0.0, le=5.0,
        description="b of D(c) = D0·exp(−b(c/c0 − 1)) above c0 [-]; 1.25 for Nyman2008, 0 "
                    "for a constant diffusivity.")



class ElectrodeDesign(BaseModel):
    """A DESIGN.toml file."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    electrode: ElectrodeSection = Field(description="The electrode coating.")
    electrolyte: ElectrolyteSection = Field(default_factory=ElectrolyteSection,
                                            description="Electrolyte transport properties.")
    cell: CellSection | None = Field(default=None, description="Optional cell stack.")


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
        data = tomllib.loads(path.read_text(encoding="utf-8").removeprefix("\ufeff"))  # BOM
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
                         f"{path}: {len(problems):,} problems", summarised(problems)) from None


# ---------------------------------------------------------------------------- evaluation
