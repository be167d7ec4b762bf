"""Binder migration during drying and the adhesion it leaves at the foil.

Evaporation pulls solvent, and with it dissolved or suspended binder, towards the drying
surface; diffusion spreads the binder back. Their ratio is the Péclet number
Pe = (ṁ/ρ_solvent)·H_wet/D_binder. Above a critical Pe the binder piles up at the top and
is missing at the foil, and the electrode's adhesion falls ([jaiser2016]_, [kumberg2019]_,
[font2018]_). With the needed flux of :mod:`process_models.slurry.drying_limits` this gives
the largest migration-free line speed.

Calibration on aqueous graphite anodes ([kumberg2019]_, CMC/SBR in water, 43 wt% solids,
2.5 mAh/cm², wet film ≈ 150 µm, figures as quoted in the issue brief): binder top/bottom
about uniform at 0.75 g/(m²·s) and 0.39/0.19 at% at 6 g/(m²·s); adhesion falls with
evaporation rate and with thickness (normalised adhesion ≈ 0.6 at 11 against 1 at
2.2 mAh/cm², both at 0.75 g/(m²·s)). The same coefficients are applied to PVDF in NMP for
want of a calibration point there (assumption; see :class:`BinderMigrationParameters`).
One mean flux stands for the whole dryer: staged drying profiles (fast while the film
shrinks, slow while the pores empty) let real lines run faster than this limit.

References
----------
.. [kumberg2019] J. Kumberg, M. Müller, R. Diehm, S. Spiegel, C. Wachsmann, W. Bauer,
   P. Scharfer, W. Schabel, "Drying of lithium-ion battery anodes for use in high-energy
   cells: influence of electrode thickness on drying time, adhesion, and crack formation",
   Energy Technol. 7 (2019) 1900722, doi:10.1002/ente.201900722.
.. [jaiser2016] S. Jaiser, M. Müller, M. Baunach, W. Bauer, P. Scharfer, W. Schabel,
   "Investigation of film solidification and binder migration during drying of Li-ion
   battery anodes", J. Power Sources 318 (2016) 210, doi:10.1016/j.jpowsour.2016.04.018.
.. [font2018] F. Font, B. Protas, G. Richardson, J. M. Foster, "Binder migration during
   drying of lithium-ion battery electrodes: modelling and comparison to experiment",
   J. Power Sources 393 (2018) 177, preprint doi:10.48550/arXiv.1801.01580 (fast drying
   accumulates binder at the evaporating surface; slow drying keeps it uniform).
.. [routh2004] A. F. Routh, W. B. Zimmerman, "Distribution of particles during solvent
   evaporation from films", Chem. Eng. Sci. 59 (2004) 2961,
   doi:10.1016/j.ces.2004.04.027 (Pe = Ė·H/D governs accumulation at a receding surface).
.. [ludwig2016] B. Ludwig, Z. Zheng, W. Shou, Y. Wang, H. Pan, "Solvent-free manufacturing
   of electrodes for lithium-ion batteries", Sci. Rep. 6 (2016) 23150,
   doi:10.1038/srep23150 (slurry-cast electrode adhesion 84.3 kPa).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from process_models.energy.carriers import FloatArray, require_in_range
from process_models.lamination import LaminationParameters
from process_models.slurry.drying_limits import speed_at_flux_m_per_min
from process_models.slurry.solvents import Solvent


@dataclass(frozen=True)
class BinderMigrationParameters:
    """Binder transport during drying and what it leaves at the foil.

    Attributes
    ----------
    binder_diffusivity_m2_per_s : float
        Effective binder diffusivity D_binder [m²/s] of the one-dimensional balance
        (:func:`binder_fraction_at_foil`). Calibration: [kumberg2019]_'s binder top/bottom
        0.39/0.19 at 6 g/(m²·s) is exp(Pe) = 2.05, Pe = 0.72, for a 150 µm wet aqueous
        film: D = (6e-3/997)·150e-6/0.72 = 1.26e-9 m²/s (range 0.6e-9–2.5e-9 from the
        film thickness and the EDX scatter). An effective, lumped value: far above a
        molecular binder diffusivity (1e-12–1e-11 m²/s), because migration happens
        mostly while the pores empty ([jaiser2016]_), which this balance does not resolve.
    critical_peclet : float
        Pe at which migration sets in [-]. Calibration: onset near 1.5 g/(m²·s) for the
        same film, so Pe_crit = (1.5/6)·0.72 = 0.18, i.e. 20 % more binder at the top than
        at the foil (range 0.12–0.3, onset 1–2.5 g/(m²·s)). Pe_crit·D_binder =
        2.26e-10 m²/s is the product the migration-free flux depends on.
    adhesion_threshold_binder_ratio : float
        Binder at the foil, as a share of the mean, below which the coating no longer
        bonds [-] (:func:`slurry_adhesion_kpa`). Calibration on [kumberg2019]_'s thickness
        trend (normalised adhesion 0.6 at 11 against 1 at 2.2 mAh/cm², 0.75 g/(m²·s)):
        0.60 (range 0–0.7; 0 is adhesion plainly proportional to the binder at the foil,
        which gives only 0.85 for that pair).

    Notes
    -----
    The calibration is on CMC/SBR in water. Applied to PVDF in NMP it is an assumption:
    PVDF chains (hydrodynamic radius ~10–30 nm) in NMP (1.7 mPa·s) and SBR latex
    (~150 nm) in water (0.9 mPa·s) differ by a factor of a few in Stokes–Einstein
    diffusivity, either way depending on the grade.
    """

    binder_diffusivity_m2_per_s: float = 1.26e-9
    critical_peclet: float = 0.18
    adhesion_threshold_binder_ratio: float = 0.60

    def __post_init__(self) -> None:
        require_in_range("binder_diffusivity_m2_per_s", self.binder_diffusivity_m2_per_s, 0.0,
                         low_inclusive=False)
        require_in_range("critical_peclet", self.critical_peclet, 0.0, low_inclusive=False)
        require_in_range("adhesion_threshold_binder_ratio", self.adhesion_threshold_binder_ratio,
                         0.0, 1.0, high_inclusive=False)


DEFAULT_MIGRATION = BinderMigrationParameters()
SLURRY_CAST_ADHESION_KPA = LaminationParameters().slurry_cast_adhesion_kpa
"""Adhesion of a slowly dried slurry-cast electrode [kPa] (84.3 [ludwig2016]_, from
:class:`process_models.lamination.LaminationParameters`)."""


def binder_peclet_number(evaporation_flux_kg_per_m2_s: ArrayLike, wet_thickness_m: ArrayLike,
                         props: Solvent, params: BinderMigrationParameters = DEFAULT_MIGRATION
                         ) -> FloatArray:
    """Péclet number of binder transport in the drying film [-].

    Parameters
    ----------
    evaporation_flux_kg_per_m2_s : array_like
        Evaporation flux ṁ [kg/(m²·s)].
    wet_thickness_m : array_like
        Wet film thickness as coated H_wet [m]
        (:func:`process_models.slurry.wet_film_thickness_m`).
    props : Solvent
        Solvent (its density).
    params : BinderMigrationParameters
        D_binder.

    Notes
    -----
    Pe = (ṁ/ρ_solvent)·H_wet/D_binder: the surface's recession velocity against the
    binder's diffusion over the film ([routh2004]_, [jaiser2016]_, [font2018]_).
    """
    flux = require_in_range("evaporation_flux_kg_per_m2_s", evaporation_flux_kg_per_m2_s, 0.0)
    h_wet = require_in_range("wet_thickness_m", wet_thickness_m, 0.0)
    return flux / props.density_kg_per_m3 * h_wet / params.binder_diffusivity_m2_per_s


def migration_free_flux_kg_per_m2_s(wet_thickness_m: ArrayLike, props: Solvent,
                                    params: BinderMigrationParameters = DEFAULT_MIGRATION
                                    ) -> FloatArray:
    """Largest evaporation flux without binder migration [kg/(m²·s)].

    Parameters
    ----------
    wet_thickness_m : array_like
        Wet film thickness H_wet [m], > 0.
    props : Solvent
        Solvent.
    params : BinderMigrationParameters
        Pe_crit and D_binder.

    Notes
    -----
    ṁ_crit = ρ_solvent·Pe_crit·D_binder/H_wet: thicker films must dry more slowly.
    1.5 g/(m²·s) for 150 µm of aqueous slurry by calibration ([kumberg2019]_).
    """
    h_wet = require_in_range("wet_thickness_m", wet_thickness_m, 0.0, low_inclusive=False)
    return (props.density_kg_per_m3 * params.critical_peclet * params.binder_diffusivity_m2_per_s
            / h_wet)


def max_migration_free_speed_m_per_min(wet_thickness_m: ArrayLike,
                                       loading_per_side_kg_per_m2: ArrayLike,
                                       solids_mass_fraction: ArrayLike, dryer_length_m: ArrayLike,
                                       props: Solvent,
                                       params: BinderMigrationParameters = DEFAULT_MIGRATION
                                       ) -> FloatArray:
    """Fastest line whose film dries without binder migration [m/min].

    Parameters
    ----------
    wet_thickness_m : array_like
        Wet film thickness H_wet [m].
    loading_per_side_kg_per_m2, solids_mass_fraction, dryer_length_m : array_like
        As in :func:`needed_evaporation_flux_kg_per_m2_s`.
    props : Solvent
        Solvent.
    params : BinderMigrationParameters
        Pe_crit and D_binder.

    Notes
    -----
    v = 60·L·ṁ_crit/m_solvent (:func:`migration_free_flux_kg_per_m2_s`). Both ṁ_crit and
    1/m_solvent fall with loading, so this speed falls as 1/loading².
    """
    return speed_at_flux_m_per_min(migration_free_flux_kg_per_m2_s(wet_thickness_m, props, params),
                                   loading_per_side_kg_per_m2, solids_mass_fraction,
                                   dryer_length_m)


def drying_flux_ratio(needed_flux_kg_per_m2_s: ArrayLike,
                      migration_free_flux_kg_per_m2_s: ArrayLike) -> FloatArray:
    """Needed evaporation flux over the largest migration-free one [-]; > 1: binder migrates.

    Parameters
    ----------
    needed_flux_kg_per_m2_s : array_like
        :func:`needed_evaporation_flux_kg_per_m2_s` [kg/(m²·s)].
    migration_free_flux_kg_per_m2_s : array_like
        :func:`migration_free_flux_kg_per_m2_s` [kg/(m²·s)], > 0.

    Notes
    -----
    ṁ/ṁ_crit = Pe/Pe_crit.
    """
    needed = require_in_range("needed_flux_kg_per_m2_s", needed_flux_kg_per_m2_s, 0.0)
    free = require_in_range("migration_free_flux_kg_per_m2_s", migration_free_flux_kg_per_m2_s,
                            0.0, low_inclusive=False)
    return needed / free


def binder_fraction_at_foil(peclet: ArrayLike) -> FloatArray:
    """Binder content next to the foil over the film's mean binder content [-].

    Parameters
    ----------
    peclet : array_like
        Binder Péclet number Pe (:func:`binder_peclet_number`) [-], ≥ 0.

    Notes
    -----
    One-dimensional accumulation: solvent flows towards the evaporating surface at the
    recession velocity Ė = ṁ/ρ_solvent and carries binder with it; diffusion carries it
    back. With no net binder flux through the film (quasi-steady, as in [routh2004]_'s
    surface accumulation), Ė·c − D·dc/dz = 0, so c(z) ∝ exp(Pe·z/H) from the foil (z = 0)
    to the surface (z = H). Normalised to the mean:

    c(0)/c̄ = Pe/(exp(Pe) − 1),  c(H)/c(0) = exp(Pe)

    (1 − Pe/2 for small Pe; 0.58 at Pe = 1). Uniform for Pe → 0.
    """
    pe = require_in_range("peclet", peclet, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = pe / np.expm1(pe)
    return np.where(pe > 1e-12, ratio, 1.0 - 0.5 * pe)


def binder_top_to_bottom_ratio(peclet: ArrayLike) -> FloatArray:
    """Binder content at the surface over that at the foil [-].

    Parameters
    ----------
    peclet : array_like
        Binder Péclet number Pe [-], ≥ 0.

    Notes
    -----
    exp(Pe) (:func:`binder_fraction_at_foil`); [kumberg2019]_ measured 0.39/0.19 at% at
    6 g/(m²·s), the calibration point of :class:`BinderMigrationParameters`.
    """
    return np.exp(require_in_range("peclet", peclet, 0.0))


def slurry_adhesion_kpa(peclet: ArrayLike, uniform_adhesion_kpa: ArrayLike = SLURRY_CAST_ADHESION_KPA,
                        params: BinderMigrationParameters = DEFAULT_MIGRATION) -> FloatArray:
    """Adhesion of a slurry-cast electrode to its foil after drying [kPa].

    Parameters
    ----------
    peclet : array_like
        Binder Péclet number Pe of its drying [-].
    uniform_adhesion_kpa : array_like
        Adhesion with the binder uniform, i.e. slow drying [kPa] (84.3 [ludwig2016]_).
    params : BinderMigrationParameters
        Threshold binder ratio β_0.

    Notes
    -----
    The bond is made by the binder at the foil, β = c(0)/c̄ (:func:`binder_fraction_at_foil`);
    below a share β_0 of the mean the interface no longer bonds:

    σ = σ_uniform·max(0, (β − β_0)/(1 − β_0)).

    σ_uniform is reached for Pe → 0 (a lab sheet dried slowly, as [ludwig2016]_'s).
    Against [kumberg2019]_ (aqueous graphite, 0.75 g/(m²·s)): 11 against 2.2 mAh/cm²
    gives 0.6 by calibration of β_0; the fall with evaporation rate is a check.
    """
    beta = binder_fraction_at_foil(peclet)
    sigma_u = require_in_range("uniform_adhesion_kpa", uniform_adhesion_kpa, 0.0)
    share = (beta - params.adhesion_threshold_binder_ratio) / (
        1.0 - params.adhesion_threshold_binder_ratio)
    return sigma_u * np.clip(share, 0.0, 1.0)
