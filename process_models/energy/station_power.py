"""Station power: idle power plus specific energy per kg, fans, mixers, shear fibrillators.

One rule serves every station without a model of its own: E = P_idle·(t_run + t_idle) +
e_spec·m, i.e. power = P_idle + e_spec·ṁ while running and P_idle while stopped. Batch
mixers (dry powder or slurry) and shear fibrillators (kneader, twin-screw extruder) apply it
with the shaft work over the drive efficiency; inspection and winding draw idle power only.
A fan draws P = V̇·Δp/η. Vectorised over the line engine's interval table.

References
----------
.. [degen2023] F. Degen, M. Winter, D. Bendig, J. Tübke, "Energy consumption of current and
   future production of lithium-ion and post lithium-ion battery cells", Nature Energy 8
   (2023) 1284, doi:10.1038/s41560-023-01355-z
.. [yuan2017] C. Yuan, Y. Deng, T. Li, F. Yang, "Manufacturing energy analysis of lithium ion
   battery pack for electric vehicles", CIRP Annals 66 (2017) 53,
   doi:10.1016/j.cirp.2017.04.109
"""

from __future__ import annotations

from dataclasses import dataclass

from numpy.typing import ArrayLike

from process_models.energy.carriers import (
    J_PER_KWH,
    FloatArray,
    _check_carrier,
    _efficiency,
    _non_negative,
)

# --------------------------------------------------------------------------- generic station


@dataclass(frozen=True)
class StationPowerParameters:
    """Idle power and specific energy of a station.

    Attributes
    ----------
    idle_power_w : float
        Power drawn whenever the station is on, running or not (controls, drives on hold,
        vacuum, lighting) [W] (assumption per station; a plant's meter data replaces it).
    specific_energy_j_per_kg : float
        Energy per kg processed on top of the idle power [J/kg].
    carrier : str
        Carrier that supplies the station, one of :data:`CARRIERS`.
    """

    idle_power_w: float
    specific_energy_j_per_kg: float = 0.0
    carrier: str = "electricity"

    def __post_init__(self) -> None:
        _non_negative("idle_power_w", self.idle_power_w)
        _non_negative("specific_energy_j_per_kg", self.specific_energy_j_per_kg)
        _check_carrier(self.carrier)


def station_energy_kwh(running_s: ArrayLike, idle_s: ArrayLike, throughput_kg: ArrayLike,
                       params: StationPowerParameters) -> dict[str, FloatArray]:
    """Energy of a station per interval, by carrier [kWh].

    Parameters
    ----------
    running_s : array_like
        Time the station ran in each interval [s].
    idle_s : array_like
        Time the station was on but not running (stopped, starved, blocked, failed) [s].
    throughput_kg : array_like
        Mass processed in each interval [kg].
    params : StationPowerParameters
        Idle power and specific energy.

    Returns
    -------
    dict[str, ndarray]
        ``{params.carrier: E}``, one energy per interval [kWh].

    Notes
    -----
    E = P_idle·(t_run + t_idle) + e_spec·m, i.e. power = P_idle + e_spec·ṁ while running
    and P_idle while stopped.
    """
    t_run = _non_negative("running_s", running_s)
    t_idle = _non_negative("idle_s", idle_s)
    mass = _non_negative("throughput_kg", throughput_kg)
    joules = params.idle_power_w * (t_run + t_idle) + params.specific_energy_j_per_kg * mass
    return {params.carrier: joules / J_PER_KWH}


def fan_power_w(volume_flow_m3_per_s: ArrayLike, pressure_rise_pa: ArrayLike,
                fan_efficiency: float) -> FloatArray:
    """Electric power of a fan [W].

    Parameters
    ----------
    volume_flow_m3_per_s : array_like
        Air volume flow [m^3/s].
    pressure_rise_pa : array_like
        Total pressure rise [Pa].
    fan_efficiency : float
        Fan, motor and drive efficiency [-], in (0, 1].

    Notes
    -----
    P = V̇·Δp/η.
    """
    eta = _efficiency("fan_efficiency", fan_efficiency)
    flow = _non_negative("volume_flow_m3_per_s", volume_flow_m3_per_s)
    dp = _non_negative("pressure_rise_pa", pressure_rise_pa)
    return flow * dp / eta


# --------------------------------------------------------------------------- batch mixer and web auxiliaries


@dataclass(frozen=True)
class MixerParameters:
    """Batch mixer of any route: dry powder mixer (BF, DPSD) or slurry mixer.

    Attributes
    ----------
    idle_power_w : float
        Power whenever the mixer is on, mixing or not: drive turning, vacuum pump, jacket
        cooling, controls [W] (assumption per route: dry 3 kW, range 1–6 kW; slurry 5 kW,
        range 3–10 kW; ``line_sim.scenario.energy.EnergySettings``).
    specific_work_kj_per_kg : float
        Mixing work put into the batch per kg mixed, at the shaft [kJ/kg] (dry: per kg of
        powder; slurry: per kg of slurry).
    drive_efficiency : float
        Motor and gearbox efficiency [-] (assumption, 0.85–0.95).
    """

    idle_power_w: float
    specific_work_kj_per_kg: float
    drive_efficiency: float = 0.9

    def __post_init__(self) -> None:
        _non_negative("idle_power_w", self.idle_power_w)
        _non_negative("specific_work_kj_per_kg", self.specific_work_kj_per_kg)
        _efficiency("drive_efficiency", self.drive_efficiency)


def mixer_energy_kwh(running_s: ArrayLike, idle_s: ArrayLike, mixed_kg: ArrayLike,
                     params: MixerParameters) -> dict[str, FloatArray]:
    """Electricity of a batch mixer per interval [kWh].

    Parameters
    ----------
    running_s, idle_s : array_like
        Mixing time and time on without mixing per interval [s].
    mixed_kg : array_like
        Mass mixed per interval [kg] (powder for a dry mixer, slurry for a wet one).
    params : MixerParameters
        Idle power, shaft work and drive.

    Notes
    -----
    E = P_idle·(t_mix + t_idle) + m·w/η_drive: the same drive rule for dry and wet mixing
    (and for the shear fibrillator, :func:`shear_fibrillator_energy_kwh`).
    """
    spec = StationPowerParameters(params.idle_power_w,
                                  1000.0 * params.specific_work_kj_per_kg / params.drive_efficiency)
    return station_energy_kwh(running_s, idle_s, mixed_kg, spec)


INSPECTION = StationPowerParameters(5000.0)
"""Thickness/loading gauge, cameras and lighting while on [W] (assumption: 5 kW, range
2–10 kW)."""
WINDING = StationPowerParameters(8000.0)
"""Unwinder, rewinder and web guiding while on [W] (assumption: 8 kW, range 4–15 kW)."""


# --------------------------------------------------------------------------- shear fibrillator


@dataclass(frozen=True)
class ShearFibrillatorParameters:
    """Kneader or twin-screw extruder used as fibrillation unit.

    Attributes
    ----------
    specific_shear_energy_kj_per_kg : float
        Mechanical energy put into the dough [kJ/kg]; the fibrillation model's E
        (assumption, 10–100; a kneader at 33 W/kg for 12 min gives 24).
    drive_efficiency : float
        Motor and gearbox efficiency [-] (assumption, 0.85–0.95).
    idle_power_w : float
        No-load power: friction, cooling-water pumps, controls [W] (assumption, 2–15 kW).
    """

    specific_shear_energy_kj_per_kg: float = 30.0
    drive_efficiency: float = 0.9
    idle_power_w: float = 5000.0

    def __post_init__(self) -> None:
        _non_negative("specific_shear_energy_kj_per_kg", self.specific_shear_energy_kj_per_kg)
        _efficiency("drive_efficiency", self.drive_efficiency)
        _non_negative("idle_power_w", self.idle_power_w)


def shear_fibrillator_energy_kwh(running_s: ArrayLike, idle_s: ArrayLike,
                                 throughput_kg: ArrayLike,
                                 params: ShearFibrillatorParameters) -> dict[str, FloatArray]:
    """Electricity of a kneader or twin-screw fibrillation unit per interval [kWh].

    Parameters
    ----------
    running_s, idle_s : array_like
        Running and idle time per interval [s].
    throughput_kg : array_like
        Dough processed per interval [kg].
    params : ShearFibrillatorParameters
        Shear energy and drive.

    Notes
    -----
    E = P_idle·(t_run + t_idle) + m·E_shear/η_drive.
    """
    spec = StationPowerParameters(params.idle_power_w,
                                  1000.0 * params.specific_shear_energy_kj_per_kg
                                  / params.drive_efficiency)
    return station_energy_kwh(running_s, idle_s, throughput_kg, spec)
