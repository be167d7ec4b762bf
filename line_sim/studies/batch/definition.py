"""Batch files: their schema, loading and the messages that name file, field and value."""

from __future__ import annotations

import contextlib
import dataclasses
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from line_sim.errors import InputError
from line_sim.scenario import read_toml, scenario_from_dict

# --------------------------------------------------------------------------- schema


class _BatchTableModel(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


Range = tuple[float, float]


def check_ranges(ranges: dict[str, Range]) -> dict[str, Range]:
    """Require finite ``[low, high]`` pairs with ``low < high``."""
    for key, (low, high) in ranges.items():
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise ValueError(f"range of {key!r} is [{low}, {high}]: empty or not finite; "
                             "allowed: [low, high] with finite low < high")
    return ranges


class BatchTable(_BatchTableModel):
    """``[batch]``: what to run and how often."""

    name: str = Field("", description="Name of the batch (report title).", max_length=200)
    scenarios: list[str] = Field(
        description="Scenario files, relative to the batch file or the working directory.",
        min_length=1)
    replications: int = Field(1, description="Runs per scenario and sweep point [-].",
                              ge=1, le=100_000)
    seed: int = Field(0, description="Batch seed: every run's seed derives from it.",
                      ge=0, le=2**63 - 1)
    hours: float | None = Field(None, description="Horizon of every run [h]; unset: each "
                                "scenario's own.", ge=0.0, le=8784.0)
    common_random_numbers: bool = Field(
        True, description="Same random streams for replication r of every scenario and "
        "sweep point (sharp paired differences).")
    kpis: list[str] | None = Field(
        None, description="KPIs to summarise (summary keys, nested ones dotted); unset: all "
        "numeric KPIs.")


class SweepTable(_BatchTableModel):
    """``[sweep]``: scenario fields to vary, crossed with every scenario."""

    method: Literal["grid", "lhs", "sobol"] = Field(
        "grid", description="How [sweep.ranges] are sampled: lhs (Latin hypercube) or sobol "
        "(scrambled Sobol' sequence); grid takes only [sweep.grid].")
    samples: int = Field(8, description="Points drawn from the ranges [-].", ge=1, le=100_000)
    grid: dict[str, list[Any]] = Field(
        default_factory=dict, description="Dotted key → list of values; every combination "
        "is a sweep point.")
    ranges: dict[str, Range] = Field(
        default_factory=dict, description="Dotted key → [low, high], sampled by `method`.")

    @field_validator("grid")
    @classmethod
    def _non_empty_grid(cls, grid: dict[str, list[Any]]) -> dict[str, list[Any]]:
        for key, values in grid.items():
            if not values:
                raise ValueError(f"grid of {key!r} is empty; allowed: a list of one or more "
                                 "values")
            if _holds_non_finite(values):
                raise ValueError(f"grid of {key!r} = {values}: NaN and infinity are not "
                                 "allowed; allowed: finite values")
        return grid

    @field_validator("ranges")
    @classmethod
    def _valid_ranges(cls, ranges: dict[str, Range]) -> dict[str, Range]:
        return check_ranges(ranges)

    @model_validator(mode="after")
    def _method_fits(self) -> SweepTable:
        if self.ranges and self.method == "grid":
            raise ValueError("ranges need method = \"lhs\" or \"sobol\"; allowed with "
                             "method = \"grid\": only [sweep.grid]")
        if not self.ranges and not self.grid:
            raise ValueError("empty sweep; allowed: [sweep.grid] and/or [sweep.ranges] with "
                             "at least one key")
        overlap = set(self.grid) & set(self.ranges)
        if overlap:
            raise ValueError(f"keys in both grid and ranges: {', '.join(sorted(overlap))}")
        return self


def _holds_non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, list | dict):
        return any(_holds_non_finite(v) for v in (value.values() if isinstance(value, dict) else value))
    return False


class SensitivityTable(_BatchTableModel):
    """``[sensitivity]``: a global sensitivity study with SALib."""

    method: Literal["morris", "sobol"] = Field("sobol", description="Morris screening or "
                                               "Sobol' indices.")
    samples: int = Field(32, description="Base sample size N: Sobol' runs N·(D+2) points "
                         "(N a power of two), Morris N·(D+1) [-].", ge=2, le=100_000)
    ranges: dict[str, Range] = Field(description="Dotted key → [low, high] of each field.",
                                     min_length=1)
    kpis: list[str] | None = Field(None, description="KPIs to analyse; unset: every numeric "
                                   "KPI that varies.")
    morris_levels: int = Field(4, description="Grid levels of the Morris design [-].",
                               ge=2, le=100)
    replications: int | None = Field(None, description="Runs per design point (their mean "
                                     "is analysed); unset: [batch] replications.", ge=1,
                                     le=10_000)

    @field_validator("ranges")
    @classmethod
    def _valid_ranges(cls, ranges: dict[str, Range]) -> dict[str, Range]:
        return check_ranges(ranges)


class BatchFile(_BatchTableModel):
    """A whole batch file."""

    batch: BatchTable = Field(description="Scenarios, replications, horizon and seed.")
    sweep: SweepTable | None = Field(None, description="Fields to vary.")
    sensitivity: SensitivityTable | None = Field(None, description="Sensitivity study.")


@dataclasses.dataclass(frozen=True)
class BatchDefinition:
    """A validated batch file with its scenario files resolved and loaded (as raw TOML)."""

    path: Path
    spec: BatchFile
    scenario_paths: tuple[Path, ...]
    scenario_raw: tuple[dict[str, Any], ...]


def load_batch(path: str | Path) -> BatchDefinition:
    """Read and validate a batch file and the scenario files it names.

    Raises
    ------
    InputError
        Missing or malformed file, unknown key, bad value, missing scenario file, or an
        invalid scenario; the message names the file, the field, the value and what is
        allowed.
    """
    path = Path(path)
    raw = read_toml(path)
    try:
        spec = BatchFile.model_validate(raw)
    except ValidationError as exc:
        problems = [_describe_error(path, err) for err in exc.errors()]
        raise InputError(f"{path}: {len(problems)} problem(s) in the batch file", problems
                         ) from None
    paths = tuple(_resolve_scenario(path, i, name) for i, name in enumerate(spec.batch.scenarios))
    raws = tuple(read_toml(p) for p in paths)
    hashes = [scenario_from_dict(scenario_raw, source=str(scenario_path)).canonical_hash()
              for scenario_path, scenario_raw in zip(paths, raws, strict=True)]
    _refuse_duplicates(path, spec.batch.scenarios, hashes)
    return BatchDefinition(path=path, spec=spec, scenario_paths=paths, scenario_raw=raws)


def _refuse_duplicates(batch_path: Path, entries: Sequence[str], hashes: Sequence[str]) -> None:
    """The same scenario twice (the same file, or files of the same content) is refused."""
    first: dict[str, int] = {}
    for index, (entry, digest) in enumerate(zip(entries, hashes, strict=True)):
        if digest in first:
            earlier = first[digest]
            raise InputError(
                f"{batch_path}: batch.scenarios[{index}] = {entry!r}: the same scenario as "
                f"batch.scenarios[{earlier}] = {entries[earlier]!r}; allowed: each scenario "
                "once (raise batch.replications for more runs of it)")
        first[digest] = index


def _resolve_scenario(batch_path: Path, index: int, name: str) -> Path:
    candidates = [batch_path.parent / name, Path.cwd() / name]
    for candidate in candidates:
        with contextlib.suppress(OSError):  # e.g. a name too long for the file system
            if candidate.is_file():
                return candidate
    raise InputError(f"{batch_path}: batch.scenarios[{index}] = {name!r}: file not found (looked "
                     f"in {candidates[0].parent} and {candidates[1].parent}); allowed: a "
                     "scenario TOML file relative to the batch file or the working directory")


def _describe_error(path: Path, err: Any) -> str:
    loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        allowed = _allowed_keys(err["loc"])
        return f"{path}: {loc}: unknown key; allowed here: {allowed}"
    if err["type"] == "missing":
        return f"{path}: {loc}: required field is missing"
    value = repr(err.get("input"))
    value = value if len(value) <= 80 else value[:77] + "..."
    return f"{path}: {loc} = {value}: {message}"


def _allowed_keys(loc: Sequence[Any]) -> str:
    model: Any = BatchFile
    for part in loc[:-1]:
        field = model.model_fields.get(str(part))
        if field is None:
            break
        model = next((a for a in (field.annotation, *getattr(field.annotation, "__args__", ()))
                      if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if model is None:
            break
    return ", ".join(sorted(model.model_fields)) if model is not None else "(see docs/batch.md)"
