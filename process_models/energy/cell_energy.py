"""Cell-energy normalisation: the areal capacity and cell energy a coated electrode area stands for.

A run's energy divided by the cell energy of the electrode area it made gives kWh per kWh of
cell, the unit in which production energy is reported [degen2023].

References
----------
.. [degen2023] F. Degen, M. Winter, D. Bendig, J. Tübke, "Energy consumption of current and
   future production of lithium-ion and post lithium-ion battery cells", Nature Energy 8
   (2023) 1284, doi:10.1038/s41560-023-01355-z
"""

from __future__ import annotations

from numpy.typing import ArrayLike

from process_models.energy.carriers import FloatArray, _non_negative, require_in_range


def areal_capacity_mah_per_cm2(coating_loading_kg_per_m2: ArrayLike,
                               active_mass_fraction: ArrayLike,
                               specific_capacity_mah_per_g: ArrayLike) -> FloatArray:
    """Areal capacity of one coated side [mAh/cm^2].

    Parameters
    ----------
    coating_loading_kg_per_m2 : array_like
        Dry coating mass per coated area [kg/m^2]; 1 kg/m^2 = 100 mg/cm^2.
    active_mass_fraction : array_like
        Active material share of the dry coating [-], in (0, 1].
    specific_capacity_mah_per_g : array_like
        Practical specific capacity of the active material [mAh/g].

    Notes
    -----
    Q_A = m_A·w_AM·q [mAh/cm^2] with m_A in mg/cm^2 and q in mAh/g (/1000).
    """
    loading_mg_per_cm2 = 100.0 * _non_negative("coating_loading_kg_per_m2",
                                               coating_loading_kg_per_m2)
    fraction = require_in_range("active_mass_fraction", active_mass_fraction, 0.0, 1.0,
                                low_inclusive=False)
    return loading_mg_per_cm2 * fraction * _non_negative("specific_capacity_mah_per_g",
                                                         specific_capacity_mah_per_g) / 1000.0


def cell_energy_kwh(electrode_area_m2: ArrayLike, areal_capacity: ArrayLike,
                    nominal_voltage_v: ArrayLike) -> FloatArray:
    """Cell energy that a coated electrode area stands for [kWh].

    Parameters
    ----------
    electrode_area_m2 : array_like
        Coated electrode area, counted per coated side [m^2].
    areal_capacity : array_like
        Areal capacity of one coated side [mAh/cm^2] (the limiting electrode, normally
        the cathode).
    nominal_voltage_v : array_like
        Nominal cell voltage [V].

    Notes
    -----
    E_cell = A·Q_A·U with 1 mAh/cm^2 = 10 Ah/m^2, so kWh = A·Q_A·10·U/1000.
    """
    area = _non_negative("electrode_area_m2", electrode_area_m2)
    capacity = require_in_range("areal_capacity", areal_capacity, 0.0, low_inclusive=False)
    voltage = require_in_range("nominal_voltage_v", nominal_voltage_v, 0.0, low_inclusive=False)
    return area * capacity * 10.0 * voltage / 1000.0
