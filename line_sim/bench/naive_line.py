"""Reference for the benchmark only: the BF line written the textbook way.

One SimPy process per metre of web. Powder and dough flow through ``simpy.Container`` /
``simpy.Store`` buffers, each metre passes the four web stations (calender, laminator,
inspection, rewinder) as ``simpy.Resource`` requests with a per-metre timeout, and each
station evaluates the same process models as the discrete-rate engine, on scalars, for
that one metre. :mod:`line_sim.bench` runs it side by side with :func:`line_sim.simulate`
to measure what the discrete-rate design (DESIGN.md §3) saves per simulated metre.

It is not part of the engine and is never used to produce results. What it leaves out
(all cheap next to the per-metre work, and absent or rare in a one-hour BF baseline run):
station failures and repairs, web breaks, the shift calendar (the baseline runs around the
clock), the interval table, KPIs beyond produced and good length, and the DuckDB store.
Coil changes stop the web; the stop reaches the web source a few metres late, because the
metres already between the calender and the rewinder keep moving.
"""

from __future__ import annotations

import copy
import math
from collections import deque
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import pandas as pd
import simpy

from line_sim.engine.climate import ClimateSeries, climate_series
from line_sim.engine.process_chain import ADHESION_SCATTER_CV, BFChain, SegmentConditions
from line_sim.engine.run import random_streams
from line_sim.scenario import Scenario
from process_models import calendering, lamination

SECONDS_PER_HOUR = 3600.0


@dataclass
class PowderLot:
    """Powder of one mixer batch still waiting in the powder hopper."""

    batch_id: int
    discharged_s: float
    mixer_temperature_c: float
    mixer_relative_humidity_pct: float
    blend_cv: float
    remaining_kg: float


@dataclass(frozen=True)
class DoughPortion:
    """One metre's worth of fibrillated dough, with the batch it came from."""

    batch_id: int
    discharged_s: float
    mixer_temperature_c: float
    mixer_relative_humidity_pct: float
    blend_cv: float


@dataclass
class Metre:
    """One metre of web as it passes the stations (one SimPy process each)."""

    index: int
    portion: DoughPortion
    started_s: float
    position_m: float
    startup: bool
    strength_mpa: float = 0.0
    loading_kg_per_m2: float = 0.0
    thickness_m: float = 0.0
    capacity_loss: float = 0.0
    edge_crack: bool = False
    adhesion_kpa: float = 0.0
    out_of_spec: bool = False
    coil: int = 0


@dataclass(frozen=True)
class NaiveRunResult:
    """What a naive run produced."""

    produced_length_m: float
    good_length_m: float
    n_events: int
    metres: pd.DataFrame


class NaiveBFLine:
    """Textbook SimPy model of the BF line: one process per metre of web."""

    def __init__(self, scenario: Scenario, hours: float, seed: int | None = None) -> None:
        self.scenario = scenario
        self.chain = BFChain(scenario)
        self.rngs = random_streams(scenario.seed if seed is None else seed)
        self.env = simpy.Environment()
        self.horizon_s = hours * SECONDS_PER_HOUR
        self.climate: ClimateSeries = climate_series(scenario.environment, self.horizon_s)
        st = scenario.stations
        self.metre_mass_kg = self.chain.coating_mass_per_m_kg
        self.metre_pass_s = 60.0 / scenario.line.speed_m_per_min
        self.fibrillator_rate_kg_per_s = st.fibrillator.max_rate_kg_per_h / SECONDS_PER_HOUR
        self.powder = simpy.Container(self.env, capacity=st.powder_hopper.capacity_kg,
                                      init=st.powder_hopper.initial_level_kg)
        self.powder_lots: deque[PowderLot] = deque()
        self.dough = simpy.Store(self.env, capacity=int(st.dough_hopper.capacity_kg
                                                        / self.metre_mass_kg))
        self.stations = [simpy.Resource(self.env, capacity=1) for _ in range(4)]
        self.feed_state: float | None = None
        self.stop_until_s = 0.0
        self.restart_position_m = 0.0
        self.coil_length_m = 0.0
        self.n_coils = 0
        self.records: list[tuple[Any, ...]] = []
        self._fill_initial_hoppers()

    def _fill_initial_hoppers(self) -> None:
        st = self.scenario.stations
        hall_t, hall_rh = self._hall_conditions()
        initial_cv = self._blend_cv_now()
        self.powder_lots.append(PowderLot(0, 0.0, hall_t, hall_rh, initial_cv,
                                          st.powder_hopper.initial_level_kg))
        portion = DoughPortion(0, 0.0, hall_t, hall_rh, initial_cv)
        for _ in range(int(st.dough_hopper.initial_level_kg / self.metre_mass_kg)):
            self.dough.items.append(portion)

    def run(self) -> NaiveRunResult:
        """Simulate the horizon and return the per-metre records."""
        self.env.process(self._mixer())
        self.env.process(self._fibrillator())
        self.env.process(self._web_source())
        self.env.run(until=self.horizon_s)
        metres = pd.DataFrame.from_records(self.records, columns=[
            "segment", "batch", "coil", "time_h", "loading_mg_per_cm2", "thickness_um",
            "film_tensile_strength_mpa", "adhesion_kpa", "moisture_capacity_loss_fraction",
            "good"])
        return NaiveRunResult(float(len(metres)), float(metres["good"].sum()),
                              scheduled_events(self.env), metres)

    # ------------------------------------------------------------------ powder side
    def _hall_conditions(self) -> tuple[float, float]:
        index = int(self.climate.index_at(self.env.now))
        return (float(self.climate.temperature_c[index]),
                float(self.climate.relative_humidity_pct[index]))

    def _blend_cv_now(self) -> float:
        return float(self.chain.blend_cv(*self._hall_conditions()))

    def _mixer(self) -> Generator[simpy.Event, Any, None]:
        mixer = self.scenario.stations.mixer
        cycle_s = (mixer.mixing_time_min + mixer.load_unload_min) * 60.0
        batch_id = 0
        while True:
            yield self.env.timeout(cycle_s)
            hall_t, hall_rh = self._hall_conditions()
            blend_cv = self._blend_cv_now()
            yield self.powder.put(mixer.batch_mass_kg)
            batch_id += 1
            self.powder_lots.append(PowderLot(batch_id, self.env.now, hall_t, hall_rh, blend_cv,
                                              mixer.batch_mass_kg))

    def _fibrillator(self) -> Generator[simpy.Event, Any, None]:
        hold_s = self.metre_mass_kg / self.fibrillator_rate_kg_per_s
        while True:
            yield self.powder.get(self.metre_mass_kg)
            lot = self._take_powder(self.metre_mass_kg)
            yield self.env.timeout(hold_s)
            yield self.dough.put(DoughPortion(lot.batch_id, lot.discharged_s,
                                              lot.mixer_temperature_c,
                                              lot.mixer_relative_humidity_pct, lot.blend_cv))

    def _take_powder(self, mass_kg: float) -> PowderLot:
        """Draw from the oldest lot (first in, first out); return the lot drawn from."""
        lot = self.powder_lots[0]
        lot.remaining_kg -= mass_kg
        while lot.remaining_kg <= 0.0 and len(self.powder_lots) > 1:
            spill = -self.powder_lots.popleft().remaining_kg
            lot = self.powder_lots[0]
            lot.remaining_kg -= spill
        return lot

    # ------------------------------------------------------------------ web side
    def _web_source(self) -> Generator[simpy.Event, Any, None]:
        index = 0
        scrap_m = self.scenario.reliability.restart_scrap_m
        while True:
            portion = yield self.dough.get()
            if self.env.now < self.stop_until_s:
                yield self.env.timeout(self.stop_until_s - self.env.now)
                self.restart_position_m = float(index)
            startup = index - self.restart_position_m < scrap_m
            self.env.process(self._metre(Metre(index, portion, self.env.now, float(index),
                                               startup)))
            index += 1
            yield self.env.timeout(self.metre_pass_s)

    def _metre(self, metre: Metre) -> Generator[simpy.Event, Any, None]:
        steps = (self._calender, self._laminator, self._inspection, self._rewinder)
        for station, step in zip(self.stations, steps, strict=True):
            with station.request() as request:
                yield request
                step(metre)
                yield self.env.timeout(self.metre_pass_s)

    def _calender(self, metre: Metre) -> None:
        chain, portion = self.chain, metre.portion
        hall_t, hall_rh = self._hall_conditions()
        conditions = SegmentConditions(hall_t, hall_rh, portion.mixer_temperature_c,
                                       portion.mixer_relative_humidity_pct, 1.0 / self.metre_pass_s)
        film = chain.film_state(hall_t, portion.mixer_temperature_c)
        metre.strength_mpa = float(film.tensile_strength_mpa)
        metre.loading_kg_per_m2 = chain.target_loading_kg_per_m2 * (
            1.0 + float(chain.loading_cv(portion.blend_cv, conditions))
            * self._next_feed_fluctuation())
        metre.thickness_m = metre.loading_kg_per_m2 / (
            chain.solid_density_kg_per_m3 * (1.0 - chain.porosity))
        _, loss = chain.moisture_capacity_loss(self.env.now - portion.discharged_s, hall_t, hall_rh)
        metre.capacity_loss = float(loss)
        crack_p = float(calendering.edge_crack_probability(
            chain.web_stress_mpa(chain.nominal_thickness_m), metre.strength_mpa,
            self.scenario.simulation.segment_length_m, chain.web_failure))
        metre.edge_crack = bool(self.rngs["edge_crack"].random() < crack_p)

    def _next_feed_fluctuation(self) -> float:
        """AR(1) feed fluctuation, one step per metre (same recursion as the engine)."""
        sim = self.scenario.simulation
        phi = math.exp(-1.0 / max(sim.feed_correlation_length_m, 1e-12))
        shock = float(self.rngs["feed"].standard_normal())
        if self.feed_state is None:
            self.feed_state = shock
        else:
            self.feed_state = phi * self.feed_state + math.sqrt(1.0 - phi * phi) * shock
        return self.feed_state

    def _laminator(self, metre: Metre) -> None:
        lam, chain = self.scenario.stations.laminator, self.chain
        adhesion = lamination.adhesion_strength_kpa(
            lam.nip_temperature_c, lam.line_load_n_per_mm, 1.0 / self.metre_pass_s,
            chain.binder.softening_c, metre.strength_mpa, chain.lamination)
        scatter = 1.0 + ADHESION_SCATTER_CV * float(self.rngs["adhesion"].standard_normal())
        metre.adhesion_kpa = float(adhesion) * max(0.0, scatter)

    def _inspection(self, metre: Metre) -> None:
        inspection, quality = self.scenario.stations.inspection, self.scenario.quality
        loading_noise = float(self.rngs["gauge.loading"].standard_normal())
        thickness_noise = float(self.rngs["gauge.thickness"].standard_normal())
        loading = metre.loading_kg_per_m2 * (1.0 + inspection.loading_noise_pct / 100.0 * loading_noise)
        thickness = max(metre.thickness_m + inspection.thickness_noise_um * 1e-6 * thickness_noise,
                        1e-9)
        porosity = 1.0 - loading / (self.chain.solid_density_kg_per_m3 * thickness)
        target_loading = self.chain.target_loading_kg_per_m2
        target_thickness = (quality.thickness_um * 1e-6 if quality.thickness_um is not None
                            else target_loading / (self.chain.solid_density_kg_per_m3
                                                   * (1.0 - quality.porosity)))
        metre.out_of_spec = bool(
            abs(loading / target_loading - 1.0) * 100.0 > quality.loading_tolerance_pct
            or abs(thickness / target_thickness - 1.0) * 100.0 > quality.thickness_tolerance_pct
            or abs(porosity - quality.porosity) > quality.porosity_tolerance)

    def _rewinder(self, metre: Metre) -> None:
        metre.coil = self.n_coils
        self.coil_length_m += 1.0
        good = not (metre.startup or metre.edge_crack or metre.out_of_spec
                    or metre.adhesion_kpa < self.scenario.quality.min_adhesion_kpa)
        self.records.append((
            metre.index, metre.portion.batch_id, metre.coil, metre.started_s / SECONDS_PER_HOUR,
            metre.loading_kg_per_m2 * 100.0, metre.thickness_m * 1e6, metre.strength_mpa,
            metre.adhesion_kpa, metre.capacity_loss, good))
        if self.coil_length_m >= self.scenario.stations.rewinder.coil_length_m:
            self.n_coils += 1
            self.coil_length_m = 0.0
            change_s = self.scenario.stations.rewinder.coil_change_min * 60.0
            self.stop_until_s = max(self.stop_until_s, self.env.now + change_s)


def scheduled_events(env: simpy.Environment) -> int:
    """Events scheduled in ``env`` so far (SimPy numbers every event it schedules)."""
    return next(copy.copy(env._eid))


def naive_run(scenario: Scenario, hours: float, seed: int | None = None) -> NaiveRunResult:
    """Run the textbook model for ``hours`` (keep it short: about 1 ms per metre)."""
    if not hours > 0.0:
        raise ValueError(f"hours must be > 0, got {hours}")
    return NaiveBFLine(scenario, hours, seed).run()


