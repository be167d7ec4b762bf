"""Optimisation of a scenario's settings with Optuna, every trial replicated and stored.

A study varies scenario fields between bounds (``KEY=LOW:HIGH``), minimises or maximises
one KPI or several (a Pareto front then), under constraints ``KPI >= LIMIT``. Each trial's
replications run on the batch executors (in-process, local processes or Dask) and are
saved in the results store under one batch id per study, so ``resume`` rebuilds the
sampler's history from the store and continues. Objectives are replication means, reported
with Student-t 95 % confidence half-widths.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from line_sim.engine.cost import cost_kpis
from line_sim.engine.run import simulate
from line_sim.errors import InputError
from line_sim.scenario import Scenario
from line_sim.scenario.loading import load_scenario
from line_sim.store import ResultsStore, StoredRun, flat_numbers
from line_sim.studies.batch import NON_KPI_KEYS, ExecutorSpec, RunTask
from line_sim.studies.batch.plan import run_seed
from line_sim.studies.batch.statistics import describe

STUDY_PREFIX = "optimise-"
PROBE_HOURS = 1.0
FINISHED_POLL_S = 0.5
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_CONSTRAINT = re.compile(rf"^\s*([A-Za-z_][\w.]*)\s*(<=|>=|<|>)\s*({_NUMBER})\s*$")
_VARY = re.compile(rf"^\s*([A-Za-z_][\w.]*)\s*=\s*({_NUMBER})\s*:\s*({_NUMBER})\s*$")
UNIT_INTERVAL_KPIS = ("yield_fraction", "availability", "performance", "quality", "oee")
NON_NEGATIVE_PREFIXES = ("cost_", "energy_", "co2_", "n_", "moisture_ppm", "produced_",
                         "good_", "throughput_")


@dataclasses.dataclass(frozen=True)
class Vary:
    """A scenario field searched between ``low`` and ``high``."""

    key: str
    low: float
    high: float


@dataclasses.dataclass(frozen=True)
class Objective:
    """A KPI to minimise or maximise."""

    kpi: str
    direction: str = "minimize"


@dataclasses.dataclass(frozen=True)
class Constraint:
    """``kpi op limit``; op one of <=, >=, <, >."""

    kpi: str
    op: str
    limit: float

    def text(self) -> str:
        return f"{self.kpi} {self.op} {self.limit:g}"

    def violation(self, value: float) -> float:
        """Optuna's convention: <= 0 when satisfied (NaN counts as violated)."""
        if not math.isfinite(value):
            return 1.0
        return value - self.limit if self.op in ("<=", "<") else self.limit - value


# --------------------------------------------------------------------------- parsing


def parse_vary(text: str) -> Vary:
    """``KEY=LOW:HIGH`` with LOW < HIGH."""
    match = _VARY.match(text)
    if not match:
        raise InputError(f"--vary {text!r}: expected KEY=LOW:HIGH, e.g. "
                         "line.speed_m_per_min=20:40")
    vary = Vary(match[1], float(match[2]), float(match[3]))
    if not vary.low < vary.high:
        raise InputError(f"--vary {text!r}: LOW = {vary.low:g} must be below HIGH = "
                         f"{vary.high:g}")
    return vary


def parse_objective(text: str) -> Objective:
    """``NAME`` or ``NAME:min`` / ``NAME:max``."""
    name, _, sense = text.strip().partition(":")
    senses = {"": "minimize", "min": "minimize", "max": "maximize"}
    if not re.fullmatch(r"[A-Za-z_][\w.]*", name) or sense not in senses:
        raise InputError(f"--objective {text!r}: expected NAME[:min|max], e.g. "
                         "cost_per_kwh_cell:min")
    return Objective(name, senses[sense])


def parse_constraint(text: str) -> Constraint:
    """``KPI OP NUMBER`` with OP one of <=, >=, <, > (a small grammar, never ``eval``)."""
    match = _CONSTRAINT.match(text)
    if not match:
        raise InputError(f"--constraint {text!r}: expected KPI OP NUMBER with OP one of "
                         "<=, >=, <, >, e.g. 'yield_fraction >= 0.97'")
    return Constraint(match[1], match[2], float(match[3]))


def kpi_range(name: str) -> tuple[float, float]:
    """The values a KPI can take: [0, 1] for fractions, [0, ∞) for amounts, else all."""
    if name in UNIT_INTERVAL_KPIS or name.endswith("_fraction"):
        return 0.0, 1.0
    if name.startswith(NON_NEGATIVE_PREFIXES):
        return 0.0, math.inf
    return -math.inf, math.inf


def check_possible(constraint: Constraint) -> None:
    """Refuse a constraint no value of its KPI can meet (e.g. ``yield_fraction >= 2``)."""
    low, high = kpi_range(constraint.kpi)
    op, limit = constraint.op, constraint.limit
    impossible = ((op == ">=" and limit > high) or (op == ">" and limit >= high)
                  or (op == "<=" and limit < low) or (op == "<" and limit <= low))
    if impossible:
        raise InputError(f"--constraint {constraint.text()!r}: impossible, {constraint.kpi} "
                         f"lies in [{low:g}, {high:g}]")


# --------------------------------------------------------------------------- the study


@dataclasses.dataclass(frozen=True)
class StudySpec:
    """Everything that defines a study (its id is a hash of it unless named)."""

    scenario_path: str
    varies: tuple[Vary, ...]
    objectives: tuple[Objective, ...]
    constraints: tuple[Constraint, ...] = ()
    replications: int = 2
    hours: float | None = None
    seed: int = 0
    overrides: tuple[tuple[str, Any], ...] = ()
    name: str | None = None

    def study_id(self) -> str:
        if self.name:
            return self.name if self.name.startswith(STUDY_PREFIX) else STUDY_PREFIX + self.name
        identity = dataclasses.asdict(self) | {"scenario_path": Path(self.scenario_path).name}
        text = json.dumps(identity, sort_keys=True, default=str)
        return STUDY_PREFIX + hashlib.sha256(text.encode()).hexdigest()[:16]

    def scenario(self, params: dict[str, float]) -> Scenario:
        return load_scenario(self.scenario_path, dict(self.overrides) | params)


def run_kpis(scenario: Scenario, summary: dict[str, Any]) -> dict[str, Any]:
    """A run's summary with its cost KPIs (added here where the run did not carry them)."""
    if "cost_per_kwh_cell" in summary:
        return summary
    return summary | cost_kpis(scenario, summary)


def _flat(summary: dict[str, Any]) -> dict[str, float]:
    return dict(flat_numbers({k: v for k, v in summary.items() if k not in NON_KPI_KEYS}))


def validate(spec: StudySpec) -> Scenario:
    """Every check before any trial runs: bounds, objectives and constraints (exit 1)."""
    if not spec.varies:
        raise InputError("--vary: at least one KEY=LOW:HIGH is needed")
    if not spec.objectives:
        raise InputError("--objective: at least one NAME[:min|max] is needed")
    if spec.replications < 1:
        raise InputError(f"--replications = {spec.replications}: allowed: 1 or more")
    base = spec.scenario({})  # bad --set values and [economics] are refused first
    keys = [v.key for v in spec.varies]
    if len(set(keys)) != len(keys):
        raise InputError("--vary: a key appears twice: " + ", ".join(keys))
    for vary in spec.varies:
        for bound in (vary.low, vary.high):
            try:
                spec.scenario({vary.key: bound})
            except InputError as exc:
                raise InputError(f"--vary {vary.key}={vary.low:g}:{vary.high:g}: {exc}") from None
    for constraint in spec.constraints:
        check_possible(constraint)
    summary = simulate(base, hours=PROBE_HOURS).summary()
    known = _flat(run_kpis(base, summary))
    names = [(f"--objective {o.kpi}", o.kpi) for o in spec.objectives]
    names += [(f"--constraint {c.text()!r}", c.kpi) for c in spec.constraints]
    for option, name in names:
        if name not in known:
            raise InputError(f"{option}: {name!r} is not a KPI; allowed: "
                             + ", ".join(sorted(known)))
    return base


def _key(params: dict[str, float], replication: int) -> str:
    return json.dumps({"params": params, "replication": replication}, sort_keys=True,
                      separators=(",", ":"))


def _with_cost(run: StoredRun, scenario: Scenario) -> tuple[StoredRun, dict[str, Any]]:
    summary = json.loads(run.run_row["summary_json"])
    full = run_kpis(scenario, summary)
    if full is summary:
        return run, summary
    row = run.run_row | {"summary_json": json.dumps(full, default=str)}
    return dataclasses.replace(run, run_row=row, kpi_rows=list(flat_numbers(
        {k: v for k, v in full.items() if k not in NON_KPI_KEYS}))), full


def stored_trials(store: ResultsStore, study_id: str) -> dict[str, dict[str, Any]]:
    """The study's stored runs grouped by settings: ``{params_json: {params, runs}}``."""
    runs = store.runs()
    if runs.empty or "batch_id" not in runs:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for key, summary in runs.loc[runs["batch_id"] == study_id,
                                 ["batch_key", "summary_json"]].itertuples(index=False):
        coords = json.loads(key)
        params_key = json.dumps(coords["params"], sort_keys=True)
        entry = out.setdefault(params_key, {"params": coords["params"], "runs": {}})
        entry["runs"][int(coords["replication"])] = json.loads(summary)
    return out


def trial_record(spec: StudySpec, number: int, params: dict[str, float],
                 summaries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Objectives (mean, 95 % CI) and constraints of one trial's replications."""
    flats = [_flat(s) for s in summaries]

    def stat(name: str) -> dict[str, float]:
        return describe(np.array([f.get(name, math.nan) for f in flats]))

    objectives = {o.kpi: stat(o.kpi) for o in spec.objectives}
    constraints = {c.text(): stat(c.kpi)["mean"] for c in spec.constraints}
    feasible = all(c.violation(constraints[c.text()]) <= 0 for c in spec.constraints)
    return {"number": number, "params": params, "objectives": objectives,
            "constraints": constraints, "feasible": feasible}


def pareto_front(spec: StudySpec, trials: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Feasible trials no other feasible trial beats on every objective (means)."""
    sign = {o.kpi: (1.0 if o.direction == "minimize" else -1.0) for o in spec.objectives}
    points = [t for t in trials if t["feasible"] and all(
        math.isfinite(t["objectives"][k]["mean"]) for k in sign)]

    def vector(t: dict[str, Any]) -> np.ndarray:
        return np.array([sign[k] * t["objectives"][k]["mean"] for k in sign])

    front = [t for t in points if not any(
        np.all(vector(o) <= vector(t)) and np.any(vector(o) < vector(t)) for o in points)]
    return sorted(front, key=lambda t: tuple(vector(t)))


def run_study(spec: StudySpec, trials: int, store: ResultsStore,
              executor: ExecutorSpec | None = None, resume: bool = False,
              progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run (or continue) a study to ``trials`` trials; store every run; return the result.

    Returns
    -------
    dict
        ``study_id``, ``trials`` (params, objectives with mean, std, ci95 and n,
        constraints, feasible), ``best`` (the best trial, or the Pareto front, as
        ``{"params", "objectives"}``), ``n_runs``, ``wall_time_s``.
    """
    import optuna

    started = time.perf_counter()
    if trials < 1:
        raise InputError(f"--trials = {trials}: allowed: 1 or more")
    store.check_readable()
    validate(spec)
    study_id = spec.study_id()
    stored = stored_trials(store, study_id)
    if stored and not resume:
        raise InputError(f"study {study_id} already has {len(stored)} trials in {store.path}; "
                         "pass --resume to continue it, or --study NAME for a new one")
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    with warnings.catch_warnings():  # constraints_func: deprecated in Optuna 5, kept for 4
        warnings.simplefilter("ignore", FutureWarning)
        # a resumed study draws on from a new stream, not the first trials' again
        sampler = optuna.samplers.TPESampler(
            seed=spec.seed + len(stored), n_startup_trials=min(10, max(2, trials // 3)),
            constraints_func=(lambda t: t.user_attrs.get("violations", [1.0]))
            if spec.constraints else None)
    study = optuna.create_study(directions=[o.direction for o in spec.objectives],
                                sampler=sampler)
    dists = {v.key: optuna.distributions.FloatDistribution(v.low, v.high) for v in spec.varies}
    records = _resume(spec, study, stored, dists)
    pending = [e for e in stored.values() if len(e["runs"]) < spec.replications]
    for entry in pending:
        study.enqueue_trial(entry["params"])
    n_runs = 0
    runner = (executor or ExecutorSpec(workers=1)).open()
    try:
        while len(records) < trials:
            batch = min(trials - len(records), max(1, runner.slots() // spec.replications))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FutureWarning)
                asked = [study.ask(dists) for _ in range(batch)]
            results, simulated = _run_trials(spec, asked, stored, store, study_id, runner)
            n_runs += simulated
            for trial, summaries in zip(asked, results, strict=True):
                record = trial_record(spec, trial.number, trial.params, summaries)
                violations = [c.violation(record["constraints"][c.text()])
                              for c in spec.constraints]
                trial.set_user_attr("violations", violations)
                values = [record["objectives"][o.kpi]["mean"] for o in spec.objectives]
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", FutureWarning)
                    if all(math.isfinite(v) for v in values):
                        study.tell(trial, values)
                    else:
                        study.tell(trial, state=optuna.trial.TrialState.FAIL)
                records.append(record)
                if progress:
                    progress(_describe_trial(spec, record, len(records), trials))
    finally:
        runner.close()
    best = pareto_front(spec, records)
    return {"study_id": study_id, "trials": records,
            "best": [{"params": t["params"], "objectives": t["objectives"]}
                     for t in (best if len(spec.objectives) > 1 else best[:1])],
            "n_runs": n_runs, "wall_time_s": time.perf_counter() - started}


def _resume(spec: StudySpec, study: Any, stored: dict[str, dict[str, Any]],
            dists: dict[str, Any]) -> list[dict[str, Any]]:
    import optuna

    records = []
    for entry in stored.values():
        if len(entry["runs"]) < spec.replications or set(entry["params"]) != set(dists):
            continue
        record = trial_record(spec, len(records), entry["params"],
                              [entry["runs"][r] for r in sorted(entry["runs"])])
        values = [record["objectives"][o.kpi]["mean"] for o in spec.objectives]
        violations = [c.violation(record["constraints"][c.text()]) for c in spec.constraints]
        if all(math.isfinite(v) for v in values):
            study.add_trial(optuna.trial.create_trial(
                params=entry["params"], distributions=dists, values=values,
                user_attrs={"violations": violations}))
        records.append(record)
    return records


def _run_trials(spec: StudySpec, asked: Sequence[Any], stored: dict[str, dict[str, Any]],
                store: ResultsStore, study_id: str, runner: Any
                ) -> tuple[list[list[dict[str, Any]]], int]:
    """Simulate the missing replications of ``asked`` trials; save them as they finish.
    Returns each trial's replication summaries and how many runs were simulated."""
    results: list[dict[int, dict[str, Any]]] = []
    tasks, scenarios = [], {}
    for index, trial in enumerate(asked):
        params = {k: float(v) for k, v in trial.params.items()}
        done = dict(stored.get(json.dumps(params, sort_keys=True), {}).get("runs", {}))
        results.append(done)
        try:
            scenario = spec.scenario(params)
        except InputError:
            continue  # a combination the schema refuses: the trial fails, the study goes on
        scenarios[index] = scenario
        for rep in range(spec.replications):
            if rep not in done:
                seed = run_seed(spec.seed, rep, "", 0, common_random_numbers=True)
                tasks.append(RunTask(key=_key(params, rep), scenario_index=0, point_index=index,
                                     replication=rep, seed=seed, hours=spec.hours,
                                     scenario=scenario))
    runner.submit(tasks)
    left = len(tasks)
    while left:
        for task, run in runner.finished(FINISHED_POLL_S):
            run, summary = _with_cost(run, scenarios[task.point_index])
            store.save_many([run], study_id, [task.key])
            results[task.point_index][task.replication] = summary
            left -= 1
    return [[r[k] for k in sorted(r)] for r in results], len(tasks)


def _describe_trial(spec: StudySpec, record: dict[str, Any], done: int, total: int) -> str:
    params = ", ".join(f"{k}={v:.4g}" for k, v in record["params"].items())
    objectives = ", ".join(f"{k}={v['mean']:.4g}" for k, v in record["objectives"].items())
    flag = "" if record["feasible"] else " (infeasible)"
    return f"trial {done}/{total}: {params} -> {objectives}{flag}"


def study_ids(store: ResultsStore) -> list[str]:
    """Batch ids of the optimisation studies in a store."""
    runs = store.runs()
    if runs.empty or "batch_id" not in runs:
        return []
    ids = runs["batch_id"].dropna().unique()
    return sorted(str(i) for i in ids if str(i).startswith(STUDY_PREFIX))


def study_table(store: ResultsStore, study_id: str, objectives: Sequence[Objective]
                ) -> list[dict[str, Any]]:
    """Every stored trial of a study with the given objectives' means and 95 % CIs."""
    spec = StudySpec("", (), tuple(objectives))
    return [trial_record(spec, i, e["params"], [e["runs"][r] for r in sorted(e["runs"])])
            for i, e in enumerate(stored_trials(store, study_id).values())]
