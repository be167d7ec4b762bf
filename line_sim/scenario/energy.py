"""``[energy]``: outdoor climate, dry room, utilities and CO2 factors of a scenario."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from process_models import dryroom
from process_models.energy import CarrierEmissionFactors
from process_models.slurry import SLURRY_MIXING_WORK_KJ_PER_KG


def _efficiency_field(default: float, description: str) -> Any:
    return Field(default, description=description, gt=0.0, le=1.0)


class EnergySettings(BaseModel):
    """A scenario's ``[energy]`` table: outdoor climate, dry room, utilities, CO2.

    The outdoor climate is one of: a named climate (``outdoor_climate``), a constant
    outdoor state (``outdoor_temperature_c`` with ``outdoor_relative_humidity_pct``) or an
    hourly profile from the start of the run (both ``outdoor_hourly_*`` lists, repeated if
    the run is longer). None given: the ``central_europe`` climate.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

    outdoor_climate: str | None = Field(
        None, description="Named outdoor climate of the site (process_models.dryroom.CLIMATES: "
        "central_europe, nordic, east_asia_humid, us_southwest).")
    outdoor_temperature_c: float | None = Field(
        None, description="Constant outdoor temperature [°C].", ge=-40.0, le=50.0)
    outdoor_relative_humidity_pct: float | None = Field(
        None, description="Constant outdoor relative humidity [%].", ge=0.0, le=100.0)
    outdoor_hourly_temperature_c: list[float] | None = Field(
        None, description="Outdoor temperature for each hour from the start of the run [°C], "
        "-40 to 50; repeated when the run is longer.", min_length=1, max_length=8784)
    outdoor_hourly_relative_humidity_pct: list[float] | None = Field(
        None, description="Outdoor relative humidity for each hour from the start of the run "
        "[%], 0 to 100; same length as the temperatures.", min_length=1, max_length=8784)
    run_start_day_of_year: int | None = Field(
        None, description="Day of the year the run starts on, for a named climate [-]; unset: "
        "the climate's annual mean dry-room power (a yearly figure).", ge=1, le=365)
    dew_point_target_c: float | None = Field(
        None, description="Dew point the dry room holds [°C]; unset: the dew point of the "
        "scenario's base hall climate ([environment]).", ge=-80.0, le=30.0)
    room_volume_m3: float = Field(6000.0, description="Conditioned dry-room volume [m³] "
                                  "(assumption).", gt=0.0, le=1e6)
    room_floor_area_m2: float = Field(1500.0, description="Dry-room floor area [m²] "
                                      "(assumption).", gt=0.0, le=1e5)
    line_floor_area_m2: float = Field(
        600.0, description="Floor area of the line inside the dry room, for allocation [m²] "
        "(assumption: a 60 m x 10 m line).", ge=0.0, le=1e5)
    fresh_air_changes_per_h: float = Field(
        2.0, description="Make-up air for pressurisation and exhausts [1/h] (assumption 1-4).",
        ge=0.0, le=50.0)
    recirculation_air_changes_per_h: float = Field(
        30.0, description="Air moved through the dehumidifier [1/h] (Bry-Air: 20-50).",
        ge=0.0, le=200.0)
    internal_moisture_kg_per_h: float = Field(
        1.0, description="Moisture released inside the room [kg/h] (assumption 0.1-5).",
        ge=0.0, le=100.0)
    line_heat_to_room_fraction: float = Field(
        0.7, description="Share of the electricity of the line's stations released as "
        "sensible heat into the dry room [-] (assumption 0.5-0.9: drives, heated-roll surfaces, "
        "HV supplies end up as room heat; the rest leaves with dryer and booth exhaust air, "
        "cooling water and the product). The NMP-recovery chiller and the compressors stand "
        "outside the room.", ge=0.0, le=1.0)
    dry_room_chiller_cop: float = Field(3.5, description="COP of the chilled-water plant [-] "
                                        "(assumption 2.5-5).", gt=0.0, le=10.0)
    regeneration_heat_kj_per_kg_water: float = Field(
        6000.0, description="Desiccant regeneration heat per kg water at -40 °C dew point "
        "[kJ/kg] (assumption 3000-12000).", gt=0.0, le=50000.0)
    regeneration_carrier: Literal["heat", "electricity"] = Field(
        "heat", description="Carrier of the regeneration heat.")
    dry_room_heater_efficiency: float = _efficiency_field(
        0.9, "Efficiency of the dry room's post-heating and regeneration heat supply [-] "
        "(assumption 0.85-1).")
    dry_room_fan_efficiency: float = _efficiency_field(
        0.65, "Dry-room fan, motor and drive efficiency [-] (assumption 0.55-0.75).")
    drive_efficiency: float = _efficiency_field(
        0.9, "Motor and gearbox efficiency of mixer and fibrillator drives, dry and wet alike "
        "[-] (assumption 0.85-0.95).")
    dry_mixer_idle_power_w: float = Field(
        3000.0, description="Power of the dry (BF, DPSD) batch mixer whenever on, mixing or "
        "not [W] (assumption 1000-6000).", ge=0.0, le=1e6)
    slurry_mixer_idle_power_w: float = Field(
        5000.0, description="Power of the slurry mixer (planetary/dissolver, vacuum) whenever "
        "on [W] (assumption 3000-10000).", ge=0.0, le=1e6)
    heated_rolls_hot_off_shift: bool = Field(
        False, description="Heated rolls stay at temperature between shifts.")
    interpass_heat_retention: float = Field(
        0.5, description="Share of its temperature rise above the hall that the web keeps "
        "from one calender pass to the next [-] (assumption 0.2-0.8: the film cools only "
        "partly on the few metres between stands; 0 re-heats it from the hall every pass).",
        ge=0.0, le=1.0)
    dryer_hot_off_shift: bool = Field(
        False, description="The slurry dryer stays hot between shifts.")
    compressed_air_kwh_per_nm3: float = Field(
        0.11, description="Compressor electricity per Nm³ of compressed air or carrier gas "
        "[kWh/Nm³] (CAGI 0.083-0.117).", gt=0.0, le=1.0)
    jet_mill_air_nm3_per_kg: float = Field(
        3.0, description="Grinding air of a jet-mill fibrillator per kg powder [Nm³/kg] "
        "(assumption 0.8-8).", gt=0.0, le=50.0)
    wet_mixing_kj_per_kg_slurry: float = Field(
        SLURRY_MIXING_WORK_KJ_PER_KG, description="Slurry-route mixing work into the slurry "
        "per kg of slurry, at the shaft (before the drive efficiency) [kJ/kg] (assumption "
        "50-500, of the order of Degen et al. 2023's mixing share).", gt=0.0, le=2000.0)
    laminator_thickness_reduction_um: float = Field(
        20.0, description="Part of the total compaction (uncalendered to final coating "
        "thickness) done in the BF laminating nip [µm]; the film calender does the rest, so "
        "no compaction is counted twice; capped at the total (assumption 5-40).",
        ge=0.0, le=500.0)
    co2_electricity_kg_per_kwh: float | None = Field(
        None, description="CO2 factor of electricity [kg/kWh]; unset: no CO2 KPI.",
        ge=0.0, le=2.0)
    co2_heat_kg_per_kwh: float = Field(
        0.202 / 0.9, description="CO2 factor of heat [kg/kWh] (natural gas 0.202 kg/kWh fuel "
        "(IPCC 2006) over a 0.9 boiler).", ge=0.0, le=2.0)
    co2_compressed_air_kg_per_kwh: float | None = Field(
        None, description="CO2 factor of compressor electricity [kg/kWh]; unset: that of "
        "electricity.", ge=0.0, le=2.0)

    @field_validator("outdoor_climate")
    @classmethod
    def _known_climate(cls, name: str | None) -> str | None:
        if name is not None and name not in dryroom.CLIMATES:
            raise ValueError(f"unknown climate {name!r}; allowed: "
                             + ", ".join(sorted(dryroom.CLIMATES)))
        return name

    @field_validator("outdoor_hourly_temperature_c")
    @classmethod
    def _hourly_temperatures(cls, values: list[float] | None) -> list[float] | None:
        return _within("outdoor_hourly_temperature_c", values, -40.0, 50.0)

    @field_validator("outdoor_hourly_relative_humidity_pct")
    @classmethod
    def _hourly_humidities(cls, values: list[float] | None) -> list[float] | None:
        return _within("outdoor_hourly_relative_humidity_pct", values, 0.0, 100.0)

    @model_validator(mode="after")
    def _consistent(self) -> EnergySettings:
        problems = _climate_source_problems(self)
        if self.line_floor_area_m2 > self.room_floor_area_m2:
            problems.append(f"line_floor_area_m2 = {self.line_floor_area_m2} exceeds "
                            f"room_floor_area_m2 = {self.room_floor_area_m2}; allowed: "
                            "0 to room_floor_area_m2")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def climate_source(self) -> str:
        """``"named"``, ``"constant"`` or ``"hourly"``."""
        if self.outdoor_temperature_c is not None:
            return "constant"
        if self.outdoor_hourly_temperature_c is not None:
            return "hourly"
        return "named"

    def emission_factors(self) -> CarrierEmissionFactors | None:
        """CO2 factors per carrier, or None without an electricity factor."""
        if self.co2_electricity_kg_per_kwh is None:
            return None
        return CarrierEmissionFactors(self.co2_electricity_kg_per_kwh, self.co2_heat_kg_per_kwh,
                                      self.co2_compressed_air_kg_per_kwh)


def _within(name: str, values: list[float] | None, low: float, high: float
            ) -> list[float] | None:
    for i, value in enumerate(values or []):
        if not low <= value <= high:
            raise ValueError(f"{name}[{i}] = {value} is outside the allowed range "
                             f"[{low}, {high}]")
    return values


def _climate_source_problems(s: EnergySettings) -> list[str]:
    constant = (s.outdoor_temperature_c, s.outdoor_relative_humidity_pct)
    hourly = (s.outdoor_hourly_temperature_c, s.outdoor_hourly_relative_humidity_pct)
    problems = []
    if (constant[0] is None) != (constant[1] is None):
        problems.append("outdoor_temperature_c and outdoor_relative_humidity_pct go together; "
                        "set both or neither")
    if (hourly[0] is None) != (hourly[1] is None):
        problems.append("outdoor_hourly_temperature_c and outdoor_hourly_relative_humidity_pct "
                        "go together; set both or neither")
    elif hourly[0] is not None and len(hourly[0]) != len(hourly[1] or []):
        problems.append(f"outdoor_hourly_temperature_c has {len(hourly[0])} values but "
                        f"outdoor_hourly_relative_humidity_pct {len(hourly[1] or [])}; allowed: "
                        "equal lengths")
    given = [name for name, value in (("outdoor_climate", s.outdoor_climate),
                                      ("outdoor_temperature_c", constant[0]),
                                      ("outdoor_hourly_temperature_c", hourly[0]))
             if value is not None]
    if len(given) > 1:
        problems.append(f"give one outdoor climate, not {' and '.join(given)}")
    return problems
