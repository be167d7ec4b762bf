"""Utilisation band: the rate model at the ends of its uncertain inputs.

The process engineer sees loading, porosity and thickness; the rate capability also hangs on
inputs nobody on the line measures: the tortuosity of cathode and anode (Bruggeman's packed
spheres or the 1.5–3× higher impedance measurements, the dry-process factor) and the salt
and solid diffusivities. :func:`utilisation_band` evaluates the model with all of them at
their unfavourable ends (low) and at their favourable ends (high); the model is monotone in
each, so the two runs bound it.

References
----------
.. [nyman2008] A. Nyman, M. Behm, G. Lindbergh, Electrochim. Acta 53 (2008) 6356,
   doi:10.1016/j.electacta.2008.04.023 (LiPF6 EC:EMC 3:7, D(1 M) = 1.8e-10 m^2/s).
.. [landesfeind2019] J. Landesfeind, H. A. Gasteiger, "Temperature and Concentration
   Dependence of the Ionic Transport Properties of Lithium-Ion Battery Electrolytes",
   J. Electrochem. Soc. 166 (2019) A3079, doi:10.1149/2.0571912jes (LiPF6 EC:EMC 3:7,
   D(1 M) = 2.9e-10 m^2/s).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from process_models.electrode.cell_context import DEFAULT_CELL, CellContext
from process_models.electrode.electrolyte_transport import CHEN2020_ELECTROLYTE, Electrolyte
from process_models.electrode.rate_capability import (
    DEFAULT_RATE_MODEL,
    RateModelParameters,
    rate_performance,
)
from process_models.electrode.tortuosity import MEASURED_TORTUOSITY


@dataclass(frozen=True)
class InputUncertainty:
    """How far the uncertain inputs may lie from their central values.

    Attributes
    ----------
    electrolyte_diffusivity_factor : float
        ×/÷ on the salt diffusivity [-]: 1.3, half the spread between Nyman2008 (1.8e-10)
        and Landesfeind2019 (2.9e-10 m^2/s) for the same LiPF6 EC:EMC electrolyte at 1 M
        [nyman2008]_, [landesfeind2019]_.
    solid_diffusivity_factor : float
        ×/÷ on the solid diffusivities of cathode and anode [-]: 2 (assumption; published
        values for one material span an order of magnitude).
    """

    electrolyte_diffusivity_factor: float = 1.3
    solid_diffusivity_factor: float = 2.0


DEFAULT_UNCERTAINTY = InputUncertainty()


def anode_tortuosity_band(cell: CellContext) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) anode tortuosity: Bruggeman, and the measured graphite relation + scatter."""
    eps = np.asarray(cell.anode_porosity, dtype=float)
    graphite = MEASURED_TORTUOSITY["graphite"]
    measured = graphite.prefactor * eps ** (-graphite.exponent) * (1.0 + graphite.scatter)
    central = cell.anode_tau()
    return np.minimum(eps**-0.5, central), np.maximum(measured, central)


def utilisation_band(thickness_m: ArrayLike, porosity: ArrayLike,
                     tortuosity_low: ArrayLike, tortuosity_high: ArrayLike,
                     areal_capacity_mah_per_cm2: ArrayLike, c_rate_per_h: ArrayLike,
                     particle_radius_m: ArrayLike, solid_diffusivity_m2_per_s: ArrayLike,
                     electrolyte: Electrolyte = CHEN2020_ELECTROLYTE,
                     params: RateModelParameters = DEFAULT_RATE_MODEL, *,
                     cell: CellContext = DEFAULT_CELL,
                     uncertainty: InputUncertainty = DEFAULT_UNCERTAINTY,
                     **rate_kwargs) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) utilisation from the uncertain inputs [-].

    Parameters
    ----------
    thickness_m, porosity, areal_capacity_mah_per_cm2, c_rate_per_h, particle_radius_m :
    array_like
        As in :func:`~process_models.electrode.rate_capability.rate_performance`.
    tortuosity_low, tortuosity_high : array_like
        Ends of the cathode tortuosity band [-]
        (:func:`~process_models.electrode.tortuosity.tortuosity_band`).
    solid_diffusivity_m2_per_s : array_like
        Central cathode solid diffusivity [m^2/s].
    electrolyte : Electrolyte
        Central electrolyte.
    params : RateModelParameters
        Model coefficients.
    cell : CellContext
        Central separator and anode.
    uncertainty : InputUncertainty
        Spreads of the diffusivities.
    **rate_kwargs
        Passed to ``rate_performance`` (active volume fraction, chemistry, …).

    Returns
    -------
    tuple of numpy.ndarray
        (low, high); low ≤ central ≤ high.

    Notes
    -----
    Low: cathode τ high, anode τ high (measured graphite relation), D_e ÷ f_e, D_s ÷ f_s.
    High: τ low, anode τ Bruggeman, D_e × f_e, D_s × f_s.
    """
    f_e, f_s = uncertainty.electrolyte_diffusivity_factor, uncertainty.solid_diffusivity_factor
    ends = []
    for tau, sign in ((tortuosity_high, -1.0), (tortuosity_low, 1.0)):
        scale_e, scale_s = f_e**sign, f_s**sign
        electro = dataclasses.replace(
            electrolyte, diffusivity_m2_per_s=electrolyte.diffusivity_m2_per_s * scale_e)
        ends_cell = cell
        if not cell.lithium_metal:
            anode_low, anode_high = anode_tortuosity_band(cell)
            window = cell.anode_window_diffusivity_m2_per_s
            ends_cell = dataclasses.replace(
                cell, anode_tortuosity=anode_high if sign < 0 else anode_low,
                anode_solid_diffusivity_m2_per_s=np.asarray(
                    cell.anode_solid_diffusivity_m2_per_s) * scale_s,
                anode_window_diffusivity_m2_per_s=(
                    None if window is None else np.asarray(window) * scale_s))
        ends.append(rate_performance(
            thickness_m, porosity, tau, areal_capacity_mah_per_cm2, c_rate_per_h,
            particle_radius_m, np.asarray(solid_diffusivity_m2_per_s) * scale_s, electro, params,
            cell=ends_cell, **rate_kwargs).utilisation)
    return ends[0], ends[1]
