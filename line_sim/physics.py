"""The BF process chain: scenario settings wired to the pure process models.

One object per run holds the material property sets, the coefficient sets (with the
scenario's overrides) and the settings that do not change during a run, and evaluates the
chain mixer → fibrillator → calender → laminator on arrays of conditions. The engine calls
it on scalars (web-break hazard of an interval); the web post-processing calls it on
whole segment arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from line_sim.scenario import Scenario
from process_models import calendering, environment, fibrillation, lamination, mixing, variability
from process_models.materials import (
    active_material,
    binder,
    conductive_additive,
    solid_density_kg_per_m3,
)

FloatArray = NDArray[np.float64]
MG_PER_CM2_TO_KG_PER_M2 = 0.01


@dataclass(frozen=True)
class FilmState:
    """Film properties produced under given conditions (arrays broadcast together)."""

    dof: FloatArray
    premature_dof: FloatArray
    tensile_strength_mpa: FloatArray
    elongation_at_break: FloatArray


class ProcessChain:
    """Process models of one BF scenario, ready to evaluate on condition arrays."""

    def __init__(self, scenario: Scenario) -> None:
        m = scenario.materials
        self.scenario = scenario
        self.active = active_material(m.active_material.name)
        self.conductive = conductive_additive(m.conductive_additive.name)
        self.binder = binder(m.binder.name)
        self.binder_mass_fraction = m.binder.mass_fraction
        self.active_mass_fraction = m.active_material.mass_fraction
        self.d50_um = m.active_material.d50_um
        self.solid_density_kg_per_m3 = solid_density_kg_per_m3(
            (m.active_material.mass_fraction, m.conductive_additive.mass_fraction,
             m.binder.mass_fraction),
            (self.active.density_kg_per_m3, self.conductive.density_kg_per_m3,
             self.binder.density_kg_per_m3))
        self.moisture = scenario.parameter_set("moisture")
        self.cohesion = scenario.parameter_set("cohesion")
        self.mixing = scenario.parameter_set("mixing")
        self.fibrillation = scenario.parameter_set("fibrillation")
        self.calendering = scenario.parameter_set("calendering")
        self.web_failure = scenario.parameter_set("web_failure")
        self.lamination = scenario.parameter_set("lamination")
        self.target_loading_kg_per_m2 = scenario.quality.loading_mg_per_cm2 * MG_PER_CM2_TO_KG_PER_M2
        self.porosity = self._calendered_porosity()
        self.nominal_thickness_m = float(calendering.thickness_m(
            self.target_loading_kg_per_m2, self.solid_density_kg_per_m3, self.porosity))
        self.specific_surface_m2_per_kg = float(environment.specific_surface_m2_per_kg(
            self.d50_um, self.active.density_kg_per_m3, self.active.surface_roughness))

    # ------------------------------------------------------------------ calendering
    def _calendered_porosity(self) -> float:
        m, cal = self.scenario.materials.active_material, self.scenario.stations.calender
        span = calendering.psd_span(m.d10_um, m.d50_um, m.d90_um)
        eps_min = calendering.minimum_porosity(self.active.min_porosity, span, self.calendering)
        gamma = calendering.compaction_resistance_n_per_mm(
            self.active.compaction_resistance_n_per_mm, m.d50_um, cal.roll_temperature_c,
            self.calendering)
        nip = calendering.porosity_at_line_load(cal.line_load_n_per_mm, eps_min, gamma,
                                                cal.passes, self.calendering)
        return float(calendering.porosity_after_springback(nip, params=self.calendering))

    # ------------------------------------------------------------------ temperatures
    def mixer_temperature_c(self, hall_temperature_c: ArrayLike) -> FloatArray:
        """Powder temperature at mixer discharge [°C]."""
        return mixing.mixer_exit_temperature_c(
            hall_temperature_c, self.scenario.stations.mixer.specific_energy_kj_per_kg,
            self.mixing)

    def fibrillation_temperature_c(self, hall_temperature_c: ArrayLike) -> FloatArray:
        """Powder temperature in the fibrillator's shear zone [°C]."""
        fib = self.scenario.stations.fibrillator
        if fib.temperature_c is not None:
            return np.full(np.shape(hall_temperature_c), fib.temperature_c, dtype=float)
        return mixing.mixer_exit_temperature_c(hall_temperature_c, fib.specific_energy_kj_per_kg,
                                               self.mixing)

    # ------------------------------------------------------------------ film
    def film_state(self, hall_temperature_c: ArrayLike,
                   mixer_hall_temperature_c: ArrayLike | None = None) -> FilmState:
        """Fibrillation and film strength for the hall temperature at the fibrillator
        (and at the mixer, if the batch was mixed in another climate)."""
        hall_t = np.asarray(hall_temperature_c, dtype=float)
        mixer_hall_t = hall_t if mixer_hall_temperature_c is None else np.asarray(
            mixer_hall_temperature_c, dtype=float)
        fib, mix = self.scenario.stations.fibrillator, self.scenario.stations.mixer
        morphology = self.active.morphology
        dof = fibrillation.degree_of_fibrillation(
            fib.specific_energy_kj_per_kg, self.fibrillation_temperature_c(hall_t), self.d50_um,
            morphology, self.binder, self.fibrillation)
        premature = fibrillation.premature_fibrillation(
            mix.specific_energy_kj_per_kg, self.mixer_temperature_c(mixer_hall_t),
            self.mixing.premature_shear_fraction, self.d50_um, morphology, self.binder,
            self.fibrillation)
        strength = fibrillation.film_tensile_strength_mpa(dof, self.binder_mass_fraction,
                                                          premature, self.fibrillation)
        elongation = fibrillation.film_elongation_at_break(dof, self.binder_mass_fraction,
                                                           self.fibrillation)
        return FilmState(dof, premature, strength, elongation)

    def web_stress_mpa(self, thickness_m: ArrayLike) -> FloatArray:
        """Stress of the free-standing film under the calender's web tension [MPa]."""
        return calendering.web_stress_mpa(self.scenario.stations.calender.film_tension_n_per_m,
                                          thickness_m)

    def web_break_rate_per_m(self, hall_temperature_c: float) -> float:
        """Hazard of a web break per metre at a hall temperature [1/m] (engine feedback)."""
        strength = self.film_state(hall_temperature_c).tensile_strength_mpa
        stress = self.web_stress_mpa(self.nominal_thickness_m)
        return float(calendering.web_break_rate_per_m(stress, strength, self.web_failure))

    def edge_crack_probability(self, thickness_m: ArrayLike, strength_mpa: ArrayLike
                               ) -> FloatArray:
        """Probability that a segment carries an edge crack [-]."""
        return calendering.edge_crack_probability(
            self.web_stress_mpa(thickness_m), strength_mpa,
            self.scenario.simulation.segment_length_m, self.web_failure)

    # ------------------------------------------------------------------ lamination
    def adhesion_kpa(self, line_speed_m_per_s: ArrayLike, strength_mpa: ArrayLike) -> FloatArray:
        """Adhesion of the film to the foil after the laminator nip [kPa]."""
        lam = self.scenario.stations.laminator
        return lamination.adhesion_strength_kpa(
            lam.nip_temperature_c, lam.line_load_n_per_mm, line_speed_m_per_s,
            self.binder.softening_c, strength_mpa, self.lamination)

    # ------------------------------------------------------------------ powder
    def blend_cv(self, hall_temperature_c: ArrayLike, relative_humidity_pct: ArrayLike
                 ) -> FloatArray:
        """Composition CV of a batch mixed in the given climate [-]."""
        bond = mixing.granular_bond_number(self.d50_um, self.active.density_kg_per_m3,
                                           hall_temperature_c, relative_humidity_pct,
                                           self.cohesion)
        return mixing.blend_homogeneity_cv(self.scenario.stations.mixer.specific_energy_kj_per_kg,
                                           bond, self.mixing)

    def loading_cv(self, blend_cv: ArrayLike) -> FloatArray:
        """Loading CV along the web from feed fluctuation and blend inhomogeneity [-]."""
        return variability.combined_cv(self.scenario.simulation.feed_cv,
                                       variability.loading_cv_from_mixing(blend_cv))

    def moisture_capacity_loss(self, exposure_s: ArrayLike, temperature_c: ArrayLike,
                               relative_humidity_pct: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Water uptake [kg/kg] and capacity loss [-] of powder after an exposure."""
        uptake = environment.moisture_uptake_kg_per_kg(
            exposure_s, temperature_c, relative_humidity_pct, self.specific_surface_m2_per_kg,
            self.moisture)
        loss = environment.moisture_capacity_loss_fraction(uptake, self.active, self.moisture)
        return uptake, loss
