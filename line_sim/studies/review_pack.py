"""Review pack: the line at chosen times, scenario differences and a self-contained HTML file.

Shared by ``drytwin report`` and the dashboard (Line view, Compare, the review pack button):
:func:`line_snapshot` and :func:`line_svg` draw the route as a flow diagram at one moment of a
run from its interval and coil tables only (so stored runs show it as well as fresh ones);
:func:`scenario_toml` and :func:`scenario_diff` show what changed between two scenarios;
:func:`review_pack_html` writes the scenarios, the KPIs (labels and units from
:mod:`line_sim.studies.labels`), the line at chosen times and every chart as inline SVG
(matplotlib) into one HTML page that needs no network.
"""

from __future__ import annotations

import difflib
import html
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from line_sim.engine.layout import route_layout
from line_sim.errors import InputError, StoreError
from line_sim.scenario import ROUTE_STATIONS
from line_sim.store import ResultsStore
from line_sim.studies.labels import NESTED_LABELS, flat_summary_kpis, kpi_label
from line_sim.version import __version__

STATE_COLOURS: dict[str, str] = {
    "running": "#2ca02c", "mixing": "#2ca02c", "drying": "#2ca02c", "starved": "#ff7f0e",
    "blocked": "#bcbd22", "failed": "#d62728", "web_break": "#9467bd", "coil_change": "#17becf",
    "handover": "#8c564b", "off_shift": "#c7c7c7", "stopped": "#ffbb78", "idle": "#c7c7c7",
    "none": "#e5e5e5",
}
BUFFER_STATIONS = ("powder_hopper", "dough_hopper", "feeder", "slurry_tank")
POST_DRYER = "post_dryer"


@dataclass(frozen=True)
class StationView:
    """One box of the flow diagram: a station and its state, or a buffer and its fill."""

    name: str
    state: str
    fill: float | None = None
    level_kg: float | None = None
    detail: str = ""


@dataclass(frozen=True)
class LineSnapshot:
    """The line at one moment of a run (see :func:`line_snapshot`)."""

    time_h: float
    route: str
    stations: list[StationView]
    speed_m_per_min: float
    line_state: str
    line_cause: str
    produced_m: float
    good_m: float
    scrapped_m: float
    extra: dict[str, Any] = field(default_factory=dict)

    def states(self) -> dict[str, str]:
        """Station name → state (buffers: their fill in percent)."""
        return {s.name: s.state if s.fill is None else f"{s.fill * 100:.0f} %" for s in self.stations}


def buffer_capacities(scenario: Mapping[str, Any] | None) -> dict[str, float]:
    """``capacity_kg`` of each buffer in a scenario dict (``{}`` where it has none)."""
    stations = (scenario or {}).get("stations") or {}
    out = {}
    for name in BUFFER_STATIONS:
        table = stations.get(name)
        if isinstance(table, Mapping) and isinstance(table.get("capacity_kg"), int | float):
            out[name] = float(table["capacity_kg"])
    return out


def _row_at(intervals: pd.DataFrame, time_h: float) -> int:
    starts = intervals["start_h"].to_numpy(dtype=float)
    return int(np.clip(np.searchsorted(starts, time_h, side="right") - 1, 0, len(starts) - 1))


def produced_at(intervals: pd.DataFrame, time_h: float) -> float:
    """Web length produced up to ``time_h`` [m] (constant speed within an interval)."""
    row = intervals.iloc[_row_at(intervals, time_h)]
    within_min = max(0.0, min(time_h, float(row["end_h"])) - float(row["start_h"])) * 60.0
    return float(row["position_m"]) + float(row["speed_m_per_min"]) * within_min


def _good_at(coils: pd.DataFrame, produced_m: float, time_h: float) -> float:
    """Good length up to ``time_h``: finished coils, plus the open coil pro rata its yield."""
    if coils.empty or not {"end_h", "length_m", "good_length_m"} <= set(coils.columns):
        return math.nan
    done = coils[coils["end_h"] <= time_h]
    good = float(done["good_length_m"].sum())
    rest = max(0.0, produced_m - float(done["length_m"].sum()))
    open_coils = coils[coils["end_h"] > time_h]
    yield_now = (float(open_coils["good_length_m"].iloc[0] / open_coils["length_m"].iloc[0])
                 if not open_coils.empty and open_coils["length_m"].iloc[0] > 0 else 1.0)
    return good + rest * yield_now


def _post_dryer_view(coils: pd.DataFrame, time_h: float) -> StationView:
    needed = {"arrival_h", "queue_h", "released_h"}
    if coils.empty or not needed <= set(coils.columns):
        return StationView(POST_DRYER, "none", detail="no post-dryer data")
    arrival = coils["arrival_h"].to_numpy(dtype=float)
    start = arrival + coils["queue_h"].to_numpy(dtype=float)
    released = coils["released_h"].to_numpy(dtype=float)
    queued = int(np.sum((arrival <= time_h) & (time_h < start)))
    drying = int(np.sum((start <= time_h) & (time_h < released)))
    state = "drying" if drying else ("idle" if not queued else "blocked")
    return StationView(POST_DRYER, state, detail=f"{drying} drying, {queued} queued")


def line_snapshot(intervals: pd.DataFrame, coils: pd.DataFrame, route: str, time_h: float,
                  capacities: Mapping[str, float] | None = None) -> LineSnapshot:
    """The line at ``time_h``: each station's state, each buffer's fill, speed and counters.

    The mixer and the converter have their own state columns; the web stations share the
    line's state (they are coupled by the web), except that the station named by a failure or
    web break is shown failed and the others stopped. Buffer fill is the level over the
    scenario's capacity (else over the run's highest level). Good metres count finished coils
    and the open coil pro rata its final yield.
    """
    if intervals.empty:
        raise InputError("the run has no interval table; the line view needs one")
    layout = route_layout(route)
    row = intervals.iloc[_row_at(intervals, time_h)]
    line_state, cause = str(row["line_state"]), str(row.get("line_cause", "") or "")
    capacities = dict(capacities or {})
    level_columns = {layout.first_buffer: "powder_hopper_kg"}
    if layout.second_buffer:
        level_columns[layout.second_buffer] = "dough_hopper_kg"
    stations: list[StationView] = []
    for name in ROUTE_STATIONS[route]:
        if name in level_columns:
            column = level_columns[name]
            level = float(row[column])
            top = capacities.get(name) or float(intervals[column].max()) or 1.0
            stations.append(StationView(name, "buffer", min(1.0, max(0.0, level / top)), level,
                                        f"{level:,.0f} kg"))
        elif name == "mixer":
            stations.append(StationView(name, str(row["mixer_state"])))
        elif name == layout.converter:
            stations.append(StationView(name, str(row["fibrillator_state"])))
        elif line_state in ("failed", "web_break") and cause in ROUTE_STATIONS[route]:
            stations.append(StationView(name, line_state if name == cause else "stopped", detail=cause))
        else:
            stations.append(StationView(name, line_state, detail=cause))
    stations.append(_post_dryer_view(coils, time_h))
    produced = produced_at(intervals, time_h)
    good = _good_at(coils, produced, time_h)
    return LineSnapshot(time_h=float(time_h), route=route, stations=stations,
                        speed_m_per_min=float(row["speed_m_per_min"]), line_state=line_state,
                        line_cause=cause, produced_m=produced, good_m=good,
                        scrapped_m=produced - good if math.isfinite(good) else math.nan)


def _speed_colour(speed: float, top: float) -> str:
    share = 0.0 if top <= 0 else min(1.0, max(0.0, speed / top))
    return f"rgb({int(200 - 170 * share)},{int(200 - 80 * share)},{int(200 + 40 * share)})"


def line_svg(snapshot: LineSnapshot, top_speed_m_per_min: float | None = None) -> str:
    """The snapshot as an inline SVG flow diagram (no scripts, no external references)."""
    box_w, box_h, gap, top = 104, 58, 26, 34
    n = len(snapshot.stations)
    width = n * box_w + (n - 1) * gap + 20
    height = top + box_h + 78
    web = _speed_colour(snapshot.speed_m_per_min, top_speed_m_per_min or snapshot.speed_m_per_min)
    esc = html.escape
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="100%" style="max-width:{width}px;height:auto" font-family="sans-serif" font-size="11" '
             f'role="img" aria-label="line at {snapshot.time_h:.2f} h">',
             f'<text x="10" y="18" font-size="13" font-weight="bold">{esc(snapshot.route)} line at '
             f't = {snapshot.time_h:.2f} h: {esc(snapshot.line_state.replace("_", " "))}'
             f'{" (" + esc(snapshot.line_cause.replace("_", " ")) + ")" if snapshot.line_cause else ""}'
             '</text>']
    for i, station in enumerate(snapshot.stations):
        x = 10 + i * (box_w + gap)
        if i:
            colour = web if i > 1 else "#888"
            parts.append(f'<line x1="{x - gap}" y1="{top + box_h / 2}" x2="{x - 4}" '
                         f'y2="{top + box_h / 2}" stroke="{colour}" stroke-width="5"/>'
                         f'<polygon points="{x - 4},{top + box_h / 2 - 6} {x},{top + box_h / 2} '
                         f'{x - 4},{top + box_h / 2 + 6}" fill="{colour}"/>')
        label = esc(station.name.replace("_", " "))
        if station.fill is not None:
            fill_h = box_h * station.fill
            parts.append(f'<g class="buffer" data-station="{esc(station.name)}" '
                         f'data-fill="{station.fill:.3f}"><rect x="{x}" y="{top}" width="{box_w}" '
                         f'height="{box_h}" fill="#fff" stroke="#555"/><rect x="{x}" '
                         f'y="{top + box_h - fill_h:.1f}" width="{box_w}" height="{fill_h:.1f}" '
                         f'fill="#6baed6"/><text x="{x + box_w / 2}" y="{top + 16}" '
                         f'text-anchor="middle">{label}</text><text x="{x + box_w / 2}" '
                         f'y="{top + 32}" text-anchor="middle">{station.fill * 100:.0f} %</text>'
                         f'<text x="{x + box_w / 2}" y="{top + 46}" text-anchor="middle">'
                         f'{esc(station.detail)}</text></g>')
        else:
            colour = STATE_COLOURS.get(station.state, "#7f7f7f")
            parts.append(f'<g class="station" data-station="{esc(station.name)}" '
                         f'data-state="{esc(station.state)}"><rect x="{x}" y="{top}" width="{box_w}" '
                         f'height="{box_h}" rx="6" fill="{colour}" stroke="#333"/><text '
                         f'x="{x + box_w / 2}" y="{top + 22}" text-anchor="middle" '
                         f'font-weight="bold">{label}</text><text x="{x + box_w / 2}" '
                         f'y="{top + 40}" text-anchor="middle">'
                         f'{esc(station.state.replace("_", " "))}</text>'
                         f'<title>{label}: {esc(station.state)} {esc(station.detail)}</title></g>')
    post = snapshot.stations[-1]
    y = top + box_h + 26
    counters = (f"web speed {snapshot.speed_m_per_min:.1f} m/min · produced "
                f"{snapshot.produced_m:,.0f} m · good {snapshot.good_m:,.0f} m · scrapped "
                f"{snapshot.scrapped_m:,.0f} m · post-dryer: {post.detail}")
    parts.append(f'<text x="10" y="{y}" font-size="12">{esc(counters)}</text>')
    for j, state in enumerate(("running", "starved", "blocked", "failed", "stopped", "web_break",
                               "coil_change", "off_shift")):
        lx = 10 + j * 98
        parts.append(f'<rect x="{lx}" y="{y + 14}" width="10" height="10" '
                     f'fill="{STATE_COLOURS[state]}"/><text x="{lx + 14}" y="{y + 23}">'
                     f'{state.replace("_", " ")}</text>')
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------- scenarios


def _without_nulls(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_without_nulls(v) for v in value if v is not None]
    return value


def _dotted_lines(value: Any, prefix: str = "") -> list[str]:
    if isinstance(value, Mapping) and value:
        return [line for k, v in value.items() for line in _dotted_lines(v, f"{prefix}{k}.")]
    return [f"{prefix.rstrip('.')} = {json.dumps(value, ensure_ascii=False)}"]


def scenario_toml(scenario: Mapping[str, Any]) -> str:
    """A scenario dict as TOML text (``tomli_w``), else as ``dotted.key = value`` lines."""
    clean = _without_nulls(scenario)
    try:
        import tomli_w
    except ImportError:
        return "\n".join(_dotted_lines(clean)) + "\n"
    return tomli_w.dumps(clean)


def scenario_diff(a: Mapping[str, Any], b: Mapping[str, Any], name_a: str = "a",
                  name_b: str = "b") -> list[str]:
    """Unified diff of two scenarios' TOML texts (empty when they are the same)."""
    return list(difflib.unified_diff(scenario_toml(a).splitlines(), scenario_toml(b).splitlines(),
                                     fromfile=name_a, tofile=name_b, lineterm="", n=2))


# --------------------------------------------------------------------------- the HTML pack

PACK_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 1400px; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: right; }
th { background: #f3f3f3; } td.text, th.text { text-align: left; }
pre { background: #f7f7f7; padding: 0.5rem; font-size: 0.8rem; overflow-x: auto; }
.add { color: #1a7f37; } .del { color: #cf222e; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; } .charts svg { max-width: 640px; height: auto; }
.lineview svg { max-width: 100%; height: auto; }
"""


def load_runs(store: ResultsStore, run_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Stored runs by id (``run_id`` added); a unique id prefix is enough.

    Raises
    ------
    InputError
        No run ids, or an id the store does not hold (or that names several runs).
    """
    if not run_ids:
        raise InputError("no run ids given; list them with `drytwin runs` or the dashboard")
    known = store.runs()["run_id"].astype(str).tolist()
    if not known:
        raise InputError(f"{store.path}: the results store holds no runs")
    out = []
    for given in run_ids:
        matches = [r for r in known if r == given] or [r for r in known if r.startswith(given)]
        if len(matches) != 1:
            what = "no run" if not matches else f"{len(matches)} runs"
            raise InputError(f"{store.path}: {what} with id {given!r}; allowed: one of "
                             + ", ".join(r[:12] for r in known[-8:]) + (" …" if len(known) > 8 else ""))
        try:
            loaded = store.load(matches[0])
        except StoreError as exc:
            raise InputError(str(exc)) from None
        out.append({"run_id": matches[0], **loaded})
    return out


def run_title(run: Mapping[str, Any]) -> str:
    """``scenario · seed · horizon · id prefix`` of a loaded run."""
    s = run["summary"]
    return (f"{s.get('scenario', '?')} · seed {s.get('seed', '?')} · "
            f"{float(s.get('horizon_h', math.nan)):g} h · {run['run_id'][:8]}")


def default_times(horizon_h: float) -> list[float]:
    """A quarter, half and three quarters through the run [h]."""
    return [round(horizon_h * f, 2) for f in (0.25, 0.5, 0.75)]


def kpi_table(runs: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Labelled KPIs side by side: ``kpi``, ``unit``, one column per run, shown units."""
    flats = [flat_summary_kpis(r["summary"]) for r in runs]
    keys = list(dict.fromkeys(k for flat in flats for k in flat))
    table = pd.DataFrame({"key": keys, "kpi": [kpi_label(k).name for k in keys],
                          "unit": [kpi_label(k).unit for k in keys]})
    for run, flat in zip(runs, flats, strict=True):
        table[run_title(run)] = [kpi_label(k).shown(flat[k]) if k in flat else math.nan for k in keys]
    return table


def _html_table(frame: pd.DataFrame, text_columns: Sequence[str] = ()) -> str:
    head = "".join(f'<th class="{"text" if c in text_columns else ""}">{html.escape(str(c))}</th>'
                   for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            if column in text_columns or not isinstance(value, float):
                cells.append(f'<td class="text">{html.escape(str(value))}</td>')
            else:
                cells.append(f"<td>{'–' if not math.isfinite(value) else f'{value:.4g}'}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _diff_html(lines: Sequence[str]) -> str:
    if not lines:
        return "<p>The scenarios are identical.</p>"
    out = []
    for line in lines:
        css = "add" if line.startswith("+") else "del" if line.startswith("-") else ""
        out.append(f'<span class="{css}">{html.escape(line)}</span>')
    return "<pre>" + "\n".join(out) + "</pre>"


def _svg(figure: Any) -> str:
    import io

    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def run_charts(run: Mapping[str, Any]) -> list[str]:
    """Every chart of one run as inline SVG: throughput, states, buffers, downtime, scrap, energy."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"text.parse_math": False, "svg.fonttype": "none"}):
        charts: list[str] = []
        intervals, summary = run.get("intervals", pd.DataFrame()), run["summary"]
        if not intervals.empty:
            ends = np.append(intervals["start_h"].to_numpy(), intervals["end_h"].to_numpy()[-1])
            edges = np.arange(0.0, float(ends[-1]) + 1.0, 1.0)
            produced = [produced_at(intervals, t) for t in edges]
            fig, ax = plt.subplots(figsize=(6.4, 2.6))
            ax.step(edges[:-1], np.diff(produced), where="post")
            ax.set(xlabel="Time [h]", ylabel="Produced [m/h]", title="Throughput over time")
            charts.append(_svg(fig))
            fig, ax = plt.subplots(figsize=(6.4, 2.2))
            for y, column in enumerate(("line_state", "fibrillator_state", "mixer_state")):
                states = intervals[column].astype(str).to_numpy()
                ax.barh([y] * len(states), (intervals["end_h"] - intervals["start_h"]).to_numpy(),
                        left=intervals["start_h"].to_numpy(),
                        color=[STATE_COLOURS.get(s, "#7f7f7f") for s in states])
            ax.set(yticks=[0, 1, 2], yticklabels=["web", "converter", "mixer"], xlabel="Time [h]",
                   title="Station states (colour as in the line view)")
            charts.append(_svg(fig))
            fig, ax = plt.subplots(figsize=(6.4, 2.6))
            ax.plot(intervals["start_h"], intervals["powder_hopper_kg"], label="first buffer")
            ax.plot(intervals["start_h"], intervals["dough_hopper_kg"], label="second buffer")
            ax.set(xlabel="Time [h]", ylabel="Level [kg]", title="Buffer levels")
            ax.legend()
            charts.append(_svg(fig))
        for key in NESTED_LABELS:
            table = {k: float(v) for k, v in (summary.get(key) or {}).items()
                     if isinstance(v, int | float) and v}
            if table:
                label = NESTED_LABELS[key]
                fig, ax = plt.subplots(figsize=(6.4, 0.5 + 0.3 * len(table)))
                ax.barh(list(table), list(table.values()))
                ax.set(xlabel=f"{label.name} [{label.unit}]", title=label.name.capitalize())
                charts.append(_svg(fig))
        coils = run.get("coils", pd.DataFrame())
        if not coils.empty and {"coil", "yield_fraction"} <= set(coils.columns):
            fig, ax = plt.subplots(figsize=(6.4, 2.6))
            ax.plot(coils["coil"], coils["yield_fraction"] * 100.0, marker="o")
            ax.set(xlabel="Coil [-]", ylabel="Yield [%]", title="Yield per coil")
            charts.append(_svg(fig))
        return charts


def difference_chart(table: pd.DataFrame, top: int = 12) -> str | None:
    """Bars of the largest relative differences of each run from the first (inline SVG)."""
    runs = [c for c in table.columns if c not in ("key", "kpi", "unit")]
    if len(runs) < 2:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    base = table[runs[0]]
    rel = pd.DataFrame({r: (table[r] - base) / base.abs().where(base != 0) * 100.0 for r in runs[1:]})
    rel.index = table["kpi"] + " [" + table["unit"] + "]"
    order = rel.abs().max(axis=1).dropna().sort_values(ascending=False).head(top).index
    if not len(order):
        return None
    with matplotlib.rc_context({"text.parse_math": False, "svg.fonttype": "none"}):
        fig, ax = plt.subplots(figsize=(7.5, 0.6 + 0.35 * len(order)))
        rel.loc[order[::-1]].plot.barh(ax=ax)
        ax.set(xlabel=f"Difference from {runs[0]} [%]", title="Largest differences")
        ax.legend(fontsize=7)
        return _svg(fig)


def review_pack_html(runs: Sequence[Mapping[str, Any]], at_hours: Sequence[float] | None = None,
                     title: str = "drytwin review pack") -> str:
    """One self-contained HTML page for a review meeting (see the module docstring)."""
    if not runs:
        raise InputError("no runs for the review pack")
    esc = html.escape
    table = kpi_table(runs)
    sections = [f"<p>drytwin {esc(__version__)} · written "
                f"{datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} · runs: "
                + "; ".join(esc(run_title(r)) for r in runs) + "</p>",
                "<h2>KPIs</h2>", _html_table(table.drop(columns=["key"]), ("kpi", "unit"))]
    chart = difference_chart(table)
    if chart:
        sections += ['<div class="charts">', chart, "</div>"]
    sections.append("<h2>Scenarios</h2>")
    first = runs[0]
    sections.append(f"<details><summary>{esc(run_title(first))} (TOML)</summary><pre>"
                    f"{esc(scenario_toml(first['scenario']))}</pre></details>")
    for other in runs[1:]:
        sections.append(f"<h3>What changed: {esc(run_title(first))} → {esc(run_title(other))}</h3>")
        sections.append(_diff_html(scenario_diff(first["scenario"], other["scenario"],
                                                 run_title(first), run_title(other))))
    for run in runs:
        sections.append(f"<h2>{esc(run_title(run))}</h2>")
        intervals, summary = run.get("intervals", pd.DataFrame()), run["summary"]
        route = str(summary.get("route", "BF"))
        if intervals.empty or route not in ROUTE_STATIONS:
            sections.append("<p>Line view: not available for this run.</p>")
        else:
            horizon = float(intervals["end_h"].max())
            top_speed = float(intervals["speed_m_per_min"].max())
            for t in at_hours if at_hours else default_times(horizon):
                snap = line_snapshot(intervals, run.get("coils", pd.DataFrame()), route,
                                     min(max(float(t), 0.0), horizon),
                                     buffer_capacities(run["scenario"]))
                sections.append(f'<div class="lineview">{line_svg(snap, top_speed)}</div>')
        sections += ['<div class="charts">', *run_charts(run), "</div>"]
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}'
            f"</title><style>{PACK_STYLE}</style></head><body><h1>{esc(title)}</h1>"
            + "\n".join(sections) + "</body></html>")


def write_review_pack(path: str | Path, runs: Sequence[Mapping[str, Any]],
                      at_hours: Sequence[float] | None = None) -> Path:
    """Write :func:`review_pack_html` to ``path``; an unwritable path is an :class:`InputError`."""
    target = Path(path)
    if target.is_dir():
        raise InputError(f"--out {target}: is a folder; allowed: a file name such as pack.html")
    text = review_pack_html(runs, at_hours)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"--out {target}: cannot write the review pack ({exc.strerror or exc})") from None
    return target
