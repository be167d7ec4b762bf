"""Common ground of every scenario table: strict models, fractions, routes and ranges."""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel, ConfigDict, Field

from line_sim.errors import InputError

Route = Literal["BF", "DPSD", "slurry"]
"""Production routes: binder fibrillation, dry powder spray deposition, slurry reference."""

MASS_FRACTION_TOLERANCE = 1e-6

MAX_SEED = 2**63 - 1
"""Largest seed of a run: seeds are 0 to 2^63 − 1 (a signed 64-bit integer), in a scenario's
``seed``, ``--seed``, a batch's seed and ``simulate(seed=...)`` alike."""
MAX_LISTED_PROBLEMS = 20
"""Problems an :class:`~line_sim.errors.InputError` lists one by one; the rest are summarised."""
MAX_HORIZON_H = 8784.0
"""Longest simulated horizon [h]: one leap year. Bounds ``simulation.horizon_h``, ``--hours``
and the start and length of climate excursions."""


class Strict(BaseModel):
    """Base of every scenario table: unknown keys are errors, values are checked on set."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False,
                              allow_inf_nan=False)


def fraction_field(description: str, default: float | None = None, **bounds: float) -> Any:
    limits = {"ge": 0.0, "le": 1.0} | bounds
    if default is None:
        return Field(description=description, **limits)
    return Field(default, description=description, **limits)


def summarised(problems: list[str], kinds: list[str] | None = None) -> list[str]:
    """``problems`` cut to :data:`MAX_LISTED_PROBLEMS`, the rest counted in one last line.

    Ten thousand unknown keys must not print ten thousand lines (CLI) or fill a page
    (dashboard): the first problems are listed, then "… and 9,980 more problems of the same
    kinds (unknown key: 9,980)". ``kinds`` names the kind of each problem, in the same order.
    """
    if len(problems) <= MAX_LISTED_PROBLEMS:
        return problems
    rest = len(problems) - MAX_LISTED_PROBLEMS
    line = f"… and {rest:,} more problems of the same kinds"
    if kinds is not None:
        counts: dict[str, int] = {}
        for kind in kinds[MAX_LISTED_PROBLEMS:]:
            counts[kind] = counts.get(kind, 0) + 1
        line += " (" + ", ".join(f"{kind}: {n:,}" for kind, n in counts.items()) + ")"
    return [*problems[:MAX_LISTED_PROBLEMS], line]


# --------------------------------------------------------------------------- ranges


@dataclass(frozen=True)
class Bounds:
    """The allowed range of a number: ``low`` to ``high``, each end open or closed.

    One description of a range for the schema's fields, the ``[parameters.<set>]``
    coefficients (dataclass field metadata ``min``, ``max``, ``exclusive_min``,
    ``exclusive_max``) and the command-line options that override a field.
    """

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    @classmethod
    def of_field(cls, model: type[BaseModel], name: str) -> Bounds:
        """The range of a pydantic field, from its ``ge``/``gt``/``le``/``lt``."""
        low = high = None
        low_open = high_open = False
        for item in model.model_fields[name].metadata:
            if isinstance(item, annotated_types.Ge):
                low, low_open = item.ge, False
            elif isinstance(item, annotated_types.Gt):
                low, low_open = item.gt, True
            elif isinstance(item, annotated_types.Le):
                high, high_open = item.le, False
            elif isinstance(item, annotated_types.Lt):
                high, high_open = item.lt, True
        return cls(low, high, low_open, high_open)  # type: ignore[arg-type]

    @classmethod
    def of_metadata(cls, metadata: Any) -> Bounds | None:
        """The range stated in a dataclass field's metadata, or None if it states none."""
        if "min" not in metadata and "max" not in metadata:
            return None
        return cls(metadata.get("min"), metadata.get("max"),
                   bool(metadata.get("exclusive_min", False)),
                   bool(metadata.get("exclusive_max", False)))

    def contains(self, value: float) -> bool:
        """True if ``value`` is a finite number inside the range."""
        if isinstance(value, float) and not math.isfinite(value):
            return False
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            return False
        return not (self.high is not None
                    and (value >= self.high if self.high_open else value > self.high))

    def text(self, name: str = "x") -> str:
        """The range as ``0 < name ≤ 100``."""
        parts = []
        if self.low is not None:
            parts.append(f"{_number(self.low)} {'<' if self.low_open else '≤'}")
        parts.append(name)
        if self.high is not None:
            parts.append(f"{'<' if self.high_open else '≤'} {_number(self.high)}")
        return " ".join(parts)

    def json_schema(self) -> dict[str, float]:
        """The range as JSON Schema keywords."""
        out: dict[str, float] = {}
        if self.low is not None:
            out["exclusiveMinimum" if self.low_open else "minimum"] = self.low
        if self.high is not None:
            out["exclusiveMaximum" if self.high_open else "maximum"] = self.high
        return out


def _number(value: float) -> str:
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()
                                  and abs(value) < 1e16):
        return str(int(value))
    return f"{value:g}"


def check_seed(seed: Any, option: str = "seed") -> int:
    """``seed`` as an int if it is one from 0 to :data:`MAX_SEED`.

    Raises
    ------
    InputError
        Not an integer, or outside 0 ≤ seed ≤ 2^63 − 1; the message names ``option``, the
        value and the allowed range.
    """
    try:
        if isinstance(seed, bool):
            raise TypeError
        value = operator.index(seed)
    except TypeError:
        raise InputError(f"{option} = {seed!r}: not an integer; allowed: an integer "
                         f"0 ≤ seed ≤ {MAX_SEED} (2^63 − 1)") from None
    if not 0 <= value <= MAX_SEED:
        raise InputError(f"{option} = {value}: outside the allowed range; allowed: "
                         f"0 ≤ seed ≤ {MAX_SEED} (2^63 − 1, the range of the scenario's seed)")
    return value
