"""Entry point of the drytwin review dashboard (``drytwin dashboard``).

Run with ``streamlit run dashboard/app.py -- --db PATH``; the pages live in
``dashboard/pages`` and are wired with Streamlit's multipage API.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.session import current_run, db_path

PAGES_DIR = Path(__file__).parent / "pages"

# Page file, title and icon, in navigation order. (Comments, not attribute docstrings: Streamlit's
# "magic" would print a bare string in a page script.)
PAGES: tuple[tuple[str, str, str], ...] = (
    ("scenario.py", "Scenario", ":material/tune:"),
    ("line.py", "Line", ":material/precision_manufacturing:"),
    ("line_view.py", "Line view", ":material/play_circle:"),
    ("quality.py", "Quality", ":material/rule:"),
    ("energy.py", "Energy", ":material/bolt:"),
    ("cell.py", "Cell", ":material/battery_full:"),
    ("runs.py", "Runs & batches", ":material/database:"),
    ("compare.py", "Compare", ":material/compare_arrows:"),
    ("optimisation.py", "Optimisation", ":material/insights:"),
    ("process_window.py", "Process window", ":material/grid_on:"),
    ("twin_vs_plant.py", "Twin vs plant", ":material/difference:"),
)


def main() -> None:
    """Configure the page, show the sidebar context and run the selected page."""
    st.set_page_config(page_title="drytwin review", page_icon=":material/factory:", layout="wide")
    pages = [st.Page(PAGES_DIR / file, title=title, icon=icon, default=i == 0)
             for i, (file, title, icon) in enumerate(PAGES)]
    selected = st.navigation(pages)
    with st.sidebar:
        st.caption(f"Results store: `{db_path()}`")
        view = current_run()
        st.caption(f"Current run: {view.label}" if view else "Current run: none yet")
    selected.run()


main()
