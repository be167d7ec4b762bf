"""``[cell]``: the cell stack and format an electrode is rated in."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
)

from process_models.materials import ACTIVE_MATERIALS


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
    tortuosity_model: Literal["bruggeman", "measured"] = Field(
        default="bruggeman",
        description="How the electrode calculator gets the coating's tortuosity: Bruggeman "
                    "(cell.bruggeman_exponent) or the measured relation of Landesfeind et al. "
                    "(JES 2016, 2018) for the active material; either times the route's "
                    "microstructure factor.")
    bruggeman_exponent: float = Field(
        default=1.5, ge=1.0, le=5.0,
        description="Bruggeman exponent α of the cathode coating, τ = ε^(1−α) [-] "
                    "(tortuosity_model = 'bruggeman').")
    nominal_voltage_v: float | None = Field(
        default=None, gt=0.0, le=6.0,
        description="Mean discharge voltage [V]; default from the materials library.")

    @field_validator("anode_material")
    @classmethod
    def _known_anode(cls, name: str) -> str:
        return known_name(name, ACTIVE_MATERIALS)


def known_name(name: str, table: dict[str, Any]) -> str:
    if name not in table:
        raise ValueError(f"unknown name {name!r}; allowed: {', '.join(sorted(table))}")
    return name
