"""``[post_dryer]``: the vacuum ovens that dry wound coils before they are released."""

from __future__ import annotations

from pydantic import Field, model_validator

from line_sim.scenario.base import Strict


class PostDryer(Strict):
    """Vacuum post-drying of wound coils before cell assembly (every route).

    Coils wait ``quality.coil_hold_h`` after winding, then queue for an oven. A load closes
    when it holds ``coils_per_load`` coils or its first coil has waited ``max_load_wait_h``;
    it dries until its wettest coil reaches ``target_fraction_of_limit`` of
    ``quality.moisture_limit_ppm``, for at least ``min_dwell_h`` and at most
    ``max_dwell_h``. Industrial recipes: 60–150 °C, 0.07–1000 mbar, 12–30 h per batch
    (Heimes et al., PEM RWTH/VDMA 2018).
    """

    ovens: int = Field(2, description="Vacuum ovens working in parallel [-].", ge=1, le=50)
    coils_per_load: int = Field(8, description="Coils one oven takes per load [-].", ge=1, le=200)
    temperature_c: float = Field(120.0, description="Oven temperature [°C] (60–150 typical).",
                                 ge=40.0, le=200.0)
    pressure_mbar: float = Field(10.0, description="Chamber pressure during drying [mbar] "
                                 "(0.07–1000 typical).", ge=0.01, le=1013.0)
    min_dwell_h: float = Field(1.0, description="Shortest time at temperature and vacuum per "
                               "load: heating the coils through [h].", ge=0.0, le=200.0)
    max_dwell_h: float = Field(30.0, description="Longest time per load; a coil still above "
                               "the moisture limit then is scrapped [h].", gt=0.0, le=500.0)
    target_fraction_of_limit: float = Field(
        0.8, description="A load dries until its wettest coil is at this fraction of "
        "quality.moisture_limit_ppm [-].", gt=0.0, le=1.0)
    max_load_wait_h: float = Field(4.0, description="Longest wait of a load's first coil for "
                                   "the load to fill [h].", ge=0.0, le=200.0)
    load_unload_h: float = Field(0.5, description="Loading, evacuating, venting and unloading "
                                 "per load [h].", ge=0.0, le=24.0)
    heater_efficiency: float = Field(0.95, description="Electric heat delivered into the load "
                                     "per unit of electricity [-].", gt=0.0, le=1.0)
    heat_loss_kw: float = Field(3.0, description="Heat loss of one oven at temperature [kW] "
                                "(assumption, 1–10 kW).", ge=0.0, le=1000.0)
    pump_power_kw: float = Field(4.0, description="Vacuum pump power while drying [kW] "
                                 "(assumption, 2–7 kW for a dry screw pump).", ge=0.0, le=1000.0)

    @model_validator(mode="after")
    def _dwell_window(self) -> PostDryer:
        if self.min_dwell_h > self.max_dwell_h:
            raise ValueError(f"min_dwell_h = {self.min_dwell_h} exceeds max_dwell_h = "
                             f"{self.max_dwell_h}; allowed: min_dwell_h <= max_dwell_h")
        return self
