"""Station energy, energy-carrier bookkeeping and cell-energy normalisation.

Every station function is vectorised over the line engine's interval table: each array
argument holds one value per interval (time running, time idle/starved/failed, mass
processed, temperatures, speed, width), and the result is one energy per interval and
carrier. A run then sums the arrays once. Carriers are kept apart:

- ``"electricity"``: drives, heaters, fans, chillers, HV supplies [kWh electric];
- ``"heat"``: fuel or steam heat (natural-gas burners, desiccant regeneration) [kWh heat];
- ``"compressed_air"``: compressor electricity spent on compressed air or carrier gas
  [kWh electric], kept apart because plants meter and price it as its own utility.

Units are SI inside; energies leave as kWh because every plant meters kWh.

References
----------
.. [degen2023] F. Degen, M. Winter, D. Bendig, J. Tübke, "Energy consumption of current and
   future production of lithium-ion and post lithium-ion battery cells", Nature Energy 8
   (2023) 1284, doi:10.1038/s41560-023-01355-z
.. [yuan2017] C. Yuan, Y. Deng, T. Li, F. Yang, "Manufacturing energy analysis of lithium ion
   battery pack for electric vehicles", CIRP Annals 66 (2017) 53,
   doi:10.1016/j.cirp.2017.04.109
.. [cagi] Compressed Air and Gas Institute, rotary-screw compressor data sheets at 7 bar(g):
   specific input power 5–7 kW per m^3/min of free air, i.e. 0.083–0.117 kWh/Nm^3.
.. [incropera] T. L. Bergman, A. S. Lavine, F. P. Incropera, D. P. DeWitt, "Fundamentals of
   Heat and Mass Transfer", 7th ed., Wiley 2011 (convection and grey-body radiation).
.. [lenard] J. G. Lenard, "Primer on Flat Rolling", 2nd ed., Elsevier 2014 (roll torque
   from the roll force and a lever arm on the projected contact length).
.. [ipcc2006] IPCC 2006 Guidelines for National Greenhouse Gas Inventories, Vol. 2, Table 2.2:
   natural gas 56.1 t CO2/TJ = 0.202 kg CO2 per kWh of fuel (lower heating value).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

J_PER_KWH = 3.6e6
"""Joules per kilowatt hour [J/kWh]."""
STEFAN_BOLTZMANN_W_PER_M2_K4 = 5.670374419e-8
"""Stefan–Boltzmann constant [W/(m^2·K^4)] (CODATA 2018)."""
KELVIN_OFFSET_K = 273.15
"""Offset between °C and K [K]."""

CARRIERS: tuple[str, ...] = ("electricity", "heat", "compressed_air")
"""Energy carriers kept apart in every breakdown."""


# --------------------------------------------------------------------------- validation


def require_in_range(name: str, value: ArrayLike, low: float = -np.inf, high: float = np.inf,
                     *, low_inclusive: bool = True, high_inclusive: bool = True) -> FloatArray:
    """Return ``value`` as a float array, or raise if any element leaves [low, high].

    Parameters
    ----------
    name : str
        Parameter name used in the message.
    value : array_like
        Value(s) to check [any unit].
    low, high : float
        Allowed bounds [same unit as ``value``].
    low_inclusive, high_inclusive : bool
        Whether the bounds themselves are allowed.

    Raises
    ------
    ValueError
        Naming the parameter, the offending value and the allowed range.
    """
    arr = np.asarray(value, dtype=float)
    below = arr < low if low_inclusive else arr <= low
    above = arr > high if high_inclusive else arr >= high
    bad = below | above | np.isnan(arr)
    if np.any(bad):
        offending = float(np.ravel(arr)[np.argmax(np.ravel(bad))])
        left = "[" if low_inclusive else "("
        right = "]" if high_inclusive else ")"
        raise ValueError(f"{name} = {offending!r} is outside the allowed range "
                         f"{left}{low}, {high}{right}")
    return arr


def _non_negative(name: str, value: ArrayLike) -> FloatArray:
    return require_in_range(name, value, 0.0)


def _efficiency(name: str, value: ArrayLike) -> FloatArray:
    return require_in_range(name, value, 0.0, 1.0, low_inclusive=False)


def _check_carrier(carrier: str) -> None:
    if carrier not in CARRIERS:
        raise ValueError(f"carrier = {carrier!r} is not one of {CARRIERS}")


# --------------------------------------------------------------------------- bookkeeping


@dataclass(frozen=True)
class EnergyBreakdown:
    """Energy by (stage, carrier) [kWh].

    Attributes
    ----------
    kwh : Mapping[tuple[str, str], float]
        Energy per (stage, carrier) pair [kWh]; carriers from :data:`CARRIERS`.
    """

    kwh: Mapping[tuple[str, str], float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for (stage, carrier), value in self.kwh.items():
            _check_carrier(carrier)
            _non_negative(f"energy of {stage}/{carrier} [kWh]", value)

    @classmethod
    def from_stages(cls, stages: Mapping[str, Mapping[str, ArrayLike]]) -> EnergyBreakdown:
        """Build from ``{stage: {carrier: per-interval kWh array}}``, summing each array."""
        totals: dict[tuple[str, str], float] = {}
        for stage, carriers in stages.items():
            for carrier, values in carriers.items():
                key = (stage, carrier)
                totals[key] = totals.get(key, 0.0) + float(np.sum(values))
        return cls(totals)

    def total_kwh(self) -> float:
        """Sum over all stages and carriers [kWh]."""
        return float(sum(self.kwh.values()))

    def by_stage(self) -> dict[str, float]:
        """Energy per stage, all carriers summed [kWh]."""
        return self._collapse(0)

    def by_carrier(self) -> dict[str, float]:
        """Energy per carrier, all stages summed [kWh]."""
        return self._collapse(1)

    def stages(self) -> tuple[str, ...]:
        """Stage names in first-seen order."""
        return tuple(self.by_stage())

    def scaled(self, factor: float) -> EnergyBreakdown:
        """Every entry multiplied by ``factor`` (e.g. 1/area for kWh per m^2)."""
        require_in_range("factor", factor, 0.0)
        return EnergyBreakdown({k: v * factor for k, v in self.kwh.items()})

    def without(self, *stages: str) -> EnergyBreakdown:
        """The breakdown with the named stages removed (to move a system boundary)."""
        return EnergyBreakdown({k: v for k, v in self.kwh.items() if k[0] not in stages})

    def __add__(self, other: EnergyBreakdown) -> EnergyBreakdown:
        merged = dict(self.kwh)
        for key, value in other.kwh.items():
            merged[key] = merged.get(key, 0.0) + value
        return EnergyBreakdown(merged)

    def _collapse(self, axis: int) -> dict[str, float]:
        out: dict[str, float] = {}
        for key, value in self.kwh.items():
            out[key[axis]] = out.get(key[axis], 0.0) + value
        return out


@dataclass(frozen=True)
class CarrierEmissionFactors:
    """CO2 emission factor per carrier [kg CO2/kWh].

    Attributes
    ----------
    electricity_kg_per_kwh : float
        Grid or site electricity [kg CO2/kWh_el]; site-specific, no default.
    heat_kg_per_kwh : float
        Heat delivered [kg CO2/kWh_heat]. Natural gas: 0.202 kg/kWh fuel [ipcc2006]
        divided by the boiler efficiency (≈0.9 gives 0.224).
    compressed_air_kg_per_kwh : float or None
        Compressor electricity [kg CO2/kWh_el]; None uses the electricity factor.
    """

    electricity_kg_per_kwh: float
    heat_kg_per_kwh: float = 0.202 / 0.9
    compressed_air_kg_per_kwh: float | None = None

    def __post_init__(self) -> None:
        _non_negative("electricity_kg_per_kwh", self.electricity_kg_per_kwh)
        _non_negative("heat_kg_per_kwh", self.heat_kg_per_kwh)
        if self.compressed_air_kg_per_kwh is not None:
            _non_negative("compressed_air_kg_per_kwh", self.compressed_air_kg_per_kwh)

    def factor(self, carrier: str) -> float:
        """Emission factor of ``carrier`` [kg CO2/kWh]."""
        _check_carrier(carrier)
        if carrier == "heat":
            return self.heat_kg_per_kwh
        if carrier == "compressed_air" and self.compressed_air_kg_per_kwh is not None:
            return self.compressed_air_kg_per_kwh
        return self.electricity_kg_per_kwh


def co2_kg(breakdown: EnergyBreakdown, factors: CarrierEmissionFactors) -> dict[str, float]:
    """CO2 emissions per stage [kg CO2].

    Notes
    -----
    m_CO2,stage = Σ_carrier E_stage,carrier · f_carrier.
    """
    out: dict[str, float] = {}
    for (stage, carrier), value in breakdown.kwh.items():
        out[stage] = out.get(stage, 0.0) + value * factors.factor(carrier)
    return out


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
        range 3–10 kW; ``line_sim.energy_accounting.EnergySettings``).
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


# --------------------------------------------------------------------------- heated rolls


@dataclass(frozen=True)
class HeatedRollParameters:
    """Heated calender or laminator roll set.

    Attributes
    ----------
    diameter_m : float
        Roll diameter [m] (assumption: 0.4–1.0 for production calenders).
    face_length_m : float
        Roll face length [m] (assumption: web width + 0.2–0.4 m).
    roll_count : int
        Number of heated rolls [-].
    exposed_surface_fraction : float
        Share of the roll surface open to the hall (not under web or nip) [-]
        (assumption, 0.6–0.9).
    emissivity : float
        Surface emissivity [-]: chromed rolls 0.05–0.15, ground steel 0.3–0.6
        (assumption from [incropera] tables).
    convection_coefficient_w_per_m2_k : float
        Mixed convection from a rotating roll in still hall air [W/(m^2·K)]
        (assumption, 5–25; natural convection alone gives 5–10 [incropera]).
    heater_efficiency : float
        Heat delivered to the roll per unit of supplied energy [-] (electric cartridge
        or induction ≈0.95–1; thermal-oil loop 0.7–0.9; assumption).
    web_temperature_approach : float
        Share of the roll-to-web temperature difference the web closes in the nip [-]
        (assumption, 0.3–1: thin foils on a large wrap angle approach 1).
    web_specific_heat_j_per_kg_k : float
        Specific heat of foil plus coating [J/(kg·K)] (Al 900, NMC ≈ 750, graphite 710,
        PTFE 1000; assumption 700–950).
    carrier : str
        Carrier of the heaters.
    """

    diameter_m: float = 0.6
    face_length_m: float = 1.3
    roll_count: int = 2
    exposed_surface_fraction: float = 0.8
    emissivity: float = 0.15
    convection_coefficient_w_per_m2_k: float = 12.0
    heater_efficiency: float = 0.95
    web_temperature_approach: float = 0.7
    web_specific_heat_j_per_kg_k: float = 800.0
    carrier: str = "electricity"

    def __post_init__(self) -> None:
        require_in_range("diameter_m", self.diameter_m, 0.0, low_inclusive=False)
        require_in_range("face_length_m", self.face_length_m, 0.0, low_inclusive=False)
        require_in_range("roll_count", self.roll_count, 0.0)
        require_in_range("exposed_surface_fraction", self.exposed_surface_fraction, 0.0, 1.0)
        require_in_range("emissivity", self.emissivity, 0.0, 1.0)
        _non_negative("convection_coefficient_w_per_m2_k", self.convection_coefficient_w_per_m2_k)
        _efficiency("heater_efficiency", self.heater_efficiency)
        require_in_range("web_temperature_approach", self.web_temperature_approach, 0.0, 1.0)
        require_in_range("web_specific_heat_j_per_kg_k", self.web_specific_heat_j_per_kg_k,
                         0.0, low_inclusive=False)
        _check_carrier(self.carrier)


def roll_surface_heat_loss_w(roll_temperature_c: ArrayLike, hall_temperature_c: ArrayLike,
                             params: HeatedRollParameters) -> FloatArray:
    """Heat lost by the open roll surfaces to the hall [W].

    Parameters
    ----------
    roll_temperature_c : array_like
        Roll surface temperature [°C].
    hall_temperature_c : array_like
        Hall air and wall temperature [°C].
    params : HeatedRollParameters
        Roll geometry and surface.

    Notes
    -----
    Q = n·f_open·π·D·L·[h·(T_s − T_∞) + ε·σ·(T_s⁴ − T_∞⁴)] [incropera]; zero when the roll
    is not above the hall temperature (an unheated roll draws no heater power).
    """
    t_s = np.asarray(roll_temperature_c, dtype=float) + KELVIN_OFFSET_K
    t_inf = np.asarray(hall_temperature_c, dtype=float) + KELVIN_OFFSET_K
    area_m2 = (params.roll_count * params.exposed_surface_fraction
               * np.pi * params.diameter_m * params.face_length_m)
    flux = (params.convection_coefficient_w_per_m2_k * (t_s - t_inf)
            + params.emissivity * STEFAN_BOLTZMANN_W_PER_M2_K4 * (t_s**4 - t_inf**4))
    return area_m2 * np.maximum(flux, 0.0)


def web_mass_flow_kg_per_s(line_speed_m_per_s: ArrayLike, web_width_m: ArrayLike,
                           areal_mass_kg_per_m2: ArrayLike) -> FloatArray:
    """Mass flow of a moving web ṁ = v·w·m_A [kg/s].

    Parameters
    ----------
    line_speed_m_per_s : array_like
        Web speed [m/s].
    web_width_m : array_like
        Web width [m].
    areal_mass_kg_per_m2 : array_like
        Mass per web area (foil plus all coatings) [kg/m^2].
    """
    return (_non_negative("line_speed_m_per_s", line_speed_m_per_s)
            * _non_negative("web_width_m", web_width_m)
            * _non_negative("areal_mass_kg_per_m2", areal_mass_kg_per_m2))


def web_heating_power_w(web_mass_flow: ArrayLike, web_inlet_temperature_c: ArrayLike,
                        roll_temperature_c: ArrayLike, params: HeatedRollParameters) -> FloatArray:
    """Heat carried away by the web warmed in the nip [W].

    Parameters
    ----------
    web_mass_flow : array_like
        Web mass flow through the nip [kg/s].
    web_inlet_temperature_c : array_like
        Web temperature entering the nip [°C] (hall temperature unless preheated).
    roll_temperature_c : array_like
        Roll surface temperature [°C].
    params : HeatedRollParameters
        Supplies the approach fraction and the web specific heat.

    Notes
    -----
    Q = ṁ·c_p·a·max(0, T_roll − T_in), with a the temperature approach.
    """
    rise = np.maximum(np.asarray(roll_temperature_c, dtype=float)
                      - np.asarray(web_inlet_temperature_c, dtype=float), 0.0)
    return (_non_negative("web_mass_flow", web_mass_flow) * params.web_specific_heat_j_per_kg_k
            * params.web_temperature_approach * rise)


def heated_roll_energy_kwh(running_s: ArrayLike, idle_s: ArrayLike,
                           roll_temperature_c: ArrayLike, hall_temperature_c: ArrayLike,
                           web_mass_flow: ArrayLike, params: HeatedRollParameters,
                           web_inlet_temperature_c: ArrayLike | None = None
                           ) -> dict[str, FloatArray]:
    """Heater energy of a heated roll set per interval [kWh].

    Parameters
    ----------
    running_s : array_like
        Time the web ran through the nip [s].
    idle_s : array_like
        Time the rolls were held hot without web (stopped, starved, failed) [s].
    roll_temperature_c : array_like
        Roll surface temperature [°C].
    hall_temperature_c : array_like
        Hall temperature [°C].
    web_mass_flow : array_like
        Web mass flow while running [kg/s] (see :func:`web_mass_flow_kg_per_s`).
    params : HeatedRollParameters
        Roll set.
    web_inlet_temperature_c : array_like, optional
        Web temperature entering the nip [°C]; unset: the hall temperature (a web that has
        stood in the hall). A later pass of a multi-pass calender gets the web still warm
        from the pass before.

    Returns
    -------
    dict[str, ndarray]
        ``{params.carrier: E}`` [kWh].

    Notes
    -----
    E = [Q_loss·(t_run + t_idle) + Q_web·t_run]/η_heater (:func:`web_heating_power_w`).
    """
    t_run = _non_negative("running_s", running_s)
    t_idle = _non_negative("idle_s", idle_s)
    inlet_c = hall_temperature_c if web_inlet_temperature_c is None else web_inlet_temperature_c
    loss_w = roll_surface_heat_loss_w(roll_temperature_c, hall_temperature_c, params)
    web_w = web_heating_power_w(web_mass_flow, inlet_c, roll_temperature_c, params)
    joules = (loss_w * (t_run + t_idle) + web_w * t_run) / params.heater_efficiency
    return {params.carrier: joules / J_PER_KWH}


# --------------------------------------------------------------------------- fibrillation


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


# --------------------------------------------------------------------------- calender drive


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


# --------------------------------------------------------------------------- DPSD booth


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


# --------------------------------------------------------------------------- normalisation


def areal_capacity_mah_per_cm2(coating_loading_kg_per_m2: ArrayLike,
                               active_mass_fraction: ArrayLike,
                               specific_capacity_mah_per_g: ArrayLike) -> FloatArray:
    """Areal capacity of one coated side [mAh/cm^2].

    Parameters
    ----------
    coating_loading_kg_per_m2 : array_like
        Dry coating mass per coated area [kg/m^2]; 1 kg/m^2 = 100 mg/cm^2.
    active_mass_fraction : array_like
        Active material share of the dry coating [-], in (0, 1].
    specific_capacity_mah_per_g : array_like
        Practical specific capacity of the active material [mAh/g].

    Notes
    -----
    Q_A = m_A·w_AM·q [mAh/cm^2] with m_A in mg/cm^2 and q in mAh/g (/1000).
    """
    loading_mg_per_cm2 = 100.0 * _non_negative("coating_loading_kg_per_m2",
                                               coating_loading_kg_per_m2)
    fraction = require_in_range("active_mass_fraction", active_mass_fraction, 0.0, 1.0,
                                low_inclusive=False)
    return loading_mg_per_cm2 * fraction * _non_negative("specific_capacity_mah_per_g",
                                                         specific_capacity_mah_per_g) / 1000.0


def cell_energy_kwh(electrode_area_m2: ArrayLike, areal_capacity: ArrayLike,
                    nominal_voltage_v: ArrayLike) -> FloatArray:
    """Cell energy that a coated electrode area stands for [kWh].

    Parameters
    ----------
    electrode_area_m2 : array_like
        Coated electrode area, counted per coated side [m^2].
    areal_capacity : array_like
        Areal capacity of one coated side [mAh/cm^2] (the limiting electrode, normally
        the cathode).
    nominal_voltage_v : array_like
        Nominal cell voltage [V].

    Notes
    -----
    E_cell = A·Q_A·U with 1 mAh/cm^2 = 10 Ah/m^2, so kWh = A·Q_A·10·U/1000.
    """
    area = _non_negative("electrode_area_m2", electrode_area_m2)
    capacity = require_in_range("areal_capacity", areal_capacity, 0.0, low_inclusive=False)
    voltage = require_in_range("nominal_voltage_v", nominal_voltage_v, 0.0, low_inclusive=False)
    return area * capacity * 10.0 * voltage / 1000.0
