"""Review pack: the line snapshot, the scenario diff and ``drytwin report``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from line_sim.engine.run import simulate
from line_sim.scenario import load_scenario
from line_sim.store import ResultsStore
from line_sim.studies import review_pack as rp

ROOT = Path(__file__).resolve().parents[1]


def drytwin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "line_sim.cli", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ResultsStore:
    db = ResultsStore(tmp_path_factory.mktemp("pack") / "results.duckdb")
    base = load_scenario(ROOT / "scenarios" / "bf_nmc811_baseline.toml")
    humid = load_scenario(ROOT / "scenarios" / "bf_nmc811_baseline.toml",
                          {"environment.relative_humidity_pct": 40.0})
    for scenario in (base, humid):
        db.save(simulate(scenario, seed=5, hours=6.0))
    return db


def test_snapshot_follows_the_interval_table(store: ResultsStore) -> None:
    run_id = store.runs()["run_id"].iloc[0]
    loaded = store.load(run_id)
    seen = set()
    for t in (0.2, 1.0, 2.0, 3.0, 4.0, 5.0, 5.9):
        snap = rp.line_snapshot(loaded["intervals"], loaded["coils"], "BF", t,
                                rp.buffer_capacities(loaded["scenario"]))
        names = [s.name for s in snap.stations]
        assert names[0] == "mixer" and names[-1] == "post_dryer"
        assert 0.0 <= snap.good_m <= snap.produced_m
        seen.add(tuple(snap.states().items()))
        svg = rp.line_svg(snap)
        assert svg.startswith("<svg") and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert len(seen) > 1  # the line moves


def test_scenario_diff_names_the_changed_field(store: ResultsStore) -> None:
    a, b = (store.load(r)["scenario"] for r in store.runs()["run_id"])
    diff = "\n".join(rp.scenario_diff(a, b))
    assert "relative_humidity_pct" in diff and "+" in diff
    assert rp.scenario_diff(a, a) == []


def test_drytwin_report_writes_a_self_contained_pack(store: ResultsStore, tmp_path: Path) -> None:
    ids = list(store.runs()["run_id"])
    out = tmp_path / "sub" / "pack.html"
    done = drytwin("report", ids[0][:8], ids[1], "--db", str(store.path), "--out", str(out),
                   "--at-hours", "1,3.5")
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "<td class=\"text\">yield</td><td class=\"text\">%</td>" in text
    assert "relative_humidity_pct" in text  # what changed
    assert text.count('class="lineview"') == 4  # two times × two runs
    assert "<script" not in text and 'src="http' not in text and "<link" not in text


@pytest.mark.parametrize(("args", "message"), [
    (["nope"], "no run with id 'nope'"),
    (["RUN", "--out", "/proc/no/such/pack.html"], "cannot write the review pack"),
    (["RUN", "--out", "."], "is a folder"),
    (["RUN", "--at-hours", "1,x"], "'x' is not a time"),
])
def test_bad_input_is_a_message(store: ResultsStore, args: list[str], message: str,
                                tmp_path: Path) -> None:
    run_id = store.runs()["run_id"].iloc[0]
    args = [run_id if a == "RUN" else a for a in args]
    if "--out" not in args:
        args += ["--out", str(tmp_path / "p.html")]
    done = drytwin("report", *args, "--db", str(store.path))
    assert done.returncode == 1
    assert message in done.stderr and "Traceback" not in done.stderr


def test_report_without_a_store_or_runs(tmp_path: Path) -> None:
    done = drytwin("report", "abc", "--db", str(tmp_path / "none.duckdb"))
    assert done.returncode == 1 and "no results store" in done.stderr
    done = drytwin("report", "--db", str(tmp_path / "none.duckdb"))
    assert done.returncode != 0 and "Traceback" not in done.stderr
