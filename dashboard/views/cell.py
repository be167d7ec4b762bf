"""Cell page (``dashboard/pages/cell.py``): cell KPIs, capacity per coil, rate curves, cracking limit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from dashboard.views.common import histogram, number


def areal_capacity_per_coil(coils: pd.DataFrame, bins: int = 20) -> pd.DataFrame:
    """Length-weighted histogram of the coils' areal capacity (the run's coil table).

    Returns
    -------
    DataFrame
        ``bin_start``, ``bin_end``, ``count`` (electrode length [m]); empty when the coil
        table has no ``areal_capacity_mah_per_cm2`` (no coils, or a run stored before the
        coil table carried it).
    """
    if coils.empty or "areal_capacity_mah_per_cm2" not in coils.columns:
        return pd.DataFrame(columns=["bin_start", "bin_end", "count"])
    weights = coils["length_m"] if "length_m" in coils.columns else None
    return histogram(coils["areal_capacity_mah_per_cm2"], bins=bins, weights=weights)


DEFAULT_C_RATES = tuple(float(c) for c in np.round(np.geomspace(0.1, 5.0, 25), 3))
"""C-rates of the rate-capability curves [1/h]."""


def rate_curves(spec: Any, electrodes: Mapping[str, tuple[float, float, float]],
                c_rates: Sequence[float] = DEFAULT_C_RATES) -> pd.DataFrame:
    """Utilisation and delivered capacity against C-rate for a few electrodes.

    Parameters
    ----------
    spec : CoilElectrodeSpec
        Recipe shared by the electrodes (:func:`line_sim.engine.performance.coil_spec`).
    electrodes : mapping
        Label → (loading [mg/cm²], porosity [-], moisture capacity loss [-]).
    c_rates : sequence of float
        C-rates [1/h].

    Returns
    -------
    DataFrame
        ``electrode``, ``c_rate``, ``utilisation``, ``utilisation_low``,
        ``utilisation_high`` (the band of the uncertain tortuosity and diffusivities),
        ``delivered_capacity_mah_per_cm2``.
    """
    from process_models.electrode import coil_performance

    rows = []
    for label, (loading, porosity, loss) in electrodes.items():
        for rate in c_rates:
            out = coil_performance(spec, [loading], [porosity], [loss], [1.0], rate)
            rows.append((label, rate, float(out["utilisation"][0]),
                         float(out["utilisation_low"][0]), float(out["utilisation_high"][0]),
                         float(out["delivered_capacity_mah_per_cm2"][0])))
    return pd.DataFrame(rows, columns=["electrode", "c_rate", "utilisation", "utilisation_low",
                                       "utilisation_high", "delivered_capacity_mah_per_cm2"])


def rate_model_accuracy() -> str:
    """How far the rate curves can be trusted: the model's error and calibrated C-rate range.

    Returns
    -------
    str
        The largest and mean utilisation error against the DFN on the test designs no fit
        saw, the 95 % error bound before and on the electrolyte cliff, and the highest
        calibrated C-rate, beyond which the curves extrapolate.
    """
    from process_models.electrode import MODEL_ERROR, TEST_ERRORS, VALIDITY

    error = TEST_ERRORS.get("physics_and_warp", {}).get("all")
    top_rate = VALIDITY["c_rate_per_h"][1]
    if not error:
        return f"Calibrated up to {top_rate:g}C; no test designs on record."
    return (f"Against PyBaMM's DFN on {error['rows']} random design points no fit saw (six "
            f"parameter sets, C/5–{top_rate:g}C): largest utilisation error "
            f"{error['max_abs_error']:.3f}, mean {error['mean_abs_error']:.3f}. In "
            f"cross-validation 95 % of held-out rows were within "
            f"{MODEL_ERROR['bound'][0]:.3f} well before the electrolyte cliff and within "
            f"{max(MODEL_ERROR['bound']):.3f} on it (on the test designs these bounds held for "
            f"{TEST_ERRORS.get('bound_coverage', float('nan')):.1%} of rows). Above "
            f"{top_rate:g}C the curves extrapolate.")


LOADING_MULTIPLES = (0.5, 1.5, 2.0)
"""Loadings, as multiples of the run's mean, of the comparison rate curves [-]."""


def representative_electrodes(coils: pd.DataFrame, multiples: Sequence[float] = LOADING_MULTIPLES
                              ) -> dict[str, tuple[float, float, float]]:
    """The run's length-weighted mean coil, and the same electrode at other loadings.

    Returns
    -------
    dict
        Label → (loading [mg/cm²], porosity [-], moisture capacity loss [-]); empty when
        the coil table lacks the columns.
    """
    needed = {"mean_loading_mg_per_cm2", "mean_porosity", "moisture_capacity_loss_fraction"}
    if coils.empty or not needed <= set(coils.columns):
        return {}
    weights = coils["length_m"] if "length_m" in coils.columns else None
    loading, porosity, loss = (float(np.average(coils[c], weights=weights)) for c in (
        "mean_loading_mg_per_cm2", "mean_porosity", "moisture_capacity_loss_fraction"))
    electrodes = {f"this run ({loading:.1f} mg/cm²)": (loading, porosity, loss)}
    for multiple in multiples:
        electrodes[f"{multiple:g}× loading ({loading * multiple:.1f} mg/cm²)"] = (
            loading * multiple, porosity, loss)
    return electrodes


SOLVENTS = ("NMP", "water")


def cracking_limit_curve(material: str, d50_um: Sequence[float]) -> pd.DataFrame:
    """Slurry cracking limit h_max (seed Eq. 1) against median particle size, per solvent.

    Returns
    -------
    DataFrame
        ``d50_um``, ``solvent``, ``h_max_um``; empty if the material has no shear modulus
        in :mod:`process_models.cracking`.
    """
    from process_models.cracking import cracking_limit_for_material_m

    sizes = np.asarray(d50_um, dtype=float)
    frames = []
    for solvent in SOLVENTS:
        try:
            limit = cracking_limit_for_material_m(material, sizes / 2.0 * 1e-6, solvent)
        except KeyError:
            return pd.DataFrame(columns=["d50_um", "solvent", "h_max_um"])
        frames.append(pd.DataFrame({"d50_um": sizes, "solvent": solvent,
                                    "h_max_um": np.asarray(limit) * 1e6}))
    return pd.concat(frames, ignore_index=True)


def cracking_limit_um(material: str, d50_um: float, solvent: str = "NMP") -> float | None:
    """h_max of one particle size and solvent [µm], or ``None`` for an unknown material."""
    curve = cracking_limit_curve(material, [d50_um])
    row = curve[curve["solvent"] == solvent]
    return None if row.empty else float(row["h_max_um"].iloc[0])


def only_dry_reaches_um(thickness_um: float, h_max_um: float) -> bool:
    """Whether a slurry film of this thickness would crack while drying (seed Eq. 1)."""
    from process_models.cracking import only_dry_reaches

    return bool(only_dry_reaches(thickness_um * 1e-6, h_max_um * 1e-6))


CELL_METRICS: dict[str, tuple[str, float, str]] = {
    "areal_capacity_mah_per_cm2": ("Areal capacity [mAh/cm²]", 1.0, "{:.2f}"),
    "utilisation_1c": ("Utilisation at 1C [%]", 100.0, "{:.1f}"),
    "cell_energy_wh_per_kg": ("Cell energy [Wh/kg]", 1.0, "{:.0f}"),
    "cell_energy_wh_per_l": ("Cell energy [Wh/L]", 1.0, "{:.0f}"),
}
"""Cell KPIs of the run summary: label, display scale and format."""


def cell_metrics(summary: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    """(label, value text or None when the run lacks it) of every cell KPI."""
    out: list[tuple[str, str | None]] = []
    for key, (label, scale, fmt) in CELL_METRICS.items():
        value = number(summary, key)
        out.append((label, None if value is None else fmt.format(value * scale)))
    return out


CELL_BANDS: dict[str, tuple[str, str, float, str]] = {
    "utilisation_1c": ("Utilisation at 1C", "utilisation_1c", 100.0, "{:.0f}–{:.0f} %"),
    "cell_energy_wh_per_kg": ("Cell energy at 1C", "cell_energy_1c_wh_per_kg", 1.0,
                              "{:.0f}–{:.0f} Wh/kg"),
    "cell_energy_wh_per_l": ("Cell energy at 1C", "cell_energy_1c_wh_per_l", 1.0,
                             "{:.0f}–{:.0f} Wh/L"),
}
"""Band KPIs (``KEY_low``/``KEY_high``): title, the centre they bracket, scale, format."""


def cell_bands(summary: Mapping[str, Any]) -> pd.DataFrame:
    """The uncertainty bands of the cell KPIs that the run carries.

    The bands come from the uncertain inputs of the electrode calculator (tortuosity
    relation and route factor, electrolyte and solid diffusivities). The energy bands
    bracket the energy delivered at 1C (``cell_energy_1c_*``), not the low-rate energy.

    Returns
    -------
    DataFrame
        ``quantity``, ``centre``, ``band`` (texts); empty for a run without bands.
    """
    rows = []
    for key, (title, centre_key, scale, fmt) in CELL_BANDS.items():
        low, high = number(summary, f"{key}_low"), number(summary, f"{key}_high")
        centre = number(summary, centre_key)
        if low is None or high is None or centre is None:
            continue
        unit = fmt.rsplit(" ", 1)[1]
        rows.append((title, f"{centre * scale:.0f} {unit}",
                     fmt.format(low * scale, high * scale)))
    return pd.DataFrame(rows, columns=["quantity", "centre", "band"])
