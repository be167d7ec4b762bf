"""``[environment]``: the hall climate, its daily profile and excursions."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from line_sim.scenario.base import MAX_HORIZON_H, Strict
from process_models.environment import dew_point_c as air_dew_point_c

# --------------------------------------------------------------------------- environment


class Excursion(Strict):
    """A step of the hall climate away from its base values, e.g. a dryer outage."""

    start_h: float = Field(description="Start time from the beginning of the run [h], up to "
                           "the longest horizon (8784 h).", ge=0.0, le=MAX_HORIZON_H)
    duration_h: float = Field(description="Length of the excursion [h], up to the longest "
                              "horizon (8784 h).", gt=0.0, le=MAX_HORIZON_H)
    temperature_c: float | None = Field(
        None, description="Hall temperature during the excursion [°C]; unset keeps the base.",
        ge=-30.0, le=60.0)
    relative_humidity_pct: float | None = Field(
        None, description="Relative humidity during the excursion [%]; unset keeps the base.",
        ge=0.0, le=100.0)


HourlyTemperatures = Annotated[
    list[Annotated[float, Field(ge=-30.0, le=60.0)]], Field(min_length=24, max_length=24)]
HourlyHumidities = Annotated[
    list[Annotated[float, Field(ge=0.0, le=100.0)]], Field(min_length=24, max_length=24)]


class Environment(Strict):
    """Climate of the production hall (dry room) around the line.

    A constant base, optionally a daily profile (24 hourly values repeated each day), and
    excursions that override either value for a time window.
    """

    temperature_c: float = Field(22.0, description="Base hall temperature [°C].",
                                 ge=-30.0, le=60.0)
    relative_humidity_pct: float = Field(
        1.0, description="Base relative humidity of the hall [%] (a −40 °C dew-point dry "
        "room at 22 °C is ≈0.5 %).", ge=0.0, le=100.0)
    daily_temperature_c: HourlyTemperatures | None = Field(
        None, description="Hall temperature for each hour of the day [°C] (24 values); "
        "replaces the base temperature.")
    daily_relative_humidity_pct: HourlyHumidities | None = Field(
        None, description="Relative humidity for each hour of the day [%] (24 values); "
        "replaces the base humidity.")
    dew_point_c: float | None = Field(
        None, description="Dew point (frost point below 0 °C) the dry room holds [°C]; the "
        "hall's RH then follows its temperature hour by hour. Instead of "
        "relative_humidity_pct, never both in one file.", ge=-90.0, le=40.0)
    excursions: list[Excursion] = Field(
        default_factory=list, description="Climate steps away from the base or profile.")

    @model_validator(mode="after")
    def _one_humidity_setting(self) -> Environment:
        if self.dew_point_c is None:
            return self
        given = [name for name in ("relative_humidity_pct", "daily_relative_humidity_pct")
                 if name in self.model_fields_set and getattr(self, name) is not None]
        if given:
            raise ValueError(f"dew_point_c = {self.dew_point_c} and {' and '.join(given)} are both "
                             "set; allowed: one humidity setting (dew_point_c or the relative "
                             "humidity)")
        path, coldest = min(hall_temperatures_c(self), key=lambda p: p[1])
        if self.dew_point_c >= coldest:
            raise ValueError(f"dew_point_c = {self.dew_point_c} °C is at or above the hall "
                             f"temperature {path} = {coldest} °C; allowed: below {coldest} °C")
        return self


def hall_temperatures_c(environment: Environment) -> list[tuple[str, float]]:
    """Every hall temperature a scenario states, with its field path [°C]."""
    if environment.daily_temperature_c is not None:
        temps = [(f"environment.daily_temperature_c[{i}]", t)
                 for i, t in enumerate(environment.daily_temperature_c)]
    else:
        temps = [("environment.temperature_c", environment.temperature_c)]
    temps += [(f"environment.excursions[{i}].temperature_c", e.temperature_c)
              for i, e in enumerate(environment.excursions) if e.temperature_c is not None]
    return temps


# --------------------------------------------------------------------------- interval times

def base_dew_point_c(env: Environment) -> float:
    """Dew point of the base hall climate [°C]: the room's target when none is set."""
    if env.dew_point_c is not None:
        return float(env.dew_point_c)
    return float(air_dew_point_c(env.temperature_c, max(env.relative_humidity_pct, 1e-3)))
