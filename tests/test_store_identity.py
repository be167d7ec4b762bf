"""The results store keeps each run once, refuses other applications' files, names lock holders.

* A run's identity is ``(batch_id, batch_key)`` for a batch run and ``run_id`` for any run;
  the database enforces it and a save skips what is stored already (two batches started at
  once, two dashboard tabs saving the same run).
* A version-1 store is upgraded on its first write (duplicates removed); until then every
  statistic counts each identity once.
* A file that is not a drytwin store is refused and left byte-for-byte unchanged; a
  non-DuckDB file is refused from its first bytes, before DuckDB sees it.
* A read-only ``--db`` is refused before anything is simulated.
* A store held by another program: the message names the program and its PID.
"""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing as mp
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

import line_sim.store.results as store_module
from dashboard import views
from line_sim import load_scenario, simulate
from line_sim.engine.run import RunResult
from line_sim.errors import StoreError
from line_sim.store import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    WRITE_ATTEMPTS,
    ResultsStore,
    StoredRun,
    flat_numbers,
    stored_run,
)
from line_sim.studies.batch import batch_statistics, load_batch, plan_batch

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "bf_nmc811_baseline.toml"
FORK = mp.get_context("fork")
REPLICATIONS = 12
BATCH = f"""
[batch]
scenarios = ["{BASELINE.as_posix()}"]
replications = {REPLICATIONS}
seed = 1
hours = 2
"""
CHILD_TABLES = ("kpis", "events", "coils", "intervals")
FOREIGN = "is a DuckDB database of another application (no drytwin marker"


@pytest.fixture(scope="module")
def short_run() -> RunResult:
    return simulate(load_scenario(BASELINE), hours=2)


def with_new_id(result: RunResult) -> RunResult:
    return dataclasses.replace(result, run_id=uuid.uuid4().hex)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw_count(db: Path, query: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(query).fetchone()
    assert row is not None
    return int(row[0])


def orphan_rows(db: Path) -> dict[str, int]:
    """Rows of child tables whose run is not in ``runs`` (a half-written or half-removed run)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {table: con.execute(f"SELECT count(*) FROM {table} WHERE run_id NOT IN "
                                   "(SELECT run_id FROM runs)").fetchone()[0]
                for table in CHILD_TABLES}


def rows_of(result: RunResult) -> dict[str, int]:
    return {"kpis": len(list(flat_numbers(result.summary()))), "events": len(result.events),
            "coils": len(result.coils), "intervals": len(result.intervals)}


def child_rows(db: Path, run_id: str) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {table: con.execute(f"SELECT count(*) FROM {table} WHERE run_id = ?",
                                   [run_id]).fetchone()[0] for table in CHILD_TABLES}


# --------------------------------------------------------------------------- 1. identity


def test_saving_the_same_run_twice_stores_it_once(short_run: RunResult, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    store = ResultsStore(db)
    assert store.save(short_run) == 1
    assert store.save(short_run) == 0  # before: ConstraintException (duplicate run_id)
    assert list(store.runs()["run_id"]) == [short_run.run_id]
    assert child_rows(db, short_run.run_id) == rows_of(short_run)


def test_two_tabs_saving_the_same_run_at_once_store_it_once(short_run: RunResult,
                                                             tmp_path: Path) -> None:
    db = tmp_path / "tabs.duckdb"
    ResultsStore(db).save(with_new_id(short_run))  # the store exists, as in the dashboard
    start = threading.Barrier(2)
    outcomes: list[Any] = []

    def tab() -> None:
        start.wait()
        try:
            outcomes.append(ResultsStore(db).save(short_run))
        except Exception as exc:  # any error is a finding
            outcomes.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=tab) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes, key=str) == [0, 1]
    assert raw_count(db, f"SELECT count(*) FROM runs WHERE run_id = '{short_run.run_id}'") == 1
    assert child_rows(db, short_run.run_id) == rows_of(short_run)


def test_a_transaction_conflict_is_retried_then_reported(short_run: RunResult, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "conflict.duckdb"
    original = store_module._insert_runs
    failures = {"left": 2}

    def conflicting(*args: Any) -> int:
        if failures["left"]:
            failures["left"] -= 1
            raise duckdb.TransactionException("Catalog write-write conflict on create with runs")
        return original(*args)

    monkeypatch.setattr(store_module, "_insert_runs", conflicting)
    assert ResultsStore(db).save(short_run) == 1
    assert failures["left"] == 0
    failures["left"] = WRITE_ATTEMPTS
    with pytest.raises(StoreError, match=f"{db}: runs not saved: {WRITE_ATTEMPTS} tries "
                                         "conflicted with concurrent writes"):
        ResultsStore(db).save(with_new_id(short_run))
    assert len(ResultsStore(db).runs()) == 1


def batch_stored_runs(result: RunResult, n: int) -> tuple[list[StoredRun], list[str]]:
    """``n`` runs of one batch point (replications 0..n-1), each with a fresh run id."""
    keys = [f'{{"point": 0, "replication": {r}, "scenario": 0}}' for r in range(n)]
    return [stored_run(with_new_id(result)) for _ in keys], keys


def test_the_same_batch_runs_saved_twice_keep_one_run_per_identity(short_run: RunResult,
                                                                    tmp_path: Path) -> None:
    db = tmp_path / "twice.duckdb"
    store = ResultsStore(db)
    first, keys = batch_stored_runs(short_run, 3)
    second, _ = batch_stored_runs(short_run, 3)  # another process simulated the same runs
    assert store.save_many(first, "b", keys) == 3
    assert store.save_many(second, "b", keys) == 0
    assert store.save_many(first, "b", keys) == 0
    extra, extra_keys = batch_stored_runs(short_run, 4)
    assert store.save_many(extra, "b", extra_keys) == 1  # only replication 3 is new
    assert raw_count(db, "SELECT count(*) FROM runs") == 4
    assert orphan_rows(db) == dict.fromkeys(CHILD_TABLES, 0)
    assert set(store.runs()["run_id"]) == {run.run_id for run in first} | {extra[3].run_id}
    assert store.run_ids_for_batch("b") == set(extra_keys)


def test_the_database_itself_refuses_a_second_run_of_a_batch_identity(short_run: RunResult,
                                                                       tmp_path: Path) -> None:
    db = tmp_path / "unique.duckdb"
    ResultsStore(db).save(short_run, "b", "k")
    with duckdb.connect(str(db)) as con, pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO runs (run_id, batch_id, batch_key) VALUES ('other', 'b', 'k')")
    with duckdb.connect(str(db)) as con:  # runs outside a batch: NULL identities may repeat
        con.execute("INSERT INTO runs (run_id) VALUES ('plain-1'), ('plain-2')")
        assert con.execute("SELECT * FROM drytwin_store").fetchall() == [
            (APPLICATION_ID, SCHEMA_VERSION)]


def batch_in_child(batch_file: Path, db: Path, barrier: Any, report: Path) -> None:
    """Child process: what ``drytwin batch`` does with the store, racing another batch.

    It reads which runs are stored, waits until the other batch has read them too (so both
    plan every run: the race of the bug), simulates each run and saves them in flushes of 4.
    """
    store = ResultsStore(db)
    plan = plan_batch(load_batch(batch_file))
    stored = store.run_ids_for_batch(plan.batch_id)
    barrier.wait(timeout=60)
    pending = [task for task in plan.tasks if task.key not in stored]
    newly = 0
    for start in range(0, len(pending), 4):
        tasks = pending[start:start + 4]
        runs = [stored_run(simulate(t.scenario, seed=t.seed, hours=t.hours)) for t in tasks]
        n = store.save_many(runs, plan.batch_id, [t.key for t in tasks])
        newly += len(runs) if n is None else n  # (a store that returns nothing stored all)
    report.write_text(f"{len(pending)} {newly}")


def test_two_batches_started_at_once_store_each_run_once(tmp_path: Path) -> None:
    batch_file = tmp_path / "b.toml"
    batch_file.write_text(BATCH, encoding="utf-8")
    db = tmp_path / "same.duckdb"
    barrier = FORK.Barrier(2)
    reports = [tmp_path / f"report-{i}.txt" for i in range(2)]
    children = [FORK.Process(target=batch_in_child, args=(batch_file, db, barrier, report))
                for report in reports]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=240)
    assert [child.exitcode for child in children] == [0, 0]
    simulated, newly = zip(*(map(int, r.read_text().split()) for r in reports), strict=True)
    assert simulated == (REPLICATIONS, REPLICATIONS)  # both simulated every run …
    assert sum(newly) == REPLICATIONS  # … and each run was stored by one of them only
    assert raw_count(db, "SELECT count(*) FROM runs") == REPLICATIONS  # before: 24
    assert raw_count(db, "SELECT count(DISTINCT batch_key) FROM runs") == REPLICATIONS
    assert orphan_rows(db) == dict.fromkeys(CHILD_TABLES, 0)
    plan = plan_batch(load_batch(batch_file))
    (group,) = batch_statistics(plan, ResultsStore(db))["groups"]
    assert group["n"] == REPLICATIONS
    assert group["kpis"]["oee"]["n"] == REPLICATIONS
    table = views.batch_table(ResultsStore(db).runs(), plan.batch_id)
    assert list(views.confidence_intervals(table, "oee")["n"]) == [REPLICATIONS]


# --------------------------------------------------------------------------- legacy stores

V1_DDL = """
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY, created_utc TIMESTAMP, scenario_name VARCHAR,
    scenario_hash VARCHAR, scenario_json VARCHAR, seed UBIGINT, route VARCHAR,
    horizon_h DOUBLE, version VARCHAR, wall_time_s DOUBLE, summary_json VARCHAR,
    warnings_json VARCHAR, mass_balance_json VARCHAR, batch_id VARCHAR, batch_key VARCHAR);
CREATE TABLE IF NOT EXISTS kpis (run_id VARCHAR, name VARCHAR, value DOUBLE);
CREATE TABLE IF NOT EXISTS events (
    run_id VARCHAR, time_h DOUBLE, event VARCHAR, station VARCHAR, detail VARCHAR);
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
"""
"""The schema drytwin wrote before run identities were unique (schema version 1)."""


def legacy_store_with_duplicates(source: Path, db: Path) -> None:
    """A version-1 store holding every run of ``source`` twice: the copy stored a second later."""
    with duckdb.connect(str(db)) as con:
        con.execute(V1_DDL)
        con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
        con.execute("CREATE TABLE coils AS SELECT * FROM src.coils")
        con.execute("CREATE TABLE intervals AS SELECT * FROM src.intervals")
        for table in ("runs", "kpis", "events"):
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM src.{table}")
        con.execute("INSERT INTO runs BY NAME SELECT * REPLACE (run_id || '-twin' AS run_id, "
                    "created_utc + INTERVAL 1 SECOND AS created_utc) FROM src.runs")
        for table in CHILD_TABLES:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * REPLACE (run_id || '-twin' AS "
                        f"run_id) FROM src.{table}")
        con.execute("DETACH src")


def test_a_version_1_store_counts_each_run_once_and_is_upgraded_on_the_first_write(
        short_run: RunResult, tmp_path: Path) -> None:
    source, db = tmp_path / "source.duckdb", tmp_path / "legacy.duckdb"
    runs, keys = batch_stored_runs(short_run, 3)
    ResultsStore(source).save_many(runs, "b", keys)
    ResultsStore(source).save(with_new_id(short_run))  # a plain run, stored once
    legacy_store_with_duplicates(source, db)
    assert raw_count(db, "SELECT count(*) FROM runs") == 8
    before = sha256(db)

    store = ResultsStore(db)
    store.check_readable()  # a legacy store is fine: the first write upgrades it
    stored = store.runs()  # read without upgrading: each identity once, the earliest run
    assert sha256(db) == before
    assert len(stored) == 5
    assert set(stored.loc[stored["batch_id"] == "b", "run_id"]) == {r.run_id for r in runs}
    table = views.batch_table(stored, "b")
    assert list(views.confidence_intervals(table, "oee")["n"]) == [3]

    assert store.save(with_new_id(short_run)) == 1
    assert raw_count(db, "SELECT count(*) FROM runs") == 6  # 3 batch runs, 2 twins gone, 1 new
    assert raw_count(db, "SELECT count(*) FROM runs WHERE run_id LIKE '%-twin'") == 1  # plain
    assert orphan_rows(db) == dict.fromkeys(CHILD_TABLES, 0)
    for run in runs:
        assert child_rows(db, run.run_id) == rows_of(short_run)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT * FROM drytwin_store").fetchall() == [
            (APPLICATION_ID, SCHEMA_VERSION)]
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                           ).fetchone() == (str(SCHEMA_VERSION),)
    assert store.save_many(batch_stored_runs(short_run, 3)[0], "b", keys) == 0


# --------------------------------------------------------------------------- 2. other files


def foreign_meta(db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
        con.execute("INSERT INTO meta VALUES ('owner', 'erp'), ('created', '2024-01-01')")


def foreign_orders(db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, amount DOUBLE)")
        con.execute("INSERT INTO orders VALUES (1, 2.5), (2, 7.0)")


def foreign_runs_table(db: Path) -> None:
    """A meta table with a schema version 1 beside a ``runs`` table that is not drytwin's."""
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        con.execute("CREATE TABLE runs (run_id VARCHAR, pipeline VARCHAR, status VARCHAR)")


FOREIGN_SHAPES: dict[str, Callable[[Path], None]] = {
    "meta_key_value": foreign_meta, "orders": foreign_orders, "runs_of_another_app": foreign_runs_table}


def record_connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Every ``duckdb.connect`` from now on, as (database, read_only)."""
    opened: list[tuple[str, bool]] = []
    original = duckdb.connect

    def recording(database: Any = ":memory:", read_only: bool = False, **kwargs: Any) -> Any:
        opened.append((str(database), read_only))
        return original(database, read_only=read_only, **kwargs)

    monkeypatch.setattr(store_module.duckdb, "connect", recording)
    return opened


def store_actions(store: ResultsStore, result: RunResult) -> dict[str, Callable[[], Any]]:
    return {"check_readable": store.check_readable, "save": lambda: store.save(result),
            "runs": store.runs, "load": lambda: store.load(result.run_id),
            "run_ids_for_batch": lambda: store.run_ids_for_batch("b")}


@pytest.mark.parametrize("shape", list(FOREIGN_SHAPES))
def test_a_duckdb_file_of_another_application_is_refused_and_left_unchanged(
        short_run: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str) -> None:
    db = tmp_path / "foreign.duckdb"
    FOREIGN_SHAPES[shape](db)
    before, listing = sha256(db), sorted(os.listdir(tmp_path))
    opened = record_connections(monkeypatch)
    for name, action in store_actions(ResultsStore(db), short_run).items():
        with pytest.raises(StoreError) as caught:
            action()
        message = str(caught.value)
        assert message.startswith(f"{db} {FOREIGN}"), (name, message)
        assert message.endswith("drytwin will not modify it; choose another --db"), (name, message)
    assert opened and {read_only for _, read_only in opened} == {True}  # never for writing
    assert sha256(db) == before
    assert sorted(os.listdir(tmp_path)) == listing  # no .wal file either


def sqlite_database(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER, text TEXT)")
    con.execute("INSERT INTO notes VALUES (1, 'keep me')")
    con.commit()
    con.close()


NOT_DUCKDB: dict[str, tuple[Callable[[Path], Any], str]] = {
    "sqlite": (sqlite_database, "an SQLite database"),
    "text": (lambda path: path.write_text("meeting notes\n"), "of another format"),
    "empty": (lambda path: path.write_bytes(b""), "empty"),
}


@pytest.mark.parametrize("kind", list(NOT_DUCKDB))
def test_a_file_that_is_not_duckdb_is_refused_before_duckdb_opens_it(
        short_run: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    db = tmp_path / "results.duckdb"
    make, what = NOT_DUCKDB[kind]
    make(db)
    before = sha256(db)
    opened = record_connections(monkeypatch)
    for name, action in store_actions(ResultsStore(db), short_run).items():
        with pytest.raises(StoreError) as caught:
            action()
        assert str(caught.value) == (
            f"{db}: not a readable DuckDB results store: the file is {what}, not a DuckDB "
            "database; drytwin will not modify it; choose another --db (a new file name starts "
            "a new store)"), name
    assert opened == []  # DuckDB never saw the file, so it looked for no extension to read it
    assert sha256(db) == before


def drytwin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "line_sim.cli", *args], capture_output=True,
                          text=True, timeout=180)


def test_drytwin_run_refuses_a_foreign_or_sqlite_db_before_simulating(tmp_path: Path) -> None:
    foreign, sqlite = tmp_path / "erp.duckdb", tmp_path / "app.sqlite"
    foreign_meta(foreign)
    sqlite_database(sqlite)
    sums = {path: sha256(path) for path in (foreign, sqlite)}
    for path, expected in ((foreign, FOREIGN), (sqlite, "the file is an SQLite database")):
        done = drytwin("run", str(BASELINE), "--hours", "1", "--db", str(path))
        assert done.returncode == 1, done.stderr  # before: 0 (adopted) and 1 (extension download)
        assert expected in done.stderr and "Traceback" not in done.stderr
        assert "extension" not in done.stderr.lower()
        assert done.stdout == ""  # refused before the run: no KPI table printed
        assert sha256(path) == sums[path]


# --------------------------------------------------------------------------- read-only stores

NOBODY = 65534


def outcome_as_unprivileged(action: Callable[[], Any]) -> str:
    """``action`` in a forked child as an unprivileged user: "ok" or the error it raised.

    Root writes through any file mode, so the child drops to ``nobody`` when run as root.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            try:
                action()
                text = "ok"
            except StoreError as exc:
                text = f"StoreError: {exc}"
            except BaseException as exc:
                text = f"{type(exc).__name__}: {exc}"
            os.write(write_end, text.encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        text = pipe.read().decode()
    os.waitpid(pid, 0)
    return text


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder an unprivileged child can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="drytwin-store-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    subprocess.run(["rm", "-rf", str(folder)], check=True)


def test_a_read_only_db_is_refused_before_simulating(short_run: RunResult,
                                                      shared_folder: Path) -> None:
    writable, read_only = shared_folder / "writable", shared_folder / "read-only"
    for folder in (writable, read_only):
        folder.mkdir()
        ResultsStore(folder / "results.duckdb").save(short_run)
        (folder / "results.duckdb").chmod(0o666)
    locked_file = writable / "locked.duckdb"
    ResultsStore(locked_file).save(short_run)
    locked_file.chmod(0o444)
    writable.chmod(0o777)
    read_only.chmod(0o555)

    def check(path: Path) -> str:
        return outcome_as_unprivileged(ResultsStore(path).check_readable)

    assert check(writable / "results.duckdb") == "ok"
    assert check(writable / "new" / "results.duckdb") == "ok"
    assert check(locked_file) == (
        f"StoreError: --db {locked_file}: the file is read-only and drytwin writes every run "
        "into the store; make it writable or choose another --db")
    assert check(read_only / "results.duckdb") == (
        f"StoreError: --db {read_only / 'results.duckdb'}: its folder {read_only} is not "
        "writable (DuckDB writes the store and its results.duckdb.wal file there); choose "
        "another --db")
    assert check(read_only / "sub" / "new.duckdb") == (
        f"StoreError: --db {read_only / 'sub' / 'new.duckdb'}: the nearest existing folder "
        f"{read_only} is not writable (DuckDB writes the store and its new.duckdb.wal file "
        "there); choose another --db")
    saved = outcome_as_unprivileged(lambda: ResultsStore(locked_file).save(with_new_id(short_run)))
    assert saved.startswith(f"StoreError: --db {locked_file}: the file is read-only")
    assert len(ResultsStore(locked_file).runs()) == 1


# --------------------------------------------------------------------------- dashboard


@pytest.fixture
def dashboard_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pytest.importorskip("streamlit", reason="the dashboard needs: pip install 'drytwin[dashboard]'")
    from dashboard import session

    path = tmp_path / "results.duckdb"
    monkeypatch.setenv(session.DB_ENVIRONMENT_VARIABLE, str(path))
    monkeypatch.chdir(ROOT)
    return path


def dashboard_app() -> Any:
    from streamlit.testing.v1 import AppTest

    import dashboard

    app = AppTest.from_file(str(Path(next(iter(dashboard.__path__))) / "app.py"),
                            default_timeout=120)
    app.run()
    assert not app.exception
    return app


@pytest.mark.parametrize("shape", ["meta_key_value", "orders"])
def test_the_runs_page_shows_why_a_foreign_db_is_refused(dashboard_db: Path, shape: str) -> None:
    FOREIGN_SHAPES[shape](dashboard_db)
    before = sha256(dashboard_db)
    app = dashboard_app()
    app.switch_page("pages/runs.py").run()
    assert not app.exception, [e.value for e in app.exception]  # before: BinderException
    assert [e.value for e in app.error] == [
        f"Cannot read the results store: {dashboard_db} {FOREIGN}); drytwin will not modify "
        "it; choose another --db"]
    assert sha256(dashboard_db) == before


def test_two_tabs_saving_the_same_run_both_succeed(dashboard_db: Path) -> None:
    import streamlit as st

    st.cache_data.clear()
    tabs = [dashboard_app(), dashboard_app()]
    for tab in tabs:  # the same scenario and seed: the second tab gets the cached run
        tab.selectbox[0].select_index(tab.selectbox[0].options.index(BASELINE.name)).run()
        key = next(w.key for w in tab.number_input if w.key and w.key.endswith("horizon_h"))
        tab.number_input(key=key).set_value(2.0)
        tab.button[0].click().run()
        assert not tab.exception
    for tab in tabs:
        next(b for b in tab.button if b.label.startswith("Save run")).click().run()
        assert not tab.exception and not tab.error, [e.value for e in tab.error]
    assert "Saved run" in tabs[0].success[0].value
    assert "is already in" in tabs[1].info[-1].value  # before: "Not saved: ConstraintException"
    assert len(ResultsStore(dashboard_db).runs()) == 1


def test_batch_table_counts_each_identity_once() -> None:
    import json

    import pandas as pd

    def row(run_id: str, replication: int, created: str, oee: float) -> dict[str, Any]:
        return {"run_id": run_id, "scenario_name": "base", "seed": replication, "batch_id": "b",
                "created_utc": pd.Timestamp(created), "summary_json": json.dumps({"oee": oee}),
                "batch_key": json.dumps({"scenario": 0, "point": 0, "replication": replication})}

    runs = pd.DataFrame([row("a0", 0, "2024-01-01 10:00", 0.80), row("a1", 1, "2024-01-01 10:00", 0.82),
                         row("b0", 0, "2024-01-01 10:01", 0.10), row("b1", 1, "2024-01-01 10:01", 0.12)])
    table = views.batch_table(runs.iloc[::-1], "b")  # order of the frame does not matter
    assert sorted(table["run_id"]) == ["a0", "a1"]  # the earliest stored of each identity
    (interval,) = views.confidence_intervals(table, "oee").itertuples()
    assert interval.n == 2 and interval.mean == pytest.approx(0.81)
