"""Slurry mixing: mixer electricity of the wet route, with its work per kg of slurry.

The batch-mixer rule is the one of every mixer (:func:`process_models.energy.mixer_energy_kwh`);
the slurry carries the solvent as well, so the mixed mass is the solids over the solids content.

References
----------
.. [degen2023] F. Degen, M. Winter, D. Bendig, J. Tübke, "Energy consumption of current and
   future production of lithium-ion and post lithium-ion battery cells", Nature Energy 8
   (2023) 1284, doi:10.1038/s41560-023-01355-z (mixing 0.8 %, coating + drying 27.7 % of
   20.3–37.5 kWh per kWh of cell).
"""

from __future__ import annotations

from numpy.typing import ArrayLike

from process_models.energy.carriers import FloatArray, require_in_range
from process_models.energy.station_power import MixerParameters, mixer_energy_kwh

SLURRY_MIXING_WORK_KJ_PER_KG = 180.0
"""Mixing work into the slurry per kg of slurry, at the shaft [kJ/kg] (assumption: 0.05 kWh/kg,
range 50–500 kJ/kg; [degen2023]'s mixing share of 0.8 % of 20–37 kWh/kWh_cell is of this
order)."""


def slurry_mixing_energy_kwh(running_s: ArrayLike, idle_s: ArrayLike, solids_kg: ArrayLike,
                             solids_mass_fraction: ArrayLike,
                             params: MixerParameters) -> dict[str, FloatArray]:
    """Slurry mixer electricity per interval [kWh].

    Parameters
    ----------
    running_s, idle_s : array_like
        Mixing and idle time per interval [s].
    solids_kg : array_like
        Dry solids mixed per interval [kg].
    solids_mass_fraction : array_like
        Solids content of the slurry [-], in (0, 1).
    params : MixerParameters
        Mixer; its specific work is per kg of slurry (:data:`SLURRY_MIXING_WORK_KJ_PER_KG`).

    Notes
    -----
    m_slurry = m_solids/φ; E = P_idle·t + w·m_slurry/η_drive, the rule of every batch mixer
    (:func:`process_models.energy.mixer_energy_kwh`).
    """
    phi = require_in_range("solids_mass_fraction", solids_mass_fraction, 0.0, 1.0,
                           low_inclusive=False, high_inclusive=False)
    solids = require_in_range("solids_kg", solids_kg, 0.0)
    return mixer_energy_kwh(running_s, idle_s, solids / phi, params)
