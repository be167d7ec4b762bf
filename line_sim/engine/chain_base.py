"""What every route's process chain shares: the blend, its water, loading and compaction.

:class:`ProcessChain` is the base of the route chains in
:mod:`line_sim.engine.process_chain` (DPSD, slurry) and :mod:`line_sim.engine.bf_chain`
(BF); import them from :mod:`line_sim.engine.process_chain`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from line_sim.scenario import Scenario
from process_models import (
    calendering,
    cracking,
    environment,
    fibrillation,
    mixing,
    moisture,
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
        self.binder_compaction = calendering.BinderCompactionParameters()
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

    def compaction_temperature_c(self, speed_m_per_s: ArrayLike,
                                 hall_temperature_c: ArrayLike) -> FloatArray:
        """Temperature at which the coating compacts in the calender nip [°C]: the roll's
        (routes without a nip heating model)."""
        _, roll_temperature, _ = self.calender_settings()
        return np.broadcast_to(np.asarray(roll_temperature, dtype=float),
                               np.broadcast_shapes(np.shape(speed_m_per_s),
                                                   np.shape(hall_temperature_c)))

    def speed_limits_m_per_min(self) -> dict[str, float]:
        """Candidate maximum line speeds of the route, mechanism → m/min (inf: none).

        The hook of :mod:`line_sim.engine.speed_limits`: a route's chain names the speeds
        where its process (not only a station's capacity) fails; the run's limit is the
        smallest of all candidates. Routes override it; the base has none.
        """
        return {}

    def binder_capacity_loss_fraction(self) -> float:
        """Capacity the binder costs in the cell (cracked particles, PTFE lithiation) [-]."""
        return 0.0

    def binder_kpis(self) -> dict[str, float]:
        """KPIs of the binder's costs (cracked particles, first-cycle efficiency)."""
        return {}

    # ------------------------------------------------------------------ shared physics
    def _binder_shifts(self) -> tuple[float, float]:
        """Δε_min and the γ_c factor of the binder fraction (fibrillating binders only)."""
        if not self.binder.fibrillating:
            return 0.0, 1.0
        w = self.binder_mass_fraction
        agglomerated = fibrillation.agglomerated_binder_fraction(
            w, self.scenario.parameter_set("fibrillation"))
        return (float(calendering.binder_min_porosity_shift(w, agglomerated,
                                                            self.binder_compaction)),
                float(calendering.binder_resistance_factor(w, self.binder_compaction)))

    def compaction_coefficients(self, compaction_temperature_c: ArrayLike
                                ) -> tuple[float, FloatArray]:
        """ε_min [-] and γ_c [N/mm] of this blend (material, PSD, binder fraction)."""
        m = self.scenario.materials.active_material
        shift, factor = self._binder_shifts()
        span = calendering.psd_span(m.d10_um, m.d50_um, m.d90_um)
        eps_min = float(np.clip(calendering.minimum_porosity(
            self.active.min_porosity, span, self.calendering) + shift, 0.05, 0.6))
        gamma = factor * calendering.compaction_resistance_n_per_mm(
            self.active.compaction_resistance_n_per_mm, m.d50_um, compaction_temperature_c,
            self.calendering)
        return eps_min, gamma

    def _calendered_porosity(self) -> float:
        line_load, _, passes = self.calender_settings()
        set_speed = self.scenario.line.speed_m_per_min / 60.0
        eps_min, gamma = self.compaction_coefficients(self.compaction_temperature_c(
            set_speed, self.scenario.environment.temperature_c))
        nip = calendering.porosity_at_line_load(line_load, eps_min, gamma, passes,
                                                self.calendering)
        if self._set_gap_m() is not None:  # the gap, not the line load, sets the nip
            nip = self._porosity_in_set_gap(np.array([self.target_loading_kg_per_m2]),
                                            eps_min, gamma, passes)[0]
        self.nominal_nip_porosity = float(nip)
        return float(calendering.porosity_after_springback(nip, params=self.calendering))

    def calender_control(self) -> str:
        """'line_load' or 'gap' control of the compacting calender."""
        return getattr(self.scenario.stations.calender, "control", "line_load") if (
            self.scenario.stations.calender is not None) else "line_load"

    def _set_gap_m(self) -> float | None:
        """The calender's set gap [m] under gap control, or None (gap follows the target)."""
        calender = self.scenario.stations.calender
        if self.calender_control() != "gap" or getattr(calender, "gap_um", None) is None:
            return None
        return float(calender.gap_um) * 1e-6

    def _porosity_in_set_gap(self, loading_kg_per_m2: FloatArray, eps_min: float,
                             gamma: ArrayLike, passes: int) -> FloatArray:
        """Nip porosity at the set gap: rigid stand, or one that springs open."""
        gap_m = self._set_gap_m()
        stiffness = self.scenario.stations.calender.stand_stiffness_n_per_mm_per_um
        if stiffness is None:
            return calendering.porosity_in_gap(loading_kg_per_m2, self.solid_density_kg_per_m3,
                                               gap_m, eps_min)
        return calendering.porosity_in_sprung_gap(
            loading_kg_per_m2, self.solid_density_kg_per_m3, gap_m, stiffness,
            self.target_loading_kg_per_m2, eps_min, gamma, passes, self.calendering)

    def segment_porosity(self, loading_kg_per_m2: FloatArray, speed_m_per_s: FloatArray,
                         hall_temperature_c: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Porosity [-] and thickness [m] of each segment after calendering.

        Line-load control: the Meyer law with the segment's areal load
        (:func:`calendering.porosity_at_areal_load`); gap control: the gap set for the
        target loading fixes the nip thickness, so ε = 1 − m_A/(ρ_s·h_gap)
        (:func:`calendering.porosity_in_gap`). Springback follows both.
        """
        line_load, _, passes = self.calender_settings()
        eps_min, gamma = self.compaction_coefficients(
            self.compaction_temperature_c(speed_m_per_s, hall_temperature_c))
        if self._set_gap_m() is not None:
            nip = self._porosity_in_set_gap(loading_kg_per_m2, eps_min, gamma, passes)
        elif self.calender_control() == "gap":
            gap_m = self.target_loading_kg_per_m2 / (
                self.solid_density_kg_per_m3 * (1.0 - self.nominal_nip_porosity))
            nip = calendering.porosity_in_gap(loading_kg_per_m2, self.solid_density_kg_per_m3,
                                              gap_m, eps_min)
        else:
            nip = calendering.porosity_at_areal_load(
                line_load, loading_kg_per_m2, self.target_loading_kg_per_m2, eps_min, gamma,
                passes, self.calendering)
        porosity = calendering.porosity_after_springback(nip, params=self.calendering)
        return porosity, calendering.thickness_m(loading_kg_per_m2,
                                                 self.solid_density_kg_per_m3, porosity)

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


def _foil_areal_mass_kg_per_m2(electrode: str) -> float:
    """Current collector under the coating: Al for cathodes, Cu for anodes [kg/m^2]."""
    m = DEFAULT_STACK_MATERIALS
    if electrode == "cathode":
        return m.cathode_collector_thickness_m * m.aluminium_density_kg_per_m3
    return m.anode_collector_thickness_m * m.copper_density_kg_per_m3
