"""Named coefficient sets a scenario may replace under ``[parameters.<set>]``."""

from __future__ import annotations

from process_models.back_ionisation import BackIonisationParameters
from process_models.calendering import CalenderingParameters, WebFailureParameters
from process_models.deposit_composition import DepositCompositionParameters
from process_models.dpsd import SprayParameters
from process_models.environment import MoistureUptakeParameters
from process_models.fibrillation import FibrillationParameters
from process_models.lamination import LaminationParameters
from process_models.mixing import CohesionParameters, MixingParameters
from process_models.moisture import ElectrodeMoistureParameters, VacuumDryingParameters
from process_models.spray_pattern import SprayPatternParameters

PARAMETER_SETS: dict[str, type] = {
    "moisture": MoistureUptakeParameters,
    "cohesion": CohesionParameters,
    "mixing": MixingParameters,
    "fibrillation": FibrillationParameters,
    "calendering": CalenderingParameters,
    "web_failure": WebFailureParameters,
    "lamination": LaminationParameters,
    "spray": SprayParameters,
    "electrode_moisture": ElectrodeMoistureParameters,
    "vacuum_drying": VacuumDryingParameters,
    "deposit": DepositCompositionParameters,
    "back_ionisation": BackIonisationParameters,
    "spray_pattern": SprayPatternParameters,
}
"""Named, replaceable coefficient sets a scenario may override under ``[parameters.X]``."""
