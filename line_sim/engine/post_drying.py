"""Residual water per coil, and the vacuum post-dryer that coils queue for before release.

After the web pass each coil knows the water its coating holds when it is wound. It then
waits in the hall for ``quality.coil_hold_h`` (wound, it exchanges water only through its
edges), queues for a vacuum oven, dries until its load's wettest coil reaches a target below
the moisture limit (at least the recipe's minimum dwell, at most its maximum), and is
released to cell assembly. A load closes when it is full (``coils_per_load``) or when its
first coil has waited ``max_load_wait_h``. A coil still above the limit after the maximum dwell is scrapped
with cause ``moisture``.

The ovens are a small SimPy model of their own, run after the line: they are fed by the
coils the line made and never feed back into it (a full coil store would, which is not
modelled). Events are only the discrete happenings: a coil arrives, a load starts or ends,
an oven fails or is repaired. Operating-time failures and lognormal repairs follow the
line's stations (:mod:`line_sim.engine.line`); drying pauses during a repair.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import simpy

from line_sim.engine.climate import ClimateSeries
from line_sim.engine.process_chain import ProcessChain
from line_sim.scenario import Scenario
from process_models import moisture

SECONDS_PER_HOUR = 3600.0
POST_DRYING_STAGE = "post_drying"
POST_DRYING_COLUMNS = ("coil", "water_wound_ppm", "water_before_drying_ppm", "water_released_ppm",
                       "arrival_h", "queue_h", "drying_h", "released_h", "oven", "load",
                       "moisture_scrap")
LOAD_COLUMNS = ("oven", "start_h", "end_h", "dwell_h", "repair_h", "n_coils", "energy_kwh")
KWH_PER_J = 1.0 / 3.6e6


@dataclass(frozen=True)
class PostDryingResult:
    """What the post-dryer did to the run's coils.

    Attributes
    ----------
    coils : DataFrame
        Per coil: ``water_wound_ppm``, ``water_before_drying_ppm``, ``water_released_ppm``,
        ``arrival_h``, ``queue_h``, ``drying_h``, ``released_h``, ``oven``, ``load``,
        ``moisture_scrap`` (bool).
    loads : DataFrame
        Per load: ``oven``, ``start_h``, ``end_h``, ``dwell_h``, ``repair_h``, ``n_coils``,
        ``energy_kwh``.
    energy_kwh : float
        Electricity of all loads: heating, desorption, losses and vacuum pump [kWh].
    coils_length_m : ndarray
        Length of each coil, in the order of ``coils`` [m].
    """

    coils: pd.DataFrame
    loads: pd.DataFrame
    energy_kwh: float
    coils_length_m: np.ndarray


def coil_masses_kg(coils: pd.DataFrame, chain: ProcessChain) -> np.ndarray:
    """Mass of each wound coil: coating and current collector [kg]."""
    line = chain.scenario.line
    coating = coils["mean_loading_mg_per_cm2"].to_numpy() * 0.01 * line.coated_sides
    foil = chain.foil_areal_mass_kg_per_m2
    return coils["length_m"].to_numpy() * line.web_width_m * (coating + foil)


def water_before_drying(coils: pd.DataFrame, chain: ProcessChain, climate: ClimateSeries
                        ) -> np.ndarray:
    """Water of each coil after its hold in the hall, wound [kg/kg coating]."""
    hold_s = chain.scenario.quality.coil_hold_h * SECONDS_PER_HOUR
    wound = coils["mean_water_ppm"].to_numpy() * 1e-6
    end_s = coils["end_h"].to_numpy() * SECONDS_PER_HOUR
    temperature, rh = climate.mean_over(end_s, end_s + hold_s)
    return moisture.approach(wound, chain.electrode_equilibrium_water(rh), hold_s,
                             chain.coil_exchange_time_constant_s(temperature, rh))


def simulate_post_drying(coils: pd.DataFrame, chain: ProcessChain, climate: ClimateSeries,
                         rng: np.random.Generator) -> PostDryingResult:
    """Hold, queue and dry every coil of a run; the ovens run until the last is released."""
    scenario = chain.scenario
    if coils.empty:
        return PostDryingResult(pd.DataFrame(columns=POST_DRYING_COLUMNS),
                                pd.DataFrame(columns=LOAD_COLUMNS), 0.0, np.zeros(0))
    before = water_before_drying(coils, chain, climate)
    arrival_s = (coils["end_h"].to_numpy() + scenario.quality.coil_hold_h) * SECONDS_PER_HOUR
    ovens = _Ovens(scenario, chain, climate, rng, before, coil_masses_kg(coils, chain))
    env = simpy.Environment()
    store = simpy.Store(env)
    env.process(_arrivals(env, store, arrival_s))
    for oven in range(scenario.post_dryer.ovens):
        env.process(ovens.run(env, store, oven))
    env.run()
    released = ovens.released
    out = pd.DataFrame({
        "coil": coils["coil"].to_numpy(),
        "water_wound_ppm": coils["mean_water_ppm"].to_numpy(),
        "water_before_drying_ppm": before * 1e6,
        "water_released_ppm": released["water"] * 1e6,
        "arrival_h": arrival_s / SECONDS_PER_HOUR,
        "queue_h": (released["start_s"] - arrival_s) / SECONDS_PER_HOUR,
        "drying_h": (released["end_s"] - released["start_s"]) / SECONDS_PER_HOUR,
        "released_h": released["end_s"] / SECONDS_PER_HOUR,
        "oven": released["oven"],
        "load": released["load"],
        "moisture_scrap": released["water"] > scenario.quality.moisture_limit_ppm * 1e-6,
    })
    loads = pd.DataFrame(ovens.loads, columns=list(LOAD_COLUMNS))
    return PostDryingResult(out, loads, float(loads["energy_kwh"].sum()),
                            coils["length_m"].to_numpy())


def _arrivals(env: simpy.Environment, store: simpy.Store, arrival_s: np.ndarray):
    for coil in np.argsort(arrival_s, kind="stable"):
        yield env.timeout(max(0.0, float(arrival_s[coil]) - env.now))
        yield store.put(int(coil))


class _Ovens:
    """The post-drying station: its recipe, failures and the record of every load."""

    def __init__(self, scenario: Scenario, chain: ProcessChain, climate: ClimateSeries,
                 rng: np.random.Generator, water: np.ndarray, mass_kg: np.ndarray) -> None:
        pd_ = scenario.post_dryer
        self.settings = pd_
        self.reliability = scenario.reliability.post_dryer
        self.climate, self.rng = climate, rng
        self.water, self.mass_kg = water, mass_kg
        self.coating_fraction = chain.coating_mass_fraction_of_coil
        self.target = scenario.quality.moisture_limit_ppm * 1e-6 * pd_.target_fraction_of_limit
        self.equilibrium = float(chain.electrode_equilibrium_water(
            moisture.oven_relative_humidity_pct(pd_.temperature_c, pd_.pressure_mbar)))
        self.tau_s = float(moisture.vacuum_time_constant_s(pd_.temperature_c, chain.vacuum_drying))
        self.params = chain.vacuum_drying
        n = water.size
        self.released = {"water": np.full(n, np.nan), "start_s": np.full(n, np.nan),
                         "end_s": np.full(n, np.nan), "oven": np.full(n, -1),
                         "load": np.full(n, -1)}
        self.loads: list[tuple] = []

    def run(self, env: simpy.Environment, store: simpy.Store, oven: int):
        to_failure_s = self._time_to_failure_s()
        while True:
            batch = yield from self._form_load(env, store)
            start = env.now
            yield env.timeout(self.settings.load_unload_h * SECONDS_PER_HOUR)
            dwell_s = self._dwell_s(np.array(batch))
            remaining, repair_s = dwell_s, 0.0
            while remaining > 0.0:  # drying pauses while the oven is repaired
                step = min(remaining, to_failure_s)
                yield env.timeout(step)
                remaining -= step
                to_failure_s -= step
                if to_failure_s <= 0.0:
                    repair = self._repair_s()
                    repair_s += repair
                    yield env.timeout(repair)
                    to_failure_s = self._time_to_failure_s()
            self._release(np.array(batch), start, env.now, dwell_s, repair_s, oven)

    def _form_load(self, env: simpy.Environment, store: simpy.Store):
        """The first waiting coil and those that arrive until the load is full or the
        first has waited ``max_load_wait_h``."""
        batch = [(yield store.get())]
        deadline = env.now + self.settings.max_load_wait_h * SECONDS_PER_HOUR
        while len(batch) < self.settings.coils_per_load and env.now < deadline:
            get = store.get()
            fired = yield get | env.timeout(deadline - env.now)
            if get not in fired:
                get.cancel()
                break
            batch.append(fired[get])
        return batch

    def _dwell_s(self, batch: np.ndarray) -> float:
        needed = moisture.dwell_to_reach_s(self.water[batch].max(), self.target, self.equilibrium,
                                           self.tau_s)
        low, high = (h * SECONDS_PER_HOUR for h in (self.settings.min_dwell_h,
                                                    self.settings.max_dwell_h))
        return float(np.clip(needed, low, high))

    def _release(self, batch: np.ndarray, start_s: float, end_s: float, dwell_s: float,
                 repair_s: float, oven: int) -> None:
        # the chamber's vapour comes from the coils, so a dry coil gains none in the oven
        dried = np.minimum(self.water[batch], moisture.approach(
            self.water[batch], self.equilibrium, dwell_s, self.tau_s))
        load = len(self.loads)
        for key, value in (("water", dried), ("start_s", start_s), ("end_s", end_s),
                           ("oven", oven), ("load", load)):
            self.released[key][batch] = value
        self.loads.append((oven, start_s / SECONDS_PER_HOUR, end_s / SECONDS_PER_HOUR,
                           dwell_s / SECONDS_PER_HOUR, repair_s / SECONDS_PER_HOUR, batch.size,
                           self._load_energy_kwh(batch, dried, start_s, dwell_s)))

    def _load_energy_kwh(self, batch: np.ndarray, dried: np.ndarray, start_s: float,
                         dwell_s: float) -> float:
        s = self.settings
        mass = self.mass_kg[batch]
        removed_kg = float(np.sum(mass * self.coating_fraction * (self.water[batch] - dried)))
        hall_c = float(self.climate.temperature_c[self.climate.index_at(start_s)])
        heat_j = float(moisture.post_drying_heat_j(mass.sum(), max(removed_kg, 0.0),
                                                   s.temperature_c, hall_c, self.params))
        hours = dwell_s / SECONDS_PER_HOUR
        return heat_j * KWH_PER_J / s.heater_efficiency + (s.heat_loss_kw + s.pump_power_kw) * hours

    def _time_to_failure_s(self) -> float:
        return float(self.rng.exponential(self.reliability.mtbf_h * SECONDS_PER_HOUR))

    def _repair_s(self) -> float:
        mean, cv = self.reliability.mttr_h * SECONDS_PER_HOUR, self.reliability.repair_cv
        sigma2 = np.log1p(cv * cv)
        return float(self.rng.lognormal(np.log(mean) - sigma2 / 2.0, np.sqrt(sigma2)))


# --------------------------------------------------------------------------- run results


def moisture_scrapped(post: PostDryingResult) -> np.ndarray:
    """Ids of the coils scrapped because they were still too wet after post-drying."""
    return post.coils.loc[post.coils["moisture_scrap"], "coil"].to_numpy()


def mark_moisture_scrap(segments: pd.DataFrame, scrapped_coils: np.ndarray) -> pd.DataFrame:
    """Segments of scrapped coils that were good become scrap with cause ``moisture``."""
    if len(scrapped_coils) == 0 or segments.empty:
        return segments
    hit = segments["coil"].isin(scrapped_coils) & segments["good"]
    segments.loc[hit, "scrap_cause"] = "moisture"
    segments.loc[hit, "good"] = False
    return segments


def with_post_drying(coils: pd.DataFrame, post: PostDryingResult) -> pd.DataFrame:
    """The coil table with each coil's water and post-drying history."""
    if coils.empty:
        return coils
    history = post.coils.drop(columns=["water_wound_ppm"])
    return coils.merge(history, on="coil", how="left")


def moisture_kpis(post: PostDryingResult, chain: ProcessChain) -> dict[str, float]:
    """Residual moisture of released coils and what the post-dryer took to get there.

    ``moisture_ppm_mean``/``_max``: released coils, after post-drying, length-weighted mean
    and maximum; ``coils_out_of_moisture_spec``: coils above the limit before post-drying;
    ``residual_water_capacity_loss_fraction``: lithium the released coils' water consumes in
    the cell (:func:`process_models.moisture.residual_water_capacity_loss_fraction`).
    """
    coils = post.coils
    limit_ppm = chain.scenario.quality.moisture_limit_ppm
    if coils.empty:
        return {"moisture_ppm_mean": float("nan"), "moisture_ppm_max": float("nan"),
                "coils_out_of_moisture_spec": 0, "coils_scrapped_for_moisture": 0,
                "post_dryer_queue_h_max": 0.0, "post_dryer_queue_h_mean": 0.0,
                "post_dryer_dwell_h_mean": 0.0, "post_dryer_loads": 0,
                "post_drying_energy_kwh": 0.0,
                "post_dryer_utilisation": 0.0,
                "residual_water_capacity_loss_fraction": float("nan")}
    released = coils["water_released_ppm"].to_numpy()
    weights = post.coils_length_m
    mean_ppm = float(np.average(released, weights=weights)) if weights.sum() > 0 else float(
        np.mean(released))
    return {
        "moisture_ppm_mean": mean_ppm,
        "moisture_ppm_max": float(released.max()),
        "coils_out_of_moisture_spec": int((coils["water_before_drying_ppm"] > limit_ppm).sum()),
        "coils_scrapped_for_moisture": int(coils["moisture_scrap"].sum()),
        "post_dryer_queue_h_max": float(coils["queue_h"].max()),
        "post_dryer_queue_h_mean": float(coils["queue_h"].mean()),
        "post_dryer_dwell_h_mean": float(post.loads["dwell_h"].mean()),
        "post_dryer_loads": len(post.loads),
        "post_drying_energy_kwh": post.energy_kwh,
        "post_dryer_utilisation": oven_utilisation(post, chain.scenario),
        "residual_water_capacity_loss_fraction": float(
            chain.residual_water_capacity_loss(mean_ppm * 1e-6)),
    }


def oven_utilisation(post: PostDryingResult, scenario: Scenario) -> float:
    """Arrival rate of coils over what full loads of the ovens can dry [-].

    ρ = λ·t_cycle/(n_ovens·n_per_load), λ the coils per hour the line delivers over the
    arrival span and t_cycle the mean load time; ρ ≥ 1 means the queue grows without bound.
    """
    coils = post.coils
    if len(coils) < 2 or post.loads.empty:
        return 0.0
    span_h = float(coils["arrival_h"].max() - coils["arrival_h"].min())
    if span_h <= 0:
        return 0.0
    arrivals_per_h = (len(coils) - 1) / span_h
    cycle_h = float((post.loads["end_h"] - post.loads["start_h"]).mean())
    capacity_per_h = scenario.post_dryer.ovens * scenario.post_dryer.coils_per_load / cycle_h
    return arrivals_per_h / capacity_per_h


def post_drying_warnings(post: PostDryingResult, scenario: Scenario) -> list[str]:
    """Say when the ovens cannot keep up with the line: coils then queue without bound."""
    rho = oven_utilisation(post, scenario)
    if rho < 1.0:
        return []
    return [f"post-dryer too small for the line's output: coils arrive {rho:.2f}× faster than "
            f"full loads of {scenario.post_dryer.ovens} oven(s) can dry them, so they queue "
            f"without bound (longest wait {post.coils['queue_h'].max():.1f} h); add ovens, coils "
            "per load, or a hotter, shorter recipe"]
