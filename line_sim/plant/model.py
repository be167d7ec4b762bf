"""The process-model fast path: what the twin predicts for each recorded coil.

Instead of rerunning SimPy, every coil's recorded conditions (hall climate averaged over the
coil's time, the settings in force at its start) go through the same process chain the web
pass uses (:mod:`line_sim.engine.process_chain`): loading, porosity and thickness follow
the target loading and the calender's compaction law, the within-coil loading CV the feed,
blend and deposition variability (seen through the gauge), film strength the fibrillation
model and adhesion the lamination model. Measured coil means are compared to these with a
Gaussian likelihood whose variance is the stated measurement noise plus the coil-to-coil
scatter of a coil mean made of correlated segments.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from line_sim.engine.process_chain import ProcessChain, SegmentConditions, process_chain
from line_sim.errors import InputError
from line_sim.plant.contract import PlantData
from line_sim.scenario import Scenario
from line_sim.scenario.parameters import PARAMETER_SETS

PROPERTIES = ("loading_mg_per_cm2", "thickness_um", "porosity", "loading_cv",
              "tensile_strength_mpa", "adhesion_kpa")
"""Coil properties the fast path predicts (moisture is left to the full replay)."""


class _NoScatter:
    """A stand-in random stream that draws zeros: coil means carry no segment scatter."""

    def standard_normal(self, size: int | None = None) -> np.ndarray:
        return np.zeros(size or 1)


@dataclass(frozen=True)
class CoilConditions:
    """The recorded conditions of each coil and the settings regime it was made in."""

    temperature_c: np.ndarray
    relative_humidity_pct: np.ndarray
    length_m: np.ndarray
    regime: np.ndarray
    regimes: list[dict[str, Any]]


def settings_in_force(plant: PlantData, time_h: np.ndarray) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """For each time, the index of the settings regime in force, and the regimes' overrides."""
    settings = plant.settings.sort_values("time_h", kind="stable")
    change_h = np.unique(settings["time_h"].to_numpy(dtype=float))
    regimes: list[dict[str, Any]] = []
    state: dict[str, Any] = {}
    for t in change_h:
        for _, row in settings[settings["time_h"] == t].iterrows():
            state[str(row["key"])] = _number(row["value"])
        regimes.append(dict(state))
    if not regimes:
        return np.zeros(len(time_h), dtype=int), [{}]
    idx = np.clip(np.searchsorted(change_h, time_h, side="right") - 1, 0, len(regimes) - 1)
    return idx, regimes


def _number(value: Any) -> Any:
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def climate_means(plant: PlantData, start_h: np.ndarray, end_h: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Time-weighted hall temperature [°C] and RH [%] over each window (records held)."""
    climate = plant.climate
    t = climate["time_h"].to_numpy(dtype=float)
    temp = climate["temperature_c"].to_numpy(dtype=float)
    rh = relative_humidity(climate)
    out = []
    for values in (temp, rh):
        cumulative = np.concatenate([[0.0], np.cumsum(values[:-1] * np.diff(t))])

        def integral(x: np.ndarray, v: np.ndarray = values, c: np.ndarray = cumulative) -> np.ndarray:
            i = np.clip(np.searchsorted(t, x, side="right") - 1, 0, t.size - 1)
            return c[i] + v[i] * (x - t[i])

        span = np.maximum(end_h - start_h, 1e-9)
        out.append((integral(end_h) - integral(start_h)) / span)
    return out[0], out[1]


def relative_humidity(climate: pd.DataFrame) -> np.ndarray:
    """The climate table's RH [%], from the dew point where no RH is recorded."""
    from process_models.environment import relative_humidity_from_dew_point_pct

    if "relative_humidity_pct" in climate and climate["relative_humidity_pct"].notna().all():
        return climate["relative_humidity_pct"].to_numpy(dtype=float)
    rh = relative_humidity_from_dew_point_pct(climate["temperature_c"].to_numpy(dtype=float),
                                              climate["dew_point_c"].to_numpy(dtype=float))
    if "relative_humidity_pct" in climate:
        rh = np.where(climate["relative_humidity_pct"].notna(), climate["relative_humidity_pct"], rh)
    return np.asarray(rh, dtype=float)


def coil_conditions(plant: PlantData) -> CoilConditions:
    """Each coil's mean climate and settings regime."""
    start = plant.coils["start_h"].to_numpy(dtype=float)
    end = plant.coils["end_h"].to_numpy(dtype=float)
    temp, rh = climate_means(plant, start, end)
    regime, regimes = settings_in_force(plant, start)
    return CoilConditions(temp, rh, plant.coils["length_m"].to_numpy(dtype=float), regime, regimes)


def with_values(scenario: Scenario, values: dict[str, Any]) -> Scenario:
    """The scenario with dotted keys set (``parameters.<set>.<key>`` included), validated."""
    raw = scenario.model_dump()
    for key, value in values.items():
        parts = key.split(".")
        node = raw
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    for name in list(raw.get("parameters", {})):
        if name not in PARAMETER_SETS:
            raw["parameters"].pop(name)
    try:
        return Scenario.model_validate(raw)
    except ValidationError as error:  # a plant's set point or a fitted value the scenario refuses
        problems = [f"{'.'.join(str(p) for p in e['loc'])} = {e.get('input')!r}: {e['msg']}"
                    for e in error.errors()]
        raise InputError("the plant's settings (or the fitted values) make an impossible "
                         f"scenario; set: {', '.join(f'{k}={v!r}' for k, v in values.items())}",
                         problems) from None


def _ar1_factors(n: np.ndarray, segment_m: float, correlation_m: float
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For n AR(1) segments: E[s²]/σ², Var(mean)/σ² and the effective size of the sample variance
    (Var(s²) = 2σ⁴/n_eff)."""
    phi = math.exp(-segment_m / correlation_m)
    n = np.maximum(n, 2.0)
    if phi < 1e-12:
        var_mean = 1.0 / n
    else:
        var_mean = (1.0 / n) * ((1 + phi) / (1 - phi)
                                - 2 * phi * (1 - phi ** n) / (n * (1 - phi) ** 2))
    sample_var = n / (n - 1) * (1.0 - var_mean)
    n_eff = np.maximum(n * (1 - phi ** 2) / (1 + phi ** 2), 1.0)  # for the sample variance
    return sample_var, var_mean, n_eff


def predict_coils(scenario: Scenario, cond: CoilConditions, values: dict[str, Any],
                  properties: frozenset[str] | None = None
                  ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Predicted coil means and their model scatter (1σ) per property.

    ``values`` are the fitted keys; each coil is computed with its regime's settings.
    ``properties`` limits the work to those properties (film strength and adhesion are the
    costly ones); None computes all.
    """
    n = cond.length_m.size
    out = {p: (np.full(n, np.nan), np.zeros(n)) for p in PROPERTIES}
    for r, regime in enumerate(cond.regimes):
        mask = cond.regime == r
        if not mask.any():
            continue
        chain = process_chain(with_values(scenario, regime | values))
        _predict_regime(chain, cond, mask, out, properties)
    return out


def _predict_regime(chain: ProcessChain, cond: CoilConditions, mask: np.ndarray,
                    out: dict[str, tuple[np.ndarray, np.ndarray]],
                    properties: frozenset[str] | None = None) -> None:
    s = chain.scenario
    t, rh = cond.temperature_c[mask], cond.relative_humidity_pct[mask]
    speed = np.full(t.size, s.line.speed_m_per_min / 60.0)
    c = SegmentConditions(t, rh, t, rh, speed)
    loading = chain.target_loading_kg_per_m2 * 100.0
    cv = chain.loading_cv(chain.blend_cv(t, rh), c)
    seg = s.simulation.segment_length_m
    sample_var, var_mean, n_eff = _ar1_factors(cond.length_m[mask] / seg, seg,
                                               s.simulation.feed_correlation_length_m)
    noise = s.stations.inspection.loading_noise_pct / 100.0
    scatter = loading * cv * np.sqrt(var_mean)
    if hasattr(chain, "segment_porosity"):  # porosity that follows the web's conditions
        porosity, thickness_m = chain.segment_porosity(
            np.full(t.size, chain.target_loading_kg_per_m2), speed, t)
        porosity, thickness = np.asarray(porosity, dtype=float), np.asarray(thickness_m) * 1e6
    else:
        porosity, thickness = np.full(t.size, chain.porosity), chain.nominal_thickness_m * 1e6
    measured_cv2 = cv ** 2 * sample_var + noise ** 2
    cv_sd = np.sqrt(2.0 * cv ** 4 * sample_var ** 2 / n_eff
                    + 2.0 * noise ** 4 / (cond.length_m[mask] / seg))
    values = {
        "loading_mg_per_cm2": (np.full(t.size, loading), scatter),
        "thickness_um": (np.full(t.size, thickness), thickness * cv * np.sqrt(var_mean)),
        "porosity": (porosity, np.zeros(t.size)),
        "loading_cv": (np.sqrt(measured_cv2), cv_sd / (2 * np.sqrt(measured_cv2))),
    }
    if properties is None or properties & {"tensile_strength_mpa", "adhesion_kpa"}:
        route = chain.route_properties(c, {"adhesion": _NoScatter()})  # type: ignore[dict-item]
        if "film_tensile_strength_mpa" in route:
            values["tensile_strength_mpa"] = (route["film_tensile_strength_mpa"], np.zeros(t.size))
        values["adhesion_kpa"] = (route["adhesion_kpa"], np.zeros(t.size))
    for prop, (mean, sd) in values.items():
        out[prop][0][mask] = np.broadcast_to(mean, t.shape)
        out[prop][1][mask] = np.broadcast_to(sd, t.shape)
