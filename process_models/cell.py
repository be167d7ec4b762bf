"""Cell energy density from a stack of double-sided electrodes (pouch and cylindrical).

A repeat unit is one cathode current collector coated on both sides, one anode (coated
collector, or lithium metal on a collector), and two separators or solid-electrolyte (SE)
layers. Liquid cells fill the pores of electrodes and separators with electrolyte; in
solid-state cells the SE layer is dense and the cathode composite already holds its
catholyte. All functions accept arrays that broadcast (e.g. a sweep of areal capacity).

References
----------
.. [liu2025] Y. Liu et al., "Dry Processing Technique for High-Energy Density Lithium
   Batteries", Small (2025), doi:10.1002/smll.202510454 (Figure 1 assumptions).
.. [chen2020] C.-H. Chen et al., J. Electrochem. Soc. 167 (2020) 080534,
   doi:10.1149/1945-7111/ab9050 (LG M50 layer thicknesses, 16 µm Al, 12 µm Cu, 12 µm
   separator).
.. [crc] W. M. Haynes (ed.), CRC Handbook of Chemistry and Physics, 97th ed. (2016):
   densities of Al 2.70, Cu 8.96, Li 0.534 g/cm^3, polyethylene 0.94 g/cm^3.
.. [schmuch2018] R. Schmuch, R. Wagner, G. Hörpel, T. Placke, M. Winter, "Performance and
   cost of materials for lithium-based rechargeable automotive batteries", Nat. Energy 3
   (2018) 267, doi:10.1038/s41560-018-0107-2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

MAH_PER_CM2_TO_AH_PER_M2 = 10.0
"""1 mAh/cm^2 = 10 Ah/m^2 [Ah m^-2 / (mAh cm^-2)]."""


@dataclass(frozen=True)
class StackMaterials:
    """Inactive layers and their densities.

    Attributes
    ----------
    cathode_collector_thickness_m : float
        Al foil [m]; 16 µm [chen2020]_ (range 10–20 µm).
    anode_collector_thickness_m : float
        Cu foil [m]; 12 µm [chen2020]_ (range 6–12 µm).
    aluminium_density_kg_per_m3, copper_density_kg_per_m3 : float
        [kg/m^3] [crc]_.
    separator_density_kg_per_m3 : float
        Polyolefin skeletal density [kg/m^3]; 940 [crc]_.
    electrolyte_density_kg_per_m3 : float
        LiPF6 in carbonates [kg/m^3]; 1200 (assumption, range 1150–1300).
    solid_electrolyte_density_kg_per_m3 : float
        SE layer and catholyte [kg/m^3]; 2000 as in [liu2025]_ Figure 1.
    lithium_density_kg_per_m3 : float
        Lithium metal [kg/m^3]; 534 [crc]_.
    lithium_specific_capacity_mah_per_g : float
        Usable capacity of the Li-metal anode [mAh/g]; 2000 as in [liu2025]_ Figure 1
        (theoretical 3860).
    """

    cathode_collector_thickness_m: float = 16e-6
    anode_collector_thickness_m: float = 12e-6
    aluminium_density_kg_per_m3: float = 2700.0
    copper_density_kg_per_m3: float = 8960.0
    separator_density_kg_per_m3: float = 940.0
    electrolyte_density_kg_per_m3: float = 1200.0
    solid_electrolyte_density_kg_per_m3: float = 2000.0
    lithium_density_kg_per_m3: float = 534.0
    lithium_specific_capacity_mah_per_g: float = 2000.0


DEFAULT_STACK_MATERIALS = StackMaterials()


@dataclass(frozen=True)
class Coating:
    """One side of a coated electrode.

    Attributes
    ----------
    areal_capacity_mah_per_cm2 : array_like
        Practical capacity per side [mAh/cm^2].
    thickness_m : array_like
        Coating thickness per side [m].
    loading_kg_per_m2 : array_like
        Coating solids per side [kg/m^2].
    porosity : array_like
        Pore fraction [-] (filled with liquid electrolyte in liquid cells).
    """

    areal_capacity_mah_per_cm2: ArrayLike
    thickness_m: ArrayLike
    loading_kg_per_m2: ArrayLike
    porosity: ArrayLike


@dataclass(frozen=True)
class Separator:
    """Separator (liquid cells) or solid-electrolyte layer (solid-state cells).

    Attributes
    ----------
    thickness_m : float
        [m]; 12 µm polyolefin [chen2020]_, 30 µm SE in [liu2025]_ Figure 1a.
    porosity : float
        [-]; 0.47 for the Chen2020 separator, 0 for a dense SE layer.
    solid_density_kg_per_m3 : float
        Skeletal density of the layer [kg/m^3].
    """

    thickness_m: ArrayLike
    porosity: float
    solid_density_kg_per_m3: float


def polyolefin_separator(thickness_m: float = 12e-6, porosity: float = 0.47,
                         materials: StackMaterials = DEFAULT_STACK_MATERIALS) -> Separator:
    """Polyolefin separator [chen2020]_ (thickness [m], porosity [-])."""
    return Separator(thickness_m, porosity, materials.separator_density_kg_per_m3)


def solid_electrolyte_layer(thickness_m: ArrayLike = 30e-6,
                            materials: StackMaterials = DEFAULT_STACK_MATERIALS) -> Separator:
    """Dense solid-electrolyte membrane [liu2025]_ (thickness [m])."""
    return Separator(thickness_m, 0.0, materials.solid_electrolyte_density_kg_per_m3)


def anode_coating_for_np(cathode_capacity_mah_per_cm2: ArrayLike, np_ratio: float,
                         anode_volumetric_capacity_mah_per_cm3: float,
                         anode_solid_density_kg_per_m3: float, anode_porosity: float) -> Coating:
    """Intercalation anode coating sized to an N/P ratio.

    Parameters
    ----------
    cathode_capacity_mah_per_cm2 : array_like
        Cathode capacity per side [mAh/cm^2].
    np_ratio : float
        Negative to positive capacity ratio [-].
    anode_volumetric_capacity_mah_per_cm3 : float
        Anode practical capacity per coating volume [mAh/cm^3].
    anode_solid_density_kg_per_m3 : float
        Pore-free anode composite density [kg/m^3].
    anode_porosity : float
        Anode porosity [-].

    Notes
    -----
    Q_a = (N/P)·Q_c; h_a = Q_a/Q_V,a; m_a = h_a·ρ_s,a·(1 − ε_a).
    """
    capacity = np_ratio * np.asarray(cathode_capacity_mah_per_cm2, dtype=float)
    thickness_m = capacity / anode_volumetric_capacity_mah_per_cm3 / 100.0
    loading = thickness_m * anode_solid_density_kg_per_m3 * (1.0 - anode_porosity)
    return Coating(capacity, thickness_m, loading, anode_porosity)


def lithium_metal_anode(cathode_capacity_mah_per_cm2: ArrayLike, np_ratio: float,
                        materials: StackMaterials = DEFAULT_STACK_MATERIALS) -> Coating:
    """Lithium-metal foil sized to an N/P ratio.

    Parameters
    ----------
    cathode_capacity_mah_per_cm2 : array_like
        Cathode capacity per side [mAh/cm^2].
    np_ratio : float
        N/P ratio [-].
    materials : StackMaterials
        Li density and usable specific capacity.

    Notes
    -----
    m_Li = (N/P)·Q_c/q_Li (1 g/cm^2 = 10 kg/m^2); h_Li = m_Li/ρ_Li.
    """
    capacity = np_ratio * np.asarray(cathode_capacity_mah_per_cm2, dtype=float)
    loading_kg_per_m2 = capacity / materials.lithium_specific_capacity_mah_per_g * 10.0
    return Coating(capacity, loading_kg_per_m2 / materials.lithium_density_kg_per_m3,
                   loading_kg_per_m2, 0.0)


@dataclass(frozen=True)
class StackUnit:
    """Per-area properties of one repeat unit (two cells in parallel).

    Attributes
    ----------
    energy_wh_per_m2 : numpy.ndarray
        Discharge energy of the unit per electrode area [Wh/m^2].
    capacity_ah_per_m2 : numpy.ndarray
        Capacity of the unit per electrode area [Ah/m^2].
    mass_kg_per_m2 : numpy.ndarray
        Mass per electrode area [kg/m^2].
    thickness_m : numpy.ndarray
        Thickness of the unit [m].
    """

    energy_wh_per_m2: np.ndarray
    capacity_ah_per_m2: np.ndarray
    mass_kg_per_m2: np.ndarray
    thickness_m: np.ndarray


def stack_unit(cathode: Coating, anode: Coating, separator: Separator, nominal_voltage_v: float,
               utilisation: ArrayLike = 1.0, liquid_electrolyte: bool = True,
               anode_collector: bool = True,
               materials: StackMaterials = DEFAULT_STACK_MATERIALS) -> StackUnit:
    """Energy, mass and thickness per area of one double-sided repeat unit.

    Parameters
    ----------
    cathode, anode : Coating
        One side of each electrode.
    separator : Separator
        Separator or SE layer (two per unit).
    nominal_voltage_v : float
        Mean discharge voltage of the cell [V].
    utilisation : array_like
        Fraction of the cathode capacity delivered [-].
    liquid_electrolyte : bool
        True: pores of electrodes and separators hold liquid electrolyte.
    anode_collector : bool
        False for a collector-free (anode-less or free-standing Li) design.
    materials : StackMaterials
        Collector and fill densities.

    Notes
    -----
    Per unit: E = 2·Q_c·u·V; m = m_Al + m_Cu + 2(m_c + m_a + m_sep + m_el);
    h = h_Al + h_Cu + 2(h_c + h_a + h_sep); m_el = ρ_el·Σ ε_i·h_i  [schmuch2018]_.
    """
    capacity = 2.0 * MAH_PER_CM2_TO_AH_PER_M2 * np.asarray(cathode.areal_capacity_mah_per_cm2)
    capacity = capacity * np.asarray(utilisation)
    cu = materials.anode_collector_thickness_m if anode_collector else 0.0
    collectors_m = materials.cathode_collector_thickness_m + cu
    collectors_kg = (materials.cathode_collector_thickness_m * materials.aluminium_density_kg_per_m3
                     + cu * materials.copper_density_kg_per_m3)
    sep_h = np.asarray(separator.thickness_m, dtype=float)
    sep_kg = sep_h * separator.solid_density_kg_per_m3 * (1.0 - separator.porosity)
    pore_m = (np.asarray(cathode.porosity) * np.asarray(cathode.thickness_m)
              + np.asarray(anode.porosity) * np.asarray(anode.thickness_m)
              + separator.porosity * sep_h)
    fill_kg = materials.electrolyte_density_kg_per_m3 * pore_m if liquid_electrolyte else 0.0
    per_side_kg = (np.asarray(cathode.loading_kg_per_m2) + np.asarray(anode.loading_kg_per_m2)
                   + sep_kg + fill_kg)
    per_side_m = np.asarray(cathode.thickness_m) + np.asarray(anode.thickness_m) + sep_h
    return StackUnit(
        energy_wh_per_m2=capacity * nominal_voltage_v,
        capacity_ah_per_m2=capacity,
        mass_kg_per_m2=collectors_kg + 2.0 * per_side_kg,
        thickness_m=collectors_m + 2.0 * per_side_m,
    )


@dataclass(frozen=True)
class PouchPackaging:
    """Pouch format.

    Attributes
    ----------
    electrode_width_m, electrode_height_m : float
        Electrode size [m] (assumption: 0.1 × 0.3 m, an EV pouch).
    laminate_thickness_m : float
        Al-laminate foil [m]; assumption 153 µm (range 110–160 µm).
    laminate_density_kg_per_m3 : float
        [kg/m^3]; assumption 1700 (Al/PP/PA laminate, range 1500–1900).
    seal_margin_m : float
        Sealed border on each edge [m]; assumption 5 mm.
    tab_mass_kg : float
        Both tabs with sealant [kg]; assumption 6 g (range 2–10 g).
    stack_thickness_m : float
        Target stack thickness [m]; assumption 10 mm.
    """

    electrode_width_m: float = 0.10
    electrode_height_m: float = 0.30
    laminate_thickness_m: float = 153e-6
    laminate_density_kg_per_m3: float = 1700.0
    seal_margin_m: float = 5e-3
    tab_mass_kg: float = 6e-3
    stack_thickness_m: float = 10e-3


@dataclass(frozen=True)
class CylindricalPackaging:
    """Cylindrical format (defaults: 21700, as the LG M50).

    Attributes
    ----------
    outer_diameter_m, height_m : float
        Can size [m]; 21.0 mm × 70.0 mm.
    can_wall_m : float
        Nickel-plated steel wall [m]; assumption 0.2 mm (range 0.15–0.3).
    can_density_kg_per_m3 : float
        Steel [kg/m^3]; 7850 [crc]_.
    mandrel_diameter_m : float
        Hollow core of the jelly roll [m]; assumption 2 mm.
    headspace_m : float
        Can height not filled by electrodes (cap, insulators, tabs) [m]; assumption 5 mm.
    cap_and_tabs_mass_kg : float
        Cap assembly, tabs, insulators [kg]; assumption 4 g (range 3–6 g).
    """

    outer_diameter_m: float = 21.0e-3
    height_m: float = 70.0e-3
    can_wall_m: float = 0.2e-3
    can_density_kg_per_m3: float = 7850.0
    mandrel_diameter_m: float = 2.0e-3
    headspace_m: float = 5.0e-3
    cap_and_tabs_mass_kg: float = 4.0e-3


@dataclass(frozen=True)
class CellEnergy:
    """Energy, mass and volume of a cell and its densities.

    Attributes
    ----------
    energy_wh, mass_kg, volume_l : numpy.ndarray
        [Wh], [kg], [L].
    capacity_ah : numpy.ndarray
        [Ah].
    wh_per_kg, wh_per_l : numpy.ndarray
        Gravimetric and volumetric energy density [Wh/kg], [Wh/L].
    """

    energy_wh: np.ndarray
    capacity_ah: np.ndarray
    mass_kg: np.ndarray
    volume_l: np.ndarray
    wh_per_kg: np.ndarray
    wh_per_l: np.ndarray


def _cell_energy(energy_wh, capacity_ah, mass_kg, volume_m3) -> CellEnergy:
    volume_l = np.asarray(volume_m3) * 1e3
    return CellEnergy(energy_wh, capacity_ah, mass_kg, volume_l,
                      energy_wh / mass_kg, energy_wh / volume_l)


def stack_only(unit: StackUnit) -> CellEnergy:
    """Densities of the bare stack, tabs and packaging excluded (as [liu2025]_ Figure 1).

    Parameters
    ----------
    unit : StackUnit
        Repeat unit.

    Notes
    -----
    Per 1 m^2 of electrode: Wh/kg = E/m; Wh/L = E/(h·1000).
    """
    return _cell_energy(unit.energy_wh_per_m2, unit.capacity_ah_per_m2, unit.mass_kg_per_m2,
                        unit.thickness_m)


def pouch_cell(unit: StackUnit, packaging: PouchPackaging = PouchPackaging()) -> CellEnergy:
    """A pouch cell of stacked repeat units.

    Parameters
    ----------
    unit : StackUnit
        Repeat unit.
    packaging : PouchPackaging
        Electrode size, laminate, tabs, stack thickness.

    Notes
    -----
    n = floor(h_stack/h_unit) (at least 1); A = w·h_e; outer area
    (w + 2s)(h_e + 2s); laminate mass 2·A_out·t·ρ; volume A_out·(n·h_unit + 2t).
    """
    units = np.maximum(np.floor(packaging.stack_thickness_m / unit.thickness_m), 1.0)
    area = packaging.electrode_width_m * packaging.electrode_height_m
    margin = 2.0 * packaging.seal_margin_m
    outer_area = (packaging.electrode_width_m + margin) * (packaging.electrode_height_m + margin)
    laminate_kg = 2.0 * outer_area * packaging.laminate_thickness_m \
        * packaging.laminate_density_kg_per_m3
    mass = units * area * unit.mass_kg_per_m2 + laminate_kg + packaging.tab_mass_kg
    volume = outer_area * (units * unit.thickness_m + 2.0 * packaging.laminate_thickness_m)
    return _cell_energy(units * area * unit.energy_wh_per_m2,
                        units * area * unit.capacity_ah_per_m2, mass, volume)


def cylindrical_cell(unit: StackUnit,
                     packaging: CylindricalPackaging = CylindricalPackaging()) -> CellEnergy:
    """A wound cylindrical cell.

    Parameters
    ----------
    unit : StackUnit
        Repeat unit (wound: both sides of each electrode face a counter electrode).
    packaging : CylindricalPackaging
        Can, mandrel, headspace, cap and tabs.

    Notes
    -----
    Winding area A_w = π(r_i² − r_m²) with r_i the can's inner radius; wound length
    L = A_w/h_unit; electrode area A = L·(H − headspace); can mass from wall and two
    end discs; volume πr_o²H.
    """
    r_outer = packaging.outer_diameter_m / 2.0
    r_inner = r_outer - packaging.can_wall_m
    winding_area = np.pi * (r_inner**2 - (packaging.mandrel_diameter_m / 2.0) ** 2)
    electrode_height = packaging.height_m - packaging.headspace_m
    area = winding_area / unit.thickness_m * electrode_height
    can_kg = packaging.can_density_kg_per_m3 * packaging.can_wall_m * (
        2.0 * np.pi * r_outer * packaging.height_m + 2.0 * np.pi * r_outer**2)
    mass = area * unit.mass_kg_per_m2 + can_kg + packaging.cap_and_tabs_mass_kg
    volume = np.pi * r_outer**2 * packaging.height_m
    return _cell_energy(area * unit.energy_wh_per_m2, area * unit.capacity_ah_per_m2, mass,
                        volume + 0.0 * area)
