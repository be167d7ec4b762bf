"""Results store: an embedded DuckDB file that is read while it is written.

DuckDB lets one process hold a database file for writing at a time. The store therefore
opens a connection only for the moment it needs one: a writer saves a whole run in one
short transaction and closes the file again; readers open it read-only and retry while a
writer holds the lock. A run is visible only once its transaction has committed, so a
crash mid-write never leaves half a run behind.

A run is stored once: the database refuses a second run of the same batch identity
``(batch_id, batch_key)`` or the same ``run_id``, and a save skips runs already stored, so
two batches writing the same runs, or two dashboard tabs saving the same run, store it once.
Files are recognised before they are opened for writing (:mod:`line_sim.store.schema`): a
file of another application is refused and left unchanged.
"""

from __future__ import annotations

import json
import math
import os
import re
import threading
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
from line_sim.store.schema import (
    NEW,
    ONE_PER_IDENTITY,
    RUN_COLUMNS,
    inspect,
    make_current,
    refuse_other_formats,
    refuse_read_only,
    transaction,
)

DEFAULT_DB_PATH = Path("drytwin-results") / "results.duckdb"
LOCK_RETRY_S = 30.0
LOCK_POLL_S = 0.05
WRITE_ATTEMPTS = 5
"""Tries of a save whose transaction conflicts with a concurrent one (then a StoreError)."""

FRAME_TABLES = ("coils", "intervals")
"""Tables whose columns follow the run's DataFrames (created on the first write)."""
STORED_TABLES = ("events", *FRAME_TABLES)

_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")
_SAME_PROCESS = "different configuration"
"""DuckDB's words when this process has the file open in the other mode (read vs write)."""

_WRITERS_LOCK = threading.Lock()
_WRITERS: dict[str, threading.Lock] = {}


def _writer_lock(path: Path) -> threading.Lock:
    """One writer per store file at a time within this process (e.g. two dashboard tabs)."""
    with _WRITERS_LOCK:
        return _WRITERS.setdefault(str(path.resolve()), threading.Lock())


class ResultsStore:
    """A DuckDB results file at ``path`` (created on first write)."""

    def __init__(self, path: str | Path = DEFAULT_DB_PATH) -> None:
        self.path = Path(path)
        self._written: tuple[int, int] | None = None
        """(device, inode) of the file this object last wrote: a store, no need to look again."""

    # ------------------------------------------------------------------ connections
    @contextmanager
    def _connect(self, read_only: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to a recognised store; for writing, the schema is made current first.

        A file is looked at read-only before it is ever opened for writing, so another
        application's database is refused untouched.
        """
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no results store here yet (run `drytwin run` first)")
        if not read_only:
            self._prepare_directory()
            if self.path.exists() and _file_identity(self.path) != self._written:
                self._inspect_read_only()
        else:
            refuse_other_formats(self.path)
        con = self._open(read_only)
        try:
            if read_only:
                inspect(con, self.path)
            else:
                make_current(con, self.path)
                self._written = _file_identity(self.path)
            yield con
        finally:
            con.close()

    def _inspect_read_only(self) -> str:
        """What the existing file is (see :func:`line_sim.store.schema.inspect`), looked at read-only."""
        refuse_other_formats(self.path)
        con = self._open(read_only=True)
        try:
            return inspect(con, self.path)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: not a readable DuckDB results store ({exc})") from None
        finally:
            con.close()

    def _open(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        """Connect, retrying for ``LOCK_RETRY_S`` while another connection holds the file."""
        deadline = time.monotonic() + LOCK_RETRY_S
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only)
            except (duckdb.IOException, duckdb.ConnectionException) as exc:
                if not _is_busy(exc):
                    raise StoreError(f"{self.path}: not a readable DuckDB results store ({exc})"
                                     ) from None
                if time.monotonic() > deadline:
                    raise StoreError(f"{self.path}: cannot open the results store within "
                                     f"{LOCK_RETRY_S:g} s: it is held by {_lock_holder(exc)}; "
                                     "retry when it has finished, or choose another --db"
                                     ) from None
                time.sleep(LOCK_POLL_S)
            except duckdb.Error as exc:
                raise StoreError(f"{self.path}: not a readable DuckDB results store ({exc})"
                                 ) from None

    def _prepare_directory(self) -> None:
        refuse_read_only(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"--db {self.path}: cannot create its folder ({exc})") from None

    # ------------------------------------------------------------------ writing
    def save(self, result: RunResult, batch_id: str | None = None,
             batch_key: str | None = None) -> int:
        """Write a run (KPIs, coils, events, intervals) in one transaction.

        Returns
        -------
        int
            1 if the run was stored, 0 if it was stored already (same run id, or same
            ``(batch_id, batch_key)``).
        """
        return self.save_many([stored_run(result)], batch_id, [batch_key])

    def save_many(self, runs: Sequence[StoredRun], batch_id: str | None = None,
                  batch_keys: Sequence[str | None] | None = None) -> int:
        """Write whole runs in one short transaction: all of them become visible, or none.

        A run whose identity is stored already (its ``run_id``, or its ``(batch_id,
        batch_key)``) is skipped with its rows, so saving twice stores each run once. One
        columnar insert per table, so a batch that saves many runs per connection pays
        little for its writes next to its simulations.

        Returns
        -------
        int
            How many runs were newly stored (``len(runs)`` minus those already stored).
        """
        if not runs:
            return 0
        keys = list(batch_keys) if batch_keys is not None else [None] * len(runs)
        if len(keys) != len(runs):
            raise ValueError(f"{len(runs)} runs but {len(keys)} batch keys")
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with _writer_lock(self.path), self._connect(read_only=False) as con:
                    return _insert_runs(con, runs, batch_id, keys)
            except (duckdb.TransactionException, duckdb.ConstraintException) as exc:
                if attempt == WRITE_ATTEMPTS:
                    raise StoreError(f"{self.path}: runs not saved: {WRITE_ATTEMPTS} tries "
                                     f"conflicted with concurrent writes ({exc}); save again"
                                     ) from None
                time.sleep(LOCK_POLL_S * attempt)
            except duckdb.Error as exc:
                raise StoreError(f"{self.path}: runs not saved ({type(exc).__name__}: {exc})"
                                 ) from None
        raise AssertionError("unreachable")

    # ------------------------------------------------------------------ reading
    def check_readable(self) -> None:
        """Refuse, before any work is done, a ``--db`` a later save would trip on.

        Nothing is changed: a file that is not a DuckDB database (told from its first
        bytes), a DuckDB database of another application, a store of another schema version
        (looked at read-only), a read-only file or folder, a directory. A missing file is fine
        (the first save creates it), and so is a version-1 store (the first save upgrades it).
        """
        if self.path.exists() and not self.path.is_dir():
            self._inspect_read_only()
        refuse_read_only(self.path)

    @contextmanager
    def _reading(self) -> Iterator[duckdb.DuckDBPyConnection | None]:
        """A read-only connection (None if there is no store yet); DuckDB errors as StoreError."""
        if not self.path.exists():
            yield None
            return
        refuse_other_formats(self.path)
        con = self._open(read_only=True)
        try:
            kind = inspect(con, self.path)
            yield None if kind == NEW else con
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot read the results store ({exc})") from None
        finally:
            con.close()

    def runs(self) -> pd.DataFrame:
        """One row per stored run with its headline KPIs (empty if there is no store).

        Each identity counts once: of runs sharing ``(batch_id, batch_key)`` (possible in a
        version-1 store) the earliest stored one is returned.
        """
        with self._reading() as con:
            if con is None:
                return pd.DataFrame(columns=["run_id", "scenario_name", "seed", "route"])
            return con.execute(
                "SELECT run_id, created_utc, scenario_name, scenario_hash, seed, route, "
                "horizon_h, version, wall_time_s, batch_id, batch_key, summary_json "
                f"FROM runs {ONE_PER_IDENTITY} ORDER BY created_utc, run_id").df()

    def run_ids_for_batch(self, batch_id: str) -> set[str]:
        """Keys of the runs of a batch that are already stored."""
        with self._reading() as con:
            if con is None:
                return set()
            rows = con.execute("SELECT DISTINCT batch_key FROM runs WHERE batch_id = ?",
                               [batch_id]).fetchall()
        return {r[0] for r in rows}

    def load(self, run_id: str) -> dict[str, Any]:
        """A stored run: its summary, scenario, warnings, coils, events and intervals."""
        if not self.path.exists():
            raise StoreError(f"{self.path}: no results store here yet (run `drytwin run` first)")
        with self._reading() as con:
            row = None if con is None else con.execute(
                "SELECT summary_json, scenario_json, warnings_json, mass_balance_json "
                "FROM runs WHERE run_id = ?", [run_id]).fetchone()
            if con is None or row is None:
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


def _insert_runs(con: duckdb.DuckDBPyConnection, runs: Sequence[StoredRun],
                 batch_id: str | None, keys: Sequence[str | None]) -> int:
    """Insert the runs not stored yet and their rows, in one transaction; return how many."""
    now = datetime.now(UTC).replace(tzinfo=None)
    run_rows = pd.DataFrame([run.run_row | {"created_utc": now, "batch_id": batch_id,
                                            "batch_key": key}
                             for run, key in zip(runs, keys, strict=True)],
                            columns=list(RUN_COLUMNS))
    columns = ", ".join(RUN_COLUMNS)
    with transaction(con):
        con.register("frame_to_store", run_rows)
        try:
            inserted = {row[0] for row in con.execute(
                f"INSERT INTO runs ({columns}) SELECT {columns} FROM frame_to_store "
                "ON CONFLICT DO NOTHING RETURNING run_id").fetchall()}
        finally:
            con.unregister("frame_to_store")
        new = []
        for run in runs:  # a run id twice in ``runs`` is inserted once
            if run.run_id in inserted:
                inserted.discard(run.run_id)
                new.append(run)
        kpi_rows = pd.DataFrame([(run.run_id, name, value) for run in new
                                 for name, value in run.kpi_rows],
                                columns=["run_id", "name", "value"])
        _insert(con, "kpis", kpi_rows, "SELECT * FROM frame_to_store")
        _insert(con, "events", _stacked(new, "events"),
                "SELECT run_id, time_h, event, station, detail FROM frame_to_store")
        for table in FRAME_TABLES:
            _insert_by_name(con, table, _stacked(new, table))
    return len(new)


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _is_busy(exc: duckdb.Error) -> bool:
    """Another process holds the file's lock, or this one has it open in the other mode."""
    text = str(exc)
    return "lock" in text.lower() or _SAME_PROCESS in text


def _lock_holder(exc: duckdb.Error) -> str:
    """Who holds the store, as DuckDB names it: ``program (PID n)``."""
    text = str(exc)
    if _SAME_PROCESS in text:
        return f"another connection of this process (PID {os.getpid()})"
    found = _LOCK_HOLDER.search(text)
    if found is None:
        return "another program (DuckDB did not name it)"
    pid = int(found["pid"])
    if pid == os.getpid():
        return f"this process ({found['program']}, PID {pid})"
    return f"{found['program']} (PID {pid})"


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
