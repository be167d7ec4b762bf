"""Compressed air and carrier gas: compressor electricity per normal cubic metre; the jet mill.

A jet mill that fibrillates PTFE with grinding air is the largest compressed-air user of a dry
line; the spray booth's carrier gas (:mod:`process_models.energy.spray_booth`) is priced by
the same supply.

References
----------
.. [cagi] Compressed Air and Gas Institute, rotary-screw compressor data sheets at 7 bar(g):
   specific input power 5–7 kW per m^3/min of free air, i.e. 0.083–0.117 kWh/Nm^3.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from numpy.typing import ArrayLike

from process_models.energy.carriers import FloatArray, _non_negative, require_in_range
from process_models.energy.station_power import StationPowerParameters, station_energy_kwh

# --------------------------------------------------------------------------- compressed-air supply


@dataclass(frozen=True)
class CompressedAirParameters:
    """Compressed-air (or carrier-gas) supply.

    Attributes
    ----------
    specific_energy_kwh_per_nm3 : float
        Compressor electricity per normal cubic metre delivered [kWh/Nm^3]: 0.11 for a
        7 bar(g) rotary-screw plant ([cagi]: 0.083–0.117; with dryers and leaks 0.10–0.13).
        PSA nitrogen as carrier gas costs more (assumption 0.2–0.4 kWh/Nm^3).
    """

    specific_energy_kwh_per_nm3: float = 0.11

    def __post_init__(self) -> None:
        require_in_range("specific_energy_kwh_per_nm3", self.specific_energy_kwh_per_nm3,
                         0.0, 1.0, low_inclusive=False)


def compressed_air_energy_kwh(volume_nm3: ArrayLike,
                              supply: CompressedAirParameters) -> FloatArray:
    """Compressor electricity for a compressed-air volume [kWh].

    Parameters
    ----------
    volume_nm3 : array_like
        Air or gas volume at normal conditions (0 °C, 1.01325 bar) [Nm^3].
    supply : CompressedAirParameters
        Specific energy of the supply.

    Notes
    -----
    E = V_N·e_CA.
    """
    return _non_negative("volume_nm3", volume_nm3) * supply.specific_energy_kwh_per_nm3


# --------------------------------------------------------------------------- jet mill


@dataclass(frozen=True)
class JetMillParameters:
    """Jet mill used as fibrillation unit.

    Attributes
    ----------
    specific_air_nm3_per_kg : float
        Grinding-air volume per kg powder [Nm^3/kg] (assumption: gas-to-solids mass
        ratios of spiral jet mills 1–10 kg/kg, i.e. 0.8–8 Nm^3/kg; default 3).
    idle_power_w : float
        Feeder, classifier and filter fan power while on [W] (assumption, 2–10 kW).
    supply : CompressedAirParameters
        Compressed-air supply.
    """

    specific_air_nm3_per_kg: float = 3.0
    idle_power_w: float = 4000.0
    supply: CompressedAirParameters = field(default_factory=CompressedAirParameters)

    def __post_init__(self) -> None:
        _non_negative("specific_air_nm3_per_kg", self.specific_air_nm3_per_kg)
        _non_negative("idle_power_w", self.idle_power_w)


def jet_mill_energy_kwh(running_s: ArrayLike, idle_s: ArrayLike, throughput_kg: ArrayLike,
                        params: JetMillParameters) -> dict[str, FloatArray]:
    """Energy of a jet-mill fibrillation unit per interval [kWh].

    Parameters
    ----------
    running_s, idle_s : array_like
        Running and idle time per interval [s].
    throughput_kg : array_like
        Powder milled per interval [kg].
    params : JetMillParameters
        Air demand and auxiliaries.

    Returns
    -------
    dict[str, ndarray]
        ``{"compressed_air": E_air, "electricity": E_aux}`` [kWh].

    Notes
    -----
    E_air = m·v_air·e_CA; E_aux = P_aux·(t_run + t_idle).
    """
    mass = _non_negative("throughput_kg", throughput_kg)
    aux = station_energy_kwh(running_s, idle_s, mass, StationPowerParameters(params.idle_power_w))
    air = compressed_air_energy_kwh(mass * params.specific_air_nm3_per_kg, params.supply)
    return {"compressed_air": air, "electricity": aux["electricity"]}
