"""Water in the electrode: sorption, uptake along the line, vacuum post-drying, cell damage.

An electrode's residual water (what Karl Fischer titration measures, in ppm of the coating
mass) is the sum of what its components adsorb. Each component holds water on its surface
as a GAB isotherm in monolayers; the active material of Ni-rich oxides takes up several
equivalent layers before it passivates (LiOH/Li2CO3 [schuer2022]), the carbon black about
one physisorbed layer on its large BET surface, and PTFE and PVDF practically none.

Along the line the water content approaches its equilibrium with the air first order, at
an initial rate proportional to the water partial pressure times the exposed surface
(:func:`process_models.environment.moisture_uptake_kg_per_kg` for the powder bed): as
powder in storage, mixer and hoppers, as an open sheet on the web path, and as a wound coil
in storage, whose pores exchange with the air only through the coil's edges. A vacuum oven
then lowers the water activity around the coil to p/p_sat(T), so the coating desorbs
towards a near-zero equilibrium with an Arrhenius time constant. Whatever water reaches the
cell hydrolyses LiPF6 to HF, which consumes cyclable lithium [lux2012].

All functions take numpy arrays or scalars and broadcast.

References
----------
.. [gab] E. O. Timmermann, "Multilayer sorption parameters: BET or GAB values?",
   Colloids Surf. A 220 (2003) 235, doi:10.1016/S0927-7757(03)00059-1
.. [schuer2022] A. R. Schuer et al., J. Power Sources 525 (2022) 231111,
   doi:10.1016/j.jpowsour.2022.231111
.. [stich2017] M. Stich, N. Pandey, A. Bund, "Drying and moisture resorption behaviour of
   various electrode materials and separators for lithium-ion batteries", J. Power Sources
   364 (2017) 84, doi:10.1016/j.jpowsour.2017.08.009
.. [huttner2020] F. Huttner, W. Haselrieder, A. Kwade, "The influence of different
   post-drying procedures on remaining water content and physical and electrochemical
   properties of lithium-ion batteries", Energy Technol. 8 (2020) 1900245,
   doi:10.1002/ente.201900245
.. [heimes2018] H. Heimes et al., "Lithium-ion battery cell production process", PEM RWTH
   Aachen / VDMA, 3rd ed. (2018), ISBN 978-3-947920-03-7 (vacuum post-drying of coils:
   0.07–1000 mbar, 60–150 °C, 12–30 h per batch)
.. [lux2012] S. F. Lux et al., "The mechanism of HF formation in LiPF6 based organic
   carbonate electrolytes", Electrochem. Commun. 14 (2012) 47,
   doi:10.1016/j.elecom.2011.10.026
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from process_models.environment import (
    FARADAY_MAH_PER_MOL,
    MoistureUptakeParameters,
    gab_coverage,
    saturation_vapour_pressure_pa,
    vapour_partial_pressure_pa,
)
from process_models.materials import WATER_MOLAR_MASS_KG_PER_MOL

FloatArray = NDArray[np.float64]
POWDER_DEFAULTS = MoistureUptakeParameters()
GAS_CONSTANT_J_PER_MOL_K = 8.314462618
KELVIN = 273.15


@dataclass(frozen=True)
class ElectrodeMoistureParameters:
    """Coefficients of water uptake by the electrode after the powder stage.

    Attributes
    ----------
    conductive_layers : float
        Equivalent water monolayers on the conductive additive's BET surface [-]
        (assumption, 0.3–2: physisorption on carbon, no reaction).
    sheet_rate_factor : float
        Uptake rate of an open coated sheet relative to a powder bed, per surface and
        water partial pressure [-] (assumption, 3–100: the coating is a few particles deep
        and open on its face, a hopper bed only at its top).
    coil_rate_factor : float
        Exchange rate of a wound coil relative to an open sheet [-] (assumption,
        0.005–0.1: the wound coating exchanges water only through the coil's edges and
        outer wrap; [stich2017] report resorption of dried electrodes within hours as
        open sheets).
    web_path_m : float
        Web length from where the coating is formed (film calender, spray booth, dryer
        exit) to the rewinder [m] (assumption, 10–60).
    """

    conductive_layers: float = field(default=1.0, metadata={"min": 0.0, "max": 20.0})
    sheet_rate_factor: float = field(default=10.0, metadata={"min": 0.1, "max": 1000.0})
    coil_rate_factor: float = field(default=0.02, metadata={"min": 1e-4, "max": 1.0})
    web_path_m: float = field(default=30.0, metadata={"min": 0.0, "max": 1000.0})


@dataclass(frozen=True)
class VacuumDryingParameters:
    """Coefficients of vacuum post-drying of a wound electrode coil.

    Attributes
    ----------
    time_constant_h : float
        Desorption time constant of a wound coil at the reference temperature [h]
        (assumption, 2–12 h: industrial recipes hold 12–30 h per batch, heating included
        [heimes2018], i.e. a few time constants).
    reference_temperature_c : float
        Temperature of ``time_constant_h`` [°C].
    activation_energy_kj_per_mol : float
        Arrhenius activation energy of desorption and pore transport [kJ/mol]
        (assumption, 20–60: between vapour diffusion and the isosteric heat of adsorbed
        water).
    coil_specific_heat_j_per_kg_k : float
        Specific heat of a coil (coating on aluminium or copper foil) [J/(kg·K)]
        (assumption, 700–1000).
    desorption_heat_j_per_kg : float
        Heat to desorb adsorbed water [J/kg] (latent heat of water, 2.45 MJ/kg, plus an
        isosteric excess; assumption, 2.5–3.5e6).
    """

    time_constant_h: float = field(default=6.0, metadata={"min": 0.1, "max": 200.0})
    reference_temperature_c: float = field(default=120.0, metadata={"min": 20.0, "max": 250.0})
    activation_energy_kj_per_mol: float = field(default=40.0, metadata={"min": 0.0, "max": 200.0})
    coil_specific_heat_j_per_kg_k: float = field(default=850.0, metadata={"min": 200.0, "max": 3000.0})
    desorption_heat_j_per_kg: float = field(default=3.0e6, metadata={"min": 2e6, "max": 1e7})


# --------------------------------------------------------------------------- sorption


def equilibrium_water_kg_per_kg(relative_humidity_pct: ArrayLike, active_fraction: float,
                                active_surface_m2_per_kg: ArrayLike,
                                conductive_fraction: float, conductive_surface_m2_per_kg: float,
                                powder: MoistureUptakeParameters = POWDER_DEFAULTS,
                                electrode: ElectrodeMoistureParameters | None = None,
                                ) -> FloatArray:
    """Water an electrode coating holds in equilibrium with air of this humidity [kg/kg].

    Parameters
    ----------
    relative_humidity_pct : array_like
        Relative humidity of the air, or 100·water activity in a vacuum oven [%].
    active_fraction, conductive_fraction : float
        Mass fractions of active material and conductive additive in the coating [-];
        the binder (PTFE, PVDF) is taken as holding no water.
    active_surface_m2_per_kg : array_like
        Specific surface of the active material [m^2/kg].
    conductive_surface_m2_per_kg : float
        BET surface of the conductive additive [m^2/kg].
    powder, electrode : parameters
        Monolayer mass, reactive layers and GAB constants; conductive-additive layers.

    Notes
    -----
    w_eq = Γ_m·θ_GAB(a_w)·(f_am·S_am·n_am + f_ca·S_ca·n_ca) [gab], with Γ_m one water
    monolayer per m^2 and n the equivalent layers each surface takes up.
    """
    electrode = electrode or ElectrodeMoistureParameters()
    theta = gab_coverage(relative_humidity_pct, powder.gab_constant, powder.gab_k)
    layers_kg_per_kg = (active_fraction * np.asarray(active_surface_m2_per_kg, dtype=float)
                        * powder.reactive_layers
                        + conductive_fraction * conductive_surface_m2_per_kg
                        * electrode.conductive_layers)
    return powder.water_monolayer_kg_per_m2 * theta * layers_kg_per_kg


def approach(initial: ArrayLike, equilibrium: ArrayLike, exposure_s: ArrayLike,
             time_constant_s: ArrayLike) -> FloatArray:
    """First-order approach to equilibrium: w = w_eq + (w0 − w_eq)·exp(−t/τ).

    Uptake (w0 < w_eq) and drying (w0 > w_eq) alike; τ = inf leaves w0 unchanged.
    """
    tau = np.asarray(time_constant_s, dtype=float)
    decay = np.exp(-np.asarray(exposure_s, dtype=float) / np.where(tau > 0, tau, np.inf))
    eq = np.asarray(equilibrium, dtype=float)
    return eq + (np.asarray(initial, dtype=float) - eq) * decay


def exchange_time_constant_s(temperature_c: ArrayLike, relative_humidity_pct: ArrayLike,
                             rate_factor: float,
                             powder: MoistureUptakeParameters = POWDER_DEFAULTS
                             ) -> FloatArray:
    """Time constant of water exchange with the air [s].

    Notes
    -----
    τ = Γ_m·n·θ_GAB / (r·β·p_w): the same capacity-over-initial-rate form as the powder
    bed (:func:`process_models.environment.moisture_uptake_kg_per_kg`), with the
    form's rate factor r (sheet or coil, :class:`ElectrodeMoistureParameters`).
    """
    p_w = np.maximum(vapour_partial_pressure_pa(temperature_c, relative_humidity_pct), 1e-6)
    capacity = (powder.water_monolayer_kg_per_m2 * powder.reactive_layers
                * gab_coverage(relative_humidity_pct, powder.gab_constant, powder.gab_k))
    return np.maximum(capacity, 1e-30) / (rate_factor * powder.uptake_coefficient_kg_per_m2_s_pa
                                          * p_w)


# --------------------------------------------------------------------------- vacuum drying


def oven_relative_humidity_pct(temperature_c: ArrayLike, pressure_mbar: ArrayLike) -> FloatArray:
    """Water activity around a coil in a vacuum oven, as RH [%].

    Notes
    -----
    a_w = p/p_sat(T): at most the whole chamber pressure is water vapour, so this is an
    upper bound of the activity the coating dries towards.
    """
    p_pa = np.asarray(pressure_mbar, dtype=float) * 100.0
    return np.clip(100.0 * p_pa / saturation_vapour_pressure_pa(temperature_c), 0.0, 100.0)


def vacuum_time_constant_s(temperature_c: ArrayLike,
                           params: VacuumDryingParameters = VacuumDryingParameters()
                           ) -> FloatArray:
    """Desorption time constant of a wound coil in a vacuum oven [s].

    Notes
    -----
    τ(T) = τ_ref·exp(E_a/R·(1/T − 1/T_ref)).
    """
    t_k = np.asarray(temperature_c, dtype=float) + KELVIN
    t_ref_k = params.reference_temperature_c + KELVIN
    factor = np.exp(params.activation_energy_kj_per_mol * 1e3 / GAS_CONSTANT_J_PER_MOL_K
                    * (1.0 / t_k - 1.0 / t_ref_k))
    return params.time_constant_h * 3600.0 * factor


def dwell_to_reach_s(initial: ArrayLike, target: ArrayLike, equilibrium: ArrayLike,
                     time_constant_s: ArrayLike) -> FloatArray:
    """Drying time for the water content to fall from ``initial`` to ``target`` [s].

    Notes
    -----
    t = τ·ln((w0 − w_eq)/(w_target − w_eq)); 0 where w0 ≤ w_target; inf where the target
    lies at or below the oven's equilibrium (it can never be reached).
    """
    w0, wt, weq = (np.asarray(x, dtype=float) for x in (initial, target, equilibrium))
    tau = np.asarray(time_constant_s, dtype=float)
    reachable = wt > weq
    ratio = np.where(reachable, (w0 - weq) / np.where(reachable, wt - weq, 1.0), np.inf)
    needed = np.where(ratio > 1.0, tau * np.log(np.maximum(ratio, 1.0)), 0.0)
    return np.where(w0 <= wt, 0.0, np.where(reachable, needed, np.inf))


def post_drying_heat_j(coil_mass_kg: ArrayLike, water_removed_kg: ArrayLike,
                       oven_temperature_c: ArrayLike, hall_temperature_c: ArrayLike,
                       params: VacuumDryingParameters = VacuumDryingParameters()) -> FloatArray:
    """Heat a vacuum oven puts into one load: heating the coils and desorbing water [J].

    Notes
    -----
    Q = m·c_p·(T_oven − T_hall) + m_w·Δh_des; the oven's losses and pump are counted by the
    station (per hour of operation).
    """
    rise = np.maximum(np.asarray(oven_temperature_c, dtype=float)
                      - np.asarray(hall_temperature_c, dtype=float), 0.0)
    return (np.asarray(coil_mass_kg, dtype=float) * params.coil_specific_heat_j_per_kg_k * rise
            + np.asarray(water_removed_kg, dtype=float) * params.desorption_heat_j_per_kg)


# --------------------------------------------------------------------------- cell damage


LITHIUM_PER_WATER = 2.0
"""Moles of cyclable lithium consumed per mole of water in the cell [-]: LiPF6 + H2O →
LiF + POF3 + 2 HF, and each HF ends as LiF in the interphases [lux2012] (an upper bound;
assumption range 1–2, less where HF is scavenged by additives or attacks the cathode)."""


def residual_water_capacity_loss_fraction(water_kg_per_kg_coating: ArrayLike,
                                          active_fraction: float,
                                          specific_capacity_mah_per_g: float,
                                          lithium_per_water: float = LITHIUM_PER_WATER
                                          ) -> FloatArray:
    """Share of the electrode's capacity lost to lithium that residual water consumes [-].

    Parameters
    ----------
    water_kg_per_kg_coating : array_like
        Residual water of the coating at cell assembly (Karl Fischer, ppm·1e-6) [kg/kg].
    active_fraction : float
        Active-material mass fraction of the coating [-].
    specific_capacity_mah_per_g : float
        Practical specific capacity of the active material [mAh/g].
    lithium_per_water : float
        Lithium consumed per water molecule (:data:`LITHIUM_PER_WATER`).

    Notes
    -----
    ΔQ/Q = ν·(w/M_H2O)·F / (f_am·q): the water's moles times ν, in mAh, over the coating's
    capacity. 300 ppm in an NMC811 cathode costs about 0.5 % of its capacity.
    """
    mol_per_g_coating = np.asarray(water_kg_per_kg_coating, dtype=float) / (
        WATER_MOLAR_MASS_KG_PER_MOL * 1000.0)
    lost_mah_per_g_coating = lithium_per_water * mol_per_g_coating * FARADAY_MAH_PER_MOL
    return np.clip(lost_mah_per_g_coating / (active_fraction * specific_capacity_mah_per_g),
                   0.0, 1.0)
