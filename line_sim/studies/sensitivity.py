"""Global sensitivity of KPIs to scenario fields: SALib Morris screening and Sobol' indices.

A study samples a design over ``[sensitivity.ranges]`` (dotted scenario keys), runs it as a
batch (every design point a sweep point, with the batch's replications, executors, store and
resume) and analyses the mean KPI of each design point with SALib.

References
----------
Herman, J., Usher, W. (2017). SALib: An open-source Python library for sensitivity
analysis. Journal of Open Source Software 2(9), 97. https://doi.org/10.21105/joss.00097

Saltelli, A. et al. (2010). Variance based sensitivity analysis of model output. Design and
estimator for the total sensitivity index. Computer Physics Communications 181, 259–270.
https://doi.org/10.1016/j.cpc.2009.09.018

Morris, M. D. (1991). Factorial sampling plans for preliminary computational experiments.
Technometrics 33(2), 161–174. https://doi.org/10.1080/00401706.1991.10484804
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import pandas as pd

from line_sim.errors import InputError
from line_sim.scenario import scenario_from_dict
from line_sim.store import ResultsStore
from line_sim.studies.batch import (
    BatchDefinition,
    BatchPlan,
    Range,
    batch_runs,
    check_kpi_names,
    kpi_columns,
    plan_batch,
)

METHODS = ("morris", "sobol")
BOOTSTRAP_RESAMPLES = 200
CONFIDENCE_LEVEL = 0.95


@dataclasses.dataclass(frozen=True)
class SensitivityStudy:
    """A sampled design and the batch plan that runs it."""

    method: str
    samples: int
    ranges: dict[str, Range]
    kpis: tuple[str, ...] | None
    morris_levels: int
    seed: int
    design: np.ndarray
    plan: BatchPlan

    def problem(self) -> dict[str, Any]:
        """The SALib problem definition."""
        return salib_problem(self.ranges)


def salib_problem(ranges: dict[str, Range]) -> dict[str, Any]:
    """SALib problem: names and bounds of the varied fields."""
    return {"num_vars": len(ranges), "names": list(ranges),
            "bounds": [[low, high] for low, high in ranges.values()]}


def sample_design(ranges: dict[str, Range], method: str, samples: int, seed: int,
                  morris_levels: int = 4) -> np.ndarray:
    """Design points (rows) of a Sobol' (Saltelli) or Morris study.

    Parameters
    ----------
    ranges : dict
        Dotted key → (low, high).
    method : {"morris", "sobol"}
        Sobol' gives N·(D+2) rows (first-order and total indices); Morris N·(D+1).
    samples : int
        Base sample size N (trajectories for Morris).
    seed : int
        Seed of the design.
    morris_levels : int
        Levels of the Morris grid.
    """
    problem = salib_problem(ranges)
    if method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem, samples, calc_second_order=False, scramble=True,
                            seed=seed % 2**32)
    from SALib.sample import morris

    return morris.sample(problem, samples, num_levels=morris_levels, seed=seed % 2**32)


def plan_sensitivity(definition: BatchDefinition, method: str | None = None,
                     samples: int | None = None) -> SensitivityStudy:
    """Design a study from the batch file's ``[sensitivity]`` table (options override it).

    Raises
    ------
    InputError
        No ``[sensitivity]`` table, an unknown method, a Sobol' sample size that is not a
        power of two, an unknown field or KPI, or a value a scenario refuses.
    """
    table = definition.spec.sensitivity
    if table is None:
        raise InputError(f"{definition.path}: no [sensitivity] table; allowed: a table such as "
                         "[sensitivity] method = \"sobol\", samples = 32, with "
                         "[sensitivity.ranges] \"environment.temperature_c\" = [18.0, 30.0]")
    method = method or table.method
    samples = samples or table.samples
    _check_method(definition, method, samples)
    seed = definition.spec.batch.seed
    design = sample_design(table.ranges, method, samples, seed, table.morris_levels)
    points = [{key: float(value) for key, value in zip(table.ranges, row, strict=True)}
              for row in design]
    if table.kpis:
        bases = [scenario_from_dict(raw, source=str(path))
                 for raw, path in zip(definition.scenario_raw, definition.scenario_paths, strict=True)]
        check_kpi_names(table.kpis, bases, f"{definition.path}: sensitivity.kpis")
    plan = plan_batch(definition, points=points, replications=table.replications)
    return SensitivityStudy(method=method, samples=samples, ranges=dict(table.ranges),
                            kpis=tuple(table.kpis) if table.kpis else None,
                            morris_levels=table.morris_levels, seed=seed, design=design, plan=plan)


def _check_method(definition: BatchDefinition, method: str, samples: int) -> None:
    if method not in METHODS:
        raise InputError(f"{definition.path}: sensitivity method {method!r}; allowed: "
                         + ", ".join(METHODS))
    if method == "sobol" and samples & (samples - 1):
        raise InputError(f"{definition.path}: sensitivity samples = {samples}: Sobol' sampling "
                         "needs a power of two; allowed: 2, 4, 8, …, e.g. "
                         f"{1 << max(1, samples.bit_length() - 1)} or {1 << samples.bit_length()}")


def sensitivity_indices(study: SensitivityStudy, store: ResultsStore) -> list[dict[str, Any]]:
    """Indices of every analysed KPI and field, one entry per scenario of the batch.

    Each KPI is the mean over the replications of a design point. Sobol' gives ``S1``,
    ``S1_conf``, ``ST`` and ``ST_conf`` (confidence half-widths, 95 %, bootstrap); Morris
    gives ``mu``, ``mu_star``, ``sigma`` and ``mu_star_conf``. KPIs constant over the
    design are listed under ``constant_kpis``.
    """
    runs = batch_runs(study.plan, store)
    kpis = list(study.kpis) if study.kpis else kpi_columns(runs, study.plan)
    out = []
    for scenario_index, name in enumerate(study.plan.scenario_names):
        means = point_means(runs, study, scenario_index, kpis)
        indices: dict[str, dict[str, dict[str, float]]] = {}
        constant = []
        for kpi in kpis:
            response = means[kpi].to_numpy(dtype=float)
            if not np.all(np.isfinite(response)) or np.ptp(response) == 0.0:
                constant.append(kpi)
                continue
            indices[kpi] = analyse(study, response)
        out.append({"scenario": name, "indices": indices, "constant_kpis": constant})
    return out


def point_means(runs: pd.DataFrame, study: SensitivityStudy, scenario_index: int,
                kpis: list[str]) -> pd.DataFrame:
    """Mean of each KPI over the replications of every design point (design order)."""
    rows = runs[runs["scenario_index"] == scenario_index]
    means = rows.groupby("point_index")[kpis].mean().reindex(range(len(study.design)))
    if means.isna().all(axis=1).any():
        missing = int(means.isna().all(axis=1).sum())
        raise InputError(f"{missing} design point(s) of the study have no stored run; run "
                         "the study again to complete it")
    return means


def analyse(study: SensitivityStudy, response: np.ndarray) -> dict[str, dict[str, float]]:
    """SALib analysis of one response vector: indices per field."""
    problem = study.problem()
    seed = study.seed % 2**32
    if study.method == "sobol":
        from SALib.analyze import sobol

        result = sobol.analyze(problem, response, calc_second_order=False,
                               num_resamples=BOOTSTRAP_RESAMPLES, conf_level=CONFIDENCE_LEVEL,
                               seed=seed)
        names = ("S1", "S1_conf", "ST", "ST_conf")
    else:
        from SALib.analyze import morris

        result = morris.analyze(problem, study.design, response, num_resamples=BOOTSTRAP_RESAMPLES,
                                conf_level=CONFIDENCE_LEVEL, num_levels=study.morris_levels,
                                seed=seed)
        names = ("mu", "mu_star", "sigma", "mu_star_conf")
    return {field: {n: _number(result[n][i]) for n in names}
            for i, field in enumerate(problem["names"])}


def _number(value: Any) -> float:
    number = float(value)
    return number if math.isfinite(number) else math.nan


def format_indices(study: SensitivityStudy, scenarios: list[dict[str, Any]]) -> str:
    """Text table of the indices."""
    columns = ("S1", "S1_conf", "ST", "ST_conf") if study.method == "sobol" else (
        "mu_star", "mu_star_conf", "mu", "sigma")
    lines = [f"{study.method} study ({study.plan.batch_id}): N = {study.samples}, "
             f"{len(study.design)} design points × {study.plan.replications} replication(s)"]
    for entry in scenarios:
        lines += ["", entry["scenario"]]
        for kpi, fields in entry["indices"].items():
            lines.append(f"  {kpi}")
            lines.append("    " + f"{'field':<40}" + "".join(f"{c:>14}" for c in columns))
            for field, values in fields.items():
                lines.append("    " + f"{field:<40}"
                             + "".join(f"{values[c]:>14.4g}" for c in columns))
        if entry["constant_kpis"]:
            lines.append("  constant over the design: " + ", ".join(entry["constant_kpis"]))
    return "\n".join(lines)
