"""Energy carriers and their bookkeeping: units, input checks, breakdown by stage, CO2.

Every station function of :mod:`process_models.energy` returns one energy per interval and
carrier; the carriers are kept apart:

- ``"electricity"``: drives, heaters, fans, chillers, HV supplies [kWh electric];
- ``"heat"``: fuel or steam heat (natural-gas burners, desiccant regeneration) [kWh heat];
- ``"compressed_air"``: compressor electricity spent on compressed air or carrier gas
  [kWh electric], kept apart because plants meter and price it as its own utility.

A run sums the arrays into an :class:`EnergyBreakdown` by (stage, carrier); :func:`co2_kg`
weights each carrier with its emission factor. :func:`require_in_range` is the input check
the energy models (and the slurry and dry-room models) share.

References
----------
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
