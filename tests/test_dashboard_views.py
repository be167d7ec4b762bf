"""Unit tests of dashboard.views: the data shaping behind the dashboard pages."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from conftest import BASELINE

from dashboard import views
from line_sim.engine.performance import coil_spec
from line_sim.engine.process_chain import process_chain
from line_sim.engine.run import RunResult
from line_sim.errors import InputError
from line_sim.scenario import Scenario, read_toml
from process_models.electrode import coil_performance

# ------------------------------------------------------------------------- scenario


def test_parameter_spec_reads_label_unit_and_bounds_from_the_schema() -> None:
    spec = views.parameter_spec("environment.relative_humidity_pct")
    assert spec.unit == "%"
    assert spec.label.startswith("Base relative humidity of the hall")
    assert (spec.minimum, spec.maximum) == (0.0, 100.0)
    assert not spec.minimum_exclusive and not spec.integer
    assert spec.title.endswith("[%]")


def test_parameter_spec_marks_strict_bounds_and_integers() -> None:
    speed = views.parameter_spec("line.speed_m_per_min")
    assert speed.minimum == 0.0 and speed.minimum_exclusive and speed.unit == "m/min"
    passes = views.parameter_spec("stations.calender.passes")
    assert passes.integer and (passes.minimum, passes.maximum) == (1.0, 20.0)


def test_every_key_parameter_is_a_bounded_schema_field_with_a_unit() -> None:
    routes = [p for paths in views.ROUTE_PARAMETERS.values() for p in paths]
    for path in (*views.KEY_PARAMETERS, *routes):
        spec = views.parameter_spec(path)
        assert spec.minimum is not None and spec.maximum is not None, path
        assert spec.unit, path


def test_parameter_spec_rejects_an_unknown_path() -> None:
    with pytest.raises(KeyError, match="not a scenario field"):
        views.parameter_spec("environment.no_such_field")


def test_widget_limits_move_strict_bounds_inwards() -> None:
    spec = views.parameter_spec("materials.active_material.d50_um")
    step = views.suggested_step(spec, 10.4)
    assert step == pytest.approx(0.1)
    low, high = views.widget_limits(spec, step)
    assert low == pytest.approx(0.1) and high == 1000.0
    assert views.decimals_for(step) == 1
    assert views.decimals_for(0.0001) == 4


def test_key_parameters_follow_the_route(baseline: Scenario) -> None:
    bf = views.key_parameters(baseline)
    assert "stations.laminator.nip_temperature_c" in bf
    assert not any(p.startswith("stations.spray_booth") for p in bf)
    assert views.value_at(baseline, "stations.spray_booth.voltage_kv") is None


def test_changed_overrides_keeps_only_edited_values(baseline: Scenario) -> None:
    edited = {path: views.value_at(baseline, path) for path in views.key_parameters(baseline)}
    assert views.changed_overrides(baseline, edited) == {}
    edited["environment.relative_humidity_pct"] = 30.0
    assert views.changed_overrides(baseline, edited) == {"environment.relative_humidity_pct": 30.0}


def test_scenario_with_overrides_sets_energy_fields_like_any_other(baseline: Scenario) -> None:
    raw = read_toml(BASELINE)
    scenario = views.scenario_with_overrides(raw, {"energy.outdoor_climate": "nordic",
                                                   "line.speed_m_per_min": 20.0}, "b.toml")
    assert scenario.energy.outdoor_climate == "nordic" and scenario.line.speed_m_per_min == 20.0
    assert views.scenario_with_overrides(raw, {}, "b.toml") == baseline
    assert raw["energy"]["outdoor_climate"] == "central_europe"  # the mapping is left alone
    with pytest.raises(InputError) as info:
        views.scenario_with_overrides(raw, {"energy.dew_point_target_c": 25.0}, "b.toml")
    assert "energy.dew_point_target_c = 25.0 °C" in str(info.value)
    assert "allowed: below 22.0 °C" in str(info.value)


def test_parse_scenario_text_turns_bad_toml_into_an_input_error() -> None:
    assert views.parse_scenario_text('name = "x"\n', "up.toml") == {"name": "x"}
    with pytest.raises(InputError, match=r"up\.toml: malformed TOML"):
        views.parse_scenario_text("name = ", "up.toml")


def test_scenario_files_lists_line_scenarios_only(tmp_path) -> None:
    (tmp_path / "line.toml").write_text('name = "a"\n[materials]\n', encoding="utf-8")
    (tmp_path / "design.toml").write_text('[electrode]\nporosity = 0.3\n', encoding="utf-8")
    (tmp_path / "broken.toml").write_text("name = ", encoding="utf-8")
    names = [p.name for p in views.scenario_files(tmp_path)]
    assert names == ["broken.toml", "line.toml"]
    assert views.scenario_files(tmp_path / "missing") == []


def test_sensitivity_files_need_a_sensitivity_table(tmp_path) -> None:
    (tmp_path / "study.toml").write_text("[batch]\n[sensitivity]\nmethod = 'sobol'\n", encoding="utf-8")
    (tmp_path / "plain.toml").write_text("[batch]\n", encoding="utf-8")
    assert [p.name for p in views.sensitivity_files(tmp_path)] == ["study.toml"]


def test_scenario_route_defaults_to_bf(tmp_path) -> None:
    (tmp_path / "a.toml").write_text('route = "slurry"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('name = "b"\n', encoding="utf-8")
    (tmp_path / "c.toml").write_text("name = ", encoding="utf-8")
    assert [views.scenario_route(tmp_path / n) for n in ("a.toml", "b.toml", "c.toml")] == [
        "slurry", "BF", None]


# ----------------------------------------------------------------------------- line


def _intervals() -> pd.DataFrame:
    """Three intervals: 1 h at 60 m/min, 1 h stopped (failed), 1 h at 30 m/min."""
    return pd.DataFrame({
        "start_h": [0.0, 1.0, 2.0], "end_h": [1.0, 2.0, 3.0],
        "position_m": [0.0, 3600.0, 3600.0], "speed_m_per_min": [60.0, 0.0, 30.0],
        "line_state": pd.Categorical(["running", "failed", "running"]),
        "line_cause": ["", "calender", ""],
        "mixer_state": pd.Categorical(["mixing", "mixing", "blocked"]),
        "fibrillator_state": pd.Categorical(["running", "blocked", "running"]),
        "powder_hopper_kg": [100.0, 150.0, 120.0], "dough_hopper_kg": [50.0, 80.0, 60.0],
    })


def test_throughput_follows_the_piecewise_linear_web_position() -> None:
    frame = views.throughput_over_time(_intervals(), pd.DataFrame(), bin_h=0.5)
    produced = frame[frame["series"] == "produced"]["m_per_h"].to_numpy()
    np.testing.assert_allclose(produced, [3600, 3600, 0, 0, 1800, 1800])
    assert set(frame["series"]) == {"produced"}


def test_throughput_counts_good_length_from_segments() -> None:
    segments = pd.DataFrame({"time_h": [0.2, 0.4, 2.5], "length_m": [1.0, 1.0, 1.0],
                             "good": [True, False, True]})
    frame = views.throughput_over_time(_intervals(), segments, bin_h=1.0)
    good = frame[frame["series"] == "good"]["m_per_h"].to_numpy()
    np.testing.assert_allclose(good, [1.0, 0.0, 1.0])


def test_state_timeline_merges_equal_neighbours_and_keeps_the_cause() -> None:
    timeline = views.state_timeline(_intervals())
    mixer = timeline[timeline["station"] == "mixer"]
    assert list(mixer["state"]) == ["mixing", "blocked"]
    assert list(mixer["end_h"]) == [2.0, 3.0]
    line = timeline[timeline["station"] == "web: calender, laminator, inspection, rewinder"]
    assert list(line["state"]) == ["running", "failed", "running"]
    assert line["cause"].iloc[1] == "calender"
    assert timeline["duration_h"].sum() == pytest.approx(9.0)


def test_hopper_levels_is_long_form() -> None:
    levels = views.hopper_levels(_intervals())
    assert set(levels["hopper"]) == {"powder hopper", "dough hopper"}
    assert len(levels) == 6


def test_station_rows_and_buffers_follow_the_route() -> None:
    slurry = views.station_state_columns("slurry")
    assert "fibrillator_state" not in slurry.values()
    assert list(slurry) == ["mixer", "web: coater, dryer, calender, inspection, rewinder"]
    assert views.hopper_columns("slurry") == {"slurry tank": "powder_hopper_kg"}
    assert views.hopper_columns("DPSD") == {"feeder": "powder_hopper_kg"}
    assert set(views.state_timeline(_intervals(), "DPSD")["station"]) == {
        "mixer", "web: spray booth, hot calender, inspection, rewinder"}


def test_downtime_pareto_sorts_and_accumulates() -> None:
    pareto = views.downtime_pareto({"starved": 1.0, "coil_change": 3.0, "handover": 0.0})
    assert list(pareto["cause"]) == ["coil_change", "starved"]
    np.testing.assert_allclose(pareto["cumulative_pct"], [75.0, 100.0])


def test_oee_breakdown_skips_missing_components() -> None:
    frame = views.oee_breakdown({"availability": 0.9, "quality": 0.95, "oee": None})
    assert list(frame["component"]) == ["availability", "quality"]
    np.testing.assert_allclose(frame["percent"], [90.0, 95.0])


# -------------------------------------------------------------------------- quality


def test_number_and_mapping_ignore_missing_null_and_non_finite_values() -> None:
    summary = {"a": 1, "b": None, "c": float("nan"), "d": True, "m": {"x": 2.0, "y": "z"}}
    assert views.number(summary, "a") == 1.0
    assert all(views.number(summary, k) is None for k in ("b", "c", "d", "missing"))
    assert views.mapping(summary, "m") == {"x": 2.0}
    assert views.mapping(summary, "a") == {}


def test_spec_limits_match_the_scenario_quality_table(baseline: Scenario) -> None:
    density = views.coating_solid_density_kg_per_m3(baseline)
    assert 4000.0 < density < 4800.0  # NMC811 4.8 g/cm³ with 4 wt% light carbon and PTFE
    limits = views.spec_limits(baseline)
    loading = limits["loading"]
    assert loading.target == 26.0
    assert (loading.low, loading.high) == pytest.approx((26.0 * 0.97, 26.0 * 1.03))
    assert limits["porosity"].low == pytest.approx(0.27)
    thickness = limits["thickness"]
    expected_um = 26.0 / 100.0 / (density * (1 - 0.30)) * 1e6
    assert thickness.target == pytest.approx(expected_um)
    assert thickness.high / thickness.target == pytest.approx(1.04)


def test_downsample_keeps_extremes_within_the_point_budget() -> None:
    x = np.arange(100_000, dtype=float)
    y = np.zeros_like(x)
    y[12_345] = 7.0
    frame = views.downsample_along(pd.DataFrame({"x": x, "y": y}), "x", "y", max_points=5000)
    assert len(frame) == 5000
    assert frame["high"].max() == 7.0
    assert frame["mean"].max() < 7.0


def test_downsample_leaves_short_series_alone_and_rejects_a_zero_budget() -> None:
    frame = views.downsample_along(pd.DataFrame({"x": [0.0, 1.0], "y": [2.0, 3.0]}), "x", "y")
    assert list(frame["mean"]) == [2.0, 3.0]
    with pytest.raises(ValueError, match="max_points"):
        views.downsample_along(pd.DataFrame({"x": [0.0], "y": [1.0]}), "x", "y", 0)


def test_histogram_weights_and_drops_non_finite_values() -> None:
    frame = views.histogram(np.array([1.0, 1.0, 2.0, np.nan]), bins=2,
                            weights=np.array([2.0, 2.0, 1.0, 5.0]))
    assert frame["count"].sum() == 5.0
    assert views.histogram([np.nan]).empty


def test_scrap_by_cause_sorts_largest_first() -> None:
    frame = views.scrap_by_cause({"scrap_by_cause": {"startup": 10.0, "edge_crack": 30.0}})
    assert list(frame["cause"]) == ["edge_crack", "startup"]


def test_coil_table_puts_units_in_the_headers(baseline_day: RunResult) -> None:
    table = views.coil_table(baseline_day.coils)
    assert table.columns[0] == "coil"
    assert "loading [mg/cm²]" in table.columns
    assert {"areal capacity [mAh/cm²]", "utilisation at 1C [-]"} <= set(table.columns)
    assert len(table.columns) == len(baseline_day.coils.columns)


# --------------------------------------------------------------------------- energy


def test_energy_breakdown_collects_every_run_that_has_it() -> None:
    dry = {"route": "BF", "scenario": "s", "energy_by_stage_kwh_per_m2": {"mixing": 0.1},
           "energy_kwh_per_m2": 0.5}
    wet = {"route": "slurry", "scenario": "s", "energy_by_stage_kwh_per_m2": {"drying": 1.2}}
    frame = views.energy_breakdown([dry, wet, {"route": "BF"}], "stage")
    assert list(frame["run"]) == ["BF: s", "slurry: s"]
    assert frame["kwh_per_m2"].sum() == pytest.approx(1.3)
    assert views.energy_breakdown([{"route": "BF"}], "carrier").empty
    headlines = views.energy_headlines([dry, wet])
    assert list(headlines["value"]) == [0.5]


# ----------------------------------------------------------------------------- cell


def test_the_coil_spec_agrees_with_the_run_thickness(baseline_day: RunResult) -> None:
    coils = baseline_day.coils
    # water costs lithium twice: surface reaction before winding, HF in the cell
    water_loss = 1.0 - ((1.0 - coils["moisture_capacity_loss_fraction"])
                        * (1.0 - coils["residual_water_capacity_loss_fraction"]))
    props = coil_performance(coil_spec(process_chain(baseline_day.scenario)),
                             coils["mean_loading_mg_per_cm2"], coils["mean_porosity"],
                             water_loss, coils["yield_fraction"])
    assert len(props["thickness_um"]) == len(coils)
    np.testing.assert_allclose(props["thickness_um"], coils["mean_thickness_um"], rtol=0.01)
    np.testing.assert_allclose(props["areal_capacity_mah_per_cm2"],
                               coils["areal_capacity_mah_per_cm2"], rtol=1e-12)
    # NMC811 at 96 wt% and ~26 mg/cm² is the ~5 mAh/cm² class of the seed's Table 1
    assert 4.0 < coils["areal_capacity_mah_per_cm2"].mean() < 6.0


def test_areal_capacity_per_coil_comes_from_the_coil_table(baseline_day: RunResult) -> None:
    coils = baseline_day.coils
    frame = views.areal_capacity_per_coil(coils)
    assert frame["count"].sum() == pytest.approx(coils["length_m"].sum())
    assert frame["bin_start"].min() == pytest.approx(coils["areal_capacity_mah_per_cm2"].min())
    assert frame["bin_end"].max() == pytest.approx(coils["areal_capacity_mah_per_cm2"].max())
    assert views.areal_capacity_per_coil(pd.DataFrame()).empty
    assert views.areal_capacity_per_coil(coils.drop(columns="areal_capacity_mah_per_cm2")).empty


def test_rate_curves_fall_with_c_rate_and_with_loading(baseline_day: RunResult) -> None:
    spec = coil_spec(process_chain(baseline_day.scenario))
    electrodes = views.representative_electrodes(baseline_day.coils)
    labels = list(electrodes)
    assert labels[0].startswith("this run (26.0 mg/cm²)") and len(labels) == 4
    assert electrodes[labels[-1]][0] == pytest.approx(2.0 * electrodes[labels[0]][0])
    curves = views.rate_curves(spec, electrodes, c_rates=(0.1, 1.0, 5.0))
    run = curves[curves["electrode"] == labels[0]]["utilisation"].to_numpy()
    assert np.all(np.diff(run) <= 1e-12) and run[0] > run[-1]
    at_1c = curves[curves["c_rate"] == 1.0].set_index("electrode")["utilisation"]
    assert at_1c[labels[-1]] < at_1c[labels[0]]  # a thicker electrode loses more at 1C
    assert views.representative_electrodes(pd.DataFrame()) == {}
    # the band brackets every curve, and widens where the cliff is near (1C, thick)
    assert np.all(curves["utilisation_low"] <= curves["utilisation"] + 1e-12)
    assert np.all(curves["utilisation"] <= curves["utilisation_high"] + 1e-12)
    width = (curves["utilisation_high"] - curves["utilisation_low"]).to_numpy()
    assert width.max() > 0.1


def test_the_rate_curves_say_how_far_they_can_be_trusted() -> None:
    from process_models.electrode import TEST_ERRORS

    text = views.rate_model_accuracy()
    error = TEST_ERRORS["physics_and_warp"]["all"]
    assert f"{error['rows']} random design points" in text
    assert f"largest utilisation error {error['max_abs_error']:.3f}" in text
    assert "Above 2C the curves extrapolate" in text
    assert "well before the electrolyte cliff" in text


def test_cracking_limit_scales_with_particle_size_to_the_power_one_and_a_half() -> None:
    curve = views.cracking_limit_curve("NMC811", [5.0, 20.0])
    nmp = curve[curve["solvent"] == "NMP"]["h_max_um"].to_numpy()
    assert nmp[1] / nmp[0] == pytest.approx(4.0 ** 1.5)
    assert views.cracking_limit_curve("unobtainium", [5.0]).empty
    assert views.cracking_limit_um("unobtainium", 5.0) is None
    h_max = views.cracking_limit_um("NMC811", 10.0)
    assert h_max is not None
    assert views.only_dry_reaches_um(h_max * 1.1, h_max)
    assert not views.only_dry_reaches_um(h_max * 0.9, h_max)


def test_cell_metrics_say_which_kpis_are_missing() -> None:
    metrics = dict(views.cell_metrics({"cell_energy_wh_per_kg": 251.4, "utilisation_1c": 0.9}))
    assert metrics["Cell energy [Wh/kg]"] == "251"
    assert metrics["Utilisation at 1C [%]"] == "90.0"
    assert metrics["Cell energy [Wh/L]"] is None


def test_cell_bands_bracket_the_1c_values_the_run_carries(baseline_day: RunResult) -> None:
    bands = views.cell_bands(baseline_day.kpis).set_index("quantity")
    assert list(bands.index) == ["Utilisation at 1C", "Cell energy at 1C", "Cell energy at 1C"]
    low, high = (float(v) for v in bands["band"].iloc[0].split(" ")[0].split("–"))
    centre = 100.0 * baseline_day.kpis["utilisation_1c"]
    assert low <= centre <= high
    assert views.cell_bands({"utilisation_1c": 0.9}).empty  # a run stored without bands


# ----------------------------------------------------------------------- runs & batches


def _stored_runs() -> pd.DataFrame:
    def row(run_id: str, point: int, rep: int, value: float | None, batch: str | None = "b1"
            ) -> dict:
        key = None if batch is None else json.dumps({"scenario": 0, "point": point,
                                                     "replication": rep})
        summary = {"scenario": "base", "oee": value, "scrap_by_cause": {"startup": 1.0}}
        return {"run_id": run_id, "scenario_name": "base", "seed": rep, "batch_id": batch,
                "batch_key": key, "scenario_hash": f"h{point}", "summary_json": json.dumps(summary)}

    return pd.DataFrame([row("r1", 0, 0, 0.80), row("r2", 0, 1, 0.84), row("r3", 0, 2, 0.82),
                         row("r4", 1, 0, 0.70), row("r5", 0, 0, 0.5, batch=None)])


def test_runs_table_expands_headline_kpis() -> None:
    table = views.runs_table(_stored_runs())
    assert "summary_json" not in table.columns
    assert table.columns[0] == "scenario_name" and table.columns[-1] == "run_id"
    assert list(table["oee"]) == [0.80, 0.84, 0.82, 0.70, 0.5]
    assert "cell_energy_wh_per_kg" not in table.columns


def test_compare_runs_puts_runs_side_by_side() -> None:
    frame = views.compare_runs(_stored_runs(), ["r1", "r4"])
    assert frame.shape[1] == 2
    assert frame.loc["oee"].tolist() == [0.80, 0.70]


def test_batch_confidence_intervals_match_student_t() -> None:
    table = views.batch_table(_stored_runs(), "b1")
    assert len(table) == 4 and "scrap_by_cause.startup" in table.columns
    assert views.batch_kpis(table)[0] == "oee"
    ci = views.confidence_intervals(table, "oee")
    first = ci.iloc[0]
    assert first["n"] == 3 and first["mean"] == pytest.approx(0.82)
    half = 4.302652729911275 * 0.02 / math.sqrt(3)  # t(0.975, 2) · s / √n
    assert (first["ci_low"], first["ci_high"]) == pytest.approx((0.82 - half, 0.82 + half))
    assert ci.iloc[1]["n"] == 1 and math.isnan(ci.iloc[1]["ci_low"])


def test_batch_coordinates_reject_foreign_keys() -> None:
    assert views.batch_coordinates('{"scenario": 1, "point": 2, "replication": 3}') == {
        "scenario": 1, "point": 2, "replication": 3}
    assert views.batch_coordinates("not json") is None
    assert views.batch_coordinates(None) is None


def test_sensitivity_frame_has_one_row_per_factor() -> None:
    frame = views.sensitivity_frame({"a": {"S1": 0.5, "ST": 0.6}, "b": {"S1": 0.1, "ST": 0.2}})
    assert list(frame["factor"]) == ["a", "b"] and list(frame["ST"]) == [0.6, 0.2]


def test_kpi_titles_carry_units() -> None:
    assert views.kpi_title("throughput_good_m2_per_h") == "throughput good m2 per h [m²/h]"
    assert views.kpi_title("yield_fraction").endswith("[-]")
    assert views.kpi_title("mean_thickness_um").endswith("[µm]")


def test_headline_metrics_show_signed_deltas() -> None:
    metrics = views.headline_metrics({"oee": 0.80, "yield_fraction": 0.9}, {"oee": 0.75})
    by_label = {label: (value, delta) for label, value, delta in metrics}
    assert by_label["OEE [%]"] == ("80.0", "+5.0")
    assert by_label["Yield [%]"] == ("90.00", None)


def test_run_view_from_store_survives_an_invalid_stored_scenario() -> None:
    view = views.run_view_from_store("abc", {"summary": {"scenario": "s"}, "scenario": {"x": 1},
                                             "coils": pd.DataFrame()})
    assert view.scenario is None and view.segments.empty and view.source == "store"
