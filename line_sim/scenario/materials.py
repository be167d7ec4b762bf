"""``[materials]``: the dry blend, its mass fractions and particle sizes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from line_sim.scenario.base import MASS_FRACTION_TOLERANCE, Strict, fraction_field
from process_models.materials import ACTIVE_MATERIALS, BINDERS, CONDUCTIVE_ADDITIVES

# --------------------------------------------------------------------------- materials


class ParticleComponent(Strict):
    """One powder component: its library name, mass fraction and size distribution."""

    name: str = Field(description="Name in the materials library (process_models.materials).")
    mass_fraction: float = fraction_field("Mass fraction of the dry blend [-].")
    d10_um: float = Field(description="10 % passing particle size [µm].", gt=0.0, le=1000.0)
    d50_um: float = Field(description="Median particle size [µm].", gt=0.0, le=1000.0)
    d90_um: float = Field(description="90 % passing particle size [µm].", gt=0.0, le=1000.0)

    @model_validator(mode="after")
    def _ordered_sizes(self) -> ParticleComponent:
        if not self.d10_um <= self.d50_um <= self.d90_um:
            raise ValueError(
                f"particle sizes must satisfy d10_um <= d50_um <= d90_um, got d10_um="
                f"{self.d10_um}, d50_um={self.d50_um}, d90_um={self.d90_um}")
        return self


class ActiveMaterialComponent(ParticleComponent):
    """The active material."""

    @model_validator(mode="after")
    def _known(self) -> ActiveMaterialComponent:
        if self.name not in ACTIVE_MATERIALS:
            raise ValueError(f"unknown active material {self.name!r}; allowed: "
                             f"{', '.join(sorted(ACTIVE_MATERIALS))}")
        return self


class ConductiveComponent(ParticleComponent):
    """The conductive additive."""

    @model_validator(mode="after")
    def _known(self) -> ConductiveComponent:
        if self.name not in CONDUCTIVE_ADDITIVES:
            raise ValueError(f"unknown conductive additive {self.name!r}; allowed: "
                             f"{', '.join(sorted(CONDUCTIVE_ADDITIVES))}")
        return self


class BinderComponent(Strict):
    """The binder polymer."""

    name: str = Field("PTFE", description="Binder in the materials library (PTFE or PVDF).")
    mass_fraction: float = fraction_field("Mass fraction of the dry blend [-].")
    d50_um: float = Field(500.0, description="Median size of the binder powder as dosed [µm].",
                          gt=0.0, le=5000.0)
    lithiation_mitigation: Literal["none", "peo_coating", "pvp_cobinder", "ptfsi_additive",
                                   "fec_additive"] = Field(
        "none", description="Measure against PTFE lithiation on graphite anodes (seed review: "
        "PEO-coated graphite, PTFE+PVP binder, PTFSI or FEC electrolyte additive); sets the "
        "share of the PTFE reduction left in the first cycle.")

    @model_validator(mode="after")
    def _known(self) -> BinderComponent:
        if self.name not in BINDERS:
            raise ValueError(f"unknown binder {self.name!r}; allowed: {', '.join(sorted(BINDERS))}")
        return self


class Materials(Strict):
    """The dry blend: active material, conductive additive and binder."""

    active_material: ActiveMaterialComponent = Field(description="Active material.")
    conductive_additive: ConductiveComponent = Field(description="Conductive additive.")
    binder: BinderComponent = Field(description="Binder.")
    powder_storage_h: float = Field(
        8.0, description="Time the powders lie open in the hall before they are charged "
        "into the mixer [h] (it adds to their moisture uptake).", ge=0.0, le=8784.0)

    @model_validator(mode="after")
    def _fractions_sum_to_one(self) -> Materials:
        total = (self.active_material.mass_fraction + self.conductive_additive.mass_fraction
                 + self.binder.mass_fraction)
        if abs(total - 1.0) > MASS_FRACTION_TOLERANCE:
            raise ValueError(
                f"mass fractions must sum to 1 (±{MASS_FRACTION_TOLERANCE}); active "
                f"{self.active_material.mass_fraction} + conductive "
                f"{self.conductive_additive.mass_fraction} + binder "
                f"{self.binder.mass_fraction} = {total:.6g}")
        return self
