"""Per-segment web properties, computed in one vectorised pass over the whole run (any route).

Each segment is mapped to the interval it was made in (``np.searchsorted`` on the
intervals' start positions) and to its powder batch (on cumulative film mass, the hoppers
being first-in first-out); the process chain then evaluates every segment at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from line_sim.engine.climate import ClimateSeries
from line_sim.engine.process_chain import ProcessChain, SegmentConditions
from process_models.variability import ar1_along_web

SCRAP_CAUSES = ("startup", "undried", "edge_crack", "delamination", "loading_out_of_spec",
                "thickness_out_of_spec", "porosity_out_of_spec", "composition_out_of_spec",
                "moisture")
"""Scrap causes in priority order: a segment is charged to the first that applies.
``undried``: a slurry film faster than its dryer can dry; ``moisture`` is charged per coil
after post-drying (:mod:`line_sim.engine.post_drying`); ``composition_out_of_spec``: a DPSD
deposit whose binder fraction has drifted out of tolerance."""

@dataclass(frozen=True)
class WebCarry:
    """What one piece of the web hands to the next, so pieces join seamlessly."""

    feed_fluctuation: float | None = None
    last_crack_m: float = -np.inf


@dataclass(frozen=True)
class WebInputs:
    """What the engine hands to the web computation."""

    interval_start_s: NDArray[np.float64]
    interval_position_m: NDArray[np.float64]
    interval_speed_m_per_s: NDArray[np.float64]
    coil_start_m: NDArray[np.float64]
    restart_position_m: NDArray[np.float64]
    batch_discharged_s: NDArray[np.float64]
    batch_cumulative_kg: NDArray[np.float64]
    interval_web_mass_kg: NDArray[np.float64]
    interval_draw_per_m_kg: NDArray[np.float64]
    produced_length_m: float


def segment_count(produced_length_m: float, segment_length_m: float) -> int:
    """Number of segments of a web; the last may be shorter than the others."""
    return int(np.ceil(produced_length_m / segment_length_m - 1e-12)) if produced_length_m > 0 else 0


def segment_chunks(produced_length_m: float, segment_length_m: float,
                   chunk_segments: int) -> list[tuple[int, int]]:
    """[first, stop) index ranges that cover all segments in pieces of bounded size."""
    n = segment_count(produced_length_m, segment_length_m)
    return [(first, min(first + chunk_segments, n)) for first in range(0, n, chunk_segments)]


def compute_segments(inputs: WebInputs, chain: ProcessChain, climate: ClimateSeries,
                     rngs: dict[str, np.random.Generator], first: int = 0,
                     stop: int | None = None, carry: WebCarry = WebCarry()
                     ) -> tuple[pd.DataFrame, WebCarry]:
    """Properties, defects and genealogy of the segments ``first`` to ``stop − 1``.

    Called on consecutive pieces, each with the :class:`WebCarry` the previous one
    returned, it gives exactly the rows one call over the whole web would.

    Returns
    -------
    DataFrame
        One row per segment: position, length, time, conditions, batch, coil, true and
        measured properties, scrap cause and a ``good`` flag.
    """
    scenario = chain.scenario
    seg_len = scenario.simulation.segment_length_m
    total = segment_count(inputs.produced_length_m, seg_len)
    stop = total if stop is None else min(stop, total)
    if stop <= first:
        return _empty_segments(), carry
    index = np.arange(first, stop)
    start_m = index * seg_len
    lengths = np.minimum(start_m + seg_len, inputs.produced_length_m) - start_m
    mid_m = start_m + lengths / 2.0
    n = mid_m.size

    moving = inputs.interval_speed_m_per_s > 0.0
    pos, speed = inputs.interval_position_m[moving], inputs.interval_speed_m_per_s[moving]
    t0 = inputs.interval_start_s[moving]
    k = np.clip(np.searchsorted(pos, mid_m, side="right") - 1, 0, pos.size - 1)
    time_s = t0[k] + (mid_m - pos[k]) / speed[k]
    seg_speed = speed[k]
    climate_idx = climate.index_at(time_s)
    hall_t = climate.temperature_c[climate_idx]
    hall_rh = climate.relative_humidity_pct[climate_idx]

    # genealogy: first-in first-out through the buffers, on cumulative mass drawn
    cumulative_kg = (inputs.interval_web_mass_kg[moving][k]
                     + (mid_m - pos[k]) * inputs.interval_draw_per_m_kg[moving][k])
    batch = np.minimum(np.searchsorted(inputs.batch_cumulative_kg, cumulative_kg, side="right"),
                       inputs.batch_cumulative_kg.size - 1)
    made_s = np.minimum(inputs.batch_discharged_s[batch], time_s)
    coil = np.searchsorted(inputs.coil_start_m, mid_m, side="right") - 1

    # powder history: the batch was mixed in the climate of its discharge and lay in the
    # hoppers until it reached the calender
    mixer_climate = climate.index_at(made_s)
    exposure_t, exposure_rh = climate.mean_over(made_s, time_s)
    exposure_s = (time_s - made_s + chain.powder_exposure_before_discharge_s
                  if chain.powder_exposed_to_air else np.zeros(n))
    uptake, capacity_loss = chain.moisture_capacity_loss(exposure_s, exposure_t, exposure_rh)
    # the coating's water when wound: the powder's (dry routes; a slurry leaves its dryer
    # dry), then the open web path in the hall
    formed_water = (chain.powder_water(exposure_s, exposure_t, exposure_rh)
                    if chain.powder_exposed_to_air else np.zeros(n))
    wound_water = chain.water_at_winding(formed_water, hall_t, hall_rh, seg_speed)
    blend_cv = chain.blend_cv(climate.temperature_c[mixer_climate],
                              climate.relative_humidity_pct[mixer_climate])

    conditions = SegmentConditions(hall_t, hall_rh, climate.temperature_c[mixer_climate],
                                   climate.relative_humidity_pct[mixer_climate], seg_speed, mid_m)
    route = chain.route_properties(conditions, rngs)
    fluctuation = ar1_along_web(rngs["feed"].standard_normal(n), seg_len,
                                scenario.simulation.feed_correlation_length_m, carry.feed_fluctuation)
    loading = chain.target_loading_kg_per_m2 * (
        1.0 + chain.loading_cv(blend_cv, conditions) * fluctuation)
    porosity, thickness = chain.segment_porosity(loading, seg_speed, hall_t)
    cracks_m = start_m[rngs["edge_crack"].random(n) < route.pop("edge_crack_probability")]
    edge_crack = _overlaps_window_after(start_m, lengths, np.append(carry.last_crack_m, cracks_m),
                                        chain.web_failure.edge_crack_scrap_m)
    adhesion = route.pop("adhesion_kpa")
    undried = route.pop("undried", np.zeros(n, dtype=bool))
    off_composition = route.pop("composition_out_of_spec", np.zeros(n, dtype=bool))

    measured_loading, measured_thickness = _gauge(loading, thickness, chain, rngs)
    measured_porosity = 1.0 - measured_loading / (chain.solid_density_kg_per_m3 *
                                                  measured_thickness)
    startup = _overlaps_window_after(start_m, lengths, inputs.restart_position_m,
                                     scenario.reliability.restart_scrap_m)
    flags = {
        "startup": startup,
        "undried": undried,
        "edge_crack": edge_crack,
        "delamination": adhesion < scenario.quality.min_adhesion_kpa,
        **_spec_flags(measured_loading, measured_thickness, measured_porosity, chain),
    }
    flags["composition_out_of_spec"] = off_composition
    flags["moisture"] = np.zeros(n, dtype=bool)  # charged per coil after post-drying
    cause = _first_cause(flags, n)

    carry = WebCarry(float(fluctuation[-1]), float(cracks_m[-1]) if cracks_m.size else carry.last_crack_m)
    return pd.DataFrame({
        "segment": index,
        "position_m": start_m,
        "length_m": lengths,
        "time_h": time_s / 3600.0,
        "speed_m_per_min": seg_speed * 60.0,
        "temperature_c": hall_t,
        "relative_humidity_pct": hall_rh,
        "batch": batch,
        "coil": coil,
        "powder_exposure_h": exposure_s / 3600.0,
        "water_uptake_ppm": uptake * 1e6,
        "moisture_capacity_loss_fraction": capacity_loss,
        "water_ppm": wound_water * 1e6,
        "blend_cv": blend_cv,
        "feed_fluctuation": fluctuation,
        **route,
        "loading_mg_per_cm2": loading * 100.0,
        "porosity": porosity,
        "thickness_um": thickness * 1e6,
        "adhesion_kpa": adhesion,
        "measured_loading_mg_per_cm2": measured_loading * 100.0,
        "measured_thickness_um": measured_thickness * 1e6,
        "measured_porosity": measured_porosity,
        "scrap_cause": pd.Categorical.from_codes(cause, categories=["", *SCRAP_CAUSES]),
        "good": cause == 0,
    }, copy=False), carry  # fresh arrays owned by nobody else


def porosity_kpis(segments: pd.DataFrame) -> dict[str, float]:
    """Variation of porosity and thickness along the web (length-weighted) [-].

    ``porosity_cv`` and ``thickness_cv``: standard deviation over mean of the segments'
    true porosity and thickness. Computed on the segments the result keeps (every segment
    unless ``simulation.max_kept_segments`` thins them, then every k-th: an estimate).
    """
    if segments.empty:
        return {"porosity_cv": float("nan"), "thickness_cv": float("nan")}
    weights = segments["length_m"].to_numpy()
    out = {}
    for column, name in (("porosity", "porosity_cv"), ("thickness_um", "thickness_cv")):
        values = segments[column].to_numpy()
        mean = float(np.average(values, weights=weights))
        out[name] = float(np.sqrt(np.average((values - mean) ** 2, weights=weights)) / mean)
    return out


def _gauge(loading: NDArray[np.float64], thickness: NDArray[np.float64], chain: ProcessChain,
           rngs: dict[str, np.random.Generator]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    inspection = chain.scenario.stations.inspection
    loading_noise = rngs["gauge.loading"].standard_normal(loading.size)
    thickness_noise = rngs["gauge.thickness"].standard_normal(loading.size)
    measured_loading = loading * (1.0 + inspection.loading_noise_pct / 100.0 * loading_noise)
    measured_thickness = np.maximum(thickness + inspection.thickness_noise_um * 1e-6 * thickness_noise,
                                    1e-9)
    return measured_loading, measured_thickness


def _spec_flags(loading: NDArray[np.float64], thickness: NDArray[np.float64],
                porosity: NDArray[np.float64], chain: ProcessChain
                ) -> dict[str, NDArray[np.bool_]]:
    q = chain.scenario.quality
    target_loading = chain.target_loading_kg_per_m2
    target_thickness = (q.thickness_um * 1e-6 if q.thickness_um is not None else
                        target_loading / (chain.solid_density_kg_per_m3 * (1.0 - q.porosity)))
    return {
        "loading_out_of_spec": np.abs(loading / target_loading - 1.0) * 100.0
        > q.loading_tolerance_pct,
        "thickness_out_of_spec": np.abs(thickness / target_thickness - 1.0) * 100.0
        > q.thickness_tolerance_pct,
        "porosity_out_of_spec": np.abs(porosity - q.porosity) > q.porosity_tolerance,
    }


def _overlaps_window_after(start_m: NDArray[np.float64], lengths_m: NDArray[np.float64],
                           positions_m: NDArray[np.float64], window_m: float) -> NDArray[np.bool_]:
    """Segments overlapping [p, p + window) of any position p (positions ascending)."""
    if positions_m.size == 0 or window_m <= 0.0:
        return np.zeros(start_m.size, dtype=bool)
    latest = np.searchsorted(positions_m, start_m + lengths_m, side="left") - 1
    return (latest >= 0) & (start_m < positions_m[np.maximum(latest, 0)] + window_m)


def _first_cause(flags: dict[str, NDArray[np.bool_]], n: int) -> NDArray[np.int8]:
    cause = np.zeros(n, dtype=np.int8)
    for code in range(len(SCRAP_CAUSES), 0, -1):
        cause[flags[SCRAP_CAUSES[code - 1]]] = code
    return cause


def _empty_segments() -> pd.DataFrame:
    columns = ["segment", "position_m", "length_m", "time_h", "speed_m_per_min",
               "temperature_c", "relative_humidity_pct", "batch", "coil", "powder_exposure_h",
               "water_uptake_ppm", "moisture_capacity_loss_fraction", "water_ppm", "blend_cv",
               "feed_fluctuation",
               "loading_mg_per_cm2",
               "porosity", "thickness_um", "adhesion_kpa", "measured_loading_mg_per_cm2",
               "measured_thickness_um", "measured_porosity"]
    frame = pd.DataFrame({c: pd.Series(dtype=float) for c in columns})
    frame["scrap_cause"] = pd.Categorical([], categories=["", *SCRAP_CAUSES])
    frame["good"] = pd.Series(dtype=bool)
    return frame
