"""Electrode performance: structure, transport and rate capability of a porous electrode.

Pure numpy: every function accepts scalars or arrays that broadcast, so a line run can
evaluate all coils or segments in one call.

Structure follows from composition, loading (or thickness) and porosity. Transport uses a
Bruggeman tortuosity with optional microstructure factors, the MacMullin effective
conductivity and Gallagher's electrolyte penetration depth (seed Eq. 3). The rate model is
reduced-order: an electrolyte-depletion utilisation with a sharp cliff, whose onset follows
from the pseudo-steady uniform-reaction profile, times a solid-diffusion utilisation of
spheres under constant flux. Its two shape coefficients were calibrated against PyBaMM's DFN
for the Chen2020 (LG M50) cell, cathode 50–300 µm at C/2 and 1C (benchmarks/dfn_compare.py).

Submodules of :mod:`process_models.electrode`, one per physical topic; every public
name is re-exported here:

- ``structure``              composite density, thickness, loading, volume fractions, areal capacity
- ``tortuosity``             Bruggeman tortuosity, additive and process multipliers
- ``electrolyte_transport``  electrolyte, effective conductivity, penetration depth (seed Eq. 3)
- ``rate_capability``        reduced-order utilisation: electrolyte cliff × solid diffusion
- ``coils``                  performance of many coils in one call

References
----------
.. [gallagher2016] K. G. Gallagher et al., "Optimizing Areal Capacities through
   Understanding the Limitations of Lithium-Ion Electrodes", J. Electrochem. Soc. 163 (2016)
   A138, doi:10.1149/2.0321602jes.
.. [tambio2020] S. J. Tambio et al., "The Concept of Effective Porosity in the Discharge
   Rate Performance of High-Density Positive Electrodes", J. Electrochem. Soc. 167 (2020)
   160509, doi:10.1149/1945-7111/abcb40.
.. [landesfeind2018] J. Landesfeind, M. Ebner, A. Eldiven, V. Wood, H. A. Gasteiger,
   "Tortuosity of Battery Electrodes: Validation of Impedance-Derived Values and Critical
   Comparison with 3D Tomography", J. Electrochem. Soc. 165 (2018) A469,
   doi:10.1149/2.0231803jes.
.. [liu2025] Y. Liu et al., "Dry Processing Technique for High-Energy Density Lithium
   Batteries", Small (2025), doi:10.1002/smll.202510454.
.. [chen2020] C.-H. Chen et al., J. Electrochem. Soc. 167 (2020) 080534,
   doi:10.1149/1945-7111/ab9050.
.. [carslaw1959] H. S. Carslaw, J. C. Jaeger, "Conduction of Heat in Solids", 2nd ed.,
   Oxford (1959), §9.3 (sphere with constant surface flux).
.. [subramanian2005] V. R. Subramanian, V. D. Diwakar, D. Tapriyal, "Efficient
   Macro-Micro Scale Coupled Modeling of Batteries", J. Electrochem. Soc. 152 (2005) A2002,
   doi:10.1149/1.2032427.
"""

from __future__ import annotations

from process_models.electrode.coils import (
    CoilElectrodeSpec,
    coil_performance,
)
from process_models.electrode.electrolyte_transport import (
    CHEN2020_ELECTROLYTE,
    FARADAY_C_PER_MOL,
    MAH_PER_CM2_TO_A_PER_M2_PER_C,
    Electrolyte,
    current_density_a_per_m2,
    effective_conductivity_s_per_m,
    gallagher_utilisation,
    penetration_depth_m,
)
from process_models.electrode.rate_capability import (
    DEFAULT_RATE_MODEL,
    SECONDS_PER_HOUR,
    RateModelParameters,
    RatePerformance,
    diffusion_ratio,
    electrolyte_utilisation,
    rate_performance,
    solid_diffusion_utilisation,
    sphere_surface_rise,
)
from process_models.electrode.structure import (
    ElectrodeStructure,
    areal_capacity_mah_per_cm2,
    component_volume_fractions,
    composite_solid_density_kg_per_m3,
    electrode_structure,
    loading_from_thickness_kg_per_m2,
    thickness_from_loading_m,
)
from process_models.electrode.tortuosity import (
    DEFAULT_MICROSTRUCTURE,
    MicrostructureFactors,
    bruggeman_tortuosity,
    microstructure_factor,
)

__all__ = [
    "CHEN2020_ELECTROLYTE",
    "DEFAULT_MICROSTRUCTURE",
    "DEFAULT_RATE_MODEL",
    "FARADAY_C_PER_MOL",
    "MAH_PER_CM2_TO_A_PER_M2_PER_C",
    "SECONDS_PER_HOUR",
    "CoilElectrodeSpec",
    "ElectrodeStructure",
    "Electrolyte",
    "MicrostructureFactors",
    "RateModelParameters",
    "RatePerformance",
    "areal_capacity_mah_per_cm2",
    "bruggeman_tortuosity",
    "coil_performance",
    "component_volume_fractions",
    "composite_solid_density_kg_per_m3",
    "current_density_a_per_m2",
    "diffusion_ratio",
    "effective_conductivity_s_per_m",
    "electrode_structure",
    "electrolyte_utilisation",
    "gallagher_utilisation",
    "loading_from_thickness_kg_per_m2",
    "microstructure_factor",
    "penetration_depth_m",
    "rate_performance",
    "solid_diffusion_utilisation",
    "sphere_surface_rise",
    "thickness_from_loading_m",
]
