"""Dotted scenario keys (as ``--set`` takes them): known?, current value, schema bounds."""

from __future__ import annotations

import dataclasses
import math
from typing import Any, get_origin

from pydantic import BaseModel

from line_sim.scenario import Scenario
from line_sim.scenario.parameters import PARAMETER_SETS

RELIABILITY_SUFFIXES = ("mtbf_h", "mttr_h")


def _submodel(annotation: Any) -> Any:
    if get_origin(annotation) is list:
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def known_key_problem(key: str) -> str | None:
    """Why ``key`` is not a settable scenario field, or None if it is one."""
    parts = key.split(".")
    if parts[0] == "parameters":
        if len(parts) != 3 or parts[1] not in PARAMETER_SETS:
            return ("unknown coefficient key; allowed: parameters.<set>.<key>, sets: "
                    + ", ".join(PARAMETER_SETS))
        names = [f.name for f in dataclasses.fields(PARAMETER_SETS[parts[1]])]
        return None if parts[2] in names else (
            f"unknown key of parameters.{parts[1]}; allowed: {', '.join(names)}")
    model: Any = Scenario
    for i, part in enumerate(parts):
        if model is None:
            return f"{'.'.join(parts[:i])} is not a table"
        if part not in model.model_fields:
            return (f"unknown key {'.'.join(parts[:i + 1])!r}; allowed at this level: "
                    + ", ".join(sorted(model.model_fields)))
        model = _submodel(model.model_fields[part].annotation)
    if model is not None:
        return "names a whole table; allowed: one of its fields"
    return None


def key_value(scenario: Scenario, key: str) -> float:
    """The scenario's current numeric value of a dotted key."""
    parts = key.split(".")
    if parts[0] == "parameters":
        return float(getattr(scenario.parameter_set(parts[1]), parts[2]))
    node: Any = scenario
    for part in parts:
        node = getattr(node, part)
    return float(node)


def key_bounds(key: str) -> tuple[float, float]:
    """The schema's bounds of a scenario field (−inf/inf where it states none)."""
    parts = key.split(".")
    if parts[0] == "parameters":
        return -math.inf, math.inf
    model: Any = Scenario
    info = None
    for part in parts:
        info = model.model_fields[part]
        model = _submodel(info.annotation)
    low, high = -math.inf, math.inf
    for item in getattr(info, "metadata", []):
        for name, side in (("ge", "low"), ("gt", "low"), ("le", "high"), ("lt", "high")):
            value = getattr(item, name, None)
            if value is not None:
                if side == "low":
                    low = float(value)
                else:
                    high = float(value)
    return low, high


def nest(flat: dict[str, float]) -> dict[str, Any]:
    """``{"a.b.c": 1}`` → ``{"a": {"b": {"c": 1}}}`` (for a TOML parameter file)."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        node = out
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """The inverse of :func:`nest`."""
    out: dict[str, Any] = {}
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            out |= flatten(value, dotted + ".")
        else:
            out[dotted] = value
    return out
