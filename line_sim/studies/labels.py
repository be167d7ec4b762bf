"""One table of KPI labels shared by the CLI tables, the dashboard and the review pack.

Every KPI a run summary holds (:meth:`line_sim.engine.run.RunResult.summary`) has a readable
name, a display unit and a display scale: the shown value is ``value * scale`` in ``unit``
(fractions are shown in percent). Nested breakdowns (``downtime_by_cause_h``,
``scrap_by_cause``, ``energy_by_stage_kwh_per_m2``, ``energy_by_carrier_kwh_per_m2``) are
labelled by their table: ``scrap_by_cause.startup`` → "scrap by cause: startup [m]".
``tests/test_labels.py`` fails when a summary KPI has no label.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class KpiLabel:
    """How one KPI is shown: readable name, display unit and scale (shown = value × scale)."""

    name: str
    unit: str
    scale: float = 1.0

    @property
    def title(self) -> str:
        """``name [unit]``, e.g. ``yield [%]``."""
        return f"{self.name} [{self.unit}]"

    def shown(self, value: float) -> float:
        """The value in the display unit."""
        return value * self.scale


_PCT = 100.0
KPI_LABELS: dict[str, KpiLabel] = {
    # run identity
    "horizon_h": KpiLabel("horizon", "h"),
    "seed": KpiLabel("seed", "-"),
    "wall_time_s": KpiLabel("simulation wall time", "s"),
    # line
    "produced_length_m": KpiLabel("produced length", "m"),
    "good_length_m": KpiLabel("good length", "m"),
    "produced_area_m2": KpiLabel("produced area", "m²"),
    "good_area_m2": KpiLabel("good area", "m²"),
    "throughput_good_m_per_h": KpiLabel("good throughput", "m/h"),
    "throughput_good_m2_per_h": KpiLabel("good throughput (area)", "m²/h"),
    "yield_fraction": KpiLabel("yield", "%", _PCT),
    "availability": KpiLabel("availability", "%", _PCT),
    "performance": KpiLabel("performance", "%", _PCT),
    "quality": KpiLabel("quality rate", "%", _PCT),
    "oee": KpiLabel("OEE", "%", _PCT),
    "planned_production_h": KpiLabel("planned production time", "h"),
    "run_time_h": KpiLabel("run time", "h"),
    "n_failures": KpiLabel("station failures", "-"),
    "n_web_breaks": KpiLabel("web breaks", "-"),
    "n_coils": KpiLabel("coils", "-"),
    "n_batches": KpiLabel("mixer batches", "-"),
    # web quality
    "mean_porosity": KpiLabel("mean porosity", "%", _PCT),
    "mean_loading_mg_per_cm2": KpiLabel("mean loading", "mg/cm²"),
    "loading_cv": KpiLabel("loading CV", "%", _PCT),
    "mean_thickness_um": KpiLabel("mean thickness", "µm"),
    "mean_adhesion_kpa": KpiLabel("mean adhesion", "kPa"),
    "mean_water_ppm": KpiLabel("mean water in the web", "ppm"),
    "mean_film_tensile_strength_mpa": KpiLabel("film tensile strength", "MPa"),
    "mean_transfer_efficiency": KpiLabel("spray transfer efficiency", "%", _PCT),
    "moisture_capacity_loss_fraction": KpiLabel("moisture capacity loss", "%", _PCT),
    # post-drying and moisture
    "moisture_ppm_mean": KpiLabel("residual water at release (mean)", "ppm"),
    "moisture_ppm_max": KpiLabel("residual water at release (max)", "ppm"),
    "coils_out_of_moisture_spec": KpiLabel("coils out of moisture spec", "-"),
    "coils_scrapped_for_moisture": KpiLabel("coils scrapped for moisture", "-"),
    "post_dryer_queue_h_max": KpiLabel("post-dryer queue (max)", "h"),
    "post_dryer_queue_h_mean": KpiLabel("post-dryer queue (mean)", "h"),
    "post_dryer_dwell_h_mean": KpiLabel("post-dryer dwell (mean)", "h"),
    "post_dryer_loads": KpiLabel("post-dryer loads", "-"),
    "post_drying_energy_kwh": KpiLabel("post-drying energy", "kWh"),
    "post_dryer_utilisation": KpiLabel("post-dryer utilisation", "%", _PCT),
    "residual_water_capacity_loss_fraction": KpiLabel("residual-water capacity loss", "%", _PCT),
    # slurry reference physics
    "slurry_cracking_limit_um": KpiLabel("slurry cracking limit h_max", "µm"),
    "uncalendered_thickness_um": KpiLabel("uncalendered thickness", "µm"),
    "slurry_coating_passes_required": KpiLabel("slurry coating passes needed", "-"),
    "drying_flux_ratio": KpiLabel("drying flux / dryer capacity", "-"),
    "max_dryable_speed_m_per_min": KpiLabel("max dryable speed", "m/min"),
    "max_migration_free_speed_m_per_min": KpiLabel("max migration-free speed", "m/min"),
    "slurry_adhesion_kpa": KpiLabel("slurry adhesion", "kPa"),
    "slurry_drying_speed_m_per_min": KpiLabel("slurry drying speed", "m/min"),
    "slurry_evaporation_flux_g_per_m2_s": KpiLabel("evaporation flux", "g/(m²·s)"),
    "slurry_max_evaporation_flux_g_per_m2_s": KpiLabel("max evaporation flux", "g/(m²·s)"),
    "slurry_migration_free_flux_g_per_m2_s": KpiLabel("migration-free flux", "g/(m²·s)"),
    "slurry_film_temperature_c": KpiLabel("wet film temperature", "°C"),
    "slurry_wet_film_thickness_um": KpiLabel("wet film thickness", "µm"),
    "slurry_solvent_g_per_m2": KpiLabel("solvent to evaporate", "g/m²"),
    "slurry_residence_time_s": KpiLabel("dryer residence time", "s"),
    # cell
    "areal_capacity_mah_per_cm2": KpiLabel("areal capacity", "mAh/cm²"),
    "utilisation_1c": KpiLabel("utilisation at 1C", "%", _PCT),
    "usable_capacity_fraction": KpiLabel("usable capacity", "%", _PCT),
    "nominal_voltage_v": KpiLabel("nominal voltage", "V"),
    "cell_energy_wh_per_kg": KpiLabel("cell specific energy", "Wh/kg"),
    "cell_energy_wh_per_l": KpiLabel("cell energy density", "Wh/L"),
    "utilisation_1c_low": KpiLabel("utilisation at 1C, low end of band", "%", _PCT),
    "utilisation_1c_high": KpiLabel("utilisation at 1C, high end of band", "%", _PCT),
    "utilisation_1c_model_error": KpiLabel("utilisation at 1C, rate model's error bound",
                                           "percentage points", _PCT),
    "cell_energy_1c_wh_per_kg": KpiLabel("cell specific energy at 1C", "Wh/kg"),
    "cell_energy_1c_wh_per_l": KpiLabel("cell energy density at 1C", "Wh/L"),
    "cell_energy_wh_per_kg_low": KpiLabel("cell specific energy at 1C, low end of band", "Wh/kg"),
    "cell_energy_wh_per_kg_high": KpiLabel("cell specific energy at 1C, high end of band", "Wh/kg"),
    "cell_energy_wh_per_l_low": KpiLabel("cell energy density at 1C, low end of band", "Wh/L"),
    "cell_energy_wh_per_l_high": KpiLabel("cell energy density at 1C, high end of band", "Wh/L"),
    "cracked_particle_fraction": KpiLabel("cracked active particles", "%", _PCT),
    "first_cycle_efficiency": KpiLabel("first-cycle efficiency (anode)", "%", _PCT),
    # process windows
    "porosity_cv": KpiLabel("porosity CV along the web", "%", _PCT),
    "thickness_cv": KpiLabel("thickness CV along the web", "%", _PCT),
    "speed_limit_m_per_min": KpiLabel("process speed limit", "m/min"),
    "deposit_binder_fraction_drift": KpiLabel("deposit binder drift over the run", "wt%", _PCT),
    "deposit_binder_fraction_steady": KpiLabel("deposit binder fraction, steady", "wt%", _PCT),
    "max_deposit_thickness_per_pass_um": KpiLabel("thickest deposit per pass (back-ionisation)", "µm"),
    "one_pass_speed_m_per_min": KpiLabel("fastest speed one spray pass can coat", "m/min"),
    "spray_passes_required": KpiLabel("spray passes needed", "-"),
    "spray_pattern_cv": KpiLabel("spray pattern CV across the web", "%", _PCT),
    # energy
    "energy_total_kwh": KpiLabel("energy, total", "kWh"),
    "energy_kwh_per_m2": KpiLabel("energy per m² produced", "kWh/m²"),
    "energy_kwh_per_m2_good": KpiLabel("energy per m² good", "kWh/m²"),
    "energy_kwh_per_kg_coating": KpiLabel("energy per kg of coating", "kWh/kg"),
    "energy_kwh_per_kwh_cell": KpiLabel("energy per kWh of cell", "kWh/kWh"),
    "energy_electrode_making_kwh_per_m2": KpiLabel("energy of electrode making", "kWh/m²"),
    # cost and carbon (amounts in the run's ``currency``)
    "cost_total": KpiLabel("cost, total", "currency"),
    "cost_per_m2_good": KpiLabel("cost per good m²", "currency/m²"),
    "cost_per_kwh_cell": KpiLabel("cost per kWh of cell", "currency/kWh"),
    "co2_kg_per_m2": KpiLabel("CO2e of the energy per m² produced", "kg/m²"),
    "co2_kg_per_m2_good": KpiLabel("CO2e per good m²", "kg/m²"),
    "co2_kg_per_kwh_cell": KpiLabel("CO2e per kWh of cell", "kg/kWh"),
}
"""Top-level numeric KPIs of a run summary."""

NESTED_LABELS: dict[str, KpiLabel] = {
    "downtime_by_cause_h": KpiLabel("downtime by cause", "h"),
    "scrap_by_cause": KpiLabel("scrap by cause", "m"),
    "energy_by_stage_kwh_per_m2": KpiLabel("energy by stage", "kWh/m²"),
    "energy_by_carrier_kwh_per_m2": KpiLabel("energy by carrier", "kWh/m²"),
    "cost_by_item_per_kwh_cell": KpiLabel("cost by item", "currency/kWh"),
    "nip_temperature_c": KpiLabel("nip temperature", "°C"),
    "speed_limits_m_per_min": KpiLabel("speed limit by mechanism", "m/min"),
    "dpsd_speed_limits_m_per_min": KpiLabel("DPSD speed limit by mechanism", "m/min"),
    "deposit_composition": KpiLabel("deposit mass fraction", "%", _PCT),
    "cost_by_stage_per_kwh_cell": KpiLabel("cost by stage", "currency/kWh"),
}
"""Breakdown tables of a run summary: each entry is ``table.entry`` with the table's unit."""

NOT_KPIS = frozenset({"run_id", "scenario", "scenario_hash", "route", "warnings", "version", "seed"})
"""Summary keys that identify a run rather than measure it."""


def kpi_label(key: str) -> KpiLabel:
    """The label of a KPI key (dotted for breakdowns); an unknown key is shown as it is."""
    if key in KPI_LABELS:
        return KPI_LABELS[key]
    table, _, entry = key.partition(".")
    if entry and table in NESTED_LABELS:
        parent = NESTED_LABELS[table]
        return KpiLabel(f"{parent.name}: {entry.replace('_', ' ')}", parent.unit, parent.scale)
    return KpiLabel(key.replace("_", " "), "-")


def kpi_title(key: str) -> str:
    """``name [unit]`` of a KPI key."""
    return kpi_label(key).title


def has_label(key: str) -> bool:
    """Whether the table names this key (dotted breakdown keys through their table)."""
    table, _, entry = key.partition(".")
    return key in KPI_LABELS or bool(entry and table in NESTED_LABELS)


def flat_summary_kpis(summary: dict[str, Any]) -> dict[str, float]:
    """Every numeric KPI of a summary, breakdowns dotted, in summary order (identity left out)."""
    out: dict[str, float] = {}
    for key, value in summary.items():
        if key in NOT_KPIS:
            continue
        if isinstance(value, dict):
            for entry, inner in value.items():
                if _is_number(inner):
                    out[f"{key}.{entry}"] = float(inner)
        elif _is_number(value):
            out[key] = float(value)
    return out


def unlabelled_kpis(summary: dict[str, Any]) -> list[str]:
    """KPIs of a summary that the label table lacks (a test keeps this empty)."""
    return [k for k in flat_summary_kpis(summary) if not has_label(k)]


def format_shown(key: str, value: float | None) -> str:
    """A KPI value in its display unit as text (``–`` when missing)."""
    if value is None or not math.isfinite(value):
        return "–"
    shown = kpi_label(key).shown(value)
    magnitude = abs(shown)
    if magnitude >= 1000:
        return f"{shown:,.0f}"
    return f"{shown:.4g}"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
