"""Optimisation page: the Pareto front of a stored study and the settings behind each point."""

from __future__ import annotations

import altair as alt
import streamlit as st

from dashboard import session, views
from line_sim.errors import StoreError
from line_sim.studies import optimise


def page() -> None:
    """The Optimisation page (studies of ``drytwin optimise`` in the results store)."""
    st.title("Optimisation")
    try:
        studies = optimise.study_ids(session.store())
    except StoreError as exc:
        st.error(f"The results store cannot be read: {exc}")
        return
    if not studies:
        st.info("No optimisation study in this store yet: run `drytwin optimise SCENARIO "
                "--vary KEY=LOW:HIGH --objective NAME ...`.")
        return
    study = st.selectbox("Study", studies)
    (first, first_sense), (second, second_sense) = views.DEFAULT_OBJECTIVES
    left, right = st.columns(2)
    x = left.text_input("Objective (x)", first)
    x_sense = left.radio("x is better when", ["minimize", "maximize"],
                         index=0 if first_sense == "minimize" else 1, horizontal=True)
    y = right.text_input("Objective (y)", second)
    y_sense = right.radio("y is better when", ["minimize", "maximize"],
                          index=0 if second_sense == "minimize" else 1, horizontal=True)
    objectives = (optimise.Objective(x, x_sense), optimise.Objective(y, y_sense))
    trials = optimise.study_table(session.store(), study, objectives)
    frame = views.mark_front(views.study_frame(trials, [x, y]), [(x, x_sense), (y, y_sense)])
    if frame.empty or frame[[x, y]].isna().all().any():
        session.not_available(f"Objectives {x} and {y} in this study")
        return
    st.caption(f"{len(frame)} trials; points on the Pareto front are highlighted, error bars "
               "are 95 % confidence half-widths over the replications.")
    base = alt.Chart(frame)
    points = base.mark_circle(size=80).encode(
        x=alt.X(x, scale=alt.Scale(zero=False)), y=alt.Y(y, scale=alt.Scale(zero=False)),
        color=alt.Color("on_front:N", title="Pareto front"),
        tooltip=list(frame.columns))
    bars = base.mark_errorbar().encode(x=alt.X(f"{x}_low:Q"), x2=f"{x}_high:Q", y=y
                                       ).transform_calculate(
        **{f"{x}_low": f"datum['{x}'] - datum['{x} ±95%']",
           f"{x}_high": f"datum['{x}'] + datum['{x} ±95%']"})
    st.altair_chart(points + bars, width="stretch")
    st.subheader("Settings on the front")
    st.dataframe(frame[frame["on_front"]].drop(columns=["on_front"]), hide_index=True)
    with st.expander("Every trial"):
        st.dataframe(frame, hide_index=True)


page()
