"""``drytwin plant check``: every kind of bad plant data gives a clear error, nothing stored."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from line_sim.cli import app
from line_sim.plant.contract import PlantDataError, read_plant
from tests.conftest import BASELINE, drytwin


def _tables() -> dict[str, pd.DataFrame]:
    t = [f"2026-03-02T{h:02d}:00:00+01:00" for h in range(6)]
    return {
        "coils": pd.DataFrame({
            "coil_id": ["C1", "C2"], "start_time": [t[0], t[2]], "end_time": [t[1], t[3]],
            "length_m": [2000.0, 2000.0], "loading_mg_per_cm2": [26.0, 25.9],
            "thickness_um": [83.0, 82.8], "porosity": [0.30, 0.299],
            "loading_cv": [0.01, 0.011]}),
        "events": pd.DataFrame({
            "time": [t[0], t[1], t[2], t[4]], "station": ["line", "calender", "calender", "rewinder"],
            "event": ["shift_start", "failure", "repair", "coil_change"], "detail": ["", "", "", ""]}),
        "climate": pd.DataFrame({"time": t, "temperature_c": [22.0] * 6,
                                 "relative_humidity_pct": [1.0] * 6}),
        "settings": pd.DataFrame({"time": [t[0]], "key": ["line.speed_m_per_min"], "value": [30.0]}),
    }


def _write(folder: Path, tables: dict[str, pd.DataFrame]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    return folder


def _problems(tmp_path: Path, tables: dict[str, pd.DataFrame]) -> list[str]:
    with pytest.raises(PlantDataError) as info:
        read_plant(_write(tmp_path / "plant", tables))
    return info.value.problems


def test_a_good_plant_is_ok(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = _write(tmp_path / "plant", _tables())
    result = CliRunner().invoke(app, ["plant", "check", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "ok"
    data = read_plant(folder)
    assert data.coils["start_h"].tolist() == [0.0, 2.0]


def _bad(**changes: object) -> dict[str, pd.DataFrame]:
    tables = _tables()
    for spec, value in changes.items():
        table, column, row = spec.split("__")
        tables[table].loc[int(row), column] = value
    return tables


@pytest.mark.parametrize(("tables", "needle"), [
    (_bad(events__station__1="kalender"), "events.csv, row 2, column station = 'kalender': "
     "unknown station"),
    (_bad(events__time__2="2026-03-02T00:30:00+01:00"), "events.csv, row 3, column time"),
    (_bad(events__event__1="coil_change"), "events.csv, row 3, column event = 'repair': a repair "
     "of calender without a failure"),
    (_bad(events__event__0="explosion"), "unknown event"),
    (_bad(coils__coil_id__1="C1"), "coils.csv, row 2, column coil_id = 'C1': duplicate coil id"),
    (_bad(coils__loading_mg_per_cm2__0=260.0), "the value looks like g/m²"),
    (_bad(coils__thickness_um__0=0.083), "the value looks like mm"),
    (_bad(coils__porosity__1=30.0), "the value looks like percent"),
    (_bad(climate__temperature_c__3=295.0), "looks like kelvin"),
    (_bad(coils__start_time__0="2026-03-02T00:00:00"), "coils.csv, row 1, column start_time = "
     "'2026-03-02T00:00:00': missing time zone"),
    (_bad(climate__time__5="2026-03-02T09:00:00+01:00"), "gap of 5.00 h"),
    (_bad(settings__key__0="line.sped_m_per_min"), "unknown key 'line.sped_m_per_min'"),
    (_bad(coils__end_time__1="2026-03-02T01:30:00+01:00"), "not after start_time"),
], ids=["station", "order", "repair-without-failure", "event", "duplicate-coil", "g-per-m2",
        "mm", "percent", "kelvin", "time-zone", "gap", "setting-key", "end-before-start"])
def test_each_bad_plant_is_refused_clearly(tmp_path: Path, tables: dict[str, pd.DataFrame],
                                           needle: str, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = _problems(tmp_path, tables)
    assert any(needle in p for p in problems), problems
    assert all("allowed" in p or "looks like" in p or "required" in p or "number" in p
               for p in problems), problems
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["plant", "check", str(tmp_path / "plant")])
    assert result.exit_code == 1
    assert not (tmp_path / "drytwin-results").exists()  # nothing stored


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    tables = _bad(events__station__1="kalender", coils__coil_id__1="C1",
                  coils__porosity__0=30.0)
    problems = _problems(tmp_path, tables)
    assert len(problems) >= 3


def test_missing_tables_and_columns(tmp_path: Path) -> None:
    tables = _tables()
    del tables["settings"]
    tables["coils"] = tables["coils"].drop(columns=["porosity"]).assign(loading_g_per_m2=1.0)
    problems = _problems(tmp_path, tables)
    assert any(p.startswith("settings.csv: missing") for p in problems)
    assert any("column porosity: required column missing" in p for p in problems)
    assert any("column loading_g_per_m2: unknown column" in p for p in problems)


def test_parquet_without_time_zone_is_refused(tmp_path: Path) -> None:
    folder = _write(tmp_path / "plant", _tables())
    (folder / "climate.csv").unlink()
    climate = _tables()["climate"]
    climate["time"] = pd.to_datetime(climate["time"].str[:19])
    climate.to_parquet(folder / "climate.parquet")
    with pytest.raises(PlantDataError) as info:
        read_plant(folder)
    assert any("climate.parquet, row 1, column time" in p and "time zone" in p
               for p in info.value.problems)


def test_a_set_point_outside_the_scenario_schema_is_named(tmp_path: Path) -> None:
    problems = _problems(tmp_path, _bad(settings__value__0=1e9))
    assert any("settings.csv, row 1, column value" in p and "line.speed_m_per_min: 0 to 300" in p
               for p in problems), problems


def test_set_points_that_pass_alone_but_not_together_are_a_clear_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a binder fraction of 0.5 is in range on its own; the recipe then sums past 1
    tables = _tables()
    tables["settings"] = pd.DataFrame({"time": [tables["settings"]["time"].iloc[0]],
                                       "key": ["materials.binder.mass_fraction"], "value": [0.5]})
    folder = _write(tmp_path / "plant", tables)
    db = tmp_path / "store.duckdb"
    code, _, err = drytwin(capsys, monkeypatch, "replay", str(BASELINE), "--plant", str(folder),
                           "--db", str(db))
    assert code == 1, err
    assert "impossible scenario" in err and "materials.binder.mass_fraction=0.5" in err
    assert "internal error" not in err and not db.exists()
