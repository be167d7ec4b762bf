"""Results store: an embedded DuckDB file that is read while it is written.

DuckDB lets one process hold a database file for writing at a time. The store therefore
opens a connection only for the moment it needs one: a writer saves a whole run in one
short transaction and closes the file again; readers open it read-only and retry while a
writer holds the lock. A run is visible only once its transaction has committed, so a
crash mid-write never leaves half a run behind.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from line_sim.errors import StoreError
from line_sim.run import RunResult

SCHEMA_VERSION = 1
DEFAULT_DB_PATH = Path("drytwin-results") / "results.duckdb"
LOCK_RETRY_S = 30.0
LOCK_POLL_S = 0.05

_RUNS_DDL = """
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    created_utc TIMESTAMP,
    scenario_name VARCHAR,
    scenario_hash VARCHAR,
    scenario_json VARCHAR,
    seed UBIGINT,
    route VARCHAR,
    horizon_h DOUBLE,
    version VARCHAR,
    wall_time_s DOUBLE,
    summary_json VARCHAR,
    warnings_json VARCHAR,
    mass_balance_json VARCHAR,
    batch_id VARCHAR,
    batch_key VARCHAR
);
CREATE TABLE IF NOT EXISTS kpis (run_id VARCHAR, name VARCHAR, value DOUBLE);
CREATE TABLE IF NOT EXISTS events (
    run_id VARCHAR, time_h DOUBLE, event VARCHAR, station VARCHAR, detail VARCHAR);
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
"""

FRAME_TABLES = ("coils", "intervals")
"""Tables whose columns follow the run's DataFrames (created on the first write)."""


class ResultsStore:
    """A DuckDB results file at ``path`` (created on first write)."""

    def __init__(self, path: str | Path = DEFAULT_DB_PATH) -> None:
        self.path = Path(path)

    # ------------------------------------------------------------------ connections
    @contextmanager
    def _connect(self, read_only: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no results store here yet (run `drytwin run` first)")
        if not read_only:
            self._prepare_directory()
        deadline = time.monotonic() + LOCK_RETRY_S
        while True:
            try:
                con = duckdb.connect(str(self.path), read_only=read_only)
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise StoreError(f"{self.path}: not a readable DuckDB results store ({exc})"
                                     ) from None
                if time.monotonic() > deadline:
                    raise StoreError(f"{self.path}: cannot open the results store within "
                                     f"{LOCK_RETRY_S:g} s ({exc}); another drytwin process is "
                                     "writing it: retry when it has finished") from None
                time.sleep(LOCK_POLL_S)
            except duckdb.Error as exc:
                raise StoreError(f"{self.path}: not a readable DuckDB results store ({exc})"
                                 ) from None
        try:
            if not read_only:
                self._ensure_schema(con)
            else:
                self._check_version(con)
            yield con
        finally:
            con.close()

    def _prepare_directory(self) -> None:
        if self.path.exists() and self.path.is_dir():
            raise StoreError(f"--db {self.path}: is a directory; give a file path such as "
                             f"{self.path / 'results.duckdb'}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"--db {self.path}: cannot create its folder ({exc})") from None

    def _ensure_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        con.execute(_RUNS_DDL)
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        else:
            self._require_version(row[0])

    def _check_version(self, con: duckdb.DuckDBPyConnection) -> None:
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.CatalogException:
            raise StoreError(f"{self.path}: not a drytwin results store (no meta table)"
                             ) from None
        if row is not None:
            self._require_version(row[0])

    def _require_version(self, found: str) -> None:
        if found != str(SCHEMA_VERSION):
            raise StoreError(
                f"{self.path}: results store schema version {found}, this drytwin reads "
                f"version {SCHEMA_VERSION}; use a drytwin release of that version to export "
                "it, or start a new store with --db")

    # ------------------------------------------------------------------ writing
    def save(self, result: RunResult, batch_id: str | None = None,
             batch_key: str | None = None) -> str:
        """Write a run (KPIs, coils, events, intervals) in one transaction; return its id."""
        summary = result.summary()
        with self._connect(read_only=False) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute(
                    "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [result.run_id, datetime.now(UTC).replace(tzinfo=None),
                     result.scenario.name, result.scenario.canonical_hash(),
                     result.scenario.canonical_json(), result.seed, result.scenario.route,
                     result.horizon_h, result.version, result.wall_time_s,
                     json.dumps(summary, default=_json_default), json.dumps(result.warnings),
                     json.dumps(result.mass_balance_kg, default=_json_default), batch_id,
                     batch_key])
                kpi_rows = [(result.run_id, k, float(v)) for k, v in _flat_numbers(summary)]
                if kpi_rows:
                    con.executemany("INSERT INTO kpis VALUES (?, ?, ?)", kpi_rows)
                events = result.events.assign(run_id=result.run_id)[
                    ["run_id", "time_h", "event", "station", "detail"]]
                con.register("events_frame", events)
                con.execute("INSERT INTO events SELECT * FROM events_frame")
                con.unregister("events_frame")
                for table in FRAME_TABLES:
                    self._append_frame(con, table, getattr(result, table), result.run_id)
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
        return result.run_id

    @staticmethod
    def _append_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame,
                      run_id: str) -> None:
        data = _plain_columns(frame).assign(run_id=run_id)
        con.register("frame_to_store", data)
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} AS SELECT * FROM frame_to_store LIMIT 0")
        existing = {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()}
        for name, column_type, *_ in con.execute("DESCRIBE SELECT * FROM frame_to_store").fetchall():
            if name not in existing:  # routes add their own columns (e.g. transfer efficiency)
                con.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {column_type}')
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame_to_store")
        con.unregister("frame_to_store")

    # ------------------------------------------------------------------ reading
    def check_readable(self) -> None:
        """Refuse a store of another schema version (or not a store) before any work is done.

        A missing file is fine: it is created by the first save.
        """
        if self.path.exists():
            with self._connect(read_only=True):
                pass

    def runs(self) -> pd.DataFrame:
        """One row per stored run with its headline KPIs (empty if there is no store)."""
        if not self.path.exists():
            return pd.DataFrame(columns=["run_id", "scenario_name", "seed", "route"])
        with self._connect(read_only=True) as con:
            return con.execute(
                "SELECT run_id, created_utc, scenario_name, scenario_hash, seed, route, "
                "horizon_h, version, wall_time_s, batch_id, batch_key, summary_json "
                "FROM runs ORDER BY created_utc").df()

    def run_ids_for_batch(self, batch_id: str) -> set[str]:
        """Keys of the runs of a batch that are already stored."""
        if not self.path.exists():
            return set()
        with self._connect(read_only=True) as con:
            rows = con.execute("SELECT batch_key FROM runs WHERE batch_id = ?",
                               [batch_id]).fetchall()
        return {r[0] for r in rows}

    def load(self, run_id: str) -> dict[str, Any]:
        """A stored run: its summary, scenario, warnings, coils, events and intervals."""
        with self._connect(read_only=True) as con:
            row = con.execute(
                "SELECT summary_json, scenario_json, warnings_json, mass_balance_json "
                "FROM runs WHERE run_id = ?", [run_id]).fetchone()
            if row is None:
                raise StoreError(f"{self.path}: no run with id {run_id!r}")
            out: dict[str, Any] = {
                "summary": json.loads(row[0]), "scenario": json.loads(row[1]),
                "warnings": json.loads(row[2]), "mass_balance_kg": json.loads(row[3]),
            }
            out["events"] = con.execute(
                "SELECT time_h, event, station, detail FROM events WHERE run_id = ? "
                "ORDER BY rowid", [run_id]).df()
            for table in FRAME_TABLES:
                out[table] = self._read_frame(con, table, run_id)
        return out

    @staticmethod
    def _read_frame(con: duckdb.DuckDBPyConnection, table: str, run_id: str) -> pd.DataFrame:
        exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                             [table]).fetchone()
        if not exists or exists[0] == 0:
            return pd.DataFrame()
        frame = con.execute(f"SELECT * FROM {table} WHERE run_id = ? ORDER BY rowid",
                            [run_id]).df()
        return frame.drop(columns=["run_id"])


def _plain_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as strings, so DuckDB stores plain VARCHAR columns."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype(str)
    return out


def _flat_numbers(data: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, float]]:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flat_numbers(value, prefix=f"{name}.")
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int | float) and math.isfinite(float(value)):
            yield name, float(value)


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
