"""The SimPy electrode line (BF, DPSD or slurry route), as a discrete-rate model.

SimPy events mark only what is discrete: a mixer batch finishes, a hopper runs empty or
full, a station fails or is repaired, the web breaks, a coil is full, a shift starts or
ends, the climate steps. Between two events every flow rate is constant; the controller
records each such interval as one row, and the per-metre web properties are computed
afterwards in one vectorised pass (:mod:`line_sim.engine.web`).

Every route has the same shape: batch mixer → first buffer → [converter → second buffer]
→ web group, where the web group's stations are coupled by the web and stop together.

- BF:     mixer → powder hopper → fibrillator → dough hopper → film calender, laminator,
          inspection, rewinder
- DPSD:   mixer → feeder → spray booth, hot calender, inspection, rewinder
- slurry: mixer → slurry tank → coater, dryer, calender, inspection, rewinder

Routes without a converter pass straight through: an infinitely fast converter into a
second buffer of zero capacity couples the web group to the first buffer exactly.
Buffers decouple the rest: a full buffer throttles the station feeding it to the outflow
(blocking), an empty one throttles the station it feeds to the inflow (starving).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy

from line_sim.engine.calendar import production_windows_s, shift_starts_s
from line_sim.engine.climate import ClimateSeries
from line_sim.engine.layout import (
    FIBRILLATOR_STATES,
    LINE_STATES,
    MIXER_STATES,
    route_layout,
)
from line_sim.engine.process_chain import ProcessChain
from line_sim.scenario import Scenario, StationReliability

# Clocks closer than these to a threshold count as at it; they stay far above the float
# resolution of a year of simulated seconds (≈4e-9 s), so the controller always advances.
EPS_S = 1e-6
EPS_KG = 1e-6
EPS_M = 1e-6
EPS_HAZARD = 1e-9
MIN_STEP_S = 1e-6
"""Shortest wait between controller steps [s]: a threshold nearer than this fires at the
next step (its clock overshoots by at most rate × 1 µs, far inside the tolerances above)."""
MAX_STEPS_AT_ONE_TIME = 10_000
MAX_EVENT_ROWS = 100_000
"""Events kept as rows per run; later ones are counted per kind and station, so the log stays
bounded whatever the failure data and horizon (as ``simulation.max_kept_segments`` is)."""
NOT_KEPT_EVENT = "events_not_kept"
"""Event name of the summary rows that close a log cut at :data:`MAX_EVENT_ROWS`."""


@dataclass
class StationStatus:
    """Run-time status of one failing station."""

    name: str
    reliability: StationReliability
    rng: np.random.Generator
    repair_rng: np.random.Generator
    failed: bool = False
    operating_s_to_failure: float = math.inf
    n_failures: int = 0

    def draw_time_to_failure(self) -> None:
        """Operating time until the next failure (exponential, mean MTBF) [s]."""
        self.operating_s_to_failure = float(self.rng.exponential(self.reliability.mtbf_h * 3600.0))

    def draw_repair_time_s(self) -> float:
        """Repair time (lognormal with mean MTTR and the configured CV) [s]."""
        mean = self.reliability.mttr_h * 3600.0
        cv = self.reliability.repair_cv
        if cv <= 0.0:
            return mean
        sigma2 = math.log1p(cv * cv)
        return float(self.repair_rng.lognormal(math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2)))


@dataclass
class IntervalLog:
    """Columns of the interval table, one entry per interval between events."""

    start_s: list[float] = field(default_factory=list)
    end_s: list[float] = field(default_factory=list)
    position_m: list[float] = field(default_factory=list)
    speed_m_per_s: list[float] = field(default_factory=list)
    web_mass_kg: list[float] = field(default_factory=list)
    draw_per_m_kg: list[float] = field(default_factory=list)
    fibrillator_rate_kg_per_s: list[float] = field(default_factory=list)
    climate_index: list[int] = field(default_factory=list)
    coil_id: list[int] = field(default_factory=list)
    line_state: list[int] = field(default_factory=list)
    line_cause: list[str] = field(default_factory=list)
    mixer_state: list[int] = field(default_factory=list)
    fibrillator_state: list[int] = field(default_factory=list)
    powder_level_kg: list[float] = field(default_factory=list)
    dough_level_kg: list[float] = field(default_factory=list)


@dataclass
class Batch:
    """One mixer batch as it left the mixer."""

    batch_id: int
    discharged_s: float
    mass_kg: float


class ElectrodeLine:
    """Discrete-rate SimPy model of an electrode line of any route."""

    def __init__(self, env: simpy.Environment, scenario: Scenario, chain: ProcessChain,
                 climate: ClimateSeries, rngs: dict[str, np.random.Generator],
                 horizon_s: float) -> None:
        self.env = env
        self.scenario = scenario
        self.chain = chain
        self.climate = climate
        self.horizon_s = horizon_s
        st = scenario.stations
        self.layout = layout = route_layout(scenario.route)
        first = getattr(st, layout.first_buffer)
        second = getattr(st, layout.second_buffer) if layout.second_buffer else None
        self.set_speed_m_per_s = scenario.line.speed_m_per_min / 60.0
        self.fibrillator_max_kg_per_s = (st.fibrillator.max_rate_kg_per_h / 3600.0
                                         if layout.converter else math.inf)
        self.mixer_cycle_s = (st.mixer.mixing_time_min + st.mixer.load_unload_min) * 60.0
        self.batch_mass_kg = st.mixer.batch_mass_kg
        self.powder_capacity_kg = first.capacity_kg
        self.dough_capacity_kg = second.capacity_kg if second else 0.0
        self.coil_length_m = st.rewinder.coil_length_m
        self.rngs = rngs
        self._draw_per_m_cache: dict[int, float] = {}
        self.draw_per_m_kg = self._draw_per_m(0)

        self.stations = {
            name: StationStatus(name, getattr(scenario.reliability, name),
                                rngs[f"failure.{name}"], rngs[f"repair.{name}"])
            for name in layout.failing_stations
        }
        for status in self.stations.values():
            status.draw_time_to_failure()

        # state
        self.t_last = 0.0
        self.powder_kg = first.initial_level_kg
        self.dough_kg = second.initial_level_kg if second else 0.0
        self.position_m = 0.0
        self.web_mass_kg = 0.0
        self.charged_kg = self.powder_kg + self.dough_kg
        self.in_mixer_kg = 0.0
        self.mixer_remaining_s = 0.0
        self.mixer_blocked = False
        self.on_shift = False
        self.handover = False
        self.changeover_until_s = 0.0
        self.changeover_cause = ""
        self.climate_index = 0
        self.coil_id = 0
        self.coil_remaining_m = self.coil_length_m
        self.break_budget = float(rngs["web_break"].exponential())
        self.n_web_breaks = 0

        # rates of the current interval
        self.speed_m_per_s = 0.0
        self.web_rate_kg_per_s = 0.0
        self.fib_rate_kg_per_s = 0.0
        self.break_rate_per_m = 0.0
        self.mixer_working = False
        self._state_codes: tuple[int, str, int, int] = (0, "", 0, 0)  # set before any interval

        self.intervals = IntervalLog()
        self.batches: list[Batch] = [Batch(0, 0.0, self.charged_kg)]
        self.coil_start_m: list[float] = [0.0]
        self.events: list[tuple[float, str, str, str]] = []
        self.max_event_rows = MAX_EVENT_ROWS
        self.events_not_kept: Counter[tuple[str, str]] = Counter()  # past max_event_rows
        self._wake: simpy.Event = env.event()

    # ------------------------------------------------------------------ processes
    def start(self) -> None:
        """Register the controller and the calendar, climate and handover processes."""
        self._start_mixer_batch()
        self.env.process(self._controller())
        self.env.process(self._shift_calendar())
        self.env.process(self._climate_steps())
        if self.scenario.calendar.handover_stop_min > 0.0:
            self.env.process(self._handovers())

    def notify(self) -> None:
        """Tell the controller that a discrete state changed now."""
        if not self._wake.triggered:
            self._wake.succeed()

    def _controller(self) -> Generator[simpy.Event, Any, None]:
        steps_here, here = 0, -1.0
        while True:
            steps_here = steps_here + 1 if self.env.now == here else 0
            here = self.env.now
            if steps_here > MAX_STEPS_AT_ONE_TIME:
                raise RuntimeError(f"line controller made no progress at t = {here} s")
            self._advance(self.env.now)
            self._fire_thresholds()
            self._set_rates()
            dt = self._time_to_next_threshold()
            self._wake = self.env.event()
            waits: list[simpy.Event] = [self._wake]
            if dt < math.inf:
                waits.append(self.env.timeout(max(dt, 0.0)))
            yield self.env.any_of(waits)

    def _shift_calendar(self) -> Generator[simpy.Event, Any, None]:
        for start, end in production_windows_s(self.scenario.calendar, self.horizon_s):
            yield self.env.timeout(start - self.env.now)
            self.on_shift = True
            self._log("shift_start", "line", "")
            self.notify()
            yield self.env.timeout(end - self.env.now)
            self.on_shift = False
            self._log("shift_end", "line", "")
            self.notify()

    def _handovers(self) -> Generator[simpy.Event, Any, None]:
        duration = self.scenario.calendar.handover_stop_min * 60.0
        for start in shift_starts_s(self.scenario.calendar, self.horizon_s):
            yield self.env.timeout(max(0.0, start - self.env.now))
            self.handover = True
            self.notify()
            yield self.env.timeout(duration)
            self.handover = False
            self.notify()

    def _climate_steps(self) -> Generator[simpy.Event, Any, None]:
        for index in range(1, len(self.climate.start_s)):
            yield self.env.timeout(self.climate.start_s[index] - self.env.now)
            self.climate_index = index
            self._log("climate_step", "hall",
                      f"T={self.climate.temperature_c[index]:g} °C "
                      f"RH={self.climate.relative_humidity_pct[index]:g} %")
            self.notify()

    def _repair(self, status: StationStatus) -> Generator[simpy.Event, Any, None]:
        duration = status.draw_repair_time_s()
        yield self.env.timeout(duration)
        status.failed = False
        status.draw_time_to_failure()
        self._log("repaired", status.name, f"{duration / 3600.0:.3f} h")
        self.notify()

    def _stop_web_for(self, duration_s: float, cause: str) -> None:
        until = self.env.now + duration_s
        if until >= self.changeover_until_s:  # the stop that ends last names the cause
            self.changeover_until_s = until
            self.changeover_cause = cause
        if duration_s > 0.0:
            self.env.process(self._wake_at(self.changeover_until_s))

    def _wake_at(self, time_s: float) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(time_s - self.env.now)
        self.notify()

    # ------------------------------------------------------------------ integration
    def _advance(self, now: float) -> None:
        dt = now - self.t_last
        if dt <= 0.0:
            return
        self._record_interval(self.t_last, now)
        self.powder_kg -= self.fib_rate_kg_per_s * dt
        self.dough_kg += (self.fib_rate_kg_per_s - self.web_rate_kg_per_s) * dt
        travelled = self.speed_m_per_s * dt
        self.position_m += travelled
        self.web_mass_kg += self.web_rate_kg_per_s * dt
        self.coil_remaining_m -= travelled
        self.break_budget -= self.break_rate_per_m * travelled
        if self.mixer_working:
            self.mixer_remaining_s -= dt
        for status in self._active_stations():
            status.operating_s_to_failure -= dt
        self._snap_levels()
        self.t_last = now

    def _snap_levels(self) -> None:
        # Thresholds are hit exactly in exact arithmetic; remove float residue.
        if abs(self.powder_kg) < EPS_KG:
            self.powder_kg = 0.0
        if abs(self.dough_kg) < EPS_KG:
            self.dough_kg = 0.0
        if abs(self.dough_kg - self.dough_capacity_kg) < EPS_KG:
            self.dough_kg = self.dough_capacity_kg

    def _record_interval(self, start: float, end: float) -> None:
        log = self.intervals
        line_state, cause, mixer_state, fib_state = self._state_codes
        log.start_s.append(start)
        log.end_s.append(end)
        log.position_m.append(self.position_m)
        log.web_mass_kg.append(self.web_mass_kg)
        log.draw_per_m_kg.append(self.draw_per_m_kg)
        log.speed_m_per_s.append(self.speed_m_per_s)
        log.fibrillator_rate_kg_per_s.append(self.fib_rate_kg_per_s if self.layout.converter else 0.0)
        log.climate_index.append(self.climate_index)
        log.coil_id.append(self.coil_id)
        log.line_state.append(line_state)
        log.line_cause.append(cause)
        log.mixer_state.append(mixer_state)
        log.fibrillator_state.append(fib_state)
        log.powder_level_kg.append(self.powder_kg)
        log.dough_level_kg.append(self.dough_kg)

    # ------------------------------------------------------------------ discrete happenings
    def _fire_thresholds(self) -> None:
        for status in self.stations.values():
            if not status.failed and status.operating_s_to_failure <= EPS_S:
                status.failed = True
                status.n_failures += 1
                self._log("failure", status.name, "")
                self.env.process(self._repair(status))
        if self.in_mixer_kg > 0.0 and not self.mixer_blocked and self.mixer_remaining_s <= EPS_S:
            self.mixer_blocked = True
        if self.mixer_blocked and self.powder_kg + self.batch_mass_kg <= (
                self.powder_capacity_kg + EPS_KG):
            self._discharge_batch()
        if self.coil_remaining_m <= EPS_M:
            self._change_coil()
        if self.break_budget <= EPS_HAZARD and self.speed_m_per_s > 0.0:
            self._break_web()

    def _start_mixer_batch(self) -> None:
        self.in_mixer_kg = self.batch_mass_kg
        self.charged_kg += self.batch_mass_kg
        self.mixer_remaining_s = self.mixer_cycle_s
        self.mixer_blocked = False

    def _discharge_batch(self) -> None:
        self.powder_kg += self.in_mixer_kg
        batch = Batch(len(self.batches), self.env.now, self.in_mixer_kg)
        self.batches.append(batch)
        self._log("batch_discharged", "mixer", f"batch {batch.batch_id}")
        self._start_mixer_batch()

    def _change_coil(self) -> None:
        self.coil_start_m.append(self.position_m)
        self._log("coil_done", "rewinder", f"coil {self.coil_id}")
        self.coil_id += 1
        self.coil_remaining_m = self.coil_length_m
        self._stop_web_for(self.scenario.stations.rewinder.coil_change_min * 60.0, "coil_change")

    def _break_web(self) -> None:
        self.n_web_breaks += 1
        self._log("web_break", self.layout.web_stations[0], f"at {self.position_m:.1f} m")
        self.break_budget = float(self.rngs["web_break"].exponential())
        self._stop_web_for(self.scenario.reliability.web_break_rethread_min * 60.0, "web_break")

    # ------------------------------------------------------------------ rates
    def _set_rates(self) -> None:
        now = self.env.now
        web_failed = next((n for n in self.layout.web_stations if self.stations[n].failed), "")
        stopped = now < self.changeover_until_s - EPS_S
        web_up = self.on_shift and not self.handover and not web_failed and not stopped
        converter = self.stations.get(self.layout.converter or "")
        fib_up = self.on_shift and not (converter is not None and converter.failed)
        supply = self.fibrillator_max_kg_per_s if fib_up and self.powder_kg > EPS_KG else 0.0
        self.draw_per_m_kg = self._draw_per_m(self.climate_index)
        demand = self.set_speed_m_per_s * self.draw_per_m_kg if web_up else 0.0
        dough_empty = self.dough_kg <= EPS_KG
        dough_full = self.dough_kg >= self.dough_capacity_kg - EPS_KG
        self.web_rate_kg_per_s = min(demand, supply) if dough_empty else demand
        self.fib_rate_kg_per_s = min(supply, self.web_rate_kg_per_s) if dough_full else supply
        self.speed_m_per_s = self.web_rate_kg_per_s / self.draw_per_m_kg
        self.mixer_working = (self.on_shift and not self.stations["mixer"].failed
                              and not self.mixer_blocked and self.in_mixer_kg > 0.0)
        self.break_rate_per_m = self.chain.web_break_rate_per_m(
            float(self.climate.temperature_c[self.climate_index]),
            float(self.climate.relative_humidity_pct[self.climate_index]),
        ) if self.speed_m_per_s > 0.0 else 0.0
        self._state_codes = (
            self._line_state(web_failed, stopped),
            web_failed or (self.changeover_cause if stopped else ""),
            self._mixer_state(),
            self._fibrillator_state(fib_up, supply, dough_full),
        )

    def _draw_per_m(self, climate_index: int) -> float:
        """Solids drawn per metre of electrode in a climate step (DPSD overspray varies)."""
        draw = self._draw_per_m_cache.get(climate_index)
        if draw is None:
            rh = float(self.climate.relative_humidity_pct[climate_index])
            draw = self._draw_per_m_cache[climate_index] = self.chain.powder_drawn_per_m_kg(rh)
        return draw

    def _line_state(self, web_failed: str, stopped: bool) -> int:
        if self.speed_m_per_s > 0.0:
            name = "running"
        elif not self.on_shift:
            name = "off_shift"
        elif self.handover:
            name = "handover"
        elif web_failed:
            name = "failed"
        elif stopped:
            name = self.changeover_cause
        else:  # on shift, nothing failed or stopped, yet no flow: the buffer ran dry
            name = "starved"
        return LINE_STATES.index(name)

    def _mixer_state(self) -> int:
        if not self.on_shift:
            return MIXER_STATES.index("off_shift")
        if self.stations["mixer"].failed:
            return MIXER_STATES.index("failed")
        return MIXER_STATES.index("blocked" if self.mixer_blocked else "mixing")

    def _fibrillator_state(self, fib_up: bool, supply: float, dough_full: bool) -> int:
        if self.layout.converter is None:
            name = "none"
        elif not self.on_shift:
            name = "off_shift"
        elif not fib_up:
            name = "failed"
        elif supply == 0.0:
            name = "starved"
        elif dough_full and self.fib_rate_kg_per_s < supply:
            name = "blocked"
        else:
            name = "running"
        return FIBRILLATOR_STATES.index(name)

    def _active_stations(self) -> list[StationStatus]:
        active = []
        if self.mixer_working:
            active.append(self.stations["mixer"])
        if self.fib_rate_kg_per_s > 0.0 and self.layout.converter:
            active.append(self.stations[self.layout.converter])
        if self.speed_m_per_s > 0.0:
            active.extend(self.stations[n] for n in self.layout.web_stations)
        return active

    def _time_to_next_threshold(self) -> float:
        candidates = [math.inf]
        if self.fib_rate_kg_per_s > 0.0:
            candidates.append(self.powder_kg / self.fib_rate_kg_per_s)
            if self.mixer_blocked:
                room_needed = self.powder_kg - (self.powder_capacity_kg - self.batch_mass_kg)
                candidates.append(room_needed / self.fib_rate_kg_per_s)
        net_dough = self.fib_rate_kg_per_s - self.web_rate_kg_per_s
        if net_dough < 0.0:
            candidates.append(self.dough_kg / -net_dough)
        elif net_dough > 0.0:
            candidates.append((self.dough_capacity_kg - self.dough_kg) / net_dough)
        if self.mixer_working:
            candidates.append(self.mixer_remaining_s)
        if self.speed_m_per_s > 0.0:
            candidates.append(self.coil_remaining_m / self.speed_m_per_s)
            if self.break_rate_per_m > 0.0:
                candidates.append(self.break_budget / (self.break_rate_per_m * self.speed_m_per_s))
        candidates.extend(s.operating_s_to_failure for s in self._active_stations())
        soonest = min(candidates)
        return 0.0 if soonest <= 0.0 else max(soonest, MIN_STEP_S)

    # ------------------------------------------------------------------ bookkeeping
    def finish(self) -> None:
        """Close the last interval at the horizon."""
        self._advance(self.horizon_s)

    def _log(self, event: str, station: str, detail: str) -> None:
        if len(self.events) < self.max_event_rows:
            self.events.append((self.env.now, event, station, detail))
        else:
            self.events_not_kept[(event, station)] += 1

    def event_rows(self) -> list[tuple[float, str, str, str]]:
        """The event log: one row per event up to ``max_event_rows``, then one summary row
        per event kind and station at the horizon (event ``events_not_kept``, detail
        ``"<count> × <event>"``)."""
        summary = [(self.horizon_s, NOT_KEPT_EVENT, station, f"{count} × {event}")
                   for (event, station), count in sorted(self.events_not_kept.items())]
        return self.events + summary

    def mass_balance_kg(self) -> dict[str, float]:
        """Mass charged into the mixer and where it is now [kg]."""
        return {
            "charged": self.charged_kg,
            "in_mixer": self.in_mixer_kg,
            "powder_hopper": self.powder_kg,
            "dough_hopper": self.dough_kg,
            "film_drawn": self.web_mass_kg,
        }
