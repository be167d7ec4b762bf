"""Critical cracking thickness of a drying slurry film (seed Eq. 1), particles bonded by binder.

A wet-coated film cracks during drying once it is thicker than h_max; dry processing has no
drying step and no such limit. Comparing a target coating thickness with h_max for the same
particles and solvent shows where only a dry route reaches the target.

Seed Eq. 1 ([singh2007]_) was derived for bare particles in Hertzian contact: the capillary
stress is resisted by the deformation of the particles at their contacts, so G is the
particles' shear modulus. In an electrode slurry the particles touch through bridges of
carbon–binder domain (binder swollen with solvent, carbon black), much softer than the
oxide or graphite. Contact and bridge are springs in series: the softer one takes the
strain and sets the network's stiffness, G_eff = (1/G_particle + 1/G_bridge)^-1 ≈ G_bridge.
For ceramic-hard particles this makes h_max about 45× smaller than with the particle's own
modulus (√(75 GPa/38 MPa)), which is what makes thick slurry electrodes crack in practice;
the bare-particle value (≈ 9 mm for 10 µm NMC in NMP) never binds. Keeping the form of
Eq. 1 with G_eff in place of G is a reading of [singh2007]_ (as [tirumkudulu2005]_ did for
deformable particles), not a derivation for bridged contacts; G_bridge is calibrated.

Calibration ([kumberg2019]_, aqueous graphite, CMC/SBR in water, as quoted in the issue
brief): no cracks up to 512 µm dry at ≤ 3 g/(m²·s); critical dry thickness about
350–430 µm at 6–15 g/(m²·s). The high-rate value, 350 µm, with graphite d50 ≈ 18 µm
(assumption), gives G_bridge ≈ 38 MPa. The limit is therefore the **high-rate** one: a
slowly dried film tolerates more (≥ 512 µm there, ≥ 1.46× the limit), which this
elastic model does not capture (it has no drying rate; a viscoelastic bridge that relaxes
the capillary stress during slow drying would be the mechanism, [tirumkudulu2005]_).

References
----------
.. [singh2007] K. B. Singh, M. S. Tirumkudulu, "Cracking in Drying Colloidal Films",
   Phys. Rev. Lett. 98 (2007) 218302, doi:10.1103/PhysRevLett.98.218302.
.. [tirumkudulu2005] M. S. Tirumkudulu, W. B. Russel, "Cracking in drying latex films",
   Langmuir 21 (2005) 4938, doi:10.1021/la048298k (the critical stress of a packing whose
   contacts deform: the softer contact sets it).
.. [kumberg2019] J. Kumberg et al., "Drying of lithium-ion battery anodes for use in
   high-energy cells: influence of electrode thickness on drying time, adhesion, and crack
   formation", Energy Technol. 7 (2019) 1900722, doi:10.1002/ente.201900722.
.. [vargaftik1983] N. B. Vargaftik, B. N. Volkov, L. D. Voljak, "International Tables of the
   Surface Tension of Water", J. Phys. Chem. Ref. Data 12 (1983) 817, doi:10.1063/1.555688.
.. [jasper1972] J. J. Jasper, "The Surface Tension of Pure Liquid Compounds",
   J. Phys. Chem. Ref. Data 1 (1972) 841, doi:10.1063/1.3253106.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike


@dataclass(frozen=True)
class PackingParameters:
    """Particle packing in the consolidated film.

    Attributes
    ----------
    coordination_number : float
        Mean contacts per particle M [-]; 6 as used by [singh2007]_ for random close
        packing (range 5–8).
    random_close_packing_fraction : float
        φ_rcp [-]; 0.64 for monodisperse spheres [singh2007]_ (range 0.60–0.70).
    prefactor : float
        Numerical prefactor of Eq. 1 [-]; 0.41 [singh2007]_.
    """

    coordination_number: float = 6.0
    random_close_packing_fraction: float = 0.64
    prefactor: float = 0.41


DEFAULT_PACKING = PackingParameters()

SOLVENT_SURFACE_TENSION_N_PER_M: dict[str, float] = {
    "water": 0.07197,  # 25 °C [vargaftik1983]
    "NMP": 0.0407,  # N-methyl-2-pyrrolidone, 25 °C [jasper1972]
}
"""Solvent–air surface tension γ at 25 °C [N/m]."""

PARTICLE_SHEAR_MODULUS_PA: dict[str, float] = {
    "NMC811": 75.0e9,
    "NMC622": 75.0e9,
    "NMC712": 75.0e9,
    "NMC532": 75.0e9,
    "NMC111": 75.0e9,
    "NCA": 75.0e9,
    "LCO": 70.0e9,
    "LFP": 48.0e9,
    "graphite": 4.5e9,
    "Si": 65.0e9,
}
"""Shear modulus G of the particles [Pa].

Assumption: G = E/(2(1 + ν)) from nanoindentation/DFT Young's moduli of order
150–200 GPa for layered oxides, ≈125 GPa for LFP, ≈160 GPa for Si, and the basal-plane
shear modulus C44 ≈ 4–5 GPa for graphite; ν ≈ 0.25–0.3. Range a user should consider:
±40 %. Secondary NMC particles are porous aggregates and may be softer.
"""


@dataclass(frozen=True)
class BinderBridgeParameters:
    """Shear modulus of the carbon–binder bridges that bond the wet particle network.

    Attributes
    ----------
    aqueous_bridge_shear_modulus_pa : float
        G_bridge of CMC/SBR bridges in water [Pa]. Calibration: 3.8e7 Pa puts h_max of
        graphite (d50 18 µm, assumption; G_particle 4.5 GPa) in water at 350 µm, the
        high-rate critical dry thickness of [kumberg2019]_ (range 1.5e7–1.2e8 Pa from
        d50 15–22 µm and h_crit 350–430 µm).
    nmp_bridge_shear_modulus_pa : float
        G_bridge of PVDF/carbon bridges in NMP [Pa] (assumption: the aqueous calibration,
        for want of a critical thickness measured on an NMP film; range 1e7–1e8 Pa).
        Plausibility: it puts 10 µm NMC811 in NMP at ≈ 205 µm dry (≈ 40 mg/cm² at 55 %
        porosity), above the ~20–30 mg/cm² per side industrial NMP cathodes are coated at
        in one pass.
    """

    aqueous_bridge_shear_modulus_pa: float = 3.8e7
    nmp_bridge_shear_modulus_pa: float = 3.8e7

    def __post_init__(self) -> None:
        for name in ("aqueous_bridge_shear_modulus_pa", "nmp_bridge_shear_modulus_pa"):
            if not getattr(self, name) > 0.0:
                raise ValueError(f"{name} = {getattr(self, name)!r} must be > 0")

    def for_solvent(self, solvent: str) -> float:
        """G_bridge for a slurry in ``solvent`` (``"water"`` or ``"NMP"``) [Pa]."""
        if solvent == "water":
            return self.aqueous_bridge_shear_modulus_pa
        if solvent == "NMP":
            return self.nmp_bridge_shear_modulus_pa
        raise KeyError(f"unknown solvent {solvent!r}; known: NMP, water")


DEFAULT_BRIDGES = BinderBridgeParameters()

@dataclass(frozen=True)
class CrackingCalibrationPoint:
    """A measured critical cracking thickness the bridge modulus is fitted to.

    Attributes
    ----------
    material : str
        Key of :data:`PARTICLE_SHEAR_MODULUS_PA`.
    solvent : str
        ``"water"`` or ``"NMP"``.
    particle_radius_m : float
        Particle radius of the measured film [m].
    critical_dry_thickness_m : float
        Measured critical dry thickness [m].
    """

    material: str
    solvent: str
    particle_radius_m: float
    critical_dry_thickness_m: float


KUMBERG_GRAPHITE_CALIBRATION = CrackingCalibrationPoint("graphite", "water", 9e-6, 350e-6)
"""The calibration point of :class:`BinderBridgeParameters`: aqueous graphite (CMC/SBR),
critical dry thickness 350 µm at 15 g/(m²·s) ([kumberg2019]_, the high-rate end of
350–430 µm at 6–15 g/(m²·s)); particle radius 9 µm (d50 18 µm) is an assumption
(15–22 µm)."""


def effective_network_shear_modulus_pa(particle_shear_modulus_pa: ArrayLike,
                                       bridge_shear_modulus_pa: ArrayLike) -> np.ndarray:
    """Shear modulus of particles bonded through binder bridges [Pa].

    Parameters
    ----------
    particle_shear_modulus_pa : array_like
        Shear modulus of the particles G_particle [Pa].
    bridge_shear_modulus_pa : array_like
        Shear modulus of the binder bridges at the contacts G_bridge [Pa].

    Notes
    -----
    Contact and bridge in series: G_eff = (1/G_particle + 1/G_bridge)^-1, so the softer
    element sets the stiffness the capillary stress works against.
    """
    g_p = np.asarray(particle_shear_modulus_pa, dtype=float)
    g_b = np.asarray(bridge_shear_modulus_pa, dtype=float)
    return 1.0 / (1.0 / g_p + 1.0 / g_b)


def bridge_shear_modulus_from_critical_thickness_pa(
        critical_thickness_m: ArrayLike, particle_radius_m: ArrayLike,
        surface_tension_n_per_m: ArrayLike, particle_shear_modulus_pa: ArrayLike = np.inf,
        packing: PackingParameters = DEFAULT_PACKING) -> np.ndarray:
    """G_bridge that puts h_max at a measured critical cracking thickness [Pa].

    Parameters
    ----------
    critical_thickness_m : array_like
        Measured critical (dry) cracking thickness [m].
    particle_radius_m : array_like
        Particle radius R [m].
    surface_tension_n_per_m : array_like
        Solvent–air surface tension γ [N/m].
    particle_shear_modulus_pa : array_like
        G_particle [Pa]; infinite for rigid particles.
    packing : PackingParameters
        Coordination number, packing fraction and prefactor.

    Notes
    -----
    Seed Eq. 1 solved for G: G_eff = (h/0.41)²·2γ/(M·φ_rcp·R³); then
    G_bridge = (1/G_eff − 1/G_particle)^-1.
    """
    h = np.asarray(critical_thickness_m, dtype=float)
    radius = np.asarray(particle_radius_m, dtype=float)
    g_eff = ((h / packing.prefactor) ** 2 * 2.0 * np.asarray(surface_tension_n_per_m, dtype=float)
             / (packing.coordination_number * packing.random_close_packing_fraction * radius**3))
    return 1.0 / (1.0 / g_eff - 1.0 / np.asarray(particle_shear_modulus_pa, dtype=float))


def critical_cracking_thickness_m(shear_modulus_pa: ArrayLike, particle_radius_m: ArrayLike,
                                  surface_tension_n_per_m: ArrayLike,
                                  packing: PackingParameters = DEFAULT_PACKING) -> np.ndarray:
    """Maximum crack-free thickness of a drying particle film (seed Eq. 1) [m].

    Parameters
    ----------
    shear_modulus_pa : array_like
        Shear modulus G resisting the capillary stress [Pa]: the particles' own for bare
        particles, :func:`effective_network_shear_modulus_pa` for a binder-bonded network.
    particle_radius_m : array_like
        Particle radius R [m].
    surface_tension_n_per_m : array_like
        Solvent–air surface tension γ [N/m].
    packing : PackingParameters
        Coordination number M, random close packing fraction φ_rcp and prefactor.

    Returns
    -------
    numpy.ndarray
        h_max [m].

    Notes
    -----
    h_max = 0.41·(G·M·φ_rcp·R³/(2γ))^(1/2)  [singh2007]_; h_max ∝ R^1.5, so fine
    particles crack first.
    """
    group = (np.asarray(shear_modulus_pa, dtype=float) * packing.coordination_number
             * packing.random_close_packing_fraction * np.asarray(particle_radius_m) ** 3
             / (2.0 * np.asarray(surface_tension_n_per_m, dtype=float)))
    return packing.prefactor * np.sqrt(group)


def cracking_limit_for_material_m(material: str, particle_radius_m: ArrayLike,
                                  solvent: str = "NMP",
                                  packing: PackingParameters = DEFAULT_PACKING,
                                  bridges: BinderBridgeParameters = DEFAULT_BRIDGES) -> np.ndarray:
    """h_max of a slurry film of a library material, bonded by its binder [m].

    Parameters
    ----------
    material : str
        Key of :data:`PARTICLE_SHEAR_MODULUS_PA`.
    particle_radius_m : array_like
        Particle radius [m].
    solvent : str
        Key of :data:`SOLVENT_SURFACE_TENSION_N_PER_M` (``"NMP"`` or ``"water"``); the
        binder system follows it (PVDF in NMP, CMC/SBR in water).
    packing : PackingParameters
        Packing parameters.
    bridges : BinderBridgeParameters
        Binder-bridge shear modulus per solvent.

    Raises
    ------
    KeyError
        For an unknown material or solvent; the message lists the known ones.

    Notes
    -----
    Seed Eq. 1 with G_eff of :func:`effective_network_shear_modulus_pa`. 10.4 µm NMC811:
    ≈ 205 µm dry in NMP, ≈ 155 µm in water; graphite d50 18 µm in water: 350 µm
    (calibration, [kumberg2019]_). :func:`bare_particle_cracking_limit_m` is the value
    without binder bridges.

    Examples
    --------
    >>> round(float(cracking_limit_for_material_m("NMC811", 5.2e-6, "NMP")) * 1e6)
    206
    """
    shear = _lookup(PARTICLE_SHEAR_MODULUS_PA, material, "material")
    gamma = _lookup(SOLVENT_SURFACE_TENSION_N_PER_M, solvent, "solvent")
    network = effective_network_shear_modulus_pa(shear, bridges.for_solvent(solvent))
    return critical_cracking_thickness_m(network, particle_radius_m, gamma, packing)


def bare_particle_cracking_limit_m(material: str, particle_radius_m: ArrayLike,
                                   solvent: str = "NMP",
                                   packing: PackingParameters = DEFAULT_PACKING) -> np.ndarray:
    """h_max of seed Eq. 1 with the particles' own shear modulus (no binder bridges) [m].

    Parameters
    ----------
    material : str
        Key of :data:`PARTICLE_SHEAR_MODULUS_PA`.
    particle_radius_m : array_like
        Particle radius [m].
    solvent : str
        ``"NMP"`` or ``"water"``.
    packing : PackingParameters
        Packing parameters.

    Notes
    -----
    The upper bound of :func:`cracking_limit_for_material_m`: ≈ 9 mm for 10 µm NMC in NMP,
    a limit no slurry electrode reaches.
    """
    shear = _lookup(PARTICLE_SHEAR_MODULUS_PA, material, "material")
    gamma = _lookup(SOLVENT_SURFACE_TENSION_N_PER_M, solvent, "solvent")
    return critical_cracking_thickness_m(shear, particle_radius_m, gamma, packing)


def only_dry_reaches(target_thickness_m: ArrayLike, cracking_limit_m: ArrayLike) -> np.ndarray:
    """True where a wet-coated film of the target thickness would crack [-].

    Parameters
    ----------
    target_thickness_m : array_like
        Target coating thickness [m].
    cracking_limit_m : array_like
        h_max of the slurry route [m].
    """
    return np.asarray(target_thickness_m) > np.asarray(cracking_limit_m)


def _lookup(table: dict[str, float], key: str, kind: str) -> float:
    if key not in table:
        raise KeyError(f"unknown {kind} {key!r}; known: {', '.join(sorted(table))}")
    return table[key]
