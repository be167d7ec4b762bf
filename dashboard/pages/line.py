"""Line page: throughput, station states, hopper levels, downtime Pareto and OEE."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, session, views


def page() -> None:
    """The Line page."""
    st.title("Line")
    view = session.require_run()
    if view is None:
        return
    session.run_caption(view)
    intervals = view.intervals
    route = view.summary.get("route")
    if intervals.empty:
        session.not_available("Line time series (interval table)")
    else:
        bin_h = st.select_slider("Throughput bin [h]", options=(0.25, 0.5, 1.0, 2.0, 4.0, 8.0),
                                 value=1.0)
        st.subheader("Throughput over time")
        st.altair_chart(charts.throughput(
            views.throughput_over_time(intervals, view.segments, bin_h), bin_h), width="stretch")
        st.subheader("Station states")
        st.altair_chart(charts.state_timeline(views.state_timeline(intervals, route)), width="stretch")
        st.subheader("Buffer levels")
        st.altair_chart(charts.hopper_levels(views.hopper_levels(intervals, route)), width="stretch")
    left, right = st.columns(2)
    with left:
        st.subheader("Downtime Pareto")
        pareto = views.downtime_pareto(views.mapping(view.summary, "downtime_by_cause_h"))
        if pareto.empty:
            st.info("No downtime in planned production time.")
        else:
            st.altair_chart(charts.pareto(pareto), width="stretch")
    with right:
        st.subheader("OEE breakdown")
        oee = views.oee_breakdown(view.summary)
        if oee.empty:
            session.not_available("OEE")
        else:
            st.altair_chart(charts.percent_bars(oee, "component", "percent", "Share [%]"),
                            width="stretch")
            st.caption("OEE = availability × performance × quality.")


page()
