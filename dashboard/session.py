"""Streamlit glue shared by the pages: the store path, the current run and the run cache."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import streamlit as st

from dashboard.views import NOT_AVAILABLE, RunView, run_view_from_result, run_view_from_store
from line_sim.engine.run import RunResult, simulate
from line_sim.errors import StoreError
from line_sim.scenario import Scenario
from line_sim.store import DEFAULT_DB_PATH, ResultsStore

DB_ENVIRONMENT_VARIABLE = "DRYTWIN_DB"
"""Environment variable naming the results store (set by ``drytwin dashboard --db``)."""

CURRENT_RUN_KEY = "current_run"
SAVED_RUNS_KEY = "saved_run_ids"


def db_path_from(argv: list[str], environ: dict[str, str] | os._Environ[str]) -> Path:
    """The results store: ``--db PATH`` after ``--`` on the command line, else the env var."""
    for i, arg in enumerate(argv):
        if arg == "--db" and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--db="):
            return Path(arg.split("=", 1)[1])
    return Path(environ.get(DB_ENVIRONMENT_VARIABLE, str(DEFAULT_DB_PATH)))


def db_path() -> Path:
    """The results store of this dashboard session."""
    return db_path_from(sys.argv[1:], os.environ)


def store() -> ResultsStore:
    """The results store (opened per call; DuckDB files are held only briefly)."""
    return ResultsStore(db_path())


@st.cache_data(show_spinner=False, max_entries=8)  # a week's run holds ~100 MB of segments
def simulate_cached(scenario_hash: str, seed: int, _scenario: Scenario) -> RunResult:
    """Run a scenario once per (scenario hash, seed); reruns come from the cache.

    Streamlit does not hash the underscored scenario: its canonical hash stands for it (the
    horizon and the ``[energy]`` table included). Every run carries its energy KPIs
    (:func:`line_sim.engine.run.simulate`).
    """
    if _scenario.canonical_hash() != scenario_hash:
        raise ValueError("cache key does not match the scenario")
    return simulate(_scenario, seed=seed)


def current_run() -> RunView | None:
    """The run the result pages show (made on the Scenario page or opened from the store)."""
    return st.session_state.get(CURRENT_RUN_KEY)


def set_current_result(result: RunResult) -> RunView:
    """Make a fresh run the current run."""
    view = run_view_from_result(result)
    st.session_state[CURRENT_RUN_KEY] = view
    st.session_state["current_result"] = result
    return view


def current_result() -> RunResult | None:
    """The full :class:`RunResult` of the current run, if it was made in this session."""
    view = current_run()
    result = st.session_state.get("current_result")
    if view is None or result is None or result.run_id != view.run_id:
        return None
    return result


def open_stored_run(run_id: str) -> RunView | None:
    """Load a stored run and make it current; shows an error and returns None on failure."""
    try:
        view = run_view_from_store(run_id, store().load(run_id))
    except StoreError as exc:
        st.error(f"Cannot open run {run_id[:8]}: {exc}")
        return None
    st.session_state[CURRENT_RUN_KEY] = view
    return view


def require_run() -> RunView | None:
    """The current run, or an info box that says how to get one."""
    view = current_run()
    if view is None:
        st.info("No run yet: run a scenario on the **Scenario** page or open a stored run on "
                "the **Runs & batches** page.")
    return view


def run_caption(view: RunView) -> None:
    """One line naming the run on a result page."""
    origin = "made in this session" if view.source == "session" else "from the results store"
    st.caption(f"Run {view.label} ({origin}).")


def not_available(what: str) -> None:
    """The uniform message for a result the current run does not have."""
    st.info(f"{what}: {NOT_AVAILABLE}.")


def save_current_run() -> None:
    """Write the current session run to the store once; messages go into the page."""
    result = current_result()
    if result is None:
        st.error("Only a run made in this session can be saved.")
        return
    saved: set[str] = st.session_state.setdefault(SAVED_RUNS_KEY, set())
    if result.run_id in saved:
        st.info(f"Run {result.run_id[:8]} is already in {db_path()}.")
        return
    try:
        n_stored = store().save(result)  # 0: saved already, e.g. from another tab
    except StoreError as exc:
        st.error(f"Not saved: {exc}")
        return
    except Exception as exc:  # the last line of defence: a message, not a traceback
        st.error(f"Not saved: {type(exc).__name__}: {exc}")
        return
    saved.add(result.run_id)
    if n_stored == 0:
        st.info(f"Run {result.run_id[:8]} is already in {db_path()}.")
    else:
        st.success(f"Saved run {result.run_id[:8]} to {db_path()}.")


def scenario_directory() -> Path:
    """Where scenario files are listed from: ``./scenarios``, else the source tree's."""
    here = Path.cwd() / "scenarios"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[1] / "scenarios"
