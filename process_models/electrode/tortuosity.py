"""Tortuosity of the pore network: Bruggeman or measured relations, times process factors.

Two ways to the tortuosity factor τ (ε/τ = κ_eff/κ, Landesfeind's "effective tortuosity"):

- ``"bruggeman"``: τ = ε^(1 − α), α the Bruggeman exponent (1.5 for packed spheres).
- ``"measured"``: τ = f·ε^(−a), the generalised Bruggeman relations fitted to blocking-
  electrolyte impedance measurements of calendered slurry electrodes [landesfeind2016]_,
  [landesfeind2018]_ (:data:`MEASURED_TORTUOSITY`). They run 1.5–3× above Bruggeman.

Either is multiplied by a microstructure factor for the conductive additive and the
processing route. The dry routes' factor (0.85) is an assumption; its uncertainty band
(:data:`DRY_PROCESS_FACTOR_BAND`) is tied to the same measurements: the binder and carbon
that block pores in slurry electrodes are what separates impedance from tomography
(τ_EIS/τ_XTM = 1.5–2.3 on identical NMC, NCA and graphite coatings; 1.5 → 10 wt % PVDF
raises τ of one graphite coating from 2.7 to 5.0) [landesfeind2018]_, so a route that
leaves the pores free of binder can lower τ by at most that much, and at worst not at all.

References
----------
.. [landesfeind2016] J. Landesfeind, J. Hattendorff, A. Ehrl, W. A. Wall, H. A. Gasteiger,
   "Tortuosity Determination of Battery Electrodes and Separators by Impedance
   Spectroscopy", J. Electrochem. Soc. 163 (2016) A1373, doi:10.1149/2.1141607jes
   (Fig. 20 fits: graphite τ = 4.7·ε^−0.1, LFP 90/5/5 τ = 3.1·ε^−0.6, LFP 70/15/15
   τ = 3.0·ε^−0.2; Fig. 15: NMC111 96/2/2 N_M = 10–11 at ε ≈ 0.34).
.. [landesfeind2018] J. Landesfeind, M. Ebner, A. Eldiven, V. Wood, H. A. Gasteiger,
   "Tortuosity of Battery Electrodes: Validation of Impedance-Derived Values and Critical
   Comparison with 3D Tomography", J. Electrochem. Soc. 165 (2018) A469,
   doi:10.1149/2.0231803jes (NMC111 τ = 3.6 ± 0.3 at ε = 0.42 and 3.1 ± 0.3 at ε = 0.40;
   NCA 4.0 ± 0.05 at ε = 0.40; Table II EIS vs tomography; binder series).
.. [liu2025] Y. Liu et al., "Dry Processing Technique for High-Energy Density Lithium
   Batteries", Small (2025), doi:10.1002/smll.202510454.
.. [matthews2024] G. A. B. Matthews, S. Wheeler, J. Ramírez-González, P. S. Grant,
   "Solvent-free NMC electrodes for Li-ion batteries: unravelling the microstructure and
   formation of the PTFE nano-fibril network", Front. Energy Res. 11 (2024) 1336344,
   doi:10.3389/fenrg.2023.1336344 (lower ionic resistance of solvent-free NMC622 than
   slurry-cast, by impedance).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

TORTUOSITY_MODELS = ("bruggeman", "measured")
"""Names of the tortuosity models."""


@dataclass(frozen=True)
class MeasuredTortuosity:
    """A generalised Bruggeman relation τ = f·ε^(−a) fitted to measurements.

    Attributes
    ----------
    prefactor : float
        f [-].
    exponent : float
        a [-] (0.5 is Bruggeman's shape).
    porosity_range : tuple of float
        Porosities the measurements span [-].
    scatter : float
        Relative scatter of the measurements about the relation [-], the half-width of
        the band.
    source : str
        Where the relation comes from.
    """

    prefactor: float
    exponent: float
    porosity_range: tuple[float, float]
    scatter: float
    source: str


MEASURED_TORTUOSITY: dict[str, MeasuredTortuosity] = {
    "NMC": MeasuredTortuosity(
        2.13, 0.5, (0.34, 0.42), 0.15,
        "Landesfeind et al. JES 163 (2016) A1373 Fig. 15 and JES 165 (2018) A469: NMC111 "
        "96/2/2, τ = 3.6 at ε 0.34, 3.6 at 0.42, 3.1 at 0.40; f fitted with Bruggeman's "
        "shape a = 0.5 (no porosity series published)"),
    "NCA": MeasuredTortuosity(
        2.53, 0.5, (0.38, 0.42), 0.15,
        "Landesfeind et al. JES 165 (2018) A469 Table II: NCA 90 wt %, τ = 4.0 at ε 0.40; "
        "a = 0.5 assumed"),
    "LFP": MeasuredTortuosity(
        3.1, 0.6, (0.27, 0.51), 0.15,
        "Landesfeind et al. JES 163 (2016) A1373 Fig. 20: LFP 90/5/5, τ = 3.1·ε^-0.6"),
    "graphite": MeasuredTortuosity(
        4.7, 0.1, (0.28, 0.65), 0.15,
        "Landesfeind et al. JES 163 (2016) A1373 Fig. 20: graphite 95/5, τ = 4.7·ε^-0.1"),
}
"""Measured relations by material class (τ = ε·N_M, the same quantity as ε^(1−α))."""

MATERIAL_CLASS = {"NMC811": "NMC", "NMC712": "NMC", "NMC622": "NMC", "NMC532": "NMC",
                  "NMC111": "NMC", "LCO": "NMC", "NCA": "NCA", "LFP": "LFP",
                  "graphite": "graphite", "Si": "graphite"}
"""Measured relation used for each library material (LCO takes the layered-oxide NMC
relation and Si the graphite one: assumptions, no measurement of their own)."""

DRY_PROCESS_FACTOR_BAND = (0.6, 1.0)
"""Range of the dry routes' tortuosity factor [-]: 1/1.75 (removing the pore-blocking
binder and carbon, midpoint of τ_EIS/τ_XTM = 1.5–2.3 [landesfeind2018]_) to 1 (no
benefit). The central 0.85 is an assumption [liu2025]_, [matthews2024]_."""


@dataclass(frozen=True)
class MicrostructureFactors:
    """Multipliers on the tortuosity for additive type and processing route.

    Attributes
    ----------
    additive_factor : dict of str to float
        Factor per conductive additive [-]. Carbon black is the reference (1.0, the
        Bruggeman relation as used by Chen2020). CNT 0.9 and graphite_KS6 1.1 are
        assumptions (range 0.7–1.3): fibrous additives keep pores open, platelets align
        across the thickness. ``"flour_pore_former"`` 0.80 is the reduction 4.76 → 3.80
        reported for dry-processed LCO with 1 % flour [liu2025]_.
    process_factor : dict of str to float
        Factor per processing route [-]. Slurry 1.0 (reference). Dry routes 0.85:
        assumption, band :data:`DRY_PROCESS_FACTOR_BAND`; dry processing leaves the carbon
        on the particle surfaces instead of a pore-filling carbon–binder domain
        [liu2025]_ (Section 2.3), [matthews2024]_.
    process_band : dict of str to tuple of float
        (low, high) of each route's factor [-]; slurry has none (1, 1).
    """

    additive_factor: dict[str, float] = field(default_factory=lambda: {
        "carbon_black": 1.0, "CNT": 0.9, "graphite_KS6": 1.1, "flour_pore_former": 0.80})
    process_factor: dict[str, float] = field(default_factory=lambda: {
        "slurry": 1.0, "dry_bf": 0.85, "dry_dpsd": 0.85})
    process_band: dict[str, tuple[float, float]] = field(default_factory=lambda: {
        "slurry": (1.0, 1.0), "dry_bf": DRY_PROCESS_FACTOR_BAND,
        "dry_dpsd": DRY_PROCESS_FACTOR_BAND})


DEFAULT_MICROSTRUCTURE = MicrostructureFactors()


def microstructure_factor(conductive_additive: str = "carbon_black", process: str = "slurry",
                          factors: MicrostructureFactors = DEFAULT_MICROSTRUCTURE) -> float:
    """Tortuosity multiplier for an additive type and processing route [-].

    Parameters
    ----------
    conductive_additive : str
        Key of ``factors.additive_factor``.
    process : str
        Key of ``factors.process_factor`` (``"slurry"``, ``"dry_bf"``, ``"dry_dpsd"``).
    factors : MicrostructureFactors
        The factor tables.

    Raises
    ------
    KeyError
        For an unknown additive or process; the message lists the known keys.
    """
    return _factor(factors.additive_factor, conductive_additive, "conductive additive") * _factor(
        factors.process_factor, process, "process")


def process_factor_band(process: str = "slurry",
                        factors: MicrostructureFactors = DEFAULT_MICROSTRUCTURE
                        ) -> tuple[float, float]:
    """(low, high) of the route factor, relative to its central value [-]."""
    central = _factor(factors.process_factor, process, "process")
    low, high = factors.process_band.get(process, (central, central))
    return low / central, high / central


def _factor(table: dict[str, float], key: str, kind: str) -> float:
    if key not in table:
        raise KeyError(f"unknown {kind} {key!r}; known: {', '.join(sorted(table))}")
    return table[key]


def bruggeman_tortuosity(porosity: ArrayLike, bruggeman_exponent: ArrayLike = 1.5,
                         correction_factor: ArrayLike = 1.0) -> np.ndarray:
    """Tortuosity factor of the pore network [-].

    Parameters
    ----------
    porosity : array_like
        Porosity ε [-].
    bruggeman_exponent : array_like
        Bruggeman exponent α [-]; 1.5 for packed spheres (PyBaMM/Chen2020 default);
        measured electrodes often behave like α ≈ 2–3 [landesfeind2018]_.
    correction_factor : array_like
        Microstructure multiplier [-], see :func:`microstructure_factor`.

    Notes
    -----
    τ = f·ε^(1 − α), so that ε/τ = ε^α/f (MacMullin number N_M = τ/ε).
    """
    eps = np.asarray(porosity, dtype=float)
    return np.asarray(correction_factor) * eps ** (1.0 - np.asarray(bruggeman_exponent))


def measured_relation(material: str) -> MeasuredTortuosity:
    """The measured relation of a library material (see :data:`MATERIAL_CLASS`).

    Raises
    ------
    KeyError
        For a material without a relation; the message lists the known ones.
    """
    return MEASURED_TORTUOSITY[_factor(MATERIAL_CLASS, material, "material")]  # type: ignore[index]


def measured_tortuosity(porosity: ArrayLike, material: str,
                        correction_factor: ArrayLike = 1.0) -> np.ndarray:
    """Tortuosity factor from the measured relation of a material class [-].

    Parameters
    ----------
    porosity : array_like
        Porosity ε [-].
    material : str
        Library material name (``"NMC811"``, ``"LFP"``, ``"graphite"``, …).
    correction_factor : array_like
        Microstructure multiplier [-].

    Notes
    -----
    τ = c·f·ε^(−a) with (f, a) from :data:`MEASURED_TORTUOSITY` [landesfeind2016]_,
    [landesfeind2018]_. Outside the measured porosity range the relation is extrapolated.
    """
    rel = measured_relation(material)
    eps = np.asarray(porosity, dtype=float)
    return np.asarray(correction_factor) * rel.prefactor * eps ** (-rel.exponent)


def tortuosity(porosity: ArrayLike, model: str = "bruggeman", material: str = "NMC811",
               bruggeman_exponent: ArrayLike = 1.5, correction_factor: ArrayLike = 1.0
               ) -> np.ndarray:
    """Tortuosity factor by the chosen model [-].

    Parameters
    ----------
    porosity : array_like
        Porosity ε [-].
    model : str
        ``"bruggeman"`` or ``"measured"``.
    material : str
        Library material (for ``"measured"``).
    bruggeman_exponent : array_like
        α (for ``"bruggeman"``) [-].
    correction_factor : array_like
        Microstructure multiplier [-].

    Raises
    ------
    ValueError
        Unknown model.
    """
    if model == "bruggeman":
        return bruggeman_tortuosity(porosity, bruggeman_exponent, correction_factor)
    if model == "measured":
        return measured_tortuosity(porosity, material, correction_factor)
    raise ValueError(f"tortuosity model {model!r}; allowed: {', '.join(TORTUOSITY_MODELS)}")


def tortuosity_band(porosity: ArrayLike, model: str = "bruggeman", material: str = "NMC811",
                    bruggeman_exponent: ArrayLike = 1.5, correction_factor: ArrayLike = 1.0,
                    process: str = "slurry",
                    factors: MicrostructureFactors = DEFAULT_MICROSTRUCTURE
                    ) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) tortuosity factor the uncertain inputs allow [-].

    Notes
    -----
    Low: the lower of Bruggeman and the measured relation less its scatter, times the
    route factor's low end. High: the higher of the two plus scatter, times the route
    factor's high end. Bruggeman (packed spheres) is the low end of what electrodes
    measure; the measured relations of slurry electrodes [landesfeind2016]_ are the
    high end, since dry routes only lower τ.
    """
    brug = bruggeman_tortuosity(porosity, bruggeman_exponent, correction_factor)
    try:
        rel = measured_relation(material)
    except KeyError:
        rel = None
    if rel is None:
        meas = brug
        scatter = 0.0
    else:
        meas = measured_tortuosity(porosity, material, correction_factor)
        scatter = rel.scatter
    central = tortuosity(porosity, model, material, bruggeman_exponent, correction_factor) \
        if rel is not None or model == "bruggeman" else brug
    low_route, high_route = process_factor_band(process, factors)
    low = np.minimum(np.minimum(brug, meas * (1.0 - scatter)), central) * low_route
    high = np.maximum(np.maximum(brug, meas * (1.0 + scatter)), central) * high_route
    return low, high
