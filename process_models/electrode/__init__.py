"""Electrode performance: structure, transport and rate capability of a porous electrode.

Pure numpy: every function accepts scalars or arrays that broadcast, so a line run can
evaluate all coils or segments in one call.

Structure follows from composition, loading (or thickness) and porosity. Transport uses a
Bruggeman or a measured (Landesfeind) tortuosity with microstructure factors, the MacMullin
effective conductivity and the full-cell salt balance. The rate model is reduced-order:
electrolyte depletion over cathode, separator and anode with a concentration-dependent
diffusivity, the voltage margin left after kinetic and ohmic losses, and the solid
diffusion of cathode and anode particles. Its shape coefficients were calibrated on DFN
solutions (six PyBaMM parameter sets, porosity ±0.07, thickness 0.6–4×, C/5–2C: a grid and
random designs between its points; benchmarks/calibrate_rate_model.py);
:func:`utilisation_band` gives the spread the uncertain inputs (tortuosity, diffusivities)
allow, and :func:`utilisation_error_bound` how far the model itself can be from the DFN at
a design's place on the electrolyte cliff.

Submodules of :mod:`process_models.electrode`, one per physical topic; every public
name is re-exported here:

- ``structure``              composite density, thickness, loading, volume fractions, areal capacity
- ``tortuosity``             Bruggeman and measured tortuosity, additive and process factors
- ``electrolyte_transport``  electrolyte, effective conductivity, full-cell salt depletion
- ``cell_context``           separator, anode and cathode electrochemistry of the cell
- ``rate_capability``        reduced-order utilisation: depletion, solid diffusion, anode
- ``rate_correction``        calibrated warp of the cliff position, per chemistry family
- ``rate_calibration``       calibrated coefficients and the validity range (generated)
- ``uncertainty``            utilisation band from the uncertain inputs
- ``model_error``            the rate model's error bound against the DFN, by cliff position
- ``dfn_reference``          the model's inputs for rows of the DFN reference table
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

from process_models.electrode.cell_context import (
    CATHODE_ELECTROCHEMISTRY,
    DEFAULT_CELL,
    LITHIUM_METAL_CELL,
    CathodeElectrochemistry,
    CellContext,
    cathode_electrochemistry,
)
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
    full_cell_depletion_ratio,
    gallagher_utilisation,
    mean_exponential_diffusivity_ratio,
    penetration_depth_m,
)
from process_models.electrode.model_error import (
    binned_bounds,
    conformal_bound,
    coverage_of,
    utilisation_error_bound,
)
from process_models.electrode.rate_calibration import (
    CORRECTION_CROSS_VALIDATION,
    CROSS_VALIDATION,
    FIT_ERRORS,
    MODEL_ERROR,
    PHYSICS_FIT_ERRORS,
    REFERENCE_MESH,
    TEST_ERRORS,
    VALIDATION_ERRORS,
    VALIDITY,
)
from process_models.electrode.rate_capability import (
    DEFAULT_RATE_MODEL,
    SECONDS_PER_HOUR,
    RateModelParameters,
    RatePerformance,
    diffusion_ratio,
    electrolyte_utilisation,
    outside_validity,
    rate_performance,
    solid_diffusion_utilisation,
    sphere_surface_rise,
)
from process_models.electrode.rate_correction import (
    DEFAULT_CLIFF_CORRECTION,
    NO_CLIFF_CORRECTION,
    CliffCorrection,
    anode_limitation,
    cliff_basis,
    cliff_shift,
    warp_slope,
    warp_slope_min,
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
    DRY_PROCESS_FACTOR_BAND,
    MATERIAL_CLASS,
    MEASURED_TORTUOSITY,
    TORTUOSITY_MODELS,
    MeasuredTortuosity,
    MicrostructureFactors,
    bruggeman_tortuosity,
    measured_relation,
    measured_tortuosity,
    microstructure_factor,
    process_factor_band,
    tortuosity,
    tortuosity_band,
)
from process_models.electrode.uncertainty import (
    DEFAULT_UNCERTAINTY,
    InputUncertainty,
    anode_tortuosity_band,
    utilisation_band,
)

__all__ = [
    "CATHODE_ELECTROCHEMISTRY",
    "CHEN2020_ELECTROLYTE",
    "CORRECTION_CROSS_VALIDATION",
    "CROSS_VALIDATION",
    "DEFAULT_CELL",
    "DEFAULT_CLIFF_CORRECTION",
    "DEFAULT_MICROSTRUCTURE",
    "DEFAULT_RATE_MODEL",
    "DEFAULT_UNCERTAINTY",
    "DRY_PROCESS_FACTOR_BAND",
    "FARADAY_C_PER_MOL",
    "FIT_ERRORS",
    "LITHIUM_METAL_CELL",
    "MAH_PER_CM2_TO_A_PER_M2_PER_C",
    "MATERIAL_CLASS",
    "MEASURED_TORTUOSITY",
    "MODEL_ERROR",
    "NO_CLIFF_CORRECTION",
    "PHYSICS_FIT_ERRORS",
    "REFERENCE_MESH",
    "SECONDS_PER_HOUR",
    "TEST_ERRORS",
    "TORTUOSITY_MODELS",
    "VALIDATION_ERRORS",
    "VALIDITY",
    "CathodeElectrochemistry",
    "CellContext",
    "CliffCorrection",
    "CoilElectrodeSpec",
    "ElectrodeStructure",
    "Electrolyte",
    "InputUncertainty",
    "MeasuredTortuosity",
    "MicrostructureFactors",
    "RateModelParameters",
    "RatePerformance",
    "anode_limitation",
    "anode_tortuosity_band",
    "areal_capacity_mah_per_cm2",
    "binned_bounds",
    "bruggeman_tortuosity",
    "cathode_electrochemistry",
    "cliff_basis",
    "cliff_shift",
    "coil_performance",
    "component_volume_fractions",
    "composite_solid_density_kg_per_m3",
    "conformal_bound",
    "coverage_of",
    "current_density_a_per_m2",
    "diffusion_ratio",
    "effective_conductivity_s_per_m",
    "electrode_structure",
    "electrolyte_utilisation",
    "full_cell_depletion_ratio",
    "gallagher_utilisation",
    "loading_from_thickness_kg_per_m2",
    "mean_exponential_diffusivity_ratio",
    "measured_relation",
    "measured_tortuosity",
    "microstructure_factor",
    "outside_validity",
    "penetration_depth_m",
    "process_factor_band",
    "rate_performance",
    "solid_diffusion_utilisation",
    "sphere_surface_rise",
    "thickness_from_loading_m",
    "tortuosity",
    "tortuosity_band",
    "utilisation_band",
    "utilisation_error_bound",
    "warp_slope",
    "warp_slope_min",
]
