"""The plant-data contract: a folder of tables, read and checked once at the door.

A plant folder holds CSV or Parquet tables (``coils``, ``events``, ``climate``, ``settings``
and optionally ``gauge``; ``docs/plant-data.md``). Times are ISO 8601 with a time zone;
units are in the column names. :func:`read_plant` returns a :class:`PlantData` with every
time as hours since the first recorded time, or raises :class:`PlantDataError` listing
every problem with its file, row, column, value and what is allowed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from line_sim.engine.layout import ALL_STATIONS
from line_sim.errors import InputError
from line_sim.plant.keys import key_bounds, known_key_problem

TABLES = ("coils", "events", "climate", "settings", "gauge")
REQUIRED_TABLES = ("coils", "events", "climate", "settings")
EVENTS = ("failure", "repair", "web_break", "coil_change", "shift_start", "shift_end",
          "handover_start", "handover_end")
STATIONS = ("line", *ALL_STATIONS)
MAX_CLIMATE_GAP_H = 2.0
"""Longest allowed step between two climate records [h]."""
MAX_PROBLEMS = 500
TZ_PATTERN = re.compile(r"(Z|[+-]\d\d:?\d\d)$")

# column: (low, high, unit hint for a value that is off by a factor)
RANGES: dict[str, tuple[float, float, list[tuple[float, str]]]] = {
    "length_m": (0.0, 1e5, [(1000.0, "km? expected m")]),
    "loading_mg_per_cm2": (0.5, 80.0, [(10.0, "g/m² (10 g/m² = 1 mg/cm²)"),
                                       (1000.0, "µg/cm² or g/m² × 100 (1 mg/cm² = 1000 µg/cm²)")]),
    "thickness_um": (5.0, 2000.0, [(1e-3, "mm (1 mm = 1000 µm)"), (1e-6, "m (1 m = 10⁶ µm)"),
                                   (1000.0, "nm (1 µm = 1000 nm)")]),
    "porosity": (0.0, 0.95, [(100.0, "percent (expected a fraction 0–1)")]),
    "loading_cv": (0.0, 1.0, [(100.0, "percent (expected a fraction 0–1)")]),
    "tensile_strength_mpa": (0.0, 200.0, [(1000.0, "kPa (1 MPa = 1000 kPa)")]),
    "adhesion_kpa": (0.0, 1e4, [(1000.0, "Pa (1 kPa = 1000 Pa)")]),
    "moisture_ppm": (0.0, 1e5, [(1e-6, "kg/kg (1 kg/kg = 10⁶ ppm)"),
                                (1e-4, "percent (1 % = 10⁴ ppm)")]),
    "scrap_m": (0.0, 1e5, []),
    "temperature_c": (-30.0, 60.0, [(None, "K? (expected °C)")]),  # type: ignore[list-item]
    "relative_humidity_pct": (0.0, 100.0, []),
    "dew_point_c": (-90.0, 40.0, []),
    "position_m": (0.0, 1e9, []),
}
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # table: (required, optional)
    "coils": (("coil_id", "start_time", "end_time", "length_m", "loading_mg_per_cm2",
               "thickness_um", "porosity"),
              ("loading_cv", "tensile_strength_mpa", "adhesion_kpa", "moisture_ppm", "scrap_m",
               "scrap_cause")),
    "events": (("time", "station", "event"), ("detail",)),
    "climate": (("time", "temperature_c"), ("relative_humidity_pct", "dew_point_c")),
    "settings": (("time", "key", "value"), ()),
    "gauge": ((), ("time", "position_m", "loading_mg_per_cm2", "thickness_um")),
}
TIME_COLUMNS = ("time", "start_time", "end_time")
MAY_BE_BLANK = ("thickness_um", "porosity")
"""Required coil columns whose cells may be blank: not measured on that coil."""


@dataclass(frozen=True)
class Problem:
    """One problem of a plant folder: where it is and what is allowed."""

    file: str
    row: int | None
    column: str | None
    value: Any
    allowed: str

    def __str__(self) -> str:
        where = self.file + (f", row {self.row}" if self.row is not None else "")
        where += f", column {self.column}" if self.column else ""
        value = "" if self.value is None else f" = {self.value!r}"
        return f"{where}{value}: {self.allowed}"


class PlantDataError(InputError):
    """A plant folder broke the contract; ``problems`` lists every problem found."""

    def __init__(self, folder: Path, problems: list[Problem]) -> None:
        shown = [str(p) for p in problems[:MAX_PROBLEMS]]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"… and {len(problems) - MAX_PROBLEMS} more")
        super().__init__(f"plant folder {folder}: {len(problems)} problem(s)", shown)
        self.items = problems


@dataclass
class PlantData:
    """A checked plant folder; every ``time_h`` is hours since ``t0``."""

    folder: Path
    t0: pd.Timestamp
    coils: pd.DataFrame
    events: pd.DataFrame
    climate: pd.DataFrame
    settings: pd.DataFrame
    gauge: pd.DataFrame | None = None
    files: dict[str, str] = field(default_factory=dict)

    @property
    def horizon_h(self) -> float:
        """Hours from the first to the last record."""
        ends = [self.coils["end_h"].max(), self.events["time_h"].max(),
                self.climate["time_h"].max()]
        return float(np.nanmax([e for e in ends if pd.notna(e)] or [0.0]))


def table_file(folder: Path, table: str) -> Path | None:
    """The file holding ``table`` in a plant folder (``.csv`` or ``.parquet``), if any."""
    for suffix in (".csv", ".parquet"):
        path = folder / f"{table}{suffix}"
        if path.is_file():
            return path
    return None


def read_plant(folder: str | Path) -> PlantData:
    """Read and check a plant folder.

    Raises
    ------
    PlantDataError
        Every problem found: file, row (1 = first data row), column, value, what is allowed.
    """
    folder = Path(folder)
    problems: list[Problem] = []
    if not folder.is_dir():
        raise PlantDataError(folder, [Problem(str(folder), None, None, None,
                                              "not a folder; allowed: a plant folder of tables")])
    raw: dict[str, pd.DataFrame] = {}
    files: dict[str, str] = {}
    for table in TABLES:
        path = table_file(folder, table)
        if path is None:
            if table in REQUIRED_TABLES:
                problems.append(Problem(f"{table}.csv", None, None, None,
                                        "missing; allowed: coils, events, climate and settings as "
                                        ".csv or .parquet (gauge optional)"))
            continue
        files[table] = path.name
        try:
            raw[table] = (pd.read_csv(path, dtype=str, keep_default_na=False)
                          if path.suffix == ".csv" else pd.read_parquet(path))
        except Exception as exc:  # a file pandas cannot read at all
            problems.append(Problem(path.name, None, None, None, f"cannot be read: {exc}"))
    frames: dict[str, pd.DataFrame] = {}
    for table, frame in raw.items():
        frames[table] = _check_table(table, files[table], frame, problems)
    if problems:
        raise PlantDataError(folder, problems)
    times = [frames[t][c] for t in frames for c in TIME_COLUMNS if c in frames[t]]
    times = [s.dropna() for s in times if s.notna().any()]
    t0 = min(s.min() for s in times) if times else pd.Timestamp("1970-01-01", tz="UTC")
    for frame in frames.values():
        for column in TIME_COLUMNS:
            if column in frame:
                name = {"time": "time_h", "start_time": "start_h", "end_time": "end_h"}[column]
                frame[name] = (frame[column] - t0).dt.total_seconds() / 3600.0
    _check_across(frames, files, problems)
    if problems:
        raise PlantDataError(folder, problems)
    return PlantData(folder, t0, frames["coils"], frames["events"], frames["climate"],
                     frames["settings"], frames.get("gauge"), files)


def _check_table(table: str, file: str, frame: pd.DataFrame, problems: list[Problem]
                 ) -> pd.DataFrame:
    required, optional = COLUMNS[table]
    frame = frame.copy()
    for column in required:
        if column not in frame.columns:
            problems.append(Problem(file, None, column, None, "required column missing; columns "
                                    f"are {', '.join(required)} (optional: {', '.join(optional)})"))
    for column in frame.columns:
        if column not in required + optional:
            problems.append(Problem(file, None, column, None,
                                    f"unknown column; allowed: {', '.join(required + optional)} "
                                    "(units are in the column names)"))
    if any(c not in frame.columns for c in required):
        return frame
    for column in frame.columns:
        if column in TIME_COLUMNS:
            frame[column] = _times(frame[column], file, column, problems)
        elif column in RANGES:
            frame[column] = _numbers(frame[column], file, column, problems)
    _check_table_rules(table, file, frame, problems)
    return frame


def _times(series: pd.Series, file: str, column: str, problems: list[Problem]) -> pd.Series:
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert("UTC")
    if pd.api.types.is_datetime64_any_dtype(series):
        for row, value in enumerate(series, start=1):
            problems.append(Problem(file, row, column, str(value), "a time without a time zone; "
                                    "allowed: ISO 8601 with a zone, e.g. 2026-03-02T06:00:00+01:00"))
        return pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns, UTC]")
    out = []
    for row, value in enumerate(series.astype(str), start=1):
        text = value.strip()
        try:
            stamp = pd.Timestamp(text)
        except (ValueError, TypeError):
            problems.append(Problem(file, row, column, value, "not a time; allowed: ISO 8601 "
                                    "with a time zone, e.g. 2026-03-02T06:00:00+01:00"))
            out.append(pd.NaT)
            continue
        if stamp is pd.NaT or stamp.tzinfo is None or not TZ_PATTERN.search(text):
            problems.append(Problem(file, row, column, value, "missing time zone; allowed: ISO "
                                    "8601 with a zone, e.g. 2026-03-02T06:00:00Z or +01:00"))
            out.append(pd.NaT)
            continue
        out.append(stamp.tz_convert("UTC"))
    return pd.Series(pd.to_datetime(out, utc=True), index=series.index)


def _numbers(series: pd.Series, file: str, column: str, problems: list[Problem]) -> pd.Series:
    values = pd.to_numeric(series.replace("", np.nan), errors="coerce")
    low, high, hints = RANGES[column]
    for row, (text, value) in enumerate(zip(series, values, strict=True), start=1):
        if pd.isna(value):
            if str(text).strip() not in ("", "nan", "None"):
                problems.append(Problem(file, row, column, text, "not a number"))
            continue
        if low <= value <= high:
            continue
        hint = next((unit for factor, unit in hints
                     if factor is not None and low <= value / factor <= high), None)
        allowed = f"allowed: {low:g} to {high:g} (unit in the column name)"
        if hint is not None:
            allowed += f"; the value looks like {hint}"
        elif column == "temperature_c" and 243.0 <= value <= 333.0:
            allowed += "; the value looks like kelvin (°C = K − 273.15)"
        problems.append(Problem(file, row, column, value, allowed))
    return values


def _check_table_rules(table: str, file: str, frame: pd.DataFrame, problems: list[Problem]) -> None:
    required = COLUMNS[table][0]
    for column in required:
        if column in TIME_COLUMNS or column in RANGES:
            continue
        for row in np.flatnonzero(frame[column].astype(str).str.strip().isin(["", "nan", "None"])):
            problems.append(Problem(file, int(row) + 1, column, "", "a value is required"))
    for column in (c for c in required if c in RANGES and c not in MAY_BE_BLANK):
        for row in np.flatnonzero(frame[column].isna().to_numpy()):
            if str(frame[column].iloc[row]) in ("nan", "None", ""):
                problems.append(Problem(file, int(row) + 1, column, "", "a value is required"))
    {"coils": _check_coils, "events": _check_events, "climate": _check_climate,
     "settings": _check_settings, "gauge": _check_gauge}[table](file, frame, problems)


def _check_order(file: str, frame: pd.DataFrame, column: str, problems: list[Problem]) -> None:
    times = frame[column]
    for row in range(1, len(times)):
        if pd.notna(times.iloc[row]) and pd.notna(times.iloc[row - 1]) and \
                times.iloc[row] < times.iloc[row - 1]:
            problems.append(Problem(file, row + 1, column, str(times.iloc[row]),
                                    f"out of order: before row {row} ({times.iloc[row - 1]}); "
                                    "allowed: rows in time order"))


def _check_coils(file: str, frame: pd.DataFrame, problems: list[Problem]) -> None:
    ids = frame["coil_id"].astype(str)
    for row in np.flatnonzero(ids.duplicated(keep="first").to_numpy()):
        first = int(np.flatnonzero((ids == ids.iloc[row]).to_numpy())[0]) + 1
        problems.append(Problem(file, int(row) + 1, "coil_id", ids.iloc[row],
                                f"duplicate coil id (first in row {first}); allowed: unique ids"))
    for row in range(len(frame)):
        start, end = frame["start_time"].iloc[row], frame["end_time"].iloc[row]
        if pd.notna(start) and pd.notna(end) and end <= start:
            problems.append(Problem(file, row + 1, "end_time", str(end),
                                    f"not after start_time {start}; allowed: end after start"))
    _check_order(file, frame, "start_time", problems)
    for row in range(1, len(frame)):
        prev_end, start = frame["end_time"].iloc[row - 1], frame["start_time"].iloc[row]
        if pd.notna(prev_end) and pd.notna(start) and start < prev_end - pd.Timedelta(seconds=1):
            problems.append(Problem(file, row + 1, "start_time", str(start),
                                    f"overlaps the previous coil (ends {prev_end}); allowed: one "
                                    "coil at a time on the rewinder"))
    if "scrap_m" in frame:
        over = frame["scrap_m"] > frame["length_m"]
        for row in np.flatnonzero(over.fillna(False).to_numpy()):
            problems.append(Problem(file, int(row) + 1, "scrap_m", frame["scrap_m"].iloc[row],
                                    f"more than the coil's length_m {frame['length_m'].iloc[row]}"))


def _check_events(file: str, frame: pd.DataFrame, problems: list[Problem]) -> None:
    _check_order(file, frame, "time", problems)
    failed: dict[str, int] = {}
    for row in range(len(frame)):
        station, event = str(frame["station"].iloc[row]), str(frame["event"].iloc[row])
        if station not in STATIONS:
            problems.append(Problem(file, row + 1, "station", station,
                                    f"unknown station; allowed: {', '.join(STATIONS)}"))
        if event not in EVENTS:
            problems.append(Problem(file, row + 1, "event", event,
                                    f"unknown event; allowed: {', '.join(EVENTS)}"))
        elif event == "failure":
            if station in failed:
                problems.append(Problem(file, row + 1, "event", event, f"{station} fails again "
                                        f"while its failure of row {failed[station]} is not "
                                        "repaired; allowed: a repair between two failures"))
            failed[station] = row + 1
        elif event == "repair":
            if station not in failed:
                problems.append(Problem(file, row + 1, "event", event, f"a repair of {station} "
                                        "without a failure before it; allowed: failure, then repair"))
            failed.pop(station, None)
    for kind, end in (("shift", "shift_end"), ("handover", "handover_end")):
        depth = 0
        for row in range(len(frame)):
            event = str(frame["event"].iloc[row])
            if event == f"{kind}_start":
                depth += 1
            elif event == end:
                if depth == 0 and row > 0:  # the record may start inside a shift
                    problems.append(Problem(file, row + 1, "event", event,
                                            f"{end} without a {kind}_start before it"))
                depth = max(0, depth - 1)


def _check_climate(file: str, frame: pd.DataFrame, problems: list[Problem]) -> None:
    if "relative_humidity_pct" not in frame and "dew_point_c" not in frame:
        problems.append(Problem(file, None, "relative_humidity_pct", None, "a humidity column is "
                                "required: relative_humidity_pct or dew_point_c"))
    _check_order(file, frame, "time", problems)
    times = frame["time"].dropna()
    for row in range(1, len(times)):
        step_h = (times.iloc[row] - times.iloc[row - 1]).total_seconds() / 3600.0
        if step_h > MAX_CLIMATE_GAP_H:
            problems.append(Problem(file, int(times.index[row]) + 1, "time", str(times.iloc[row]),
                                    f"gap of {step_h:.2f} h after the previous record; allowed: "
                                    f"at most {MAX_CLIMATE_GAP_H:g} h between climate records"))
        elif step_h == 0.0:
            problems.append(Problem(file, int(times.index[row]) + 1, "time", str(times.iloc[row]),
                                    "duplicate time; allowed: one record per time"))


def _check_settings(file: str, frame: pd.DataFrame, problems: list[Problem]) -> None:
    _check_order(file, frame, "time", problems)
    for row in range(len(frame)):
        key, value = str(frame["key"].iloc[row]), frame["value"].iloc[row]
        reason = known_key_problem(key)
        if reason:
            problems.append(Problem(file, row + 1, "key", key, reason))
        if str(value).strip() == "":
            problems.append(Problem(file, row + 1, "value", value, "a value is required"))
        elif not reason:
            outside = _outside_key_bounds(key, value)
            if outside:
                problems.append(Problem(file, row + 1, "value", value, outside))


def _outside_key_bounds(key: str, value: object) -> str | None:
    """Why a numeric setting is outside the scenario schema's range for its key, or None."""
    try:
        number = float(str(value))
    except ValueError:
        return None  # text settings (e.g. a control mode) are checked with the scenario
    low, high = key_bounds(key)
    if not math.isfinite(number) or number < low or number > high:
        return (f"allowed for {key}: {low:g} to {high:g} (the scenario schema's range)"
                if math.isfinite(low) or math.isfinite(high) else f"allowed for {key}: a finite "
                "number")
    return None


def _check_gauge(file: str, frame: pd.DataFrame, problems: list[Problem]) -> None:
    if "time" not in frame and "position_m" not in frame:
        problems.append(Problem(file, None, "time", None, "a gauge needs time or position_m"))
    if "loading_mg_per_cm2" not in frame and "thickness_um" not in frame:
        problems.append(Problem(file, None, "loading_mg_per_cm2", None,
                                "a gauge needs loading_mg_per_cm2 and/or thickness_um"))
    if "time" in frame:
        _check_order(file, frame, "time", problems)


def _check_across(frames: dict[str, pd.DataFrame], files: dict[str, str],
                  problems: list[Problem]) -> None:
    coils, climate = frames["coils"], frames["climate"]
    if len(climate) and len(coils):
        first, last = climate["time_h"].min(), climate["time_h"].max()
        for row in range(len(coils)):
            start, end = coils["start_h"].iloc[row], coils["end_h"].iloc[row]
            if start < first - MAX_CLIMATE_GAP_H or end > last + MAX_CLIMATE_GAP_H:
                problems.append(Problem(files["coils"], row + 1, "start_time",
                                        str(coils["start_time"].iloc[row]),
                                        "outside the climate record (a gap); allowed: coils made "
                                        "while the climate was recorded"))
    if len(coils) == 0:
        problems.append(Problem(files["coils"], None, None, None, "no coils; allowed: at least one"))
