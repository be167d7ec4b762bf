"""Scenario schema, loading, overrides and the messages bad input gets."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from conftest import BASELINE

from line_sim import InputError, load_scenario
from line_sim.scenario import (
    apply_overrides,
    json_schema,
    parse_override,
    read_toml,
    scenario_from_dict,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(text)
    return path


def baseline_text() -> str:
    return BASELINE.read_text()


def test_baseline_loads_with_documented_defaults(baseline):
    assert baseline.route == "BF"
    assert baseline.materials.active_material.name == "NMC811"
    assert baseline.stations.inspection.loading_noise_pct == pytest.approx(0.5)
    assert baseline.calendar.shifts_per_day == 3


def test_minimal_file_takes_defaults(tmp_path):
    path = write(tmp_path, """
name = "minimal"
[materials.active_material]
name = "NMC811"
mass_fraction = 0.96
d10_um = 5
d50_um = 10
d90_um = 18
[materials.conductive_additive]
name = "carbon_black"
mass_fraction = 0.02
d10_um = 0.05
d50_um = 0.2
d90_um = 1
[materials.binder]
mass_fraction = 0.02
""")
    s = load_scenario(path)
    assert s.simulation.horizon_h == 168.0
    assert s.line.speed_m_per_min == 40.0
    assert s.materials.binder.name == "PTFE"


@pytest.mark.parametrize(("replace", "field", "allowed"), [
    ("relative_humidity_pct = 1.0", "environment.relative_humidity_pct", "less than or equal to 100"),
    ("speed_m_per_min = 30.0", "line.speed_m_per_min", "greater than 0"),
])
def test_out_of_range_values_name_field_value_and_limit(tmp_path, replace, field, allowed):
    bad_value = "120.0" if "humidity" in field else "-5.0"
    text = baseline_text().replace(replace, replace.split("=")[0] + "= " + bad_value)
    with pytest.raises(InputError) as err:
        load_scenario(write(tmp_path, text))
    message = str(err.value)
    assert "s.toml" in message and field in message and bad_value in message and allowed in message


def test_unknown_key_is_refused(tmp_path):
    text = baseline_text().replace("[line]\n", "[line]\nspeeed_m_per_min = 3\n")
    with pytest.raises(InputError, match=r"line\.speeed_m_per_min: unknown key"):
        load_scenario(write(tmp_path, text))


def test_wrong_type_is_refused(tmp_path):
    text = baseline_text().replace("passes = 3", 'passes = "three"')
    with pytest.raises(InputError, match=r"stations\.calender\.passes = 'three'"):
        load_scenario(write(tmp_path, text))


def test_mass_fractions_must_sum_to_one(tmp_path):
    text = baseline_text().replace("mass_fraction = 0.96", "mass_fraction = 0.90")
    with pytest.raises(InputError, match="mass fractions must sum to 1"):
        load_scenario(write(tmp_path, text))


def test_d10_above_d50_is_refused(tmp_path):
    text = baseline_text().replace("d10_um = 5.0", "d10_um = 12.0")
    with pytest.raises(InputError, match="d10_um <= d50_um"):
        load_scenario(write(tmp_path, text))


def test_every_problem_is_listed(tmp_path):
    text = (baseline_text().replace("d10_um = 5.0", "d10_um = 12.0")
            .replace("speed_m_per_min = 30.0", "speed_m_per_min = -1"))
    with pytest.raises(InputError) as err:
        load_scenario(write(tmp_path, text))
    assert len(err.value.problems) == 2


def test_malformed_toml_and_missing_file(tmp_path):
    with pytest.raises(InputError, match="malformed TOML"):
        load_scenario(write(tmp_path, "name = \n"))
    with pytest.raises(InputError, match="file not found"):
        load_scenario(tmp_path / "nope.toml")


def test_binder_above_decomposition_and_zero_binder_are_impossible(tmp_path):
    text = baseline_text().replace("roll_temperature_c = 60.0", "roll_temperature_c = 420.0")
    with pytest.raises(InputError, match="decomposition"):
        load_scenario(write(tmp_path, text))
    with pytest.raises(InputError, match="needs a binder"):
        load_scenario(BASELINE, {"materials.binder.mass_fraction": 0.0})


def test_required_overrides_work(baseline):
    s = load_scenario(BASELINE, {
        "environment.temperature_c": 28.0,
        "environment.relative_humidity_pct": 5.0,
        "materials.active_material.d50_um": 6.0,
        "materials.binder.mass_fraction": 0.03,
        "line.speed_m_per_min": 20.0,
    })
    assert s.environment.temperature_c == 28.0
    assert s.environment.relative_humidity_pct == 5.0
    assert s.materials.active_material.d50_um == 6.0
    m = s.materials
    assert m.binder.mass_fraction == 0.03
    total = m.active_material.mass_fraction + m.conductive_additive.mass_fraction + 0.03
    assert total == pytest.approx(1.0, abs=1e-12)
    ratio = m.active_material.mass_fraction / m.conductive_additive.mass_fraction
    assert ratio == pytest.approx(0.96 / 0.02)
    assert s.line.speed_m_per_min == 20.0


def test_climate_override_makes_the_climate_constant():
    raw = read_toml(BASELINE)
    raw["environment"]["daily_temperature_c"] = [20.0] * 24
    raw["environment"]["excursions"] = [{"start_h": 1, "duration_h": 2, "temperature_c": 30.0,
                                         "relative_humidity_pct": 10.0}]
    out = apply_overrides(raw, {"environment.temperature_c": 25.0})
    assert "daily_temperature_c" not in out["environment"]
    assert "temperature_c" not in out["environment"]["excursions"][0]
    assert out["environment"]["excursions"][0]["relative_humidity_pct"] == 10.0
    assert raw["environment"]["daily_temperature_c"] == [20.0] * 24  # input untouched


def test_unknown_set_key_lists_allowed_keys():
    with pytest.raises(InputError, match=r"unknown key 'line.sped'.*speed_m_per_min"):
        load_scenario(BASELINE, {"line.sped": 3})
    with pytest.raises(InputError, match="names a whole table"):
        load_scenario(BASELINE, {"line": 3})


def test_parse_override_values():
    assert parse_override("line.speed_m_per_min=25") == ("line.speed_m_per_min", 25)
    assert parse_override("a.b=1.5e-3") == ("a.b", 1.5e-3)
    assert parse_override("materials.binder.name=PVDF") == ("materials.binder.name", "PVDF")
    with pytest.raises(InputError):
        parse_override("no-equals-sign")


def test_parameter_set_overrides_are_checked(baseline):
    s = load_scenario(BASELINE, {"parameters.fibrillation.energy_scale_kj_per_kg": 8.0})
    assert s.parameter_set("fibrillation").energy_scale_kj_per_kg == 8.0
    with pytest.raises(InputError, match="unknown coefficient"):
        load_scenario(BASELINE, {"parameters.fibrillation.nonsense": 1.0})


def test_canonical_hash_is_stable_and_sensitive(baseline):
    again = load_scenario(BASELINE)
    assert again.canonical_hash() == baseline.canonical_hash()
    other = load_scenario(BASELINE, {"line.speed_m_per_min": 31.0})
    assert other.canonical_hash() != baseline.canonical_hash()


def test_json_schema_describes_every_field():
    schema = json_schema()
    line = schema["$defs"]["Line"]["properties"]
    assert "description" in line["speed_m_per_min"]
    assert line["speed_m_per_min"]["exclusiveMinimum"] == 0.0
    for name, definition in schema["$defs"].items():
        for field, spec in definition.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"


# --------------------------------------------------------------------------- physical bounds

def _numeric_fields(model, prefix=""):
    """(dotted name, model, field name) of every number of the schema, nested tables included.

    Lists of numbers (hourly profiles) and the ``parameters`` tables have checks of their own.
    """
    from pydantic import BaseModel

    for name, field in model.model_fields.items():
        annotation = field.annotation
        inner = [annotation, *typing.get_args(annotation)]
        inner += [a for candidate in inner for a in typing.get_args(candidate)]
        tables = [a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)]
        if tables:
            yield from _numeric_fields(tables[0], f"{prefix}{name}.")
        elif {int, float} & set(inner) and not any(typing.get_origin(a) in (list, dict) for a in inner):
            yield f"{prefix}{name}", model, name  # lists of numbers are checked item by item


def test_every_number_of_the_schema_has_a_lower_and_an_upper_bound():
    from line_sim.scenario import Bounds, Scenario

    numbers = list(_numeric_fields(Scenario))
    assert {"seed", "simulation.horizon_h", "environment.excursions.start_h",
            "reliability.calender.mtbf_h", "energy.room_volume_m3"} <= {n for n, _, _ in numbers}
    unbounded = [name for name, model, field in numbers
                 if None in (Bounds.of_field(model, field).low, Bounds.of_field(model, field).high)]
    assert not unbounded, unbounded


@pytest.mark.parametrize(("key", "value"), [
    ("reliability.calender.mtbf_h", 1e-6), ("reliability.calender.mttr_h", 1e-6),
    ("reliability.mixer.mtbf_h", 0.0099), ("reliability.mixer.mttr_h", 0.016),
    ("reliability.web_break_rethread_min", 0.5),
])
def test_reliability_data_that_fails_every_few_seconds_is_refused(key, value):
    with pytest.raises(InputError, match=rf"{key} = {value}: Input should be greater than or equal"):
        load_scenario(BASELINE, {key: value})


def test_the_pathological_reliability_case_is_refused_naming_every_field():
    stations = ("mixer", "fibrillator", "calender", "laminator", "inspection", "rewinder")
    overrides = {f"reliability.{s}.{k}": 1e-6 for s in stations for k in ("mtbf_h", "mttr_h")}
    with pytest.raises(InputError) as caught:
        load_scenario(BASELINE, overrides)
    for key in overrides:
        assert f"{key} = 1e-06" in str(caught.value)


def test_the_shortest_allowed_reliability_data_load():
    s = load_scenario(BASELINE, {"reliability.calender.mtbf_h": 0.01,
                                 "reliability.calender.mttr_h": 1 / 60,
                                 "reliability.web_break_rethread_min": 1.0})
    assert s.reliability.calender.mtbf_h == 0.01


@pytest.mark.parametrize("value", [1e308, 8784.5, float("inf")])
def test_excursions_are_bounded_by_the_longest_horizon(value):
    with pytest.raises(InputError) as caught:
        load_scenario(BASELINE, {"environment.excursions": [{"start_h": value, "duration_h": value}]})
    assert "excursions.0.start_h" in str(caught.value)
    assert "excursions.0.duration_h" in str(caught.value)
    s = load_scenario(BASELINE, {"environment.excursions": [{"start_h": 8784.0, "duration_h": 8784.0}]})
    assert s.environment.excursions[0].duration_h == 8784.0


# --------------------------------------------------------------------------- coefficient bounds

@pytest.mark.parametrize(("key", "value", "allowed"), [
    ("fibrillation.energy_scale_kj_per_kg", 0, "0.1 ≤ energy_scale_kj_per_kg ≤ 500"),
    ("fibrillation.energy_scale_kj_per_kg", -1e308, "0.1 ≤ energy_scale_kj_per_kg ≤ 500"),
    ("fibrillation.energy_scale_kj_per_kg", 9007199254740993, "0.1 ≤ energy_scale_kj_per_kg ≤ 500"),
    ("fibrillation.max_dof", 0.0, "0 < max_dof ≤ 1"),
    ("fibrillation.max_dof", 1.5, "0 < max_dof ≤ 1"),
    ("moisture.gab_k", 1.0, "0 ≤ gab_k ≤ 0.99"),
    ("spray.humidity_penalty", 1.0, "0 ≤ humidity_penalty ≤ 0.9"),
    ("lamination.effective_modulus_pa", 1e308, "1000000 ≤ effective_modulus_pa ≤ 1000000000000"),
])
def test_a_coefficient_outside_its_range_is_refused_naming_set_key_value_and_range(key, value, allowed):
    with pytest.raises(InputError) as caught:
        load_scenario(BASELINE, {f"parameters.{key}": value})
    message = str(caught.value)
    assert f"parameters.{key} = {float(value)}: outside the allowed range; allowed: {allowed}" in message


def test_every_coefficient_has_a_physical_range_holding_its_default():
    from dataclasses import fields

    from line_sim.scenario import PARAMETER_SETS
    from line_sim.scenario.coefficients import coefficient_bounds

    for name, cls in PARAMETER_SETS.items():
        for coefficient in fields(cls):
            bounds = coefficient_bounds(coefficient)
            assert bounds is not None and bounds.low is not None and bounds.high is not None, \
                f"parameters.{name}.{coefficient.name} states no range (field metadata min, max)"
            assert bounds.contains(coefficient.default), f"parameters.{name}.{coefficient.name}"


def test_the_json_schema_shows_every_coefficient_with_its_range():
    from dataclasses import fields

    from line_sim.scenario import PARAMETER_SETS

    parameters = json_schema()["properties"]["parameters"]
    assert parameters["additionalProperties"] is False
    for name, cls in PARAMETER_SETS.items():
        table = parameters["properties"][name]
        assert set(table["properties"]) == {f.name for f in fields(cls)}
        for key, entry in table["properties"].items():
            assert "minimum" in entry or "exclusiveMinimum" in entry, key
            assert "maximum" in entry and entry.get("description"), key
    energy = parameters["properties"]["fibrillation"]["properties"]["energy_scale_kj_per_kg"]
    assert (energy["minimum"], energy["maximum"], energy["default"]) == (0.1, 500.0, 6.6)


# --------------------------------------------------------------------------- long lists, BOM

def test_ten_thousand_unknown_keys_are_summarised_after_twenty():
    raw = read_toml(BASELINE) | {f"unknown_{i}": i for i in range(10_000)}
    with pytest.raises(InputError) as caught:
        scenario_from_dict(raw, "many.toml")
    problems = caught.value.problems
    assert len(problems) == 21
    assert problems[-1] == "… and 9,980 more problems of the same kinds (unknown key: 9,980)"
    assert str(caught.value).startswith("many.toml: 10,000 problem(s) in the scenario")
    assert len(str(caught.value).splitlines()) == 22


def test_twenty_problems_are_all_listed():
    raw = read_toml(BASELINE) | {f"unknown_{i}": i for i in range(20)}
    with pytest.raises(InputError) as caught:
        scenario_from_dict(raw, "few.toml")
    assert len(caught.value.problems) == 20 and "more problems" not in str(caught.value)


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_text("\ufeff" + baseline_text(), encoding="utf-8")
    assert load_scenario(path).name == load_scenario(BASELINE).name
    design = tmp_path / "design.toml"
    design.write_text("\ufeff" + (BASELINE.parent / "electrode_lgm50_cathode.toml").read_text(),
                      encoding="utf-8")
    from line_sim.scenario.electrode_design import load_electrode_design

    assert load_electrode_design(design) is not None


@pytest.mark.parametrize(("key", "value"), [("stations.rewinder.coil_length_m", 99.0),
                                            ("stations.mixer.mixing_time_min", 0.001)])
def test_settings_that_would_flood_a_run_with_events_are_refused(key, value):
    """A 1 cm coil or a 0.06 s batch made 180,000 / 60,000 events per simulated hour."""
    with pytest.raises(InputError, match=rf"{key} = {value}: Input should be greater than or equal"):
        load_scenario(BASELINE, {key: value})
