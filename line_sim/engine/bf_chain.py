"""The binder-fibrillation chain: fibrillator → free-standing film → laminator."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from line_sim.engine.chain_base import FilmState, ProcessChain, SegmentConditions
from line_sim.scenario import Scenario
from process_models import (
    calendering,
    fibrillation,
    first_cycle,
    lamination,
    mixing,
    nip_heating,
    particle_cracking,
)

FloatArray = NDArray[np.float64]


class BFChain(ProcessChain):
    """Binder fibrillation: fibrillator → free-standing film → lamination onto foil.

    Line speed acts through contact time: the dwell 2b/v in each heated nip sets how warm
    the film gets (:mod:`process_models.nip_heating`), which sets densification in the film
    calender and Wool healing at the film–foil interface in the laminator; the speed also
    sets the fibrillator's throughput (energy balance of a controlled fibrillator) and the
    dynamic tension on the free film.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.fibrillation = scenario.parameter_set("fibrillation")
        self.nip_heating = nip_heating.NipHeatingParameters()
        self.web_dynamics = calendering.WebDynamicsParameters()
        self.particle_cracking = particle_cracking.ParticleCrackingParameters()
        self.first_cycle = first_cycle.FirstCycleParameters()
        self.set_speed_m_per_s = scenario.line.speed_m_per_min / 60.0
        super().__init__(scenario, scenario.stations.calender.edge_trim_fraction)
        self._break_rate = lru_cache(maxsize=256)(self._break_rate_uncached)

    # ------------------------------------------------------------------ fibrillator
    def fibrillation_temperature_c(self, hall_temperature_c: ArrayLike,
                                   speed_m_per_s: ArrayLike | None = None) -> FloatArray:
        """Powder temperature in the fibrillator's shear zone [°C].

        Ideal conditioning (``temperature_c``), a controlled jacket with limited capacity
        (``temperature_setpoint_c``: :func:`fibrillation.controlled_shear_zone_temperature_c`
        at the throughput of the web's speed), or hall temperature plus retained shear heat.
        """
        fib = self.scenario.stations.fibrillator
        if fib.temperature_c is not None:
            return np.full(np.shape(hall_temperature_c), fib.temperature_c, dtype=float)
        uncontrolled = mixing.mixer_exit_temperature_c(
            hall_temperature_c, fib.specific_energy_kj_per_kg, self.mixing)
        if fib.temperature_setpoint_c is None:
            return uncontrolled
        speed = self.set_speed_m_per_s if speed_m_per_s is None else speed_m_per_s
        return fibrillation.controlled_shear_zone_temperature_c(
            uncontrolled, fib.temperature_setpoint_c, fib.temperature_control_capacity_kw,
            self.coating_mass_per_m_kg * np.asarray(speed, dtype=float),
            self.mixing.specific_heat_j_per_kg_k)

    def film_state(self, hall_temperature_c: ArrayLike,
                   mixer_hall_temperature_c: ArrayLike | None = None,
                   speed_m_per_s: ArrayLike | None = None) -> FilmState:
        """Fibrillation and film strength for the hall temperature at the fibrillator
        (and at the mixer, if the batch was mixed in another climate) and the line speed.

        The film calender's roll slip (``roll_speed_ratio`` > 1) adds shear work at the
        film's nip temperature (:func:`fibrillation.degree_of_fibrillation_two_stages`).
        """
        hall_t = np.asarray(hall_temperature_c, dtype=float)
        speed = self.set_speed_m_per_s if speed_m_per_s is None else np.asarray(speed_m_per_s)
        mixer_hall_t = hall_t if mixer_hall_temperature_c is None else np.asarray(
            mixer_hall_temperature_c, dtype=float)
        fib, mix = self.scenario.stations.fibrillator, self.scenario.stations.mixer
        morphology = self.active.morphology
        fib_t = self.fibrillation_temperature_c(hall_t, speed)
        cal = self.scenario.stations.calender
        slip = calendering.roll_slip_energy_kj_per_kg(cal.roll_speed_ratio, cal.passes,
                                                      self.binder_compaction)
        gap_t = self.compaction_temperature_c(speed, hall_t) if cal.roll_speed_ratio > 1.0 else fib_t
        dof = fibrillation.degree_of_fibrillation_two_stages(
            fib.specific_energy_kj_per_kg, fib_t, slip, gap_t, self.d50_um, morphology,
            self.binder, self.fibrillation)
        premature = fibrillation.premature_fibrillation(
            mix.specific_energy_kj_per_kg, self.mixer_temperature_c(mixer_hall_t),
            self.mixing.premature_shear_fraction, self.d50_um, morphology, self.binder,
            self.fibrillation)
        strength = fibrillation.film_tensile_strength_mpa(dof, self.binder_mass_fraction,
                                                          premature, self.fibrillation)
        elongation = fibrillation.film_elongation_at_break(dof, self.binder_mass_fraction,
                                                           self.fibrillation)
        return FilmState(dof, premature, strength, elongation)

    # ------------------------------------------------------------------ heated nips
    def compaction_temperature_c(self, speed_m_per_s: ArrayLike,
                                 hall_temperature_c: ArrayLike) -> FloatArray:
        """Mean film temperature leaving the film calender's nip [°C] (heated from both
        rolls for the dwell 2b/v; :func:`nip_heating.nip_exit_temperatures_c`), evaluated
        once per distinct (speed, hall temperature) pair."""
        cal = self.scenario.stations.calender
        eps0 = self.calendering.initial_porosity  # the dough sheet entering the nip
        sheet_m = self.target_loading_kg_per_m2 / (self.solid_density_kg_per_m3 * (1.0 - eps0))
        speed, hall = np.broadcast_arrays(np.asarray(speed_m_per_s, dtype=float),
                                          np.asarray(hall_temperature_c, dtype=float))
        pairs, inverse = distinct_pairs(speed, hall)
        dwell = lamination.nip_dwell_time_s(cal.line_load_n_per_mm, pairs[0], self.lamination)
        mean = nip_heating.nip_exit_temperatures_c(
            cal.roll_temperature_c, pairs[1], 0.5 * sheet_m, dwell,
            self.solid_density_kg_per_m3, eps0, self.nip_heating).mean_c
        return mean[inverse.ravel()].reshape(speed.shape)

    def laminator_entry_c(self, hall_temperature_c: ArrayLike) -> FloatArray:
        """Web temperature entering the laminator: after the preheat rolls, or the hall's."""
        pre = self.scenario.stations.laminator.preheat_temperature_c
        hall = np.asarray(hall_temperature_c, dtype=float)
        return hall if pre is None else np.full(hall.shape, pre)

    def laminator_interface_c(self, speed_m_per_s: ArrayLike,
                              hall_temperature_c: ArrayLike) -> FloatArray:
        """Film–foil interface temperature leaving the laminator's nip [°C]."""
        lam = self.scenario.stations.laminator
        dwell = lamination.nip_dwell_time_s(lam.line_load_n_per_mm, speed_m_per_s,
                                            self.lamination)
        return nip_heating.nip_exit_temperatures_c(
            lam.nip_temperature_c, self.laminator_entry_c(hall_temperature_c),
            self.nominal_thickness_m, dwell,
            self.solid_density_kg_per_m3, self.porosity, self.nip_heating).mid_plane_c

    def nip_temperatures_c(self, speed_m_per_s: float, hall_temperature_c: float
                           ) -> dict[str, float]:
        """Web temperature leaving each heated nip [°C]: the film's mean in the film
        calender, the film–foil interface in the laminator."""
        return {"calender": float(self.compaction_temperature_c(speed_m_per_s,
                                                                hall_temperature_c)),
                "laminator": float(self.laminator_interface_c(speed_m_per_s,
                                                              hall_temperature_c))}

    def nip_adhesion_kpa(self, speed_m_per_s: ArrayLike, hall_temperature_c: ArrayLike,
                         film_strength_mpa: ArrayLike | None = None) -> FloatArray:
        """Mean adhesion after the laminator at these speeds and entry temperatures [kPa].

        Wool healing integrated over the interface's temperature history in the nip
        (:func:`lamination.healing_degree`), evaluated once per distinct (speed, hall
        temperature) pair.
        """
        lam = self.scenario.stations.laminator
        speed, hall = np.broadcast_arrays(np.asarray(speed_m_per_s, dtype=float),
                                          self.laminator_entry_c(hall_temperature_c))
        pairs, inverse = distinct_pairs(speed, hall)
        healing = np.empty(pairs.shape[1])
        for i, (v, t_in) in enumerate(pairs.T):
            dwell = lamination.nip_dwell_time_s(lam.line_load_n_per_mm, v, self.lamination)
            times, temps = nip_heating.mid_plane_history_c(
                lam.nip_temperature_c, t_in, self.nominal_thickness_m, dwell,
                self.solid_density_kg_per_m3, self.porosity, params=self.nip_heating)
            healing[i] = lamination.healing_degree(times, temps, self.binder.softening_c,
                                                   self.lamination)[0]
        heal = healing[inverse.ravel()].reshape(speed.shape)
        return lamination.adhesion_from_healing_kpa(heal, lam.line_load_n_per_mm,
                                                    film_strength_mpa, self.lamination)

    # ------------------------------------------------------------------ free film
    def web_stress_mpa(self, thickness_m: ArrayLike,
                       speed_m_per_s: ArrayLike | None = None) -> FloatArray:
        """Peak stress of the free-standing film under the calender's web tension [MPa]
        (set tension raised by the speed's dynamic tension,
        :func:`calendering.peak_tension_n_per_m`)."""
        speed = self.set_speed_m_per_s if speed_m_per_s is None else speed_m_per_s
        tension = calendering.peak_tension_n_per_m(
            self.scenario.stations.calender.film_tension_n_per_m, speed, self.web_dynamics)
        return calendering.web_stress_mpa(tension, thickness_m)

    def web_break_rate_per_m(self, hall_temperature_c: float,
                             hall_relative_humidity_pct: float) -> float:
        """Hazard of a web break per metre of free-standing film [1/m]."""
        return self._break_rate(float(hall_temperature_c))

    def break_rate_at(self, hall_temperature_c: float, speed_m_per_s: ArrayLike) -> FloatArray:
        """Web-break hazard per metre at these speeds [1/m]: tension, strength and speed."""
        strength = self.film_state(hall_temperature_c, speed_m_per_s=speed_m_per_s
                                   ).tensile_strength_mpa
        stress = self.web_stress_mpa(self.nominal_thickness_m, speed_m_per_s)
        return calendering.web_break_rate_per_m(stress, strength, self.web_failure)

    def _break_rate_uncached(self, hall_temperature_c: float) -> float:
        return float(self.break_rate_at(hall_temperature_c, self.set_speed_m_per_s))

    # ------------------------------------------------------------------ binder costs
    def calender_nip_pressure_mpa(self) -> float:
        """Mean Hertz pressure in the film calender's nip [MPa]."""
        return float(lamination.mean_nip_pressure_mpa(
            self.scenario.stations.calender.line_load_n_per_mm, self.lamination))

    def cracked_particle_fraction(self) -> float:
        """Active particles cracked in the most loaded nip [-]."""
        lam = self.scenario.stations.laminator
        pressure = max(self.calender_nip_pressure_mpa(), float(
            lamination.mean_nip_pressure_mpa(lam.line_load_n_per_mm, self.lamination)))
        agglomerated = fibrillation.agglomerated_binder_fraction(self.binder_mass_fraction,
                                                                 self.fibrillation)
        effective = particle_cracking.effective_contact_pressure_mpa(
            pressure, agglomerated, self.particle_cracking)
        return float(particle_cracking.cracked_particle_fraction(
            effective, self.active.morphology, self.particle_cracking))

    def first_cycle_efficiency(self) -> float | None:
        """Initial Coulombic efficiency of a PTFE-bound anode [-]; None for cathodes."""
        if self.active.electrode != "anode" or not self.binder.fibrillating:
            return None
        dof = float(self.film_state(self.scenario.environment.temperature_c).dof)
        m = self.scenario.materials
        return float(first_cycle.first_cycle_efficiency(
            self.binder_mass_fraction, dof, m.active_material.mass_fraction,
            self.active.specific_capacity_mah_per_g, m.binder.lithiation_mitigation,
            self.first_cycle))

    def binder_capacity_loss_fraction(self) -> float:
        cracked = float(particle_cracking.cracking_capacity_loss_fraction(
            self.cracked_particle_fraction(), self.particle_cracking))
        ice = self.first_cycle_efficiency()
        lithiation = 0.0 if ice is None else float(first_cycle.ptfe_capacity_loss_fraction(
            ice, self.first_cycle))
        return 1.0 - (1.0 - cracked) * (1.0 - lithiation)

    def binder_kpis(self) -> dict[str, float]:
        kpis = {"cracked_particle_fraction": self.cracked_particle_fraction()}
        ice = self.first_cycle_efficiency()
        if ice is not None:
            kpis["first_cycle_efficiency"] = ice
        return kpis

    # ------------------------------------------------------------------ segments
    def route_properties(self, c: SegmentConditions, rngs: dict[str, np.random.Generator]
                         ) -> dict[str, FloatArray]:
        film = self.film_state(c.hall_temperature_c, c.mixer_temperature_c, c.speed_m_per_s)
        adhesion = self.nip_adhesion_kpa(c.speed_m_per_s, c.hall_temperature_c,
                                         film.tensile_strength_mpa)
        crack = calendering.edge_crack_probability(
            self.web_stress_mpa(self.nominal_thickness_m, c.speed_m_per_s),
            film.tensile_strength_mpa, self.scenario.simulation.segment_length_m,
            self.web_failure)
        return {
            "degree_of_fibrillation": film.dof,
            "film_tensile_strength_mpa": film.tensile_strength_mpa,
            "film_elongation_at_break": film.elongation_at_break,
            "adhesion_kpa": self._scattered(adhesion, rngs["adhesion"]),
            "edge_crack_probability": crack,
        }


def distinct_pairs(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (a, b) pairs of two equally shaped arrays, as a 2×k array, and for each
    element the index of its pair. Hash-based (O(n)): segments take few distinct speeds and
    hall temperatures, and sorting hundreds of thousands of pairs would cost more than the
    physics evaluated on them."""
    codes_a, values_a = pd.factorize(a.ravel())
    codes_b, values_b = pd.factorize(b.ravel())
    inverse, combined = pd.factorize(codes_a.astype(np.int64) * len(values_b) + codes_b)
    pairs = np.stack([np.asarray(values_a)[combined // len(values_b)],
                      np.asarray(values_b)[combined % len(values_b)]])
    return pairs, inverse
