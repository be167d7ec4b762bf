"""Cost and CO2 of electrode making: prices, capital recovery, cost items, grid factors.

Pure functions (numpy in, numpy out) and frozen dataclasses of default prices, each with
its source or "assumption" and a range. :mod:`line_sim.engine.cost` applies them to a run's
KPIs with the scenario's ``[economics]`` table; nothing here knows a scenario.

Structure after BatPaC (Argonne's Battery Performance and Cost model, v5 [batpac5]_):
materials are bought per kg (or per m² of foil) and lost to process yield; capital is
annualised with a capital recovery factor over an equipment life at an interest rate;
maintenance is a share of capital per year; direct labour is paid per staffed hour. Scrap
is what the plant paid for and did not ship, less an optional recycling credit.

Defaults are in US dollars of 2023 (BatPaC's currency) for a one-line electrode plant
of the size of the scenarios in ``scenarios/`` (0.6 m web at 30 m/min). Marks in the
docstrings: [R] a reported figure (source given), [A] an assumption with its range.

References
----------
.. [batpac5] K. W. Knehr, J. J. Kubal, P. A. Nelson, S. Ahmed, "Battery Performance and
   Cost Modeling for Electric-Drive Vehicles (A Manual for BatPaC v5.0)", Argonne National
   Laboratory ANL/CSE-22/1 (2022), https://www.anl.gov/cse/batpac-model-software
.. [ember2023] Ember, Yearly Electricity Data (2024 release), lifecycle carbon intensity of
   electricity generation in 2023 [g CO2e/kWh], as tabulated by Our World in Data,
   https://ourworldindata.org/grapher/carbon-intensity-electricity
.. [ecb2023] European Central Bank, euro foreign exchange reference rates, annual average
   2023: 1 EUR = 1.0813 USD = 7.660 CNY.
.. [ipcc2006] IPCC 2006 Guidelines, Vol. 2, Table 2.2: natural gas 0.202 kg CO2/kWh fuel.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

HOURS_PER_YEAR = 8760.0
"""Calendar hours in a year [h]: capital and maintenance accrue with calendar time."""

# --------------------------------------------------------------------------- currencies

USD_PER_UNIT: Mapping[str, float] = {"USD": 1.0, "EUR": 1.0813, "CNY": 1.0813 / 7.660}
"""US dollars per unit of each allowed currency, 2023 annual averages [ecb2023]_."""


def from_usd(value_usd: ArrayLike, currency: str) -> FloatArray:
    """Convert an amount in USD to ``currency`` [currency].

    Raises
    ------
    ValueError
        ``currency`` not one of :data:`USD_PER_UNIT`.
    """
    if currency not in USD_PER_UNIT:
        raise ValueError(f"currency = {currency!r} is unknown; allowed: "
                         + ", ".join(USD_PER_UNIT))
    return np.asarray(value_usd, dtype=float) / USD_PER_UNIT[currency]


# --------------------------------------------------------------------------- grid CO2

GRID_CO2_KG_PER_KWH: Mapping[str, float] = {
    "AT": 0.111, "BE": 0.138, "CZ": 0.450, "DE": 0.381, "DK": 0.152, "FI": 0.079,
    "FR": 0.056, "HU": 0.204, "NO": 0.030, "PL": 0.662, "SE": 0.041, "CN": 0.582,
    "IN": 0.713, "CA": 0.170, "WORLD": 0.481,
    # [A: recalled from the same Ember 2023 series, not re-checked; check before citing]
    "US": 0.369, "KR": 0.432, "JP": 0.485,
}
"""Lifecycle grid CO2e factors of electricity by site country (ISO 3166 alpha-2) [kg/kWh],
2023 [ember2023]_ (PL and SE: Ember EU 2023 via Statista; WORLD: Ember global mean 481 g).
US, KR and JP are recalled figures of the same series (marked above)."""

NATURAL_GAS_HEAT_CO2_KG_PER_KWH = 0.202 / 0.9
"""Heat from natural gas through a 0.9 boiler [kg CO2/kWh heat] [ipcc2006]_ (the ``[energy]``
table's default ``co2_heat_kg_per_kwh``)."""


def grid_co2_kg_per_kwh(country: str) -> float:
    """Grid factor of ``country`` [kg CO2e/kWh]; ValueError naming the allowed codes."""
    if country not in GRID_CO2_KG_PER_KWH:
        raise ValueError(f"site_country = {country!r} has no grid factor; allowed: "
                         + ", ".join(sorted(GRID_CO2_KG_PER_KWH)))
    return GRID_CO2_KG_PER_KWH[country]


# --------------------------------------------------------------------------- default prices


@dataclass(frozen=True)
class MaterialPrices:
    """Default material prices [USD/kg, foil USD/m²] and process-loss figures.

    Attributes
    ----------
    active_material_usd_per_kg : mapping
        By library name [USD/kg]. NMC811 26 [A: of the order of BatPaC v5's default for
        2022–23 cathode powders; range 15–40 with metal prices], NMC622 22, NMC712 24,
        NMC532 20, NMC111 22, NCA 26, LCO 30, LFP 8 [A: range 5–15], graphite 8 [A: 5–12],
        Si 20 [A: 10–60].
    conductive_additive_usd_per_kg : mapping
        carbon_black 7 [A: BatPaC-class carbon price; range 5–15], CNT 40 [A: 20–150],
        graphite_KS6 10 [A: 6–20].
    binder_usd_per_kg : mapping
        PVDF 15 [A: battery grade, range 10–30], PTFE 20 [A: fine-powder battery grade,
        range 10–40].
    solvent_usd_per_kg : mapping
        NMP 3.0 [A: range 2–5], water 0.0 (deionised water is a rounding error).
    aluminium_foil_usd_per_m2 : float
        Cathode current collector, 15 µm Al [A: 0.30, range 0.2–0.8]; graphite and Si
        electrodes use copper, ``copper_foil_usd_per_m2`` 1.2 [A: 0.8–2.0].
    solvent_recovery_fraction : float
        Share of the evaporated solvent recovered and reused [A: 0.99, range 0.95–0.998].
    handling_loss_fraction : float
        Powder lost in mixing and handling [R: BatPaC mixing yield 99 %, i.e. 0.01].
    scrap_recycling_credit_fraction : float
        Share of the material value of scrap returned by recycling [A: 0, range 0–0.5].
    """

    active_material_usd_per_kg: Mapping[str, float] = field(default_factory=lambda: {
        "NMC811": 26.0, "NMC622": 22.0, "NMC712": 24.0, "NMC532": 20.0, "NMC111": 22.0,
        "NCA": 26.0, "LCO": 30.0, "LFP": 8.0, "graphite": 8.0, "Si": 20.0})
    conductive_additive_usd_per_kg: Mapping[str, float] = field(default_factory=lambda: {
        "carbon_black": 7.0, "CNT": 40.0, "graphite_KS6": 10.0})
    binder_usd_per_kg: Mapping[str, float] = field(default_factory=lambda: {
        "PVDF": 15.0, "PTFE": 20.0})
    solvent_usd_per_kg: Mapping[str, float] = field(default_factory=lambda: {
        "NMP": 3.0, "water": 0.0})
    aluminium_foil_usd_per_m2: float = 0.30
    copper_foil_usd_per_m2: float = 1.20
    solvent_recovery_fraction: float = 0.99
    handling_loss_fraction: float = 0.01
    scrap_recycling_credit_fraction: float = 0.0


@dataclass(frozen=True)
class UtilityPrices:
    """Default tariffs [USD/kWh] and labour.

    Attributes
    ----------
    electricity_usd_per_kwh : float
        Industrial electricity [A: 0.12, range 0.05–0.30 by site and year].
    heat_usd_per_kwh : float
        Gas or steam heat delivered [A: 0.045, range 0.02–0.10].
    compressed_air_usd_per_kwh : float or None
        The compressed-air carrier is compressor electricity: None prices it as electricity.
    labour_usd_per_h : float
        Direct labour, fully loaded [A: 35, range 20–60; BatPaC charges direct labour per
        staffed hour with overhead on top].
    operators_per_shift : mapping
        By route [A: slurry 5 (mixing, coater/dryer, NMP plant, calender, QA), BF 4,
        DPSD 4; range 2–8].
    """

    electricity_usd_per_kwh: float = 0.12
    heat_usd_per_kwh: float = 0.045
    compressed_air_usd_per_kwh: float | None = None
    labour_usd_per_h: float = 35.0
    operators_per_shift: Mapping[str, float] = field(default_factory=lambda: {
        "slurry": 5.0, "BF": 4.0, "DPSD": 4.0})


@dataclass(frozen=True)
class CapitalCosts:
    """Default installed capital by stage [USD] and its financing.

    Attributes
    ----------
    stage_capex_usd : mapping
        Installed equipment by route and stage for the reference line (0.6 m web at
        30 m/min, 18 m²/min) [A: each ±50 %]. Slurry: mixing 2.0 M, coating 2.5 M, drying
        6.0 M (60 m convective dryer), solvent_recovery 3.0 M, calendering 2.5 M. BF: mixing
        1.5 M, fibrillation 2.5 M, film_calendering 4.0 M (multi-roll differential-speed
        calender), lamination 2.0 M. DPSD: mixing 1.5 M, spray_deposition 3.5 M,
        hot_calendering 3.0 M. Every route: inspection 0.6 M, winding 0.8 M, post_drying
        0.8 M. The dry routes come out 33 % (BF) and 44 % (DPSD) below slurry: close to the
        published −30 % (LG Energy Solution) by construction, not a result.
    reference_throughput_m2_per_min : float
        Throughput the stage capex is stated for [m²/min].
    scale_exponent : float
        Capex ∝ throughput^p [A: 0.6, the six-tenths rule BatPaC applies to process
        equipment; range 0.5–0.8].
    dry_room_floor_usd_per_m2 : float
        Dry-room floor, building and dehumidification plant included [A: 4000, range
        2000–8000].
    equipment_life_years, building_life_years : float
        [A: 10 (BatPaC's equipment depreciation class; range 7–15) and 20 (15–30)].
    interest_rate : float
        Cost of capital [A: 0.08, range 0.04–0.12].
    maintenance_fraction_per_year : float
        Maintenance per year as a share of capital [A: 0.04, range 0.02–0.06].
    """

    stage_capex_usd: Mapping[str, Mapping[str, float]] = field(default_factory=lambda: {
        "slurry": {"mixing": 2.0e6, "coating": 2.5e6, "drying": 6.0e6,
                   "solvent_recovery": 3.0e6, "calendering": 2.5e6, "inspection": 0.6e6,
                   "winding": 0.8e6, "post_drying": 0.8e6},
        "BF": {"mixing": 1.5e6, "fibrillation": 2.5e6, "film_calendering": 4.0e6,
               "lamination": 2.0e6, "inspection": 0.6e6, "winding": 0.8e6,
               "post_drying": 0.8e6},
        "DPSD": {"mixing": 1.5e6, "spray_deposition": 3.5e6, "hot_calendering": 3.0e6,
                 "inspection": 0.6e6, "winding": 0.8e6, "post_drying": 0.8e6},
    })
    reference_throughput_m2_per_min: float = 18.0
    scale_exponent: float = 0.6
    dry_room_floor_usd_per_m2: float = 4000.0
    equipment_life_years: float = 10.0
    building_life_years: float = 20.0
    interest_rate: float = 0.08
    maintenance_fraction_per_year: float = 0.04


DEFAULT_MATERIAL_PRICES = MaterialPrices()
DEFAULT_UTILITY_PRICES = UtilityPrices()
DEFAULT_CAPITAL_COSTS = CapitalCosts()


# --------------------------------------------------------------------------- functions


def _non_negative(name: str, value: ArrayLike) -> FloatArray:
    arr = np.asarray(value, dtype=float)
    if np.any(~(arr >= 0.0)):
        bad = float(np.ravel(arr)[np.argmax(np.ravel(~(arr >= 0.0)))])
        raise ValueError(f"{name} = {bad!r}: allowed: 0 or more")
    return arr


def capital_recovery_factor(interest_rate: ArrayLike, life_years: ArrayLike) -> FloatArray:
    """Share of a capital sum paid each year to repay it with interest [1/yr].

    Parameters
    ----------
    interest_rate : array_like
        Interest rate per year [-], 0 or more.
    life_years : array_like
        Life over which the capital is recovered [yr], above 0.

    Notes
    -----
    CRF = i(1 + i)^n / ((1 + i)^n − 1); at i = 0 it is 1/n.

    Examples
    --------
    >>> round(float(capital_recovery_factor(0.08, 10)), 4)
    0.149
    """
    i = _non_negative("interest_rate", interest_rate)
    n = np.asarray(life_years, dtype=float)
    if np.any(~(n > 0.0)):
        raise ValueError(f"life_years = {n!r}: allowed: above 0")
    growth = (1.0 + i) ** n
    with np.errstate(divide="ignore", invalid="ignore"):
        crf = np.where(i > 0.0, i * growth / (growth - 1.0), 1.0 / n)
    return np.asarray(crf, dtype=float)


def capital_charge(capex: ArrayLike, interest_rate: ArrayLike, life_years: ArrayLike,
                   hours: ArrayLike) -> FloatArray:
    """Capital charged to ``hours`` of calendar time: capex · CRF · hours / 8760 [currency]."""
    return (_non_negative("capex", capex) * capital_recovery_factor(interest_rate, life_years)
            * _non_negative("hours", hours) / HOURS_PER_YEAR)


def scaled_capex(reference_capex: ArrayLike, throughput_ratio: ArrayLike,
                 exponent: ArrayLike = 0.6) -> FloatArray:
    """Capex of equipment scaled from a reference size: C = C_ref·(Q/Q_ref)^p [currency]."""
    ratio = _non_negative("throughput_ratio", throughput_ratio)
    return _non_negative("reference_capex", reference_capex) * ratio ** np.asarray(exponent)


def staffed_hours(horizon_h: ArrayLike, shifts_per_day: ArrayLike, shift_length_h: ArrayLike,
                  working_days_per_week: ArrayLike) -> FloatArray:
    """Staffed hours in a horizon from the shift calendar [h]: T·(n·L/24)·(d/7)."""
    fraction = np.minimum(np.asarray(shifts_per_day) * np.asarray(shift_length_h) / 24.0, 1.0)
    return (_non_negative("horizon_h", horizon_h) * fraction
            * np.asarray(working_days_per_week, dtype=float) / 7.0)


def solvent_purchased_kg(solids_kg: ArrayLike, solids_mass_fraction: ArrayLike,
                         recovery_fraction: ArrayLike) -> FloatArray:
    """Solvent bought to replace what recovery misses [kg]: m·(1 − φ)/φ·(1 − r)."""
    phi = np.asarray(solids_mass_fraction, dtype=float)
    if np.any(~((phi > 0.0) & (phi <= 1.0))):
        raise ValueError(f"solids_mass_fraction = {phi!r}: allowed: (0, 1]")
    return (_non_negative("solids_kg", solids_kg) * (1.0 - phi) / phi
            * (1.0 - np.asarray(recovery_fraction, dtype=float)))


@dataclass(frozen=True)
class MaterialFlows:
    """What a run consumed, for :func:`material_costs`.

    Attributes
    ----------
    good_coating_kg, scrap_coating_kg : float
        Dry coating in good electrode, and bought but not shipped (scrap, trim and handling
        losses) [kg].
    good_foil_m2, scrap_foil_m2 : float
        Current collector in good electrode and in scrap and trim [m²].
    solvent_kg : float
        Solvent bought (after recovery) [kg].
    """

    good_coating_kg: float
    scrap_coating_kg: float
    good_foil_m2: float
    scrap_foil_m2: float
    solvent_kg: float = 0.0


def material_costs(flows: MaterialFlows, fractions: Mapping[str, float],
                   prices_per_kg: Mapping[str, float], foil_price_per_m2: float,
                   solvent_price_per_kg: float, recycling_credit_fraction: float
                   ) -> dict[str, float]:
    """Material cost items of a run [currency].

    Parameters
    ----------
    flows : MaterialFlows
        Masses and areas consumed.
    fractions, prices_per_kg : mapping
        Mass fraction [-] and price [currency/kg] of each blend component (same keys, e.g.
        ``active_material``, ``conductive_additive``, ``binder``).
    foil_price_per_m2, solvent_price_per_kg : float
        [currency/m²], [currency/kg].
    recycling_credit_fraction : float
        Share of the blend and foil value of scrap that recycling returns [-].

    Returns
    -------
    dict
        One item per component in good electrode, ``foil``, ``solvent`` and ``scrap``
        (the blend and foil in scrap, net of the credit).
    """
    blend_price = sum(fractions[k] * float(_non_negative(f"{k} price", prices_per_kg[k]))
                      for k in fractions)
    out = {k: flows.good_coating_kg * fractions[k] * prices_per_kg[k] for k in fractions}
    out["foil"] = flows.good_foil_m2 * float(_non_negative("foil price", foil_price_per_m2))
    out["solvent"] = flows.solvent_kg * float(_non_negative("solvent price",
                                                            solvent_price_per_kg))
    scrap_value = flows.scrap_coating_kg * blend_price + flows.scrap_foil_m2 * foil_price_per_m2
    out["scrap"] = scrap_value * (1.0 - recycling_credit_fraction)
    return out


def co2_kg_by_carrier(kwh_by_carrier: Mapping[str, float], factors: Mapping[str, float]
                      ) -> dict[str, float]:
    """CO2e of each carrier's energy [kg]: E_c·f_c (a carrier without a factor counts 0)."""
    return {c: float(_non_negative(f"energy of {c} [kWh]", kwh)) * factors.get(c, 0.0)
            for c, kwh in kwh_by_carrier.items()}
