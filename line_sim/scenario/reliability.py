"""``[reliability]`` and ``[calendar]``: failures, repairs, restarts and shifts."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from line_sim.scenario.base import Strict

# --------------------------------------------------------------------------- reliability

MIN_MTBF_H = 0.01
"""Shortest mean time between failures [h] (36 s of operation)."""
MIN_MTTR_H = 1.0 / 60.0
"""Shortest mean time to repair [h] (1 min)."""
MIN_RETHREAD_MIN = 1.0
"""Shortest web stop to rethread after a break [min]."""


class StationReliability(Strict):
    """Failure and repair data of one station (operating-time based failures)."""

    mtbf_h: float = Field(description="Mean operating time between failures [h], at least "
                          f"{MIN_MTBF_H} h (36 s): a machine that fails more often than every "
                          "half minute is not producing, and each failure is a simulated event, "
                          "so shorter MTBFs only cost memory and time.", ge=MIN_MTBF_H, le=1e6)
    mttr_h: float = Field(description="Mean time to repair [h], at least 1 min (1/60 h): "
                          "stopping, diagnosing and restarting a station takes minutes; a "
                          "shorter stop is a micro-stop inside the performance rate, not a "
                          "repair.", ge=MIN_MTTR_H, le=1e4)
    repair_cv: float = Field(0.5, description="Coefficient of variation of repair times "
                             "(lognormal) [-].", ge=0.0, le=5.0)


def _reliability(mtbf_h: float, mttr_h: float) -> Any:
    return Field(default_factory=lambda: StationReliability(mtbf_h=mtbf_h, mttr_h=mttr_h),
                 description=f"Failure data (default MTBF {mtbf_h} h, MTTR {mttr_h} h; "
                 "assumption from availability targets, see docs).")


class Reliability(Strict):
    """Failures, repairs, web breaks and restarts.

    No public MTBF/MTTR data exist for these machines: the defaults are assumptions
    chosen so that each station alone is 97–99.5 % available (A = MTBF/(MTBF + MTTR)).
    """

    mixer: StationReliability = _reliability(120.0, 1.0)
    fibrillator: StationReliability = _reliability(80.0, 1.5)
    calender: StationReliability = _reliability(150.0, 2.0)
    laminator: StationReliability = _reliability(150.0, 1.5)
    inspection: StationReliability = _reliability(500.0, 0.5)
    rewinder: StationReliability = _reliability(300.0, 0.5)
    spray_booth: StationReliability = _reliability(100.0, 1.0)
    hot_calender: StationReliability = _reliability(150.0, 2.0)
    coater: StationReliability = _reliability(120.0, 1.5)
    dryer: StationReliability = _reliability(400.0, 2.0)
    post_dryer: StationReliability = _reliability(500.0, 4.0)
    web_break_rethread_min: float = Field(
        20.0, description="Web stop to rethread after a break [min], at least 1 min: "
        "threading a broken web through the stands takes minutes, and the stop keeps breaks "
        "(each a simulated event) from following each other without end.",
        ge=MIN_RETHREAD_MIN, le=1440.0)
    restart_scrap_m: float = Field(15.0, description="Electrode scrapped after every web "
                                   "restart until the process settles [m].", ge=0.0, le=1e4)


class Calendar(Strict):
    """Shift calendar: which hours the line is planned to produce."""

    shifts_per_day: int = Field(3, description="Shifts per day [-].", ge=1, le=4)
    shift_length_h: float = Field(8.0, description="Length of one shift [h].", gt=0.0, le=24.0)
    first_shift_start_h: float = Field(6.0, description="Start of the first shift after "
                                       "midnight [h]; the run starts at midnight.", ge=0.0, lt=24.0)
    working_days_per_week: int = Field(7, description="Production days per week, counted "
                                       "from the first day of the run [-].", ge=1, le=7)
    handover_stop_min: float = Field(0.0, description="Planned stop at every shift start "
                                     "[min].", ge=0.0, le=120.0)

    @model_validator(mode="after")
    def _fits_in_a_day(self) -> Calendar:
        if self.shifts_per_day * self.shift_length_h > 24.0 + 1e-9:
            raise ValueError(f"shifts_per_day × shift_length_h = "
                             f"{self.shifts_per_day * self.shift_length_h} h exceeds 24 h")
        if self.handover_stop_min >= self.shift_length_h * 60.0:
            raise ValueError(f"handover_stop_min = {self.handover_stop_min} is not shorter than a "
                             f"shift ({self.shift_length_h * 60.0:g} min); allowed: less than that")
        return self
