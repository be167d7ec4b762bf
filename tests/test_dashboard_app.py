"""The dashboard pages under streamlit.testing.v1.AppTest: render, interact, fail gracefully."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

pytest.importorskip("streamlit", reason="the dashboard needs: pip install 'drytwin[dashboard]'")
pytest.importorskip("altair", reason="the dashboard needs: pip install 'drytwin[dashboard]'")

import streamlit as st
from streamlit.testing.v1 import AppTest

import dashboard
from dashboard import session
from line_sim.store import ResultsStore
from line_sim.studies.batch import ExecutorSpec, load_batch, plan_batch, run_batch
from line_sim.studies.sensitivity import plan_sensitivity

APP = Path(next(iter(dashboard.__path__))) / "app.py"  # also when installed as a namespace package
ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "bf_nmc811_baseline.toml"
RESULT_PAGES = ("pages/line.py", "pages/quality.py", "pages/energy.py", "pages/cell.py")
ALL_PAGES = (*RESULT_PAGES, "pages/runs.py")
TEST_HORIZON_H = 6.0
TIMEOUT_S = 120


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh results store path for the dashboard (via the environment variable)."""
    path = tmp_path / "results.duckdb"
    monkeypatch.setenv(session.DB_ENVIRONMENT_VARIABLE, str(path))
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    return path


@pytest.fixture
def app(db: Path) -> AppTest:
    """The dashboard on the Scenario page with the baseline scenario picked."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception
    at.selectbox[0].select_index(at.selectbox[0].options.index(BASELINE.name)).run()
    return at


def widget_key(at: AppTest, suffix: str) -> str:
    """Key of the scenario widget for a dotted scenario path."""
    return next(w.key for w in at.number_input if w.key and w.key.endswith(suffix))


def run_scenario(at: AppTest, **overrides: float) -> AppTest:
    """Set the horizon and other key parameters on the Scenario page and press Run."""
    at.number_input(key=widget_key(at, "simulation.horizon_h")).set_value(TEST_HORIZON_H)
    for path, value in overrides.items():
        at.number_input(key=widget_key(at, path.replace("__", "."))).set_value(value)
    at.button[0].click().run()
    return at


def metric(at: AppTest, label: str) -> Any:
    """The metric element with this label."""
    return next(m for m in at.metric if m.label == label)


def charts(at: AppTest) -> list[Any]:
    """Vega-Lite charts of the rendered page."""
    return list(at.get("vega_lite_chart"))


def assert_clean(at: AppTest, page: str) -> None:
    """No exception and no error box on the page."""
    assert not at.exception, f"{page}: {[e.value for e in at.exception]}"
    assert not at.error, f"{page}: {[e.value for e in at.error]}"


def test_scenario_page_lists_scenarios_and_generates_widgets_from_the_schema(app: AppTest) -> None:
    assert app.selectbox[0].value.name == BASELINE.name
    assert "electrode_lgm50_cathode.toml" not in app.selectbox[0].options  # a DESIGN file
    rh = app.number_input(key=widget_key(app, "environment.relative_humidity_pct"))
    assert rh.label.endswith("[%]") and rh.value == 1.0
    assert rh.max is None and "allowed: ≥ 0 and ≤ 100" in rh.help  # the schema checks on Run
    assert app.info[0].value.startswith("Set the parameters")


def test_changing_rh_and_rerunning_changes_the_moisture_kpi(app: AppTest) -> None:
    run_scenario(app)
    assert_clean(app, "scenario")
    label = "Moisture capacity loss [%]"
    dry = float(metric(app, label).value)
    run_scenario(app, environment__relative_humidity_pct=40.0)
    assert_clean(app, "scenario")
    humid = metric(app, label)
    assert float(humid.value) > dry * 5
    assert humid.delta.startswith("+")


def test_an_out_of_range_edit_runs_nothing_and_names_the_field(app: AppTest) -> None:
    run_scenario(app)
    before = session_run_id(app)
    app.number_input(key=widget_key(app, "environment.temperature_c")).set_value(-50.0)
    app.number_input(key=widget_key(app, "line.speed_m_per_min")).set_value(20.0)
    app.button[0].click().run()
    assert not app.exception
    errors = " ".join(e.value for e in app.error)
    assert "environment.temperature_c" in errors and "-50" in errors
    assert not [label for label in status_labels(app) if label.startswith("Done")]
    assert any("Nothing was run" in w.value for w in app.warning)
    assert session_run_id(app) == before


def test_the_edits_of_one_submit_all_reach_the_run(app: AppTest) -> None:
    run_scenario(app, environment__temperature_c=18.0, line__speed_m_per_min=20.0)
    assert_clean(app, "scenario")
    scenario = app.session_state["current_result"].scenario
    assert scenario.environment.temperature_c == 18.0
    assert scenario.line.speed_m_per_min == 20.0


def test_running_the_same_scenario_again_says_so(app: AppTest) -> None:
    run_scenario(app)
    before = session_run_id(app)
    app.button[0].click().run()
    labels = status_labels(app)
    assert any("not run again" in label for label in labels), labels
    assert not any(label.startswith("Done in") for label in labels), labels
    assert session_run_id(app) == before


def session_run_id(at: AppTest) -> str:
    return at.session_state["current_run"].run_id


def status_labels(at: AppTest) -> list[str]:
    """Labels of the ``st.status`` blocks on the page."""
    found: list[str] = []

    def walk(node: Any) -> None:
        children = getattr(node, "children", None) or {}
        for child in children.values() if isinstance(children, dict) else children:
            if type(child).__name__ == "Status":
                found.append(str(child.label))
            walk(child)

    walk(at._tree)
    return found


def test_every_page_renders_charts_after_a_run(app: AppTest) -> None:
    run_scenario(app)
    for page in ALL_PAGES:
        app.switch_page(page).run()
        assert_clean(app, page)
        if page in ("pages/line.py", "pages/quality.py", "pages/cell.py"):
            assert len(charts(app)) >= 3, page
    app.switch_page("pages/quality.py").run()
    assert app.dataframe[0].value.shape[0] >= 1  # the coil table


@pytest.mark.parametrize("route", ["DPSD", "slurry"])
def test_other_routes_render_on_every_page(app: AppTest, route: str) -> None:
    scenario_box = app.selectbox[0]
    chosen = next((i for i, o in enumerate(scenario_box.options) if o.lower().startswith(route.lower())),
                  None)
    if chosen is None:
        pytest.skip(f"no {route} scenario file in scenarios/")
    scenario_box.select_index(chosen).run()
    run_scenario(app)
    assert_clean(app, route)
    assert app.session_state[session.CURRENT_RUN_KEY].summary["route"] == route
    for page in ALL_PAGES:
        app.switch_page(page).run()
        assert_clean(app, f"{route} {page}")


def test_result_pages_explain_how_to_get_a_run(app: AppTest) -> None:
    for page in RESULT_PAGES:
        app.switch_page(page).run()
        assert_clean(app, page)
        assert "No run yet" in app.info[0].value


def test_energy_page_sets_the_dry_route_beside_the_slurry_reference(app: AppTest) -> None:
    run_scenario(app)
    summary = app.session_state[session.CURRENT_RUN_KEY].summary
    assert summary["energy_kwh_per_m2"] > 0.0  # every run carries its energy KPIs
    app.switch_page("pages/energy.py").run()
    assert_clean(app, "energy")
    compare = next(s for s in app.selectbox if s.label == "Compare with")
    assert "slurry" in compare.value  # the slurry reference is the default comparison
    assert len(charts(app)) >= 4  # per m², per kWh of cell, by stage, by carrier
    compare.set_value("No comparison").run()
    assert_clean(app, "energy")
    assert len(charts(app)) >= 4


def test_cell_page_shows_the_run_cell_kpis_and_capacity_per_coil(app: AppTest) -> None:
    run_scenario(app)
    summary = app.session_state[session.CURRENT_RUN_KEY].summary
    app.switch_page("pages/cell.py").run()
    assert_clean(app, "cell")
    assert float(metric(app, "Cell energy [Wh/kg]").value) == pytest.approx(
        summary["cell_energy_wh_per_kg"], abs=0.5)
    assert float(metric(app, "Cell energy [Wh/L]").value) == pytest.approx(
        summary["cell_energy_wh_per_l"], abs=0.5)
    assert float(metric(app, "Areal capacity [mAh/cm²]").value) == pytest.approx(
        summary["areal_capacity_mah_per_cm2"], abs=0.005)
    assert float(metric(app, "Utilisation at 1C [%]").value) == pytest.approx(
        100.0 * summary["utilisation_1c"], abs=0.05)
    assert any(h.value == "Areal capacity per coil" for h in app.subheader)
    assert not any("Areal capacity per coil" in i.value for i in app.info)
    # the rate curves say how far they can be trusted
    assert any("random design points no fit saw" in c.value for c in app.caption)


def test_an_energy_setting_the_hall_contradicts_is_reported_in_the_page(app: AppTest) -> None:
    text = BASELINE.read_text(encoding="utf-8").replace(
        'outdoor_climate = "central_europe"', 'outdoor_climate = "central_europe"\n'
        "dew_point_target_c = 25.0")
    app.radio[0].set_value("Upload a TOML file").run()
    app.file_uploader[0].upload("wet_room.toml", text.encode()).run()
    assert not app.exception
    message = app.error[0].value
    assert "energy.dew_point_target_c = 25.0 °C" in message and "allowed: below 22.0 °C" in message


def test_uploaded_scenarios_are_validated_in_the_page(app: AppTest) -> None:
    app.radio[0].set_value("Upload a TOML file").run()
    app.file_uploader[0].upload("bad.toml", b"name = ").run()
    assert not app.exception
    assert "malformed TOML" in app.error[0].value
    text = BASELINE.read_text(encoding="utf-8").replace("relative_humidity_pct = 1.0",
                                                        "relative_humidity_pct = 150.0")
    app.file_uploader[0].upload("humid.toml", text.encode()).run()
    assert not app.exception
    assert "environment.relative_humidity_pct = 150.0" in app.error[0].value


def test_an_invalid_edit_is_reported_not_raised(app: AppTest) -> None:
    # d50 above d90 passes the widget bounds but not the schema
    run_scenario(app, materials__active_material__d50_um=50.0)
    assert not app.exception
    assert "d10_um <= d50_um <= d90_um" in app.error[0].value


def test_a_failing_run_shows_a_message(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("solver diverged")

    monkeypatch.setattr(session, "simulate", broken)
    run_scenario(app)
    assert not app.exception
    assert "The run failed: RuntimeError: solver diverged" in app.error[0].value


def test_save_browse_compare_and_open_a_stored_run(app: AppTest, db: Path) -> None:
    app.switch_page("pages/runs.py").run()
    assert_clean(app, "runs")
    assert "holds no runs yet" in app.info[0].value
    app.switch_page("pages/scenario.py").run()
    run_scenario(app)
    save = next(b for b in app.button if b.label.startswith("Save run"))
    save.click().run()
    assert app.success and "Saved run" in app.success[0].value
    assert len(ResultsStore(db).runs()) == 1
    next(b for b in app.button if b.label.startswith("Save run")).click().run()
    assert "already in" in app.info[-1].value
    app.switch_page("pages/runs.py").run()
    assert_clean(app, "runs")
    assert app.dataframe[0].value.shape[0] == 1
    compared = app.dataframe[1].value
    assert compared.shape[1] == 1 and "oee" in compared.index
    next(b for b in app.button if b.label == "Open run").click().run()
    assert_clean(app, "runs")
    for page in RESULT_PAGES:
        app.switch_page(page).run()
        assert_clean(app, page)
    app.switch_page("pages/quality.py").run()
    assert any("not available for this run" in i.value for i in app.info)


def test_a_store_from_another_version_is_an_error_message(app: AppTest, db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.execute("INSERT INTO meta VALUES ('schema_version', '0')")
    app.switch_page("pages/runs.py").run()
    assert not app.exception
    assert "schema version 0" in app.error[0].value


BATCH_FILE = """
[batch]
name = "dashboard test"
scenarios = ["{scenario}"]
replications = 3
seed = 7
hours = 2.0

[sweep]
grid = {{ "environment.relative_humidity_pct" = [1.0, 30.0] }}

[sensitivity]
method = "morris"
samples = 2
kpis = ["moisture_capacity_loss_fraction", "oee"]
replications = 1
[sensitivity.ranges]
"environment.relative_humidity_pct" = [1.0, 40.0]
"line.speed_m_per_min" = [20.0, 40.0]
"""


def test_batch_confidence_intervals_and_sensitivity_indices(app: AppTest, db: Path,
                                                            tmp_path: Path) -> None:
    batch_file = tmp_path / "batch.toml"
    batch_file.write_text(BATCH_FILE.format(scenario=BASELINE.as_posix()), encoding="utf-8")
    definition = load_batch(batch_file)
    store = ResultsStore(db)
    serial = ExecutorSpec(workers=1)
    run_batch(plan_batch(definition), store, serial, progress=None)
    run_batch(plan_sensitivity(definition).plan, store, serial, progress=None)
    app.switch_page("pages/runs.py").run()
    assert_clean(app, "runs")
    batch_box = next(s for s in app.selectbox if s.label == "Batch")
    plan_id = plan_batch(definition).batch_id
    batch_box.set_value(plan_id).run()
    assert_clean(app, "runs")
    intervals = app.dataframe[-1].value
    assert list(intervals["n"]) == [3, 3]
    assert intervals["ci_low"].notna().all()
    app.text_input[0].set_value(str(batch_file)).run()
    assert_clean(app, "runs")
    indices = app.dataframe[-1].value
    assert set(indices["factor"]) == {"environment.relative_humidity_pct", "line.speed_m_per_min"}
    assert "mu_star" in indices.columns


def test_quality_page_shows_moisture_per_coil_against_the_limit(app: AppTest) -> None:
    run_scenario(app)
    app.switch_page("pages/quality.py").run()
    assert_clean(app, "quality")
    assert any(h.value == "Moisture per coil" for h in app.subheader)
    assert any("moisture limit" in c.value for c in app.caption)


def test_energy_page_shows_the_post_dryer_and_runs_the_dew_point_sweep(app: AppTest) -> None:
    run_scenario(app)
    app.switch_page("pages/energy.py").run()
    assert_clean(app, "energy")
    labels = [m.label for m in app.metric]
    assert "Mean dwell per load [h]" in labels and "Longest queue [h]" in labels
    sweep_button = next(b for b in app.button if b.label == "Run the dew-point sweep")
    sweep_button.click().run()
    assert_clean(app, "energy sweep")
    assert any("Least energy per kWh of cell at a dew point of" in s.value for s in app.success)
    assert len(charts(app)) >= 3


# --------------------------------------------------------------------------- line view, compare


def page_markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def station_states(at: AppTest) -> dict[str, str]:
    table = next(d.value for d in at.dataframe if "station" in d.value.columns)
    return dict(zip(table["station"], table["state"], strict=True))


def test_line_view_slider_step_and_play_change_the_states(app: AppTest) -> None:
    run_scenario(app)
    app.switch_page("pages/line_view.py").run()
    assert_clean(app, "line view")
    assert "<svg" in page_markdown(app) and "post dryer" in page_markdown(app)
    slider = app.slider(key="line_view_time_h")
    seen = set()
    for t in (0.2, 1.5, 2.5, 3.5, 4.5, 5.5):
        slider.set_value(t).run()
        assert_clean(app, "line view")
        seen.add(tuple(sorted(station_states(app).items())))
    assert len(seen) > 1, "the states shown never changed"
    before = app.slider(key="line_view_time_h").value
    app.button(key="line_view_step").click().run()
    after_step = app.slider(key="line_view_time_h").value
    assert after_step > before
    app.button(key="line_view_play").click().run()
    assert app.session_state["line_view_playing"] is True
    assert app.slider(key="line_view_time_h").value > after_step  # playing steps on each run
    assert any(b.label == "Pause" for b in app.button)
    events = [d.value for d in app.dataframe if "event" in d.value.columns]
    assert events and not events[0].empty


def test_line_view_opens_a_stored_run(app: AppTest, db: Path) -> None:
    run_scenario(app)
    next(b for b in app.button if b.label.startswith("Save run")).click().run()
    app.session_state["current_run"] = None
    app.switch_page("pages/line_view.py").run()
    assert_clean(app, "line view")
    next(b for b in app.button if b.label == "Open in the line view").click().run()
    assert_clean(app, "line view")
    assert app.session_state["current_run"].source == "store"
    assert "<svg" in page_markdown(app)
    app.slider(key="line_view_time_h").set_value(3.0).run()
    assert_clean(app, "line view")


def test_compare_two_stored_runs_labelled_kpis_differences_and_diff(app: AppTest, db: Path) -> None:
    for rh in (20.0, 45.0):
        run_scenario(app, environment__relative_humidity_pct=rh)
        next(b for b in app.button if b.label.startswith("Save run")).click().run()
    assert len(ResultsStore(db).runs()) == 2
    app.switch_page("pages/compare.py").run()
    assert_clean(app, "compare")
    table = next(d.value for d in app.dataframe if "unit" in d.value.columns)
    row = table[table["kpi"] == "yield"].iloc[0]
    assert row["unit"] == "%" and 0 < row.iloc[2] <= 100
    assert any(c.startswith("Δ ") for c in table.columns)
    moisture = table[table["kpi"] == "moisture capacity loss"].iloc[0]
    assert moisture[next(c for c in table.columns if c.startswith("Δ "))] != 0
    assert charts(app), "no chart of the largest differences"
    diff = "\n".join(c.value for c in app.code)
    assert "relative_humidity_pct" in diff and "+" in diff
    pack = app.get("download_button")
    assert pack and "review pack" in pack[0].proto.label.lower()


def test_compare_batch_points_paired_intervals(app: AppTest, db: Path, tmp_path: Path) -> None:
    batch_file = tmp_path / "batch.toml"
    batch_file.write_text(BATCH_FILE.format(scenario=BASELINE.as_posix()), encoding="utf-8")
    run_batch(plan_batch(load_batch(batch_file)), ResultsStore(db), ExecutorSpec(workers=1),
              progress=None)
    app.switch_page("pages/compare.py").run()
    app.radio(key="compare_mode").set_value("Batch points").run()
    assert_clean(app, "compare")
    paired = next(d.value for d in app.dataframe if "ci_low" in d.value.columns)
    assert set(paired["n"]) == {3}
    assert (paired["ci_low"] <= paired["difference"]).all()
    assert "kpi" in paired.columns and "unit" in paired.columns
    assert any("common random numbers" in c.value for c in app.caption)
    assert charts(app)


def test_sensitivity_study_is_picked_from_a_list(app: AppTest, db: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    batch_file = tmp_path / "study.toml"
    batch_file.write_text(BATCH_FILE.format(scenario=BASELINE.as_posix()), encoding="utf-8")
    run_batch(plan_sensitivity(load_batch(batch_file)).plan, ResultsStore(db),
              ExecutorSpec(workers=1), progress=None)
    monkeypatch.chdir(tmp_path)  # the page lists the studies of ./scenarios and ./
    app.switch_page("pages/runs.py").run()
    assert_clean(app, "runs")
    picker = app.selectbox(key="sensitivity_study")
    assert len(picker.options) == 1 and "study · morris" in picker.options[0]
    indices = app.dataframe[-1].value
    assert "mu_star_conf" in indices.columns
    assert len(charts(app)) >= 1


def test_compare_with_an_empty_store_says_so(app: AppTest) -> None:
    app.switch_page("pages/compare.py").run()
    assert_clean(app, "compare")
    assert "holds no runs yet" in app.info[0].value
    app.switch_page("pages/line_view.py").run()
    assert_clean(app, "line view")
