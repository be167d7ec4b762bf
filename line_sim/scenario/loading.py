"""Reading a scenario file: TOML, overrides, validation and messages that name the field."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from line_sim.errors import InputError
from line_sim.scenario.base import summarised
from line_sim.scenario.model import Scenario
from line_sim.scenario.overrides import apply_overrides

# --------------------------------------------------------------------------- loading

BYTE_ORDER_MARK = "\ufeff"


def load_scenario(path: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read, override and validate a scenario file.

    Parameters
    ----------
    path : str or Path
        TOML scenario file.
    overrides : dict, optional
        ``{"dotted.key": value}`` applied before validation (see :func:`apply_overrides`).

    Raises
    ------
    InputError
        Missing or malformed file, unknown key, wrong type, value out of range, or an
        unknown override key; the message names the file, the field, the value and what
        is allowed.
    """
    path = Path(path)
    raw = read_toml(path)
    if overrides:
        raw = apply_overrides(raw, overrides, source=str(path))
    return scenario_from_dict(raw, source=str(path))


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, turning every failure into an :class:`InputError`."""
    try:
        if not path.exists():
            raise InputError(f"{path}: file not found")
        if not path.is_file():
            raise InputError(f"{path}: not a file")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read as UTF-8 text ({exc})") from None
    return parse_toml_text(text, str(path))


def parse_toml_text(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text; syntax errors and absurd nesting become an :class:`InputError`.

    A leading UTF-8 byte order mark (as some Windows editors write) is ignored.
    """
    try:
        return tomllib.loads(text.removeprefix(BYTE_ORDER_MARK))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{source}: malformed TOML: {exc}") from None
    except RecursionError:
        raise InputError(f"{source}: malformed TOML: arrays or tables nested too deeply; "
                         "allowed: a few levels") from None


def scenario_from_dict(raw: dict[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate a scenario mapping; every problem is listed in the :class:`InputError`."""
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        problems = [_describe(source, err) for err in errors]
        raise InputError(f"{source}: {len(problems):,} problem(s) in the scenario",
                         summarised(problems, [_kind(err) for err in errors])) from None


def _kind(err: Any) -> str:
    return {"extra_forbidden": "unknown key", "missing": "missing field"}.get(
        err["type"], "invalid value")




def _describe(source: str, err: Any) -> str:
    loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
    message = err["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    if err["type"] == "extra_forbidden":
        return f"{source}: {loc}: unknown key (value {err['input']!r}); check the spelling " \
               "against `drytwin schema`"
    if err["type"] == "missing":
        return f"{source}: {loc}: required field is missing"
    if err["type"] == "value_error" and isinstance(err.get("input"), dict):
        # a check across a whole table: the message names its fields and values
        return f"{source}: {message}" if not err["loc"] else f"{source}: {loc}: {message}"
    return f"{source}: {loc} = {_short(err.get('input'))}: {message}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."



def json_schema() -> dict[str, Any]:
    """JSON Schema of a scenario file."""
    return Scenario.model_json_schema()
