"""Quality page: yield, scrap by cause, properties along the web against spec, coil table."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, session, views


def headline(view: views.RunView) -> None:
    """Yield and scrap KPIs."""
    produced = views.number(view.summary, "produced_length_m")
    good = views.number(view.summary, "good_length_m")
    yield_fraction = views.number(view.summary, "yield_fraction")
    columns = st.columns(3)
    for column, label, value in zip(columns, ("Yield [%]", "Produced [m]", "Scrap [m]"), (
            None if yield_fraction is None else f"{yield_fraction * 100:.2f}",
            None if produced is None else f"{produced:,.0f}",
            None if produced is None or good is None else f"{produced - good:,.0f}"), strict=True):
        column.metric(label, value if value is not None else "n/a")


def along_the_web(view: views.RunView) -> None:
    """Measured loading, porosity and thickness along the web and their distributions."""
    if view.segments.empty or view.scenario is None:
        session.not_available("Per-segment web data (stored runs keep coils only)")
        return
    limits = views.spec_limits(view.scenario)
    st.caption(f"{len(view.segments):,} segments; plots show at most {views.MAX_PLOT_POINTS:,} "
               "points (line: bucket mean, band: bucket min–max). Dashed red: target and spec limits.")
    for limit in limits.values():
        if limit.column not in view.segments.columns:
            session.not_available(limit.title)
            continue
        left, right = st.columns((2, 1))
        left.altair_chart(charts.along_web(
            views.downsample_along(view.segments, "position_m", limit.column), limit), width="stretch")
        right.altair_chart(charts.distribution(
            views.histogram(view.segments[limit.column], weights=view.segments["length_m"]),
            limit, "Web length [m]"), width="stretch")


def page() -> None:
    """The Quality page."""
    st.title("Quality")
    view = session.require_run()
    if view is None:
        return
    session.run_caption(view)
    headline(view)
    st.subheader("Scrap by cause")
    scrap = views.scrap_by_cause(view.summary)
    if scrap.empty:
        session.not_available("Scrap by cause")
    else:
        st.altair_chart(charts.bars(scrap, "cause", "length_m", "Scrapped length [m]",
                                    "Scrap cause [-]"), width="stretch")
    st.subheader("Loading, porosity and thickness along the web")
    along_the_web(view)
    st.subheader("Moisture per coil")
    moisture = views.moisture_per_coil(view.coils)
    if moisture.empty:
        session.not_available("Residual water per coil")
    else:
        st.caption("Karl Fischer water of each coil's coating after its hold in the hall "
                   "(before post-drying) and when released; dashed red: the moisture limit.")
        st.altair_chart(charts.moisture_per_coil(moisture, views.moisture_limit_ppm(view.scenario)),
                        width="stretch")
    st.subheader("Coils")
    if view.coils.empty:
        session.not_available("Coil table")
    else:
        st.dataframe(views.coil_table(view.coils), hide_index=True)


page()
