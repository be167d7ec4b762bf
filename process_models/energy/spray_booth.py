"""Electrostatic dry-powder spray (DPSD) booth: carrier gas, HV supplies, recovery fan.

The carrier gas is compressed air (:mod:`process_models.energy.compressed_air`); the recovery
fan follows the fan law (:func:`process_models.energy.station_power.fan_power_w`) whenever
the booth is on; the HV cascades draw power only while spraying.

References
----------
Booth coefficients are assumptions, each with its range in :class:`SprayBoothParameters`;
the carrier gas is priced as compressed air:

.. [cagi] Compressed Air and Gas Institute, rotary-screw compressor data sheets at 7 bar(g):
   specific input power 5–7 kW per m^3/min of free air, i.e. 0.083–0.117 kWh/Nm^3.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from numpy.typing import ArrayLike

from process_models.energy.carriers import J_PER_KWH, FloatArray, _efficiency, _non_negative
from process_models.energy.compressed_air import CompressedAirParameters, compressed_air_energy_kwh
from process_models.energy.station_power import fan_power_w


@dataclass(frozen=True)
class SprayBoothParameters:
    """Electrostatic dry-powder spray booth.

    Attributes
    ----------
    carrier_gas_nm3_per_kg : float
        Conveying plus atomising gas per kg powder sprayed [Nm^3/kg] (assumption:
        corona guns use 3–6 Nm^3/h for 0.1–0.3 kg/min, i.e. 0.2–1; default 0.5).
    gun_count : int
        Number of spray guns [-].
    hv_power_per_gun_w : float
        HV cascade and gun controller power [W] (assumption: 100 kV × 100 µA = 10 W at the
        electrode, 30–100 W with the controller; default 60).
    recovery_air_flow_m3_per_s : float
        Booth extraction through cyclone and after-filter [m^3/s] (assumption, 0.5–3 for
        a 1 m booth; default 1.5).
    recovery_pressure_rise_pa : float
        Pressure rise of the recovery fan [Pa] (assumption, 1500–3000).
    fan_efficiency : float
        Recovery-fan efficiency [-] (assumption, 0.55–0.75).
    idle_power_w : float
        Powder feeders, fluidising air blowers, controls while on [W] (assumption, 1–5 kW).
    supply : CompressedAirParameters
        Carrier-gas supply.
    """

    carrier_gas_nm3_per_kg: float = 0.5
    gun_count: int = 8
    hv_power_per_gun_w: float = 60.0
    recovery_air_flow_m3_per_s: float = 1.5
    recovery_pressure_rise_pa: float = 2000.0
    fan_efficiency: float = 0.65
    idle_power_w: float = 2000.0
    supply: CompressedAirParameters = field(default_factory=CompressedAirParameters)

    def __post_init__(self) -> None:
        _non_negative("carrier_gas_nm3_per_kg", self.carrier_gas_nm3_per_kg)
        _non_negative("gun_count", self.gun_count)
        _non_negative("hv_power_per_gun_w", self.hv_power_per_gun_w)
        _non_negative("recovery_air_flow_m3_per_s", self.recovery_air_flow_m3_per_s)
        _non_negative("recovery_pressure_rise_pa", self.recovery_pressure_rise_pa)
        _efficiency("fan_efficiency", self.fan_efficiency)
        _non_negative("idle_power_w", self.idle_power_w)


def spray_booth_energy_kwh(running_s: ArrayLike, idle_s: ArrayLike, sprayed_kg: ArrayLike,
                           params: SprayBoothParameters) -> dict[str, FloatArray]:
    """Energy of a DPSD spray booth per interval [kWh].

    Parameters
    ----------
    running_s, idle_s : array_like
        Spraying and idle time per interval [s]; the recovery fan runs in both.
    sprayed_kg : array_like
        Powder leaving the guns per interval, deposited plus overspray [kg].
    params : SprayBoothParameters
        Booth.

    Returns
    -------
    dict[str, ndarray]
        ``{"compressed_air": carrier gas, "electricity": HV + fan + auxiliaries}`` [kWh].

    Notes
    -----
    E_gas = m·v_gas·e_CA; E_el = (P_fan + P_aux)·(t_run + t_idle) + n_gun·P_HV·t_run, with
    P_fan = V̇·Δp/η.
    """
    t_run = _non_negative("running_s", running_s)
    t_idle = _non_negative("idle_s", idle_s)
    mass = _non_negative("sprayed_kg", sprayed_kg)
    fan_w = fan_power_w(params.recovery_air_flow_m3_per_s, params.recovery_pressure_rise_pa,
                        params.fan_efficiency)
    hv_w = params.gun_count * params.hv_power_per_gun_w
    electric_j = (fan_w + params.idle_power_w) * (t_run + t_idle) + hv_w * t_run
    gas = compressed_air_energy_kwh(mass * params.carrier_gas_nm3_per_kg, params.supply)
    return {"compressed_air": gas, "electricity": electric_j / J_PER_KWH}
