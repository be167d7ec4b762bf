"""Process window: a grid over two scenario settings, and what limits each point.

``drytwin window SCENARIO --x KEY=LOW:HIGH:N --y KEY=LOW:HIGH:N`` runs the scenario at every
grid point (through the batch executors, each run saved in the store with the window's
batch id) and maps good output per hour, yield, energy per kWh of cell and the
**limiting mechanism** of each point:

1. if the run reports a speed limit (``speed_limit_m_per_min``) and the set line speed
   exceeds it, the mechanism is the run's ``speed_limit_mechanism``;
2. otherwise, if the yield is below :data:`YIELD_THRESHOLD`, the scrap cause with the most
   metres (``scrap_by_cause``);
3. otherwise ``"none"``.

Every axis and every grid point is validated before the first run starts.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from line_sim.errors import InputError
from line_sim.scenario import Scenario
from line_sim.store import ResultsStore
from line_sim.studies.batch.executors import ExecutorSpec
from line_sim.studies.batch.plan import BatchPlan, RunTask, batch_key
from line_sim.studies.batch.runner import BatchRunReport, run_batch
from line_sim.studies.sweep import scenario_at

YIELD_THRESHOLD = 0.9
"""Below this yield a point's limiting mechanism is its largest scrap cause [-]."""
MIN_POINTS, MAX_POINTS = 2, 50
PASSED_KPIS = ("porosity_cv", "nip_temperature_c", "cracked_particle_fraction",
               "first_cycle_efficiency", "speed_limit_m_per_min", "speed_limit_mechanism")
"""KPIs copied to each point when the run has them (null otherwise)."""
OUTPUT_KPIS = ("throughput_good_m2_per_h", "yield_fraction", "energy_kwh_per_kwh_cell")
_AXIS = re.compile(r"^\s*([A-Za-z0-9_.]+)\s*=\s*([^:]+):([^:]+):([^:]+)\s*$")


@dataclass(frozen=True)
class Axis:
    """One axis of the window: a dotted scenario key and its grid values."""

    key: str
    values: tuple[float | int, ...]


def parse_axis(spec: str, option: str) -> Axis:
    """``KEY=LOW:HIGH:N`` → N evenly spaced values (integers if LOW, HIGH and the step are).

    Raises
    ------
    InputError
        A malformed spec, LOW ≥ HIGH, N outside 2–50.
    """
    match = _AXIS.match(spec)
    if match is None:
        raise InputError(f"{option} {spec!r}: expected KEY=LOW:HIGH:N, e.g. "
                         "line.speed_m_per_min=20:60:4")
    key, low_text, high_text, n_text = match.groups()
    try:
        low, high, n = float(low_text), float(high_text), int(n_text)
    except ValueError:
        raise InputError(f"{option} {spec!r}: LOW and HIGH must be numbers and N an integer"
                         ) from None
    if not (math.isfinite(low) and math.isfinite(high)) or low >= high:
        raise InputError(f"{option} {spec!r}: LOW ({low_text}) must be below HIGH ({high_text})")
    if not MIN_POINTS <= n <= MAX_POINTS:
        raise InputError(f"{option} {spec!r}: N = {n}; allowed: {MIN_POINTS} to {MAX_POINTS}")
    values = np.linspace(low, high, n)
    integral = all(_is_int(t) for t in (low_text, high_text)) and np.allclose(values, np.round(values))
    return Axis(key, tuple(round(float(v)) for v in values) if integral else tuple(float(v) for v in values))


def _is_int(text: str) -> bool:
    return re.fullmatch(r"\s*[+-]?\d+\s*", text) is not None


def plan_window(scenario: Scenario, x: Axis, y: Axis, hours: float | None = None,
                seed: int | None = None) -> BatchPlan:
    """One run per grid point (x outer, y inner), each scenario validated now.

    Raises
    ------
    InputError
        Both axes on one key, a key that names no scenario field, or a value the scenario
        refuses (the first such point), before any run.
    """
    if x.key == y.key:
        raise InputError(f"--x and --y both set {x.key}; allowed: two different settings")
    points = [{x.key: vx, y.key: vy} for vx in x.values for vy in y.values]
    scenarios = [scenario_at(scenario, point, source=f"<window {x.key}={point[x.key]}, "
                             f"{y.key}={point[y.key]}>") for point in points]
    run_seed = scenario.seed if seed is None else seed
    identity = json.dumps({"scenario": scenario.canonical_hash(), "x": [x.key, list(x.values)],
                           "y": [y.key, list(y.values)], "hours": hours, "seed": run_seed},
                          sort_keys=True)
    batch_id = "window-" + hashlib.sha256(identity.encode()).hexdigest()[:16]
    tasks = tuple(RunTask(key=batch_key(0, i, 0), scenario_index=0, point_index=i, replication=0,
                          seed=run_seed, hours=hours, scenario=s)
                  for i, s in enumerate(scenarios))
    return BatchPlan(batch_id=batch_id, name=f"window {scenario.name}", scenario_names=(scenario.name,),
                     sweep_keys=(x.key, y.key), points=tuple(points), replications=1,
                     common_random_numbers=True, kpis=None, tasks=tasks)


def run_window(plan: BatchPlan, store: ResultsStore, executor: ExecutorSpec | None = None,
               progress: Any = None) -> tuple[BatchRunReport, list[dict[str, Any]]]:
    """Simulate (or reuse from the store) every point and return the window's points."""
    report = run_batch(plan, store, executor or ExecutorSpec(workers=1), progress=progress)
    return report, window_points(plan, store)


def window_points(plan: BatchPlan, store: ResultsStore) -> list[dict[str, Any]]:
    """One dict per grid point: the two settings, the KPIs and the limiting mechanism."""
    stored = store.runs()
    stored = stored[stored["batch_id"] == plan.batch_id] if "batch_id" in stored else stored.iloc[0:0]
    summaries = {key: json.loads(text) for key, text in zip(stored["batch_key"],
                                                             stored["summary_json"], strict=True)}
    points = []
    for task in plan.tasks:
        summary = summaries.get(task.key)
        if summary is None:
            continue
        point = dict(plan.points[task.point_index])
        point |= point_kpis(summary, task.scenario.line.speed_m_per_min)
        points.append(point)
    return points


def point_kpis(summary: Mapping[str, Any], set_speed_m_per_min: float) -> dict[str, Any]:
    """KPIs of one window point and its limiting mechanism (rule: module docstring)."""
    out: dict[str, Any] = {k: summary.get(k) for k in PASSED_KPIS}
    out |= {k: summary.get(k) for k in OUTPUT_KPIS}
    out["limiting_mechanism"] = limiting_mechanism(summary, set_speed_m_per_min)
    return out


def limiting_mechanism(summary: Mapping[str, Any], set_speed_m_per_min: float) -> str:
    """The binding mechanism of a run: speed limit, else largest scrap cause, else none."""
    limit = summary.get("speed_limit_m_per_min")
    if isinstance(limit, int | float) and math.isfinite(limit) and set_speed_m_per_min > limit * (1 + 1e-9):
        return str(summary.get("speed_limit_mechanism") or "speed_limit")
    yield_fraction = summary.get("yield_fraction")
    scrap = summary.get("scrap_by_cause") or {}
    if isinstance(yield_fraction, int | float) and yield_fraction < YIELD_THRESHOLD and scrap:
        cause, metres = max(scrap.items(), key=lambda kv: kv[1])
        if metres > 0:
            return str(cause)
    return "none"


def write_window_image(points: list[dict[str, Any]], x_key: str, y_key: str,
                       path: str | Path, title: str = "") -> Path:
    """PNG map: colour = good output per hour [m²/h]; marker and label = limiting mechanism."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = window_figure(points, x_key, y_key, title, plt)
    path = Path(path)
    fig.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(fig)
    return path


MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<", ">")


def window_figure(points: list[dict[str, Any]], x_key: str, y_key: str, title: str = "",
                  plt: Any = None) -> Any:
    """The window map as a matplotlib figure (see :func:`write_window_image`)."""
    if plt is None:
        import matplotlib.pyplot as plt
    xs = np.array([p[x_key] for p in points], dtype=float)
    ys = np.array([p[y_key] for p in points], dtype=float)
    good = np.array([p.get("throughput_good_m2_per_h") or 0.0 for p in points], dtype=float)
    mechanisms = [p["limiting_mechanism"] for p in points]
    kinds = sorted(set(mechanisms), key=lambda m: (m != "none", m))
    fig, ax = plt.subplots(figsize=(7.5, 5.5))
    scatter = None
    for i, kind in enumerate(kinds):
        mask = np.array([m == kind for m in mechanisms])
        scatter = ax.scatter(xs[mask], ys[mask], c=good[mask], vmin=good.min(), vmax=max(good.max(), 1e-9),
                             cmap="viridis", s=260, marker=MARKERS[i % len(MARKERS)],
                             edgecolors="k", label=kind)
    for xv, yv, m in zip(xs, ys, mechanisms, strict=True):
        if m != "none":
            ax.annotate(m, (xv, yv), textcoords="offset points", xytext=(0, 12), ha="center",
                        fontsize=7)
    if scatter is not None:
        fig.colorbar(scatter, ax=ax, label="good output [m²/h]")
    ax.set_xlabel(x_key)
    ax.set_ylabel(y_key)
    ax.set_title(title or "process window")
    ax.legend(title="limiting mechanism", fontsize=8, loc="best")
    return fig


def format_window(points: list[dict[str, Any]], x_key: str, y_key: str) -> str:
    """Text table of the window's points."""
    header = (f"{x_key:>24} {y_key:>24} {'good m²/h':>10} {'yield':>7} {'kWh/kWh':>8}  "
              "limiting mechanism")
    lines = [header]
    for p in points:
        lines.append(f"{_fmt(p[x_key]):>24} {_fmt(p[y_key]):>24} "
                     f"{_fmt(p['throughput_good_m2_per_h']):>10} {_fmt(p['yield_fraction']):>7} "
                     f"{_fmt(p['energy_kwh_per_kwh_cell']):>8}  {p['limiting_mechanism']}")
    return "\n".join(lines)


def _fmt(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)
