"""Energy of a run: every station of its route and its share of the dry room.

The line engine's interval table holds one row per interval between events, with rates
constant inside. From it each station gets, in one vectorised pass, its running time, its
idle time (on, but stopped, starved, blocked or failed) and the mass it processed, and the
station functions of :mod:`process_models.energy`, :mod:`process_models.slurry` and
:mod:`process_models.dryroom` turn these into kWh per interval and carrier
(:mod:`~line_sim.engine.energy.web_times`, :mod:`~line_sim.engine.energy.stations`,
:mod:`~line_sim.engine.energy.dry_room`); :mod:`~line_sim.engine.energy.accounting` turns
them into KPIs. Station physics settings come from the scenario's stations; what only the
energy balance needs comes from the scenario's ``[energy]`` table
(:class:`line_sim.scenario.energy.EnergySettings`).

System boundary (see docs/energy.md): final energy at the meter, per carrier
(``electricity``, ``heat``, ``compressed_air``), of the electrode-making stations of the
route, plus the ``dry_room`` stage: the line's floor-area share of its dry room, with the
heat the line's stations release into the room removed by its chillers. Every route, the
slurry reference too, is charged a dry room (cell assembly needs one whatever made the
electrode): a boundary choice, which ``energy_electrode_making_kwh_per_m2`` leaves out. Energies
are normalised per m^2 of *produced* electrode area (the ``produced_area_m2`` KPI: electrode
length times net width, both coated sides counted once), the physical output the stations
processed; ``energy_kwh_per_m2_good`` divides by the good area instead.
"""

from line_sim.engine.energy.accounting import (  # noqa: F401
    cell_kwh_made,
    energy_breakdown,
    energy_kpis,
)
from line_sim.engine.energy.dry_room import (  # noqa: F401
    DEFAULT_CLIMATE,
    DRY_ROOM_STAGE,
    HOURS_PER_YEAR,
    dry_room_kwh,
    dry_room_parameters,
    heat_released_indoors_kwh,
    hourly_room_energy_kwh,
    outdoor_hourly,
)
from line_sim.engine.energy.stations import (  # noqa: F401
    bf_thickness_reductions_m,
    calendering_kwh,
    fibrillation_kwh,
    film_calendering_kwh,
    heated_nip_kwh,
    lamination_kwh,
    mixer_parameters,
    mixing_kwh,
    multi_pass_nip_kwh,
    pass_inlet_temperatures_c,
    route_stages_kwh,
    slurry_stages_kwh,
    spray_deposition_kwh,
    web_auxiliaries_kwh,
)
from line_sim.engine.energy.web_times import (  # noqa: F401
    MG_PER_CM2_TO_KG_PER_M2,
    ROLL_FACE_MARGIN_M,
    SECONDS_PER_HOUR,
    CarrierKwh,
    FloatArray,
    WebGeometry,
    WebTimes,
    fibrillator_times,
    mixer_times,
)
