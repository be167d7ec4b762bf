"""drytwin review dashboard: Streamlit pages over the :mod:`line_sim` API.

Launch it with ``drytwin dashboard``. Data shaping lives in :mod:`dashboard.views`
(pure functions over DataFrames), chart construction in :mod:`dashboard.charts`; the
page files only lay out widgets and charts.
"""
