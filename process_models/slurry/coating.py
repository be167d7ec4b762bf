"""Slurry coating: solvent load, wet film thickness, coat-and-dry passes, slot-die coater.

The single-pass thickness limit of the wet film (seed Eq. 1) is computed in
``process_models.cracking``; here it enters as ``critical_thickness_m``.

References
----------
No external source: mass balance of the wet film; the coater power is an assumption.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from process_models.energy.carriers import FloatArray, require_in_range
from process_models.energy.station_power import StationPowerParameters
from process_models.slurry.solvents import Solvent


def solvent_mass_per_m2_kg(coating_loading_kg_per_m2: ArrayLike,
                           solids_mass_fraction: ArrayLike) -> FloatArray:
    """Solvent coated per m^2 of electrode side [kg/m^2].

    Parameters
    ----------
    coating_loading_kg_per_m2 : array_like
        Dry coating mass per coated area [kg/m^2].
    solids_mass_fraction : array_like
        Solids content of the slurry [-], in (0, 1).

    Notes
    -----
    m_solvent = m_dry·(1 − φ)/φ.
    """
    phi = require_in_range("solids_mass_fraction", solids_mass_fraction, 0.0, 1.0,
                           low_inclusive=False, high_inclusive=False)
    loading = require_in_range("coating_loading_kg_per_m2", coating_loading_kg_per_m2, 0.0)
    return loading * (1.0 - phi) / phi


def wet_film_thickness_m(coating_loading_kg_per_m2: ArrayLike, solids_mass_fraction: ArrayLike,
                         solids_density_kg_per_m3: ArrayLike, props: Solvent) -> FloatArray:
    """Wet film thickness as coated, before any drying [m].

    Parameters
    ----------
    coating_loading_kg_per_m2 : array_like
        Dry coating mass per coated area [kg/m^2].
    solids_mass_fraction : array_like
        Solids content of the slurry [-], in (0, 1).
    solids_density_kg_per_m3 : array_like
        Pore-free density of the dry solids [kg/m^3].
    props : Solvent
        Solvent.

    Notes
    -----
    h_wet = m_dry/ρ_s + m_solvent/ρ_solvent (a pore-free suspension).
    """
    rho_s = require_in_range("solids_density_kg_per_m3", solids_density_kg_per_m3, 0.0,
                             low_inclusive=False)
    loading = require_in_range("coating_loading_kg_per_m2", coating_loading_kg_per_m2, 0.0)
    wet = solvent_mass_per_m2_kg(loading, solids_mass_fraction)
    return loading / rho_s + wet / props.density_kg_per_m3


def coating_passes_required(dry_thickness_m: ArrayLike,
                            critical_thickness_m: ArrayLike) -> NDArray[np.int64]:
    """Number of coat-and-dry passes so that no pass exceeds the cracking limit [-].

    Parameters
    ----------
    dry_thickness_m : array_like
        Target dry coating thickness before calendering [m].
    critical_thickness_m : array_like
        Critical cracking thickness h_max of seed Eq. 1 [m] (``process_models.cracking``).

    Notes
    -----
    n = ⌈h/h_max⌉, at least 1; n > 1 flags a target that cannot be coated in one pass.
    """
    h = require_in_range("dry_thickness_m", dry_thickness_m, 0.0)
    h_max = require_in_range("critical_thickness_m", critical_thickness_m, 0.0,
                             low_inclusive=False)
    return np.maximum(np.ceil(h / h_max), 1.0).astype(np.int64)


SLOT_DIE_COATER = StationPowerParameters(15000.0)
"""Slot-die head, slurry pumps and coater drives while on [W] (assumption: 15 kW, range
8–25 kW)."""
