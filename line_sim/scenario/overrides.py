"""``--set dotted.key=value`` overrides, checked against the schema before they apply."""

from __future__ import annotations

import copy
import math
import tomllib
from typing import Any, get_origin

from pydantic import BaseModel

from line_sim.errors import InputError
from line_sim.scenario.model import Scenario

# --------------------------------------------------------------------------- overrides


def parse_override(text: str) -> tuple[str, Any]:
    """Split ``dotted.key=value`` and parse the value as TOML (bare words stay strings)."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise InputError(f"--set {text!r}: expected dotted.key=value")
    return key, parse_value(value.strip())


def parse_value(text: str) -> Any:
    """Parse one TOML value (``1.5``, ``true``, ``[1, 2]``, ``"x"``); bare words are strings."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return text


def apply_overrides(raw: dict[str, Any], overrides: dict[str, Any],
                    source: str = "<scenario>") -> dict[str, Any]:
    """Return a copy of ``raw`` with ``{"dotted.key": value}`` overrides applied.

    Keys must name a field of the schema. Four keys carry engineering meaning:
    ``environment.temperature_c`` and ``environment.relative_humidity_pct`` set a
    constant climate (the daily profile and excursion values of that quantity are
    dropped); ``environment.dew_point_c`` replaces the file's humidity setting (base and
    daily relative humidity) and ``environment.relative_humidity_pct`` a dew point; and
    ``materials.binder.mass_fraction`` rescales the other components so the blend still
    sums to one.
    """
    data = copy.deepcopy(raw)  # TOML data may hold dates and times, so not a JSON round trip
    for key, value in overrides.items():
        _check_known_key(key, source)
        if key == "materials.binder.mass_fraction":
            _rescale_blend(data, value, source)
        _set_dotted(data, key, value)
        if key in ("environment.temperature_c", "environment.relative_humidity_pct"):
            _make_constant(data, key.split(".")[1])
        _replace_humidity_setting(data, key)
    return data


def _replace_humidity_setting(data: dict[str, Any], key: str) -> None:
    """A dew point and a relative humidity are two ways to say one thing: keep the new one."""
    env = data.get("environment")
    if not isinstance(env, dict):
        return
    if key == "environment.dew_point_c":
        env.pop("relative_humidity_pct", None)
        env.pop("daily_relative_humidity_pct", None)
    elif key in ("environment.relative_humidity_pct", "environment.daily_relative_humidity_pct"):
        env.pop("dew_point_c", None)


def _check_known_key(key: str, source: str) -> None:
    model: Any = Scenario
    parts = key.split(".")
    for i, part in enumerate(parts):
        if model is None:
            break
        if part not in model.model_fields:
            if (model is Scenario and part == "parameters") or _is_parameters_path(parts[:i]):
                return
            allowed = ", ".join(sorted(model.model_fields))
            raise InputError(f"--set {key}: unknown key {'.'.join(parts[:i + 1])!r} "
                             f"(for {source}); allowed at this level: {allowed}")
        model = _submodel(model.model_fields[part].annotation)
    if model is not None and model is not Scenario:
        raise InputError(f"--set {key}: names a whole table (for {source}); set one of its "
                         "fields: " + ", ".join(sorted(model.model_fields)))


def _is_parameters_path(parts: list[str]) -> bool:
    return bool(parts) and parts[0] == "parameters"


def _submodel(annotation: Any) -> Any:
    if get_origin(annotation) is list:
        return None  # a list of tables is set whole: --set 'environment.excursions=[{...}]'
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _set_dotted(data: dict[str, Any], key: str, value: Any) -> None:
    node = data
    parts = key.split(".")
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[parts[-1]] = value


def _make_constant(data: dict[str, Any], quantity: str) -> None:
    env = data.get("environment", {})
    env.pop(f"daily_{quantity}", None)
    excursions = env.get("excursions", [])
    for excursion in excursions if isinstance(excursions, list) else []:
        if isinstance(excursion, dict):
            excursion.pop(quantity, None)


def _rescale_blend(data: dict[str, Any], binder_fraction: Any, source: str) -> None:
    if not isinstance(binder_fraction, int | float) or not 0.0 <= binder_fraction < 1.0:
        raise InputError(f"--set materials.binder.mass_fraction = {binder_fraction!r} (for "
                         f"{source}): allowed: a number from 0 to below 1")
    materials = data.get("materials")
    if not isinstance(materials, dict):
        return  # validation reports the missing or malformed table
    others = [o for o in (materials.get(k) for k in ("active_material", "conductive_additive"))
              if isinstance(o, dict) and _is_number(o.get("mass_fraction"))]
    old = sum(float(o["mass_fraction"]) for o in others)
    if not old > 0.0 or not math.isfinite(old):
        return
    scale = (1.0 - binder_fraction) / old
    for other in others:
        other["mass_fraction"] = float(other["mass_fraction"]) * scale


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
