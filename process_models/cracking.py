"""Critical cracking thickness of a drying slurry film (seed Eq. 1).

A wet-coated film cracks during drying once it is thicker than h_max; dry processing has no
drying step and no such limit. Comparing a target coating thickness with h_max for the same
particles and solvent shows where only a dry route reaches the target.

References
----------
.. [singh2007] K. B. Singh, M. S. Tirumkudulu, "Cracking in Drying Colloidal Films",
   Phys. Rev. Lett. 98 (2007) 218302, doi:10.1103/PhysRevLett.98.218302.
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


def critical_cracking_thickness_m(shear_modulus_pa: ArrayLike, particle_radius_m: ArrayLike,
                                  surface_tension_n_per_m: ArrayLike,
                                  packing: PackingParameters = DEFAULT_PACKING) -> np.ndarray:
    """Maximum crack-free thickness of a drying particle film (seed Eq. 1) [m].

    Parameters
    ----------
    shear_modulus_pa : array_like
        Shear modulus G of the particles [Pa].
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
                                  packing: PackingParameters = DEFAULT_PACKING) -> np.ndarray:
    """h_max for a library material and solvent [m].

    Parameters
    ----------
    material : str
        Key of :data:`PARTICLE_SHEAR_MODULUS_PA`.
    particle_radius_m : array_like
        Particle radius [m].
    solvent : str
        Key of :data:`SOLVENT_SURFACE_TENSION_N_PER_M` (``"NMP"`` or ``"water"``).
    packing : PackingParameters
        Packing parameters.

    Raises
    ------
    KeyError
        For an unknown material or solvent; the message lists the known ones.
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
