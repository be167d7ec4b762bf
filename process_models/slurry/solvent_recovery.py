"""Solvent recovery: condenser cooling load, chiller electricity and NMP recovered as liquid.

The dryer exhaust is cooled to the condenser temperature; the air's sensible heat and the
latent heat of the condensed solvent go to a chilled-water plant.

References
----------
.. [hwang2016] S. H. Hwang et al., "Development of a hybrid NMP recovery system for
   lithium ion battery cathode manufacturing", Trans. Korean Soc. Mech. Eng. B 40 (2016)
   289 (condensation plus concentration: 99.6 % recovery).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from process_models.energy.carriers import J_PER_KWH, FloatArray, require_in_range
from process_models.slurry.dryer import AIR_SPECIFIC_HEAT_J_PER_KG_K, DryerParameters, exhaust_air_kg
from process_models.slurry.solvents import Solvent, latent_heat_j_per_kg


@dataclass(frozen=True)
class SolventRecoveryParameters:
    """Condensation recovery of NMP from the dryer exhaust.

    Attributes
    ----------
    condenser_temperature_c : float
        Air temperature leaving the last condenser coil [°C] (assumption, 5–20).
    recovery_fraction : float
        Share of the evaporated solvent recovered as liquid [-] (condensation alone
        0.8–0.95, hybrid condensation–concentration 0.996 [hwang2016]; default 0.95).
    chiller_cop : float
        Coefficient of performance of the chilled-water plant [-] (assumption, 2.5–5).
    """

    condenser_temperature_c: float = 15.0
    recovery_fraction: float = 0.95
    chiller_cop: float = 3.5

    def __post_init__(self) -> None:
        require_in_range("recovery_fraction", self.recovery_fraction, 0.0, 1.0)
        require_in_range("chiller_cop", self.chiller_cop, 0.0, low_inclusive=False)


def recovery_cooling_load_j(solvent_mass_kg: ArrayLike, air_mass_kg: ArrayLike,
                            hall_temperature_c: ArrayLike, props: Solvent,
                            dryer: DryerParameters,
                            params: SolventRecoveryParameters) -> FloatArray:
    """Heat the condenser removes from the exhaust [J].

    Parameters
    ----------
    solvent_mass_kg : array_like
        Solvent evaporated in the dryer per interval [kg].
    air_mass_kg : array_like
        Dry exhaust air through the condenser per interval [kg] (:func:`exhaust_air_kg`).
    hall_temperature_c : array_like
        Hall temperature [°C].
    props : Solvent
        Solvent.
    dryer : DryerParameters
        Dryer (exhaust temperature and heat-recovery effectiveness).
    params : SolventRecoveryParameters
        Recovery unit.

    Notes
    -----
    The exhaust reaches the condenser at T_in = T_air − ε_HR·(T_air − T_hall);
    Q = m_air·c_p,air·max(0, T_in − T_cond) + η_rec·m_s·L(T_cond).
    """
    m_s = require_in_range("solvent_mass_kg", solvent_mass_kg, 0.0)
    air_kg = require_in_range("air_mass_kg", air_mass_kg, 0.0)
    t_hall = np.asarray(hall_temperature_c, dtype=float)
    t_in = dryer.air_temperature_c - dryer.heat_recovery_effectiveness * (
        dryer.air_temperature_c - t_hall)
    sensible = (air_kg * AIR_SPECIFIC_HEAT_J_PER_KG_K
                * np.maximum(t_in - params.condenser_temperature_c, 0.0))
    latent = params.recovery_fraction * m_s * latent_heat_j_per_kg(
        props, params.condenser_temperature_c)
    return sensible + latent


def solvent_recovery_energy_kwh(running_s: ArrayLike, idle_s: ArrayLike,
                                solvent_mass_kg: ArrayLike, hall_temperature_c: ArrayLike,
                                design_solvent_rate_kg_per_s: ArrayLike, props: Solvent,
                                dryer: DryerParameters,
                                params: SolventRecoveryParameters) -> dict[str, FloatArray]:
    """Chiller electricity of the solvent recovery per interval [kWh].

    Parameters
    ----------
    running_s, idle_s, solvent_mass_kg, hall_temperature_c, design_solvent_rate_kg_per_s
        As :func:`dryer_energy_kwh` [s, s, kg, °C, kg/s].
    props, dryer, params
        Solvent, dryer and recovery unit.

    Returns
    -------
    dict[str, ndarray]
        ``{"electricity": E}`` [kWh]; zeros for a solvent that is not recovered.

    Notes
    -----
    E = Q_cond/COP (:func:`recovery_cooling_load_j`). Off-site distillation of the
    recovered NMP is outside the boundary.
    """
    air_kg = exhaust_air_kg(running_s, idle_s, solvent_mass_kg, design_solvent_rate_kg_per_s,
                            props, dryer)
    if not props.recoverable:
        return {"electricity": np.zeros_like(air_kg)}
    load = recovery_cooling_load_j(solvent_mass_kg, air_kg, hall_temperature_c, props, dryer,
                                   params)
    return {"electricity": load / params.chiller_cop / J_PER_KWH}


def recovered_solvent_kg(solvent_mass_kg: ArrayLike, props: Solvent,
                         params: SolventRecoveryParameters) -> FloatArray:
    """Solvent recovered as liquid [kg] (zero for a solvent that is not recovered)."""
    m_s = require_in_range("solvent_mass_kg", solvent_mass_kg, 0.0)
    return m_s * params.recovery_fraction if props.recoverable else np.zeros_like(m_s)
