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

from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from line_sim.engine.bf_chain import BFChain
from line_sim.engine.chain_base import (
    ADHESION_SCATTER_CV,
    MG_PER_CM2_TO_KG_PER_M2,
    FilmState,
    ProcessChain,
    SegmentConditions,
)
from line_sim.engine.dpsd_deposit import SprayDeposit
from line_sim.scenario import Scenario
from process_models import (
    dpsd,
    lamination,
    moisture,
    slurry,
)

FloatArray = NDArray[np.float64]

__all__ = ["ADHESION_SCATTER_CV", "MG_PER_CM2_TO_KG_PER_M2", "BFChain", "DPSDChain", "FilmState",
           "ProcessChain", "SegmentConditions", "SlurryChain", "dryer_parameters",
           "process_chain"]


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
            line.web_width_m / (1.0 - scenario.stations.hot_calender.edge_trim_fraction),
            deposit=scenario.parameter_set("deposit"),
            limit=scenario.parameter_set("back_ionisation"),
            pattern=scenario.parameter_set("spray_pattern"))

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
        vapour = _max_vapour_volume_fraction(coater.solvent, dryer.lel_fraction)
        self.film_temperature_c = _wet_bulb_film_temperature_c(
            float(dryer.air_temperature_c), coater.solvent, float(vapour))
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


@lru_cache(maxsize=256)
def _max_vapour_volume_fraction(solvent: str, lel_fraction: float) -> float:
    """Highest solvent vapour fraction in the dryer exhaust (it depends on the solvent and the
    LEL fraction only; cached per setting) [-]."""
    return float(slurry.max_vapour_volume_fraction(
        slurry.solvent(solvent), slurry.DryerParameters(lel_fraction=lel_fraction)))


@lru_cache(maxsize=256)
def _wet_bulb_film_temperature_c(air_temperature_c: float, solvent: str,
                                 vapour_volume_fraction: float) -> float:
    """The wet film's temperature for one dryer setting (an iteration; a chain is rebuilt for
    every calibration step, the dryer rarely changes) [°C]."""
    return float(slurry.wet_bulb_film_temperature_c(
        air_temperature_c, slurry.solvent(solvent), vapour_volume_fraction,
        slurry.DEFAULT_HEAT_TRANSFER))


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
