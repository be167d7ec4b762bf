"""The DPSD spray booth bound to a scenario: what lands, what drifts, how much per pass.

:class:`SprayDeposit` is the booth half of :class:`~line_sim.engine.process_chain.DPSDChain`:

- **component transfer**: NMC, carbon black and PVDF each charge to their own Pauthenier
  limit and drift at their own speed (:mod:`process_models.deposit_composition`); the
  deposit's mass fractions differ from the feed's;
- **overspray recycling**: the feeder is a stirred hold-up (its initial level) topped up
  with fresh blend; recovered overspray, enriched in the poorly transferred components,
  drifts it over the run. The run starts with fresh blend in the feeder, so the drift is a
  function of the web produced since the start;
- **back ionisation** (:mod:`process_models.back_ionisation`): passes needed for the
  loading, and the fastest web for the booth's passes;
- **spray pattern** (:mod:`process_models.spray_pattern`): CV across the web from the gun
  row (number, pitch, distance, voltage);
- **booth air**: recycled powder and the fresh deposit take up water at the booth's RH.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from line_sim.scenario import Scenario
from process_models import back_ionisation, dpsd, spray_pattern
from process_models import deposit_composition as comp

FloatArray = NDArray[np.float64]
DEPOSIT_LAYER_POROSITY = 0.6
"""Porosity of the loose as-sprayed layer before calendering [-] (assumption, 0.5–0.7;
only converts the back-ionisation areal mass into a thickness)."""


class SprayDeposit:
    """Booth physics of one run (settings fixed for the run)."""

    def __init__(self, scenario: Scenario, spray: dpsd.SprayParameters,
                 component_densities_kg_per_m3: tuple[float, float, float],
                 coating_mass_per_m_kg: float, target_loading_kg_per_m2: float,
                 coated_width_m: float,
                 deposit: comp.DepositCompositionParameters = comp.DEFAULT_DEPOSIT,
                 limit: back_ionisation.BackIonisationParameters
                 = back_ionisation.DEFAULT_BACK_IONISATION,
                 pattern: spray_pattern.SprayPatternParameters = spray_pattern.DEFAULT_PATTERN,
                 ) -> None:
        m, booth = scenario.materials, scenario.stations.spray_booth
        self.scenario, self.booth, self.spray = scenario, booth, spray
        self.deposit, self.limit, self.pattern = deposit, limit, pattern
        self.feed = np.array([m.active_material.mass_fraction, m.conductive_additive.mass_fraction,
                              m.binder.mass_fraction])
        self.feed /= self.feed.sum()
        self.coating_mass_per_m_kg = coating_mass_per_m_kg
        self.target_loading_kg_per_m2 = target_loading_kg_per_m2
        self.coated_width_m = coated_width_m
        self.net_width_m = scenario.line.web_width_m
        self.holdup_kg = max(scenario.stations.feeder.initial_level_kg, 1.0)
        distance_m = booth.gun_distance_mm / 1000.0
        self.gap_field_v_per_m = float(dpsd.gap_field_v_per_m(booth.voltage_kv, distance_m))
        self.charging_field_v_per_m = spray.field_utilisation * self.gap_field_v_per_m
        rho_active, rho_conductive, rho_binder = component_densities_kg_per_m3
        d_active, d_binder = m.active_material.d50_um, m.binder.d50_um
        d_carbon = max(deposit.conductive_agglomerate_d_um, m.conductive_additive.d50_um)
        eps = (spray.relative_permittivity, deposit.conductive_relative_permittivity,
               deposit.binder_relative_permittivity)
        self.charge_to_mass_c_per_kg = comp.charge_to_mass_c_per_kg(
            np.array([d_active, d_carbon, d_binder]),
            np.array([rho_active, rho_conductive * deposit.conductive_agglomerate_solid_fraction,
                      rho_binder]), self.charging_field_v_per_m, np.array(eps))
        drift = comp.component_drift_velocity_m_per_s(
            np.array([d_active, d_carbon, d_binder]), self.charging_field_v_per_m,
            self.gap_field_v_per_m, np.array(eps))
        self.drift_m_per_s = drift
        capture = comp.capture_fraction(drift, spray.reference_drift_velocity_m_per_s)
        self.capture = np.array([
            capture[0],
            comp.component_transfer_efficiency(capture[0], capture[1],
                                               deposit.conductive_attached_fraction,
                                               deposit.conductive_retention),
            comp.component_transfer_efficiency(capture[0], capture[2],
                                               deposit.binder_attached_fraction)])
        """Relative capture of each component, before η_max and the RH factor [-]."""
        self.footprint_sigma_m = float(spray_pattern.footprint_sigma_m(distance_m, drift[0], pattern))
        self.pattern_cv = float(spray_pattern.cross_web_cv(
            booth.guns_per_side, booth.gun_pitch_mm / 1000.0, self.footprint_sigma_m,
            self.net_width_m))
        self.footprint_length_m = float(spray_pattern.footprint_length_m(self.footprint_sigma_m))
        self.nominal_rh_pct = (booth.booth_relative_humidity_pct
                               if booth.booth_relative_humidity_pct is not None
                               else scenario.environment.relative_humidity_pct)

    # ------------------------------------------------------------------ transfer
    def component_transfer_efficiencies(self, booth_rh_pct: ArrayLike) -> FloatArray:
        """First-pass transfer efficiency of each component, shape (..., 3) [-]."""
        factor = dpsd.humidity_charging_factor(booth_rh_pct, self.spray)
        return self.spray.max_transfer_efficiency * np.asarray(factor)[..., None] * self.capture

    def transfer_efficiency(self, booth_rh_pct: ArrayLike) -> FloatArray:
        """First-pass transfer efficiency of the fresh blend, Σ x_f,i·η_i [-]."""
        return self.component_transfer_efficiencies(booth_rh_pct) @ self.feed

    # ------------------------------------------------------------------ composition drift
    def sprayed_kg(self, position_m: ArrayLike) -> FloatArray:
        """Powder sprayed by the time the web reaches ``position_m`` [kg] (nominal booth RH)."""
        eta = float(self.transfer_efficiency(self.nominal_rh_pct))
        return np.asarray(position_m, dtype=float) * self.coating_mass_per_m_kg / eta

    def hopper_fractions(self, position_m: ArrayLike) -> FloatArray:
        """Feeder (sprayed powder) composition when the web is at ``position_m`` [-], (n, 3)."""
        eta_i = self.component_transfer_efficiencies(self.nominal_rh_pct)
        return comp.hopper_fractions(self.feed, eta_i, self.booth.overspray_recovery_fraction,
                                     self.holdup_kg, np.atleast_1d(self.sprayed_kg(position_m)))

    def deposit_fractions(self, position_m: ArrayLike) -> FloatArray:
        """Deposit composition (active, conductive, binder) at ``position_m`` [-], (n, 3)."""
        return comp.deposit_mass_fractions(
            self.hopper_fractions(position_m),
            self.component_transfer_efficiencies(self.nominal_rh_pct))

    def composition_out_of_spec(self, fractions: FloatArray) -> NDArray[np.bool_]:
        """Deposit whose binder fraction leaves the tolerance around the feed's [-]."""
        return (np.abs(fractions[:, 2] / self.feed[2] - 1.0)
                > self.deposit.binder_fraction_tolerance)

    # ------------------------------------------------------------------ back ionisation
    def layer_charge_to_mass_c_per_kg(self) -> float:
        """q/m of the arriving deposit: the active particles', which carry the attached fines
        and ≈95 % of the mass [C/kg]."""
        return float(self.charge_to_mass_c_per_kg[0])

    def passes_required(self, speed_m_per_s: float) -> int:
        """Passes the target loading needs at this web speed without back ionisation [-]."""
        dwell = self.footprint_length_m / max(speed_m_per_s, 1e-9)
        return int(back_ionisation.passes_required(
            self.target_loading_kg_per_m2, self.layer_charge_to_mass_c_per_kg(), dwell, self.limit))

    def back_ionisation_speed_m_per_s(self, passes: int) -> float:
        """Fastest web at which ``passes`` passes stay below back ionisation [m/s]."""
        return back_ionisation.max_speed_m_per_s(
            self.target_loading_kg_per_m2, passes, self.layer_charge_to_mass_c_per_kg(),
            self.footprint_length_m, self.limit)

    def max_thickness_per_pass_um(self, speed_m_per_s: float, solid_density: float) -> float:
        """Self-limiting thickness of one pass at this web speed [µm]."""
        dwell = self.footprint_length_m / max(speed_m_per_s, 1e-9)
        return float(back_ionisation.max_thickness_per_pass_m(
            self.layer_charge_to_mass_c_per_kg(), dwell, solid_density, DEPOSIT_LAYER_POROSITY,
            self.limit)) * 1e6

    def booth_capacity_speed_m_per_s(self) -> float:
        """Fastest web the guns can coat: η·n_guns·passes·Q_gun/(m_A·w_coated) [m/s]."""
        b = self.booth
        sprayed_kg_per_s = (b.guns_per_side * b.spray_passes * b.gun_max_output_kg_per_h
                            / 3600.0)
        eta = float(self.transfer_efficiency(self.nominal_rh_pct))
        return eta * sprayed_kg_per_s / (self.target_loading_kg_per_m2 * self.coated_width_m)

    def speed_limits_m_per_min(self) -> dict[str, float]:
        """Candidate speed limits of the booth [m/min] (inf where none binds)."""
        return {"back_ionisation": 60.0 * self.back_ionisation_speed_m_per_s(self.booth.spray_passes),
                "booth_capacity": 60.0 * self.booth_capacity_speed_m_per_s()}

    # ------------------------------------------------------------------ booth air
    def booth_powder_exposure_s(self, booth_rh_pct: ArrayLike) -> FloatArray:
        """Mean time the sprayed powder spent in booth air on recycle trips [s]."""
        return (comp.mean_recycle_trips(self.transfer_efficiency(booth_rh_pct),
                                        self.booth.overspray_recovery_fraction)
                * self.deposit.recovery_loop_s)

    def booth_dwell_s(self, speed_m_per_s: ArrayLike) -> FloatArray:
        """Time the deposit spends in the booth, all passes [s]."""
        return (self.booth.booth_length_m * self.booth.spray_passes
                / np.maximum(np.asarray(speed_m_per_s, dtype=float), 1e-9))

    # ------------------------------------------------------------------ KPIs
    def kpis(self, produced_length_m: float, set_speed_m_per_s: float,
             solid_density_kg_per_m3: float) -> dict[str, Any]:
        """Shift-level DPSD KPIs over a web of ``produced_length_m``."""
        ends = self.deposit_fractions(np.array([0.0, max(produced_length_m, 0.0)]))
        grid = np.linspace(0.0, max(produced_length_m, 0.0), 201)
        mean = self.deposit_fractions(grid).mean(axis=0)
        limits = self.speed_limits_m_per_min()
        return {
            "deposit_composition": dict(zip(("active", "conductive", "binder"),
                                            (float(v) for v in mean), strict=True)),
            "deposit_binder_fraction_drift": float(ends[1, 2] - ends[0, 2]),
            "deposit_binder_fraction_steady": float(comp.deposit_mass_fractions(
                comp.steady_hopper_fractions(
                    self.feed, self.component_transfer_efficiencies(self.nominal_rh_pct),
                    self.booth.overspray_recovery_fraction),
                self.component_transfer_efficiencies(self.nominal_rh_pct))[2]),
            "spray_pattern_cv": self.pattern_cv,
            "spray_passes_required": self.passes_required(set_speed_m_per_s),
            "max_deposit_thickness_per_pass_um": self.max_thickness_per_pass_um(
                set_speed_m_per_s, solid_density_kg_per_m3),
            # infinite limits (none binds) are left out: the store keeps finite numbers
            **_finite({"one_pass_speed_m_per_min": 60.0 * self.back_ionisation_speed_m_per_s(1)}),
            "dpsd_speed_limits_m_per_min": _finite(limits),
        }


def _finite(values: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in values.items() if math.isfinite(v)}
