"""Data shaping for the dashboard pages: pure functions over run results and DataFrames.

Nothing here draws or talks to Streamlit, and nothing here is physics: the numbers come
from :mod:`line_sim` (runs, KPIs, the store) and :mod:`process_models` (electrode, cracking
limit). These functions only select, reshape, bin and label them for the charts.

One module per page of ``dashboard/pages``, plus what they share:

- :mod:`dashboard.views.common`: :class:`RunView` (a run as the pages see it), summary
  lookups (``number``, ``mapping``), ``histogram``, ``NOT_AVAILABLE``;
- :mod:`dashboard.views.scenario`: Scenario page (scenario files, parameter widgets,
  overrides, headline KPIs);
- :mod:`dashboard.views.line`: Line page (throughput, station states, buffers, downtime, OEE);
- :mod:`dashboard.views.quality`: Quality page (scrap, spec limits, series along the web,
  coil table);
- :mod:`dashboard.views.energy`: Energy page (energy by stage and carrier, reference route);
- :mod:`dashboard.views.cell`: Cell page (cell KPIs, capacity per coil, rate curves,
  cracking limit);
- :mod:`dashboard.views.runs`: Runs & batches page (run browser, comparison, batch
  intervals, sensitivity indices).

- :mod:`dashboard.views.line_view`: Line view page (the route at one moment, time steps,
  event log);
- :mod:`dashboard.views.compare`: Compare page (labelled KPIs and differences, batch points'
  paired intervals).

Every public name is re-exported here, so ``from dashboard import views`` and
``views.<name>`` work as before the split.
"""

from __future__ import annotations

from dashboard.views.cell import (
    CELL_METRICS,
    DEFAULT_C_RATES,
    LOADING_MULTIPLES,
    SOLVENTS,
    areal_capacity_per_coil,
    cell_metrics,
    cracking_limit_curve,
    cracking_limit_um,
    only_dry_reaches_um,
    rate_curves,
    representative_electrodes,
)
from dashboard.views.common import (
    NOT_AVAILABLE,
    RunView,
    histogram,
    mapping,
    number,
    run_view_from_result,
    run_view_from_store,
)
from dashboard.views.compare import (
    batch_points,
    labelled_kpis,
    largest_differences,
    paired_differences,
    short_names,
    significant_first,
    stored_run_labels,
)
from dashboard.views.energy import (
    COST_HEADLINES,
    ENERGY_BREAKDOWNS,
    ENERGY_HEADLINES,
    cost_and_co2,
    energy_breakdown,
    energy_headlines,
    route_label,
    scenario_route,
)
from dashboard.views.line import (
    OEE_COMPONENTS,
    downtime_pareto,
    hopper_columns,
    hopper_levels,
    oee_breakdown,
    state_timeline,
    station_state_columns,
    throughput_over_time,
)
from dashboard.views.line_view import (
    EVENT_LOG_ROWS,
    events_until,
    line_counters,
    next_step,
    snapshot_svg,
    station_table,
    step_times,
    view_capacities,
    view_route,
    view_snapshot,
)
from dashboard.views.optimisation import DEFAULT_OBJECTIVES, mark_front, study_frame
from dashboard.views.quality import (
    COIL_COLUMNS,
    MAX_PLOT_POINTS,
    SpecLimit,
    coating_solid_density_kg_per_m3,
    coil_table,
    downsample_along,
    scrap_by_cause,
    spec_limits,
)
from dashboard.views.runs import (
    BATCH_COORDINATES,
    HEADLINE_KPIS,
    KPI_UNITS,
    RUN_COLUMNS_FIRST,
    RUN_COLUMNS_LAST,
    SENSITIVITY_MAIN_INDICES,
    batch_coordinates,
    batch_kpis,
    batch_table,
    compare_runs,
    confidence_intervals,
    kpi_title,
    parse_summary,
    runs_table,
    sensitivity_files,
    sensitivity_frame,
)
from dashboard.views.scenario import (
    HEADLINE_METRICS,
    KEY_PARAMETERS,
    ROUTE_PARAMETERS,
    ParameterSpec,
    allowed_range,
    changed_overrides,
    decimals_for,
    field_info,
    headline_metrics,
    key_parameters,
    parameter_spec,
    parse_scenario_text,
    scenario_files,
    scenario_with_overrides,
    suggested_step,
    value_at,
    widget_limits,
)

__all__ = [
    "BATCH_COORDINATES",
    "CELL_METRICS",
    "COIL_COLUMNS",
    "COST_HEADLINES",
    "DEFAULT_C_RATES",
    "DEFAULT_OBJECTIVES",
    "ENERGY_BREAKDOWNS",
    "ENERGY_HEADLINES",
    "EVENT_LOG_ROWS",
    "HEADLINE_KPIS",
    "HEADLINE_METRICS",
    "KEY_PARAMETERS",
    "KPI_UNITS",
    "LOADING_MULTIPLES",
    "MAX_PLOT_POINTS",
    "NOT_AVAILABLE",
    "OEE_COMPONENTS",
    "ROUTE_PARAMETERS",
    "RUN_COLUMNS_FIRST",
    "RUN_COLUMNS_LAST",
    "SENSITIVITY_MAIN_INDICES",
    "SOLVENTS",
    "ParameterSpec",
    "RunView",
    "SpecLimit",
    "allowed_range",
    "areal_capacity_per_coil",
    "batch_coordinates",
    "batch_kpis",
    "batch_points",
    "batch_table",
    "cell_metrics",
    "changed_overrides",
    "coating_solid_density_kg_per_m3",
    "coil_table",
    "compare_runs",
    "confidence_intervals",
    "cost_and_co2",
    "cracking_limit_curve",
    "cracking_limit_um",
    "decimals_for",
    "downsample_along",
    "downtime_pareto",
    "energy_breakdown",
    "energy_headlines",
    "events_until",
    "field_info",
    "headline_metrics",
    "histogram",
    "hopper_columns",
    "hopper_levels",
    "key_parameters",
    "kpi_title",
    "labelled_kpis",
    "largest_differences",
    "line_counters",
    "mapping",
    "mark_front",
    "next_step",
    "number",
    "oee_breakdown",
    "only_dry_reaches_um",
    "paired_differences",
    "parameter_spec",
    "parse_scenario_text",
    "parse_summary",
    "rate_curves",
    "representative_electrodes",
    "route_label",
    "run_view_from_result",
    "run_view_from_store",
    "runs_table",
    "scenario_files",
    "scenario_route",
    "scenario_with_overrides",
    "scrap_by_cause",
    "sensitivity_files",
    "sensitivity_frame",
    "short_names",
    "significant_first",
    "snapshot_svg",
    "spec_limits",
    "state_timeline",
    "station_state_columns",
    "station_table",
    "step_times",
    "stored_run_labels",
    "study_frame",
    "suggested_step",
    "throughput_over_time",
    "value_at",
    "view_capacities",
    "view_route",
    "view_snapshot",
    "widget_limits",
]
