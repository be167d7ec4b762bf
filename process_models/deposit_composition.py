"""Composition of an electrostatically sprayed deposit: segregation and overspray recycling.

NMC, carbon black and PVDF leave the corona gun as one cloud but do not land alike. Each
free particle takes its own field-limited (Pauthenier) charge and drifts to the foil at
its own speed; conductive carbon loses its charge on touching the earthed deposit and is
held less well. The deposit is therefore enriched in the well-transferred component (NMC)
and the overspray in the poorly transferred ones (free fines, carbon). Recovered overspray
goes back to the feeder, so over a shift the feeder — and the deposit — drift towards the
fines until the recycle loop reaches its steady state.

References
----------
.. [pauthenier1932] M. Pauthenier, M. Moreau-Hanot, J. Phys. Radium 3 (1932) 590
   (field-charging limit Q = 4πR²·ε0·p·E, p = 3ε_r/(ε_r + 2); p → 3 for conductors).
.. [hinds1999] W. C. Hinds, Aerosol Technology, 2nd ed., Wiley 1999, Eq. 3.20
   (Cunningham slip correction) and ch. 15 (electrical mobility, Stokes drag).
.. [bailey1998] A. G. Bailey, "The science and technology of electrostatic powder
   spraying, transport and coating", J. Electrostatics 45 (1998) 85–120: conductive
   particles give up their charge on contact with the earthed substrate or deposit and are
   not held by image forces; fine particles follow the air flow (low transfer); back
   ionisation of charged layers.
.. [hughes1984] J. F. Hughes, Electrostatic Powder Coating, Research Studies Press 1984
   (segregation of powder blends with different charge-to-mass ratios in corona guns;
   reclaim powder is enriched in fines).
.. [polymerhandbook] J. Brandrup et al., Polymer Handbook, 4th ed., Wiley 1999: PVDF
   relative permittivity 8–13 at low frequency.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

VACUUM_PERMITTIVITY_F_PER_M = 8.8541878128e-12
AIR_VISCOSITY_PA_S = 1.81e-5
AIR_MEAN_FREE_PATH_UM = 0.066
"""Mean free path of air molecules at 20 °C, 1 atm [µm] ([hinds1999])."""
COMPONENTS = ("active", "conductive", "binder")
"""Order of the components in every composition vector."""


@dataclass(frozen=True)
class DepositCompositionParameters:
    """Coefficients of component segregation in the spray and of the recycle loop.

    Attributes
    ----------
    conductive_attached_fraction : float
        Share of the carbon black that dry mixing has coated onto the active particles and
        that travels with them [-] (assumption, 0.3–0.9: high-intensity dry mixing smears
        carbon over NMC surfaces; the rest stays as free agglomerates).
    binder_attached_fraction : float
        Share of the binder powder that travels attached to active particles [-]
        (assumption, 0.0–0.6; PVDF of a few µm sticks less than carbon).
    conductive_agglomerate_d_um : float
        Size of the free carbon-black agglomerates in the spray cloud [µm] (assumption,
        0.5–5; dosed aggregates are 0.1–1 µm, agglomerates in a dry blend larger).
    conductive_agglomerate_solid_fraction : float
        Solid share of a carbon agglomerate's volume [-] (assumption, 0.2–0.5: fractal
        agglomerates are open); sets their effective density.
    conductive_relative_permittivity : float
        ε_r of carbon black [-]: a conductor, p → 3 ([pauthenier1932]); 1e3 stands for ∞.
    conductive_retention : float
        Share of the carbon agglomerates reaching the deposit that stay on it [-]
        ([bailey1998]: conductive particles lose their charge on contact and are not held;
        assumption 0.3–0.9).
    binder_relative_permittivity : float
        ε_r of PVDF [-] (8.4; 8–13 [polymerhandbook]).
    binder_fraction_tolerance : float
        Allowed relative deviation of the deposit's binder fraction from the feed's [-]
        (assumption, 0.1–0.3: ±20 % of 3 wt% is ±0.6 wt% binder; below, adhesion fails;
        above, the electrode loses capacity and rate).
    recovery_loop_s : float
        Time a recycled kg of overspray spends in booth air (cloud, cyclone, return) per
        trip [s] (assumption, 60–900).
    """

    conductive_attached_fraction: float = field(default=0.7, metadata={"min": 0.0, "max": 1.0})
    binder_attached_fraction: float = field(default=0.3, metadata={"min": 0.0, "max": 1.0})
    conductive_agglomerate_d_um: float = field(default=2.0, metadata={"min": 0.1, "max": 20.0})
    conductive_agglomerate_solid_fraction: float = field(
        default=0.3, metadata={"min": 0.05, "max": 1.0})
    conductive_relative_permittivity: float = field(default=1e3, metadata={"min": 1.0, "max": 1e6})
    conductive_retention: float = field(default=0.6, metadata={"min": 0.0, "max": 1.0})
    binder_relative_permittivity: float = field(default=8.4, metadata={"min": 1.0, "max": 100.0})
    binder_fraction_tolerance: float = field(default=0.2, metadata={"min": 0.0, "max": 1.0})
    recovery_loop_s: float = field(default=300.0, metadata={"min": 0.0, "max": 3600.0})


DEFAULT_DEPOSIT = DepositCompositionParameters()


def cunningham_slip_correction(d_um: ArrayLike) -> FloatArray:
    """Slip correction of Stokes drag for small particles [-] ([hinds1999], Eq. 3.20).

    Notes
    -----
    C_c = 1 + (λ/d)·(2.34 + 1.05·exp(−0.39·d/λ)), λ = 0.066 µm: 1.02 at 10 µm, 1.17 at
    1 µm, 2.9 at 0.1 µm.
    """
    d = np.asarray(d_um, dtype=float)
    kn = AIR_MEAN_FREE_PATH_UM / d
    return 1.0 + kn * (2.34 + 1.05 * np.exp(-0.39 / kn))


def pauthenier_factor(relative_permittivity: ArrayLike) -> FloatArray:
    """p = 3ε_r/(ε_r + 2) [-]: 1 for ε_r = 1, 2.65 for NMC (15), 3 for a conductor."""
    eps = np.asarray(relative_permittivity, dtype=float)
    return 3.0 * eps / (eps + 2.0)


def charge_to_mass_c_per_kg(d_um: ArrayLike, density_kg_per_m3: ArrayLike,
                            charging_field_v_per_m: ArrayLike,
                            relative_permittivity: ArrayLike) -> FloatArray:
    """Pauthenier saturation charge per mass q/m = 3pε0E/(ρR) [C/kg] ([pauthenier1932]).

    Parameters
    ----------
    d_um : array_like
        Particle diameter [µm].
    density_kg_per_m3 : array_like
        Particle (effective) density [kg/m^3].
    charging_field_v_per_m : array_like
        Field in the corona charging zone [V/m].
    relative_permittivity : array_like
        ε_r of the particle [-].
    """
    radius_m = np.asarray(d_um, dtype=float) * 0.5e-6
    return (3.0 * pauthenier_factor(relative_permittivity) * VACUUM_PERMITTIVITY_F_PER_M
            * np.asarray(charging_field_v_per_m, dtype=float)
            / (np.asarray(density_kg_per_m3, dtype=float) * radius_m))


def component_drift_velocity_m_per_s(d_um: ArrayLike, charging_field_v_per_m: ArrayLike,
                                     gap_field_v_per_m: ArrayLike,
                                     relative_permittivity: ArrayLike) -> FloatArray:
    """Drift velocity of a saturated particle in the gap field [m/s].

    Notes
    -----
    w = Q·E·C_c/(6πμR) with Q = 4πR²ε0·p·E_c ([hinds1999]): w = 2ε0·p·E_c·E·R·C_c/(3μ),
    ∝ R — density does not enter; larger particles drift faster, sub-µm ones are helped
    by slip (C_c).
    """
    radius_m = np.asarray(d_um, dtype=float) * 0.5e-6
    return (2.0 * VACUUM_PERMITTIVITY_F_PER_M * pauthenier_factor(relative_permittivity)
            * np.asarray(charging_field_v_per_m, dtype=float)
            * np.asarray(gap_field_v_per_m, dtype=float) * radius_m
            * cunningham_slip_correction(d_um) / (3.0 * AIR_VISCOSITY_PA_S))


def capture_fraction(drift_m_per_s: ArrayLike, reference_drift_m_per_s: float) -> FloatArray:
    """Deutsch capture 1 − exp(−w/w_ref) of particles drifting at w [-] ([hinds1999])."""
    return -np.expm1(-np.asarray(drift_m_per_s, dtype=float) / reference_drift_m_per_s)


def component_transfer_efficiency(active_capture: ArrayLike, free_capture: ArrayLike,
                                  attached_fraction: float, retention: float = 1.0
                                  ) -> FloatArray:
    """Capture of a minor component, part riding on active particles, part free [-].

    Notes
    -----
    η_i/η_scale = a_i·c_active + (1 − a_i)·c_free,i·r_i with a_i the attached share, c the
    Deutsch capture and r_i the retention on the deposit ([bailey1998]: < 1 for conductors).
    """
    return (attached_fraction * np.asarray(active_capture, dtype=float)
            + (1.0 - attached_fraction) * np.asarray(free_capture, dtype=float) * retention)


def deposit_mass_fractions(sprayed_fractions: ArrayLike, transfer_efficiencies: ArrayLike
                           ) -> FloatArray:
    """Mass fractions of the deposit from the sprayed powder's and each η_i [-].

    x_dep,i = x_i·η_i / Σ_j x_j·η_j (last axis: components).
    """
    x = np.asarray(sprayed_fractions, dtype=float)
    deposited = x * np.asarray(transfer_efficiencies, dtype=float)
    return deposited / deposited.sum(axis=-1, keepdims=True)


def steady_hopper_fractions(feed_fractions: ArrayLike, transfer_efficiencies: ArrayLike,
                            recovery_fraction: float) -> FloatArray:
    """Feeder composition once the recycle loop is steady [-].

    Notes
    -----
    Each component's hold-up is steady when fresh feed replaces what is deposited or
    lost: x_h,i ∝ x_f,i/(1 − r·(1 − η_i)). With r = 1 the deposit then equals the feed.
    """
    x = np.asarray(feed_fractions, dtype=float) / (
        1.0 - recovery_fraction * (1.0 - np.asarray(transfer_efficiencies, dtype=float)))
    return x / x.sum(axis=-1, keepdims=True)


TURNOVER_STEP = 0.05
"""Integration step of the feeder's composition, in hold-up turnovers [-]."""
MAX_TURNOVERS = 30.0
"""Turnovers after which the feeder's composition is taken as steady [-] (the loop's time
constant is about one turnover)."""


def hopper_fractions(feed_fractions: ArrayLike, transfer_efficiencies: ArrayLike,
                     recovery_fraction: float, holdup_kg: float, sprayed_kg: ArrayLike
                     ) -> FloatArray:
    """Feeder composition after ``sprayed_kg`` of powder has been sprayed [-].

    Parameters
    ----------
    feed_fractions : array_like, shape (k,)
        Fresh blend's mass fractions (active, conductive, binder) [-].
    transfer_efficiencies : array_like, shape (k,)
        First-pass transfer efficiency of each component [-].
    recovery_fraction : float
        Share of the overspray returned to the feeder, r [-].
    holdup_kg : float
        Well-mixed powder hold-up of the feeder, M [kg].
    sprayed_kg : array_like, shape (n,)
        Cumulative powder sprayed since the feeder held fresh blend only [kg], ascending.

    Returns
    -------
    ndarray, shape (n, k)
        Mass fractions of the feeder (and of the sprayed powder) at each ``sprayed_kg``.

    Notes
    -----
    A continuous stirred hold-up at constant mass M (fresh blend tops it up), in units of
    hold-up turnovers s = σ/M: dy_i/ds = φ·x_f,i − y_i·(1 − r·(1 − η_i)),
    φ = 1 − r·Σ_j (1 − η_j)·y_j (first-order mixing, [hughes1984] for the enrichment of
    reclaim). Integrated by RK4 on steps of 0.05 turnovers (local error ~h^5) and
    interpolated, up to 30 turnovers (steady by then); from y = x_f
    it tends to :func:`steady_hopper_fractions` with a time constant ≈ M/(S·(1 − r(1 − η))).
    """
    x_f = np.asarray(feed_fractions, dtype=float)
    loss = 1.0 - recovery_fraction * (1.0 - np.asarray(transfer_efficiencies, dtype=float))
    overspray = recovery_fraction * (1.0 - np.asarray(transfer_efficiencies, dtype=float))
    s = np.asarray(sprayed_kg, dtype=float) / max(holdup_kg, 1e-9)
    s_end = float(np.max(s, initial=0.0))
    n_steps = max(1, int(np.ceil(min(s_end, MAX_TURNOVERS) / TURNOVER_STEP)))
    grid = np.linspace(0.0, min(s_end, MAX_TURNOVERS), n_steps + 1)
    h = grid[1] - grid[0] if n_steps else 0.0

    def rate(y: FloatArray) -> FloatArray:
        return (1.0 - overspray @ y) * x_f - y * loss

    ys = np.empty((grid.size, x_f.size))
    y = x_f.copy()
    ys[0] = y
    for i in range(1, grid.size):
        k1 = rate(y)
        k2 = rate(y + 0.5 * h * k1)
        k3 = rate(y + 0.5 * h * k2)
        k4 = rate(y + h * k3)
        y = y + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
        ys[i] = y
    ys /= ys.sum(axis=1, keepdims=True)
    clipped = np.minimum(s, grid[-1])  # past MAX_TURNOVERS the loop is steady
    return np.column_stack([np.interp(clipped, grid, ys[:, j]) for j in range(x_f.size)])


def mean_recycle_trips(transfer_efficiency: ArrayLike, recovery_fraction: float) -> FloatArray:
    """Mean number of times sprayed powder returns through the recycle loop before it is
    deposited or lost, r(1 − η)/(1 − r(1 − η)) [-] (geometric series)."""
    back = recovery_fraction * (1.0 - np.asarray(transfer_efficiency, dtype=float))
    return back / (1.0 - back)
