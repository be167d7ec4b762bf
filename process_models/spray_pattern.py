"""Cross-web uniformity of a row of corona guns: Gaussian footprints superposed.

Each gun lays a powder footprint on the web that is close to Gaussian across the web
(cone spread at the nozzle, widened by turbulent dispersion during the particles' flight
to the foil). A row of guns at a pitch superposes these footprints; the loading profile
across the net (trimmed) web then has a ripple between guns and a fall-off at the edges.
Its coefficient of variation is the spray-pattern part of the loading CV.

References
----------
.. [bailey1998] A. G. Bailey, J. Electrostatics 45 (1998) 85–120 (corona-gun spray
   patterns; the field focuses the cloud onto the earthed target).
.. [hinds1999] W. C. Hinds, Aerosol Technology, 2nd ed., Wiley 1999 (turbulent
   dispersion σ² = 2·D_t·t).
.. [gaussian_overlap] Spray-gun overlap design: Gaussian or elliptic footprints at 50–70 %
   overlap give a flat film (e.g. K. Tang et al., robotic spray-path planning; the same
   superposition rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
PROFILE_POINTS = 241
"""Points across the net web at which the profile is evaluated."""


@dataclass(frozen=True)
class SprayPatternParameters:
    """Coefficients of a gun's footprint on the web.

    Attributes
    ----------
    nozzle_spread_ratio : float
        Standard deviation of the footprint from the nozzle's cone per gun-to-web distance
        [-] (assumption, 0.15–0.4: a flat or conical deflector of 20–45° half angle).
    turbulent_diffusivity_m2_per_s : float
        Eddy diffusivity of the booth air that widens the cloud during the flight [m^2/s]
        (assumption, 1e-3–2e-2 for booth air at 0.3–0.6 m/s).
    """

    nozzle_spread_ratio: float = field(default=0.25, metadata={"min": 0.01, "max": 1.0})
    turbulent_diffusivity_m2_per_s: float = field(default=5e-3, metadata={"min": 0.0, "max": 0.1})


DEFAULT_PATTERN = SprayPatternParameters()


def footprint_sigma_m(gun_distance_m: ArrayLike, drift_velocity_m_per_s: ArrayLike,
                      params: SprayPatternParameters = DEFAULT_PATTERN) -> FloatArray:
    """Standard deviation of one gun's footprint across the web [m].

    Notes
    -----
    σ² = (k·d)² + 2·D_t·d/w: the nozzle cone (k·d) and turbulent dispersion over the flight
    time d/w ([hinds1999]); a higher voltage (w ∝ E²) shortens the flight and narrows
    the footprint, a longer distance widens it.
    """
    d = np.asarray(gun_distance_m, dtype=float)
    flight_s = d / np.maximum(np.asarray(drift_velocity_m_per_s, dtype=float), 1e-9)
    return np.sqrt((params.nozzle_spread_ratio * d) ** 2
                   + 2.0 * params.turbulent_diffusivity_m2_per_s * flight_s)


def cross_web_profile(positions_m: ArrayLike, n_guns: int, pitch_m: float,
                      sigma_m: ArrayLike) -> FloatArray:
    """Relative deposit at ``positions_m`` across the web of ``n_guns`` at ``pitch_m`` [-].

    Guns are centred on the web: x_k = (k − (n − 1)/2)·p. Profile Σ_k exp(−(x − x_k)²/(2σ²))
    (unnormalised; ``sigma_m`` broadcasts over leading axes).
    """
    x = np.asarray(positions_m, dtype=float)
    guns = (np.arange(n_guns) - 0.5 * (n_guns - 1)) * pitch_m
    sigma = np.asarray(sigma_m, dtype=float)[..., None, None]
    return np.exp(-0.5 * ((x[:, None] - guns[None, :]) / sigma) ** 2).sum(axis=-1)


def cross_web_cv(n_guns: int, pitch_m: float, sigma_m: ArrayLike, net_width_m: float
                 ) -> FloatArray:
    """Coefficient of variation of the loading across the net web [-].

    Notes
    -----
    CV = std/mean of :func:`cross_web_profile` over |x| ≤ w/2: the ripple between guns
    (≈ 2·exp(−2π²σ²/p²) for many guns) plus the fall-off where the outermost guns do not
    reach past the edges.
    """
    x = np.linspace(-0.5 * net_width_m, 0.5 * net_width_m, PROFILE_POINTS)
    profile = cross_web_profile(x, n_guns, pitch_m, sigma_m)
    return profile.std(axis=-1) / profile.mean(axis=-1)


def footprint_length_m(sigma_m: ArrayLike) -> FloatArray:
    """Equivalent length of a Gaussian footprint along the web, √(2π)·σ [m] (the length
    that holds the same deposit at the peak rate)."""
    return np.sqrt(2.0 * np.pi) * np.asarray(sigma_m, dtype=float)
