"""Electrode performance and cell energy of what the line made, coil by coil.

Each coil's mean loading, porosity and moisture damage go through the electrode
calculator (:mod:`process_models.electrode`) in one vectorised call; the cell stack of the
scenario's ``[cell]`` table turns the line's mean electrode into Wh/kg and Wh/L.
Out-of-spec length carries no usable capacity.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from line_sim.engine.electrode import cell_context, stack_cell_energy
from line_sim.engine.process_chain import ProcessChain
from process_models import electrode as em
from process_models.fibrillation import (
    agglomerate_tortuosity_factor,
    blocked_pore_tortuosity_factor,
)

PROCESS_OF_ROUTE = {"BF": "dry_bf", "DPSD": "dry_dpsd", "slurry": "slurry"}
"""Microstructure class of each route for the tortuosity correction."""


def coil_spec(chain: ProcessChain) -> em.CoilElectrodeSpec:
    """Recipe, materials and transport corrections shared by all coils of a run."""
    m = chain.scenario.materials
    factor = em.microstructure_factor(m.conductive_additive.name,
                                      PROCESS_OF_ROUTE[chain.scenario.route])
    if chain.binder.fibrillating:  # PTFE above ≈2 wt% agglomerates and blocks pores
        factor *= float(agglomerate_tortuosity_factor(m.binder.mass_fraction))
        factor *= float(blocked_pore_tortuosity_factor(
            m.binder.mass_fraction, chain.porosity, chain.solid_density_kg_per_m3,
            chain.binder.density_kg_per_m3))
    return em.CoilElectrodeSpec(
        active=chain.active,
        mass_fractions=(m.active_material.mass_fraction, m.conductive_additive.mass_fraction,
                        m.binder.mass_fraction),
        other_densities_kg_per_m3=(chain.conductive.density_kg_per_m3,
                                   chain.binder.density_kg_per_m3),
        particle_radius_m=chain.active.solid_diffusion_radius_m(m.active_material.d50_um),
        tortuosity_factor=factor,
        bruggeman_exponent=chain.scenario.cell.bruggeman_exponent,
        tortuosity_model=chain.scenario.cell.tortuosity_model,
    )


def add_coil_performance(coils: pd.DataFrame, chain: ProcessChain) -> pd.DataFrame:
    """The coil table with areal capacity, 1C utilisation and usable fraction per coil."""
    if coils.empty:
        return coils
    # lithium lost twice to water: to surface LiOH/Li2CO3 while the powder and web were
    # exposed, and in the cell to the HF that the released coil's residual water makes
    residual = chain.residual_water_capacity_loss(coils["water_released_ppm"].to_numpy() * 1e-6)
    surface = coils["moisture_capacity_loss_fraction"].to_numpy()
    # rated in the scenario's own cell (separator, anode, N/P); the band spans the
    # uncertain tortuosities and diffusivities
    spec = dataclasses.replace(coil_spec(chain), cell=cell_context(chain.scenario.cell),
                               process=PROCESS_OF_ROUTE[chain.scenario.route])
    perf = em.coil_performance(
        spec, coils["mean_loading_mg_per_cm2"].to_numpy(),
        coils["mean_porosity"].to_numpy(),
        # binder costs too: cracked particles, PTFE lithiation on anodes
        1.0 - (1.0 - surface) * (1.0 - residual) * (1.0 - chain.binder_capacity_loss_fraction()),
        coils["yield_fraction"].to_numpy(), c_rate_per_h=1.0)
    return coils.assign(
        residual_water_capacity_loss_fraction=residual,
        areal_capacity_mah_per_cm2=perf["areal_capacity_mah_per_cm2"],
        utilisation_1c=perf["utilisation"],
        utilisation_1c_low=perf["utilisation_low"],
        utilisation_1c_high=perf["utilisation_high"],
        utilisation_1c_model_error=perf["utilisation_model_error"],
        delivered_capacity_1c_mah_per_cm2=perf["delivered_capacity_mah_per_cm2"],
        usable_capacity_fraction=perf["usable_capacity_fraction"],
    )


def cell_kpis(coils: pd.DataFrame, chain: ProcessChain) -> dict[str, Any]:
    """Length-weighted electrode performance of the run and the energy of its cell."""
    if coils.empty:
        return {}
    weights = coils["length_m"].to_numpy()
    mean = {c: float(np.average(coils[c], weights=weights)) for c in (
        "areal_capacity_mah_per_cm2", "utilisation_1c", "utilisation_1c_low",
        "utilisation_1c_high", "utilisation_1c_model_error", "mean_loading_mg_per_cm2",
        "mean_porosity")}
    m = chain.scenario.materials
    structure = em.electrode_structure(
        chain.active, (m.active_material.mass_fraction, m.conductive_additive.mass_fraction,
                       m.binder.mass_fraction),
        (chain.conductive.density_kg_per_m3, chain.binder.density_kg_per_m3),
        mean["mean_porosity"], loading_kg_per_m2=mean["mean_loading_mg_per_cm2"] * 0.01)
    # the cell is built from what the line delivered: moisture damage lowers its capacity
    delivered = dataclasses.replace(
        structure, areal_capacity_mah_per_cm2=np.asarray(mean["areal_capacity_mah_per_cm2"]))
    energy = stack_cell_energy(chain.scenario.cell, chain.active, delivered)
    usable = float(np.average(coils["usable_capacity_fraction"], weights=weights))
    return {
        "areal_capacity_mah_per_cm2": mean["areal_capacity_mah_per_cm2"],
        "utilisation_1c": mean["utilisation_1c"],
        "usable_capacity_fraction": usable,
        "nominal_voltage_v": float(chain.scenario.cell.nominal_voltage_v
                                   or chain.active.nominal_voltage_v),
        "cell_energy_wh_per_kg": float(energy.wh_per_kg),
        "cell_energy_wh_per_l": float(energy.wh_per_l),
        # energy delivered at 1C (practical energy × 1C utilisation) and its band from the
        # uncertain tortuosities and diffusivities; cell_energy_* above stays the practical
        # (low-rate) energy and bounds them from above
        "utilisation_1c_low": mean["utilisation_1c_low"],
        "utilisation_1c_high": mean["utilisation_1c_high"],
        # the rate model's error bound against the DFN; where every coil's error is within
        # its bound, their length-weighted mean bounds the error of the mean too
        # (|Σ w e| ≤ Σ w |e|)
        "utilisation_1c_model_error": mean["utilisation_1c_model_error"],
        "cell_energy_1c_wh_per_kg": float(energy.wh_per_kg) * mean["utilisation_1c"],
        "cell_energy_1c_wh_per_l": float(energy.wh_per_l) * mean["utilisation_1c"],
        "cell_energy_wh_per_kg_low": float(energy.wh_per_kg) * mean["utilisation_1c_low"],
        "cell_energy_wh_per_kg_high": float(energy.wh_per_kg) * mean["utilisation_1c_high"],
        "cell_energy_wh_per_l_low": float(energy.wh_per_l) * mean["utilisation_1c_low"],
        "cell_energy_wh_per_l_high": float(energy.wh_per_l) * mean["utilisation_1c_high"],
        **chain.binder_kpis(),
    }
