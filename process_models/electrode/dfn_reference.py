"""The reduced-order model's inputs for rows of the DFN reference table.

``tests/data/dfn_envelope.csv`` (written by ``benchmarks/dfn_envelope.py``) holds, for each
design and C-rate, the DFN utilisation and every value the reduced-order model needs, read
from the PyBaMM parameter set (:func:`process_models.dfn.design_features`). This module maps
those columns onto :func:`~process_models.electrode.rate_capability.rate_performance`, so
that the calibration script, the comparison benchmark and the tests evaluate the same model
on the same inputs. Pure numpy: columns in, arrays out.

References
----------
Those of :mod:`process_models.dfn` (the parameter sets).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from process_models.electrode.cell_context import CathodeElectrochemistry, CellContext
from process_models.electrode.electrolyte_transport import Electrolyte
from process_models.electrode.rate_capability import (
    DEFAULT_RATE_MODEL,
    RateModelParameters,
    RatePerformance,
    rate_performance,
)
from process_models.electrode.rate_correction import DEFAULT_CLIFF_CORRECTION, CliffCorrection

MOVING_ZONE_SETS = ("Prada2013",)
"""Parameter sets whose cathode (LFP, flat potential) reacts in a moving zone."""

FAMILY_OF_SET = {"Chen2020": "NMC", "Ecker2015": "NMC", "ORegan2022": "NMC",
                 "NCA_Kim2011": "NCA", "Marquis2019": "LCO", "Prada2013": "LFP"}
"""Chemistry family of each parameter set's cathode (selects the calibrated cliff residual)."""

FARADAY = 96485.33212
CONCENTRATION_POINTS = (("quarter", 0.25), ("half", 0.5), ("double", 2.0), ("triple", 3.0))


def _col(columns: Mapping[str, ArrayLike], name: str) -> np.ndarray:
    return np.asarray(columns[name], dtype=float)


def diffusivity_exponent(columns: Mapping[str, ArrayLike]) -> float:
    """b of D = D0·exp(−b(c/c0 − 1)), least squares on the stored D(c) points [-]."""
    d0 = _col(columns, "electrolyte_diffusivity_m2_per_s")
    x = np.concatenate([np.full(d0.shape, ratio - 1.0) for _, ratio in CONCENTRATION_POINTS])
    y = np.concatenate([np.log(_col(columns, f"electrolyte_diffusivity_{label}_m2_per_s") / d0)
                        for label, _ in CONCENTRATION_POINTS])
    return float(-np.sum(x * y) / np.sum(x * x))


def electrolyte(columns: Mapping[str, ArrayLike]) -> Electrolyte:
    """Electrolyte of one parameter set (the first row's values)."""
    def first(name: str) -> float:
        return float(_col(columns, name).ravel()[0])

    d0 = first("electrolyte_diffusivity_m2_per_s")
    return Electrolyte(
        concentration_mol_per_m3=first("electrolyte_concentration_mol_per_m3"),
        diffusivity_m2_per_s=d0,
        transference_number=first("transference_number"),
        conductivity_s_per_m=first("electrolyte_conductivity_s_per_m"),
        depletion_diffusivity_ratio=first("electrolyte_depletion_diffusivity_m2_per_s") / d0,
        diffusivity_concentration_exponent=diffusivity_exponent(columns),
    )


def model_for_rows(columns: Mapping[str, ArrayLike],
                   params: RateModelParameters = DEFAULT_RATE_MODEL,
                   correction: CliffCorrection = DEFAULT_CLIFF_CORRECTION) -> RatePerformance:
    """Reduced-order model for rows of ONE parameter set of the reference table.

    Parameters
    ----------
    columns : mapping of str to array_like
        Table columns (numbers), rows of a single ``parameter_set``.
    params : RateModelParameters
        Model coefficients.
    correction : CliffCorrection
        Calibrated cliff residual (``NO_CLIFF_CORRECTION``: the physics alone).

    Notes
    -----
    1C is the row's C/20 capacity per hour (``dfn_reference_capacity_mah_per_cm2``). The
    cathode window's slack is (1 − x0 − Δx)/Δx; the anode's lithium over the cathode's
    C/20 capacity is its N/P; the cathode's solid diffusivity is that of the last quarter of
    its window, where its surface reaches its limit; the anode's is that of its last quarter
    and its whole window (weighted by ``params.anode_window_weight``).
    """
    q = _col(columns, "dfn_reference_capacity_mah_per_cm2")
    c_max = _col(columns, "positive_max_concentration_mol_per_m3")
    x0 = _col(columns, "positive_initial_concentration_mol_per_m3") / c_max
    window = _col(columns, "positive_window")
    h_a = _col(columns, "negative_thickness_m")
    lithium_mol_per_m2 = (_col(columns, "negative_active_fraction") * h_a
                          * _col(columns, "negative_initial_concentration_mol_per_m3"))
    np_ratio = lithium_mol_per_m2 / (q * 36000.0 / FARADAY)
    cell = CellContext(
        separator_thickness_m=_col(columns, "separator_thickness_m"),
        separator_porosity=_col(columns, "separator_porosity"),
        separator_tortuosity=_col(columns, "separator_porosity")
        ** (1.0 - _col(columns, "separator_bruggeman")),
        anode_porosity=_col(columns, "negative_porosity"),
        anode_tortuosity=_col(columns, "negative_porosity")
        ** (1.0 - _col(columns, "negative_bruggeman")),
        np_ratio=np_ratio,
        anode_volumetric_capacity_mah_per_cm3=np_ratio * q * 1e-2 / h_a,
        anode_particle_radius_m=_col(columns, "negative_particle_radius_m"),
        anode_solid_diffusivity_m2_per_s=_col(columns, "negative_end_diffusivity_m2_per_s"),
        anode_window_diffusivity_m2_per_s=_col(columns, "negative_diffusivity_m2_per_s"))
    name = str(np.asarray(columns["parameter_set"]).ravel()[0])
    chemistry = CathodeElectrochemistry(
        exchange_current_a_per_m2=0.0, voltage_margin_v=0.0,
        reaction="moving_zone" if name in MOVING_ZONE_SETS else "uniform",
        source="DFN reference table", family=FAMILY_OF_SET.get(name, ""))
    eps = _col(columns, "positive_porosity")
    return rate_performance(
        _col(columns, "positive_thickness_m"), eps,
        eps ** (1.0 - _col(columns, "positive_bruggeman")), q, _col(columns, "c_rate"),
        _col(columns, "positive_particle_radius_m"),
        _col(columns, "positive_end_diffusivity_m2_per_s"), electrolyte(columns), params,
        active_volume_fraction=_col(columns, "positive_active_fraction"), cell=cell,
        chemistry=chemistry, window_slack=np.maximum((1.0 - x0 - window) / window, 0.0),
        voltage_margin_v=_col(columns, "open_circuit_voltage_mean_v")
        - _col(columns, "lower_cutoff_v"),
        exchange_current_a_per_m2=_col(columns, "positive_exchange_current_a_per_m2"),
        electronic_conductivity_s_per_m=_col(columns, "positive_electronic_conductivity_s_per_m")
        * _col(columns, "positive_active_fraction")
        ** _col(columns, "positive_electrode_bruggeman"), correction=correction)


def model_for_table(columns: Mapping[str, ArrayLike],
                    params: RateModelParameters = DEFAULT_RATE_MODEL,
                    correction: CliffCorrection = DEFAULT_CLIFF_CORRECTION) -> np.ndarray:
    """Utilisation of every row of the reference table (all parameter sets) [-]."""
    return model_and_cliff_position_for_table(columns, params, correction)[0]


def model_and_cliff_position_for_table(
        columns: Mapping[str, ArrayLike], params: RateModelParameters = DEFAULT_RATE_MODEL,
        correction: CliffCorrection = DEFAULT_CLIFF_CORRECTION) -> tuple[np.ndarray, np.ndarray]:
    """Utilisation and effective cliff position of every row of the reference table.

    Parameters
    ----------
    columns : mapping of str to array_like
        Table columns (numbers; ``parameter_set`` as text), any parameter sets.
    params : RateModelParameters
        Model coefficients.
    correction : CliffCorrection
        Calibrated cliff warp.

    Returns
    -------
    tuple of numpy.ndarray
        Utilisation [-] and z_eff = ln(β/β*) + s [-], row by row.
    """
    sets = np.asarray(columns["parameter_set"])
    utilisation = np.empty(sets.shape, dtype=float)
    position = np.empty(sets.shape, dtype=float)
    for name in dict.fromkeys(sets.tolist()):
        mask = sets == name
        sub = {k: np.asarray(v)[mask] for k, v in columns.items()}
        rate = model_for_rows(sub, params, correction)
        utilisation[mask] = rate.utilisation
        position[mask] = rate.cliff_position + rate.cliff_shift
    return utilisation, position
