"""Data shaping for the dashboard pages: pure functions over run results and DataFrames.

Nothing here draws or talks to Streamlit, and nothing here is physics: the numbers come
from :mod:`line_sim` (runs, KPIs, the store) and :mod:`process_models` (electrode, cracking
limit). These functions only select, reshape, bin and label them for the charts.
"""

from __future__ import annotations

import json
import math
import tomllib
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import annotated_types
import numpy as np
import pandas as pd
from pydantic import BaseModel

from line_sim.errors import InputError
from line_sim.run import RunResult
from line_sim.scenario import Scenario, apply_overrides, parse_toml_text, scenario_from_dict

NOT_AVAILABLE = "not available for this run"
"""What a page says where a result is missing (older run, other route, stored run)."""

MAX_PLOT_POINTS = 5000
"""Upper bound on the points a segment series sends to the browser."""


# ----------------------------------------------------------------------------- runs


@dataclass(frozen=True)
class RunView:
    """One run as the pages see it, fresh from :func:`line_sim.simulate` or from the store.

    Attributes
    ----------
    run_id : str
        Identifier of the run.
    summary : dict
        The run's summary (``RunResult.summary()``): KPIs and nested breakdowns.
    scenario : Scenario or None
        The validated scenario; ``None`` if a stored scenario no longer validates.
    segments : DataFrame
        Per-segment web properties; empty for stored runs (the store keeps coils only).
    coils, events, intervals : DataFrame
        Coil table, event log and the engine's interval table.
    source : str
        ``"session"`` for a run made in this dashboard, ``"store"`` for a loaded one.
    warnings : list of str
        Warnings the run raised (e.g. outside calibrated ranges).
    """

    run_id: str
    summary: dict[str, Any]
    scenario: Scenario | None
    segments: pd.DataFrame
    coils: pd.DataFrame
    events: pd.DataFrame
    intervals: pd.DataFrame
    source: str
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """Short human label: scenario name, seed, horizon and id prefix."""
        s = self.summary
        return (f"{s.get('scenario', '?')} · seed {s.get('seed', '?')} · "
                f"{s.get('horizon_h', float('nan')):g} h · {self.run_id[:8]}")


def run_view_from_result(result: RunResult) -> RunView:
    """Wrap a fresh :class:`~line_sim.run.RunResult`."""
    return RunView(run_id=result.run_id, summary=result.summary(), scenario=result.scenario,
                   segments=result.segments, coils=result.coils, events=result.events,
                   intervals=result.intervals, source="session", warnings=list(result.warnings))


def run_view_from_store(run_id: str, loaded: Mapping[str, Any]) -> RunView:
    """Wrap a run loaded with :meth:`line_sim.store.ResultsStore.load`."""
    try:
        scenario: Scenario | None = scenario_from_dict(loaded["scenario"], source=f"run {run_id}")
    except InputError:
        scenario = None
    return RunView(run_id=run_id, summary=dict(loaded["summary"]), scenario=scenario,
                   segments=pd.DataFrame(), coils=loaded.get("coils", pd.DataFrame()),
                   events=loaded.get("events", pd.DataFrame()),
                   intervals=loaded.get("intervals", pd.DataFrame()), source="store",
                   warnings=list(loaded.get("warnings", [])))


def number(summary: Mapping[str, Any], key: str) -> float | None:
    """A finite numeric summary value, or ``None`` when missing, null or not finite."""
    value = summary.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def mapping(summary: Mapping[str, Any], key: str) -> dict[str, float]:
    """A nested ``{name: number}`` summary value (finite numbers only), or ``{}``."""
    value = summary.get(key)
    if not isinstance(value, Mapping):
        return {}
    return {str(k): float(v) for k, v in value.items()
            if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)}


# ------------------------------------------------------------------------- scenario


@dataclass(frozen=True)
class ParameterSpec:
    """A scenario field as an input widget: label, unit, help text and bounds.

    Bounds are the schema's; ``*_exclusive`` marks a strict bound (``gt``/``lt``).
    """

    path: str
    label: str
    unit: str
    help: str
    minimum: float | None
    maximum: float | None
    minimum_exclusive: bool
    maximum_exclusive: bool
    integer: bool

    @property
    def title(self) -> str:
        """Widget label with the unit, e.g. ``Base hall temperature [°C]``."""
        return f"{self.label} [{self.unit}]" if self.unit else self.label


KEY_PARAMETERS: tuple[str, ...] = (
    "environment.temperature_c",
    "environment.relative_humidity_pct",
    "materials.active_material.d50_um",
    "materials.binder.mass_fraction",
    "line.speed_m_per_min",
    "quality.loading_mg_per_cm2",
    "simulation.horizon_h",
)
"""Scenario fields every route offers as widgets on the Scenario page (dotted schema paths)."""

ROUTE_PARAMETERS: dict[str, tuple[str, ...]] = {
    "BF": ("stations.fibrillator.specific_energy_kj_per_kg", "stations.calender.line_load_n_per_mm",
           "stations.calender.roll_temperature_c", "stations.laminator.nip_temperature_c"),
    "DPSD": ("stations.spray_booth.voltage_kv", "stations.hot_calender.line_load_n_per_mm",
             "stations.hot_calender.roll_temperature_c"),
    "slurry": ("stations.coater.solids_mass_fraction", "stations.dryer.air_temperature_c",
               "stations.calender.line_load_n_per_mm"),
}
"""Station fields of each route offered as widgets, after :data:`KEY_PARAMETERS`."""


def key_parameters(scenario: Scenario) -> tuple[str, ...]:
    """The widget fields of a scenario: common ones and its route's that are set and numeric."""
    paths = (*KEY_PARAMETERS, *ROUTE_PARAMETERS.get(scenario.route, ()))
    return tuple(p for p in paths if _known_path(p)
                 and isinstance(value_at(scenario, p), int | float)
                 and not isinstance(value_at(scenario, p), bool))


def _known_path(path: str) -> bool:
    try:
        field_info(path)
    except KeyError:
        return False
    return True


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def field_info(path: str) -> Any:
    """The pydantic ``FieldInfo`` of a dotted scenario path.

    Raises
    ------
    KeyError
        If a part of the path is not a field of the schema.
    """
    model: type[BaseModel] | None = Scenario
    info = None
    for part in path.split("."):
        if model is None or part not in model.model_fields:
            raise KeyError(f"{path}: not a scenario field")
        info = model.model_fields[part]
        model = _model_of(info.annotation)
    return info


def _split_description(description: str) -> tuple[str, str]:
    """``"Set line speed of the web [m/min]."`` → (``"Set line speed of the web"``, ``"m/min"``)."""
    text = description.strip()
    start, end = text.find("["), text.find("]")
    if start < 0 or end < start:
        return text.rstrip("."), ""
    return text[:start].strip().rstrip("."), text[start + 1:end].strip()


def parameter_spec(path: str) -> ParameterSpec:
    """Widget description of a scenario field, from its schema description and bounds."""
    info = field_info(path)
    label, unit = _split_description(info.description or path)
    low = high = None
    low_open = high_open = False
    for bound in info.metadata:
        if isinstance(bound, annotated_types.Ge):
            low = float(bound.ge)
        elif isinstance(bound, annotated_types.Gt):
            low, low_open = float(bound.gt), True
        elif isinstance(bound, annotated_types.Le):
            high = float(bound.le)
        elif isinstance(bound, annotated_types.Lt):
            high, high_open = float(bound.lt), True
    integer = info.annotation is int
    return ParameterSpec(path=path, label=label, unit=unit, help=info.description or "",
                         minimum=low, maximum=high, minimum_exclusive=low_open,
                         maximum_exclusive=high_open, integer=integer)


def value_at(scenario: Scenario, path: str) -> Any:
    """The value of a dotted field in a validated scenario (defaults included).

    ``None`` where a table on the way is unset (e.g. a station of another route).
    """
    node: Any = scenario
    for part in path.split("."):
        if node is None:
            return None
        node = getattr(node, part)
    return node


def changed_overrides(scenario: Scenario, edited: Mapping[str, Any],
                      relative_tolerance: float = 1e-12) -> dict[str, Any]:
    """The edited values that differ from the scenario, as ``--set`` style overrides."""
    changed: dict[str, Any] = {}
    for path, new in edited.items():
        old = value_at(scenario, path)
        if isinstance(old, int | float) and isinstance(new, int | float) and old is not None:
            if math.isclose(float(old), float(new), rel_tol=relative_tolerance, abs_tol=1e-15):
                continue
        elif old == new:
            continue
        changed[path] = new
    return changed


def scenario_with_overrides(raw: Mapping[str, Any], overrides: Mapping[str, Any], source: str
                            ) -> Scenario:
    """Validate a raw scenario mapping with ``--set`` style overrides (``energy.*`` included).

    The mapping form of :func:`line_sim.scenario.load_scenario`; the ``[energy]`` table is a
    field of the scenario like any other.

    Raises
    ------
    InputError
        Any problem of the scenario, its energy table included, naming field, value and range.
    """
    return scenario_from_dict(apply_overrides(dict(raw), dict(overrides), source), source)


def parse_scenario_text(text: str, source: str) -> dict[str, Any]:
    """Parse uploaded TOML text into a raw scenario mapping.

    Raises
    ------
    InputError
        If the text is not valid TOML (the message names the source and the position).
    """
    return parse_toml_text(text, source)


# ----------------------------------------------------------------------------- line


def _interval_end_positions(intervals: pd.DataFrame) -> np.ndarray:
    duration_min = (intervals["end_h"] - intervals["start_h"]).to_numpy() * 60.0
    return intervals["position_m"].to_numpy() + intervals["speed_m_per_min"].to_numpy() * duration_min


def throughput_over_time(intervals: pd.DataFrame, segments: pd.DataFrame,
                         bin_h: float = 1.0) -> pd.DataFrame:
    """Produced (and, with segments, good) web length per hour, binned in time.

    The web position is piecewise linear in time (constant speed between events), so the
    produced length in a bin is the difference of the interpolated positions at its edges.

    Returns
    -------
    DataFrame
        Long form: ``time_h`` (bin start), ``series`` ("produced", "good") and ``m_per_h``.
    """
    if intervals.empty or bin_h <= 0.0:
        return pd.DataFrame(columns=["time_h", "series", "m_per_h"])
    horizon_h = float(intervals["end_h"].max())
    edges = np.arange(0.0, horizon_h + bin_h * 0.5, bin_h)
    if edges[-1] < horizon_h:
        edges = np.append(edges, horizon_h)
    times = np.append(intervals["start_h"].to_numpy(), intervals["end_h"].to_numpy()[-1])
    positions = np.append(intervals["position_m"].to_numpy(), _interval_end_positions(intervals)[-1])
    widths = np.diff(edges)
    frames = [pd.DataFrame({"time_h": edges[:-1], "series": "produced",
                            "m_per_h": np.diff(np.interp(edges, times, positions)) / widths})]
    if not segments.empty and {"time_h", "length_m", "good"} <= set(segments.columns):
        good, _ = np.histogram(segments["time_h"], bins=edges,
                               weights=segments["length_m"] * segments["good"])
        frames.append(pd.DataFrame({"time_h": edges[:-1], "series": "good",
                                    "m_per_h": good / widths}))
    return pd.concat(frames, ignore_index=True)


def _layout(route: str | None) -> Any:
    """``line_sim.line.route_layout`` of a route, or None for an unknown route."""
    from line_sim.line import route_layout

    try:
        return route_layout(route or "BF")
    except KeyError:
        return None


def station_state_columns(route: str | None) -> dict[str, str]:
    """Timeline rows of a route and the interval columns that hold their states.

    The engine logs the mixer, the converter (BF: fibrillator; none on DPSD and slurry) and
    the web group under fixed column names; the labels name the route's own stations.
    """
    layout = _layout(route)
    if layout is None:
        return {"mixer": "mixer_state", "web stations": "line_state"}
    rows = {"mixer": "mixer_state"}
    if layout.converter:
        rows[layout.converter.replace("_", " ")] = "fibrillator_state"
    rows["web: " + ", ".join(s.replace("_", " ") for s in layout.web_stations)] = "line_state"
    return rows


def hopper_columns(route: str | None) -> dict[str, str]:
    """Buffers of a route and the interval columns that hold their levels."""
    layout = _layout(route)
    if layout is None:
        return {"first buffer": "powder_hopper_kg", "second buffer": "dough_hopper_kg"}
    columns = {layout.first_buffer.replace("_", " "): "powder_hopper_kg"}
    if layout.second_buffer:
        columns[layout.second_buffer.replace("_", " ")] = "dough_hopper_kg"
    return columns


def state_timeline(intervals: pd.DataFrame, route: str | None = "BF") -> pd.DataFrame:
    """Station states as bars: consecutive intervals in the same state are merged.

    Returns
    -------
    DataFrame
        ``station``, ``state``, ``cause`` (failed station or stop cause of the line),
        ``start_h``, ``end_h``, ``duration_h``.
    """
    rows: list[pd.DataFrame] = []
    for station, column in station_state_columns(route).items():
        if column not in intervals.columns or intervals.empty:
            continue
        state = intervals[column].astype(str).to_numpy()
        cause = (intervals["line_cause"].astype(str).to_numpy() if column == "line_state"
                 and "line_cause" in intervals.columns else np.full(state.size, ""))
        label = np.char.add(np.char.add(state.astype(str), "|"), cause.astype(str))
        starts = np.flatnonzero(np.r_[True, label[1:] != label[:-1]])
        ends = np.r_[starts[1:], state.size] - 1
        rows.append(pd.DataFrame({
            "station": station, "state": state[starts], "cause": cause[starts],
            "start_h": intervals["start_h"].to_numpy()[starts],
            "end_h": intervals["end_h"].to_numpy()[ends]}))
    if not rows:
        return pd.DataFrame(columns=["station", "state", "cause", "start_h", "end_h", "duration_h"])
    frame = pd.concat(rows, ignore_index=True)
    frame["duration_h"] = frame["end_h"] - frame["start_h"]
    return frame


def hopper_levels(intervals: pd.DataFrame, route: str | None = "BF") -> pd.DataFrame:
    """Buffer levels at every interval start, long form: ``time_h``, ``hopper``, ``level_kg``."""
    present = {name: col for name, col in hopper_columns(route).items() if col in intervals.columns}
    if intervals.empty or not present:
        return pd.DataFrame(columns=["time_h", "hopper", "level_kg"])
    wide = intervals[["start_h", *present.values()]].rename(
        columns={"start_h": "time_h", **{c: n for n, c in present.items()}})
    return wide.melt(id_vars="time_h", var_name="hopper", value_name="level_kg")


def downtime_pareto(downtime_by_cause_h: Mapping[str, float]) -> pd.DataFrame:
    """Stop causes sorted by hours, with the cumulative share for a Pareto chart.

    Returns
    -------
    DataFrame
        ``cause``, ``hours``, ``cumulative_pct`` (0–100), largest cause first.
    """
    frame = pd.DataFrame({"cause": list(downtime_by_cause_h),
                          "hours": [float(v) for v in downtime_by_cause_h.values()]})
    frame = frame[frame["hours"] > 0].sort_values("hours", ascending=False, kind="stable")
    total = frame["hours"].sum()
    frame["cumulative_pct"] = frame["hours"].cumsum() / total * 100.0 if total > 0 else 0.0
    return frame.reset_index(drop=True)


OEE_COMPONENTS = ("availability", "performance", "quality", "oee")


def oee_breakdown(summary: Mapping[str, Any]) -> pd.DataFrame:
    """Availability, performance, quality and OEE in percent (components present only)."""
    rows = [(name, value * 100.0) for name in OEE_COMPONENTS
            if (value := number(summary, name)) is not None]
    return pd.DataFrame(rows, columns=["component", "percent"])


# -------------------------------------------------------------------------- quality


def scrap_by_cause(summary: Mapping[str, Any]) -> pd.DataFrame:
    """Scrapped length by cause [m], largest first (causes with zero length kept)."""
    frame = pd.DataFrame(list(mapping(summary, "scrap_by_cause").items()),
                         columns=["cause", "length_m"])
    return frame.sort_values("length_m", ascending=False, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class SpecLimit:
    """Target and allowed band of one measured property."""

    column: str
    title: str
    target: float
    low: float
    high: float


def coating_solid_density_kg_per_m3(scenario: Scenario) -> float:
    """Pore-free density of the scenario's dry blend [kg/m³] (``process_models.materials``)."""
    from process_models.materials import (
        active_material,
        binder,
        conductive_additive,
        solid_density_kg_per_m3,
    )

    m = scenario.materials
    return float(solid_density_kg_per_m3(
        (m.active_material.mass_fraction, m.conductive_additive.mass_fraction, m.binder.mass_fraction),
        (active_material(m.active_material.name).density_kg_per_m3,
         conductive_additive(m.conductive_additive.name).density_kg_per_m3,
         binder(m.binder.name).density_kg_per_m3)))


def spec_limits(scenario: Scenario) -> dict[str, SpecLimit]:
    """Spec bands of loading, porosity and thickness, as the inline gauge checks them.

    Without a thickness target in the scenario, the target follows from the loading and
    porosity targets and the blend's pore-free density, as on the line.
    """
    from process_models.electrode import thickness_from_loading_m

    q = scenario.quality
    thickness = (q.thickness_um if q.thickness_um is not None else float(
        thickness_from_loading_m(q.loading_mg_per_cm2 / 100.0,
                                 coating_solid_density_kg_per_m3(scenario), q.porosity)) * 1e6)
    load_band = q.loading_mg_per_cm2 * q.loading_tolerance_pct / 100.0
    thick_band = thickness * q.thickness_tolerance_pct / 100.0
    return {
        "loading": SpecLimit("measured_loading_mg_per_cm2", "Loading per side [mg/cm²]",
                             q.loading_mg_per_cm2, q.loading_mg_per_cm2 - load_band,
                             q.loading_mg_per_cm2 + load_band),
        "porosity": SpecLimit("measured_porosity", "Porosity [-]", q.porosity,
                              q.porosity - q.porosity_tolerance, q.porosity + q.porosity_tolerance),
        "thickness": SpecLimit("measured_thickness_um", "Thickness per side [µm]", thickness,
                               thickness - thick_band, thickness + thick_band),
    }


def downsample_along(frame: pd.DataFrame, x: str, y: str,
                     max_points: int = MAX_PLOT_POINTS) -> pd.DataFrame:
    """Bucket a long series to at most ``max_points`` rows, keeping each bucket's spread.

    Returns
    -------
    DataFrame
        ``x`` (bucket mean of ``x``), ``mean``, ``low`` and ``high`` (bucket min and max of
        ``y``), so excursions stay visible as a band.
    """
    if max_points < 1:
        raise ValueError(f"max_points must be >= 1, got {max_points}")
    data = frame[[x, y]].dropna()
    if data.empty:
        return pd.DataFrame(columns=[x, "mean", "low", "high"])
    bucket = np.arange(len(data)) * max_points // len(data)
    grouped = data.groupby(bucket)
    return pd.DataFrame({x: grouped[x].mean(), "mean": grouped[y].mean(),
                         "low": grouped[y].min(), "high": grouped[y].max()}).reset_index(drop=True)


def histogram(values: Iterable[float], bins: int = 40,
              weights: Iterable[float] | None = None) -> pd.DataFrame:
    """Binned counts (or summed weights) of finite values: ``bin_start``, ``bin_end``, ``count``."""
    data = np.asarray(list(values) if not isinstance(values, np.ndarray | pd.Series) else values,
                      dtype=float)
    w = None if weights is None else np.asarray(
        list(weights) if not isinstance(weights, np.ndarray | pd.Series) else weights, dtype=float)
    finite = np.isfinite(data)
    if not finite.any():
        return pd.DataFrame(columns=["bin_start", "bin_end", "count"])
    counts, edges = np.histogram(data[finite], bins=bins, weights=None if w is None else w[finite])
    return pd.DataFrame({"bin_start": edges[:-1], "bin_end": edges[1:], "count": counts})


COIL_COLUMNS: dict[str, str] = {
    "coil": "coil",
    "start_h": "start [h]",
    "end_h": "end [h]",
    "length_m": "length [m]",
    "good_length_m": "good [m]",
    "yield_fraction": "yield [-]",
    "mean_loading_mg_per_cm2": "loading [mg/cm²]",
    "loading_cv": "loading CV [-]",
    "mean_porosity": "porosity [-]",
    "mean_thickness_um": "thickness [µm]",
    "mean_adhesion_kpa": "adhesion [kPa]",
    "moisture_capacity_loss_fraction": "moisture capacity loss [-]",
    "areal_capacity_mah_per_cm2": "areal capacity [mAh/cm²]",
    "utilisation_1c": "utilisation at 1C [-]",
    "delivered_capacity_1c_mah_per_cm2": "delivered capacity at 1C [mAh/cm²]",
    "usable_capacity_fraction": "usable capacity [-]",
    "first_batch": "first batch",
    "last_batch": "last batch",
}
"""Per-coil columns shown first, with readable headers and units; others follow as stored."""


def coil_table(coils: pd.DataFrame) -> pd.DataFrame:
    """The coil table with readable headers (units in brackets), known columns first."""
    known = [c for c in COIL_COLUMNS if c in coils.columns]
    rest = [c for c in coils.columns if c not in COIL_COLUMNS]
    return coils[known + rest].rename(columns=COIL_COLUMNS)


# --------------------------------------------------------------------------- energy

ENERGY_BREAKDOWNS: dict[str, str] = {
    "stage": "energy_by_stage_kwh_per_m2",
    "carrier": "energy_by_carrier_kwh_per_m2",
}
"""Breakdown name → summary key of a ``{part: kWh/m²}`` object."""

ENERGY_HEADLINES: dict[str, str] = {
    "energy_kwh_per_m2": "Energy per m² of electrode [kWh/m²]",
    "energy_kwh_per_kwh_cell": "Energy per kWh of cell [kWh/kWh]",
}
"""Scalar energy KPIs and their labels."""


def route_label(summary: Mapping[str, Any]) -> str:
    """``"BF: BF NMC811 baseline"`` (route and scenario name)."""
    return f"{summary.get('route', '?')}: {summary.get('scenario', '?')}"


def energy_breakdown(summaries: Sequence[Mapping[str, Any]], breakdown: str) -> pd.DataFrame:
    """Energy by stage or carrier of several runs, long form.

    Returns
    -------
    DataFrame
        ``run`` (route label), ``part`` and ``kwh_per_m2``; runs without the breakdown
        contribute no rows.
    """
    key = ENERGY_BREAKDOWNS[breakdown]
    rows = [(route_label(s), part, value) for s in summaries
            for part, value in mapping(s, key).items()]
    return pd.DataFrame(rows, columns=["run", "part", "kwh_per_m2"])


def energy_headlines(summaries: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Scalar energy KPIs of several runs, long form: ``run``, ``kpi``, ``value``."""
    rows = [(route_label(s), label, value) for s in summaries
            for key, label in ENERGY_HEADLINES.items() if (value := number(s, key)) is not None]
    return pd.DataFrame(rows, columns=["run", "kpi", "value"])


# ----------------------------------------------------------------------------- cell


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
        Recipe shared by the electrodes (:func:`line_sim.performance.coil_spec`).
    electrodes : mapping
        Label → (loading [mg/cm²], porosity [-], moisture capacity loss [-]).
    c_rates : sequence of float
        C-rates [1/h].

    Returns
    -------
    DataFrame
        ``electrode``, ``c_rate``, ``utilisation``, ``delivered_capacity_mah_per_cm2``.
    """
    from process_models.electrode import coil_performance

    rows = []
    for label, (loading, porosity, loss) in electrodes.items():
        for rate in c_rates:
            out = coil_performance(spec, [loading], [porosity], [loss], [1.0], rate)
            rows.append((label, rate, float(out["utilisation"][0]),
                         float(out["delivered_capacity_mah_per_cm2"][0])))
    return pd.DataFrame(rows, columns=["electrode", "c_rate", "utilisation",
                                       "delivered_capacity_mah_per_cm2"])


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


# ----------------------------------------------------------------------- runs & batches

HEADLINE_KPIS: tuple[str, ...] = (
    "throughput_good_m2_per_h", "yield_fraction", "oee", "availability", "mean_loading_mg_per_cm2",
    "loading_cv", "mean_porosity", "mean_thickness_um", "moisture_capacity_loss_fraction",
    "energy_kwh_per_m2", "energy_kwh_per_kwh_cell", "areal_capacity_mah_per_cm2",
    "cell_energy_wh_per_kg", "cell_energy_wh_per_l", "mean_transfer_efficiency",
)
"""KPIs the run browser shows when the runs have them."""


def parse_summary(text: Any) -> dict[str, Any]:
    """A stored ``summary_json`` as a dict (``{}`` for null or unparseable text)."""
    if not isinstance(text, str):
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def runs_table(runs: pd.DataFrame, kpis: Sequence[str] = HEADLINE_KPIS) -> pd.DataFrame:
    """Stored runs with their headline KPIs as columns (KPIs no run has are left out)."""
    if runs.empty:
        return runs.drop(columns=["summary_json"], errors="ignore")
    summaries = runs["summary_json"].map(parse_summary) if "summary_json" in runs else None
    table = runs.drop(columns=["summary_json"], errors="ignore").copy()
    if summaries is None:
        return table
    for key in kpis:
        values = summaries.map(lambda s, k=key: number(s, k))
        if values.notna().any():
            table[key] = values.astype(float)
    first = [c for c in RUN_COLUMNS_FIRST if c in table.columns]
    last = [c for c in RUN_COLUMNS_LAST if c in table.columns]
    return table[first + [c for c in table.columns if c not in first + last] + last]


RUN_COLUMNS_FIRST = ("scenario_name", "route", "seed", "horizon_h", "created_utc", "batch_id")
RUN_COLUMNS_LAST = ("batch_key", "version", "wall_time_s", "scenario_hash", "run_id")
"""Column order of the run browser: what identifies a run, KPIs, then bookkeeping."""


def compare_runs(runs: pd.DataFrame, run_ids: Sequence[str],
                 kpis: Sequence[str] | None = None) -> pd.DataFrame:
    """KPIs of chosen runs side by side: one row per KPI, one column per run.

    Columns are labelled ``scenario · seed · id prefix``; with ``kpis=None`` every numeric
    top-level KPI that any chosen run has is shown.
    """
    chosen = runs[runs["run_id"].isin(run_ids)]
    columns: dict[str, dict[str, float | None]] = {}
    for _, row in chosen.iterrows():
        summary = parse_summary(row.get("summary_json"))
        keys = kpis if kpis is not None else [k for k in summary if number(summary, k) is not None
                                              and k not in ("seed",)]
        label = f"{row.get('scenario_name', '?')} · seed {row.get('seed', '?')} · {row['run_id'][:8]}"
        columns[label] = {k: number(summary, k) for k in keys}
    return pd.DataFrame(columns)


def batch_coordinates(batch_key: Any) -> dict[str, int] | None:
    """``{"scenario", "point", "replication"}`` of a stored ``batch_key`` (None if unparseable)."""
    try:
        value = json.loads(batch_key) if isinstance(batch_key, str) else None
    except json.JSONDecodeError:
        return None
    if not isinstance(value, dict) or not {"scenario", "point", "replication"} <= set(value):
        return None
    return {k: int(value[k]) for k in ("scenario", "point", "replication")}


def batch_table(runs: pd.DataFrame, batch_id: str) -> pd.DataFrame:
    """The runs of one batch: coordinates and flat KPIs (``line_sim.batch.flat_kpis``).

    Returns
    -------
    DataFrame
        ``run_id``, ``scenario``, ``scenario_index``, ``point_index``, ``replication``,
        ``seed`` and one column per numeric KPI (nested ones dotted).
    """
    from line_sim.batch import flat_kpis

    members = runs[runs["batch_id"] == batch_id] if "batch_id" in runs.columns else runs.iloc[0:0]
    records = []
    for row in members.itertuples():
        where = batch_coordinates(row.batch_key)
        if where is None:
            continue
        records.append({"run_id": row.run_id, "scenario": row.scenario_name,
                        "scenario_index": where["scenario"], "point_index": where["point"],
                        "replication": where["replication"], "seed": row.seed,
                        **flat_kpis(parse_summary(row.summary_json))})
    return pd.DataFrame.from_records(records)


BATCH_COORDINATES = ("run_id", "scenario", "scenario_index", "point_index", "replication", "seed")


def batch_kpis(table: pd.DataFrame) -> list[str]:
    """KPI columns of a :func:`batch_table`, headline KPIs first."""
    kpis = [c for c in table.columns if c not in BATCH_COORDINATES]
    return sorted(kpis, key=lambda k: (k not in HEADLINE_KPIS, HEADLINE_KPIS.index(k)
                                       if k in HEADLINE_KPIS else 0, k))


def confidence_intervals(table: pd.DataFrame, kpi: str) -> pd.DataFrame:
    """Mean and 95 % Student-t interval of a KPI per scenario and sweep point of a batch.

    The statistics are ``line_sim.batch.describe``'s, as ``drytwin batch`` prints them.

    Returns
    -------
    DataFrame
        ``point`` (scenario and point index), ``n``, ``mean``, ``std``, ``ci_low``,
        ``ci_high`` (``NaN`` bounds for a single replication).
    """
    from line_sim.batch import describe

    columns = ["point", "n", "mean", "std", "ci_low", "ci_high"]
    if table.empty or kpi not in table.columns:
        return pd.DataFrame(columns=columns)
    rows = []
    for (_, point), group in table.groupby(["scenario_index", "point_index"], sort=True):
        stats = describe(group[kpi].to_numpy(dtype=float))
        rows.append((f"{group['scenario'].iloc[0]} · point {point}", stats["n"], stats["mean"],
                     stats["std"], stats["mean"] - stats["ci95"], stats["mean"] + stats["ci95"]))
    return pd.DataFrame(rows, columns=columns)


def sensitivity_frame(indices: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
    """Indices of one KPI (``{field: {index: value}}``) as a table: ``factor`` + one column each."""
    frame = pd.DataFrame.from_dict({k: dict(v) for k, v in indices.items()}, orient="index")
    return frame.rename_axis("factor").reset_index()


SENSITIVITY_MAIN_INDICES = {"sobol": ("S1", "ST"), "morris": ("mu_star", "sigma")}
"""Indices the chart shows per method (the confidence columns stay in the table)."""


def scenario_route(path: Any) -> str | None:
    """The ``route`` a scenario file names (``"BF"`` when it names none), or None if unreadable."""
    from pathlib import Path

    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    route = raw.get("route", "BF")
    return route if isinstance(route, str) else None


def sensitivity_files(directory: Any) -> list[Any]:
    """TOML files in ``directory`` with a ``[sensitivity]`` table (``drytwin sensitivity`` input)."""
    from pathlib import Path

    folder = Path(directory)
    found = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        if isinstance(raw.get("sensitivity"), dict):
            found.append(path)
    return found


def scenario_files(directory: Any) -> list[Any]:
    """TOML files in ``directory`` that look like line scenarios (have a ``materials`` table).

    Electrode DESIGN files share the folder; they have no ``materials`` table and are left out.
    Unreadable or malformed files are kept, so the page can show what is wrong with them.
    """
    from pathlib import Path

    folder = Path(directory)
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.toml")):
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            found.append(path)
            continue
        if "materials" in raw:
            found.append(path)
    return found


def suggested_step(spec: ParameterSpec, value: float) -> float:
    """A widget step about 1 % of the value's magnitude (1 for integer fields)."""
    if spec.integer:
        return 1.0
    magnitude = abs(value) or abs(spec.maximum or 0.0) or 1.0
    return float(10.0 ** (math.floor(math.log10(magnitude)) - 2))


def widget_limits(spec: ParameterSpec, step: float) -> tuple[float | None, float | None]:
    """Inclusive widget bounds: strict schema bounds move one step inwards."""
    low = None if spec.minimum is None else spec.minimum + (step if spec.minimum_exclusive else 0.0)
    high = None if spec.maximum is None else spec.maximum - (step if spec.maximum_exclusive else 0.0)
    return low, high


def decimals_for(step: float) -> int:
    """Decimal places that show a step, e.g. 0.001 → 3."""
    return max(0, -math.floor(math.log10(step))) if step > 0 else 0


HEADLINE_METRICS: dict[str, tuple[str, float, str]] = {
    "throughput_good_m2_per_h": ("Good throughput [m²/h]", 1.0, "{:,.0f}"),
    "yield_fraction": ("Yield [%]", 100.0, "{:.2f}"),
    "oee": ("OEE [%]", 100.0, "{:.1f}"),
    "mean_loading_mg_per_cm2": ("Mean loading [mg/cm²]", 1.0, "{:.3f}"),
    "loading_cv": ("Loading CV [%]", 100.0, "{:.3f}"),
    "moisture_capacity_loss_fraction": ("Moisture capacity loss [%]", 100.0, "{:.4f}"),
    "energy_kwh_per_m2": ("Energy [kWh/m²]", 1.0, "{:.3f}"),
    "mean_transfer_efficiency": ("Spray transfer efficiency [%]", 100.0, "{:.1f}"),
}
"""Headline KPIs of the Scenario page: label, display scale and format."""


def headline_metrics(summary: Mapping[str, Any], previous: Mapping[str, Any] | None = None
                     ) -> list[tuple[str, str, str | None]]:
    """(label, value text, delta text or None) of the headline KPIs the run has."""
    out = []
    for key, (label, scale, fmt) in HEADLINE_METRICS.items():
        value = number(summary, key)
        if value is None:
            continue
        before = number(previous, key) if previous is not None else None
        delta = None if before is None else fmt.format((value - before) * scale)
        if delta is not None and not delta.startswith("-"):
            delta = "+" + delta
        out.append((label, fmt.format(value * scale), delta))
    return out


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


KPI_UNITS: tuple[tuple[str, str], ...] = (
    ("_m2_per_h", "m²/h"), ("_m_per_h", "m/h"), ("_mg_per_cm2", "mg/cm²"),
    ("_mah_per_cm2", "mAh/cm²"), ("_kwh_per_kwh_cell", "kWh/kWh"), ("_kwh_per_m2", "kWh/m²"),
    ("_wh_per_kg", "Wh/kg"), ("_wh_per_l", "Wh/L"), ("_mpa", "MPa"), ("_um", "µm"),
    ("_m2", "m²"), ("_m", "m"), ("_h", "h"), ("_s", "s"), ("_fraction", "-"), ("_cv", "-"),
)
"""Unit of a KPI from the suffix of its name (first match wins)."""


def kpi_title(key: str) -> str:
    """Axis title of a KPI with its unit: ``yield_fraction`` → ``yield fraction [-]``."""
    unit = next((u for suffix, u in KPI_UNITS if key.endswith(suffix)), "-")
    return f"{key.replace('_', ' ')} [{unit}]"
