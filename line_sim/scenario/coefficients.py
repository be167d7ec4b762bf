"""Checks and JSON Schema of the ``[parameters.<set>]`` tables: every coefficient within its range.

The coefficient sets are the parameter dataclasses of :mod:`process_models` listed in
:data:`~line_sim.scenario.parameters.PARAMETER_SETS`. Each field states its physical range in
its metadata (``min``, ``max``, optionally ``exclusive_min`` / ``exclusive_max``), chosen from
the range and physics in the dataclass's docstring: generous, but never a value that makes the
model meaningless (a zero scale it divides by, a fraction above one, an exponent that
overflows).
"""

from __future__ import annotations

import math
import re
from dataclasses import MISSING, Field, fields
from typing import Any

from line_sim.scenario.base import Bounds
from line_sim.scenario.parameters import PARAMETER_SETS


def coefficient_bounds(coefficient: Field[Any]) -> Bounds | None:
    """The allowed range of a coefficient (None if its dataclass field states none)."""
    return Bounds.of_metadata(coefficient.metadata)


def coefficient_problems(parameters: dict[str, dict[str, float]]) -> list[str]:
    """Every unknown set, unknown coefficient and value outside its range (empty if none).

    Each message names ``parameters.<set>.<key>``, the value and what is allowed.
    """
    problems: list[str] = []
    for name, values in parameters.items():
        if name not in PARAMETER_SETS:
            problems.append(f"parameters.{name}: unknown coefficient set; allowed: "
                            + ", ".join(PARAMETER_SETS))
            continue
        known = {f.name: f for f in fields(PARAMETER_SETS[name])}
        for key, value in values.items():
            path = f"parameters.{name}.{key}"
            if key not in known:
                problems.append(f"{path}: unknown coefficient; allowed: " + ", ".join(sorted(known)))
            elif not math.isfinite(value):
                problems.append(f"{path} = {value}: must be finite")
            else:
                bounds = coefficient_bounds(known[key])
                if bounds is not None and not bounds.contains(value):
                    problems.append(f"{path} = {value}: outside the allowed range; allowed: "
                                    f"{bounds.text(key)}")
    return problems


def parameters_json_schema() -> dict[str, Any]:
    """JSON Schema of the ``parameters`` table: each set, its coefficients, defaults and ranges."""
    sets = {}
    for name, cls in PARAMETER_SETS.items():
        descriptions = _attribute_descriptions(cls.__doc__ or "")
        properties = {}
        for coefficient in fields(cls):
            entry: dict[str, Any] = {"type": "number"}
            if coefficient.default is not MISSING:
                entry["default"] = coefficient.default
            bounds = coefficient_bounds(coefficient)
            if bounds is not None:
                entry |= bounds.json_schema()
            if coefficient.name in descriptions:
                entry["description"] = descriptions[coefficient.name]
            properties[coefficient.name] = entry
        sets[name] = {"type": "object", "title": cls.__name__, "properties": properties,
                      "additionalProperties": False}
    return {"properties": sets, "additionalProperties": False}


def _attribute_descriptions(docstring: str) -> dict[str, str]:
    """``{name: text}`` of a numpydoc ``Attributes`` section."""
    section = docstring.partition("Attributes")[2]
    out: dict[str, str] = {}
    for match in re.finditer(r"^\s*(\w+) : [^\n]+\n((?:[ \t]{8,}[^\n]*\n?)+)", section, re.M):
        out[match.group(1)] = " ".join(match.group(2).split())
    return out
