"""Per-interval running, idle and processing times of each station, and the web's geometry."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from line_sim.engine.process_chain import ProcessChain
from process_models.cell import DEFAULT_STACK_MATERIALS
from process_models.energy import HeatedRollParameters

FloatArray = NDArray[np.float64]
CarrierKwh = dict[str, FloatArray]

SECONDS_PER_HOUR = 3600.0
MG_PER_CM2_TO_KG_PER_M2 = 0.01
ROLL_FACE_MARGIN_M = 0.3
"""Roll face length beyond the coated width [m] (assumption, 0.2–0.4; HeatedRollParameters)."""



# --------------------------------------------------------------------------- interval times


@dataclass(frozen=True)
class WebTimes:
    """Per-interval times and flows of the web group (all arrays one value per interval).

    Attributes
    ----------
    duration_s : ndarray
        Interval length [s].
    running_s : ndarray
        Time the web moved [s].
    idle_s : ndarray
        Time on shift with the web standing (starved, failed, web break, coil change,
        handover) [s].
    off_shift_s : ndarray
        Time off shift [s].
    length_m : ndarray
        Electrode length made [m].
    solids_kg : ndarray
        Solids drawn by the web group (coating, trim, unrecovered overspray) [kg].
    hall_temperature_c, hall_relative_humidity_pct : ndarray
        Hall climate [°C, %].
    """

    duration_s: FloatArray
    running_s: FloatArray
    idle_s: FloatArray
    off_shift_s: FloatArray
    length_m: FloatArray
    solids_kg: FloatArray
    hall_temperature_c: FloatArray
    hall_relative_humidity_pct: FloatArray

    @classmethod
    def from_intervals(cls, intervals: pd.DataFrame) -> WebTimes:
        """Times of the web group from the engine's interval table."""
        duration = ((intervals["end_h"] - intervals["start_h"]).to_numpy(dtype=float)
                    * SECONDS_PER_HOUR)
        speed = intervals["speed_m_per_min"].to_numpy(dtype=float) / 60.0
        off = (intervals["line_state"].astype(str) == "off_shift").to_numpy()
        moving = speed > 0.0
        length = speed * duration
        return cls(
            duration_s=duration,
            running_s=np.where(moving, duration, 0.0),
            idle_s=np.where(~moving & ~off, duration, 0.0),
            off_shift_s=np.where(off, duration, 0.0),
            length_m=length,
            solids_kg=length * intervals["draw_per_m_kg"].to_numpy(dtype=float),
            hall_temperature_c=intervals["temperature_c"].to_numpy(dtype=float),
            hall_relative_humidity_pct=intervals["relative_humidity_pct"].to_numpy(dtype=float),
        )

    def held_idle_s(self, hot_off_shift: bool) -> FloatArray:
        """Idle time of equipment held hot, with off-shift time if it stays hot [s]."""
        return self.idle_s + self.off_shift_s if hot_off_shift else self.idle_s

    def mass_flow_kg_per_s(self, mass_kg: FloatArray) -> FloatArray:
        """Mean mass flow while running [kg/s]; 0 where the web stood."""
        return self._per_running_s(mass_kg)

    def speed_m_per_s(self) -> FloatArray:
        """Web speed while running [m/s]; 0 where the web stood."""
        return self._per_running_s(self.length_m)

    def _per_running_s(self, amount: FloatArray) -> FloatArray:
        safe = np.where(self.running_s > 0.0, self.running_s, 1.0)
        return np.where(self.running_s > 0.0, amount / safe, 0.0)


def mixer_times(intervals: pd.DataFrame, duration_s: FloatArray
                 ) -> tuple[FloatArray, FloatArray]:
    state = intervals["mixer_state"].astype(str).to_numpy()
    mixing = np.where(state == "mixing", duration_s, 0.0)
    idle = np.where(np.isin(state, ("blocked", "failed")), duration_s, 0.0)
    return mixing, idle


def fibrillator_times(intervals: pd.DataFrame, duration_s: FloatArray
                       ) -> tuple[FloatArray, FloatArray, FloatArray]:
    rate_kg_per_s = intervals["fibrillator_rate_kg_per_h"].to_numpy(dtype=float) / SECONDS_PER_HOUR
    state = intervals["fibrillator_state"].astype(str).to_numpy()
    on = ~np.isin(state, ("off_shift", "none"))
    running = np.where(rate_kg_per_s > 0.0, duration_s, 0.0)
    idle = np.where(on & (rate_kg_per_s <= 0.0), duration_s, 0.0)
    return running, idle, rate_kg_per_s * duration_s


# --------------------------------------------------------------------------- line geometry


@dataclass(frozen=True)
class WebGeometry:
    """Widths, areal masses and thicknesses the web stations need.

    Attributes
    ----------
    coated_width_m : float
        Width under the rolls, before edge trim [m].
    coated_sides : int
        Coated sides [-].
    foil_kg_per_m : float
        Current collector per metre of web [kg/m].
    coating_kg_per_m : float
        Coating on both sides, trim included, per metre [kg/m].
    thickness_reduction_m : float
        Uncalendered minus calendered coating thickness per side [m].
    """

    coated_width_m: float
    coated_sides: int
    foil_kg_per_m: float
    coating_kg_per_m: float
    thickness_reduction_m: float

    @classmethod
    def from_chain(cls, chain: ProcessChain) -> WebGeometry:
        """Geometry of the chain's electrode (foil from the active material's electrode)."""
        line = chain.scenario.line
        width = chain.coating_mass_per_m_kg / (chain.target_loading_kg_per_m2
                                               * line.coated_sides)
        stack = DEFAULT_STACK_MATERIALS
        foil_kg_per_m2 = (stack.cathode_collector_thickness_m * stack.aluminium_density_kg_per_m3
                          if chain.active.electrode == "cathode"
                          else stack.anode_collector_thickness_m * stack.copper_density_kg_per_m3)
        uncalendered = chain.target_loading_kg_per_m2 / (
            chain.solid_density_kg_per_m3 * (1.0 - chain.calendering.initial_porosity))
        return cls(width, line.coated_sides, foil_kg_per_m2 * width, chain.coating_mass_per_m_kg,
                   max(uncalendered - chain.nominal_thickness_m, 0.0))

    @property
    def coating_kg_per_m2(self) -> float:
        """Dry coating per coated area, one side [kg/m^2]."""
        return self.coating_kg_per_m / (self.coated_width_m * self.coated_sides)

    def rolls(self) -> HeatedRollParameters:
        """A heated nip whose face spans the coated width."""
        return HeatedRollParameters(face_length_m=self.coated_width_m + ROLL_FACE_MARGIN_M)
