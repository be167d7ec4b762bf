"""Fuzzed inputs: every scenario, ``--set``, batch and electrode design input either loads or
raises the documented :class:`InputError` naming its file; no other exception escapes.

Inputs are mutations of the real files in ``scenarios/`` (wrong types, NaN and ±inf, huge
and tiny numbers, unicode, empty tables, deep nesting, missing and unknown keys) and raw
TOML text. Validation only: nothing is simulated.
"""

from __future__ import annotations

import copy
import math
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from line_sim.errors import InputError
from line_sim.scenario import (
    Scenario,
    load_scenario,
    parse_override,
    read_toml,
    scenario_from_dict,
)
from line_sim.scenario.electrode_design import load_electrode_design
from line_sim.scenario.overrides import _submodel
from line_sim.studies.batch import load_batch

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
ROUTE_FILES = [SCENARIOS / name for name in ("bf_nmc811_baseline.toml", "dpsd_nmc811_cathode.toml",
                                             "slurry_nmc811_reference.toml")]
ELECTRODE_FILE = SCENARIOS / "electrode_lgm50_cathode.toml"
BATCH_FILE = SCENARIOS / "sobol_climate_particle.toml"
FUZZ = settings(max_examples=1000, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --------------------------------------------------------------------------- values

SPECIAL_FLOATS = [math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, -0.0, 0.0, 1e-300, 1e300]
SPECIAL_TEXT = ["", " ", "../../etc/passwd", "/tmp/x", "NMC811", "PTFE", "PVDF", "BF", "DPSD",
                "slurry", "carbon_black", "graphite", "twin_screw", "\u00e9\u00e8\u4e2d\U0001F600",
                "a\u0000b", "x" * 300]
TOML_LITERALS = ["nan", "+nan", "-nan", "inf", "+inf", "-inf", "1e999", "-1e999", "1e-999", "0",
                 "-0.0", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                 "0x7fffffffffffffff", "1_000", "true", "false", '""', '"\u00fc\u00df"', "'raw'",
                 '"""multi\nline"""', "[]", "{}", "[1, 'a', [2.5]]", "{ a = 1 }",
                 "1979-05-27T07:32:00Z", "1979-05-27", "07:32:00", "[" * 50 + "]" * 50,
                 "[" * 3000 + "]" * 3000, "{a = " * 3000 + "1" + "}" * 3000, "=", "[", "{", '"']

leaf_values = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e4, max_value=1e4),
    st.sampled_from(SPECIAL_FLOATS),
    st.booleans(),
    st.text(max_size=20),
    st.sampled_from(SPECIAL_TEXT),
    st.datetimes(),
    st.dates(),
)
toml_values = st.recursive(
    leaf_values,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)


def deep_nesting(depth: int) -> Any:
    """A list nested ``depth`` levels deep, or a table nested as deep."""
    value: Any = 1.0
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


mutation_values = st.one_of(toml_values, st.integers(1, 400).map(deep_nesting))
scale_factors = st.one_of(st.sampled_from([0, -1, 0.5, 2, 10, 1e6, 1e-6]), st.floats(0.0, 3.0))
"""Factors that move a number of a real file within, to and past its field's bounds."""
writable_values = st.one_of(toml_values, st.integers(1, 60).map(deep_nesting))
"""Values the TOML writer can nest (deeper files: test_pathological_files_raise_input_error)."""

# --------------------------------------------------------------------------- mutations


def node_paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path in nested dicts and lists (tables, arrays and leaves)."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        yield (*prefix, key)
        yield from node_paths(child, (*prefix, key))


def parent_of(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        data = data[key]
    return data


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any], values: st.SearchStrategy[Any] = mutation_values
            ) -> dict[str, Any]:
    """``base`` with one to four random changes: replace, delete, add a key, or empty a table."""
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        paths = list(node_paths(data))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = parent_of(data, path)
        action = draw(st.sampled_from(["scale", "scale", "replace", "replace", "delete", "add", "empty"]))
        if action == "scale" and isinstance(parent[path[-1]], int | float):
            parent[path[-1]] = parent[path[-1]] * draw(scale_factors)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=12))] = draw(values)
        elif action == "empty" and isinstance(parent[path[-1]], dict | list):
            parent[path[-1]] = type(parent[path[-1]])()
        else:
            parent[path[-1]] = draw(values)
    return data


def write_toml(folder: Path, data: dict[str, Any], name: str = "fuzzed.toml") -> Path:
    path = folder / name
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def assert_loads_or_names(load: Callable[[], Any], *names: str) -> Any:
    """Run ``load``: it returns, or raises an InputError whose message contains one of ``names``."""
    try:
        loaded = load()
    except InputError as exc:
        message = str(exc)
        assert any(name in message for name in names), message
        event("refused with InputError")
        return None
    event("loaded")
    return loaded


def all_finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(all_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(all_finite(v) for v in value)
    return True


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


# --------------------------------------------------------------------------- scenario files

ROUTE_RAWS = [read_toml(path) for path in ROUTE_FILES]


@FUZZ
@given(data=st.data())
def test_mutated_scenario_mappings_load_or_raise_input_error(data: st.DataObject) -> None:
    raw = data.draw(st.sampled_from(ROUTE_RAWS).flatmap(mutated))
    scenario = assert_loads_or_names(lambda: scenario_from_dict(raw, "mutated.toml"), "mutated.toml")
    if scenario is not None:
        assert all_finite(scenario.model_dump())


def mutate_lines(lines: list[str], edits: list[tuple[str, int, str]]) -> str:
    for action, index, text in edits:
        if not lines:
            lines = [text]
        at = index % len(lines)
        key = lines[at].partition("=")[0]
        if action == "value" and "=" in lines[at]:
            lines[at] = f"{key}= {text}"
        elif action == "delete":
            del lines[at]
        elif action == "insert":
            lines.insert(at, text)
        else:
            lines.insert(at, lines[at])
    return "\n".join(lines)


literal_text = st.one_of(st.sampled_from(TOML_LITERALS), st.text(max_size=30),
                         st.floats().map(repr), st.integers().map(str),
                         st.floats(-100.0, 1000.0).map(repr), st.integers(0, 100).map(str))
line_edits = st.lists(st.tuples(st.sampled_from(["value", "value", "delete", "insert", "duplicate"]),
                                st.integers(0, 10_000), literal_text), min_size=1, max_size=4)
scenario_texts = st.one_of(
    st.tuples(st.sampled_from([p.read_text(encoding="utf-8") for p in ROUTE_FILES]), line_edits)
    .map(lambda pair: mutate_lines(pair[0].splitlines(), pair[1])),
    st.text(max_size=200),
    literal_text.map(lambda text: f"name = {text}"),
)


@FUZZ
@given(text=scenario_texts)
def test_scenario_text_loads_or_raises_input_error(workdir: Path, text: str) -> None:
    path = workdir / "scenario text.toml"
    path.write_text(text, encoding="utf-8")
    scenario = assert_loads_or_names(lambda: load_scenario(path), str(path))
    if scenario is not None:
        assert all_finite(scenario.model_dump())


@pytest.mark.parametrize(("key", "value"), [
    ("parameters.fibrillation.energy_scale_kj_per_kg", 9007199254740993),
    ("parameters.fibrillation.energy_scale_kj_per_kg", 0), ("parameters.mixing.initial_cv", -1e308),
    ("parameters.lamination.roll_radius_m", 1e308), ("parameters.moisture.gab_k", 1),
])
def test_a_coefficient_outside_its_physical_range_is_refused(key: str, value: float) -> None:
    """A coefficient read back as a float must lie in its range (once: 2^53 + 1 was stored)."""
    with pytest.raises(InputError, match=re.escape(f"{key} = {float(value)}: outside the allowed range")):
        load_scenario(ROUTE_FILES[0], {key: value})


def test_nan_and_infinity_are_refused_for_every_numeric_field_kind() -> None:
    """Excursion start and length refuse NaN and inf, as every other number does."""
    raw = copy.deepcopy(ROUTE_RAWS[0])
    for bad in (math.nan, math.inf):
        raw["environment"]["excursions"] = [{"start_h": bad, "duration_h": bad}]
        with pytest.raises(InputError, match=r"excursions\.0\.start_h") as caught:
            scenario_from_dict(raw, "inf.toml")
        assert "excursions.0.duration_h" in str(caught.value)


# --------------------------------------------------------------------------- --set overrides


def schema_keys(model: type[BaseModel] = Scenario, prefix: str = "") -> Iterator[str]:
    """Every dotted field of the scenario schema, tables and leaves."""
    for name, field in model.model_fields.items():
        key = f"{prefix}{name}"
        yield key
        sub = _submodel(field.annotation)
        if sub is not None:
            yield from schema_keys(sub, f"{key}.")


SCHEMA_KEYS = sorted(schema_keys())
override_keys = st.one_of(
    st.sampled_from(SCHEMA_KEYS),
    st.sampled_from(SCHEMA_KEYS).map(lambda k: k + ".extra"),
    st.sampled_from(["parameters.fibrillation.energy_scale_kj_per_kg", "parameters.nope.x",
                     "parameters", "parameters.mixing", "materials.binder.mass_fraction",
                     "environment.temperature_c", "environment.relative_humidity_pct", "", ".", ".."]),
    st.lists(st.text(max_size=8), min_size=1, max_size=4).map(".".join),
)
override_texts = st.lists(st.tuples(override_keys, literal_text).map(lambda kv: f"{kv[0]}={kv[1]}")
                          | st.text(max_size=30), min_size=1, max_size=3)


def value_at(scenario: Scenario, key: str) -> Any:
    node: Any = scenario
    for part in key.split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return node


@FUZZ
@given(path=st.sampled_from(ROUTE_FILES), texts=override_texts)
@example(path=ROUTE_FILES[0], texts=["parameters.fibrillation.energy_scale_kj_per_kg=9007199254740993"])
@example(path=ROUTE_FILES[1], texts=["parameters.spray.humidity_penalty=1", "seed=9223372036854775808"])
@example(path=ROUTE_FILES[2], texts=["simulation.horizon_h=8785", "reliability.coater.mtbf_h=1e-6"])
def test_set_overrides_load_or_raise_input_error(path: Path, texts: list[str]) -> None:
    try:
        overrides = dict(parse_override(text) for text in texts)
    except InputError as exc:
        assert str(exc).startswith("--set"), str(exc)
        return
    scenario = assert_loads_or_names(lambda: load_scenario(path, overrides), str(path))
    if scenario is None:
        return
    assert all_finite(scenario.model_dump())
    for key, value in overrides.items():
        overlapping = any(other != key and (other.startswith(key + ".") or key.startswith(other + "."))
                          for other in overrides)
        if not overlapping and not isinstance(value, str):  # strings may be coerced ("5" → 5.0)
            assert value_at(scenario, key) == value, key


# --------------------------------------------------------------------------- batch files


@pytest.fixture(scope="module")
def batch_folder(workdir: Path) -> Path:
    folder = workdir / "batch"
    folder.mkdir()
    for path in ROUTE_FILES:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


BATCH_BASE: dict[str, Any] = read_toml(BATCH_FILE) | {
    "sweep": {"method": "lhs", "samples": 4, "grid": {"line.speed_m_per_min": [25.0, 30.0]},
              "ranges": {"environment.temperature_c": [16.0, 30.0]}}}


@FUZZ
@given(data=st.data())
def test_mutated_batch_files_load_or_raise_input_error(batch_folder: Path, data: st.DataObject) -> None:
    path = write_toml(batch_folder, data.draw(mutated(BATCH_BASE, writable_values)), "fuzzed batch.toml")
    definition = assert_loads_or_names(lambda: load_batch(path), str(path))
    if definition is not None:
        assert all_finite(definition.spec.model_dump())


# --------------------------------------------------------------------------- electrode designs

ELECTRODE_BASE = read_toml(ELECTRODE_FILE)


@FUZZ
@given(data=st.data())
def test_mutated_electrode_designs_load_or_raise_input_error(workdir: Path, data: st.DataObject) -> None:
    path = write_toml(workdir, data.draw(mutated(ELECTRODE_BASE, writable_values)), "fuzzed design.toml")
    design = assert_loads_or_names(lambda: load_electrode_design(path), str(path))
    if design is not None:
        assert all_finite(design.model_dump())


@pytest.mark.parametrize("loader", [load_scenario, load_electrode_design, load_batch])
@pytest.mark.parametrize("content", ["a = " + "[" * 5000 + "]" * 5000, None])
def test_pathological_files_raise_input_error(workdir: Path, loader: Callable[[Path], Any],
                                              content: str | None) -> None:
    """Nesting deeper than the parser's recursion limit, and a name too long for the file system."""
    if content is None:
        path = workdir / ("n" * 300 + ".toml")
    else:
        path = workdir / "deep.toml"
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(str(path)[:40])):
        loader(path)


def test_uploaded_scenario_text_too_deeply_nested_is_an_input_error() -> None:
    from dashboard.views import parse_scenario_text

    with pytest.raises(InputError, match=r"upload\.toml: malformed TOML"):
        parse_scenario_text("a = " + "[" * 5000 + "]" * 5000, "upload.toml")
