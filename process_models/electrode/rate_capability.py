"""Rate capability: reduced-order utilisation of a cathode discharged at constant C-rate.

Utilisation is the capacity to the lower cut-off at constant current over the capacity at
C/20, in a cathode-limited cell (:class:`~process_models.electrode.cell_context.CellContext`).
Three limits, each from physics, combined with calibrated shape coefficients:

1. **Electrolyte depletion.** The full-cell pseudo-steady salt balance gives the depletion
   ratio β (:func:`~process_models.electrode.electrolyte_transport.full_cell_depletion_ratio`):
   cathode, separator and the part of the anode salt reaches within the discharge, with a
   concentration-dependent diffusivity. The voltage the cell can lose before the cut-off
   (margin less kinetic and ohmic overpotential) scales it; β → u_e through a smooth cliff
   with a power-law tail, lifted by what the back of the electrode delivered before it
   emptied. A uniform-reaction cathode's onset moves with porosity as ε^(−a·C^r),
   calibrated: past the knee the DFN falls with porosity at fixed thickness about as β^−1,
   more gently than the salt balance carries through the tail (docs/models.md).
2. **Cathode solid diffusion.** Spheres under constant flux (Carslaw & Jaeger) fill until the
   surface reaches the end of the window; the reached part of the electrode carries the
   whole current, so its local rate is C/u_e^p.
3. **Anode solid diffusion.** The anode's particle surfaces empty first when its
   diffusion time is long (N/P sets how much lithium is to spare).

u = min(u_e·u_s, u_a). The coefficients of :class:`RateModelParameters` were calibrated by
``benchmarks/calibrate_rate_model.py`` on the DFN envelope grid and the random designs between
its points (``tests/data/dfn_envelope.csv``, ``dfn_validation.csv``; six PyBaMM parameter
sets); :data:`VALIDITY` holds their range, and
:func:`~process_models.electrode.model_error.utilisation_error_bound` the model's error
against the DFN by where a design sits on the cliff.

References
----------
.. [gallagher2016] K. G. Gallagher et al., "Optimizing Areal Capacities through
   Understanding the Limitations of Lithium-Ion Electrodes", J. Electrochem. Soc. 163 (2016)
   A138, doi:10.1149/2.0321602jes.
.. [carslaw1959] H. S. Carslaw, J. C. Jaeger, "Conduction of Heat in Solids", 2nd ed.,
   Oxford (1959), §9.3 (sphere with constant surface flux).
.. [subramanian2005] V. R. Subramanian, V. D. Diwakar, D. Tapriyal, "Efficient
   Macro-Micro Scale Coupled Modeling of Batteries", J. Electrochem. Soc. 152 (2005) A2002,
   doi:10.1149/1.2032427.
.. [wang2020] F. Wang, M. Tang, "A Quantitative Analytical Model for Predicting and
   Optimizing the Rate Performance of Battery Cells", arXiv:2004.10707 (2020).
.. [newman2004] J. Newman, K. E. Thomas-Alyea, "Electrochemical Systems", 3rd ed., Wiley
   (2004), ch. 22 (porous electrodes: kinetic and ohmic polarisation).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike

from process_models.electrode.cell_context import (
    CATHODE_ELECTROCHEMISTRY,
    DEFAULT_CELL,
    CathodeElectrochemistry,
    CellContext,
)
from process_models.electrode.electrolyte_transport import (
    CHEN2020_ELECTROLYTE,
    FARADAY_C_PER_MOL,
    Electrolyte,
    current_density_a_per_m2,
    full_cell_depletion_ratio,
    gallagher_utilisation,
    mean_exponential_diffusivity_ratio,
    penetration_depth_m,
)
from process_models.electrode.rate_calibration import CALIBRATED, VALIDITY
from process_models.electrode.rate_correction import (
    DEFAULT_CLIFF_CORRECTION,
    CliffCorrection,
    cliff_shift,
)

SECONDS_PER_HOUR = 3600.0
"""Seconds in an hour [s/h]."""

THERMAL_VOLTAGE_V = 8.314462618 * 298.15 / FARADAY_C_PER_MOL
"""RT/F at 25 °C [V]."""


@dataclass(frozen=True)
class RateModelParameters:
    """Coefficients of the reduced-order rate model (calibrated, see module notes).

    Attributes
    ----------
    cathode_diffusivity_exponent : float
        g of D_c = D0·k_r^g, the salt diffusivity where the cathode drains [-].
    anode_concentration_span : float
        Span Δ above c0 over which the anode-side diffusivity is averaged [-].
    anode_reach : float
        w of the anode depth salt reaches in a discharge, w·√(D_a·t_d/τ_a) [-].
    depletion_onset : float
        β* of uniform-reaction (sloping-potential) cathodes [-].
    depletion_onset_moving_zone : float
        β* of moving-zone (flat-potential, LFP) cathodes [-].
    cliff_sharpness : float
        n of u_e = (1 + (β/β*)^n)^(−m/n) [-].
    tail_exponent : float
        m [-].
    local_rate_exponent : float
        p of the local C-rate C/u_e^p of the reached part [-].
    surface_overshoot : float
        Extra run of the cathode surface past the end of its window [-].
    anode_overshoot : float
        Extra (or, negative, missing) run of the anode surface past empty [-].
    anode_window_weight : float
        w of the anode's effective diffusivity D_end^(1 − w)·D_window^w [-]: where graphite's
        diffusivity changes with staging, the surface empties on the history of the whole
        window, not only on its end (no effect on a constant diffusivity).
    margin_exponent : float
        k of β·(V_avail/V_ref)^−k: a small voltage margin cuts off earlier [-].
    margin_reference_v : float
        V_ref [V] (fixed 0.8).
    floor_coefficient : float
        c_f of the share delivered before the back empties, c_f·ε c0 F h/((1 − t+) Q) [-].
    floor_rate_exponent : float
        q of that share's C^−q [-].
    onset_conductivity_exponent : float
        c_σ of β*·(σ_eff/κ_eff)^c_σ: an electronically well-connected electrode reacts
        first next to the separator and empties its back later [-].
    onset_porosity_exponent : float
        a of β*·ε^(−a·C^r) for a uniform-reaction cathode (module notes) [-]. Calibrated;
        plausible range 0–0.5 (0: the salt balance alone).
    onset_porosity_rate_exponent : float
        r of that C^r [-]. Calibrated; plausible range −0.5–0.5.
    eigenvalue_count : int
        Terms of the series solution for a sphere under constant flux [-].
    bisection_steps : int
        Steps of the vectorised bisection for the solid-diffusion end time [-].
    """

    cathode_diffusivity_exponent: float = CALIBRATED["cathode_diffusivity_exponent"]
    anode_concentration_span: float = CALIBRATED["anode_concentration_span"]
    anode_reach: float = CALIBRATED["anode_reach"]
    depletion_onset: float = CALIBRATED["depletion_onset"]
    depletion_onset_moving_zone: float = CALIBRATED["depletion_onset_moving_zone"]
    cliff_sharpness: float = CALIBRATED["cliff_sharpness"]
    tail_exponent: float = CALIBRATED["tail_exponent"]
    local_rate_exponent: float = CALIBRATED["local_rate_exponent"]
    surface_overshoot: float = CALIBRATED["surface_overshoot"]
    anode_overshoot: float = CALIBRATED["anode_overshoot"]
    anode_window_weight: float = CALIBRATED["anode_window_weight"]
    margin_exponent: float = CALIBRATED["margin_exponent"]
    margin_reference_v: float = 0.8
    floor_coefficient: float = CALIBRATED["floor_coefficient"]
    floor_rate_exponent: float = CALIBRATED["floor_rate_exponent"]
    onset_conductivity_exponent: float = CALIBRATED["onset_conductivity_exponent"]
    onset_porosity_exponent: float = CALIBRATED["onset_porosity_exponent"]
    onset_porosity_rate_exponent: float = CALIBRATED["onset_porosity_rate_exponent"]
    eigenvalue_count: int = 40
    bisection_steps: int = 26


DEFAULT_RATE_MODEL = RateModelParameters()

CALIBRATED_NAMES = tuple(CALIBRATED)
"""Names of the calibrated coefficients, in the order the calibration script fits them."""


def electrolyte_utilisation(depletion_ratio: ArrayLike, onset: ArrayLike = 1.0,
                            params: RateModelParameters = DEFAULT_RATE_MODEL) -> np.ndarray:
    """Fraction of the electrode the electrolyte keeps supplied [-].

    Parameters
    ----------
    depletion_ratio : array_like
        β [-].
    onset : array_like
        β* [-].
    params : RateModelParameters
        Cliff sharpness n and tail exponent m.

    Notes
    -----
    u_e = (1 + (β/β*)^n)^(−m/n): 1 well below the onset, (β*/β)^m well past it.
    """
    beta = np.asarray(depletion_ratio, dtype=float)
    n, m = params.cliff_sharpness, params.tail_exponent
    scaled = np.log(np.maximum(beta, 1e-300) / np.asarray(onset, dtype=float))
    # (1 + x^n)^(−m/n) evaluated in logs so that very large β cannot overflow
    return np.exp(-(m / n) * np.logaddexp(0.0, n * scaled))


@lru_cache(maxsize=8)
def _sphere_eigenvalues(count: int) -> np.ndarray:
    """Positive roots of tan(λ) = λ [-], by Newton iteration from (k + 1/2)π."""
    lam = (np.arange(1, count + 1) + 0.5) * np.pi - 1e-3
    for _ in range(30):
        lam = lam - (np.tan(lam) - lam) / (np.tan(lam) ** 2)
    lam.setflags(write=False)
    return lam


def sphere_surface_rise(dimensionless_time: ArrayLike, eigenvalues: np.ndarray) -> np.ndarray:
    """Surface concentration rise of a sphere under constant flux, per j·R/D [-].

    Parameters
    ----------
    dimensionless_time : array_like
        τ = D·t/R² [-].
    eigenvalues : numpy.ndarray
        Roots of tan λ = λ [-].

    Notes
    -----
    (c_surf − c_init)·D/(j·R) = 3τ + 1/5 − 2·Σ_k exp(−λ_k²τ)/λ_k²  [carslaw1959]_;
    the long-time limit gives c_surf − c_avg = j·R/(5D) [subramanian2005]_.
    """
    tau = np.asarray(dimensionless_time, dtype=float)[..., None]
    series = np.sum(np.exp(-eigenvalues**2 * tau) / eigenvalues**2, axis=-1)
    return 3.0 * tau[..., 0] + 0.2 - 2.0 * series


def solid_diffusion_utilisation(diffusion_ratio: ArrayLike,
                                params: RateModelParameters = DEFAULT_RATE_MODEL,
                                window_end: ArrayLike | None = None) -> np.ndarray:
    """Fraction of the practical capacity delivered before particle surfaces saturate [-].

    Parameters
    ----------
    diffusion_ratio : array_like
        ψ = R²/(D_s·t_d) with t_d = 3600 s / C-rate [-].
    params : RateModelParameters
        Series/bisection settings; without ``window_end``, the surface overshoot s.
    window_end : array_like, optional
        Where the surface may run to, in units of the practical window [-]
        (default 1 + s).

    Notes
    -----
    A sphere fed the flux j = c_w·R/(3·t_d) (c_w: practical window) reaches the surface
    limit e·c_w at u = t/t_d solving (ψ/3)·[3u/ψ + 1/5 − 2Σ exp(−λ_k²u/ψ)/λ_k²] = e
    [carslaw1959]_. Long-time limit: u = e − ψ/15. Result clipped to [0, 1].
    """
    psi = np.maximum(np.asarray(diffusion_ratio, dtype=float), 1e-12)
    target = (1.0 + params.surface_overshoot if window_end is None
              else np.asarray(window_end, dtype=float))
    lam = _sphere_eigenvalues(params.eigenvalue_count)
    low = np.zeros_like(psi + 0.0 * target)
    high = np.ones_like(low) * np.maximum(target, 1.0)
    for _ in range(params.bisection_steps):
        mid = 0.5 * (low + high)
        saturated = (psi / 3.0) * sphere_surface_rise(mid / psi, lam) >= target
        high = np.where(saturated, mid, high)
        low = np.where(saturated, low, mid)
    return np.minimum(1.0, 0.5 * (low + high))


def diffusion_ratio(particle_radius_m: ArrayLike, solid_diffusivity_m2_per_s: ArrayLike,
                    c_rate_per_h: ArrayLike) -> np.ndarray:
    """ψ = R²·C/(D_s·3600 s): particle diffusion time over discharge time [-].

    Parameters
    ----------
    particle_radius_m : array_like
        Particle radius R [m].
    solid_diffusivity_m2_per_s : array_like
        Solid diffusivity D_s [m^2/s].
    c_rate_per_h : array_like
        C-rate [1/h].
    """
    return (np.asarray(particle_radius_m) ** 2 * np.asarray(c_rate_per_h)
            / (np.asarray(solid_diffusivity_m2_per_s) * SECONDS_PER_HOUR))


@dataclass(frozen=True)
class RatePerformance:
    """Rate capability of an electrode at one or many C-rates (arrays broadcast).

    Attributes
    ----------
    current_density_a_per_m2 : numpy.ndarray
        I [A/m^2].
    penetration_depth_m : numpy.ndarray
        Gallagher's L_d [m] (for reference).
    depletion_ratio : numpy.ndarray
        β of the full-cell salt balance, margin-scaled [-].
    available_voltage_v : numpy.ndarray
        Voltage margin left after kinetic and ohmic overpotential [V].
    electrolyte_utilisation : numpy.ndarray
        u_e [-].
    solid_utilisation : numpy.ndarray
        u_s of the cathode [-].
    anode_utilisation : numpy.ndarray
        u_a [-] (1 for lithium metal).
    utilisation : numpy.ndarray
        u = min(u_e·u_s, u_a) [-].
    gallagher_utilisation : numpy.ndarray
        min(1, L_d/h) for comparison [-].
    delivered_capacity_mah_per_cm2 : numpy.ndarray
        u·Q_A [mAh/cm^2].
    cliff_position : numpy.ndarray
        z = ln(β/β*) of the physics: where the design sits on the electrolyte cliff [-].
    cliff_shift : numpy.ndarray
        s of the calibrated warp, z_eff = z + s [-].
    """

    current_density_a_per_m2: np.ndarray
    penetration_depth_m: np.ndarray
    depletion_ratio: np.ndarray
    available_voltage_v: np.ndarray
    electrolyte_utilisation: np.ndarray
    solid_utilisation: np.ndarray
    anode_utilisation: np.ndarray
    utilisation: np.ndarray
    gallagher_utilisation: np.ndarray
    delivered_capacity_mah_per_cm2: np.ndarray
    cliff_position: np.ndarray
    cliff_shift: np.ndarray


def rate_performance(thickness_m: ArrayLike, porosity: ArrayLike, tortuosity: ArrayLike,
                     areal_capacity_mah_per_cm2: ArrayLike, c_rate_per_h: ArrayLike,
                     particle_radius_m: ArrayLike, solid_diffusivity_m2_per_s: ArrayLike,
                     electrolyte: Electrolyte = CHEN2020_ELECTROLYTE,
                     params: RateModelParameters = DEFAULT_RATE_MODEL, *,
                     active_volume_fraction: ArrayLike = 0.665,
                     cell: CellContext = DEFAULT_CELL,
                     chemistry: CathodeElectrochemistry = CATHODE_ELECTROCHEMISTRY["NMC"],
                     window_slack: ArrayLike | None = None,
                     voltage_margin_v: ArrayLike | None = None,
                     exchange_current_a_per_m2: ArrayLike | None = None,
                     electronic_conductivity_s_per_m: ArrayLike | None = None,
                     correction: CliffCorrection = DEFAULT_CLIFF_CORRECTION
                     ) -> RatePerformance:
    """Reduced-order utilisation of a cathode discharged at constant C-rate in a full cell.

    Parameters
    ----------
    thickness_m : array_like
        Coating thickness h [m].
    porosity : array_like
        Porosity ε [-].
    tortuosity : array_like
        Tortuosity factor τ [-].
    areal_capacity_mah_per_cm2 : array_like
        Practical areal capacity that defines 1C [mAh/cm^2].
    c_rate_per_h : array_like
        C-rate [1/h].
    particle_radius_m : array_like
        Active particle radius [m].
    solid_diffusivity_m2_per_s : array_like
        Solid diffusivity [m^2/s].
    electrolyte : Electrolyte
        Electrolyte transport properties.
    params : RateModelParameters
        Model coefficients.
    active_volume_fraction : array_like
        Active material volume fraction ε_AM [-] (specific surface 3ε_AM/R).
    cell : CellContext
        Separator and negative electrode.
    chemistry : CathodeElectrochemistry
        Exchange current, voltage margin and reaction mode of the cathode material.
    window_slack : array_like, optional
        How far the surface may run past the C/20 end of the window [-]; default the
        chemistry's.
    voltage_margin_v, exchange_current_a_per_m2 : array_like, optional
        Overrides of the chemistry's values [V], [A/m^2].
    electronic_conductivity_s_per_m : array_like, optional
        Effective electronic conductivity of the coating σ_eff [S/m]; default the
        chemistry's.
    correction : CliffCorrection
        Calibrated warp of the cliff position (``NO_CLIFF_CORRECTION`` for the physics
        alone).

    Returns
    -------
    RatePerformance

    Notes
    -----
    I = 10·Q_A·C. β from the full-cell salt balance with D_c = D0·k_r^g (draining side),
    D_a = D0·mean(exp(−b(x − 1)), x ∈ [1, 1 + Δ]) (piling side) and the anode depth
    w·√(D_a t_d/τ_a), scaled by (V_avail/V_ref)^−k with V_avail = margin − η_kin − η_ohm,
    η_kin = 2(RT/F)·asinh(I/(2 a j0 h)), η_ohm = I·(h τ/(3εκ) + h_s τ_s/(ε_s κ)
    + h_a τ_a/(3ε_a κ)) [newman2004]_. Onset β*·(σ_eff/κ_eff)^c_σ, times ε^(−a·C^r) for a
    uniform-reaction cathode. u_e = cliff(β) + (1 − cliff)·φ, φ the share the
    back delivered before it emptied, with β·e^s: the calibrated shift s(ln β/β*, C, ψ_a) of the
    chemistry family (NMC's for a uniform, LFP's for a moving-zone cathode without one;
    :func:`~process_models.electrode.rate_correction.cliff_shift`). u_s(ψ/u_e^p),
    u_a(ψ_a, N/P) with ψ_a at the anode's D_end^(1 − w)·D_window^w,
    u = min(u_e·u_s, u_a).
    """
    p = params
    h = np.asarray(thickness_m, dtype=float)
    eps = np.asarray(porosity, dtype=float)
    tau = np.asarray(tortuosity, dtype=float)
    q_areal = np.asarray(areal_capacity_mah_per_cm2, dtype=float)
    c_rate = np.asarray(c_rate_per_h, dtype=float)
    current = current_density_a_per_m2(q_areal, c_rate)
    kappa = electrolyte.conductivity_s_per_m
    d0 = electrolyte.diffusivity_m2_per_s
    t_d = SECONDS_PER_HOUR / c_rate

    # salt the separator and the reached anode hold and take up
    h_s, e_s, t_s = (np.asarray(cell.separator_thickness_m, dtype=float),
                     np.asarray(cell.separator_porosity, dtype=float), cell.separator_tau())
    d_c = d0 * electrolyte.depletion_diffusivity_ratio ** p.cathode_diffusivity_exponent
    d_a = d0 * mean_exponential_diffusivity_ratio(
        electrolyte.diffusivity_concentration_exponent, 1.0, 1.0 + p.anode_concentration_span)
    if cell.lithium_metal:
        h_a = np.zeros_like(h * c_rate)
        e_a, t_a = np.ones(()), np.ones(())
    else:
        e_a, t_a = np.asarray(cell.anode_porosity, dtype=float), cell.anode_tau()
        h_a = np.minimum(cell.anode_thickness_m(q_areal), p.anode_reach * np.sqrt(d_a * t_d / t_a))
    beta = full_cell_depletion_ratio(h, eps, tau, current, (h_s, e_s, t_s), (h_a, e_a, t_a),
                                     (d_c, d0, d_a), electrolyte)

    # the voltage left for concentration polarisation
    margin = chemistry.voltage_margin_v if voltage_margin_v is None else voltage_margin_v
    j0 = (chemistry.exchange_current_a_per_m2 if exchange_current_a_per_m2 is None
          else exchange_current_a_per_m2)
    area = 3.0 * np.asarray(active_volume_fraction, dtype=float) / np.asarray(particle_radius_m)
    eta_kin = 2.0 * THERMAL_VOLTAGE_V * np.arcsinh(current / (2.0 * area * np.asarray(j0) * h))
    eta_ohm = current * (h * tau / (3.0 * eps) + h_s * t_s / e_s
                         + h_a * t_a / (3.0 * e_a)) / kappa
    available = np.maximum(np.asarray(margin) - eta_kin - eta_ohm, 0.02)
    beta = beta * (available / p.margin_reference_v) ** (-p.margin_exponent)

    onset = (p.depletion_onset_moving_zone if chemistry.reaction == "moving_zone"
             else p.depletion_onset)
    sigma = (chemistry.electronic_conductivity_s_per_m if electronic_conductivity_s_per_m is None
             else np.asarray(electronic_conductivity_s_per_m, dtype=float))
    onset = onset * (sigma / (kappa * eps / tau)) ** p.onset_conductivity_exponent
    if chemistry.reaction != "moving_zone":  # a moving zone does not show it
        onset = onset * eps ** (-p.onset_porosity_exponent * c_rate ** p.onset_porosity_rate_exponent)
    position = np.log(np.maximum(beta, 1e-300) / onset)
    family = chemistry.family or ("LFP" if chemistry.reaction == "moving_zone" else "NMC")
    psi_a = (np.zeros_like(c_rate) if cell.lithium_metal else diffusion_ratio(
        cell.anode_particle_radius_m,
        cell.anode_effective_diffusivity_m2_per_s(p.anode_window_weight), c_rate))
    shift = cliff_shift(position, c_rate, family, correction, anode_diffusion_ratio=psi_a)
    cliff = electrolyte_utilisation(beta * np.exp(shift), onset, p)
    pore_salt = (eps * electrolyte.concentration_mol_per_m3 * FARADAY_C_PER_MOL * h
                 / ((1.0 - electrolyte.transference_number) * q_areal * 36000.0))
    floor = np.minimum(1.0, p.floor_coefficient * pore_salt * c_rate ** (-p.floor_rate_exponent))
    u_e = cliff + (1.0 - cliff) * floor

    psi = diffusion_ratio(particle_radius_m, solid_diffusivity_m2_per_s, c_rate)
    slack = chemistry.window_slack if window_slack is None else window_slack
    u_s = solid_diffusion_utilisation(
        psi / np.maximum(u_e, 1e-3) ** p.local_rate_exponent, p,
        window_end=1.0 + np.asarray(slack) + p.surface_overshoot)
    if cell.lithium_metal:
        u_a = np.ones_like(u_s)
    else:
        u_a = solid_diffusion_utilisation(
            psi_a + 0.0 * u_s, p,
            window_end=np.maximum(np.asarray(cell.np_ratio), 1.0) + p.anode_overshoot)
    utilisation = np.minimum(u_e * u_s, u_a)
    depth = penetration_depth_m(eps, tau, current, electrolyte)
    return RatePerformance(
        current_density_a_per_m2=current,
        penetration_depth_m=depth,
        depletion_ratio=beta,
        available_voltage_v=available,
        electrolyte_utilisation=u_e,
        solid_utilisation=u_s,
        anode_utilisation=u_a,
        utilisation=utilisation,
        gallagher_utilisation=gallagher_utilisation(depth, h),
        delivered_capacity_mah_per_cm2=utilisation * q_areal,
        cliff_position=position + 0.0 * utilisation,
        cliff_shift=shift + 0.0 * utilisation,
    )


def outside_validity(values: dict[str, ArrayLike], validity: dict | None = None) -> list[str]:
    """Inputs outside the range the rate model was calibrated on.

    Parameters
    ----------
    values : dict of str to array_like
        Keys of :data:`VALIDITY` (``positive_porosity``, ``positive_thickness_um``,
        ``areal_capacity_mah_per_cm2``, ``c_rate_per_h``, ``current_density_a_per_m2``,
        ``particle_radius_um``, ``positive_bruggeman_exponent``) and their values.
    validity : dict, optional
        The ranges (default :data:`VALIDITY`).

    Returns
    -------
    list of str
        One sentence per input outside its range, e.g. ``"c_rate_per_h 5 > 2"``.
    """
    ranges = VALIDITY if validity is None else validity
    problems = []
    for key, value in values.items():
        if key not in ranges:
            continue
        low, high = ranges[key]
        array = np.asarray(value, dtype=float)
        if np.any(array < low):
            problems.append(f"{key} {float(np.min(array)):.4g} < {low:g}")
        if np.any(array > high):
            problems.append(f"{key} {float(np.max(array)):.4g} > {high:g}")
    return problems
