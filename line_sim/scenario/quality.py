"""``[quality]`` and ``[simulation]``: the specification and the run's horizon."""

from __future__ import annotations

import math
from typing import Any

from pydantic import Field

from line_sim.errors import InputError
from line_sim.scenario.base import MAX_HORIZON_H, Bounds, Strict, fraction_field

# --------------------------------------------------------------------------- quality


class Quality(Strict):
    """Specification the inline inspection checks every segment against."""

    loading_mg_per_cm2: float = Field(26.0, description="Target coating loading per side "
                                      "[mg/cm²].", gt=0.0, le=500.0)
    loading_tolerance_pct: float = Field(3.0, description="Allowed deviation of loading "
                                         "[± % of target].", gt=0.0, le=100.0)
    porosity: float = fraction_field("Target porosity after calendering [-].", 0.30, gt=0.0, lt=1.0)
    porosity_tolerance: float = Field(0.03, description="Allowed deviation of porosity "
                                      "[± absolute].", gt=0.0, le=0.5)
    thickness_um: float | None = Field(None, description="Target coating thickness per side "
                                       "[µm]; unset: from the loading and porosity targets.",
                                       gt=0.0, le=5000.0)
    thickness_tolerance_pct: float = Field(4.0, description="Allowed deviation of thickness "
                                           "[± % of target].", gt=0.0, le=100.0)
    moisture_limit_ppm: float = Field(
        300.0, description="Residual-moisture limit of a released coil, Karl Fischer, per mass "
        "of coating [ppm] (Ni-rich cathodes are held to a few hundred ppm).", gt=0.0, le=20000.0)
    coil_hold_h: float = Field(24.0, description="Time a wound coil waits in the hall before "
                               "post-drying and cell assembly [h].", ge=0.0, le=2000.0)
    min_adhesion_kpa: float = Field(40.0, description="Minimum adhesion to the foil [kPa].",
                                    ge=0.0, le=10000.0)


class Simulation(Strict):
    """Horizon and resolution of a run."""

    horizon_h: float = Field(168.0, description="Simulated time [h], up to a leap year.",
                             ge=0.0, le=MAX_HORIZON_H)
    segment_length_m: float = Field(1.0, description="Length of one web segment that carries "
                                    "its own properties [m].", ge=0.01, le=100.0)
    feed_correlation_length_m: float = Field(
        20.0, description="Distance over which feed fluctuations decorrelate [m].",
        gt=0.0, le=1e5)
    feed_cv: float = Field(0.01, description="Loading CV from dosing and gap fluctuation "
                           "[-].", ge=0.0, le=1.0)
    max_kept_segments: int = Field(
        1_000_000, description="Segments kept in the result table; past this every k-th "
        "segment is kept (KPIs and coils always use all of them) [-].", ge=1000, le=100_000_000)


def check_horizon_h(hours: Any, option: str = "hours") -> float:
    """``hours`` as a float if it is a horizon ``simulation.horizon_h`` allows [h].

    Raises
    ------
    InputError
        Not a number, NaN, infinite or outside the range of ``simulation.horizon_h``
        (0 to 8784 h); the message names ``option``, the value and the allowed range.
    """
    bounds = Bounds.of_field(Simulation, "horizon_h")
    allowed = f"allowed: {bounds.text('hours')} (the range of simulation.horizon_h)"
    if isinstance(hours, bool) or not isinstance(hours, int | float):
        raise InputError(f"{option} = {hours!r}: not a number; {allowed}")
    if not math.isfinite(hours):
        raise InputError(f"{option} = {hours}: not a finite number; {allowed}")
    if not bounds.contains(float(hours)):
        raise InputError(f"{option} = {hours}: outside the allowed range; {allowed}")
    return float(hours)
