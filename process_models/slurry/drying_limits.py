"""Drying limits of a slurry line: the flux the line asks for and the flux the dryer can give.

A wet film must lose its solvent inside the dryer: the solvent per m² over the residence
time L/v is the evaporation flux the line asks for. Two mechanisms cap that flux:

- **Dryer capacity** (here). In the constant-rate period the film evaporates what the hot
  air delivers as heat, ṁ_max = α·(T_air − T_film)/Δh_v, with the film at its wet-bulb
  temperature. A line faster than L·ṁ_max/m_solvent leaves the dryer wet.
- **Binder migration** (:mod:`process_models.slurry.binder_migration`): above a critical
  Péclet number the binder leaves the foil and adhesion falls.

Check against [kumberg2019]_ Table 2: 2.5 mAh/cm² of graphite (7.27 mg/cm² at
344 mAh/g) at 43 wt% solids carries 96 g/m² of water; at 0.75 and 6 g/(m²·s) that is 129 s
and 16.1 s of drying (131 s and 16 s reported), 107 m and 13.4 m of dryer at 50 m/min.

What is not modelled: drying-rate profiles along the dryer, the web's warm-up length, the
falling-rate period, and solvent vapour building up along the dryer beyond the exhaust
limit.

References
----------
.. [kumberg2019] J. Kumberg, M. Müller, R. Diehm, S. Spiegel, C. Wachsmann, W. Bauer,
   P. Scharfer, W. Schabel, "Drying of lithium-ion battery anodes for use in high-energy
   cells: influence of electrode thickness on drying time, adhesion, and crack formation",
   Energy Technol. 7 (2019) 1900722, doi:10.1002/ente.201900722 (α 35–80 W/(m²·K) and
   film 31–49 °C for water at 1.5–2.5 g/(m²·s), Table 1; drying times 131 s at
   0.75 g/(m²·s) and 16 s at 6 g/(m²·s) for 2.5 mAh/cm², Table 2; figures as quoted in
   the issue brief, not re-read from the paper here).
.. [incropera2007] F. P. Incropera, D. P. DeWitt, T. L. Bergman, A. S. Lavine,
   "Fundamentals of Heat and Mass Transfer", 6th ed., Wiley (2007), §6.7 (Chilton–Colburn
   analogy, h/h_m = ρ·c_p·Le^(2/3)) and §7.2 (Fuller diffusivities).
.. [gestis] IFA GESTIS substance database, 1-methyl-2-pyrrolidone (CAS 872-50-4):
   boiling point 202–204 °C, vapour pressure 0.32 hPa at 20 °C.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from process_models.energy.carriers import KELVIN_OFFSET_K, FloatArray, require_in_range
from process_models.environment import saturation_vapour_pressure_pa
from process_models.slurry.coating import solvent_mass_per_m2_kg
from process_models.slurry.dryer import AIR_MOLAR_MASS_KG_PER_MOL, AIR_SPECIFIC_HEAT_J_PER_KG_K
from process_models.slurry.solvents import Solvent, latent_heat_j_per_kg

GAS_CONSTANT_J_PER_MOL_K = 8.314462618
"""Molar gas constant [J/(mol·K)]."""
ATMOSPHERIC_PRESSURE_PA = 101325.0
"""Dryer pressure [Pa] (atmospheric)."""
SECONDS_PER_MINUTE = 60.0


@dataclass(frozen=True)
class DryerHeatTransferParameters:
    """Gas-side heat and mass transfer of a convective (nozzle) electrode dryer.

    Attributes
    ----------
    heat_transfer_coefficient_w_per_m2_k : float
        α of the nozzle air on one face of the web [W/(m²·K)] (assumption 50, the middle
        of the 35–80 W/(m²·K) of [kumberg2019]_'s lab dryer, Table 1; industrial
        impingement nozzles 30–120).
    heated_faces : int
        Faces of the web the nozzles blow on [-]: 2 for a flotation dryer, 1 for a dryer
        that carries the web on rolls (assumption 2, range 1–2). With both sides coated,
        each wet film gets one face's heat; with one side coated, the foil conducts the
        back face's heat into the film too.
    lewis_factor_water : float
        Le^(2/3) of water vapour in air [-]: Le = a_air/D_v ≈ 2.6e-5/3.0e-5 ≈ 0.86 near
        50 °C, so 0.90 (Chilton–Colburn [incropera2007]_; range 0.85–0.95).
    lewis_factor_nmp : float
        Le^(2/3) of NMP vapour in air [-]: Fuller's D ≈ 1.3e-5 m²/s and a_air ≈ 3.3e-5 m²/s
        at 100 °C give Le ≈ 2.6, so 1.9 ([incropera2007]_; assumption, range 1.6–2.3).
    boiling_point_nmp_c : float
        Normal boiling point of NMP [°C] (202 [gestis]_, 202–204).
    """

    heat_transfer_coefficient_w_per_m2_k: float = 50.0
    heated_faces: int = 2
    lewis_factor_water: float = 0.90
    lewis_factor_nmp: float = 1.9
    boiling_point_nmp_c: float = 202.0

    def __post_init__(self) -> None:
        require_in_range("heat_transfer_coefficient_w_per_m2_k",
                         self.heat_transfer_coefficient_w_per_m2_k, 0.0, low_inclusive=False)
        if self.heated_faces not in (1, 2):
            raise ValueError(f"heated_faces = {self.heated_faces!r} is not 1 or 2")
        for name in ("lewis_factor_water", "lewis_factor_nmp"):
            require_in_range(name, getattr(self, name), 0.0, low_inclusive=False)

    def lewis_factor(self, props: Solvent) -> float:
        """Le^(2/3) of the solvent's vapour in air [-]."""
        return self.lewis_factor_nmp if props.name == "NMP" else self.lewis_factor_water



DEFAULT_HEAT_TRANSFER = DryerHeatTransferParameters()


# ---------------------------------------------------------------------------- needed flux
def residence_time_s(dryer_length_m: ArrayLike, line_speed_m_per_min: ArrayLike) -> FloatArray:
    """Time a point of the web spends in the dryer [s].

    Parameters
    ----------
    dryer_length_m : array_like
        Dryer length L [m].
    line_speed_m_per_min : array_like
        Web speed v [m/min], > 0.

    Notes
    -----
    t = 60·L/v.
    """
    length = require_in_range("dryer_length_m", dryer_length_m, 0.0, low_inclusive=False)
    speed = require_in_range("line_speed_m_per_min", line_speed_m_per_min, 0.0,
                             low_inclusive=False)
    return SECONDS_PER_MINUTE * length / speed


def needed_evaporation_flux_kg_per_m2_s(loading_per_side_kg_per_m2: ArrayLike,
                                        solids_mass_fraction: ArrayLike,
                                        line_speed_m_per_min: ArrayLike,
                                        dryer_length_m: ArrayLike) -> FloatArray:
    """Mean evaporation flux the line asks of the dryer [kg/(m²·s)].

    Parameters
    ----------
    loading_per_side_kg_per_m2 : array_like
        Dry coating mass per coated area, one side [kg/m²].
    solids_mass_fraction : array_like
        Solids content of the slurry φ [-], in (0, 1).
    line_speed_m_per_min : array_like
        Web speed v [m/min], > 0.
    dryer_length_m : array_like
        Dryer length L [m].

    Returns
    -------
    numpy.ndarray
        ṁ per m² of wet film surface [kg/(m²·s)].

    Notes
    -----
    ṁ = m_solvent/t_res = m_dry·(1 − φ)/φ · v/(60·L). Each coated side evaporates its own
    solvent through its own surface, so the flux does not depend on the sides coated
    (the dryer's total rate does: :func:`process_models.slurry.design_solvent_rate_kg_per_s`).
    The whole residence time counts as drying time (no warm-up length).

    Examples
    --------
    [kumberg2019]_ Table 2: 2.5 mAh/cm² graphite (7.27 mg/cm²), 43 wt% solids, 50 m/min
    through 109 m:

    >>> round(float(needed_evaporation_flux_kg_per_m2_s(0.0727, 0.43, 50.0, 109.0)) * 1e3, 2)
    0.74
    """
    solvent = solvent_mass_per_m2_kg(loading_per_side_kg_per_m2, solids_mass_fraction)
    return solvent / residence_time_s(dryer_length_m, line_speed_m_per_min)


def speed_at_flux_m_per_min(evaporation_flux_kg_per_m2_s: ArrayLike,
                            loading_per_side_kg_per_m2: ArrayLike,
                            solids_mass_fraction: ArrayLike,
                            dryer_length_m: ArrayLike) -> FloatArray:
    """Line speed at which the dryer must evaporate a given flux [m/min].

    Parameters
    ----------
    evaporation_flux_kg_per_m2_s : array_like
        Evaporation flux ṁ [kg/(m²·s)].
    loading_per_side_kg_per_m2, solids_mass_fraction, dryer_length_m : array_like
        As in :func:`needed_evaporation_flux_kg_per_m2_s`.

    Notes
    -----
    v = 60·L·ṁ/m_solvent, the inverse of :func:`needed_evaporation_flux_kg_per_m2_s`.
    """
    flux = require_in_range("evaporation_flux_kg_per_m2_s", evaporation_flux_kg_per_m2_s, 0.0)
    length = require_in_range("dryer_length_m", dryer_length_m, 0.0, low_inclusive=False)
    solvent = solvent_mass_per_m2_kg(loading_per_side_kg_per_m2, solids_mass_fraction)
    with np.errstate(divide="ignore"):
        return np.where(solvent > 0.0, SECONDS_PER_MINUTE * length * flux
                        / np.where(solvent > 0.0, solvent, 1.0), np.inf)


# ---------------------------------------------------------------------------- dryer capacity
def solvent_vapour_pressure_pa(props: Solvent, temperature_c: ArrayLike,
                               params: DryerHeatTransferParameters = DEFAULT_HEAT_TRANSFER
                               ) -> FloatArray:
    """Saturation vapour pressure of the solvent [Pa].

    Parameters
    ----------
    props : Solvent
        Solvent.
    temperature_c : array_like
        Liquid temperature [°C], below the critical temperature.
    params : DryerHeatTransferParameters
        Holds the normal boiling point of NMP.

    Notes
    -----
    Water: the Magnus form of :func:`process_models.environment.saturation_vapour_pressure_pa`.
    NMP: Clausius–Clapeyron from the normal boiling point T_b, with the molar latent heat
    of :func:`process_models.slurry.latent_heat_j_per_kg` (Watson) at the mean of T and
    T_b: p = p_atm·exp(−(M·Δh_v/R)·(1/T − 1/T_b)); 30 Pa at 20 °C against 32 Pa [gestis]_.
    """
    t = require_in_range("temperature_c", temperature_c, -KELVIN_OFFSET_K,
                         props.critical_temperature_c, high_inclusive=False)
    if props.name == "water":
        return saturation_vapour_pressure_pa(t)
    t_b = params.boiling_point_nmp_c
    mean_c = 0.5 * (t + t_b)
    molar_latent = latent_heat_j_per_kg(props, mean_c) * props.molar_mass_kg_per_mol
    inv = 1.0 / (t + KELVIN_OFFSET_K) - 1.0 / (t_b + KELVIN_OFFSET_K)
    return ATMOSPHERIC_PRESSURE_PA * np.exp(-molar_latent / GAS_CONSTANT_J_PER_MOL_K * inv)


def wet_bulb_film_temperature_c(air_temperature_c: ArrayLike, props: Solvent,
                                vapour_volume_fraction: ArrayLike,
                                params: DryerHeatTransferParameters = DEFAULT_HEAT_TRANSFER
                                ) -> FloatArray:
    """Temperature of the wet film in the constant-rate period [°C].

    Parameters
    ----------
    air_temperature_c : array_like
        Nozzle air temperature T_air [°C].
    props : Solvent
        Solvent.
    vapour_volume_fraction : array_like
        Solvent vapour in the dryer air y_∞ [-], in [0, 1) (the exhaust limit of
        :func:`process_models.slurry.max_vapour_volume_fraction` is the wettest air the
        dryer runs with).
    params : DryerHeatTransferParameters
        Lewis factors and the boiling point of NMP.

    Returns
    -------
    numpy.ndarray
        The wet-bulb temperature T_film [°C]; T_air where the air is already saturated.

    Notes
    -----
    The heat the air brings evaporates what leaves the surface:
    α·(T_air − T_f) = Δh_v(T_f)·β·M·(p_sat(T_f) − y_∞·p)/(R·T_f), with the
    Chilton–Colburn analogy β = α/(ρ_air·c_p·Le^(2/3)) [incropera2007]_ (α cancels).
    Solved by bisection on [−50 °C, T_air]. NMP at 130 °C air and 25 % of its LEL:
    ≈ 101 °C; water at 130 °C with 7.5 vol% vapour: ≈ 50 °C ([kumberg2019]_ measured
    31–49 °C for water films).
    """
    t_air = require_in_range("air_temperature_c", air_temperature_c, -50.0,
                             props.critical_temperature_c, high_inclusive=False)
    y_inf = require_in_range("vapour_volume_fraction", vapour_volume_fraction, 0.0, 1.0,
                             high_inclusive=False)
    t_air, y_inf = np.broadcast_arrays(t_air, y_inf)
    lewis = params.lewis_factor(props)
    low = np.full(t_air.shape, -50.0)
    high = t_air.astype(float).copy()
    for _ in range(60):
        t_f = 0.5 * (low + high)
        t_k = t_f + KELVIN_OFFSET_K
        rho_air = ATMOSPHERIC_PRESSURE_PA * AIR_MOLAR_MASS_KG_PER_MOL / (
            GAS_CONSTANT_J_PER_MOL_K * t_k)
        driving_pa = solvent_vapour_pressure_pa(props, t_f, params) - y_inf * ATMOSPHERIC_PRESSURE_PA
        evaporative_k = (latent_heat_j_per_kg(props, t_f) * props.molar_mass_kg_per_mol
                         / (GAS_CONSTANT_J_PER_MOL_K * t_k) * driving_pa
                         / (rho_air * AIR_SPECIFIC_HEAT_J_PER_KG_K * lewis))
        too_hot = evaporative_k > (t_air - t_f)
        high = np.where(too_hot, t_f, high)
        low = np.where(too_hot, low, t_f)
    return 0.5 * (low + high)


def max_evaporation_flux_kg_per_m2_s(air_temperature_c: ArrayLike, film_temperature_c: ArrayLike,
                                     props: Solvent, coated_sides: ArrayLike = 1,
                                     params: DryerHeatTransferParameters = DEFAULT_HEAT_TRANSFER
                                     ) -> FloatArray:
    """Largest flux the dryer's air can evaporate from each wet film [kg/(m²·s)].

    Parameters
    ----------
    air_temperature_c : array_like
        Nozzle air temperature T_air [°C].
    film_temperature_c : array_like
        Film temperature T_film [°C] (:func:`wet_bulb_film_temperature_c`).
    props : Solvent
        Solvent.
    coated_sides : array_like
        Wet sides of the web in the dryer (1 or 2) [-].
    params : DryerHeatTransferParameters
        α and the heated faces.

    Returns
    -------
    numpy.ndarray
        ṁ_max [kg/(m²·s)], zero where the air is not warmer than the film.

    Notes
    -----
    Constant-rate period, gas-side heat transfer:
    ṁ_max = (n_faces/n_coated)·α·(T_air − T_film)/Δh_v(T_film) [kumberg2019]_.
    """
    t_air = require_in_range("air_temperature_c", air_temperature_c, -50.0)
    t_film = require_in_range("film_temperature_c", film_temperature_c, -50.0,
                              props.critical_temperature_c, high_inclusive=False)
    sides = require_in_range("coated_sides", coated_sides, 1.0, 2.0)
    heat_w_per_m2 = (params.heat_transfer_coefficient_w_per_m2_k * params.heated_faces / sides
                     * np.maximum(t_air - t_film, 0.0))
    return heat_w_per_m2 / latent_heat_j_per_kg(props, t_film)


def max_dryable_speed_m_per_min(max_flux_kg_per_m2_s: ArrayLike,
                                loading_per_side_kg_per_m2: ArrayLike,
                                solids_mass_fraction: ArrayLike,
                                dryer_length_m: ArrayLike) -> FloatArray:
    """Fastest line the dryer can dry at all [m/min].

    Parameters
    ----------
    max_flux_kg_per_m2_s : array_like
        ṁ_max (:func:`max_evaporation_flux_kg_per_m2_s`) [kg/(m²·s)].
    loading_per_side_kg_per_m2, solids_mass_fraction, dryer_length_m : array_like
        As in :func:`needed_evaporation_flux_kg_per_m2_s`.

    Notes
    -----
    Residence-time check: v_max = 60·L·ṁ_max/m_solvent; faster, the film leaves the dryer
    wet.
    """
    return speed_at_flux_m_per_min(max_flux_kg_per_m2_s, loading_per_side_kg_per_m2,
                                   solids_mass_fraction, dryer_length_m)
