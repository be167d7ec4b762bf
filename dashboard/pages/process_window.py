"""Process window page: a two-setting grid, good output per hour and what limits each point."""

from __future__ import annotations

import streamlit as st

from dashboard import session, views
from line_sim.errors import InputError, StoreError
from line_sim.scenario import load_scenario
from line_sim.studies.window import parse_axis, plan_window, run_window, window_figure

st.header("Process window")
st.caption("Runs already in the store are reused. Limiting mechanism: the run's speed-limit "
           "mechanism if the set speed exceeds it; else the largest scrap cause if the yield is "
           "below 0.9; else none.")
scenario_path = st.text_input("Scenario file", "scenarios/dpsd_nmc811_cathode.toml")
x_spec = st.text_input("x axis (KEY=LOW:HIGH:N)", "line.speed_m_per_min=15:60:4")
y_spec = st.text_input("y axis (KEY=LOW:HIGH:N)", "stations.spray_booth.voltage_kv=40:100:4")
hours = st.number_input("Horizon of each run [h]", min_value=0.5, max_value=168.0, value=24.0)
if st.button("Map the window"):
    try:
        x_axis, y_axis = parse_axis(x_spec, "x axis"), parse_axis(y_spec, "y axis")
        plan = plan_window(load_scenario(scenario_path), x_axis, y_axis, hours=float(hours))
        with st.spinner(f"{len(plan.tasks)} runs"):
            report, points = run_window(plan, session.store())
    except (InputError, StoreError) as exc:
        st.error(str(exc))
    else:
        st.pyplot(window_figure(points, x_axis.key, y_axis.key, plan.name))
        st.write(views.mechanism_counts(points))
        st.dataframe(views.window_table(points, x_axis.key, y_axis.key), hide_index=True)
        st.caption(f"{report.n_simulated} simulated, {report.n_skipped_existing} reused, "
                   f"{report.wall_time_s:.1f} s")
