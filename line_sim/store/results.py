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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from line_sim.engine.run import RunResult
from line_sim.errors import StoreError

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
STORED_TABLES = ("events", *FRAME_TABLES)
RUN_COLUMNS = ("run_id", "created_utc", "scenario_name", "scenario_hash", "scenario_json", "seed",
               "route", "horizon_h", "version", "wall_time_s", "summary_json", "warnings_json",
               "mass_balance_json", "batch_id", "batch_key")
"""Columns of the ``runs`` table, in order."""


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
        self.save_many([stored_run(result)], batch_id, [batch_key])
        return result.run_id

    def save_many(self, runs: Sequence[StoredRun], batch_id: str | None = None,
                  batch_keys: Sequence[str | None] | None = None) -> None:
        """Write whole runs in one short transaction: all of them become visible, or none.

        One columnar insert per table, so a batch that saves many runs per connection pays
        little for its writes next to its simulations.
        """
        if not runs:
            return
        keys = list(batch_keys) if batch_keys is not None else [None] * len(runs)
        now = datetime.now(UTC).replace(tzinfo=None)
        run_rows = pd.DataFrame([run.run_row | {"created_utc": now, "batch_id": batch_id,
                                                "batch_key": key}
                                 for run, key in zip(runs, keys, strict=True)],
                                columns=list(RUN_COLUMNS))
        kpi_rows = pd.DataFrame([(run.run_id, name, value) for run in runs
                                 for name, value in run.kpi_rows],
                                columns=["run_id", "name", "value"])
        with self._connect(read_only=False) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                _insert(con, "runs", run_rows, "SELECT * FROM frame_to_store")
                _insert(con, "kpis", kpi_rows, "SELECT * FROM frame_to_store")
                _insert(con, "events", _stacked(runs, "events"),
                        "SELECT run_id, time_h, event, station, detail FROM frame_to_store")
                for table in FRAME_TABLES:
                    _insert_by_name(con, table, _stacked(runs, table))
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

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


@dataclass(frozen=True)
class StoredRun:
    """A run as the store writes it: table rows, no per-segment table.

    Built where the run was simulated (a batch worker), so the single writer only inserts.

    Attributes
    ----------
    run_id : str
        Id of the run.
    run_row : dict
        The ``runs`` columns except ``created_utc``, ``batch_id`` and ``batch_key``.
    kpi_rows : list of (str, float)
        Numeric KPIs, nested ones dotted (the ``kpis`` table).
    tables : dict
        ``events``, ``coils`` and ``intervals`` as Arrow tables with a ``run_id`` column
        (None where the run has no rows).
    """

    run_id: str
    run_row: dict[str, Any]
    kpi_rows: list[tuple[str, float]]
    tables: dict[str, Any]


def stored_run(result: RunResult) -> StoredRun:
    """The rows the store keeps of ``result``."""
    summary = result.summary()
    run_row = {
        "run_id": result.run_id, "scenario_name": result.scenario.name,
        "scenario_hash": result.scenario.canonical_hash(),
        "scenario_json": result.scenario.canonical_json(), "seed": result.seed,
        "route": result.scenario.route, "horizon_h": result.horizon_h, "version": result.version,
        "wall_time_s": result.wall_time_s,
        "summary_json": json.dumps(summary, default=_json_default),
        "warnings_json": json.dumps(result.warnings),
        "mass_balance_json": json.dumps(result.mass_balance_kg, default=_json_default)}
    tables = {name: _arrow_with_run_id(getattr(result, name), result.run_id)
              for name in STORED_TABLES}
    return StoredRun(run_id=result.run_id, run_row=run_row,
                     kpi_rows=list(flat_numbers(summary)), tables=tables)


def _arrow_with_run_id(frame: pd.DataFrame, run_id: str) -> Any:
    if frame.empty:
        return None
    table = pa.Table.from_pandas(_plain_columns(frame), preserve_index=False)
    return table.append_column("run_id", pa.array([run_id] * len(frame), pa.string()))


def _stacked(runs: Sequence[StoredRun], table: str) -> Any:
    """The runs' ``table`` as one Arrow table (None if no run has rows)."""
    tables = [run.tables[table] for run in runs if run.tables.get(table) is not None]
    return pa.concat_tables(tables, promote_options="permissive") if tables else None


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: Any, select: str) -> None:
    if data is None or len(data) == 0:
        return
    con.register("frame_to_store", data)
    try:
        con.execute(f"INSERT INTO {table} {select}")
    finally:
        con.unregister("frame_to_store")


def _insert_by_name(con: duckdb.DuckDBPyConnection, table: str, data: Any) -> None:
    """Append by column name; columns a route adds (e.g. transfer efficiency) are created."""
    if data is None or len(data) == 0:
        return
    con.register("frame_to_store", data)
    try:
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} AS SELECT * FROM frame_to_store LIMIT 0")
        existing = {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()}
        for name, column_type, *_ in con.execute("DESCRIBE SELECT * FROM frame_to_store").fetchall():
            if name not in existing:
                con.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {column_type}')
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame_to_store")
    finally:
        con.unregister("frame_to_store")


def _plain_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as strings, so DuckDB stores plain VARCHAR columns."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype(str)
    return out


def flat_numbers(data: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, float]]:
    """Numeric entries of a nested mapping as (dotted name, value); non-finite ones left out."""
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from flat_numbers(value, prefix=f"{name}.")
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int | float) and math.isfinite(float(value)):
            yield name, float(value)


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
