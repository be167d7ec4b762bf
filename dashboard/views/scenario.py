"""Scenario page (``dashboard/pages/scenario.py``): scenario files, parameter widgets, overrides.

Which scenario files the page lists, the schema fields offered as number inputs (label, unit,
bounds and step from the schema), the overrides an edit makes, and the headline KPIs of a run.
"""

from __future__ import annotations

import math
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import annotated_types
from pydantic import BaseModel

from dashboard.views.common import number
from line_sim.scenario import Scenario, apply_overrides, parse_toml_text, scenario_from_dict


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


def allowed_range(spec: ParameterSpec) -> str:
    """The schema's allowed range in words, e.g. ``allowed: > 0 and ≤ 300``."""
    def number(x: float) -> str:
        return f"{int(x):,}" if abs(x) >= 1e6 and float(x).is_integer() else f"{x:g}"

    parts = []
    if spec.minimum is not None:
        parts.append(f"{'>' if spec.minimum_exclusive else '≥'} {number(spec.minimum)}")
    if spec.maximum is not None:
        parts.append(f"{'<' if spec.maximum_exclusive else '≤'} {number(spec.maximum)}")
    return "allowed: " + " and ".join(parts) if parts else "allowed: any number"


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
