"""Line view page: the route as a flow diagram at one moment, a time slider, play and the event log."""

from __future__ import annotations

import streamlit as st

from dashboard import session, views
from line_sim.errors import InputError, StoreError

TIME_KEY = "line_view_time_h"
PLAYING_KEY = "line_view_playing"
RUN_KEY = "line_view_run"
PLAY_PERIOD_S = 0.8  # seconds between two steps while playing (a comment: page magic prints strings)


def pick_stored_run() -> None:
    """Without a current run: open a stored one right here."""
    try:
        runs = session.store().runs()
    except StoreError as exc:
        st.error(f"Cannot read the results store: {exc}")
        return
    if runs.empty:
        return
    labels = views.stored_run_labels(runs)
    chosen = st.selectbox("Or open a stored run", list(labels), format_func=labels.get,
                          key="line_view_stored")
    if st.button("Open in the line view"):
        session.open_stored_run(chosen)
        st.rerun()


def line_frame(view: views.RunView, capacities: dict[str, float]) -> None:
    """Slider, play controls, the diagram, counters and the event log (reruns alone)."""
    horizon = float(view.intervals["end_h"].max())
    if st.session_state.get(PLAYING_KEY):
        upcoming = views.next_step(view.intervals, float(st.session_state.get(TIME_KEY, 0.0)))
        if upcoming >= float(st.session_state.get(TIME_KEY, 0.0)) + 1e-9:
            st.session_state[TIME_KEY] = upcoming
        else:
            st.session_state[PLAYING_KEY] = False
    time_h = st.slider("Time [h]", 0.0, horizon, step=max(0.01, round(horizon / 2000, 2)),
                       key=TIME_KEY, format="%.2f")
    snapshot = views.view_snapshot(view, time_h, capacities)
    st.markdown(views.snapshot_svg(view, snapshot), unsafe_allow_html=True)
    tiles = st.columns(4)
    for tile, (name, value) in zip(tiles, views.line_counters(snapshot).items(), strict=True):
        tile.metric(name, f"{value:,.1f}" if "speed" in name else f"{value:,.0f}")
    left, right = st.columns([3, 2])
    with left:
        st.caption("Stations at this time")
        st.dataframe(views.station_table(snapshot), hide_index=True, key="line_view_states")
    with right:
        st.caption("Event log (latest first)")
        st.dataframe(views.events_until(view.events, time_h), hide_index=True)


def advance() -> None:
    """One step through the interval table (the Step button)."""
    view = session.current_run()
    if view is not None and not view.intervals.empty:
        st.session_state[TIME_KEY] = views.next_step(view.intervals,
                                                     float(st.session_state.get(TIME_KEY, 0.0)))


def toggle_play() -> None:
    st.session_state[PLAYING_KEY] = not st.session_state.get(PLAYING_KEY, False)


def page() -> None:
    """The Line view page."""
    st.title("Line view")
    view = session.current_run()
    if view is None:
        st.info("No run yet: run a scenario on the **Scenario** page or open a stored run.")
        pick_stored_run()
        return
    session.run_caption(view)
    if view.intervals.empty or views.view_route(view) is None:
        session.not_available("Line view (interval table of a known route)")
        return
    if st.session_state.get(RUN_KEY) != view.run_id:  # a new run starts at its beginning
        st.session_state[RUN_KEY] = view.run_id
        st.session_state[TIME_KEY] = 0.0
        st.session_state[PLAYING_KEY] = False
    capacities = views.view_capacities(view)
    playing = bool(st.session_state.get(PLAYING_KEY))
    one, two, _ = st.columns([1, 1, 6])
    one.button("Pause" if playing else "Play", on_click=toggle_play, icon=":material/play_arrow:"
               if not playing else ":material/pause:", key="line_view_play")
    two.button("Step", on_click=advance, icon=":material/skip_next:", key="line_view_step")
    st.caption("Stations coloured by state, buffers by fill level, the web by speed; Play steps "
               "through the run's interval table.")
    try:
        st.fragment(line_frame, run_every=PLAY_PERIOD_S if playing else None)(view, capacities)
    except (InputError, KeyError, ValueError) as exc:
        st.error(f"Cannot draw the line view: {exc}")


page()
