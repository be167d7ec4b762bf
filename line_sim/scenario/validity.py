"""Calibrated ranges of the process models: valid settings outside them run with a warning."""

from __future__ import annotations

from line_sim.scenario import Scenario

CALIBRATED_TEMPERATURE_C = (15.0, 35.0)
"""Hall temperatures the fibrillation and cohesion models were set up for [°C]."""
CALIBRATED_RELATIVE_HUMIDITY_PCT = (0.0, 60.0)
"""Humidities the moisture-uptake (GAB) model covers [%]; above, capillary condensation
in the powder bed is outside the model."""
CALIBRATED_D50_UM = (1.0, 30.0)
"""Active-material sizes of the fibrillation and compaction data [µm]."""
CALIBRATED_BINDER_FRACTION = (0.005, 0.06)
"""PTFE fractions of the strength data (0.5–4 wt%, J. Mater. Chem. A 2025) [-]."""


def calibrated_range_warnings(scenario: Scenario) -> list[str]:
    """Warnings for settings that are valid but outside a model's calibrated range."""
    warnings: list[str] = []
    env = scenario.environment
    temperatures = [env.temperature_c, *(env.daily_temperature_c or []),
                    *(e.temperature_c for e in env.excursions if e.temperature_c is not None)]
    humidities = [env.relative_humidity_pct, *(env.daily_relative_humidity_pct or []),
                  *(e.relative_humidity_pct for e in env.excursions
                    if e.relative_humidity_pct is not None)]
    _check(warnings, "environment temperature [°C]", temperatures, CALIBRATED_TEMPERATURE_C)
    _check(warnings, "environment relative humidity [%]", humidities,
           CALIBRATED_RELATIVE_HUMIDITY_PCT)
    _check(warnings, "materials.active_material.d50_um", [scenario.materials.active_material.d50_um],
           CALIBRATED_D50_UM)
    _check(warnings, "materials.binder.mass_fraction", [scenario.materials.binder.mass_fraction],
           CALIBRATED_BINDER_FRACTION)
    return warnings


def _check(warnings: list[str], name: str, values: list[float],
           bounds: tuple[float, float]) -> None:
    low, high = bounds
    outside = [v for v in values if not low <= v <= high]
    if outside:
        warnings.append(f"{name}: {min(outside):g}–{max(outside):g} lies outside the calibrated "
                        f"range {low:g}–{high:g}; results there are extrapolated")
