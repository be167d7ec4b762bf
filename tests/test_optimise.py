"""drytwin optimise: parsing, checks before any trial, a small stored study and its resume."""

from __future__ import annotations

import json

import pytest

from line_sim.cli import main
from line_sim.errors import InputError
from line_sim.store import ResultsStore
from line_sim.studies.optimise import (
    Constraint,
    StudySpec,
    check_possible,
    pareto_front,
    parse_constraint,
    parse_objective,
    parse_vary,
    run_study,
    study_ids,
    study_table,
)

BF = "scenarios/bf_nmc811_baseline.toml"


def _cli(monkeypatch, capsys, *args):
    monkeypatch.setattr("sys.argv", ["drytwin", *args])
    try:
        main()
    except SystemExit as exc:
        return exc.code, capsys.readouterr()
    return 0, capsys.readouterr()


def test_parsing_small_grammars():
    assert parse_vary("line.speed_m_per_min=20:40").high == 40.0
    assert parse_objective("yield_fraction:max").direction == "maximize"
    assert parse_objective("cost_per_kwh_cell").direction == "minimize"
    c = parse_constraint("moisture_ppm_max <= 300")
    assert (c.kpi, c.op, c.limit) == ("moisture_ppm_max", "<=", 300.0)
    assert c.violation(250.0) < 0 < c.violation(350.0)
    for bad in ("__import__('os') >= 1", "yield_fraction >= 1 or 1", "a >= b", "x == 1"):
        with pytest.raises(InputError, match="--constraint"):
            parse_constraint(bad)
    with pytest.raises(InputError, match="LOW"):
        parse_vary("line.speed_m_per_min=40:20")
    with pytest.raises(InputError, match="NAME"):
        parse_objective("cost:best")


def test_impossible_constraints_are_refused():
    with pytest.raises(InputError, match=r"impossible.*\[0, 1\]"):
        check_possible(Constraint("yield_fraction", ">=", 2.0))
    with pytest.raises(InputError, match="impossible"):
        check_possible(Constraint("cost_per_kwh_cell", "<", 0.0))
    check_possible(Constraint("yield_fraction", ">=", 0.97))


def test_pareto_front_keeps_non_dominated_feasible_points():
    spec = StudySpec(BF, (), (parse_objective("a"), parse_objective("b:max")))

    def trial(a, b, feasible=True):
        return {"params": {}, "feasible": feasible,
                "objectives": {"a": {"mean": a}, "b": {"mean": b}}}

    trials = [trial(1, 1), trial(2, 2), trial(2, 1), trial(0, 5, feasible=False)]
    front = pareto_front(spec, trials)
    assert [(t["objectives"]["a"]["mean"], t["objectives"]["b"]["mean"]) for t in front] == [
        (1, 1), (2, 2)]


@pytest.mark.parametrize("args, named", [
    (["--objective", "no_such_kpi"], "no_such_kpi"),
    (["--objective", "cost_per_kwh_cell", "--constraint", "yield_fraction >= 2"],
     "impossible"),
    (["--objective", "cost_per_kwh_cell", "--set", "economics.currency=XYZ"], "currency"),
    (["--objective", "cost_per_kwh_cell", "--set",
      "economics.electricity_price_per_kwh=-0.1"], "electricity_price_per_kwh"),
    (["--objective", "cost_per_kwh_cell", "--vary", "environment.dew_point_c=-40:40"],
     "dew_point"),
])
def test_bad_input_exits_1_before_any_trial(monkeypatch, capsys, tmp_path, args, named):
    db = tmp_path / "s.duckdb"
    code, out = _cli(monkeypatch, capsys, "optimise", BF, "--vary",
                     "line.speed_m_per_min=20:40", *args, "--trials", "2", "--hours", "1",
                     "--db", str(db))
    assert code == 1
    assert named in out.err
    assert not db.exists() or ResultsStore(db).runs().empty


def test_study_runs_stores_and_resumes(tmp_path, monkeypatch, capsys):
    store = ResultsStore(tmp_path / "s.duckdb")
    spec = StudySpec(BF, (parse_vary("line.speed_m_per_min=20:40"),),
                     (parse_objective("cost_per_kwh_cell"), parse_objective("yield_fraction:max")),
                     (parse_constraint("yield_fraction >= 0.5"),), replications=2, hours=2.0)
    first = run_study(spec, 2, store)
    assert len(first["trials"]) == 2 and first["n_runs"] == 4
    assert first["best"] and all("ci95" in v for v in first["best"][0]["objectives"].values())
    assert study_ids(store) == [first["study_id"]]
    with pytest.raises(InputError, match="--resume"):
        run_study(spec, 3, store)
    resumed = run_study(spec, 3, store, resume=True)
    assert len(resumed["trials"]) == 3 and resumed["n_runs"] == 2
    table = study_table(store, first["study_id"], spec.objectives)
    assert len(table) == 3
    # the stored runs carry the cost KPIs, whether or not the run itself adds them
    summary = json.loads(store.runs()["summary_json"].iloc[0])
    assert summary["currency"] == "USD" and summary["cost_per_kwh_cell"] > 0
    code, out = _cli(monkeypatch, capsys, "optimise", BF, "--vary",
                     "line.speed_m_per_min=20:40", "--objective", "cost_per_kwh_cell",
                     "--trials", "1", "--hours", "1", "--db", str(tmp_path / "c.duckdb"),
                     "--json")
    assert code == 0
    data = json.loads(out.out)
    assert set(data) >= {"trials", "best"} and data["best"][0]["params"]


def test_dashboard_views_of_a_study_and_of_costs():
    from dashboard import views

    trials = [{"number": i, "params": {"x": float(i)},
               "objectives": {"c": {"mean": c, "ci95": 0.1, "n": 2},
                              "y": {"mean": y, "ci95": 0.01, "n": 2}}}
              for i, (c, y) in enumerate([(1.0, 0.9), (2.0, 0.95), (2.0, 0.9)])]
    frame = views.mark_front(views.study_frame(trials, ["c", "y"]),
                             [("c", "minimize"), ("y", "maximize")])
    assert frame["on_front"].tolist() == [True, True, False]
    heads, items = views.cost_and_co2([{"route": "BF", "scenario": "s", "currency": "EUR",
                                        "cost_per_kwh_cell": 40.0, "co2_kg_per_kwh_cell": 0.3,
                                        "cost_by_item_per_kwh_cell": {"labour": 0.4}}])
    assert len(heads) == 2 and "EUR" in heads["kpi"].iloc[0]
    assert items["cost_per_kwh_cell"].tolist() == [0.4]
