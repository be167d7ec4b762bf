"""Twin vs plant page: measured against simulated per coil, residuals, posteriors, intervals."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import streamlit as st

from dashboard import session
from dashboard.views import plant as pv
from line_sim.errors import StoreError


def replay_section() -> None:
    """A stored replay: fit per property, measured vs simulated, residuals over time."""
    st.subheader("Replay: each coil beside its measurement")
    try:
        runs = pv.replay_runs(session.store().runs())
    except StoreError as exc:
        st.error(f"The results store cannot be read: {exc}")
        return
    if runs.empty:
        st.info("No replay in this store yet: run `drytwin replay SCENARIO --plant DIR`.")
        return
    labels = {f"{r.scenario_name} ({str(r.run_id)[:8]})": r.run_id for r in runs.itertuples()}
    run_id = labels[st.selectbox("Replay run", list(labels))]
    stored = session.store().load(run_id)
    st.dataframe(pv.replay_summary(stored["summary"]), hide_index=True)
    long = pv.replay_coils_long(stored["coils"])
    if long.empty:
        session.not_available("Measured and simulated coil properties in this run")
        return
    prop = st.selectbox("Property", sorted(long["property"].unique()))
    part = long[long["property"] == prop]
    left, right = st.columns(2)
    left.altair_chart(alt.Chart(part).mark_circle().encode(
        x=alt.X("measured:Q", scale=alt.Scale(zero=False)),
        y=alt.Y("simulated:Q", scale=alt.Scale(zero=False)), tooltip=list(part.columns)),
        width="stretch")
    right.altair_chart(alt.Chart(part).mark_line(point=True).encode(
        x=alt.X("start_h:Q", title="time [h]"), y=alt.Y("residual:Q", title="simulated − measured"),
        tooltip=list(part.columns)), width="stretch")


def calibration_section() -> None:
    """A calibration's posterior per parameter and a prediction's KPI intervals."""
    st.subheader("Calibration: posterior of each fitted parameter")
    folder = Path(st.text_input("Folder of calibration files (*.calibration.json)", "."))
    files = pv.calibration_files(folder)
    if not files:
        st.info("No calibration here yet: run `drytwin calibrate SCENARIO --plant DIR --fit "
                "KEY,... --out FILE.toml` (it writes FILE.calibration.json beside it).")
    else:
        chosen = st.selectbox("Calibration", files, format_func=lambda p: p.name)
        calibration = pv.read_json(chosen)
        st.caption(f"converged: {calibration.get('converged')}; model evaluations: "
                   f"{calibration.get('n_model_evaluations')}")
        st.dataframe(pv.calibration_frame(calibration), hide_index=True)
        samples = pv.posterior_samples(chosen)
        if not samples.empty:
            st.altair_chart(alt.Chart(samples).mark_bar().encode(
                x=alt.X("value:Q", bin=alt.Bin(maxbins=40)), y="count()").properties(
                height=140).facet(row="parameter:N").resolve_scale(x="independent"))
    st.subheader("KPIs with 95 % prediction intervals")
    path = Path(st.text_input("Prediction file (drytwin plant predict --out FILE.json)",
                              "prediction.json"))
    frame = pv.prediction_frame(pv.read_json(path))
    if frame.empty:
        st.info("No prediction file: run `drytwin plant predict SCENARIO --posterior FILE.toml "
                "--draws N --out prediction.json`.")
        return
    st.dataframe(frame, hide_index=True)


def page() -> None:
    """The Twin vs plant page."""
    st.title("Twin vs plant")
    replay_section()
    calibration_section()


page()
