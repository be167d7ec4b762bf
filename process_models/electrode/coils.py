"""Electrode performance per coil: structure, tortuosity and rate capability in one call.

What a line run needs for every coil (or segment): the recipe shared by all coils
(:class:`CoilElectrodeSpec`) and each coil's loading, porosity, moisture damage and in-spec
length, through :mod:`~process_models.electrode.structure`,
:mod:`~process_models.electrode.tortuosity` and :mod:`~process_models.electrode.rate_capability`.

References
----------
Those of the three modules it chains; no coefficient of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from process_models.electrode.cell_context import (
    DEFAULT_CELL,
    CellContext,
    cathode_electrochemistry,
)
from process_models.electrode.electrolyte_transport import CHEN2020_ELECTROLYTE, Electrolyte
from process_models.electrode.model_error import utilisation_error_bound
from process_models.electrode.rate_capability import (
    DEFAULT_RATE_MODEL,
    RateModelParameters,
    RatePerformance,
    rate_performance,
)
from process_models.electrode.structure import electrode_structure
from process_models.electrode.tortuosity import tortuosity, tortuosity_band
from process_models.electrode.uncertainty import utilisation_band
from process_models.materials import ActiveMaterial


@dataclass(frozen=True)
class CoilElectrodeSpec:
    """What is fixed for all coils of a run: material, recipe, particle size, electrolyte.

    Attributes
    ----------
    active : ActiveMaterial
        Active-material property set.
    mass_fractions : tuple of float
        (active, conductive additive, binder) mass fractions [-].
    other_densities_kg_per_m3 : tuple of float
        (conductive additive, binder) densities [kg/m^3].
    particle_radius_m : float
        Active particle radius [m].
    bruggeman_exponent : float
        Bruggeman exponent [-].
    tortuosity_factor : float
        Microstructure multiplier on the tortuosity [-].
    electrolyte : Electrolyte
        Electrolyte used to rate the electrode.
    cell : CellContext
        Separator and negative electrode of the cell the coils are rated in.
    tortuosity_model : str
        ``"bruggeman"`` or ``"measured"``.
    process : str
        Processing route (sets the band of the route's tortuosity factor).
    """

    active: ActiveMaterial
    mass_fractions: tuple[float, float, float]
    other_densities_kg_per_m3: tuple[float, float]
    particle_radius_m: float
    bruggeman_exponent: float = 1.5
    tortuosity_factor: float = 1.0
    electrolyte: Electrolyte = CHEN2020_ELECTROLYTE
    cell: CellContext = DEFAULT_CELL
    tortuosity_model: str = "bruggeman"
    process: str = "slurry"


def coil_performance(spec: CoilElectrodeSpec, loading_mg_per_cm2: ArrayLike,
                     porosity: ArrayLike, moisture_capacity_loss_fraction: ArrayLike,
                     good_fraction: ArrayLike, c_rate_per_h: float = 1.0,
                     params: RateModelParameters = DEFAULT_RATE_MODEL) -> dict[str, np.ndarray]:
    """Performance of many coils (or segments) in one vectorised call.

    Parameters
    ----------
    spec : CoilElectrodeSpec
        Recipe and materials shared by the coils.
    loading_mg_per_cm2 : array_like, shape (n,)
        Mean coating loading of each coil [mg/cm^2].
    porosity : array_like, shape (n,)
        Mean porosity of each coil [-].
    moisture_capacity_loss_fraction : array_like, shape (n,)
        Fraction of capacity lost to moisture damage on the line [-].
    good_fraction : array_like, shape (n,)
        Length fraction of each coil within specification [-].
    c_rate_per_h : float
        Rating C-rate [1/h], default 1C.
    params : RateModelParameters
        Rate-model coefficients.

    Returns
    -------
    dict of str to numpy.ndarray
        ``thickness_um``, ``areal_capacity_mah_per_cm2`` (after moisture damage),
        ``undamaged_areal_capacity_mah_per_cm2``, ``volumetric_capacity_mah_per_cm3``,
        ``tortuosity``, ``penetration_depth_um``, ``utilisation``, ``utilisation_low``,
        ``utilisation_high`` (band from the uncertain inputs), ``utilisation_model_error``
        (the rate model's error bound against the DFN at the coil's place on the
        electrolyte cliff; NaN for an anode, which the DFN tables do not rate),
        ``delivered_capacity_mah_per_cm2``, ``usable_capacity_fraction`` (good fraction ×
        (1 − moisture loss)).

    Notes
    -----
    Moisture damage removes active lithium: Q_A = Q_A,0·(1 − f_moist); the C-rate current
    is referred to the damaged capacity. Out-of-spec length carries no usable capacity.
    """
    loss = np.clip(np.asarray(moisture_capacity_loss_fraction, dtype=float), 0.0, 1.0)
    good = np.clip(np.asarray(good_fraction, dtype=float), 0.0, 1.0)
    structure = electrode_structure(spec.active, spec.mass_fractions,
                                    spec.other_densities_kg_per_m3, porosity,
                                    loading_kg_per_m2=np.asarray(loading_mg_per_cm2) / 100.0)
    capacity = structure.areal_capacity_mah_per_cm2 * (1.0 - loss)
    tau_args = (structure.porosity, spec.tortuosity_model, spec.active.name,
                spec.bruggeman_exponent, spec.tortuosity_factor)
    tau = tortuosity(*tau_args)
    tau_low, tau_high = tortuosity_band(*tau_args, process=spec.process)
    kwargs = {"active_volume_fraction": structure.volume_fractions[..., 0],
              "chemistry": cathode_electrochemistry(spec.active.name)}
    args = (structure.thickness_m, structure.porosity)
    rest = (capacity, c_rate_per_h, spec.particle_radius_m,
            spec.active.solid_diffusivity_m2_per_s, spec.electrolyte, params)
    rate = rate_performance(*args, tau, *rest, cell=spec.cell, **kwargs)
    low, high = utilisation_band(*args, tau_low, tau_high, *rest, cell=spec.cell, **kwargs)
    return {
        "thickness_um": structure.thickness_m * 1e6,
        "areal_capacity_mah_per_cm2": capacity,
        "undamaged_areal_capacity_mah_per_cm2": structure.areal_capacity_mah_per_cm2,
        "volumetric_capacity_mah_per_cm3": capacity / (structure.thickness_m * 100.0),
        "tortuosity": tau,
        "penetration_depth_um": rate.penetration_depth_m * 1e6,
        "utilisation": rate.utilisation,
        "utilisation_low": np.minimum(low, rate.utilisation),
        "utilisation_high": np.maximum(high, rate.utilisation),
        "utilisation_model_error": _model_error(spec, rate),
        "delivered_capacity_mah_per_cm2": rate.delivered_capacity_mah_per_cm2,
        "usable_capacity_fraction": good * (1.0 - loss),
    }


def _model_error(spec: CoilElectrodeSpec, rate: RatePerformance) -> np.ndarray:
    """The rate model's error bound per coil [-]: measured on cathode-limited DFN cells, so
    NaN for an anode coating rated with the same model."""
    bound = utilisation_error_bound(rate.cliff_position + rate.cliff_shift)
    return bound if spec.active.electrode == "cathode" else np.full_like(bound, np.nan)
