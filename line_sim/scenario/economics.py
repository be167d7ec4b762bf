"""``[economics]``: prices, tariffs, labour, capital and the site's grid CO2 of a scenario.

Every price is in the table's ``currency``. Unset prices take the sourced defaults of
:mod:`process_models.cost` (US dollars, converted to the currency at 2023 rates); set ones
are taken as written. CO2 factors stay in ``[energy]`` (``co2_*_kg_per_kwh``); where the
electricity factor is unset there, the grid factor of ``site_country`` applies.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from line_sim.scenario.base import Strict, fraction_field
from process_models.cost import GRID_CO2_KG_PER_KWH, USD_PER_UNIT


def _price(description: str) -> Any:
    return Field(None, description=description + " Unset: the sourced default "
                 "(process_models.cost), converted to the currency.", ge=0.0, le=1e9)


class Economics(Strict):
    """A scenario's ``[economics]`` table (docs/cost.md)."""

    currency: str = Field("USD", description="Currency of every price in this table and of "
                          "the cost KPIs: " + ", ".join(USD_PER_UNIT) + ".")
    site_country: str = Field("DE", description="Site country (ISO 3166 alpha-2, or WORLD) "
                              "for the grid CO2 factor when [energy] "
                              "co2_electricity_kg_per_kwh is unset: "
                              + ", ".join(sorted(GRID_CO2_KG_PER_KWH)) + ".")
    active_material_price_per_kg: float | None = _price("Active material [currency/kg].")
    conductive_additive_price_per_kg: float | None = _price("Conductive additive "
                                                            "[currency/kg].")
    binder_price_per_kg: float | None = _price("Binder [currency/kg].")
    solvent_price_per_kg: float | None = _price("Slurry solvent [currency/kg].")
    foil_price_per_m2: float | None = _price("Current collector foil [currency/m²].")
    solvent_recovery_fraction: float = fraction_field(
        "Share of the evaporated solvent recovered and reused [-] (assumption 0.95-0.998).",
        0.99)
    handling_loss_fraction: float = fraction_field(
        "Powder lost in mixing and handling [-] (BatPaC mixing yield 99 %).", 0.01, le=0.5)
    scrap_recycling_credit_fraction: float = fraction_field(
        "Share of the material value of scrap returned by recycling [-] (assumption 0-0.5).",
        0.0)
    electricity_price_per_kwh: float | None = _price("Electricity tariff [currency/kWh].")
    heat_price_per_kwh: float | None = _price("Heat (gas or steam) tariff [currency/kWh].")
    compressed_air_price_per_kwh: float | None = _price(
        "Compressed-air carrier (compressor electricity) [currency/kWh]; default: the "
        "electricity tariff.")
    labour_rate_per_h: float | None = _price("Direct labour, fully loaded [currency/h].")
    operators_per_shift: float | None = Field(
        None, description="Operators on the line per shift [-]; unset: the route's default "
        "(slurry 5, BF 4, DPSD 4; assumption 2-8).", ge=0.0, le=100.0)
    stage_capex: dict[str, float] = Field(
        default_factory=dict, description="Installed capital of stages [currency], e.g. "
        "{ drying = 6e6 }; unset stages take the route's default scaled to the line's "
        "throughput (process_models.cost.CapitalCosts).")
    capex_scale_exponent: float = Field(0.6, description="Capex ∝ throughput^p [-] "
                                        "(six-tenths rule; assumption 0.5-0.8).",
                                        ge=0.0, le=1.5)
    floor_area_m2: float | None = Field(
        None, description="Dry-room floor charged to the line [m²]; unset: [energy] "
        "line_floor_area_m2.", ge=0.0, le=1e5)
    dry_room_floor_price_per_m2: float | None = _price(
        "Dry-room floor with building and dehumidification plant [currency/m²].")
    equipment_life_years: float = Field(10.0, description="Equipment life for capital "
                                        "recovery [yr] (assumption 7-15).", gt=0.0, le=100.0)
    building_life_years: float = Field(20.0, description="Building and dry-room life [yr] "
                                       "(assumption 15-30).", gt=0.0, le=100.0)
    interest_rate: float = Field(0.08, description="Cost of capital per year [-] "
                                 "(assumption 0.04-0.12).", ge=0.0, le=1.0)
    maintenance_fraction_per_year: float = fraction_field(
        "Maintenance per year as a share of capital [-] (assumption 0.02-0.06).", 0.04)

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        if value not in USD_PER_UNIT:
            raise ValueError(f"unknown currency {value!r}; allowed: " + ", ".join(USD_PER_UNIT))
        return value

    @field_validator("site_country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        if value not in GRID_CO2_KG_PER_KWH:
            raise ValueError(f"no grid CO2 factor for site_country {value!r}; allowed: "
                             + ", ".join(sorted(GRID_CO2_KG_PER_KWH)))
        return value

    @field_validator("stage_capex")
    @classmethod
    def _non_negative_capex(cls, values: dict[str, float]) -> dict[str, float]:
        for stage, value in values.items():
            if not value >= 0.0:
                raise ValueError(f"stage_capex.{stage} = {value}: allowed: 0 or more")
        return values
