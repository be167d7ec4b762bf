"""Scenario page: pick or upload a scenario, edit key parameters, run, save."""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from dashboard import session, views
from line_sim.errors import InputError
from line_sim.scenario import Scenario, read_toml

SOURCE_FILE, SOURCE_UPLOAD = "Scenario file", "Upload a TOML file"


def show_input_error(exc: InputError) -> None:
    """All problems of a scenario, in the page."""
    st.error(str(exc.args[0]) + "".join(f"\n- {p}" for p in exc.problems if p != exc.args[0]))


def chosen_scenario() -> tuple[str, dict[str, Any]] | None:
    """The raw scenario mapping the user picked or uploaded, with a source name."""
    source = st.radio("Scenario source", (SOURCE_FILE, SOURCE_UPLOAD), horizontal=True)
    if source == SOURCE_FILE:
        files = views.scenario_files(session.scenario_directory())
        if not files:
            st.info(f"No scenario files in {session.scenario_directory()}; upload one instead.")
            return None
        path = st.selectbox("Scenario file", files, format_func=lambda p: p.name)
        return str(path), read_toml(path)
    upload = st.file_uploader("Scenario TOML", type=["toml"])
    if upload is None:
        st.info("Upload a scenario TOML file (see `drytwin schema` for its fields).")
        return None
    try:
        text = upload.getvalue().decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{upload.name}: not UTF-8 text") from None
    return upload.name, views.parse_scenario_text(text, upload.name)


def parameter_widgets(scenario: Scenario, source: str) -> dict[str, Any]:
    """One number input per key parameter, generated from the schema; returns the values.

    The widgets take any number: the scenario schema checks the edits when **Run** is
    pressed and names every field out of its range. (A widget clamped by its own limits
    would keep its old value and drop the other edits of the same submit.)
    """
    edited: dict[str, Any] = {}
    columns = st.columns(3)
    for i, path in enumerate(views.key_parameters(scenario)):
        spec = views.parameter_spec(path)
        value = views.value_at(scenario, path)
        step = views.suggested_step(spec, float(value))
        with columns[i % 3]:
            edited[path] = st.number_input(
                spec.title, value=float(value), step=step,
                format=f"%.{views.decimals_for(step)}f",
                help=f"{spec.help} ({views.allowed_range(spec)}; `{path}`)", key=f"{source}:{path}")
    edited["seed"] = int(st.number_input("Seed [-]", value=scenario.seed, step=1,
                                         help=f"{views.allowed_range(views.parameter_spec('seed'))}",
                                         key=f"{source}:seed"))
    return edited


def run(raw: dict[str, Any], source: str, scenario: Scenario, edited: dict[str, Any]) -> None:
    """Validate the edits, run (cached by scenario hash and seed) and make it current.

    Invalid edits run nothing: the page names each field and its allowed range, and the
    results below stay labelled as the previous run's.
    """
    overrides = views.changed_overrides(scenario, edited)
    try:
        edited_scenario = views.scenario_with_overrides(raw, overrides, source)
    except InputError as exc:
        show_input_error(exc)
        previous = session.current_run()
        if previous is not None:
            st.warning(f"Nothing was run: the results below are still those of run {previous.label}.")
        return
    previous = session.current_run()
    with st.status(f"Simulating {edited_scenario.simulation.horizon_h:g} h of "
                   f"{edited_scenario.name} …", expanded=False) as status:
        started = time.perf_counter()
        try:
            result = session.simulate_cached(edited_scenario.canonical_hash(), edited_scenario.seed,
                                             edited_scenario)
        except Exception as exc:  # a failed run is a message in the page, not a traceback
            status.update(label="Run failed", state="error")
            st.error(f"The run failed: {type(exc).__name__}: {exc}")
            return
        if previous is not None and previous.run_id == result.run_id:
            status.update(label="Same scenario and seed as the current run: not run again",
                          state="complete")
            return
        status.update(label=f"Done in {time.perf_counter() - started:.2f} s", state="complete")
    st.session_state["previous_summary"] = previous.summary if previous else None
    session.set_current_result(result)


def results() -> None:
    """Headline KPIs of the current run, with deltas against the run before it."""
    view = session.current_run()
    if view is None:
        st.info("Set the parameters and press **Run**.")
        return
    session.run_caption(view)
    metrics = views.headline_metrics(view.summary, st.session_state.get("previous_summary"))
    for column, (label, value, delta) in zip(st.columns(len(metrics)), metrics, strict=True):
        column.metric(label, value, delta, delta_color="off")
    for warning in view.warnings:
        st.warning(warning)
    if view.source == "session" and st.button("Save run to the results store"):
        session.save_current_run()


def page() -> None:
    """The Scenario page."""
    st.title("Scenario")
    try:
        picked = chosen_scenario()
        if picked is None:
            return
        source, raw = picked
        scenario = views.scenario_with_overrides(raw, {}, source)
    except InputError as exc:
        show_input_error(exc)
        return
    st.caption(f"Route {scenario.route}: {scenario.description or scenario.name}")
    with st.form("parameters"):
        edited = parameter_widgets(scenario, source)
        submitted = st.form_submit_button("Run", type="primary")
    if submitted:
        run(raw, source, scenario, edited)
    results()


page()
