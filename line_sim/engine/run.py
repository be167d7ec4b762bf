"""One run of a scenario: build the line, simulate, compute the web and the KPIs."""

from __future__ import annotations

import functools
import math
import sys
import time
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import simpy

from line_sim.engine.climate import ClimateSeries, climate_series
from line_sim.engine.cost import cost_kpis
from line_sim.engine.energy import energy_kpis
from line_sim.engine.kpis import WebTotals, interval_frame, line_kpis
from line_sim.engine.layout import ALL_STATIONS, FIBRILLATOR_STATES, MIXER_STATES
from line_sim.engine.line import NOT_KEPT_EVENT, ElectrodeLine
from line_sim.engine.performance import add_coil_performance, cell_kpis
from line_sim.engine.post_drying import (
    POST_DRYING_STAGE,
    mark_moisture_scrap,
    moisture_kpis,
    moisture_scrapped,
    post_drying_warnings,
    simulate_post_drying,
    with_post_drying,
)
from line_sim.engine.process_chain import DPSDChain, ProcessChain, process_chain
from line_sim.engine.slurry_limits import slurry_drying_kpis, slurry_drying_warnings
from line_sim.engine.speed_limits import speed_limit_kpis
from line_sim.engine.web import WebCarry, WebInputs, compute_segments, porosity_kpis, segment_chunks
from line_sim.scenario import Scenario, check_horizon_h, check_seed
from line_sim.scenario.validity import calibrated_range_warnings
from line_sim.version import __version__
from process_models.slurry import coating_passes_required

SECONDS_PER_HOUR = 3600.0
CHUNK_SEGMENTS = 500_000
"""Segments computed per vectorised piece: large enough for numpy, small enough that a
year at 1 cm segments never holds more than a few hundred MB at once."""
PLAUSIBLE_EVENTS_PER_H = 1.0
"""Failures of one station, or web breaks, per simulated hour above which a run warns."""
RANDOM_STREAMS = ("web_break", "feed", "gauge.loading", "gauge.thickness", "edge_crack", "adhesion",
                  *(f"failure.{s}" for s in ALL_STATIONS),
                  *(f"repair.{s}" for s in ALL_STATIONS), "post_dryer")


@dataclass
class RunResult:
    """Everything a run produced.

    Attributes
    ----------
    kpis : dict
        Scalar KPIs (and the nested ``downtime_by_cause_h`` and ``scrap_by_cause``).
    segments : DataFrame
        One row per web segment (properties, genealogy, scrap cause).
    coils : DataFrame
        One row per coil.
    events : DataFrame
        Discrete events: time, event, station, detail.
    intervals : DataFrame
        The engine's interval table (rates and states between events).
    """

    run_id: str
    scenario: Scenario
    seed: int
    horizon_h: float
    kpis: dict[str, Any]
    segments: pd.DataFrame
    coils: pd.DataFrame
    events: pd.DataFrame
    intervals: pd.DataFrame
    mass_balance_kg: dict[str, float]
    warnings: list[str] = field(default_factory=list)
    wall_time_s: float = 0.0
    version: str = __version__

    def summary(self) -> dict[str, Any]:
        """The JSON object of ``drytwin run --json``."""
        return {
            "run_id": self.run_id,
            "scenario": self.scenario.name,
            "scenario_hash": self.scenario.canonical_hash(),
            "seed": self.seed,
            "route": self.scenario.route,
            "horizon_h": self.horizon_h,
            **self.kpis,
            "warnings": list(self.warnings),
            "wall_time_s": self.wall_time_s,
            "version": self.version,
        }


def random_streams(seed: int) -> dict[str, np.random.Generator]:
    """One independent generator per random source, keyed by a stable name.

    Each stream's ``SeedSequence`` is (seed, crc32(name)), so adding a source never
    shifts the numbers another source draws.
    """
    return {
        name: np.random.Generator(np.random.PCG64(
            np.random.SeedSequence(seed, spawn_key=(zlib.crc32(name.encode()),))))
        for name in RANDOM_STREAMS
    }


class NumericalNotes:
    """Floating-point trouble (overflow, division by zero, invalid values) met during a run.

    Extreme but valid settings can overflow a power or divide by a zero capacity deep in the
    process models; numpy would print a RuntimeWarning with a source line on the user's
    terminal. Under :meth:`watch` each kind and place is counted instead and ends up as one
    warning of the run, kept with it.
    """

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], int] = {}

    def record(self, kind: str, flag: int) -> None:
        """numpy's error callback: count ``kind`` at the Python line that met it."""
        frame = sys._getframe(1)
        path = frame.f_code.co_filename.replace("\\", "/")
        for package in ("/process_models/", "/line_sim/"):
            if package in path:
                path = package[1:] + path.rsplit(package, 1)[1]
        where = f"{path}:{frame.f_lineno} ({frame.f_code.co_name})"
        self.counts[(kind, where)] = self.counts.get((kind, where), 0) + 1

    def watch(self) -> Any:
        """Context in which numpy reports floating-point errors to :meth:`record`."""
        return np.errstate(divide="call", over="call", invalid="call", under="ignore",
                           call=self.record)

    def warnings(self) -> list[str]:
        """One warning per kind and place, or none."""
        return [f"numerical: {kind} in {where} ({n} time{'s' if n > 1 else ''}) from extreme "
                "settings; values there are infinite, undefined or capped at a model limit"
                for (kind, where), n in self.counts.items()]


def _keeps_numerical_notes(run: Callable[..., RunResult]) -> Callable[..., RunResult]:
    """``run`` with its floating-point errors as warnings of the result (:class:`NumericalNotes`)."""
    @functools.wraps(run)
    def watched(*args: Any, **kwargs: Any) -> RunResult:
        notes = NumericalNotes()
        with notes.watch():
            result = run(*args, **kwargs)
        result.warnings += notes.warnings()
        return result

    return watched


@_keeps_numerical_notes
def simulate(scenario: Scenario, seed: int | None = None, hours: float | None = None,
             streams: dict[str, Any] | None = None) -> RunResult:
    """Run a scenario and return its KPIs, segments, coils and events.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario (see :func:`line_sim.load_scenario`).
    seed : int, optional
        Overrides the scenario's seed; 0 to 2^63 − 1 like the scenario's ``seed``.
    hours : float, optional
        Overrides the scenario's horizon [h]; 0 to 8784 like ``simulation.horizon_h``.
    streams : dict, optional
        Stand-ins for named random streams (see :data:`RANDOM_STREAMS`), e.g. recorded
        failures and repairs of a plant (:mod:`line_sim.plant.events`); the others draw as usual.

    Raises
    ------
    InputError
        A seed or horizon outside those ranges, before anything is simulated.
    """
    if hours is not None:
        hours = check_horizon_h(hours, "hours")
        scenario = scenario.model_copy(deep=True)
        scenario.simulation.horizon_h = hours
    seed = scenario.seed if seed is None else check_seed(seed, "seed")
    started = time.perf_counter()
    horizon_s = scenario.simulation.horizon_h * SECONDS_PER_HOUR
    chain = process_chain(scenario)
    climate = climate_series(scenario.environment, horizon_s)
    rngs = random_streams(seed) | (streams or {})

    env = simpy.Environment()
    line = ElectrodeLine(env, scenario, chain, climate, rngs, horizon_s)
    line.start()
    env.run(until=horizon_s) if horizon_s > 0 else None
    line.finish()

    intervals = interval_frame(line.intervals, climate.temperature_c,
                               climate.relative_humidity_pct, MIXER_STATES, FIBRILLATOR_STATES)
    segments, totals = _web(_web_inputs(line, intervals), chain, climate, rngs)
    post = simulate_post_drying(totals.coils(), chain, climate, rngs["post_dryer"])
    totals.scrap_coils(moisture_scrapped(post), "moisture")
    segments = mark_moisture_scrap(segments, moisture_scrapped(post))
    coils = with_post_drying(totals.coils(), post)
    kpis = line_kpis(
        *totals.lengths_m(), intervals, horizon_h=scenario.simulation.horizon_h,
        set_speed_m_per_s=line.set_speed_m_per_s, web_width_m=scenario.line.web_width_m,
        n_failures=sum(s.n_failures for s in line.stations.values()),
        n_web_breaks=line.n_web_breaks, n_coils=len(coils))
    kpis |= totals.quality_kpis()
    kpis |= moisture_kpis(post, chain)
    kpis["n_batches"] = len(line.batches) - 1
    kpis |= cracking_kpis(chain)
    kpis |= slurry_drying_kpis(scenario, chain, intervals)
    kpis |= speed_limit_kpis(scenario, chain, intervals)
    kpis |= porosity_kpis(segments)
    kpis |= chain.deposit_kpis(totals.lengths_m()[0]) if isinstance(chain, DPSDChain) else {}
    coils = add_coil_performance(coils, chain)
    kpis |= cell_kpis(coils, chain)
    kpis |= energy_kpis(scenario, intervals, kpis, scenario.energy, chain,
                        {POST_DRYING_STAGE: {"electricity": post.energy_kwh}})
    kpis |= cost_kpis(scenario, kpis, chain)
    events = pd.DataFrame(line.event_rows(), columns=["time_s", "event", "station", "detail"])
    events.insert(0, "time_h", events.pop("time_s") / SECONDS_PER_HOUR)
    return RunResult(
        run_id=uuid.uuid4().hex, scenario=scenario, seed=seed,
        horizon_h=scenario.simulation.horizon_h, kpis=kpis, segments=segments,
        coils=coils, events=events, intervals=intervals,
        mass_balance_kg=line.mass_balance_kg(),
        warnings=(calibrated_range_warnings(scenario) + cracking_warnings(scenario, kpis)
                  + slurry_drying_warnings(scenario, kpis)
                  + _kept_segment_notes(segments, kpis) + post_drying_warnings(post, scenario)
                  + event_rate_warnings(line)),
        wall_time_s=time.perf_counter() - started)


def _web(inputs: WebInputs, chain: ProcessChain, climate: ClimateSeries,
         rngs: dict[str, np.random.Generator]) -> tuple[pd.DataFrame, WebTotals]:
    """All segments in pieces of bounded size; sums for the KPIs, rows kept up to a limit.

    Past ``simulation.max_kept_segments`` every k-th segment is kept (for plots), so the
    memory of a run stays bounded whatever its horizon; KPIs and coils use every segment.
    """
    sim = chain.scenario.simulation
    pieces = segment_chunks(inputs.produced_length_m, sim.segment_length_m, CHUNK_SEGMENTS)
    total = pieces[-1][1] if pieces else 0
    stride = max(1, math.ceil(total / sim.max_kept_segments))
    totals, kept, carry = WebTotals(), [], WebCarry()
    for first, stop in pieces:
        piece, carry = compute_segments(inputs, chain, climate, rngs, first, stop, carry)
        totals.add(piece)
        kept.append(piece if stride == 1 else piece[piece["segment"] % stride == 0])
    segments = pd.concat(kept, ignore_index=True) if kept else compute_segments(
        inputs, chain, climate, rngs)[0]
    return segments, totals


def _kept_segment_notes(segments: pd.DataFrame, kpis: dict[str, Any]) -> list[str]:
    produced = kpis["produced_length_m"]
    kept = float(segments["length_m"].sum()) if not segments.empty else 0.0
    if produced <= 0 or kept >= produced * (1 - 1e-9):
        return []
    return [f"segments: every {round(produced / max(kept, 1e-9))}-th segment kept in the result "
            "(simulation.max_kept_segments); KPIs and coils use every segment"]


def event_rate_warnings(line: ElectrodeLine) -> list[str]:
    """Implausibly frequent failures or web breaks, and an event log cut at its limit.

    More than :data:`PLAUSIBLE_EVENTS_PER_H` failures of one station, or web breaks, per
    simulated hour on average is no production line: the reliability data (or the film's
    strength under its tension) are most likely wrong.
    """
    hours = line.horizon_s / SECONDS_PER_HOUR
    notes = []
    if hours > 0.0:
        counts = [(f"station {name} failed", f"reliability.{name}.mtbf_h and mttr_h",
                   status.n_failures) for name, status in line.stations.items()]
        counts.append(("the web broke", "reliability.web_break_rethread_min, the film's "
                       "strength and its web tension", line.n_web_breaks))
        notes += [f"{what} {n} times in {hours:g} h ({n / hours:.3g} per hour): implausible for "
                  f"a production line (more than {PLAUSIBLE_EVENTS_PER_H:g} per hour); check "
                  f"{where}" for what, where, n in counts if n > PLAUSIBLE_EVENTS_PER_H * hours]
    not_kept = sum(line.events_not_kept.values())
    if not_kept:
        notes.append(f"events: the first {line.max_event_rows:,} events are kept as rows, the other "
                     f"{not_kept:,} are counted per kind and station in the last rows (event "
                     f"'{NOT_KEPT_EVENT}'); KPIs count every event")
    return notes


def cracking_kpis(chain: ProcessChain) -> dict[str, Any]:
    """Slurry cracking limit (seed Eq. 1) for these particles against the dry film."""
    h_max_m = chain.slurry_cracking_limit_m()
    uncalendered_m = chain.target_loading_kg_per_m2 / (
        chain.solid_density_kg_per_m3 * (1.0 - chain.calendering.initial_porosity))
    return {
        "slurry_cracking_limit_um": h_max_m * 1e6,
        "uncalendered_thickness_um": uncalendered_m * 1e6,
        "slurry_coating_passes_required": int(coating_passes_required(uncalendered_m, h_max_m)),
    }


def cracking_warnings(scenario: Scenario, kpis: dict[str, Any]) -> list[str]:
    """A slurry target thicker than the cracking limit cannot be coated in one pass."""
    passes = kpis["slurry_coating_passes_required"]
    if scenario.route != "slurry" or passes <= 1:
        return []
    return [f"the dried film ({kpis['uncalendered_thickness_um']:.0f} µm) exceeds the slurry "
            f"cracking limit ({kpis['slurry_cracking_limit_um']:.0f} µm, seed Eq. 1): it needs "
            f"{passes} coat-and-dry passes; only a dry route makes it in one"]


def _web_inputs(line: ElectrodeLine, intervals: pd.DataFrame) -> WebInputs:
    speed = intervals["speed_m_per_min"].to_numpy() / 60.0
    starts = intervals["start_h"].to_numpy() * SECONDS_PER_HOUR
    moving = speed > 0.0
    was_moving = np.concatenate(([False], moving[:-1]))
    restarts = intervals["position_m"].to_numpy()[moving & ~was_moving]
    batch_mass = np.array([b.mass_kg for b in line.batches])
    return WebInputs(
        interval_start_s=starts,
        interval_position_m=intervals["position_m"].to_numpy(),
        interval_speed_m_per_s=speed,
        coil_start_m=np.asarray(line.coil_start_m),
        restart_position_m=restarts,
        batch_discharged_s=np.array([b.discharged_s for b in line.batches]),
        batch_cumulative_kg=np.cumsum(batch_mass),
        interval_web_mass_kg=intervals["web_mass_kg"].to_numpy(),
        interval_draw_per_m_kg=intervals["draw_per_m_kg"].to_numpy(),
        produced_length_m=line.position_m,
    )
