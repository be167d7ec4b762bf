"""Altair chart builders for the dashboard pages (every axis title carries its unit)."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from dashboard.views import SpecLimit

STATE_COLOURS: dict[str, str] = {
    "running": "#2ca02c", "mixing": "#2ca02c", "starved": "#ff7f0e", "blocked": "#bcbd22",
    "failed": "#d62728", "web_break": "#9467bd", "coil_change": "#17becf",
    "handover": "#8c564b", "off_shift": "#c7c7c7", "none": "#e5e5e5",
}
"""One colour per station state across every chart (changeover = coil_change)."""

LABEL_LIMIT_PX = 260
"""Longest category label before Vega-Lite truncates it [px]."""


def state_timeline(frame: pd.DataFrame) -> alt.Chart:
    """Gantt-style bars: station on y, time on x, colour by state."""
    states = [s for s in STATE_COLOURS if s in set(frame["state"])]
    states += sorted(set(frame["state"]) - set(states))
    scale = alt.Scale(domain=states, range=[STATE_COLOURS.get(s, "#7f7f7f") for s in states])
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("start_h:Q", title="Time [h]"),
        x2="end_h:Q",
        y=alt.Y("station:N", title="Station [-]"),
        color=alt.Color("state:N", scale=scale, title="State"),
        tooltip=["station", "state", "cause", alt.Tooltip("start_h:Q", format=".2f"),
                 alt.Tooltip("duration_h:Q", format=".2f", title="duration [h]")],
    ).properties(height=160)


def throughput(frame: pd.DataFrame, bin_h: float) -> alt.Chart:
    """Produced and good length per hour against time."""
    return alt.Chart(frame).mark_line(interpolate="step-after").encode(
        x=alt.X("time_h:Q", title="Time [h]"),
        y=alt.Y("m_per_h:Q", title=f"Throughput [m/h] ({bin_h:g} h bins)"),
        color=alt.Color("series:N", title="Length"),
        tooltip=[alt.Tooltip("time_h:Q", format=".1f"), "series",
                 alt.Tooltip("m_per_h:Q", format=",.0f")],
    ).properties(height=240)


def hopper_levels(frame: pd.DataFrame) -> alt.Chart:
    """Hopper levels against time."""
    return alt.Chart(frame).mark_line().encode(
        x=alt.X("time_h:Q", title="Time [h]"),
        y=alt.Y("level_kg:Q", title="Buffer level [kg]"),
        color=alt.Color("hopper:N", title="Buffer"),
    ).properties(height=220)


def pareto(frame: pd.DataFrame) -> alt.LayerChart:
    """Downtime by cause (bars) with the cumulative share (line)."""
    order = list(frame["cause"])
    base = alt.Chart(frame).encode(x=alt.X("cause:N", sort=order, title="Stop cause [-]"))
    bars = base.mark_bar().encode(y=alt.Y("hours:Q", title="Downtime [h]"),
                                  tooltip=["cause", alt.Tooltip("hours:Q", format=".2f")])
    line = base.mark_line(point=True, color="#d62728").encode(
        y=alt.Y("cumulative_pct:Q", title="Cumulative share [%]", scale=alt.Scale(domain=[0, 100])))
    return alt.layer(bars, line).resolve_scale(y="independent").properties(height=260)


def percent_bars(frame: pd.DataFrame, category: str, value: str, title: str) -> alt.Chart:
    """Horizontal bars of percentages (e.g. the OEE components)."""
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X(f"{value}:Q", title=title, scale=alt.Scale(domain=[0, 100])),
        y=alt.Y(f"{category}:N", sort=list(frame[category]), title="Component [-]"),
        tooltip=[category, alt.Tooltip(f"{value}:Q", format=".1f")],
    ).properties(height=160)


def bars(frame: pd.DataFrame, category: str, value: str, value_title: str,
         category_title: str) -> alt.Chart:
    """Horizontal bars, in the frame's order."""
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X(f"{value}:Q", title=value_title),
        y=alt.Y(f"{category}:N", sort=list(frame[category]), title=category_title,
                axis=alt.Axis(labelLimit=LABEL_LIMIT_PX)),
        tooltip=[category, alt.Tooltip(f"{value}:Q", format=",.3g")],
    ).properties(height=max(120, 28 * len(frame)))


def _spec_rules(limit: SpecLimit, channel: str) -> alt.Chart:
    rules = pd.DataFrame({"value": [limit.low, limit.target, limit.high],
                          "limit": ["lower limit", "target", "upper limit"]})
    encoding = {channel: alt.X("value:Q") if channel == "x" else alt.Y("value:Q")}
    return alt.Chart(rules).mark_rule(strokeDash=[6, 3], color="#d62728").encode(
        **encoding, tooltip=["limit", alt.Tooltip("value:Q", format=".4g")])


def along_web(frame: pd.DataFrame, limit: SpecLimit) -> alt.LayerChart:
    """Downsampled property along the web (mean line, min–max band) with spec limits."""
    x = alt.X("position_m:Q", title="Position along the web [m]")
    band = alt.Chart(frame).mark_area(opacity=0.3).encode(
        x=x, y=alt.Y("low:Q", title=f"Measured {limit.title}", scale=alt.Scale(zero=False)),
        y2="high:Q")
    line = alt.Chart(frame).mark_line(strokeWidth=1).encode(x=x, y="mean:Q")
    return alt.layer(band, line, _spec_rules(limit, "y")).properties(height=200)


def distribution(frame: pd.DataFrame, limit: SpecLimit, count_title: str) -> alt.LayerChart:
    """Histogram of a property with its spec limits."""
    hist = alt.Chart(frame).mark_bar().encode(
        x=alt.X("bin_start:Q", title=f"Measured {limit.title}", scale=alt.Scale(zero=False)),
        x2="bin_end:Q",
        y=alt.Y("count:Q", title=count_title), y2=alt.datum(0))
    return alt.layer(hist, _spec_rules(limit, "x")).properties(height=200)


def histogram(frame: pd.DataFrame, value_title: str, count_title: str) -> alt.Chart:
    """Plain histogram of pre-binned data."""
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("bin_start:Q", title=value_title, scale=alt.Scale(zero=False)), x2="bin_end:Q",
        y=alt.Y("count:Q", title=count_title), y2=alt.datum(0)).properties(height=220)


def grouped_bars(frame: pd.DataFrame, category: str, value: str, group: str,
                 value_title: str, category_title: str) -> alt.Chart:
    """Bars per category, one bar per group side by side (e.g. stage × route)."""
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y(f"{category}:N", title=category_title, axis=alt.Axis(labelLimit=LABEL_LIMIT_PX)),
        yOffset=alt.YOffset(f"{group}:N"),
        x=alt.X(f"{value}:Q", title=value_title),
        color=alt.Color(f"{group}:N", title="Run", legend=alt.Legend(orient="bottom")),
        tooltip=[group, category, alt.Tooltip(f"{value}:Q", format=".4g")],
    ).properties(height=max(160, 22 * len(frame)))


def stacked_bars(frame: pd.DataFrame, category: str, value: str, stack: str,
                 value_title: str, category_title: str) -> alt.Chart:
    """One stacked bar per category (e.g. route), stacked by ``stack`` (e.g. carrier)."""
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y(f"{category}:N", title=category_title, axis=alt.Axis(labelLimit=LABEL_LIMIT_PX)),
        x=alt.X(f"{value}:Q", title=value_title, stack="zero"),
        color=alt.Color(f"{stack}:N", title=stack.capitalize()),
        tooltip=[category, stack, alt.Tooltip(f"{value}:Q", format=".4g")],
    ).properties(height=max(120, 50 * frame[category].nunique()))


def rate_capability(frame: pd.DataFrame, value: str, value_title: str,
                    band: tuple[str, str] | None = None) -> alt.Chart | alt.LayerChart:
    """Rate-capability curves against C-rate on a log axis, with an optional shaded band."""
    x = alt.X("c_rate:Q", scale=alt.Scale(type="log"), title="C-rate [1/h]")
    color = alt.Color("electrode:N", title="Electrode")
    lines = alt.Chart(frame).mark_line(point=True).encode(
        x=x, y=alt.Y(f"{value}:Q", title=value_title), color=color,
        tooltip=["electrode", alt.Tooltip("c_rate:Q", format=".2f"),
                 alt.Tooltip(f"{value}:Q", format=".3f")],
    )
    if band is None:
        return lines.properties(height=260)
    low, high = band
    area = alt.Chart(frame).mark_area(opacity=0.15).encode(
        x=x, y=alt.Y(f"{low}:Q"), y2=alt.Y2(f"{high}:Q"), color=color)
    return alt.layer(area, lines).properties(height=260)


def cracking_limit(frame: pd.DataFrame, thickness_um: float | None,
                   d50_um: float | None) -> alt.LayerChart:
    """h_max against particle size per solvent, with the run's thickness and particle size."""
    curve = alt.Chart(frame).mark_line().encode(
        x=alt.X("d50_um:Q", scale=alt.Scale(type="log"), title="Median particle size d50 [µm]"),
        y=alt.Y("h_max_um:Q", scale=alt.Scale(type="log"),
                title="Crack-free slurry thickness h_max [µm]"),
        color=alt.Color("solvent:N", title="Slurry solvent"))
    layers: list[alt.Chart] = [curve]
    if thickness_um is not None:
        layers.append(alt.Chart(pd.DataFrame({"h": [thickness_um]})).mark_rule(
            strokeDash=[6, 3], color="#333").encode(y="h:Q", tooltip=[alt.Tooltip(
                "h:Q", title="this run's thickness [µm]", format=".1f")]))
    if thickness_um is not None and d50_um is not None:
        layers.append(alt.Chart(pd.DataFrame({"d": [d50_um], "h": [thickness_um]})).mark_point(
            size=120, filled=True, color="#d62728").encode(x="d:Q", y="h:Q"))
    return alt.layer(*layers).properties(height=280)


def confidence_intervals(frame: pd.DataFrame, kpi_title: str) -> alt.LayerChart:
    """Mean (point) and confidence interval (error bar) per batch point."""
    base = alt.Chart(frame).encode(y=alt.Y("point:N", title="Batch point [-]"))
    points = base.mark_point(filled=True, size=80).encode(
        x=alt.X("mean:Q", title=kpi_title, scale=alt.Scale(zero=False)),
        tooltip=["point", "n", alt.Tooltip("mean:Q", format=".4g"),
                 alt.Tooltip("ci_low:Q", format=".4g"), alt.Tooltip("ci_high:Q", format=".4g")])
    errors = base.mark_rule().encode(x="ci_low:Q", x2="ci_high:Q")
    return alt.layer(errors, points).properties(height=max(120, 30 * len(frame)))


def sensitivity(frame: pd.DataFrame, index_columns: Sequence[str], index_title: str) -> alt.Chart:
    """Sensitivity indices per input factor (one bar per index kind)."""
    long = frame.melt(id_vars="factor", value_vars=list(index_columns), var_name="index",
                      value_name="value")
    return alt.Chart(long).mark_bar().encode(
        y=alt.Y("factor:N", title="Scenario field [-]"), yOffset="index:N",
        x=alt.X("value:Q", title=index_title), color=alt.Color("index:N", title="Index"),
    ).properties(height=max(140, 24 * len(long)))


def moisture_per_coil(frame: pd.DataFrame, limit_ppm: float | None) -> alt.LayerChart:
    """Each coil's residual water before post-drying and at release, with the limit."""
    points = alt.Chart(frame).mark_point(filled=True).encode(
        x=alt.X("coil:Q", title="Coil [-]"),
        y=alt.Y("water_ppm:Q", title="Residual water, Karl Fischer [ppm]"),
        color=alt.Color("stage:N", title="Stage"),
        tooltip=["coil", "stage", alt.Tooltip("water_ppm:Q", format=".1f")])
    if limit_ppm is None:
        return alt.layer(points)
    rule = alt.Chart(pd.DataFrame({"limit_ppm": [limit_ppm]})).mark_rule(
        strokeDash=[6, 3], color="#d62728").encode(y="limit_ppm:Q", tooltip=["limit_ppm"])
    return alt.layer(points, rule)


def dew_point_tradeoff(frame: pd.DataFrame) -> alt.Chart:
    """Dry-room and post-drying energy per m² against the dry room's dew point."""
    return alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("dew_point_c:Q", title="Dry-room dew point [°C]"),
        y=alt.Y("kwh_per_m2:Q", title="Energy per m² of electrode [kWh/m²]"),
        color=alt.Color("stage:N", title="Stage"),
        tooltip=["dew_point_c", "stage", alt.Tooltip("kwh_per_m2:Q", format=".4f")])


def difference_bars(frame: pd.DataFrame) -> alt.Chart:
    """Relative differences of KPIs from the baseline run, one bar per run (Compare page)."""
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("kpi:N", sort=list(dict.fromkeys(frame["kpi"])), title="KPI [unit]",
                axis=alt.Axis(labelLimit=LABEL_LIMIT_PX)),
        yOffset=alt.YOffset("run:N"),
        x=alt.X("difference_pct:Q", title="Difference from the baseline [%]"),
        color=alt.Color("run:N", title="Run", legend=alt.Legend(orient="bottom", labelLimit=400)),
        tooltip=["kpi", "run", alt.Tooltip("difference_pct:Q", format=".3g")],
    ).properties(height=max(140, 26 * len(frame)))


def paired_differences(frame: pd.DataFrame) -> alt.LayerChart:
    """Mean paired difference (point) and its 95 % interval (rule) per KPI, relative to the base."""
    base = frame["base"].abs().where(frame["base"] != 0)
    rel = pd.DataFrame({"kpi": frame["kpi"] + " [" + frame["unit"] + "]",
                        "mean_pct": frame["difference"] / base * 100.0,
                        "low_pct": frame["ci_low"] / base * 100.0,
                        "high_pct": frame["ci_high"] / base * 100.0}).dropna(subset=["mean_pct"])
    chart = alt.Chart(rel).encode(y=alt.Y("kpi:N", sort=list(rel["kpi"]), title="KPI [unit]",
                                          axis=alt.Axis(labelLimit=LABEL_LIMIT_PX)))
    points = chart.mark_point(filled=True, size=70).encode(
        x=alt.X("mean_pct:Q", title="Paired difference from the baseline [%] (95 % CI)"),
        tooltip=["kpi", alt.Tooltip("mean_pct:Q", format=".3g"),
                 alt.Tooltip("low_pct:Q", format=".3g"), alt.Tooltip("high_pct:Q", format=".3g")])
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#888").encode(x="x:Q")
    return alt.layer(zero, chart.mark_rule().encode(x="low_pct:Q", x2="high_pct:Q"), points
                     ).properties(height=max(140, 26 * len(rel)))


def sensitivity_intervals(frame: pd.DataFrame, index_columns: Sequence[str],
                          index_title: str) -> alt.LayerChart:
    """Sensitivity indices per factor as bars with their confidence half-widths as error bars.

    ``S1``/``ST`` use ``S1_conf``/``ST_conf``; Morris ``mu_star`` uses ``mu_star_conf``.
    """
    rows = []
    for column in index_columns:
        conf = frame[f"{column}_conf"] if f"{column}_conf" in frame.columns else 0.0 * frame[column]
        rows.append(pd.DataFrame({"factor": frame["factor"], "index": column,
                                  "value": frame[column], "low": frame[column] - conf,
                                  "high": frame[column] + conf}))
    long = pd.concat(rows, ignore_index=True)
    base = alt.Chart(long).encode(y=alt.Y("factor:N", title="Scenario field [-]",
                                          axis=alt.Axis(labelLimit=LABEL_LIMIT_PX)),
                                  yOffset="index:N")
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title=index_title), color=alt.Color("index:N", title="Index"),
        tooltip=["factor", "index", alt.Tooltip("value:Q", format=".3f"),
                 alt.Tooltip("low:Q", format=".3f"), alt.Tooltip("high:Q", format=".3f")])
    errors = base.mark_rule(color="#333").encode(x="low:Q", x2="high:Q")
    return alt.layer(bars, errors).properties(height=max(140, 28 * len(long)))
