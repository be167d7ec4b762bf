"""What a drytwin results store is, and how a file is recognised as one before it is touched.

A store is a DuckDB file with the marker table ``drytwin_store`` (application id
``drytwin-results`` and the schema version), written in the transaction that creates the
store. Before drytwin opens a file for writing, a read-only look must recognise it as

* a store of this schema version,
* a legacy store (version 1: ``meta.schema_version`` = 1 and drytwin's ``runs`` table, no
  marker), upgraded on the first write, or
* a DuckDB database that holds nothing yet.

Every other file is refused and left unchanged: a file that is not a DuckDB database (told
from its first bytes, so DuckDB never sees it and never looks for an extension to read it),
a DuckDB database of another application, a store of another schema version.

A run's identity is unique, enforced by the database: ``run_id`` is the primary key of
``runs`` and a unique index covers ``(batch_id, batch_key)`` (NULL for runs outside a batch).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb

from line_sim.errors import StoreError

SCHEMA_VERSION = 2
LEGACY_SCHEMA_VERSION = 1
APPLICATION_ID = "drytwin-results"
MARKER_TABLE = "drytwin_store"
IDENTITY_INDEX = "runs_identity"
DUCKDB_MAGIC = b"DUCK"
DUCKDB_MAGIC_OFFSET = 8
SQLITE_MAGIC = b"SQLite format 3\x00"

NEW, CURRENT, LEGACY = "new", "current", "legacy"
"""What :func:`inspect` finds: nothing yet, a store of this version, a version-1 store."""

RUN_COLUMNS = ("run_id", "created_utc", "scenario_name", "scenario_hash", "scenario_json", "seed",
               "route", "horizon_h", "version", "wall_time_s", "summary_json", "warnings_json",
               "mass_balance_json", "batch_id", "batch_key")
"""Columns of the ``runs`` table, in order."""
CHILD_TABLES = ("kpis", "events", "coils", "intervals")
"""Tables with rows per run (``coils`` and ``intervals`` exist once a run had such rows)."""

_TABLES_DDL = """
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
_IDENTITY_DDL = f"CREATE UNIQUE INDEX {IDENTITY_INDEX} ON runs (batch_id, batch_key)"
_MARKER_DDL = (f"CREATE TABLE {MARKER_TABLE} (application_id VARCHAR NOT NULL, "
               "schema_version INTEGER NOT NULL)")

ONE_PER_IDENTITY = (
    "QUALIFY row_number() OVER (PARTITION BY batch_id, batch_key, "
    "CASE WHEN batch_id IS NULL OR batch_key IS NULL THEN run_id END "
    "ORDER BY created_utc, run_id) = 1")
"""Keeps the earliest stored run of each identity (a legacy store may hold duplicates)."""

_LEGACY_TABLES = {"runs", "kpis", "events", "meta"}
"""What a version-1 store creates before its first run."""

_DUPLICATES = ("SELECT run_id FROM runs WHERE batch_id IS NOT NULL AND batch_key IS NOT NULL "
               "QUALIFY row_number() OVER (PARTITION BY batch_id, batch_key "
               "ORDER BY created_utc, run_id) > 1")


# --------------------------------------------------------------------------- the file itself


def refuse_other_formats(path: Path) -> None:
    """Refuse a file that is not a DuckDB database, from its first bytes alone."""
    _refuse_directory(path)
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"--db {path}: cannot read the file ({exc.strerror})") from None
    if head[DUCKDB_MAGIC_OFFSET:DUCKDB_MAGIC_OFFSET + len(DUCKDB_MAGIC)] == DUCKDB_MAGIC:
        return
    if head.startswith(SQLITE_MAGIC):
        what = "an SQLite database"
    elif not head:
        what = "empty"
    else:
        what = "of another format"
    raise StoreError(f"{path}: not a readable DuckDB results store: the file is {what}, not a "
                     "DuckDB database; drytwin will not modify it; choose another --db "
                     "(a new file name starts a new store)")


def _refuse_directory(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"--db {path}: is a directory; give a file path such as "
                         f"{path / 'results.duckdb'}")


def refuse_read_only(path: Path) -> None:
    """Refuse a store path drytwin could not write: a folder, a read-only file or folder."""
    _refuse_directory(path)
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise StoreError(f"--db {path}: cannot create its folder ({folder} is a file)")
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreError(f"--db {path}: the file is read-only and drytwin writes every run "
                         "into the store; make it writable or choose another --db")
    if not os.access(folder, os.W_OK | os.X_OK):
        what = "its folder" if folder == path.parent else "the nearest existing folder"
        raise StoreError(f"--db {path}: {what} {folder} is not writable (DuckDB writes the "
                         f"store and its {path.name}.wal file there); choose another --db")


# --------------------------------------------------------------------------- recognition


def inspect(con: duckdb.DuckDBPyConnection, path: Path) -> str:
    """:data:`NEW`, :data:`CURRENT` or :data:`LEGACY`; a StoreError for any other database.

    Only reads: safe on a read-only connection to another application's file.
    """
    tables = _main_tables(con)
    meta_version = _meta_version(con) if _columns_include(tables, "meta", ("key", "value")) else None
    if MARKER_TABLE in tables:
        marker = _marker_version(con)
        if marker is None:
            raise StoreError(_foreign(path, meta_version))
        _require_version(path, meta_version if meta_version not in (None, marker) else marker)
        return CURRENT
    if _columns_include(tables, "runs", RUN_COLUMNS):
        if meta_version is not None:
            if meta_version != str(LEGACY_SCHEMA_VERSION):
                _require_version(path, meta_version)
            return LEGACY
        if set(tables) <= _LEGACY_TABLES:  # a version-1 store killed while it was created
            return LEGACY
    if _n_objects(con) == 0:
        return NEW
    raise StoreError(_foreign(path, meta_version))


def _main_tables(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    rows = con.execute("SELECT table_name, list(column_name) FROM duckdb_columns() "
                       "WHERE database_name = current_database() AND schema_name = 'main' "
                       "GROUP BY table_name").fetchall()
    return {name: set(columns) for name, columns in rows}


def _columns_include(tables: dict[str, set[str]], table: str, columns: tuple[str, ...]) -> bool:
    return table in tables and set(columns) <= tables[table]


def _n_objects(con: duckdb.DuckDBPyConnection) -> int:
    """Tables, views and sequences in any schema of the database."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database())"
        " + (SELECT count(*) FROM duckdb_views() WHERE database_name = current_database() "
        "AND NOT internal) + (SELECT count(*) FROM duckdb_sequences() "
        "WHERE database_name = current_database())").fetchone()
    return int(row[0]) if row else 0


def _meta_version(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.Error:  # a meta table of another shape
        return None
    return None if row is None else str(row[0])


def _marker_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The schema version the drytwin marker records (None if it is not drytwin's marker)."""
    try:
        rows = con.execute(f"SELECT application_id, schema_version FROM {MARKER_TABLE}").fetchall()
    except duckdb.Error:
        return None
    if len(rows) != 1 or rows[0][0] != APPLICATION_ID:
        return None
    return str(rows[0][1])


def _require_version(path: Path, found: str) -> None:
    if found != str(SCHEMA_VERSION):
        raise StoreError(
            f"{path}: results store schema version {found}; this drytwin reads version "
            f"{SCHEMA_VERSION} (and upgrades version {LEGACY_SCHEMA_VERSION}); use a drytwin "
            "release of that version to export it, or start a new store with --db")


def _foreign(path: Path, meta_version: str | None) -> str:
    detail = f"; its meta table records schema version {meta_version}" if meta_version else ""
    return (f"{path} is a DuckDB database of another application (no drytwin marker{detail}); "
            "drytwin will not modify it; choose another --db")


# --------------------------------------------------------------------------- writing the schema


def make_current(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Create the store in an empty database or upgrade a legacy one (on a writing connection)."""
    kind = inspect(con, path)
    if kind == NEW:
        _create(con)
    elif kind == LEGACY:
        upgrade(con)


def _create(con: duckdb.DuckDBPyConnection) -> None:
    """Every table, the identity index and the marker, in one transaction."""
    with transaction(con):
        con.execute(_TABLES_DDL)
        con.execute(_IDENTITY_DDL)
        _write_marker(con)


def upgrade(con: duckdb.DuckDBPyConnection) -> int:
    """Upgrade a version-1 store; return how many duplicate batch runs were removed.

    Of the runs sharing a batch identity the earliest stored one is kept; the others go with
    their rows in every table. DuckDB cannot build a unique index over rows deleted in the
    same transaction, so the removal commits first: killed in between, the store is still a
    (smaller) version-1 store and the next write upgrades it.
    """
    with transaction(con):
        n_removed = len(con.execute(_DUPLICATES).fetchall())
        present = {name for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main'").fetchall()}
        for table in (*CHILD_TABLES, "runs"):  # runs last: the others select through it
            if table in present:
                con.execute(f"DELETE FROM {table} WHERE run_id IN ({_DUPLICATES})")
    with transaction(con):
        con.execute(_TABLES_DDL)  # those a store killed while it was created lacks
        con.execute(_IDENTITY_DDL)
        _write_marker(con)
    return n_removed


def _write_marker(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_MARKER_DDL)
    con.execute(f"INSERT INTO {MARKER_TABLE} VALUES (?, ?)", [APPLICATION_ID, SCHEMA_VERSION])
    # the version in meta too: a version-1 drytwin reads it there and refuses this store
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """``BEGIN`` … ``COMMIT``; rolled back on any exception, a failed commit included."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        with suppress(duckdb.Error):  # a failed COMMIT may have ended the transaction already
            con.execute("ROLLBACK")
        raise
