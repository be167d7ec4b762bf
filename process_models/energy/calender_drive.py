"""Calender and laminator main drives: the power to compact the web between two rolls.

The roll torque follows from the roll force and a lever arm on the projected contact length;
the drives add a no-load power whenever the rolls turn.

References
----------
.. [lenard] J. G. Lenard, "Primer on Flat Rolling", 2nd ed., Elsevier 2014 (roll torque
   from the roll force and a lever arm on the projected contact length).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from process_models.energy.carriers import (
    J_PER_KWH,
    FloatArray,
    _efficiency,
    _non_negative,
    require_in_range,
)


@dataclass(frozen=True)
class CalenderDriveParameters:
    """Main drives of a calender or laminator.

    Attributes
    ----------
    roll_radius_m : float
        Work-roll radius [m] (assumption, 0.2–0.5).
    lever_arm_ratio : float
        Lever arm of the roll force over the projected contact length [-]; ≈0.5 for
        cold rolling [lenard] (assumption, 0.3–0.5 for powder layers).
    drive_efficiency : float
        Motor and gearbox efficiency [-] (assumption, 0.85–0.95).
    idle_power_w : float
        Power with rolls turning and closed-loop hydraulics on, no product [W]
        (assumption, 5–30 kW for a production calender).
    """

    roll_radius_m: float = 0.3
    lever_arm_ratio: float = 0.5
    drive_efficiency: float = 0.9
    idle_power_w: float = 10000.0

    def __post_init__(self) -> None:
        require_in_range("roll_radius_m", self.roll_radius_m, 0.0, low_inclusive=False)
        require_in_range("lever_arm_ratio", self.lever_arm_ratio, 0.0, 1.0)
        _efficiency("drive_efficiency", self.drive_efficiency)
        _non_negative("idle_power_w", self.idle_power_w)


def calender_drive_power_w(line_load_n_per_m: ArrayLike, web_width_m: ArrayLike,
                           line_speed_m_per_s: ArrayLike, thickness_reduction_m: ArrayLike,
                           params: CalenderDriveParameters) -> FloatArray:
    """Drive power to compact the web between two rolls, no-load power excluded [W].

    Parameters
    ----------
    line_load_n_per_m : array_like
        Line load (roll force per width) [N/m]; 1 N/mm = 1000 N/m.
    web_width_m : array_like
        Coated width under the nip [m].
    line_speed_m_per_s : array_like
        Web speed [m/s].
    thickness_reduction_m : array_like
        Thickness reduction in this nip [m].
    params : CalenderDriveParameters
        Roll radius, lever arm and drive efficiency.

    Notes
    -----
    Projected contact length L_c = √(R·Δh); torque per roll M = F·λ·L_c; two rolls turn at
    ω = v/R, so P = 2·F·λ·v·√(Δh/R)/η with F = q_L·w [lenard].
    """
    force_n = _non_negative("line_load_n_per_m", line_load_n_per_m) * _non_negative(
        "web_width_m", web_width_m)
    speed = _non_negative("line_speed_m_per_s", line_speed_m_per_s)
    dh = _non_negative("thickness_reduction_m", thickness_reduction_m)
    return (2.0 * force_n * params.lever_arm_ratio * speed * np.sqrt(dh / params.roll_radius_m)
            / params.drive_efficiency)


def calender_energy_kwh(running_s: ArrayLike, idle_s: ArrayLike, line_load_n_per_m: ArrayLike,
                        web_width_m: ArrayLike, line_speed_m_per_s: ArrayLike,
                        thickness_reduction_m: ArrayLike,
                        params: CalenderDriveParameters) -> dict[str, FloatArray]:
    """Drive electricity of one calender or laminator nip per interval [kWh].

    Parameters
    ----------
    running_s, idle_s : array_like
        Running and idle time per interval [s].
    line_load_n_per_m, web_width_m, line_speed_m_per_s, thickness_reduction_m : array_like
        Nip state while running, per interval [N/m, m, m/s, m].
    params : CalenderDriveParameters
        Drive.

    Notes
    -----
    E = P_idle·(t_run + t_idle) + P_compaction·t_run.
    """
    t_run = _non_negative("running_s", running_s)
    t_idle = _non_negative("idle_s", idle_s)
    p_w = calender_drive_power_w(line_load_n_per_m, web_width_m, line_speed_m_per_s,
                                 thickness_reduction_m, params)
    return {"electricity": (params.idle_power_w * (t_run + t_idle) + p_w * t_run) / J_PER_KWH}
