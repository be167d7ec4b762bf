"""Station energy, energy-carrier bookkeeping and cell-energy normalisation.

Every station function is vectorised over the line engine's interval table: each array
argument holds one value per interval (time running, time idle/starved/failed, mass
processed, temperatures, speed, width), and the result is one energy per interval and
carrier. A run then sums the arrays once. Carriers are kept apart:

- ``"electricity"``: drives, heaters, fans, chillers, HV supplies [kWh electric];
- ``"heat"``: fuel or steam heat (natural-gas burners, desiccant regeneration) [kWh heat];
- ``"compressed_air"``: compressor electricity spent on compressed air or carrier gas
  [kWh electric], kept apart because plants meter and price it as its own utility.

Units are SI inside; energies leave as kWh because every plant meters kWh.

Submodules of :mod:`process_models.energy`, one per physical topic; every public
name is re-exported here:

- ``carriers``        carriers, units, input checks, breakdown by stage and carrier, CO2
- ``station_power``   idle power + specific energy, fans, mixers, shear fibrillator, inspection, winding
- ``heated_rolls``    heated calender and laminator rolls
- ``calender_drive``  calender and laminator main drives
- ``compressed_air``  compressed air and carrier gas, jet mill
- ``spray_booth``     DPSD spray booth: carrier gas, HV, recovery fan
- ``cell_energy``     areal capacity and cell energy (normalisation)

References
----------
.. [degen2023] F. Degen, M. Winter, D. Bendig, J. Tübke, "Energy consumption of current and
   future production of lithium-ion and post lithium-ion battery cells", Nature Energy 8
   (2023) 1284, doi:10.1038/s41560-023-01355-z
.. [yuan2017] C. Yuan, Y. Deng, T. Li, F. Yang, "Manufacturing energy analysis of lithium ion
   battery pack for electric vehicles", CIRP Annals 66 (2017) 53,
   doi:10.1016/j.cirp.2017.04.109
.. [cagi] Compressed Air and Gas Institute, rotary-screw compressor data sheets at 7 bar(g):
   specific input power 5–7 kW per m^3/min of free air, i.e. 0.083–0.117 kWh/Nm^3.
.. [incropera] T. L. Bergman, A. S. Lavine, F. P. Incropera, D. P. DeWitt, "Fundamentals of
   Heat and Mass Transfer", 7th ed., Wiley 2011 (convection and grey-body radiation).
.. [lenard] J. G. Lenard, "Primer on Flat Rolling", 2nd ed., Elsevier 2014 (roll torque
   from the roll force and a lever arm on the projected contact length).
.. [ipcc2006] IPCC 2006 Guidelines for National Greenhouse Gas Inventories, Vol. 2, Table 2.2:
   natural gas 56.1 t CO2/TJ = 0.202 kg CO2 per kWh of fuel (lower heating value).
"""

from __future__ import annotations

from process_models.energy.calender_drive import (
    CalenderDriveParameters,
    calender_drive_power_w,
    calender_energy_kwh,
)
from process_models.energy.carriers import (
    CARRIERS,
    J_PER_KWH,
    KELVIN_OFFSET_K,
    CarrierEmissionFactors,
    EnergyBreakdown,
    FloatArray,
    co2_kg,
    require_in_range,
)
from process_models.energy.cell_energy import (
    areal_capacity_mah_per_cm2,
    cell_energy_kwh,
)
from process_models.energy.compressed_air import (
    CompressedAirParameters,
    JetMillParameters,
    compressed_air_energy_kwh,
    jet_mill_energy_kwh,
)
from process_models.energy.heated_rolls import (
    STEFAN_BOLTZMANN_W_PER_M2_K4,
    HeatedRollParameters,
    heated_roll_energy_kwh,
    roll_surface_heat_loss_w,
    web_heating_power_w,
    web_mass_flow_kg_per_s,
)
from process_models.energy.spray_booth import (
    SprayBoothParameters,
    spray_booth_energy_kwh,
)
from process_models.energy.station_power import (
    INSPECTION,
    WINDING,
    MixerParameters,
    ShearFibrillatorParameters,
    StationPowerParameters,
    fan_power_w,
    mixer_energy_kwh,
    shear_fibrillator_energy_kwh,
    station_energy_kwh,
)

__all__ = [
    "CARRIERS",
    "INSPECTION",
    "J_PER_KWH",
    "KELVIN_OFFSET_K",
    "STEFAN_BOLTZMANN_W_PER_M2_K4",
    "WINDING",
    "CalenderDriveParameters",
    "CarrierEmissionFactors",
    "CompressedAirParameters",
    "EnergyBreakdown",
    "FloatArray",
    "HeatedRollParameters",
    "JetMillParameters",
    "MixerParameters",
    "ShearFibrillatorParameters",
    "SprayBoothParameters",
    "StationPowerParameters",
    "areal_capacity_mah_per_cm2",
    "calender_drive_power_w",
    "calender_energy_kwh",
    "cell_energy_kwh",
    "co2_kg",
    "compressed_air_energy_kwh",
    "fan_power_w",
    "heated_roll_energy_kwh",
    "jet_mill_energy_kwh",
    "mixer_energy_kwh",
    "require_in_range",
    "roll_surface_heat_loss_w",
    "shear_fibrillator_energy_kwh",
    "spray_booth_energy_kwh",
    "station_energy_kwh",
    "web_heating_power_w",
    "web_mass_flow_kg_per_s",
]
