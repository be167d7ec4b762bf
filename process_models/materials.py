"""Material property sets: active materials, conductive additives and binders.

Every number here is cited data or a labelled assumption. Models never hold material
literals of their own: they take a property set from this module (or one a user built
with the same dataclass), so that a calibrated set can replace a default without a
change to any model.

Units follow the field names; densities are SI [kg/m^3], capacities keep the
battery convention [mAh/g] because every data sheet quotes them so.

References
----------
.. [activesdb] "activesDB" material table of the BotB project (practical and theoretical
   specific capacities, crystallographic densities), as quoted in REFERENCES.md.
.. [netzsch] Netzsch, PTFE thermal analysis data: DSC transitions 23 °C and 32 °C,
   melting 325–335 °C, density 2.13–2.23 g/cm^3.
.. [chen2020] C.-H. Chen et al., J. Electrochem. Soc. 167 (2020) 080534 (LG M50
   parameter set, via PyBaMM): NMC811 particle radius 5.22 µm.
.. [noh2013] H.-J. Noh, S. Youn, C. S. Yoon, Y.-K. Sun, J. Power Sources 233 (2013) 121,
   doi:10.1016/j.jpowsour.2013.01.063 (capacity of Li[NixCoyMnz]O2 vs Ni content).
.. [prada2013] E. Prada et al., J. Electrochem. Soc. 160 (2013) A616,
   doi:10.1149/2.053304jes (LFP parameter set, via PyBaMM).
.. [liu2025] Liu et al., Small 2025, "Dry Processing Technique for High-Energy Density
   Lithium Batteries": PVDF melting ≈177 °C; PTFE transitions 19 °C and 30 °C.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeVar

T = TypeVar("T")

WATER_MOLAR_MASS_KG_PER_MOL = 0.018015
"""Molar mass of water [kg/mol]."""


@dataclass(frozen=True)
class ActiveMaterial:
    """Property set of an electrode active material.

    Attributes
    ----------
    name : str
        Library name, e.g. ``"NMC811"``.
    electrode : str
        ``"cathode"`` or ``"anode"``.
    density_kg_per_m3 : float
        Crystallographic (skeletal) density [kg/m^3].
    specific_capacity_mah_per_g : float
        Practical reversible specific capacity [mAh/g].
    theoretical_capacity_mah_per_g : float
        Theoretical capacity for one Li per formula unit [mAh/g].
    molar_mass_kg_per_mol : float
        Formula-unit molar mass [kg/mol]; sets how much lithium one mole of
        absorbed water can deactivate.
    nominal_voltage_v : float
        Mean discharge voltage in a full cell against graphite (cathodes) or the
        mean delithiation voltage vs Li/Li+ (anodes) [V].
    d50_um : float
        Typical median particle size of a commercial grade [µm].
    morphology : str
        ``"spherical_secondary"``, ``"platelet"``, ``"fine_primary"`` or ``"irregular"``;
        moves fibrillation kinetics (Horst et al. 2024).
    compaction_resistance_n_per_mm : float
        Meyer/Kwade compaction resistance γ_c of a coating of this material at the
        reference particle size (10 µm) and 25 °C [N/mm] (assumption, range 300–1500).
    min_porosity : float
        Meyer/Kwade ε_min of a monomodal coating of this material [-]
        (assumption, range 0.15–0.25 per REFERENCES.md).
    reactive_water_fraction : float
        Fraction of absorbed water that reacts with lattice lithium to LiOH/Li2CO3 [-]
        (assumption: ≈0.5 for Ni-rich layered oxides after Schuer et al. 2022,
        ≈0.05 for LFP and graphite; range 0–1).
    surface_roughness : float
        Ratio of BET to geometric-sphere specific surface [-] (assumption, 1–5;
        secondary-particle NMC ≈3).
    solid_diffusivity_m2_per_s : float
        Lithium diffusivity in the solid, the value a single-particle (sphere) model uses
        with the particle radius [m^2/s]. Chen2020 for NMC811 (4e-15) and graphite
        (3.3e-14); Prada2013 for LFP (5.9e-18, with a primary-particle radius ≈50 nm);
        other entries: assumption, range 1e-15–1e-13. Default 4e-15 (assumption).
    diffusion_radius_um : float or None
        Radius over which lithium diffuses in the solid, where it is not d50/2: the primary
        crystallites of agglomerated powders [µm] (LFP 0.05, Prada2013); None: d50/2.
    """

    name: str
    electrode: str
    density_kg_per_m3: float
    specific_capacity_mah_per_g: float
    theoretical_capacity_mah_per_g: float
    molar_mass_kg_per_mol: float
    nominal_voltage_v: float
    d50_um: float
    morphology: str
    compaction_resistance_n_per_mm: float
    min_porosity: float
    reactive_water_fraction: float
    surface_roughness: float
    solid_diffusivity_m2_per_s: float = 4.0e-15
    diffusion_radius_um: float | None = None

    def solid_diffusion_radius_m(self, d50_um: float) -> float:
        """Diffusion length of the solid for a powder of median size ``d50_um`` [m]."""
        radius_um = d50_um / 2.0 if self.diffusion_radius_um is None else min(
            self.diffusion_radius_um, d50_um / 2.0)
        return radius_um * 1e-6


@dataclass(frozen=True)
class ConductiveAdditive:
    """Property set of a conductive additive.

    Attributes
    ----------
    name : str
        Library name.
    density_kg_per_m3 : float
        Skeletal density [kg/m^3].
    bet_surface_m2_per_g : float
        Specific surface area (BET) [m^2/g].
    d50_um : float
        Agglomerate median size as dosed [µm].
    """

    name: str
    density_kg_per_m3: float
    bet_surface_m2_per_g: float
    d50_um: float


@dataclass(frozen=True)
class Binder:
    """Property set of a binder polymer.

    Attributes
    ----------
    name : str
        Library name, ``"PTFE"`` or ``"PVDF"``.
    density_kg_per_m3 : float
        Density [kg/m^3].
    fibrillating : bool
        True where shear draws the polymer into fibrils (PTFE).
    phase_transition_low_c, phase_transition_high_c : float
        Crystal transitions that unlock fibrillation [°C] (PTFE 19 and 30 °C).
    softening_c : float
        Temperature where the polymer flows under nip pressure and bonds [°C]
        (PTFE: the α relaxation ≈127 °C; PVDF: its melting point).
    melting_c : float
        Melting point [°C].
    decomposition_c : float
        Temperature above which processing is refused [°C] (onset of thermal
        decomposition; a safety limit, not a process window).
    """

    name: str
    density_kg_per_m3: float
    fibrillating: bool
    phase_transition_low_c: float
    phase_transition_high_c: float
    softening_c: float
    melting_c: float
    decomposition_c: float


# Sources: [activesdb] for densities and capacities; [chen2020] for NMC811 size and the
# NMC811/graphite solid diffusivities; [prada2013] for LFP; [noh2013] for the practical
# capacities of NMC111/532/712 (0.1C, 3.0–4.3 V), whose densities, sizes and moisture
# coefficients copy NMC622 (assumption); molar masses from the formulae; voltages are
# textbook full-cell means.
ACTIVE_MATERIALS: dict[str, ActiveMaterial] = {
    m.name: m
    for m in (
        ActiveMaterial("NMC811", "cathode", 4700.0, 195.0, 276.0, 0.0975, 3.65, 10.4,
                       "spherical_secondary", 900.0, 0.20, 0.5, 3.0, 4.0e-15),
        ActiveMaterial("NMC622", "cathode", 4700.0, 175.0, 277.0, 0.0968, 3.65, 10.0,
                       "spherical_secondary", 900.0, 0.20, 0.3, 3.0, 4.0e-15),
        ActiveMaterial("NMC712", "cathode", 4700.0, 192.0, 276.0, 0.0972, 3.65, 10.0,
                       "spherical_secondary", 900.0, 0.20, 0.4, 3.0, 4.0e-15),
        ActiveMaterial("NMC532", "cathode", 4700.0, 175.0, 278.0, 0.0966, 3.65, 10.0,
                       "spherical_secondary", 900.0, 0.20, 0.2, 3.0, 4.0e-15),
        ActiveMaterial("NMC111", "cathode", 4700.0, 163.0, 278.0, 0.0966, 3.65, 10.0,
                       "spherical_secondary", 900.0, 0.20, 0.1, 3.0, 4.0e-15),
        ActiveMaterial("NCA", "cathode", 4850.0, 210.0, 279.0, 0.0964, 3.6, 12.0,
                       "spherical_secondary", 950.0, 0.20, 0.5, 3.0, 4.0e-15),
        ActiveMaterial("LCO", "cathode", 5100.0, 165.0, 274.0, 0.0979, 3.8, 15.0,
                       "irregular", 1100.0, 0.18, 0.1, 1.5, 1.0e-14),
        ActiveMaterial("LFP", "cathode", 3600.0, 160.0, 170.0, 0.1578, 3.2, 2.0,
                       "fine_primary", 600.0, 0.25, 0.05, 2.0, 5.9e-18, 0.05),
        ActiveMaterial("graphite", "anode", 2240.0, 344.0, 372.0, 0.0721, 0.15, 17.0,
                       "platelet", 350.0, 0.22, 0.05, 2.0, 3.3e-14),
        ActiveMaterial("Si", "anode", 2300.0, 2200.0, 3579.0, 0.0281, 0.4, 3.0,
                       "irregular", 1200.0, 0.25, 0.05, 2.0, 1.0e-15),
    )
}

# Super C65-type carbon black: density 1.9 g/cm^3 [activesdb]; BET 62 m^2/g (Imerys data sheet).
CONDUCTIVE_ADDITIVES: dict[str, ConductiveAdditive] = {
    c.name: c
    for c in (
        ConductiveAdditive("carbon_black", 1900.0, 62.0, 0.2),
        ConductiveAdditive("CNT", 1600.0, 250.0, 1.0),
        ConductiveAdditive("graphite_KS6", 2240.0, 20.0, 3.4),
    )
}

# PTFE: [netzsch], [liu2025]; α relaxation ≈127 °C (polymer handbooks); decomposition onset
# ≈400 °C is the usual processing ceiling. PVDF: melting 177 °C [liu2025], decomposition
# onset ≈400 °C (TGA, polymer handbooks).
BINDERS: dict[str, Binder] = {
    b.name: b
    for b in (
        Binder("PTFE", 2200.0, True, 19.0, 30.0, 127.0, 327.0, 400.0),
        Binder("PVDF", 1780.0, False, float("nan"), float("nan"), 170.0, 177.0, 400.0),
    )
}


def active_material(name: str, **overrides: float) -> ActiveMaterial:
    """Return the library property set ``name``, with optional field overrides.

    Raises
    ------
    KeyError
        If ``name`` is not in :data:`ACTIVE_MATERIALS`; the message lists the names.
    """
    return replace(_lookup(ACTIVE_MATERIALS, name, "active material"), **overrides)


def conductive_additive(name: str, **overrides: float) -> ConductiveAdditive:
    """Return the conductive-additive property set ``name`` with optional overrides."""
    return replace(_lookup(CONDUCTIVE_ADDITIVES, name, "conductive additive"), **overrides)


def binder(name: str, **overrides: float) -> Binder:
    """Return the binder property set ``name`` with optional overrides."""
    return replace(_lookup(BINDERS, name, "binder"), **overrides)


def _lookup(table: dict[str, T], name: str, kind: str) -> T:
    try:
        return table[name]
    except KeyError:
        known = ", ".join(sorted(table))
        raise KeyError(f"unknown {kind} {name!r}; known: {known}") from None


def solid_density_kg_per_m3(mass_fractions: tuple[float, ...],
                            densities_kg_per_m3: tuple[float, ...]) -> float:
    """Density of the pore-free composite from its components [kg/m^3].

    Notes
    -----
    Rule of mixtures on volume: 1/ρ_s = Σ w_i/ρ_i.
    """
    return 1.0 / sum(w / rho for w, rho in zip(mass_fractions, densities_kg_per_m3, strict=True))
