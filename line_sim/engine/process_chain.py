"""Process chains: scenario settings wired to the pure process models, one class per route.

One object per run holds the material property sets, the coefficient sets (with the
scenario's overrides) and the settings that do not change during a run. The engine calls
it on scalars (powder drawn per metre, web-break hazard of an interval); the web
post-processing calls it on whole segment arrays.

- :class:`BFChain`     mixer → fibrillator → film calender → laminator
- :class:`DPSDChain`   mixer → electrostatic spray → hot calender
- :class:`SlurryChain` mixer with solvent → coater → dryer → calender
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from line_sim.engine.dpsd_deposit import SprayDeposit
from line_sim.scenario import Scenario
from process_models import (
    calendering,
    cracking,
    dpsd,
    environment,
    fibrillation,
    lamination,
    mixing,
    moisture,
    slurry,
    variability,
)
from process_models.cell import DEFAULT_STACK_MATERIALS
from process_models.materials import (
    active_material,
    binder,
    conductive_additive,
    solid_density_kg_per_m3,
)

FloatArray = NDArray[np.float64]
MG_PER_CM2_TO_KG_PER_M2 = 0.01

ADHESION_SCATTER_CV = 0.10
"""Segment-to-segment scatter of adhesion [-] (assumption, 0.05–0.2; peel tests of
calendered electrodes scatter by about this much)."""


@dataclass(frozen=True)
class SegmentConditions:
    """Conditions of every segment when it was made (arrays of equal length)."""

    hall_temperature_c: FloatArray
    hall_relative_humidity_pct: FloatArray
    mixer_temperature_c: FloatArray
    mixer_relative_humidity_pct: FloatArray
    speed_m_per_s: FloatArray
    position_m: FloatArray | None = None
    """Position of each segment along the web [m] (DPSD: feeder drift since the start)."""


@dataclass(frozen=True)
class FilmState:
    """Film properties produced under given conditions (arrays broadcast together)."""

    dof: FloatArray
    premature_dof: FloatArray
    tensile_strength_mpa: FloatArray
    elongation_at_break: FloatArray


class ProcessChain:
    """What all routes share: the blend, the powder's moisture, loading and compaction."""

    powder_exposed_to_air = True
    """Whether the blend lies in the hall air between mixer and web (dry routes)."""

    def __init__(self, scenario: Scenario, edge_trim_fraction: float) -> None:
        m = scenario.materials
        self.scenario = scenario
        self.active = active_material(m.active_material.name)
        self.conductive = conductive_additive(m.conductive_additive.name)
        self.binder = binder(m.binder.name)
        self.binder_mass_fraction = m.binder.mass_fraction
        self.d50_um = m.active_material.d50_um
        self.solid_density_kg_per_m3 = solid_density_kg_per_m3(
            (m.active_material.mass_fraction, m.conductive_additive.mass_fraction,
             m.binder.mass_fraction),
            (self.active.density_kg_per_m3, self.conductive.density_kg_per_m3,
             self.binder.density_kg_per_m3))
        self.moisture = scenario.parameter_set("moisture")
        self.cohesion = scenario.parameter_set("cohesion")
        self.mixing = scenario.parameter_set("mixing")
        self.calendering = scenario.parameter_set("calendering")
        self.web_failure = scenario.parameter_set("web_failure")
        self.lamination = scenario.parameter_set("lamination")
        self.target_loading_kg_per_m2 = (scenario.quality.loading_mg_per_cm2
                                         * MG_PER_CM2_TO_KG_PER_M2)
        line = scenario.line
        self.coating_mass_per_m_kg = (self.target_loading_kg_per_m2 * line.web_width_m
                                      / (1.0 - edge_trim_fraction) * line.coated_sides)
        self.porosity = self._calendered_porosity()
        self.nominal_thickness_m = float(calendering.thickness_m(
            self.target_loading_kg_per_m2, self.solid_density_kg_per_m3, self.porosity))
        self.specific_surface_m2_per_kg = float(environment.specific_surface_m2_per_kg(
            self.d50_um, self.active.density_kg_per_m3, self.active.surface_roughness))
        self.electrode_moisture = scenario.parameter_set("electrode_moisture")
        self.vacuum_drying = scenario.parameter_set("vacuum_drying")
        self.foil_areal_mass_kg_per_m2 = _foil_areal_mass_kg_per_m2(self.active.electrode)
        mixer = scenario.stations.mixer
        self.powder_exposure_before_discharge_s = 3600.0 * m.powder_storage_h + 60.0 * (
            mixer.mixing_time_min + mixer.load_unload_min)
        coating = self.target_loading_kg_per_m2 * line.coated_sides
        self.coating_mass_fraction_of_coil = coating / (coating + self.foil_areal_mass_kg_per_m2)

    # ------------------------------------------------------------------ route hooks
    def calender_settings(self) -> tuple[float, float, int]:
        """Line load [N/mm], roll temperature [°C] and passes of the compacting calender."""
        cal = self.scenario.stations.calender
        return cal.line_load_n_per_mm, cal.roll_temperature_c, cal.passes

    def powder_drawn_per_m_kg(self, hall_relative_humidity_pct: float) -> float:
        """Solids the web group draws from its buffer per metre of electrode [kg/m]."""
        return self.coating_mass_per_m_kg

    def web_break_rate_per_m(self, hall_temperature_c: float,
                             hall_relative_humidity_pct: float) -> float:
        """Web-break hazard per metre [1/m]: the foil carries the coating."""
        return self.web_failure.foil_break_rate_per_km / 1000.0

    def route_properties(self, c: SegmentConditions, rngs: dict[str, np.random.Generator]
                         ) -> dict[str, FloatArray]:
        """Route-specific segment columns; must hold ``adhesion_kpa`` and
        ``edge_crack_probability``."""
        raise NotImplementedError

    def route_loading_cv(self, c: SegmentConditions) -> FloatArray:
        """Loading CV the route's deposition adds to feed fluctuation [-]."""
        return np.zeros_like(c.hall_temperature_c)

    # ------------------------------------------------------------------ shared physics
    def _calendered_porosity(self) -> float:
        m = self.scenario.materials.active_material
        line_load, roll_temperature, passes = self.calender_settings()
        span = calendering.psd_span(m.d10_um, m.d50_um, m.d90_um)
        eps_min = calendering.minimum_porosity(self.active.min_porosity, span, self.calendering)
        gamma = calendering.compaction_resistance_n_per_mm(
            self.active.compaction_resistance_n_per_mm, m.d50_um, roll_temperature,
            self.calendering)
        nip = calendering.porosity_at_line_load(line_load, eps_min, gamma, passes,
                                                self.calendering)
        return float(calendering.porosity_after_springback(nip, params=self.calendering))

    def mixer_temperature_c(self, hall_temperature_c: ArrayLike) -> FloatArray:
        """Powder temperature at mixer discharge [°C]."""
        return mixing.mixer_exit_temperature_c(
            hall_temperature_c, self.scenario.stations.mixer.specific_energy_kj_per_kg,
            self.mixing)

    def blend_cv(self, hall_temperature_c: ArrayLike, relative_humidity_pct: ArrayLike
                 ) -> FloatArray:
        """Composition CV of a batch mixed in the given climate [-]."""
        bond = mixing.granular_bond_number(self.d50_um, self.active.density_kg_per_m3,
                                           hall_temperature_c, relative_humidity_pct,
                                           self.cohesion)
        return mixing.blend_homogeneity_cv(self.scenario.stations.mixer.specific_energy_kj_per_kg,
                                           bond, self.mixing)

    def loading_cv(self, blend_cv: ArrayLike, c: SegmentConditions) -> FloatArray:
        """Loading CV along the web: feed fluctuation, blend inhomogeneity, deposition [-]."""
        return variability.combined_cv(self.scenario.simulation.feed_cv,
                                       variability.loading_cv_from_mixing(blend_cv),
                                       self.route_loading_cv(c))

    def moisture_capacity_loss(self, exposure_s: ArrayLike, temperature_c: ArrayLike,
                               relative_humidity_pct: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Water uptake [kg/kg] and capacity loss [-] of powder after an exposure."""
        uptake = environment.moisture_uptake_kg_per_kg(
            exposure_s, temperature_c, relative_humidity_pct, self.specific_surface_m2_per_kg,
            self.moisture)
        loss = environment.moisture_capacity_loss_fraction(uptake, self.active, self.moisture)
        return uptake, loss

    # ------------------------------------------------------------------ electrode water
    def _water_fractions(self) -> tuple[float, float]:
        m = self.scenario.materials
        return m.active_material.mass_fraction, m.conductive_additive.mass_fraction

    def electrode_equilibrium_water(self, relative_humidity_pct: ArrayLike) -> FloatArray:
        """Water the coating holds in equilibrium with air of this RH [kg/kg coating]."""
        active, conductive = self._water_fractions()
        return moisture.equilibrium_water_kg_per_kg(
            relative_humidity_pct, active, self.specific_surface_m2_per_kg, conductive,
            self.conductive.bet_surface_m2_per_g * 1000.0, self.moisture, self.electrode_moisture)

    def powder_water(self, exposure_s: ArrayLike, temperature_c: ArrayLike,
                     relative_humidity_pct: ArrayLike) -> FloatArray:
        """Water of the blend after its exposure as powder [kg/kg coating].

        Active material and conductive additive take up water each on its own surface, at
        the same bed-limited rate per surface (:func:`environment.moisture_uptake_kg_per_kg`).
        """
        active, conductive = self._water_fractions()
        carbon = replace(self.moisture, reactive_layers=self.electrode_moisture.conductive_layers)
        return (active * environment.moisture_uptake_kg_per_kg(
                    exposure_s, temperature_c, relative_humidity_pct,
                    self.specific_surface_m2_per_kg, self.moisture)
                + conductive * environment.moisture_uptake_kg_per_kg(
                    exposure_s, temperature_c, relative_humidity_pct,
                    self.conductive.bet_surface_m2_per_g * 1000.0, carbon))

    def water_at_winding(self, formed_water: ArrayLike, temperature_c: ArrayLike,
                         relative_humidity_pct: ArrayLike, speed_m_per_s: ArrayLike
                         ) -> FloatArray:
        """Water of the coating when it is wound, after the open web path [kg/kg]."""
        path_s = self.electrode_moisture.web_path_m / np.maximum(speed_m_per_s, 1e-9)
        tau_s = moisture.exchange_time_constant_s(temperature_c, relative_humidity_pct,
                                                  self.electrode_moisture.sheet_rate_factor,
                                                  self.moisture)
        return moisture.approach(formed_water, self.electrode_equilibrium_water(
            relative_humidity_pct), path_s, tau_s)

    def coil_exchange_time_constant_s(self, temperature_c: ArrayLike,
                                      relative_humidity_pct: ArrayLike) -> FloatArray:
        """Time constant of a wound coil's water exchange with the hall [s]."""
        factor = self.electrode_moisture.sheet_rate_factor * self.electrode_moisture.coil_rate_factor
        return moisture.exchange_time_constant_s(temperature_c, relative_humidity_pct, factor,
                                                 self.moisture)

    def residual_water_capacity_loss(self, water_kg_per_kg: ArrayLike) -> FloatArray:
        """Capacity lost to the lithium that residual water consumes in the cell [-]."""
        return moisture.residual_water_capacity_loss_fraction(
            water_kg_per_kg, self.scenario.materials.active_material.mass_fraction,
            self.active.specific_capacity_mah_per_g)

    def slurry_solvent(self) -> str:
        """Solvent a slurry of this blend would use: NMP for cathodes, water for anodes."""
        return "NMP" if self.active.electrode == "cathode" else "water"

    def slurry_cracking_limit_m(self) -> float:
        """Critical cracking thickness of a slurry film of these particles (seed Eq. 1) [m]."""
        radius_m = self.d50_um * 0.5e-6
        return float(cracking.cracking_limit_for_material_m(self.active.name, radius_m,
                                                            self.slurry_solvent()))

    def _scattered(self, values: FloatArray, rng: np.random.Generator) -> FloatArray:
        return values * np.maximum(0.0, 1.0 + ADHESION_SCATTER_CV * rng.standard_normal(values.size))


class BFChain(ProcessChain):
    """Binder fibrillation: fibrillator → free-standing film → lamination onto foil."""

    def __init__(self, scenario: Scenario) -> None:
        self.fibrillation = scenario.parameter_set("fibrillation")
        super().__init__(scenario, scenario.stations.calender.edge_trim_fraction)
        self._break_rate = lru_cache(maxsize=256)(self._break_rate_uncached)

    def fibrillation_temperature_c(self, hall_temperature_c: ArrayLike) -> FloatArray:
        """Powder temperature in the fibrillator's shear zone [°C]."""
        fib = self.scenario.stations.fibrillator
        if fib.temperature_c is not None:
            return np.full(np.shape(hall_temperature_c), fib.temperature_c, dtype=float)
        return mixing.mixer_exit_temperature_c(hall_temperature_c, fib.specific_energy_kj_per_kg,
                                               self.mixing)

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

    def web_break_rate_per_m(self, hall_temperature_c: float,
                             hall_relative_humidity_pct: float) -> float:
        """Hazard of a web break per metre of free-standing film [1/m]."""
        return self._break_rate(float(hall_temperature_c))

    def _break_rate_uncached(self, hall_temperature_c: float) -> float:
        strength = self.film_state(hall_temperature_c).tensile_strength_mpa
        stress = self.web_stress_mpa(self.nominal_thickness_m)
        return float(calendering.web_break_rate_per_m(stress, strength, self.web_failure))

    def route_properties(self, c: SegmentConditions, rngs: dict[str, np.random.Generator]
                         ) -> dict[str, FloatArray]:
        film = self.film_state(c.hall_temperature_c, c.mixer_temperature_c)
        lam = self.scenario.stations.laminator
        adhesion = lamination.adhesion_strength_kpa(
            lam.nip_temperature_c, lam.line_load_n_per_mm, c.speed_m_per_s,
            self.binder.softening_c, film.tensile_strength_mpa, self.lamination)
        crack = calendering.edge_crack_probability(
            self.web_stress_mpa(self.nominal_thickness_m), film.tensile_strength_mpa,
            self.scenario.simulation.segment_length_m, self.web_failure)
        return {
            "degree_of_fibrillation": film.dof,
            "film_tensile_strength_mpa": film.tensile_strength_mpa,
            "film_elongation_at_break": film.elongation_at_break,
            "adhesion_kpa": self._scattered(adhesion, rngs["adhesion"]),
            "edge_crack_probability": crack,
        }


class DPSDChain(ProcessChain):
    """Dry powder spray deposition: electrostatic spray onto foil → hot calender.

    The booth's physics (component transfer and feeder drift, back ionisation, spray
    pattern, booth air) lives in :class:`~line_sim.engine.dpsd_deposit.SprayDeposit`.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.spray = scenario.parameter_set("spray")
        super().__init__(scenario, scenario.stations.hot_calender.edge_trim_fraction)
        line = scenario.line
        self.booth = SprayDeposit(
            scenario, self.spray, (self.active.density_kg_per_m3,
                                   self.conductive.density_kg_per_m3, self.binder.density_kg_per_m3),
            self.coating_mass_per_m_kg, self.target_loading_kg_per_m2,
            line.web_width_m / (1.0 - scenario.stations.hot_calender.edge_trim_fraction))

    def calender_settings(self) -> tuple[float, float, int]:
        cal = self.scenario.stations.hot_calender
        return cal.line_load_n_per_mm, cal.roll_temperature_c, cal.passes

    def booth_humidity_pct(self, hall_relative_humidity_pct: ArrayLike) -> FloatArray:
        """RH in the spray booth: conditioned, or the hall's [%]."""
        booth = self.scenario.stations.spray_booth.booth_relative_humidity_pct
        hall = np.asarray(hall_relative_humidity_pct, dtype=float)
        return hall if booth is None else np.full(hall.shape, booth)

    def transfer_efficiency(self, hall_relative_humidity_pct: ArrayLike) -> FloatArray:
        """First-pass transfer efficiency of the blend in the booth, Σ x_f,i·η_i [-]."""
        return self.booth.transfer_efficiency(self.booth_humidity_pct(hall_relative_humidity_pct))

    def powder_drawn_per_m_kg(self, hall_relative_humidity_pct: float) -> float:
        """Deposited coating plus the overspray that is not recovered [kg/m]."""
        eta = self.transfer_efficiency(hall_relative_humidity_pct)
        lost = dpsd.powder_lost_per_deposited(
            eta, self.scenario.stations.spray_booth.overspray_recovery_fraction)
        return float(self.coating_mass_per_m_kg * (1.0 + lost))

    def route_loading_cv(self, c: SegmentConditions) -> FloatArray:
        """Spray-pattern CV across the web from the gun row (number, pitch, distance,
        voltage; :func:`process_models.spray_pattern.cross_web_cv`) [-]."""
        return np.full(np.shape(c.hall_temperature_c), self.booth.pattern_cv)

    def water_at_winding(self, formed_water: ArrayLike, temperature_c: ArrayLike,
                         relative_humidity_pct: ArrayLike, speed_m_per_s: ArrayLike
                         ) -> FloatArray:
        """Water when wound: booth air first (recycle trips as powder, then the deposit in
        the booth as a sheet, at the booth's RH), then the open web path in the hall [kg/kg]."""
        booth_rh = self.booth_humidity_pct(relative_humidity_pct)
        equilibrium = self.electrode_equilibrium_water(booth_rh)
        as_powder = moisture.approach(
            formed_water, equilibrium, self.booth.booth_powder_exposure_s(booth_rh),
            moisture.exchange_time_constant_s(temperature_c, booth_rh, 1.0, self.moisture))
        in_booth = moisture.approach(
            as_powder, equilibrium, self.booth.booth_dwell_s(speed_m_per_s),
            moisture.exchange_time_constant_s(temperature_c, booth_rh,
                                              self.electrode_moisture.sheet_rate_factor,
                                              self.moisture))
        return super().water_at_winding(in_booth, temperature_c, relative_humidity_pct,
                                        speed_m_per_s)

    def speed_limits_m_per_min(self) -> dict[str, float]:
        """Candidate speed limits of the DPSD booth [m/min] (inf where none binds).

        ``back_ionisation``: fastest web at which the booth's ``spray_passes`` lay down the
        loading below the back-ionisation field; ``booth_capacity``: the guns' highest
        output times the transfer efficiency over the loading.
        """
        return self.booth.speed_limits_m_per_min()

    def deposit_kpis(self, produced_length_m: float) -> dict[str, Any]:
        """Deposit composition, its drift, passes and limits of the run (see
        :meth:`SprayDeposit.kpis`)."""
        return self.booth.kpis(produced_length_m, self.scenario.line.speed_m_per_min / 60.0,
                               self.solid_density_kg_per_m3)

    def route_properties(self, c: SegmentConditions, rngs: dict[str, np.random.Generator]
                         ) -> dict[str, FloatArray]:
        cal = self.scenario.stations.hot_calender
        adhesion = lamination.adhesion_strength_kpa(
            cal.roll_temperature_c, cal.line_load_n_per_mm, c.speed_m_per_s,
            self.binder.softening_c, None, self.lamination)
        columns = {
            "transfer_efficiency": self.transfer_efficiency(c.hall_relative_humidity_pct),
            "adhesion_kpa": self._scattered(adhesion, rngs["adhesion"]),
            "edge_crack_probability": np.zeros_like(c.speed_m_per_s),
        }
        if c.position_m is not None:
            fractions = self.booth.deposit_fractions(c.position_m)
            columns |= {"deposit_active_fraction": fractions[:, 0],
                        "deposit_conductive_fraction": fractions[:, 1],
                        "deposit_binder_fraction": fractions[:, 2],
                        "composition_out_of_spec": self.booth.composition_out_of_spec(fractions)}
        return columns


class SlurryChain(ProcessChain):
    """Slurry reference: coating, drying and calendering of a wet film on foil."""

    powder_exposed_to_air = False

    def slurry_solvent(self) -> str:
        return self.scenario.stations.coater.solvent

    def __init__(self, scenario: Scenario) -> None:
        super().__init__(scenario, scenario.stations.coater.edge_trim_fraction)
        coater, dryer = scenario.stations.coater, scenario.stations.dryer
        self.solvent = slurry.solvent(coater.solvent)
        self.heat_transfer = slurry.DEFAULT_HEAT_TRANSFER
        self.migration = slurry.DEFAULT_MIGRATION
        self.wet_film_thickness_m = float(slurry.wet_film_thickness_m(
            self.target_loading_kg_per_m2, coater.solids_mass_fraction,
            self.solid_density_kg_per_m3, self.solvent))
        vapour = slurry.max_vapour_volume_fraction(self.solvent, dryer_parameters(scenario))
        self.film_temperature_c = float(slurry.wet_bulb_film_temperature_c(
            dryer.air_temperature_c, self.solvent, vapour, self.heat_transfer))
        self.max_evaporation_flux_kg_per_m2_s = float(slurry.max_evaporation_flux_kg_per_m2_s(
            dryer.air_temperature_c, self.film_temperature_c, self.solvent,
            scenario.line.coated_sides, self.heat_transfer))
        self.max_dryable_speed_m_per_min = float(slurry.max_dryable_speed_m_per_min(
            self.max_evaporation_flux_kg_per_m2_s, self.target_loading_kg_per_m2,
            coater.solids_mass_fraction, dryer.length_m))

    def needed_evaporation_flux(self, speed_m_per_min: ArrayLike) -> FloatArray:
        """Evaporation flux the dryer must reach at this line speed [kg/(m^2·s)]."""
        s = self.scenario.stations
        return slurry.needed_evaporation_flux_kg_per_m2_s(
            self.target_loading_kg_per_m2, s.coater.solids_mass_fraction, speed_m_per_min,
            s.dryer.length_m)

    def drying_adhesion_kpa(self, speed_m_per_min: ArrayLike) -> FloatArray:
        """Adhesion left at the foil after drying at this speed (binder migration) [kPa]."""
        peclet = slurry.binder_peclet_number(self.needed_evaporation_flux(speed_m_per_min),
                                             self.wet_film_thickness_m, self.solvent,
                                             self.migration)
        return slurry.slurry_adhesion_kpa(peclet, self.lamination.slurry_cast_adhesion_kpa,
                                          self.migration)

    def route_properties(self, c: SegmentConditions, rngs: dict[str, np.random.Generator]
                         ) -> dict[str, FloatArray]:
        speed_m_per_min = c.speed_m_per_s * 60.0
        return {
            "adhesion_kpa": self._scattered(self.drying_adhesion_kpa(speed_m_per_min),
                                            rngs["adhesion"]),
            "edge_crack_probability": np.zeros_like(c.speed_m_per_s),
            # a film faster than the dryer can dry leaves it wet and cannot be wound
            "undried": speed_m_per_min > self.max_dryable_speed_m_per_min * (1.0 + 1e-9),
        }


def dryer_parameters(scenario: Scenario) -> slurry.DryerParameters:
    """The slurry dryer of the scenario's ``stations.dryer`` (other fields: defaults)."""
    station = scenario.stations.dryer
    return slurry.DryerParameters(
        air_temperature_c=station.air_temperature_c,
        film_temperature_c=min(slurry.DryerParameters().film_temperature_c,
                               station.air_temperature_c),
        lel_fraction=station.lel_fraction,
        heat_recovery_effectiveness=station.heat_recovery_effectiveness,
        heater_efficiency=station.thermal_efficiency, dryer_length_m=station.length_m)


def process_chain(scenario: Scenario) -> ProcessChain:
    """The process chain of the scenario's route."""
    chains = {"BF": BFChain, "DPSD": DPSDChain, "slurry": SlurryChain}
    return chains[scenario.route](scenario)


def _foil_areal_mass_kg_per_m2(electrode: str) -> float:
    """Current collector under the coating: Al for cathodes, Cu for anodes [kg/m^2]."""
    m = DEFAULT_STACK_MATERIALS
    if electrode == "cathode":
        return m.cathode_collector_thickness_m * m.aluminium_density_kg_per_m3
    return m.anode_collector_thickness_m * m.copper_density_kg_per_m3
