"""Slurry (wet) reference route: solvent load, dryer energy, solvent recovery, mixing.

The wet route is modelled with the same interval interface as the dry stations
(:mod:`process_models.energy`): every function is vectorised over the line engine's
intervals and returns energy per carrier.

The dryer balance is explicit rather than lumped into one "dryer efficiency": the heat goes
to (i) evaporating the solvent at the film temperature, (ii) warming the liquid solvent and
the coated web to the dryer temperature, (iii) heating the exhaust air, whose flow is set by
keeping the solvent vapour below a fraction of its lower explosion limit (NMP) or below a
process humidity limit (water), less what an exhaust-to-supply heat exchanger recovers, and
(iv) casing losses; the sum is divided by the heater efficiency. Dryer fans are electric.
The single-pass thickness limit of the wet film (seed Eq. 1) is computed in
``process_models.cracking``; here it enters as ``critical_thickness_m``.

Submodules of :mod:`process_models.slurry`, one per physical topic; every public
name is re-exported here:

- ``solvents``          NMP and water property sets, latent heat
- ``coating``           solvent load, wet film, coat-and-dry passes, slot-die coater
- ``mixing``            slurry mixer electricity
- ``dryer``             exhaust air, heat balance, fans of the convective dryer
- ``drying_limits``     evaporation flux a line needs and the dryer can give, largest speed
- ``binder_migration``  binder Péclet number, migration-free speed, adhesion after drying
- ``solvent_recovery``  NMP condensation: cooling load, chiller electricity

References
----------
.. [solomonov2021] B. N. Solomonov et al., "Solution calorimetry as a tool for the
   determination of vaporization enthalpies of cyclic amides", Molecules 26 (2021) 1411,
   doi:10.3390/molecules26051411 (N-methylbutyrolactam = NMP: Δ_vap H(298.15 K) =
   56.4 ± 0.6 kJ/mol).
.. [gestis] IFA GESTIS substance database, 1-methyl-2-pyrrolidone (CAS 872-50-4):
   explosion limits 1.3–9.5 vol%, flash point 86–91 °C, boiling point 202–204 °C,
   density 1.03 g/cm^3, surface tension 40.7 mN/m at 25 °C.
.. [wagner2002] W. Wagner, A. Pruß, "The IAPWS formulation 1995 for the thermodynamic
   properties of ordinary water substance", J. Phys. Chem. Ref. Data 31 (2002) 387,
   doi:10.1063/1.1461829 (Δ_vap h = 2441.7 kJ/kg at 25 °C, 2256.5 kJ/kg at 100 °C).
.. [watson1943] K. M. Watson, "Thermodynamics of the liquid state", Ind. Eng. Chem. 35
   (1943) 398, doi:10.1021/ie50400a004 (Δ_vap H ∝ (1 − T_r)^0.38).
.. [mundhwa2009] M. Mundhwa et al., "Molar heat capacity of aqueous sulfolane,
   4-formylmorpholine, 1-methyl-2-pyrrolidinone and triethylene glycol dimethyl ether
   solutions from 303.15 to 353.15 K", J. Chem. Eng. Data 54 (2009) 2895 (NMP liquid c_p
   ≈ 1.7 kJ/(kg·K)).
.. [en1539] EN 1539:2015 "Dryers and ovens in which flammable substances are released —
   Safety requirements"; NFPA 86 "Standard for Ovens and Furnaces": solvent vapour held at
   ≤ 25 % of the LEL, ≤ 50 % with continuous LEL monitoring.
.. [susarla2018] N. Susarla, S. Ahmed, D. W. Dees, "Modeling and analysis of solvent removal
   during Li-ion battery electrode drying", J. Power Sources 378 (2018) 660,
   doi:10.1016/j.jpowsour.2018.01.007 (water needs far less drying energy per kg solvent
   than NMP).
.. [wood2018] D. L. Wood III et al., "Technical and economic analysis of solvent-based
   lithium-ion electrode drying with water and NMP", Drying Technol. 36 (2018) 234,
   doi:10.1080/07373937.2017.1319855
.. [degen2023] F. Degen, M. Winter, D. Bendig, J. Tübke, "Energy consumption of current and
   future production of lithium-ion and post lithium-ion battery cells", Nature Energy 8
   (2023) 1284, doi:10.1038/s41560-023-01355-z (mixing 0.8 %, coating + drying 27.7 % of
   20.3–37.5 kWh per kWh of cell).
.. [hwang2016] S. H. Hwang et al., "Development of a hybrid NMP recovery system for
   lithium ion battery cathode manufacturing", Trans. Korean Soc. Mech. Eng. B 40 (2016)
   289 (condensation plus concentration: 99.6 % recovery).
"""

from __future__ import annotations

from process_models.energy.carriers import (
    FloatArray,
)
from process_models.slurry.binder_migration import (
    DEFAULT_MIGRATION,
    SLURRY_CAST_ADHESION_KPA,
    BinderMigrationParameters,
    binder_fraction_at_foil,
    binder_peclet_number,
    binder_top_to_bottom_ratio,
    drying_flux_ratio,
    max_migration_free_speed_m_per_min,
    migration_free_flux_kg_per_m2_s,
    slurry_adhesion_kpa,
)
from process_models.slurry.coating import (
    SLOT_DIE_COATER,
    coating_passes_required,
    solvent_mass_per_m2_kg,
    wet_film_thickness_m,
)
from process_models.slurry.dryer import (
    AIR_MOLAR_MASS_KG_PER_MOL,
    AIR_SPECIFIC_HEAT_J_PER_KG_K,
    DryerParameters,
    design_solvent_rate_kg_per_s,
    dryer_energy_kwh,
    dryer_fan_energy_j,
    dryer_heat_terms_j,
    exhaust_air_kg,
    exhaust_air_per_kg_solvent,
    max_vapour_volume_fraction,
)
from process_models.slurry.drying_limits import (
    DEFAULT_HEAT_TRANSFER,
    DryerHeatTransferParameters,
    max_dryable_speed_m_per_min,
    max_evaporation_flux_kg_per_m2_s,
    needed_evaporation_flux_kg_per_m2_s,
    residence_time_s,
    solvent_vapour_pressure_pa,
    speed_at_flux_m_per_min,
    wet_bulb_film_temperature_c,
)
from process_models.slurry.mixing import (
    SLURRY_MIXING_WORK_KJ_PER_KG,
    slurry_mixing_energy_kwh,
)
from process_models.slurry.solvent_recovery import (
    SolventRecoveryParameters,
    recovered_solvent_kg,
    recovery_cooling_load_j,
    solvent_recovery_energy_kwh,
)
from process_models.slurry.solvents import (
    SOLVENTS,
    WATSON_EXPONENT,
    Solvent,
    latent_heat_j_per_kg,
    solvent,
)

__all__ = [
    "AIR_MOLAR_MASS_KG_PER_MOL",
    "AIR_SPECIFIC_HEAT_J_PER_KG_K",
    "DEFAULT_HEAT_TRANSFER",
    "DEFAULT_MIGRATION",
    "SLOT_DIE_COATER",
    "SLURRY_CAST_ADHESION_KPA",
    "SLURRY_MIXING_WORK_KJ_PER_KG",
    "SOLVENTS",
    "WATSON_EXPONENT",
    "BinderMigrationParameters",
    "DryerHeatTransferParameters",
    "DryerParameters",
    "FloatArray",
    "Solvent",
    "SolventRecoveryParameters",
    "binder_fraction_at_foil",
    "binder_peclet_number",
    "binder_top_to_bottom_ratio",
    "coating_passes_required",
    "design_solvent_rate_kg_per_s",
    "dryer_energy_kwh",
    "dryer_fan_energy_j",
    "dryer_heat_terms_j",
    "drying_flux_ratio",
    "exhaust_air_kg",
    "exhaust_air_per_kg_solvent",
    "latent_heat_j_per_kg",
    "max_dryable_speed_m_per_min",
    "max_evaporation_flux_kg_per_m2_s",
    "max_migration_free_speed_m_per_min",
    "max_vapour_volume_fraction",
    "migration_free_flux_kg_per_m2_s",
    "needed_evaporation_flux_kg_per_m2_s",
    "recovered_solvent_kg",
    "recovery_cooling_load_j",
    "residence_time_s",
    "slurry_adhesion_kpa",
    "slurry_mixing_energy_kwh",
    "solvent",
    "solvent_mass_per_m2_kg",
    "solvent_recovery_energy_kwh",
    "solvent_vapour_pressure_pa",
    "speed_at_flux_m_per_min",
    "wet_bulb_film_temperature_c",
    "wet_film_thickness_m",
]
