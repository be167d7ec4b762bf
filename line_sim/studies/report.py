"""Self-contained HTML reports of batches and sensitivity studies (inline SVG, no network)."""

from __future__ import annotations

import html
import io
import math
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from line_sim.errors import InputError
from line_sim.version import __version__

HEADLINE_KPIS = (
    "throughput_good_m2_per_h", "yield_fraction", "oee", "availability",
    "mean_loading_mg_per_cm2", "loading_cv", "mean_film_tensile_strength_mpa",
    "moisture_capacity_loss_fraction", "energy_kwh_per_m2", "energy_kwh_per_kwh_cell",
    "areal_capacity_mah_per_cm2", "cell_energy_wh_per_kg", "cell_energy_wh_per_l",
)
"""KPIs charted first when the batch does not choose its own."""

MAX_CHART_GROUPS = 40
PLAIN_TEXT = {"text.parse_math": False}
"""Chart labels are scenario names and keys (free text): a ``$`` is a dollar, not TeX."""
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 1200px; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: right; }
th { background: #f3f3f3; } td.text, th.text { text-align: left; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; } .charts svg { max-width: 560px; height: auto; }
.meta td { text-align: left; }
"""


def headline_kpis(available: Sequence[str], chosen: Sequence[str] | None = None) -> list[str]:
    """The KPIs to show first: the chosen ones, else the headline ones the runs report."""
    if chosen:
        return [k for k in chosen if k in available]
    return [k for k in HEADLINE_KPIS if k in available]


def write_batch_report(path: str | Path, plan: Any, outcome: Any, runs: pd.DataFrame,
                       groups: list[dict[str, Any]], differences: list[dict[str, Any]]) -> Path:
    """Write the HTML report of a batch: run facts, KPI tables, charts, paired differences."""
    available = list(dict.fromkeys(k for g in groups for k in g["kpis"]))
    shown = headline_kpis(available, plan.kpis)
    sections = [
        _meta_table(plan, outcome),
        "<h2>KPIs per scenario and sweep point</h2>",
        "<p>Mean ± half-width of the 95 % confidence interval (Student t), standard deviation "
        "and number of runs.</p>",
        _group_table(groups, shown),
        "<h2>Charts</h2>",
        '<div class="charts">' + "".join(_kpi_chart(groups, plan, k) for k in shown) + "</div>",
    ]
    if differences:
        crn = "with common random numbers" if plan.common_random_numbers else "independent streams"
        sections += [f"<h2>Paired differences against {html.escape(plan.scenario_names[0])}</h2>",
                     f"<p>Replication by replication ({crn}).</p>",
                     _group_table(differences, shown)]
    sections += ["<details><summary>All KPIs</summary>", _group_table(groups, available),
                 "</details>"]
    return _write(path, f"Batch {plan.name}", sections)


def write_sensitivity_report(path: str | Path, study: Any, outcome: Any,
                             scenarios: list[dict[str, Any]]) -> Path:
    """Write the HTML report of a sensitivity study: index tables and bar charts."""
    sections = [_meta_table(study.plan, outcome),
                f"<p>Method: {html.escape(study.method)}, N = {study.samples}, "
                f"{len(study.design)} design points. Fields: "
                + ", ".join(f"{html.escape(k)} ∈ [{lo:g}, {hi:g}]" for k, (lo, hi) in study.ranges.items())
                + ".</p>"]
    for entry in scenarios:
        sections.append(f"<h2>{html.escape(entry['scenario'])}</h2>")
        charts = []
        for kpi, fields in entry["indices"].items():
            sections.append(f"<h3>{html.escape(kpi)}</h3>" + _indices_table(fields))
            charts.append(_indices_chart(kpi, fields, study.method))
        sections.append('<div class="charts">' + "".join(charts) + "</div>")
        if entry["constant_kpis"]:
            sections.append("<p>Constant over the design: "
                            + html.escape(", ".join(entry["constant_kpis"])) + "</p>")
    return _write(path, f"Sensitivity study {study.plan.name}", sections)


# --------------------------------------------------------------------------- pieces


def _write(path: str | Path, title: str, sections: list[str]) -> Path:
    target = Path(path)
    page = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
            f"{html.escape(title)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{html.escape(title)}</h1>" + "\n".join(sections) + "</body></html>")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"--report {target}: cannot write the report ({exc})") from None
    return target


def _meta_table(plan: Any, outcome: Any) -> str:
    rows = [("batch id", plan.batch_id), ("scenarios", ", ".join(plan.scenario_names)),
            ("sweep fields", ", ".join(plan.sweep_keys) or "none"),
            ("sweep points", len(plan.points)), ("replications", plan.replications),
            ("runs", outcome.n_runs), ("already stored", outcome.n_skipped_existing),
            ("simulated now", outcome.n_simulated), ("wall time", f"{outcome.wall_time_s:.1f} s"),
            ("executor", outcome.executor), ("drytwin version", __version__),
            ("written", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))]
    return '<table class="meta">' + "".join(
        f"<tr><th class=\"text\">{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
        for k, v in rows) + "</table>"


def _label(group: dict[str, Any]) -> str:
    sweep = ", ".join(f"{k.rsplit('.', 1)[-1]}={_fmt(v)}" for k, v in group["sweep"].items())
    return group["scenario"] + (f" [{sweep}]" if sweep else "")


def _group_table(groups: list[dict[str, Any]], kpis: list[str]) -> str:
    head = "<tr><th class=\"text\">group</th>" + "".join(
        f"<th>{html.escape(k)}</th>" for k in kpis) + "</tr>"
    body = []
    for group in groups:
        cells = "".join(_stat_cell(group["kpis"][k]) if k in group["kpis"] else "<td></td>"
                        for k in kpis)
        body.append(f"<tr><td class=\"text\">{html.escape(_label(group))}</td>{cells}</tr>")
    return "<table>" + head + "".join(body) + "</table>"


def _stat_cell(stat: dict[str, float]) -> str:
    return (f"<td title=\"std {_fmt(stat['std'])}, n {stat['n']}\">{_fmt(stat['mean'])} ± "
            f"{_fmt(stat['ci95'])}<br><small>σ {_fmt(stat['std'])}, n {stat['n']}</small></td>")


def _indices_table(fields: dict[str, dict[str, float]]) -> str:
    names = list(next(iter(fields.values())))
    head = "<tr><th class=\"text\">field</th>" + "".join(f"<th>{n}</th>" for n in names) + "</tr>"
    rows = "".join(f"<tr><td class=\"text\">{html.escape(f)}</td>"
                   + "".join(f"<td>{_fmt(v[n])}</td>" for n in names) + "</tr>"
                   for f, v in fields.items())
    return "<table>" + head + rows + "</table>"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            return "n/a"
        return f"{value:.4g}"
    return html.escape(str(value))


# --------------------------------------------------------------------------- charts


def _svg(figure: Any) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _kpi_chart(groups: list[dict[str, Any]], plan: Any, kpi: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    numeric_sweep = len(plan.sweep_keys) == 1 and all(
        isinstance(p[plan.sweep_keys[0]], int | float) for p in plan.points)
    groups = [g for g in groups if kpi in g["kpis"]]
    with matplotlib.rc_context(PLAIN_TEXT):
        figure, axes = plt.subplots(figsize=(5.6, 3.4))
        if numeric_sweep:
            _sweep_lines(axes, groups, plan.sweep_keys[0], kpi)
        else:
            _group_bars(axes, groups[:MAX_CHART_GROUPS], kpi)
        axes.set_title(kpi, fontsize=10)
        axes.grid(alpha=0.3)
        return _svg(figure)


def _sweep_lines(axes: Any, groups: list[dict[str, Any]], key: str, kpi: str) -> None:
    for scenario in dict.fromkeys(g["scenario"] for g in groups):
        rows = sorted((g for g in groups if g["scenario"] == scenario), key=lambda g: g["sweep"][key])
        x = [g["sweep"][key] for g in rows]
        y = [g["kpis"][kpi]["mean"] for g in rows]
        error = [_zero_if_nan(g["kpis"][kpi]["ci95"]) for g in rows]
        axes.errorbar(x, y, yerr=error, marker="o", capsize=3, label=scenario)
    axes.set_xlabel(key, fontsize=9)
    axes.legend(fontsize=7)


def _group_bars(axes: Any, groups: list[dict[str, Any]], kpi: str) -> None:
    labels = [_label(g) for g in groups]
    means = [g["kpis"][kpi]["mean"] for g in groups]
    errors = [_zero_if_nan(g["kpis"][kpi]["ci95"]) for g in groups]
    positions = range(len(groups))
    axes.barh(list(positions), means, xerr=errors, capsize=3, color="#4c78a8")
    axes.set_yticks(list(positions), labels, fontsize=7)
    axes.invert_yaxis()
    low = min(m - e for m, e in zip(means, errors, strict=True))
    high = max(m + e for m, e in zip(means, errors, strict=True))
    if math.isfinite(low) and math.isfinite(high) and high > low and low > 0:
        span = high - low
        axes.set_xlim(max(0.0, low - 0.5 * span), high + 0.2 * span)


def _indices_chart(kpi: str, fields: dict[str, dict[str, float]], method: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(fields)
    positions = list(range(len(names)))
    with matplotlib.rc_context(PLAIN_TEXT):
        figure, axes = plt.subplots(figsize=(5.6, 0.5 + 0.45 * len(names) + 1.0))
        _index_bars(axes, fields, method)
        axes.set_yticks(positions, names, fontsize=7)
        axes.invert_yaxis()
        axes.set_title(kpi, fontsize=10)
        axes.grid(alpha=0.3)
        return _svg(figure)


def _index_bars(axes: Any, fields: dict[str, dict[str, float]], method: str) -> None:
    names = list(fields)
    positions = list(range(len(names)))
    if method == "sobol":
        for offset, index in ((-0.2, "S1"), (0.2, "ST")):
            axes.barh([p + offset for p in positions], [fields[n][index] for n in names], height=0.4,
                      xerr=[_zero_if_nan(fields[n][f"{index}_conf"]) for n in names], capsize=3,
                      label=index)
        axes.legend(fontsize=7)
    else:
        axes.barh(positions, [fields[n]["mu_star"] for n in names],
                  xerr=[_zero_if_nan(fields[n]["mu_star_conf"]) for n in names], capsize=3)
        axes.set_xlabel("μ*", fontsize=9)


def _zero_if_nan(value: float) -> float:
    return value if math.isfinite(value) else 0.0
