"""Common ground of every scenario table: strict models, fractions and routes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Route = Literal["BF", "DPSD", "slurry"]
"""Production routes: binder fibrillation, dry powder spray deposition, slurry reference."""

MASS_FRACTION_TOLERANCE = 1e-6

class Strict(BaseModel):
    """Base of every scenario table: unknown keys are errors, values are checked on set."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False,
                              allow_inf_nan=False)


def fraction_field(description: str, default: float | None = None, **bounds: float) -> Any:
    limits = {"ge": 0.0, "le": 1.0} | bounds
    if default is None:
        return Field(description=description, **limits)
    return Field(default, description=description, **limits)
